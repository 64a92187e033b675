"""People in general (``figures/people.py``): any noun phrase an outcome or a toll verb tells
of counts people, whatever its noun; things, animals and places do not.

Short international reports written for these tests."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.figures.lexicon import LexiconError
from tollwatch.figures.patterns import patterns
from tollwatch.figures.people import _build, _check, person_phrases


def summary(text: str) -> tuple[int, int]:
    s = extract_figures(Document(id="t", text=text)).summary
    return (s.killed.best or 0) if s.killed else 0, (s.injured.best or 0) if s.injured else 0


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A shopkeeper was killed in Quetta on Monday night.", (1, 0)),
        ("A district councillor was shot dead by unknown gunmen in Peshawar.", (1, 0)),
        ("Three members of the village militia were killed in the ambush.", (3, 0)),
        ("40 participants in the riots were killed, the ministry said.", (40, 0)),
        ("Troops said 31 armed bandits had been neutralised in the forest.", (31, 0)),
        ("Gunmen shot dead a farmer near the market in Zamfara.", (1, 0)),
        ("A young man was hacked to death by assailants in Kasese.", (1, 0)),
        ("Rebels assassinated a village chief and a teacher on Sunday.", (2, 0)),
        ("A cattle trader was killed and another injured when border guards opened fire.", (1, 1)),
        ("A blast near the stadium killed one sub inspector who was on duty.", (1, 0)),
    ],
)
def test_any_noun_of_people_is_counted(text: str, want: tuple[int, int]) -> None:
    assert summary(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "Two cows were killed when a shell landed in the field near Donetsk.",
        "The rustlers killed 40 cattle and drove off the rest.",
        "A car was hit by gunfire near the checkpoint, but no one was in it.",
        "She was taken to a hospital in critical condition after the crash of a bus.",
        "A mobile home where three goats were killed burned down.",
        "Officers executed a search warrant at the compound on Friday.",
    ],
)
def test_things_animals_and_places_are_no_people(text: str) -> None:
    assert summary(text)[0] == 0
    assert not [x for x in person_phrases(patterns(), text) if x.head.lower() in ("cows", "cattle", "car")]


def test_a_phrase_carries_its_words_and_count() -> None:
    (x,) = person_phrases(patterns(), "At least 12 suspected militants were killed in the raid.")
    assert (x.count.kind, x.count.low, x.fill.strip(), x.head) == ("at_least", 12, "suspected", "militants")


def test_examples_are_checked_on_load() -> None:
    p = patterns()
    with resources.files("tollwatch.data.lexicons").joinpath("en/people.json").open(encoding="utf-8") as f:
        data = json.load(f)
    data["not_people"] = [*data["not_people"], "shopkeeper"]
    with pytest.raises(LexiconError, match="shopkeeper"):
        _check(p, _build(p, data), data)


def test_a_floor_and_a_number_sum_to_a_floor_never_an_exact_count() -> None:
    doc = extract_figures(
        Document(id="t", text="At least 12 militants and four police officers were killed in the raid.")
    )
    (fig,) = [f for f in doc.figures if f.outcome == "killed"]
    assert (fig.count.kind, fig.count.low, fig.count.best) == ("at_least", 16, 16)
    vague = extract_figures(Document(id="t", text="Five soldiers and dozens of civilians were killed."))
    assert all(f.count.kind != "exact" or f.count.best != 29 for f in vague.figures)


def test_both_attackers_are_two_and_count_on_top_of_their_victims() -> None:
    text = "Gunmen stormed a hotel in Bamako, killing nine guests. Both attackers were shot dead by troops."
    assert summary(text) == (11, 0)


def test_a_headline_time_word_is_no_object() -> None:
    doc = extract_figures(
        Document(
            id="t",
            text="Shelling hit a convoy east of the city.",
            title="Three soldiers killed today near Kherson",
        )
    )
    assert doc.summary.killed is not None and doc.summary.killed.best == 3
