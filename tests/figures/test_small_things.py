"""Small things analysts notice: ages are no counts, dated sidebars are other incidents, a vague
floor is never summed into an exact number."""

from __future__ import annotations

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.figures.sidebars import dated_line, without_sidebars


def read(text: str, published: str = "2020-05-05") -> Document:
    return extract_figures(Document(id="t", text=text, published=published))


def killed(doc: Document) -> int | None:
    return doc.summary.killed.best if doc.summary.killed else 0


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A woman, 64, was found dead in her home on Monday, police said.", 1),
        ("Two men, 24 and 31, were killed in the attack on the convoy, police said.", 2),
        ("Nadia Haddad, 64, were found dead in their flat after the quake.", 1),
        ("Two women, aged 40 and 45, were killed when the shell struck the market.", 2),
    ],
)
def test_an_age_is_not_a_count(text, want):
    assert killed(read(text)) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # must read: a comma-grouped count after a leading phrase is no ", 1," age aside
        ("In Idlib, 1,678 people were killed in the air strikes, monitors said.", 1678),
        ("On Tuesday, 2,500 civilians were killed in the fighting, the agency said.", 2500),
        ("In Maiduguri, 1,200 residents died in the floods, officials said.", 1200),
        # must not read: an age between commas stays an age
        ("Amina Bello, 19, was killed in the raid on the market, police said.", 1),
        ("A farmer, 52, died in the landslide near Bukavu, the mayor said.", 1),
        ("Her brother, 19, and a neighbour, 52, were killed when the shell hit, she said.", 2),
    ],
)
def test_a_thousands_comma_closes_no_age_aside(text, want):
    """subjects._NAME_SUBJ/_AGE_AFTER/_COMMA_NEXT and finder._ASIDE: the comma that closes an
    age aside is not the thousands separator of "1,678"; people.py: an age aside after a person
    phrase keeps it the subject ("A farmer, 52, died")."""
    assert killed(read(text)) == want


@pytest.mark.parametrize(
    "text",
    [
        "Children under the age of 12 were killed when the school was shelled, the ministry said.",
        "Residents aged 18 and 19 were killed in the raid, the mayor said.",
    ],
)
def test_a_number_after_an_age_word_is_no_count(text):
    """groups.json age_heads.before: the number after "age of"/"aged" is an age."""
    doc = read(text)
    assert all(f.count.best not in (12, 18, 19) for f in doc.figures), doc.figures


def test_a_count_near_an_age_word_is_still_read():
    doc = read("Aged 70, the imam was one of 16 people killed in the blast, officials said.")
    assert killed(doc) == 16


def test_a_dated_sidebar_of_old_attacks_is_another_incident():
    doc = read(
        "At least 12 people were killed in a bombing at a market in Kabul on Tuesday, police said.\n\n"
        "Previous attacks:\n"
        "August 2017: Eight people killed in a bombing at a mosque.\n"
        "- 2019: 14 people killed in a bombing at a wedding hall"
    )
    assert killed(doc) == 12 and doc.summary.killed.kind == "at_least"
    assert [f.count.best for f in doc.figures if f.outcome == "killed"] == [12]


def test_a_suicide_attack_told_in_a_sidebar_adds_no_attacker_to_the_report():
    text = (
        "Three soldiers were killed near Kherson on Monday, the ministry said.\n\n"
        "Previous attacks:\n- 2019: 14 people killed in a bombing\n"
        "- 2017: 23 killed in a suicide attack on a school"
    )
    assert killed(read(text)) == 3
    # the same attack told of today is the report's own: the bomber died too
    assert killed(read("A suicide bomber killed 23 people at a school on Monday, police said.")) == 24
    assert without_sidebars(text, 2020).endswith(" " * 10) and len(without_sidebars(text, 2020)) == len(text)


def test_a_line_dated_in_the_reports_own_year_is_no_sidebar():
    doc = read("May 3, 2020 - Five people were killed in a landslide in the hills, officials said.")
    assert killed(doc) == 5


@pytest.mark.parametrize(
    ("text", "year", "want"),
    [
        ("August 1982: Eight people killed.", 2014, True),
        ("Text before. August 1982: Eight people killed.", 2014, False),  # not at a line's start
        ("August 1982: Eight people killed.", None, False),  # no year to compare with
        ("August 2014: Eight people killed.", 2014, False),
    ],
)
def test_dated_line(text, year, want):
    a = text.index("August")
    assert (dated_line(text, a, len(text), year) is not None) == want


def test_a_vague_floor_is_never_summed_into_an_exact_number():
    doc = read(
        "At least 18 people were killed on Friday. Dozens more were killed on Saturday, officials said."
    )
    assert doc.summary.killed.kind != "exact"
    assert doc.summary.killed.best != 42


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The militants attacked the village, killing all five members of the group.", 5),
        ("Gunmen killed all three guards at the checkpoint before dawn, police said.", 3),
        ("Raiders killed all 40 cattle in the village, the elder said.", 0),
    ],
)
def test_all_before_a_counted_object_of_a_toll_verb(text, want):
    """people.py object_many: "killing all five members" counts the five; cattle are no people."""
    assert killed(read(text)) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The death toll now stands at 40 after the floods, officials said.", 40),
        ("Officials put the death toll at 40 on Monday.", 40),
        ("The death toll of 40 was confirmed by the governor on Monday.", 40),
        ("The death toll in the province rose to 40 on Monday, officials said.", 40),
        ("The toll had been put at 40 on Tuesday, officials said.", 40),
        # must not: a bare "of" past a phrase of the toll's own is no toll verb
        ("The death toll from the series of eight blasts is not yet known, police said.", 0),
    ],
)
def test_a_toll_verb_or_a_preposition_close_to_the_toll(text, want):
    """patterns.py toll: "of" reads a toll only close to its noun, "at"/"to" a few words on."""
    assert killed(read(text)) == want
