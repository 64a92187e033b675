"""The web app's own tables: accounts, sessions, API tokens, sign-in attempts, bookmarks, tags.

They live in the same database as the ledger (so a review and what it touches share one
transaction) and are created by the ``web`` series of migrations
(:mod:`tollwatch.web.migrations`), recorded in the ledger's ``schema_migrations`` table.
Conventions follow the ledger's: timestamps are ISO 8601 text in UTC; incident ids are
the ledger's integer ids. Secrets (session cookies, API tokens) are stored only as
SHA-256 hashes, so a copy of the database cannot be used to sign in.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: Key/value settings of the web app (the secret that signs CSRF tokens).
web_meta = Table(
    "web_meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

users = Table(
    "web_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),  # argon2id
    Column("role", String(20), nullable=False),  # viewer | reviewer | admin
    Column("approved", Boolean, nullable=False, default=False),
    Column("approved_by", String(64)),
    Column("approved_at", String(40)),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", String(40), nullable=False),
    Column("password_changed_at", String(40), nullable=False),
)

#: Server-side sessions: the cookie holds a random token, the table its SHA-256.
sessions = Table(
    "web_sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 hex of the cookie's token
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("last_seen_at", String(40), nullable=False),
    Column("ip", String(64)),
    Column("user_agent", Text),
)
Index("ix_web_sessions_user", sessions.c.user_id)

api_tokens = Table(
    "web_api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 hex
    Column("prefix", String(16), nullable=False),  # the first characters, to tell tokens apart
    Column("created_at", String(40), nullable=False),
    Column("last_used_at", String(40)),
    Column("revoked_at", String(40)),
)
Index("ix_web_api_tokens_user", api_tokens.c.user_id)

#: Sign-in attempts, for rate limiting per account + address (failures only are counted).
login_attempts = Table(
    "web_login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False),
    Column("ip", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Column("ok", Boolean, nullable=False),
)
Index("ix_web_login_attempts_key", login_attempts.c.username, login_attempts.c.ip, login_attempts.c.at)

bookmarks = Table(
    "web_bookmarks",
    metadata,
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), primary_key=True),
    Column("incident_id", Integer, primary_key=True),
    Column("created_at", String(40), nullable=False),
)
Index("ix_web_bookmarks_incident", bookmarks.c.incident_id)

#: Tags are shared by the team: one row per (incident, tag), with who added it.
tags = Table(
    "web_tags",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", Integer, nullable=False),
    Column("tag", String(60), nullable=False),
    Column("added_by", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    UniqueConstraint("incident_id", "tag", name="uq_web_tags_incident_tag"),
)
Index("ix_web_tags_tag", tags.c.tag)
