"""Find figure candidates in one sentence: a count, the people it counts, what happened to them.

Shapes read (all words come from the lexicons):

* subject + outcome: "At least 18 police officers ... have been killed", "hundreds injured",
  "a man and a woman were shot" (2), "a 12-year-old and three others were shot" (4),
  "both men were shot" (2), "one of them died";
* outcome verb + count: "killing three people", "injuring five";
* "left/leaving N (people) dead/injured";
* count nouns: "two deaths", "2 dead", "three gunshot victims";
* tolls: "the death toll rose to 12";
* implied: "a double homicide" (2 killed), "a quadruple shooting" (4 shot);
* a tail: "four people were shot, one fatally" (one killed);
* undisclosed: "no details on civilian casualties", "did not say how many were hurt";
* an outcome with no number: "detaining lawbreakers" (unknown count).

Each candidate carries absolute offsets into its field, so evidence always quotes the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tollwatch.contract import Count
from tollwatch.figures.counts import count_from_match, exact, read_number, unknown
from tollwatch.figures.patterns import NTH, ORDINALS, WORD_START, Patterns, has_cue
from tollwatch.figures.people import member_of_toll, set_apart
from tollwatch.figures.subjects import (
    FULL_NAME,
    PersonKey,
    Unit,
    category_of,
    is_common,
    is_name,
    name_key,
    role_of,
    units_of,
)

#: Outcome participles that are transitive: without "been" they are active ("two men shot a clerk").
_TRANSITIVE = frozenset(
    [
        "killed",
        "shot",
        "injured",
        "wounded",
        "hurt",
        "murdered",
        "slain",
        "struck",
        "hit",
        "arrested",
        "detained",
        "executed",
        "eliminated",
        "gunned",
        "stabbed",
        "beaten",
        "apprehended",
        "evacuated",
        "displaced",
        "grazed",
        "fatally",
        "jailed",
    ]
)
_NAME_NEXT = re.compile(
    r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Jan|Feb|Aug|Sept|Oct|Nov|Dec|Police|Officers|Authorities|Deputies)\b)"
    r"(?:[A-Z][a-z]+(?:[A-Z][a-z]+)?|[A-Z]['’][A-Z][a-z]+)\b"
)  # "shot Smith", "shot MaKayla", "shot O'Neal": an object (not in Title Case headlines)
#: In a headline, a lowercase word right after "killed" that is no preposition is its object: "Man killed intruder".
_HEADLINE_OBJECT = re.compile(
    r"\s+(?!(?:in|at|on|after|by|during|near|outside|inside|while|as|when|overnight|early|late|dead|and|or|to|from|"
    r"with|following|before|over|last|this|into|for|again|twice|once|multiple|several|accidentally|today|yesterday|tonight|"
    r"fatally|critically|seriously|police|say|says|cops|officials|sources|due|because|amid|along|across|behind|near|"
    r"under|since|outside|moments|minutes|hours|days|weeks|months|years|just|trying|according)\b|[a-z]+ly\b)"
    r"[a-z]{3,}\b"
)
#: "the officer shot at the dog but missed": a target, not a place ("shot at the park")
_DEFINITE = re.compile(r"(?:the|his|her|their)\s", re.IGNORECASE)
_DEAD_AFTER = re.compile(
    r"(?:\s*,\s*\d{1,2}\s*,)?\s+(?:dead|to\s+death)\b", re.IGNORECASE
)  # "friend, 14, dead"
_BY_PERSON = re.compile(
    r"\s+by\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|gunman|shooter|suspect|teen|teenager|"
    r"husband|wife|father|mother|son|boyfriend|ex-boyfriend|relative|attacker|assailant)\b",
    re.IGNORECASE,
)
_OF_NEXT = re.compile(r"\s+of\b", re.IGNORECASE)
#: a participle phrase: "a boy playing on his skateboard was shot"
_PARTICIPLE = (
    r"(?=(?!(?:being|having|during|morning|evening|according|including|building|following)\b)[a-z]{2,}ing\s"
    r"|involved\s+in\s)"
)
_CLAUSE_WORDS = (
    r"(?:(?!\b(?:that|who|which|where|says|said|told|tells|say|after|before|when|while|because|as|since|until|if)\b)"
    r"[^,.;:!?]){1,60}?"
)
#: a relative clause or participle phrase with no auxiliary of its own, up to the main clause's auxiliary
_RELATIVE = re.compile(
    r"(?:\s+of\s+[\w-]+)?\s*,?\s+(?:(?:who|that)\s+"
    r"(?!(?:was|were|is|are|has|had|have|his|her|their|the|a|an|he|she|they|it|police)\b)"
    rf"|{_PARTICIPLE}){_CLAUSE_WORDS}(?=\s*,?\s+(?:was|were|is|are|has|have|had)\s)",
    re.IGNORECASE,
)
#: in a headline the outcome follows with no auxiliary: "6-year-old playing with gun shot, killed"
_RELATIVE_HEADLINE = re.compile(
    rf"\s+{_PARTICIPLE}{_CLAUSE_WORDS}(?=\s+(?:shot|killed|dies|dead|wounded|injured|hurt|slain)\b)",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    rf"(?:(?:an?|the)\s+)?(?P<nth>{NTH})\b(?!\s+grade)", re.IGNORECASE
)  # not "eighth grader"
#: "the coroner pronounced 18-year-old Emery Collins dead": the one pronounced dead
_PRONOUNCED = re.compile(
    r"\bpronounced\s+(?P<obj>(?!(?:him|her|them|dead|deceased|the\s+victims?)\b)(?:(?!(?:was|were|is|are|and|at|in)\b)[\w'’.,-]+\s+){1,6}?)"
    r"(?:dead|deceased)\b",
    re.IGNORECASE,
)
#: "a fourth was wounded", "a fifth wounded": an ordinal with no noun, then an outcome
_NTH_BARE = re.compile(
    rf"(?<!\w)an?\s+(?P<nth>{NTH})\s+(?P<aux>(?:was|is|had\s+been|has\s+been)\s+)?(?:also\s+)?"
    r"(?P<out>wounded|injured|hurt|shot|grazed|struck|hit|killed|died|dies)\b",
    re.IGNORECASE,
)
#: "Toddler becomes fourth to die in ... shooting": so many dead at least
_NTH_TO_DIE = re.compile(
    rf"\b(?:the\s+)?(?P<nth>{NTH})\s+"
    r"(?:(?:person|victim|child|officer|man|woman|student)\s+)?to\s+(?:die|have\s+died)\b",
    re.IGNORECASE,
)
_AT_TARGET = re.compile(
    r"\s+at\s+(?:him|her|them|us|me|(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+)?"
    r"(?:dog|animal|car|vehicle|truck|officers?|deputies|deputy|police|suspects?|driver))"
    r"(?=\s*(?:[,.;]|but\b|and\b|several\b|multiple\b|\d+\s+times\b|$))",
    re.IGNORECASE,
)
_DIED_LATER = re.compile(
    r"(?:(?!\band\s+(?:a|an|the|another|his|her|their|one|two)\b|\bwho\b)[^.;:!?]){0,80}?"
    r"\b(?:has|have|had|later|since|then|subsequently)?\s*"
    r"(?:died|dies|succumbed|passed\s+away|(?:was\s+)?(?:pronounced|declared)\s+dead)\b",
    re.IGNORECASE,
)
#: "the shooting of his parents ... who were found dead": the people the verb acts on died
_WHO_DIED = re.compile(
    r"\s*,?\s*(?:who|that)\s+(?:were|was|had\s+been|have\s+been|has\s+been)?\s*(?:later\s+|all\s+|both\s+)?"
    r"(?:found\s+dead|(?:found\s+)?(?:shot\s+to\s+death|killed|slain)|pronounced\s+dead|died|later\s+died)\b",
    re.IGNORECASE,
)
_DEAD_WORD = re.compile(r"\b(?:deceased|dead|slain|murdered)\b", re.IGNORECASE)
_REFLEXIVE = re.compile(
    WORD_START + r"(?:(?P<fatal>fatally\s+)?(?:accidentally\s+)?(?:shot|shoots|shoot|shooting)"
    r"|(?P<kills>(?:accidentally\s+)?(?:kills|killed|killing)))"
    r"\s+(?:(?P<self>himself|herself|themselves|self)\b(?P<dead>\s+dead\b)?"
    # "accidentally shoots his leg while cleaning a gun": the one who fired is hurt
    r"|(?:his|her)\s+(?:own\s+)?(?:leg|foot|hand|finger|arm|thigh|knee)\b)",
    re.IGNORECASE,
)
_AND_HIMSELF = re.compile(
    r"\s*(?:,\s*(?:and\s+|then\s+)?|\s+and\s+(?:then\s+)?|\s+then\s+)(?:himself|herself|self)\b", re.I
)
_ALSO = re.compile(r"\balso\b", re.IGNORECASE)
_SURVIVED_BY = re.compile(r"\s+by\b", re.IGNORECASE)
_SURVIVED = re.compile(r"survived\b", re.IGNORECASE)
_VICTIM = re.compile(r"\bvictims?\b", re.IGNORECASE)
_SEVERE = re.compile(
    r"\b(?:seriously|critically|gravely|badly|severely|life-threatening|serious|critical)", re.IGNORECASE
)
_THEN_SELF = re.compile(r"(?:\s+[a-z-]+){0,2}?" + _AND_HIMSELF.pattern, re.IGNORECASE)
_ENDS_SELF = re.compile(r"\b(?:himself|herself|themselves)$", re.IGNORECASE)
_SELF = re.compile(r"\s+(?:himself|herself|themselves)\b", re.IGNORECASE)
_BE = re.compile(r"\b(?:were|was|are|is|been|being|be|got|get|gets)\b", re.IGNORECASE)
_HAVE = re.compile(r"\b(?:have|has|had|having)\b", re.IGNORECASE)
_REL = re.compile(r"\b(?:who|that|which)\b", re.IGNORECASE)
_NEG = re.compile(r"\b(?:not|never)\b|n[’']t\b", re.IGNORECASE)
_SUICIDE = re.compile(
    r"(?<!attempted )\b(?:turn(?:ed|ing|s)?\s+the\s+(?:gun|weapon|rifle|shotgun|handgun)\s+on\s+(?:himself|herself)|(?:killed|killing|kills|kill)\s+(?:himself|herself)|"
    r"(?:fatally\s+shot|shot\s+and\s+killed)\s+(?:himself|herself)|took\s+(?:his|her)\s+own\s+life|murder-suicide|murder\s+suicide|"
    r"died\s+(?:of|from)\s+a\s+self-inflicted|(?:committed|apparent|died\s+by|death\s+by|ruled\s+a)\s+suicide)\b",
    re.IGNORECASE,
)
#: "one of five people shot", "two of four victims who were shot": the outcome is the whole group's
_OF_WHOLE = re.compile(r"\s*,?\s*(?:(?:who|that)\s+(?:were|had\s+been|have\s+been)\s*)?", re.IGNORECASE)
_AGENT_BEFORE = re.compile(r"\bby\s+$", re.IGNORECASE)
_ATTEMPTED = re.compile(r"\b(?:attempted|attempt(?:ing)?\s+(?:a|to))\s+$", re.IGNORECASE)


@dataclass(slots=True)
class Candidate:
    """A figure as first read, before sources, hedges, dates and places are attached."""

    field: str
    sent: int  # index of the sentence in its field
    start: int  # evidence, absolute offsets in the field
    end: int
    count: Count
    outcome: str
    category: str = "unspecified"
    group: str = ""
    agentive: bool = False  # "killing three": victims of an agent (a shooter who dies adds one)
    anaphoric: bool = False  # "the victim died", "he was pronounced dead": someone mentioned before
    undisclosed: bool = False
    person: str = ""  # for one-person mentions: who (head word, age)
    units: list[tuple[int, int]] = field(default_factory=list)  # offsets of counted subject units
    partitive: bool = False  # "one of them died", "two of the victims": part of people counted before
    others: bool = False  # "three other men were shot": people on top of those counted before
    floor: bool = False  # "a murder-suicide" (two at least): a floor a count told later may raise
    lone: bool = False  # "striking the other child": read only when the report tells of no one else
    other: bool = False  # told of another incident ("last year five people died at the same corner")
    # ... known only by being told of an earlier time: "" (not so), "time" ("last summer", "in 2013")
    # or "day" ("a June 9 shooting": one incident's day) -- maybe this one, told of later
    past: str = ""

    def count_at(self, text: str) -> int:
        """Where the count's words start in ``text`` (the candidate's field), -1 when not said."""
        return text.find(self.count.text, self.start, self.end) if self.count.text else -1


_Emit = Callable[..., Candidate]  # emits a candidate of the sentence (offsets relative to it)

#: a name (maybe with an appositive) that leads the sentence, joined by "and" to the subject
_NAMED_AND = re.compile(
    r"^(?:[\W\d/]*:\s*)?(?:On\s+[A-Z][a-z]+,\s*)?(?P<name>[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*"
    r"(?:\s+[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*){0,3})"
    r"(?:\s*,\s*(?:an?|the)\s+[^,;]{1,80},)?\s+and\s+$"
)
_SIDES = ("attackers", "suspects")  # categories of those who attack, not of their victims
_PLURAL_AUX = re.compile(r"\b(?:were|are|have)\b", re.IGNORECASE)


def _named_and(p: Patterns, s: str, first: int, last: int, at: int) -> re.Match[str] | None:
    """'Roshan and his driver were killed': the name before the subject, when the verb is plural and
    the name is no common word ('Police and two others')."""
    m = _NAMED_AND.match(s[:first])
    if m is None or not _PLURAL_AUX.search(s, last, at) or is_common(p, m.group("name")):
        return None
    return m


def _told_before(text: str, pos: int, person: str) -> bool:
    """Was the noun of ``person`` told of in ``text`` before ``pos``? ("the child": yes when a
    child was met before; a noun met for the first time is someone the report introduces)"""
    noun = PersonKey.parse(person).noun
    if not noun or noun in ("he", "she", "victim", "person"):
        return True
    return re.search(rf"\b{re.escape(noun)}", text[:pos], re.IGNORECASE) is not None


def _outcome_after(
    p: Patterns, s: str, pos: int, *, tight: bool, headline: bool = False
) -> tuple[str, int, int] | None:
    """The outcome stated right after a subject ending at ``pos``: (outcome, end, phrase start)."""
    m = p.aux_outcome.match(s, pos)
    if not m:
        return None
    aux = m.group("aux") or ""
    if tight and (m.group("aside") or "").strip():
        return None
    if _NEG.search(aux):
        return None
    phrase = m.group("outcome")
    if phrase.lower() == "critical" and _OF_NEXT.match(s, m.end()):
        return None  # "critical of the police"
    first = phrase.lower().split()[0]
    if first in _TRANSITIVE:
        if _REL.search(aux) and not _BE.search(aux):
            return None  # "a man who killed ...": the agent, not a victim
        if _HAVE.search(aux) and not re.search(r"\bbeen\b|\bbeing\b", aux, re.IGNORECASE):
            return None  # "have killed": active
        if (
            not _BE.search(aux)
            and phrase.lower() not in ("dead", "killed by gunfire")
            and (
                p.object_next.match(s, m.end())
                or (phrase.lower() == "shot" and _AT_TARGET.match(s, m.end()))
                or (not headline and _NAME_NEXT.match(s, m.end()))
                or (headline and _HEADLINE_OBJECT.match(s, m.end()))
            )
        ):
            return None  # "two men shot a clerk", "Boy, 6, shot sister"
    outcome = p.after_group.get(
        " ".join(phrase.lower().replace("’", "'").split()), "shot"
    )  # else a wound phrase
    if outcome == "killed" and p.other_cause.match(s, m.end()):
        return None  # "succumbed to cancer": no toll of violence
    if phrase.lower().endswith("survived") and _SURVIVED_BY.match(s, m.end()):
        return None  # "he is survived by his wife": the dead man's family
    if outcome == "shot" and re.search(r"\bfatal\b", phrase, re.IGNORECASE):
        outcome = "killed"  # "suffered a fatal gunshot wound"
    refl = _SELF.match(s, m.end())
    return outcome, refl.end() if refl else m.end(), m.start("outcome")


def find_candidates(
    p: Patterns, field_name: str, text: str, sent_index: int, start: int, end: int
) -> list[Candidate]:
    """The figure candidates of the sentence ``text[start:end]``, with absolute offsets."""
    s = text[start:end]
    if not has_cue(p, s):
        return []
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []

    def emit(a: int, b: int, count: Count, outcome: str, **kw: object) -> Candidate:
        c = Candidate(field_name, sent_index, start + a, start + b, count, outcome, **kw)  # type: ignore[arg-type]
        found.append(c)
        taken.append((a, b))
        return c

    units = units_of(p, s, headline=field_name == "title")
    by_forces: list[Candidate] = []  # one-person deaths at the hands of police
    i = 0
    #: outcomes read past a subject's relative clause: (clause end, outcome start)
    claimed: list[tuple[int, int]] = []
    while i < len(units):
        u = units[i]
        # chain "a man and a woman", "a 12-year-old and three others"
        chain = [u]
        j = i
        # "in addition to the three bombers, one civilian was killed": no list, two subjects
        while u.has_group and j + 1 < len(units) and not set_apart(p, s, u.start):
            ends = {
                m.end()
                for m in (p.joiner.match(s, chain[-1].end), p.joiner.match(s, _skip_aside(s, chain[-1].end)))
                if m
            }
            # "his wife and their three children": a count after a possessive
            ends |= {d.end() for e in ends if (d := _POSSESSOR.match(s, e))}
            nxt = next((x for x in range(j + 1, len(units)) if units[x].start in ends), None)
            comma_only = nxt is not None and "and" not in s[chain[-1].end : units[nxt].start]
            # "the victim, a six-year-old girl," is one person: an appositive, not a list
            appositive = comma_only and (
                units[nxt].anaphoric or chain[-1].anaphoric or _names(chain[-1], units[nxt])
            )
            # "five people, four of them students": a part of the same people, not more of them
            if (
                nxt is not None
                and units[nxt].has_group
                and not appositive
                and not (comma_only and units[nxt].partitive)
            ):
                chain.append(units[nxt])
                j = nxt
            else:
                break
        last = chain[-1]
        # the verb ends right before the subject: look only at the words before it (the patterns end in $)
        before = p.before.search(s, max(0, u.start - 100), u.start)
        left = p.left_before.search(s, max(0, u.start - 30), u.start)
        # "left him and his two daughters dead": the one left is one more
        left_pro = _LEFT_PRONOUN.search(s, max(0, u.start - 40), u.start)
        left = left or left_pro
        done = False
        if before and u.anaphoric and u.person and len(chain) == 1 and field_name == "text":
            # "discharged the gun, striking the other child": someone told of before, or met here
            outcome = p.before_count[" ".join(before.group("verb").lower().split())]
            if outcome in ("killed", "shot", "injured"):
                emit(
                    before.start(),
                    u.end,
                    u.count,
                    outcome,
                    category=u.category,
                    group=u.group,
                    anaphoric=True,
                    person=_object(u.person),
                    # ... a death of someone met here when its noun was not told of before ("killing
                    # the conductor") or of an attacker ("police killed the gunman": no victim told of
                    # before); one struck may be someone told of ("striking the boy")
                    lone=outcome != "killed"
                    or (_told_before(text, start + u.start, u.person) and u.category not in _SIDES),
                )
                done = True
        if before and not u.anaphoric:
            verb = " ".join(before.group("verb").lower().split())
            outcome = p.before_count[verb]
            bare_ok = outcome in ("killed", "injured") and not re.match(
                r"\s+(?:of|percent|%|times)\b", s[u.end :]
            )
            if u.has_group or bare_ok:
                one = len(chain) == 1
                count = u.count if one else _sum(chain, s)
                end = last.end
                me = _THEN_SELF.match(s, end) if outcome == "killed" and count.best else None
                if me and count.best:  # "kills 3 bandmates, self": the shooter is in the count
                    count = exact(count.best + 1, s[u.start : me.end()])
                    end, one = me.end(), False
                elif outcome == "shot" and (dead := _DEAD_AFTER.match(s, end)):  # "shot his daughter dead"
                    outcome, end = "killed", dead.end()
                elif outcome in ("shot", "injured") and (
                    dead := _WHO_DIED.match(s, end) or _KILLING_HIM.match(s, end)
                ):
                    outcome, end = "killed", dead.end()  # "shooting five people who were found dead"
                emit(
                    before.start(),
                    end,
                    count,
                    outcome,
                    category=_cat(chain),
                    group=_grp(chain, s),
                    agentive=me is None and verb not in p.tally,  # "the deaths of": no agent's victims
                    person=_object(u.person) if one else "",
                )
                done = True
        if not done and left and not u.anaphoric:
            r = p.result_after.match(s, last.end)
            while r:  # "left three people dead and another injured"
                told, first = _sum(chain, s), u.start
                if left_pro and told.kind == "exact" and told.best:
                    first = left_pro.start("pro")
                    told, left_pro = exact(told.best + 1, s[first : last.end]), None
                emit(
                    first,
                    r.end(),
                    told,
                    p.result[" ".join(r.group("outcome").lower().split())],
                    category=_cat(chain),
                    group=_grp(chain, s),
                    person=u.person if len(chain) == 1 else "",
                )
                done = True
                jm = p.joiner.match(s, r.end())
                nxt = [x for x in units[j + 1 :] if jm and x.start == jm.end()]
                if not nxt:
                    break
                u = last = nxt[0]
                chain = [u]
                j = units.index(u)
                r = p.result_after.match(s, u.end)
        if not done and not _AGENT_BEFORE.search(
            s, max(0, u.start - 10), u.start
        ):  # "shot by her 4-year-old son": the agent
            got = _outcome_after(p, s, last.end, tight=not last.has_group, headline=field_name == "title")
            rel = None
            if got and any(u.start < end_ and got[2] == at_ for end_, at_ in claimed):
                # "Teen coming to the aid of his mother is shot": the outcome is the teen's, not the mother's
                got, done = None, True
            if got is None and not done and len(chain) == 1 and (u.person or u.has_group):
                # "a father of three who stopped at a store was fatally shot": past the relative clause
                rel = _RELATIVE.match(s, last.end) or (
                    _RELATIVE_HEADLINE.match(s, last.end) if field_name == "title" else None
                )
                if rel:
                    got = _outcome_after(p, s, rel.end(), tight=False, headline=field_name == "title")
            if got and u.count.best == 0 and len(chain) == 1 and _SEVERE.search(s, last.end, got[1]):
                got = None  # "nobody was seriously injured": some may have been, lightly
                done = True
            if got and _SURVIVED.match(s, got[2]) and not (u.partitive or _VICTIM.search(u.group)):
                got = None  # "one victim survived" was shot and lived; "the baby survived" may not have been hit
            if got and (last.has_group or _tight_ok(s, last.end, got[1])):
                outcome, b, at = got
                if outcome == "shot" and len(chain) == 1 and u.person and "hospital" in s[at:b].lower():
                    # "she was taken to a hospital": one person hurt; "both were taken to the
                    # hospital" may hold one who died there
                    outcome = "injured"
                whole = (
                    len(chain) == 1
                    and u.total is not None
                    and _OF_WHOLE.fullmatch(s, last.end, at)
                    and not s.lower().startswith("survived", at)  # "one of five victims survived": the one
                )
                c = emit(
                    u.start,
                    b,
                    exact(u.total, u.count.text)
                    if whole and u.total is not None
                    else _sum(chain, s)
                    if len(chain) > 1
                    else u.count,
                    outcome,
                    category=_cat(chain),
                    group=_grp(chain, s),
                    anaphoric=all(x.anaphoric for x in chain),
                    person=u.person if len(chain) == 1 else "",
                    # "one victim is in critical condition": one of those hit ("one victim died" is a death)
                    partitive=(u.partitive or (u.one and outcome != "killed"))
                    and len(chain) == 1
                    and not whole,
                    others=u.others and len(chain) == 1,
                )
                c.units = [(start + x.start, start + x.end) for x in chain]
                done = True
                if (
                    (named := _named_and(p, s, u.start, last.end, at))
                    and c.count.kind == "exact"
                    and c.count.best
                ):
                    # "Guiamad, a provincial engineer, and two others were killed": the one named too
                    c.count = exact(c.count.best + 1, s[named.start("name") : last.end])
                    c.start, c.person, c.partitive, c.others = start + named.start("name"), "", False, False
                    c.anaphoric = False  # the name is told here, and so are those joined to it
                if (
                    len(chain) == 1
                    and u.partitive
                    and not u.person
                    and u.count.best == 1
                    and c.category in ("attackers", "suspects")
                ):
                    # "one of the suspects was struck by return fire": one person, a shooter
                    c.person = str(PersonKey(role="attacker", noun="suspect"))
                if rel:
                    claimed.append((b, at))
                if (
                    len(chain) == 1
                    and u.person
                    and outcome in ("killed", "shot", "injured", "casualties")
                    and (nth := _ORDINAL.match(s, u.start))
                ):
                    # "a third person has died", "a fourth victim was critically injured": so many at least
                    n = ORDINALS[nth.group("nth").lower()]
                    emit(
                        u.start,
                        b,
                        Count(n, n, None, "at_least", nth.group(0)),
                        "killed" if outcome == "killed" else "shot",
                    )
                if outcome == "killed" and not c.person and _BY_PERSON.match(s, b):
                    c.agentive = True  # "four people were killed by a man": a killer who may die too
                if outcome == "killed" and c.person and p.by_forces.match(s, b):
                    by_forces.append(c)
                elif outcome == "killed" and c.person and p.with_forces.match(s, b):
                    _as_attacker(c)  # "was killed in a gun battle with police": he fired at them
                if whole and (later := _DIED_LATER.match(s, b)):  # "one of five people shot ... has died"
                    emit(u.start, later.end(), u.count, "killed", group=c.group, partitive=True)
                if c.person and (_ENDS_SELF.search(s, max(0, b - 12), b) or _ALSO.search(s, last.end, b)):
                    key = PersonKey.parse(c.person)
                    key.reflexive = bool(_ENDS_SELF.search(s, max(0, b - 12), b))  # "the woman shot herself"
                    key.also = bool(_ALSO.search(s, last.end, b))  # "a woman was also shot"
                    c.person = str(key)
                    if key.reflexive and (o2 := _and_object(p, s, b)) is not None:
                        c.count, c.person, c.end = exact(2, s[u.start : o2.end()]), "", start + o2.end()
                if (
                    outcome in ("shot", "injured")
                    and len(chain) == 1
                    and (u.person or (u.partitive and not whole and u.count.best == 1))
                ):
                    # "Boy, 13, shot near the base has died", "a deceased man with a gunshot wound"
                    later = _DIED_LATER.match(s, b)
                    if later:
                        c.outcome, c.end = "killed", start + later.end()
                    elif _DEAD_WORD.search(u.group):
                        c.outcome = "killed"
                if (
                    len(chain) == 1
                    and u.person
                    and (along := _ALONG_WITH.match(s, c.end - start))
                    and (cm := p.count.match(s, along.end()))
                    and (more := count_from_match(cm, p)) is not None
                    and more.kind == "exact"
                    and more.best
                    and (oth := _OTHERS_AFTER.match(s, cm.end()))
                ):
                    # "Ellis, 44, was shot along with three others": four shot
                    n = more.best + 1
                    emit(u.start, oth.end(), exact(n, s[u.start : oth.end()]), c.outcome, group=c.group)
                tail = p.tail_fatal.match(s, b)
                if (
                    tail
                    and tail.group("how").lower() in ("fatally", "mortally")
                    and outcome in ("shot", "injured", "casualties")
                ):
                    n = read_number(tail.group("fnum"), p)
                    if n is not None:
                        emit(
                            tail.start("fnum"),
                            tail.end(),
                            exact(n, tail.group("fnum")),
                            "killed",
                            category="unspecified",
                            group=c.group,
                            partitive=True,
                        )
        if not done and not u.anaphoric and u.count.kind != "unknown":
            cn = (
                p.count_noun_after.match(s, u.start if not u.has_group else u.end)
                if not u.has_group
                else None
            )
            if cn is None and not u.has_group:
                cn = p.count_noun_after.match(s, u.end)
            if cn is None and u.has_group:
                cn = _group_is_count_noun(p, s, u)
            if cn is not None and member_of_toll(p, s, cn.end()):
                cn = None  # "13 refugees were among the 178 killed": who they are (lists.py reads it)
            if cn is not None:
                noun = " ".join(cn.group("noun").lower().split())
                adj = cn.group("adj") or ""
                cat = u.category
                if cat == "unspecified":
                    am = p.adjective_re.search(adj)
                    if am:
                        cat = p.adjectives.get(" ".join(am.group("adj").lower().split()), cat)
                emit(
                    u.start,
                    cn.end(),
                    u.count,
                    p.count_nouns[noun],
                    category=cat,
                    group=(adj.strip() or u.group),
                    partitive=u.partitive,  # "one of the shooting victims"
                )
                done = True
        if not done and len(chain) == 1 and u.has_group and (am := p.outcome_adjective.match(u.group)):
            # "a wounded 12-year-old girl", "Fatal victim ID'd", "three wounded officers"
            emit(
                u.start,
                u.end,
                u.count,
                p.outcome_adjectives[" ".join(am.group("adj").lower().split())],
                category=u.category,
                group=u.group,
                anaphoric=u.anaphoric,
                person=u.person,
                partitive=u.partitive,
            )
        i = j + 1

    _read_objects(p, s, field_name, units, taken, emit)
    _read_single_deaths(p, s, field_name, units, taken, emit)
    _read_said_and_forces(p, s, units, taken, emit, by_forces)
    _read_ordinals_and_tolls(p, s, start, found, taken, emit)
    _finish(p, s, start, units, found, taken, emit, by_forces)
    return found


def _read_objects(
    p: Patterns,
    s: str,
    field_name: str,
    units: list[Unit],
    taken: list[tuple[int, int]],
    emit: _Emit,
) -> None:
    """Objects of a toll verb with no count ("fatally shooting toddler", "shot him") and the one hit."""
    # "fatally shooting toddler", "gun that killed 13-year-old friend", "fatal shooting of teenage boy"
    him: list[tuple[re.Match[str], re.Match[str]]] = []  # "shot him": read once the rest is
    for m in p.before_any.finditer(s):
        if field_name == "text" and (obj_pro := _OBJ_PRONOUN.match(s, m.end())):
            him.append((m, obj_pro))
        if _overlaps(taken, m.start(), m.end()) or any(x.start == m.end() for x in units):
            continue
        pro = _PRONOUN_AND.match(s, m.end())  # "killing her and another woman": two
        o = p.object_np.match(s, pro.end() if pro else m.end())
        verb = " ".join(m.group("verb").lower().split())
        outcome = p.before_count.get(verb)
        if o is None and outcome is not None and not pro and field_name != "title":
            _named_objects(p, s, m, outcome, taken, emit)  # "injuring Leanne Smith and Dustin Grey"
            continue
        if o is None or outcome is None or _overlaps(taken, o.start(), o.end()):
            continue
        head = o.group("ohead")
        bare = o.start("ofill") == m.end() if o.group("ofill") else o.start("ohead") == m.end()
        if (
            bare
            and verb.endswith("ing")
            and p.singular.get(" ".join(head.lower().split())) in ("attackers", "suspects")
        ):
            continue  # "mass killing suspect": a noun compound, no victim ("kills intruder" has one)
        if bare and field_name != "title" and not re.match(r"\d|[a-z]+[- ](?:year|month|week)", head, re.I):
            continue  # outside headlines a victim has an article: "killed a man", not "killed man's ..."
        fill, end = o.group("ofill") or "", o.end()
        if poss := p.possessive_head.match(s, end):  # "kills police officer's son": the son
            head, fill, end = poss.group("phead"), poss.group("pfill") or "", poss.end()
        # "injured his 4-year-old daughter and her mother": every object counts
        n = 2 if pro else 1
        while (
            (j := p.joiner.match(s, end))
            and (o2 := p.object_np.match(s, j.end()))
            # "kills man, grazes child" is no list; "her brother and 4-year-old daughter" is
            and ("and" in j.group(0) or not o2.group("ofill") or o2.start("ofill") > j.end())
        ):
            n, end = n + 1, o2.end()
        if (j := p.joiner.match(s, end)) and "and" in j.group(0) and (more := _counted_object(p, s, j.end())):
            n, end = n + more[0], more[1]  # "a pastor, his wife and their three youngest children"
        self_in = outcome == "killed" and (me := _AND_HIMSELF.match(s, end))
        if self_in and me:  # "kills woman, her son, himself": the shooter is in the count
            n, end = n + 1, me.end()
        elif outcome == "shot" and (dead := _DEAD_AFTER.match(s, end)):  # "shot his daughter dead"
            outcome, end = "killed", dead.end()
        elif outcome in ("shot", "injured") and (
            dead := _WHO_DIED.match(s, end) or _KILLING_HIM.match(s, end)
        ):
            outcome, end = "killed", dead.end()  # "the shooting of his parents ... who were found dead"
        emit(
            m.start(),
            end,
            exact(n, s[m.end() if pro else o.start() : end]),
            outcome,
            category=category_of(p, head, fill) if n == 1 else "unspecified",
            group=s[o.start() : end],
            agentive=not self_in and verb not in p.tally,
            person=role_of(p, head, "a", fill + " " + head) if n == 1 else "",
        )
    # "someone approached him and shot him in the hand": someone told of before, or the one hit
    for m, pro in him:
        outcome = p.before_count.get(" ".join(m.group("verb").lower().split()))
        if (
            outcome not in ("killed", "shot", "injured")
            or _overlaps(taken, m.start(), pro.end())
            or any(
                f.start() <= m.start() < f.end() for f in p.forces_kill.finditer(s, max(0, m.start() - 60))
            )
        ):
            continue  # "before police killed him": the police's, read below
        sex = "male" if pro.group(0).lower() == "him" else "female"
        emit(
            m.start(),
            pro.end(),
            exact(1, pro.group(0)),
            outcome,
            group=pro.group(0),
            anaphoric=True,
            person=str(PersonKey(sex=sex, noun="he" if sex == "male" else "she")),
            lone=True,
        )


def _read_single_deaths(
    p: Patterns,
    s: str,
    field_name: str,
    units: list[Unit],
    taken: list[tuple[int, int]],
    emit: _Emit,
) -> None:
    """One person's death or wound told other ways: "the boy's death", "shot himself", "pronounced dead", "he shot me"."""
    # "the boy's death", "in the teen's slaying": one person killed
    for d in p.death_suffix.finditer(s):  # cheap: the rare "'s death" first, then the person before it
        m = p.possessive_death.search(s, max(0, d.start() - 80), d.end())
        if m is None or m.end() != d.end() or _overlaps(taken, m.start(), m.end()):
            continue
        head = m.group("dhead")
        emit(
            m.start(),
            m.end(),
            exact(1, m.group(0)),
            "killed",
            category=category_of(p, head, m.group("dfill") or ""),
            group=s[m.start() : m.end("dhead")],
            person=role_of(p, head, "the", m.group(0)),
            anaphoric=bool(_DEFINITE.match(m.group(0))),  # "the child's death": someone met before
        )
    # "a boy accidentally shot himself": the one who fired is the one hurt
    for m in _REFLEXIVE.finditer(s):
        if _overlaps(taken, m.start(), m.end()):
            continue
        fatal = bool(m.group("fatal") or m.group("kills") or m.group("dead"))
        o2 = _and_object(p, s, m.end(), headline=field_name == "title") if m.group("self") else None
        if o2 is not None and not fatal:  # "accidentally shot himself and a friend": two people hit
            emit(
                m.start(),
                o2.end(),
                exact(2, s[m.start("self") : o2.end()]),
                "shot",
                group=s[m.start("self") : o2.end()],
            )
            continue
        emit(
            m.start(),
            m.end(),
            exact(1, m.group(0)),
            "killed" if fatal else "shot",
            group=m.group("self") or "self",
            person=str(PersonKey(reflexive=True)),
        )
    for m in _PRONOUNCED.finditer(s):
        if _overlaps(taken, m.start(), m.end()):
            continue
        inside = [u for u in units if m.start("obj") <= u.start < m.end("obj") and u.person]
        if len(inside) == 1:
            group, person = inside[0].group, inside[0].person
        elif not inside and (nm := _OBJ_NAME.match(m.group("obj"))):
            group, person = (
                nm.group("name"),
                str(PersonKey(age=nm.group("age") or "", name=nm.group("name").lower())),
            )
        else:
            continue
        emit(m.start(), m.end(), exact(1, m.group("obj").strip()), "killed", group=group, person=person)


