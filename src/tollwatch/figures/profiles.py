"""Profiles: what is particular to one kind of reporting, applied only where it fits.

The core reader reads any crisis report. What holds only for one country's local news lives
in a named profile (``data/profiles/<name>/profile.json``), applied to a report whose main
country (read by :class:`~tollwatch.figures.places.PlaceReader` from the places it names) is
one of the profile's ``countries``:

* ``holidays``: the country's own holidays ("Independence Day" is 4 July in a US report; in a
  report from Kyiv or Lagos it is left unresolved), added to the core ones of
  ``data/lexicons/en/holidays.json``;
* ``other_incident``: phrases that mark a sentence as a tally of other incidents in that
  country's crime copy ("the city's 40th homicide this year"); in international copy the same
  words are said of the incident itself ("the deadliest attack this year").

Each profile's cue phrases carry ``must`` examples, checked on load (:class:`ProfileError`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from tollwatch.figures.patterns import WORD_START, Patterns, alt

#: The packaged profiles, by name (a folder under ``data/profiles``).
NAMES = ("us",)

#: name -> ("fixed", (month, day)) or ("moving", (month, weekday, nth)); None: left unresolved
Holidays = dict[str, tuple[str, tuple[int, ...]] | None]


class ProfileError(ValueError):
    """A profile file is malformed or one of its examples does not hold."""


@dataclass(frozen=True, slots=True)
class Profile:
    """One named profile: the countries it applies to and what it adds to the core reader."""

    name: str
    countries: frozenset[str]
    holidays: Holidays
    other_incident: tuple[str, ...]


def _json(*parts: str) -> dict[str, Any]:
    path = resources.files("tollwatch").joinpath("data", *parts)
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ProfileError(f"{'/'.join(parts)}: want a JSON object")
    return data


def _holidays(where: str, raw: dict[str, Any]) -> Holidays:
    out: Holidays = {}
    for kind, size in (("fixed", 2), ("moving", 3)):
        for name, spec in (raw.get(kind) or {}).items():
            if name == "about":
                continue
            if not (isinstance(spec, list) and len(spec) == size and all(isinstance(x, int) for x in spec)):
                raise ProfileError(
                    f"{where}: holidays.{kind}.{name}: want {size} whole numbers, got {spec!r}"
                )
            if not 1 <= spec[0] <= 12:
                raise ProfileError(f"{where}: holidays.{kind}.{name}: month {spec[0]} is not 1-12")
            out[name.lower()] = (kind, tuple(spec))
    for name in raw.get("unresolved") or ():
        out.setdefault(name.lower(), None)
    return out


@cache
def core_holidays() -> Holidays:
    """The holidays every report may name (``data/lexicons/en/holidays.json``)."""
    return _holidays("lexicons/en/holidays.json", _json("lexicons", "en", "holidays.json"))


@cache
def load_profile(name: str) -> Profile:
    """The packaged profile ``name``, validated and its examples checked."""
    where = f"profiles/{name}/profile.json"
    raw = _json("profiles", name, "profile.json")
    countries = raw.get("countries")
    if not isinstance(countries, list) or not countries or not all(isinstance(c, str) for c in countries):
        raise ProfileError(f"{where}: 'countries' must be a non-empty list of ISO codes")
    cues = raw.get("other_incident") or {}
    phrases = tuple(cues.get("phrases") or ())
    profile = Profile(
        name=name,
        countries=frozenset(countries),
        holidays=core_holidays() | _holidays(where, raw.get("holidays") or {}),
        other_incident=phrases,
    )
    if phrases:
        cue = re.compile(_cue_pattern(phrases), re.IGNORECASE)
        for example in cues.get("must") or ():
            if not cue.search(example):
                raise ProfileError(f"{where}: other_incident must read a cue in {example!r}")
    return profile


#: The profile of a report about no profile's country: the core holidays, no added cues.
def core_profile() -> Profile:
    return Profile("core", frozenset(), core_holidays(), ())


def for_country(country: str | None) -> Profile:
    """The profile that applies to a report whose main country is ``country`` (else the core)."""
    if country:
        for name in NAMES:
            profile = load_profile(name)
            if country in profile.countries:
                return profile
    return core_profile()


def holiday_names() -> tuple[str, ...]:
    """Every holiday name the core or any profile knows (what the date reader looks for)."""
    names = set(core_holidays())
    for name in NAMES:
        names |= set(load_profile(name).holidays)
    return tuple(sorted(names, key=len, reverse=True))


def holiday_day(holidays: Holidays, ref: dt.date | None, name: str) -> dt.date | None:
    """The most recent day of the holiday ``name`` on or just before ``ref`` (None: unknown here)."""
    if ref is None:
        return None
    spec = holidays.get(name.lower().replace("’", "'"))
    if spec is None:
        return None
    kind, numbers = spec
    for year in (ref.year, ref.year - 1):
        d = _fixed(year, *numbers) if kind == "fixed" else _nth_weekday(year, *numbers)
        if d is not None and d <= ref + dt.timedelta(days=2):
            return d
    return None


def _fixed(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _cue_pattern(phrases: tuple[str, ...]) -> str:
    return rf"{WORD_START}{alt(phrases)}(?![\w])"


_WITH: dict[tuple[int, str], Patterns] = {}


def with_profile(p: Patterns, profile: Profile) -> Patterns:
    """``p`` with the profile's cues added (``p`` itself for a profile that adds none)."""
    if not profile.other_incident:
        return p
    key = (id(p), profile.name)
    if key not in _WITH:
        other = p.other_incident.pattern + "|" + _cue_pattern(profile.other_incident)
        _WITH[key] = dataclasses.replace(p, other_incident=re.compile(other, p.other_incident.flags))
    return _WITH[key]
