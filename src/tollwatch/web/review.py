"""The review forms: confirm, correct, reject and add figures; merge incidents; move
reports; bookmarks and tags. Each is a POST from a page (CSRF-checked app-wide), needs
the ``reviewer`` role (bookmarks: ``viewer``), calls the store's review operation in one
write transaction with the signed-in user as the actor, and redirects back.

The store (:mod:`tollwatch.ledger.review`) records every change in the history (who,
when, before, after, why) and rebuilds the incidents it touches; reviewed values win.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine, delete, insert, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from tollwatch.contract import MAX_COUNT
from tollwatch.ledger import queries
from tollwatch.ledger import review as store_review
from tollwatch.ledger.engine import write_transaction
from tollwatch.web import errors as E
from tollwatch.web import views
from tollwatch.web.accounts import User, stamp
from tollwatch.web.auth import require, safe_next
from tollwatch.web.errors import WebError
from tollwatch.web.limits import out_of_range
from tollwatch.web.schema import tags

router = APIRouter(include_in_schema=False)
T = TypeVar("T")

_reviewer = require("reviewer")
_viewer = require("viewer")


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def in_write(request: Request, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in one write transaction, turning the store's errors into web errors."""
    try:
        with write_transaction(_engine(request)) as conn:
            return work(conn)
    except store_review.ReviewError as e:
        raise WebError(
            404 if e.code == "not_found" else 422, E.NOT_FOUND if e.code == "not_found" else E.INVALID, str(e)
        ) from None


# --------------------------------------------------------------------------- reading forms


def text(form: Mapping[str, Any], name: str, limit: int = 2000) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def whole(form: Mapping[str, Any], name: str) -> int | None:
    value = text(form, name, 20)
    if not value:
        return None
    try:
        n = int(value)
    except ValueError:
        raise WebError(
            422, E.INVALID, f"{name.replace('_', ' ')} must be a whole number, not {value!r}."
        ) from None
    if n < 0:
        raise WebError(422, E.INVALID, f"{name.replace('_', ' ')} cannot be negative.")
    if n > MAX_COUNT:
        raise WebError(422, E.INVALID, f"{name.replace('_', ' ')} must be at most {MAX_COUNT:,}.")
    return n


def count_from_form(form: Mapping[str, Any], default_text: str = "") -> dict[str, Any]:
    """low/best/high/kind/text from a form; an exact count fills its low and high from best."""
    kind = text(form, "count_kind", 20) or "exact"
    low, best, high = whole(form, "count_low"), whole(form, "count_best"), whole(form, "count_high")
    if kind == "exact" and best is not None:
        low = high = best
    words = text(form, "count_text", 300) or default_text or ("" if best is None else str(best))
    return {"low": low, "best": best, "high": high, "kind": kind, "text": words}


def place_from_form(form: Mapping[str, Any]) -> tuple[str, str | None]:
    return text(form, "place_name", 300), text(form, "place_country", 2).upper() or None