def _read_said_and_forces(
    p: Patterns,
    s: str,
    units: list[Unit],
    taken: list[tuple[int, int]],
    emit: _Emit,
    by_forces: list[Candidate],
) -> None:
    """One sent to the hospital, one the police killed, one killed "before being killed", one who says "he shot me"."""
    for m in _SENT.finditer(s):  # "left two boys dead and sent a teenage girl to the hospital"
        sent = [x for x in units if x.start == m.end() and x.count.best][:1]
        while sent and (j := p.joiner.match(s, sent[-1].end)):  # "a 4-year-old and her mother"
            nxt = next((x for x in units if x.start == j.end() and x.count.best), None)
            if nxt is None:
                break
            sent.append(nxt)
        if not sent or _overlaps(taken, m.start(), m.end()) or not (h := _TO_HOSPITAL.match(s, sent[-1].end)):
            continue
        one = sent[0] if len(sent) == 1 else None
        emit(
            m.start(),
            h.end(),
            _sum(sent, s),
            "injured" if one and one.person else "shot",  # one person sent to hospital is hurt (as above)
            category=_cat(sent),
            group=_grp(sent, s),
            person=one.person if one else "",
        )
    for m in p.forces_kill.finditer(s):  # "before police killed him", "a SWAT marksman killed Long"
        if not _overlaps(taken, m.start(), m.end()):
            obj = m.group("obj")
            named = obj[0].isupper() and obj.split()[0] not in ("The", "Him", "Her")
            person = PersonKey("victim", name=name_key(obj) if named else "")
            c = emit(m.start(), m.end(), exact(1, obj), "killed", group=obj, person=str(person))
            c.anaphoric = not named
            if obj.lower().startswith("the"):
                _as_attacker(c)
            else:
                by_forces.append(c)
    for m in _BEING_KILLED.finditer(s):  # "shot four relatives before being killed by police"
        if not _overlaps(taken, m.start(), m.end()) and p.by_forces.match(s, m.end()):
            by_forces.append(
                emit(m.start(), m.end(), exact(1, m.group(0)), "killed", group="self", person="victim")
            )
    for m in _SHOT_ME.finditer(s):  # '"He shot me," the woman said': the one who speaks was hit
        sp = next((u for u in units if u.start == m.end() and u.person), None)
        if sp is not None:
            person, group, end, anaphoric = sp.person, sp.group, sp.end, sp.anaphoric
        elif (nm := _SPEAKER_NAME.match(s, m.end())) and nm.group("name") not in _NOT_SPEAKERS:
            person, group, end, anaphoric = (
                str(PersonKey(name=name_key(nm.group("name")))),
                nm.group("name"),
                nm.end("name"),
                False,
            )
        else:
            continue
        if not _overlaps(taken, m.start(), end):
            emit(m.start(), end, exact(1, group), "injured", group=group, person=person, anaphoric=anaphoric)


