"""The watch's tables: the sources watched, and every entry already read (so nothing is
fetched or counted twice, across restarts)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

watch_sources = Table(
    "watch_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("added_at", String(40), nullable=False),
    Column("added_by", String(80)),
    Column("last_read_at", String(40)),  # the last round that asked it
    Column("last_status", String(40)),  # ok, unchanged, or a problem code
    Column("last_message", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("page_hash", String(64)),  # a watched page: the bytes last read
    Column("n_reports", Integer, nullable=False, default=0),  # reports it brought
)

#: entries (links of feeds and sitemaps) read once; a failed fetch that may pass later is not kept
watch_seen = Table(
    "watch_seen",
    metadata,
    Column("key", Text, primary_key=True),  # the entry's link, else its feed id
    Column("source_id", Integer, nullable=False),
    Column("seen_at", String(40), nullable=False),
    Column("document_id", String(200)),
    Column("status", String(40), nullable=False),  # ok or the problem code
)
Index("ix_watch_seen_source", watch_seen.c.source_id)
