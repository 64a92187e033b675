"""The humanitarian counts of a disaster: people without a home, people under the rubble.

"Up to 5.3 million people may be homeless", "as many as 5.3 million people in Syria may need
shelter", "between 250,000 and 300,000 people who are now without homes" (displaced);
"hundreds of families still remain trapped under the rubble" (missing). An agency or an
official gives these counts long before a toll settles; they are figures of their own
outcome, hedged when the sentence hedges ("may"). The states, the nouns that are never people
and the must/must-not examples are data (``data/lexicons/en/shelter.json``), checked on load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tollwatch.figures.components import Read, any_of, check_examples, component
from tollwatch.figures.counts import count_from_match
from tollwatch.figures.finder import Candidate
from tollwatch.figures.patterns import WORD_START, Patterns

_NOT_NOUN = r"(?!(?:from|under|beneath|in|by|to|at|with|who|that|and|or|are|were|is|was|may|might|could|have|has|had)\b)"


@dataclass(frozen=True, slots=True)
class Shelter:
    """The component's pattern and the nouns that never count people."""

    rx: re.Pattern[str]
    things: frozenset[str]
    cue: tuple[str, ...]


def _build(p: Patterns, data: dict[str, Any]) -> Shelter:
    states = "|".join(rf"(?P<st_{o}>{any_of(xs)})" for o, xs in data["states"].items())
    noun = rf"(?P<noun>(?:\s+of)?(?:\s+{_NOT_NOUN}[\w'’-]+){{1,2}})"
    rx = (
        rf"{WORD_START}(?:{p.count.pattern}){noun}"
        r"(?:\s+(?:in|from)\s+[A-Z][\w'’-]+)?(?:\s+(?:who|that))?"
        r"(?:\s+(?:may|might|could|would|will))?(?:\s+(?:still|now|currently|already))?"
        r"(?:\s+(?:be|are|were|is|was|have\s+been|has\s+been|had\s+been|remain|remained|remains|living|live))?"
        r"(?:\s+(?:still|now|currently|living))?(?:\s+(?:rendered|left|made))?"
        rf"\s+(?:{states})(?![\w-])"
    )
    return Shelter(
        rx=re.compile(rx, re.IGNORECASE),
        things=frozenset(w.lower() for w in data["things"]),
        cue=tuple(data["cue_words"]),
    )


def shelter(p: Patterns) -> Shelter:
    """The component for patterns ``p`` (built once, its examples checked)."""
    return component("shelter", p, _build, _check)


def _check(p: Patterns, t: Shelter, data: dict[str, Any]) -> None:
    check_examples("shelter", data, lambda s: [(x.outcome, x.count.text) for x in states_in(p, s, t)])


def states_in(p: Patterns, s: str, t: Shelter | None = None) -> list[Read]:
    """The counts of people in a state of sentence ``s``."""
    t = t or shelter(p)
    low = s.lower()
    if not any(w in low for w in t.cue):
        return []
    out = []
    for m in t.rx.finditer(s):
        if m.group("noun").split()[-1].lower() in t.things:
            continue
        cm = p.count.match(s, m.start())  # the count alone
        c = count_from_match(cm, p) if cm else None
        outcome = next((k[3:] for k, v in m.groupdict().items() if v and k.startswith("st_")), None)
        if c is not None and outcome is not None:
            out.append(Read(m.start(), m.end(), c, outcome))
    return out


def state_candidates(
    p: Patterns, field_name: str, text: str, sent_index: int, start: int, end: int, found: list[Candidate]
) -> list[Candidate]:
    """The counts of people in a state of a sentence as candidates, but for counts ``found`` reads."""
    out = []
    for x in states_in(p, text[start:end]):
        a, b = start + x.start, start + x.end
        if any(c.start < b and a < c.end for c in found):
            continue
        out.append(Candidate(field_name, sent_index, a, b, x.count, x.outcome, group="people"))
    return out
