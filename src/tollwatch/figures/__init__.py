"""Stage 2 — figures: every human-toll figure of a document, and its main incident.

:func:`extract_figures` reads the title, the standfirst and the text sentence by sentence
(:mod:`.sentences`), keeps only sentences with a cue word (cheap prefilter), reads figure
candidates out of them with lexicon-driven patterns (:mod:`.finder`, :mod:`.subjects`),
attaches who says so and how firmly (:mod:`.attribution`), the day and the place
(:mod:`.dates`, :mod:`.places`), and sums up the main incident (:mod:`.summary`). No model
is loaded: spaCy's full pipeline alone costs ~15 times the whole extraction.
"""

from __future__ import annotations

import re

from tollwatch import errors
from tollwatch.contract import MAX_COUNT, Document, Evidence, Figure, Problem, Summary
from tollwatch.figures import revisions, scope
from tollwatch.figures.attribution import Speaker, Speakers, hedged
from tollwatch.figures.budget import Budget, TooSlow
from tollwatch.figures.counts import implausible
from tollwatch.figures.dates import DateReader, parse_published, sentence_starts
from tollwatch.figures.finder import Candidate, find_candidates, suicide_cue
from tollwatch.figures.geo import gazetteer
from tollwatch.figures.lists import part_candidates
from tollwatch.figures.patterns import Patterns, patterns
from tollwatch.figures.perpetrators import dead_suicide_attackers
from tollwatch.figures.places import PlaceReader
from tollwatch.figures.profiles import for_country, with_profile
from tollwatch.figures.shares import share_candidates
from tollwatch.figures.shelter import state_candidates
from tollwatch.figures.sidebars import sidebar_at, sidebar_lines, without_sidebars
from tollwatch.figures.subjects import PersonKey
from tollwatch.figures.summary import summarize
from tollwatch.figures.tolls import toll_candidates, without_differences
from tollwatch.settings import PACKAGED, Settings

__all__ = ["Budget", "TooSlow", "extract_figures", "read_candidates"]

Span = tuple[str, int, int]
_FIELDS = ("title", "standfirst", "text")
#: where a clause begins: a comma, a semicolon, a dash, or a relative or time word
_CLAUSE = re.compile(r"[,;]\s|\s[—–-]\s|\s(?:that|which|where|when|who|while|after|before)\s", re.IGNORECASE)


def read_candidates(
    doc: Document, p: Patterns | None = None, budget: Budget | None = None
) -> tuple[
    list[Candidate],
    dict[tuple[str, int], Speaker | None],
    set[tuple[str, int]],
    dict[tuple[str, int], int],
    dict[tuple[str, int], tuple[int, int]],
]:
    """Candidates of every field, with each sentence's speaker, other-incident flag and lead rank."""
    p = p or patterns()
    cands: list[Candidate] = []
    speakers: dict[tuple[str, int], Speaker | None] = {}
    other: set[tuple[str, int]] = set()
    lead: dict[tuple[str, int], int] = {}
    bounds: dict[tuple[str, int], tuple[int, int]] = {}
    rank = 0
    said: set[str] = set()
    published = parse_published(doc.published)
    year = published.year if published else None  # a line dated before it is a sidebar
    for name in _FIELDS:
        text = doc.field_text(name)
        if not text:
            continue
        spans = sentence_starts(text)[1]  # split once: the date and place readers reuse it
        who = Speakers(p, text, spans)
        sidebars = sidebar_lines(text, year)
        for k, (a, b) in enumerate(spans):
            if budget is not None:
                budget.check(doc)
            key = (name, k)
            bounds[key] = (a, b)
            found = _long_forms(p, name, text, k, a, b, find_candidates(p, name, text, k, a, b))
            if not found:
                continue
            if name == "text":
                # a scraped page often repeats a paragraph (a caption, a standfirst): the same
                # sentence said twice tells of the same people once
                words = " ".join(text[a:b].lower().split())
                if words in said:
                    continue
                said.add(words)
            speakers[key] = who.of(k)
            lead[key] = rank
            rank += 1
            cue = p.other_incident.search(text, a, b)
            past = ""
            if cue is None and (cue := p.past_incident.search(text, a, b)) is not None:
                past = "day" if p.past_day.match(cue.group(0)) else "time"
            if cue is None and (cue := sidebar_at(sidebars, a)) is not None:
                past = "time"  # "August 1982: Eight people killed ...": a sidebar of past events
            if cue:
                other.add(key)
                # "Agnew was killed ... on a block that was the scene of a shooting a year earlier":
                # the cue's clause is about the other incident, what ends before it is not
                clause = max((m.end() for m in _CLAUSE.finditer(text, a, cue.start())), default=a)
                for c in found:
                    c.other = c.end > clause
                    c.past = past if c.other else ""
            cands.extend(found)
    # "Two teens die" over "Two teenagers died early Thursday in separate incidents": a headline's
    # count that the lead tells as a tally of other incidents is that tally
    told_other = {
        (c.outcome, c.count.best)
        for c in cands
        if c.other and not c.past and c.field != "title" and lead[(c.field, c.sent)] <= 2
    }
    for c in cands:
        if c.field == "title" and not c.person and (c.outcome, c.count.best) in told_other:
            c.other = True
    _others_own(doc, p, cands, bounds)
    _first_incident_of_roundup(doc, p, cands, lead, bounds)
    return cands, speakers, other, lead, bounds


