"""Flat rows of the ledger: one per incident, per figure, or per document.

Every value is what the ledger shows: reviewed values win. Lists (sources, document ids,
urls) are joined with ``" | "`` in flat formats; JSON lines keep the nested records.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tollwatch.ledger.queries import IncidentFilter
from tollwatch.ledger.store import Store

SEP = " | "

INCIDENT_COLUMNS = [
    "id", "title", "when", "when_from", "place", "admin1", "country", "latitude", "longitude",
    "killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high",
    "n_documents", "n_sources", "n_figures", "n_discrepancies", "n_gaps", "review_status",
    "sources", "source_types", "documents", "urls", "first_published", "last_published",
]  # fmt: skip

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
    "id", "incident_id", "killed_low", "killed_best", "killed_high", "injured_low", "injured_best",
    "injured_high", "n_documents", "n_sources", "n_figures", "n_discrepancies", "n_gaps",
    "count_low", "count_best", "count_high", "evidence_start", "evidence_end",
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


def incident_flat(inc: dict[str, Any]) -> dict[str, Any]:
    s = inc["summary"]
    killed, injured = s.get("killed") or {}, s.get("injured") or {}
    docs = inc.get("document_records", [])
    return {
        "id": int(inc["id"]),
        "title": inc.get("title"),
        "when": s.get("when"),
        "when_from": s.get("when_from"),
        **_place(s.get("where")),
        "killed_low": killed.get("low"),
        "killed_best": killed.get("best"),
        "killed_high": killed.get("high"),
        "injured_low": injured.get("low"),
        "injured_best": injured.get("best"),
        "injured_high": injured.get("high"),
        "n_documents": len(inc["documents"]),
        "n_sources": len(inc["sources"]),
        "n_figures": len(inc["figures"]),
        "n_discrepancies": len(inc["discrepancies"]),
        "n_gaps": len(inc["gaps"]),
        "review_status": inc.get("review_status"),
        "sources": SEP.join(src["name"] for src in inc["sources"]),
        "source_types": SEP.join(sorted({src["type"] for src in inc["sources"]})),
        "documents": SEP.join(inc["documents"]),
        "urls": SEP.join(d["url"] for d in docs if d.get("url")),
        "first_published": min((d["published"] for d in docs if d.get("published")), default=None),
        "last_published": max((d["published"] for d in docs if d.get("published")), default=None),
    }


def figure_flat(f: dict[str, Any], incident_id: str | None) -> dict[str, Any]:
    c, src, ev = f["count"], f.get("source") or {}, f["evidence"]
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
        "source_name": src.get("name"),
        "source_type": src.get("type"),
        "source_text": src.get("text"),
        "hedged": bool(f.get("hedged")),
        "undisclosed": bool(f.get("undisclosed")),
        "as_of": f.get("as_of"),
        **_place(f.get("place")),
        "evidence_field": ev.get("field", "text"),
        "evidence_start": ev["start"],
        "evidence_end": ev["end"],
        "evidence_text": ev["text"],
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
