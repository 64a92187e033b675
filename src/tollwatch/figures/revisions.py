"""Revisions and breakdowns: how a figure stands to the other figures of its crisis.

A crisis's toll is revised as the days go on, and its reports say so in the words around a
count: "revised the toll *from* 359 to 253" (the 359 is **superseded**), "around 250, *not*
359" (**retracted**), "412 *more* were arrested" (an **increment**, never a total),
"*including* 3 officers", "90 *of the* 150" (a **part** of a whole: never competes with it
nor sums into it), "a *total of* 5,120 *so far*" (**cumulative**: a whole). The words live in
``data/lexicons/en/revisions.json`` with examples each kind must and must not read, checked on
load. :func:`mark` sets ``Figure.revision`` on a document's figures; the ledger's tallies read
it (:mod:`tollwatch.ledger.tally`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from tollwatch.contract import Document, Figure
from tollwatch.figures.lexicon import LexiconError

#: The kinds, in the order they are tried (the first that matches wins).
KINDS: tuple[str, ...] = ("retracted", "superseded", "increment", "part", "cumulative")
#: How far before and after its count a figure's words are read (within its sentence).
_REACH = 90
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


@cache
def _kinds() -> dict[str, tuple[list[re.Pattern[str]], list[re.Pattern[str]]]]:
    path = resources.files("tollwatch").joinpath("data", "lexicons", "en", "revisions.json")
    data = json.loads(path.read_text(encoding="utf-8"))["kinds"]
    out = {}
    for kind in KINDS:
        spec = data[kind]
        try:
            before = [re.compile(p, re.I) for p in spec.get("before", [])]
            after = [re.compile(p, re.I) for p in spec.get("after", [])]
        except re.error as e:
            raise LexiconError(f"revisions.json:{kind}: not a valid pattern ({e})") from e
        out[kind] = (before, after)
    for kind in KINDS:  # the examples, read with every kind in place
        for sentence, count in data[kind].get("must", []):
            if _example(out, sentence, count) != kind:
                raise LexiconError(f"revisions.json:{kind}: must read {count!r} in {sentence!r}")
        for sentence, count in data[kind].get("must_not", []):
            if _example(out, sentence, count) == kind:
                raise LexiconError(f"revisions.json:{kind}: must not read {count!r} in {sentence!r}")
    return out


def _example(
    kinds: dict[str, tuple[list[re.Pattern[str]], list[re.Pattern[str]]]], s: str, count: str
) -> str | None:
    start = s.index(count)
    return _read(kinds, s[:start], s[start + len(count) :])


def _read(
    kinds: dict[str, tuple[list[re.Pattern[str]], list[re.Pattern[str]]]], before: str, after: str
) -> str | None:
    for kind in KINDS:
        pre, post = kinds[kind]
        if any(p.search(before) for p in pre) or any(p.search(after) for p in post):
            return kind
    return None


def words_around(text: str, start: int, end: int, reach: int, stop: re.Pattern[str]) -> tuple[str, str]:
    """The words before and after ``text[start:end]``, ``reach`` characters at most each way,
    cut where ``stop`` (a sentence's or a clause's end) matches."""
    before = text[max(0, start - reach) : start]
    cut = [m.end() for m in stop.finditer(before)]
    if cut:
        before = before[cut[-1] :]
    after = text[end : end + reach]
    found = stop.search(after)
    if found:
        after = after[: found.start()]
    return before, after


def revision_of(text: str, start: int, end: int) -> str | None:
    """The kind of revision of the count at ``text[start:end]``, read in its sentence."""
    return _read(_kinds(), *words_around(text, start, end, _REACH, _SENTENCE_END))


def count_span(doc: Document, f: Figure) -> tuple[str, int, int] | None:
    """The figure's count as written, located in its field (inside its evidence)."""
    text = doc.field_text(f.evidence.field)
    words = f.count.text
    if not words:
        return None
    at = text.find(words, f.evidence.start, f.evidence.end)
    if at < 0:
        return None
    return text, at, at + len(words)


def mark(doc: Document) -> Document:
    """Set ``revision`` on every figure of ``doc`` whose words say it is one (in place)."""
    for f in doc.figures:
        found = count_span(doc, f)
        if found is not None:
            f.revision = revision_of(*found)
    return doc
