"""Counts as written: every kind, number words, separators, implied counts."""

from __future__ import annotations

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.figures.counts import count_from_match, read_number
from tollwatch.figures.patterns import patterns


def count_of(text: str):
    m = patterns().count.search(text)
    assert m, text
    return count_from_match(m)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("18", 18),
        ("1,000", 1000),
        ("12,500", 12500),
        ("eighteen", 18),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("two hundred", 200),
        ("one hundred and five", 105),
        ("three thousand", 3000),
        ("1.5 million", 1500000),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("no one", 0),
    ],
)
def test_read_number(text, value):
    assert read_number(text) == value


def test_unreadable_number_is_none():
    assert read_number("several") is None


@pytest.mark.parametrize(
    ("text", "kind", "low", "best", "high"),
    [
        ("18 people", "exact", 18, 18, 18),
        ("at least 18", "at_least", 18, 18, None),
        ("more than 40", "at_least", 40, 40, None),
        ("over 100", "at_least", 100, 100, None),
        ("up to 30", "at_most", None, 30, 30),
        ("as many as 15", "at_most", None, 15, 15),
        ("nearly 750", "approximate", None, 750, 750),
        ("almost 1,000", "approximate", None, 1000, 1000),
        ("about 200", "approximate", None, 200, None),
        ("some 60", "approximate", None, 60, None),
        ("around 20", "approximate", None, 20, None),
        ("between 10 and 15", "range", 10, None, 15),
        ("10-15", "range", 10, None, 15),
        ("two or three", "range", 2, None, 3),
    ],
)
def test_count_kinds(text, kind, low, best, high):
    c = count_of(text)
    assert (c.kind, c.low, c.best, c.high) == (kind, low, best, high)
    assert c.text.lower() == text.lower().removesuffix(" people")


@pytest.mark.parametrize(
    ("word", "low", "high"),
    [
        ("dozens", 24, 144),
        ("scores", 40, 199),
        ("hundreds", 200, 999),
        ("several", 3, 9),
        ("a handful", 2, 6),
        ("a large number", 10, None),
        ("many", 10, None),
        ("thousands", 2000, 9999),
        ("tens of thousands", 20000, 99999),
        ("hundreds of thousands", 200000, 999999),
    ],
)
def test_vague_words_map_to_documented_bounds(word, low, high):
    c = count_of(word)
    assert (c.kind, c.low, c.best, c.high) == ("vague", low, None, high)


@pytest.mark.parametrize(
    "text", ["15-year-old", "3 p.m.", "1:30", "2014", "50 percent", "10 shots", "4 counts"]
)
def test_things_that_are_not_counts_of_people(text):
    doc = extract_figures(Document(id="t", text=f"Police said {text} were killed in the shooting."))
    assert all(f.count.best not in (15, 3, 1, 30, 2014, 50, 10, 4) for f in doc.figures), doc.figures


@pytest.mark.parametrize(
    ("sentence", "outcome", "best"),
    [
        ("A man and a woman were shot on Main Street.", "injured", 2),
        ("Police are investigating a double homicide.", "killed", 2),
        ("It was the second quadruple shooting this month.", "injured", 4),
        ("Twins were wounded in the attack.", "injured", 2),
        ("A couple was found dead in the home.", "killed", 2),
        ("A 12-year-old and three others were shot.", "injured", 4),
        ("Two children, ages 3 and 5, and their mother were found dead.", "killed", 3),
    ],
)
def test_implied_counts(sentence, outcome, best):
    doc = extract_figures(Document(id="t", text=sentence))
    assert any(f.outcome == outcome and f.count.best == best for f in doc.figures), doc.figures
