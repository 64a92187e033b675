"""Days: the day each figure speaks for (``as_of``) and the day the main incident happened.

A :class:`DateReader` finds every day a document names -- weekdays with their parts of the
day ("late on Thursday", "Monday evening", "early Sunday morning"), relative words
("yesterday", "last night", "this morning"), explicit dates ("Jan. 27", "January 27, 2014",
"6 Jan, 2022", "1/27/2014") -- and resolves each against the publication date. A weekday
is the most recent such day on or before publication ("Friday" in a Friday paper is that
Friday; "last Friday" is the week before); a month and day without a year takes the
publication's year unless that lands after publication. Page furniture ("Posted: Tuesday,
January 28, 2014") is kept apart: it stands in for a missing publication date, and never
for the incident.

The incident's day is the named day closest to the words of the event (shot, killed,
opened fire ...), away from the days of hearings, arrests, vigils and updates; the words
live in ``data/gazetteer/dates.json``. The patterns are plain regular expressions: a
``dateparser`` call costs ~3.5 ms a phrase, more than the whole budget of a document.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from tollwatch.contract import Document
from tollwatch.figures.profiles import Holidays, core_holidays, holiday_day, holiday_names
from tollwatch.figures.sentences import sentence_spans

Span = tuple[str, int, int]  # (evidence field, start, end)

_FIELDS = ("title", "standfirst", "text")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"


def _title_case(name: str) -> str:
    """A holiday's name as a pattern for it written with capitals: "Fourth of July"."""
    words = [w if w in ("of", "the") else w[:1].upper() + w[1:] for w in name.split()]
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in words)


# Each pattern starts with a literal or a small class, never with ``\b`` or a look-behind,
# so that the regex engine can skip ahead; word starts are checked by hand (``_word_start``).
# (kind, pattern, lower): ``lower`` patterns run on the lower-cased text.
_DAY_PATTERNS: list[tuple[str, re.Pattern, bool]] = [
    # weekday (+ optional explicit date): "Tuesday, January 28, 2014", "late on Thursday"
    (
        "weekday",
        re.compile(
            _WEEKDAY + r"(?:['’]s)?\b"
            r"(?:,?\s+" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+" + _YEAR + r")?)?"
        ),
        False,
    ),
    (
        "month_day",
        re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+" + _YEAR + r"\b)?"),
        False,
    ),
    (
        "day_month",
        # "16 March" as international copy writes it (the year is often left out)
        re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b"),
        False,
    ),
    (
        "numeric",
        re.compile(r"(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>(?:19|20)?\d\d)(?![\d/])"),
        False,
    ),
    ("iso", re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"), False),
    (
        "relative",
        re.compile(
            r"(?P<rel>yesterday|last night|today|tonight|this (?:morning|afternoon|evening)"
            r"|earlier (?:today|this (?:morning|afternoon|evening))"
            r"|(?P<ago>\d+|one|two|three|four|five|six) days? ago)\b"
        ),
        True,
    ),
    ("overnight", re.compile(r"overnight\b"), True),
    (
        "holiday",
        # every name the core or a profile knows ("New Year's Eve", "Independence Day"), as
        # written with capitals; which of them resolve depends on the report's profile
        re.compile(r"(?P<hol>" + "|".join(_title_case(n) for n in holiday_names()) + r")\b"),
        False,
    ),
    (
        "vague",
        re.compile(
            r"(?:last (?:year|month|week|summer|spring|fall|winter)|(?:years|months|weeks) ago"
            r"|(?:a|one) (?:year|month) ago|in (?:19|20)\d\d\b|earlier this (?:year|month))"
        ),
        True,
    ),
]
#: Which patterns can match at all: a cheap test on the text before a full scan.
_NEEDS = {"numeric": "/", "iso": "-"}
#: Lower-case patterns run only in small windows around these words (found with str.find,
#: far cheaper than a regex scan of the whole text).
_ANCHORS = {
    "relative": ("yesterday", "night", "today", "tonight", "this ", "earlier", " ago"),
    "overnight": ("overnight",),
    "vague": ("last ", " ago", "in 19", "in 20", "earlier this"),
}
_LAST = re.compile(r"(?i)\b(?:last|this past|past)\s+$")
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_META = re.compile(
    r"(?i)(?:posted|updated?|published|created|last modified|modified|copyright|©)\s*(?:on|at|@)?\s*:?\s*"
    r"(?:\d{1,2}:\d\d\s*[ap]\.?m\.?\s*)?\(?$"
)


