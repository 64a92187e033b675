"""Options shared by the commands that read and extract a batch (``extract``, ``ingest``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tollwatch import errors

ProblemsFile = Annotated[
    Path | None,
    typer.Option(
        "--problems",
        metavar="FILE",
        help="Write every problem here, one JSON line each ({input, code, message}); "
        "the terminal shows only their counts by code.",
    ),
]
MaxSeconds = Annotated[
    float,
    typer.Option(
        "--max-seconds",
        min=0.001,
        help="Stop reading figures of a report after this many CPU seconds (problem too_slow).",
    ),
]
Workers = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="Processes that read and extract (the output and the store are the same, in the same "
        "order, whatever the number). Default: every core for inputs over 1 MB, else 1.",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Read and extract on the Dask cluster of this scheduler (tcp://HOST:8786) instead of this "
        "machine's cores (pip install 'tollwatch[cluster]').",
    ),
]


def gather_inputs(command: str, paths: list[str] | None, urls: list[str]) -> list[str]:
    """The paths and URLs given, and those of ``--urls``; none at all is a usage error."""
    given = [*(paths or []), *urls]
    if not given:
        typer.echo(f"tollwatch {command}: give files, folders, URLs or --urls FILE", err=True)
        raise typer.Exit(errors.EXIT_USAGE)
    return given
