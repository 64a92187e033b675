"""Between stored rows and contract records: figures with their review overlay applied.

A stored figure keeps the machine's values in its columns and a reviewer's changes in
``review_json`` (contract field → value). The *effective* figure — what tallies, pages
and exports use — is the machine's figure with the reviewer's fields laid over it.
"""

from __future__ import annotations

import dataclasses
import json
from functools import lru_cache
from typing import Any

from sqlalchemy import Row

from tollwatch.contract import MAX_COUNT, Count, Document, Figure, Place, Problem, Source, Summary, to_dict

#: Contract fields of a figure a reviewer may change.
REVIEWABLE = ("outcome", "category", "group", "count", "source", "hedged", "undisclosed", "as_of", "place")


_FIELDS: dict[type, tuple[str, ...] | None] = {}

#: ``json.dumps(value, ensure_ascii=False, check_circular=False, separators=(",", ":"))`` and
#: ``json.dumps(value, ensure_ascii=False)``, with their encoders made once (``dumps`` makes
#: one a call): what ingest writes for every report, figure and incident.
compact_json = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode
plain_json = json.JSONEncoder(ensure_ascii=False).encode


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names (``None`` for any other type), looked up once per type."""
    if cls not in _FIELDS:
        _FIELDS[cls] = (
            tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None
        )
    return _FIELDS[cls]


_SCALARS = frozenset((str, int, float, bool, type(None)))


def plain(record: Any) -> Any:
    """A contract record as plain JSON-ready data, like :func:`tollwatch.contract.to_dict`
    but without its deep copies (several times faster; ingest does it for every report)."""
    kind = type(record)
    if kind in _SCALARS:
        return record
    names = _field_names(kind)
    if names is not None:  # a scalar field is taken as it is, without a call
        out = {}
        for name in names:
            value = getattr(record, name)
            out[name] = value if type(value) in _SCALARS else plain(value)
        return out
    if kind in (list, tuple):
        return [plain(x) for x in record]
    if kind is dict:
        return {k: plain(v) for k, v in record.items()}
    return record


def summary_of(d: Any) -> dict[str, Any]:
    """A documents row's own summary (parsed once when the caller already has it)."""
    parsed = getattr(d, "summary", None)
    if isinstance(parsed, dict):
        return parsed
    return json.loads(d.summary_json) if d.summary_json else {}


def figure_columns(f: Figure, places: dict[int, tuple[Any, str]] | None = None) -> dict[str, Any]:
    """The columns that store a contract figure's values. ``places``: the JSON of places
    already written out, by the place object's id (a report's figures share their place
    objects; the dict holds each object, so that its id is not taken by another)."""
    place_json: str | None = None
    if f.place and places is not None:
        known = places.get(id(f.place))
        if known is None:
            known = places[id(f.place)] = (f.place, plain_json(plain(f.place)))
        place_json = known[1]
    elif f.place:
        place_json = plain_json(plain(f.place))
    return {
        "outcome": f.outcome,
        "category": f.category,
        "grp": f.group,
        "count_low": f.count.low,
        "count_best": f.count.best,
        "count_high": f.count.high,
        "count_kind": f.count.kind,
        "count_text": f.count.text,
        "source_name": f.source.name if f.source else None,
        "source_type": f.source.type if f.source else None,
        "source_text": f.source.text if f.source else None,
        "hedged": bool(f.hedged),
        "undisclosed": bool(f.undisclosed),
        "as_of": f.as_of,
        "place_json": place_json,
        "ev_field": f.evidence.field,
        "ev_start": f.evidence.start,
        "ev_end": f.evidence.end,
        "ev_text": f.evidence.text,
        "revision": f.revision,
        "scope_json": plain_json(plain(f.scope)) if f.scope else None,
    }


@lru_cache(maxsize=4096)
def _parsed_place(text: str) -> tuple[Any, bool]:
    """A stored place, parsed, and whether it is flat (no list or dict inside)."""
    value = json.loads(text)
    return value, isinstance(value, dict) and not any(isinstance(v, (dict, list)) for v in value.values())


def _place(text: str) -> Any:
    """``json.loads(text)`` of a figure's place: the places of a batch repeat (one town's
    reports), so each is parsed once and copied."""
    value, flat = _parsed_place(text)
    return dict(value) if flat else json.loads(text)


