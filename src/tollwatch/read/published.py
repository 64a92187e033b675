"""Publication dates: a line that is only a date ("6 Jan, 2022 15:47", "Posted: Tuesday,
January 28, 2014 8:18 PM EST") and the ISO form of a date (``YYYY-MM-DD[THH:MM]``).

Cheap regular expressions read the common forms; dateparser is asked only about a short
line that names a month and a year and that the regexes could not read.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+|-\s+|\|\s+)?(?P<h>\d{1,2})[:.](?P<mi>[0-5]\d)(?::[0-5]\d)?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*\(?(?:[a-z]{2,5}|gmt[+-]\d+|utc[+-]\d+)\)?)?)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_LABEL = re.compile(
    r"^(?:(?:posted|published|updated|last updated|last modified|modified|created|date|first published|"
    r"originally published|published on|posted on|updated on)\s*:?\s*(?:on\s+)?)",
    re.I,
)
_FORMS = [
    re.compile(rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}{_TIME}", re.I),  # 6 Jan, 2022 15:47
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.I),  # January 28, 2014 8:18 PM
    re.compile(
        rf"{_WEEKDAY}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>\d{{4}}|\d\d){_TIME}", re.I
    ),  # 08/10/2014
    re.compile(
        r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ](?P<h>\d\d):(?P<mi>\d\d)(?::\d\d(?:\.\d+)?)?"
        r"(?P<tz>Z|[+-]\d\d:?\d\d)?)?",
        re.I,
    ),
]
_TIME_FIRST = re.compile(
    r"(?P<h>\d{1,2})[:.](?P<mi>[0-5]\d)\s*(?P<ampm>[ap]\.?\s?m\.?)?\s*(?:[a-z]{2,4})?,?\s+(?P<rest>.+)", re.I
)
_MONTH_WORD = _MONTH.replace("?P<mon>", "")
_HAS_MONTH_AND_YEAR = re.compile(
    rf"\b{_MONTH_WORD}.*\b(?:19|20)\d\d\b|\b(?:19|20)\d\d\b.*\b{_MONTH_WORD}", re.I
)


def parse_date(text: str, *, dateparser_fallback: bool = True) -> str | None:
    """The ISO date (with ``THH:MM`` when a time is given) that ``text`` consists of, or ``None``.

    ``text`` must be a date and nothing else, bar a label ("Posted:") and a time zone.
    """
    s = " ".join(text.split()).strip(" |•·-–—()[]")
    s = _LABEL.sub("", s).strip()
    if not s or len(s) > 80:
        return None
    for form in _FORMS:
        m = form.fullmatch(s)
        if m:
            return _iso(m)
    m = _TIME_FIRST.fullmatch(s)  # "15:47, 6 January 2022"
    if m:
        day = parse_date(m.group("rest"), dateparser_fallback=False)
        if day and "T" not in day:
            return day + "T" + _clock(m)
    if dateparser_fallback and len(s.split()) <= 8 and _HAS_MONTH_AND_YEAR.search(s):
        return _dateparser(s)
    return None


def iso_date(value: str | None) -> str | None:
    """A given publication date in ISO form, or ``None`` if it cannot be read."""
    if not value:
        return None
    return parse_date(str(value))


def _iso(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    try:
        year = int(g["y"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        if g.get("mon"):
            month = MONTHS[g["mon"].lower()[:3]]
            day = int(g["d"])
        elif g.get("a"):
            a, b = int(g["a"]), int(g["b"])
            month, day = (a, b) if a <= 12 else (b, a)  # US order unless it cannot be
        else:
            month, day = int(g["m"]), int(g["d"])
        date = dt.date(year, month, day)
    except (ValueError, KeyError):
        return None
    if not 1900 <= date.year <= 2100:
        return None
    out = date.isoformat()
    if g.get("h"):
        clock = _clock(m)
        if clock:
            out += "T" + clock
            if g.get("tz") and g["tz"] != "Z":
                tz = g["tz"].replace(":", "")
                out += f"{tz[:3]}:{tz[3:]}"
            elif g.get("tz") == "Z":
                out += "+00:00"
    return out


def _clock(m: re.Match[str]) -> str:
    g = m.groupdict()
    h, mi = int(g["h"]), int(g["mi"])
    ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    if h > 23:
        return ""
    return f"{h:02d}:{mi:02d}"


@functools.lru_cache(maxsize=1024)
def _dateparser(s: str) -> str | None:
    import dateparser  # type: ignore[import-untyped]  # slow to import: only when needed

    got = dateparser.parse(
        s,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    if got is None or not 1900 <= got.year <= 2100:
        return None
    if got.hour or got.minute:
        return got.strftime("%Y-%m-%dT%H:%M")
    return got.date().isoformat()
