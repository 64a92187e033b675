"""The tally rules: latest per source, no overlapping sums, provenance, discrepancies, gaps."""

from __future__ import annotations

import random
from typing import Any

from tollwatch.ledger import tally


def lf(
    id: int,
    outcome: str,
    low: int | None,
    best: int | None,
    high: int | None,
    *,
    kind: str = "exact",
    category: str = "unspecified",
    source: str | None = "Ministry of Health",
    stype: str = "health",
    as_of: str | None = "2025-03-14",
    doc: str = "d1",
    published: str = "2025-03-14T10:00",
    site: str = "paper.example",
    **extra: Any,
) -> dict[str, Any]:
    """A ledger figure (the contract figure as a dict, plus what the store adds)."""
    return {
        "id": id,
        "document_id": doc,
        "outcome": outcome,
        "category": category,
        "group": category,
        "count": {"low": low, "best": best, "high": high, "kind": kind, "text": str(best)},
        "source": {"name": source, "type": stype, "text": source} if source else None,
        "hedged": False,
        "undisclosed": False,
        "as_of": as_of,
        "place": None,
        "evidence": {"start": 0, "end": 5, "text": "words", "field": "text"},
        "review_status": "unreviewed",
        "published": published,
        "site": site,
        "duplicate_of": None,
        **extra,
    }


def cell(ledger: dict[str, Any], outcome: str, category: str) -> dict[str, Any]:
    return next(t for t in ledger["tallies"] if t["outcome"] == outcome and t["category"] == category)


def test_a_sources_latest_figure_supersedes_its_earlier_ones() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 9, 9, 9, as_of="2025-03-15", doc="d1"),
            lf(2, "killed", 14, 14, 14, as_of="2025-03-16", doc="d2"),
            lf(3, "killed", 3, 3, None, kind="at_least", as_of="2025-03-14", doc="d0"),
        ]
    )
    total = cell(ledger, "killed", "total")
    assert (total["low"], total["best"], total["high"]) == (14, 14, 14)
    assert total["rests_on"]["best"] == [2]
    status = {f["id"]: (f["status"], f.get("superseded_by")) for f in ledger["figures"]}
    assert status == {1: ("superseded", 2), 2: ("current", None), 3: ("superseded", 2)}


def test_a_lower_revision_by_the_same_source_still_supersedes() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 20, 20, 20, as_of="2025-03-14"),
            lf(2, "killed", 17, 17, 17, as_of="2025-03-15", doc="d2"),
        ]
    )
    assert cell(ledger, "killed", "total")["best"] == 17


def test_a_vague_later_word_does_not_set_aside_a_number() -> None:
    ledger = tally.build_ledger(  # "at least 180 were detained" ... two days later "many were detained"
        [
            lf(1, "detained", 180, None, None, kind="at_least", as_of="2025-03-15"),
            lf(2, "detained", 10, None, None, kind="vague", as_of="2025-03-17", doc="d2"),
        ]
    )
    assert cell(ledger, "detained", "total")["low"] == 180
    status = {f["id"]: (f["status"], f.get("superseded_by")) for f in ledger["figures"]}
    assert status == {1: ("current", None), 2: ("superseded", 1)}


def test_source_names_that_differ_only_by_framing_are_one_source() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 12, 12, 12, source="Kyrgyzstan's interior ministry", as_of="2025-03-14"),
            lf(2, "killed", 18, 18, 18, source="the Interior Ministry", as_of="2025-03-15", doc="d2"),
        ]
    )
    assert len(ledger["sources"]) == 1
    assert cell(ledger, "killed", "total")["best"] == 18


def test_unattributed_figures_belong_to_the_outlet_that_printed_them() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 4, 4, 4, source=None, site="osh-evening.example"),
            lf(2, "killed", 5, 5, 5, source=None, site="steppepost.example", doc="d2"),
        ]
    )
    assert {s["name"] for s in ledger["sources"]} == {"osh-evening.example", "steppepost.example"}
    assert {s["type"] for s in ledger["sources"]} == {"media"}


