"""The ledger of one incident: every figure by source and time, tallies, discrepancies, gaps.

Pure functions over *ledger figures*: the contract's figure as a dict (reviewed values
already applied) plus ``id``, ``document_id``, ``published``, ``site``, ``review_status``
and ``duplicate_of``. The rules (README, "The ledger"):

1. **Who says it.** A figure's source is its ``source`` (names that differ only by
   words like "Kazakhstan's" are one source); a figure nobody is quoted for belongs to
   the outlet that printed it.
2. **Latest wins, per source.** For one source, outcome and category, the figure of the
   latest day (``as_of``, else the report's publication day; then the later report)
   supersedes that source's earlier ones -- unless it is only a word ("many were
   detained"): a vague word never sets aside a number the source gave ("at least 180").
   Within one report, two figures of one source about the same outcome and category are
   never summed: the larger is kept.
3. **Across sources, never sum one population twice.** Per outcome and category:
   ``low`` = the highest floor any current source gives, ``high`` = the highest ceiling,
   ``best`` = the value most current sources give (reviewed figures first, then
   unhedged ones; a tie goes to the latest), kept within ``low``..``high``.
4. **Groups.** Disjoint groups (civilians, security forces, attackers) are summed. A
   sub-group (children within civilians) is never added to its group: it only raises the
   group's floor. "All people" (``unspecified``) is never summed with any group: the
   total is the larger of the all-people tally and the sum of the disjoint groups.
5. **Not counted**: rejected figures, undisclosed figures (they are *gaps*), figures
   with no number, and figures of a near-duplicate report (its first copy counts).
6. **Discrepancies**: two sources' current figures for one outcome and category whose
   ranges do not overlap, said within ``discrepancy_days`` of each other, unless the higher
   one came later (a toll that rose); or a group's floor, or the disjoint groups' floors
   added up, above an all-people ceiling of the same days.

Every tally says which figure ids each of its numbers rests on.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from tollwatch.ledger.settings import settings

LedgerFigure = dict[str, Any]
REVIEWED = ("confirmed", "corrected", "added")
TOTAL = "total"

_STOP = re.compile(r"\b(the|a|an|of|its|their|officials?|spokes(?:wo)?man|spokesperson)\b|'s\b|[^\w\s]")


def figure_day(f: LedgerFigure) -> str | None:
    """The day a figure speaks for: ``as_of``, else its report's publication day."""
    return f.get("as_of") or ((f.get("published") or "")[:10] or None)


def _order_key(f: LedgerFigure) -> tuple[str, str, int]:
    """(figure_day or "", published or "", id): the figure's day written out, as it is sorted
    on for every figure of every ledger."""
    published = f.get("published") or ""
    return (f.get("as_of") or published[:10], published, int(f.get("id") or 0))


def counted(f: LedgerFigure) -> bool:
    """Whether a figure takes part in tallies (rule 5)."""
    c = f["count"]
    return (
        f.get("review_status") != "rejected"
        and not f.get("undisclosed")
        and not f.get("duplicate_of")
        and (c.get("low") is not None or c.get("best") is not None or c.get("high") is not None)
    )


# --- sources -------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _norm_source(name: str) -> str:
    return " ".join(_STOP.sub(" ", name.lower()).split())


def assign_sources(figures: Sequence[LedgerFigure]) -> dict[str, dict[str, Any]]:
    """Give each figure a ``source_key``; return the sources by key (rule 1)."""
    return _assign_sources(sorted(figures, key=_order_key))


def _assign_sources(ordered: Sequence[LedgerFigure]) -> dict[str, dict[str, Any]]:
    """:func:`assign_sources` of figures already in :func:`_order_key` order."""
    threshold = settings("tally")["source_name_similarity"]
    keys: list[tuple[str, str]] = []  # (normalised name, key)

    def same(a: str, b: str) -> bool:
        """One source named two ways: nearly the same words, or all of the shorter name's
        words (two or more) inside the longer ("interior ministry" in "kazakhstan interior
        ministry") -- but not "ministry" alone, which names many."""
        if fuzz.ratio(a, b) >= threshold:
            return True
        wa, wb = set(a.split()), set(b.split())
        small, big = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
        return len(small) >= 2 and small <= big

    sources: dict[str, dict[str, Any]] = {}
    for f in ordered:
        src = f.get("source")
        named = bool(src and src.get("name") and src.get("type") != "unattributed")
        if named and src:
            name, kind = src["name"], src.get("type") or "other"
        else:  # the outlet that printed it speaks for itself
            name, kind = f.get("site") or f"report {f.get('document_id')}", "media"
        norm = _norm_source(name) or name.lower()
        key = next((k for n, k in keys if same(norm, n)), None)
        if key is None:
            key = f"{'source' if named else 'outlet'}:{norm}"
            keys.append((norm, key))
        elif named and key.startswith("outlet:") and sources[key]["type"] == "media":
            sources[key].update(name=name, type=kind)  # the outlet is itself a named source (an NGO's site)
        f["source_key"] = key
        s = sources.setdefault(
            key,
            {
                "key": key,
                "name": name,
                "type": kind,
                "documents": [],
                "figures": [],
                "first": None,
                "last": None,
            },
        )
        if f["document_id"] not in s["documents"]:
            s["documents"].append(f["document_id"])
        s["figures"].append(f["id"])
        day = figure_day(f)
        if day:
            s["first"] = min(s["first"] or day, day)
            s["last"] = max(s["last"] or day, day)
    return sources


