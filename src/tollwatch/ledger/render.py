"""An incident's ledger for people, in the terminal (``tollwatch show``)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from tollwatch.contract import category_label


def _num(v: Any) -> str:
    return "" if v is None else str(v)


def _count(c: dict[str, Any] | None) -> str:
    if not c:
        return ""
    text = c.get("text") or ""
    low, best, high = c.get("low"), c.get("best"), c.get("high")
    nums = (
        str(best)
        if low is not None and low == best == high
        else f"{_num(best) or '?'} [{_num(low)}–{_num(high)}]"
    )
    return f"{nums}  “{text}”" if text and text != str(best) else nums


def print_ledger(console: Console, inc: dict[str, Any], history: list[dict[str, Any]]) -> None:
    s = inc["summary"]
    where = s.get("where") or {}
    figs = {f["id"]: f for f in inc["figures"]}
    place = (
        ", ".join(v for v in (where.get("name"), where.get("admin1"), where.get("country")) if v)
        or "place unknown"
    )
    when = s.get("when") or "day unknown"
    if s.get("when_from") == "published":
        when += " (from publication dates)"
    console.print(f"[bold]Incident {inc['id']}[/]  {inc.get('title') or ''}", highlight=False)
    console.print(
        f"{when} · {place} · {len(inc['documents'])} report(s) · {len(inc['sources'])} source(s) · "
        f"review: {inc.get('review_status', '').replace('_', ' ')}",
        highlight=False,
    )
    if inc.get("merged_into"):
        console.print(f"[yellow]merged into incident {inc['merged_into']}[/]")
    for outcome in ("killed", "injured"):
        c = s.get(outcome)
        if c:
            console.print(f"  {outcome}: {_count(c)} (from the {c.get('from', 'ledger')})", highlight=False)

    t = Table(title="Tallies (low / best / high; never summing overlapping groups)", title_justify="left")
    for col in ("outcome", "group", "low", "best", "high", "rests on figures", "rule"):
        t.add_column(col, overflow="fold")
    for cell in inc["tallies"]:
        total = cell["category"] == "total"
        rests = sorted({i for ids in cell["rests_on"].values() for i in ids})
        t.add_row(
            cell["outcome"],
            "[bold]all (total)[/]" if total else category_label(cell["category"]),
            _num(cell["low"]),
            f"[bold]{_num(cell['best'])}[/]" if total else _num(cell["best"]),
            _num(cell["high"]),
            ", ".join(f"#{i}" for i in rests),
            cell["rule"],
        )
    console.print(t)

    t = Table(title="Figures by source and time", title_justify="left")
    for col in ("#", "as of", "source", "outcome", "group", "count", "status", "evidence"):
        t.add_column(col, overflow="fold")
    for f in sorted(
        inc["figures"],
        key=lambda f: (f.get("source_name") or "", f.get("as_of") or f.get("published") or "", f["id"]),
    ):
        status = f.get("status", "")
        if f.get("superseded_by"):
            status += f" by #{f['superseded_by']}"
        if f.get("review_status") not in (None, "unreviewed"):
            status += f" ({f['review_status']})"
        flags = (" (hedged)" if f.get("hedged") else "") + (" (undisclosed)" if f.get("undisclosed") else "")
        t.add_row(
            f"#{f['id']}",
            f.get("as_of") or (f.get("published") or "")[:10],
            f.get("source_name") or "",
            f["outcome"] + flags,
            f"{f.get('group', '')} [{category_label(f['category'])}]",
            _count(f["count"]),
            status,
            f["evidence"]["text"],
        )
    console.print(t)

    if inc["timeline"]:
        t = Table(title="Timeline: the toll each source reported", title_justify="left")
        for col in ("as of", "source", "outcome", "group", "count", "note"):
            t.add_column(col, overflow="fold")
        for row in inc["timeline"]:
            note = "superseded" if row.get("superseded_by") else "current"
            t.add_row(
                row["as_of"] or "",
                row["source"],
                row["outcome"],
                category_label(row["category"]),
                _count(row),
                note + (", hedged" if row.get("hedged") else ""),
            )
        console.print(t)

    for d in inc["discrepancies"]:
        sides = " — ".join(
            f"{x['source']} says {_count(x['count'])} (#{x['figure']}, {x['as_of']})" for x in d["sides"]
        )
        console.print(
            f"[red]discrepancy[/] {d['outcome']} ({category_label(d['category'])}, {d['kind']}): {sides}",
            highlight=False,
        )
    for g in inc["gaps"]:
        filled = (
            f"; later given by #{', #'.join(map(str, g['filled_by']))}"
            if g["filled_by"]
            else "; still not given"
        )
        console.print(
            f"[yellow]gap[/] {g['outcome']} ({category_label(g['category'])}): “{g['text']}” ({g['source']}, {g['as_of']}){filled}",
            highlight=False,
        )
    t = Table(title="Reports", title_justify="left")
    for col in ("id", "published", "site", "title", "note"):
        t.add_column(col, overflow="fold")
    for d in inc.get("document_records", []):
        note = f"near-duplicate of {d['duplicate_of']}" if d.get("duplicate_of") else ""
        if d.get("pinned"):
            note = (note + "; " if note else "") + "placed by a reviewer"
        t.add_row(d["id"], d.get("published") or "", d.get("site") or "", d.get("title") or "", note)
    console.print(t)
    if history:
        t = Table(title="History", title_justify="left")
        for col in ("when", "who", "what", "why"):
            t.add_column(col, overflow="fold")
        for h in history:
            what = h["action"].replace("_", " ")
            if h.get("figure_id"):
                what += f" #{h['figure_id']}"
            t.add_row(h["at"], h["actor"], what, h["reason"])
        console.print(t)
    if figs and not inc["tallies"]:
        console.print("no figure of this incident is counted (all rejected, undisclosed or duplicates)")