def test_disjoint_groups_are_summed_and_each_number_names_its_figures() -> None:
    ledger = tally.build_ledger(
        [
            lf(
                1,
                "killed",
                3,
                3,
                3,
                category="security_forces",
                source="Interior Ministry",
                stype="government",
            ),
            lf(2, "killed", 5, 5, 5, category="attackers", source="Interior Ministry", stype="government"),
            lf(3, "killed", 4, 4, 4, category="civilians", source="Interior Ministry", stype="government"),
        ]
    )
    total = cell(ledger, "killed", "total")
    assert (total["low"], total["best"], total["high"]) == (12, 12, 12)
    assert sorted(total["rests_on"]["best"]) == [1, 2, 3]
    assert "sum of disjoint groups" in total["rule"]


def test_an_all_people_figure_is_never_added_to_a_group_it_includes() -> None:
    # the seed's shape: "nearly 750 law enforcement" injured (ministry) and "almost 1,000 people"
    # injured (UN) -- the UN's people include the officers: the total is 1,000, not 1,750
    ledger = tally.build_ledger(
        [
            lf(
                1,
                "injured",
                700,
                750,
                750,
                kind="approximate",
                category="security_forces",
                source="Interior Ministry",
                stype="government",
                as_of="2022-01-06",
            ),
            lf(
                2,
                "injured",
                900,
                1000,
                1000,
                kind="approximate",
                source="OHCHR",
                stype="international_org",
                as_of="2022-01-06",
                doc="d2",
            ),
        ]
    )
    total = cell(ledger, "injured", "total")
    assert (total["low"], total["best"], total["high"]) == (900, 1000, 1000)
    assert total["rests_on"]["best"] == [2]
    assert cell(ledger, "injured", "security_forces")["best"] == 750


def test_an_all_people_figure_stays_the_best_when_groups_add_up_to_more() -> None:
    # the health ministry counts everyone (9); the interior ministry's 2 police + 3 attackers and
    # an NGO's 11 civilians add up to 16 -- but one side's "attackers" may be the other's
    # "civilians": the all-people figure stays the best, each group raises the floor, the
    # sum widens the ceiling, and the mismatch is flagged
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 9, 9, 9, as_of="2025-03-15"),
            lf(
                2,
                "killed",
                2,
                2,
                2,
                category="security_forces",
                source="Interior Ministry",
                stype="government",
            ),
            lf(3, "killed", 3, 3, 3, category="attackers", source="Interior Ministry", stype="government"),
            lf(4, "killed", 11, 11, 11, category="civilians", source="Civic Monitor", stype="ngo", doc="d4"),
        ]
    )
    total = cell(ledger, "killed", "total")
    assert (total["low"], total["best"], total["high"]) == (11, 11, 16)
    assert total["rests_on"]["best"] == [4]
    assert sorted(total["rests_on"]["high"]) == [2, 3, 4]
    kinds = {d["kind"] for d in ledger["discrepancies"]}
    assert kinds == {"group above the all-people figure", "groups add up to more than the all-people figure"}


def test_a_more_recent_sum_of_groups_outweighs_an_older_all_people_figure() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 3, 3, None, kind="at_least", source="a doctor", as_of="2025-03-14"),
            lf(
                2,
                "killed",
                3,
                3,
                3,
                category="security_forces",
                source="Interior Ministry",
                as_of="2025-03-16",
                doc="d2",
            ),
            lf(
                3,
                "killed",
                5,
                5,
                5,
                category="attackers",
                source="Interior Ministry",
                as_of="2025-03-16",
                doc="d2",
            ),
            lf(
                4,
                "killed",
                4,
                4,
                4,
                category="civilians",
                source="Interior Ministry",
                as_of="2025-03-16",
                doc="d2",
            ),
        ]
    )
    total = cell(ledger, "killed", "total")
    assert (total["low"], total["best"]) == (12, 12)
    assert sorted(total["rests_on"]["best"]) == [2, 3, 4]


def test_a_sub_group_only_raises_its_groups_floor() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 6, 6, 6, category="civilians", source="Civic Monitor", stype="ngo"),
            lf(
                2,
                "killed",
                4,
                4,
                4,
                category="children",
                source="UNICEF",
                stype="international_org",
                doc="d2",
            ),
            lf(
                3,
                "killed",
                2,
                2,
                2,
                category="security_forces",
                source="Interior Ministry",
                stype="government",
            ),
        ]
    )
    total = cell(ledger, "killed", "total")
    assert total["best"] == 8  # 6 civilians (the 4 children among them) + 2 police


