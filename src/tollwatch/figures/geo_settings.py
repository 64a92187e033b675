"""Settings of the place reader: cue weights, word lists, thresholds (``data/gazetteer/places.json``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path


class PlaceSettingsError(ValueError):
    """A places settings file is malformed."""


@dataclass(frozen=True, slots=True)
class PlaceSettings:
    weights: dict[str, float]
    early_chars: int
    early_bonus: float
    anchor_bonus: float
    plain_min_population: int
    title_min_population: int
    state_evidence_bonus: float
    country_evidence_bonus: float
    foreign_min_population: int
    evidence_min_population: int
    own_name_bonus: float
    county_factor: float
    city_min_population: int
    city_reach_km: float
    title_list_min: int
    scan_chars: int
    stop_words: frozenset[str]
    national_words: re.Pattern
    before_in: frozenset[str]
    before_city_of: tuple[str, ...]
    after_police: tuple[str, ...]
    after_county_police: tuple[str, ...]
    after_resident: frozenset[str]
    after_person: tuple[str, ...]
    directions: frozenset[str]
    not_places: frozenset[str]


_CUES = ("dateline", "name_state", "police", "city_of", "in", "title", "resident", "plain", "site",
         "county_police", "country", "demonym", "url")  # fmt: skip


def load_settings(path: str | Path | None = None) -> PlaceSettings:
    """The packaged settings, overridden key by key by the JSON file at ``path``."""
    with (
        resources.files("tollwatch").joinpath("data", "gazetteer", "places.json").open(encoding="utf-8") as f
    ):
        raw = json.load(f)
    if path is not None:
        with open(path, encoding="utf-8") as f:
            user = json.load(f)
        if not isinstance(user, dict):
            raise PlaceSettingsError(f"{path}: expected a JSON object")
        raw = raw | {k: (raw.get(k, {}) | v if k == "weights" else v) for k, v in user.items()}
    try:
        weights = {k: float(v) for k, v in raw["weights"].items()}
        missing = [c for c in _CUES if c not in weights]
        if missing:
            raise PlaceSettingsError(f"places settings: no weight for cue(s) {missing}")

        def words(key: str) -> list[str]:
            v = raw[key]
            if not isinstance(v, list) or not all(isinstance(w, str) and w for w in v):
                raise PlaceSettingsError(f"places settings: {key!r} must be a list of words")
            return v

        # longest first, so that "police department" wins over "police"
        by_len = lambda ws: tuple(sorted((w.casefold() for w in ws), key=len, reverse=True))  # noqa: E731
        return PlaceSettings(
            weights=weights,
            early_chars=int(raw["early_chars"]),
            early_bonus=float(raw["early_bonus"]),
            anchor_bonus=float(raw["anchor_bonus"]),
            plain_min_population=int(raw["plain_min_population"]),
            title_min_population=int(raw["title_min_population"]),
            state_evidence_bonus=float(raw["state_evidence_bonus"]),
            country_evidence_bonus=float(raw["country_evidence_bonus"]),
            foreign_min_population=int(raw["foreign_min_population"]),
            evidence_min_population=int(raw["evidence_min_population"]),
            own_name_bonus=float(raw["own_name_bonus"]),
            county_factor=float(raw["county_factor"]),
            city_min_population=int(raw["city_min_population"]),
            city_reach_km=float(raw["city_reach_km"]),
            title_list_min=int(raw["title_list_min"]),
            scan_chars=int(raw["scan_chars"]),
            stop_words=frozenset(w.casefold() for w in words("stop_words")),
            national_words=re.compile(
                r"(?i)\b(?:" + "|".join(map(re.escape, by_len(words("national_words")))) + r")\b"
            ),
            before_in=frozenset(w.casefold() for w in words("before_in")),
            before_city_of=by_len(words("before_city_of")),
            after_police=by_len(words("after_police")),
            after_county_police=by_len(words("after_county_police")),
            after_resident=frozenset(w.casefold() for w in words("after_resident")),
            after_person=by_len(words("after_person")),
            directions=frozenset(w.casefold() for w in words("directions")),
            not_places=frozenset(words("not_places")),
        )
    except (KeyError, TypeError, ValueError) as e:
        if isinstance(e, PlaceSettingsError):
            raise
        raise PlaceSettingsError(f"places settings: {e!r}") from e


@lru_cache(maxsize=1)
def default_settings() -> PlaceSettings:
    return load_settings()
