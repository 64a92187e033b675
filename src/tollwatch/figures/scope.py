"""Scope: what part of its crisis a figure covers, read from the words around its count.

A crisis's reports give its toll whole ("the quake killed more than 5,000 in Turkey and
Syria") and in shares: a country of a cross-border disaster ("31,643 people had died in
Turkey and 3,581 in Syria"), a town or a site ("At least 24 people were killed in Izmir",
"at the port"), an area ("in government-held areas"). A share never competes with the whole
nor is summed with it; shares of one day that do not overlap add up to the whole (the
ledger's tallies, :mod:`tollwatch.ledger.tally`). :func:`mark` sets ``Figure.scope`` on a
document's figures and adds the shares a list leaves without their words ("and 3,581 in
Syria": Syria's share of the same toll, said by the same source) and the whole they add up
to ("bringing the confirmed total to 35,224"). The words live in
``data/lexicons/en/scope.json`` with examples, checked on load. A figure's ``place`` (where the
report is about) is not its scope: only its own words make it a part.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from tollwatch.contract import Count, Document, Evidence, Figure, Scope
from tollwatch.figures.lexicon import LexiconError
from tollwatch.figures.revisions import count_span, words_around

#: How far before and after its count a figure's words are read (within its clause).
_REACH = 100
_CLAUSE_END = re.compile(r"[.!?;:](?=\s)|\n|\(")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    before: tuple[re.Pattern[str], ...]
    after: tuple[re.Pattern[str], ...]
    share: re.Pattern[str]
    total: re.Pattern[str]
    excluding: re.Pattern[str]
    areas: re.Pattern[str]


@cache
def _lexicon() -> _Lexicon:
    path = resources.files("tollwatch").joinpath("data", "lexicons", "en", "scope.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    place = data["place"].replace("{AREAS}", data["areas"])

    def compile_(p: str, flags: int = 0) -> re.Pattern[str]:
        try:
            return re.compile(p.replace("{PLACE}", place), flags)
        except re.error as e:
            raise LexiconError(f"scope.json: not a valid pattern {p!r} ({e})") from e

    lex = _Lexicon(
        before=tuple(compile_(p) for p in data["before"]),
        after=tuple(compile_(p) for p in data["after"]),
        share=compile_(data["share"]),
        total=compile_(data["total"], re.I),
        excluding=compile_(data["excluding"], re.I),
        areas=compile_(rf"^(?:{data['areas']})$", re.I),
    )
    for sentence, count, name in data["must"]:
        start = sentence.index(count)
        found = _read(lex, sentence[:start], sentence[start + len(count) :])
        if found is None or found.name != name:
            raise LexiconError(f"scope.json: must read {name!r} for {count!r} in {sentence!r}, not {found}")
    for sentence, count in data["must_not"]:
        start = sentence.index(count)
        found = _read(lex, sentence[:start], sentence[start + len(count) :])
        if found is not None:
            raise LexiconError(f"scope.json: must not read {found.name!r} for {count!r} in {sentence!r}")
    for sentence, count, shares in data["shares"]:
        start = sentence.index(count)
        got = [(c, s.name if s else None) for c, s, _ in _shares(lex, sentence, start + len(count))]
        if got != [(c, n) for c, n in shares]:
            raise LexiconError(f"scope.json: shares of {count!r} in {sentence!r} are {shares}, not {got}")
    return lex


def _resolve(lex: _Lexicon, written: str) -> Scope | None:
    """The scope a place's words name: a country, a town the gazetteer knows, an area."""
    from tollwatch.figures.geo import gazetteer, name_key

    name = written.strip(" ,.'’")
    if lex.areas.match(name):
        return Scope(name, "area", None)
    bare = re.sub(r"^the\s+", "", name, flags=re.I)
    if not bare[:1].isupper():
        return None
    gz = gazetteer()
    key = name_key(bare)
    country = gz.country_of_key(key)
    if country:
        return Scope(bare, "country", country)
    towns = [i for i in gz.lookup_key(key)[:5] if gz.kind(i) != "country"]
    if towns:
        best = max(towns, key=gz.population)
        return Scope(bare, "place", gz.country(best))
    return None


