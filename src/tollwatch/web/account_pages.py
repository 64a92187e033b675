"""Sign-up, sign-in, sign-out, the account page (password, API tokens) and the admin's users page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from tollwatch.ledger.engine import read_transaction, write_transaction
from tollwatch.web import accounts
from tollwatch.web import errors as E
from tollwatch.web.accounts import AccountError, User
from tollwatch.web.auth import (
    SESSION_COOKIE,
    admin,
    clear_session_cookie,
    client_ip,
    principal,
    safe_next,
    set_session_cookie,
    viewer,
)
from tollwatch.web.errors import WebError
from tollwatch.web.render import render

router = APIRouter(include_in_schema=False)


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _begin_session(request: Request, user: User, target: str) -> Response:
    """Rotate: end the browser's previous session, start a new one, set its cookie."""
    engine = _engine(request)
    with write_transaction(engine) as conn:
        old = request.cookies.get(SESSION_COOKIE)
        if old:
            accounts.end_session(conn, old)
        token = accounts.start_session(
            conn,
            user,
            ip=client_ip(request),
            user_agent=request.headers.get("user-agent"),
            lifetime=request.app.state.settings.session_lifetime,
        )
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, token)
    return response


@router.get("/signin")
def signin_page(request: Request, next: str | None = None) -> Response:
    if request.app.state.settings.no_auth:
        return RedirectResponse("/incidents", status_code=303)
    with read_transaction(_engine(request)) as conn:
        first = accounts.count_users(conn) == 0
    if first:
        return RedirectResponse("/signup", status_code=303)
    return render(request, "signin.html", {"next": safe_next(next), "error": None, "username": ""})