def test_sub_groups_alone_are_not_summed_with_each_other() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 4, 4, 4, category="children", source="UNICEF", stype="international_org"),
            lf(2, "killed", 3, 3, 3, category="protesters", source="Civic Monitor", stype="ngo", doc="d2"),
        ]
    )
    total = cell(ledger, "killed", "total")
    assert total["best"] == 4  # children and protesters may overlap: the larger, not 7
    assert total["high"] is None


def test_most_sources_agreeing_give_the_best_and_the_range_spans_them() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 12, 12, 12, source="Ministry of Health"),
            lf(2, "killed", 12, 12, 12, source="Red Crescent", stype="ngo", doc="d2"),
            lf(3, "killed", 10, 12, 15, kind="range", source="OCHA", stype="international_org", doc="d3"),
        ]
    )
    total = cell(ledger, "killed", "total")
    assert (total["low"], total["best"], total["high"]) == (12, 12, 15)
    assert total["rests_on"]["high"] == [3]
    assert ledger["discrepancies"] == []


def test_a_hedged_figure_does_not_outweigh_a_firm_one() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 9, 9, 9, as_of="2025-03-15"),
            lf(
                2,
                "killed",
                15,
                15,
                None,
                kind="at_least",
                source="UN Human Rights Office",
                stype="international_org",
                as_of="2025-03-15",
                doc="d2",
                hedged=True,
            ),
        ]
    )
    total = cell(ledger, "killed", "total")
    assert (total["low"], total["best"], total["high"]) == (9, 9, 9)
    (d,) = ledger["discrepancies"]
    assert d["kind"] == "sources disagree"
    assert {s["figure"] for s in d["sides"]} == {1, 2}
    assert any(s["hedged"] for s in d["sides"])


def test_only_hedged_figures_still_give_a_tally() -> None:
    ledger = tally.build_ledger(
        [lf(1, "killed", 15, 15, None, kind="at_least", source="UN", stype="international_org", hedged=True)]
    )
    assert cell(ledger, "killed", "total")["best"] == 15


def test_reviewed_figures_win_over_machine_ones() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 12, 12, 12, source="Ministry of Health"),
            lf(2, "killed", 12, 12, 12, source="Red Crescent", stype="ngo", doc="d2"),
            lf(
                3,
                "killed",
                13,
                13,
                13,
                source="OCHA",
                stype="international_org",
                doc="d3",
                review_status="corrected",
            ),
        ]
    )
    total = cell(ledger, "killed", "total")
    assert (total["low"], total["best"], total["high"]) == (13, 13, 13)
    assert "reviewed" in total["rule"]


def test_rejected_undisclosed_and_duplicate_figures_are_not_counted() -> None:
    figs = [
        lf(1, "killed", 5, 5, 5),
        lf(2, "killed", 50, 50, 50, source="Someone", doc="d2", review_status="rejected"),
        lf(3, "killed", 40, 40, 40, source="Wire", doc="d3", duplicate_of="d9"),
        lf(4, "detained", None, None, None, kind="unknown", source="Interior Ministry", undisclosed=True),
    ]
    ledger = tally.build_ledger(figs)
    assert cell(ledger, "killed", "total")["best"] == 5
    assert {f["id"]: f["status"] for f in ledger["figures"]} == {
        1: "current",
        2: "rejected",
        3: "duplicate",
        4: "gap",
    }
    assert not any(t["outcome"] == "detained" for t in ledger["tallies"])
    (gap,) = ledger["gaps"]
    assert (gap["figure"], gap["outcome"], gap["filled_by"]) == (4, "detained", [])


def test_a_gap_records_the_later_figures_that_fill_it() -> None:
    ledger = tally.build_ledger(
        [
            lf(
                1,
                "detained",
                None,
                None,
                None,
                kind="unknown",
                source="Interior Ministry",
                undisclosed=True,
                as_of="2025-03-14",
            ),
            lf(
                2,
                "detained",
                180,
                180,
                None,
                kind="at_least",
                source="Civic Monitor",
                stype="ngo",
                as_of="2025-03-15",
                doc="d2",
            ),
        ]
    )
    (gap,) = ledger["gaps"]
    assert gap["filled_by"] == [2]


