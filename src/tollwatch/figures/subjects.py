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
from tollwatch.figures.counts import count_from_match, exact, read_number
from tollwatch.figures.patterns import NTH, WORD_START, Patterns
from tollwatch.figures.people import counts_things, person_phrases

_PRONOUN_SUBJ = re.compile(WORD_START + r"(?P<pro>he|she)(?![\w-])", re.IGNORECASE)
_NAME_SUBJ = re.compile(
    WORD_START + r"(?P<name>[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){0,2})\s*,\s*(?P<age>\d{1,2})\s*,(?!\d)"
)
_AGE_NAME = re.compile(
    WORD_START + r"(?P<age>\d{1,2}|[A-Za-z]+(?:-[a-z]+)?)[ -]years?[ -]old\s+(?:[a-z]+\s+)?"
    r"(?P<name>[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){0,2})"
)
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\b(?i:father|mother|dad|mom|parent|grandfather|grandmother)\s+of|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?|\b(?:No|Rt|Route|Highway|Hwy|I|US|SR|Interstate|Channel|Station|Apt|Unit|Suite|Room|Precinct|District|Ward|page|Eyewitness|News|Fox|CBS|NBC|ABC|WSB|Action|Local|Number)\.?|[#$]|\d[:/])\s*$"
)
#: "a woman, 29, who was shot", "Fred Duhart, 38, died": a number between commas after a word is an age
_AGE_APPOSED = re.compile(r"[A-Za-z]\s*,\s*$")
_COMMA_NEXT = re.compile(r"\s*,(?!\d)")
#: a capitalised word of a name, maybe two run together ("McIntyre", "MaKayla")
NAME_WORD = r"[A-Z][a-z'’]+(?:[A-Z][a-z'’]+)?"
#: a full name: two or three such words, maybe with an initial ("Sarah J. Davidson")
FULL_NAME = rf"{NAME_WORD}(?:\s+[A-Z]\.)?(?:\s+{NAME_WORD}){{1,2}}"
#: ", 18," after a name: its age
_AGE_AFTER = r"(?:\s*,\s*\d{1,2}\s*(?=,(?!\d)))?"
_ONE_NAME = re.compile(rf"(?:(?:\d{{1,2}}|[a-z]+)[ -]years?[ -]olds?\s+)?(?P<name>{FULL_NAME}){_AGE_AFTER}")
#: a list of two or more full names, then a plural verb
_NAME_LIST = re.compile(
    rf"{WORD_START}{_ONE_NAME.pattern}(?:\s*,\s*(?:and\s+)?{_ONE_NAME.pattern.replace('(?P<name>', '(?:')}|\s+and\s+"
    rf"{_ONE_NAME.pattern.replace('(?P<name>', '(?:')})+(?=\s*,?\s+(?:were|have\s+been|had\s+been|are)\b)"
)
#: names of one word or more ("Sproaps and Partlow were pronounced dead", "Webb and Brian Davis, 18,
#: died"): a list ending in "and", then a plural verb
_LIST_NAME = re.compile(rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}")
_ANY_NAME = _LIST_NAME.pattern + _AGE_AFTER
_SURNAME_LIST = re.compile(
    rf"(?<![\w-]){_ANY_NAME}(?:\s*,\s*{_ANY_NAME})*\s*,?\s+and\s+{_ANY_NAME}"
    r"(?:\s*,)?(?=\s+(?:were|died|have\s+died|had\s+died)\b)"
)
_NAME_ONLY = re.compile(
    WORD_START + r"(?P<name>[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){0,2})"
    r"(?=\s+(?:was|is|has|had|died|later|succumbed)\b|\s*,\s*who\s+was\b|\s*,\s*(?:an?|the)\s+[^,;]{1,50},\s*(?:was|has|had|died)\b)"
)
#: A headline's subject may be a bare name: "Timothy Agnew killed, four wounded".
_NAME_TITLE = re.compile(
    r"(?:^|(?<=[,;:|]\s))(?P<name>[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){1,2})(?=\s+(?:killed|dies|dead|slain)\b)"
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
_POSSESSIVE = re.compile(r"\w['’]s?\s")
_BY_AGENT = re.compile(r"\b(?:killed|shot|slain|murdered|wounded|attacked)\s+by\s+$", re.IGNORECASE)
_OTHERS = re.compile(r"\b(?:other|others|more|additional)\b", re.IGNORECASE)
_AGES_LIST = re.compile(
    r"\s*,\s*(?:ages?|aged)\s+(?P<ages>\d{1,2}(?:\s*,\s*\d{1,2})*\s*,?\s*(?:and|&)\s+\d{1,2})(?![\w-])"
    r"(?:\s*,(?=\s*(?:were|are|have|had)\s))?",  # "his sons, ages 8 and 12, were shot": on to the verb
    re.IGNORECASE,
)
_AGE_NUMBER = re.compile(r"\d{1,2}")
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
    total: int | None = None  # "one of five victims": the five
    others: bool = False  # "three other men", "four others", "two more people": on top of those said before
    one: bool = False  # "one victim": one of people the report tells of (in critical condition, say)


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


_AGE = re.compile(
    WORD_START + r"(?P<n>\d{1,3}|[a-z]+(?:-[a-z]+)?)[- ](?P<unit>year|month|week|day)s?[- ]old",
    re.IGNORECASE,
)


def age_of(p: Patterns, text: str) -> str:
    """Age in whole years written in ``text`` ("a 20-month-old" is 1), or ""."""
    m = _AGE.search(text)
    if not m:
        return ""
    n = read_number(m.group("n"), p)
    if n is None:
        return ""
    unit = m.group("unit").lower()
    return str(n if unit == "year" else n // 12 if unit == "month" else 0)


@dataclass(slots=True)
class PersonKey:
    """Who a one-person mention is: role (victim or attacker), sex, age, 'another', noun, name."""

    role: str = "victim"
    sex: str = ""
    age: str = ""
    more: bool = False
    noun: str = ""
    name: str = ""
    reflexive: bool = False  # "a boy shot himself": the one who fired
    also: bool = False  # "a woman was also shot": on top of those counted before

    def __str__(self) -> str:
        flags = ",".join(f for f, on in (("reflexive", self.reflexive), ("also", self.also)) if on)
        return "|".join(
            [self.role, self.sex, self.age, "more" if self.more else "", self.noun, self.name, flags]
        )

    @classmethod
    def parse(cls, text: str) -> PersonKey:
        role, sex, age, more, noun, name, flags = ([*text.split("|"), *[""] * 7])[:7]
        on = set(flags.split(","))
        return cls(role or "victim", sex, age, more == "more", noun, name, "reflexive" in on, "also" in on)


def is_reflexive(person: str) -> bool:
    return PersonKey.parse(person).reflexive


_ORDINAL_DET = re.compile(rf"an?\s+(?:{NTH})$")


def role_of(p: Patterns, head: str, det: str, age: str = "", name: str = "") -> str:
    """Who a one-person mention is, as a :class:`PersonKey` string.

    role is attacker (a gunman, a suspect) or victim; sex, age and name tell two people
    apart; 'more' marks 'another man', 'a second victim' (always someone else)."""
    key = " ".join(head.lower().split())
    cat = p.singular.get(key, "unspecified")
    role = "attacker" if cat in ("attackers", "suspects") else "victim"
    det = " ".join(det.lower().split())
    more = det == "another" or bool(_ORDINAL_DET.match(det))
    years = age if age.isdigit() else age_of(p, age + " " + head)
    return str(PersonKey(role, p.gender.get(key) or "", years, more, key, name))


def _final_head(p: Patterns, text: str, head: str) -> str:
    """'Teen suspect', 'a home invasion suspect': the last head noun names the role."""
    words = text.lower().replace("’", "'").split()
    for n in (2, 1):
        last = " ".join(words[-n:])
        if len(words) >= n and last in p.singular and last != head.lower():
            return last
    return head


_WORD_BEFORE = re.compile(r"([\w'’]+)\s+$")
_PLACE_BEFORE = frozenset(
    [
        "in",
        "at",
        "on",
        "of",
        "to",
        "by",
        "near",
        "from",
        "inside",
        "outside",
        "across",
        "downtown",
        "uptown",
        "midtown",
        "suburban",
        "rural",
        "nearby",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
    ]
)


def _common_words(p: Patterns, name: str) -> bool:
    """Is ``name`` common words ('Police', 'The Officer'), a source or a noun of one person?"""
    words = name.split()
    if words[0] in _NOT_NAMES or any(w.lower().strip("'’") in p.not_names for w in words):
        return True
    key = name_key(name)
    return key in p.source_nouns or key in p.singular


def is_common(p: Patterns, name: str) -> bool:
    """Is ``name`` (capitalized words) common words or a group ('Police', 'Soldiers'), no one's name?"""
    return _common_words(p, name) or name_key(name) in p.plural


def is_name(p: Patterns, s: str, m: re.Match[str]) -> bool:
    """Is ``m.group('name')`` a person's name, not a place, a body or the end of a longer name?"""
    if _common_words(p, m.group("name")):
        return False
    before = _WORD_BEFORE.search(s, max(0, m.start("name") - 30), m.start("name"))
    return not (before and (before.group(1)[0].isupper() or before.group(1).lower() in _PLACE_BEFORE))


def _list_name(p: Patterns, name: str) -> bool:
    """A name in a list of names: no common word ('Police', 'Officers') and no noun of people."""
    return not _common_words(p, name) and name_key(name) not in p.plural


def name_key(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())


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
            total = read_number(g.group("of_n"), p) if g.group("of_n") else None
            units.append(
                Unit(
                    m.start(),
                    g.end(),
                    c,
                    cat,
                    grp,
                    partitive=" of" in (g.group("pre") or ""),
                    total=total,
                    others=bool(_OTHERS.search((g.group("pre") or "") + " " + grp)),
                )
            )
        elif g and g.group("pron"):
            units.append(Unit(m.start(), g.end(), c, "unspecified", g.group("pron").strip(), partitive=True))
        else:
            bare = m.group("n1") or ""
            if (
                _YEARLIKE.match(bare.replace(",", ""))
                or _NOT_A_COUNT_BEFORE.search(s, max(0, m.start() - 30), m.start())
                or (
                    _AGE_APPOSED.search(s, max(0, m.start() - 30), m.start())
                    and _COMMA_NEXT.match(s, m.end())
                )
            ):
                continue  # "a woman, 29, who was shot": an age
            if counts_things(p, s, m.end()):
                continue  # "killed 40 cattle", "three houses were burned": no people
            units.append(Unit(m.start(), m.end(), c, "unspecified", "", has_group=False, number_like=True))
    for m in _AGES_LIST.finditer(s):
        # "killed his sons, ages 3 and 4": as many people as ages
        head = p.plural_head.search(s, max(0, m.start() - 40), m.start())
        while head and head.end() != m.start():
            head = p.plural_head.search(s, head.end(), m.start())
        if head is None or any(
            u.start <= head.start() < u.end or head.start() <= u.start < m.start() for u in units
        ):
            continue
        units = [u for u in units if u.has_group or not (m.start() <= u.start < m.end())]  # the ages
        n = len(_AGE_NUMBER.findall(m.group("ages")))
        units.append(
            Unit(
                head.start(),
                m.end(),
                exact(n, ""),
                category_of(p, head.group("head"), ""),
                head.group("head"),
            )
        )
    for m in p.singular_pair.finditer(s):
        if m.group("sex1") and p.gender.get(m.group("sex1").lower()) == p.gender.get(m.group("sex2").lower()):
            continue  # "a man and boy" may well be two, but "a neighbor and friend" is one: only a pair of sexes
        units = [u for u in units if u.has_group or not (m.start() <= u.start < m.end())]  # "another"
        if not any(u.start <= m.start() < u.end for u in units):
            units.append(Unit(m.start(), m.end(), exact(2, m.group(0)), "unspecified", m.group(0)))
    singles = list(p.singular_np.finditer(s))
    for m in singles:
        det = m.group("det").lower()
        head = m.group("shead")
        fill = m.group("sfill") or ""
        if det == "both":
            continue
        # "another man": the bare number "another" is this person's determiner
        if det == "another":
            units = [u for u in units if u.has_group or not (u.start == m.start() and u.end <= m.end())]
        elif det in ("one", "1"):
            # "one victim was pronounced dead": a count of one with its noun (as "two victims")
            # ... and "one police officer" is one officer, not one of the police
            bare = next(
                (u for u in units if u.start == m.start() and (not u.has_group or u.end < m.end())), None
            )
            if bare is not None:
                units.remove(bare)
                units.append(Unit(m.start(), m.end(), bare.count, category_of(p, head, ""), head, one=True))
            continue
        if any(u.start <= m.start() < u.end for u in units):
            continue
        # "the boy's mother": the article is the boy's, the mother is met for the first time
        end, anaphoric = m.end(), det in ("the", "its") and not _POSSESSIVE.search(fill)
        if poss := p.possessive_head.match(s, end):  # "the boy's mother": the mother, met for the first time
            head, fill, end, anaphoric = poss.group("phead"), poss.group("pfill") or "", poss.end(), False
        person = role_of(p, _final_head(p, s[m.start() : end], head), det, s[m.start() : end])
        units.append(
            Unit(
                m.start(),
                end,
                exact(1, s[m.start() : end]),
                category_of(p, head, fill),
                (fill + head).strip(),
                anaphoric=anaphoric,
                person=person,
            )
        )
    bare = list(p.bare_singular.finditer(s)) if headline else []
    if headline:  # headlines drop articles: "Man killed", "Woman, boyfriend killed", "2-year-old dies"
        for m in bare:
            if any(u.start <= m.start("bhead") < u.end for u in units):
                continue
            a = m.start("bfill") if m.group("bfill") else m.start("bhead")
            head = m.group("bposs") or m.group("bhead")
            units.append(
                Unit(
                    a,
                    m.end(),
                    exact(1, s[a : m.end()]),
                    category_of(p, head, m.group("bfill") or ""),
                    s[a : m.end()],
                    person=role_of(p, _final_head(p, m.group(0), head), "a", m.group(0)),
                )
            )
    for m in p.pair.finditer(s):
        if any(u.start <= m.start() < u.end or m.start() < u.start < m.end() < u.end for u in units):
            continue  # ... and "the three people" is the count with its noun, not "the three"
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
                person=str(
                    PersonKey(age=m.group("age"), name=name_key(m.group("name")) if is_name(p, s, m) else "")
                ),
            )
        )
    for m in _NAME_LIST.finditer(s):
        # "Keyona McKinney, Diamond Hooks and Zytavious Anderson were treated": so many people named
        names = [x for x in _ONE_NAME.finditer(m.group(0)) if x.group("name").split()[0] not in _NOT_NAMES]
        if len(names) >= 2 and not any(u.start <= m.start() < u.end for u in units):
            units = [u for u in units if not (m.start() <= u.start < m.end())]
            units.append(Unit(m.start(), m.end(), exact(len(names), m.group(0)), "unspecified", m.group(0)))
    for m in _SURNAME_LIST.finditer(s):
        names = _LIST_NAME.findall(m.group(0))
        if any(u.start <= m.start() < u.end for u in units) or not all(_list_name(p, n) for n in names):
            continue
        units = [u for u in units if not (m.start() <= u.start < m.end())]
        units.append(Unit(m.start(), m.end(), exact(len(names), m.group(0)), "unspecified", m.group(0)))
    for m in _AGE_NAME.finditer(s):
        age = age_of(p, m.group(0))
        if not age:
            continue
        # "17-year-old Elijah Jones killed": the name makes the headline's "17-year-old" longer
        units = [u for u in units if not (u.start == m.start() and u.end < m.end())]
        if any(u.start <= m.start() < u.end for u in units):
            continue
        units.append(
            Unit(
                m.start(),
                m.end(),
                exact(1, m.group(0)),
                "unspecified",
                m.group(0),
                person=str(PersonKey(age=age, name=name_key(m.group("name")) if is_name(p, s, m) else "")),
            )
        )
    for m in (_NAME_TITLE if headline else _NAME_ONLY).finditer(s):
        if not is_name(p, s, m) or any(u.start <= m.start() < u.end for u in units):
            continue
        units.append(
            Unit(
                m.start(),
                m.end(),
                exact(1, m.group(0)),
                "unspecified",
                m.group(0),
                anaphoric=not headline,
                person=str(PersonKey(name=name_key(m.group("name")))),
            )
        )
    for m in _PRONOUN_SUBJ.finditer(s):
        # "a gunman killed two before he was shot by police": he is the gunman
        heads = [(h.start(), h.group("shead")) for h in singles if h.end() <= m.start()]
        heads += [(h.start("bhead"), h.group("bhead")) for h in bare if h.end() <= m.start()]
        heads.sort()
        role = role_of(p, m.group(0), "")
        # ... and so is "a man" who killed: "four people were killed by a man ... before he was shot"
        # ... but not when the same pronoun came before that noun: "the teen says he doesn't know the
        # gunman or why he was shot" (the second 'he' is the first)
        same_before = heads and any(
            x.group("pro").lower() == m.group("pro").lower() and x.end() <= heads[-1][0]
            for x in _PRONOUN_SUBJ.finditer(s, 0, m.start())
        )
        if (
            heads
            and not same_before
            and (
                p.singular.get(" ".join(heads[-1][1].lower().split())) in ("attackers", "suspects")
                or _BY_AGENT.search(s, max(0, heads[-1][0] - 20), heads[-1][0])
            )
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
    units += _people_units(p, s, units)
    units.sort(key=lambda u: (u.start, -u.end))
    # drop units nested in an earlier, longer one
    out: list[Unit] = []
    for u in units:
        if out and u.start < out[-1].end:
            continue
        out.append(u)
    return out


def _people_units(p: Patterns, s: str, units: list[Unit]) -> list[Unit]:
    """Units of people the group lexicon does not know ("a shopkeeper", "40 participants"),
    read by :mod:`.people` where an outcome or a toll verb tells of them."""
    out: list[Unit] = []
    for x in person_phrases(p, s):
        if any(u.start <= x.start < u.end and (u.has_group or u.person) and u.end >= x.end for u in units):
            continue  # (a longer phrase, "a student of the university in Tangail", takes its place)
        cat = _category_any(p, x.head, x.fill)
        group = (x.fill + x.head).strip()
        if x.plural:
            out.append(Unit(x.start, x.end, x.count, cat, group, others=bool(_OTHERS.search(group))))
            continue
        role = "attacker" if cat in ("attackers", "suspects") else "victim"
        key = PersonKey(role, "", age_of(p, group), x.det.lower() == "another", x.head.lower())
        # "the official was killed", "her son was wounded": someone the report may have told of before
        the = x.det.lower() in ("the", "his", "her", "their")
        out.append(Unit(x.start, x.end, x.count, cat, group, person=str(key), anaphoric=the))
    return out


def _category_any(p: Patterns, head: str, fill: str) -> str:
    """The category of a head the lexicon may know in its other number ("terrorist": "terrorists")."""
    h = head.lower()
    forms = [h, h + "s", h[:-1] + "ies" if h.endswith("y") else h, h[:-3] + "men" if h.endswith("man") else h]
    forms += [h[:-1] if h.endswith("s") else h]
    for f in forms:
        cat = p.plural.get(f) or p.singular.get(f)
        if cat:
            return cat
    return category_of(p, head, fill)
