"""Lexicons: the words the figure reader knows, loaded from data files and validated.

The packaged files live in ``tollwatch/data/lexicons/<language>/*.json`` (English: ``en``). A user extends them by
pointing ``TOLLWATCH_LEXICONS`` (one folder, or several separated by ``os.pathsep``) at
folders holding files of the same names: each file is merged key by key into the packaged
one (objects merge recursively, lists are extended, plain values replace), after its
``"remove"`` object, if any, has taken packaged entries out (list items it names, keys it
maps to null). The merged
result is validated; a bad entry raises :class:`LexiconError` naming the file and entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

ENV_VAR = "TOLLWATCH_LEXICONS"
#: The packaged lexicons' language: their folder under ``data/lexicons``.
LANGUAGE = "en"
FILES = ("numbers", "quantities", "outcomes", "groups", "sources", "hedges", "summary")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
_STAGES = ("infant", "child", "teen", "adult")
_MODIFIER_KINDS = ("at_least", "at_most", "approximate_below", "approximate")


class LexiconError(ValueError):
    """A lexicon file is missing, not JSON, or holds an entry of the wrong shape."""


def _phrases(where: str, value: Any) -> None:
    if not isinstance(value, list) or not value:
        raise LexiconError(f"{where}: want a non-empty list of phrases, got {value!r}")
    for p in value:
        if not isinstance(p, str) or not p.strip():
            raise LexiconError(f"{where}: {p!r} is not a non-empty phrase")


def _phrase_table(where: str, value: Any, *, keys: Sequence[str] = ()) -> None:
    if not isinstance(value, dict):
        raise LexiconError(f"{where}: want an object of name -> list of phrases")
    for k, v in value.items():
        if k == "about":
            continue
        if keys and k not in keys:
            raise LexiconError(f"{where}.{k}: not one of {list(keys)}")
        if not _IDENT.match(k):
            raise LexiconError(f"{where}.{k}: names are lower_snake_case identifiers")
        _phrases(f"{where}.{k}", v)


def _int_table(where: str, value: Any) -> None:
    if not isinstance(value, dict) or not value:
        raise LexiconError(f"{where}: want an object of phrase -> whole number")
    for k, v in value.items():
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise LexiconError(f"{where}.{k}: {v!r} is not a whole number >= 0")


def _opt_int(where: str, v: Any) -> None:
    if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
        raise LexiconError(f"{where}: {v!r} is not null or a whole number >= 0")


def _validate(name: str, data: dict[str, Any]) -> None:
    def need(key: str) -> Any:
        if key not in data:
            raise LexiconError(f"{name}.json: missing section {key!r}")
        return data[key]

    if name == "numbers":
        for key in ("units", "tens", "scales", "phrases"):
            _int_table(f"{name}.json:{key}", need(key))
    elif name == "quantities":
        _phrase_table(f"{name}.json:modifiers", need("modifiers"), keys=_MODIFIER_KINDS)
        for word, spec in need("vague").items():
            where = f"{name}.json:vague.{word}"
            if not isinstance(spec, dict) or not isinstance(spec.get("why"), str) or not spec["why"].strip():
                raise LexiconError(f"{where}: want {{'low', 'high', 'why'}} with the reasoning in 'why'")
            _opt_int(f"{where}.low", spec.get("low"))
            _opt_int(f"{where}.high", spec.get("high"))
            lo, hi = spec.get("low"), spec.get("high")
            if lo is not None and hi is not None and lo > hi:
                raise LexiconError(f"{where}: low {lo} is above high {hi}")
        for phrase, spec in need("implied").items():
            where = f"{name}.json:implied.{phrase}"
            if not isinstance(spec, dict) or not isinstance(spec.get("count"), int) or spec["count"] < 1:
                raise LexiconError(f"{where}: want {{'count': N >= 1, 'outcome': ...}}")
            if not isinstance(spec.get("outcome"), str) or not _IDENT.match(spec["outcome"]):
                raise LexiconError(f"{where}.outcome: {spec.get('outcome')!r} is not an outcome name")
        for pattern, spec in need("implied_patterns").items():
            if pattern == "about":
                continue
            where = f"{name}.json:implied_patterns.{pattern}"
            try:
                re.compile(pattern)
            except re.error as e:
                raise LexiconError(f"{where}: not a valid pattern ({e})") from e
            if not isinstance(spec, dict) or not isinstance(spec.get("count"), int) or spec["count"] < 1:
                raise LexiconError(f"{where}: want {{'count': N >= 1, 'outcome': ...}}")
            if not isinstance(spec.get("outcome"), str) or not _IDENT.match(spec["outcome"]):
                raise LexiconError(f"{where}.outcome: {spec.get('outcome')!r} is not an outcome name")
        _int_table(f"{name}.json:pairs", need("pairs"))
    elif name == "outcomes":
        for key in (
            "after_group",
            "before_count",
            "result",
            "count_nouns",
            "toll_nouns",
            "verb_phrases_for_unknown",
            "adjectives",
        ):
            _phrase_table(f"{name}.json:{key}", need(key))
        causes = need("other_causes")
        _phrases(f"{name}.json:other_causes.words", causes.get("words") if isinstance(causes, dict) else None)
        if isinstance(causes, dict) and "events" in causes:
            _phrases(f"{name}.json:other_causes.events", causes["events"])
        if "tally" in data:
            _phrases(f"{name}.json:tally", data["tally"])
        wound = need("wound_phrase")
        for key in ("verbs", "nouns"):
            _phrases(f"{name}.json:wound_phrase.{key}", wound.get(key) if isinstance(wound, dict) else None)
    elif name == "groups":
        for key in ("plural", "singular", "adjectives", "gendered"):
            _phrase_table(f"{name}.json:{key}", need(key))
        _phrase_table(f"{name}.json:age_class", need("age_class"), keys=_STAGES)
        relations = need("relations")
        _phrases(
            f"{name}.json:relations.words", relations.get("words") if isinstance(relations, dict) else None
        )
        not_names = need("not_names")
        _phrases(
            f"{name}.json:not_names.words", not_names.get("words") if isinstance(not_names, dict) else None
        )
        ages = need("age_heads")
        for key in ("singular_pattern", "plural_pattern"):
            try:
                re.compile(ages[key])
            except (KeyError, TypeError, re.error) as e:
                raise LexiconError(f"{name}.json:age_heads.{key}: not a valid pattern ({e})") from e
        _phrases(f"{name}.json:age_heads.before", ages.get("before") if isinstance(ages, dict) else None)
    elif name == "sources":
        _phrase_table(f"{name}.json:nouns", need("nouns"))
        for key in ("verbs", "refer_back", "pronouns"):
            _phrases(f"{name}.json:{key}", need(key))
    elif name == "summary":
        for key in ("lead_zone", "people_zone", "dead_zone", "tally_zone"):
            v = need(key)
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise LexiconError(f"{name}.json:{key}: {v!r} is not a whole number >= 0")
        ranges = need("age_ranges")
        for stage in _STAGES:
            r = ranges.get(stage) if isinstance(ranges, dict) else None
            if (
                not isinstance(r, list)
                or len(r) != 2
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in r)
                or not 0 <= r[0] <= r[1]
            ):
                raise LexiconError(
                    f"{name}.json:age_ranges.{stage}: want [youngest, oldest] in years, got {r!r}"
                )
    elif name == "hedges":
        for key in ("hedges", "undisclosed", "other_incident", "past_incident", "incident_words"):
            _phrases(f"{name}.json:{key}", need(key))
        for key in ("other_incident_patterns", "past_incident_patterns", "past_day_patterns"):
            for i, pattern in enumerate(need(key)):
                try:
                    re.compile(pattern)
                except (TypeError, re.error) as e:
                    raise LexiconError(f"{name}.json:{key}[{i}]: not a valid pattern ({e})") from e


#: The key of a user file that removes packaged entries (see :func:`_remove`).
REMOVE = "remove"


def _remove(base: Any, gone: Any, where: str) -> Any:
    """``base`` without what ``gone`` names: list items, or keys mapped to null.

    ``gone`` mirrors the file's shape: ``{"other_incident": ["this year"]}`` drops a phrase,
    ``{"vague": {"dozens": null}}`` drops a whole entry. Naming what is not there is an error
    (a typo would otherwise remove nothing, silently).
    """
    if isinstance(base, dict) and isinstance(gone, dict):
        out = dict(base)
        for k, v in gone.items():
            if k not in out:
                raise LexiconError(f"{where}.{k}: nothing of that name to remove")
            if v is None:
                del out[k]
            else:
                out[k] = _remove(out[k], v, f"{where}.{k}")
        return out
    if isinstance(base, list) and isinstance(gone, list):
        missing = [x for x in gone if x not in base]
        if missing:
            raise LexiconError(f"{where}: {missing!r} not in the packaged list, nothing to remove")
        return [x for x in base if x not in gone]
    raise LexiconError(f"{where}: want a list of entries or an object of name -> null to remove")


def _apply(base: dict[str, Any], user: dict[str, Any], label: str) -> dict[str, Any]:
    """A user file applied to a packaged one: its ``remove`` first, then the rest merged."""
    user = dict(user)
    gone = user.pop(REMOVE, None)
    if gone is not None:
        base = _remove(base, gone, f"{label}:{REMOVE}")
    return _merge(base, user)


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [x for x in extra if x not in base]
    return extra


def _read_json(path: Path | Any, label: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise LexiconError(f"{label}: cannot be read ({e})") from e
    except json.JSONDecodeError as e:
        raise LexiconError(f"{label}: not valid JSON (line {e.lineno}: {e.msg})") from e
    if not isinstance(data, dict):
        raise LexiconError(f"{label}: want a JSON object at the top")
    return data


@cache
def load_lexicons(extra_dirs: tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    """Every lexicon file, packaged ones merged with those found in ``extra_dirs``."""
    root = resources.files("tollwatch") / "data" / "lexicons" / LANGUAGE
    out: dict[str, dict[str, Any]] = {}
    for name in FILES:
        data = _read_json(root / f"{name}.json", f"lexicon {name}.json")
        for d in extra_dirs:
            folder = Path(d)
            if not folder.is_dir():
                raise LexiconError(f"{ENV_VAR}: {d!r} is not a folder")
            extra = folder / f"{name}.json"
            if extra.is_file():
                data = _apply(data, _read_json(extra, str(extra)), str(extra))
        try:
            _validate(name, data)
        except LexiconError as e:
            where = " (with " + ", ".join(extra_dirs) + ")" if extra_dirs else ""
            raise LexiconError(f"lexicon {e}{where}") from None
        out[name] = data
    return out
