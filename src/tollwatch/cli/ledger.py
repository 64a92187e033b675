"""``tollwatch ingest``, ``incidents``, ``show``, ``brief``, ``export``: the ledger on the command line.

A thin layer over :class:`tollwatch.ledger.Store` and :func:`tollwatch.export.export`.
The database is ``--db`` (a file path or a SQLAlchemy URL), else ``TOLLWATCH_DB``, else
``tollwatch.db`` in the working folder.
"""

from __future__ import annotations

import enum
import json
import sys
from collections import deque
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

import tollwatch
from tollwatch import errors
from tollwatch.cli import fetching as F
from tollwatch.cli import run_options as R
from tollwatch.cli._app import EXIT_HELP, app, run_settings
from tollwatch.cli.progress import ByteProgress, require_db, tell_problems
from tollwatch.cluster import ClusterError
from tollwatch.export.rows import LIST_COLUMNS, OUTCOMES, list_flat, write_csv
from tollwatch.ledger import IncidentFilter, Store
from tollwatch.ledger.ingest import BATCH_SIZE, IngestSummary
from tollwatch.ledger.queries import SORTS
from tollwatch.workers import open_workers

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="TOLLWATCH_DB",
        metavar="FILE|URL",
        help="Database: a file path or a SQLAlchemy URL [default: tollwatch.db].",
    ),
]
Since = Annotated[
    str | None,
    typer.Option("--since", metavar="YYYY-MM-DD", help="Incidents on or after this day (YYYY-MM-DD)."),
]
Until = Annotated[
    str | None,
    typer.Option("--until", metavar="YYYY-MM-DD", help="Incidents on or before this day (YYYY-MM-DD)."),
]
Where = Annotated[
    str | None,
    typer.Option("--where", metavar="TEXT", help="A part of the place, region, or a country code."),
]
MinKilled = Annotated[
    int | None, typer.Option("--min-killed", metavar="N", help="At least this many killed (best).")
]
SourceOpt = Annotated[
    str | None,
    typer.Option("--source", metavar="TEXT", help="A part of a source's name, a source type, or a site."),
]
Query = Annotated[
    str | None, typer.Option("--q", metavar="WORDS", help="Full-text search over the incidents' reports.")
]


#: Problems shown on the terminal after their counts (the rest: ``--problems FILE``).


class ListFormat(enum.StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ShowFormat(enum.StrEnum):
    table = "table"
    json = "json"


def _filters(
    since: str | None,
    until: str | None,
    where: str | None,
    min_killed: int | None,
    source: str | None,
    q: str | None,
) -> IncidentFilter:
    return IncidentFilter(q=q, since=since, until=until, where=where, min_killed=min_killed, source=source)


def _err() -> Console:
    return Console(stderr=True)


@app.command(
    help="Read reports, find their figures, store them and link them into incidents.\n"
    + F.URLS_HELP
    + EXIT_HELP
)
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH...",
            help="Files, folders (recursively), .jsonl dumps, .warc, URLs, feeds, or - for stdin.",
        ),
    ] = None,
    db: DbOption = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, metavar="N", help="Reports per transaction.")
    ] = BATCH_SIZE,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Store reports as read, without running the figure finder.")
    ] = False,
    json_summary: Annotated[
        bool, typer.Option("--json", help="Print the end summary as JSON on stdout.")
    ] = False,
    problems_file: R.ProblemsFile = None,
    max_seconds: R.MaxSeconds = errors.MAX_SECONDS,
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
    from tollwatch.cli.extract import _setup_logging

    _setup_logging(quiet=True)  # each bad input is counted below, not told of one line each
    F.check_reader("ingest", reader)
    paths = R.gather_inputs("ingest", paths, F.url_lines(urls))
    fetch = F.fetch_options(
        allow_private=allow_private,
        delay=delay,
        concurrency=concurrency,
        timeout=timeout,
        user_agent=user_agent,
    )
    settings = run_settings()
    warm = None if no_extract else partial(tollwatch.warm_up, settings, settings.chrome_files)
    try:
        pool = open_workers(workers, scheduler, paths, warm)
    except ClusterError as e:
        _err().print(f"tollwatch ingest: {e}", highlight=False)
        raise typer.Exit(2) from None
    with Store(db, settings=settings) as store, pool, StoredBytes(paths) as (read, stored):
        summary = store.ingest(
            paths,
            extract=not no_extract,
            batch_size=batch_size,
            progress=stored,
            read_progress=read,
            max_seconds=max_seconds,
            workers=pool,
            fetch=fetch,
            reader=reader,
        )
    if json_summary:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    err = _err()
    err.print(ingest_line(summary, problems_file), highlight=False, soft_wrap=True)
    tell_problems(err, summary.problem_list, problems_file)
    raise typer.Exit(1 if summary.problems else 0)


