"""``tollwatch extract``: read reports and print each document with its figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import tollwatch
from tollwatch.cli._app import EXIT_HELP, app
from tollwatch.cli.output import Format, write_documents


@app.command(help="Read reports and print each document with its figures.\n" + EXIT_HELP)
def extract(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders (recursively), .jsonl dumps, or - for stdin.")
    ],
    format: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="json (one document), jsonl (many), table (for people)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    docs = tollwatch.extract(paths)
    problems = write_documents(docs, format, output)
    raise typer.Exit(1 if problems else 0)
