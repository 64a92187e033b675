"""Reading the store: incident lists with filters, one incident's ledger, documents, search.

Lists read only the materialised ``incidents`` rows and their indexes; an incident page
reads one row's stored ledger. Nothing here recomputes a tally.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select, text

from tollwatch.ledger.records import effective_dict
from tollwatch.ledger.schema import (
    documents,
    figures,
    history,
    incident_ledgers,
    incident_sources,
    incidents,
    problems,
)

#: The outcomes a list shows and sorts by (most first), besides ``toll`` (killed).
OUTCOME_SORTS = ("killed", "injured", "missing", "displaced", "detained")
SORTS = ("date", "date_asc", "toll", *OUTCOME_SORTS, "reports", "updated", "id")
REVIEW_STATES = ("unreviewed", "in_review", "reviewed")


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """What ``tollwatch incidents`` and the dashboard filter on. Every field is optional.

    ``where`` matches a part of the place name, region or country code; ``source`` a part
    of a source's name or its type (``government``, ``international_org``...) or an
    outlet's site; ``q`` a full-text query over the incident's reports.
    """

    q: str | None = None
    since: str | None = None
    until: str | None = None
    where: str | None = None
    min_killed: int | None = None
    min_injured: int | None = None
    outcome: str | None = None
    source: str | None = None
    review: str | None = None
    has_discrepancies: bool | None = None
    ids: tuple[int, ...] | None = None


def fts_query(q: str) -> str:
    """A user's words as a safe FTS5 query: every word must appear (prefix on the last)."""
    words = re.findall(r"\w+", q)
    if not words:
        return '""'
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


#: PostgreSQL: each report's words, a stored ``tsvector`` column with a GIN index (migration
#: 0013), so neither matching nor ranking parses a report's text again.
PG_MATCH = "documents.search_vector @@ to_tsquery('english', :tsq)"
#: A search ranks (bm25 on SQLite, ts_rank on PostgreSQL) the most recent this-many reports
#: that match (SQLite: the last stored; PostgreSQL: the last published), all of them when
#: fewer match: ranking all 75,000 reports of 100,000 that say "police" cost 0.4-0.7 s on
#: SQLite, and PostgreSQL reads (and decompresses) each ranked report's vector.
RANK_WINDOW = 1_000
#: Hits are counted up to this many; beyond, a search says "more than 1,000" (PostgreSQL
#: checks each counted report's vector: counting 10,000 took ~0.5 s on a loaded machine).
COUNT_CAP = 1_000
#: Around the words a search matched in a snippet (control characters no report text keeps).
HIT_START, HIT_END = "\x02", "\x03"
#: ts_headline's options: one fragment of the text around the words, its hits marked as SQLite's
#: snippet marks them.
PG_HEADLINE = (
    f'StartSel="{HIT_START}", StopSel="{HIT_END}", MaxWords=24, MinWords=12, MaxFragments=1, '
    'FragmentDelimiter="…"'
)


def pg_tsquery(q: str) -> str:
    """A user's words as a safe PostgreSQL tsquery, the same as :func:`fts_query`: every word
    must appear, the last one as a prefix. No words: a query that matches nothing."""
    words = re.findall(r"\w+", q)
    if not words:
        return ""  # an empty tsquery: matches nothing
    quoted = [f"'{w}'" for w in words]
    quoted[-1] += ":*"
    return " & ".join(quoted)