def test_disagreement_needs_ranges_that_do_not_overlap_and_close_days() -> None:
    overlap = tally.build_ledger(
        [
            lf(1, "killed", 10, 10, None, kind="at_least"),
            lf(2, "killed", 14, 14, 14, source="OCHA", stype="international_org", doc="d2"),
        ]
    )
    assert overlap["discrepancies"] == []  # "at least 10" and 14 agree
    far = tally.build_ledger(
        [
            lf(1, "killed", 10, 10, 10, as_of="2025-03-01"),
            lf(
                2,
                "killed",
                14,
                14,
                14,
                source="OCHA",
                stype="international_org",
                doc="d2",
                as_of="2025-03-10",
            ),
        ]
    )
    assert far["discrepancies"] == []  # nine days apart: a rising toll, not a disagreement


def test_the_timeline_and_toll_by_day_follow_the_toll_as_it_rose() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 3, 3, None, kind="at_least", source="a doctor", as_of="2025-03-14"),
            lf(2, "killed", 9, 9, 9, as_of="2025-03-15", doc="d2"),
            lf(3, "killed", 14, 14, 14, as_of="2025-03-16", doc="d3"),
        ]
    )
    assert [(t["as_of"], t["best"]) for t in ledger["timeline"]] == [
        ("2025-03-14", 3),
        ("2025-03-15", 9),
        ("2025-03-16", 14),
    ]
    by_day = [(r["day"], r["best"]) for r in ledger["toll_by_day"] if r["outcome"] == "killed"]
    assert by_day == [("2025-03-14", 3), ("2025-03-15", 9), ("2025-03-16", 14)]


def test_figures_without_a_day_use_the_reports_publication_day() -> None:
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 9, 9, 9, as_of=None, published="2025-03-15T18:00"),
            lf(2, "killed", 14, 14, 14, as_of=None, published="2025-03-16T18:00", doc="d2"),
        ]
    )
    assert cell(ledger, "killed", "total")["best"] == 14


def test_within_one_report_a_source_is_never_summed_with_itself() -> None:
    ledger = tally.build_ledger(
        [
            lf(
                1,
                "killed",
                18,
                18,
                None,
                kind="at_least",
                category="security_forces",
                source="Interior Ministry",
            ),
            lf(2, "killed", 3, 3, 3, category="security_forces", source="Interior Ministry"),
        ]
    )
    assert cell(ledger, "killed", "total")["best"] == 18


def test_revised_away_figures_are_never_current() -> None:
    # a bombing: the police's 61 was withdrawn, the health ministry revised its own 61 to 48;
    # 12 more died overnight (an increment, never a total); 18 of them in hospital (a part)
    figs = [
        lf(
            1, "killed", 61, 61, 61, source="police", stype="police", as_of="2031-03-09", revision="retracted"
        ),
        lf(2, "killed", 61, 61, 61, as_of="2031-03-09", doc="d2", revision="superseded"),
        lf(3, "killed", 48, 48, 48, as_of="2031-03-09", doc="d2"),
        lf(4, "killed", 12, 12, 12, source="hospital", as_of="2031-03-09", doc="d3", revision="increment"),
        lf(5, "killed", 18, 18, 18, source="hospital", as_of="2031-03-09", doc="d3", revision="part"),
    ]
    ledger = tally.build_ledger(figs)
    total = tally.total(ledger, "killed")
    assert total is not None and (total["low"], total["best"], total["high"]) == (48, 48, 48)
    status = {f["id"]: f["status"] for f in ledger["figures"]}
    assert status == {1: "retracted", 2: "superseded", 3: "current", 4: "increment", 5: "part"}


def test_a_part_of_a_named_group_still_counts_as_that_group() -> None:
    # "29 dead, including 3 officers": the 3 is a group of the 29, never summed with it
    figs = [
        lf(1, "killed", 29, 29, 29, source="police", stype="police"),
        lf(
            2, "killed", 3, 3, 3, source="police", stype="police", category="security_forces", revision="part"
        ),
    ]
    total = tally.total(tally.build_ledger(figs), "killed")
    assert total is not None and total["best"] == 29


