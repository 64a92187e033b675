"""The JSON contract round-trips and guards its invariants."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tollwatch.contract import (
    COUNT_KINDS,
    ContractError,
    Count,
    Document,
    Evidence,
    Figure,
    Place,
    Problem,
    Source,
    Summary,
    to_dict,
)

TEXT = "At least 18 police officers have been killed, the interior ministry said."


def seed_like() -> Document:
    fig = Figure(
        outcome="killed",
        category="security_forces",
        group="police officers",
        count=Count(18, 18, None, "at_least", "At least 18"),
        evidence=Evidence(0, 44, TEXT[0:44]),
        source=Source("interior ministry", "government", "the interior ministry said"),
        as_of="2022-01-06",
        place=Place("Kazakhstan", None, "KZ", 48.0, 68.0),
    )
    return Document(
        id="seed",
        text=TEXT,
        title="Police death toll revealed",
        published="2022-01-06T15:47",
        figures=[fig],
        summary=Summary(when="2022-01-05", where=Place("Almaty", "Almaty", "KZ"), killed=fig.count),
        problems=[Problem("empty", "x")],
    )


def test_document_round_trips_through_json() -> None:
    doc = seed_like()
    again = Document.from_dict(json.loads(json.dumps(to_dict(doc))))
    assert again == doc
    again.check()


def test_contract_field_names_match_design() -> None:
    d = to_dict(seed_like())
    assert {"id", "url", "site", "title", "standfirst", "published", "language", "text"} <= d.keys()
    assert {"figures", "summary", "problems"} <= d.keys()
    f = d["figures"][0]
    assert {"outcome", "category", "group", "count", "source", "hedged", "undisclosed", "as_of"} <= f.keys()
    assert {"place", "evidence"} <= f.keys()
    assert set(f["count"]) == {"low", "best", "high", "kind", "text"}
    assert set(d["summary"]) == {"when", "where", "killed", "injured"}


def test_bad_evidence_is_caught() -> None:
    doc = seed_like()
    doc.figures[0].evidence.start += 1
    with pytest.raises(ContractError):
        doc.check()


def test_unknown_count_kind_is_refused() -> None:
    with pytest.raises(ContractError):
        Count(1, 1, 1, "roughly", "roughly one")


@settings(deadline=None)  # a shared 2-core machine: no per-example time limit
@given(
    kind=st.sampled_from(COUNT_KINDS),
    low=st.none() | st.integers(0, 10**6),
    high=st.none() | st.integers(0, 10**6),
    words=st.text(max_size=30),
)
def test_count_round_trips(kind: str, low: int | None, high: int | None, words: str) -> None:
    c = Count(low, low, high, kind, words)
    assert Count.from_dict(json.loads(json.dumps(to_dict(c)))) == c


def test_api_verbs_survive_importing_the_stage_packages(tmp_path) -> None:
    import tollwatch
    import tollwatch.read  # the subpackage must not shadow the function

    assert callable(tollwatch.read) and callable(tollwatch.extract)
    report = tmp_path / "wire.txt"
    report.write_text("Two people were killed and five injured in a blast on Monday, police said.\n")
    (doc,) = tollwatch.extract(report)
    assert doc.id == "wire" and not doc.problems


def test_a_failing_extraction_is_recorded_not_raised(monkeypatch) -> None:
    import tollwatch
    import tollwatch.figures

    def boom(doc: Document, budget: object = None, settings: object = None) -> Document:
        raise RuntimeError("lexicon exploded")

    monkeypatch.setattr(tollwatch.figures, "extract_figures", boom)
    doc = tollwatch.extract_document(Document(id="d1", text="Three people were shot."))
    assert [p.code for p in doc.problems] == ["extraction_failed"]
    assert "d1" in doc.problems[0].message and "lexicon exploded" in doc.problems[0].message
