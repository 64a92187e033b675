"""``tollwatch watch``: poll feeds and pages on a schedule and ingest what is new."""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
from typing import Annotated, Any

import typer

from tollwatch import errors
from tollwatch.cli import fetching as F
from tollwatch.cli._app import app, run_settings
from tollwatch.cli.ledger import DbOption

WATCH_HELP = """
Poll feeds (RSS, Atom, JSON Feed), sitemaps, homepages (through their feeds) and pages every
--every, and ingest what is new into the ledger. The sources given are added to the watched
sources stored in the database (the dashboard's "Watched sources" page lists them and adds
or removes them); with no source, the stored ones are watched. What was read is stored too:
a restarted watch fetches and counts nothing twice. One log line a round says the new
reports, new figures, reports in a language not read yet, and incidents whose toll changed.
Ctrl-C or SIGTERM stops it cleanly after the source in hand; --once reads one round (cron).
"""


@app.command(help="Watch feeds and pages and ingest what is new.\n" + WATCH_HELP)
def watch(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Feed, sitemap, homepage or page URLs to watch.")
    ] = None,
    db: DbOption = None,
    every: Annotated[
        str, typer.Option("--every", help="Time between rounds: 90s, 15m, 2h [default: 15m].")
    ] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Read one round and stop (for cron).")] = False,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="Stop watching this URL (repeatable), then go on.")
    ] = None,
    urls: F.UrlsFile = None,
    reader: F.Reader = None,
    allow_private: F.AllowPrivate = False,
    delay: F.Delay = F.DEFAULTS.delay,
    concurrency: F.Concurrency = F.DEFAULTS.concurrency,
    timeout: F.Timeout = F.DEFAULTS.timeout,
    user_agent: F.UserAgent = F.DEFAULT_USER_AGENT,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only problems on stderr.")] = False,
) -> None:
    from tollwatch.ledger import Store
    from tollwatch.watch import Watch, WatchOptions, parse_every

    F.check_reader("watch", reader)
    try:
        seconds = parse_every(every)
    except ValueError:
        typer.echo(f"tollwatch watch: --every {every!r} is not a duration like 90s, 15m or 2h", err=True)
        raise typer.Exit(errors.EXIT_USAGE) from None
    _logging(quiet)
    fetch = F.fetch_options(
        allow_private=allow_private,
        delay=delay,
        concurrency=concurrency,
        timeout=timeout,
        user_agent=user_agent,
    )
    with Store(db, settings=run_settings()) as store:
        w = Watch(store, WatchOptions(read=store.read_options(), fetch=fetch, reader=reader))
        added = [*(sources or []), *F.url_lines(urls)]
        if added:
            w.add(added, actor="cli")
        for url in remove or []:
            for s in w.sources():
                if s["url"] == url:
                    w.remove(s["id"])
        if not w.sources():
            typer.echo("tollwatch watch: nothing to watch - give feed or page URLs", err=True)
            raise typer.Exit(errors.EXIT_USAGE)
        logging.getLogger("tollwatch.watch").info(
            "watching %d source(s)%s", len(w.sources()), "" if once else f", every {every}"
        )
        previous = _stop_on_signals(w)
        try:
            w.run(seconds, once=once)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _stop_on_signals(w: Any) -> dict[int, Any]:
    def stop(signum: int, _frame: object) -> None:
        logging.getLogger("tollwatch.watch").info("stopping (%s)", signal.Signals(signum).name)
        w.stop.set()

    previous: dict[int, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError):  # not the main thread (tests call the command in-process)
            previous[sig] = signal.signal(sig, stop)
    return previous


def _logging(quiet: bool) -> None:
    logger = logging.getLogger("tollwatch")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s tollwatch: %(message)s", "%Y-%m-%d %H:%M:%S"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.WARNING)
    logging.getLogger("tollwatch.watch").setLevel(logging.WARNING if quiet else logging.INFO)
