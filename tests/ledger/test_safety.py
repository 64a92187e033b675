"""Ingest safety, through the real command line in real processes.

* re-ingesting a folder adds nothing;
* a process killed with SIGKILL mid-ingest, then re-run, leaves every report stored once;
* two ingests into one store at once lose and duplicate nothing;

The killed ingest and the two at once run on SQLite and on PostgreSQL (the session's
throwaway server, ``tests/conftest.py``).
* a corrupt input is recorded as a problem and the batch completes.

The reports are short invented texts written here; one test runs the real figure finder.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

TOWNS = ["Osh", "Naryn", "Talas", "Karakol", "Batken", "Tokmok", "Kant", "Balykchy", "Uzgen", "Kara-Balta"]


def write_reports(folder: Path, n: int, start: int = 0) -> list[Path]:
    """``n`` distinct short reports, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        town = TOWNS[i % len(TOWNS)]
        day = 1 + i % 27
        p = folder / f"report-{i:04d}.txt"
        p.write_text(
            f"{i % 5 + 2} people killed in {town} market fire\n\n"
            f"{day} March 2025\n\n"
            f"{i % 5 + 2} people were killed and {i % 7 + 1} were injured when a fire broke out in a market in "
            f"{town} on {day} March, the emergencies ministry said. Report number {i} from the regional desk; "
            f"firefighters worked through the night at stall {i * 7 % 113}.\n",
            encoding="utf-8",
        )
        paths.append(p)
    return paths


def run_ingest(
    db: Path | str, *paths: Path, extract: bool = False, batch: int = 5
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(db, *paths, extract=extract, batch=batch), capture_output=True, text=True, timeout=300
    )


def command(db: Path | str, *paths: Path, extract: bool = False, batch: int = 5) -> list[str]:
    cli = "import sys; from tollwatch.cli import main; sys.argv[0] = 'tollwatch'; main()"
    args = [
        sys.executable,
        "-c",
        cli,
        "ingest",
        *map(str, paths),
        "--db",
        str(db),
        "--batch-size",
        str(batch),
    ]
    return args if extract else [*args, "--no-extract"]


def stored(db: Path | str) -> tuple[int, int, int]:
    """(documents, distinct content hashes, documents without an incident)."""
    engine = create_engine(db if isinstance(db, str) else f"sqlite:///{db}")
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
        distinct = conn.execute(text("SELECT count(DISTINCT content_hash) FROM documents")).scalar_one()
        orphans = conn.execute(text("SELECT count(*) FROM documents WHERE incident_id IS NULL")).scalar_one()
    engine.dispose()
    return n, distinct, orphans


@pytest.fixture(autouse=True)
def _main_module_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONWARNINGS", "ignore")


def test_reingesting_a_folder_adds_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_reports(folder, 12)
    db = tmp_path / "t.db"
    first = run_ingest(db, folder)
    assert first.returncode == 0, first.stderr
    assert "12 reports read: 12 stored, 0 duplicates" in first.stderr
    again = run_ingest(db, folder)
    assert again.returncode == 0, again.stderr
    assert "12 reports read: 0 stored, 12 duplicates" in again.stderr
    assert stored(db) == (12, 12, 0)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, databases: Any) -> str:
    """An empty store's URL: a SQLite file (not there yet) or a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 't.db'}"
    return str(databases("postgresql", tmp_path / "t.db"))


def test_a_killed_ingest_rerun_stores_every_report_exactly_once(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "in"
    write_reports(folder, 60)
    db = db_url
    proc = subprocess.Popen(
        command(db, folder, extract=True, batch=4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    killed_at = None
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.startswith("postgresql") or (tmp_path / "t.db").exists():
            try:
                n = stored(db)[0]
            except Exception:  # the schema may not be there yet
                continue
            if n >= 8:
                os.kill(proc.pid, signal.SIGKILL)
                killed_at = n
                break
    proc.wait(timeout=30)
    assert killed_at is not None, "the ingest ended before it could be killed"
    assert proc.returncode == -signal.SIGKILL
    n, distinct, orphans = stored(db)
    assert 8 <= n < 60 and n == distinct and orphans == 0  # whole batches only, each linked
    rerun = run_ingest(db, folder, extract=True, batch=4)
    assert rerun.returncode == 0, rerun.stderr
    assert stored(db) == (60, 60, 0)
    assert f"60 reports read: {60 - n} stored, {n} duplicates" in rerun.stderr


def test_two_ingests_at_once_lose_and_duplicate_nothing(tmp_path: Path, db_url: str) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_reports(a, 40, start=0)
    write_reports(b, 40, start=20)  # 20 reports in both folders
    db = db_url
    procs = [
        subprocess.Popen(command(db, folder, batch=3), stderr=subprocess.PIPE, text=True) for folder in (a, b)
    ]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert stored(db) == (60, 60, 0)
    news = sum(int(e.split(" read: ")[1].split(" stored")[0]) for e in errs)
    assert news == 60


def test_a_corrupt_input_is_recorded_and_the_batch_completes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_reports(folder, 6)
    (folder / "broken.txt.gz").write_bytes(gzip.compress(b"a fire in Osh " * 50)[:40])  # truncated gzip
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 8)  # binary under a text name
    db = tmp_path / "t.db"
    result = run_ingest(db, folder)
    assert result.returncode == 1  # some inputs had problems
    assert "6 stored" in result.stderr and "2 with problems" in result.stderr
    assert "broken.txt.gz" in result.stderr and "photo.txt" in result.stderr
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT input_key, code FROM problems ORDER BY input_key")).all()
    engine.dispose()
    assert [Path(k).name for k, _ in rows] == ["broken.txt.gz", "photo.txt"]
    assert stored(db)[:2] == (6, 6)
