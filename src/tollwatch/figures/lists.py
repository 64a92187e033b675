"""Parts of a toll told as membership or as a list of counted people.

"At least 27 foreigners were among those killed", "42 foreign nationals among the 253
people killed": a count said to be *among* a toll's people is a figure of that toll's
outcome (:mod:`.revisions` marks it a part). "Among the victims are at least 43 Syrians, six
Bangladeshis, an Australian and two Egyptians", "seven people were still missing - three
Lebanese, three Syrians and one Egyptian": after an anchor, each item of the list (a count
and a capitalised noun, or "a"/"an" and one) is a figure of the anchor's outcome; an anchor
that names none ("among them") takes the nearest outcome word before it. Words, anchors and
must/must-not examples are data (``data/lexicons/en/lists.json``), checked on load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tollwatch.figures.components import Read, any_of, check_examples, component
from tollwatch.figures.counts import count_from_match, exact
from tollwatch.figures.finder import Candidate
from tollwatch.figures.patterns import WORD_START, Patterns
from tollwatch.figures.people import people

#: how far back (characters) an anchor without an outcome looks for one
_LOOK_BACK = 400
#: the list's items are split on commas and 'and'; an item of more words ends the list
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*", re.IGNORECASE)
_MAX_WORDS = 8
_ONE = re.compile(r"(?P<det>an?|one)\s+[A-Z][\w'’-]*$")
_NOUN = re.compile(r"\s+(?:[A-Z][\w'’-]*\s+)?[A-Z][\w'’-]*$")
#: "26 foreigners", "three foreign nationals": a noun of people (checked against people.json)
_PLURAL = re.compile(r"\s+(?:[a-z][\w-]*\s+)?(?P<head>[a-z][\w-]*s)(?:\s+from\s+(?:[\d,]+\s+)?[\w-]+)?$")
#: "five from Iran", "four each from China and Russia"
_FROM = re.compile(r"\s+(?:each\s+)?from\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*$")


@dataclass(frozen=True, slots=True)
class Lists:
    """The component's patterns."""

    among: re.Pattern[str]
    heads: tuple[tuple[str, re.Pattern[str]], ...]
    anchors: tuple[re.Pattern[str], ...]
    dash_after: re.Pattern[str]
    cue: re.Pattern[str]


def _build(p: Patterns, data: dict[str, Any]) -> Lists:
    heads = {o: any_of(xs) for o, xs in data["among_heads"].items()}
    head = "|".join(rf"(?P<h_{o}>{rx})" for o, rx in heads.items())
    among = (
        rf"{WORD_START}(?:{p.count.pattern})(?P<noun>(?:\s+[\w'’-]+){{1,3}}?)\s+"
        r"(?:(?:were|are|was|is|have\s+been)\s+(?:also\s+)?)?among\s+"
        r"(?:those|the)(?:\s+[\d,]+)?(?:\s+(?:people|persons))?\s+"
        rf"(?:{head})(?![\w-])"
    )
    return Lists(
        among=re.compile(among, re.IGNORECASE),
        heads=tuple((o, re.compile(rf"{WORD_START}{rx}(?![\w-])", re.IGNORECASE)) for o, rx in heads.items()),
        anchors=tuple(re.compile(a, re.IGNORECASE) for a in data["list_anchors"]),
        dash_after=re.compile(data["dash_after"], re.IGNORECASE),
        cue=re.compile(rf"\bamong\b|\binclud(?:e|es|ed|ing)\b|{data['dash_after']}", re.IGNORECASE),
    )


def lists(p: Patterns) -> Lists:
    """The component for patterns ``p`` (built once, its examples checked)."""
    return component("lists", p, _build, _check)


def _check(p: Patterns, t: Lists, data: dict[str, Any]) -> None:
    check_examples("lists", data, lambda s: [(x.outcome, x.count.text) for x in parts(p, s, s, 0, t)])


def _outcome_of(t: Lists, words: str, text: str, at: int) -> str | None:
    """The outcome named in ``words``, else the nearest one before ``at`` in ``text``."""
    for outcome, rx in t.heads:
        if rx.search(words):
            return outcome
    best: tuple[int, str] | None = None
    for outcome, rx in t.heads:
        for m in rx.finditer(text, max(0, at - _LOOK_BACK), at):
            if best is None or m.start() > best[0]:
                best = (m.start(), outcome)
    return best[1] if best else None


def _item_noun(p: Patterns, s: str, a: int, b: int) -> bool:
    """Does ``s[a:b]`` (what follows an item's count) name the people counted?"""
    if _NOUN.fullmatch(s, a, b) or _FROM.fullmatch(s, a, b):
        return True
    m = _PLURAL.fullmatch(s, a, b)
    return m is not None and m.group("head").lower() not in people(p).not_people


def _items(p: Patterns, s: str, pos: int, outcome: str) -> list[Read]:
    """The counted items of the list that starts at ``pos`` in sentence ``s``."""
    out: list[Read] = []
    end = re.compile(r"[.;!?](?:\s|$)").search(s, pos)
    stop = end.start() if end else len(s)
    at = pos
    for piece in _SPLIT.split(s[pos:stop]):
        a = s.index(piece, at) if piece else at
        at = a + len(piece)
        if len(piece.split()) > _MAX_WORDS:
            break
        one = _ONE.fullmatch(piece)
        if one:
            out.append(Read(a, a + len(piece), exact(1, one.group("det")), outcome))
            continue
        m = p.count.match(s, a)
        if m and _item_noun(p, s, m.end(), a + len(piece)):
            c = count_from_match(m, p)
            if c is not None:
                out.append(Read(a, a + len(piece), c, outcome))
    return out


def parts(p: Patterns, s: str, text: str, offset: int, t: Lists | None = None) -> list[Read]:
    """The parts of sentence ``s`` (at ``offset`` in its field's ``text``)."""
    t = t or lists(p)
    if not t.cue.search(s):
        return []
    out: list[Read] = []
    for m in t.among.finditer(s) if "among" in s.lower() else ():
        outcome = next((k[2:] for k, v in m.groupdict().items() if v and k.startswith("h_")), None)
        cm = p.count.match(s, m.start())  # the count alone (the match's text is the whole phrase)
        c = count_from_match(cm, p) if cm else None
        if outcome and c is not None:  # its words end at the noun: the toll after is a figure too
            out.append(Read(m.start(), m.end("noun"), c, outcome))
    for rx in (*t.anchors, t.dash_after):
        for m in rx.finditer(s):
            outcome = _outcome_of(t, m.group(0), text, offset + m.start())
            if outcome is not None:
                out.extend(_items(p, s, m.end(), outcome))
    return out


def part_candidates(
    p: Patterns, field_name: str, text: str, sent_index: int, start: int, end: int, found: list[Candidate]
) -> list[Candidate]:
    """The parts of a sentence as candidates, but for counts ``found`` already reads."""
    out: list[Candidate] = []
    for x in parts(p, text[start:end], text, start):
        a, b = start + x.start, start + x.end
        if any(c.start < b and a < c.end for c in [*found, *out]):
            continue
        out.append(
            Candidate(field_name, sent_index, a, b, x.count, x.outcome, group="people", partitive=True)
        )
    return out