def test_a_stale_toll_of_another_source_does_not_hold_the_floor() -> None:
    # day 1 the police say 359; day 6 the health services say 253 and nobody repeats 359
    figs = [
        lf(1, "killed", 359, 359, 359, source="police", stype="police", as_of="2031-04-24"),
        lf(2, "killed", 253, 253, 253, as_of="2031-04-29", doc="d2"),
    ]
    total = tally.total(tally.build_ledger(figs), "killed")
    assert total is not None and (total["low"], total["best"]) == (253, 253)
    assert "latest days" in total["rule"]


# --- scope: like with like ---------------------------------------------------------------
# Tallies by scope: like with like. A country's or a city's figure never competes with the
# whole crisis's, nor sums into it; disjoint shares of one day add up to the whole when no
# figure of the whole is newer; shares show as a breakdown; discrepancies only within a scope.

ARMENIA = {"name": "Armenia", "level": "country", "country": "AM"}
GEORGIA = {"name": "Georgia", "level": "country", "country": "GE"}
CAPITAL = {"name": "the capital", "level": "area", "country": "KG"}


def _quake() -> list[dict[str, Any]]:
    """An earthquake across a border, told over three days by three sources."""
    return [
        # day 1: the whole toll, from a wire
        lf(1, "killed", 900, 900, None, kind="at_least", source="Wire", as_of="2031-11-06", doc="d1"),
        # day 2: each country's own count, both higher than the day-1 whole together
        lf(
            2,
            "killed",
            1710,
            1710,
            1710,
            source="Armenian ministry",
            as_of="2031-11-07",
            doc="d2",
            scope=ARMENIA,
        ),
        lf(
            3,
            "killed",
            290,
            290,
            290,
            source="Georgian ministry",
            as_of="2031-11-07",
            doc="d2",
            scope=GEORGIA,
        ),
        # day 3: Armenia again, and the whole from the UN, older shares of Georgia kept
        lf(
            4,
            "killed",
            2410,
            2410,
            2410,
            source="Armenian ministry",
            as_of="2031-11-08",
            doc="d3",
            scope=ARMENIA,
        ),
        lf(
            5,
            "killed",
            388,
            388,
            388,
            source="Georgian ministry",
            as_of="2031-11-08",
            doc="d3",
            scope=GEORGIA,
        ),
    ]


def test_the_whole_toll_is_the_sum_of_the_countries_shares_of_the_latest_day() -> None:
    ledger = tally.build_ledger(_quake())
    total = cell(ledger, "killed", "total")
    assert (total["low"], total["best"]) == (2798, 2798)  # 2,410 + 388, not 900 nor 1,710 + 2,410
    assert sorted(total["rests_on"]["best"]) == [4, 5]
    shares = {b["scope_name"]: b["best"] for b in ledger["breakdown"] if b["outcome"] == "killed"}
    assert shares == {"Armenia": 2410, "Georgia": 388}
    assert not ledger["discrepancies"]  # a country's figure against the whole's is no quarrel


def test_a_newer_whole_figure_wins_over_older_shares_and_a_share_never_beats_it() -> None:
    figs = [*_quake(), lf(6, "killed", 3100, 3100, 3100, source="UN", as_of="2031-11-09", doc="d4")]
    total = cell(tally.build_ledger(figs), "killed", "total")
    assert total["best"] == 3100 and total["rests_on"]["best"] == [6]
    # a share of the same day as the whole only raises its floor, never sums with it
    figs = [
        lf(1, "killed", 150, 150, 150, source="Interior ministry", as_of="2030-05-02", doc="d1"),
        lf(2, "killed", 60, 60, 60, source="Interior ministry", as_of="2030-05-02", doc="d1", scope=CAPITAL),
    ]
    ledger = tally.build_ledger(figs)
    assert cell(ledger, "killed", "total")["best"] == 150  # not 210, not 60
    assert [(b["scope_name"], b["best"]) for b in ledger["breakdown"]] == [("the capital", 60)]


def test_tallies_by_scope_do_not_depend_on_the_order_of_the_figures() -> None:
    want = tally.build_ledger(_quake())
    for seed in range(5):
        figs = _quake()
        random.Random(seed).shuffle(figs)
        got = tally.build_ledger(figs)
        assert got["tallies"] == want["tallies"] and got["breakdown"] == want["breakdown"]