def changes_from_form(
    form: Mapping[str, Any], current: Mapping[str, Any], located: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The fields a correction form changes, compared with the figure as it stands.

    A new place takes its region and coordinates from ``located`` (what :func:`views.locate`
    found for the form's place, looked up before the write transaction), else none."""
    changes: dict[str, Any] = {}
    for key in ("outcome", "category", "group"):
        value = text(form, key, 300)
        if value and value != current.get(key):
            changes[key] = value
    count = count_from_form(form, (current.get("count") or {}).get("text", ""))
    if count != current.get("count"):
        changes["count"] = count
    src_name, src_type = text(form, "source_name", 300), text(form, "source_type", 40)
    cur_src = current.get("source") or {}
    if src_name:
        if src_name != cur_src.get("name") or (src_type or "other") != (cur_src.get("type") or "other"):
            same = src_name == cur_src.get("name")
            changes["source"] = {
                "name": src_name,
                "type": src_type or "other",
                "text": cur_src.get("text", "") if same else "",
            }
    elif cur_src:
        changes["source"] = None
    as_of = text(form, "as_of", 10) or None
    if as_of != current.get("as_of"):
        changes["as_of"] = as_of
    place_name, country = place_from_form(form)
    cur_place = current.get("place") or {}
    if place_name:
        if place_name != cur_place.get("name") or country != cur_place.get("country"):
            if located and located.get("name") == place_name:
                changes["place"] = dict(located)
            else:
                changes["place"] = {
                    "name": place_name,
                    "admin1": None,
                    "country": country,
                    "lat": None,
                    "lon": None,
                }
    elif cur_place:
        changes["place"] = None
    for flag in ("hedged", "undisclosed"):
        checked = form.get(flag) is not None
        if checked != bool(current.get(flag)):
            changes[flag] = checked
    return changes


def _back(form: FormData, default: str) -> Response:
    raw = form.get("next")
    return RedirectResponse(safe_next(raw if isinstance(raw, str) else None, default), status_code=303)


# --------------------------------------------------------------------------- figures


@router.post("/review/figures/{figure_id}/{action}")
async def review_figure(request: Request, figure_id: int, action: str) -> Response:
    user = _reviewer(request)
    form = await request.form()
    if action not in ("confirm", "correct", "reject"):
        raise WebError(404, E.NOT_FOUND, f"There is no review action {action!r}.")
    reason = text(form, "reason")
    place_name, country = place_from_form(form)
    located = None
    if action == "correct" and place_name:
        located = await run_in_threadpool(views.locate, place_name, country)

    def work(conn: Connection) -> None:
        if action == "confirm":
            store_review.confirm_figure(conn, figure_id, user.username, reason)
        elif action == "reject":
            store_review.reject_figure(conn, figure_id, user.username, reason)
        else:
            current = queries.get_figure(conn, figure_id)
            if current is None:
                raise WebError(404, E.NOT_FOUND, f"There is no figure {figure_id}.")
            changes = changes_from_form(form, current, located)
            if not changes:
                raise WebError(
                    422, E.INVALID, "Nothing was changed: edit a field, or confirm the figure instead."
                )
            store_review.correct_figure(conn, figure_id, changes, user.username, reason)

    await run_in_threadpool(in_write, request, work)
    return _back(form, f"/figures/{figure_id}")


@router.post("/review/add-figure")
async def add_figure(request: Request) -> Response:
    user = _reviewer(request)
    form = await request.form()
    document_id = text(form, "document_id", 200)
    field = text(form, "field", 20) or "text"
    start, end = whole(form, "start"), whole(form, "end")
    if start is None or end is None:
        raise WebError(422, E.INVALID, "Select the figure's words in the text (or give their offsets).")
    if whole(form, "count_best") is None and whole(form, "count_low") is None:
        raise WebError(422, E.INVALID, "A figure needs a count: give its best value (or at least a low one).")
    fields: dict[str, Any] = {
        "outcome": text(form, "outcome", 40),
        "category": text(form, "category", 40) or "unspecified",
    }
    if text(form, "group", 300):
        fields["group"] = text(form, "group", 300)
    src = text(form, "source_name", 300)
    if src:
        fields["source"] = {"name": src, "type": text(form, "source_type", 40) or "other", "text": ""}
    if text(form, "as_of", 10):
        fields["as_of"] = text(form, "as_of", 10)
    fields["hedged"] = form.get("hedged") is not None
    place_name, country = place_from_form(form)
    if place_name:
        fields["place"] = await run_in_threadpool(views.locate, place_name, country)
    reason = text(form, "reason")

    def work(conn: Connection) -> int:
        doc = queries.get_document(conn, document_id)
        if doc is None:
            raise WebError(404, E.NOT_FOUND, f"There is no report {document_id!r}.")
        source = doc.get(field) or "" if field in ("text", "title", "standfirst") else ""
        words = source[start:end] if isinstance(source, str) else ""
        fields["count"] = count_from_form(form, words)
        added = store_review.add_figure(
            conn, document_id, start, end, fields, user.username, reason, field=field
        )
        return int(added["id"])

    figure_id = await run_in_threadpool(in_write, request, work)
    return RedirectResponse(f"/reports/{quote(document_id)}#fig-{figure_id}", status_code=303)


# --------------------------------------------------------------------------- incidents and reports


def parse_ids(value: str) -> list[int]:
    ids = [int(x) for x in re.findall(r"\d+", value) if not out_of_range(x)]
    if not ids:
        raise WebError(422, E.INVALID, "Give the ids of the incidents to merge (numbers).")
    return ids


@router.post("/review/incidents/{incident_id}/merge")
async def merge(request: Request, incident_id: int) -> Response:
    user = _reviewer(request)
    form = await request.form()
    others = parse_ids(text(form, "others", 500))
    reason = text(form, "reason")

    def work(conn: Connection) -> int:
        target = store_review.merge_incidents(conn, incident_id, list(others), user.username, reason)
        views.follow_merge(conn, target, others)
        return target

    target = await run_in_threadpool(in_write, request, work)
    return RedirectResponse(f"/incidents/{target}", status_code=303)


@router.post("/review/move-report")
async def move_report(request: Request) -> Response:
    user = _reviewer(request)
    form = await request.form()
    document_id = text(form, "document_id", 200)
    dest_text = text(form, "incident", 40).lstrip("#").lower()
    dest: int | None
    if dest_text in ("new", ""):
        dest = None
    else:
        try:
            dest = int(dest_text)
            if out_of_range(dest_text):
                raise WebError(404, E.NOT_FOUND, f"There is no incident {dest_text[:40]}.")
        except ValueError:
            raise WebError(
                422, E.INVALID, "Give the incident's id, or 'new' to split the report out."
            ) from None
    reason = text(form, "reason")

    def work(conn: Connection) -> int:
        return store_review.move_document(conn, document_id, dest, user.username, reason)

    moved_to = await run_in_threadpool(in_write, request, work)
    return RedirectResponse(f"/incidents/{moved_to}", status_code=303)


# --------------------------------------------------------------------------- bookmarks and tags


def _live(conn: Connection, incident_id: int) -> None:
    if queries.get_incident(conn, incident_id) is None:
        raise WebError(404, E.NOT_FOUND, f"There is no incident {incident_id}.")


@router.post("/incidents/{incident_id}/bookmark")
async def bookmark(request: Request, incident_id: int) -> Response:
    user: User = _viewer(request)

    def work(conn: Connection) -> None:
        _live(conn, incident_id)
        views.toggle_bookmark(conn, user.id, incident_id, stamp())

    await run_in_threadpool(in_write, request, work)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


@router.post("/incidents/{incident_id}/tags")
async def add_tag(request: Request, incident_id: int) -> Response:
    user = _reviewer(request)
    form = await request.form()
    tag = views.clean_tag(text(form, "tag", 200))

    def work(conn: Connection) -> None:
        _live(conn, incident_id)
        exists = conn.execute(
            select(tags.c.id).where(tags.c.incident_id == incident_id, tags.c.tag == tag)
        ).first()
        if exists is None:
            conn.execute(
                insert(tags).values(
                    incident_id=incident_id, tag=tag, added_by=user.username, created_at=stamp()
                )
            )

    await run_in_threadpool(in_write, request, work)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


@router.post("/incidents/{incident_id}/tags/remove")
async def remove_tag(request: Request, incident_id: int) -> Response:
    _reviewer(request)
    form = await request.form()
    tag = text(form, "tag", 200)

    def work(conn: Connection) -> None:
        conn.execute(delete(tags).where(tags.c.incident_id == incident_id, tags.c.tag == tag))

    await run_in_threadpool(in_write, request, work)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)
