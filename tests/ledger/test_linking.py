"""Linking thresholds: a follow-up weeks later, and a crowded city, need more in common."""

from __future__ import annotations

from typing import Any

from tollwatch.ledger.linking import best_match, day_gap, rare_and_crowded
from tollwatch.ledger.settings import settings

OTHER_WORDS = ["gunfire", "store", "clerk", "robbery", "wounded", "register", "masked"]


def feats(day: str, **extra: Any) -> dict[str, Any]:
    """A report's linking features: its day, place and words (the rest as given)."""
    return {
        "when": day,
        "published": day,
        "place": "riverton",
        "killed": None,
        "injured": None,
        "names": [],
        "phrases": [],
        "words": ["gunfire", "apartment", "complex", "wounded", "hospital", "teenager", "parking"],
        **extra,
    }


def test_a_report_weeks_later_sharing_one_rare_street_name_starts_its_own_incident() -> None:
    cfg = settings("linking")
    first = feats("2025-06-01", phrases=["kessler avenue"], injured=1)
    later = feats("2025-06-20", phrases=["kessler avenue"], injured=1, words=OTHER_WORDS)
    assert day_gap(first, later) == 19 > cfg["block_days"]
    rare = {"kessler avenue"}  # carried by one earlier report
    assert best_match(later, [(7, first)], cfg, rare) is None


def test_a_follow_up_weeks_later_naming_the_victim_and_the_street_joins() -> None:
    cfg = settings("linking")
    keys = ["dana whitlock", "kessler avenue", "marlowe apartments"]
    first = feats("2025-06-01", names=["dana whitlock"], phrases=keys[1:], killed=1)
    later = feats("2025-06-20", names=["dana whitlock"], phrases=keys[1:], killed=1, words=OTHER_WORDS)
    match = best_match(later, [(7, first)], cfg, set(keys))
    assert match is not None and match[0] == 7 and match[1] >= cfg["far_link_threshold"]


def test_in_a_crowded_city_the_same_place_and_day_alone_do_not_link() -> None:
    cfg = settings("linking")
    counts = {"place:riverton": cfg["crowded_place_documents"] + 5}
    a = feats("2025-06-01", injured=1)
    b = feats("2025-06-01", injured=1, words=OTHER_WORDS)
    rare, crowded = rare_and_crowded(b, counts, cfg)
    assert crowded and not rare
    assert best_match(b, [(3, a)], cfg, rare, crowded) is None
    assert best_match(b, [(3, a)], cfg, rare, crowded=False) is not None  # a small town: one incident


def test_a_report_of_a_death_and_one_of_a_wounding_the_same_day_in_town_are_two_shootings() -> None:
    cfg = settings("linking")
    # "Man, 34, killed on Dover Street" and "Teen wounded near the skate park": same town and day
    killed = feats("2025-06-01", killed=1, words=["dover", "street", "apartment", "argument"])
    wounded = feats("2025-06-01", injured=1, words=["skate", "park", "teenager", "bicycle"])
    assert best_match(wounded, [(4, killed)], cfg) is None
    both = feats("2025-06-01", killed=1, injured=1, words=["skate", "park", "teenager", "bicycle"])
    assert best_match(both, [(4, killed)], cfg) is not None  # no conflict without the silence


def test_a_wounded_victim_who_died_still_links_by_name() -> None:
    cfg = settings("linking")
    hurt = feats("2025-06-01", injured=1, names=["dana whitlock"])  # "Dana Whitlock, 17, critically hurt"
    died = feats("2025-06-02", killed=1, names=["dana whitlock"], words=OTHER_WORDS)  # "... has died"
    match = best_match(died, [(9, hurt)], cfg)
    assert match is not None and match[0] == 9
