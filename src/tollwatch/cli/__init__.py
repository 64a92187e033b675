"""The ``tollwatch`` command line: a thin layer over the library, one module per stage."""

from __future__ import annotations

from tollwatch.cli import extract as _extract  # noqa: F401  (registers its commands)
from tollwatch.cli import ledger as _ledger  # noqa: F401  (registers ingest, incidents, show, export)
from tollwatch.cli import watch as _watch  # noqa: F401  (registers watch)
from tollwatch.cli import web as _web  # noqa: F401  (registers serve, users)
from tollwatch.cli._app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