class DateSettingsError(ValueError):
    """A dates settings file is malformed."""


@dataclass(frozen=True, slots=True)
class DateSettings:
    event_words: re.Pattern
    weak_event_words: re.Pattern
    other_words: re.Pattern
    said_words: re.Pattern
    event_weight: float
    weak_event_weight: float
    decay_chars: float
    next_sentence_weight: float
    overnight_penalty: float
    other_weight: float
    status_penalty: float
    title_bonus: float
    anchor_bonus: float
    first_sentence_bonus: float
    early_chars: int
    early_bonus: float
    no_date_fallback: str  # "published" | "day_before" | "none"


def load_settings(path: str | Path | None = None) -> DateSettings:
    """The packaged settings, overridden key by key by the JSON file at ``path``."""
    with resources.files("tollwatch").joinpath("data", "gazetteer", "dates.json").open(encoding="utf-8") as f:
        raw = json.load(f)
    if path is not None:
        with open(path, encoding="utf-8") as f:
            user = json.load(f)
        if not isinstance(user, dict):
            raise DateSettingsError(f"{path}: expected a JSON object")
        raw |= user
    try:

        def words(key: str) -> re.Pattern:
            v = raw[key]
            if not isinstance(v, list) or not all(isinstance(w, str) and w for w in v):
                raise DateSettingsError(f"dates settings: {key!r} must be a list of words")
            alt = "|".join(sorted((re.escape(w).replace(r"\*", r"\w*") for w in v), key=len, reverse=True))
            return re.compile(rf"(?i)\b(?:{alt})\b")

        fallback = raw["no_date_fallback"]
        if fallback not in ("published", "day_before", "none"):
            raise DateSettingsError(f"dates settings: no_date_fallback {fallback!r}")
        return DateSettings(
            event_words=words("event_words"),
            weak_event_words=words("weak_event_words"),
            other_words=words("other_words"),
            said_words=re.compile(
                words("said_words").pattern
                + r"(?:\s+(?:in\s+an?\s+(?:statement|news\s+release|release|interview)|on|late|early|this|that))*\s*$"
            ),
            event_weight=float(raw["event_weight"]),
            weak_event_weight=float(raw["weak_event_weight"]),
            decay_chars=float(raw["decay_chars"]),
            next_sentence_weight=float(raw["next_sentence_weight"]),
            overnight_penalty=float(raw["overnight_penalty"]),
            other_weight=float(raw["other_weight"]),
            status_penalty=float(raw["status_penalty"]),
            title_bonus=float(raw["title_bonus"]),
            anchor_bonus=float(raw["anchor_bonus"]),
            first_sentence_bonus=float(raw["first_sentence_bonus"]),
            early_chars=int(raw["early_chars"]),
            early_bonus=float(raw["early_bonus"]),
            no_date_fallback=fallback,
        )
    except (KeyError, TypeError, ValueError, re.error) as e:
        if isinstance(e, DateSettingsError):
            raise
        raise DateSettingsError(f"dates settings: {e!r}") from e


@lru_cache(maxsize=1)
def default_settings() -> DateSettings:
    return load_settings()


@dataclass(slots=True)
class DayMention:
    """A day named in one field: where, how, and the calendar day it resolves to."""

    field: str
    start: int
    end: int
    kind: str  # weekday | month_day | day_month | numeric | iso | relative | vague
    day: dt.date | None  # None for vague ones ("last year") and unresolvable ones
    meta: bool = False  # page furniture: "Posted: ..." / "Updated: ..."


