"""An incident's headline killed and injured: the reading its reports support best.

Each report's own summary (the figures stage's reading of its main incident) gives a
*reading*: killed and injured, together. Reports of one incident often disagree: a first
report counts the wounded before one dies, a follow-up about an arrest names one victim of
several, a roundup of a weekend mixes incidents, a title rounds. So readings are weighed,
with the points of ``data/ledger/headline.json``:

* ``report`` for each independent report that gives the reading (a near-duplicate copy
  gives none: the first copy already did);
* that report's own evidence: ``own_killed_in_text`` / ``own_injured_in_text`` when the
  count is a figure of its text (not only of its title); ``own_total`` when it also has a
  figure for everyone hit ("five people were shot") that equals killed + injured -- a
  complete account; minus ``unsettled`` when its own figures disagree (two killed counts,
  three injured counts) or it has ``long_report_figures`` figures or more (a roundup, a
  long story of several events);
* corroboration by each *other* report whose text has the same count:
  ``other_killed_in_text``, ``other_injured_in_text``, ``other_total``.

The reading with most points is the headline; ties go to a reading whose report gives both
numbers (a report silent on the wounded is no "0 injured"), then the latest report's reading,
then the larger toll. **Died later** (``died_later``): a reading that counts the same people with
more of them dead -- more killed, fewer injured by as many -- supersedes the chosen one when
one of its reports is no older than every report of the chosen reading: a death is told
after the wounding, and is not taken back. Reports are ordered by the hour when both give
one; reports of the same day without an hour cannot be ordered, and the deaths are taken as
the later news (``died_later_same_day``; off: only a later day supersedes). With several
such readings, the one with most dead.

Evidence is a firm figure of the text (a title's count, a hedged "may have been" is no
evidence), of everyone hit (a count of one side -- police, attackers, civilians -- is not
everyone's), with its effective values (reviewed values win); rejected, undisclosed and
near-duplicate figures do not count. The result names the reports and figures each number
rests on, every reading with its points, and the rule in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tollwatch.ledger.records import summary_of
from tollwatch.ledger.settings import settings

Reading = tuple[int, int]


@dataclass
class _Report:
    id: str
    published: str
    summary: dict[str, Any]
    reading: Reading
    given: tuple[bool, bool]
    killed: dict[int, list[int]] = field(default_factory=dict)  # count -> ids of text figures
    injured: dict[int, list[int]] = field(default_factory=dict)
    total: dict[int, list[int]] = field(default_factory=dict)  # figures of everyone hit
    n_figures: int = 0

    @property
    def day(self) -> str:
        return self.published[:10]


def _reports(docs: Sequence[Any], figures: Sequence[dict[str, Any]]) -> list[_Report]:
    sides = set(settings("tally")["disjoint"])  # one side's count is not everyone's
    own = [d for d in docs if not d.duplicate_of]
    by_id: dict[str, _Report] = {}
    for d in own:
        s = summary_of(d)
        k, i = ((s.get(o) or {}).get("best") for o in ("killed", "injured"))
        by_id[d.id] = _Report(d.id, d.published or "", s, (k or 0, i or 0), (k is not None, i is not None))
    for f in figures:
        r = by_id.get(f["document_id"])
        if r is None:
            continue
        r.n_figures += 1
        best = f["count"].get("best")
        if (
            best is None
            or f.get("undisclosed")
            or f.get("hedged")
            or f.get("review_status") == "rejected"
            or f["evidence"].get("field") == "title"
            or f.get("category") in sides
        ):
            continue
        slot = {"killed": r.killed, "injured": r.injured, "casualties": r.total}.get(f["outcome"])
        if slot is not None:
            slot.setdefault(best, []).append(f["id"])
    return [r for r in by_id.values() if r.given != (False, False)]


def _own_points(r: _Report, cfg: dict[str, Any]) -> float:
    k, i = r.reading
    p = cfg["report"]
    if k and k in r.killed:
        p += cfg["own_killed_in_text"]
    if i and i in r.injured:
        p += cfg["own_injured_in_text"]
    if k + i and k + i in r.total:
        p += cfg["own_total"]
    if len(r.killed) >= 2 or len(r.injured) >= 3 or r.n_figures >= cfg["long_report_figures"]:
        p -= cfg["unsettled"]
    return p


def _corroboration(other: _Report, reading: Reading, cfg: dict[str, Any]) -> tuple[float, list[int]]:
    k, i = reading
    p, ids = 0.0, []
    for count, figs, weight in (
        (k, other.killed, "other_killed_in_text"),
        (i, other.injured, "other_injured_in_text"),
        (k + i, other.total, "other_total"),
    ):
        if count and count in figs:
            p += cfg[weight]
            ids += figs[count]
    return p, ids


def choose(docs: Sequence[Any], figures: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The headline reading of an incident's reports, or ``None`` when none gives one.

    ``docs``: rows with ``id, published, summary_json, duplicate_of``; ``figures``: ledger
    figures (effective values, with ``id`` and ``document_id``). Returns ``{"killed": n,
    "injured": n, "report": id, "reports": [ids], "points": x, "rule": text, "readings":
    [...], "counts": {"killed": Count|None, "injured": ...}, "rests_on": {"killed": [figure
    ids], "injured": [...]}}``.
    """
    cfg = settings("headline")
    reports = _reports(docs, figures)
    if not reports:
        return None
    readings: dict[Reading, dict[str, Any]] = {}
    for r in sorted(reports, key=lambda r: (r.published, r.id)):
        entry = readings.setdefault(r.reading, {"points": 0.0, "reports": [], "latest": ""})
        entry["points"] += _own_points(r, cfg)
        entry["reports"].append(r)
        entry["latest"] = max(entry["latest"], r.published)
    for reading, entry in readings.items():
        for other in reports:
            if other.reading != reading:
                entry["points"] += _corroboration(other, reading, cfg)[0]
    latest = max(reports, key=lambda r: (r.published, r.id))
    chosen = max(
        readings,
        key=lambda rd: (
            round(readings[rd]["points"], 6),
            # a tie goes to a reading whose report says both numbers (silence is no zero), then ...
            max(sum(r.given) for r in readings[rd]["reports"]),
            readings[rd]["latest"] == latest.published,
            sum(rd),
            rd,
        ),
    )
    rule = _why(chosen, readings, len(reports), latest)
    died = _died_later(chosen, readings, cfg) if cfg["died_later"] else None
    if died is not None:
        (k0, i0), (k1, i1) = chosen, died.reading
        when = (
            "later"
            if all(died.published > r.published for r in readings[chosen]["reports"])
            else "the same day"
        )
        rule = (
            f"a report of {when} ({died.id}, {died.day}) says {k1} killed and {i1} injured where "
            f"others said {k0} and {i0}: the wounded died, so it supersedes ({rule})"
        )
        chosen = died.reading
    return _result(chosen, readings, reports, rule)


