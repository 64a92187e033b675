"""Inputs an adversary or a broken exporter writes: each is a problem, never a crash or a hang."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tollwatch import errors, extract_document
from tollwatch.contract import MAX_COUNT, Document
from tollwatch.figures.counts import read_number
from tollwatch.ledger import Store
from tollwatch.read import ReadOptions, read_paths
from tollwatch.read.inputs import gunzip


# ---------------------------------------------------------------- counts
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9007199254740993", 9007199254740993),  # 2**53 + 1: a float would say ...992
        ("1.5 million", 1_500_000),
        ("2,000,000,001", 2_000_000_001),
        ("0.5 thousand", 500),
        ("twenty-five", 25),
    ],
)
def test_counts_are_exact_integers(text: str, value: int) -> None:
    n = read_number(text)
    assert n == value and isinstance(n, int)


def test_a_number_of_hundreds_of_digits_reads_as_over_the_limit() -> None:
    assert read_number("9" * 400) == MAX_COUNT + 1
    assert read_number("9" * 5000) == MAX_COUNT + 1  # past int()'s 4,300 digits: no ValueError


def test_an_implausible_count_is_a_problem_and_the_other_figures_stay() -> None:
    doc = extract_document(
        Document(id="big", text="Officials said 20000000000 people were killed and 12 were injured.")
    )
    assert [(f.outcome, f.count.best) for f in doc.figures] == [("injured", 12)]
    assert [p.code for p in doc.problems] == [errors.IMPLAUSIBLE_COUNT]
    assert "20000000000" in doc.problems[0].message
    # a large but possible count is kept
    ok = extract_document(Document(id="ok", text="About 1.2 million people were displaced by the floods."))
    assert [f.count.best for f in ok.figures] == [1_200_000] and not ok.problems


# ---------------------------------------------------------------- time budget
def test_a_document_over_its_time_budget_is_too_slow_not_a_hang() -> None:
    text = "3 killed, 4 injured, " * 5000
    doc = extract_document(Document(id="slow", text=text, origin="slow.txt"), max_seconds=0.001)
    assert [p.code for p in doc.problems] == [errors.TOO_SLOW]
    assert doc.problems[0].message.startswith("slow.txt: figure extraction stopped after 0.001 CPU seconds")
    assert doc.figures == []
    fast = extract_document(Document(id="fast", text="Two people were killed."), max_seconds=30)
    assert not fast.problems and fast.figures


# ---------------------------------------------------------------- decompression
def _bomb(size: int) -> bytes:
    return gzip.compress(b"a" * size, compresslevel=9)


@pytest.mark.parametrize("name", ["bomb.txt", "bomb.html", "bomb", "bomb.txt.gz", "bomb.jsonl"])
def test_a_gzip_bomb_is_too_large_whatever_it_is_called(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(_bomb(50 * 1024 * 1024))  # 50 MB in ~50 KB
    (tmp_path / "z-after.txt").write_text("Two people were killed in Osh.", encoding="utf-8")
    paths = [str(tmp_path / name), str(tmp_path / "z-after.txt")]
    docs = list(read_paths(paths, ReadOptions(max_bytes=1024 * 1024)))
    assert [p.code for p in docs[0].problems] == [errors.TOO_LARGE]
    assert docs[-1].id == "z-after" and not docs[-1].problems


def test_gzip_under_another_name_is_read(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_bytes(gzip.compress(b"Two people were killed in Osh on Monday."))
    (doc,) = read_paths([str(tmp_path / "report.txt")])
    assert "Two people were killed" in doc.text and not doc.problems


def test_gunzip_stops_at_the_limit_and_reads_concatenated_members() -> None:
    assert len(gunzip(_bomb(10_000_000), 1000)) == 1001
    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"cd"), 100) == b"abcd"
    with pytest.raises(EOFError):
        gunzip(gzip.compress(b"x" * 1000)[:-12], 10_000)


def test_a_gzip_bomb_on_stdin_is_too_large() -> None:
    bomb = _bomb(30 * 1024 * 1024)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tollwatch.cli import main; main()",
            "extract",
            "-",
            "--format",
            "jsonl",
            "--max-mb",
            "1",
            "-q",
        ],
        input=bomb,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert b'"too_large"' in result.stdout


# ---------------------------------------------------------------- encodings and folders
@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_text_that_is_not_utf8_is_read_as_cp1252(tmp_path: Path, encoding: str) -> None:
    text = "El Ñandú señor dijo que dos personas murieron en Zürich."
    (tmp_path / "r.txt").write_bytes(text.encode(encoding))
    (doc,) = read_paths([str(tmp_path / "r.txt")], ReadOptions(clean=False))
    assert doc.text == text
    assert [p.code for p in doc.problems] == [errors.ENCODING] and "cp1252" in doc.problems[0].message


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Zażółć gęślą jaźń. Pięć osób zginęło w Łodzi.", "cp1250"),
        ("Beş kişi öldü, İstanbul'da şiddetli çatışma.", "cp1254"),
        ("Пять погибли в Москве, сообщила полиция.", "cp1251"),
    ],
)
def test_other_code_pages_are_not_taken_for_cp1252(tmp_path: Path, text: str, encoding: str) -> None:
    (tmp_path / "r.txt").write_bytes(text.encode(encoding))
    (doc,) = read_paths([str(tmp_path / "r.txt")], ReadOptions(clean=False))
    assert doc.text == text


def test_an_unreadable_subfolder_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("Two people were killed in Osh.", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("Three people were killed in Osh.", encoding="utf-8")
    scandir = os.scandir

    def refuse(path: str | os.PathLike[str] = ".") -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)  # (root reads any folder: chmod cannot show it)
    docs = list(read_paths([str(tmp_path)]))
    assert [d.id for d in docs if not d.problems] == ["a"]
    (bad,) = [d for d in docs if d.problems]
    assert bad.problems[0].code == errors.UNREADABLE
    assert bad.problems[0].message.startswith(f"{locked}: folder cannot be read (Permission denied)")


# ---------------------------------------------------------------- killed ingests
def test_a_killed_ingest_does_not_stay_running(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    with Store(str(db)):
        pass
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with sqlite3.connect(db) as conn:  # as left by an ingest killed with SIGKILL
        conn.execute(
            "INSERT INTO ingest_runs (started_at, status, host, pid, n_read, n_new, n_duplicates, "
            "n_near_duplicates, n_problems) VALUES ('2026-01-01', 'running', ?, ?, 0, 0, 0, 0, 0)",
            (os.uname().nodename, dead.pid),
        )
        conn.execute(
            "INSERT INTO ingest_runs (started_at, status, host, pid, n_read, n_new, n_duplicates, "
            "n_near_duplicates, n_problems) VALUES ('2026-01-01', 'running', ?, ?, 0, 0, 0, 0, 0)",
            (os.uname().nodename, os.getpid()),  # alive: another ingest still at work
        )
    (tmp_path / "r.txt").write_text("Two people were killed in Osh.", encoding="utf-8")
    with Store(str(db)) as store:
        store.ingest([str(tmp_path / "r.txt")])
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT pid, status, finished_at IS NOT NULL FROM ingest_runs ORDER BY id"
        ).fetchall()
    assert rows == [(dead.pid, "interrupted", 1), (os.getpid(), "running", 0), (os.getpid(), "done", 1)]


def test_a_document_with_a_lone_surrogate_is_written_escaped(tmp_path: Path) -> None:
    from tollwatch.cli.output import Format, write_documents

    out = tmp_path / "out.jsonl"
    docs = [Document(id="a", text="bad \ud800 text"), Document(id="b", text="fine")]
    assert write_documents(docs, Format.jsonl, out) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b"]
    assert json.loads(lines[0])["text"] == "bad \ud800 text"
