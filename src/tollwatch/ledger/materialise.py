"""Keeping each incident's summary and ledger stored, rebuilt whenever the incident changes.

Lists read the ``incidents`` row (summary columns), pages its ``incident_ledgers`` row (the
summary and the ledger as JSON); neither recomputes anything: ingest, review, merge and
move call :func:`refresh_incidents` for the incidents they touched, in their own
transaction.

The incident's summary:

* **when** and **where**: the value most of its reports' summaries give (ties: the
  earliest day; the place named with most detail). With no report giving a day, the
  earliest publication day, marked ``"when_from": "published"``.
* **killed** and **injured**: the (killed, injured) reading its reports support best, both
  from one reading some report gave (:mod:`.headline`: points for each report giving it,
  for its own evidence, for corroboration by the others' figures; a later report saying the
  wounded died supersedes). The count says which reports and figures it rests on, the
  rule in words, and -- when the ledger's tally differs -- the tally and why
  (``differs``); ``summary["readings"]`` lists every reading with its points. When a
  reviewer has confirmed, corrected or added a figure of that outcome, or no report's
  summary gives a count, the ledger's total tally instead (reviewed values win).
  (Measured on GVA dev, the reports' own readings are the more accurate headline: the
  tallies, built from every figure of every report, carry the figure finder's misreadings.)
  A crisis told over several crisis reports (:mod:`.crisis`) takes the ledger's tally too:
  each report's reading is the toll of its own day, and the crisis's toll has moved on.
* **missing**, **displaced**, **detained**: the ledger's total tally (``summary["tallies"]``),
  stored beside killed and injured so that lists show and sort by them.
* **title**: the title of the report whose reading is the headline (the current toll, not
  the first report's), else the first titled report's; for a crisis, whose headline is the
  ledger's tally, the latest report whose own death toll is that tally's (else the latest).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, func, select, update

from tollwatch.ledger import headline, tally
from tollwatch.ledger.crisis import crisis_incidents
from tollwatch.ledger.fastsql import insert_many, raw_cursor
from tollwatch.ledger.features import clean_title
from tollwatch.ledger.records import compact_json, effective_dict, summary_of
from tollwatch.ledger.schema import documents, figures, incident_ledgers, incident_sources, incidents

_UPDATE_INCIDENT = (
    update(incidents).where(incidents.c.id == bindparam("b_id")).values(version=incidents.c.version + 1)
)


#: Outcomes whose headline is the ledger's total tally (killed and injured have a reading).
OTHER_OUTCOMES = ("missing", "displaced", "detained")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_incident(conn: Connection) -> int:
    t = now()
    result = conn.execute(incidents.insert().values(created_at=t, updated_at=t))
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def allocate_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """``n`` new ids of ``table`` for rows the caller inserts with their ids (see
    :func:`id_allocator`)."""
    if n <= 0:
        return []
    if conn.dialect.name == "postgresql":
        seq = (
            f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) FROM generate_series(1, {int(n)})"
        )
        values: list[Any] = list(conn.exec_driver_sql(seq).scalars())
        return sorted(int(v) for v in values)
    start = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())
    return list(range(start + 1, start + 1 + n))


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


@dataclass(slots=True)
class Written:
    """A report written in this transaction, as ingest holds it: its documents row and its
    figures rows (ids included), so the rebuild need not read them back."""

    row: Any  # attributes as the documents row (id, incident_id, ..., summary_json; summary: parsed)
    figures: list[dict[str, Any]]  # figures rows (mappings with every column, id included)


def incidents_figures(
    conn: Connection, incident_ids: Iterable[int], written: dict[str, Written] | None = None
) -> dict[int, tuple[list[Any], list[dict[str, Any]]]]:
    """Each incident's documents (rows, by publication) and figures (ledger figures), read
    in a few statements however many incidents there are. ``written``: reports of this
    transaction held in memory (not read back)."""
    ids = sorted(set(incident_ids))
    written = written or {}
    out: dict[int, tuple[list[Any], list[dict[str, Any]]]] = {i: ([], []) for i in ids}
    stored: dict[str, Any] = {}
    rows: list[tuple[Any, Any]] = []  # (document, figure row mapping)
    fresh = sorted(written)
    for chunk in _chunks(ids):
        query = select(*_DOC_COLUMNS).where(documents.c.incident_id.in_(chunk))
        if fresh:
            query = query.where(documents.c.id.not_in(fresh))
        for d in conn.execute(query):
            stored[d.id] = d
    for chunk in _chunks(list(stored)):
        for r in conn.execute(select(figures).where(figures.c.document_id.in_(chunk))):
            rows.append((stored[r.document_id], r._mapping))
    docs = list(stored.values())
    for w in written.values():
        if w.row.incident_id in out:
            docs.append(w.row)
            rows += [(w.row, f) for f in w.figures]
    for d in docs:
        out[d.incident_id][0].append(d)
    for d, m in rows:
        f = effective_dict(m)
        f["published"] = d.published
        f["site"] = d.site
        f["duplicate_of"] = d.duplicate_of
        f["_order"] = (m["document_id"], m["ordinal"])
        out[d.incident_id][1].append(f)
    for ds, figs in out.values():
        ds.sort(key=lambda d: (d.published or "", d.id))
        figs.sort(key=lambda f: f.pop("_order"))
    return out


def incident_figures(conn: Connection, incident_id: int) -> tuple[list[Any], list[dict[str, Any]]]:
    """The incident's documents (rows) and its figures as ledger figures."""
    return incidents_figures(conn, [incident_id])[incident_id]


