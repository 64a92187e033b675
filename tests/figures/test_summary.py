"""The main incident's killed/injured, by the conventions written in ``figures/summary.py``."""

from __future__ import annotations

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures


def summary(text: str, title: str | None = None) -> tuple[int, int]:
    s = extract_figures(Document(id="t", text=text, title=title)).summary
    return (s.killed.best or 0) if s.killed else 0, (s.injured.best or 0) if s.injured else 0


@pytest.mark.parametrize(
    ("text", "title", "want"),
    [
        # a shooter who dies counts as killed
        ("A gunman killed two people at a warehouse before he was shot and killed by police.", None, (3, 0)),
        ("A man killed his wife and then turned the gun on himself, police said.", None, (2, 0)),
        # the count already holds the shooter
        ("Two people are dead in an apparent murder-suicide, deputies said.", None, (2, 0)),
        # shot with no death is injured; injured = shot minus those who died
        ("Four teens were shot on a basketball court Monday.", None, (0, 4)),
        ("Three people were shot, one fatally, outside a club.", None, (1, 2)),
        ("Five people were shot at a party. One of the victims later died at the hospital.", None, (1, 4)),
        ("A man was shot in the chest. The victim was pronounced dead at the hospital.", None, (1, 0)),
        # people named one by one
        ("Marcus Lee, 24, was shot in the leg. Devon Price, 19, died at the scene.", None, (1, 1)),
        ("A man was killed and a woman was wounded in the shooting.", None, (1, 1)),
        # figures about other incidents do not count
        ("A man was shot and killed on Sunday. Last year five people died at the same corner.", None, (1, 0)),
        (
            "A woman was wounded on Friday. So far this year 112 people have been shot in the city.",
            None,
            (0, 1),
        ),
        ("Two men were wounded on Elm Street.\nRELATED: Three killed in weekend shootings", None, (0, 2)),
        # only the clause about the other incident is about it
        (
            "Dwayne Porter was killed and four other people were wounded on a block that was the scene "
            "of a similar shooting a year earlier.",
            None,
            (1, 4),
        ),
        # a year, "another ... shooting": statistics and other incidents
        (
            "A grandmother was shot and killed by her daughter. Since 1999 there have been 10,569 "
            "accidental shooting deaths in the U.S.",
            None,
            (1, 0),
        ),
        (
            "A man was killed on Wednesday. The targets were in the same gang as those of another nearby "
            "shooting that left two dead.",
            None,
            (1, 0),
        ),
        # a city's tally over days is no one incident's toll
        (
            "Three people were killed and at least 22 others have been wounded in shootings across the city "
            "since Friday evening. William Lewis, 28, was shot and killed on the North Side.",
            None,
            (1, 0),
        ),
        # a charge count is not a victim count
        ("A man was shot and wounded. The suspect faces three counts of attempted murder.", None, (0, 1)),
        # an attempt is no death, and neither is the word "suicide" alone
        ("A baby was wounded in an attempted murder-suicide, police said.", None, (0, 1)),
        ("A teen accidentally shot himself in the leg. He had no suicide note.", None, (0, 1)),
        # junk body: read the title
        (
            "Sign up for our newsletter. Share this story.",
            "1 killed, 4 wounded in shooting at block party",
            (1, 4),
        ),
        ("You must enter the characters.", "Man killed, woman hurt in drive-by shooting", (1, 1)),
    ],
)
def test_conventions(text, title, want):
    assert summary(text, title) == want


def test_summary_keeps_the_figures_own_count_when_it_is_one_figure():
    s = extract_figures(Document(id="t", text="At least 18 officers were killed in the clashes.")).summary
    assert s.killed is not None and (s.killed.kind, s.killed.low, s.killed.best) == ("at_least", 18, 18)


def test_no_figure_no_summary_counts():
    s = extract_figures(Document(id="t", text="The council met on Tuesday to discuss the budget.")).summary
    assert s.killed is None and s.injured is None
