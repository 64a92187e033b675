"""Running totals: a toll stated as the state of a count that moves over the days.

"The death toll from the multiple explosions which shook the island on Sunday has risen to
290", "the quake's toll crossed 5,000", "the number of injured stood at 3,649", "authorities
revised the death toll from 359 to 253", "officials had put the figure as high as 174",
"the confirmed total now stands at 28,191": the count follows a verb of its subject's state,
often many words after the subject. The lexicon's tight toll pattern (:mod:`.finder`) reads
"the death toll rose to 12"; this component reads the long forms, the verbs that cross a
floor ("crossed", "surpassed": at least) or near a number ("neared 80"), the set verbs that
come before their subject ("revised the toll to", "put the number of dead at") and
"from N to M" (both read: :mod:`.revisions` marks the first superseded).

An anaphoric subject ("the figure", "the total") takes the outcome of the nearest typed
subject or outcome word before it in the report. Words, verbs and must/must-not examples are
data (``data/lexicons/en/tolls.json``), checked when the component is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tollwatch.contract import Count
from tollwatch.figures.components import Read, any_of, check_examples, component
from tollwatch.figures.counts import count_from_match
from tollwatch.figures.finder import Candidate
from tollwatch.figures.patterns import WORD_START, Patterns

#: how far back (characters) an anaphoric subject looks for the outcome it stands for
_LOOK_BACK = 400
#: a word of the words between a subject and its verb: no clause end, a full stop only inside
_GAP_WORD = r"(?:[^\s.;:!?\"“”]|\.(?=\S))+"


@dataclass(frozen=True, slots=True)
class Tolls:
    """The component's patterns."""

    noun_first: re.Pattern[str]
    set_first: re.Pattern[str]
    from_to: re.Pattern[str]
    subjects: tuple[tuple[str, re.Pattern[str]], ...]
    outcome_words: tuple[tuple[str, re.Pattern[str]], ...]
    crossing: re.Pattern[str]
    nearing: re.Pattern[str]
    cue: re.Pattern[str]
    not_after: re.Pattern[str]


def _build(p: Patterns, data: dict[str, Any]) -> Tolls:
    subjects = {o: any_of(xs) for o, xs in data["subjects"].items()}
    named = "|".join(rf"(?P<s_{o}>{rx})" for o, rx in subjects.items())
    subject = rf"{WORD_START}(?:{named}|(?P<s_ana>{any_of(data['anaphoric'])}))(?![\w-])"
    block = rf"(?!{any_of(data['block'])}(?![\w-]))"
    verbs = data["verbs"]
    verb = any_of([*verbs["crossing"], *verbs["nearing"], *verbs["state"]])
    aux = r"(?:(?:has|have|had|is|was|now|currently|already|been|since|reportedly|further)\s+){0,3}"
    gap = rf"(?P<gap>(?:,?\s+{block}{_GAP_WORD}){{0,24}}?)"
    tail = r"(?:\s+by\s+[\w,.]+)?(?:\s+now)?(?:\s+(?:from|to|at|down\s+to|up\s+to))?\s+"
    counted = rf"(?={p.count.pattern})"  # a count follows: else the gap reads on to a later verb
    noun_first = rf"{subject}{gap},?\s+{aux}(?P<verb>{verb})(?![\w-]){tail}{counted}"
    set_verb = any_of(data["set_verbs"])
    set_first = (
        rf"{WORD_START}(?P<verb>{set_verb})\s+(?:(?:the|its|their|a)\s+)?(?:[\w-]+\s+){{0,2}}?"
        rf"(?:{named}|(?P<s_ana>{any_of(data['anaphoric'])}))(?![\w-])"
        rf"(?:\s+{block}(?!to\b|at\b|from\b|as\b){_GAP_WORD}){{0,8}}?"
        r"\s+(?:from|to|at|as\s+high\s+as|as\s+low\s+as|down\s+to|up\s+to)\s+" + counted
    )
    words = data["outcome_words"]
    built = Tolls(
        noun_first=re.compile(noun_first, re.IGNORECASE),
        set_first=re.compile(set_first, re.IGNORECASE),
        from_to=re.compile(r"\s+(?:down\s+|up\s+)?to\s+", re.IGNORECASE),
        subjects=tuple((o, re.compile(rx, re.IGNORECASE)) for o, rx in subjects.items()),
        outcome_words=tuple(
            (o, re.compile(rf"{WORD_START}{any_of(xs)}(?![\w-])", re.IGNORECASE)) for o, xs in words.items()
        ),
        crossing=re.compile(rf"^{any_of(verbs['crossing'])}$", re.IGNORECASE),
        nearing=re.compile(rf"^{any_of(verbs['nearing'])}$", re.IGNORECASE),
        not_after=re.compile(data["not_after"], re.IGNORECASE),
        cue=re.compile(r"\b(?:toll|number|total|tally|figure|count|fatalities|deaths)\b", re.IGNORECASE),
    )
    return built


