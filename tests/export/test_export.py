"""Exports round-trip: what is written reads back to what the store holds (reviewed values won)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyarrow.parquet as pq
import pytest

from tollwatch.export import ExportError, export
from tollwatch.export.coders import ACLED_COLUMNS, UCDP_COLUMNS
from tollwatch.export.rows import DOCUMENT_COLUMNS, FIGURE_COLUMNS, INCIDENT_COLUMNS
from tollwatch.ledger import IncidentFilter, Store


@pytest.fixture
def filled(store: Store, b: SimpleNamespace) -> Store:
    store.ingest_documents(b.osh_reports())
    doc = store.get_document("osh-5")
    fid = next(f["id"] for f in doc["figures"] if f["outcome"] == "killed")
    store.correct_figure(
        fid,
        {"count": {"low": 15, "best": 15, "high": 15, "kind": "exact", "text": "15"}},
        actor="ana",
        reason="x",
    )
    return store


def _incident(store: Store) -> dict[str, Any]:
    (row,), _ = store.list_incidents()
    inc = store.get_incident(row["id"])
    assert inc is not None
    return inc


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_incidents_round_trip_through_csv_jsonl_parquet_geojson(filled: Store, tmp_path: Path) -> None:
    inc = _incident(filled)
    killed = inc["summary"]["killed"]
    assert killed["best"] == 15 and killed["from"] == "ledger"  # the reviewer's value
    for fmt in ("csv", "jsonl", "parquet", "geojson"):
        out = tmp_path / f"incidents.{fmt}"
        assert export(filled, "incidents", fmt, out) == 1
    (row,) = read_csv(tmp_path / "incidents.csv")
    assert list(row) == INCIDENT_COLUMNS
    assert (row["id"], row["killed_best"], row["place"], row["country"]) == (inc["id"], "15", "Osh", "KG")
    assert row["documents"].split(" | ") == inc["documents"]
    (line,) = (tmp_path / "incidents.jsonl").read_text(encoding="utf-8").splitlines()
    back = json.loads(line)
    assert back["tallies"] == inc["tallies"] and back["figures"] == inc["figures"]
    table = pq.read_table(tmp_path / "incidents.parquet")
    assert table.column_names == INCIDENT_COLUMNS
    assert str(table.schema.field("killed_best").type) == "int64"
    assert str(table.schema.field("latitude").type) == "double"
    (prow,) = table.to_pylist()
    assert prow["killed_best"] == 15 and prow["id"] == int(inc["id"]) and prow["latitude"] == 40.53
    gj = json.loads((tmp_path / "incidents.geojson").read_text(encoding="utf-8"))
    (feat,) = gj["features"]
    assert gj["type"] == "FeatureCollection" and feat["geometry"] == {
        "type": "Point",
        "coordinates": [72.8, 40.53],
    }
    assert feat["properties"]["killed_best"] == 15


def test_figures_export_every_figure_with_its_status_and_review(filled: Store, tmp_path: Path) -> None:
    inc = _incident(filled)
    export(filled, "figures", "csv", tmp_path / "f.csv")
    export(filled, "figures", "parquet", tmp_path / "f.parquet")
    rows = read_csv(tmp_path / "f.csv")
    assert list(rows[0]) == FIGURE_COLUMNS
    assert sorted(int(r["id"]) for r in rows) == sorted(f["id"] for f in inc["figures"])
    corrected = next(r for r in rows if r["review_status"] == "corrected")
    assert (corrected["count_best"], corrected["count_text"], corrected["status"]) == ("15", "15", "current")
    gap = next(r for r in rows if r["undisclosed"] == "true")
    assert gap["outcome"] == "detained" and gap["status"] == "gap"
    table = pq.read_table(tmp_path / "f.parquet").to_pylist()
    assert {r["id"] for r in table} == {int(r["id"]) for r in rows}
    assert all(isinstance(r["hedged"], bool) for r in table)


def test_parquet_and_geojson_are_written_in_batches_with_every_row(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tollwatch.export as ex

    whole = tmp_path / "whole.parquet"
    export(filled, "figures", "parquet", whole)
    expected = pq.read_table(whole).to_pylist()
    assert len(expected) > 5
    monkeypatch.setattr(ex, "PARQUET_BATCH", 2)  # a row group of two rows at a time
    export(filled, "figures", "parquet", tmp_path / "batched.parquet")
    batched = pq.ParquetFile(tmp_path / "batched.parquet")
    assert batched.metadata.num_row_groups == (len(expected) + 1) // 2
    assert batched.read().to_pylist() == expected
    # no figures: a file with the columns and no rows
    assert (
        export(filled, "figures", "parquet", tmp_path / "none.parquet", IncidentFilter(min_killed=999)) == 0
    )
    assert pq.read_table(tmp_path / "none.parquet").column_names == FIGURE_COLUMNS
    # GeoJSON is written feature by feature: the bytes of the collection dumped whole
    assert export(filled, "figures", "geojson", tmp_path / "f.geojson") == len(expected)
    written = (tmp_path / "f.geojson").read_text(encoding="utf-8")
    back = json.loads(written)
    assert written == json.dumps(back, ensure_ascii=False) + "\n"
    assert [f["id"] for f in back["features"]] == [r["id"] for r in expected]
    assert export(filled, "figures", "geojson", tmp_path / "e.geojson", IncidentFilter(min_killed=999)) == 0
    assert json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))["features"] == []


def test_documents_export_round_trips_to_contract_documents(filled: Store, tmp_path: Path) -> None:
    from tollwatch.contract import Document

    export(filled, "documents", "jsonl", tmp_path / "d.jsonl")
    export(filled, "documents", "csv", tmp_path / "d.csv")
    docs = [Document.from_dict(json.loads(line)) for line in (tmp_path / "d.jsonl").read_text().splitlines()]
    assert sorted(d.id for d in docs) == ["osh-1", "osh-2", "osh-3", "osh-4", "osh-5"]
    for d in docs:
        d.check()  # evidence still quotes the text exactly
    rows = read_csv(tmp_path / "d.csv")
    assert list(rows[0]) == DOCUMENT_COLUMNS
    assert {r["id"]: r["text"] for r in rows} == {d.id: d.text for d in docs}


def test_acled_columns(filled: Store, tmp_path: Path) -> None:
    inc = _incident(filled)
    export(filled, "incidents", "acled", tmp_path / "a.csv")
    (row,) = read_csv(tmp_path / "a.csv")
    assert list(row) == ACLED_COLUMNS
    assert (row["event_date"], row["country"], row["location"], row["admin1"]) == (
        "2025-03-14",
        "Kyrgyzstan",
        "Osh",
        "Osh Region",
    )
    assert (row["latitude"], row["longitude"], row["geo_precision"], row["time_precision"]) == (
        "40.53",
        "72.8",
        "1",
        "1",
    )
    # ACLED codes the most conservative figure: the killed tally's floor
    total = next(t for t in inc["tallies"] if t["outcome"] == "killed" and t["category"] == "total")
    assert row["fatalities"] == str(total["low"])
    assert "Ministry of Health" in row["source"] and "undisclosed: detained" in row["notes"]


def test_ucdp_columns_add_up(filled: Store, tmp_path: Path) -> None:
    export(filled, "incidents", "ucdp", tmp_path / "u.parquet")
    export(filled, "incidents", "ucdp", tmp_path / "u.csv")
    (row,) = pq.read_table(tmp_path / "u.parquet").to_pylist()
    assert list(read_csv(tmp_path / "u.csv")[0]) == UCDP_COLUMNS
    assert row["low"] <= row["best"] <= row["high"]
    assert row["deaths_a"] == 2 and row["deaths_b"] == 3 and row["deaths_civilians"] == 11
    assert row["deaths_a"] + row["deaths_b"] + row["deaths_civilians"] + row["deaths_unknown"] == row["best"]
    assert (row["date_start"], row["date_end"]) == ("2025-03-14", "2025-03-16")
    assert row["event_clarity"] == 2  # sources disagree
    assert row["geom_wkt"] == "POINT (72.8 40.53)" and row["where_prec"] == 1


def test_filters_apply_and_bad_requests_say_what_to_do(filled: Store, tmp_path: Path) -> None:
    assert export(filled, "incidents", "csv", tmp_path / "none.csv", IncidentFilter(min_killed=100)) == 0
    assert read_csv(tmp_path / "none.csv") == []
    with pytest.raises(ExportError, match="--what incidents"):
        export(filled, "figures", "acled", tmp_path / "x.csv")
    with pytest.raises(ValueError):
        export(filled, "incidents", "xlsx", tmp_path / "x.xlsx")


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(
    store: Store, b: SimpleNamespace, tmp_path: Path
) -> None:
    doc = b.report(
        "evil",
        "Two people were killed in Osh on Friday, police said.",
        published="2025-03-14",
        site="x.example",
        title='=HYPERLINK("http://evil.example","click")',
        when="2025-03-14",
        killed=2,
    )
    store.ingest_documents([doc])
    export(store, "incidents", "csv", tmp_path / "i.csv")
    (row,) = read_csv(tmp_path / "i.csv")
    assert row["title"].startswith("'=HYPERLINK")
    assert row["killed_best"] == "2"
