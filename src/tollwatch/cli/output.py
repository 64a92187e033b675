"""Output formats shared by the commands: json, jsonl, table."""

from __future__ import annotations

import enum
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.table import Table

from tollwatch.contract import Count, Document, to_dict


class Format(enum.StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"
    parquet = "parquet"


def write_documents(docs: Iterable[Document], fmt: Format | None, output: Path | None) -> int:
    """Write documents; return how many had problems.

    With ``output``, the file appears whole or not at all: written beside it under a
    temporary name, renamed over it at the end. ``parquet`` writes a dataset folder
    (:mod:`tollwatch.dataset`), which appears whole too.
    """
    if fmt is Format.parquet:
        from tollwatch.dataset import write_dataset

        if output is None:
            raise ValueError("--format parquet writes a dataset folder: give it with --output DIR/")
        return write_dataset(docs, output)
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp") if output else None
    out: IO[str] = open(tmp, "w", encoding="utf-8") if tmp else sys.stdout  # noqa: SIM115
    problems = 0
    try:
        if fmt is None:
            fmt = Format.table if out.isatty() else Format.jsonl
        if fmt is Format.json:
            docs = list(docs)
            problems = sum(bool(d.problems) for d in docs)
            data = to_dict(docs[0]) if len(docs) == 1 else [to_dict(d) for d in docs]
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif fmt is Format.jsonl:
            for d in docs:
                problems += bool(d.problems)
                record = to_dict(d)
                try:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                except UnicodeEncodeError:  # a lone surrogate (from the Python API): escaped, not lost
                    out.write(json.dumps(record, ensure_ascii=True) + "\n")
        else:
            console = Console(file=out, width=None if out.isatty() else 120)
            for d in docs:
                problems += bool(d.problems)
                console.print(document_table(d))
        out.flush()
    except BaseException:
        if tmp:
            out.close()
            tmp.unlink(missing_ok=True)
        raise
    if tmp and output:
        out.close()
        os.replace(tmp, output)
    return problems


def count_text(c: Count | None) -> str:
    if c is None:
        return ""
    if c.kind == "exact":
        return str(c.best)
    lo = "" if c.low is None else str(c.low)
    hi = "" if c.high is None else str(c.high)
    return f"{c.text} [{lo}–{hi}]"


def document_table(d: Document) -> Table:
    s = d.summary
    where = s.where.name if s.where else "?"
    caption = f"summary: when {s.when or '?'}, where {where}, killed {count_text(s.killed) or '?'}, injured {count_text(s.injured) or '?'}"
    t = Table(
        title=f"{d.id}  {d.title or ''}  ({d.published or 'undated'})", caption=caption, show_lines=False
    )
    for col in ("outcome", "group", "count", "source", "as of", "place", "evidence"):
        t.add_column(col)
    for f in d.figures:
        flags = (" (hedged)" if f.hedged else "") + (" (undisclosed)" if f.undisclosed else "")
        t.add_row(
            f.outcome + flags,
            f"{f.group} [{f.category}]",
            count_text(f.count),
            f.source.name if f.source else "",
            f.as_of or "",
            f.place.name if f.place else "",
            f.evidence.text,
        )
    for p in d.problems:
        t.add_row("problem", p.code, "", "", "", "", p.message)
    return t
