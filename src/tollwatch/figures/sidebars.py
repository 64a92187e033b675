"""Dated sidebars: lines of past events that close or break an article ("August 1982: ...").

A line that opens with a date of an earlier year than the report's, then a colon or a dash,
tells of another incident (a list of past attacks, a timeline): its figures are that
incident's, never the report's. The pattern and its must / must-not examples live in
``data/lexicons/en/sidebars.json`` and are checked on load.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from tollwatch.figures.lexicon import LexiconError


@cache
def _line() -> re.Pattern[str]:
    path = resources.files("tollwatch").joinpath("data", "lexicons", "en", "sidebars.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        line = re.compile(data["line"], re.IGNORECASE)
    except (KeyError, re.error) as e:
        raise LexiconError(f"sidebars.json: 'line' is missing or not a valid pattern ({e})") from e
    if "year" not in line.groupindex:
        raise LexiconError("sidebars.json: 'line' names no group 'year'")
    for key, want in (("must", True), ("must_not", False)):
        for example, year in data.get(key, []):
            if (_match(line, example, 0, len(example), year) is not None) != want:
                raise LexiconError(f"sidebars.json: {key} example {example!r} ({year}) does not hold")
    return line


def _match(line: re.Pattern[str], text: str, a: int, b: int, year: int | None) -> re.Match[str] | None:
    if year is None or not _line_start(text, a):
        return None  # no year to compare with, or not at the start of a line
    m = line.match(text, a, b)
    return m if m is not None and int(m.group("year")) < year else None


def _line_start(text: str, a: int) -> bool:
    """Is ``a`` at the start of a line (blanks aside)? Looks back only over the blanks."""
    i = a - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n"


def dated_line(text: str, a: int, b: int, year: int | None) -> re.Match[str] | None:
    """The date that opens the line at ``text[a:b]`` when it is of a year before ``year``."""
    return _match(_line(), text, a, b, year)


def sidebar_lines(text: str, year: int | None) -> list[tuple[int, int, re.Match[str]]]:
    """Every sidebar line of ``text``: (start, end, the date that opens it)."""
    if year is None or "\n" not in text:
        return []
    out = []
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        m = _match(_line(), text, start, end, year)
        if m is not None:
            out.append((start, end, m))
        start = end + 1
    return out


def sidebar_at(lines: list[tuple[int, int, re.Match[str]]], pos: int) -> re.Match[str] | None:
    """The date opening the sidebar line that holds ``pos`` (``lines`` from :func:`sidebar_lines`)."""
    return next((m for a, b, m in lines if a <= pos < b), None)


def without_sidebars(text: str, year: int | None) -> str:
    """``text`` with its sidebar lines blanked (offsets kept)."""
    for a, b, _ in sidebar_lines(text, year):
        text = text[:a] + " " * (b - a) + text[b:]
    return text
