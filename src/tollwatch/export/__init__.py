"""Exports of the ledger: incidents, figures or documents as CSV, JSON lines, Parquet, GeoJSON,
and incidents in ACLED-like and UCDP GED-like columns.

    from tollwatch.export import export
    export(store, "incidents", "parquet", "incidents.parquet", IncidentFilter(min_killed=1))

ACLED and UCDP columns are written as CSV, or as Parquet / JSON lines when the output file
ends in ``.parquet`` / ``.jsonl``. Reviewed values win in every format. JSON lines keep the
nested contract records
(``tollwatch incidents --format jsonl`` writes the same incidents); the flat formats use the
columns of :mod:`tollwatch.export.rows` and :mod:`tollwatch.export.coders`; Parquet is typed
(integers, floats, booleans, text) through pyarrow.
"""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

from tollwatch.export import coders, rows
from tollwatch.ledger.queries import IncidentFilter
from tollwatch.ledger.store import Store

#: Rows of a Parquet export held at once (one row group each): memory stays flat however many.
PARQUET_BATCH = 20_000


class What(enum.StrEnum):
    incidents = "incidents"
    figures = "figures"
    documents = "documents"


class ExportFormat(enum.StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    geojson = "geojson"
    acled = "acled"
    ucdp = "ucdp"


class ExportError(ValueError):
    """An export that cannot be made as asked (says what to ask instead)."""


def columns_for(what: str, fmt: str) -> tuple[list[str], set[str], set[str], set[str]]:
    """(columns, int columns, float columns, bool columns) of a flat export."""
    if fmt == "acled":
        return coders.ACLED_COLUMNS, coders.ACLED_INTS, {"latitude", "longitude"}, set()
    if fmt == "ucdp":
        return coders.UCDP_COLUMNS, coders.UCDP_INTS, {"latitude", "longitude"}, set()
    cols = {
        "incidents": rows.INCIDENT_COLUMNS,
        "figures": rows.FIGURE_COLUMNS,
        "documents": rows.DOCUMENT_COLUMNS,
    }[what]
    return cols, rows.INTS & set(cols), rows.FLOATS & set(cols), rows.BOOLS & set(cols)


def records(store: Store, what: str, fmt: str, filters: IncidentFilter) -> Iterator[dict[str, Any]]:
    """The records an export writes, nested (jsonl) or flat (every other format)."""
    if fmt in ("acled", "ucdp"):
        if what != "incidents":
            raise ExportError(f"--format {fmt} writes incidents; use --what incidents")
        make = coders.acled_row if fmt == "acled" else coders.ucdp_row
        yield from (make(inc) for inc in store.iter_incidents(filters))
        return
    nested = fmt == "jsonl"
    if what == "incidents":
        for inc in store.iter_incidents(filters):
            yield inc if nested else rows.incident_flat(inc)
    elif what == "figures":
        for f, incident_id in rows.iter_figures(store, filters):
            yield ({**f, "incident_id": incident_id} if nested else rows.figure_flat(f, incident_id))
    elif what == "documents":
        for d in rows.iter_documents(store, filters):
            yield d if nested else rows.document_flat(d)
    else:
        raise ExportError(f"--what must be one of {', '.join(w.value for w in What)}, not {what!r}")


def export(
    store: Store,
    what: str,
    fmt: str,
    output: str | Path | None = None,
    filters: IncidentFilter | None = None,
) -> int:
    """Write an export to ``output`` (stdout when ``None``); return the number of records."""
    fmt, what = ExportFormat(fmt).value, What(what).value
    recs = records(store, what, fmt, filters or IncidentFilter())
    suffix = Path(output).suffix.lower() if output else ""
    if fmt == "parquet" or (fmt in ("acled", "ucdp") and suffix == ".parquet"):
        return _parquet(recs, what, fmt, output)
    out: IO[str] = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        if fmt == "jsonl" or (fmt in ("acled", "ucdp") and suffix == ".jsonl"):
            n = 0
            for r in recs:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
                n += 1
            return n
        if fmt == "geojson":
            return _geojson(recs, what, out)
        return _csv(recs, columns_for(what, fmt)[0], out)
    finally:
        if output:
            out.close()


def _csv(recs: Iterable[dict[str, Any]], columns: list[str], out: IO[str]) -> int:
    return rows.write_csv(out, columns, recs)


def _geojson(recs: Iterable[dict[str, Any]], what: str, out: IO[str]) -> int:
    """A FeatureCollection written feature by feature (the same bytes as ``json.dump`` of the
    whole collection, without holding it)."""
    head = json.dumps({"type": "FeatureCollection", "name": f"tollwatch {what}", "features": []})
    out.write(head[: -len("[]}")] + "[")
    n = 0
    for r in recs:
        lat, lon = r.get("latitude"), r.get("longitude")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        )
        feature = {"type": "Feature", "id": r["id"], "geometry": geometry, "properties": r}
        out.write((", " if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("]}\n")
    return n


def _parquet(recs: Iterable[dict[str, Any]], what: str, fmt: str, output: str | Path | None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols, ints, floats, bools = columns_for(what, fmt)
    schema = pa.schema(
        [
            (
                c,
                pa.int64()
                if c in ints
                else pa.float64()
                if c in floats
                else pa.bool_()
                if c in bools
                else pa.string(),
            )
            for c in cols
        ]
    )
    if output is None and sys.stdout.isatty():
        raise ExportError("Parquet is binary: give --output FILE")
    n = 0
    with pq.ParquetWriter(sys.stdout.buffer if output is None else str(output), schema) as writer:
        for batch in _batches(recs, PARQUET_BATCH):
            data = {c: [r.get(c) for r in batch] for c in cols}
            writer.write_table(pa.Table.from_pydict(data, schema=schema))
            n += len(batch)
        if n == 0:  # a file with the columns and no rows
            writer.write_table(schema.empty_table())
    return n


def _batches(recs: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(recs)
    while batch := list(islice(it, size)):
        yield batch


__all__ = ["ExportError", "ExportFormat", "What", "export", "records"]
