"""No input stops a batch: poison records in the middle of a 1,000-record JSON lines file.

Each poison record becomes a problem with a stable code that names its line; every other
record is extracted and stored, and a second run neither stops nor stores anything twice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tollwatch.cli import app
from tollwatch.ledger import Store
from tollwatch.ledger.schema import documents, figures, ingest_runs, problems

N = 1000
#: (id, raw line, the problem code it must give, whether the record is still stored)
POISON = [
    (
        "p-surrogate",
        b'{"id": "p-surrogate", "text": "Two people were killed \\ud800 in Osh."}',
        "encoding",
        True,
    ),
    (
        "p-int64",
        b'{"id": "p-int64", "text": "9223372036854775808 people were killed, and 3 were injured."}',
        "implausible_count",
        True,
    ),
    (
        "p-digits",
        b'{"id": "p-digits", "text": "' + b"9" * 320 + b' people were killed in the city."}',
        "implausible_count",
        True,
    ),
    (
        "p-deep",
        b'{"id": "p-deep", "text": "Two killed.", "meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "bad_record",
        False,
    ),
    ("p-array", b"[" * 100_000 + b"]" * 100_000, "bad_record", False),
    ("p-bigid", b'{"id": ' + b"7" * 5000 + b', "text": "Two killed."}', "bad_record", False),
    ("p-latin1", '{"id": "p-latin1", "text": "Ñandú señor: 2 killed"}'.encode("latin-1"), "encoding", False),
    ("p-broken", b'{"id": "p-broken", "text": "Two killed', "bad_record", False),
]


def _good(n: int) -> bytes:
    text = (
        f"Report {n}: {n % 7 + 2} people were killed and {n % 5 + 1} injured in Osh on Monday, police said."
    )
    return json.dumps({"id": f"r{n:04d}", "title": f"Clash {n}", "text": text}).encode("utf-8")


@pytest.fixture(scope="module")
def poison_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = [_good(n) for n in range(N - len(POISON))]
    middle = len(lines) // 2
    lines[middle:middle] = [line for _, line, _, _ in POISON]
    path = tmp_path_factory.mktemp("poison") / "batch.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _line_of(poison_id: str) -> int:
    return (N - len(POISON)) // 2 + [p[0] for p in POISON].index(poison_id) + 1


def test_extract_goes_past_every_poison_record(poison_file: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(poison_file), "--format", "jsonl"])
    assert result.exit_code == 1, result.output  # some inputs had problems
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == N
    good = [r for r in records if r["id"].startswith("r")]
    assert len(good) == N - len(POISON)
    assert all(not r["problems"] and r["summary"]["killed"]["best"] >= 2 for r in good)
    for poison_id, _, code, _ in POISON:
        where = f"{poison_file}:{_line_of(poison_id)}"
        (rec,) = [r for r in records if r["problems"] and r["problems"][0]["message"].startswith(where)]
        assert code in [p["code"] for p in rec["problems"]], rec["problems"]
    by_id = {r["id"]: r for r in records}
    # the implausible count is refused; the report's other figures are kept, exact
    assert [(f["outcome"], f["count"]["best"]) for f in by_id["p-int64"]["figures"]] == [("injured", 3)]
    assert "9223372036854775808" in by_id["p-int64"]["problems"][0]["message"]
    assert by_id["p-surrogate"]["text"] == "Two people were killed \ufffd in Osh."


def test_ingest_stores_every_other_record_and_a_rerun_adds_nothing(poison_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "poison.db"
    for run in (1, 2):
        result = CliRunner().invoke(app, ["ingest", str(poison_file), "--db", str(db), "--json"])
        assert result.exit_code == 1, result.output
        summary = json.loads(result.stdout.splitlines()[0])
        assert summary["read"] == N
        assert summary["new"] == (N - len(POISON) + sum(p[3] for p in POISON) if run == 1 else 0)
    with Store(str(db)) as store, store.read() as conn:
        ids = set(conn.execute(select(documents.c.id)).scalars())
        assert {f"r{n:04d}" for n in range(N - len(POISON))} <= ids
        assert {p[0] for p in POISON if p[3]} <= ids
        codes = {
            (key.rsplit(":", 1)[-1], code)
            for key, code in conn.execute(select(problems.c.input_key, problems.c.code))
        }
        for poison_id, _, code, _ in POISON:
            assert (str(_line_of(poison_id)), code) in codes
        counts = conn.execute(select(func.max(figures.c.count_best))).scalar()
        assert counts is not None and counts < 10**10  # nothing implausible stored
        assert set(conn.execute(select(ingest_runs.c.status)).scalars()) == {"done"}
