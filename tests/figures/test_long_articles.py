"""What long crisis articles need: running totals, parts and lists, shares by place, people
without a home or under the rubble, and who says so when a figure is relayed or quoted.

Each report here is short and written for the test; each asserts what an analyst reads.
"""

from __future__ import annotations

import pytest

import tollwatch
from tollwatch.figures.attribution import rules
from tollwatch.figures.lexicon import LexiconError
from tollwatch.figures.lists import lists
from tollwatch.figures.patterns import patterns
from tollwatch.figures.shares import share_pattern
from tollwatch.figures.shelter import shelter
from tollwatch.figures.tolls import _check, running_totals, tolls


def figures(text: str, **meta: str) -> list[tuple[str, int | None, int | None, str, str | None, str | None]]:
    doc = tollwatch.extract_text(text, **meta)
    assert not doc.problems, doc.problems
    return [
        (
            f.outcome,
            f.count.low,
            f.count.best,
            f.count.kind,
            f.source.name if f.source else None,
            f.revision,
        )
        for f in doc.figures
    ]


def counts(text: str) -> set[tuple[str, int | None]]:
    return {(o, best) for o, _low, best, _k, _s, _r in figures(text)}


# -- running totals


def test_a_toll_stated_many_words_after_its_subject():
    text = (
        "The death toll from the earthquake that flattened hundreds of buildings across the "
        "mountain province on Monday has risen to 1,240, the disaster agency said."
    )
    assert ("killed", 1240, 1240, "exact", "disaster agency", None) in figures(text)


def test_crossing_a_number_is_a_floor_and_nearing_one_is_approximate():
    assert ("killed", 5000, 5000, "at_least", None, None) in figures("The toll crossed 5,000 on Tuesday.")
    got = figures("The health minister said the death toll neared 80.")
    assert [(o, low, best, k) for o, low, best, k, _s, _r in got] == [("killed", None, 80, "approximate")]


def test_a_revision_from_one_count_to_another_reads_both_the_first_superseded():
    got = figures("Authorities revised the death toll of the bombings from 320 to 247 on Thursday.")
    assert ("killed", 320, 320, "exact", "Authorities", "superseded") in got
    assert ("killed", 247, 247, "exact", "Authorities", None) in got
    doc = tollwatch.extract_text(
        "Authorities revised the death toll of the bombings from 320 to 247 on Thursday."
    )
    assert doc.summary is not None and doc.summary.killed is not None and doc.summary.killed.best == 247


def test_an_anaphoric_subject_takes_the_outcome_told_before_it():
    text = "Police had earlier put the toll at 359. A day later the ministry revised the figure to 253."
    assert ("killed", 253) in counts(text)
    assert ("killed", 253) not in counts("A day later the ministry revised the figure to 253.")


def test_a_forecast_a_difference_or_the_size_of_a_rise_is_no_toll():
    assert counts("The death toll is expected to rise above 10,000, the UN said.") == set()
    assert ("killed", 3000) not in counts("The toll surged by more than 3,000 and is now at 12,391.")
    assert ("killed", 12391) in counts("The toll surged by more than 3,000 and is now at 12,391.")
    assert ("killed", 40) not in counts("The death toll is around 40 fewer than the 180 first reported.")


def test_the_component_checks_its_examples():
    p = patterns()
    t = tolls(p)
    with pytest.raises(LexiconError, match="must read"):
        _check(p, t, {"must": [["The toll rose to nine.", "injured", "nine"]], "must_not": []})
    with pytest.raises(LexiconError, match="must not read"):
        _check(p, t, {"must": [], "must_not": [["The toll rose to nine.", "nine"]]})
    assert [
        x.count.text for x in running_totals(p, "The toll rose to nine.", "The toll rose to nine.", 0)
    ] == ["nine"]


# -- parts, lists and shares


def test_people_among_the_dead_and_a_list_of_them():
    text = (
        "The toll from the port blast rose to 96 on Friday, the health ministry said. Among the "
        "victims are at least 11 Syrians, four Filipinos, an Australian and two Egyptians."
    )
    got = counts(text)
    assert {("killed", 96), ("killed", 11), ("killed", 4), ("killed", 1), ("killed", 2)} <= got
    assert ("killed", 7) in counts(
        "At least 23 people have been killed. At least seven students were among those killed."
    )


