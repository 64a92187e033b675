"""Who is asking, and may they: sessions, API tokens, roles and CSRF for each request.

- A browser signs in and gets a server-side session: cookie ``tw_session`` (``HttpOnly``,
  ``SameSite=Lax``, ``Secure`` over https or with ``secure_cookies``), a new one at each
  sign-in (the old one ends).
- An API client sends ``Authorization: Bearer tw_...`` (a per-user token from the account
  page). A request with a bearer header is judged by it alone: cookies are ignored.
- Every state-changing request (POST/PUT/PATCH/DELETE) authenticated by cookie must carry
  the CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``): an HMAC, under the
  database's secret, of the session id — or, before sign-in, of the random ``tw_anon``
  cookie — so the sign-in and sign-up forms are protected too. Cross-site requests
  (``Sec-Fetch-Site: cross-site`` or a foreign ``Origin``) are refused outright.
- Roles (viewer < reviewer < admin) are checked by :func:`require` on every page and API
  call; an account an admin has not approved yet sees nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from tollwatch.ledger.engine import read_transaction, write_transaction
from tollwatch.web import accounts
from tollwatch.web import errors as E
from tollwatch.web.accounts import User
from tollwatch.web.errors import WebError
from tollwatch.web.settings import WebSettings

SESSION_COOKIE = "tw_session"
ANON_COOKIE = "tw_anon"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of one request."""

    user: User | None
    via: str  # "session" | "token" | "no_auth" | "anonymous"
    csrf_key: str  # what the CSRF token is bound to: the session id, else the anon cookie

    @property
    def actor(self) -> str:
        return self.user.username if self.user else "anonymous"


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def is_https(request: Request) -> bool:
    return request.url.scheme == "https" or _settings(request).secure_cookies


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    return None


def principal(request: Request) -> Principal:
    """Resolve the caller once per request (cached on ``request.state``)."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found = _resolve(request)
    request.state.principal = found
    return found


def _resolve(request: Request) -> Principal:
    engine = _engine(request)
    settings = _settings(request)
    anon = getattr(request.state, "anon", "") or request.cookies.get(ANON_COOKIE, "")
    secret = bearer(request)
    if secret is not None:
        with read_transaction(engine) as conn:
            found = accounts.token_user(conn, secret)
        if found is None:
            raise WebError(401, E.UNAUTHENTICATED, "The API token is missing, wrong or revoked.")
        token_id, user, stale = found
        if stale:
            with write_transaction(engine) as conn:
                accounts.touch_token(conn, token_id)
        return Principal(user, "token", "")
    if settings.no_auth:
        return Principal(request.app.state.local_user, "no_auth", anon)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with read_transaction(engine) as conn:
            live = accounts.session_user(conn, token)
        if live is not None:
            sid, user, stale = live
            if stale:
                with write_transaction(engine) as conn:
                    accounts.touch_session(conn, sid)
            return Principal(user, "session", sid)
    return Principal(None, "anonymous", anon)


def csrf_token(request: Request) -> str:
    """The token the forms of this page must send back."""
    return _sign(request, principal(request).csrf_key)


def _sign(request: Request, key: str) -> str:
    if not key:
        return ""
    secret: str = request.app.state.secret
    return hmac.new(secret.encode(), key.encode(), hashlib.sha256).hexdigest()


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: refuse a state-changing request without a valid CSRF token."""
    if request.method not in UNSAFE:
        return
    site = request.headers.get("sec-fetch-site", "")
    if site == "cross-site":
        raise WebError(403, E.CSRF, "Cross-site requests are refused.")
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise WebError(403, E.CSRF, "The request comes from another site; it is refused.")
    if origin == "null":
        raise WebError(403, E.CSRF, "The request comes from an opaque origin; it is refused.")
    who = await run_in_threadpool(principal, request)  # database reads: off the event loop
    if who.via == "token":
        return  # bearer tokens are not sent by browsers on their own: no CSRF risk
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    expected = _sign(request, who.csrf_key)
    if not expected or not sent or not hmac.compare_digest(sent, expected):
        raise WebError(
            403, E.CSRF, "The form's security token is missing or out of date. Reload the page and try again."
        )


def require(role: str) -> Callable[[Request], User]:
    """A dependency that returns the signed-in user if they may act as ``role``."""

    def dependency(request: Request) -> User:
        who = principal(request)
        user = who.user
        if user is None:
            raise WebError(401, E.UNAUTHENTICATED, "Sign in first (or send an API token).")
        if user.disabled:
            raise WebError(403, E.FORBIDDEN, "This account is disabled.")
        if not user.approved:
            raise WebError(
                403,
                E.NOT_APPROVED,
                "Your account is waiting for an admin's approval; you will see the ledger then.",
            )
        if not user.can(role):
            raise WebError(403, E.FORBIDDEN, f"This needs the {role} role; you are a {user.role}.")
        return user

    dependency.__name__ = f"require_{role}"
    return dependency


viewer = Depends(require("viewer"))
reviewer = Depends(require("reviewer"))
admin = Depends(require("admin"))


def set_session_cookie(request: Request, response: Any, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(_settings(request).session_lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )


def clear_session_cookie(request: Request, response: Any) -> None:
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=is_https(request), path="/")


def new_anon() -> str:
    return secrets.token_urlsafe(24)


def safe_next(value: str | None, default: str = "/incidents") -> str:
    """Only a local path may be a redirect target after sign-in or a form: no scheme, no
    host, no backslash or control characters (browsers drop tabs and newlines, which would
    turn ``/\t/evil.example`` into ``//evil.example``)."""
    if not value or len(value) > 2000 or not value.startswith("/"):
        return default
    if any(ord(ch) < 0x21 or ch == "\\" for ch in value) or value.startswith("//"):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value
