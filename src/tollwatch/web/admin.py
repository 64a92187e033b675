"""Account administration from the command line (``tollwatch users``): one library function."""

from __future__ import annotations

from typing import Any

from tollwatch.ledger.engine import database_url, make_engine, read_transaction, write_transaction
from tollwatch.ledger.migrate import migrate
from tollwatch.web import accounts
from tollwatch.web.accounts import AccountError

__all__ = ["AccountError", "manage"]


def manage(db: str | None, action: str, **kw: Any) -> str:
    """Do one account action on the store ``db``; return what to tell the user."""
    engine = make_engine(database_url(db))
    try:
        migrate(engine)
        if action == "list":
            with read_transaction(engine) as conn:
                rows = [u for u in accounts.list_users(conn) if u.username != accounts.LOCAL_USER]
            if not rows:
                return "no accounts yet (the first to sign up becomes the admin)"
            lines = [f"{'user':24} {'role':9} {'state':9} created"]
            for u in rows:
                state = "disabled" if u.disabled else ("approved" if u.approved else "waiting")
                lines.append(f"{u.username:24} {u.role:9} {state:9} {u.created_at[:10]}")
            return "\n".join(lines)
        with write_transaction(engine) as conn:
            if action == "add":
                user = accounts.create_user(
                    conn, kw["username"], kw["password"], role=kw["role"], approved=True, actor="cli"
                )
                return f"added {user.username} ({user.role})"
            if action == "reset-password":
                user = accounts.set_password(conn, kw["username"], kw["password"])
                return f"password of {user.username} reset; its sessions ended"
            if action == "approve":
                user = accounts.approve(conn, kw["username"], role=kw.get("role"), actor="cli")
                return f"approved {user.username} ({user.role})"
            if action == "set-role":
                user = accounts.set_role(conn, kw["username"], kw["role"])
                return f"{user.username} is now {user.role}"
            if action == "disable":
                user = accounts.set_disabled(conn, kw["username"], True)
                return f"disabled {user.username}; its sessions ended"
            if action == "enable":
                user = accounts.set_disabled(conn, kw["username"], False)
                return f"enabled {user.username}"
        raise AccountError("bad_action", f"unknown action {action!r}")
    finally:
        engine.dispose()
