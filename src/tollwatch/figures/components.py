"""Building a rule component from its data file, once per set of patterns, its examples checked.

The long-article components (:mod:`.tolls`, :mod:`.lists`, :mod:`.shares`, :mod:`.shelter`)
and the speaker rules of :mod:`.attribution` each keep their words, patterns and must/must-not
examples in ``data/lexicons/en/<name>.json``. :func:`component` loads the file, builds the
component for a :class:`Patterns` (whose count pattern it embeds), checks the examples
(a wrong one raises :class:`LexiconError` naming the file) and keeps the result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar

from tollwatch.contract import Count
from tollwatch.figures.lexicon import LexiconError
from tollwatch.figures.patterns import Patterns

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Read:
    """What a component reads in a sentence: offsets in the sentence, the count, its outcome."""

    start: int
    end: int
    count: Count
    outcome: str


_BUILT: dict[tuple[str, int], tuple[Patterns, Any]] = {}


def any_of(patterns: Iterable[str]) -> str:
    """One regex alternative of regular expressions, longest first."""
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"


def component(
    name: str,
    p: Patterns,
    build: Callable[[Patterns, dict[str, Any]], T],
    check: Callable[[Patterns, T, dict[str, Any]], None],
) -> T:
    """The component ``name`` for patterns ``p``: built from ``en/<name>.json`` and checked once."""
    hit = _BUILT.get((name, id(p)))
    if hit is not None and hit[0] is p:
        built: T = hit[1]
        return built
    with resources.files("tollwatch.data.lexicons").joinpath(f"en/{name}.json").open(encoding="utf-8") as f:
        data = json.load(f)
    try:
        made = build(p, data)
    except re.error as e:
        raise LexiconError(f"en/{name}.json: not a valid pattern ({e})") from e
    check(p, made, data)
    _BUILT[(name, id(p))] = (p, made)
    return made


def fail(name: str, message: str) -> LexiconError:
    """The error of a component's example that does not hold."""
    return LexiconError(f"en/{name}.json: {message}")


def check_examples(name: str, data: dict[str, Any], read: Callable[[str], list[tuple[str, str]]]) -> None:
    """``must``: [text, outcome, count as written] that ``read`` must give; ``must_not``: [text,
    count as written] it must not give (``read`` returns (outcome, count as written) pairs)."""
    for text, outcome, words in data["must"]:
        got = read(text)
        if (outcome, words) not in got:
            raise fail(name, f"must read {outcome} {words!r} in {text!r}, read {got}")
    for text, words in data["must_not"]:
        if words in [w for _o, w in read(text)]:
            raise fail(name, f"must not read {words!r} in {text!r}")
