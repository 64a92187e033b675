"""Counts as written: "At least 18", "Nearly 750", "dozens", "between 10 and 15", "twenty-five".

:func:`read_number` turns digits (with separators) and number words into an int;
:func:`count_from_match` turns a match of :attr:`Patterns.count` into a :class:`Count`
with ``low``/``best``/``high`` following the conventions of ``quantities.json``.
"""

from __future__ import annotations

import re
from fractions import Fraction

from tollwatch.contract import MAX_COUNT, Count
from tollwatch.figures.patterns import Patterns, patterns

_SPLIT = re.compile(r"[\s-]+")
#: Digits read exactly; a number of more has no reading as a count (and int() refuses 4,300+)
_MAX_DIGITS = 30


def read_number(text: str, pats: Patterns | None = None) -> int | None:
    """``"1,000"`` -> 1000, ``"twenty-five"`` -> 25, ``"two hundred"`` -> 200, ``"1.5 million"`` -> 1500000.

    Exact at any size (no floats). A number of more digits than any count could have reads as
    ``MAX_COUNT + 1``: the figure reader refuses counts over :data:`MAX_COUNT` as implausible.
    """
    p = pats or patterns()
    t = " ".join(text.lower().replace("’", "'").split())
    if t in p.phrases:
        return p.phrases[t]
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(hundred|thousand|million))?", t)
    if m:
        digits = m.group(1).replace(",", "")
        if len(digits.partition(".")[0].lstrip("0")) > _MAX_DIGITS:
            return MAX_COUNT + 1  # no count has so many digits: read as over the limit, refused later
        value = Fraction(digits)  # exact: "1.5 million" is 1500000, 2**53 + 1 stays itself
        if m.group(2):
            value *= p.scales.get(m.group(2), 1)
        return round(value)
    total = current = 0
    seen = False
    words = [w for w in _SPLIT.split(t) if w and w != "and"]
    i = 0
    while i < len(words):
        w = words[i]
        if i + 1 < len(words) and f"{w} {words[i + 1]}" in p.number_words:  # "a single"
            w = f"{w} {words[i + 1]}"
            i += 1
        i += 1
        if w not in p.number_words:
            return None
        v = p.number_words[w]
        seen = True
        if w in p.scales:
            if v >= 1000:
                total += max(current, 1) * v
                current = 0
            else:
                current = max(current, 1) * v
        else:
            current += v
    return total + current if seen else None


def count_from_match(m: re.Match[str], pats: Patterns | None = None) -> Count | None:
    """The :class:`Count` a match of ``Patterns.count`` states, or None if its number is unreadable."""
    p = pats or patterns()
    text = m.group(0)
    mod = (m.group("mod") or "").lower()
    mod = " ".join(mod.split())
    kind_of_mod = p.modifier_kind.get(mod)
    if m.group("vague"):
        spec = p.vague[" ".join(m.group("vague").lower().split())]
        return Count(spec.get("low"), None, spec.get("high"), "vague", text)
    if m.group("r1"):
        a, b = read_number(m.group("r1"), p), read_number(m.group("r2"), p)
        if a is None or b is None:
            return None
        return Count(min(a, b), None, max(a, b), "range", text)
    n = read_number(m.group("n1"), p)
    if n is None:
        return None
    if m.group("n2"):
        b = read_number(m.group("n2"), p)
        if b is None:
            return None
        if b <= n:  # "15-10" is no range; "2 or 3" is
            return None
        return Count(n, None, b, "range", text)
    return _with_modifier(n, kind_of_mod, text)


def _with_modifier(n: int, kind: str | None, text: str) -> Count:
    if kind == "at_least":
        return Count(n, n, None, "at_least", text)
    if kind == "at_most":
        return Count(None, n, n, "at_most", text)
    if kind == "approximate_below":
        return Count(None, n, n, "approximate", text)
    if kind == "approximate":
        return Count(None, n, None, "approximate", text)
    return Count(n, n, n, "exact", text)


def implausible(c: Count) -> bool:
    """Does the count state more people than could be (over :data:`MAX_COUNT`)?"""
    return any(v is not None and v > MAX_COUNT for v in (c.low, c.best, c.high))


def exact(n: int, text: str) -> Count:
    """An implied exact count ('a man' is 1, 'a double homicide' is 2)."""
    return Count(n, n, n, "exact", text)


def unknown(text: str) -> Count:
    return Count(None, None, None, "unknown", text)
