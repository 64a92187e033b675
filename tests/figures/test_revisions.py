"""Revisions and breakdowns read from the words around a count, on short reports the team wrote
(an unfolding unrest, an earthquake, a bombing with revised tolls)."""

from __future__ import annotations

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.figures.revisions import revision_of


def _kind(sentence: str, count: str) -> str | None:
    at = sentence.index(count)
    return revision_of(sentence, at, at + len(count))


@pytest.mark.parametrize(
    ("sentence", "count", "kind"),
    [
        # a bombing whose toll is revised down, then a figure withdrawn
        (
            "Officials revised the death toll from the twin bombings from 61 to 48 on Monday.",
            "61",
            "superseded",
        ),
        ("Officials revised the death toll from the twin bombings from 61 to 48 on Monday.", "48", None),
        ("The toll is about 48, not 61, a health official said.", "61", "retracted"),
        ("The figure of 61 given by the police was an error, the ministry said.", "61", "retracted"),
        # an earthquake: the toll climbs, bodies found overnight are an increment
        ("The quake toll rose to 1,240, up from 830 on Tuesday.", "830", "superseded"),
        ("Rescuers recovered another 95 bodies overnight.", "95", "increment"),
        ("A total of 1,240 people have died so far, the agency said.", "1,240", "cumulative"),
        # an unfolding unrest: arrests, and breakdowns of the dead
        ("Police said 412 more protesters were arrested overnight.", "412", "increment"),
        ("The police gave 29 dead, including 3 officers.", "3", "part"),
        ("The police gave 29 dead, including 3 officers.", "29", None),
        ("Of them 11 died in the capital.", "11", "part"),
        ("18 of the 29 died in hospital.", "18", "part"),
        ("18 of the 29 died in hospital.", "29", None),
        ("More than 412 people were arrested.", "412", None),
    ],
)
def test_each_kind_of_revision_is_read_and_nothing_else(sentence: str, count: str, kind: str | None) -> None:
    assert _kind(sentence, count) == kind


def test_the_figure_finder_marks_the_earlier_toll_and_the_increments() -> None:
    doc = Document(
        id="bombing",
        title="Bombing toll revised down",
        text="The twin bombings killed 48 people, officials said, revising the toll down from 61 killed. "
        "Police said 412 more protesters were arrested overnight.",
        published="2031-03-09",
    )
    read = {(f.outcome, f.count.best): f.revision for f in extract_figures(doc).figures}
    assert read[("killed", 61)] == "superseded"
    assert read[("killed", 48)] is None
    assert read[("detained", 412)] == "increment"