def _read_ordinals_and_tolls(
    p: Patterns,
    s: str,
    start: int,
    found: list[Candidate],
    taken: list[tuple[int, int]],
    emit: _Emit,
) -> None:
    """Ordinals ("a fourth was wounded"), tolls ("the death toll rose to 12") and implied counts ("a double homicide")."""
    for m in _NTH_BARE.finditer(s):  # "three men shot, a fourth wounded by shrapnel": four at least
        if m.group("aux") is None and m.group("out").lower() in ("shot", "hit", "struck"):
            continue  # "fired one shot, then a second shot": a noun
        if not _overlaps(taken, m.start(), m.end()):
            n = ORDINALS[m.group("nth").lower()]
            dead = m.group("out").lower() in ("killed", "died", "dies")
            emit(m.start(), m.end(), Count(n, n, None, "at_least", m.group(0)), "killed" if dead else "shot")
    for m in _NTH_TO_DIE.finditer(s):
        if not _overlaps(taken, m.start(), m.end()):
            n = ORDINALS[m.group("nth").lower()]
            emit(m.start(), m.end(), Count(n, n, None, "at_least", m.group(0)), "killed", group="people")
    for m in p.toll.finditer(s):
        cm = p.count.match(s, m.end())
        if cm and not _overlaps(taken, cm.start(), cm.end()):
            c = count_from_match(cm, p)
            if c is not None:
                emit(m.start(), cm.end(), c, p.toll_nouns[" ".join(m.group("toll").lower().split())])
    implied = [
        (m, p.implied[" ".join(m.group("implied").lower().split())])
        for m in p.implied_re.finditer(s)
        if not _ATTEMPTED.search(s, max(0, m.start() - 40), m.start())  # "an attempted murder-suicide"
    ]
    implied += [  # "in a fatal Hammond shooting"
        (m, spec)
        for rx, spec in p.implied_patterns
        for m in rx.finditer(s)
        if not _overlaps(taken, m.start(), m.end())
    ]
    for m, spec in implied:
        n = spec["count"]
        count = Count(n, n, None, "at_least", m.group(0)) if spec.get("at_least") else exact(n, m.group(0))
        emit(m.start(), m.end(), count, spec["outcome"], group="people", floor=bool(spec.get("at_least")))
    _sum_agentive(s, start, found, emit)


