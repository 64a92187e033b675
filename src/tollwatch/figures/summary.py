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
* when the body says nothing, the title is read;
* when the lead tells of deaths one person at a time, a count of dead met only well past it
  ("at least eight people were killed" on the block) is a tally of other deaths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from tollwatch.contract import Count
from tollwatch.figures.finder import Candidate
from tollwatch.figures.lexicon import load_lexicons
from tollwatch.figures.patterns import Patterns, patterns
from tollwatch.figures.subjects import PersonKey, is_reflexive

_SHOT = ("shot", "casualties")
_NAMED_GROUP = re.compile(r"[A-Z][a-z'’]+")  # a count of people by their names


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


def summarize(
    cands: list[Candidate],
    other: set[tuple[str, int]],
    lead: dict[tuple[str, int], int],
    suicide: bool,
    title: str = "",
    bombers: int = 0,
    p: Patterns | None = None,
    lexicon_dirs: tuple[str, ...] = (),
) -> Reading:
    """Killed and injured of the main incident, from candidates not about another incident.

    ``lead`` ranks sentences by how early they come in the report (title first); ``other``
    holds the sentences about another incident (a candidate's own ``other`` flag says whether it
    is told in the part of such a sentence about the other incident). ``p`` and ``lexicon_dirs``
    are the patterns and lexicon overrides read with (default: the packaged ones).
    """
    p = p or patterns(lexicon_dirs)
    settings = load_lexicons(lexicon_dirs)["summary"]
    lead_zone = settings["lead_zone"]
    main = [c for c in cands if not c.other and not c.undisclosed and _best(c) is not None]
    lone = [c for c in main if c.lone]
    main = [c for c in main if not c.lone]
    main += _same_incident_past(cands, main, title, p)
    if not any(c.outcome in ("killed", "injured", *_SHOT) for c in main):
        main += lone  # "striking the child" is someone the report told of, if it tells of anyone
    killed_c = [c for c in main if c.outcome == "killed"]
    titled = [c for c in main if c.field == "title"]
    if any(
        c.outcome in ("injured", *_SHOT) and not c.person and (_best(c) or 0) >= 2 for c in titled
    ) and not any(c.outcome == "killed" for c in titled):
        # "Four injured in funeral shooting ... (further down) Porraz was killed": a headline that counts
        # the wounded and no dead; a death told only well past the lead is someone else's
        main = [c for c in main if c.outcome != "killed" or _rank(c, lead) <= settings["lead_zone"] + 1]
        killed_c = [c for c in main if c.outcome == "killed"]
    shot_c = _with_others([c for c in main if c.outcome in _SHOT], main)
    inj_c = _with_others([c for c in main if c.outcome == "injured"], main)

    def top(cs: list[Candidate]) -> Candidate | None:
        if not cs:
            return None
        plural = [c for c in cs if not c.person] or cs
        early = min(_rank(c, lead) for c in plural)
        zone = [c for c in plural if _rank(c, lead) <= max(early, lead_zone)]
        chosen = max(zone, key=lambda c: (_best(c) or 0, -_rank(c, lead)))
        if chosen.count.kind == "vague" and early <= lead_zone:
            # "Multiple officers killed ... shot and killed three police officers": the number says how many
            told = [
                c
                for c in plural
                if c.count.kind != "vague"
                and (c.count.best or 0) >= (_best(chosen) or 1)
                and _rank(c, lead) <= lead_zone + 2
            ]
            if told:
                return min(told, key=lambda c: _rank(c, lead))
        return chosen

    k = top([c for c in killed_c if not c.person])
    if k is not None and k.floor:
        # "murder-suicide" says two at least; "five found dead" later in the report says how many
        # ("four other family members were killed" only says how many more: a whole count first)
        more = [c for c in killed_c if not c.person and not c.floor and (_best(c) or 0) > (_best(k) or 0)]
        if more:
            k = min(more, key=lambda c: (c.others, _rank(c, lead)))
    named = [_rank(c, lead) for c in killed_c if c.person and not c.anaphoric]
    if k is not None and k.count.kind == "vague" and named and min(named) < _rank(k, lead):
        k = None  # "James Means, 15, was shot and killed ... far too many boys die": a generality
    elif (
        k is not None
        and named
        and min(named) <= lead_zone
        and _rank(k, lead) > lead_zone + 1
        and not _NAMED_GROUP.search(k.group)
    ):
        # "An 11-year-old boy died ... (further down) at least eight people were killed": the lead tells
        # of deaths one by one; a count met only well past it is a tally of other deaths (not so
        # "Sproaps and Partlow were pronounced dead": the people of the lead, counted by name)
        k = None
    # "two of the victims are in critical condition" is part of a count told elsewhere; with no
    # such count, it is what the report gives
    s = top([c for c in shot_c if not c.person and not c.partitive]) or top(
        [c for c in shot_c if not c.person and not inj_c]
    )
    i = top([c for c in inj_c if not c.person and not c.partitive]) or top(
        [c for c in inj_c if not c.person and not shot_c]
    )
    lim = settings["people_zone"]
    # "a 3-year-old was shot ... [far down] 22 hurt": a count of the wounded told only far down, in a
    # report whose lead tells of single people wounded, is a tally of something else
    far = settings["tally_zone"]
    if any(c.person and c.outcome in ("injured", *_SHOT) and _rank(c, lead) <= lead_zone for c in main):
        s = s if s is None or _rank(s, lead) <= far else None
        i = i if i is None or _rank(i, lead) <= far else None
    killed = _best(k) if k else 0
    # "killed his wife, then shot himself": the shooter is counted by the suicide rule, if at all;
    # "a boy accidentally shot himself" alone is one injured
    others = [c for c in main if not is_reflexive(c.person) and c.outcome in ("killed", "injured", *_SHOT)]
    reflexive_alone = len(others) == 0
    people = _people(
        [
            c
            for c in main
            if c.person
            and c.outcome in ("killed", "injured", *_SHOT)
            and (_rank(c, lead) <= lim or _dead_attacker(c))
            and (reflexive_alone or not is_reflexive(c.person))
        ],
        p.stage,
        settings["age_ranges"],
        p.relations,
        lead,
    )
    if k is not None:
        # "the fatal shooting ... a man was shot", "two dead in a murder-suicide ... Casulo, 48, was
        # found with a gunshot wound": people said only to be shot may be the dead the count holds
        free = (_best(k) or 0) - sum(1 for p in people if p.died and p.role == "victim")
        for p in people:
            if free <= 0:
                break
            if not p.died and not p.hurt_said and not p.more and p.role == "victim":
                p.died, free = True, free - 1
    dead = [p for p in people if p.role == "victim" and p.died]
    # past the first, a dead person met only further down with nothing saying they are one more
    # ("also", "another") is often another death the report recalls
    dead_victims = sum(1 for n, p in enumerate(dead) if n == 0 or p.more or p.first <= settings["dead_zone"])
    dead_attackers = sum(1 for p in people if p.role == "attacker" and p.died)
    hurt = sum(1 for p in people if not p.died)
    if dead_victims > killed and not (k is not None and k.count.kind == "exact" and k.count.best == 0):
        # ... unless the report says no one was killed: the dead it names are of another time
        killed = dead_victims
        k = k or next(c for c in killed_c if c.person)
    victims_killed = killed  # the shot are victims: a shooter who dies is none of them
    # "14 dead ...; 2 suspects killed": attackers who die are counted on top of their victims
    attackers_c = [
        c for c in killed_c if not c.person and c.category in ("attackers", "suspects") and c is not k
    ]
    told_attackers = 0  # attackers' dead told as a count ("one suicide bomber was killed")
    if k is not None and k.category not in ("attackers", "suspects") and attackers_c:
        told_attackers = max(_best(c) or 0 for c in attackers_c)
        killed += told_attackers
    elif k is not None and k.category == "attackers" and not k.person:
        told_attackers = _best(k) or 0  # "the deaths of the two assailants": the bombers among them
    elif dead_attackers and (
        k is None or k.person or (k.category not in ("attackers", "suspects", "unspecified")) or k.agentive
    ):
        # a gunman shot dead adds to the two he killed ("killed two before he was shot by police"),
        # not to "one person was killed ... the suspect was killed", the same man
        killed += dead_attackers
        k = k or next(c for c in killed_c if c.person)
    added = 0
    if suicide and (k is None or k.agentive) and not dead_attackers:
        killed += 1
        victims_killed += 1  # "shot three, then himself": a count of the shot may hold him
        added = 1
    if bombers > added + told_attackers and not dead_attackers:
        # "a suicide bomber blew himself up, killing 21 people": the attacker died too
        killed += bombers - added - told_attackers
    shot = _best(s) if s else 0
    injured = _best(i) if i else 0
    if k is not None and k.partitive:  # "four were shot, one fatally": the dead are among the shot
        injured = max(injured, shot) - killed
    elif hurt > max(injured, shot - killed):
        injured = hurt
        i = i or next(c for c in main if c.person and c.outcome != "killed")
    # "Chapman was killed. Three other men were also hit by gunfire": the shot are on top of the dead
    # "five were taken to the hospital; two others died": the dead are not among them either
    from_shot = (
        shot if s is not None and (s.others or (k is not None and k.others)) else shot - victims_killed
    )
    if (
        s is not None
        and from_shot > 0
        and (from_shot > injured or (i is not None and i.count.kind == "vague"))
        # "Killed 1, Injured 6" in the title: a larger shot count further down does not undo it
        and (i is None or i.count.kind == "vague" or _rank(s, lead) <= max(_rank(i, lead), lead_zone))
    ):
        # "several injured ... four people were shot" with one dead: the number is the shot count's
        injured, i = from_shot, s
    injured = max(injured, 0)
    anchors = [c for c in (k, s, i) if c is not None]
    return Reading(_as_count(killed, k), _as_count(injured, i or s) if (i or s) else None, anchors)


