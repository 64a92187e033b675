"""Downloads of what a page shows: the incidents list (and bookmarks, a tag), an incident's
ledger and tally, a report's figures — as CSV or GeoJSON. Reviewed values are already in the records.

An incident of a list is flattened as everywhere else (:func:`tollwatch.export.rows.list_flat`),
and every CSV is written by :func:`tollwatch.export.rows.write_csv`: cells that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) are prefixed
with ``'``, as report text is attacker-controlled.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tollwatch.export.rows import FIGURE_COLUMNS, LIST_COLUMNS, figure_flat, list_flat, write_csv

TALLY_COLUMNS = ("incident_id", "outcome", "category", "low", "best", "high", "rule", "rests_on_best")


def to_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    write_csv(out, columns, rows)
    return out.getvalue()


def incidents_csv(rows: Iterable[Mapping[str, Any]], base_url: str) -> str:
    """The list as CSV: the columns of every incident list (:mod:`tollwatch.export.rows`), and a link."""
    return to_csv([*LIST_COLUMNS, "url"], (list_flat(dict(r), base_url) for r in rows))


def incidents_geojson(rows: Iterable[Mapping[str, Any]], base_url: str) -> str:
    features = []
    for r in rows:
        props = list_flat(dict(r), base_url)
        lat, lon = props.pop("latitude"), props.pop("longitude")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        )
        features.append({"type": "Feature", "id": r["id"], "geometry": geometry, "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def figure_row(f: Mapping[str, Any], incident_id: Any = None) -> dict[str, Any]:
    """A figure as flat columns: the one flattening of a figure (:mod:`tollwatch.export.rows`)."""
    return figure_flat(dict(f), incident_id)


def incident_csv(record: Mapping[str, Any]) -> str:
    """The incident's ledger: every figure with its status (current, superseded, rejected...)."""
    return to_csv(FIGURE_COLUMNS, (figure_row(f, record["id"]) for f in record.get("figures") or []))


def tally_csv(record: Mapping[str, Any]) -> str:
    rows = (
        {
            "incident_id": record["id"],
            **{k: t.get(k) for k in ("outcome", "category", "low", "best", "high", "rule")},
            "rests_on_best": " ".join(str(i) for i in (t.get("rests_on") or {}).get("best", [])),
        }
        for t in record.get("tallies") or []
    )
    return to_csv(TALLY_COLUMNS, rows)


def incident_geojson(record: Mapping[str, Any], base_url: str) -> str:
    """The incident's place, and the places its figures name (with their figure)."""
    summary = record.get("summary") or {}
    features = []
    where = summary.get("where") or {}
    if where.get("lat") is not None and where.get("lon") is not None:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [where["lon"], where["lat"]]},
                "properties": {
                    "kind": "incident",
                    "incident_id": record["id"],
                    "title": record.get("title"),
                    "date": summary.get("when"),
                    "place": where.get("name"),
                    "killed_best": (summary.get("killed") or {}).get("best"),
                    "injured_best": (summary.get("injured") or {}).get("best"),
                    "url": f"{base_url}/incidents/{record['id']}",
                },
            }
        )
    for f in record.get("figures") or []:
        place = f.get("place") or {}
        if place.get("lat") is None or place.get("lon") is None:
            continue
        props = figure_row(f, record["id"])
        props["kind"] = "figure"
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": props,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def document_csv(doc: Mapping[str, Any]) -> str:
    incident = doc.get("incident_id")
    return to_csv(
        FIGURE_COLUMNS,
        (figure_row({**f, "published": doc.get("published")}, incident) for f in doc.get("figures") or []),
    )


def document_geojson(doc: Mapping[str, Any], base_url: str) -> str:
    """A report's figures that name a place with coordinates, one point each."""
    from urllib.parse import quote

    features = []
    for f in doc.get("figures") or []:
        place = f.get("place") or {}
        if place.get("lat") is None or place.get("lon") is None:
            continue
        props = figure_row({**f, "published": doc.get("published")}, doc.get("incident_id"))
        props["url"] = f"{base_url}/reports/{quote(str(doc['id']), safe='')}#fig-{f.get('id')}"
        features.append(
            {
                "type": "Feature",
                "id": f.get("id"),
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": props,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
