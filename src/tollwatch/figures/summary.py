"""The report's main incident: how many were killed and injured in it.

Conventions (each is tested in ``tests/figures``):

* figures in sentences about another incident (an earlier shooting "at the same corner
  last year", a city's tally "so far this year", a related story's headline) do not count;
* the lead (title, standfirst, first sentences) states the main incident: its figures win
  over figures further down, which are often about other people or other events;
* "shot" with no death is injured; injured = shot minus those who died, when both are read;
* a shooter who dies counts as killed: "killed two before turning the gun on himself" is 3,
  "two dead in a murder-suicide" is 2 (the count already holds the shooter);
* one-person mentions count people: "a man was shot ... a woman was shot" is 2 injured,
  "the victim died" is one of them, not one more;
* when the body says nothing, the title is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from tollwatch.contract import Count
from tollwatch.figures.finder import Candidate

_SHOT = ("shot", "casualties")


@dataclass(slots=True)
class Reading:
    killed: Count | None
    injured: Count | None
    anchors: list[Candidate]


def _best(c: Candidate) -> int | None:
    k = c.count
    if k.best is not None:
        return k.best
    return k.low


def _rank(c: Candidate, lead: dict[tuple[str, int], int]) -> int:
    return lead.get((c.field, c.sent), 99)


def summarize(cands: list[Candidate], other: set[tuple[str, int]], lead: dict[tuple[str, int], int],
              suicide: bool) -> Reading:
    """Killed and injured of the main incident, from candidates not about another incident.

    ``lead`` ranks sentences by how early they come in the report (title first); ``other``
    holds the sentences about another incident.
    """
    main = [c for c in cands if (c.field, c.sent) not in other and not c.undisclosed and _best(c) is not None]
    killed_c = [c for c in main if c.outcome == "killed"]
    shot_c = [c for c in main if c.outcome in _SHOT]
    inj_c = [c for c in main if c.outcome == "injured"]

    def top(cs: list[Candidate]) -> Candidate | None:
        if not cs:
            return None
        plural = [c for c in cs if not c.person] or cs
        early = min(_rank(c, lead) for c in plural)
        zone = [c for c in plural if _rank(c, lead) <= max(early, 3)]
        return max(zone, key=lambda c: (_best(c) or 0, -_rank(c, lead)))

    k = top([c for c in killed_c if not c.person])
    s = top([c for c in shot_c if not c.person])
    i = top([c for c in inj_c if not c.person])
    killed = _best(k) if k else 0
    k_singles = _people([c for c in killed_c if c.person])
    if k_singles:
        victims, attackers = k_singles
        if k is None or victims > killed:
            killed = max(killed, victims)
            k = k or next(c for c in killed_c if c.person)
        if attackers and (k is None or k.category not in ("attackers", "suspects")):
            killed += attackers
    if suicide and (k is None or k.agentive) and not (k_singles and k_singles[1]):
        killed += 1
    shot = _best(s) if s else 0
    injured = _best(i) if i else 0
    i_singles = _people([c for c in inj_c if c.person])
    if i_singles and sum(i_singles) > injured:
        injured = sum(i_singles)
        i = i or next(c for c in inj_c if c.person)
    s_singles = _people([c for c in shot_c if c.person])
    if s_singles and sum(s_singles) > shot:
        shot = sum(s_singles)
        s = s or next(c for c in shot_c if c.person)
    injured = max(injured, shot - killed)
    anchors = [c for c in (k, s, i) if c is not None]
    return Reading(_as_count(killed, k), _as_count(injured, i or s) if (i or s) else None, anchors)


def _as_count(n: int, c: Candidate | None) -> Count | None:
    """The figure's own count when the summary is just that figure, else the number worked out."""
    if c is None:
        return Count(n, n, n, "exact", "") if n else None
    if c.count.best == n or (c.count.best is None and c.count.low == n):
        return c.count
    return Count(n, n, n, "exact", c.count.text)


def _people(cs: list[Candidate]) -> tuple[int, int] | None:
    """(victims, attackers) among one-person mentions: 'a man', 'the victim', 'he' are one person;
    'another man', 'a second victim' one more; a gunman or suspect is someone else."""
    if not cs:
        return None
    victims = [c for c in cs if c.person.startswith("victim")]
    attackers = [c for c in cs if c.person.startswith("attacker")]
    more = sum(1 for c in victims if c.person.endswith(":more"))
    return (1 + more if victims else 0), (1 if attackers else 0)