def matching_documents(conn: Connection, q: str) -> Select[Any]:
    """A select of the ids of documents whose title or text match ``q``."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        return select(documents.c.id).where(
            text(
                "documents.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :fts)"
            ).bindparams(fts=fts_query(q))
        )
    if dialect == "postgresql":
        return select(documents.c.id).where(text(PG_MATCH).bindparams(tsq=pg_tsquery(q)))
    conds = [or_(documents.c.title.ilike(f"%{w}%"), documents.c.text.ilike(f"%{w}%")) for w in q.split()]
    return select(documents.c.id).where(and_(*conds))


#: SQLite: the incidents with a report matching ``:fts``. Walks the narrow index of incident
#: ids and keeps those whose report matched: a common word matches most reports, and looking
#: each one up in the table (a page of text each) cost 3-4 times as much.
_SQLITE_INCIDENT_HITS = (
    "SELECT incident_id FROM documents INDEXED BY ix_documents_incident "
    "WHERE incident_id IS NOT NULL AND +rowid IN "
    "(SELECT rowid FROM documents_fts WHERE documents_fts MATCH :fts)"
)


def matching_incidents(conn: Connection, q: str) -> Any:
    """A select of the ids of incidents with a report matching ``q``."""
    if conn.dialect.name == "sqlite":
        return text(_SQLITE_INCIDENT_HITS).bindparams(fts=fts_query(q)).columns(documents.c.incident_id)
    if conn.dialect.name == "postgresql":
        return select(documents.c.incident_id).where(text(PG_MATCH).bindparams(tsq=pg_tsquery(q)))
    return select(documents.c.incident_id).where(documents.c.id.in_(matching_documents(conn, q)))


def _filtered(conn: Connection, f: IncidentFilter, hits: str | None = None) -> Select[Any]:
    # written as the partial indexes' condition, literally, so SQLite can use them
    stmt = select(incidents).where(text("incidents.merged_into IS NULL AND incidents.n_documents > 0"))
    if f.ids is not None:
        stmt = stmt.where(incidents.c.id.in_([int(i) for i in f.ids]))
    if f.since:
        stmt = stmt.where(incidents.c.when_day >= f.since)
    if f.until:
        stmt = stmt.where(incidents.c.when_day <= f.until)
    if f.where:
        pat = f"%{f.where.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(incidents.c.where_name).like(pat),
                func.lower(incidents.c.where_admin1).like(pat),
                func.lower(incidents.c.where_country) == f.where.lower(),
            )
        )
    if f.min_killed is not None:
        stmt = stmt.where(incidents.c.killed_best >= f.min_killed)
    if f.min_injured is not None:
        stmt = stmt.where(incidents.c.injured_best >= f.min_injured)
    if f.outcome:
        stmt = stmt.where(incidents.c.outcomes.like(f"% {f.outcome} %"))
    if f.source:
        pat = f"%{f.source.lower()}%"
        sub = select(incident_sources.c.incident_id).where(
            or_(
                func.lower(incident_sources.c.source_name).like(pat),
                incident_sources.c.source_type == f.source.lower(),
            )
        )
        stmt = stmt.where(incidents.c.id.in_(sub))
    if f.review:
        if f.review == "has_rejected":
            sub = (
                select(documents.c.incident_id)
                .join(figures, figures.c.document_id == documents.c.id)
                .where(figures.c.review_status == "rejected")
            )
            stmt = stmt.where(incidents.c.id.in_(sub))
        elif f.review in REVIEW_STATES:
            stmt = stmt.where(incidents.c.review_status == f.review)
        else:
            raise ValueError(f"review filter {f.review!r} is not one of {(*REVIEW_STATES, 'has_rejected')}")
    if f.has_discrepancies is not None:
        stmt = stmt.where(
            incidents.c.n_discrepancies > 0 if f.has_discrepancies else incidents.c.n_discrepancies == 0
        )
    if f.q:
        found = matching_incidents(conn, f.q) if hits is None else text(f"SELECT id FROM temp.{hits}")
        stmt = stmt.where(incidents.c.id.in_(found))
    return stmt


#: SQLite: the incidents a list's search matched, found once per list (its page and its count
#: both read them), in a table of this connection's own (``temp``: never written to the store).
_HITS_TABLE = "search_incidents"


def _search_hits(conn: Connection, q: str) -> str:
    conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {_HITS_TABLE} (id INTEGER PRIMARY KEY)")
    conn.exec_driver_sql(f"DELETE FROM temp.{_HITS_TABLE}")
    conn.execute(
        text(f"INSERT OR IGNORE INTO temp.{_HITS_TABLE} (id) {_SQLITE_INCIDENT_HITS}"), {"fts": fts_query(q)}
    )
    return _HITS_TABLE


def _order(stmt: Select[Any], sort: str) -> Select[Any]:
    c = incidents.c
    if sort == "date":  # unknown days ('') last
        return stmt.order_by(c.sort_day.desc(), c.id.desc())
    if sort == "date_asc":  # unknown days first
        return stmt.order_by(c.sort_day, c.id)
    if sort in ("toll", "killed"):  # unknown tolls (-1) last
        return stmt.order_by(c.sort_toll.desc(), c.id.desc())
    if sort in OUTCOME_SORTS:  # most first, unknown last
        return stmt.order_by(func.coalesce(c[f"{sort}_best"], c[f"{sort}_low"], -1).desc(), c.id.desc())
    if sort == "reports":
        return stmt.order_by(c.n_documents.desc(), c.id)
    if sort == "updated":
        return stmt.order_by(c.updated_at.desc(), c.id.desc())
    if sort == "id":
        return stmt.order_by(c.id)
    raise ValueError(f"sort {sort!r} is not one of {SORTS}")


def incident_row(r: Any) -> dict[str, Any]:
    """A list row: what the incidents table shows (reviewed values already won)."""
    m = r._mapping
    return {
        "id": m["id"],
        "title": m["title"],
        "when": m["when_day"],
        "where": {
            "name": m["where_name"],
            "admin1": m["where_admin1"],
            "country": m["where_country"],
            "lat": m["where_lat"],
            "lon": m["where_lon"],
        }
        if m["where_name"]
        else None,
        "killed": {"low": m["killed_low"], "best": m["killed_best"], "high": m["killed_high"]},
        **{o: {k: m[f"{o}_{k}"] for k in ("low", "best", "high")} for o in OUTCOME_SORTS[1:]},
        "n_documents": m["n_documents"],
        "n_sources": m["n_sources"],
        "n_figures": m["n_figures"],
        "n_discrepancies": m["n_discrepancies"],
        "n_gaps": m["n_gaps"],
        "first_published": m["first_published"],
        "last_published": m["last_published"],
        "review_status": m["review_status"],
        "updated_at": m["updated_at"],
    }


def list_incidents(
    conn: Connection, f: IncidentFilter, sort: str = "date", limit: int | None = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    hits = _search_hits(conn, f.q) if f.q and conn.dialect.name == "sqlite" else None
    base = _filtered(conn, f, hits)
    total = conn.execute(
        select(func.count()).select_from(base.with_only_columns(incidents.c.id).subquery())
    ).scalar_one()
    stmt = _order(base, sort).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [incident_row(r) for r in conn.execute(stmt)], int(total)


def iter_incident_records(conn: Connection, f: IncidentFilter, sort: str = "date_asc") -> Any:
    """Every matching incident as its full contract record (for ``incidents`` and exports)."""
    stmt = _order(_with_ledger(_filtered(conn, f)), sort)
    for r in conn.execution_options(yield_per=200).execute(stmt):
        yield incident_record(conn, r, with_documents=True)


def _with_ledger(stmt: Select[Any]) -> Select[Any]:
    return stmt.add_columns(incident_ledgers.c.summary_json, incident_ledgers.c.ledger_json).outerjoin(
        incident_ledgers, incident_ledgers.c.incident_id == incidents.c.id
    )


def incident_record(conn: Connection, r: Any, *, with_documents: bool = True) -> dict[str, Any]:
    """The contract incident (id, documents, summary, figures, sources, ...) plus extras."""
    m = r._mapping
    ledger = json.loads(m["ledger_json"] or "{}")
    summary = json.loads(m["summary_json"] or "{}")
    docs = ledger.get("documents", [])
    return {
        "id": str(m["id"]),
        "documents": [d["id"] for d in docs],
        "summary": summary,
        "figures": ledger.get("figures", []),
        "sources": ledger.get("sources", []),
        "discrepancies": ledger.get("discrepancies", []),
        "timeline": ledger.get("timeline", []),
        "tallies": ledger.get("tallies", []),
        "breakdown": ledger.get("breakdown", []),
        "gaps": ledger.get("gaps", []),
        "title": m["title"],
        "toll_by_day": ledger.get("toll_by_day", []),
        "review_status": m["review_status"],
        "merged_into": str(m["merged_into"]) if m["merged_into"] else None,
        "version": m["version"],
        "updated_at": m["updated_at"],
        **({"document_records": docs} if with_documents else {}),
    }


def get_incident(conn: Connection, incident_id: int | str) -> dict[str, Any] | None:
    try:
        key = int(incident_id)
    except (TypeError, ValueError):
        return None
    r = conn.execute(_with_ledger(select(incidents)).where(incidents.c.id == key)).first()
    return incident_record(conn, r) if r else None


def document_problems(conn: Connection, document_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(problems.c.code, problems.c.message)
        .where(problems.c.document_id == document_id)
        .order_by(problems.c.id)
    )
    return [{"code": p.code, "message": p.message} for p in rows]


def get_document(conn: Connection, document_id: str) -> dict[str, Any] | None:
    """The contract document, each figure with its id, review state and machine values."""
    r = conn.execute(select(documents).where(documents.c.id == document_id)).first()
    if r is None:
        return None
    m = r._mapping
    figs = [
        effective_dict(f)
        for f in conn.execute(
            select(figures)
            .where(figures.c.document_id == document_id)
            .order_by(figures.c.ordinal, figures.c.id)
        )
    ]
    return {
        "id": m["id"],
        "url": m["url"],
        "site": m["site"],
        "title": m["title"],
        "standfirst": m["standfirst"],
        "published": m["published"],
        "fetched": m["fetched"],
        "http_date": m["http_date"],
        "language": m["language"],
        "text": m["text"],
        "figures": figs,
        "summary": json.loads(m["summary_json"] or "{}"),
        "problems": document_problems(conn, document_id),
        "origin": m["origin"],
        "incident_id": str(m["incident_id"]) if m["incident_id"] is not None else None,
        "incident_pinned": bool(m["incident_pinned"]),
        "duplicate_of": m["duplicate_of"],
        "duplicate_similarity": m["duplicate_similarity"],
        "content_hash": m["content_hash"],
        "ingested_at": m["ingested_at"],
    }


def get_figure(conn: Connection, figure_id: int) -> dict[str, Any] | None:
    r = conn.execute(
        select(figures, documents.c.incident_id)
        .join(documents, documents.c.id == figures.c.document_id)
        .where(figures.c.id == figure_id)
    ).first()
    if r is None:
        return None
    out = effective_dict(r)
    out["incident_id"] = str(r.incident_id) if r.incident_id is not None else None
    out["history"] = history_rows(conn, history.c.figure_id == figure_id)
    return out


def history_rows(conn: Connection, cond: Any) -> list[dict[str, Any]]:
    rows = conn.execute(select(history).where(cond).order_by(history.c.id))
    return [
        {
            "id": h.id,
            "at": h.at,
            "actor": h.actor,
            "action": h.action,
            "incident_id": str(h.incident_id) if h.incident_id is not None else None,
            "related_incident_id": str(h.related_incident_id) if h.related_incident_id is not None else None,
            "document_id": h.document_id,
            "figure_id": h.figure_id,
            "before": json.loads(h.before_json) if h.before_json else None,
            "after": json.loads(h.after_json) if h.after_json else None,
            "reason": h.reason,
        }
        for h in rows
    ]


def incident_history(conn: Connection, incident_id: int) -> list[dict[str, Any]]:
    """Changes to this incident: its figures, its reports, merges into or out of it."""
    doc_ids = select(documents.c.id).where(documents.c.incident_id == incident_id)
    fig_ids = select(figures.c.id).where(figures.c.document_id.in_(doc_ids))
    return history_rows(
        conn,
        or_(
            history.c.incident_id == incident_id,
            history.c.figure_id.in_(fig_ids),
            history.c.document_id.in_(doc_ids),
            history.c.related_incident_id == incident_id,
        ),
    )


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of the reports a search matched, and how many matched (up to ``COUNT_CAP``:
    ``capped`` when more did)."""

    items: list[dict[str, Any]]
    total: int
    capped: bool

    @property
    def total_label(self) -> str:
        return count_label(self.total, self.capped)


