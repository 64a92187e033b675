"""Accounts, roles, server-side sessions, API tokens and the sign-in rate limit.

A library over a SQLAlchemy ``Connection`` (no web framework here), used by the web app
and by ``tollwatch users``. Rules:

- the first account is an approved admin; later sign-ups wait for an admin's approval;
- roles are ordered ``viewer < reviewer < admin``;
- passwords are hashed with argon2id (argon2-cffi's defaults), re-hashed when the
  parameters change; unknown user names cost the same time as wrong passwords;
- session cookies and API tokens are random (``secrets``); only their SHA-256 is stored;
- failed sign-ins are counted per (account, address) within a window: past the limit the
  next attempt is refused before the password is checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, and_, delete, func, insert, select, update

from tollwatch.web.schema import api_tokens, login_attempts, sessions, users, web_meta

ROLES: tuple[str, ...] = ("viewer", "reviewer", "admin")
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024

#: The user ``--no-auth`` mode acts as, and its password hash, which matches no password.
LOCAL_USER = "local"
NO_PASSWORD = "!"

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("tollwatch-dummy-password")


class AccountError(ValueError):
    """A request about an account cannot be done; ``code`` is stable, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: str
    approved: bool
    disabled: bool = False
    created_at: str = ""

    def can(self, role: str) -> bool:
        """Whether this user may act as ``role`` (approved, enabled, high enough)."""
        return self.approved and not self.disabled and ROLES.index(self.role) >= ROLES.index(role)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "role": self.role,
            "approved": self.approved,
            "disabled": self.disabled,
            "created_at": self.created_at,
        }


def now() -> datetime:
    return datetime.now(UTC)


def stamp(t: datetime | None = None) -> str:
    return (t or now()).isoformat(timespec="seconds")


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user(row: Any) -> User:
    return User(row.id, row.username, row.role, bool(row.approved), bool(row.disabled), row.created_at)


# --------------------------------------------------------------------------- users


