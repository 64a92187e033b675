"""Flat rows of the ledger: one per incident, per figure, or per document.

Every value is what the ledger shows: reviewed values win. Lists (sources, document ids,
urls) are joined with ``" | "`` in flat formats; JSON lines keep the nested records.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

from tollwatch.ledger.queries import IncidentFilter
from tollwatch.ledger.store import Store

SEP = " | "

#: Every outcome a list shows, in this order; each as ``<outcome>_low/_best/_high`` columns.
OUTCOMES = ("killed", "injured", "missing", "displaced", "detained")
BOUNDS = ("low", "best", "high")
OUTCOME_COLUMNS = [f"{o}_{k}" for o in OUTCOMES for k in BOUNDS]

#: One incident of a list: what ``tollwatch incidents --format csv``, the web list's CSV and
#: GeoJSON downloads, and the first columns of ``tollwatch export --what incidents`` hold.
#: Columns a list row holds as they are.
_AS_STORED = [
    "n_documents", "n_sources", "n_figures", "n_discrepancies", "n_gaps", "review_status",
    "first_published", "last_published",
]  # fmt: skip
LIST_COLUMNS = [
    "id", "title", "when", "place", "admin1", "country", "latitude", "longitude", *OUTCOME_COLUMNS,
    *_AS_STORED,
]  # fmt: skip
#: An exported incident: the list's columns and what only the full record has.
INCIDENT_COLUMNS = [*LIST_COLUMNS, "when_from", "sources", "source_types", "documents", "urls"]

FIGURE_COLUMNS = [
    "id", "incident_id", "document_id", "outcome", "category", "group",
    "count_low", "count_best", "count_high", "count_kind", "count_text",
    "source_name", "source_type", "source_text", "hedged", "undisclosed", "as_of",
    "place", "admin1", "country", "latitude", "longitude",
    "evidence_field", "evidence_start", "evidence_end", "evidence_text",
    "status", "review_status", "origin", "reviewed_by", "published", "site",
]  # fmt: skip

DOCUMENT_COLUMNS = [
    "id", "incident_id", "url", "site", "title", "published", "when", "place", "admin1", "country",
    "latitude", "longitude", "killed_best", "injured_best", "n_figures", "duplicate_of", "problems",
    "standfirst", "text",
]  # fmt: skip

#: Column types for typed formats (Parquet): int, float, bool; everything else is text.
INTS = {
    "id", "incident_id", *OUTCOME_COLUMNS, "n_documents", "n_sources", "n_figures", "n_discrepancies",
    "n_gaps", "count_low", "count_best", "count_high", "evidence_start", "evidence_end",
}  # fmt: skip
FLOATS = {"latitude", "longitude"}
BOOLS = {"hedged", "undisclosed"}


def _place(p: dict[str, Any] | None) -> dict[str, Any]:
    p = p or {}
    return {
        "place": p.get("name"),
        "admin1": p.get("admin1"),
        "country": p.get("country"),
        "latitude": p.get("lat"),
        "longitude": p.get("lon"),
    }


def list_flat(r: dict[str, Any], base_url: str | None = None) -> dict[str, Any]:
    """A list row (:func:`tollwatch.ledger.queries.incident_row`) as flat columns: the one
    flattening of an incident, for the command line, the exports and the web downloads.
    With ``base_url``, a ``url`` column links to the incident's page."""
    out: dict[str, Any] = {
        "id": int(r["id"]),
        "title": r.get("title"),
        "when": r.get("when"),
        **_place(r.get("where")),
    }
    for o in OUTCOMES:
        count = r.get(o) or {}
        out.update((f"{o}_{k}", count.get(k)) for k in BOUNDS)
    out.update((k, r.get(k)) for k in _AS_STORED)
    if base_url is not None:
        out["url"] = f"{base_url}/incidents/{r['id']}"
    return out


def record_row(inc: dict[str, Any]) -> dict[str, Any]:
    """A full incident record (contract + extras) as the list row it is stored as."""
    s = inc["summary"]
    tallies = s.get("tallies") or {}
    docs = inc.get("document_records", [])
    published = [d["published"] for d in docs if d.get("published")]
    return {
        "id": inc["id"],
        "title": inc.get("title"),
        "when": s.get("when"),
        "where": s.get("where"),
        **{o: s.get(o) if o in ("killed", "injured") else tallies.get(o) for o in OUTCOMES},
        "n_documents": len(inc["documents"]),
        "n_sources": len(inc["sources"]),
        "n_figures": len(inc["figures"]),
        "n_discrepancies": len(inc["discrepancies"]),
        "n_gaps": len(inc["gaps"]),
        "review_status": inc.get("review_status"),
        "first_published": min(published, default=None),
        "last_published": max(published, default=None),
    }