def _died_later(
    chosen: Reading, readings: dict[Reading, dict[str, Any]], cfg: dict[str, Any]
) -> _Report | None:
    """The report whose reading says some of the chosen reading's wounded died (same people:
    more killed, fewer injured by as many), no older than any report of the chosen reading
    (on the same day only with ``died_later_same_day``); of several, the most dead."""
    k0, i0 = chosen
    found: _Report | None = None
    for (k1, i1), entry in readings.items():
        if not (k1 > k0 and i1 < i0 and k1 + i1 == k0 + i0):
            continue
        last = max(entry["reports"], key=lambda r: (r.published, r.id))
        if all(_no_older(last, r, cfg["died_later_same_day"]) for r in readings[chosen]["reports"]) and (
            found is None or k1 > found.reading[0]
        ):
            found = last
    return found


def _no_older(a: _Report, b: _Report, same_day: bool) -> bool:
    """Whether report ``a`` is no older than ``b``: by the hour when both give one, else by
    the day (the same day counts only with ``same_day``)."""
    if len(a.published) > 10 and len(b.published) > 10 and a.day == b.day:
        return a.published >= b.published
    return a.day > b.day or (same_day and a.day == b.day)


def _why(chosen: Reading, readings: dict[Reading, dict[str, Any]], n: int, latest: _Report) -> str:
    entry = readings[chosen]
    given = len(entry["reports"])
    text = (
        f"{chosen[0]} killed, {chosen[1]} injured: the reading of {given} of {n} reports, "
        f"{entry['points']:.1f} points"
    )
    others = sorted(((rd, e) for rd, e in readings.items() if rd != chosen), key=lambda x: -x[1]["points"])
    if others:
        text += " against " + ", ".join(f"{e['points']:.1f} for {rd[0]}/{rd[1]}" for rd, e in others[:3])
        if round(others[0][1]["points"], 6) == round(entry["points"], 6):
            text += (
                "; tied, the latest report's reading"
                if chosen == latest.reading
                else "; tied, the larger toll"
            )
    return text


def _result(
    chosen: Reading, readings: dict[Reading, dict[str, Any]], reports: list[_Report], rule: str
) -> dict[str, Any]:
    givers = readings[chosen]["reports"]
    best = max(givers, key=lambda r: (_own_points(r, settings("headline")), r.published, r.id))
    k, i = chosen
    rests_on: dict[str, list[int]] = {"killed": [], "injured": []}
    for r in reports:
        if k:
            rests_on["killed"] += r.killed.get(k, [])
        if i:
            rests_on["injured"] += r.injured.get(i, [])
        if k + i and r.reading == chosen:
            rests_on["killed" if k else "injured"] += r.total.get(k + i, [])
    counts = {o: best.summary.get(o) for o in ("killed", "injured")}
    return {
        "killed": k,
        "injured": i,
        "report": best.id,
        "reports": [r.id for r in givers],
        "points": round(readings[chosen]["points"], 2),
        "rule": rule,
        "counts": counts,
        "rests_on": {o: sorted(set(ids)) for o, ids in rests_on.items()},
        "readings": [
            {
                "killed": rd[0],
                "injured": rd[1],
                "points": round(e["points"], 2),
                "reports": [r.id for r in e["reports"]],
            }
            for rd, e in sorted(readings.items(), key=lambda x: (-x[1]["points"], x[0]))
        ],
    }