def tolls(p: Patterns) -> Tolls:
    """The component for patterns ``p`` (built once, its examples checked)."""
    return component("tolls", p, _build, _check)


def _check(p: Patterns, t: Tolls, data: dict[str, Any]) -> None:
    check_examples(
        "tolls", data, lambda s: [(x.outcome, x.count.text) for x in running_totals(p, s, s, 0, t)]
    )


def _outcome(t: Tolls, m: re.Match[str], text: str, at: int) -> str | None:
    """The subject's outcome; an anaphoric subject's is the nearest outcome word before it."""
    for name, value in m.groupdict().items():
        if value and name.startswith("s_") and name != "s_ana":
            return name[2:]
    lo = max(0, at - _LOOK_BACK)
    best: tuple[int, str] | None = None
    for outcome, rx in t.outcome_words:
        for w in rx.finditer(text, lo, at):
            if best is None or w.start() > best[0]:
                best = (w.start(), outcome)
    return best[1] if best else None


def _kind(t: Tolls, verb: str | None, c: Count, as_high: bool) -> Count:
    verb = " ".join((verb or "").lower().split())
    n = c.best
    if n is None or c.kind != "exact":
        return c
    if as_high:
        return Count(None, n, n, "at_most", c.text)
    if t.crossing.match(verb):
        return Count(n, n, None, "at_least", c.text)
    if t.nearing.match(verb):
        return Count(None, n, n, "approximate", c.text)
    return c


def running_totals(p: Patterns, s: str, text: str, offset: int, t: Tolls | None = None) -> list[Read]:
    """The running totals of sentence ``s`` (at ``offset`` in its field's ``text``)."""
    t = t or tolls(p)
    if not t.cue.search(s):
        return []
    out: list[Read] = []
    for rx in (t.noun_first, t.set_first):
        for m in rx.finditer(s):
            first = p.count.match(s, m.end())
            outcome = _outcome(t, m, text, offset + m.start()) if first else None
            if first is None or outcome is None or t.not_after.match(s, first.end()):
                continue
            said = m.group(0).rstrip().lower()
            if said.endswith("from"):  # "from 359 to 253": both, the first superseded
                out.extend(_from_to(p, t, s, m, first, outcome))
                continue
            c = count_from_match(first, p)
            if c is not None:
                out.append(
                    Read(
                        m.start(),
                        first.end(),
                        _kind(t, m.group("verb"), c, said.endswith("as high as")),
                        outcome,
                    )
                )
    return out


def _from_to(
    p: Patterns, t: Tolls, s: str, m: re.Match[str], first: re.Match[str], outcome: str
) -> list[Read]:
    """'from 359 to 253' (read by the count pattern as one range, or as two counts): both counts."""
    if first.group("n2") and first.group("n1"):
        spans = [first.span("n1"), first.span("n2")]
    else:
        to = t.from_to.match(s, first.end())
        second = p.count.match(s, to.end()) if to else None
        spans = [first.span()] + ([second.span()] if second else [])
    out = []
    for a, b in spans:
        c = p.count.match(s[:b], a)
        got = count_from_match(c, p) if c else None
        if got is not None:
            out.append(Read(m.start(), b, _kind(t, m.group("verb"), got, False), outcome))
    return out


def toll_candidates(
    p: Patterns, field_name: str, text: str, sent_index: int, start: int, end: int, found: list[Candidate]
) -> list[Candidate]:
    """The running totals of a sentence as candidates, but for counts ``found`` already reads."""
    out: list[Candidate] = []
    for x in running_totals(p, text[start:end], text, start):
        b = start + x.end
        a = b - len(x.count.text)
        if any(c.start < b and a < c.end for c in [*found, *out]):
            continue
        out.append(Candidate(field_name, sent_index, start + x.start, b, x.count, x.outcome, group="people"))
    return out


def without_differences(p: Patterns, text: str, found: list[Candidate]) -> list[Candidate]:
    """The candidates but those whose count is the size of a difference ("around 100 fewer than")."""
    t = tolls(p)
    out = []
    for c in found:
        at = c.count_at(text)
        if at < 0 or not t.not_after.match(text, at + len(c.count.text)):
            out.append(c)
    return out
