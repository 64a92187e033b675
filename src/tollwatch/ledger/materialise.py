"""Keeping each incident's summary and ledger stored, rebuilt whenever the incident changes.

Lists read the ``incidents`` row (summary columns), pages its ``incident_ledgers`` row (the
summary and the ledger as JSON); neither recomputes anything: ingest, review, merge and
move call :func:`refresh_incidents` for the incidents they touched, in their own
transaction.

The incident's summary:

* **when** and **where**: the value most of its reports' summaries give (ties: the
  earliest day; the place named with most detail). With no report giving a day, the
  earliest publication day, marked ``"when_from": "published"``.
* **killed** and **injured**: the (killed, injured) reading most of its reports' summaries
  give, both taken from one report (ties: the reading with both counts, then the latest
  report), so the headline is a reading some report gave; a report that is a near-duplicate
  does not vote twice. When a reviewer has confirmed, corrected or added a figure of that
  outcome, or no report's summary gives a count, the ledger's total tally instead (reviewed
  values win). The tallies themselves are in ``summary["tallies"]`` and the ledger.
  (Measured on GVA dev, the reports' own readings are the more accurate headline: the
  tallies, built from every figure of every report, carry the figure finder's misreadings.)
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, func, select, update

from tollwatch.ledger import tally
from tollwatch.ledger.fastsql import insert_many, raw_cursor
from tollwatch.ledger.features import clean_title
from tollwatch.ledger.records import effective_dict
from tollwatch.ledger.schema import documents, figures, incident_ledgers, incident_sources, incidents

_UPDATE_INCIDENT = (
    update(incidents).where(incidents.c.id == bindparam("b_id")).values(version=incidents.c.version + 1)
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_incident(conn: Connection) -> int:
    t = now()
    result = conn.execute(incidents.insert().values(created_at=t, updated_at=t))
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def id_allocator(conn: Connection, table: Table) -> Callable[[], int]:
    """Hands out new ids of ``table`` for rows the caller inserts itself, with the ids, later
    in the transaction (we hold the write lock). SQLite: after the largest id, as SQLite
    itself would; PostgreSQL: from the column's sequence."""
    if conn.dialect.name == "postgresql":
        seq = f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id'))"
        return lambda: int(conn.exec_driver_sql(seq).scalar_one())
    start = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())
    ids = itertools.count(start + 1)
    return lambda: next(ids)


_DOC_COLUMNS = (
    documents.c.id,
    documents.c.incident_id,
    documents.c.title,
    documents.c.url,
    documents.c.site,
    documents.c.published,
    documents.c.summary_json,
    documents.c.duplicate_of,
    documents.c.duplicate_similarity,
    documents.c.incident_pinned,
)


