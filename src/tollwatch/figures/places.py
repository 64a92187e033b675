"""Places: where each figure is about, and where the main incident happened.

A :class:`PlaceReader` scans a document once for place mentions -- datelines
("ROCKY MOUNT, N.C. (AP) --"), "<Town>, <State>", "<Town> police", "the city of <Town>",
"in <Town>", title mentions, countries and demonyms -- and resolves each against the
offline gazetteer (:mod:`tollwatch.figures.geo`). Ambiguous names ("Springfield",
"Jackson") are resolved with the document's own evidence: a state pinned beside the name,
the states and countries the document mentions, then population. How much each kind of cue
weighs lives in ``data/gazetteer/places.json``.

    places = PlaceReader(doc)
    places.incident_place([])                  # the main incident's town, or None
    places.place_for(("text", 120, 160))       # the place a figure at that span is about
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from tollwatch.contract import Document, Place
from tollwatch.figures.dates import sentence_at, sentence_starts
from tollwatch.figures.geo import CITY, COUNTRY, COUNTY, STATE, Gazetteer, display_name, gazetteer, name_key
from tollwatch.figures.geo_settings import PlaceSettings, PlaceSettingsError, default_settings, load_settings
from tollwatch.figures.geo_text import (
    DATELINE,
    LOWER_WORD,
    NAME_BEFORE,
    PLACE_PREPOSITIONS,
    SEQ,
    SKIP_LEADING,
    SPLIT_SITE,
    STATE_AFTER,
    TOKEN,
    ends_with_any,
    first_word,
    is_caps,
    km_between,
    last_word,
    sentence_initial,
    seq_start,
    starts_with_any,
    strip_possessive,
    url_words,
    word_end,
    written_name,
)

__all__ = [
    "Mention",
    "PlaceReader",
    "PlaceSettings",
    "PlaceSettingsError",
    "default_settings",
    "load_settings",
]

Span = tuple[str, int, int]  # (evidence field, start, end)

_FIELDS = ("title", "standfirst", "text")
#: Cues strong enough to keep a name the gazetteer does not hold.
_COUNTY_WORDS = ("county", "parish", "borough")
_STATE_OR_COUNTRY = "state_or_country"
_STRONG = frozenset(("dateline", "name_state", "police", "city_of", "county_police"))


@dataclass(slots=True)
class Mention:
    """One place named in one field of the document."""

    field: str
    start: int
    end: int
    surface: str
    cue: str
    state: str | None = None  # USPS code written beside it ("Hermitage, Tenn.")
    country: str | None = None  # ISO code, for country names and demonyms


@dataclass(slots=True)
class _Resolved:
    key: tuple
    place: Place
    kind: str
    population: int


class PlaceReader:
    """Places of one document, read once; asked about spans of it."""

    def __init__(
        self, doc: Document, *, gaz: Gazetteer | None = None, settings: PlaceSettings | None = None
    ) -> None:
        self.doc = doc
        self.gaz = gaz or gazetteer()
        self.cfg = settings or default_settings()
        self.mentions: list[Mention] = []
        self._after_given: set[str] = set()  # "McKinney" in "April McKinney"
        body = doc.text or ""
        self._lower = frozenset(LOWER_WORD.findall(body))
        self._scanned = {f: len(getattr(doc, f) or "") for f in _FIELDS}
        self._scanned["text"] = min(self._scanned["text"], self.cfg.scan_chars)
        self._late: dict[int, list[Mention]] = {}  # mentions past scan_chars, read on demand
        self._by_field: dict[str, list[Mention]] | None = None
        for field in _FIELDS:
            text = getattr(doc, field) or ""
            if text:
                self.mentions.extend(self._scan(field, text, 0, self._scanned[field]))
        slug = url_words(doc.url)
        if slug:  # "/four-people-shot-behind-church-in-rocky-mount/": a headline of sorts
            self.mentions.extend(m for m in self._scan("url", slug) if m.cue == "url")
        in_title = [
            m for m in self.mentions if m.field == "title" and m.cue not in ("state", "country", "demonym")
        ]
        if len(in_title) >= self.cfg.title_list_min:  # "Winchester, Breaking News, Decherd, Sewanee, ..."
            dropped = {id(m) for m in in_title}
            self.mentions = [m for m in self.mentions if id(m) not in dropped]
        persons = self._after_given | self._said_names(body)
        if persons:  # a single name that is also a person's in this report is weak evidence
            self.mentions = [
                m
                for m in self.mentions
                if not (
                    m.cue in ("plain", "title", "resident", "in", "url")
                    and " " not in m.surface
                    and m.surface in persons
                )
            ]
        self._both_is_country = False
        self._states, self._country = self._evidence()
        self._cache: dict[tuple, _Resolved | None] = {}
        self._main: _Resolved | bool | None = False

    # ------------------------------------------------------------------ public API

    @property
    def country(self) -> str | None:
        """The country the report is about (ISO code), from all the places it names."""
        return self._country

    def place_for(self, span: Span, context: tuple[Span, ...] = ()) -> Place | None:
        """The place a figure at ``span`` is about, or None.

        ``context`` holds other spans that bear on it, such as its attribution sentence.
        Looks in the figure's own sentence first, then the context, then the sentences
        before it in its paragraph, and falls back to the report's main place.
        """
        own = [self._sentence_of(span), *(self._sentence_of(c) for c in context)]
        for region in own:
            best = self._best_in(*region, near=span[1])
            if best is not None:
                return best.place
        field, a, b = own[0]
        main = self._main_place()
        country = self._country_place(main)
        if country is not None and self.cfg.national_words.search(
            (getattr(self.doc, field, None) or "")[a:b]
        ):
            return country  # "detaining lawbreakers across the country"
        for region in self._before(span, own[0]):
            best = self._best_in(*region, near=span[1])
            if best is not None:
                return best.place
        if country is not None and self._national_scope(main):
            return country
        return main.place if main else None

    def _country_place(self, main: _Resolved | None) -> Place | None:
        iso = main.place.country if main else self._country
        i = self.gaz.country_entry.get(iso or "")
        return self.gaz.place(i) if i is not None else None

    def _national_scope(self, main: _Resolved | None) -> bool:
        """Does the report speak of its country at least as often as of its main town?"""
        if main is None or main.kind == COUNTRY:
            return main is not None
        country = sum(1 for m in self.mentions if m.cue == "country" and m.country == main.place.country)
        town = sum(
            1
            for m in self.mentions
            if m.cue not in ("country", "demonym", "state") and self._resolve(m) == main
        )
        return country >= town

    def incident_place(self, anchors: list[Span]) -> Place | None:
        """Where the main incident happened; ``anchors`` are its figures' spans (may be empty)."""
        best = self._main_place(anchors)
        return best.place if best else None

    # ------------------------------------------------------------------ scanning

    def _scan(self, field: str, text: str, lo: int = 0, hi: int | None = None) -> list[Mention]:
        """Place mentions of ``text[lo:hi]`` (the whole text by default)."""
        hi = len(text) if hi is None else hi
        cfg, gaz = self.cfg, self.gaz
        out: list[Mention] = []
        taken: list[tuple[int, int]] = []
        if field == "text":
            for m in DATELINE.finditer(text, lo, hi):
                name = m.group("name").strip(" .")
                if m.group("alone") and not name.isupper():
                    continue  # a short line in title case is a heading, not a dateline
                state = self._state_form(m.group("state"))
                if m.group("state") and not state and not gaz.country_code(m.group("state")):
                    continue
                if not gaz.has(name) and not state:
                    continue
                if name in cfg.not_places or name.casefold() in SKIP_LEADING:
                    continue
                s = m.start("name")
                iso = None if state else gaz.country_code(m.group("state") or "")
                out.append(Mention(field, s, s + len(name), name, "dateline", state=state, country=iso))
                taken.append((s, s + len(name)))
        site_from = len(text)
        title_case = field == "url"
        if field == "title":
            parts = list(SPLIT_SITE.finditer(text))
            if parts:
                site_from = parts[-1].end()
            words = re.findall(r"[A-Za-z]{4,}", text)
            title_case = bool(words) and sum(w[0].isupper() for w in words) / len(words) > 0.6
        body_lower = self._lower | (frozenset(LOWER_WORD.findall(text)) if field == "title" else frozenset())
        gaz = self.gaz
        for seq in SEQ.finditer(text, lo, hi):
            if not seq_start(text, seq.start()):
                continue
            word = seq.group()
            if " " not in word and "\t" not in word:  # one word, most often no place: decide cheaply
                bare = strip_possessive(word)
                if bare.casefold() in SKIP_LEADING or (
                    bare not in gaz.demonyms and not gaz.first_word(name_key(bare).split(" ", 1)[0])
                ):
                    continue
            if taken and any(a <= seq.start() < b for a, b in taken):
                continue
            toks = [
                (t.start() + seq.start(), t.end() + seq.start(), t.group())
                for t in TOKEN.finditer(seq.group())
            ]
            if all(is_caps(t[2]) for t in toks) and field != "title":
                continue  # running capitals (TV transcripts, shouting headlines): datelines only
            if field == "text" and len(toks) > 1:
                self._note_given_names(toks)
            keys = [name_key(strip_possessive(t[2])) for t in toks]
            i = 0
            while i < len(toks):
                hit = self._match(toks, keys, i)
                if hit is None:
                    i += 1
                    continue
                j, kind, code = hit
                s, e = toks[i][0], toks[j - 1][1]
                surface = strip_possessive(text[s:e])
                e = s + len(surface)
                lead = toks[:i]
                part_of_name = lead and not all(
                    t[2].casefold() in SKIP_LEADING | cfg.directions for t in lead
                )
                if part_of_name and len(lead) == 1 and sentence_initial(text, lead[0][0]):
                    # "Missing Palmer teen ...": capitalised only because it opens the sentence
                    word = lead[0][2].casefold()
                    part_of_name = word not in body_lower and word not in cfg.stop_words
                if part_of_name and (field not in ("title", "url") or not title_case):
                    i = j  # "Nash General ...", "John Chicago": part of another name
                    continue
                trail = toks[j:]
                if toks[j - 1][2].endswith(("'s", "’s")):
                    trail = []  # "Chicago's South Side": what follows belongs to the place
                lead_at = lead[0][0] if lead and not part_of_name else s  # "in SW Houston": "in" leads
                mention = self._cue(
                    field, text, s, e, surface, trail, kind, code, s >= site_from, title_case, lead_at
                )
                if mention is not None and self._plausible(mention, kind, text, s, body_lower, title_case):
                    out.append(mention)
                i = j
        return out

    def _match(
        self, toks: list[tuple[int, int, str]], keys: list[str], i: int
    ) -> tuple[int, str, str | None] | None:
        """The longest place name starting at token ``i``: (end token, kind, code).

        ``keys`` are the tokens folded by :func:`name_key` (a possessive "'s" dropped).
        """
        gaz = self.gaz
        first = toks[i][2]
        n = min(len(toks), i + 5)
        # "Kazakh authorities": a demonym, unless it starts a longer place name
        if (
            first in gaz.demonyms
            and not first.endswith(("'s", "’s"))
            and not any(gaz.lookup_key(" ".join(keys[i:j])) for j in range(i + 2, n + 1))
        ):
            return i + 1, "demonym", gaz.demonyms[first]
        head = keys[i].split(" ", 1)[0]
        if not gaz.first_word(head):
            return None
        for j in range(n, i, -1):
            key = " ".join(keys[i:j])
            iso = gaz.country_of_key(key)
            ids = gaz.lookup_key(key)
            states = [x for x in ids if gaz.kind(x) == STATE]
            if iso and states:  # "Georgia": the state or the country, as the report's evidence says
                return j, _STATE_OR_COUNTRY, f"{gaz.admin1(states[0])}|{iso}"
            if iso:
                return j, COUNTRY, iso
            if ids:
                if states and not any(
                    gaz.kind(x) == CITY
                    and gaz.country(x) == "US"
                    and gaz.population(x) >= 100000
                    and name_key(gaz.name(x)) == key
                    for x in ids
                ):  # "Oklahoma", "Virginia" are states; "Washington" may be the city
                    return j, STATE, gaz.admin1(states[0])
                return j, CITY, None
        return None

    def _cue(
        self, field, text, s, e, surface, trail, kind, code, in_site, title_case, lead_at
    ) -> Mention | None:
        cfg = self.cfg
        if kind == "demonym":
            return Mention(field, s, e, surface, "demonym", country=code)
        if kind == COUNTRY:
            if trail and not title_case:
                return None  # "Jordan Middleton", "Chad Smith": a person
            return Mention(field, s, e, surface, "country", country=code)
        if kind == STATE:
            return Mention(field, s, e, surface, "state", state=code)
        if kind == _STATE_OR_COUNTRY:
            state, iso = code.split("|")
            return Mention(field, s, e, surface, "state", state=state, country=iso)
        after = text[e : e + 40]
        before = text[max(0, lead_at - 30) : lead_at]
        state = None
        m = STATE_AFTER.match(after)
        if m:
            state = self._state_form(m.group(1))
        if field == "url":
            cue = "url" if " " in surface or self._own_name_population(surface) >= 5000 else "none"
        elif field == "title" and in_site:
            cue = "site"
        elif m and state:
            cue = "name_state"
        elif trail and not title_case:
            trail_words = " ".join(t[2] for t in trail).casefold()
            if starts_with_any(trail_words, cfg.after_county_police) and surface.lower().endswith(
                ("county", "parish", "borough")
            ):
                cue = "county_police"
            elif starts_with_any(trail_words, cfg.after_police):
                cue = "police"
            else:
                return None  # "Edwards Street", "Atlanta Braves": part of another name
        else:
            low_after = after.casefold().lstrip()
            county = surface.lower().endswith(("county", "parish", "borough"))
            if county and starts_with_any(low_after, cfg.after_county_police):
                cue = "county_police"
            elif starts_with_any(low_after, cfg.after_police) and word_end(low_after, cfg.after_police):
                cue = "police"
            elif ends_with_any(before.casefold().rstrip(), cfg.before_city_of):
                cue = "city_of"
            elif last_word(before) in cfg.before_in:
                cue = "in"
            elif first_word(after) in cfg.after_resident:
                cue = "resident"
            elif field == "title":
                cue = "title"
            else:
                cue = "plain"
        return Mention(field, s, e, surface, cue, state=state)

    def _plausible(self, m: Mention, kind, text, s, body_lower, title_case) -> bool:
        """Weak cues need a name that is not a common word and a town of some size."""
        if m.cue in ("dateline", "name_state", "state", "country"):
            return True
        if m.surface in self.cfg.not_places:
            return False
        if m.cue in _STRONG:
            return True
        if m.cue == "demonym":
            return True
        single = " " not in m.surface
        if single and m.surface.casefold() in self.cfg.stop_words:
            return False
        if single and m.surface.casefold() in body_lower:
            return False  # also written in lower case: a word, not a name ("Man", "Justice")
        if m.cue in ("plain", "site") and single and sentence_initial(text, s) and not title_case:
            return False
        pop = max((self.gaz.population(i) for i in self.gaz.lookup(m.surface)), default=0)
        is_county = m.surface.lower().endswith(("county", "parish"))
        if m.cue == "plain":
            return is_county or pop >= self.cfg.plain_min_population
        if m.cue in ("title", "site"):
            if single and sentence_initial(text, s) and not title_case:  # "Killeen 2-year-old ..."
                return pop >= self.cfg.plain_min_population
            return is_county or pop >= self.cfg.title_min_population
        return True

    def _own_name_population(self, surface: str) -> int:
        """Population of the largest town whose own name (not an old one) is ``surface``."""
        key = name_key(surface)
        return max(
            (self.gaz.population(i) for i in self.gaz.lookup(surface) if name_key(self.gaz.name(i)) == key),
            default=0,
        )

    def _said_names(self, body: str) -> set[str]:
        """Names a verb of telling follows ("McKinney said"), not after "in"/"of" (a place's)."""
        names: set[str] = set()
        for verb in self.cfg.after_person:
            p = body.find(" " + verb)
            while p != -1:
                end = p + 1 + len(verb)
                if end >= len(body) or not body[end].isalpha():
                    m = NAME_BEFORE.search(body, max(0, p - 40), p)
                    if m and (m.group(1) or "").casefold() not in PLACE_PREPOSITIONS:
                        names.add(m.group(2))
                p = body.find(" " + verb, p + 1)
        return names

    def _note_given_names(self, toks: list[tuple[int, int, str]]) -> None:
        """Remember names written after a capitalised given name ("April McKinney")."""
        skip = SKIP_LEADING | self.cfg.directions
        for (_, _, prev), (_, _, cur) in itertools.pairwise(toks):
            if (
                (prev[1:].islower() or (len(prev) == 2 and prev[1] == "."))
                and prev.casefold() not in skip
                and prev not in self.cfg.not_places
                and cur not in ("County", "Parish")
                and not self.gaz.has(prev + " " + cur)
            ):
                self._after_given.add(strip_possessive(cur))

    def _state_form(self, form: str | None) -> str | None:
        if not form:
            return None
        form = form.strip()
        code = self.gaz.state_code(form) or self.gaz.state_code(form.rstrip("."))
        if code is None and not form.endswith("."):
            code = self.gaz.state_code(form + ".")
        if code is None and form.isupper() and len(form) > 2:  # "N.C" / "TENN." in a dateline
            code = self.gaz.state_code(form.title()) or self.gaz.state_code(form.title() + ".")
        return code

    # ------------------------------------------------------------------ evidence and resolution

    def _evidence(self) -> tuple[dict[str, float], str | None]:
        """States and the country the report is about: written states, countries, big towns."""
        gaz = self.gaz
        states: dict[str, float] = defaultdict(float)
        countries: dict[str, float] = defaultdict(float)
        both = [m for m in self.mentions if m.cue == "state" and m.state and m.country]
        for m in self.mentions:
            if m.cue == "state" and m.state and m.country:
                continue  # "Georgia": decided below
            if m.state:
                states[m.state] += 2 if m.cue in ("dateline", "name_state") else 1
            if m.country:
                countries[m.country] += 0.5 if m.cue == "demonym" else 1
        us_town = False  # a town whose largest namesake is American
        for m in self.mentions:  # a big town that is clearly itself ("Detroit", "Seattle")
            if m.cue in ("state", "country", "demonym") or m.state:
                continue
            ids = [i for i in gaz.lookup(m.surface) if gaz.kind(i) == CITY]
            us_town = us_town or bool(ids and gaz.country(ids[0]) == "US")
            if ids and gaz.population(ids[0]) >= self.cfg.evidence_min_population:
                second = gaz.population(ids[1]) if len(ids) > 1 else 0
                if gaz.population(ids[0]) >= 5 * second and name_key(gaz.entry(ids[0]).name) == name_key(
                    m.surface
                ):
                    cc = gaz.country(ids[0])
                    countries[cc] += 0.5
                    a1 = gaz.admin1(ids[0])
                    if cc == "US" and a1:
                        states[a1] += 0.5
        us = bool(states) or countries.get("US", 0) > 0 or us_town
        for m in both:  # the state in a report about the US, else the country
            if us:
                states[m.state or ""] += 1
            else:
                countries[m.country or ""] += 1
        self._both_is_country = not us
        if states:
            countries["US"] += 2 * sum(states.values())
        country = max(countries, key=lambda k: countries[k]) if countries else None
        return states, country

    def _resolve(self, m: Mention) -> _Resolved | None:
        key = (m.surface.casefold(), m.state, m.country, m.cue in ("country", "demonym"))
        if key not in self._cache:
            self._cache[key] = self._resolve_uncached(m)
        return self._cache[key]

    def _resolve_uncached(self, m: Mention) -> _Resolved | None:
        gaz, cfg = self.gaz, self.cfg
        if m.cue in ("country", "demonym"):
            i = gaz.country_entry.get(m.country or "")
            return None if i is None else _Resolved(("gaz", i), gaz.place(i), COUNTRY, gaz.population(i))
        if m.cue == "state":
            if m.country and self._both_is_country:  # "clashes in Georgia" abroad
                i = gaz.country_entry.get(m.country)
                return None if i is None else _Resolved(("gaz", i), gaz.place(i), COUNTRY, gaz.population(i))
            return None
        ids = [i for i in gaz.lookup(m.surface) if gaz.kind(i) in (CITY, COUNTY)]
        top_state = max(self._states, key=lambda k: self._states[k]) if self._states else None
        if m.state:
            ids = [i for i in ids if gaz.country(i) == "US" and gaz.admin1(i) == m.state]
            if not ids:  # a place too small for the gazetteer: keep the name as written
                return self._as_written(m, m.state, "US")
        pinned = m.country if m.cue == "dateline" else None
        if pinned:  # "KABUL, Afghanistan (AP) --"
            ids = [i for i in ids if gaz.country(i) == pinned]
            if not ids:
                return self._as_written(m, None, pinned)
        elif self._country and not m.state:  # a report about one country: its towns before namesakes abroad
            local = [i for i in ids if gaz.country(i) == self._country]
            if local:
                ids = local
            elif ids and max(gaz.population(i) for i in ids) < cfg.foreign_min_population:
                ids = []
        if not ids:
            return self._as_written(m, top_state, self._country) if m.cue in _STRONG else None
        most = max(self._states.values(), default=0)

        key = name_key(m.surface)

        def score(i: int) -> float:
            s = math.log10(gaz.population(i) + 10)
            if name_key(gaz.entry(i).name) == key:
                s += cfg.own_name_bonus  # "Salina" is Salina, Kan., before an old name of Larnaca
            if gaz.country(i) == "US" and most:
                s += cfg.state_evidence_bonus * self._states.get(gaz.admin1(i) or "", 0) / most
            return s

        best = max(ids, key=score)
        elsewhere = self._country == "US" and top_state and gaz.admin1(best) not in self._states
        if elsewhere and (
            name_key(gaz.name(best)) != name_key(m.surface)
            or (
                self._states.get(top_state or "", 0) >= 2
                and gaz.population(best) < cfg.evidence_min_population
            )
        ):
            # an old name of a town elsewhere ("Wellston" was Warner Robins, Ga.), or a namesake
            # in a state the report never mentions while it pins another one
            return self._as_written(m, top_state, "US") if m.cue in _STRONG else None
        return _Resolved(("gaz", best), gaz.place(best), gaz.kind(best), gaz.population(best))

    def _as_written(self, m: Mention, state: str | None, country: str | None) -> _Resolved:
        """A place the gazetteer does not hold (a hamlet, a township): its name as written."""
        name = display_name(written_name(m.surface))
        admin1 = self.gaz.state_names.get(state) if state and country == "US" else None
        place = Place(name=name, admin1=admin1, country=country)
        return _Resolved(("raw", name_key(name), admin1, country), place, CITY, 0)

    def _weight(self, m: Mention) -> float:
        cue = "country" if m.cue == "state" and m.country and self._both_is_country else m.cue
        w = self.cfg.weights.get(cue, 0.0)
        if m.cue not in ("country", "demonym") and m.surface.lower().endswith(_COUNTY_WORDS):
            w *= self.cfg.county_factor  # a county is the place only when no town is named
        if m.field == "text" and m.start < self.cfg.early_chars:
            w *= self.cfg.early_bonus
        return w

    def _main_place(self, anchors: list[Span] | None = None) -> _Resolved | None:
        if not anchors and self._main is not False:
            return self._main  # type: ignore[return-value]
        regions = [self._sentence_of(a) for a in anchors or ()]
        scores: dict[tuple, float] = defaultdict(float)
        first: dict[tuple, int] = {}
        places: dict[tuple, _Resolved] = {}
        countries: dict[tuple, float] = defaultdict(float)
        policed: set[tuple] = set()
        for n, m in enumerate(self.mentions):
            r = self._resolve(m)
            if r is None:
                continue
            w = self._weight(m)
            if any(f == m.field and a <= m.start < b for f, a, b in regions):
                w *= self.cfg.anchor_bonus
            places[r.key] = r
            first.setdefault(r.key, n)
            if m.cue == "police":
                policed.add(r.key)
            if r.kind == COUNTRY:
                countries[r.key] += w
            else:
                scores[r.key] += w
        self._fold_neighbourhoods(scores, places, policed)
        best: _Resolved | None = None
        if scores:
            key = max(scores, key=lambda k: (scores[k], -first[k]))
            best = places[key]
        elif countries:
            best = places[max(countries, key=lambda k: (countries[k], -first[k]))]
        if not anchors:
            self._main = best
        return best

    def _fold_neighbourhoods(
        self, scores: dict[tuple, float], places: dict[tuple, _Resolved], policed: set[tuple]
    ) -> None:
        """Count a neighbourhood ("Englewood", "Coney Island") for the big city around it.

        A place is taken for a part of a city when the city is named with its police
        ("Chicago police"), it has no police of its own in the report, lies within the
        city's reach and is far smaller.
        """
        cities = [places[k] for k in policed if k in scores and places[k].place.lat is not None]
        if not cities:
            return
        for k in list(scores):
            small = places[k]
            if k in policed or small.place.lat is None or small.kind != CITY:
                continue
            for big in cities:
                if big.key == k or big.population < max(self.cfg.city_min_population, 5 * small.population):
                    continue
                reach = self.cfg.city_reach_km * math.sqrt(big.population / 1e6)
                if km_between(small.place, big.place) <= max(reach, 5.0):
                    scores[big.key] += scores.pop(k)
                    break

    # ------------------------------------------------------------------ spans

    def _sentence_of(self, span: Span) -> Span:
        field, start, end = span
        return sentence_at(field, getattr(self.doc, field, None) or "", start, end)

    def _mentions_in(self, field: str, a: int, b: int) -> list[Mention]:
        """The mentions of ``field[a:b]``, reading a stretch past ``scan_chars`` when asked."""
        if self._by_field is None:
            self._by_field = {f: [] for f in _FIELDS}
            for m in self.mentions:
                if m.field in self._by_field:
                    self._by_field[m.field].append(m)
            for ms in self._by_field.values():
                ms.sort(key=lambda m: m.start)
        ms = self._by_field.get(field, [])
        lo = bisect.bisect_left(ms, a, key=lambda m: m.start)
        hi = bisect.bisect_left(ms, b, key=lambda m: m.start)
        found = ms[lo:hi]
        if b > self._scanned.get(field, 0):
            if a not in self._late:
                text = getattr(self.doc, field) or ""
                start = max(a, self._scanned[field])
                self._late[a] = [m for m in self._scan(field, text, start, b) if m.cue != "dateline"]
            found = found + [m for m in self._late[a] if a <= m.start < b]
        return found

    def _before(self, span: Span, sentence: Span) -> list[Span]:
        """The (up to two) sentences before ``sentence`` in the same paragraph, nearest first."""
        field, start, _ = span
        text = getattr(self.doc, field, None) or ""
        starts, spans = sentence_starts(text)
        k = bisect.bisect_right(starts, sentence[1]) - 1  # looked up, not scanned: linear reading
        while k >= 0 and spans[k][1] > sentence[1]:
            k -= 1
        # the last two sentences ending by the sentence's end that start in its paragraph
        prev = [spans[j] for j in range(k, max(k - 2, -1), -1) if "\n" not in text[spans[j][0] : start]]
        return [(field, a, b) for a, b in prev]

    def _best_in(self, field: str, a: int, b: int, near: int) -> _Resolved | None:
        found = []
        for m in self._mentions_in(field, a, b):
            if m.cue != "state" or (m.country and self._both_is_country):
                r = self._resolve(m)
                if r is not None:
                    rank = 0 if r.kind != COUNTRY else 1
                    found.append((rank, -self.cfg.weights.get(m.cue, 0), abs(m.start - near), r))
        if not found:
            return None
        return min(found, key=lambda t: t[:3])[3]