def ingest_line(s: IngestSummary, problems_file: Path | None) -> str:
    """``3,146 reports read: 3,138 stored, 8 duplicates, 204 with problems (see p.jsonl); ...``"""
    copies = "a near-copy of another" if s.near_duplicates == 1 else "near-copies of others"
    near = f" ({s.near_duplicates:,} {copies})" if s.near_duplicates else ""
    see = f"see {problems_file}" if problems_file else "list them with --problems FILE"
    problems = f", {s.problems:,} with problems ({see})" if s.problems else ""
    return (
        f"{s.read:,} report{'s' if s.read != 1 else ''} read: {s.new:,} stored{near}, "
        f"{s.duplicates:,} duplicate{'s' if s.duplicates != 1 else ''} (already stored){problems}; "
        f"incidents: {s.incidents_new:,} new, {s.incidents_updated:,} updated"
        + (f", {s.incidents_merged:,} merged into a crisis" if s.incidents_merged else "")
    )


class StoredBytes:
    """A bar of the inputs' bytes that moves when a batch is stored, not when it is read
    (reading runs a batch ahead). ``with`` gives ``(read, stored)`` callbacks, or ``None``s."""

    def __init__(self, paths: list[str]) -> None:
        self.bar = ByteProgress(paths, label="ingesting")
        self.pending: deque[int] = deque()

    def __enter__(self) -> tuple[Callable[[int], None] | None, Callable[[int], None] | None]:
        advance = self.bar.__enter__()
        if advance is None:
            return None, None
        move = advance

        def stored(n: int) -> None:
            for _ in range(min(n, len(self.pending))):
                move(self.pending.popleft())

        return self.pending.append, stored

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(*exc)


@app.command(help="List the incidents of the store, with their tolls (reviewed values win).")
def incidents(
    db: DbOption = None,
    format: Annotated[
        ListFormat | None,
        typer.Option("--format", "-f", help="table (for people), jsonl (full incident records), csv."),
    ] = None,
    since: Since = None,
    until: Until = None,
    where: Where = None,
    min_killed: MinKilled = None,
    source: SourceOpt = None,
    q: Query = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="ORDER",
            help="date (latest first, as on the web), date_asc, toll (= killed), injured, missing, "
            "displaced, detained (most first), reports, updated or id.",
        ),
    ] = "date",
    limit: Annotated[
        int | None, typer.Option("--limit", metavar="N", help="At most this many (table and csv).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout.")
    ] = None,
) -> None:
    require_db(db, "incidents")
    if sort not in SORTS:
        raise typer.BadParameter(f"must be one of {', '.join(SORTS)}", param_hint="--sort")
    filters = _filters(since, until, where, min_killed, source, q)
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        fmt = format or (ListFormat.table if out.isatty() else ListFormat.jsonl)
        with Store(db, settings=run_settings()) as store:
            if fmt is ListFormat.jsonl:
                keep = (
                    "id",
                    "documents",
                    "summary",
                    "figures",
                    "sources",
                    "discrepancies",
                    "timeline",
                    "tallies",
                    "gaps",
                    "title",
                )
                for inc in store.iter_incidents(filters, sort=sort):
                    out.write(json.dumps({k: inc[k] for k in keep}, ensure_ascii=False) + "\n")
                return
            rows, total = store.list_incidents(filters, sort=sort, limit=limit)
        if fmt is ListFormat.csv:
            write_csv(out, LIST_COLUMNS, (list_flat(r) for r in rows))
            return
        console = Console(file=out, width=None if out.isatty() else 160)
        console.print(incidents_table(rows, total))
    finally:
        if output:
            out.close()


def _range(c: dict[str, Any] | None) -> str:
    if not c or all(c.get(k) is None for k in ("low", "best", "high")):
        return ""
    low, best, high = c.get("low"), c.get("best"), c.get("high")
    if low is not None and low == best == high:
        return str(best)
    core = str(best) if best is not None else "?"
    return f"{core} [{'' if low is None else low}–{'' if high is None else high}]"


def incidents_table(rows: list[dict[str, Any]], total: int) -> Table:
    t = Table(title=f"{total} incident(s)", show_lines=False)
    # missing, displaced, detained: a column when some incident of the list has a count
    others = [o for o in OUTCOMES[2:] if any(_range(r.get(o)) for r in rows)]
    for col in ("id", "when", "where", "killed", "injured", *others, "reports", "sources", "flags", "title"):
        t.add_column(col, overflow="fold")
    for r in rows:
        where = r["where"] or {}
        flags = []
        if r["n_discrepancies"]:
            flags.append(f"{r['n_discrepancies']} disagree")
        if r["n_gaps"]:
            flags.append(f"{r['n_gaps']} undisclosed")
        if r["review_status"] != "unreviewed":
            flags.append(r["review_status"].replace("_", " "))
        t.add_row(
            str(r["id"]),
            r["when"] or "",
            ", ".join(v for v in (where.get("name"), where.get("country")) if v),
            _range(r["killed"]),
            _range(r["injured"]),
            *(_range(r.get(o)) for o in others),
            str(r["n_documents"]),
            str(r["n_sources"]),
            "; ".join(flags),
            (r["title"] or "")[:70],
        )
    return t