def machine_dict(r: Any) -> dict[str, Any]:
    """The machine's figure of a stored row, as contract JSON."""
    m = r._mapping if isinstance(r, Row) else r
    return {
        "outcome": m["outcome"],
        "category": m["category"],
        "group": m["grp"],
        "count": {
            "low": m["count_low"],
            "best": m["count_best"],
            "high": m["count_high"],
            "kind": m["count_kind"],
            "text": m["count_text"],
        },
        "source": (
            {"name": m["source_name"], "type": m["source_type"] or "other", "text": m["source_text"] or ""}
            if m["source_name"]
            else None
        ),
        "hedged": bool(m["hedged"]),
        "undisclosed": bool(m["undisclosed"]),
        "as_of": m["as_of"],
        "place": _place(m["place_json"]) if m["place_json"] else None,
        "evidence": {
            "start": m["ev_start"],
            "end": m["ev_end"],
            "text": m["ev_text"],
            "field": m["ev_field"],
        },
        "revision": m["revision"],
        "scope": _place(m["scope_json"]) if m.get("scope_json") else None,
    }


def effective_dict(r: Any) -> dict[str, Any]:
    """The figure as tallies see it: machine values, reviewed values over them, plus ids."""
    m = r._mapping if isinstance(r, Row) else r
    fig = machine_dict(m)
    overlay = json.loads(m["review_json"]) if m["review_json"] else {}
    fig.update(overlay)
    fig["id"] = m["id"]
    fig["document_id"] = m["document_id"]
    fig["origin"] = m["origin"]
    fig["review_status"] = m["review_status"]
    fig["reviewed_by"] = m["reviewed_by"]
    fig["reviewed_at"] = m["reviewed_at"]
    fig["machine_present"] = bool(m["machine_present"])
    if overlay:
        fig["machine"] = {k: v for k, v in machine_dict(m).items() if k in overlay}
    return fig


def figure_from_dict(d: dict[str, Any]) -> Figure:
    """A contract :class:`Figure` from an effective figure dict (extra keys ignored)."""
    return Figure.from_dict(d)


def document_from_row(r: Row[Any], figures: list[dict[str, Any]], problems: list[Problem]) -> Document:
    m = r._mapping
    summary = Summary.from_dict(json.loads(m["summary_json"])) if m["summary_json"] else Summary()
    return Document(
        id=m["id"],
        text=m["text"],
        url=m["url"],
        site=m["site"],
        title=m["title"],
        standfirst=m["standfirst"],
        published=m["published"],
        fetched=m["fetched"],
        http_date=m["http_date"],
        language=m["language"],
        figures=[figure_from_dict(f) for f in figures],
        summary=summary,
        problems=problems,
        origin=m["origin"],
    )


def validate_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Check a reviewer's field changes against the contract; return them normalised.

    Raises :class:`ValueError` naming the field that is wrong.
    """
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in REVIEWABLE:
            raise ValueError(f"a reviewer cannot change {key!r}; fields: {', '.join(REVIEWABLE)}")
        if key == "count":
            c = Count.from_dict(value) if isinstance(value, dict) else None
            if c is None:
                raise ValueError("count must be {low, best, high, kind, text}")
            nums = [v for v in (c.low, c.best, c.high) if v is not None]
            if any(not isinstance(v, int) or v < 0 for v in nums):
                raise ValueError("count low/best/high must be whole numbers >= 0")
            if any(v > MAX_COUNT for v in nums):
                raise ValueError(
                    f"count low/best/high must be at most {MAX_COUNT:,} (more than live on Earth)"
                )
            if nums != sorted(nums):
                raise ValueError("count must have low <= best <= high")
            out[key] = to_dict(c)
        elif key == "source":
            if value is None:
                out[key] = None
            elif isinstance(value, dict) and value.get("name"):
                out[key] = to_dict(Source.from_dict(value))
            else:
                raise ValueError("source must be {name, type, text} or null")
        elif key == "place":
            if value is None:
                out[key] = None
            elif isinstance(value, dict) and value.get("name"):
                out[key] = to_dict(Place.from_dict(value))
            else:
                raise ValueError("place must be {name, admin1, country, lat, lon} or null")
        elif key in ("hedged", "undisclosed"):
            if not isinstance(value, bool):
                raise ValueError(f"{key} must be true or false")
            out[key] = value
        elif key == "as_of":
            if value is not None and not _is_day(value):
                raise ValueError("as_of must be a day YYYY-MM-DD or null")
            out[key] = value
        else:
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{key} must be a non-empty text")
            out[key] = value.strip()
    return out


def _is_day(value: Any) -> bool:
    from datetime import date

    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