def test_people_among_a_toll_told_in_one_sentence_are_of_its_outcome():
    """people.json member_of: "13 refugees were among the 178 killed" counts 13 killed (refugees say
    who, not displaced) and keeps the toll of 178; a summary takes the toll, not their sum."""
    text = "At least 13 refugees were among the 178 people killed in the strikes, the agency said."
    assert counts(text) == {("killed", 13), ("killed", 178)}
    doc = tollwatch.extract_text(text)
    assert doc.summary.killed is not None and doc.summary.killed.best == 178
    # must not: refugees who fled are displaced, refugees killed are killed
    assert counts("About 4,000 refugees fled across the border, the agency said.") == {("displaced", 4000)}
    assert counts("At least 13 refugees were killed in the strike on the camp.") == {("killed", 13)}


def test_a_list_after_a_dash_takes_the_outcome_of_its_figure():
    got = counts(
        "The army said six people were still missing - two Lebanese, three Syrians and one Egyptian."
    )
    assert got == {("missing", 6), ("missing", 2), ("missing", 3), ("missing", 1)}


def test_a_list_of_things_is_no_list_of_people():
    assert counts("Among them were 3 Fire Brigade trucks, the chief said.") == set()


def test_shares_by_place_told_by_ellipsis():
    got = counts(
        "Officials said 312 people were killed in the northern state and 96 in the coastal districts."
    )
    assert got == {("killed", 312), ("killed", 96)}
    assert ("killed", 2020) not in counts("Five people were killed in 2019 and 2020 in the city.")
    assert ("killed", 3) not in counts(
        "Officials said 40 people were killed in the town on Friday and 3 in the morning."
    )


def test_a_share_is_not_summed_on_top_of_the_whole():
    doc = tollwatch.extract_text(
        "Officials said 312 people were killed in the northern state and 96 in the coastal districts. "
        "The toll across the country stands at 408."
    )
    assert doc.summary is not None and doc.summary.killed is not None and doc.summary.killed.best == 408


# -- displaced and trapped


def test_people_without_a_home_and_under_the_rubble():
    got = figures("The UN said up to 2 million people may be homeless after the cyclone.")
    assert [(o, best, k) for o, _l, best, k, _s, _r in got] == [("displaced", 2000000, "at_most")]
    assert ("missing", None) in counts(
        "Rescuers said hundreds of families still remain trapped under the rubble."
    )
    assert counts("Nearly 300,000 people are in urgent need of drinking water.") == set()
    assert counts("More than 6,000 buildings are now without shelter from the wind.") == set()


# -- who says so


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The death toll has risen to 58, the state television channel said, citing the interior ministry.",
            "interior ministry",
        ),
        (
            '"The number of dead has reached 34," the provincial governor said, as quoted by the national news agency.',
            "governor",
        ),
        (
            "More than 790 victims have been confirmed dead, a broadcaster quoted the White Helmets as saying.",
            "White Helmets",
        ),
        ("The toll is at least 2,992, according to the White Helmets.", "White Helmets"),
    ],
)
def test_a_relayed_figure_is_its_origins(text: str, speaker: str):
    got = figures(text)
    assert got and all(s is not None and speaker in s for *_x, s, _r in got), got


def test_a_quote_over_two_sentences_is_said_by_who_closes_it():
    text = (
        'The director gave the first figures. "Until now more than 60 people have been injured. Our '
        'teams are still searching the school," the Red Crescent said in a statement.'
    )
    assert [s for *_x, s, _r in figures(text)] == ["Red Crescent"]


def test_a_sentence_going_on_with_the_report_before_takes_its_speaker():
    text = "Reuters reported that the death toll in the north is 8,754. This, combined with 2,470 in the south, makes the total 11,224."
    assert all(s == "Reuters" for *_x, s, _r in figures(text))


def test_the_components_build_and_check_their_examples():
    p = patterns()
    assert lists(p) is lists(p)
    assert share_pattern(p) is share_pattern(p)
    assert shelter(p) is shelter(p)
    assert rules(p) is rules(p)
