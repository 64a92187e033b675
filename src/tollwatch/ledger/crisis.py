"""One crisis, one incident: linking the reports of an unfolding crisis across days and places.

The report-level linker (:mod:`.linking`) joins reports of one local incident told within a
few days. A crisis -- an earthquake, a bombing campaign, a port explosion, days of unrest --
is reported for weeks, from many places, by outlets that file from elsewhere, often with no
date the page keeps. Here, reports that name a kind of crisis (``data/ledger/crisis.json``)
are grouped by what a crisis is: the same kind of event, in the same country, at compatible
times, telling of the same places and things. The grouping is a function of the set of
reports, never of their order: after each batch, the crisis reports that share a kind and a
country with the batch's are grouped again, strongest pair first, and the incidents they are
in are merged (:func:`consolidate`). Reviewers win: a report or an incident a reviewer pinned
is never moved.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Connection, select, update

from tollwatch.contract import Place
from tollwatch.ledger.linking import day_gap, gap_days, report_days
from tollwatch.ledger.settings import SettingsError, settings

Features = dict[str, Any]

#: "ANKARA, Feb. 7 (AA) -", "BEIRUT (Reuters) -", "Colombo (News 1st) -", "BEIRUT •":
#: where the reporter filed from, at the start of a line -- not the place of the crisis.
DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Za-z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]+){0,3}"  # a place, or "Tashkent, Uzbekistan"
    r"(?:,[^\n(]{0,30}?)?"  # ", Feb. 7", ", April 30, 2019"
    r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?"  # "(AA)", "(UzDaily.com)"
    r"(?:--|—|–|-|•)[ \t]",
    re.M,
)
_CAPS = re.compile(r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*)*")


@cache
def _events() -> dict[str, tuple[re.Pattern[str], int | None, int | None]]:
    """The kinds of event, compiled, their examples checked (a broken pattern fails at once)."""
    out = {}
    for name, spec in settings("crisis")["events"].items():
        pattern = re.compile(rf"\b(?:{spec['pattern']})\b", re.I)
        for text in spec.get("must", []):
            if not pattern.search(text):
                raise SettingsError(f"crisis.json: event {name!r} must read {text!r}")
        for text in spec.get("must_not", []):
            if pattern.search(text):
                raise SettingsError(f"crisis.json: event {name!r} must not read {text!r}")
        out[name] = (pattern, spec.get("min_killed"), spec.get("min_injured"))
    return out


def strip_datelines(text: str) -> str:
    """The text without its datelines (see :data:`DATELINE`)."""
    return DATELINE.sub("", text)


@cache
def _any_event() -> tuple[re.Pattern[str], dict[str, str]]:
    """Every kind's words in one pattern (one pass over a lead), and the kind of each group."""
    names = {f"e{i}": name for i, name in enumerate(settings("crisis")["events"])}
    spec = settings("crisis")["events"]
    joined = "|".join(f"(?P<{g}>{spec[name]['pattern']})" for g, name in names.items())
    return re.compile(rf"\b(?:{joined})\b", re.I), names


def event_of(title: str, head: str) -> str | None:
    """The kind of event the title and lead tell of most, if named often enough (ties: the
    kind listed first in ``crisis.json``)."""
    cfg = settings("crisis")
    _events()  # the examples checked
    pattern, names = _any_event()
    counts = dict.fromkeys(names.values(), 0)
    for text, weight in ((title, cfg["title_weight"]), (head, 1)):
        for m in pattern.finditer(text):
            counts[names[m.lastgroup or ""]] += weight
    best = max(counts, key=lambda k: counts[k], default=None)  # (dicts keep the listed order)
    return best if best is not None and counts[best] >= cfg["min_event_words"] else None


def countries_and_places(title: str, head: str, summary: Place | None) -> tuple[list[str], list[str]]:
    """The report's main countries -- those the title (``title_weight`` times) and the lead
    name (or whose people they name) most, at least half as often as the first, and the
    summary's country when the lead names its place outside a dateline -- and the towns and
    cities of those countries the lead names (lower-cased). ``head`` (the lead, datelines
    taken out) holds the title once."""
    from tollwatch.figures.geo import gazetteer, name_key

    gz = gazetteer()
    counts: dict[str, int] = defaultdict(int)
    towns: dict[str, set[str]] = defaultdict(set)  # name -> countries it may be in
    extra = settings("crisis")["title_weight"] - 1
    min_people = settings("crisis")["town_population"]
    for m in itertools.chain(_CAPS.finditer(head), *itertools.repeat(tuple(_CAPS.finditer(title)), extra)):
        phrase = m.group(0).rstrip(".'’").removesuffix("'s").removesuffix("’s")
        cc = next(
            (c for part in (phrase, *re.split(r"[ -]", phrase)) if (c := _country(gz, name_key(part), part))),
            None,
        )
        if cc:
            counts[cc] += 1
            continue
        key = name_key(phrase)  # a town is named whole ("Dana Clark" is no town Clark)
        found = {
            gz.country(i)
            for i in gz.lookup_key(key)[:5]
            if gz.kind(i) == "city" and gz.population(i) >= min_people
        }
        if found:
            towns[key] |= found
    top = max(counts.values(), default=0)
    main = {cc for cc, n in counts.items() if 2 * n >= top}
    if summary and summary.country and name_key(summary.name) in name_key(head):
        main.add(summary.country)
    return sorted(main), sorted(k for k, ccs in towns.items() if ccs & main)


