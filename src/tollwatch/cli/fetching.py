"""Options shared by the commands that read URLs (``extract``, ``ingest``, ``watch``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tollwatch.read.fetch import USER_AGENT, FetchOptions

URLS_HELP = """
URLs (http:// or https://) are fetched and read as pages; a feed (RSS, Atom, JSON Feed) or a
sitemap, as a URL or a file (.rss, .atom, .xml, .json), is read entry by entry; a site's
homepage is read through the feeds it lists; .warc and .warc.gz web archives record by record.
Fetching is polite and guarded: robots.txt, one request at a time per host --delay seconds
apart, retries on 429/5xx, a size limit, and no loopback or private address unless
--allow-private. A failed URL is a problem (fetch_failed, http_404, blocked_private, robots,
too_large, not_html ...), and the batch goes on.
"""

UrlsFile = Annotated[
    Path | None,
    typer.Option("--urls", help="A file of URLs to read, one a line (# starts a comment).", exists=True),
]
AllowPrivate = Annotated[
    bool,
    typer.Option("--allow-private", help="Let URLs reach loopback and private addresses (your own network)."),
]
Delay = Annotated[float, typer.Option("--delay", min=0, help="Seconds between two requests to one host.")]
Concurrency = Annotated[int, typer.Option("--concurrency", min=1, help="Hosts fetched at once.")]
Timeout = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds for one whole response.")]
UserAgent = Annotated[str, typer.Option("--user-agent", help="The User-Agent sent with each request.")]
Reader = Annotated[
    str | None,
    typer.Option(
        "--reader",
        help="The figure reader to use whatever the report's language (rules-en); "
        "by default the one of each report's language.",
    ),
]


def url_lines(urls: Path | None) -> list[str]:
    """The URLs of a ``--urls`` file (blank lines and ``#`` comments skipped)."""
    if urls is None:
        return []
    lines = (line.split("#", 1)[0].strip() for line in urls.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def fetch_options(
    *,
    allow_private: bool,
    delay: float,
    concurrency: int,
    timeout: float,
    user_agent: str,
    max_bytes: int | None = None,
) -> FetchOptions:
    base = FetchOptions()
    return FetchOptions(
        user_agent=user_agent,
        timeout=timeout,
        delay=delay,
        concurrency=concurrency,
        allow_private=allow_private,
        max_bytes=max_bytes or base.max_bytes,
    )


def check_reader(command: str, reader: str | None) -> None:
    from tollwatch import errors
    from tollwatch.figures.reader import READERS

    if reader is not None and reader not in READERS:
        typer.echo(
            f"tollwatch {command}: no figure reader {reader!r} (there are: {', '.join(READERS)})", err=True
        )
        raise typer.Exit(errors.EXIT_USAGE)


DEFAULTS = FetchOptions()
DEFAULT_USER_AGENT = USER_AGENT
