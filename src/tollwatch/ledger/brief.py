"""A situation report: the few sentences an information officer writes about an incident.

    As of 16 March, 14 people had been killed (Ministry of Health, 16 Mar), among them 3
    security forces (interior ministry, 17 Mar); 163 injured (Ministry of Health, 16 Mar); at
    least 180 detained (Civic Monitor Kyrgyzstan, 15 Mar), a figure the ministry spokesman
    declined to give. UN Human Rights Office's "at least 15" (14 Mar) is higher than the
    Ministry of Health's 14 (16 Mar).

Built from the incident's ledger (:mod:`.tally`) as it stood on a day (``as_of``: the figures
stated on or before it, tallied again), every number with its source, its day and the figure
it rests on (``cites``: figure ids, each linking to its evidence), then the open
discrepancies and the gaps. :func:`brief` gives the data; :func:`to_markdown` and
:func:`to_html` write it (report text is hostile: the HTML is escaped).
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from tollwatch.ledger import tally

#: The outcomes a brief tells of, in this order, and how it names them.
OUTCOMES = {
    "killed": "killed",
    "injured": "injured",
    "missing": "missing",
    "detained": "detained",
    "displaced": "displaced",
}
_GROUPS = {"security_forces": "security forces", "civilians": "civilians", "attackers": "attackers"}


def _day_words(day: str | None) -> str:
    """ "16 Mar" (a figure's day), "" when unknown."""
    if not day:
        return ""
    try:
        d = date.fromisoformat(day[:10])
    except ValueError:
        return day
    return f"{d.day} {d.strftime('%b')}"


def _long_day(day: str) -> str:
    d = date.fromisoformat(day[:10])
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _ledger(incident: dict[str, Any], as_of: str | None) -> dict[str, Any]:
    """The incident's ledger on ``as_of`` (all of it without)."""
    if as_of is None:
        return incident
    kept = [f for f in incident.get("figures", []) if (tally.figure_day(f) or "") <= as_of]
    return tally.build_ledger(kept)


def _cite(figs: dict[int, dict[str, Any]], ids: list[int]) -> dict[str, Any] | None:
    """The figure a number rests on (the latest of them), as the brief cites it."""
    found = [figs[i] for i in ids if i in figs]
    if not found:
        return None
    # a named source before the outlet that printed it, then the latest
    f = max(
        found,
        key=lambda g: (
            str(g.get("source_key", "")).startswith("source:"),
            tally.figure_day(g) or "",
            g["id"],
        ),
    )
    return {
        "figure": f["id"],
        "source": f.get("source_name") or (f.get("source") or {}).get("name") or f.get("site") or "",
        "day": tally.figure_day(f),
        "document_id": f.get("document_id"),
        "evidence": (f.get("evidence") or {}).get("text", ""),
    }


def _number(cell: dict[str, Any]) -> tuple[str, list[int]] | None:
    """ "14" or "at least 180", and the figures it rests on."""
    rests = cell.get("rests_on") or {}
    if cell.get("best") is not None:
        return f"{cell['best']:,}", list(rests.get("best") or cell.get("figures") or [])
    if cell.get("low") is not None:
        return f"at least {cell['low']:,}", list(rests.get("low") or cell.get("figures") or [])
    return None


def _statements(ledger: dict[str, Any], figs: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """One clause per outcome with a number: the total, the named groups among it, the gaps
    it fills."""
    out = []
    cells = ledger.get("tallies", [])
    for outcome, word in OUTCOMES.items():
        total = next((c for c in cells if c["outcome"] == outcome and c["category"] == tally.TOTAL), None)
        said = _number(total) if total else None
        if total is None or said is None:
            continue
        text, ids = said
        item: dict[str, Any] = {"outcome": outcome, "number": text, "cite": _cite(figs, ids), "among": []}
        for cat, name in _GROUPS.items():
            cell = next((c for c in cells if c["outcome"] == outcome and c["category"] == cat), None)
            part = _number(cell) if cell else None
            if part and cell is not None and cell.get("best") != (total or {}).get("best"):
                item["among"].append({"number": part[0], "group": name, "cite": _cite(figs, part[1])})
        item["parts"] = _parts(ledger, outcome, figs)
        item["declined"] = sorted(
            {g["source"] for g in ledger.get("gaps", []) if g["outcome"] == outcome and g.get("filled_by")}
        )
        item["word"] = word
        out.append(item)
    return out


def _parts(ledger: dict[str, Any], outcome: str, figs: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The toll's shares by place (a country of a cross-border disaster, a town, an area), as
    a breakdown: never added to the total, which already holds them."""
    out = []
    for part in ledger.get("breakdown", []):
        share = part["outcome"] == outcome and not part.get("parent") and part.get("level") != "group"
        said = _number(part) if share else None
        if said:
            out.append(
                {"number": said[0], "place": part.get("scope_name") or "", "cite": _cite(figs, said[1])}
            )
    return out


def _disagreements(ledger: dict[str, Any]) -> list[dict[str, Any]]:
    """The sources that disagree with the numbers the brief gives (not every old quarrel)."""
    given = {
        (c["outcome"], i)
        for c in ledger.get("tallies", [])
        if c["category"] == tally.TOTAL
        for i in (c.get("rests_on") or {}).get("best") or (c.get("rests_on") or {}).get("low") or []
    }
    out = []
    for d in ledger.get("discrepancies", []):
        if d.get("kind") not in ("sources disagree", "including and excluding a side") or d.get(
            "category"
        ) not in (
            "unspecified",
            tally.TOTAL,
        ):
            continue
        if not any((d["outcome"], s["figure"]) in given for s in d["sides"]):
            continue
        hi, lo = sorted(d["sides"], key=lambda s: -(s["count"].get("low") or s["count"].get("best") or 0))
        out.append(
            {
                "outcome": d["outcome"],
                "scope": d.get("scope_name"),
                "left_out": d.get("kind") == "including and excluding a side",
                "higher": {**hi, "text": hi["count"].get("text") or ""},
                "lower": {**lo, "text": lo["count"].get("text") or ""},
            }
        )
    return out


def brief(incident: dict[str, Any], as_of: str | None = None) -> dict[str, Any]:
    """The situation report of an incident record (``tollwatch show --format json``)."""
    ledger = _ledger(incident, as_of)
    figs = {f["id"]: f for f in ledger.get("figures", [])}
    days = [tally.figure_day(f) for f in figs.values() if f.get("status") == "current"]
    day = as_of or max((d for d in days if d), default=None)
    gaps = [
        {"outcome": g["outcome"], "source": g["source"], "day": g.get("as_of"), "figure": g["figure"]}
        for g in ledger.get("gaps", [])
        if not g.get("filled_by")
    ]
    return {
        "incident": str(incident.get("id", "")),
        "title": incident.get("title"),
        "as_of": day,
        "statements": _statements(ledger, figs),
        "disagreements": _disagreements(ledger),
        "gaps": gaps,
    }


# --- writing it -------------------------------------------------------------------------


def _cited(number: str, cite: dict[str, Any] | None, link: Any, esc: Any) -> str:
    if not cite:
        return number
    when = _day_words(cite["day"])
    return f"{link(number, cite)} ({esc(cite['source'])}{', ' + when if when else ''})"


def _sentences(b: dict[str, Any], link: Any, esc: Any) -> list[str]:
    parts = []
    for s in b["statements"]:
        clause = f"{_cited(esc(s['number']), s['cite'], link, esc)} {s['word']}"
        if s["among"]:
            clause += ", among them " + " and ".join(
                f"{_cited(esc(a['number']), a['cite'], link, esc)} {esc(a['group'])}" for a in s["among"]
            )
        if s.get("parts"):
            clause += (
                " ("
                + " and ".join(
                    f"{_cited(esc(p['number']), p['cite'], link, esc)} in {esc(p['place'])}"
                    for p in s["parts"]
                )
                + ")"
            )
        if s["declined"]:
            clause += f", a figure the {esc(' and the '.join(s['declined']))} declined to give"
        parts.append(clause)
    out = []
    if parts:
        lead = f"As of {_long_day(b['as_of'])}, " if b["as_of"] else ""
        out.append(lead + "; ".join(parts) + ".")
    for d in b["disagreements"]:
        hi, lo = d["higher"], d["lower"]
        out.append(
            f"{esc(_whose(hi['source'] or 'one source'))} “{esc(hi['text'])}” ({_day_words(hi['as_of'])}) "
            f"{'(hedged) ' if hi.get('hedged') else ''}is higher than {esc(_whose(lo['source'] or 'another'))} "
            f"{esc(lo['text'])} ({_day_words(lo['as_of'])}{', ' + esc(d['scope']) if d.get('left_out') else ''}) "
            f"for the {esc(d['outcome'])}{' in ' + esc(d['scope']) if d.get('scope') and not d.get('left_out') else ''}."
        )
    for g in b["gaps"]:
        out.append(
            f"No figure for the {esc(g['outcome'])}: the {esc(g['source'] or 'source')} declined to give one."
        )
    if not out:
        out.append("No figure has been reported yet.")
    return out


def _whose(name: str) -> str:
    """ "the UN's", "authorities'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def to_markdown(b: dict[str, Any]) -> str:
    """The brief as Markdown; each number links to its figure's evidence (``#figure-ID``)."""

    def link(number: str, cite: dict[str, Any]) -> str:
        return f"[{number}](#figure-{cite['figure']})"

    title = b.get("title") or f"Incident {b['incident']}"
    return f"## {title}\n\n" + " ".join(_sentences(b, link, lambda s: s)) + "\n"


def segments(b: dict[str, Any]) -> list[list[tuple[str, int | None]]]:
    """The brief's sentences as pieces of plain text, each with the figure it cites (or
    ``None``): for a template to write with its own escaping (the dashboard's incident page)."""

    def link(number: str, cite: dict[str, Any]) -> str:
        return f"\x00{int(cite['figure'])}\x01{number}\x00"

    out = []
    for sentence in _sentences(b, link, lambda t: str(t).replace("\x00", "")):
        pieces: list[tuple[str, int | None]] = []
        for i, part in enumerate(sentence.split("\x00")):
            if i % 2:
                fid, number = part.split("\x01", 1)
                pieces.append((number, int(fid)))
            elif part:
                pieces.append((part, None))
        out.append(pieces)
    return out


def to_html(b: dict[str, Any], figure_url: str = "/figures/{id}") -> str:
    """The brief as an HTML paragraph (everything from reports escaped); each number links
    to its figure's page."""

    def link(number: str, cite: dict[str, Any]) -> str:
        url = html.escape(figure_url.format(id=int(cite["figure"])))
        return f'<a href="{url}" class="cite">{number}</a>'

    return '<p class="brief">' + " ".join(_sentences(b, link, html.escape)) + "</p>"
