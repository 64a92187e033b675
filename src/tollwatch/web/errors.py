"""One error shape for every web error, and the codes it uses.

API responses (paths under ``/api/``) are JSON::

    {"error": {"status": 404, "code": "not_found", "message": "No incident 12.", "details": [...]}}

Pages get the same status with an HTML page that says the same thing.
"""

from __future__ import annotations

from typing import Any

NOT_FOUND = "not_found"
UNAUTHENTICATED = "unauthenticated"  # no session / no or bad API token
NOT_APPROVED = "not_approved"  # signed in, but an admin has not approved the account yet
FORBIDDEN = "forbidden"  # the role does not allow it
CSRF = "csrf_failed"
BAD_REQUEST = "bad_request"
INVALID = "invalid"  # a value is not acceptable (validation)
CONFLICT = "conflict"
RATE_LIMITED = "rate_limited"
TOO_LARGE = "too_large"  # a request body over the limit
METHOD_NOT_ALLOWED = "method_not_allowed"
INTERNAL = "internal_error"

_BY_STATUS = {
    400: BAD_REQUEST,
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    405: METHOD_NOT_ALLOWED,
    409: CONFLICT,
    413: TOO_LARGE,
    422: INVALID,
    429: RATE_LIMITED,
}


class WebError(Exception):
    """Raised by a handler; rendered as the error shape (JSON for the API, a page otherwise)."""

    def __init__(self, status: int, code: str, message: str, details: list[Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []


def code_for_status(status: int) -> str:
    return _BY_STATUS.get(status, INTERNAL if status >= 500 else BAD_REQUEST)


def error_body(status: int, code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}