def _place_at(lex: _Lexicon, m: re.Match[str], rest: str) -> Scope | None:
    """The scope of the place a pattern matched, unless more follows it ("in Turkey and
    Syria", "in Turkey, Syria", "in Osh and surrounding districts": not a part of the crisis);
    "in Colombo, Sri Lanka" names Colombo, "in Turkey and 3,581 in Syria" lists shares."""
    found = _resolve(lex, m.group("place"))
    if found is None:
        return None
    if re.match(r"\s*(?:,\s*)?(?:and|&)\s+(?!\d)", rest):
        return None  # "in Osh and surrounding districts": more than the place
    nxt = re.match(r"\s*(,|and\b|&)\s*((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})", rest)
    if nxt:
        other = _resolve(lex, nxt.group(2))
        if nxt.group(1) != "," or (
            other is not None and (other.level == found.level or other.country != found.country)
        ):
            return None
    return found


def _read(lex: _Lexicon, before: str, after: str) -> Scope | None:
    m = lex.excluding.match(after)
    if m:  # "29 people, excluding the three attackers": a toll that leaves a side out
        return Scope(f"excluding the {m.group('group').lower()}", "group", None)
    for patterns, words in ((lex.before, before), (lex.after, after)):
        for p in patterns:
            m = p.search(words)
            if m:
                found = _place_at(lex, m, words[m.end("place") :])
                if found is not None:
                    return found
    return None


def scope_of(text: str, start: int, end: int) -> Scope | None:
    """The scope of the count at ``text[start:end]``, read in its clause (None: the whole)."""
    return _read(_lexicon(), *words_around(text, start, end, _REACH, _CLAUSE_END))


def _number(written: str) -> int:
    return int(written.replace(",", ""))


def _shares(lex: _Lexicon, text: str, pos: int) -> list[tuple[str, Scope | None, tuple[int, int]]]:
    """The shares a list of places adds after a figure's own place ("... in Turkey and 3,581 in
    Syria"), then the whole they add up to: (count as written, scope or None, span)."""
    out: list[tuple[str, Scope | None, tuple[int, int]]] = []
    stop = _CLAUSE_END.search(text, pos)
    rest = text[pos : stop.start() if stop else len(text)]  # (the patterns are anchored: "^")
    first = next((m for p in lex.after if (m := p.match(rest))), None)
    if first is None or _resolve(lex, first.group("place")) is None:
        return out
    at = first.end()
    while (m := lex.share.match(rest[at:])) is not None:
        scope = _resolve(lex, m.group("place"))
        if scope is None:
            break
        out.append((m.group("count"), scope, (pos + at + m.start("count"), pos + at + m.end())))
        at += m.end()
    if out:
        m = lex.total.match(text[pos + at : pos + at + 2 * _REACH])
        if m:
            out.append((m.group("count"), None, (pos + at + m.start("count"), pos + at + m.end("count"))))
    return out


def _share_figure(f: Figure, text: str, written: str, scope: Scope | None, span: tuple[int, int]) -> Figure:
    """A share (or the whole) a list gives beside ``f``: its outcome, group, source and day."""
    n = _number(written)
    a, b = span
    return Figure(
        outcome=f.outcome,
        category=f.category,
        group=f.group,
        count=Count(n, n, n, "exact", written),
        evidence=Evidence(a, b, text[a:b], f.evidence.field),
        source=f.source,
        hedged=f.hedged,
        undisclosed=False,
        as_of=f.as_of,
        place=f.place,
        revision=None if scope is not None else "cumulative",
        scope=scope,
    )


def mark(doc: Document) -> Document:
    """Set ``scope`` on every figure of ``doc`` whose words put it in a part of its crisis, and
    add the shares and wholes a list of place shares gives beside it (in place)."""
    lex = _lexicon()
    out: list[Figure] = []
    taken = {(f.evidence.field, f.evidence.start) for f in doc.figures}
    for f in doc.figures:
        out.append(f)
        found = count_span(doc, f)
        if found is None:
            continue
        text, start, end = found
        f.scope = _read(lex, *words_around(text, start, end, _REACH, _CLAUSE_END))
        if f.scope is not None and f.scope.country is None and f.place is not None:
            f.scope.country = f.place.country  # "in government-held areas": of the report's country
        if f.scope is None or f.undisclosed:
            continue
        for written, scope, span in _shares(lex, text, end):
            if (f.evidence.field, span[0]) in taken or any(
                g.evidence.field == f.evidence.field and g.evidence.start <= span[0] < g.evidence.end
                for g in doc.figures
            ):
                continue  # read already, as a figure of its own
            taken.add((f.evidence.field, span[0]))
            out.append(_share_figure(f, text, written, scope, span))
    doc.figures = out
    return doc