@app.command(help="Print one incident's ledger: tallies, figures by source and time, discrepancies, gaps.")
def show(
    incident: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", help="The incident's id (see `tollwatch incidents`).", show_default=False
        ),
    ] = None,
    q: Annotated[
        str | None,
        typer.Option(
            "--q",
            metavar="WORDS",
            help="Instead of an id: the incident with most reports matching these words.",
        ),
    ] = None,
    db: DbOption = None,
    format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="table (for people) or json.")
    ] = ShowFormat.table,
) -> None:
    if (incident is None) == (q is None):
        raise typer.BadParameter("give an incident id or --q WORDS (one of the two)")
    require_db(db, "show")
    with Store(db, settings=run_settings()) as store:
        if q is not None:
            rows, _ = store.list_incidents(IncidentFilter(q=q), sort="reports", limit=1)
            incident = str(rows[0]["id"]) if rows else None
        inc = store.get_incident(incident) if incident is not None else None
        history = store.incident_history(incident) if inc is not None and incident is not None else []
    if inc is None:
        what = f"no incident {incident!r}" if q is None else f"no incident matches {q!r}"
        _err().print(f"{what} in this database; `tollwatch incidents` lists them")
        raise typer.Exit(2)
    if format is ShowFormat.json:
        typer.echo(json.dumps(inc | {"history": history}, ensure_ascii=False, indent=2))
        return
    from tollwatch.ledger.render import print_ledger

    print_ledger(Console(width=None if sys.stdout.isatty() else 160), inc, history)


class BriefFormat(enum.StrEnum):
    md = "md"
    html = "html"
    json = "json"


@app.command(help="A situation report of one incident: its toll as of a day, every number cited.")
def brief(
    incident: Annotated[str, typer.Argument(help="The incident's id (see `tollwatch incidents`).")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The toll as it stood on this day (YYYY-MM-DD).")
    ] = None,
    db: DbOption = None,
    format: Annotated[
        BriefFormat, typer.Option("--format", "-f", help="md (Markdown), html or json.")
    ] = BriefFormat.md,
) -> None:
    from tollwatch.ledger import brief as situation

    if as_of is not None:
        try:
            as_of = date.fromisoformat(as_of).isoformat()
        except ValueError:
            raise typer.BadParameter(f"--as-of {as_of!r} is not a day (YYYY-MM-DD)") from None
    with Store(db, settings=run_settings()) as store:
        inc = store.get_incident(incident)
    if inc is None:
        _err().print(f"no incident {incident!r} in this database; `tollwatch incidents` lists them")
        raise typer.Exit(2)
    b = situation.brief(inc, as_of)
    if format is BriefFormat.json:
        typer.echo(json.dumps(b, ensure_ascii=False, indent=2))
    elif format is BriefFormat.html:
        typer.echo(situation.to_html(b))
    else:
        typer.echo(situation.to_markdown(b), nl=False)


@app.command(help="Export incidents, figures or documents (CSV, JSON lines, Parquet, GeoJSON, ACLED, UCDP).")
def export(
    what: Annotated[
        str, typer.Option("--what", metavar="WHAT", help="incidents, figures or documents.")
    ] = "incidents",
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="csv, jsonl, parquet, geojson; acled or ucdp (incidents).",
        ),
    ] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout.")
    ] = None,
    db: DbOption = None,
    since: Since = None,
    until: Until = None,
    where: Where = None,
    min_killed: MinKilled = None,
    source: SourceOpt = None,
    q: Query = None,
) -> None:
    from tollwatch.export import ExportError, ExportFormat, What
    from tollwatch.export import export as run_export

    require_db(db, "export")
    if what not in What.__members__:
        raise typer.BadParameter(f"must be one of {', '.join(What.__members__)}", param_hint="--what")
    if format not in ExportFormat.__members__:
        raise typer.BadParameter(
            f"must be one of {', '.join(ExportFormat.__members__)}", param_hint="--format"
        )
    with Store(db, settings=run_settings()) as store:
        try:
            n = run_export(store, what, format, output, _filters(since, until, where, min_killed, source, q))
        except ExportError as e:
            _err().print(f"error: {e}")
            raise typer.Exit(2) from e
    _err().print(f"exported {n} {what}" + (f" to {output}" if output else ""), highlight=False)