def _dead_attacker(c: Candidate) -> bool:
    """'The gunman was killed by police': a shooter's death, told anywhere in the report, is this
    incident's (one-person mentions of victims far down are often other people)."""
    return c.outcome == "killed" and PersonKey.parse(c.person).role == "attacker"


def _with_others(cs: list[Candidate], main: list[Candidate]) -> list[Candidate]:
    """'2 shot and wounded, 3 others grazed': a count of others adds to the count told right
    before it in the same sentence when that one is of the same outcome ('three killed, two
    others wounded' is no such pair); the total joins the candidates."""
    out = list(cs)
    for c in cs:
        if not c.others or c.person or c.partitive or c.count.kind != "exact":
            continue
        told = sorted(
            (
                d
                for d in main
                if (d.field, d.sent) == (c.field, c.sent)
                and d.end <= c.start
                and not (d.person or d.partitive)
            ),
            key=lambda d: d.start,
        )
        before = [d for d in told[-1:] if d in cs and not d.others and d.count.kind == "exact"]
        if before:
            n = (before[-1].count.best or 0) + (c.count.best or 0)
            out.append(
                replace(c, start=before[-1].start, count=Count(n, n, n, "exact", c.count.text), others=False)
            )
    return out


def _same_incident_past(
    cands: list[Candidate], main: list[Candidate], title: str, p: Patterns
) -> list[Candidate]:
    """Figures told of an earlier time ("the shooting last summer left two dead and two wounded")
    that are this report's incident after all: a later story (an arrest, a trial) tells its toll
    that way. They count when the report has no toll figure of its own and its title names an
    incident or the sentence names the day of one ("a June 9 shooting"), or, for the wounded,
    when the report has none and the past sentence gives the report's own death toll. The
    candidates taken are marked as not about another incident (they become figures of the
    report)."""
    past = [c for c in cands if c.past and not c.undisclosed and _best(c) is not None]
    if not past:
        return []
    toll = ("killed", "injured", *_SHOT)
    if not any(c.outcome in toll and not c.partitive for c in main):
        # ("one victim survived" is one of those the past sentence counts)
        # a title naming an incident, or a sentence naming the day of one ("a June 9 shooting")
        incident_title = bool(title and p.incident_word.search(title))
        taken = [c for c in past if c.outcome in toll and (incident_title or c.past == "day")]
    elif any(c.outcome in ("injured", *_SHOT) for c in main):
        return []
    else:
        dead = {_best(c) for c in main if c.outcome == "killed" and not c.person}
        same = {(c.field, c.sent) for c in past if c.outcome == "killed" and _best(c) in dead}
        taken = [c for c in past if (c.field, c.sent) in same and c.outcome in ("injured", *_SHOT)]
    for c in taken:
        c.other = False
    return taken


