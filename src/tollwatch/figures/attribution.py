"""Who states a figure (source), and how firmly (hedges).

A sentence's speaker is the source noun phrase nearest to an attribution verb in it
("police said", "according to the interior ministry", "the UN Office ... said in a
statement"). A pronoun speaker ("it claimed") takes the speaker of the sentence before.
A sentence with no speaker borrows one from the next sentence when that sentence refers
back to the figure ("The updated figure was published by Kazakhstan's interior ministry").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tollwatch.contract import Source
from tollwatch.figures.components import any_of, component, fail
from tollwatch.figures.patterns import Patterns

_LEFT = re.compile(r"((?:(?:[A-Z][\w.’'&-]*|of|the|for|and)\s+)*)$")
_RIGHT = re.compile(r"^((?:\s+(?:of|for|the|and|on|[A-Z][\w.’'&-]*|\([A-Z][\w.]{1,12}\)))*)")
_TRIM = re.compile(r"^(?:(?:of|for|the|and|on|a|an)\s+)+|(?:\s+(?:of|for|the|and|on))+$", re.IGNORECASE)
_NUMBER = re.compile(r"\d")
#: "...," Hassan said': a name of one to three capitalised words right before a verb of saying
#: a word every set verb and chain word of ``en/attribution.json`` begins with
_RELAY_CUE = re.compile(r"\b(?:revis|lower|rais|updat|put|gave|cit|quot)", re.IGNORECASE)
#: a sentence that opens a quote, and the mark that closes one
_OPENS = re.compile(r"\s*[“\"]")
_CLOSES = re.compile(r"[”\"]")
_NAME = re.compile(r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:of\s+)?[A-Z][\w'’-]+){0,4})")
_NAME_SAID = re.compile(
    r"[,”\"]\s*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+(?:said|says|told|added)\b"
)
_SENT_START_WORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "But",
        "And",
        "However",
        "Meanwhile",
        "Earlier",
        "Later",
        "According",
        "Police",
        "Officials",
    ]
)


@dataclass(slots=True)
class Speaker:
    source: Source
    sentence: int
    start: int  # absolute offsets of the sentence that names the speaker
    end: int


def _expand(s: str, a: int, b: int) -> tuple[int, int]:
    if a > 0 and s[a - 1] == "(" and s[b : b + 1] == ")":  # "... Affairs (OCHA)": the name before it
        a, b = a - 1, b + 1
    left = _LEFT.search(s[:a])
    if left and left.group(1):
        a2 = left.start(1)
        # never swallow the sentence-initial capital of an ordinary word
        words = s[a2:a].split()
        while words and (words[0] in _SENT_START_WORDS or words[0].lower() in ("of", "for", "and", "the")):
            a2 = s.index(words[0], a2) + len(words[0])
            while a2 < a and s[a2].isspace():
                a2 += 1
            words = words[1:]
        a = a2
    right = _RIGHT.match(s[b:])
    if right and right.group(1):
        b += len(right.group(1))
    # trim dangling connectives
    seg = s[a:b]
    trimmed = _TRIM.sub("", seg)
    off = seg.find(trimmed)
    return a + off, a + off + len(trimmed)


@dataclass(frozen=True, slots=True)
class Rules:
    """How a speaker is chosen among several (``data/lexicons/en/attribution.json``)."""

    chain_to: re.Pattern[str]
    not_after: re.Pattern[str]
    set_verbs: re.Pattern[str]
    continues: re.Pattern[str]
    name_after: re.Pattern[str]


def rules(p: Patterns) -> Rules:
    """The speaker rules for patterns ``p`` (built once, their examples checked)."""
    return component("attribution", p, _build_rules, _check_rules)


def _build_rules(_p: Patterns, data: dict[str, Any]) -> Rules:
    return Rules(
        chain_to=re.compile(rf"\b{any_of(data['chain_to'])}\s+(?:the\s+)?", re.IGNORECASE),
        not_after=re.compile(rf"\b{any_of(data['not_after'])}\s+(?:(?:the|a|an)\s+)?", re.IGNORECASE),
        set_verbs=re.compile(rf"\b{any_of(data['set_verbs'])}\b", re.IGNORECASE),
        continues=re.compile(any_of(data["continues"]), re.IGNORECASE),
        name_after=re.compile(rf"\b{any_of(data['name_after'])}\s+(?:the\s+)?", re.IGNORECASE),
    )


def _check_rules(p: Patterns, r: Rules, data: dict[str, Any]) -> None:
    """Examples: [sentence, the speaker's name it must (must_not: must not) read]."""
    for sentence, name in data["must"]:
        got = _speaker_in(p, r, sentence)
        if got is None or got[0] != name:
            raise fail("attribution", f"must read {name!r} in {sentence!r}, read {got}")
    for sentence, name in data["must_not"]:
        got = _speaker_in(p, r, sentence)
        if got is not None and got[0] == name:
            raise fail("attribution", f"must not read {name!r} in {sentence!r}")


def speaker_in(p: Patterns, s: str) -> tuple[str, str, str] | None:
    """(name, type, attribution words) of the speaker named in sentence ``s`` next to an attribution verb, or None."""
    return _speaker_in(p, rules(p), s)


def _speaker_in(p: Patterns, r: Rules, s: str) -> tuple[str, str, str] | None:
    verbs = [m.span() for m in p.source_verb.finditer(s)]
    if _RELAY_CUE.search(s):  # "revised the ...", "citing", "quoted": rarer verbs, one cheap look first
        verbs += [m.span() for rx in (r.set_verbs, r.chain_to) for m in rx.finditer(s)]
    if not verbs:
        return None
    best: tuple[int, str, str, str] | None = None
    nouns = list(p.source_noun.finditer(s))
    starts = {m.end(): m.start() for m in nouns}
    relays = [m.end() for m in r.not_after.finditer(s)]
    origins = [m.end() for m in r.chain_to.finditer(s)]
    for m in nouns:
        if any(0 <= m.start() - e <= 25 for e in relays):
            continue  # "as quoted by the state news agency", "told a local television": no speaker
        # "concerned by reports that ...": a noun that is itself the verb word attributes nothing
        near = [(va, vb) for va, vb in verbs if vb <= m.start() or va >= m.end()]
        if not near:
            continue
        dist, va, vb = min((min(abs(m.start() - vb), abs(va - m.end())), va, vb) for va, vb in near)
        if any(0 <= m.start() - e <= 30 for e in origins):
            dist = -1  # "citing the health ministry": the figure's origin speaks
        if dist > 60 or _inside_count(p, s, m.start()):
            continue
        a0 = m.start()
        while a0 - 1 in starts:  # "hospital official", "police spokesman": one speaker
            a0 = starts[a0 - 1]
        a, b = _expand(s, a0, m.end())
        name = s[a:b].strip(" ,.;:\"“”'’")
        if not name:
            continue
        if best is None or dist < best[0]:
            words = s[min(a, va) : max(b, vb)].strip()
            best = (dist, name, _type_of(p, name, m.group(0)), words)
    if best is None or best[0] >= 0:
        named = _named_speaker(r, s, origins)
        if named is not None and (best is None or named[3]):
            return named[:3]
    return (best[1], best[2], best[3]) if best else None


def _named_speaker(r: Rules, s: str, origins: list[int]) -> tuple[str, str, str, bool] | None:
    """A name that no source noun covers: 'quoted the White Helmets as saying' (an origin, which
    wins over any noun), or '..., Hassan said', 'according to the White Helmets' (only when no
    source noun is named)."""
    for e in origins:
        m = _NAME.match(s, e)
        if m is not None:
            return m.group("name"), "other", s[max(0, e - 12) : m.end()].strip(" ,"), True
    m = _NAME_SAID.search(s)
    if m is not None and m.group("name").split()[0] not in _SENT_START_WORDS:
        return m.group("name"), "other", m.group(0).strip(' ,"”'), False
    for a in r.name_after.finditer(s):  # "according to the White Helmets"
        m = _NAME.match(s, a.end())
        if m is not None:
            return m.group("name"), "other", s[a.start() : m.end()], False
    return None


def _inside_count(p: Patterns, s: str, pos: int) -> bool:
    """Is the noun at ``pos`` the people a count counts ('750 law enforcement'), not a speaker?"""
    m = next(reversed(list(p.count.finditer(s, max(0, pos - 40), pos))), None)  # the nearest before
    if not m:
        return False
    between = s[m.end() : pos]
    return (
        len(between.split()) <= 3
        and not re.search(r"[,;:]|\b(?:were|was|are|is|have|has|had|been)\b", between)
        and not p.source_verb.search(between)
    )


def _type_of(p: Patterns, name: str, noun: str) -> str:
    for m in p.source_noun.finditer(name):  # the leftmost noun names the organisation: "UN official"
        key = " ".join(m.group(0).lower().replace("’", "'").split())
        if key in p.source_nouns:
            return p.source_nouns[key]
    return p.source_nouns.get(" ".join(noun.lower().replace("’", "'").split()), "other")


class Speakers:
    """The speaker of each sentence of ``text``, worked out only for the sentences asked about.

    A sentence's own speaker is named in it, or, for "it said", is the sentence before's; a
    sentence with none borrows the speaker of the next sentence (or the one after, past a
    sentence with no number) when that one refers back to "the figure".
    """

    def __init__(self, p: Patterns, text: str, spans: tuple[tuple[int, int], ...]) -> None:
        self.p, self.text, self.spans = p, text, spans
        self._direct: dict[int, Speaker | None] = {}

    def _sentence(self, k: int) -> str:
        a, b = self.spans[k]
        return self.text[a:b]

    def direct(self, k: int) -> Speaker | None:
        if k in self._direct:
            return self._direct[k]
        chain = []  # walk back over "it said" sentences without recursion
        j = k
        while j >= 0 and j not in self._direct:
            chain.append(j)
            if j > 0 and self.p.pronoun_source.search(self._sentence(j)):
                j -= 1
                continue
            break
        for j in reversed(chain):
            sp: Speaker | None = None
            if j > 0 and self.p.pronoun_source.search(self._sentence(j)):
                sp = self._direct.get(j - 1)
            if sp is None:
                found = speaker_in(self.p, self._sentence(j))
                if found:
                    a, b = self.spans[j]
                    sp = Speaker(Source(found[0], found[1], found[2]), j, a, b)
            self._direct[j] = sp
        return self._direct[k]

    def _refers_back(self, k: int) -> Speaker | None:
        if k >= len(self.spans):
            return None
        sp = self.direct(k)
        if sp is None or sp.sentence != k or not self.p.refer_back.search(self._sentence(k)):
            return None
        return sp

    def of(self, k: int) -> Speaker | None:
        sp = self.direct(k)
        if sp is not None:
            return sp
        sp = self._quoted(k)
        if sp is not None:
            return sp
        if k > 0 and rules(self.p).continues.match(self._sentence(k)):
            sp = self.direct(k - 1)  # "This, combined with ...": the report of the sentence before
            if sp is not None:
                return sp
        sp = self._refers_back(k + 1)
        if sp is not None:
            return sp
        if (
            k + 1 < len(self.spans)
            and self.direct(k + 1) is None
            and not _NUMBER.search(self._sentence(k + 1))
        ):
            return self._refers_back(k + 2)
        return None

    def _quoted(self, k: int) -> Speaker | None:
        """A quote opened in sentence ``k``: its speaker is named where it closes, or, for a quote
        on its own, is the speaker of the quote before it (one speaker, several paragraphs)."""
        s = self._sentence(k)
        if not _OPENS.match(s):
            return None
        if not _CLOSES.search(s, 1 + len(s) - len(s.lstrip())):
            for j in range(k + 1, min(k + 4, len(self.spans))):
                if _CLOSES.search(self._sentence(j)):
                    sp = self.direct(j)
                    if sp is not None:
                        return sp
                    break
        if k > 0 and _CLOSES.search(self._sentence(k - 1)):
            return self.direct(k - 1)
        return None


def attribute(p: Patterns, text: str, spans: tuple[tuple[int, int], ...]) -> list[Speaker | None]:
    """The speaker of every sentence of ``text`` (None when unattributed)."""
    who = Speakers(p, text, spans)
    return [who.of(k) for k in range(len(spans))]


def hedged(p: Patterns, sentence: str) -> bool:
    return bool(p.hedge.search(sentence))
