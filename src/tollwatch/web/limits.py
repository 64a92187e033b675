"""What a request may carry: a body of bounded size, and numbers a 64-bit column can hold.

* :class:`BodyLimitMiddleware` refuses a body over ``WebSettings.max_body_bytes`` with 413
  before reading it (by its ``Content-Length``), and stops one sent without a length (chunked)
  as soon as it passes the limit: an anonymous 600 MB POST is never held in memory.
* :func:`numbers_in_range` (a dependency of every route) answers 404 for an id in the path,
  and 400 for an integer query parameter, beyond what a 64-bit integer holds -- before the
  database is asked.
"""

from __future__ import annotations

import json
import re
import typing

from fastapi import Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tollwatch.web import errors as E
from tollwatch.web.errors import WebError, error_body

#: The largest id, offset or count a request may name: what a signed 64-bit integer holds.
MAX_INT = 2**63 - 1
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")


def out_of_range(value: str) -> bool:
    """Is ``value`` a whole number a 64-bit integer cannot hold?"""
    if not _INTEGER.fullmatch(value):
        return False
    digits = value.strip().lstrip("+-").lstrip("0")
    return len(digits) > 19 or int(digits or "0") > MAX_INT


class BodyTooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is over the limit of {limit:,} bytes.")


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length and (not length.isdigit() or len(length) > 18 or int(length) > self.max_bytes):
            await _refuse(scope, send, self.max_bytes)
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge(self.max_bytes)  # an HTTP error: rendered in the one error shape
            return message

        await self.app(scope, bounded, send)


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    """413 in the error shape (JSON under /api/, a short page elsewhere), body unread."""
    message = BodyTooLarge(limit).detail
    if str(scope.get("path", "")).startswith("/api"):
        body = json.dumps(error_body(413, E.TOO_LARGE, message)).encode()
        kind = b"application/json"
    else:
        body = f"<!doctype html><title>413</title><h1>Request too large</h1><p>{message}</p>".encode()
        kind = b"text/html; charset=utf-8"
    headers = [
        (b"content-type", kind),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def numbers_in_range(request: Request) -> None:
    """404 for a path id, 400 for an integer query parameter, beyond 64 bits."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    for name, value in request.path_params.items():
        if isinstance(value, str) and out_of_range(value):
            raise WebError(404, E.NOT_FOUND, f"There is no {name.replace('_', ' ')} {value.strip()[:40]}.")
    declared = {f.alias for f in getattr(dependant, "query_params", []) if _is_int(f)} if dependant else set()
    for name, value in request.query_params.multi_items():
        if (name in declared or name in _NUMERIC_QUERY) and out_of_range(value):
            raise WebError(
                400, E.BAD_REQUEST, f"{name} is out of range: at most {MAX_INT}.", [{"field": name}]
            )


def _is_int(field: object) -> bool:
    """Is a route's parameter declared as an integer (``int`` or ``int | None``)?"""
    annotation = getattr(getattr(field, "field_info", None), "annotation", None)
    return annotation is int or int in typing.get_args(annotation)


#: Integer query parameters that pages read themselves (not declared on the route).
_NUMERIC_QUERY = frozenset({"page", "offset", "limit", "min_killed"})