def incident_flat(inc: dict[str, Any]) -> dict[str, Any]:
    """An exported incident: its list row's columns, then its sources, reports and links."""
    docs = inc.get("document_records", [])
    return {
        **list_flat(record_row(inc)),
        "when_from": inc["summary"].get("when_from"),
        "sources": SEP.join(src["name"] for src in inc["sources"]),
        "source_types": SEP.join(sorted({src["type"] for src in inc["sources"]})),
        "documents": SEP.join(inc["documents"]),
        "urls": SEP.join(d["url"] for d in docs if d.get("url")),
    }


def figure_flat(f: dict[str, Any], incident_id: str | int | None) -> dict[str, Any]:
    """A figure (of a ledger or a report) as flat columns: the one flattening of a figure, for
    the exports and the web downloads."""
    c, src, ev = f.get("count") or {}, f.get("source") or {}, f.get("evidence") or {}
    return {
        "id": f["id"],
        "incident_id": int(incident_id) if incident_id is not None else None,
        "document_id": f["document_id"],
        "outcome": f["outcome"],
        "category": f["category"],
        "group": f.get("group"),
        "count_low": c.get("low"),
        "count_best": c.get("best"),
        "count_high": c.get("high"),
        "count_kind": c.get("kind"),
        "count_text": c.get("text"),
        "source_name": f.get("source_name") or src.get("name"),  # the ledger's name for it, as pages show
        "source_type": src.get("type"),
        "source_text": src.get("text"),
        "hedged": bool(f.get("hedged")),
        "undisclosed": bool(f.get("undisclosed")),
        "as_of": f.get("as_of"),
        **_place(f.get("place")),
        "evidence_field": ev.get("field", "text"),
        "evidence_start": ev.get("start"),
        "evidence_end": ev.get("end"),
        "evidence_text": ev.get("text"),
        "status": f.get("status"),
        "review_status": f.get("review_status"),
        "origin": f.get("origin"),
        "reviewed_by": f.get("reviewed_by"),
        "published": f.get("published"),
        "site": f.get("site"),
    }


def document_flat(d: dict[str, Any]) -> dict[str, Any]:
    s = d.get("summary") or {}
    return {
        "id": d["id"],
        "incident_id": int(d["incident_id"]) if d.get("incident_id") is not None else None,
        "url": d.get("url"),
        "site": d.get("site"),
        "title": d.get("title"),
        "published": d.get("published"),
        "when": s.get("when"),
        **_place(s.get("where")),
        "killed_best": (s.get("killed") or {}).get("best"),
        "injured_best": (s.get("injured") or {}).get("best"),
        "n_figures": len(d.get("figures") or []),
        "duplicate_of": d.get("duplicate_of"),
        "problems": SEP.join(f"{p['code']}: {p['message']}" for p in d.get("problems") or []),
        "standfirst": d.get("standfirst"),
        "text": d.get("text"),
    }


def iter_figures(store: Store, filters: IncidentFilter) -> Iterator[tuple[dict[str, Any], str]]:
    """Every figure of the matching incidents (ledger view: status, source key), with its incident id."""
    for inc in store.iter_incidents(filters):
        for f in inc["figures"]:
            yield f, inc["id"]


def iter_documents(store: Store, filters: IncidentFilter) -> Iterator[dict[str, Any]]:
    """Every report of the matching incidents, as a contract document record (+ extras)."""
    for inc in store.iter_incidents(filters):
        for doc_id in inc["documents"]:
            d = store.get_document(doc_id)
            if d is not None:
                yield d


#: A text cell starting with one of these runs as a formula in a spreadsheet ("CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(v: Any) -> Any:
    """A value as a CSV cell: empty for none, ``true``/``false``; text that a spreadsheet would
    run as a formula gets a leading ``'`` (reports are written by anyone: their titles are not
    trusted)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return v


def write_csv(out: IO[str], columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Write a header and the rows' ``columns`` (others ignored), every cell through
    :func:`csv_cell`; return the number of rows. The one CSV writer of tollwatch."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    n = 0
    for r in rows:
        w.writerow([csv_cell(r.get(c)) for c in columns])
        n += 1
    return n
