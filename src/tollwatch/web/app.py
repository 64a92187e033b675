"""The FastAPI application: security headers, errors, static assets and the routers.

``create_app(settings)`` opens the store (migrating it, web tables included) and wires
the pages (:mod:`.pages`, :mod:`.review`, :mod:`.account_pages`) and the REST API
(:mod:`.api`). Every response carries a Content-Security-Policy that forbids inline
script and any origin but our own: the JavaScript in ``static/js`` reads its data from
``data-*`` attributes or JSON endpoints.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from http.cookies import SimpleCookie
from importlib.resources import files
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tollwatch import __version__
from tollwatch.ledger import Store
from tollwatch.ledger.engine import write_transaction
from tollwatch.web import accounts
from tollwatch.web import errors as E
from tollwatch.web.auth import ANON_COOKIE, csrf_protect, new_anon
from tollwatch.web.errors import WebError, code_for_status, error_body
from tollwatch.web.limits import BodyLimitMiddleware, numbers_in_range
from tollwatch.web.render import render
from tollwatch.web.settings import WebSettings

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "geolocation=(), camera=(), microphone=()",
}


class SecurityMiddleware:
    """Adds the security headers to every response and gives each browser a ``tw_anon``
    cookie (what CSRF tokens are bound to before sign-in)."""

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        static = path.startswith("/static/")
        new_cookie = None
        if not static:
            anon = _cookie(scope, ANON_COOKIE)
            if not anon or len(anon) > 64:
                anon = new_cookie = new_anon()
            scope.setdefault("state", {})["anon"] = anon
        https = scope.get("scheme") == "https" or self.settings.secure_cookies

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if static:
                    headers["cache-control"] = "public, max-age=3600"
                elif "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
                if https:
                    headers["strict-transport-security"] = "max-age=31536000"
                if new_cookie:
                    headers.append(
                        "set-cookie",
                        f"{ANON_COOKIE}={new_cookie}; Path=/; HttpOnly; SameSite=Lax"
                        + ("; Secure" if https else ""),
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return None
            if name in jar:
                return jar[name].value
    return None


def create_app(settings: WebSettings) -> FastAPI:
    """The web app over the store at ``settings.db_url`` (migrated on start)."""
    # opening migrates: the ledger's tables and ours (web_*)
    store = Store(settings.db_url, connections=settings.connections, settings=settings.run)
    engine = store.engine
    with write_transaction(engine) as conn:
        secret = accounts.app_secret(conn)
        local = accounts.local_user(conn) if settings.no_auth else None

    app = FastAPI(
        title="tollwatch",
        version=__version__,
        description=(
            "The REST API of a tollwatch ledger: documents, figures, incidents with their tallies, "
            "review actions and exports. Authenticate with `Authorization: Bearer <token>` "
            "(make a token on your account page). Every error has one shape: "
            '`{"error": {"status", "code", "message", "details"}}`.'
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served by the API router, to signed-in accounts only
        dependencies=[Depends(numbers_in_range), Depends(csrf_protect)],
        lifespan=partial(_bounded_threads, settings.threads),
    )
    app.state.store = store
    app.state.engine = engine
    app.state.settings = settings
    app.state.secret = secret
    app.state.local_user = local

    from tollwatch.web import account_pages, api, intake, pages, review

    app.include_router(account_pages.router)
    app.include_router(intake.router)
    app.include_router(pages.router)
    app.include_router(review.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=str(files("tollwatch.web") / "static")), name="static")
    _error_handlers(app)
    app.add_middleware(SecurityMiddleware, settings=settings)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)  # outermost: first
    return app


@asynccontextmanager
async def _bounded_threads(threads: int, _app: FastAPI) -> AsyncIterator[None]:
    """At most ``threads`` requests run their (blocking) handlers at once in this process."""
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, threads)
    yield


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_response(
    request: Request, status: int, code: str, message: str, details: list[Any] | None = None
) -> Response:
    if _is_api(request):
        headers = {"www-authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)
    if status == 401 and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)
    return render(
        request,
        "error.html",
        {"status": status, "code": code, "message": message, "details": details or []},
        status_code=status,
    )


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "The request cannot be served."
        if exc.status_code == 404:
            message = "There is no such page."
        return error_response(request, exc.status_code, code_for_status(exc.status_code), message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        fields = ", ".join(d["field"] for d in details if d["field"]) or "the request"
        return error_response(request, 422, E.INVALID, f"Some values are not acceptable: {fields}.", details)

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, exc: Exception) -> Response:
        # a number past what the database holds that no check above caught: the request's fault
        log.warning("out of range serving %s %s: %s", request.method, request.url.path, exc)
        return error_response(request, 400, E.BAD_REQUEST, "A number in the request is out of range.")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s %s", request.method, request.url.path)
        return error_response(
            request, 500, E.INTERNAL, "Something went wrong on the server; it has been logged."
        )
