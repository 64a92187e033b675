"""People in general: any noun phrase that a toll outcome or a toll verb tells of.

"A shopkeeper was killed", "three members of the militia were killed", "31 armed bandits
had been neutralised", "gunmen shot dead a farmer": the noun need not be on a list of
people. A phrase led by an article ("a", "an", "one", "another") or a count, whose head is
no word of ``not_heads`` and names nothing of ``not_people`` (``data/lexicons/en/people.json``),
counts people when

* an outcome of the lexicon (killed, injured, detained, missing) follows it, past an
  auxiliary ("was", "had been") and maybe a short aside ("in the riots"), or
* a toll verb of the lexicon ("killing", "shot dead", "wounding") comes right before it
  (and so do the phrases joined to it: "killed a nurse and an army veteran").

:func:`person_phrases` returns them as :class:`PersonPhrase` objects; :mod:`.subjects`
turns those the group lexicon did not already read into units. The component's must and
must-not examples are checked when it is built.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from tollwatch.contract import Count
from tollwatch.figures.counts import count_from_match, exact
from tollwatch.figures.lexicon import LexiconError
from tollwatch.figures.patterns import WORD_START, Patterns, alt

#: outcomes a phrase of any noun may be counted for (gunfire alone, "was hit", may be a car's)
_OUTCOMES = frozenset(("killed", "injured", "detained", "missing"))
_WORD = r"[\w'’.-]+"
_NAME = r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*"  # a capitalized word of a name ("Jean-Claude")
_END = (
    r"(?=\s*(?:[,.;:()\[\]]|$)|\s+(?:and|or|in|at|on|near|from|with|who|whom|that|which|while|as|during|"
    r"after|before|when|inside|outside|including|of|to|by|for|were|was|had|have|has)\b)"
)


#: "a student of Mawlana Bhasani Science and Technology University in Tangail (has been killed)":
#: a phrase of 'of', 'from' or 'with' after the noun, up to the verb, no clause between
_POST = (
    r"(?P<post>\s+(?:of|from|with)\s+(?:(?!(?:who|which|that|and|when|while|after|as|but)\b)[^\s,;:.]+\s+){1,9}?"
    r"(?:(?!(?:who|which|that|and|when|while|after|as|but)\b)[^\s,;:.]+))?"
)
#: determiners of someone told of before ("the official") or known by whose they are ("his driver")
_DEFINITE = frozenset(("the", "his", "her", "their"))
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being)\b", re.IGNORECASE)
_SELF_AND = re.compile(r"(?:himself|herself|themselves)\s+and\s+", re.IGNORECASE)
_AND = re.compile(r"\s*,?\s*(?:and|as\s+well\s+as|plus|&)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PersonPhrase:
    """A noun phrase that counts people: offsets in the sentence, the count, its words."""

    start: int
    end: int
    count: Count
    det: str  # "a", "another", "" for a count
    fill: str  # the words before the head ("district", "armed")
    head: str  # the noun ("councillor", "bandits")
    plural: bool


@dataclass(slots=True)
class People:
    """The component: its patterns, built from the lexicon of groups and ``people.json``."""

    told: re.Pattern[str]  # a cheap check: an outcome phrase of ``_OUTCOMES`` in the sentence
    subject_one: re.Pattern[str]
    subject_many: re.Pattern[str]
    verb: re.Pattern[str]
    object_one: re.Pattern[str]
    object_many: re.Pattern[str]
    things: frozenset[str]
    not_people: frozenset[str]  # things too
    not_heads: frozenset[str]
    not_head_endings: tuple[str, ...]
    not_after: re.Pattern[str]  # a word right before a subject that makes it a preposition's object
    plural_head: re.Pattern[str]  # a head of many ("rustlers", "policemen"): "the" tells no count
    apart: re.Pattern[str]  # "in addition to (the)": the people next are set apart from the subject
    appositive: re.Pattern[str]  # how an aside between commas that renames the phrase begins
    age_aside: re.Pattern[str]  # ", 52,": an age between commas right after the head noun
    not_before_verb: re.Pattern[str]  # "nearly", "attempted to": the toll verb next did not happen
    member_of: re.Pattern[str]  # "were among the": the people counted before are members of a toll


def _data() -> dict[str, Any]:
    with resources.files("tollwatch.data.lexicons").joinpath("en/people.json").open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _build(p: Patterns, data: dict[str, Any]) -> People:
    nh = alt(data["not_heads"])
    word = rf"(?!{nh}(?![\w'’-])){_WORD}"
    fill = rf"(?P<fill>(?:{word}\s+){{0,4}}?)"
    head_one = rf"(?P<head>(?!{nh}(?![\w'’-]))[A-Za-z][\w-]*)(?![\w'’-])"
    endings = alt(data["plural_endings"])
    head_many = (
        rf"(?P<head>(?!{nh}(?![\w'’-]))(?:[A-Za-z][\w-]*?{endings}|{alt(data['plural_heads'])}))(?![\w'’-])"
    )
    det = r"(?P<det>an?|one|another|both|the|his|her|their)\s+"
    count = p.count.pattern + r"\s+"
    # "killed the six assailants": a count after the article, as the object of a toll verb
    # "killing all five members of the crew": "all" before the count says no more than it does
    the_count = r"(?:all\s+)?(?:the\s+)?" + count
    after = rf"(?={p.aux_outcome.pattern})"
    verbs = [v for v, o in p.before_count.items() if o in _OUTCOMES]
    told = [w for w, o in p.after_group.items() if o in _OUTCOMES]
    return People(
        told=re.compile(rf"{WORD_START}{alt(told)}(?![\w-])", re.IGNORECASE),
        subject_one=re.compile(WORD_START + det + fill + head_one + _POST + after, re.IGNORECASE),
        subject_many=re.compile(WORD_START + count + fill + head_many + _POST + after, re.IGNORECASE),
        verb=re.compile(rf"{WORD_START}{alt(verbs)}\s+", re.IGNORECASE),
        object_one=re.compile(det + fill + head_one + _END, re.IGNORECASE),
        object_many=re.compile(the_count + fill + head_many + _END, re.IGNORECASE),
        things=frozenset(w.lower() for w in data["things"]),
        not_people=frozenset(w.lower() for w in [*data["things"], *data["not_people"]]),
        not_heads=frozenset(w.lower() for w in data["not_heads"]),
        not_head_endings=tuple(data["not_head_endings"]),
        not_after=re.compile(rf"{WORD_START}{alt(data['not_after'])}\s+$", re.IGNORECASE),
        not_before_verb=re.compile(rf"{WORD_START}{alt(data['not_before_verb'])}\s+$", re.IGNORECASE),
        appositive=re.compile(
            rf"\s*,\s*(?:{alt(data['appositive'])}\b|(?-i:{_NAME}(?:\s+{_NAME}){{0,3}}\s*,))",
            re.IGNORECASE,
        ),
        age_aside=re.compile(r"\s*,\s*\d{1,3}\s*,(?!\d)"),
        apart=re.compile(rf"{WORD_START}{alt(data['apart_from'])}\s+(?:the\s+|all\s+)?$", re.IGNORECASE),
        plural_head=re.compile(rf"(?:[\w-]*?{endings}|{alt(data['plural_heads'])})$", re.IGNORECASE),
        member_of=re.compile("|".join(f"(?:{x})" for x in data["member_of"]), re.IGNORECASE),
    )


_BUILT: dict[int, tuple[Patterns, People]] = {}


def people(p: Patterns) -> People:
    """The component for patterns ``p`` (built once, its examples checked)."""
    got = _BUILT.get(id(p))
    if got is None or got[0] is not p:
        data = _data()
        built = _build(p, data)
        _check(p, built, data)
        _check_apart(built, data)
        _check_member(built, data)
        got = _BUILT[id(p)] = (p, built)
    return got[1]


def _check(p: Patterns, c: People, data: dict[str, Any]) -> None:
    for text, want in data["must"]:
        found = [f"{x.fill}{x.head}".strip() for x in _phrases(p, c, text)]
        if want not in found:
            raise LexiconError(f"en/people.json: must read {want!r} in {text!r}, read {found}")
    for text in data["must_not"]:
        if extra := _phrases(p, c, text):
            raise LexiconError(f"en/people.json: must read no one in {text!r}, read {extra[0].head!r}")


def _check_apart(c: People, data: dict[str, Any]) -> None:
    for key, want in (("apart_must", True), ("apart_must_not", False)):
        for text, who in data[key]:
            at = text.index(who)
            if (c.apart.search(text, max(0, at - 30), at) is not None) != want:
                raise LexiconError(f"en/people.json: {key}: {who!r} in {text!r} read the other way")


def _check_member(c: People, data: dict[str, Any]) -> None:
    for key, want in (("member_must", True), ("member_must_not", False)):
        for text, noun in data[key]:
            if (c.member_of.match(text, text.index(noun) + len(noun)) is not None) != want:
                raise LexiconError(f"en/people.json: {key}: {noun!r} in {text!r} read the other way")


def member_of_toll(p: Patterns, s: str, end: int) -> bool:
    """Do the words right after ``end`` say the people counted before are members of a toll told
    next ("13 refugees were among the 178 people killed")?"""
    return people(p).member_of.match(s, end) is not None


def _phrase(p: Patterns, c: People, m: re.Match[str], plural: bool) -> PersonPhrase | None:
    head = m.group("head")
    fill = m.group("fill") or ""
    low = head.lower()
    if low in c.not_people or low in c.not_heads or low.endswith(c.not_head_endings):
        return None
    if any(w.isdigit() or w.lower() in p.number_words for w in fill.split()):
        return None  # "a three people", "an Oct. 12 shooting in which": no phrase of one noun
    if plural:
        n = count_from_match(m, p)
        if n is None:
            return None
        det = ""
    else:
        det = m.group("det")
        if det.lower() in _DEFINITE and c.plural_head.match(low):
            return None  # "the rustlers": as many as were told of before, no count here
        n = exact(2 if det.lower() == "both" else 1, m.group(0))
        plural = det.lower() == "both"  # "both attackers were shot dead": two people
    end = m.end("post") if m.groupdict().get("post") else m.start("head") + len(head)
    return PersonPhrase(m.start(), end, n, det, fill, head, plural)


def _told_outcome(p: Patterns, c: People, s: str, x: PersonPhrase, passive: bool = False) -> bool:
    end = x.end
    m = p.aux_outcome.match(s, end)
    if m is None:
        return False
    # "a farmer, 52, was killed" (not "a celebration of life for Jones, 2, shot": the age is his)
    aged = s.endswith(x.head, 0, end) and c.age_aside.match(s, end) is not None
    if m.group("aside").lstrip()[:1] == "," and not (aged or c.appositive.match(s, end)):
        return False  # "a black hoodie, ..., was killed": an aside between commas hides the subject
    if passive and not _PASSIVE.search(m.group("aux") or ""):
        return False  # "the mayor killed ...": no article-led subject of an outcome without "was"
    phrase = " ".join(m.group("outcome").lower().replace("’", "'").split())
    return p.after_group.get(phrase) in _OUTCOMES


def _phrases(p: Patterns, c: People, s: str) -> list[PersonPhrase]:
    out: list[PersonPhrase] = []
    subjects = ((c.subject_one, False), (c.subject_many, True)) if c.told.search(s) else ()
    for rx, plural in subjects:
        for m in rx.finditer(s):
            x = _phrase(p, c, m, plural)
            if x is None or c.not_after.search(s, max(0, x.start - 20), x.start):
                continue  # "taken to a hospital in critical condition": no subject
            if _told_outcome(p, c, s, x, passive=x.det.lower() in _DEFINITE):
                out.append(x)
    for v in c.verb.finditer(s):
        if c.not_before_verb.search(s, max(0, v.start() - 20), v.start()):
            continue  # "nearly killed his father-in-law": no one killed
        pos = v.end()
        own = _SELF_AND.match(s, pos)  # "killed himself and 7 others": the others (he is counted apart)
        pos = own.end() if own else pos
        while True:  # "killed a nurse and an army veteran": the phrases joined to the first too
            one = c.object_one.match(s, pos)
            many = c.object_many.match(s, pos)
            x = (_phrase(p, c, one, False) if one else None) or (_phrase(p, c, many, True) if many else None)
            if x is None:
                break
            if own:
                x, own = replace(x, start=own.start()), None
            out.append(x)
            j = _AND.match(s, x.end)  # not a comma alone: "killing a teen, an officer said"
            if j is None:
                break
            pos = j.end()
    return out


def person_phrases(p: Patterns, s: str) -> list[PersonPhrase]:
    """The phrases of people in sentence ``s`` that an outcome or a toll verb tells of."""
    return _phrases(p, people(p), s)


def set_apart(p: Patterns, s: str, start: int) -> bool:
    """Do words right before ``start`` set the people there apart from the subject that follows
    ("In addition to the three bombers, one civilian was killed")?"""
    return people(p).apart.search(s, max(0, start - 30), start) is not None


_NEXT_WORD = re.compile(r"\s+([\w-]+)")


def counts_things(p: Patterns, s: str, end: int) -> bool:
    """Does the bare number ending at ``end`` count things, not people ("40 cattle", "two cows
    were killed")? Its next word is one of ``things``."""
    m = _NEXT_WORD.match(s, end)
    return m is not None and m.group(1).lower() in people(p).things