# --- rule 2: per source, the latest figure ---------------------------------------------


def current_figures(figures: Iterable[LedgerFigure]) -> tuple[list[LedgerFigure], list[LedgerFigure]]:
    """Split counted figures into (current, superseded): latest per (source, outcome, category)."""
    return _current_figures([f for f in figures if counted(f)])


#: Revisions that are never a current figure (see :mod:`tollwatch.figures.revisions`).
NEVER_CURRENT = ("retracted", "superseded", "increment")


def revised_away(f: LedgerFigure) -> bool:
    """A figure its own words set aside: withdrawn, the earlier figure of a revision, an
    increment ("412 more": never a total), or a part of all the people ("90 of the 150")."""
    rev = f.get("revision")
    return rev in NEVER_CURRENT or (rev == "part" and f.get("category") == settings("tally")["all"])


def _current_figures(live: Iterable[LedgerFigure]) -> tuple[list[LedgerFigure], list[LedgerFigure]]:
    """:func:`current_figures` of counted figures."""
    by_key: dict[tuple[str, str, str, str], list[LedgerFigure]] = defaultdict(list)
    current, superseded = [], []
    for f in live:
        if revised_away(f):
            superseded.append(f)
        else:
            by_key[(f["source_key"], f["outcome"], f["category"], scope_key(f))].append(f)
    for group in by_key.values():
        if len(group) == 1:  # (most often) the only figure of its kind: current
            current.append(group[0])
            continue
        group.sort(key=_order_key)
        # a vague later word ("many were detained") does not set aside a number ("at least 180")
        numbered = [g for g in group if g["count"].get("kind") not in ("vague", "unknown")]
        last = (numbered or group)[-1]
        latest = [
            g for g in group if figure_day(g) == figure_day(last) and g["document_id"] == last["document_id"]
        ]
        keep = max(latest, key=lambda g: (_num(g, "best"), _num(g, "low"), _order_key(g)))
        current.append(keep)
        for g in group:
            if g is not keep:
                g["superseded_by"] = keep["id"]
                superseded.append(g)
    return current, superseded


def _num(f: LedgerFigure, k: str) -> int:
    c = f["count"]
    v = c.get(k)
    if v is None:
        v = c.get("best") if c.get("best") is not None else c.get("low")
    return -1 if v is None else int(v)


# --- rule 3: one outcome and category across sources -------------------------------------


def _latest(figs: list[LedgerFigure]) -> tuple[list[LedgerFigure], str | None]:
    """The figures of the cell's latest days (within ``latest_days`` of the last day a
    number was given): an earlier day's figure of another source is a stale toll, not a
    competing one. A vague word ("many") sets no day; undated figures count only when no
    figure is dated."""
    days = [figure_day(f) for f in figs]
    numbered = [d for f, d in zip(figs, days, strict=True) if d and f["count"].get("kind") not in _WORDS]
    if not numbered or len(figs) == 1:
        return figs, None
    last = max(numbered)
    try:
        first = date.fromordinal(date.fromisoformat(last[:10]).toordinal() - settings("tally")["latest_days"])
    except ValueError:
        return figs, None
    pool = [f for f, d in zip(figs, days, strict=True) if d and d[:10] >= first.isoformat()]
    if len(pool) == len(figs):
        return figs, None
    return pool, f"figures of the latest days ({first.isoformat()} to {last[:10]})"


_WORDS = ("vague", "unknown")


