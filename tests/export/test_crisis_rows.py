"""Exports never count a crisis twice: an earthquake across two countries, reported over three
days with revised tolls, is one incident, one ACLED/UCDP row and one CSV row whose toll is the
crisis's tally -- never the sum of its reports, nor a country's share added to the whole."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from tollwatch.contract import Document
from tollwatch.export import export
from tollwatch.figures import extract_figures
from tollwatch.ledger import Store


def _doc(id: str, title: str, text: str, published: str) -> Document:
    return Document(id=id, title=title, text=text, published=published, site=f"{id}.example")


#: An invented quake in the Caucasus: three days, two countries, a toll revised up and then
#: given as the two countries' shares that add up to it.
QUAKE = [
    _doc(
        "c1",
        "Earthquake kills at least 900 in Armenia and Georgia",
        "A magnitude 7.4 earthquake struck northern Armenia and southern Georgia on Monday, "
        "killing at least 900 people in Armenia and Georgia and injuring 3,000, the wire said. "
        "Buildings collapsed in Gyumri and Vanadzor.",
        "2031-11-03",
    ),
    _doc(
        "c2",
        "Armenia Georgia earthquake death toll rises to 2,000",
        "The death toll from Monday's earthquake in Armenia and Georgia rose to 2,000 on Tuesday, "
        "up from 900, officials said. Rescuers searched the rubble in Gyumri and Vanadzor after "
        "the earthquake.",
        "2031-11-04",
    ),
    _doc(
        "c3",
        "Armenia Georgia earthquake toll passes 2,700",
        "Officials and rescuers said on Wednesday 2,410 people had died in Armenia and 388 in "
        "Georgia, bringing the confirmed total to 2,798. The earthquake flattened Gyumri and "
        "Vanadzor and rescuers are still searching the rubble.",
        "2031-11-05",
    ),
]


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("order", ["forward", "reverse", "shuffled"])
def test_a_crisis_is_one_row_whose_toll_is_its_tally(tmp_path: Path, order: str) -> None:
    docs = list(QUAKE)
    if order == "reverse":
        docs.reverse()
    elif order == "shuffled":
        random.Random(15).shuffle(docs)
    with Store(tmp_path / "crisis.db") as store:
        for d in docs:  # one report at a time, as a stream arrives
            store.ingest_documents(
                [_doc(d.id, d.title or "", d.text, d.published or "")], extract=extract_figures
            )
        (inc,) = list(store.iter_incidents())
        assert sorted(d if isinstance(d, str) else d["id"] for d in inc["documents"]) == ["c1", "c2", "c3"]
        total = next(t for t in inc["tallies"] if t["outcome"] == "killed" and t["category"] == "total")
        # the latest day's shares, 2,410 + 388, are the whole: not 900 + 2,000 + 2,798, not 2,798 + 2,410
        assert (total["low"], total["best"]) == (2798, 2798)
        assert {(b["scope_name"], b["best"]) for b in inc["breakdown"] if b["outcome"] == "killed"} == {
            ("Armenia", 2410),
            ("Georgia", 388),
        }
        export(store, "incidents", "acled", tmp_path / "a.csv")
        export(store, "incidents", "ucdp", tmp_path / "u.csv")
        export(store, "incidents", "csv", tmp_path / "i.csv")
    acled, ucdp, flat = _csv(tmp_path / "a.csv"), _csv(tmp_path / "u.csv"), _csv(tmp_path / "i.csv")
    assert sum(int(r["fatalities"]) for r in acled) == 2798  # ACLED: the floor of the crisis tally
    assert sum(int(r["best"]) for r in ucdp) == 2798
    assert [r["killed_best"] for r in flat] == ["2798"]