@router.post("/signin")
def signin(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=accounts.MAX_PASSWORD)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    settings = request.app.state.settings
    if settings.no_auth:
        return RedirectResponse("/incidents", status_code=303)
    engine = _engine(request)
    ip = client_ip(request)
    with write_transaction(engine) as conn:
        if accounts.signin_blocked(conn, username, ip, settings.signin_limit):
            minutes = int(settings.signin_limit.window.total_seconds() // 60)
            raise WebError(
                429,
                E.RATE_LIMITED,
                f"Too many failed sign-ins for this account from your address. Wait {minutes} minutes and try again.",
            )
        user = accounts.verify_password(conn, username, password)
        accounts.record_signin(conn, username, ip, ok=user is not None)
    if user is None or user.disabled:
        return render(
            request,
            "signin.html",
            {
                "next": safe_next(next),
                "error": "That user name and password do not match.",
                "username": username,
            },
            status_code=401,
        )
    return _begin_session(request, user, safe_next(next))


@router.get("/signup")
def signup_page(request: Request) -> Response:
    if request.app.state.settings.no_auth:
        return RedirectResponse("/incidents", status_code=303)
    with read_transaction(_engine(request)) as conn:
        first = accounts.count_users(conn) == 0
    return render(request, "signup.html", {"first": first, "error": None, "username": ""})


@router.post("/signup")
def signup(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=accounts.MAX_PASSWORD)],
    password2: Annotated[str, Form(max_length=accounts.MAX_PASSWORD)],
) -> Response:
    if request.app.state.settings.no_auth:
        return RedirectResponse("/incidents", status_code=303)
    engine = _engine(request)
    limit = request.app.state.settings.signup_limit
    ip = client_ip(request)
    with write_transaction(engine) as conn:
        if accounts.signup_blocked(conn, ip, limit):
            minutes = int(limit.window.total_seconds() // 60)
            raise WebError(
                429,
                E.RATE_LIMITED,
                f"Too many sign-ups from your address. Wait {minutes} minutes and try again.",
            )
        accounts.record_signup(conn, ip)  # counted before the (costly) password hash, kept on failure
    first = False
    try:
        if password != password2:
            raise AccountError("password_mismatch", "The two passwords differ.")
        with write_transaction(engine) as conn:
            first = accounts.count_users(conn) == 0
            user = accounts.create_user(conn, username, password)
    except AccountError as e:
        return render(
            request,
            "signup.html",
            {"first": first, "error": e.message, "username": username},
            status_code=422,
        )
    return _begin_session(request, user, "/incidents" if user.approved else "/waiting")


@router.get("/waiting")
def waiting(request: Request) -> Response:
    who = principal(request)
    if who.user is None:
        return RedirectResponse("/signin", status_code=303)
    if who.user.approved:
        return RedirectResponse("/incidents", status_code=303)
    return render(request, "waiting.html", {}, status_code=403)


@router.post("/signout")
def signout(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with write_transaction(_engine(request)) as conn:
            accounts.end_session(conn, token)
    response = RedirectResponse("/signin", status_code=303)
    clear_session_cookie(request, response)
    return response


# --------------------------------------------------------------------------- account


def _account(request: Request, user: User, **extra: object) -> Response:
    with read_transaction(_engine(request)) as conn:
        tokens = accounts.list_tokens(conn, user)
    return render(request, "account.html", {"tokens": tokens, "new_token": None, "error": None, **extra})


@router.get("/account")
def account_page(request: Request, user: User = viewer) -> Response:
    return _account(request, user)


# The account is checked (a dependency) before the form is read: a caller who may not act
# learns nothing, not even which fields the form wants.


@router.post("/account/tokens")
def new_token(
    request: Request, user: User = viewer, name: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    with write_transaction(_engine(request)) as conn:
        _token, secret = accounts.create_token(conn, user, name)
    return _account(request, user, new_token=secret)


@router.post("/account/tokens/{token_id}/revoke")
def revoke(request: Request, token_id: int, user: User = viewer) -> Response:
    with write_transaction(_engine(request)) as conn:
        accounts.revoke_token(conn, user, token_id)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/password")
def change_password(
    request: Request,
    current: Annotated[str, Form(max_length=accounts.MAX_PASSWORD)],
    password: Annotated[str, Form(max_length=accounts.MAX_PASSWORD)],
    password2: Annotated[str, Form(max_length=accounts.MAX_PASSWORD)],
    user: User = viewer,
) -> Response:
    if request.app.state.settings.no_auth:
        raise WebError(400, E.BAD_REQUEST, "There are no passwords in --no-auth mode.")
    engine = _engine(request)
    try:
        if password != password2:
            raise AccountError("password_mismatch", "The two new passwords differ.")
        with write_transaction(engine) as conn:
            if accounts.verify_password(conn, user.username, current) is None:
                raise AccountError("wrong_password", "The current password is wrong.")
            accounts.set_password(conn, user.username, password)  # ends every session
    except AccountError as e:
        return _account(request, user, error=e.message)
    return _begin_session(request, user, "/account")


# --------------------------------------------------------------------------- admin


@router.get("/admin/users")
def users_page(request: Request, _user: User = admin) -> Response:
    with read_transaction(_engine(request)) as conn:
        everyone = [u for u in accounts.list_users(conn) if u.username != accounts.LOCAL_USER]
    return render(request, "users.html", {"users": everyone, "roles": accounts.ROLES, "error": None})


@router.post("/admin/users/{username}")
def update_user(
    request: Request,
    username: str,
    action: Annotated[str, Form(max_length=20)],
    role: Annotated[str, Form(max_length=20)] = "",
    me: User = admin,
) -> Response:
    try:
        with write_transaction(_engine(request)) as conn:
            if action == "approve":
                accounts.approve(conn, username, role=role or None, actor=me.username)
            elif action == "role":
                accounts.set_role(conn, username, role)
            elif action == "disable":
                accounts.set_disabled(conn, username, True)
            elif action == "enable":
                accounts.set_disabled(conn, username, False)
            else:
                raise AccountError("bad_action", f"Unknown action {action!r}.")
    except AccountError as e:
        with read_transaction(_engine(request)) as conn:
            everyone = [u for u in accounts.list_users(conn) if u.username != accounts.LOCAL_USER]
        return render(
            request,
            "users.html",
            {"users": everyone, "roles": accounts.ROLES, "error": e.message},
            status_code=422,
        )
    return RedirectResponse("/admin/users", status_code=303)
