"""``--workers N``: reading and extraction in N processes give the same documents, figures and
incidents, in the same order, as one process; a bad input is still a problem, not a crash.

The reports are short invented texts (``b.write_inputs`` in conftest.py).
"""

from __future__ import annotations

import json
import operator
from pathlib import Path
from types import SimpleNamespace

from typer.testing import CliRunner

from tollwatch.cli import app
from tollwatch.ledger import Store
from tollwatch.workers import Workers, default_workers


def test_the_pool_keeps_the_order_of_the_items() -> None:
    with Workers(2) as pool:
        assert list(pool.map(operator.neg, range(500))) == [-i for i in range(500)]
    with Workers(1) as one:
        assert list(one.map(operator.neg, [3, 1])) == [-3, -1]


_WARM: list[str] = []


def _warm() -> None:
    _WARM.append("loaded")


def _was_warmed(_: int) -> int:
    return len(_WARM)  # in a forked process: what the parent had loaded before the fork


def test_what_the_processes_need_is_loaded_once_before_they_fork() -> None:
    _WARM.clear()
    with Workers(2, warm=_warm) as pool:
        seen = list(pool.map(_was_warmed, range(20)))
    assert _WARM == ["loaded"] and seen == [1] * 20  # once, here; inherited by both processes
    _WARM.clear()
    with Workers(1, warm=_warm) as pool:  # no processes: the first item loads what it needs
        assert list(pool.map(_was_warmed, range(3))) == [0, 0, 0]
    assert _WARM == []


def test_small_inputs_run_in_one_process_by_default(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Two people were killed in Osh on Monday, police said.\n")
    assert default_workers([tmp_path]) == 1
    assert default_workers(["-"]) == 1  # standard input: its size is not known


def test_extract_with_two_workers_prints_what_one_prints(tmp_path: Path, b: SimpleNamespace) -> None:
    folder = b.write_inputs(tmp_path / "in", 30)
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


def test_ingest_with_two_workers_stores_what_one_stores(
    tmp_path: Path, store: Store, b: SimpleNamespace
) -> None:
    folder = b.write_inputs(tmp_path / "in", 40)
    with Store(tmp_path / "serial.db") as serial:
        one = serial.ingest([folder], batch_size=7)
        expected = b.contents(serial)
    two = store.ingest([folder], batch_size=7, workers=2)
    assert (two.read, two.new, two.problems) == (one.read, one.new, one.problems) == (41, 40, 1)
    got = b.contents(store)
    assert got == expected
    assert len(got[1]) >= 80 and len(got[2]) >= 4  # figures read, reports linked into incidents
    again = store.ingest([folder], batch_size=7, workers=2)
    assert (again.new, again.duplicates) == (0, 40)
