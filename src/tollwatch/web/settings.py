"""How the web app runs: one frozen options object, made by ``tollwatch serve`` or a test."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import timedelta

from tollwatch.ledger.engine import SERVER, Connections
from tollwatch.settings import PACKAGED, Settings
from tollwatch.web.accounts import RateLimit


@dataclass(frozen=True, slots=True)
class WebSettings:
    #: SQLAlchemy URL of the store (see :func:`tollwatch.ledger.engine.database_url`).
    db_url: str
    #: The address the server binds to; ``no_auth`` is refused unless it is loopback.
    host: str = "127.0.0.1"
    #: Single-user mode without accounts: everyone who reaches the server is an admin.
    no_auth: bool = False
    #: Mark cookies ``Secure`` (set when served over https, e.g. behind a TLS proxy).
    #: Requests that arrive as https get ``Secure`` cookies either way.
    secure_cookies: bool = False
    session_lifetime: timedelta = timedelta(days=14)
    signin_limit: RateLimit = field(default_factory=RateLimit)
    #: Sign-ups allowed per address within the window (each hashes a password under the write lock).
    signup_limit: RateLimit = field(default_factory=lambda: RateLimit(attempts=10))
    #: Rows per page of the incidents list.
    page_size: int = 50
    #: Request bodies over this many bytes are refused (413) before they are read.
    max_body_bytes: int = 1024 * 1024
    #: Let "add a report" fetch URLs on loopback and private addresses (your own network, tests).
    allow_private: bool = False
    #: The database connections of one server process, and each one's page cache (bounded).
    connections: Connections = SERVER
    #: Requests one server process works on at once (the rest wait their turn): each may hold
    #: a large incident's ledger in memory while its page is built.
    threads: int = 8
    #: The run's settings (lexicon and chrome overrides...), built by ``tollwatch serve``.
    run: Settings = PACKAGED

    def __post_init__(self) -> None:
        if self.no_auth and not is_loopback(self.host):
            raise ValueError(
                f"--no-auth is allowed only on a loopback address (127.0.0.1, ::1, localhost), "
                f"not {self.host!r}: anyone who can reach the server would be an admin. "
                "Drop --no-auth and create accounts (tollwatch users add), or bind to 127.0.0.1."
            )


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
