"""Link candidates read from indexes, for a whole batch at once (tollwatch.ledger.candidates)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import event

from tollwatch.contract import Place
from tollwatch.ledger import Store, candidates, dedup
from tollwatch.ledger.candidates import CandidateIndex, merged, same_block

NARYN = Place("Naryn", "Naryn Region", "KG", 41.43, 75.99)
TOWNS = ["Karakol", "Talas", "Tokmok", "Balykchy", "Kant", "Kara-Balta", "Uzgen", "Jalal-Abad"]
DEEDS = [
    "a bus left the mountain road and rolled into the river",
    "a gas cylinder exploded in a crowded cafe near the bazaar",
    "a roof collapsed under heavy snow at a sports hall",
    "a fire spread through a wooden dormitory before dawn",
    "floodwater swept a minibus off a bridge during the storm",
]


def test_merged_joins_overlapping_windows_and_keeps_gaps() -> None:
    windows = [
        (("2025-03-11", "2025-03-17"), ("2025-03-12", "2025-03-18")),
        (("2025-03-16", "2025-03-20"),),
        (("2025-05-01", "2025-05-07"),),
    ]
    assert merged(windows) == [("2025-03-11", "2025-03-20"), ("2025-05-01", "2025-05-07")]
    assert merged([]) == []


def _stored(store: Store, b: SimpleNamespace) -> dict[str, Any]:
    osh = b.report(
        "osh-fire",
        "A fire tore through a market in Osh on Friday and killed four traders who were trapped behind "
        "locked shutters, the emergencies ministry said, adding that firefighters fought the blaze for hours.",
        published="2025-03-14T20:00",
        site="osh-evening.example",
        when="2025-03-14",
        killed=4,
    )
    naryn = b.report(
        "naryn-slide",
        "A mudslide buried two houses on the outskirts of Naryn before dawn, and rescuers recovered the bodies "
        "of three members of one family by midday, the emergencies ministry said on Thursday.",
        published="2025-03-20T09:00",
        site="naryn.example",
        when="2025-03-20",
        where=NARYN,
        killed=3,
    )
    later = b.report(
        "osh-bus",
        "A bus carrying seasonal workers overturned on the road out of Osh and two passengers died at the "
        "scene while eleven others were taken to the regional hospital with injuries, police said.",
        published="2025-05-02T11:00",
        site="osh-evening.example",
        when="2025-05-02",
        killed=2,
        injured=11,
    )
    store.ingest_documents([osh, naryn, later])
    return {"osh": osh, "naryn": naryn, "later": later}


def test_a_batch_reads_its_candidates_by_day_key_and_band(store: Store, b: SimpleNamespace) -> None:
    docs = _stored(store, b)
    sig = dedup.signature(dedup.signed_text(docs["naryn"].title, docs["naryn"].text))
    assert sig is not None
    hashes = [h for _, h in dedup.bands(sig)]
    with store.write() as conn:
        index = CandidateIndex()
        windows = [(("2025-03-11", "2025-03-17"),), (("2025-03-18", "2025-03-23"),)]
        index.load(conn, windows, ["place:osh"], hashes, {})
        march = (("2025-03-01", "2025-03-31"),)
        # by day, then id; a report is never its own candidate
        assert [i for i, _ in index.by_days("new", march)] == ["osh-fire", "naryn-slide"]
        assert [i for i, _ in index.by_days("osh-fire", march)] == ["naryn-slide"]
        assert index.by_days("new", (("2025-04-01", "2025-04-30"),)) == []  # not within the window
        # a key: only within its window (the May report carries it too)
        assert [i for i, _ in index.by_keys("new", ["place:osh"], march)] == ["osh-fire"]
        spring = (("2025-03-01", "2025-05-31"),)
        assert [i for i, _ in index.by_keys("new", ["place:osh"], spring)] == ["osh-fire", "osh-bus"]
        assert [c[0] for c in index.copies("new", hashes)] == ["naryn-slide"]  # a copy's bands
        assert index.features("osh-fire")["place"] == "osh"
        assert index.features("osh-bus")["killed"] == 2  # read for its key


def _town_reports(b: SimpleNamespace, n: int, start: int) -> list[Any]:
    out = []
    for i in range(start, start + n):
        town, deed = TOWNS[i % len(TOWNS)], DEEDS[i % len(DEEDS)]
        day = f"2025-04-{1 + i % 28:02d}"
        out.append(
            b.report(
                f"r{i}",
                f"In {town} on day {i}, {deed}, and {2 + i % 5} people died while {i % 7} were hurt, officials in "
                f"{town} said, naming report number {i} of the regional service and its duty officer {i * 7}.",
                published=f"{day}T10:00",
                site="kg-wire.example",
                when=day,
                where=Place(town, None, "KG", None, None),
                killed=2 + i % 5,
            )
        )
    return out


def _selects(store: Store, docs: list[Any]) -> int:
    """How many SELECT statements ingesting these reports (one batch) runs on SQLite."""
    seen: list[str] = []

    def trace(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection.set_trace_callback(seen.append)

    def untrace(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection.set_trace_callback(None)

    event.listen(store.engine, "checkout", trace)
    event.listen(store.engine, "checkin", untrace)
    try:
        store.ingest_documents(docs)
    finally:
        event.remove(store.engine, "checkout", trace)
        event.remove(store.engine, "checkin", untrace)
    return sum(s.lstrip().upper().startswith("SELECT") for s in seen)


def test_linking_a_batch_runs_no_query_per_report(tmp_path: Path, b: SimpleNamespace) -> None:
    counts = []
    for n in (5, 40):
        with Store(tmp_path / f"n{n}.db") as store:
            store.ingest_documents(_town_reports(b, 30, 1000))  # reports to be compared with
            counts.append(_selects(store, _town_reports(b, n, 0)))
    assert counts[0] == counts[1] > 0


def _f(place: str | None, region: str | None, names: list[str] | None = None) -> dict[str, Any]:
    return {"place": place, "admin1": region, "names": names or [], "phrases": []}


def test_two_reports_share_a_block_by_place_region_or_a_name() -> None:
    osh = _f("osh", "osh region")
    assert same_block(osh, _f("osh", "osh region"))
    assert same_block(osh, _f("uzgen", "osh region"))  # another town of the region
    assert same_block(
        _f("naryn", "naryn region", ["dana whitlock"]), _f("osh", "osh region", ["dana whitlock"])
    )
    assert same_block(osh, _f(None, None))  # no place read: compared with every report
    assert same_block(osh, _f("bishkek", None))
    assert not same_block(osh, _f("naryn", "naryn region"))  # another region, nothing in common
    assert not same_block(_f("naryn", "naryn region", ["aibek"]), _f("osh", "osh region", ["dana whitlock"]))


def _linked_against(store: Store, b: SimpleNamespace, new: Any) -> list[str]:
    from tollwatch.ledger.features import features_of
    from tollwatch.ledger.linking import Linker

    f = features_of(new)
    with store.write() as conn:
        linker = Linker()
        linker.begin(conn, [f], [])
        return [c.document_id for c in linker.candidates(new.id, f)]


def test_in_a_crowded_window_a_report_is_compared_only_with_its_blocks(
    store: Store, b: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stored(store, b)
    new = b.report(
        "osh-fire-2",
        "Four traders died when fire swept the covered market in Osh, and the market's director said the "
        "shutters had been locked from outside; the emergencies ministry opened an inquiry on Saturday.",
        published="2025-03-15T08:00",
        site="kg-wire.example",
        when="2025-03-14",
        killed=4,
    )
    assert _linked_against(store, b, new) == ["osh-fire"]  # the Naryn slide is 6 days away
    new.summary.when = new.published = "2025-03-17"
    assert _linked_against(store, b, new) == ["osh-fire", "naryn-slide"]  # a quiet window: every report
    monkeypatch.setattr(candidates, "CROWDED_WINDOW", 1)
    assert _linked_against(store, b, new) == ["osh-fire"]  # a crowded one: Osh's region only