def _finish(
    p: Patterns,
    s: str,
    start: int,
    units: list[Unit],
    found: list[Candidate],
    taken: list[tuple[int, int]],
    emit: _Emit,
    by_forces: list[Candidate],
) -> None:
    """Police kills, undisclosed figures, outcomes with no number, and "another" beside someone of the sentence."""
    for c in by_forces:
        if any(x.agentive and x.outcome in ("killed", "shot", "injured") for x in found if x is not c):
            # "a man shot and killed by officers had shot his girlfriend": one the police kill after
            # he shot others is the one they came for, dead on top of his victims
            _as_attacker(c)
        elif c.group == "self":
            found.remove(c)
    before_und = len(found)
    _undisclosed(p, s, emit)
    for u in found[before_und:]:
        a, b = u.start - start, u.end - start
        found[:before_und] = [
            c for c in found[:before_und] if not (c.start - start < b and a < c.end - start)
        ]
    for m in p.unknown.finditer(s):
        if _overlaps(taken, m.start(), m.end()):
            continue
        head = m.group("uhead")
        emit(
            m.start(),
            m.end(),
            unknown(m.group(0)),
            p.unknown_verbs[" ".join(m.group("uverb").lower().split())],
            category=category_of(p, head, ""),
            group=head,
        )
    for c in found:
        # "a 17-year-old surrendered after another teen was injured": "another" is beside someone of
        # its own sentence told of with no figure (here the one who fired), not one more victim
        if not c.person or not s.lower().startswith("another", c.start - start):
            continue
        if any(d.start < c.start for d in found if d is not c):
            continue
        if any(u.person and u.end <= c.start - start for u in units):
            key = PersonKey.parse(c.person)
            key.more = False
            c.person = str(key)