def _as_count(n: int, c: Candidate | None) -> Count | None:
    """The figure's own count when the summary is just that figure, else the number worked out."""
    if c is None:
        return Count(n, n, n, "exact", "") if n else None
    if c.count.best == n or (c.count.best is None and c.count.low == n):
        return c.count
    return Count(n, n, n, "exact", c.count.text)


@dataclass(slots=True)
class _Person:
    role: str
    sex: str
    age: int | None
    stages: set[str]
    names: list[str]
    died: bool
    heads: list[tuple[tuple[str, int], str]]  # (sentence, noun) of its mentions
    hurt_said: bool = False  # some mention says injured (not only shot)
    more: bool = False  # first met as 'a fourth victim', 'a woman was also shot': beyond a count
    first: int = 0  # lead rank of the sentence that first tells of them
    fields: set[str] = field(default_factory=set)  # the fields that tell of them


#: stages of life that one person may be called by in turn ("the boy ... the teen")
_NEAR_STAGES = {frozenset(("infant", "child")), frozenset(("child", "teen")), frozenset(("teen", "adult"))}


#: the head of a mention by name alone ("killing David Smith"): another mention of the same
#: sentence by a noun ("and injuring his brother") is someone else
_NAMED = "#name"


def _same_name(a: str, b: str) -> bool:
    """'Agnew' and 'Timothy Agnew' are one name, so are 'Ralph Davis' and 'Raphael Davis' (not so
    'Arash Farazmand' and 'Soroush Farazmand', brothers)."""
    ta, tb = a.split(), b.split()
    return set(ta) <= set(tb) or set(tb) <= set(ta) or (ta[-1] == tb[-1] and ta[0][0] == tb[0][0])


