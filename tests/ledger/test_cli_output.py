"""What the ledger's commands say: the end summary of ingest, problems counted by code, the
one flattening of an incident to a CSV row, a refused database that does not exist."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tollwatch.cli import app
from tollwatch.export.rows import INCIDENT_COLUMNS, LIST_COLUMNS

REPORTS = [
    {
        "id": "ferry-1",
        "title": '=HYPERLINK("http://evil.example","Ferry sinks")',
        "published": "2025-05-02",
        "text": "MWANZA, Tanzania - Four people were killed and 12 are missing after a ferry capsized "
        "on Lake Victoria on Thursday, police said.",
    },
    {
        "id": "quake-1",
        "title": "Earthquake kills 35 in Herat",
        "published": "2025-01-10",
        "text": "HERAT, Afghanistan - An earthquake killed 35 people and displaced about 2,000 residents "
        "in Herat on Friday, officials said.",
    },
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    lines = [json.dumps(r) for r in REPORTS] + ["{not json", json.dumps({"id": "blank", "text": ""})]
    (folder / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "scan.txt").write_bytes(b"\x00\x01\x02 binary \x00" * 20)
    return folder


@pytest.fixture(scope="module")
def ingested(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    db = tmp_path_factory.mktemp("db") / "t.db"
    listed = db.with_name("problems.jsonl")
    result = CliRunner().invoke(app, ["ingest", str(inputs), "--db", str(db), "--problems", str(listed)])
    assert result.exit_code == 1, result.output  # some inputs had problems
    return db, result.stderr, listed


def test_ingest_ends_with_one_summary_and_the_problems_counted_by_code(
    ingested: tuple[Path, str, Path],
) -> None:
    _db, err, listed = ingested
    lines = err.strip().splitlines()
    assert lines[0] == (
        f"5 reports read: 2 stored, 0 duplicates (already stored), 3 with problems (see {listed}); "
        "incidents: 2 new, 0 updated"
    )
    assert lines[1].startswith("problems: ") and "1 bad_record" in lines[1] and "1 binary" in lines[1]
    assert len(lines) == 5 and any("scan.txt" in line for line in lines[2:])  # up to 5 shown
    problems = [json.loads(line) for line in listed.read_text(encoding="utf-8").splitlines()]
    assert sorted(p["code"] for p in problems) == ["bad_record", "binary", "empty"]
    assert all(p["input"] and p["message"] for p in problems)
    assert any(p["input"].endswith("scan.txt") for p in problems)


def test_beyond_five_problems_the_terminal_shows_counts_and_where_the_list_is(tmp_path: Path) -> None:
    for i in range(12):
        (tmp_path / f"scan{i:02}.txt").write_bytes(b"\x00\x01 binary \x00" * 20)
    db = tmp_path / "t.db"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(db)])
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("12 reports read: 0 stored, 0 duplicates (already stored), 12 with problems")
    assert lines[1] == "problems: 12 binary"
    assert len(lines) == 2 + 5 + 1 and lines[-1] == "  … and 7 more (--problems FILE lists them all)"


def test_the_summary_counts_duplicates_on_a_second_run(
    inputs: Path, ingested: tuple[Path, str, Path]
) -> None:
    db, _err, _ = ingested
    again = CliRunner().invoke(app, ["ingest", str(inputs / "reports.jsonl"), "--db", str(db)])
    first = again.stderr.splitlines()[0]
    assert first.startswith("4 reports read: 0 stored, 2 duplicates (already stored), 2 with problems")
    assert "list them with --problems FILE" in first


def test_incidents_csv_is_the_one_flattening_and_defuses_formulas(ingested: tuple[Path, str, Path]) -> None:
    db = ingested[0]
    out = CliRunner().invoke(app, ["incidents", "--db", str(db), "-f", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == LIST_COLUMNS
    ferry = next(r for r in rows if "HYPERLINK" in r["title"])
    assert ferry["title"].startswith("'=HYPERLINK")  # a spreadsheet shows it, does not run it
    assert (ferry["killed_best"], ferry["missing_best"]) == ("4", "12")
    quake = next(r for r in rows if r["title"].startswith("Earthquake"))
    assert quake["displaced_best"] == "2000" and quake["missing_best"] == ""
    assert [r["when"] for r in rows] == sorted((r["when"] for r in rows), reverse=True)  # latest first
    by_missing = CliRunner().invoke(app, ["incidents", "--db", str(db), "-f", "csv", "--sort", "missing"])
    assert [r["id"] for r in csv.DictReader(io.StringIO(by_missing.stdout))] == [ferry["id"], quake["id"]]
    exported = CliRunner().invoke(app, ["export", "--db", str(db), "--what", "incidents"])
    export_rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert list(export_rows[0]) == INCIDENT_COLUMNS and INCIDENT_COLUMNS[: len(LIST_COLUMNS)] == LIST_COLUMNS
    for row in export_rows:  # the same values in the export as in the list
        listed = next(r for r in rows if r["id"] == row["id"])
        assert {k: row[k] for k in LIST_COLUMNS} == listed


def test_the_web_download_is_the_same_flattening(ingested: tuple[Path, str, Path]) -> None:
    from tollwatch.ledger import IncidentFilter, Store
    from tollwatch.web.exports import incidents_csv

    db = ingested[0]
    with Store(db) as store:
        listed, _ = store.list_incidents(IncidentFilter(), limit=None)
    rows = list(csv.DictReader(io.StringIO(incidents_csv(listed, "http://127.0.0.1:8000"))))
    assert list(rows[0]) == [*LIST_COLUMNS, "url"]
    cli = list(
        csv.DictReader(
            io.StringIO(CliRunner().invoke(app, ["incidents", "--db", str(db), "-f", "csv"]).stdout)
        )
    )
    assert [{k: r[k] for k in LIST_COLUMNS} for r in rows] == cli
    assert rows[0]["url"] == f"http://127.0.0.1:8000/incidents/{rows[0]['id']}"


@pytest.mark.parametrize(
    "args", [["incidents"], ["show", "1"], ["export"], ["serve", "--port", "1"]], ids=lambda a: a[0]
)
def test_a_database_that_does_not_exist_is_refused_with_a_hint(args: list[str], tmp_path: Path) -> None:
    db = tmp_path / "typo.db"
    result = CliRunner().invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2
    assert f"no database at {db}" in result.stderr and "tollwatch ingest" in result.stderr
    assert not db.exists()  # nothing was created


def test_the_ingest_bar_moves_by_the_bytes_stored(monkeypatch: pytest.MonkeyPatch, inputs: Path) -> None:
    import sys

    from tollwatch.cli.ledger import StoredBytes

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    bar = StoredBytes([str(inputs)])
    with bar as (read, stored):
        assert read is not None and stored is not None
        task = bar.bar.bar.tasks[0]
        assert task.total == sum(f.stat().st_size for f in inputs.iterdir())
        read(100)
        read(50)
        assert task.completed == 0  # read, not stored yet
        stored(1)
        assert task.completed == 100
        stored(1)
        assert task.completed == 150
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with StoredBytes([str(inputs)]) as silent:
        assert silent == (None, None)  # no terminal, no bar
