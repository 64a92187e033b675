"""Review: people confirm, correct, reject and add figures, merge incidents, move reports.

Every function takes the ``actor`` (who) and a ``reason`` (why), runs in the caller's
transaction, writes one or more ``history`` rows (when, before, after) in that same
transaction, and rebuilds the incidents it changed. Reviewed values win: tallies, pages
and exports read the effective figure (machine values with the reviewer's over them);
re-extraction (:func:`reextract_document`) updates only the machine's columns; linking
never moves a report a reviewer placed, nor undoes a merge.

Errors are :class:`ReviewError` with a ``code`` (``not_found``, ``invalid``) a web layer
maps to 404 / 422.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from tollwatch.contract import Count, Document, Figure, to_dict
from tollwatch.ledger.features import features_of
from tollwatch.ledger.linking import link_day
from tollwatch.ledger.materialise import new_incident, now, refresh_incidents
from tollwatch.ledger.records import effective_dict, figure_columns, figure_from_dict, validate_changes
from tollwatch.ledger.schema import documents, figures, history, incidents


class ReviewError(ValueError):
    """A review action that cannot be done: ``code`` is ``not_found`` or ``invalid``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _who(actor: str, reason: str, *, reason_required: bool = True) -> None:
    if not isinstance(actor, str) or not actor.strip():
        raise ReviewError("invalid", "every change needs an actor (who makes it)")
    if reason_required and (not isinstance(reason, str) or not reason.strip()):
        raise ReviewError("invalid", "every change needs a reason (why)")


