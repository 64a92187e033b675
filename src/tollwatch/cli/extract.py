"""``tollwatch extract``: read reports and print each document with its figures."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from tollwatch import errors
from tollwatch.cli import fetching as F
from tollwatch.cli._app import EXIT_HELP, app
from tollwatch.cli.output import Format, write_documents
from tollwatch.contract import Document, Problem

MB = 1024 * 1024

INPUT_HELP = """
Inputs: .txt (text as pasted, page chrome and all), .html/.htm (saved web pages), .jsonl
(one {"id", "text" or "html", "title", "published", "url"} a line), any of these gzipped
(.gz), folders (read recursively) and - for standard input (JSON lines, HTML or text,
sniffed). A document's id is its file name without extensions, or the record's "id".
A path that does not exist is a problem of that input (not_found), like an empty, binary,
unreadable, wrongly encoded or oversized one: reported on stderr, recorded in the
document's "problems", and the rest of the batch goes on.
"""


@app.command(
    help="Read reports and print each document with its figures.\n" + INPUT_HELP + F.URLS_HELP + EXIT_HELP
)
def extract(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders (recursively), .jsonl dumps, .warc, URLs, feeds, or - for stdin."
        ),
    ] = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="json (one document; an array for many), jsonl (one document a line), table (for people). "
            "Default: table on a terminal, jsonl otherwise.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (all at once, on success) instead of stdout."),
    ] = None,
    max_mb: Annotated[
        float,
        typer.Option("--max-mb", min=0.001, help="Refuse inputs larger than this many megabytes (MiB)."),
    ] = errors.MAX_INPUT_BYTES / MB,
    chrome: Annotated[
        list[Path] | None,
        typer.Option(
            "--chrome",
            help="An extra page-chrome rule file (TOML, like tollwatch/data/chrome/).",
            exists=True,
        ),
    ] = None,
    no_clean: Annotated[
        bool, typer.Option("--no-clean", help="Keep the text as it is (no chrome removal).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No messages on stderr, no progress bar.")
    ] = False,
    urls: F.UrlsFile = None,
    reader: F.Reader = None,
    allow_private: F.AllowPrivate = False,
    delay: F.Delay = F.DEFAULTS.delay,
    concurrency: F.Concurrency = F.DEFAULTS.concurrency,
    timeout: F.Timeout = F.DEFAULTS.timeout,
    user_agent: F.UserAgent = F.DEFAULT_USER_AGENT,
) -> None:
    import functools

    import tollwatch
    from tollwatch.read import ChromeError, ReadOptions
    from tollwatch.read.sources import read_sources

    _setup_logging(quiet)
    F.check_reader("extract", reader)
    paths = [*(paths or []), *F.url_lines(urls)]
    if not paths:
        typer.echo("tollwatch extract: give files, folders, URLs or --urls FILE", err=True)
        raise typer.Exit(errors.EXIT_USAGE)
    options = ReadOptions(
        max_bytes=int(max_mb * MB), clean=not no_clean, chrome_files=tuple(str(c) for c in chrome or ())
    )
    fetch = F.fetch_options(
        allow_private=allow_private,
        delay=delay,
        concurrency=concurrency,
        timeout=timeout,
        user_agent=user_agent,
        max_bytes=options.max_bytes,
    )
    read_one = functools.partial(tollwatch.extract_document, reader=reader)
    try:
        with _progress(paths, quiet) as advance:
            docs = (_extract(d, read_one) for d in read_sources(paths, options, fetch, progress=advance))
            problems = write_documents(docs, format, output)
    except ChromeError as e:
        typer.echo(f"tollwatch extract: {e}", err=True)
        raise typer.Exit(errors.EXIT_USAGE) from None
    raise typer.Exit(errors.EXIT_PROBLEMS if problems else errors.EXIT_OK)


def _extract(doc: Document, extract_document: object) -> Document:
    """Figures for one document; a failure is recorded on the document, the batch goes on."""
    if not (doc.text or doc.title or doc.standfirst):
        return doc
    try:
        return extract_document(doc)  # type: ignore[operator,no-any-return]
    except Exception as e:
        message = f"{doc.origin or doc.id}: figure extraction failed ({type(e).__name__}: {e})"
        logging.getLogger("tollwatch.figures").warning("%s", message)
        doc.problems.append(Problem(errors.EXTRACTION_FAILED, message))
        return doc


class _StderrHandler(logging.Handler):
    """Writes to the *current* sys.stderr (so a progress bar can redirect it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:
            self.handleError(record)


def _setup_logging(quiet: bool) -> None:
    logger = logging.getLogger("tollwatch")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("tollwatch: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.ERROR if quiet else logging.WARNING)


class _progress:
    """A rich progress bar (bytes read) on stderr when it is a terminal; silent otherwise."""

    def __init__(self, paths: list[str], quiet: bool) -> None:
        self.paths, self.quiet = paths, quiet
        self.bar: Any = None

    def __enter__(self) -> Callable[[int], None] | None:
        if self.quiet or not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

        from tollwatch.read import planned_bytes

        total = planned_bytes(self.paths)
        self.bar = Progress(
            TextColumn("reading"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[docs]} documents"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        task = self.bar.add_task("read", total=total, docs=0)
        count = iter(range(1, 1 << 62))

        def advance(n: int) -> None:
            assert self.bar is not None
            self.bar.update(task, advance=n, docs=next(count))

        return advance

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