def _chunks(ids: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def incidents_figures(
    conn: Connection, incident_ids: Iterable[int]
) -> dict[int, tuple[list[Any], list[dict[str, Any]]]]:
    """Each incident's documents (rows, by publication) and figures (ledger figures), read
    in a few statements however many incidents there are."""
    ids = sorted(set(incident_ids))
    out: dict[int, tuple[list[Any], list[dict[str, Any]]]] = {i: ([], []) for i in ids}
    by_id: dict[str, Any] = {}
    for chunk in _chunks(ids):
        for d in conn.execute(
            select(*_DOC_COLUMNS)
            .where(documents.c.incident_id.in_(chunk))
            .order_by(documents.c.incident_id, documents.c.published, documents.c.id)
        ):
            out[d.incident_id][0].append(d)
            by_id[d.id] = d
    for chunk in _chunks(list(by_id)):
        for r in conn.execute(select(figures).where(figures.c.document_id.in_(chunk))):
            f = effective_dict(r)
            d = by_id[r.document_id]
            f["published"] = d.published
            f["site"] = d.site
            f["duplicate_of"] = d.duplicate_of
            f["_order"] = (r.document_id, r.ordinal)
            out[d.incident_id][1].append(f)
    for _, figs in out.values():
        figs.sort(key=lambda f: f.pop("_order"))
    return out


def incident_figures(conn: Connection, incident_id: int) -> tuple[list[Any], list[dict[str, Any]]]:
    """The incident's documents (rows) and its figures as ledger figures."""
    return incidents_figures(conn, [incident_id])[incident_id]


def _vote(values: list[Any], tie: Any = None) -> Any:
    if not values:
        return None
    counts = Counter(values)
    top = max(counts.values())
    tied = [v for v in values if counts[v] == top]
    return tie(tied) if tie else tied[0]


def _count_dict(cell: dict[str, Any] | None) -> dict[str, Any] | None:
    if not cell or all(cell.get(k) is None for k in ("low", "best", "high")):
        return None
    low, best, high = cell.get("low"), cell.get("best"), cell.get("high")
    if low is not None and low == best == high:
        kind = "exact"
    elif high is None:
        kind = "at_least"
    elif low is not None and low != high:
        kind = "range"
    else:
        kind = "at_most"
    return {"low": low, "best": best, "high": high, "kind": kind, "text": ""}  # no words: a reconciliation


def summarise(docs: list[Any], ledger: dict[str, Any]) -> dict[str, Any]:
    """The incident's summary from its reports' summaries and its ledger (see module doc)."""
    own = [d for d in docs if not d.duplicate_of] or docs
    sums = [json.loads(d.summary_json) if d.summary_json else {} for d in own]
    whens = [s["when"] for s in sums if s.get("when")]
    when_from: str | None = "reports"
    when = _vote(whens, tie=min)
    if when is None:
        days = sorted((d.published or "")[:10] for d in own if d.published)
        when, when_from = (days[0], "published") if days else (None, None)
    places = [s["where"] for s in sums if s.get("where") and s["where"].get("name")]
    where = None
    if places:
        name = _vote([p["name"].lower() for p in places])
        same = [p for p in places if p["name"].lower() == name]
        where = max(same, key=lambda p: sum(p.get(k) is not None for k in ("admin1", "country", "lat")))
    out: dict[str, Any] = {"when": when, "when_from": when_from, "where": where}
    reviewed_outcomes = {
        f["outcome"]
        for f in ledger["figures"]
        if f.get("review_status") in tally.REVIEWED and f.get("status") == "current"
    }
    chosen = _report_vote(own, sums)
    for outcome in ("killed", "injured"):
        total = tally.total(ledger, outcome)
        count: dict[str, Any] | None
        if outcome in reviewed_outcomes or chosen is None:
            count = _count_dict(total)
            if count:
                count["from"] = "ledger"
                count["rests_on"] = (total or {}).get("rests_on", {})
        else:
            doc_id, s = chosen
            count = dict(s[outcome]) | {"from": "reports", "report": doc_id} if s.get(outcome) else None
        out[outcome] = count
    out["tallies"] = {
        t["outcome"]: {"low": t["low"], "best": t["best"], "high": t["high"]}
        for t in ledger["tallies"]
        if t["category"] == tally.TOTAL
    }
    return out


def _report_vote(docs: list[Any], sums: list[dict[str, Any]]) -> tuple[str, dict[str, Any]] | None:
    """The report whose (killed, injured) reading most reports share (ties: the fullest
    reading, then the latest report).

    Killed and injured are taken together from one report, so the incident's summary is a
    reading someone gave, never one report's dead with another's wounded.
    """
    readings = []
    for d, s in zip(docs, sums, strict=True):
        pair = tuple((s.get(k) or {}).get("best") for k in ("killed", "injured"))
        if pair != (None, None):
            readings.append((d.published or "", pair, d.id, s))
    if not readings:
        return None
    votes = Counter(r[1] for r in readings)
    top = max(votes.values())
    tied = (r for r in readings if votes[r[1]] == top)
    _, _, doc_id, s = max(tied, key=lambda r: (sum(v is not None for v in r[1]), r[0]))
    return doc_id, s


def _review_status(figs: list[dict[str, Any]], pinned: bool) -> str:
    """``unreviewed`` (nobody looked), ``in_review`` (some figures or links reviewed), ``reviewed``."""
    statuses = {f.get("review_status") for f in figs}
    if figs and "unreviewed" not in statuses:
        return "reviewed"
    if pinned or statuses - {"unreviewed"}:
        return "in_review"
    return "unreviewed"


def refresh_incidents(conn: Connection, ids: Iterable[int]) -> None:
    """Rebuild the stored summary, ledger and sources of these incidents (a few statements
    for all of them)."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    pinned: dict[int, bool] = {}
    for chunk in _chunks(wanted):
        pinned.update(
            (int(r.id), bool(r.pinned))
            for r in conn.execute(select(incidents.c.id, incidents.c.pinned).where(incidents.c.id.in_(chunk)))
        )
    found = [i for i in wanted if i in pinned]
    if not found:
        return
    loaded = incidents_figures(conn, found)
    rows, ledgers, sources = [], [], []
    t = now()
    for incident_id in found:
        docs, figs = loaded[incident_id]
        row, ledger_row, source_rows = _materialise(incident_id, docs, figs, pinned[incident_id], t)
        rows.append(row)
        ledgers.append(ledger_row)
        sources += source_rows
    cur = raw_cursor(conn)
    if cur is not None:
        columns = [k for k in rows[0] if k != "b_id"]
        sql = f"UPDATE incidents SET {', '.join(f'{c} = ?' for c in columns)}, version = version + 1 WHERE id = ?"
        cur.executemany(sql, [(*(r[c] for c in columns), r["b_id"]) for r in rows])
    else:
        conn.execute(_UPDATE_INCIDENT, rows)
    for chunk in _chunks(found):
        conn.execute(delete(incident_ledgers).where(incident_ledgers.c.incident_id.in_(chunk)))
        conn.execute(delete(incident_sources).where(incident_sources.c.incident_id.in_(chunk)))
    insert_many(conn, incident_ledgers, ledgers)
    insert_many(conn, incident_sources, sources)


def refresh_incident(conn: Connection, incident_id: int) -> None:
    refresh_incidents(conn, [incident_id])


def _materialise(
    incident_id: int, docs: list[Any], figs: list[dict[str, Any]], pinned: bool, t: str
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """The incident's row values, its ledger row and its source rows."""
    ledger = tally.build_ledger(figs)
    summary = summarise(docs, ledger)
    where = summary.get("where") or {}
    killed, injured = summary.get("killed") or {}, summary.get("injured") or {}
    published = sorted(d.published for d in docs if d.published)
    first_doc = next((d for d in docs if d.title), None)
    outcomes = sorted({t["outcome"] for t in ledger["tallies"]})
    ledger_doc = {
        "documents": [
            {
                "id": d.id,
                "title": d.title,
                "url": d.url,
                "site": d.site,
                "published": d.published,
                "duplicate_of": d.duplicate_of,
                "duplicate_similarity": d.duplicate_similarity,
                "pinned": bool(d.incident_pinned),
            }
            for d in docs
        ],
        **ledger,
    }
    row = {
        "b_id": incident_id,
        "title": clean_title(first_doc.title) if first_doc else None,
        "when_day": summary.get("when"),
        "where_name": where.get("name"),
        "where_admin1": where.get("admin1"),
        "where_country": where.get("country"),
        "where_lat": where.get("lat"),
        "where_lon": where.get("lon"),
        "killed_low": killed.get("low"),
        "killed_best": killed.get("best"),
        "killed_high": killed.get("high"),
        "injured_low": injured.get("low"),
        "injured_best": injured.get("best"),
        "injured_high": injured.get("high"),
        "n_documents": len(docs),
        "n_sources": len(ledger["sources"]),
        "n_figures": len(figs),
        "n_discrepancies": len(ledger["discrepancies"]),
        "n_gaps": len(ledger["gaps"]),
        "first_published": published[0] if published else None,
        "last_published": published[-1] if published else None,
        "outcomes": " " + " ".join(outcomes) + " " if outcomes else None,
        "review_status": _review_status(figs, pinned),
        "updated_at": t,
        "sort_day": summary.get("when") or "",
        "sort_toll": killed.get("best") if killed.get("best") is not None else -1,
    }
    ledger_row = {
        "incident_id": incident_id,
        "summary_json": json.dumps(summary, ensure_ascii=False),
        "ledger_json": json.dumps(ledger_doc, ensure_ascii=False),
    }
    source_rows = [
        {
            "incident_id": incident_id,
            "source_key": s["key"][:200],
            "source_name": s["name"],
            "source_type": s["type"],
        }
        for s in ledger["sources"]
    ]
    keys = {r["source_key"] for r in source_rows}
    source_rows += [
        {
            "incident_id": incident_id,
            "source_key": f"site:{site}"[:200],
            "source_name": site,
            "source_type": "media",
        }
        for site in sorted({d.site for d in docs if d.site})
        if f"site:{site}"[:200] not in keys
    ]
    return row, ledger_row, source_rows


def count_live(conn: Connection) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(incidents).where(incidents.c.n_documents > 0)
        ).scalar_one()
    )