def _vote(values: list[Any], tie: Any = None) -> Any:
    if not values:
        return None
    if len(values) == 1:  # (most often) one report
        return values[0]
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


def summarise(docs: list[Any], ledger: dict[str, Any], crisis: bool = False) -> dict[str, Any]:
    """The incident's summary from its reports' summaries and its ledger (see module doc)."""
    own = [d for d in docs if not d.duplicate_of] or docs
    sums = [summary_of(d) for d in own]
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
    head = headline.choose(docs, ledger["figures"])
    for outcome in ("killed", "injured"):
        total = tally.total(ledger, outcome)
        count: dict[str, Any] | None
        unfolding = crisis  # its toll moved on: each report's reading is the toll of its day
        if outcome in reviewed_outcomes or head is None or unfolding:
            count = _count_dict(total)
            if count:
                count["from"] = "ledger"
                count["rests_on"] = (total or {}).get("rests_on", {})
                count["rule"] = (
                    "a reviewer confirmed, corrected or added a figure: the ledger's tally"
                    if outcome in reviewed_outcomes
                    else "a crisis told over several reports: the ledger's tally of the latest figures"
                    if unfolding
                    else "no report's own summary gives a count: the ledger's tally"
                )
        else:
            count = _from_reports(head, outcome, total)
        out[outcome] = count
    if head is not None:
        out["readings"] = head["readings"]
    out["tallies"] = {
        t["outcome"]: {"low": t["low"], "best": t["best"], "high": t["high"]}
        for t in ledger["tallies"]
        if t["category"] == tally.TOTAL
    }
    return out


def _from_reports(head: dict[str, Any], outcome: str, total: dict[str, Any] | None) -> dict[str, Any] | None:
    """The headline count of one outcome from the reports' reading (see :mod:`.headline`),
    with what it rests on, and why the ledger's tally differs when it does."""
    c = head["counts"][outcome]
    if not c:
        return None
    ids = head["rests_on"][outcome]
    count = dict(c) | {
        "from": "reports",
        "report": head["report"],
        "reports": head["reports"],
        "rests_on": {
            "low": ids if c.get("low") == c.get("best") else [],
            "best": ids,
            "high": ids if c.get("high") == c.get("best") else [],
        },
        "rule": head["rule"],
    }
    if total and total.get("best") != c.get("best"):
        figs = total.get("rests_on", {}).get("best") or total.get("figures", [])
        count["tally"] = {k: total.get(k) for k in ("low", "best", "high")}
        count["differs"] = (
            f"the ledger's tally of every current figure gives {_num(total)} (figure"
            f"{'s' if len(figs) != 1 else ''} {', '.join(f'#{i}' for i in figs[:5])}); the headline "
            "is the reading the reports' own summaries support best"
        )
    return count