def check_username(username: str) -> str:
    username = username.strip()
    if not USERNAME_RE.match(username):
        raise AccountError(
            "bad_username",
            "A user name is 2 to 64 characters: letters, digits and . _ @ - (starting with a letter or digit).",
        )
    return username


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError("weak_password", f"A password needs at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise AccountError("bad_password", f"A password has at most {MAX_PASSWORD} characters.")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError("bad_role", f"Role {role!r} is not one of {', '.join(ROLES)}.")
    return role


def count_users(conn: Connection) -> int:
    """Real accounts (the ``--no-auth`` local user has no password and does not count)."""
    return int(
        conn.execute(
            select(func.count()).select_from(users).where(users.c.password_hash != NO_PASSWORD)
        ).scalar_one()
    )


def local_user(conn: Connection) -> User:
    """The user that ``--no-auth`` mode acts as (made on first use; it cannot sign in)."""
    row = conn.execute(select(users).where(users.c.username == LOCAL_USER)).first()
    if row is None:
        t = stamp()
        conn.execute(
            insert(users).values(
                username=LOCAL_USER,
                password_hash=NO_PASSWORD,
                role="admin",
                approved=True,
                approved_by="--no-auth",
                approved_at=t,
                disabled=False,
                created_at=t,
                password_changed_at=t,
            )
        )
        row = conn.execute(select(users).where(users.c.username == LOCAL_USER)).one()
    return User(row.id, row.username, "admin", True, False, row.created_at)


def get_user(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return _user(row) if row else None


def find_user(conn: Connection, username: str) -> User | None:
    row = conn.execute(select(users).where(func.lower(users.c.username) == username.strip().lower())).first()
    return _user(row) if row else None


def list_users(conn: Connection) -> list[User]:
    return [_user(r) for r in conn.execute(select(users).order_by(users.c.id))]


def create_user(
    conn: Connection,
    username: str,
    password: str,
    *,
    role: str | None = None,
    approved: bool | None = None,
    actor: str | None = None,
) -> User:
    """Create an account. With no role/approval given, the first account becomes an approved
    admin and later ones unapproved viewers (a sign-up). ``tollwatch users add`` passes both."""
    username = check_username(username)
    check_password(password)
    first = count_users(conn) == 0
    if role is None:
        role = "admin" if first else "viewer"
    check_role(role)
    if approved is None:
        approved = first
    if find_user(conn, username) is not None:
        raise AccountError("user_exists", f"The user name {username!r} is taken.")
    t = stamp()
    result = conn.execute(
        insert(users).values(
            username=username,
            password_hash=_hasher.hash(password),
            role=role,
            approved=approved,
            approved_by=(actor or ("first account" if first else None)) if approved else None,
            approved_at=t if approved else None,
            disabled=False,
            created_at=t,
            password_changed_at=t,
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    user = get_user(conn, int(pk[0]))
    assert user is not None
    return user


def set_password(conn: Connection, username: str, password: str) -> User:
    """Reset a password; every session and API token of the account ends with it."""
    check_password(password)
    user = _require(conn, username)
    conn.execute(
        update(users)
        .where(users.c.id == user.id)
        .values(password_hash=_hasher.hash(password), password_changed_at=stamp())
    )
    end_sessions(conn, user.id)
    return user


def approve(conn: Connection, username: str, *, role: str | None = None, actor: str) -> User:
    user = _require(conn, username)
    values: dict[str, Any] = {"approved": True, "approved_by": actor, "approved_at": stamp()}
    if role is not None:
        values["role"] = check_role(role)
    conn.execute(update(users).where(users.c.id == user.id).values(**values))
    return _require(conn, username)


def set_role(conn: Connection, username: str, role: str) -> User:
    check_role(role)
    user = _require(conn, username)
    if user.role == "admin" and role != "admin":
        _keep_one_admin(conn, user)
    conn.execute(update(users).where(users.c.id == user.id).values(role=role))
    return _require(conn, username)


def set_disabled(conn: Connection, username: str, disabled: bool) -> User:
    user = _require(conn, username)
    if disabled and user.role == "admin":
        _keep_one_admin(conn, user)
    conn.execute(update(users).where(users.c.id == user.id).values(disabled=disabled))
    if disabled:
        end_sessions(conn, user.id)
    return _require(conn, username)


def _keep_one_admin(conn: Connection, user: User) -> None:
    others = conn.execute(
        select(func.count())
        .select_from(users)
        .where(users.c.role == "admin", users.c.approved.is_(True), users.c.disabled.is_(False))
        .where(users.c.id != user.id, users.c.password_hash != NO_PASSWORD)
    ).scalar_one()
    if not others:
        raise AccountError("last_admin", f"{user.username} is the last admin: make another admin first.")


def _require(conn: Connection, username: str) -> User:
    user = find_user(conn, username)
    if user is None:
        raise AccountError("no_such_user", f"There is no user {username!r}.")
    return user


def verify_password(conn: Connection, username: str, password: str) -> User | None:
    """The user if the password is right (whatever the account's state), else None."""
    row = conn.execute(select(users).where(func.lower(users.c.username) == username.strip().lower())).first()
    if row is None:
        with contextlib.suppress(VerificationError):  # spend the same time as for a real account
            _hasher.verify(_DUMMY_HASH, password)
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        conn.execute(update(users).where(users.c.id == row.id).values(password_hash=_hasher.hash(password)))
    return _user(row)


# --------------------------------------------------------------------------- rate limit


@dataclass(frozen=True, slots=True)
class RateLimit:
    attempts: int = 5  # failures allowed per (account, address) within the window
    window: timedelta = timedelta(minutes=15)
    per_address: int = 50  # failures allowed per address, whatever the accounts (credential stuffing)


def signin_blocked(conn: Connection, username: str, ip: str, limit: RateLimit) -> bool:
    """Too many recent failures for this account from this address, or from this address at all."""
    since = stamp(now() - limit.window)
    recent = (login_attempts.c.ip == ip[:64], login_attempts.c.at >= since, login_attempts.c.ok.is_(False))
    mine = conn.execute(
        select(func.count())
        .select_from(login_attempts)
        .where(login_attempts.c.username == username.strip().lower()[:64], *recent)
    ).scalar_one()
    if mine >= limit.attempts:
        return True
    everyone = conn.execute(select(func.count()).select_from(login_attempts).where(*recent)).scalar_one()
    return bool(everyone >= limit.per_address)


#: The ``login_attempts`` key of sign-ups (no user name can be it: names have no spaces).
SIGNUP_KEY = "sign up"


def signup_blocked(conn: Connection, ip: str, limit: RateLimit) -> bool:
    """Too many sign-ups from this address within the window (each costs a password hash
    under the write lock): ``limit.attempts`` are allowed, successful or not."""
    since = stamp(now() - limit.window)
    tried = conn.execute(
        select(func.count())
        .select_from(login_attempts)
        .where(
            login_attempts.c.username == SIGNUP_KEY,
            login_attempts.c.ip == ip[:64],
            login_attempts.c.at >= since,
        )
    ).scalar_one()
    return bool(tried >= limit.attempts)


def record_signup(conn: Connection, ip: str) -> None:
    """Count a sign-up from ``ip`` (kept apart from sign-in failures: ``ok`` is true)."""
    conn.execute(insert(login_attempts).values(username=SIGNUP_KEY, ip=ip[:64], at=stamp(), ok=True))


def record_signin(conn: Connection, username: str, ip: str, ok: bool) -> None:
    key = username.strip().lower()[:64]
    if ok:  # a success clears the account's failures from this address
        conn.execute(
            delete(login_attempts).where(login_attempts.c.username == key, login_attempts.c.ip == ip[:64])
        )
    conn.execute(insert(login_attempts).values(username=key, ip=ip[:64], at=stamp(), ok=ok))
    # keep the table small: forget attempts older than a day
    conn.execute(delete(login_attempts).where(login_attempts.c.at < stamp(now() - timedelta(days=1))))


# --------------------------------------------------------------------------- sessions


def start_session(
    conn: Connection, user: User, *, ip: str | None, user_agent: str | None, lifetime: timedelta
) -> str:
    """A new session for ``user``; returns the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(32)
    t = now()
    conn.execute(
        insert(sessions).values(
            id=sha256(token),
            user_id=user.id,
            created_at=stamp(t),
            expires_at=stamp(t + lifetime),
            last_seen_at=stamp(t),
            ip=(ip or "")[:64],
            user_agent=(user_agent or "")[:300],
        )
    )
    conn.execute(delete(sessions).where(sessions.c.expires_at < stamp(t)))
    return token


def session_user(conn: Connection, token: str) -> tuple[str, User, bool] | None:
    """The session id, its user, and whether its last-seen time is worth updating
    (:func:`touch_session`, in a write transaction), for a cookie token of a live session.
    Reads only."""
    if not token or len(token) > 200:
        return None
    sid = sha256(token)
    row = conn.execute(
        select(users, sessions.c.expires_at, sessions.c.last_seen_at)
        .join(sessions, sessions.c.user_id == users.c.id)
        .where(sessions.c.id == sid)
    ).first()
    t = now()
    if row is None or row.expires_at < stamp(t) or row.disabled:
        return None
    return sid, _user(row), row.last_seen_at < stamp(t - timedelta(minutes=5))


def touch_session(conn: Connection, sid: str) -> None:
    conn.execute(update(sessions).where(sessions.c.id == sid).values(last_seen_at=stamp()))


def end_session(conn: Connection, token: str) -> None:
    conn.execute(delete(sessions).where(sessions.c.id == sha256(token)))


def end_sessions(conn: Connection, user_id: int) -> None:
    conn.execute(delete(sessions).where(sessions.c.user_id == user_id))


# --------------------------------------------------------------------------- API tokens

TOKEN_PREFIX = "tw_"


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    name: str
    prefix: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


def create_token(conn: Connection, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for ``user``; returns it and its secret (shown once, never stored)."""
    name = (name or "").strip()[:100] or "token"
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    t = stamp()
    result = conn.execute(
        insert(api_tokens).values(
            user_id=user.id, name=name, token_hash=sha256(secret), prefix=secret[:10], created_at=t
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return ApiToken(int(pk[0]), name, secret[:10], t, None, None), secret


def list_tokens(conn: Connection, user: User) -> list[ApiToken]:
    rows = conn.execute(select(api_tokens).where(api_tokens.c.user_id == user.id).order_by(api_tokens.c.id))
    return [ApiToken(r.id, r.name, r.prefix, r.created_at, r.last_used_at, r.revoked_at) for r in rows]


def revoke_token(conn: Connection, user: User, token_id: int) -> bool:
    result = conn.execute(
        update(api_tokens)
        .where(and_(api_tokens.c.id == token_id, api_tokens.c.user_id == user.id))
        .where(api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=stamp())
    )
    return bool(result.rowcount)


def token_user(conn: Connection, secret: str) -> tuple[int, User, bool] | None:
    """The token id, its user, and whether its last-used time is worth updating
    (:func:`touch_token`), for a live API token. Reads only."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    row = conn.execute(
        select(users, api_tokens.c.id.label("token_id"), api_tokens.c.last_used_at)
        .join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(api_tokens.c.token_hash == sha256(secret), api_tokens.c.revoked_at.is_(None))
    ).first()
    if row is None or row.disabled:
        return None
    stale = row.last_used_at is None or row.last_used_at < stamp(now() - timedelta(minutes=5))
    return int(row.token_id), _user(row), stale


def touch_token(conn: Connection, token_id: int) -> None:
    conn.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=stamp()))


# --------------------------------------------------------------------------- app secret


def app_secret(conn: Connection) -> str:
    """The database's secret for signing CSRF tokens, made on first use."""
    row = conn.execute(select(web_meta.c.value).where(web_meta.c.key == "secret")).first()
    if row is not None:
        return str(row.value)
    value = secrets.token_urlsafe(48)
    conn.execute(insert(web_meta).values(key="secret", value=value))
    return value
