"""Sentence boundaries of a text, as offsets (shared by the figures, dates and places readers).

A cheap rule splitter tuned for news copy: it breaks at paragraph breaks and after ``.``,
``!``, ``?`` (and a closing quote) when the next word starts a sentence, but not after
abbreviations ("Sgt.", "Va.", "N.C.", "a.m.", "Jan."), initials or decimals; and it breaks
run-on joins left by scrapers ("condition.The shooting"). spaCy's parser does this too but
costs ~60 ms a document; this costs microseconds and is good enough for figure reading.

A "sentence" longer than ``MAX_SENTENCE`` characters is no sentence of news copy (a scraped
list, a page with no full stops): it is cut at its last clause break (``;`` or ``,``), else
at a space, before the limit. Every reader works sentence by sentence, and some compare
each figure of a sentence with each name or date in it: bounded sentences keep the whole
reading linear in the document's size.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: The longest sentence read as one (GVA dev: 99.9 % of sentences are under 400 characters).
MAX_SENTENCE = 2000
#: Where an over-long sentence is cut: after a clause break, else before a space.
_CLAUSE_CUT = re.compile(r"[;,]\s")

_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "ave",
        "blvd",
        "rd",
        "jr",
        "sr",
        "sgt",
        "lt",
        "capt",
        "det",
        "gen",
        "col",
        "maj",
        "cpl",
        "pvt",
        "ofc",
        "officer",
        "gov",
        "sen",
        "rep",
        "rev",
        "prof",
        "no",
        "vs",
        "etc",
        "inc",
        "corp",
        "co",
        "ltd",
        "dept",
        "mt",
        "ft",
        "hwy",
        "rte",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "ala",
        "ariz",
        "ark",
        "calif",
        "colo",
        "conn",
        "del",
        "fla",
        "ga",
        "ill",
        "ind",
        "kan",
        "ky",
        "la",
        "md",
        "mass",
        "mich",
        "minn",
        "miss",
        "mo",
        "mont",
        "neb",
        "nev",
        "okla",
        "ore",
        "pa",
        "tenn",
        "tex",
        "va",
        "vt",
        "wash",
        "wis",
        "wyo",
        "u.s",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "approx",
        "est",
        "pct",
        "no.",
        "dist",
        "twp",
    ]
)

_BREAK = re.compile(
    r"""(?:\n\s*\n|\n(?=\s*\S))"""  # paragraph or line break
    r"""|(?<=[.!?])["”’')\]]*\s+(?=["“‘(\[]?[A-Z0-9])"""  # end mark, space, capital
    r"""|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])""",  # run-on: "condition.The"
)


def _is_abbrev(text: str, dot: int) -> bool:
    """Does the ``.`` at ``dot`` end an abbreviation or an initial, not a sentence?"""
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if len(word) == 1 and text[j].isupper():  # an initial: "John F. Kennedy", "N.C."
        return True
    if "." in word and len(word) <= 5:  # "u.s", "a.m", "n.c"
        return word not in ("a.m", "p.m") or _next_is_lower_or_time(text, dot)
    return word in _ABBREV


def _next_is_lower_or_time(text: str, dot: int) -> bool:
    rest = text[dot + 1 : dot + 12].lstrip()
    return (
        not rest
        or not rest[:1].isupper()
        or rest.split(" ", 1)[0]
        in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    )


@lru_cache(maxsize=64)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each sentence of ``text``, trimmed of surrounding blanks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK.finditer(text):
        cut = m.start()
        if "\n" not in m.group(0):
            k = cut - 1
            while k >= 0 and text[k] in "\"”’')]":
                k -= 1
            if k >= 0 and _is_abbrev(text, k):
                continue
        _add(text, start, cut, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return tuple(spans)


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while end - start > MAX_SENTENCE:
        cut = _cut(text, start, start + MAX_SENTENCE)
        _add_one(text, start, cut, spans)
        start = cut
    _add_one(text, start, end, spans)


def _cut(text: str, start: int, limit: int) -> int:
    """Where to cut the over-long run ``text[start:]`` at or before ``limit``: after its last
    clause break in the second half, else at its last space, else at the limit."""
    half = start + MAX_SENTENCE // 2
    breaks = [m.end() for m in _CLAUSE_CUT.finditer(text, half, limit)]
    if breaks:
        return breaks[-1]
    space = text.rfind(" ", half, limit)
    return space + 1 if space > 0 else limit


def _add_one(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (convenience for tests and people)."""
    return [text[a:b] for a, b in sentence_spans(text)]