def _num(cell: dict[str, Any]) -> str:
    if cell.get("best") is not None:
        return str(cell["best"])
    return f"at least {cell['low']}" if cell.get("low") is not None else "no number"


def _review_status(figs: list[dict[str, Any]], pinned: bool) -> str:
    """``unreviewed`` (nobody looked), ``in_review`` (some figures or links reviewed), ``reviewed``."""
    statuses = {f.get("review_status") for f in figs}
    if figs and "unreviewed" not in statuses:
        return "reviewed"
    if pinned or statuses - {"unreviewed"}:
        return "in_review"
    return "unreviewed"


def refresh_incidents(
    conn: Connection, ids: Iterable[int], written: dict[str, Written] | None = None
) -> None:
    """Rebuild the stored summary, ledger and sources of these incidents (a few statements
    for all of them). ``written``: reports this transaction wrote, held in memory."""
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
    loaded = incidents_figures(conn, found, written)
    crises = crisis_incidents(conn, found)
    rows, ledgers, sources = [], [], []
    t = now()
    for incident_id in found:
        docs, figs = loaded[incident_id]
        row, ledger_row, source_rows = _materialise(
            incident_id, docs, figs, pinned[incident_id], t, incident_id in crises
        )
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


#: An incident holding more reports than this is rebuilt once at the end of an ingest run, not
#: after every batch that adds to it: its ledger is rebuilt whole, and a big one (hundreds of
#: reports, megabytes of JSON) rebuilt by every batch made dense ingest quadratic.
DEFER_DOCUMENTS = 50


def refresh_or_defer(
    conn: Connection, ids: Iterable[int], written: dict[str, Written] | None, deferred: set[int]
) -> None:
    """Rebuild these incidents now (:func:`refresh_incidents`), except the big ones: those
    holding more than ``DEFER_DOCUMENTS`` reports, or deferred already, are added to
    ``deferred`` for the run to rebuild once at its end. Until then lists and pages show such
    an incident as it was before the run."""
    wanted = sorted(set(ids) - deferred)
    for chunk in _chunks(wanted):
        big = select(incidents.c.id).where(
            incidents.c.id.in_(chunk), incidents.c.n_documents > DEFER_DOCUMENTS
        )
        found: list[Any] = list(conn.execute(big).scalars())
        deferred.update(int(i) for i in found)
    refresh_incidents(conn, [i for i in wanted if i not in deferred], written)


def refresh_incident(conn: Connection, incident_id: int) -> None:
    refresh_incidents(conn, [incident_id])


def _title(docs: list[Any], killed: dict[str, Any], injured: dict[str, Any], crisis: bool) -> str | None:
    """The title of the report whose reading is the headline. A crisis's headline is its ledger's
    tally (no one report's): then the latest report whose own reading gives that death toll, else
    the latest titled one ("Death toll in Osh clashes reaches 14", not the first "Three killed")."""
    titled = [d for d in docs if d.title]  # docs come by publication
    head_report = killed.get("report") or injured.get("report")
    for d in titled:
        if d.id == head_report:
            return str(d.title)
    if not titled:
        return None
    if not crisis:
        return str(titled[0].title)
    best = killed.get("best")
    same = [d for d in titled if best is not None and (summary_of(d).get("killed") or {}).get("best") == best]
    return str((same or titled)[-1].title)


def _materialise(
    incident_id: int, docs: list[Any], figs: list[dict[str, Any]], pinned: bool, t: str, crisis: bool = False
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """The incident's row values, its ledger row and its source rows."""
    ledger = tally.build_ledger(figs)
    summary = summarise(docs, ledger, crisis)
    where = summary.get("where") or {}
    killed, injured = summary.get("killed") or {}, summary.get("injured") or {}
    published = sorted(d.published for d in docs if d.published)
    title = _title(docs, killed, injured, crisis)
    totals = summary.get("tallies") or {}
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
        "title": clean_title(title) if title else None,
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
        **{f"{o}_{k}": (totals.get(o) or {}).get(k) for o in OTHER_OUTCOMES for k in ("low", "best", "high")},
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
        "summary_json": compact_json(summary),
        "ledger_json": compact_json(ledger_doc),
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
