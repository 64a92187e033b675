"""What the pages and the API show, shaped from the store's records (no HTML here).

The store (:mod:`tollwatch.ledger.queries`) gives incident records with their stored
ledger — figures (reviewed values already applied), sources, tallies with the figure ids
each number rests on, discrepancies, gaps and the timeline — and documents with their
figures. This module turns them into what a page needs: rows grouped by outcome, the
figures each number rests on, chart series, a figure's one-line description, the list
filters read from a query string.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from tollwatch.contract import CATEGORIES, COUNT_KINDS, OUTCOMES, SOURCE_TYPES
from tollwatch.ledger.queries import SORTS, IncidentFilter
from tollwatch.web import errors as E
from tollwatch.web.errors import WebError
from tollwatch.web.highlight import Segment, Span, segments
from tollwatch.web.schema import bookmarks, tags

#: Review filters the list offers (the store's states plus "has a rejected figure").
REVIEW_FILTERS = ("unreviewed", "in_review", "reviewed", "has_rejected")
LIST_SORTS = ("date", "date_asc", "toll", "injured", "missing", "displaced", "detained", "reports", "updated")
FILTER_KEYS = ("q", "since", "until", "where", "outcome", "source", "review", "sort")

log = logging.getLogger(__name__)

__all__ = [
    "CATEGORIES",
    "COUNT_KINDS",
    "OUTCOMES",
    "SOURCE_TYPES",
    "ListQuery",
]


@dataclass(frozen=True, slots=True)
class ListQuery:
    """The incidents list's filters, sort and page, as read from a query string."""

    filter: IncidentFilter
    sort: str
    page: int
    params: dict[str, str]  # the non-empty filter values, to rebuild links


def _day(value: str | None, name: str) -> str | None:
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise WebError(422, E.INVALID, f"{name} must be a day YYYY-MM-DD, not {value!r}.") from None


def list_query(args: Mapping[str, str]) -> ListQuery:
    """Read and check the list's query string (a bad value is a 422, never a crash)."""
    params = {k: args[k].strip() for k in FILTER_KEYS if args.get(k) and args[k].strip()}
    sort = params.get("sort", "date")
    if sort not in LIST_SORTS or sort not in SORTS:
        raise WebError(422, E.INVALID, f"sort must be one of {', '.join(LIST_SORTS)}, not {sort!r}.")
    review = params.get("review")
    if review and review not in REVIEW_FILTERS:
        raise WebError(422, E.INVALID, f"review must be one of {', '.join(REVIEW_FILTERS)}, not {review!r}.")
    try:
        page = max(1, int(args.get("page") or 1))
    except ValueError:
        raise WebError(422, E.INVALID, "page must be a whole number.") from None
    f = IncidentFilter(
        q=params.get("q"),
        since=_day(params.get("since"), "since"),
        until=_day(params.get("until"), "until"),
        where=params.get("where"),
        outcome=params.get("outcome"),
        source=params.get("source"),
        review=review,
    )
    return ListQuery(f, sort, min(page, 100_000), params)


# --------------------------------------------------------------------------- incident pages

#: Reports and ledger rows an incident page shows at once (the tally, the situation report,
#: the timeline and the map are always whole): an incident of ~280 reports and ~1,000 figures
#: made a 651 KB page.
REPORTS_PER_PAGE = 50
LEDGER_ROWS_PER_PAGE = 100


@dataclass(frozen=True, slots=True)
class Paged:
    """One page of a long list: its items, which page (1-based) of how many, of how many items."""

    items: list[Any]
    page: int
    pages: int
    total: int
    size: int

    @property
    def first(self) -> int:
        return (self.page - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.size)


def page_number(args: Mapping[str, str], name: str) -> int:
    """A page number from the query string (1 when absent; a bad one is a 422)."""
    try:
        return min(max(1, int(args.get(name) or 1)), 1_000_000)
    except ValueError:
        raise WebError(422, E.INVALID, f"{name} must be a whole number.") from None