_ASIDE = re.compile(r",\s*(?:(?:ages?|aged|both|all)\s+[^,;]{1,25}|\d{1,2})(?=,(?!\d))")


def _skip_aside(s: str, pos: int) -> int:
    """Past an appositive such as ', ages 3 and 5' (the comma that closes it stays)."""
    m = _ASIDE.match(s, pos)
    return m.end() if m else pos


def _and_object(p: Patterns, s: str, pos: int, headline: bool = False) -> re.Match[str] | None:
    """'... and a friend' right at ``pos``: one more person the same verb acts on (in a headline a
    comma says 'and': 'shooting self, girl')."""
    j = p.joiner.match(s, pos)
    if j is None or not ("and" in j.group(0) or (headline and "&" not in j.group(0))):
        return None
    if headline and "and" not in j.group(0):
        b = p.bare_singular.match(s, j.end())
        if b is None or len((b.group("bfill") or "").split()) > 1 or _CLAUSE_VERB.match(s, b.end()):
            return None  # "shoots himself, father charged": a clause of its own
        return b
    return p.object_np.match(s, j.end())


_CLAUSE_VERB = re.compile(r"\s+(?:[a-z]+ed|says?|faces?|is|was|gets?|held|hit|shot|sought)\b", re.IGNORECASE)
_LEFT_PRONOUN = re.compile(
    WORD_START + r"(?:left|leaving|leaves)\s+(?P<pro>him|her)\s+and\s+(?:(?:his|her|their)\s+)?$",
    re.IGNORECASE,
)
#: a clause with no subject of its own: its subject is the main clause's, the one who shot
_BEING_KILLED = re.compile(
    r"\b(?:before|after|until|when)\s+being\s+(?:(?:fatally|mortally)\s+(?:shot|wounded)|shot\s+and\s+killed"
    r"|shot\s+dead|shot\s+to\s+death|killed|gunned\s+down)\b",
    re.IGNORECASE,
)
#: '"He shot me," Lia said', '"he shot me" ... said the woman': a quote whose speaker was hit
_SHOT_ME = re.compile(
    r"\b(?:shot|hit|struck|shooting)\s+me\b[^\"”“]{0,100}?[\"”]\s*,?\s*(?:(?:said|says|told\s+\w+)\s+)?",
    re.IGNORECASE,
)
_SPEAKER_NAME = re.compile(
    r"(?P<name>[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+)?)(?=\s+(?:said|says|told)\b|\s*[.,]|$)"
)
_NOT_SPEAKERS = frozenset(("He", "She", "They", "Police", "It", "Officers", "Authorities", "Deputies"))
_ALONG_WITH = re.compile(r"(?:\s+[a-z]+){0,3}?\s+along\s+with\s+", re.IGNORECASE)
_OTHERS_AFTER = re.compile(r"\s+(?:other\s+(?:people|persons|men|women|victims)|others)\b", re.IGNORECASE)
_OBJ_PRONOUN = re.compile(r"(?:him|her)\b(?!\s+and\b|['’]s|\s+(?:own|first|last)\b)", re.IGNORECASE)
_SENT = re.compile(r"\b(?:sent|sending|sends|send)\s+", re.IGNORECASE)
_TO_HOSPITAL = re.compile(
    r"\s+to\s+(?:(?:the|a|an|area|local|nearby|two|three|several|different)\s+)*hospitals?\b", re.IGNORECASE
)
_PRONOUN_AND = re.compile(r"(?:him|her)\s+and\s+(?=(?:a|an|another|his|her|their|the)\s)", re.IGNORECASE)
_POSSESSOR = re.compile(r"(?:their|his|her|the)\s+", re.IGNORECASE)


