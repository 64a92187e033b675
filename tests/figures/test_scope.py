"""Scope read from the words around a count, on short reports the team wrote (an earthquake
across two countries, an unrest with a capital and its provinces, a bombing at a port)."""

from __future__ import annotations

import pytest

from tollwatch.contract import Document, Figure
from tollwatch.figures import extract_figures
from tollwatch.figures.scope import scope_of


def _scope(sentence: str, count: str) -> tuple[str, str, str | None] | None:
    at = sentence.index(count)
    s = scope_of(sentence, at, at + len(count))
    return None if s is None else (s.name, s.level, s.country)


@pytest.mark.parametrize(
    ("sentence", "count", "scope"),
    [
        # a quake across a border: each country's share, and the whole
        ("The agency said 2,410 people had died in Armenia.", "2,410", ("Armenia", "country", "AM")),
        ("The toll in Georgia rose to 388 on Friday.", "388", ("Georgia", "country", "GE")),
        ("Georgia's death toll climbed to 388.", "388", ("Georgia", "country", "GE")),
        ("The quake killed 2,798 people in Armenia and Georgia.", "2,798", None),
        ("The quake killed 2,798 people in Armenia, Georgia and Azerbaijan.", "2,798", None),
        # an unrest: the capital and the provinces
        ("Police said 60 people were killed in the capital.", "60", ("the capital", "area", None)),
        ("In Bishkek, 23 protesters were detained overnight.", "23", ("Bishkek", "place", "KG")),
        ("At least 150 people have been killed across the country.", "150", None),
        ("At least 90 were arrested in Osh and surrounding districts.", "90", None),
        # a bombing at a port: the site, and words that are no place
        ("At least 47 were killed at the port, officials said.", "47", ("the port", "area", None)),
        ("Three people died in hospital on Monday.", "Three", None),
        ("The blast killed 78 people, the minister said.", "78", None),
        # a toll that leaves the attackers out, and one that keeps them in
        (
            "Police said 29 people were killed, excluding the three bombers.",
            "29",
            ("excluding the bombers", "group", None),
        ),
        ("Police said 32 people were killed, including the three bombers.", "32", None),
    ],
)
def test_a_figure_says_what_part_of_the_crisis_it_covers(
    sentence: str, count: str, scope: tuple[str, str, str | None] | None
) -> None:
    assert _scope(sentence, count) == scope


def _read(text: str) -> list[Figure]:
    doc = Document(id="quake", title="Quake toll passes 2,800", text=text, published="2031-11-08")
    return extract_figures(doc).figures


def test_a_list_of_country_shares_gives_each_share_and_the_whole_they_add_up_to() -> None:
    figs = _read(
        "YEREVAN, Nov. 8 - Officials and rescuers said 2,410 people had died in Armenia and 388 in "
        "Georgia, bringing the confirmed total to 2,798. Rescuers kept digging through the night."
    )
    killed = {
        (f.count.best, f.scope.name if f.scope else None, f.revision) for f in figs if f.outcome == "killed"
    }
    assert (2410, "Armenia", None) in killed
    assert (388, "Georgia", None) in killed  # its share, said with the same words
    assert (2798, None, "cumulative") in killed  # the whole the shares add up to
    first = next(f for f in figs if f.count.best == 2410)
    share = next(f for f in figs if f.count.best == 388)
    assert share.source == first.source and share.as_of == first.as_of
    assert share.evidence.text.startswith("388")


def test_a_single_figure_of_the_whole_crisis_has_no_scope_and_adds_no_share() -> None:
    figs = _read(
        "The earthquake killed at least 2,798 people in Armenia and Georgia, officials said on Sunday."
    )
    in_text = [(f.count.best, f.scope) for f in figs if f.outcome == "killed" and f.evidence.field == "text"]
    assert in_text == [(2798, None)]  # (the title's "passes 2,800" is a figure of its own)