def paged(items: list[Any], page: int, size: int) -> Paged:
    """Page ``page`` of ``items`` (a page past the end shows the last one)."""
    pages = max(1, (len(items) + size - 1) // size)
    page = min(page, pages)
    return Paged(items[(page - 1) * size : page * size], page, pages, len(items), size)


def ledger_page(by_source: list[dict[str, Any]], page: int) -> Paged:
    """A page of the per-source ledger's rows, regrouped by source (a source whose rows run
    over two pages is named on both)."""
    flat = [(s, f) for s in by_source for f in s["rows"]]
    p = paged(flat, page, LEDGER_ROWS_PER_PAGE)
    groups: list[dict[str, Any]] = []
    for s, f in p.items:
        if not groups or groups[-1]["_source"] is not s:
            groups.append({**s, "_source": s, "rows": []})
        groups[-1]["rows"].append(f)
    return Paged(groups, p.page, p.pages, p.total, p.size)


# --------------------------------------------------------------------------- figures


def count_words(count: Mapping[str, Any] | None) -> str:
    """A count for people: its words when there are any, else its numbers."""
    if not count:
        return "–"
    text = (count.get("text") or "").strip()
    lo, best, hi = count.get("low"), count.get("best"), count.get("high")
    nums = best if best is not None else lo
    if lo is not None and hi is not None and lo != hi:
        rng = f"{lo}–{hi}"
    elif nums is not None:
        rng = str(nums)
    elif hi is not None:
        rng = f"≤ {hi}"
    else:
        rng = "?"
    if text and text != rng:
        return f"{text} [{rng}]"
    return rng


def figure_line(f: Mapping[str, Any]) -> str:
    """One line: ``killed · civilians · At least 18 [18] · interior ministry · 2022-01-06``."""
    parts = [str(f.get("outcome") or "?")]
    if f.get("category") and f["category"] != "unspecified":
        parts.append(str(f["category"]).replace("_", " "))
    parts.append("not disclosed" if f.get("undisclosed") else count_words(f.get("count")))
    src = f.get("source") or {}
    if src.get("name"):
        parts.append(str(src["name"]))
    if f.get("as_of"):
        parts.append(str(f["as_of"]))
    if f.get("hedged"):
        parts.append("hedged")
    if f.get("review_status") and f["review_status"] != "unreviewed":
        parts.append(str(f["review_status"]))
    return " · ".join(parts)


def highlighted(doc: Mapping[str, Any]) -> dict[str, list[Segment]]:
    """For each of title, standfirst and text: the field cut into segments at its figures."""
    spans: dict[str, list[Span]] = defaultdict(list)
    for f in doc.get("figures") or []:
        ev = f.get("evidence") or {}
        spans[ev.get("field") or "text"].append(
            Span(
                figure_id=int(f["id"]),
                start=int(ev.get("start", 0)),
                end=int(ev.get("end", 0)),
                count_text=str((f.get("count") or {}).get("text") or ""),
                status=str(f.get("review_status") or "unreviewed"),
            )
        )
    return {name: segments(doc.get(name) or "", spans[name]) for name in ("title", "standfirst", "text")}


def figure_form_values(f: Mapping[str, Any]) -> dict[str, Any]:
    """A figure's fields as the correction form shows them."""
    count = f.get("count") or {}
    src = f.get("source") or {}
    place = f.get("place") or {}
    return {
        "outcome": f.get("outcome") or "",
        "category": f.get("category") or "unspecified",
        "group": f.get("group") or "",
        "count_low": "" if count.get("low") is None else count["low"],
        "count_best": "" if count.get("best") is None else count["best"],
        "count_high": "" if count.get("high") is None else count["high"],
        "count_kind": count.get("kind") or "exact",
        "count_text": count.get("text") or "",
        "source_name": src.get("name") or "",
        "source_type": src.get("type") or "",
        "as_of": f.get("as_of") or "",
        "place_name": place.get("name") or "",
        "place_admin1": place.get("admin1") or "",
        "place_country": place.get("country") or "",
        "hedged": bool(f.get("hedged")),
        "undisclosed": bool(f.get("undisclosed")),
    }


# --------------------------------------------------------------------------- incidents


def tally_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The tally table: per outcome its categories, then its total (as the store ordered them),
    then its shares by place (a breakdown of the total: never added to it)."""
    rows = []
    parts = record.get("breakdown") or []
    for t in record.get("tallies") or []:
        total = t.get("category") == "total"
        rows.append({**t, "is_total": total})
        if total:
            rows += [
                {
                    **p,
                    "category": "part",
                    "is_total": False,
                    "part_label": _part_label(p),
                }
                for p in parts
                if p.get("outcome") == t.get("outcome")
            ]
    return rows


def _part_label(part: Mapping[str, Any]) -> str:
    """ "of which in Syria"; a toll that leaves a side out is no share: "excluding the attackers"."""
    name = str(part.get("scope_name") or "")
    return name if part.get("level") == "group" else f"of which in {name}"


def figures_by_id(record: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
    return {int(f["id"]): f for f in record.get("figures") or []}


def ledger_by_source(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The per-source ledger: each source with its figures in time order."""
    figs = figures_by_id(record)
    out = []
    for s in record.get("sources") or []:
        rows = [figs[i] for i in s.get("figures", []) if i in figs]
        rows.sort(key=lambda f: (f.get("as_of") or (f.get("published") or "")[:10], f["id"]))
        out.append({**s, "rows": rows})
    return out


def timeline_series(record: Mapping[str, Any]) -> dict[str, Any]:
    """Chart series: the toll each source reported over time, and the tally as it stood."""
    series: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in record.get("timeline") or []:
        day = (row.get("as_of") or "")[:10]
        value = row.get("best") if row.get("best") is not None else row.get("low")
        if not day or value is None:
            continue
        key = (row.get("source") or "?", row["outcome"], row.get("category") or "unspecified")
        label = f"{key[0]} · {key[1]}" + (f" ({key[2].replace('_', ' ')})" if key[2] != "unspecified" else "")
        s = series.setdefault(
            key,
            {"label": label, "outcome": row["outcome"], "source": key[0], "category": key[2], "points": []},
        )
        s["points"].append(
            {
                "day": day,
                "value": value,
                "low": row.get("low"),
                "high": row.get("high"),
                "text": row.get("text") or str(value),
                "figure": row.get("figure"),
            }
        )
    out = list(series.values())
    totals: dict[str, dict[str, Any]] = {}
    for row in record.get("toll_by_day") or []:
        value = row.get("best") if row.get("best") is not None else row.get("low")
        if value is None:
            continue
        s = totals.setdefault(
            row["outcome"],
            {
                "label": f"tally · {row['outcome']}",
                "outcome": row["outcome"],
                "source": "tally",
                "points": [],
            },
        )
        s["points"].append(
            {
                "day": row["day"][:10],
                "value": value,
                "low": row.get("low"),
                "high": row.get("high"),
                "text": "",
            }
        )
    return {"series": list(totals.values()) + out}


# --------------------------------------------------------------------------- bookmarks and tags


def bookmarked_ids(conn: Connection, user_id: int) -> list[int]:
    return list(
        conn.execute(
            select(bookmarks.c.incident_id)
            .where(bookmarks.c.user_id == user_id)
            .order_by(bookmarks.c.created_at.desc())
        ).scalars()
    )


def is_bookmarked(conn: Connection, user_id: int, incident_id: int) -> bool:
    return (
        conn.execute(
            select(bookmarks.c.incident_id).where(
                bookmarks.c.user_id == user_id, bookmarks.c.incident_id == incident_id
            )
        ).first()
        is not None
    )


def toggle_bookmark(conn: Connection, user_id: int, incident_id: int, stamp: str) -> bool:
    """Bookmark or un-bookmark; return whether it is bookmarked now."""
    if is_bookmarked(conn, user_id, incident_id):
        conn.execute(
            delete(bookmarks).where(bookmarks.c.user_id == user_id, bookmarks.c.incident_id == incident_id)
        )
        return False
    conn.execute(insert(bookmarks).values(user_id=user_id, incident_id=incident_id, created_at=stamp))
    return True


def incident_tags(conn: Connection, incident_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(select(tags).where(tags.c.incident_id == incident_id).order_by(tags.c.tag))
    return [{"tag": r.tag, "added_by": r.added_by, "created_at": r.created_at} for r in rows]


def tags_of(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    if ids:
        for r in conn.execute(
            select(tags.c.incident_id, tags.c.tag).where(tags.c.incident_id.in_(ids)).order_by(tags.c.tag)
        ):
            out[r.incident_id].append(r.tag)
    return out


def all_tags(conn: Connection) -> list[tuple[str, int]]:
    from sqlalchemy import func

    rows = conn.execute(select(tags.c.tag, func.count()).group_by(tags.c.tag).order_by(tags.c.tag))
    return [(r[0], int(r[1])) for r in rows]


def tagged_ids(conn: Connection, tag: str) -> list[int]:
    return list(conn.execute(select(tags.c.incident_id).where(tags.c.tag == tag)).scalars())


def clean_tag(value: str) -> str:
    tag = " ".join(value.strip().lower().split())[:60]
    if not tag:
        raise WebError(422, E.INVALID, "A tag needs some words.")
    return tag


def follow_merge(conn: Connection, target: int, others: list[int]) -> None:
    """After a merge, the merged-away incidents' bookmarks and tags move to the target."""
    for other in others:
        for r in conn.execute(select(bookmarks).where(bookmarks.c.incident_id == other)).all():
            if not is_bookmarked(conn, r.user_id, target):
                conn.execute(
                    insert(bookmarks).values(user_id=r.user_id, incident_id=target, created_at=r.created_at)
                )
        conn.execute(delete(bookmarks).where(bookmarks.c.incident_id == other))
        have = {t["tag"] for t in incident_tags(conn, target)}
        for r in conn.execute(select(tags).where(tags.c.incident_id == other)).all():
            if r.tag in have:
                conn.execute(delete(tags).where(tags.c.id == r.id))
            else:
                conn.execute(update(tags).where(tags.c.id == r.id).values(incident_id=target))


# --------------------------------------------------------------------------- history

_ACTIONS = {
    "confirm_figure": "confirmed a figure",
    "correct_figure": "corrected a figure",
    "reject_figure": "rejected a figure",
    "add_figure": "added a figure",
    "merge_incidents": "merged incidents",
    "move_document": "moved a report",
}


def _show(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if key == "count" and isinstance(value, dict):
        return count_words(value)
    if isinstance(value, dict):
        return str(
            value.get("name") or value.get("incident_id") or ", ".join(f"{k}={v}" for k, v in value.items())
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def history_entry(h: Mapping[str, Any]) -> dict[str, Any]:
    """A history row for people: what was done, and each changed field before → after."""
    before, after = h.get("before") or {}, h.get("after") or {}
    changes = []
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            if key in ("evidence",) or before.get(key) == after.get(key):
                continue
            changes.append(
                {"field": key, "before": _show(key, before.get(key)), "after": _show(key, after.get(key))}
            )
    figure = None
    if h.get("action") in ("add_figure", "confirm_figure", "correct_figure", "reject_figure"):
        figure = figure_line(after or before) if (after or before) else None
    return {
        **h,
        "what": _ACTIONS.get(str(h.get("action")), str(h.get("action"))),
        "changes": changes,
        "figure": figure,
    }


def locate(name: str, country: str | None = None) -> dict[str, Any]:
    """A place a reviewer typed, placed with the offline gazetteer: the largest place of
    that name (in ``country`` when given) lends its region, country and coordinates; the
    name stays as typed. Unknown names (or no gazetteer) keep no coordinates.

    The gazetteer loads at first use (about half a second from its cache, longer the very
    first time): call this outside a write transaction."""
    from tollwatch.figures.geo import GazetteerError, gazetteer

    name, country = name.strip(), (country or "").strip().upper() or None
    found: dict[str, Any] = {"name": name, "admin1": None, "country": country, "lat": None, "lon": None}
    try:
        gaz = gazetteer()
    except (GazetteerError, OSError) as e:
        log.warning("no gazetteer to place %r: %s", name, e)
        return found
    for i in gaz.lookup(name):
        p = gaz.place(i)
        if country and p.country != country:
            continue
        return {"name": name, "admin1": p.admin1, "country": p.country, "lat": p.lat, "lon": p.lon}
    return found


def figure_places(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Other places the incident's figures name, with coordinates (for the map)."""
    where = (record.get("summary") or {}).get("where") or {}
    seen: dict[tuple[float, float], dict[str, Any]] = {}
    for f in record.get("figures") or []:
        p = f.get("place") or {}
        if p.get("lat") is None or p.get("lon") is None:
            continue
        key = (round(float(p["lat"]), 3), round(float(p["lon"]), 3))
        if key == (round(float(where.get("lat") or 0), 3), round(float(where.get("lon") or 0), 3)):
            continue
        seen.setdefault(key, {**p, "n": 0})["n"] += 1
    return list(seen.values())
