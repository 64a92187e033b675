"""``--workers N``: reading and extraction in N processes give the same documents, figures and
incidents, in the same order, as one process; a bad input is still a problem, not a crash.

The reports are short invented texts written here (town, day and toll vary with the number).
"""

from __future__ import annotations

import gzip
import json
import operator
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from tollwatch.cli import app
from tollwatch.ledger import Store
from tollwatch.ledger.schema import documents, figures
from tollwatch.workers import Workers, default_workers

TOWNS = ["Osh", "Naryn", "Talas", "Karakol", "Batken", "Tokmok"]
MONTHS = ["March", "June", "October", "December"]
EVENTS = ["a bus left the road", "a fire swept through a market", "a bridge collapsed", "a gas pipe exploded"]


def write_inputs(folder: Path, n: int) -> Path:
    """``n`` reports: half as text files, half as one JSON lines dump, and one broken gzip."""
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for i in range(n):
        town, month = TOWNS[i % len(TOWNS)], MONTHS[i % len(MONTHS)]
        what = EVENTS[i % len(EVENTS)]
        body = (
            f"{i % 4 + 2} people were killed and {i % 5 + 1} were injured when {what} in {town} on "
            f"{3 + i % 5} {month} 2025, the emergencies ministry said. Police said a man, {30 + i}, "
            f"was detained. Report {i} from the regional desk."
        )
        title = f"{what.split(' ', 2)[1].capitalize()} in {town}"
        if i % 2:
            records.append({"id": f"wire-{i:03d}", "title": title, "text": body})
        else:
            (folder / f"paper-{i:03d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (folder / "broken.txt.gz").write_bytes(gzip.compress(b"a bus crash " * 40)[:30])
    return folder


def test_the_pool_keeps_the_order_of_the_items() -> None:
    with Workers(2) as pool:
        assert list(pool.map(operator.neg, range(500))) == [-i for i in range(500)]
    with Workers(1) as one:
        assert list(one.map(operator.neg, [3, 1])) == [-3, -1]


def test_small_inputs_run_in_one_process_by_default(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Two people were killed in Osh on Monday, police said.\n")
    assert default_workers([tmp_path]) == 1
    assert default_workers(["-"]) == 1  # standard input: its size is not known


def test_extract_with_two_workers_prints_what_one_prints(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "in", 30)
    runner = CliRunner()
    outs = []
    for n in ("1", "2"):
        result = runner.invoke(app, ["extract", str(folder), "--format", "jsonl", "--workers", n, "-q"])
        assert result.exit_code == 1  # the broken gzip is a problem of its input
        outs.append(result.stdout)
    assert outs[0] == outs[1]
    docs = [json.loads(line) for line in outs[1].splitlines()]
    assert len(docs) == 31 and docs[0]["id"] == "broken"
    assert docs[0]["problems"][0]["code"] == "bad_gzip"
    assert sum(1 for d in docs if d["figures"]) == 30


def _contents(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[object]]:
    d, f = documents.c, figures.c
    with store.read() as conn:
        docs = [
            tuple(r)
            for r in conn.execute(
                select(
                    d.id, d.content_hash, d.summary_json, d.features_json, d.incident_id, d.duplicate_of
                ).order_by(d.id)
            )
        ]
        figs = [
            tuple(r)
            for r in conn.execute(
                select(
                    f.id, f.document_id, f.ordinal, f.outcome, f.count_best, f.ev_start, f.ev_text
                ).order_by(f.id)
            )
        ]
    incidents = [(i["id"], i["documents"], i["summary"]) for i in store.iter_incidents()]
    return docs, figs, incidents


def test_ingest_with_two_workers_stores_what_one_stores(tmp_path: Path, store: Store) -> None:
    folder = write_inputs(tmp_path / "in", 40)
    with Store(tmp_path / "serial.db") as serial:
        one = serial.ingest([folder], batch_size=7)
        expected = _contents(serial)
    two = store.ingest([folder], batch_size=7, workers=2)
    assert (two.read, two.new, two.problems) == (one.read, one.new, one.problems) == (41, 40, 1)
    got = _contents(store)
    assert got == expected
    assert len(got[1]) >= 80 and len(got[2]) >= 4  # figures read, reports linked into incidents
    again = store.ingest([folder], batch_size=7, workers=2)
    assert (again.new, again.duplicates) == (0, 40)
