"""The ledger's commands, in process, on the sample crisis with the real figure finder."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tollwatch.cli import app

ROOT = Path(__file__).resolve().parents[2]
CRISIS = ROOT / "samples" / "crisis"
COMMANDS = ("ingest", "incidents", "show", "brief", "export")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "crisis.db"
    result = CliRunner().invoke(app, ["ingest", str(CRISIS), "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return path


def test_ingest_stores_the_crisis_and_links_it(db: Path) -> None:
    again = CliRunner().invoke(app, ["ingest", str(CRISIS), "--db", str(db), "--json"])
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout.splitlines()[0])
    assert (summary["read"], summary["new"], summary["duplicates"]) == (9, 0, 9)


def test_incidents_in_every_format(db: Path) -> None:
    runner = CliRunner()
    jsonl = runner.invoke(app, ["incidents", "--db", str(db), "--format", "jsonl"])
    assert jsonl.exit_code == 0, jsonl.output
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    crisis = max(records, key=lambda r: len(r["documents"]))
    assert len(crisis["documents"]) >= 8  # the crisis's reports are one incident
    assert {
        "id",
        "documents",
        "summary",
        "figures",
        "sources",
        "discrepancies",
        "timeline",
        "tallies",
        "gaps",
    } <= set(crisis)
    assert crisis["summary"]["where"]["name"] == "Osh"
    table = runner.invoke(app, ["incidents", "--db", str(db), "--format", "table", "--where", "osh"])
    assert table.exit_code == 0 and "Osh" in table.stdout
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(app, ["incidents", "--db", str(db), "-f", "csv"]).stdout))
    )
    assert {r["id"] for r in rows} == {r["id"] for r in records}
    # the crisis is titled by its current toll (a late report's 14 dead), not by its first report
    (osh,) = [r for r in rows if r["id"] == str(crisis["id"])]
    assert "14" in osh["title"] and not osh["title"].startswith("Three killed"), osh["title"]
    none = runner.invoke(app, ["incidents", "--db", str(db), "-f", "jsonl", "--since", "2030-01-01"])
    assert none.exit_code == 0 and none.stdout == ""


def test_show_prints_the_ledger(db: Path) -> None:
    runner = CliRunner()
    by_words = runner.invoke(app, ["show", "--q", "Osh tariff", "--db", str(db)])
    assert by_words.exit_code == 0, by_words.output
    for part in (
        "Tallies",
        "all (total)",
        "Figures by source and time",
        "Timeline",
        "Reports",
        "near-duplicate of",
    ):
        assert part in by_words.stdout
    assert "unspecified" not in by_words.stdout and "security_forces" not in by_words.stdout  # read as words
    as_json = runner.invoke(app, ["show", "--q", "Osh tariff", "--db", str(db), "--format", "json"])
    inc = json.loads(as_json.stdout)
    assert runner.invoke(app, ["show", inc["id"], "--db", str(db)]).exit_code == 0
    missing = runner.invoke(app, ["show", "999", "--db", str(db)])
    assert missing.exit_code == 2 and "no incident" in missing.output
    assert runner.invoke(app, ["show", "--db", str(db)]).exit_code == 2  # neither an id nor --q


def test_export_writes_each_format(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for what, fmt, name in [
        ("incidents", "csv", "i.csv"),
        ("incidents", "geojson", "i.geojson"),
        ("figures", "parquet", "f.parquet"),
        ("documents", "jsonl", "d.jsonl"),
        ("incidents", "acled", "a.csv"),
        ("incidents", "ucdp", "u.csv"),
    ]:
        out = tmp_path / name
        result = runner.invoke(
            app, ["export", "--what", what, "--format", fmt, "--output", str(out), "--db", str(db)]
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0 and "exported" in result.output
    bad = runner.invoke(app, ["export", "--what", "figures", "--format", "acled", "--db", str(db)])
    assert bad.exit_code == 2 and "--what incidents" in bad.output
    assert runner.invoke(app, ["export", "--format", "xlsx", "--db", str(db)]).exit_code == 2


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_and_option_is_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The ledger", 1)[1].split("\n## ", 1)[0]
    assert f"tollwatch {command}" in section
    help_text = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
    for option in (
        "--db",
        "--format",
        "--where",
        "--since",
        "--min-killed",
        "--what",
        "--output",
        "--batch-size",
        "--workers",
        "--as-of",
    ):
        if option in help_text:
            assert option in section, f"{command} {option} is not documented"


def _crisis_id(db: Path) -> str:
    out = CliRunner().invoke(app, ["incidents", "--db", str(db), "--format", "jsonl"]).stdout
    return str(max((json.loads(line) for line in out.splitlines()), key=lambda r: len(r["documents"]))["id"])


def test_the_brief_of_the_osh_crisis_cites_every_number(db: Path) -> None:
    # read by hand: on 16 March the health ministry says 14 killed and 163 injured; the interior
    # ministry (17 Mar) 3 security forces among them; the NGO 11 civilians and at least 180
    # detained, a number the interior ministry would not give
    runner = CliRunner()
    crisis = _crisis_id(db)
    data = json.loads(runner.invoke(app, ["brief", crisis, "--db", str(db), "-f", "json"]).stdout)
    said = {s["outcome"]: s for s in data["statements"]}
    assert data["as_of"] == "2025-03-17"
    assert said["killed"]["number"] == "14" and said["killed"]["cite"]["day"] == "2025-03-16"
    assert "health" in said["killed"]["cite"]["source"].lower()
    among = {a["group"]: a["number"] for a in said["killed"]["among"]}
    assert among["security forces"] == "3" and among["civilians"] == "11"
    assert said["injured"]["number"] == "163"
    assert said["detained"]["number"] == "180" and said["detained"]["declined"]
    md = runner.invoke(app, ["brief", crisis, "--db", str(db)]).stdout
    assert md.startswith("## ") and "As of 17 March 2025, [14](#figure-" in md
    # the day before, the toll stood lower: the health ministry had said nine
    before = json.loads(
        runner.invoke(app, ["brief", crisis, "--db", str(db), "-f", "json", "--as-of", "2025-03-15"]).stdout
    )
    assert before["as_of"] == "2025-03-15"
    assert {s["outcome"]: s["number"] for s in before["statements"]}["injured"] == "41"
    html = runner.invoke(app, ["brief", crisis, "--db", str(db), "-f", "html"]).stdout
    assert html.startswith('<p class="brief">') and 'href="/figures/' in html
    assert runner.invoke(app, ["brief", crisis, "--db", str(db), "--as-of", "16 March"]).exit_code == 2
    assert runner.invoke(app, ["brief", "999", "--db", str(db)]).exit_code == 2


def test_the_osh_timeline_dates_each_toll_to_the_day_it_was_said(db: Path) -> None:
    crisis = _crisis_id(db)
    inc = json.loads(CliRunner().invoke(app, ["show", crisis, "--db", str(db), "-f", "json"]).stdout)
    killed = {
        (r["best"], r["as_of"])
        for r in inc["timeline"]
        if r["outcome"] == "killed" and r["category"] == "unspecified"
    }
    assert (14, "2025-03-16") in killed  # "Fourteen ... the Ministry of Health said on Sunday"
    assert (14, "2025-03-14") not in killed  # not Friday, the day of the clashes
    assert (9, "2025-03-15") in killed  # "risen to nine ..., the Ministry of Health said on Saturday"
