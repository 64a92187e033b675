"""Attackers who die in their own attack: a suicide attack holds its attacker's death.

GTD counts perpetrators who died among the killed; a report's toll of victims ("killing
21 people") most often leaves the suicide attacker out. :func:`dead_suicide_attackers`
reads how many attackers a report says died so (0 when the attack failed, or when the toll
is said to include them). Patterns and their must/must-not examples are data
(``data/lexicons/en/perpetrators.json``), checked on load.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from tollwatch.figures.lexicon import LexiconError
from tollwatch.figures.sentences import sentence_spans

_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True, slots=True)
class SuicideAttack:
    """The patterns of the component."""

    suicide: tuple[re.Pattern[str], ...]
    failed: tuple[re.Pattern[str], ...]
    included: tuple[re.Pattern[str], ...]


@cache
def suicide_attack() -> SuicideAttack:
    with (
        resources.files("tollwatch.data.lexicons")
        .joinpath("en/perpetrators.json")
        .open(encoding="utf-8") as f
    ):
        data = json.load(f)
    try:
        built = SuicideAttack(
            *(tuple(re.compile(x, re.IGNORECASE) for x in data[k]) for k in ("suicide", "failed", "included"))
        )
    except re.error as e:
        raise LexiconError(f"en/perpetrators.json: not a valid pattern ({e})") from e
    for text, want in data["must"]:
        if (got := _count(built, text)) != want:
            raise LexiconError(f"en/perpetrators.json: must read {want} in {text!r}, read {got}")
    for text in data["must_not"]:
        if got := _count(built, text):
            raise LexiconError(f"en/perpetrators.json: must read none in {text!r}, read {got}")
    return built


def _how_many(m: re.Match[str]) -> int:
    n = m.groupdict().get("n")
    if n:
        return int(n) if n.isdigit() else _WORDS.get(n.lower(), 1)
    who = (m.groupdict().get("who") or "").lower()
    return 2 if who.endswith("s") or who == "themselves" else 1


#: a cheap check before the patterns: every 'suicide' pattern holds one of these words
_CUE = re.compile(r"suicide|blew|detonat|addition|besides|aside|apart", re.IGNORECASE)


def _count(c: SuicideAttack, text: str) -> int:
    if not _CUE.search(text) or any(rx.search(text) for rx in c.included):
        return 0
    most = 0
    for a, b in sentence_spans(text):
        s = text[a:b]
        if any(rx.search(s) for rx in c.failed):
            continue
        for rx in c.suicide:
            for m in rx.finditer(s):
                most = max(most, _how_many(m))
    return most


def dead_suicide_attackers(text: str) -> int:
    """How many attackers died in their own suicide attack, as ``text`` tells it."""
    return _count(suicide_attack(), text)
