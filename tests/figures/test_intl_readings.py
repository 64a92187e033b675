"""International event text: people named with the article, group names before the noun, the
digit one, and attackers set apart from a toll ("besides the gunman, nine were killed").

Short reports written for these tests (conflict, unrest, terrorism)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.figures.lexicon import LexiconError
from tollwatch.figures.patterns import patterns
from tollwatch.figures.people import _build, _check_apart, person_phrases, set_apart


def summary(text: str) -> tuple[int, int]:
    s = extract_figures(Document(id="t", text=text)).summary
    return (s.killed.best or 0) if s.killed else 0, (s.injured.best or 0) if s.injured else 0


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Armed men raided a village official's house. The official was killed and two relatives were hurt.",
            (1, 2),
        ),
        ("Gunmen fired on a bus near Kotido, killing the conductor and wounding three passengers.", (1, 3)),
        ("Soldiers returned fire and killed the six assailants at the checkpoint.", (6, 0)),
        ("An air strike killed the four fighters who had planted the mines.", (4, 0)),
        ("The deputy director of the customs office was shot and killed outside a mosque.", (1, 0)),
    ],
)
def test_people_told_with_the_article(text: str, want: tuple[int, int]) -> None:
    assert summary(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "The rustlers killed 40 cattle and burned three huts before dawn.",
        "The bill was killed in a committee of the parliament.",
        "The mayor killed the motion in the council on Monday.",
    ],
)
def test_the_article_reads_no_one_who_was_not_hurt(text: str) -> None:
    assert summary(text) == (0, 0)


def test_the_wounding_of_others_is_no_person() -> None:
    text = "Police are investigating the fatal shooting of a woman and the wounding of three men."
    assert summary(text)[0] == 1
    assert summary("Nine children under the age of 16 have been murdered in the city this year.") == (0, 0)


def test_a_death_met_first_is_counted_but_one_struck_may_be_told_of_before() -> None:
    # "striking the boy next door": someone the report may have told of (read only alone)
    text = "A woman was shot in the arm on Main Street. The gunman fired again, striking the boy next door."
    assert summary(text) == (0, 1)
    # "killing the conductor": no conductor was told of before, so a death of its own
    assert summary("Gunmen fired on a bus, killing the conductor, while two passengers were hurt.") == (1, 2)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("At least 15 TTP/LI militants were killed when jets struck the valley.", (15, 0)),
        ("4 TTP and LI militants killed and 3 injured in air strikes.", (4, 3)),
        ("On 2 May, 56 BH/IS fighters were killed in artillery strikes.", (56, 0)),
        ("1 police officer was shot and killed and 2 were wounded.", (1, 2)),
        ("Kachin rebels and troops clashed. 1 soldier was killed and 8 wounded.", (1, 8)),
    ],
)
def test_group_names_and_the_digit_one(text: str, want: tuple[int, int]) -> None:
    assert summary(text) == want


def test_lowercase_words_after_and_are_no_group_name() -> None:
    # "soldiers and civilians": two groups, the count is the soldiers'
    fig = extract_figures(Document(id="t", text="Two soldiers and civilians were wounded in Goma.")).figures
    assert [(f.outcome, f.count.best) for f in fig] == [("injured", 2)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A gunman opened fire in a hotel. Besides the gunman, at least 9 people were killed.", (10, 0)),
        ("In addition to the two assailants, four soldiers died in the clash.", (6, 0)),
        (
            "Three suicide bombers attacked the airport. In addition to the three bombers, one civilian "
            "was killed and 11 people were injured.",
            (4, 11),
        ),
        (
            "A suicide bomber detonated a vest at a mosque. The bomber was killed and three were injured.",
            (1, 3),
        ),
        (
            "Bombers attacked a base. One suicide bomber was killed by a missile before he could detonate.",
            (1, 0),
        ),
    ],
)
def test_attackers_set_apart_from_a_toll_are_counted_once(text: str, want: tuple[int, int]) -> None:
    assert summary(text) == want


def test_besides_without_a_death_adds_no_one() -> None:
    assert summary("Besides the gunmen, police arrested a driver; no one was hurt.") == (0, 0)


def test_set_apart_reads_its_words() -> None:
    s = "In addition to the three bombers, one civilian was killed."
    assert set_apart(patterns(), s, s.index("three"))
    assert not set_apart(patterns(), s, s.index("one civilian"))


def test_apart_examples_are_checked_on_load() -> None:
    with resources.files("tollwatch.data.lexicons").joinpath("en/people.json").open(encoding="utf-8") as f:
        data = json.load(f)
    data["apart_must"] = [["Three bombers and one civilian were killed.", "Three bombers"]]
    with pytest.raises(LexiconError, match="apart_must"):
        _check_apart(_build(patterns(), data), data)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Guiamad, a provincial engineer, and two others were killed in the attack.", (3, 0)),
        ("Awae Lunae, the village head, and his wife were killed in the attack.", (2, 0)),
        ("Roshan and his driver were killed and one person was injured in the attack.", (2, 1)),
        ("Buzubona, a Burundian Army colonel, and one other person were killed.", (2, 0)),
    ],
)
def test_a_name_joined_to_the_subject_is_one_more(text: str, want: tuple[int, int]) -> None:
    assert summary(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "Police and two civilians were killed when a grenade hit the checkpoint.",
        "Soldiers and two civilians were killed when the convoy hit a mine.",
        "Mendoza and his brother arrived at dawn. Two farm workers were killed in the attack.",
    ],
)
def test_a_group_or_a_name_of_another_sentence_adds_no_one(text: str) -> None:
    assert summary(text)[0] == 2


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("On 4 May, 15 militants including a commander were killed and 5 were wounded.", (15, 5)),
        ("2 militants, including a local commander were killed in air strikes.", (2, 0)),
        ("At least four people, including two tourists, a guide, and a guard, were killed.", (4, 0)),
        ("3 labourers were kidnapped and shot dead by suspected separatists.", (3, 0)),
        ("A supporter of the party was attacked and killed by an unidentified group.", (1, 0)),
        ("Two gunmen attacked and killed a village chief before fleeing.", (1, 0)),
        ("Two men were arrested and charged over the attack on the market.", (0, 0)),
    ],
)
def test_a_part_including_and_a_participle_before_the_outcome(text: str, want: tuple[int, int]) -> None:
    assert summary(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The body of a man was found by a road with his hands tied.", (1, 0)),
        ("The bodies of two fishermen were recovered from the lake.", (2, 0)),
        ("Five corpses of suspected militants were discovered the following day.", (5, 0)),
        ("The bullet-riddled body of an officer was found near a village.", (1, 0)),
        ("The body of the car was riddled with bullets, but the driver escaped.", (0, 0)),
    ],
)
def test_bodies_found_are_deaths(text: str, want: tuple[int, int]) -> None:
    assert summary(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A local party leader, also a former council member, was killed in a bomb attack.", (1, 0)),
        ("A rebel leader, Abdelhadi Zargoon, was killed in an airstrike on his house.", (1, 0)),
        ("A shopkeeper, brother of the local imam, was shot dead outside his shop.", (1, 0)),
    ],
)
def test_an_aside_that_renames_the_phrase_keeps_its_subject(text: str, want: tuple[int, int]) -> None:
    assert summary(text) == want


def test_an_aside_that_is_no_renaming_hides_the_subject() -> None:
    # "a black hoodie" is the object of "near", and its aside no renaming of it
    assert not person_phrases(patterns(), "He sat near a black hoodie, was shot and killed.")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Rossi and his bodyguard, Jean-Claude Fratacci, were shot dead and a bartender was injured.",
            (2, 1),
        ),
        ("Gunmen shot a trader in the market. His bodyguard was killed.", (1, 0)),
        ("Militants attacked the house and killed his bodyguard.", (1, 0)),
        ("His car was hit by gunfire near the checkpoint.", (0, 0)),
    ],
)
def test_people_known_by_whose_they_are(text: str, want: tuple[int, int]) -> None:
    assert summary(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "Police bullets nearly killed his father-in-law on the porch.",
        "A militant attempted to kill a village chief in his compound.",
    ],
)
def test_a_toll_verb_that_did_not_happen_counts_no_one(text: str) -> None:
    assert summary(text) == (0, 0)