def _cell(outcome: str, category: str, figs: list[LedgerFigure]) -> dict[str, Any]:
    rule = []
    pool, note = _latest(figs)
    if note:
        rule.append(note)
    if any(f.get("review_status") in REVIEWED for f in pool):
        pool = [f for f in pool if f.get("review_status") in REVIEWED]
        rule.append("reviewed figures only")
    if any(not f.get("hedged") for f in pool):
        if any(f.get("hedged") for f in pool):
            rule.append("hedged figures set aside")
        pool = [f for f in pool if not f.get("hedged")]
    lows = [f["count"]["low"] for f in pool if f["count"].get("low") is not None]
    highs = [f["count"]["high"] for f in pool if f["count"].get("high") is not None]
    low = max(lows) if lows else None
    high = max(highs) if highs else None
    cands = [f for f in pool if f["count"].get("best") is not None]
    best = None
    if len(cands) == 1:  # (most often) one source: its number, no vote
        best = cands[0]["count"]["best"]
        rule.append("best: the latest source's")
    elif cands:
        votes = Counter(f["count"]["best"] for f in cands)
        top = max(votes.values())
        tied = [f for f in cands if votes[f["count"]["best"]] == top]
        best = max(tied, key=lambda f: (_order_key(f), f["count"]["best"]))["count"]["best"]
        rule.append(
            f"best given by {top} of {len(pool)} source(s)" if top > 1 else "best: the latest source's"
        )
    elif low is not None:
        rule.append("no best figure: floor only")
    if best is not None and low is not None and best < low:
        best = low
        rule.append("best raised to the highest floor")
    if high is not None:
        floor = (
            max(v for v in (low, best) if v is not None) if (low is not None or best is not None) else None
        )
        if floor is not None and high < floor:
            high = floor
            rule.append("high raised to the floor")
    return {
        "outcome": outcome,
        "category": category,
        "low": low,
        "best": best,
        "high": high,
        "figures": [f["id"] for f in figs],
        "rests_on": {
            "low": [f["id"] for f in pool if low is not None and f["count"].get("low") == low],
            "best": [f["id"] for f in pool if best is not None and f["count"].get("best") == best],
            "high": [f["id"] for f in pool if high is not None and f["count"].get("high") == high],
        },
        "rule": "; ".join(rule),
    }


def _merge_floor(cell: dict[str, Any], parts: list[dict[str, Any]], what: str) -> None:
    """A part's numbers raise ``cell``'s floor (never summed into it)."""
    for p in parts:
        for k in ("low", "best"):
            v = p.get(k)
            if v is not None and (cell[k] is None or v > cell[k]):
                cell[k] = v
                cell["rests_on"][k] = list(p["rests_on"][k] or p["figures"])
                cell["rule"] = (
                    cell["rule"] + "; " if cell["rule"] else ""
                ) + f"{k} raised by {what} {p['category']}"
    if cell["high"] is not None:
        floor = max(v for v in (cell["low"], cell["best"], cell["high"]) if v is not None)
        if floor > cell["high"]:
            cell["high"] = None  # the ceiling given is contradicted by a part: no ceiling
            cell["rests_on"]["high"] = []


def _sum(outcome: str, category: str, parts: list[dict[str, Any]]) -> dict[str, Any]:
    def total(k: str, fallback: str | None) -> int | None:
        vals = []
        for p in parts:
            v = p[k] if p[k] is not None else (p[fallback] if fallback else None)
            if v is None:
                return None
            vals.append(v)
        return sum(vals)

    return {
        "outcome": outcome,
        "category": category,
        "low": total("low", "best"),
        "best": total("best", "low"),
        "high": total("high", None),
        "figures": [i for p in parts for i in p["figures"]],
        "rests_on": {
            k: [i for p in parts for i in (p["rests_on"][k] or p["figures"])] for k in ("low", "best")
        }
        | {
            "high": [i for p in parts for i in p["rests_on"]["high"]]
            if total("high", None) is not None
            else []
        },
        "rule": "sum of disjoint groups: " + " + ".join(p["category"] for p in parts),
    }


def _latest_day(figs: Iterable[LedgerFigure]) -> str:
    return max((figure_day(f) or "" for f in figs), default="")