def _counted_object(p: Patterns, s: str, pos: int) -> tuple[int, int] | None:
    """'their three youngest children' at ``pos``: (how many, where it ends)."""
    if det := _POSSESSOR.match(s, pos):
        pos = det.end()
    cm = p.count.match(s, pos)
    if cm is None or (c := count_from_match(cm, p)) is None or c.kind != "exact" or not c.best:
        return None
    g = p.group.match(s, cm.end())
    if g is None or not g.group("head") or (g.group("pre") or "").strip():
        return None
    return c.best, g.end()


#: "... struck a man in the chest, killing him": the one hit died
_KILLING_HIM = re.compile(r"[^.;:,]{0,40}?,\s*(?:killing|fatally\s+wounding)\s+(?:him|her)\b", re.IGNORECASE)
_FULL_NAME = re.compile(rf"(?P<name>{FULL_NAME})(?![\w'’-])")  # "Sarah Davidson", "MaKayla Dyer"
_OBJ_NAME = re.compile(rf"(?:(?P<age>\d{{1,2}})-year-old\s+)?{_FULL_NAME.pattern}")


def _named_objects(
    p: Patterns, s: str, m: re.Match[str], outcome: str, taken: list[tuple[int, int]], emit: Any
) -> None:
    """'killing Sarah Davidson', 'injuring Leanne Smith and Dustin Grey': people named as objects."""
    names: list[re.Match[str]] = []
    pos = m.end()
    while (nm := _FULL_NAME.match(s, pos)) and is_name(p, s, nm):
        names.append(nm)
        j = p.joiner.match(s, nm.end())
        if j is None:
            break
        pos = j.end()
    if len(names) > 1 and not re.search(r"\band\b|&", s[names[-2].end() : names[-1].start()]):
        names = names[:1]  # "shot Diane McIver, Tex McIver said": no list without "and" before its last
    if not names or _overlaps(taken, m.start(), names[-1].end()):
        return
    end = names[-1].end()
    if outcome in ("shot", "injured") and (dead := _KILLING_HIM.match(s, end)):
        outcome, end = "killed", dead.end()  # "it struck Travon Rollins in the chest, killing him"
    one = names[0] if len(names) == 1 else None
    emit(
        m.start(),
        end,
        exact(len(names), s[names[0].start() : names[-1].end()]),
        outcome,
        group=s[names[0].start() : names[-1].end()],
        agentive=" ".join(m.group("verb").lower().split()) not in p.tally,
        person=str(PersonKey(name=name_key(one.group("name")))) if one else "",
    )