def count_label(total: int, capped: bool) -> str:
    """``'1,234'``, or ``'more than 10,000'`` for a capped count."""
    return f"more than {total:,}" if capped else f"{total:,}"


def search_page(conn: Connection, q: str, limit: int = 20, offset: int = 0) -> SearchPage:
    """Reports matching ``q``, one page of them, and the (capped) count of matches."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT count(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH :q LIMIT :cap)"
        params: dict[str, Any] = {"q": fts_query(q), "cap": COUNT_CAP + 1}
    elif conn.dialect.name == "postgresql":
        sql = f"SELECT count(*) FROM (SELECT 1 FROM documents WHERE {PG_MATCH} LIMIT :cap) AS hits"
        params = {"tsq": pg_tsquery(q), "cap": COUNT_CAP + 1}
    else:
        raise ValueError(f"full-text search runs on SQLite and PostgreSQL, not {conn.dialect.name}")
    n = int(conn.execute(text(sql), params).scalar_one())
    items = search_documents(conn, q, limit, offset)
    return SearchPage(items, min(n, COUNT_CAP), n > COUNT_CAP)


#: SQLite: the rowid of the ``:window``-th most recent match (FTS5 walks its matches by rowid,
#: so this reads rowids only; no match that far back: no row, every match is ranked).
_SQLITE_WINDOW = (
    "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :back"
)
#: SQLite: the best-ranked page among the matches from that rowid on, with snippets (FTS5 ranks
#: inside its rowid range; snippets are made for the page's reports only).
_SQLITE_SEARCH = (
    "SELECT d.id, d.title, d.site, d.published, d.incident_id, "
    "snippet(documents_fts, 1, :hit_start, :hit_end, '…', 16) AS snippet "
    "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
    "WHERE documents_fts MATCH :q AND documents_fts.rowid >= :since ORDER BY rank LIMIT :limit OFFSET :offset"
)
#: PostgreSQL: the same, ranked by ts_rank on the stored vectors, the latest published first
#: (walking the index on ``published`` backwards; each vector is read once, for match and rank).
_PG_SEARCH = (
    "WITH recent AS (SELECT documents.id, ts_rank(documents.search_vector, to_tsquery('english', :tsq)) "
    "AS rank FROM documents WHERE "
    + PG_MATCH
    + " ORDER BY documents.published DESC, documents.id DESC LIMIT :window), "
    "ranked AS (SELECT id, rank FROM recent ORDER BY rank DESC, id LIMIT :limit OFFSET :offset) "
    "SELECT d.id, d.title, d.site, d.published, d.incident_id, "
    "ts_headline('english', d.text, to_tsquery('english', :tsq), :headline) AS snippet "
    "FROM ranked JOIN documents d USING (id) ORDER BY ranked.rank DESC, d.id"
)


def search_documents(conn: Connection, q: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Reports matching ``q`` (title and text), best match first (among the most recent
    ``RANK_WINDOW`` matches), with a snippet of the text and where in it the words matched
    (``hits``: ``[start, end]`` offsets)."""
    window = max(RANK_WINDOW, offset + limit)
    if conn.dialect.name == "sqlite":
        fts = fts_query(q)
        since = conn.execute(text(_SQLITE_WINDOW), {"q": fts, "back": window - 1}).scalar() or 0
        rows = conn.execute(
            text(_SQLITE_SEARCH),
            {
                "q": fts,
                "since": since,
                "limit": limit,
                "offset": offset,
                "hit_start": HIT_START,
                "hit_end": HIT_END,
            },
        ).all()
    else:
        rows = conn.execute(
            text(_PG_SEARCH),
            {
                "tsq": pg_tsquery(q),
                "limit": limit,
                "offset": offset,
                "window": window,
                "headline": PG_HEADLINE,
            },
        ).all()
    out = []
    for r in rows:
        snippet, hits = split_hits(r.snippet or "")
        out.append(
            {
                "id": r.id,
                "title": r.title,
                "site": r.site,
                "published": r.published,
                "incident_id": str(r.incident_id) if r.incident_id is not None else None,
                "snippet": snippet,
                "hits": hits,
            }
        )
    return out


def split_hits(marked: str) -> tuple[str, list[list[int]]]:
    """The snippet without its hit marks, and the ``[start, end]`` of each hit in it."""
    text: list[str] = []
    hits: list[list[int]] = []
    pos, start = 0, None
    for ch in marked:
        if ch == HIT_START:
            start = pos
        elif ch == HIT_END and start is not None:
            hits.append([start, pos])
            start = None
        elif ch not in (HIT_START, HIT_END):
            text.append(ch)
            pos += 1
    return "".join(text), hits