def _with_groups(
    total: dict[str, Any],
    summed: dict[str, Any],
    groups: list[dict[str, Any]],
    cats: dict[str, list[LedgerFigure]],
    everyone: list[LedgerFigure],
) -> None:
    """Reconcile an all-people tally with the sum of the disjoint groups (rule 4).

    The all-people figure already includes the groups: it stays the best unless the groups'
    figures are more recent than it and add up to more. Each single group raises the floor;
    a larger sum only widens the ceiling (sources may class the same dead differently: one's
    "attackers" are another's "civilians").
    """
    group_figs = [f for g in groups for f in cats.get(g["category"], [])]
    newer = _latest_day(group_figs) > _latest_day(everyone)
    if newer:
        _merge_floor(total, [summed], "the more recent sum of")
        return
    had_ceiling = total["high"] is not None  # an open ceiling ("at least 9") stays open
    _merge_floor(total, groups, "group")
    s_best = summed["best"] if summed["best"] is not None else summed["low"]
    wider = s_best is not None and total["best"] is not None and s_best > total["best"]
    if wider and had_ceiling and (total["high"] is None or s_best > total["high"]):
        total["high"] = s_best
        total["rests_on"]["high"] = list(summed["rests_on"]["best"])
        total["rule"] += "; high: the groups add up to more (they may overlap across sources)"


def _plain_tallies(current: list[LedgerFigure]) -> list[dict[str, Any]]:
    """Per outcome: a cell per category and a ``total`` (rules 3 and 4), of figures of one scope."""
    cfg = settings("tally")
    all_cat, disjoint, parents = cfg["all"], cfg["disjoint"], cfg["parents"]
    out: list[dict[str, Any]] = []
    by_outcome: dict[str, dict[str, list[LedgerFigure]]] = defaultdict(lambda: defaultdict(list))
    for f in current:
        by_outcome[f["outcome"]][f["category"]].append(f)
    for outcome in sorted(by_outcome, key=_outcome_order):
        cats = by_outcome[outcome]
        cells = {c: _cell(outcome, c, figs) for c, figs in cats.items()}
        out.extend(cells[c] for c in sorted(cells))
        groups: list[dict[str, Any]] = []
        # (most often no figure names a group or a sub-group: no group to make)
        for g in disjoint if any(c in disjoint or c in parents for c in cells) else ():
            subs = [cells[c] for c, p in parents.items() if p == g and c in cells]
            if g in cells:
                own = {**cells[g], "rests_on": {k: list(v) for k, v in cells[g]["rests_on"].items()}}
                _merge_floor(own, subs, "sub-group")
                groups.append(own)
            elif subs:
                derived = _cell(outcome, g, [f for s in subs for f in cats[s["category"]]])
                derived["high"] = None
                derived["rests_on"]["high"] = []
                derived["best"] = max((s["best"] for s in subs if s["best"] is not None), default=None)
                derived["low"] = max((s["low"] for s in subs if s["low"] is not None), default=None)
                derived["rule"] = "largest of its sub-groups (they may overlap): " + ", ".join(
                    s["category"] for s in subs
                )
                for k in ("low", "best"):
                    derived["rests_on"][k] = [
                        i for s in subs if s[k] is not None and s[k] == derived[k] for i in s["rests_on"][k]
                    ]
                groups.append(derived)
        others = [
            cells[c] for c in cells if c != all_cat and c not in disjoint and c not in parents
        ]  # unknown categories: may overlap anything, only raise the floor
        if all_cat in cells:
            total = {**cells[all_cat], "category": TOTAL, "rests_on": dict(cells[all_cat]["rests_on"])}
            total["rule"] = "all-people figure" + (f" ({total['rule']})" if total["rule"] else "")
            if groups:
                _with_groups(total, _sum(outcome, "disjoint groups", groups), groups, cats, cats[all_cat])
            _merge_floor(total, others, "group")
        elif groups:
            total = _sum(outcome, TOTAL, groups)
            if others:
                _merge_floor(total, others, "group")
        else:
            total = _cell(outcome, TOTAL, [f for c in others for f in cats[c["category"]]])
            if len(others) > 1:
                total["rule"] = "groups that may overlap: never summed; " + total["rule"]
        total["figures"] = sorted({f["id"] for figs in cats.values() for f in figs})
        out.append(total)
    return out


# --- rule 7: scope -------------------------------------------------------------------------

WHOLE = ""


def scope_key(f: LedgerFigure) -> str:
    """The part of the crisis a figure covers (``WHOLE``: all of it): ``country:SY``,
    ``place:TR:izmir``, ``area:SY:government-held areas`` (see :class:`~tollwatch.contract.Scope`)."""
    s = f.get("scope")
    if not s:
        return WHOLE
    if s.get("level") == "country" and s.get("country"):
        return f"country:{s['country']}"
    return f"{s.get('level') or 'place'}:{s.get('country') or ''}:{' '.join(str(s.get('name', '')).lower().split())}"


