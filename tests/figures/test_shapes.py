"""Sentence shapes the figure finder reads (``figures/finder.py``), each on a short report."""

from __future__ import annotations

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures


def read(text: str, title: str | None = None) -> list[tuple[str, int | None, str]]:
    doc = extract_figures(Document(id="t", text=text, title=title))
    return [(f.outcome, f.count.best, f.evidence.text) for f in doc.figures]


def summary(text: str, title: str | None = None) -> tuple[int, int]:
    s = extract_figures(Document(id="t", text=text, title=title)).summary
    return (s.killed.best or 0) if s.killed else 0, (s.injured.best or 0) if s.injured else 0


@pytest.mark.parametrize(
    ("text", "title", "want"),
    [
        # "one of five victims ... has died": the one died, the five are the victims
        ("One of five people shot outside a club on Sunday has died, police said.", None, (1, 4)),
        ("One of Five Victims in Drive-By Shooting Dies", None, (1, 0)),
        # "one of five people shot": the five were shot
        ("Darnell Hicks was one of five people shot at the park.", None, (0, 5)),
        # headlines: "shot, killed" is killed; an adverb after the verb is no object
        ("You must enter the characters.", "18-year-old shot, killed on Southwest Side", (1, 0)),
        ("Share this.", "Woman shot and killed due to negligent discharge of a rifle", (1, 0)),
        ("Share this.", "1-year-old suffers fatal gunshot wound to the face", (1, 0)),
        # died later, in other words
        (
            "The boy was shot in the head on Friday. He sadly passed away on Sunday.",
            "Boy shot in head",
            (1, 0),
        ),
        ("The toddler was taken to the hospital and pronounced dead.", "Toddler shot", (1, 0)),
        # "remains in critical condition" is a wounded person
        ("An 8-year-old girl died and her father remains in critical condition.", None, (1, 1)),
        # shooting at a dog is no one shot; the child hit is
        (
            "The officer shot at the dog but missed and struck the child in the leg. "
            "The girl is in stable condition.",
            "4-year-old shot by police officer",
            (0, 1),
        ),
    ],
)
def test_summary_of_shapes(text, title, want):
    assert summary(text, title) == want


def test_the_whole_group_is_the_figure_of_a_participle():
    figs = read("Darnell Hicks was one of five people shot at the park.")
    assert ("injured", 5, "one of five people shot") in figs


def test_the_part_is_the_figure_of_a_finite_verb():
    figs = read("Two of the three men were killed, police said.")
    assert [(o, n) for o, n, _ in figs] == [("killed", 2)]
