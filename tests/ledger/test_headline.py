"""The incident's headline: the reading its reports support best, and what it rests on."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from tollwatch.ledger import headline
from tollwatch.ledger.store import Store


class Reports:
    """Reports of one incident as the store hands them to the headline: rows and figures."""

    def __init__(self) -> None:
        self.docs: list[SimpleNamespace] = []
        self.figures: list[dict[str, Any]] = []

    def add(
        self,
        id: str,
        published: str,
        killed: int | None,
        injured: int | None,
        *figures: tuple[str, int, str],
        duplicate_of: str | None = None,
        hedged: bool = False,
    ) -> None:
        """A report whose own summary reads (killed, injured), with its figures as
        ``(outcome, count, field)``."""
        summary = {
            o: {"low": n, "best": n, "high": n, "kind": "exact", "text": str(n)} if n is not None else None
            for o, n in (("killed", killed), ("injured", injured))
        }
        self.docs.append(
            SimpleNamespace(
                id=id, published=published, summary_json=json.dumps(summary), duplicate_of=duplicate_of
            )
        )
        for outcome, n, field in figures:
            self.figures.append(
                {
                    "id": len(self.figures) + 1,
                    "document_id": id,
                    "outcome": outcome,
                    "count": {"low": n, "best": n, "high": n, "kind": "exact", "text": str(n)},
                    "evidence": {"field": field},
                    "undisclosed": False,
                    "hedged": hedged,
                    "review_status": "unreviewed",
                }
            )

    def choose(self) -> dict[str, Any]:
        head = headline.choose(self.docs, self.figures)
        assert head is not None
        return head


def test_the_reading_most_reports_give_wins_and_every_reading_is_listed() -> None:
    r = Reports()
    r.add("a", "2025-05-02T08:00", 1, 2, ("killed", 1, "text"), ("injured", 2, "text"))
    r.add("b", "2025-05-02T09:00", 1, 2, ("killed", 1, "text"), ("injured", 2, "text"))
    r.add("c", "2025-05-02T10:00", 2, 3, ("killed", 2, "text"), ("injured", 3, "text"))
    head = r.choose()
    assert (head["killed"], head["injured"]) == (1, 2) and head["reports"] == ["a", "b"]
    assert [(x["killed"], x["injured"], x["reports"]) for x in head["readings"]] == [
        (1, 2, ["a", "b"]),
        (2, 3, ["c"]),
    ]
    assert head["readings"][0]["points"] > head["readings"][1]["points"]
    assert head["rests_on"] == {"killed": [1, 3], "injured": [2, 4]}
    assert "the reading of 2 of 3 reports" in head["rule"]


def test_a_complete_account_beats_a_report_that_counts_one_victim_more() -> None:
    r = Reports()  # "Four people were shot, three of them fatally" against "3 dead, 2 hurt"
    r.add("full", "2025-05-02T08:00", 3, 1, ("casualties", 4, "text"), ("killed", 3, "text"))
    r.add("other", "2025-05-02T09:00", 3, 2, ("killed", 3, "text"), ("injured", 2, "text"))
    head = r.choose()
    assert (head["killed"], head["injured"], head["report"]) == (3, 1, "full")
    assert head["rests_on"]["killed"] == [1, 2, 3]  # the total shot, and both reports' three killed


def test_a_count_only_in_a_title_is_weaker_than_one_in_the_text() -> None:
    r = Reports()
    r.add("text", "2025-05-02T08:00", 2, 0, ("killed", 2, "text"))
    r.add("title", "2025-05-02T09:00", 3, 0, ("killed", 3, "title"))
    assert r.choose()["report"] == "text"


def test_a_hedged_count_is_no_evidence() -> None:
    r = Reports()  # "at least 15 people may have been killed" against a ministry's firm 14
    r.add("ministry", "2025-05-02T08:00", 14, 0, ("killed", 14, "text"))
    r.add("monitors", "2025-05-02T09:00", 15, 0, ("killed", 15, "text"), hedged=True)
    head = r.choose()
    assert (head["killed"], head["report"]) == (14, "ministry")
    assert [x["points"] for x in head["readings"]] == [1.5, 1.0]


def test_a_roundup_with_disagreeing_figures_weighs_less() -> None:
    r = Reports()
    r.add("one", "2025-05-02T08:00", 1, 0, ("killed", 1, "text"))
    r.add(  # a weekend roundup: several incidents' counts in one report
        "roundup",
        "2025-05-03T08:00",
        5,
        0,
        ("killed", 5, "text"),
        ("killed", 2, "text"),
        ("killed", 1, "text"),
    )
    assert r.choose()["killed"] == 1


def test_a_later_report_saying_the_wounded_died_supersedes() -> None:
    r = Reports()
    r.add("first", "2025-05-02T08:00", 0, 1, ("injured", 1, "text"))
    r.add("second", "2025-05-02T12:00", 0, 1, ("injured", 1, "text"))
    r.add("died", "2025-05-04T09:00", 1, 0, ("killed", 1, "text"))
    head = r.choose()
    assert (head["killed"], head["injured"], head["report"]) == (1, 0, "died")
    assert "the wounded died" in head["rule"]


def test_a_death_told_by_any_later_report_supersedes_not_only_the_latest() -> None:
    r = Reports()
    r.add("first", "2025-05-02T08:00", 0, 1, ("injured", 1, "text"))  # "a teenager was critically hurt"
    r.add("second", "2025-05-02T12:00", 0, 1, ("injured", 1, "text"))
    r.add("died", "2025-05-03T09:00", 1, 0)  # "the teenager died on Saturday" (title only)
    r.add("arrest", "2025-05-09T09:00", 0, 0, ("detained", 1, "text"))  # a week later, about the arrest
    head = r.choose()
    assert (head["killed"], head["injured"], head["report"]) == (1, 0, "died")
    assert "a report of later (died, 2025-05-03)" in head["rule"]


def test_on_the_same_day_the_death_is_the_later_news() -> None:
    r = Reports()  # the publication times are unknown: both say only the day
    r.add("hurt", "2025-05-02", 0, 1, ("injured", 1, "text"), ("injured", 1, "title"))
    r.add("dies", "2025-05-02", 1, 0, ("killed", 1, "title"))
    head = r.choose()
    assert (head["killed"], head["injured"], head["report"]) == (1, 0, "dies")
    assert "a report of the same day" in head["rule"]


def test_a_same_day_death_can_be_left_to_the_points(monkeypatch: Any) -> None:
    cfg = dict(headline.settings("headline"), died_later_same_day=False)
    monkeypatch.setattr(headline, "settings", lambda name: cfg if name == "headline" else {"disjoint": []})
    r = Reports()
    r.add("hurt", "2025-05-02", 0, 1, ("injured", 1, "text"))
    r.add("dies", "2025-05-02", 1, 0, ("killed", 1, "title"))
    assert (r.choose()["killed"], r.choose()["injured"]) == (0, 1)


def test_an_older_report_of_a_death_does_not_supersede_later_reports_of_the_wounded() -> None:
    r = Reports()  # the first report's "killed" was wrong: later ones say he is recovering
    r.add("early", "2025-05-02T08:00", 1, 0, ("killed", 1, "title"))
    r.add("later", "2025-05-03T09:00", 0, 1, ("injured", 1, "text"))
    r.add("latest", "2025-05-04T09:00", 0, 1, ("injured", 1, "text"))
    assert (r.choose()["killed"], r.choose()["injured"]) == (0, 1)
    same_day = Reports()  # with the hour known, an earlier "killed" is older news on the same day too
    same_day.add("early", "2025-05-02T08:00", 1, 0, ("killed", 1, "title"))
    same_day.add("later", "2025-05-02T15:00", 0, 1, ("injured", 1, "text"))
    assert (same_day.choose()["killed"], same_day.choose()["injured"]) == (0, 1)


def test_a_later_report_with_a_different_toll_does_not_supersede_by_itself() -> None:
    r = Reports()
    r.add("first", "2025-05-02T08:00", 0, 1, ("injured", 1, "text"))
    r.add("second", "2025-05-02T12:00", 0, 1, ("injured", 1, "text"))
    r.add("later", "2025-05-04T09:00", 1, 3, ("killed", 1, "text"))  # not the same people
    assert (r.choose()["killed"], r.choose()["injured"]) == (0, 1)


def test_near_duplicate_copies_do_not_vote() -> None:
    r = Reports()
    r.add("wire", "2025-05-02T08:00", 2, 0)
    r.add("copy", "2025-05-02T08:30", 2, 0, duplicate_of="wire")
    r.add("other", "2025-05-02T09:00", 1, 0)
    head = r.choose()  # one report each: the tie goes to the latest report's reading
    assert (head["killed"], head["reports"]) == (1, ["other"])


def test_other_reports_figures_corroborate_a_reading() -> None:
    r = Reports()
    r.add("a", "2025-05-02T08:00", 2, 3)
    r.add("b", "2025-05-02T09:00", 2, 1)
    r.add("c", "2025-05-02T10:00", 2, None, ("injured", 3, "text"))  # "three others were wounded"
    head = r.choose()
    assert (head["killed"], head["injured"]) == (2, 3) and head["rests_on"]["injured"] == [1]


def test_reports_without_a_reading_give_no_headline() -> None:
    r = Reports()
    r.add("a", "2025-05-02T08:00", None, None, ("detained", 4, "text"))
    assert headline.choose(r.docs, r.figures) is None


def test_the_incident_record_says_what_the_headline_rests_on_and_why_the_tally_differs(
    store: Store, b: SimpleNamespace
) -> None:
    first = b.report(
        "osh-a",
        "Four people were shot at the Jayma bazaar in Osh on Friday, three of them fatally, police said.",
        published="2025-03-14T18:00",
        site="osh-evening.example",
        when="2025-03-14",
        killed=3,
        injured=1,
    )
    b.fig(first, "Four people were shot", "casualties", b.count("Four", 4))
    b.fig(first, "three of them fatally", "killed", b.count("three", 3))
    second = b.report(
        "osh-b",
        "Police in Osh said five people died after gunmen opened fire at the Jayma bazaar on Friday.",
        published="2025-03-15T09:00",
        site="kg-daily.example",
        when="2025-03-14",
        killed=5,
        injured=None,
    )
    b.fig(second, "five people died", "killed", b.count("five", 5))
    store.ingest_documents([first, second])
    incident_id = store.get_document("osh-a")["incident_id"]
    if store.get_document("osh-b")["incident_id"] != incident_id:
        store.merge_incidents(int(incident_id), [int(store.get_document("osh-b")["incident_id"])],
                              actor="ana", reason="one shooting")  # fmt: skip
    inc = store.get_incident(int(incident_id))
    assert inc is not None
    killed = inc["summary"]["killed"]
    ids = {f["evidence"]["text"]: f["id"] for f in inc["figures"]}
    assert killed["best"] == 3 and killed["from"] == "reports" and killed["report"] == "osh-a"
    assert killed["rests_on"]["best"] == sorted([ids["three of them fatally"], ids["Four people were shot"]])
    assert "3 killed, 1 injured" in killed["rule"]
    assert [(r["killed"], r["reports"]) for r in inc["summary"]["readings"]] == [
        (3, ["osh-a"]),
        (5, ["osh-b"]),
    ]
    # the tally takes the latest source's five; the headline says so rather than disagree silently
    assert killed["tally"]["best"] == 5 and "#" + str(ids["five people died"]) in killed["differs"]


def test_in_a_tie_silence_on_the_wounded_is_no_zero() -> None:
    r = Reports()  # a later wire update repeats the death toll and says nothing of the wounded
    r.add("ministry", "2025-03-16T10:00", 14, 163, ("killed", 14, "text"), ("injured", 163, "text"))
    r.add("wire", "2025-03-17T09:00", 14, None, ("killed", 14, "text"))
    head = r.choose()
    assert (head["killed"], head["injured"], head["report"]) == (14, 163, "ministry")
