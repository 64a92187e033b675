"""Cut a report's text into segments so that every figure's evidence is highlighted in place.

Figures' evidence spans may nest or overlap (two figures read from one sentence), so the
text is cut at every span boundary into elementary segments; each segment knows which
figures cover it and whether it is part of a figure's count words ("Nearly 750"). The
template renders each segment's text through Jinja's autoescape: the report is
attacker-controlled and no segment is ever marked safe.

A figure's highlight is then the run of segments that carry its id: joining their texts
gives back exactly ``text[start:end]``, which the browser tests check.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """One figure's evidence in a field: ``[start, end)``, and its count words if found."""

    figure_id: int
    start: int
    end: int
    count_text: str = ""
    status: str = "unreviewed"


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    start: int = 0  # offset of the segment in its field
    figures: tuple[int, ...] = ()  # ids of the figures whose evidence covers it
    count: bool = False  # inside the count words of one of them
    statuses: tuple[str, ...] = ()  # their review statuses, same order as ``figures``
    first: tuple[int, ...] = ()  # figures whose evidence starts here (anchors for links)

    @property
    def marked(self) -> bool:
        return bool(self.figures)

    @property
    def status(self) -> str:
        """One status for styling: rejected only if every figure here is rejected."""
        if not self.statuses:
            return ""
        live = [s for s in self.statuses if s != "rejected"]
        return live[0] if live else "rejected"


def count_span(text: str, span: Span) -> tuple[int, int] | None:
    """Where the count words sit inside the evidence (first match), if they do."""
    words = span.count_text.strip()
    if not words:
        return None
    evidence = text[span.start : span.end]
    at = evidence.find(words)
    if at < 0:
        at = evidence.lower().find(words.lower())
    if at < 0:
        return None
    return span.start + at, span.start + at + len(words)


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """The text cut at every boundary of the valid spans (those inside the text)."""
    n = len(text)
    valid = [s for s in spans if 0 <= s.start < s.end <= n]
    counts = {s.figure_id: count_span(text, s) for s in valid}
    cuts = {0, n}
    for s in valid:
        cuts.update((s.start, s.end))
        c = counts[s.figure_id]
        if c:
            cuts.update(c)
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in itertools.pairwise(points):
        if a == b:
            continue
        covering = [s for s in valid if s.start <= a and b <= s.end]
        covering.sort(key=lambda s: (s.start, -s.end, s.figure_id))
        in_count = any((c := counts[s.figure_id]) is not None and c[0] <= a and b <= c[1] for s in covering)
        out.append(
            Segment(
                text=text[a:b],
                start=a,
                figures=tuple(s.figure_id for s in covering),
                count=in_count,
                statuses=tuple(s.status for s in covering),
                first=tuple(s.figure_id for s in covering if s.start == a),
            )
        )
    return out