def _country(gz: Any, key: str, written: str) -> str | None:
    """The country a name or demonym names ("Lebanon", "Sri Lankan"), if any."""
    return gz.country_of_key(key) or gz.demonyms.get(written)  # type: ignore[no-any-return]


def is_crisis(f: Features) -> bool:
    """Whether a report is linked at the crisis level (see the module doc)."""
    return bool(f.get("countries")) and big_enough(f.get("event"), f.get("killed"), f.get("injured"))


def big_enough(event: str | None, killed: int | None, injured: int | None) -> bool:
    """Whether a report of this kind of event and toll can be a crisis report (a shooting
    with few dead is not): asked before its countries are read, which costs."""
    spec = _events().get(event) if event else None
    if spec is None:
        return False
    min_killed, min_injured = spec[1], spec[2]
    if min_killed is None and min_injured is None:
        return True
    return (min_killed is not None and (killed or 0) >= min_killed) or (
        min_injured is not None and (injured or 0) >= min_injured
    )


def crisis_keys(f: Features) -> list[str]:
    """``crisis:<event>:<country>`` for each main country of a crisis report."""
    if not is_crisis(f):
        return []
    return [f"crisis:{f['event']}:{cc}" for cc in f["countries"]]


def pair_score(a: Features, b: Features) -> tuple[float, int | None]:
    """What two crisis reports share (the weights of ``crisis.json``), and their days apart."""
    w = settings("crisis")["weights"]
    wa, wb = set(a.get("words") or ()), set(b.get("words") or ())
    s = 0.0
    if wa and wb:
        common = len(wa & wb)
        s += w["words_jaccard"] * common / (len(wa) + len(wb) - common)
    shared = len(set(a.get("phrases") or ()) & set(b.get("phrases") or ()))
    s += w["phrase_shared"] * min(shared, w["phrase_max"])
    if a.get("place") and a.get("place") == b.get("place"):
        s += w["place_same"]
    towns = len(set(a.get("towns") or ()) & set(b.get("towns") or ()))
    s += w["town_shared"] * min(towns, w["town_max"])
    gap = day_gap(a, b)
    if gap is not None and gap <= settings("crisis")["near_days"]:
        s += w["day_near"]
    return s, gap


def linked(a: Features, b: Features) -> float | None:
    """The score of two crisis reports of one crisis, ``None`` when they are not."""
    if a.get("event") != b.get("event") or not set(a.get("countries") or ()) & set(b.get("countries") or ()):
        return None
    cfg = settings("crisis")
    s, gap = pair_score(a, b)
    if gap is not None and gap > cfg["far_days"]:  # unless they say the same (a page's date can be wrong)
        return s if s >= cfg["date_override_score"] else None
    near = gap is not None and gap <= cfg["near_days"]
    return s if s >= (cfg["link_score"] if near else cfg["undated_link_score"]) else None


def group(reports: dict[str, Features]) -> list[list[str]]:
    """The crisis reports grouped into crises, whatever order they are given in.

    Pairs are joined strongest first (ties: by ids); two groups never join when their dated
    reports lie more than ``far_days`` apart at their closest, unless the pair joining them
    is of two dated reports and scores ``date_override_score`` (see the module doc)."""
    cfg = settings("crisis")
    ids = sorted(reports)
    pairs = []
    for i, x in enumerate(ids):
        for y in ids[i + 1 :]:
            s = linked(reports[x], reports[y])
            if s is not None:
                pairs.append((-s, x, y))
    parent = {i: i for i in ids}
    days_of = {i: report_days(reports[i]) for i in ids}
    days = dict(days_of)  # of each group, by its root

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for minus_s, x, y in sorted(pairs):
        rx, ry = root(x), root(y)
        if rx == ry:
            continue
        gap = gap_days(days[rx], days[ry])
        # a pair of dated reports saying the same overrides their dates (one is wrong); an
        # undated report never joins two groups dated far apart
        override = days_of[x] and days_of[y] and -minus_s >= cfg["date_override_score"]
        if gap is not None and gap > cfg["far_days"] and not override:
            continue
        keep, gone = min(rx, ry), max(rx, ry)
        parent[gone] = keep
        days[keep] = tuple(sorted(set(days[keep]) | set(days[gone])))
    out: dict[str, list[str]] = defaultdict(list)
    for x in ids:
        out[root(x)].append(x)
    return sorted(out.values())


# --- in the store ---------------------------------------------------------------------