def parse_published(value: str | None) -> dt.date | None:
    """The calendar day of a ``published`` value ("2014-01-28", "2022-01-06T15:47+00:00")."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def weekday_on_or_before(ref: dt.date, weekday: int, *, strictly: bool = False) -> dt.date:
    """The most recent ``weekday`` (0 = Monday) on or before ``ref`` (before, if ``strictly``)."""
    back = (ref.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def month_day(ref: dt.date | None, month: int, day: int, year: int | None) -> dt.date | None:
    """A month and day, in ``year`` or else the year that puts it on or just before ``ref``."""
    if year is None:
        if ref is None:
            return None
        year = ref.year
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        return d if d <= ref + dt.timedelta(days=2) else _safe_date(year - 1, month, day)
    return _safe_date(year, month, day)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


#: Words before a day that make it the day a figure was stated (see :meth:`DateReader._stated`).
_STATED_BEFORE = re.compile(
    r"\b(?:said|says|announced|reported|confirmed|told|added|stated|updated|published|released|"
    r"gave|issued)\b[^.;:\n]{0,20}?\b(?:on|late on|early on|late|early|as of)\s+(?:the\s+)?$"
    r"|\b(?:as of|as at|since|until)\s+(?:the\s+)?$",
    re.I,
)
#: A dateline: the day the report was filed ("OSH, 16 March — ...").
_DATELINE_AFTER = re.compile(r"[ \t]*(?:\(\w[^)]{0,30}\)[ \t]*)?(?:—|–|--|-)\s")


class DateReader:
    """Dates of one document, read once; asked about spans of it."""

    def __init__(
        self, doc: Document, *, settings: DateSettings | None = None, holidays: Holidays | None = None
    ) -> None:
        """``holidays``: the names the report's profile resolves (default: the core ones)."""
        self.doc = doc
        self.cfg = settings or default_settings()
        self.holidays = core_holidays() if holidays is None else holidays
        self.published = parse_published(doc.published)
        found = {f: self._find(getattr(doc, f) or "", f) for f in _FIELDS}
        if self.published is None:  # a page's "Posted: ..." line stands in for it
            meta = [self._resolve(d, m) for f in _FIELDS for d, m in found[f] if d.meta]
            meta = [d for d in meta if d]
            self.published = meta[0] if meta else None
        self.mentions = [m for f in _FIELDS for m in self._resolve_all(found[f])]
        self._incident: str | bool | None = False
        self._vague = [(m.field, m.start) for m in self.mentions if m.kind == "vague"]
        self._by_field = {
            f: sorted((m for m in self.mentions if m.field == f), key=lambda m: m.start) for f in _FIELDS
        }
        self._words: dict[tuple[str, int], tuple[list[tuple[int, float]], list[int]]] = {}

    # ------------------------------------------------------------------ public API

    def day_for(self, span: Span, context: tuple[Span, ...] = ()) -> str | None:
        """The calendar day (YYYY-MM-DD) a figure at ``span`` speaks for, or None.

        ``context`` holds other spans that bear on it, such as the sentence that attributes
        the figure ("The updated figure was published ... late on Thursday"). A day named in
        the figure's own sentence wins, then one in the context; with none, the figure speaks
        for the day the report was published. A figure told of "last year" has no day.
        The day it was *stated* wins over other days of its sentence ("Fourteen have died in
        Friday's clashes, the ministry said on Sunday": Sunday), and a day that names the
        event ("Friday's clashes") is never the figure's day: the event's day is kept apart
        (:meth:`incident_day`).
        """
        for field, a, b in [self._sentence_of(span), *(self._sentence_of(c) for c in context)]:
            ms = self._by_field.get(field, [])
            lo = bisect.bisect_left(ms, a, key=lambda m: m.start)
            hi = bisect.bisect_left(ms, b, key=lambda m: m.start)
            inside = [m for m in ms[lo:hi] if not m.meta]
            stated = [m for m in inside if self._stated(m)]
            inside = stated or [m for m in inside if not self._event_day(m)]
            if inside:
                near = min(inside, key=lambda m: _distance(m, span) if m.field == span[0] else 0)
                return near.day.isoformat() if near.day else None
        return self.published.isoformat() if self.published else None

    def _stated(self, m: DayMention) -> bool:
        """A day the figure was given on: "said on Sunday", "as of 10 January", "not updated
        since Thursday", a dateline ("OSH, 16 March —")."""
        text = getattr(self.doc, m.field) or ""
        return bool(
            _STATED_BEFORE.search(text, max(0, m.start - 40), m.start) or _DATELINE_AFTER.match(text, m.end)
        )

    def _event_day(self, m: DayMention) -> bool:
        """A day that names the event, not the figure: "Friday's clashes", "Monday's quake"."""
        text = getattr(self.doc, m.field) or ""
        return text[m.start : m.end].endswith(("'s", "’s")) or text.startswith(("'s", "’s"), m.end)

    def incident_day(self, anchors: list[Span]) -> str | None:
        """The day the main incident happened; ``anchors`` are its figures' spans (may be empty)."""
        if not anchors and self._incident is not False:
            return self._incident  # type: ignore[return-value]
        day = self._incident_day(anchors)
        if not anchors:
            self._incident = day
        return day

    # ------------------------------------------------------------------ finding

    def _find(self, text: str, field: str) -> list[tuple[DayMention, re.Match]]:
        """Every day expression of ``text`` with its match, unresolved (``day`` still None)."""
        out: list[tuple[DayMention, re.Match]] = []
        taken: list[tuple[int, int]] = []
        low = text.lower()
        if len(low) != len(text):  # a letter whose lower case is longer: keep offsets exact
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        for kind, pat, lower in _DAY_PATTERNS:
            need = _NEEDS.get(kind)
            if need and need not in text:
                continue
            for m in _windowed(pat, low, _ANCHORS[kind]) if lower else pat.finditer(text):
                s, e = m.span()
                if s and text[s - 1].isalnum():
                    continue  # inside a word: "Sunday" in "Sundays" is fine, "Mar" in "Omar 3" is not
                k = bisect.bisect_left(taken, (s, e))  # taken: sorted, disjoint spans
                if (k and taken[k - 1][1] > s) or (k < len(taken) and taken[k][0] < e):
                    continue
                taken.insert(k, (s, e))
                meta = bool(_META.search(text[max(0, s - 40) : s]))
                out.append((DayMention(field, s, e, kind, None, meta), m))
        out.sort(key=lambda t: t[0].start)
        return out

    def _resolve_all(self, found: list[tuple[DayMention, re.Match]]) -> list[DayMention]:
        for d, m in found:
            d.day = self._resolve(d, m)
        return [d for d, _ in found]

    def _resolve(self, d: DayMention, m: re.Match) -> dt.date | None:
        ref = self.published
        g = m.groupdict()
        if d.kind == "weekday":
            if g.get("mon") and g.get("day"):
                year = int(g["year"]) if g.get("year") else None
                return month_day(ref, _MONTHS[g["mon"][:3].lower()], int(g["day"]), year)
            if ref is None:
                return None
            text = getattr(self.doc, d.field) or ""
            last = bool(_LAST.search(text[max(0, d.start - 12) : d.start]))
            return weekday_on_or_before(ref, _WEEKDAYS.index(g["wd"].lower()), strictly=last)
        if d.kind in ("month_day", "day_month"):
            mon = _MONTHS[g["mon"][:3].lower()]
            return month_day(ref, mon, int(g["day"]), int(g["year"]) if g.get("year") else None)
        if d.kind in ("numeric", "iso"):
            y = int(g["y"])
            y = y + 2000 if y < 100 else y
            return _safe_date(y, int(g["m"]), int(g["d"]))
        if d.kind == "overnight":
            return ref
        if d.kind == "holiday":
            return holiday_day(self.holidays, ref, g["hol"])
        if d.kind == "relative":
            if ref is None:
                return None
            rel = g["rel"].lower()
            if g.get("ago"):
                n = _SMALL.get(g["ago"].lower()) or int(g["ago"])
                return ref - dt.timedelta(days=n)
            if rel in ("yesterday", "last night"):
                return ref - dt.timedelta(days=1)
            return ref
        return None  # vague: "last year"

    # ------------------------------------------------------------------ the incident's day

    def _incident_day(self, anchors: list[Span]) -> str | None:
        cfg = self.cfg
        regions = [self._sentence_of(a) for a in anchors]
        best: tuple[float, int] | None = None
        best_day: dt.date | None = None
        for n, d in enumerate(self.mentions):
            if d.meta or d.day is None:
                continue
            if self.published and d.day > self.published + dt.timedelta(days=1):
                continue  # a day after publication: a hearing, a funeral, not the incident
            score = self._score(d, regions)
            if best is None or (score, -n) > best:
                best, best_day = (score, -n), d.day
        if best_day is not None and best is not None and best[0] >= 0:
            return best_day.isoformat()
        if self.published is None:
            return best_day.isoformat() if best_day else None
        if cfg.no_date_fallback == "published":
            return self.published.isoformat()
        if cfg.no_date_fallback == "day_before":
            return (self.published - dt.timedelta(days=1)).isoformat()
        return None

    def _score(self, d: DayMention, regions: list[Span]) -> float:
        cfg = self.cfg
        text = getattr(self.doc, d.field) or ""
        _, a, b = self._sentence_of((d.field, d.start, d.end))
        sentence = text[a:b]
        rel, rel_end = d.start - a, d.end - a
        score = 0.0
        events, others = self._words_of(d.field, a, sentence)
        if events:
            # the event word that best explains this day: strong and near ("died Sunday of
            # wounds suffered Saturday night": Saturday is the shooting's day)
            near, w = max(events, key=lambda e: e[1] / (1 + _gap(e[0], rel, rel_end) / cfg.decay_chars))
            score += w / (1 + _gap(near, rel, rel_end) / cfg.decay_chars)
            # "in critical condition Tuesday after he was shot": Tuesday is the status's day
            if near > rel and re.search(r"(?i)\b(?:after|since|following)\b", sentence[rel:near]):
                score -= cfg.status_penalty
        else:  # the event told in the next sentence: "arrived early Sunday. They found him shot"
            nxt = text[b : b + 200]
            if cfg.event_words.search(nxt.split("\n", 1)[0]):
                score += cfg.next_sentence_weight
        if cfg.said_words.search(sentence[max(0, rel - 30) : rel]):
            score -= cfg.other_weight  # "police said Tuesday": the day of the telling
        if others:
            near_other = min(_gap(p, rel, rel_end) for p in others)
            near_event = min((_gap(p, rel, rel_end) for p, _ in events), default=10**6)
            if near_other < near_event:
                score -= cfg.other_weight
        if d.kind == "overnight":
            score -= cfg.overnight_penalty
        if any(f == d.field and a <= p < b for f, p in self._vague):
            score -= cfg.other_weight / 2
        if d.field == "title":
            score += cfg.title_bonus if events else 0.0
        elif d.field == "text" and d.start < cfg.early_chars:
            score += cfg.early_bonus
        if d.field == "text" and self._first_sentence(d.start):
            score += cfg.first_sentence_bonus
        if any(f == d.field and ra <= d.start < rb for f, ra, rb in regions):
            score += cfg.anchor_bonus
        return score

    def _words_of(self, field: str, a: int, sentence: str) -> tuple[list[tuple[int, float]], list[int]]:
        """Event words (position, weight) and words of later happenings of one sentence, cached."""
        key = (field, a)
        if key not in self._words:
            cfg = self.cfg
            events = [(m.start(), cfg.event_weight) for m in cfg.event_words.finditer(sentence)]
            events += [(m.start(), cfg.weak_event_weight) for m in cfg.weak_event_words.finditer(sentence)]
            self._words[key] = (events, [m.start() for m in cfg.other_words.finditer(sentence)])
        return self._words[key]

    # ------------------------------------------------------------------ spans

    def _sentence_of(self, span: Span) -> Span:
        field, start, end = span
        return sentence_at(field, getattr(self.doc, field, None) or "", start, end)

    def _first_sentence(self, pos: int) -> bool:
        sents = sentence_starts(self.doc.text or "")[1]  # split once, cached
        for a, b in sents[:1]:
            return a <= pos < b
        return False


