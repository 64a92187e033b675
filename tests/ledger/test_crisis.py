"""One crisis, one incident: reports of an unfolding crisis link across days, places and
outlets, whatever order they arrive in; another incident of the same kind stays apart.

The reports are short invented texts (an earthquake, a bombing campaign), read by the real
figure finder, so the features linking compares are the ones ingest computes.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.ledger import Store, crisis
from tollwatch.ledger.features import features_of


def _doc(id: str, title: str, text: str, published: str | None) -> Document:
    return Document(id=id, title=title, text=text, published=published, site=f"{id}.example")


#: An invented earthquake in eastern Turkey, reported for a week by outlets filing from
#: elsewhere (a dateline is no place of the quake), two reports with no date.
QUAKE = [
    _doc(
        "q1",
        "Strong earthquake hits eastern Turkey, at least 40 dead",
        "A magnitude 7.1 earthquake struck Van province in eastern Turkey before dawn on Monday, "
        "collapsing buildings in Van and Ercis. At least 40 people were killed and 300 injured, "
        "the disaster agency AFAD said. Rescuers searched the rubble in freezing cold.",
        "2031-03-03",
    ),
    _doc(
        "q2",
        "Turkey quake death toll rises to 210",
        "ANKARA, March 4 (Wire) - The death toll from Monday's earthquake in Van province rose to 210, "
        "AFAD said on Tuesday, with 1,100 injured. Aftershocks shook Van and Ercis overnight and "
        "rescuers pulled survivors from the rubble.",
        "2031-03-04",
    ),
    _doc(
        "q3",
        "Van earthquake: rescuers race against time as toll tops 500",
        "LONDON - Rescuers in eastern Turkey raced to reach survivors of the Van earthquake as the "
        "death toll passed 500, AFAD said. In Ercis, whole streets of buildings collapsed. Turkey "
        "declared seven days of mourning for the victims of the quake.",
        None,
    ),
    _doc(
        "q4",
        "Death toll from Turkey earthquake climbs to 812",
        "The toll from the earthquake that struck Van province in eastern Turkey last week rose to "
        "812 on Sunday, AFAD said, and 2,400 people were injured. Thousands sleep in tents in Van "
        "and Ercis as aftershocks continue.",
        "2031-03-09",
    ),
    _doc(
        "q5",
        "Van quake survivors wait for shelter",
        "Survivors of the earthquake in eastern Turkey's Van province are still waiting for tents. "
        "The quake killed at least 812 people in Van and Ercis, the disaster agency AFAD said, and "
        "rescuers have ended the search of the rubble.",
        None,
    ),
]
#: Another earthquake in Turkey, a year later and in the west: the same kind and country.
OTHER_QUAKE = _doc(
    "z1",
    "Earthquake in western Turkey kills 12",
    "A magnitude 5.9 earthquake struck Manisa province in western Turkey on Friday, killing 12 "
    "people and injuring 150 in Manisa and Akhisar, the disaster agency AFAD said.",
    "2032-05-14",
)
#: A bombing campaign in Pakistan, with no report sharing the quake's kind.
BOMBING = [
    _doc(
        "b1",
        "Bomb blasts at two markets in Peshawar kill 31",
        "Two bomb blasts tore through crowded markets in Peshawar, Pakistan, on Saturday, killing 31 "
        "people and wounding 90, police said. A third bomb was defused near the main bazaar.",
        "2031-03-08",
    ),
    _doc(
        "b2",
        "Peshawar bombings toll revised down to 27",
        "Pakistani officials revised the death toll from Saturday's twin bombings in Peshawar from 31 "
        "to 27, saying some bodies had been counted twice. The blasts wounded 95 people.",
        "2031-03-09",
    ),
]


def _features(doc: Document) -> dict[str, object]:
    return features_of(extract_figures(_copy(doc)))


def _copy(doc: Document) -> Document:
    return Document(
        id=doc.id, title=doc.title, text=doc.text, published=doc.published, site=doc.site, url=doc.url
    )


def test_a_report_names_its_kind_of_crisis_and_its_countries_not_its_dateline() -> None:
    f = _features(QUAKE[1])
    assert f["event"] == "earthquake"
    assert f["countries"] == ["TR"]  # "ANKARA, March 4 (Wire) -" is where it was filed from
    assert "van" in f["towns"]
    london = _features(QUAKE[2])
    assert london["countries"] == ["TR"] and "GB" not in london["countries"]
    assert _features(BOMBING[0])["event"] == "explosion"


def test_a_local_shooting_is_no_crisis_but_a_massacre_is() -> None:
    local = {"event": "shooting", "countries": ["US"], "killed": 1}
    massacre = {"event": "shooting", "countries": ["US"], "killed": 14}
    assert not crisis.is_crisis(local)
    assert crisis.is_crisis(massacre)
    assert crisis.event_of("Teen shot outside store", "A teen was shot outside a store.") == "shooting"


def test_a_crisis_is_grouped_the_same_whatever_the_order() -> None:
    reports = {d.id: _features(d) for d in [*QUAKE, OTHER_QUAKE, *BOMBING]}
    expected = [["b1", "b2"], ["q1", "q2", "q3", "q4", "q5"], ["z1"]]
    for order in itertools.islice(itertools.permutations(sorted(reports)), 0, 400, 37):
        assert crisis.group({k: reports[k] for k in order}) == expected


def test_an_undated_report_never_bridges_two_crises_a_year_apart() -> None:
    common = ["explosion", "lebanon", "killed"]
    port = ["port", "beirut", "ammonium", "nitrate", "warehouse", "silos", "capital"]
    tank = ["fuel", "tank", "akkar", "petrol", "shortage", "village", "army"]
    a = {"event": "explosion", "countries": ["LB"], "when": "2031-08-04", "words": common + port}
    b = {"event": "explosion", "countries": ["LB"], "when": "2032-08-15", "words": common + tank}
    bridge = {"event": "explosion", "countries": ["LB"], "words": common + port[:3] + tank[:3]}
    assert crisis.linked(a, bridge) and crisis.linked(b, bridge)  # it could be either
    groups = crisis.group({"a": a, "b": b, "u": bridge})
    assert sorted(map(len, groups)) == [1, 2]  # it joins one of them, never both


@pytest.mark.parametrize("order", ["forward", "reverse", "shuffled"])
def test_ingested_in_any_order_a_crisis_is_one_incident_and_the_decoy_another(
    tmp_path: Path, order: str
) -> None:
    docs = [*QUAKE, OTHER_QUAKE, *BOMBING]
    if order == "reverse":
        docs = docs[::-1]
    elif order == "shuffled":
        random.Random(11).shuffle(docs)
    with Store(tmp_path / "ledger.db") as store:
        runs = [  # several batches, as a stream arrives
            store.ingest_documents([_copy(d) for d in docs[i : i + 3]], extract=extract_figures)
            for i in range(0, len(docs), 3)
        ]
        incidents = [sorted(r["documents"]) for r in _records(store)]
    assert sorted(incidents) == [["b1", "b2"], ["q1", "q2", "q3", "q4", "q5"], ["z1"]]
    # what the runs told the user adds up to what is listed: new, less those merged into a crisis
    assert sum(r.incidents_new for r in runs) - sum(r.incidents_merged for r in runs) == 3


def _records(store: Store) -> list[dict[str, object]]:
    from tollwatch.ledger.queries import IncidentFilter, iter_incident_records

    with store.read() as conn:
        return [
            {**r, "documents": [d if isinstance(d, str) else d["id"] for d in r["documents"]]}
            for r in iter_incident_records(conn, IncidentFilter())
        ]


def test_a_report_a_reviewer_moved_out_of_a_crisis_stays_out(tmp_path: Path) -> None:
    with Store(tmp_path / "ledger.db") as store:
        store.ingest_documents([_copy(d) for d in QUAKE[:3]], extract=extract_figures)
        crisis_id = next(r["id"] for r in _records(store) if "q1" in r["documents"])
        store.move_document("q3", None, actor="ana", reason="another quake")
        store.ingest_documents([_copy(d) for d in QUAKE[3:]], extract=extract_figures)
        incidents = {tuple(sorted(r["documents"])): r["id"] for r in _records(store)}
    assert incidents[("q1", "q2", "q4", "q5")] == crisis_id
    assert ("q3",) in incidents