def _moves(
    groups: list[list[str]], home: dict[str, int], members: dict[int, list[tuple[str, bool, bool]]]
) -> dict[str, int]:
    """Which reports move to which incident: each group into the incident holding most of it
    (ties: the lowest id). ``members``: every report of the incidents involved (id, crisis
    report, pinned). A whole incident moves when all its crisis reports are of the group
    (the reports the report-level linker joined to them go with them); else only the group's."""
    out: dict[str, int] = {}
    for g in groups:
        held: dict[int, int] = defaultdict(int)
        for d in g:
            held[home[d]] += 1
        if len(held) < 2:
            continue
        target = min(held, key=lambda i: (-held[i], i))
        mine = set(g)
        for incident in sorted(held):
            if incident == target:
                continue
            docs = members.get(incident, [])
            whole = all(d in mine or not crisis_doc for d, crisis_doc, _ in docs)
            for d, _, pinned in docs:
                if not pinned and (whole or d in mine):
                    out[d] = target
    return out


def consolidate(
    conn: Connection, batch: Iterable[tuple[str, Features]]
) -> tuple[set[int], dict[str, int], set[int]]:
    """Group again the crisis reports that share a kind and a country with this batch's
    reports (stored already), merge the incidents each crisis is spread over; return the
    incidents that gained or lost reports (to be rebuilt), the reports moved (to which) and the
    incidents left empty (merged into the crisis's)."""
    from tollwatch.ledger.fastsql import insert_tuples
    from tollwatch.ledger.schema import document_keys, documents, incidents

    rows = [(k, doc_id) for doc_id, f in batch for k in crisis_keys(f)]
    if not rows:
        return set(), {}, set()
    insert_tuples(conn, document_keys, ("key", "document_id"), rows)
    keys = sorted({k for k, _ in rows})
    found = conn.execute(
        select(documents.c.id, documents.c.incident_id, documents.c.features_json).where(
            documents.c.id.in_(select(document_keys.c.document_id).where(document_keys.c.key.in_(keys))),
            documents.c.duplicate_of.is_(None),
            documents.c.incident_id.is_not(None),
            documents.c.incident_pinned.is_(False),  # where a reviewer put a report, it stays
            documents.c.incident_id.not_in(select(incidents.c.id).where(incidents.c.pinned.is_(True))),
        )
    ).all()
    reports = {r.id: json.loads(r.features_json or "{}") for r in found}
    home = {r.id: int(r.incident_id) for r in found}
    groups = [g for g in group(reports) if len({home[d] for d in g}) > 1]
    if not groups:
        return set(), {}, set()
    involved = sorted({home[d] for g in groups for d in g})
    pinned: set[int] = set(
        conn.execute(select(incidents.c.id).where(incidents.c.id.in_(involved), incidents.c.pinned)).scalars()
    )
    members: dict[int, list[tuple[str, bool, bool]]] = defaultdict(list)
    for r in conn.execute(
        select(
            documents.c.id, documents.c.incident_id, documents.c.features_json, documents.c.incident_pinned
        ).where(documents.c.incident_id.in_(involved))
    ):
        crisis_doc = r.id in reports or is_crisis(json.loads(r.features_json or "{}"))
        members[int(r.incident_id)].append(
            (r.id, crisis_doc, bool(r.incident_pinned) or r.incident_id in pinned)
        )
    moves = _moves(groups, home, members)
    touched: set[int] = set()
    merged: set[int] = set()
    by_target: dict[int, list[str]] = defaultdict(list)
    for d, target in moves.items():
        by_target[target].append(d)
    for target, docs in sorted(by_target.items()):
        sources = {i for i, ds in members.items() for d, _, _ in ds if d in docs}
        touched |= sources | {target}
        for i in range(0, len(docs), 500):
            chunk = sorted(docs)[i : i + 500]
            conn.execute(update(documents).where(documents.c.id.in_(chunk)).values(incident_id=target))
        emptied = sorted(i for i in sources if all(d in moves for d, _, _ in members[i]))
        if emptied:  # an incident left empty points to the crisis it is part of
            conn.execute(update(incidents).where(incidents.c.id.in_(emptied)).values(merged_into=target))
            merged.update(emptied)
    return touched, moves, merged


def crisis_incidents(conn: Connection, ids: list[int]) -> set[int]:
    """Which of these incidents are crises told over several reports: two or more of their
    reports are crisis reports (reports with a ``crisis:`` key; copies not counted)."""
    from sqlalchemy import func

    from tollwatch.ledger.schema import document_keys, documents

    out: set[int] = set()
    for i in range(0, len(ids), 500):
        rows = conn.execute(
            select(documents.c.incident_id)
            .where(
                documents.c.incident_id.in_(ids[i : i + 500]),
                documents.c.duplicate_of.is_(None),
                documents.c.id.in_(
                    select(document_keys.c.document_id).where(  # "crisis:..." (a range: the index)
                        document_keys.c.key >= "crisis:", document_keys.c.key < "crisis;"
                    )
                ),
            )
            .group_by(documents.c.incident_id)
            .having(func.count(func.distinct(documents.c.id)) > 1)
        )
        out.update(int(r[0]) for r in rows)
    return out
