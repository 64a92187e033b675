"""Attackers who die in their own attack (``figures/perpetrators.py``): GTD counts them among
the killed; a suicide attack's toll of victims most often leaves them out. Short
international reports written for these tests."""

from __future__ import annotations

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.figures.perpetrators import dead_suicide_attackers


def killed(text: str) -> int:
    s = extract_figures(Document(id="t", text=text)).summary
    return (s.killed.best or 0) if s.killed else 0


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A suicide bomber blew himself up at a wedding hall in Kabul, killing 21 people.", 22),
        ("Seven people, not including the suicide bomber, were killed at the bus station.", 8),
        ("A suicide bomber killed himself and 7 others outside the police headquarters.", 8),
        ("Two suicide bombers attacked the market, killing 30 people.", 32),
        ("A suicide car bomb hit the convoy, killing four soldiers, including the bomber.", 4),
        ("Police arrested a would-be suicide bomber before he could reach the checkpoint.", 0),
        ("Gunmen opened fire on a bus near Kandahar, killing 12 passengers.", 12),
    ],
)
def test_a_suicide_attacker_is_among_the_dead(text: str, want: int) -> None:
    assert killed(text) == want


def test_how_many_attackers_died() -> None:
    assert dead_suicide_attackers("Three suicide attackers stormed the hotel in Mogadishu.") == 3
    assert dead_suicide_attackers("The attackers blew themselves up when troops arrived.") == 2
    assert dead_suicide_attackers("The plot was foiled and the suicide vest was defused.") == 0