def _long_forms(
    p: Patterns, name: str, text: str, k: int, a: int, b: int, found: list[Candidate]
) -> list[Candidate]:
    """What long crisis articles add to the sentence's candidates: running totals, parts and
    lists, shares by place, people without a home or under the rubble; and no difference
    ("around 100 fewer than") read as a toll."""
    found = without_differences(p, text, found)
    for component in (toll_candidates, part_candidates, share_candidates, state_candidates):
        found = found + component(p, name, text, k, a, b, found)
    return found


def _not_ages(doc: Document, p: Patterns, cands: list[Candidate]) -> list[Candidate]:
    """The candidates whose count is not an age: "children under the age of 16 were killed" and
    "two men aged 20 and 25 were shot" count no 16 and no 25."""
    kept = []
    for c in cands:
        text = doc.field_text(c.field)
        at = c.count_at(text)
        if at < 0 or not p.age_before.search(text, max(0, at - 40), at):
            kept.append(c)
    return kept


def _plausible(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    """The candidates whose count could be true; one ``implausible_count`` problem for the rest."""
    refused = [c for c in cands if implausible(c.count)]
    if not refused:
        return cands
    words = "; ".join(sorted({repr(doc.field_text(c.field)[c.start : c.end][:80]) for c in refused}))
    doc.problems.append(
        Problem(
            errors.IMPLAUSIBLE_COUNT,
            f"{doc.origin or doc.id}: {len(refused)} figure(s) state more than {MAX_COUNT:,} people "
            f"and are not kept ({words}) - check the report's numbers",
        )
    )
    return [c for c in cands if not implausible(c.count)]


def _hurt(outcome: str) -> str:
    return "killed" if outcome == "killed" else "hurt"


def _first_incident_of_roundup(
    doc: Document,
    p: Patterns,
    cands: list[Candidate],
    lead: dict[tuple[str, int], int],
    bounds: dict[tuple[str, int], tuple[int, int]],
) -> None:
    """A roundup ('4 wounded in Chicago shootings', 'two dead, eight wounded in separate
    shootings') tallies several incidents: its tally is no incident's toll, and its main
    incident is the first it tells of on its own -- the first sentence with figures past the
    tally, and the next sentences as long as they tell only of the same people ('two of the
    men', 'he died'). Everything else it counts is another incident's (``other``)."""
    tally: set[int] = set()
    for key, (a, b) in bounds.items():
        if key[0] != "title" and lead.get(key, 99) > 1:
            continue
        here = [c for c in cands if (c.field, c.sent) == key]
        if not any(not c.person for c in here) or p.roundup.search(doc.field_text(key[0]), a, b) is None:
            continue  # no count, no tally: "the last of three shootings"
        tally |= {id(c) for c in here}
    if not tally:
        return
    told = {(_hurt(c.outcome), c.count.best) for c in cands if id(c) in tally and not c.person}
    # "left a teen dead and six others wounded ... shootings of seven people": the sum too
    hit = sum(n or 0 for _, n in told) + sum(
        1 for c in cands if id(c) in tally and c.person and not c.anaphoric
    )
    told |= {("killed", hit), ("hurt", hit)}
    tally |= {
        id(c)
        for c in cands
        if c.field != "title"
        and not c.person
        and lead.get((c.field, c.sent), 99) <= 2
        and (_hurt(c.outcome), c.count.best) in told
    }
    rest = sorted(
        (c for c in cands if id(c) not in tally and not c.other and c.field != "title"),
        key=lambda c: (lead.get((c.field, c.sent), 99), c.start),
    )
    first = next((c for c in rest if not c.anaphoric), None)
    if first is None:
        return  # nothing past the tally: the tally is all the report gives
    keys = sorted({(c.field, c.sent) for c in rest}, key=lambda k: lead.get(k, 99))
    start = keys.index((first.field, first.sent))
    segment = {keys[start]}
    for k in keys[start + 1 :]:
        if not all(c.anaphoric or c.partitive for c in rest if (c.field, c.sent) == k):
            break
        segment.add(k)
    for c in cands:
        if (c.field, c.sent) not in segment:
            c.other = True
    # the first incident's sentences lead its account (the summary reads people in the lead)
    for n, k in enumerate(sorted(segment, key=lambda k: lead.get(k, 99))):
        lead[k] = n + 1


def _others_own(
    doc: Document,
    p: Patterns,
    cands: list[Candidate],
    bounds: dict[tuple[str, int], tuple[int, int]],
) -> None:
    """'Police are also investigating a shooting that left a man paralyzed. The man was shot ...':
    'the man' met first in a sentence about another incident, and nowhere before in the report's
    own, is that incident's man."""
    text = doc.field_text("text")
    if not text or not any(c.anaphoric and c.person and not c.other and c.field == "text" for c in cands):
        return  # (most often) no one told of as met before: nothing to look back for
    elsewhere: list[tuple[int, int]] | None = None  # found when first needed (most reports: never)
    own: set[str] = set()
    for c in sorted(cands, key=lambda c: (_FIELDS.index(c.field), c.start)):
        noun = PersonKey.parse(c.person).noun if c.person else ""
        if not noun or noun in ("he", "she", "victim"):
            continue
        if c.other or not c.anaphoric or c.field != "text" or noun in own:
            if not c.other:
                own.add(noun)
            continue
        if elsewhere is None:
            elsewhere = _elsewhere(p, text, bounds)
        if not elsewhere:
            return
        told = re.compile(rf"\b(?:an?|one)\s+(?:[\w-]+\s+){{0,2}}?{re.escape(noun)}\b", re.IGNORECASE)
        if any(b <= c.start and told.search(text, a, b) for a, b in elsewhere):
            c.other = True
        else:
            own.add(noun)


def _elsewhere(
    p: Patterns, text: str, bounds: dict[tuple[str, int], tuple[int, int]]
) -> list[tuple[int, int]]:
    """The parts of the text's sentences about another incident, with figures or not ("also
    investigating a shooting ..."): from the start of the cue's clause, as for the figures ("a man
    is dead and a boy hurt after both were shot in separate incidents": the boy is not told of in
    the other incident's part)."""
    return [
        (max((m.end() for m in _CLAUSE.finditer(text, a, cue.start())), default=a), b)
        for (f, k), (a, b) in bounds.items()
        if f == "text" and (cue := p.other_incident.search(text, a, b))
    ]


def _current(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    """The candidates a summary may take: not a superseded or retracted figure ("revised the toll
    from 359 to 253", "not 359"), unless the report gives no other figure of that outcome."""
    gone = set()
    seen: dict[str, int] = {}
    for c in cands:
        seen[c.outcome] = seen.get(c.outcome, 0) + 1
    for c in cands:
        if seen[c.outcome] < 2:
            continue  # the only figure of its outcome stays whatever it is
        text = doc.field_text(c.field)
        at = c.count_at(text)
        if at >= 0 and revisions.revision_of(text, at, at + len(c.count.text)) in ("superseded", "retracted"):
            gone.add(id(c))
    kept = {c.outcome for c in cands if id(c) not in gone}
    return [c for c in cands if id(c) not in gone or c.outcome not in kept]


def extract_figures(doc: Document, budget: Budget | None = None, settings: Settings = PACKAGED) -> Document:
    """Fill ``doc.figures`` and ``doc.summary`` (in place) and return the document.

    ``budget`` (checked once a sentence and once a figure) raises :class:`TooSlow` when the
    document has taken longer than it allows. A count over ``MAX_COUNT`` is not kept: the
    document gets an ``implausible_count`` problem naming its words instead. ``settings``
    names the lexicon overrides (default: the packaged lexicons only).
    """
    places = PlaceReader(doc, gaz=gazetteer(settings))
    profile = for_country(places.country)  # US local news: its holidays and year-tally cues
    base = patterns(settings.lexicon_dirs)
    p = with_profile(base, profile)
    dates = DateReader(doc, holidays=profile.holidays)
    cands, speakers, other, lead, bounds = read_candidates(doc, p, budget)
    cands = _plausible(doc, _not_ages(doc, p, cands))
    # a report that calls it an attempted murder-suicide anywhere says the shooter lived
    suicide = suicide_cue(doc.text + "\n" + (doc.title or ""))
    published = parse_published(doc.published)  # a sidebar's suicide attack is another incident's
    bombers = dead_suicide_attackers(
        (doc.title or "") + "\n" + without_sidebars(doc.text, published.year if published else None)
    )
    reading = summarize(
        _current(doc, cands), other, lead, suicide, doc.title or "", bombers, base, settings.lexicon_dirs
    )
    died = bool(reading.killed and reading.killed.best)
    figures: list[Figure] = []
    seen: set[tuple[str, int, int, str]] = set()
    hedges: dict[tuple[str, int], bool] = {}  # one scan a sentence, not one a figure
    for c in cands:
        if budget is not None:
            budget.check(doc)
        if c.anaphoric:
            continue  # "the victim died", "he was shot": someone already counted
        if c.other:
            continue  # about another incident: "last year five people died at the same corner"
        key = (c.field, c.start, c.end, c.outcome)
        if key in seen:
            continue
        seen.add(key)
        text = doc.field_text(c.field)
        a, b = bounds[(c.field, c.sent)]
        if (c.field, c.sent) not in hedges:
            hedges[(c.field, c.sent)] = hedged(p, text[a:b])
        who = speakers.get((c.field, c.sent))
        outcome = c.outcome
        if (
            outcome == "shot"
        ):  # gunfire casualties: injured when no one died, else killed and injured together
            outcome = "casualties" if died else "injured"
        span: Span = (c.field, c.start, c.end)
        context: tuple[Span, ...] = ((c.field, a, b),)
        if who is not None and who.sentence != c.sent:
            context += ((c.field, who.start, who.end),)
        fig = Figure(
            outcome=outcome,
            category=c.category,
            group=c.group,
            count=c.count,
            evidence=Evidence(c.start, c.end, text[c.start : c.end], c.field),
            source=who.source if who else None,
            hedged=hedges[(c.field, c.sent)],
            undisclosed=c.undisclosed,
        )
        fig.as_of = dates.day_for(span, context=context)
        fig.place = places.place_for(span, context=context)
        figures.append(fig)
    anchors: list[Span] = [(c.field, c.start, c.end) for c in reading.anchors]
    doc.figures = figures
    doc.summary = Summary(
        when=dates.incident_day(anchors),
        where=places.incident_place(anchors),
        killed=reading.killed,
        injured=reading.injured,
    )
    return scope.mark(revisions.mark(doc))
