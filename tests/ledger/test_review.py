"""Review: reviewed values win everywhere, every change is history, nothing undoes a reviewer."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tollwatch.contract import Document
from tollwatch.ledger import IncidentFilter, ReviewError, Store


def ingested(store: Store, b: SimpleNamespace) -> str:
    store.ingest_documents(b.osh_reports())
    rows, total = store.list_incidents()
    assert total == 1
    return str(rows[0]["id"])


def figure_id(store: Store, doc_id: str, words: str) -> int:
    doc = store.get_document(doc_id)
    assert doc is not None
    return next(f["id"] for f in doc["figures"] if words in f["evidence"]["text"])


def total(inc: dict[str, Any], outcome: str = "killed") -> dict[str, Any]:
    return next(t for t in inc["tallies"] if t["outcome"] == outcome and t["category"] == "total")


def test_a_correction_wins_in_tallies_list_rows_and_history(store: Store, b: SimpleNamespace) -> None:
    inc_id = ingested(store, b)
    assert total(store.get_incident(inc_id))["best"] == 14
    fid = figure_id(store, "osh-5", "Fourteen people")
    exact = {"low": 15, "best": 15, "high": 15, "kind": "exact", "text": "Fourteen"}
    after = store.correct_figure(
        fid, {"count": exact}, actor="ana", reason="the ministry's own release says 15"
    )
    assert after["review_status"] == "corrected"
    assert after["count"]["best"] == 15 and after["machine"]["count"]["best"] == 14
    inc = store.get_incident(inc_id)
    assert total(inc)["best"] == 15 and fid in total(inc)["rests_on"]["best"]
    assert inc["summary"]["killed"]["best"] == 15 and inc["summary"]["killed"]["from"] == "ledger"
    rows, _ = store.list_incidents()
    assert rows[0]["killed"]["best"] == 15 and rows[0]["review_status"] == "in_review"
    (h,) = store.incident_history(inc_id)
    assert (h["actor"], h["action"], h["figure_id"], h["reason"]) == (
        "ana",
        "correct_figure",
        fid,
        "the ministry's own release says 15",
    )
    assert h["before"]["count"]["best"] == 14 and h["after"]["count"]["best"] == 15


def test_correcting_back_to_the_machine_value_drops_the_overlay(store: Store, b: SimpleNamespace) -> None:
    ingested(store, b)
    fid = figure_id(store, "osh-5", "Fourteen people")
    store.correct_figure(fid, {"outcome": "injured"}, actor="ana", reason="misread")
    back = store.correct_figure(fid, {"outcome": "killed"}, actor="ana", reason="no, it was right")
    assert back["review_status"] == "confirmed" and "machine" not in back


def test_any_field_can_be_corrected(store: Store, b: SimpleNamespace) -> None:
    ingested(store, b)
    fid = figure_id(store, "osh-4", "the deaths of 11 civilians")
    after = store.correct_figure(
        fid,
        {
            "category": "protesters",
            "group": "protesters",
            "source": {"name": "Civic Monitor Kyrgyzstan", "type": "ngo", "text": "Civic Monitor said"},
            "as_of": "2025-03-16",
            "place": {"name": "Osh", "admin1": "Osh Region", "country": "KG", "lat": 40.53, "lon": 72.8},
            "hedged": True,
        },
        actor="ana",
        reason="NGO counts protesters",
    )
    assert (after["category"], after["as_of"], after["hedged"]) == ("protesters", "2025-03-16", True)
    assert after["source"]["name"] == "Civic Monitor Kyrgyzstan" and after["place"]["name"] == "Osh"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"count": {"low": 5, "best": 3, "high": 4, "kind": "range", "text": "x"}}, "low <= best <= high"),
        ({"count": {"low": -1, "best": -1, "high": -1, "kind": "exact", "text": "x"}}, ">= 0"),
        ({"as_of": "16 March"}, "YYYY-MM-DD"),
        ({"evidence": {"start": 0, "end": 1}}, "cannot change"),
        ({"outcome": ""}, "non-empty"),
        ({}, "at least one"),
    ],
)
def test_an_invalid_correction_is_refused_and_changes_nothing(
    store: Store, b: SimpleNamespace, changes: dict[str, Any], message: str
) -> None:
    inc_id = ingested(store, b)
    fid = figure_id(store, "osh-5", "Fourteen people")
    with pytest.raises(ReviewError, match=message) as e:
        store.correct_figure(fid, changes, actor="ana", reason="test")
    assert e.value.code == "invalid"
    assert store.get_figure(fid)["review_status"] == "unreviewed"
    assert store.incident_history(inc_id) == []


def test_every_change_needs_who_and_why(store: Store, b: SimpleNamespace) -> None:
    ingested(store, b)
    fid = figure_id(store, "osh-5", "Fourteen people")
    with pytest.raises(ReviewError, match="actor"):
        store.reject_figure(fid, actor=" ", reason="wrong")
    with pytest.raises(ReviewError, match="reason"):
        store.reject_figure(fid, actor="ana", reason="")
    with pytest.raises(ReviewError) as e:
        store.confirm_figure(999999, actor="ana")
    assert e.value.code == "not_found"


def test_a_rejected_figure_is_kept_but_never_counted(store: Store, b: SimpleNamespace) -> None:
    inc_id = ingested(store, b)
    fid = figure_id(store, "osh-5", "Fourteen people")
    store.reject_figure(fid, actor="ana", reason="a figure about another incident")
    inc = store.get_incident(inc_id)
    assert total(inc)["best"] != 14 and fid not in total(inc)["figures"]
    assert next(f for f in inc["figures"] if f["id"] == fid)["status"] == "rejected"
    rows, _ = store.list_incidents(IncidentFilter(review="has_rejected"))
    assert [r["id"] for r in rows] == [int(inc_id)]


def test_confirming_every_figure_makes_the_incident_reviewed(store: Store, b: SimpleNamespace) -> None:
    inc_id = ingested(store, b)
    for f in store.get_incident(inc_id)["figures"]:
        store.confirm_figure(f["id"], actor="ana")
    rows, _ = store.list_incidents()
    assert rows[0]["review_status"] == "reviewed"
    assert all(h["action"] == "confirm_figure" for h in store.incident_history(inc_id))


def test_a_reviewer_adds_a_figure_the_machine_missed(store: Store, b: SimpleNamespace) -> None:
    inc_id = ingested(store, b)
    doc = store.get_document("osh-2")
    words = "Three of the attackers were killed"
    start = doc["text"].index(words)
    added = store.add_figure(
        "osh-2",
        start,
        start + len(words),
        {"outcome": "killed", "count": 3, "category": "attackers", "as_of": "2025-03-14"},
        actor="ben",
        reason="the machine missed the attackers",
    )
    assert added["review_status"] == "added" and added["origin"] == "reviewer"
    assert added["evidence"]["text"] == words and added["count"] == {
        "low": 3,
        "best": 3,
        "high": 3,
        "kind": "exact",
        "text": words,
    }
    assert any(
        h["action"] == "add_figure" and h["figure_id"] == added["id"] for h in store.incident_history(inc_id)
    )
    with pytest.raises(ReviewError, match="not inside"):
        store.add_figure("osh-2", 10, 10_000, {"outcome": "killed", "count": 1}, actor="ben", reason="x")


def test_merge_and_move_are_recorded_and_linking_does_not_undo_them(store: Store, b: SimpleNamespace) -> None:
    reports = b.osh_reports()
    store.ingest_documents(reports)
    rows, _ = store.list_incidents()
    main = str(rows[0]["id"])
    new_id = store.move_document("osh-4", None, actor="ana", reason="the UN counts the whole region")
    assert str(new_id) != main
    assert store.get_document("osh-4")["incident_id"] == str(new_id)
    assert store.get_document("osh-4")["incident_pinned"] is True
    # a new report that links to the first incident does not pull the moved one back
    later = b.report(
        "osh-6",
        "The Ministry of Health said on Monday that 14 people had died in the clashes in Osh on Friday and "
        "that 163 had been injured.",
        published="2025-03-17T10:00",
        site="osh-evening.example",
        when="2025-03-14",
        killed=14,
        injured=163,
    )
    store.ingest_documents([later])
    assert store.get_document("osh-4")["incident_id"] == str(new_id)
    assert "osh-4" not in store.get_incident(main)["documents"]
    # merging them back
    target = store.merge_incidents(main, [new_id], actor="ben", reason="same clashes")
    assert str(target) == main
    assert "osh-4" in store.get_incident(main)["documents"]
    gone = store.get_incident(new_id)
    assert gone["merged_into"] == main and gone["documents"] == []
    _, total_live = store.list_incidents()
    assert total_live == _count_live_incidents(store)
    actions = [h["action"] for h in store.incident_history(main)]
    assert actions == ["move_document", "merge_incidents"]
    with pytest.raises(ReviewError, match="merged into"):
        store.move_document("osh-1", new_id, actor="ana", reason="x")


def _count_live_incidents(store: Store) -> int:
    rows, total = store.list_incidents(limit=None)
    assert len(rows) == total
    return total


def test_reextraction_updates_machine_values_and_keeps_reviewed_ones(
    store: Store, b: SimpleNamespace
) -> None:
    inc_id = ingested(store, b)
    corrected = figure_id(store, "osh-5", "Fourteen people")
    rejected = figure_id(store, "osh-5", "163 people")
    store.correct_figure(
        corrected,
        {"count": {"low": 15, "best": 15, "high": 15, "kind": "exact", "text": "15"}},
        actor="ana",
        reason="checked",
    )
    store.reject_figure(rejected, actor="ana", reason="cumulative, counted elsewhere")
    original = next(d for d in b.osh_reports() if d.id == "osh-5")

    def new_finder(doc: Document) -> Document:
        doc.figures = [f for f in original.figures]
        doc.figures[0].count.text = "Fourteen (machine v2)"
        doc.summary = original.summary
        return doc

    stats = store.reextract(new_finder, ids=["osh-5"])
    assert stats["updated"] == 2
    fig = store.get_figure(corrected)
    assert fig["count"]["best"] == 15 and fig["review_status"] == "corrected"
    assert fig["machine"]["count"]["text"] == "Fourteen (machine v2)"
    assert store.get_figure(rejected)["review_status"] == "rejected"
    assert total(store.get_incident(inc_id))["best"] == 15

    def finds_nothing(doc: Document) -> Document:
        doc.figures = []
        return doc

    stats = store.reextract(finds_nothing, ids=["osh-5"])
    assert stats == {"updated": 0, "added": 0, "deleted": 0, "kept_reviewed": 2}
    assert store.get_figure(corrected)["machine_present"] is False
