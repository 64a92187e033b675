"""What the commands say while they work and when they end: a progress bar (bytes read, with
a total and an estimate of the time left), the problems counted by code, and a check that
the database a reading command names exists."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from tollwatch import errors


class ByteProgress:
    """A rich progress bar on stderr when it is a terminal (silent otherwise): the bytes read of
    the inputs' total, the documents so far and the time left. ``with`` gives ``advance(bytes)``,
    or ``None`` when there is no bar."""

    def __init__(self, paths: list[str], quiet: bool = False, label: str = "reading") -> None:
        self.paths, self.quiet, self.label = paths, quiet, label
        self.bar: Any = None

    def __enter__(self) -> Callable[[int], None] | None:
        if self.quiet or not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

        from tollwatch.read import planned_bytes

        total = planned_bytes(self.paths)  # None with stdin: the bar then only counts
        self.bar = Progress(
            TextColumn(self.label),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[docs]:,} documents"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        task = self.bar.add_task(self.label, total=total, docs=0)
        done = [0]

        def advance(n: int) -> None:
            done[0] += 1
            self.bar.update(task, advance=n, docs=done[0])

        return advance

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def problem_counts(problems: Iterable[tuple[str, str, str]]) -> str:
    """``3 not_found, 1 binary``: how many problems of each code, most frequent first."""
    counts = Counter(code for _input, code, _message in problems)
    return ", ".join(f"{n:,} {code}" for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


#: Problems told one by one at the end of a run; the rest are counted (and listed by --problems FILE).
SHOWN_PROBLEMS = 5


def tell_problems(err: Console, problems: list[tuple[str, str, str]], problems_file: Path | None) -> None:
    """At the end of a run: the problems counted by code, the first few told, and where the rest are."""
    if problems_file is not None:
        write_problems(problems, problems_file)
    if not problems:
        return
    err.print(f"problems: {problem_counts(problems)}", highlight=False, soft_wrap=True)
    for _input, code, message in problems[:SHOWN_PROBLEMS]:
        err.print(f"  {code}: {message}", highlight=False, soft_wrap=True, markup=False)
    if len(problems) > SHOWN_PROBLEMS:
        more = len(problems) - SHOWN_PROBLEMS
        where = f"{problems_file} lists" if problems_file else "--problems FILE lists"
        err.print(f"  … and {more:,} more ({where} them all)", highlight=False, soft_wrap=True)


def write_problems(problems: Iterable[tuple[str, str, str]], path: Path) -> int:
    """Write the problems as JSON lines (``{"input", "code", "message"}``); return how many."""
    n = 0
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for source, code, message in problems:
            out.write(json.dumps({"input": source, "code": code, "message": message}, ensure_ascii=False))
            out.write("\n")
            n += 1
    tmp.replace(path)
    return n


def require_db(db: str | None, command: str) -> None:
    """Refuse a database file that does not exist (a typo would create an empty one)."""
    from tollwatch.ledger.engine import database_url

    url = database_url(db)
    if not url.startswith("sqlite:///") or url in ("sqlite:///:memory:",):
        return
    path = Path(url.removeprefix("sqlite:///"))
    if path.exists():
        return
    typer.echo(
        f"tollwatch {command}: no database at {path} - give the file `tollwatch ingest` wrote "
        f"(--db FILE or TOLLWATCH_DB), or create one with `tollwatch ingest REPORTS --db {path.name}`.",
        err=True,
    )
    raise typer.Exit(errors.EXIT_USAGE)