def _record(
    conn: Connection,
    action: str,
    actor: str,
    reason: str,
    *,
    incident_id: int | None = None,
    related_incident_id: int | None = None,
    document_id: str | None = None,
    figure_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> None:
    conn.execute(
        history.insert().values(
            at=now(),
            actor=actor.strip(),
            action=action,
            incident_id=incident_id,
            related_incident_id=related_incident_id,
            document_id=document_id,
            figure_id=figure_id,
            before_json=json.dumps(before, ensure_ascii=False) if before is not None else None,
            after_json=json.dumps(after, ensure_ascii=False) if after is not None else None,
            reason=(reason or "").strip(),
        )
    )


def _figure_row(conn: Connection, figure_id: int) -> Any:
    r = conn.execute(
        select(figures, documents.c.incident_id)
        .join(documents, documents.c.id == figures.c.document_id)
        .where(figures.c.id == figure_id)
    ).first()
    if r is None:
        raise ReviewError("not_found", f"no figure {figure_id}")
    return r


def _public(fig: dict[str, Any]) -> dict[str, Any]:
    keep = (
        "outcome",
        "category",
        "group",
        "count",
        "source",
        "hedged",
        "undisclosed",
        "as_of",
        "place",
        "evidence",
    )
    return {k: fig.get(k) for k in keep} | {"review_status": fig.get("review_status")}


def confirm_figure(conn: Connection, figure_id: int, actor: str, reason: str = "") -> dict[str, Any]:
    """The figure is right as it stands (its effective values)."""
    _who(actor, reason, reason_required=False)
    r = _figure_row(conn, figure_id)
    before = effective_dict(r)
    status = "added" if r.origin == "reviewer" else "confirmed"
    _set_review(conn, figure_id, status, r.review_json, actor)
    after = effective_dict(_figure_row(conn, figure_id))
    _record(conn, "confirm_figure", actor, reason, incident_id=r.incident_id, document_id=r.document_id,
            figure_id=figure_id, before=_public(before), after=_public(after))  # fmt: skip
    refresh_incidents(conn, [r.incident_id])
    return after


def correct_figure(
    conn: Connection, figure_id: int, changes: dict[str, Any], actor: str, reason: str
) -> dict[str, Any]:
    """Change any of the figure's fields (count, outcome, category, group, source, as_of, place...)."""
    _who(actor, reason)
    if not changes:
        raise ReviewError("invalid", "a correction needs at least one changed field")
    try:
        clean = validate_changes(changes)
    except ValueError as e:
        raise ReviewError("invalid", str(e)) from e
    r = _figure_row(conn, figure_id)
    before = effective_dict(r)
    overlay = json.loads(r.review_json) if r.review_json else {}
    machine = effective_dict({**r._mapping, "review_json": None})
    for k, v in clean.items():
        if r.origin == "machine" and machine.get(k) == v:
            overlay.pop(k, None)  # back to the machine's value
        else:
            overlay[k] = v
    status = "added" if r.origin == "reviewer" else ("corrected" if overlay else "confirmed")
    _set_review(conn, figure_id, status, json.dumps(overlay, ensure_ascii=False) if overlay else None, actor)
    after = effective_dict(_figure_row(conn, figure_id))
    _record(conn, "correct_figure", actor, reason, incident_id=r.incident_id, document_id=r.document_id,
            figure_id=figure_id, before=_public(before), after=_public(after))  # fmt: skip
    refresh_incidents(conn, [r.incident_id])
    return after


def reject_figure(conn: Connection, figure_id: int, actor: str, reason: str) -> dict[str, Any]:
    """The figure is wrong (not a toll, another incident, misread): kept, never counted."""
    _who(actor, reason)
    r = _figure_row(conn, figure_id)
    before = effective_dict(r)
    _set_review(conn, figure_id, "rejected", r.review_json, actor)
    after = effective_dict(_figure_row(conn, figure_id))
    _record(conn, "reject_figure", actor, reason, incident_id=r.incident_id, document_id=r.document_id,
            figure_id=figure_id, before=_public(before), after=_public(after))  # fmt: skip
    refresh_incidents(conn, [r.incident_id])
    return after


def _set_review(conn: Connection, figure_id: int, status: str, review_json: str | None, actor: str) -> None:
    conn.execute(
        update(figures)
        .where(figures.c.id == figure_id)
        .values(review_status=status, review_json=review_json, reviewed_by=actor.strip(), reviewed_at=now())
    )


def add_figure(
    conn: Connection,
    document_id: str,
    start: int,
    end: int,
    fields: dict[str, Any],
    actor: str,
    reason: str,
    *,
    field: str = "text",
) -> dict[str, Any]:
    """A figure the machine missed, from the words ``document[field][start:end]``.

    ``fields`` needs ``outcome`` and ``count`` (a number, or ``{low, best, high, kind,
    text}``); ``category`` (default ``unspecified``), ``group`` (default: the words),
    ``source``, ``hedged``, ``undisclosed``, ``as_of``, ``place`` are optional.
    """
    _who(actor, reason)
    doc = conn.execute(select(documents).where(documents.c.id == document_id)).first()
    if doc is None:
        raise ReviewError("not_found", f"no document {document_id!r}")
    if field not in ("text", "title", "standfirst"):
        raise ReviewError("invalid", f"field must be text, title or standfirst, not {field!r}")
    source_text = getattr(doc, field) or ""
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(source_text)):
        raise ReviewError(
            "invalid", f"the span {start}..{end} is not inside the document's {field} (0..{len(source_text)})"
        )
    words = source_text[start:end]
    if "outcome" not in fields or "count" not in fields:
        raise ReviewError("invalid", "a new figure needs at least an outcome and a count")
    count = fields["count"]
    if isinstance(count, int) and not isinstance(count, bool):
        count = {"low": count, "best": count, "high": count, "kind": "exact", "text": words}
    values = {
        "outcome": fields["outcome"],
        "category": fields.get("category") or "unspecified",
        "group": fields.get("group") or words,
        "count": count,
        **{k: fields[k] for k in ("source", "hedged", "undisclosed", "as_of", "place") if k in fields},
    }
    unknown = set(fields) - set(values) - {"count"}
    if unknown:
        raise ReviewError("invalid", f"unknown fields: {', '.join(sorted(unknown))}")
    try:
        clean = validate_changes(values)
    except ValueError as e:
        raise ReviewError("invalid", str(e)) from e
    clean["evidence"] = {"start": start, "end": end, "text": words, "field": field}
    fig = Figure.from_dict(clean)
    ordinal: int = conn.execute(
        select(func.coalesce(func.max(figures.c.ordinal), -1)).where(figures.c.document_id == document_id)
    ).scalar_one()
    result = conn.execute(
        figures.insert().values(
            document_id=document_id,
            ordinal=int(ordinal) + 1,
            origin="reviewer",
            review_status="added",
            reviewed_by=actor.strip(),
            reviewed_at=now(),
            machine_present=False,
            **figure_columns(fig),
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    figure_id = int(pk[0])
    conn.execute(
        update(documents).where(documents.c.id == document_id).values(n_figures=documents.c.n_figures + 1)
    )
    after = effective_dict(_figure_row(conn, figure_id))
    _record(conn, "add_figure", actor, reason, incident_id=doc.incident_id, document_id=document_id,
            figure_id=figure_id, after=_public(after))  # fmt: skip
    if doc.incident_id is not None:
        refresh_incidents(conn, [doc.incident_id])
    return after


def _live_incident(conn: Connection, incident_id: int | str) -> Any:
    try:
        key = int(incident_id)
    except (TypeError, ValueError):
        raise ReviewError("not_found", f"no incident {incident_id!r}") from None
    r = conn.execute(select(incidents).where(incidents.c.id == key)).first()
    if r is None:
        raise ReviewError("not_found", f"no incident {incident_id!r}")
    if r.merged_into is not None:
        raise ReviewError("invalid", f"incident {key} was merged into {r.merged_into}")
    return r


def merge_incidents(
    conn: Connection, target_id: int | str, other_ids: list[int | str], actor: str, reason: str
) -> int:
    """Move every report of ``other_ids`` into ``target_id``; the others point to it."""
    _who(actor, reason)
    target = _live_incident(conn, target_id)
    others = [_live_incident(conn, o) for o in other_ids]
    if not others or any(o.id == target.id for o in others):
        raise ReviewError("invalid", "merge needs other incidents, different from the target")
    for o in others:
        moved: list[str] = list(
            conn.execute(select(documents.c.id).where(documents.c.incident_id == o.id)).scalars()
        )
        conn.execute(
            update(documents)
            .where(documents.c.incident_id == o.id)
            .values(incident_id=target.id, incident_pinned=True)
        )
        conn.execute(
            update(incidents).where(incidents.c.id == o.id).values(merged_into=target.id, pinned=True)
        )
        _record(conn, "merge_incidents", actor, reason, incident_id=target.id, related_incident_id=o.id,
                before={"incident_id": str(o.id), "documents": moved},
                after={"incident_id": str(target.id), "documents": moved})  # fmt: skip
    conn.execute(update(documents).where(documents.c.incident_id == target.id).values(incident_pinned=True))
    conn.execute(update(incidents).where(incidents.c.id == target.id).values(pinned=True))
    refresh_incidents(conn, [target.id, *(o.id for o in others)])
    return int(target.id)


def move_document(
    conn: Connection, document_id: str, incident_id: int | str | None, actor: str, reason: str
) -> int:
    """Move a report (and its near-duplicate copies) to another incident, or to a new one
    (``incident_id=None``: split it out). Linking never moves it back."""
    _who(actor, reason)
    doc = conn.execute(select(documents).where(documents.c.id == document_id)).first()
    if doc is None:
        raise ReviewError("not_found", f"no document {document_id!r}")
    if incident_id is None:
        dest = new_incident(conn)
        conn.execute(update(incidents).where(incidents.c.id == dest).values(pinned=True))
    else:
        dest = int(_live_incident(conn, incident_id).id)
    if dest == doc.incident_id:
        raise ReviewError("invalid", f"document {document_id!r} is already in incident {dest}")
    copies: list[str] = list(
        conn.execute(select(documents.c.id).where(documents.c.duplicate_of == document_id)).scalars()
    )
    conn.execute(
        update(documents)
        .where(documents.c.id == document_id)
        .values(incident_id=dest, incident_pinned=True, duplicate_of=None, duplicate_similarity=None)
    )
    if copies:
        conn.execute(
            update(documents).where(documents.c.id.in_(copies)).values(incident_id=dest, incident_pinned=True)
        )
    _record(conn, "move_document", actor, reason, incident_id=dest, related_incident_id=doc.incident_id,
            document_id=document_id,
            before={"incident_id": str(doc.incident_id) if doc.incident_id is not None else None,
                    "duplicate_of": doc.duplicate_of},
            after={"incident_id": str(dest), "copies_moved": copies})  # fmt: skip
    refresh_incidents(conn, [dest] + ([doc.incident_id] if doc.incident_id is not None else []))
    return dest


def reextract_document(
    conn: Connection, document_id: str, extract: Callable[[Document], Document]
) -> dict[str, int]:
    """Run the figure finder again on a stored report, keeping every reviewed value.

    A machine figure found again (same evidence span and outcome) gets the machine's new
    values; the reviewer's overlay, status and rejections stay. A new machine figure is
    added. A machine figure no longer found is deleted if nobody reviewed it, else kept
    with ``machine_present`` false. Figures reviewers added are never touched.
    """
    r = conn.execute(select(documents).where(documents.c.id == document_id)).first()
    if r is None:
        raise ReviewError("not_found", f"no document {document_id!r}")
    doc = Document(
        id=r.id, text=r.text, url=r.url, site=r.site, title=r.title, standfirst=r.standfirst,
        published=r.published, language=r.language, origin=r.origin,
    )  # fmt: skip
    doc = extract(doc)
    old = conn.execute(
        select(figures).where(figures.c.document_id == document_id, figures.c.origin == "machine")
    ).all()
    by_key = {(o.ev_field, o.ev_start, o.ev_end, o.outcome): o for o in old}
    seen: set[int] = set()
    stats = {"updated": 0, "added": 0, "deleted": 0, "kept_reviewed": 0}
    next_ordinal = 1 + max((o.ordinal for o in old), default=-1)
    extra = conn.execute(
        select(func.max(figures.c.ordinal)).where(figures.c.document_id == document_id)
    ).scalar()
    next_ordinal = max(next_ordinal, (extra or -1) + 1)
    for f in doc.figures:
        key = (f.evidence.field, f.evidence.start, f.evidence.end, f.outcome)
        o = by_key.get(key)
        if o is not None and o.id not in seen:
            seen.add(o.id)
            conn.execute(
                update(figures).where(figures.c.id == o.id).values(machine_present=True, **figure_columns(f))
            )
            stats["updated"] += 1
        else:
            conn.execute(
                figures.insert().values(
                    document_id=document_id, ordinal=next_ordinal, origin="machine",
                    review_status="unreviewed", machine_present=True, **figure_columns(f),
                )
            )  # fmt: skip
            next_ordinal += 1
            stats["added"] += 1
    for o in old:
        if o.id in seen:
            continue
        if o.review_status == "unreviewed":
            conn.execute(delete(figures).where(figures.c.id == o.id))
            stats["deleted"] += 1
        else:
            conn.execute(update(figures).where(figures.c.id == o.id).values(machine_present=False))
            stats["kept_reviewed"] += 1
    feats = features_of(doc)
    n = conn.execute(
        select(func.count()).select_from(figures).where(figures.c.document_id == document_id)
    ).scalar_one()
    conn.execute(
        update(documents)
        .where(documents.c.id == document_id)
        .values(
            summary_json=json.dumps(to_dict(doc.summary), ensure_ascii=False),
            when_day=doc.summary.when,
            where_name=doc.summary.where.name if doc.summary.where else None,
            killed_best=doc.summary.killed.best if doc.summary.killed else None,
            injured_best=doc.summary.injured.best if doc.summary.injured else None,
            day=link_day(feats),
            features_json=json.dumps(feats, ensure_ascii=False),
            n_figures=n,
        )
    )
    if r.incident_id is not None:
        refresh_incidents(conn, [r.incident_id])
    return stats


__all__ = [
    "Count",
    "ReviewError",
    "add_figure",
    "confirm_figure",
    "correct_figure",
    "figure_from_dict",
    "merge_incidents",
    "move_document",
    "reextract_document",
    "reject_figure",
]
