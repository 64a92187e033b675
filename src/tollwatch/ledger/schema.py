"""The store's tables, as SQLAlchemy Core objects: what queries use.

The database is built by the migrations in :mod:`tollwatch.ledger.migrations`, not from
this module; a test checks that the migrated database has exactly these columns.

Conventions: ids of documents are the contract's document ids (text); figures,
incidents, problems, history rows have integer ids. Days are ``YYYY-MM-DD`` text,
timestamps ISO 8601 text in UTC. JSON is stored as text.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: Applied migrations, one row per (series, number). ``ledger`` is ours; other packages
#: (the web app: ``web``) add their own series.
schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("series", String(40), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    Column("inputs", Text),  # JSON list of the paths given
    Column("status", String(20), nullable=False),  # running | done | failed | interrupted
    Column("n_read", Integer, nullable=False, default=0),
    Column("n_new", Integer, nullable=False, default=0),
    Column("n_duplicates", Integer, nullable=False, default=0),
    Column("n_near_duplicates", Integer, nullable=False, default=0),
    Column("n_problems", Integer, nullable=False, default=0),
    Column("host", String(255)),  # the machine and process that run it (ledger_0008)
    Column("pid", Integer),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", Text),
    # materialised summary (reviewed values win), rebuilt whenever the incident changes
    Column("when_day", String(10)),
    Column("where_name", Text),
    Column("where_admin1", Text),
    Column("where_country", String(2)),
    Column("where_lat", Float),
    Column("where_lon", Float),
    Column("killed_low", Integer),
    Column("killed_best", Integer),
    Column("killed_high", Integer),
    Column("injured_low", Integer),
    Column("injured_best", Integer),
    Column("injured_high", Integer),
    # the other outcomes: the ledger's total tally (no report's reading gives them)
    *(
        Column(f"{o}_{k}", Integer)
        for o in ("missing", "displaced", "detained")
        for k in ("low", "best", "high")
    ),
    Column("n_documents", Integer, nullable=False, default=0),
    Column("n_sources", Integer, nullable=False, default=0),
    Column("n_figures", Integer, nullable=False, default=0),
    Column("n_discrepancies", Integer, nullable=False, default=0),
    Column("n_gaps", Integer, nullable=False, default=0),
    Column("first_published", String(40)),
    Column("last_published", String(40)),
    Column("outcomes", Text),  # " killed injured " : outcomes with a counted figure, for filters
    Column("review_status", String(20), nullable=False, default="unreviewed"),
    Column("pinned", Boolean, nullable=False, default=False),  # a reviewer merged/moved into it
    Column("merged_into", Integer, ForeignKey("incidents.id")),  # a merged-away incident
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    # sort keys without NULLs, so the list's orders walk an index: '' / -1 when unknown
    Column("sort_day", String(10), nullable=False, default=""),
    Column("sort_toll", Integer, nullable=False, default=-1),
)
_LIVE = (incidents.c.merged_into.is_(None)) & (incidents.c.n_documents > 0)
Index(
    "ix_incidents_live_day", incidents.c.sort_day, incidents.c.id, sqlite_where=_LIVE, postgresql_where=_LIVE
)
Index(
    "ix_incidents_live_toll",
    incidents.c.sort_toll,
    incidents.c.id,
    sqlite_where=_LIVE,
    postgresql_where=_LIVE,
)
Index("ix_incidents_when", incidents.c.when_day)
Index("ix_incidents_killed", incidents.c.killed_best)
Index("ix_incidents_where", incidents.c.where_name)
Index("ix_incidents_country", incidents.c.where_country)
Index("ix_incidents_review", incidents.c.review_status)

#: The materialised summary and ledger of each incident, beside the row the lists read
#: (kept apart so a list never walks kilobytes of JSON).
incident_ledgers = Table(
    "incident_ledgers",
    metadata,
    Column("incident_id", Integer, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("summary_json", Text, nullable=False),
    Column("ledger_json", Text, nullable=False),  # see tollwatch.ledger.tally.build_ledger
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("url", Text),
    Column("site", Text),
    Column("title", Text),
    Column("standfirst", Text),
    Column("published", String(40)),
    Column("fetched", String(40)),  # when the page was fetched (a URL, a WARC record's date), ISO
    Column("http_date", String(40)),  # the server's Last-Modified (else Date) for the page, ISO
    Column("language", String(10), nullable=False, default="en"),
    Column("text", Text, nullable=False),
    Column("origin", Text),
    Column("summary_json", Text),  # the document's own summary (contract Summary)
    Column("when_day", String(10)),  # summary.when
    Column("where_name", Text),  # summary.where.name
    Column("killed_best", Integer),
    Column("injured_best", Integer),
    Column("day", String(10)),  # the day linking blocks on: summary.when, else published day
    Column("features_json", Text),  # what linking compares (names, places, key phrases)
    Column("incident_id", Integer, ForeignKey("incidents.id")),
    Column("incident_pinned", Boolean, nullable=False, default=False),  # a reviewer put it there
    Column("duplicate_of", String(200), ForeignKey("documents.id")),  # near-duplicate of
    Column("duplicate_similarity", Float),
    Column("minhash", LargeBinary),
    Column("extractor", String(40)),
    Column("n_figures", Integer, nullable=False, default=0),
    Column("n_problems", Integer, nullable=False, default=0),
    Column("ingest_run", Integer, ForeignKey("ingest_runs.id")),
    Column("ingested_at", String(40), nullable=False),
)
#: Columns a database of one kind has beyond these tables (written by the database itself,
#: never by tollwatch): PostgreSQL's stored full-text vector of each report (ledger_0013).
POSTGRESQL_ONLY_COLUMNS = {"documents": {"search_vector"}}
Index("ix_documents_incident", documents.c.incident_id)
Index("ix_documents_day", documents.c.day)
Index("ix_documents_published", documents.c.published)
Index("ix_documents_site", documents.c.site)

#: Locality-sensitive hash bands of each document's MinHash: documents sharing a band hash
#: are near-duplicate candidates. Keyed by the hash (the band's number is mixed into it), so
#: lookups walk the key and nothing else; no rowid (one b-tree, not two).
document_bands = Table(
    "document_bands",
    metadata,
    Column("hash", BigInteger, nullable=False),
    Column("document_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("band", Integer, nullable=False),
    PrimaryKeyConstraint("hash", "document_id", name="pk_document_bands"),
    sqlite_with_rowid=False,
)
Index("ix_document_bands_document", document_bands.c.document_id)

#: Linking keys: the rare names and phrases of each report (people, streets, places), and
#: how many reports carry each key. Two reports sharing rare keys are compared even when
#: their days are far apart (a follow-up weeks later names the same victim and street).
link_keys = Table(
    "link_keys",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("n_documents", Integer, nullable=False, default=0),
)

document_keys = Table(
    "document_keys",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("document_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)
Index("ix_document_keys_document", document_keys.c.document_id)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("ordinal", Integer, nullable=False),  # position among the document's figures
    Column("origin", String(10), nullable=False),  # machine | reviewer
    # the machine's values (a reviewer's figure keeps its values here too)
    Column("outcome", String(40), nullable=False),
    Column("category", String(40), nullable=False),
    Column("grp", Text, nullable=False),  # contract "group"
    Column("count_low", Integer),
    Column("count_best", Integer),
    Column("count_high", Integer),
    Column("count_kind", String(20), nullable=False),
    Column("count_text", Text, nullable=False),
    Column("source_name", Text),
    Column("source_type", String(40)),
    Column("source_text", Text),
    Column("hedged", Boolean, nullable=False, default=False),
    Column("undisclosed", Boolean, nullable=False, default=False),
    Column("as_of", String(10)),
    Column("place_json", Text),
    Column("ev_field", String(20), nullable=False),
    Column("ev_start", Integer, nullable=False),
    Column("ev_end", Integer, nullable=False),
    Column("ev_text", Text, nullable=False),
    Column("revision", String(20)),  # contract "revision": superseded, retracted, increment, part, cumulative
    Column("scope_json", Text),  # contract "scope": the part of the crisis it covers (null: the whole)
    # review overlay: reviewed values win over the machine's, and re-extraction keeps them
    Column("review_status", String(20), nullable=False, default="unreviewed"),
    Column("review_json", Text),  # contract fields a reviewer changed: {"count": {...}, ...}
    Column("reviewed_by", Text),
    Column("reviewed_at", String(40)),
    Column("machine_present", Boolean, nullable=False, default=True),  # last extraction found it
)
Index("ix_figures_document", figures.c.document_id)
Index("ix_figures_review", figures.c.review_status)

problems = Table(
    "problems",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("input_key", Text, nullable=False),  # the input it concerns: origin, else document id
    Column("document_id", String(200)),  # the document, when one was stored (no FK: may not be)
    Column("code", String(40), nullable=False),
    Column("message", Text, nullable=False),
    Column("first_seen", String(40), nullable=False),
    Column("last_seen", String(40), nullable=False),
    Column("ingest_run", Integer, ForeignKey("ingest_runs.id")),
    UniqueConstraint("input_key", "code", name="uq_problems_input_code"),
)
Index("ix_problems_document", problems.c.document_id)

incident_sources = Table(
    "incident_sources",
    metadata,
    Column("incident_id", Integer, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("source_key", String(200), primary_key=True),
    Column("source_name", Text, nullable=False),
    Column("source_type", String(40)),
)
Index("ix_incident_sources_key", incident_sources.c.source_key)
Index("ix_incident_sources_type", incident_sources.c.source_type)

#: Every change a person (or a command) made: who, when, before, after, why.
history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(40), nullable=False),
    Column("incident_id", Integer),  # no FK: merged-away incidents keep their history
    Column("related_incident_id", Integer),  # the other incident of a merge or a move
    Column("document_id", String(200)),
    Column("figure_id", Integer),
    Column("before_json", Text),
    Column("after_json", Text),
    Column("reason", Text, nullable=False),
)
Index("ix_history_incident", history.c.incident_id)
Index("ix_history_related", history.c.related_incident_id)
Index("ix_history_figure", history.c.figure_id)
Index("ix_history_document", history.c.document_id)