def _whole_scopes(current: list[LedgerFigure]) -> set[str]:
    """The scopes that are the whole incident: its one country when its figures name no other
    (a share of Sri Lanka's toll "across Sri Lanka" is Sri Lanka's toll), and a town named as
    the only part when it is the place most of the incident's figures are about (the crisis in
    Osh: "11 killed in Osh" is no share of it; Izmir beside Samos stays a share)."""
    scoped = [f["scope"] for f in current if f.get("scope")]
    countries = {s.get("country") for s in scoped} - {None}
    out = {f"country:{c}" for c in countries} if len(countries) == 1 else set()
    towns = {scope_key(f) for f in current if (f.get("scope") or {}).get("level") == "place"}
    if len(towns) == 1:
        about = Counter(_fold((f.get("place") or {}).get("name") or "") for f in current if f.get("place"))
        (town,) = towns
        name = next(s["name"] for s in scoped if s.get("level") == "place")
        if about and about.most_common(1)[0][0] == _fold(name):
            out.add(town)
    return out


def _fold(name: str) -> str:
    """A place's name without case or accents ("İzmir" is "izmir")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


def _parent(key: str, tops: set[str]) -> str:
    """The scope a scope is a part of: a town or an area of a country that has its own
    figures is a part of that country; else of the whole."""
    level, _, rest = key.partition(":")
    country = f"country:{rest.split(':', 1)[0]}" if level != "country" else ""
    return country if country in tops else WHOLE


def _share(key: str) -> bool:
    """A place's share (a country, a town, an area): a toll that leaves a side out ("excluding
    the attackers", level ``group``) is no share of anything."""
    return not key.startswith("group:")


def _share_sum(outcome: str, shares: list[dict[str, Any]], days: dict[str, str]) -> dict[str, Any] | None:
    """The disjoint shares of one part, added up: each share's total tally, those of the
    shares' latest days (within ``latest_days`` of the last)."""
    if not shares:
        return None
    last = max(days[s["scope"]] for s in shares)
    window = settings("tally")["latest_days"]
    recent = [s for s in shares if not last or _within(days[s["scope"]], last, window)]
    summed = _sum(outcome, "place shares", recent)
    summed["rule"] = "sum of the place shares: " + " + ".join(s["scope_name"] for s in recent)
    summed["day"] = last
    return summed


def _within(day: str, last: str, window: int) -> bool:
    if not day:
        return False
    try:
        return (date.fromisoformat(last[:10]) - date.fromisoformat(day[:10])).days <= window
    except ValueError:
        return day[:10] == last[:10]


def _raised(
    own: dict[str, Any] | None, own_day: str, summed: dict[str, Any] | None, outcome: str
) -> dict[str, Any] | None:
    """A part's (or the whole's) total, raised to the sum of its shares when no figure of its
    own is newer than they are (a share never beats, nor sums with, the whole it is part of)."""
    if summed is None:
        return own
    if own is None:
        return {**summed, "category": TOTAL}
    if summed["day"] >= own_day:
        _merge_floor(own, [summed], "the more recent sum of")
        own["figures"] = sorted({*own["figures"], *summed["figures"]})
    return own


