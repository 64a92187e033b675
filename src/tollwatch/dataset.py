"""Parquet datasets of document records: what ``tollwatch extract --format parquet --output DIR/``
writes and ``tollwatch ingest DIR/`` loads in bulk (figures included: nothing is read again).

A dataset is a folder of part files (``part-00000.parquet``, ...), one row per document record
of the JSON contract: its plain fields as columns, ``figures``, ``summary`` and ``problems`` as
the contract's JSON text (so a record comes back exactly as it went in). Parts are written
as they fill (``ROWS_PER_PART`` rows), so an archive is never held in memory, into a folder
beside ``DIR`` that is renamed to ``DIR`` when the last part is written: the dataset appears
whole or not at all.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tollwatch.contract import Document, to_dict

ROWS_PER_PART = 5000
PLAIN = (
    "id", "origin", "url", "site", "title", "standfirst", "published", "fetched", "http_date", "language", "text",
)  # fmt: skip
NESTED = ("figures", "summary", "problems")
SCHEMA = pa.schema([(name, pa.string()) for name in (*PLAIN, *NESTED)])


def is_dataset(path: str | Path) -> bool:
    """A ``.parquet`` file, or a folder holding ``.parquet`` parts (and no reports to read)."""
    p = Path(path)
    if p.is_file():
        return p.name.lower().endswith(".parquet")
    if not p.is_dir():
        return False
    names = [n for n in os.listdir(p) if not n.startswith(".")]
    return bool(names) and all(n.lower().endswith(".parquet") for n in names)


def _row(doc: Document) -> dict[str, Any]:
    d = to_dict(doc)
    row = {name: d.get(name) for name in PLAIN}
    for name in NESTED:
        row[name] = json.dumps(d.get(name), ensure_ascii=False)
    return row


def _document(row: dict[str, Any]) -> Document:
    d = {name: row.get(name) for name in PLAIN}  # a dataset written before a column was added lacks it
    for name in NESTED:
        d[name] = json.loads(row[name]) if row[name] is not None else None
    return Document.from_dict(d)


def write_dataset(docs: Iterable[Document], folder: str | Path, *, rows_per_part: int = ROWS_PER_PART) -> int:
    """Write documents as a Parquet dataset in ``folder`` (new, or empty); return how many had
    problems. The folder appears whole when every part is written."""
    target = Path(folder)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(
            f"{target}: exists and is not an empty folder - give a new folder for the dataset"
        )
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    problems, part, rows = 0, 0, []
    try:
        for doc in docs:
            problems += bool(doc.problems)
            rows.append(_row(doc))
            if len(rows) >= rows_per_part:
                _write_part(tmp, part, rows)
                part, rows = part + 1, []
        if rows or part == 0:
            _write_part(tmp, part, rows)
        if target.exists():
            target.rmdir()
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return problems


def _write_part(folder: Path, part: int, rows: list[dict[str, Any]]) -> None:
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    pq.write_table(table, folder / f"part-{part:05d}.parquet", compression="zstd")


def read_dataset(path: str | Path, *, batch_rows: int = 1000) -> Iterator[Document]:
    """The documents of a dataset (a folder of parts, or one file), in order, streamed."""
    p = Path(path)
    parts = [p] if p.is_file() else sorted(x for x in p.iterdir() if x.name.lower().endswith(".parquet"))
    for part in parts:
        for batch in pq.ParquetFile(part).iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                yield _document(row)
