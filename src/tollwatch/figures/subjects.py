"""Counted subjects of a sentence: numbers with the people they count, one person, pairs.

"18 police officers", "a 12-year-old", "Marcus Lee, 24,", "both men", "he": each becomes a
:class:`Unit` that the figure finder (:mod:`.finder`) chains ("a man and a woman") and joins
to an outcome. One-person units carry a ``person`` key (role|sex|age|more|noun) with which
the summary tells people apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tollwatch.contract import Count
from tollwatch.figures.counts import count_from_match, exact
from tollwatch.figures.patterns import Patterns

_PRONOUN_SUBJ = re.compile(r"(?<![\w-])(?P<pro>he|she)(?![\w-])", re.IGNORECASE)
_NAME_SUBJ = re.compile(
    r"(?<![\w-])(?P<name>[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){0,2})\s*,\s*(?P<age>\d{1,2})\s*,"
)
_AGE_NAME = re.compile(
    r"(?<![\w-])(?P<age>\d{1,2})[ -]years?[ -]old\s+(?:[a-z]+\s+)?[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){0,2}"
)
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?|\b(?:No|Rt|Route|Highway|Hwy|I|US|SR|Interstate|Channel|Station|Apt|Unit|Suite|Room|Precinct|District|Ward|page|Eyewitness|News|Fox|CBS|NBC|ABC|WSB|Action|Local|Number)\.?|[#$]|\d[:/])\s*$"
)
_NAME_ONLY = re.compile(
    r"(?<![\w-])(?P<name>[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){0,2})(?=\s+(?:was|has|had|died|later)\b)"
)
_NOT_NAMES = frozenset(
    re.findall(
        r"\w+",
        "The This That It He She They We I You A An One Two Three Four Five Police Officers Authorities "
        "Investigators Deputies Detectives Officials Troopers Sheriff Chief Sgt Lt Capt Det Officer "
        "Nobody Everyone Everybody Someone Each Neither Either Both All There Here What Who When Where "
        "Why How Monday Tuesday Wednesday Thursday Friday Saturday Sunday Another Investigation Shooting "
        "Family Witnesses Nothing Something Anyone ",
    )
)
_YEARLIKE = re.compile(r"^(?:1[89]|20)\d\d$")


@dataclass(slots=True)
class Unit:
    start: int
    end: int
    count: Count
    category: str
    group: str
    anaphoric: bool = False
    person: str = ""
    has_group: bool = True
    number_like: bool = False  # a bare number with no group: needs a tight outcome
    partitive: bool = False


def category_of(p: Patterns, head: str, fill: str) -> str:
    key = " ".join(head.lower().replace("’", "'").split())
    cat = p.plural.get(key) or p.singular.get(key) or "unspecified"
    if cat == "unspecified" and re.search(r"\d{1,3}-year-olds?", key):
        cat = "unspecified"
    if cat == "unspecified" and fill:
        m = p.adjective_re.search(fill)
        if m:
            cat = p.adjectives.get(" ".join(m.group("adj").lower().split()), cat)
    return cat


def role_of(p: Patterns, head: str, det: str, age: str = "") -> str:
    """Who a one-person mention is, to count people: ``role|sex|age|more``.

    role is attacker (a gunman, a suspect) or victim; sex and age tell two people apart;
    'more' marks 'another man', 'a second victim' (always someone else)."""
    key = " ".join(head.lower().split())
    cat = p.singular.get(key, "unspecified")
    role = "attacker" if cat in ("attackers", "suspects") else "victim"
    det = " ".join(det.lower().split())
    sex = p.gender.get(key) or ""
    m = re.search(r"\d{1,3}", age + " " + head)
    more = "more" if det in ("another", "a second", "a third", "a fourth", "a fifth") else ""
    return f"{role}|{sex}|{m.group(0) if m else ''}|{more}|{key}"


def units_of(p: Patterns, s: str, headline: bool = False) -> list[Unit]:
    """Every counted subject in sentence ``s``: numbers with their people, single people, pairs."""
    units: list[Unit] = []
    for m in p.count.finditer(s):
        c = count_from_match(m, p)
        if c is None:
            continue
        g = p.group.match(s, m.end())
        if g and g.group("head"):
            head = g.group("head")
            fill = (g.group("fill") or "").strip()
            grp = s[g.start("fill") if g.group("fill") else g.start("head") : g.end()].strip()
            cat = category_of(p, head, fill)
            units.append(Unit(m.start(), g.end(), c, cat, grp, partitive=" of" in (g.group("pre") or "")))
        elif g and g.group("pron"):
            units.append(Unit(m.start(), g.end(), c, "unspecified", g.group("pron").strip(), partitive=True))
        else:
            bare = m.group("n1") or ""
            if _YEARLIKE.match(bare.replace(",", "")) or _NOT_A_COUNT_BEFORE.search(s, 0, m.start()):
                continue
            units.append(Unit(m.start(), m.end(), c, "unspecified", "", has_group=False, number_like=True))
    singles = list(p.singular_np.finditer(s))
    for m in singles:
        det = m.group("det").lower()
        head = m.group("shead")
        fill = m.group("sfill") or ""
        if det == "both":
            continue
        if any(u.start <= m.start() < u.end for u in units):
            continue
        person = role_of(p, head, det, fill)
        units.append(
            Unit(
                m.start(),
                m.end(),
                exact(1, m.group(0)),
                category_of(p, head, fill),
                (fill + head).strip(),
                anaphoric=det in ("the", "its"),
                person=person,
            )
        )
    if headline:  # headlines drop articles: "Man killed", "Woman, boyfriend killed", "2-year-old dies"
        for m in p.bare_singular.finditer(s):
            if any(u.start <= m.start("bhead") < u.end for u in units):
                continue
            a = m.start("bfill") if m.group("bfill") else m.start("bhead")
            head = m.group("bhead")
            units.append(
                Unit(
                    a,
                    m.end(),
                    exact(1, s[a : m.end()]),
                    category_of(p, head, m.group("bfill") or ""),
                    s[a : m.end()],
                    person=role_of(p, head, "a", m.group("bfill") or ""),
                )
            )
    for m in p.pair.finditer(s):
        if any(u.start <= m.start() < u.end for u in units):
            continue
        n = p.pairs[" ".join(m.group("pair").lower().split())]
        units.append(Unit(m.start(), m.end(), exact(n, m.group(0)), "unspecified", m.group(0)))
    for m in _NAME_SUBJ.finditer(s):
        if any(u.start <= m.start() < u.end for u in units):
            continue
        units.append(
            Unit(
                m.start(),
                m.end(),
                exact(1, m.group("name")),
                "unspecified",
                m.group("name"),
                person=f"victim||{m.group('age')}|",
            )
        )
    for m in _AGE_NAME.finditer(s):
        if any(u.start <= m.start() < u.end for u in units):
            continue
        units.append(
            Unit(
                m.start(),
                m.end(),
                exact(1, m.group(0)),
                "unspecified",
                m.group(0),
                person=f"victim||{m.group('age')}|",
            )
        )
    for m in _NAME_ONLY.finditer(s):
        if m.group("name").split()[0] in _NOT_NAMES or any(u.start <= m.start() < u.end for u in units):
            continue
        if " ".join(m.group("name").lower().split()) in p.source_nouns:
            continue
        units.append(
            Unit(
                m.start(),
                m.end(),
                exact(1, m.group(0)),
                "unspecified",
                m.group(0),
                anaphoric=True,
                person="victim|||",
            )
        )
    for m in _PRONOUN_SUBJ.finditer(s):
        # "a gunman killed two before he was shot by police": he is the gunman
        heads = [h for h in singles if h.end() <= m.start()]
        role = role_of(p, m.group(0), "")
        if heads and p.singular.get(" ".join(heads[-1].group("shead").lower().split())) in (
            "attackers",
            "suspects",
        ):
            role = role.replace("victim", "attacker", 1)
        units.append(
            Unit(
                m.start(),
                m.end(),
                exact(1, m.group(0)),
                "unspecified",
                m.group(0),
                anaphoric=True,
                person=role,
            )
        )
    units.sort(key=lambda u: (u.start, -u.end))
    # drop units nested in an earlier, longer one
    out: list[Unit] = []
    for u in units:
        if out and u.start < out[-1].end:
            continue
        out.append(u)
    return out
