"""Counting people named one by one: who is someone already met, who is someone new.

Conventions of ``figures/summary.py`` (``_people``) and of the one-person subjects of
``figures/subjects.py``, on short reports written for these tests.
"""

from __future__ import annotations

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.figures.patterns import patterns
from tollwatch.figures.subjects import PersonKey, age_of


def summary(text: str, title: str | None = None) -> tuple[int, int]:
    s = extract_figures(Document(id="t", text=text, title=title)).summary
    return (s.killed.best or 0) if s.killed else 0, (s.injured.best or 0) if s.injured else 0


@pytest.mark.parametrize(
    ("text", "title", "want"),
    [
        # a baby is not a man: two people, even though neither mention says the sex of both
        (
            "A baby was shot while her mother held her on a sidewalk. "
            "Minutes earlier a man in his 20s was shot a block away.",
            None,
            (0, 2),
        ),
        # ages in months are ages in years: "the 20-month-old" is "a 1-year-old boy"
        (
            "A 1-year-old boy was shot and killed at his family's home on Tuesday. "
            "The 20-month-old died at the scene, the coroner said.",
            None,
            (1, 0),
        ),
        # a bare count in a headline is no age: "1 man dead" and "Leon Hart, 20, died" are one man
        (
            "Leon Hart, 20, died after he was shot in the abdomen. Three other men were wounded.",
            "1 man dead, 3 others injured after house party shooting",
            (1, 3),
        ),
        # a name in a headline is the subject of its verb
        (
            "Share this story. Sign up for our newsletter.",
            "Dwayne Porter killed, four wounded in shooting",
            (1, 4),
        ),
        # "17-year-old Elijah Reed" is one person, the woman another
        (
            "Seventeen-year-old Elijah Reed was killed and a woman was wounded on Tuesday. "
            "Reed was taken to a hospital, where he died.",
            "17-year-old Elijah Reed killed, 21-year-old woman injured in shooting",
            (1, 1),
        ),
        # the same surname is the same person, the first name spelt either way
        (
            "A 16-year-old was shot and killed at the carnival. Police said Ralph Dorsey was murdered "
            "after an argument. The family of Raphael Dorsey, 16, asked for calm.",
            None,
            (1, 0),
        ),
        # a place is no person: "a senior at Fairview High School was killed" is the student
        (
            "A Fairview student was killed in a hunting accident on Saturday. "
            "Officials said a senior at Fairview High School was killed when a rifle went off.",
            "Fairview student killed while hunting",
            (1, 0),
        ),
        # "a second victim" is always someone new
        (
            "The victim who was shot in the home invasion has died, deputies said. "
            "Deputies said a 2nd victim with injuries was taken to a hospital.",
            None,
            (1, 1),
        ),
        # the one who shot herself is the woman found dead, not one more casualty
        (
            "Officers found one woman dead from a gunshot wound and her son wounded. "
            "The coroner confirmed the woman shot herself.",
            None,
            (1, 1),
        ),
        # the agent of a passive is no victim: "shot by her 4-year-old son has died" is one death
        ("A mother who was shot in the head by her 4-year-old son has died, the agency said.", None, (1, 0)),
        # a man who shot himself and was then arrested is one injured
        (
            "A 19-year-old man was arrested after he accidentally shot himself in a parking lot.",
            "Man accidentally shoots himself in parking lot",
            (0, 1),
        ),
        # people said only to be shot may be the dead a count holds
        (
            "A man and his two children were found dead in a murder-suicide, police said. "
            "John Casulo, 48, was found with a single gunshot wound.",
            "Wallkill man, two children dead in murder-suicide",
            (3, 0),
        ),
        # ... but not someone "also shot", "a fourth victim", or someone said to be wounded
        (
            "Police said the triple homicide shocked the town. A 24-year-old woman was also shot.",
            None,
            (3, 1),
        ),
        ("Three people were killed. A fourth victim was shot in the arm.", None, (3, 1)),
        ("Two people were killed. A woman was wounded in the leg.", None, (2, 1)),
        # brothers share a surname, and are two people
        (
            "Arash Farazmand had been shot and Soroush Farazmand had been shot, police said. "
            "The gunman shot himself.",
            None,
            (0, 2),
        ),
        # a generality about "many" is not the report's count of the dead
        (
            "James Moore, 15, was shot and killed on Monday. "
            "I have seen far too many young men die like this, the pastor said.",
            None,
            (1, 0),
        ),
        # the suspect killed by police is the one person killed, not one more
        (
            "One person was killed in an officer-involved shooting on Thursday. "
            "Police said the suspect was killed after he fired at officers.",
            None,
            (1, 0),
        ),
        (
            "There was a deadly shooting at a restaurant on Tuesday night. An off-duty deputy shot and killed "
            "a robbery suspect. Two customers were hurt.",
            None,
            (1, 2),
        ),
        # ... but a gunman shot dead adds to those he killed
        ("A gunman killed two people before he was shot dead by police.", None, (3, 0)),
        # a victim by no more than a noun may be the suspect: same age, or a name said again
        (
            "Officers said the 17-year-old suspect fled into the woods and was shot and killed.",
            "Benton 17-year-old killed in officer-involved shooting",
            (1, 0),
        ),
        ("A robbery suspect was killed by a deputy. Cobb later died at a hospital.", None, (1, 0)),
        # "he" is the man who killed: shot dead by police, he adds to the four
        (
            "Four people were killed by a man on a rampage before he was shot and killed by police.",
            None,
            (5, 0),
        ),
        # ... but not the relative who drove the car
        (
            "A teen died on Saturday. Police said Yore was in a car being driven by a relative when he "
            "suffered a gunshot wound.",
            "Teen shot in the head dies",
            (1, 0),
        ),
        # "his son" may be "the boy" of the same sentence; a mother is no child
        (
            "An 11-year-old boy is recovering after his father's gun went off, striking his son.",
            None,
            (0, 1),
        ),
        ("Share this story.", "Mother injured, child killed in county shooting", (1, 1)),
    ],
)
def test_people(text, title, want):
    assert summary(text, title) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [("a 20-month-old", "1"), ("a 6-week-old", "0"), ("Seventeen-year-old", "17"), ("a 12 year old", "12")],
)
def test_age_of(text, want):
    assert age_of(patterns(), text) == want


def test_age_of_reads_no_bare_count():
    assert age_of(patterns(), "1 man") == ""


def test_person_key_round_trips():
    k = PersonKey("attacker", "male", "34", True, "gunman", "lee vance", reflexive=True)
    assert PersonKey.parse(str(k)) == k
    assert PersonKey.parse("") == PersonKey()