def _sum_agentive(s: str, start: int, found: list[Candidate], emit: Any) -> None:
    """'shot and killed his girlfriend and then fatally shot three men': one agent's victims of
    one outcome, told verb by verb in one sentence and joined by 'and', add up."""
    kills = sorted(
        (
            c
            for c in found
            if c.outcome == "killed" and c.agentive and c.count.kind == "exact" and c.count.best
        ),
        key=lambda c: c.start,
    )
    run = kills[:1]
    for c in kills[1:]:
        gap = s[run[-1].end - start : c.start - start]
        if c.start >= run[-1].end and re.fullmatch(r"[^.;:]{0,40}?\band\b[^.;:]{0,20}", gap):
            run.append(c)
        else:
            break
    if len(run) >= 2:
        n = sum(c.count.best or 0 for c in run)
        a, b = run[0].start - start, run[-1].end - start
        emit(a, b, exact(n, s[a:b]), "killed", group=s[a:b], agentive=True)


def _as_attacker(c: Candidate) -> None:
    key = PersonKey.parse(c.person)
    key.role = "attacker"
    c.person = str(key)


def _object(person: str) -> str:
    """'shot another teen': an object's 'another' tells it from the shooter, not from the victims."""
    key = PersonKey.parse(person)
    key.more = False
    return str(key) if person else ""