def _other_name(name: str, names: list[str]) -> bool:
    """Two full names that differ are two people; a lone first or last name may be either."""
    return " " in name and any(" " in m for m in names) and not any(_same_name(name, m) for m in names)


def _fits(age: int, stage: str, ranges: dict[str, list[int]]) -> bool:
    lo, hi = ranges[stage]
    return lo <= age <= hi


def _people(
    cs: list[Candidate],
    stage_of: dict[str, str],
    ranges: dict[str, list[int]],
    relations: frozenset[str] = frozenset(),
    lead: dict[tuple[str, int], int] | None = None,
) -> list[_Person]:
    """People among one-person mentions, in order. A mention is someone already met when
    nothing tells them apart: role, sex, age, stage of life ('a baby' is not 'a man'), name;
    of several such people, the one with most in common. 'another man', 'a second victim'
    is always someone new, and so is a different noun in the same sentence ('Man killed,
    boy injured')."""
    people: list[_Person] = []
    for c in sorted(cs, key=lambda c: (c.field != "title", c.field, c.start)):
        k = PersonKey.parse(c.person)
        age = int(k.age) if k.age.isdigit() else None
        stage = stage_of.get(k.noun, "")
        died = c.outcome == "killed"
        here = (c.field, c.sent)
        head = k.noun if k.noun not in ("he", "she") else ""
        best: tuple[int, int] | None = None
        # "An adult man was also shot": a person told by a noun with "also" is one more, not one met
        # before (not so "he was also shot in the leg", a name, a noun told before, nor a kinship
        # noun, "his son also shot", often the victim told of by another noun)
        also_new = (
            k.also
            and bool(head)
            and not c.anaphoric
            and not k.name
            and head not in relations
            and not any(h == head for p in people for _, h in p.heads)
        )
        if not k.more and not also_new:
            for n, p in enumerate(people):
                if k.sex and p.sex and k.sex != p.sex:
                    continue
                if p.role != k.role and not (
                    (age is not None and age == p.age)
                    or (k.name and any(_same_name(k.name, m) for m in p.names))
                    or (c.anaphoric and k.role == "victim" and k.noun != "victim")
                ):
                    # "the 17-year-old suspect" is "17-year-old killed", and "Cobb later died" may be the
                    # suspect: a victim by no more than a noun that does not say so
                    continue
                if age is not None and p.age is not None and age != p.age:
                    continue
                if stage and any(stage != t and frozenset((stage, t)) not in _NEAR_STAGES for t in p.stages):
                    continue
                if age is not None and any(not _fits(age, t, ranges) for t in p.stages):
                    continue
                if p.age is not None and stage and not _fits(p.age, stage, ranges):
                    continue
                if _other_name(k.name, p.names):
                    continue
                if (
                    head
                    and not c.anaphoric
                    and any(
                        s == here
                        and h != head
                        and (h == _NAMED or (h not in relations and head not in relations))
                        for s, h in p.heads
                    )
                ):
                    continue
                if (
                    k.name
                    and not head
                    and not c.anaphoric
                    and any(s == here and h not in relations for s, h in p.heads)
                    and not any(_same_name(k.name, m) for m in p.names)
                ):
                    continue  # "killing David Smith, 11, and injuring his brother": a name beside a noun
                score = (
                    4 * (bool(k.name) and any(_same_name(k.name, m) for m in p.names))
                    + 2 * (age is not None and age == p.age)
                    + (bool(head) and any(h == head for _, h in p.heads))
                    + (bool(k.sex) and k.sex == p.sex)
                )
                if best is None or score > best[0]:
                    best = (score, n)
        if best is None:
            people.append(
                _Person(
                    k.role,
                    k.sex,
                    age,
                    {stage} if stage else set(),
                    [k.name] if k.name else [],
                    died,
                    [(here, head or _NAMED)] if (head or k.name) and not c.anaphoric else [],
                    c.outcome == "injured",
                    k.more or k.also,
                    (lead or {}).get(here, 99),
                    {c.field},
                )
            )
            continue
        same = people[best[1]]
        same.sex = same.sex or k.sex
        same.role = "attacker" if "attacker" in (same.role, k.role) else same.role
        same.age = same.age if same.age is not None else age
        if stage:
            same.stages.add(stage)
        if k.name and k.name not in same.names:
            same.names.append(k.name)
        same.died = same.died or died
        same.fields.add(c.field)
        same.hurt_said = same.hurt_said or c.outcome == "injured"
        if (head or k.name) and not c.anaphoric:
            same.heads.append((here, head or _NAMED))
    # "4-year-old struck" in the title, "struck a 6-year-old girl" in the text: a headline's person
    # the text never tells of, beside the one the text tells of who differs only by age, is that one
    for t in [p for p in people if p.fields == {"title"} and p.age is not None]:
        told = [
            q
            for q in people
            if q is not t
            and "title" not in q.fields
            and q.role == t.role
            and q.age is not None
            and not (t.sex and q.sex and t.sex != q.sex)
            and not any(frozenset((a, b)) not in _NEAR_STAGES and a != b for a in t.stages for b in q.stages)
            and not _other_name_sets(t.names, q.names)
        ]
        if len(told) == 1 and len([q for q in people if "title" not in q.fields]) == 1:
            told[0].died = told[0].died or t.died
            people.remove(t)
    return people


def _other_name_sets(a: list[str], b: list[str]) -> bool:
    return any(_other_name(x, b) for x in a)