def test_sources_disagree_only_about_the_same_scope_and_time() -> None:
    figs = [
        # two authorities, one day, the capital: a discrepancy
        lf(1, "killed", 60, 60, 60, source="Interior ministry", as_of="2030-05-02", doc="d1", scope=CAPITAL),
        lf(2, "killed", 85, 85, 85, source="Health ministry", as_of="2030-05-02", doc="d2", scope=CAPITAL),
        # the national toll is no quarrel with the capital's
        lf(3, "killed", 150, 150, 150, source="Rights group", as_of="2030-05-02", doc="d3"),
        # an undated figure of another report may be last week's: not compared
        lf(4, "killed", 20, 20, 20, source="Wire", as_of=None, published="", doc="d4"),
    ]
    found = tally.build_ledger(figs)["discrepancies"]
    assert [sorted(s["figure"] for s in d["sides"]) for d in found] == [[1, 2]]
    assert found[0]["scope"] == "area:KG:the capital"


def test_a_toll_excluding_the_attackers_is_flagged_against_one_including_them_never_summed() -> None:
    # a bombing: the police give 32 dead with the three bombers, the health ministry 29 without
    without = {"name": "excluding the bombers", "level": "group", "country": None}
    figs = [
        lf(1, "killed", 32, 32, 32, source="Police", as_of="2030-05-02", doc="d1"),
        lf(2, "killed", 29, 29, 29, source="Health ministry", as_of="2030-05-02", doc="d2", scope=without),
    ]
    ledger = tally.build_ledger(figs)
    assert cell(ledger, "killed", "total")["best"] == 32  # not 61: a part that leaves a side out
    (d,) = ledger["discrepancies"]
    assert d["kind"] == "including and excluding a side" and d["scope_name"] == "excluding the bombers"
    assert sorted(s["figure"] for s in d["sides"]) == [1, 2]
    # the next day's toll is no quarrel with it
    figs[0] = lf(1, "killed", 32, 32, 32, source="Police", as_of="2030-05-06", doc="d1")
    assert not tally.build_ledger(figs)["discrepancies"]


def test_with_only_a_toll_that_leaves_a_side_out_the_total_is_at_least_that() -> None:
    without = {"name": "excluding the gunmen", "level": "group", "country": None}
    ledger = tally.build_ledger(
        [
            lf(1, "killed", 12, 12, 12, source="Police", scope=without),
            lf(2, "injured", 40, 40, 40, source="Police"),
        ]
    )
    total = cell(ledger, "killed", "total")
    assert (total["low"], total["best"], total["high"]) == (12, 12, None)
    assert total["rests_on"]["best"] == [1]


def test_a_lone_town_where_the_incident_is_is_the_whole_but_the_capital_of_a_national_unrest_a_part() -> None:
    osh = {"name": "Osh", "level": "place", "country": "KG"}
    bishkek = {"name": "Bishkek", "level": "place", "country": "KG"}
    in_osh = {"name": "Osh", "country": "KG"}
    nation = {"name": "Kyrgyzstan", "country": "KG"}
    # unrest in Osh: "11 killed in Osh" is the incident's own toll, competing with the 14
    local = [
        lf(1, "killed", 14, 14, 14, source="Health ministry", as_of="2025-03-16", doc="d1", place=in_osh),
        lf(
            2,
            "killed",
            11,
            11,
            11,
            source="Rights group",
            as_of="2025-03-16",
            doc="d2",
            place=in_osh,
            scope=osh,
        ),
    ]
    ledger = tally.build_ledger(local)
    assert ledger["breakdown"] == [] and cell(ledger, "killed", "total")["best"] == 14
    # a national unrest: the capital's 23 is a part of the nation's 150, never competing with it
    national = [
        lf(
            1, "killed", 150, 150, 150, source="Interior ministry", as_of="2030-05-02", doc="d1", place=nation
        ),
        lf(
            2,
            "killed",
            23,
            23,
            23,
            source="Rights group",
            as_of="2030-05-02",
            doc="d2",
            place=nation,
            scope=bishkek,
        ),
        lf(3, "killed", 150, 150, 150, source="Wire", as_of="2030-05-02", doc="d3", place=nation),
    ]
    ledger = tally.build_ledger(national)
    assert cell(ledger, "killed", "total")["best"] == 150
    assert [(b["scope_name"], b["best"]) for b in ledger["breakdown"]] == [("Bishkek", 23)]
    assert not ledger["discrepancies"]