def _names(a: Unit, b: Unit) -> bool:
    """'the child's grandfather, Christopher Russell, 54,': a name after a one-person noun is that person."""
    return (
        bool(a.person and b.person)
        and not PersonKey.parse(a.person).name
        and bool(PersonKey.parse(b.person).name)
    )


def _tight_ok(s: str, a: int, b: int) -> bool:
    """A bare number ("one died", "2 dead") is a subject only if nothing but auxiliaries intervene."""
    return len(s[a:b].split()) <= 4


def _group_is_count_noun(p: Patterns, s: str, u: Unit) -> re.Match[str] | None:
    """'two gunshot victims': the group's head is itself a count noun."""
    m = p.count_noun_after.match(s, u.start + len(u.count.text))
    if m and (
        m.end() == u.end or (m.end() > u.end and s.startswith(" of ", u.end))
    ):  # "two victims of gunshot wounds"
        return m
    return None


def _sum(chain: list[Unit], s: str) -> Count:
    if len(chain) == 1:
        return chain[0].count
    kinds = {u.count.kind for u in chain}
    text = s[chain[0].start : chain[-1].end]
    if kinds <= {"exact"}:
        n = sum(u.count.best or 0 for u in chain)
        return Count(n, n, n, "exact", text)
    low = sum(u.count.low or 0 for u in chain)
    # "at least 12 militants and four police": at least 16, and 16 is the best reading; a vague
    # or ranged part ("dozens") leaves no best number (never "42, exact")
    best = low if low and kinds <= {"exact", "at_least"} else None
    return Count(low or None, best, None, "at_least" if low else "unknown", text)


def _cat(chain: list[Unit]) -> str:
    cats = {u.category for u in chain}
    return cats.pop() if len(cats) == 1 else "unspecified"


def _grp(chain: list[Unit], s: str) -> str:
    if len(chain) == 1:
        return chain[0].group
    return s[chain[0].start : chain[-1].end]


def _overlaps(taken: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(a < y and x < b for x, y in taken)


def _undisclosed(p: Patterns, s: str, emit: object) -> None:
    for m in p.undisclosed.finditer(s):
        phrase = m.group("und").lower()
        window_end = min(len(s), m.end() + 80)
        ow = p.outcome_word.search(s, m.end(), window_end)
        a = m.start()
        if phrase.startswith(("not", "were not", "was not")):
            ow = p.outcome_word.search(s, max(0, m.start() - 70), m.start())
            if ow is None:
                continue
            a = ow.start()
            b = m.end()
        elif ow is None:
            continue
        else:
            b = ow.end()
        word = " ".join(ow.group("ow").lower().split())
        outcome = _UNDISCLOSED_OUTCOME.get(
            word.split()[0] if " or " not in word else "casualties", "casualties"
        )
        category = "unspecified"
        group = ""
        pre = p.adjective_re.search(s, max(0, ow.start() - 25), ow.start())
        if pre:
            category = p.adjectives.get(" ".join(pre.group("adj").lower().split()), category)
            group = pre.group("adj")
        mid = p.plural_head.search(s, m.end(), ow.start())
        if mid and category == "unspecified":
            category = p.plural.get(" ".join(mid.group("head").lower().split()), category)
            group = mid.group("head")
        post = p.plural_head.match(s, ow.end() + 1) if ow.end() < len(s) else None
        if post:
            key = " ".join(post.group("head").lower().split())
            category = p.plural.get(key, category)
            group = post.group("head")
            b = max(b, post.end())
        emit(a, b, unknown(s[a:b]), outcome, category=category, group=group or "people", undisclosed=True)  # type: ignore[operator]


_UNDISCLOSED_OUTCOME = {
    "casualties": "casualties",
    "casualty": "casualties",
    "victims": "casualties",
    "deaths": "killed",
    "dead": "killed",
    "killed": "killed",
    "fatalities": "killed",
    "injured": "injured",
    "injuries": "injured",
    "wounded": "injured",
    "detained": "detained",
    "arrested": "detained",
    "arrests": "detained",
    "missing": "missing",
}


#: "an attempted murder-suicide": the shooter who "turned the gun on himself" is not said to be dead
_ATTEMPTED_SUICIDE = re.compile(
    r"\b(?:attempted|attempt\s+at\s+an?)\s+murder[\s-]+suicide|\bmurder[\s-]+suicide\s+attempt", re.IGNORECASE
)


def suicide_cue(text: str) -> bool:
    """Does the text say a shooter killed himself (a murder-suicide counts the shooter)?"""
    return bool(_SUICIDE.search(text)) and not _ATTEMPTED_SUICIDE.search(text)
