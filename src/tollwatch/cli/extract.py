"""``tollwatch extract``: read reports and print each document with its figures."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tollwatch import errors
from tollwatch.cli import fetching as F
from tollwatch.cli import run_options as R
from tollwatch.cli._app import EXIT_HELP, app, run_settings
from tollwatch.cli.output import Format, write_documents
from tollwatch.cli.progress import ByteProgress, tell_problems
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
            metavar="PATH...",
            help="Files, folders (recursively), .jsonl dumps, .warc, URLs, feeds, or - for stdin.",
        ),
    ] = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="json (one document; an array for many), jsonl (one document a line), table (for people), "
            "parquet (a dataset folder, --output DIR/, that tollwatch ingest DIR/ loads). "
            "Default: table on a terminal, jsonl otherwise.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write here (all at once, on success) instead of stdout."
        ),
    ] = None,
    max_mb: Annotated[
        float,
        typer.Option(
            "--max-mb", min=0.001, metavar="MB", help="Refuse inputs larger than this many megabytes (MiB)."
        ),
    ] = errors.MAX_INPUT_BYTES / MB,
    chrome: Annotated[
        list[Path] | None,
        typer.Option(
            "--chrome",
            metavar="FILE",
            help="An extra page-chrome rule file (TOML, like tollwatch/data/chrome/).",
            exists=True,
        ),
    ] = None,
    max_seconds: R.MaxSeconds = errors.MAX_SECONDS,
    no_clean: Annotated[
        bool, typer.Option("--no-clean", help="Keep the text as it is (no chrome removal).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No messages on stderr, no progress bar.")
    ] = False,
    problems_file: R.ProblemsFile = None,
    workers: R.Workers = None,
    scheduler: R.Scheduler = None,
    urls: F.UrlsFile = None,
    reader: F.Reader = None,
    allow_private: F.AllowPrivate = False,
    delay: F.Delay = F.DEFAULTS.delay,
    concurrency: F.Concurrency = F.DEFAULTS.concurrency,
    timeout: F.Timeout = F.DEFAULTS.timeout,
    user_agent: F.UserAgent = F.DEFAULT_USER_AGENT,
) -> None:
    import tollwatch
    from tollwatch.cluster import ClusterError
    from tollwatch.read import ChromeError, ReadOptions
    from tollwatch.read.sources import read_sources
    from tollwatch.workers import open_workers

    _setup_logging(quiet=True)  # each bad input is counted at the end, not told of one line each
    F.check_reader("extract", reader)
    paths = R.gather_inputs("extract", paths, F.url_lines(urls))
    if format is Format.parquet and output is None:
        typer.echo(
            "tollwatch extract: --format parquet writes a dataset folder: give --output DIR/", err=True
        )
        raise typer.Exit(errors.EXIT_USAGE)
    settings = run_settings()
    options = ReadOptions(
        max_bytes=int(max_mb * MB),
        clean=not no_clean,
        chrome_files=(*settings.chrome_files, *(str(c) for c in chrome or ())),
    )
    fetch = F.fetch_options(
        allow_private=allow_private,
        delay=delay,
        concurrency=concurrency,
        timeout=timeout,
        user_agent=user_agent,
        max_bytes=options.max_bytes,
    )
    read_one = partial(tollwatch.extract_document, reader=reader, max_seconds=max_seconds, settings=settings)
    then = partial(_extract, extract_document=read_one)
    try:
        warm = partial(tollwatch.warm_up, settings, options.chrome_files)
        with open_workers(workers, scheduler, paths, warm) as pool, ByteProgress(paths, quiet) as advance:
            docs = read_sources(paths, options, fetch, progress=advance, then=then, workers=pool)
            tally = _Tally()
            problems = write_documents(tally.noting(docs), format, output)
    except (ChromeError, ClusterError, FileExistsError) as e:
        typer.echo(f"tollwatch extract: {e}", err=True)
        raise typer.Exit(errors.EXIT_USAGE) from None
    err = Console(stderr=True, quiet=quiet)
    if problems:  # a clean run says nothing on stderr
        err.print(
            f"{tally.read:,} documents read, {problems:,} with problems", highlight=False, soft_wrap=True
        )
    tell_problems(err, tally.problems, problems_file)
    raise typer.Exit(errors.EXIT_PROBLEMS if problems else errors.EXIT_OK)


class _Tally:
    """The documents that went by and their problems, ``(input, code, message)``."""

    def __init__(self) -> None:
        self.read = 0
        self.problems: list[tuple[str, str, str]] = []

    def noting(self, docs: Iterable[Document]) -> Iterator[Document]:
        for d in docs:
            self.read += 1
            self.problems.extend((d.origin or d.id, p.code, p.message) for p in d.problems)
            yield d


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
