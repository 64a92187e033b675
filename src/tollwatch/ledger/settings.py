"""The ledger's rules and thresholds: packaged data files, validated on load.

``data/ledger/tally.json`` (how figures are tallied), ``data/ledger/linking.json`` (how
reports are linked into incidents) and ``data/ledger/headline.json`` (how an incident's
headline killed and injured are chosen from its reports) and ``data/ledger/crisis.json`` (how the
reports of one crisis are linked into one incident). A user overrides any key with a
JSON file ``{"tally": {...}, "linking": {...}}``: ``Settings.ledger_file`` (the command line
reads it from ``TOLLWATCH_LEDGER_SETTINGS``), which opening a :class:`~tollwatch.ledger.Store`
puts in force with :func:`use_file`. This module never reads the environment.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

ENV_VAR = "TOLLWATCH_LEDGER_SETTINGS"
#: the overrides file in force (``None``: the packaged settings only); see :func:`use_file`
_file: str | None = None

_REQUIRED: dict[str, dict[str, type | tuple[type, ...]]] = {
    "tally": {
        "all": str,
        "disjoint": list,
        "parents": dict,
        "discrepancy_days": int,
        "latest_days": int,
        "source_name_similarity": (int, float),
    },
    "headline": {
        "report": (int, float),
        "own_killed_in_text": (int, float),
        "own_injured_in_text": (int, float),
        "own_total": (int, float),
        "unsettled": (int, float),
        "long_report_figures": int,
        "other_killed_in_text": (int, float),
        "other_injured_in_text": (int, float),
        "other_total": (int, float),
        "died_later": bool,
        "died_later_same_day": bool,
    },
    "crisis": {
        "title_weight": int,
        "town_population": int,
        "min_event_words": int,
        "near_days": int,
        "far_days": int,
        "link_score": (int, float),
        "undated_link_score": (int, float),
        "date_override_score": (int, float),
        "weights": dict,
        "events": dict,
    },
    "linking": {
        "near_duplicate_jaccard": float,
        "block_days": int,
        "key_days": int,
        "rare_documents": int,
        "crowded_place_documents": int,
        "link_threshold": (int, float),
        "far_link_threshold": (int, float),
        "crowded_link_threshold": (int, float),
        "weights": dict,
    },
}


class SettingsError(ValueError):
    """A settings file is malformed: names the file and the key."""


def use_file(file: str | None) -> None:
    """Put the overrides file ``file`` in force (``None``: packaged settings only); the store
    does it with its ``Settings.ledger_file`` when it is opened."""
    global _file
    _file = file


def settings(name: str, file: str | None = None) -> dict[str, Any]:
    """The validated settings ``name`` (``tally``, ``linking``, ``headline``), the overrides of
    ``file`` (default: the file in force, see :func:`use_file`) applied."""
    return _settings(name, file if file is not None else _file)


@cache
def _settings(name: str, user: str | None) -> dict[str, Any]:
    packaged = resources.files("tollwatch").joinpath("data", "ledger", f"{name}.json")
    where = f"tollwatch/data/ledger/{name}.json"
    data = json.loads(packaged.read_text(encoding="utf-8"))
    if user:
        try:
            with open(user, encoding="utf-8") as f:
                overrides = json.load(f).get(name, {})
        except (OSError, ValueError) as e:
            raise SettingsError(f"{user}: cannot read ledger settings ({e})") from e
        data = {**data, **overrides}
        where = f"{where} with {user}"
    _validate(name, data, where)
    return data


def _validate(name: str, data: dict[str, Any], where: str) -> None:
    for key, kind in _REQUIRED[name].items():
        if key not in data:
            raise SettingsError(f"{where}: missing key {key!r}")
        if not isinstance(data[key], kind) or (isinstance(data[key], bool) and kind is not bool):
            raise SettingsError(f"{where}: {key!r} should be {kind}, not {type(data[key]).__name__}")
    if name == "tally":
        for child, parent in data["parents"].items():
            if parent not in data["disjoint"]:
                raise SettingsError(f"{where}: parent {parent!r} of {child!r} is not a disjoint group")
    if name == "linking":
        if not 0 < data["near_duplicate_jaccard"] <= 1:
            raise SettingsError(f"{where}: near_duplicate_jaccard must be in (0, 1]")
        for k, v in data["weights"].items():
            if not isinstance(v, (int, float)):
                raise SettingsError(f"{where}: weight {k!r} must be a number")