def _windowed(pat: re.Pattern, low: str, anchors: tuple[str, ...]) -> list[re.Match]:
    """Matches of ``pat`` in ``low`` near any of the ``anchors`` (each match once, in order)."""
    found: dict[int, re.Match] = {}
    for word in anchors:
        p = low.find(word)
        while p != -1:
            for m in pat.finditer(low, max(0, p - 16), p + len(word) + 24):
                found.setdefault(m.start(), m)
            p = low.find(word, p + 1)
    return [found[k] for k in sorted(found)]


@lru_cache(maxsize=64)
def sentence_starts(text: str) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
    """The start of each sentence of ``text`` (sorted, for bisecting), and the sentences' spans."""
    spans = sentence_spans(text)
    return tuple(a for a, _ in spans), spans


def sentence_at(field: str, text: str, start: int, end: int) -> Span:
    """The sentence of ``text`` that holds ``start`` (stretched to ``end``), as a span."""
    starts, spans = sentence_starts(text)
    k = bisect.bisect_right(starts, start) - 1
    if k >= 0 and spans[k][1] > start:
        return field, spans[k][0], max(spans[k][1], end)
    return field, start, end


def _gap(p: int, start: int, end: int) -> int:
    """Characters between position ``p`` and the span ``start:end``."""
    return start - p if p < start else max(0, p - end)


def _distance(m: DayMention, span: Span) -> int:
    _, s, e = span
    if s <= m.start < e:
        return 0
    return min(abs(m.start - e), abs(m.end - s))