def _floor_of(parts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """With no figure of the whole and no share of it, the whole is at least its largest part."""
    top = max(parts.values(), key=lambda p: (_value(p), p["scope"]))
    cell = {k: v for k, v in top.items() if k not in ("scope", "scope_name", "level", "country")}
    return cell | {
        "category": TOTAL,
        "low": _value(top),
        "high": None,
        "rests_on": {**top["rests_on"], "high": []},
        "rule": f"no figure of the whole: at least its part {top['scope_name']!r}",
    }


def _value(cell: dict[str, Any]) -> int:
    v = cell["best"] if cell["best"] is not None else cell["low"]
    return -1 if v is None else int(v)


def tallies(current: list[LedgerFigure]) -> list[dict[str, Any]]:
    """Per outcome: a cell per category and a ``total`` (rules 3, 4 and 7)."""
    return _scoped_tallies(current)[0]


def _scoped_tallies(current: list[LedgerFigure]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The tallies of the whole incident (its own figures, raised by its parts' shares) and
    the breakdown: one total per outcome and part (rule 7)."""
    whole_keys = _whole_scopes(current)
    by_scope: dict[str, list[LedgerFigure]] = defaultdict(list)
    for f in current:
        k = scope_key(f)
        by_scope[WHOLE if k in whole_keys else k].append(f)
    if len(by_scope) == 1:  # (most often) one scope: the incident's
        return _plain_tallies(next(iter(by_scope.values()))), []
    cells = _plain_tallies(by_scope.pop(WHOLE, []))
    names = {scope_key(f): (f.get("scope") or {}) for figs in by_scope.values() for f in figs}
    tops = {k for k in by_scope if k.startswith("country:")}
    breakdown: list[dict[str, Any]] = []
    for outcome in sorted({f["outcome"] for figs in by_scope.values() for f in figs}, key=_outcome_order):
        parts: dict[str, dict[str, Any]] = {}
        days: dict[str, str] = {}
        for key, figs in sorted(by_scope.items()):
            mine = [f for f in figs if f["outcome"] == outcome]
            total = next((c for c in _plain_tallies(mine) if c["category"] == TOTAL), None) if mine else None
            if total is not None:
                scope = names[key]
                parts[key] = total | {
                    "scope": key,
                    "scope_name": scope.get("name", ""),
                    "level": scope.get("level"),
                    "country": scope.get("country"),
                }
                days[key] = _latest_day(mine)
        for top in sorted(tops & set(parts)):  # a country's areas and towns
            subs = [
                parts[k] for k in sorted(parts) if k not in tops and _share(k) and _parent(k, tops) == top
            ]
            _raised(parts[top], days[top], _share_sum(outcome, subs, days), outcome)
            days[top] = max([days[top], *(days[s["scope"]] for s in subs)])
        shares = [parts[k] for k in sorted(parts) if _share(k) and _parent(k, tops) == WHOLE]
        whole = next((c for c in cells if c["outcome"] == outcome and c["category"] == TOTAL), None)
        own_day = _latest_day(
            f for f in current if f["outcome"] == outcome and scope_key(f) in whole_keys | {WHOLE}
        )
        raised = _raised(whole, own_day, _share_sum(outcome, shares, days), outcome)
        if whole is None and raised is None and parts:  # only a toll that leaves a side out
            raised = _floor_of(parts)
        if whole is None and raised is not None:
            raised.pop("day", None)
            cells.append(raised)
        breakdown += [
            {k: v for k, v in parts[k].items() if k != "category"}
            | {"parent": _parent(k, tops), "day": days[k] or None}
            for k in sorted(parts)
        ]
    cells.sort(key=lambda c: (_outcome_order(c["outcome"]), c["category"] == TOTAL, c["category"]))
    return cells, breakdown


def _outcome_order(outcome: str) -> tuple[int, str]:
    order = ("killed", "injured", "casualties", "missing", "detained", "displaced")
    return (order.index(outcome) if outcome in order else len(order), outcome)


# --- rule 6: discrepancies, and gaps ----------------------------------------------------


def _range(f: LedgerFigure) -> tuple[float, float]:
    c = f["count"]
    lo = c.get("low") if c.get("low") is not None else c.get("best")
    hi = c.get("high")
    if hi is None:
        hi = c.get("best") if c.get("kind") == "exact" else math.inf
    return (float(lo if lo is not None else 0), float(hi if hi is not None else math.inf))


def _days_apart(a: LedgerFigure, b: LedgerFigure) -> int:
    da, db = figure_day(a), figure_day(b)
    if not da or not db:
        return 0
    try:
        return abs((date.fromisoformat(da[:10]) - date.fromisoformat(db[:10])).days)
    except ValueError:
        return 0


def _same_time(a: LedgerFigure, b: LedgerFigure, days: int) -> bool:
    """Said at the same time: within ``days`` of each other, or in one report. A figure whose
    day is unknown is compared only with the figures of its own report (it may be last week's)."""
    if a["document_id"] == b["document_id"]:
        return True
    if not figure_day(a) or not figure_day(b):
        return False
    return _days_apart(a, b) <= days


def _side(f: LedgerFigure) -> dict[str, Any]:
    return {
        "figure": f["id"],
        "source": f.get("source_name") or "",
        "source_key": f["source_key"],
        "count": f["count"],
        "as_of": figure_day(f),
        "document_id": f["document_id"],
        "hedged": bool(f.get("hedged")),
    }


def _rose(low: LedgerFigure, high: LedgerFigure) -> bool:
    """The higher figure was given on a later day: a toll that rose, not a disagreement."""
    return (figure_day(high) or "") > (figure_day(low) or "")


def discrepancies(current: list[LedgerFigure]) -> list[dict[str, Any]]:
    """Current figures of different sources that cannot both be right (rule 6).

    A higher figure given on a later day is a toll that rose, not a disagreement.
    """
    cfg = settings("tally")
    days, all_cat = cfg["discrepancy_days"], cfg["all"]
    out: list[dict[str, Any]] = []
    whole = _whole_scopes(current)
    cells: dict[tuple[str, str, str], list[LedgerFigure]] = defaultdict(list)
    for f in current:
        k = scope_key(f)
        cells[(WHOLE if k in whole else k, f["outcome"], f["category"])].append(f)
    for (scope, outcome, category), figs in sorted(cells.items()):
        for i, a in enumerate(figs):
            for b in figs[i + 1 :]:
                if a["source_key"] == b["source_key"] or not _same_time(a, b, days):
                    continue
                (alo, ahi), (blo, bhi) = _range(a), _range(b)
                if (ahi < blo and not _rose(a, b)) or (bhi < alo and not _rose(b, a)):
                    out.append(
                        {
                            "outcome": outcome,
                            "category": category,
                            "kind": "sources disagree",
                            "scope": scope,
                            "scope_name": (a.get("scope") or {}).get("name") if scope else None,
                            "sides": [_side(a), _side(b)],
                        }
                    )
        if category == all_cat and scope.startswith("group:"):
            _left_out(out, outcome, scope, figs, cells.get((WHOLE, outcome, all_cat), []), days)
        if category == all_cat:
            _groups_above(
                out,
                outcome,
                figs,
                [
                    f
                    for (sc, o, c), fs in cells.items()
                    if sc == scope and o == outcome and c in cfg["disjoint"]
                    for f in fs
                ],
                days,
            )
        if category != all_cat:
            for a in cells.get((scope, outcome, all_cat), []):
                for b in figs:
                    if _range(b)[0] > _range(a)[1] and _same_time(a, b, days) and not _rose(a, b):
                        out.append(
                            {
                                "outcome": outcome,
                                "category": category,
                                "kind": "group above the all-people figure",
                                "sides": [_side(a), _side(b)],
                            }
                        )
    return out


def _left_out(
    out: list[dict[str, Any]],
    outcome: str,
    scope: str,
    leaving: list[LedgerFigure],
    everyone: list[LedgerFigure],
    days: int,
) -> None:
    """Flag a toll that leaves a side out ("excluding the attackers") against another source's
    toll of the same time that does not say so: which one the crisis's toll is, is a reader's call."""
    for a in everyone:
        for b in leaving:
            if a["source_key"] == b["source_key"] or not _same_time(a, b, days):
                continue
            (alo, ahi), (blo, bhi) = _range(a), _range(b)
            if ahi < blo or bhi < alo:
                out.append(
                    {
                        "outcome": outcome,
                        "category": "unspecified",
                        "kind": "including and excluding a side",
                        "scope": scope,
                        "scope_name": (b.get("scope") or {}).get("name"),
                        "sides": [_side(a), _side(b)],
                    }
                )


def _groups_above(
    out: list[dict[str, Any]],
    outcome: str,
    everyone: list[LedgerFigure],
    groups: list[LedgerFigure],
    days: int,
) -> None:
    """Flag disjoint groups whose floors add up to more than an all-people figure's ceiling."""
    if len({g["category"] for g in groups}) < 2:
        return  # one group alone is compared figure by figure
    floors: dict[str, LedgerFigure] = {}
    for g in groups:
        if g["category"] not in floors or _range(g)[0] > _range(floors[g["category"]])[0]:
            floors[g["category"]] = g
    summed = sum(_range(g)[0] for g in floors.values())
    for a in everyone:
        near = all(_same_time(a, g, days) and not _rose(a, g) for g in floors.values())
        if near and summed > _range(a)[1]:
            out.append(
                {
                    "outcome": outcome,
                    "category": "total",
                    "kind": "groups add up to more than the all-people figure",
                    "sides": [_side(a), *(_side(g) for g in floors.values())],
                }
            )


def gaps(figures: Sequence[LedgerFigure], current: list[LedgerFigure]) -> list[dict[str, Any]]:
    """Undisclosed figures, each with the later counted figures that fill it, if any."""
    out = []
    for f in figures:
        if not f.get("undisclosed") or f.get("review_status") == "rejected":
            continue
        day = figure_day(f) or ""
        filled = [
            g["id"]
            for g in current
            if g["outcome"] == f["outcome"]
            and g["category"] == f["category"]
            and (figure_day(g) or "") >= day
        ]
        out.append(
            {
                "figure": f["id"],
                "outcome": f["outcome"],
                "category": f["category"],
                "group": f.get("group", ""),
                "source": f.get("source_name") or "",
                "as_of": figure_day(f),
                "document_id": f["document_id"],
                "text": f["evidence"]["text"],
                "filled_by": filled,
            }
        )
    return out


# --- the timeline and the whole ledger --------------------------------------------------


def timeline(figures: Sequence[LedgerFigure]) -> list[dict[str, Any]]:
    """Every counted figure in time order: as_of → the toll each source reported."""
    return _timeline(sorted((f for f in figures if counted(f)), key=_order_key))


def _timeline(ordered: Iterable[LedgerFigure]) -> list[dict[str, Any]]:
    """:func:`timeline` of counted figures already in :func:`_order_key` order."""
    rows = []
    for f in ordered:
        c = f["count"]
        rows.append(
            {
                "as_of": figure_day(f),
                "published": f.get("published"),
                "source": f.get("source_name") or "",
                "source_key": f["source_key"],
                "outcome": f["outcome"],
                "category": f["category"],
                "low": c.get("low"),
                "best": c.get("best"),
                "high": c.get("high"),
                "kind": c.get("kind"),
                "text": c.get("text"),
                "hedged": bool(f.get("hedged")),
                "figure": f["id"],
                "document_id": f["document_id"],
                "superseded_by": f.get("superseded_by"),
            }
        )
    return rows


def toll_by_day(
    figures: Sequence[LedgerFigure], final: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The total tally per outcome as it stood on each day figures were given.

    ``final``: the tallies of all the figures, when already worked out (the last day's).
    """
    if final is None:
        return _toll_by_day([f for f in figures if counted(f)], None, figures)
    return _toll_by_day([f for f in figures if counted(f)], final)


def _toll_by_day(
    live: list[LedgerFigure],
    final: list[dict[str, Any]] | None,
    figures: Sequence[LedgerFigure] = (),
) -> list[dict[str, Any]]:
    """:func:`toll_by_day` of the counted figures ``live`` (``figures``: all of them, needed
    only without ``final``)."""
    dated = [(f, figure_day(f)) for f in live]
    days = sorted({d for _, d in dated if d})
    out = []
    for i, day in enumerate(days):
        if i == len(days) - 1:
            cells = final if final is not None else tallies(current_figures([dict(f) for f in figures])[0])
        else:
            known = [dict(f) for f, d in dated if (d or "") <= day]
            cells = tallies(_current_figures(known)[0])
        out += [
            {"day": day, "outcome": t["outcome"], "low": t["low"], "best": t["best"], "high": t["high"]}
            for t in cells
            if t["category"] == TOTAL
        ]
    return out


def build_ledger(figures: list[LedgerFigure]) -> dict[str, Any]:
    """The ledger of one incident from its figures (see the module's rules)."""
    figs = [dict(f) for f in figures]
    ordered = sorted(figs, key=_order_key)  # (nothing below changes a figure's order)
    live = [f for f in figs if counted(f)]  # (nor whether it is counted)
    sources = _assign_sources(ordered)
    for f in figs:
        f["source_name"] = sources[f["source_key"]]["name"]
    current, _ = _current_figures(live)
    cells, parts = _scoped_tallies(current)
    current_ids = {f["id"] for f in current}
    live_ids = {id(f) for f in live}
    for f in figs:
        f["status"] = (
            "rejected"
            if f.get("review_status") == "rejected"
            else "gap"
            if f.get("undisclosed")
            else "duplicate"
            if f.get("duplicate_of")
            else "current"
            if f["id"] in current_ids
            else "superseded"
            if f.get("superseded_by")
            else f["revision"]  # retracted, superseded, increment, part: its own words set it aside
            if id(f) in live_ids and revised_away(f)
            else "not counted"
        )
    return {
        "figures": ordered,
        "sources": sorted(sources.values(), key=lambda s: (s["first"] or "", s["name"])),
        "tallies": cells,
        "breakdown": parts,
        "discrepancies": discrepancies(current),
        "gaps": gaps(figs, current),
        "timeline": _timeline([f for f in ordered if id(f) in live_ids]),
        "toll_by_day": _toll_by_day(live, cells),
    }


def total(ledger: dict[str, Any], outcome: str) -> dict[str, Any] | None:
    """The ``total`` tally of one outcome, if the ledger has one."""
    return next((t for t in ledger["tallies"] if t["outcome"] == outcome and t["category"] == TOTAL), None)
