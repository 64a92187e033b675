"""A time budget for reading one document: a stop, not a hang.

Reading is linear in a document's size (sentences are bounded, see :mod:`.sentences`), so
only a pathological input can run long. The reader checks its :class:`Budget` once a
sentence and once a figure -- each a bounded piece of work -- and :class:`TooSlow` ends the
document there; the caller records the problem ``too_slow`` and the batch goes on. The
clock is the thread's CPU time: a loaded machine or parallel workers do not make a document
"slow", and no process or signal is needed to stop it.
"""

from __future__ import annotations

import time

from tollwatch.contract import Document


class TooSlow(Exception):
    """Figure extraction of one document ran over its :class:`Budget`."""

    def __init__(self, doc: Document, seconds: float) -> None:
        super().__init__(
            f"{doc.origin or doc.id}: figure extraction stopped after {seconds:g} CPU seconds "
            "(the time budget of one document) - split the document, or raise the budget"
        )


class Budget:
    """At most ``seconds`` of this thread's CPU time from now on."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.thread_time() + seconds

    def check(self, doc: Document) -> None:
        """Raise :class:`TooSlow` once the budget is spent."""
        if time.thread_time() > self.deadline:
            raise TooSlow(doc, self.seconds)
