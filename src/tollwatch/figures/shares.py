"""Shares of a toll by place, told by ellipsis.

"24,617 people were confirmed killed in Turkey and 3,574 in Syria", "at least 42 people
killed in Colombo, 25 in Batticaloa and 62 in Negombo": after a figure of the sentence, a
bare count (no noun of its own), joined to what comes before by "and", a comma or "while",
and followed by "in"/"at" and a place, counts the same outcome as the nearest figure before
it. Such a figure is a share (a part of a whole told elsewhere: never summed on top of a
whole by the ledger, see :mod:`.revisions`). The words and the must/must-not examples are
data (``data/lexicons/en/shares.json``), checked on load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tollwatch.contract import Count
from tollwatch.figures.components import component, fail
from tollwatch.figures.counts import count_from_match
from tollwatch.figures.finder import Candidate
from tollwatch.figures.patterns import Patterns, alt


@dataclass(frozen=True, slots=True)
class Share:
    """A share read in a sentence: offsets of its count (and place) in the sentence, its count."""

    start: int
    end: int
    count: Count


#: a count that reads as a year ("in 2019 and 2020 in the city") is no share
_YEAR = re.compile(r"(?:19|20)\d\d")


def _build(p: Patterns, data: dict[str, Any]) -> re.Pattern[str]:
    joins = alt(j for j in data["joins"] if j.strip(",")) + r"|,"
    preps = alt(data["preps"])
    # the place: a capitalised word, or 'the' and up to three words
    times = alt(data["not_places"])
    place = (
        rf"(?:[A-Z][\w'’-]+|the\s+(?:[\w'’-]+\s+){{0,2}}(?!{times}\b)[\w'’-]+"
        rf"|(?:[\w'’-]+\s+){{0,2}}{alt(data['place_nouns'])})"
    )
    return re.compile(
        rf"(?:\s*,\s*(?:and\s+)?|\s+(?:{joins})\s+)(?P<count>{p.count.pattern})\s+{preps}\s+{place}(?=\s*(?:[,.;]|and\b|$|\s+(?:while|where|according|in|at|on|near|from|since|after|following|by|as)\b))",
    )


def share_pattern(p: Patterns) -> re.Pattern[str]:
    """The component's pattern for patterns ``p`` (built once, its examples checked)."""
    return component("shares", p, _build, _check)


def _check(p: Patterns, rx: re.Pattern[str], data: dict[str, Any]) -> None:
    """Examples: [sentence, the words of its first figure, a count as written after it]."""
    for s, first, words in data["must"]:
        got = [x.count.text for x in _shares(p, rx, s, s.index(first) + len(first))]
        if words not in got:
            raise fail("shares", f"must read {words!r} in {s!r}, read {got}")
    for s, first, words in data["must_not"]:
        if words in [x.count.text for x in _shares(p, rx, s, s.index(first) + len(first))]:
            raise fail("shares", f"must not read {words!r} in {s!r}")


def _shares(p: Patterns, rx: re.Pattern[str], s: str, after: int) -> list[Share]:
    out = []
    for m in rx.finditer(s, after):
        cm = p.count.match(s, m.start("count"))  # the count alone
        c = count_from_match(cm, p) if cm else None
        if c is not None and not _YEAR.fullmatch(c.text.strip()):
            out.append(Share(m.start("count"), m.end(), c))
    return out


def share_candidates(
    p: Patterns, field_name: str, text: str, sent_index: int, start: int, end: int, found: list[Candidate]
) -> list[Candidate]:
    """The shares of a sentence as candidates: each takes the outcome of the figure before it."""
    own = sorted((c for c in found if c.sent == sent_index and c.field == field_name), key=lambda c: c.start)
    if not own:
        return []
    rx = share_pattern(p)
    s = text[start:end]
    out: list[Candidate] = []
    for x in _shares(p, rx, s, own[0].end - start):
        a, b = start + x.start, start + x.end
        if any(c.start < b and a < c.end for c in [*found, *out]):
            continue
        before = [c for c in [*own, *out] if c.end <= a]
        if not before:
            continue
        last = max(before, key=lambda c: c.end)
        out.append(
            Candidate(field_name, sent_index, a, b, x.count, last.outcome, group="people", partitive=True)
        )
    return out
