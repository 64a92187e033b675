"""The REST API under ``/api/``: documents, figures, incidents with their tallies, review
actions and exports. OpenAPI at ``/api/openapi.json``, read as a page at ``/api/docs``.

Authenticate with ``Authorization: Bearer <token>`` (a token from the account page; it
acts with its user's role) — or, from the dashboard's own pages, the session cookie plus
the ``X-CSRF-Token`` header for writes. Reading needs ``viewer``, review actions
``reviewer``. Every error is ``{"error": {"status", "code", "message", "details"}}``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection, select

from tollwatch.ledger import queries
from tollwatch.ledger import review as store_review
from tollwatch.ledger.engine import read_transaction
from tollwatch.ledger.schema import documents
from tollwatch.web import errors as E
from tollwatch.web import exports, views
from tollwatch.web.accounts import User
from tollwatch.web.auth import reviewer, viewer
from tollwatch.web.errors import WebError
from tollwatch.web.pages import EXPORT_LIMIT, base_url, download, engine_of
from tollwatch.web.render import render
from tollwatch.web.review import in_write

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No API token, or a wrong or revoked one"},
    403: {"description": "The role does not allow it, or the account awaits approval"},
    404: {"description": "No such record"},
    422: {"description": "A value is not acceptable"},
}

router = APIRouter(prefix="/api", responses=ERRORS)


# --------------------------------------------------------------------------- bodies


class Reason(BaseModel):
    reason: str = Field("", max_length=2000, description="Why (required to reject; optional to confirm).")


class Correction(BaseModel):
    changes: dict[str, Any] = Field(
        ...,
        description="Contract fields to change: outcome, category, group, count {low,best,high,kind,text}, "
        "source {name,type,text}, hedged, undisclosed, as_of, place {name,admin1,country,lat,lon} "
        "(a place without lat/lon is placed with the offline gazetteer).",
        examples=[{"count": {"low": 20, "best": 20, "high": 20, "kind": "exact", "text": "20"}}],
    )
    reason: str = Field(..., min_length=1, max_length=2000)


class NewFigure(BaseModel):
    document_id: str = Field(..., max_length=200)
    field: Literal["text", "title", "standfirst"] = "text"
    start: int = Field(..., ge=0, description="Offset of the first character of the figure's words.")
    end: int = Field(..., gt=0, description="Offset just after the last character.")
    outcome: str = Field(..., max_length=40)
    count: int | dict[str, Any] = Field(..., description="A number, or {low, best, high, kind, text}.")
    category: str = "unspecified"
    group: str | None = None
    source: dict[str, Any] | None = None
    hedged: bool = False
    undisclosed: bool = False
    as_of: str | None = None
    place: dict[str, Any] | None = None
    reason: str = Field(..., min_length=1, max_length=2000)


class Merge(BaseModel):
    others: list[int] = Field(..., min_length=1, description="Incidents to merge into this one.")
    reason: str = Field(..., min_length=1, max_length=2000)


class Move(BaseModel):
    document_id: str = Field(..., max_length=200)
    incident_id: int | None = Field(None, description="The destination incident; null splits the report out.")
    reason: str = Field(..., min_length=1, max_length=2000)


# --------------------------------------------------------------------------- reading


def _list_args(request: Request) -> views.ListQuery:
    return views.list_query(request.query_params)


@router.get("/me", summary="The caller's account")
def me(user: User = viewer) -> dict[str, Any]:
    return user.to_dict()


@router.get("/incidents", summary="Incidents, filtered and sorted (the dashboard's list)")
def list_incidents(
    request: Request,
    q: Annotated[str | None, Query(description="Full-text search over the incident's reports")] = None,
    since: Annotated[str | None, Query(description="Incident day from (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="Incident day to (YYYY-MM-DD)")] = None,
    where: Annotated[
        str | None, Query(description="Part of the place name, region, or a country code")
    ] = None,
    outcome: Annotated[
        str | None, Query(description="Incidents with a counted figure of this outcome")
    ] = None,
    source: Annotated[
        str | None, Query(description="Part of a source's name, a source type, or a site")
    ] = None,
    review: Annotated[
        str | None, Query(description="unreviewed, in_review, reviewed or has_rejected")
    ] = None,
    sort: Annotated[
        str,
        Query(
            description="date, date_asc, toll (killed), injured, missing, displaced, detained, reports or updated"
        ),
    ] = "date",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    user: User = viewer,
) -> dict[str, Any]:
    lq = _list_args(request)
    with read_transaction(engine_of(request)) as conn:
        rows, total = queries.list_incidents(conn, lq.filter, lq.sort, limit=limit, offset=offset)
        tag_map = views.tags_of(conn, [r["id"] for r in rows])
    for r in rows:
        r["tags"] = tag_map.get(r["id"], [])
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


def _incident(conn: Connection, incident_id: int) -> dict[str, Any]:
    record = queries.get_incident(conn, incident_id)
    if record is None:
        raise WebError(404, E.NOT_FOUND, f"There is no incident {incident_id}.")
    return record


@router.get(
    "/incidents/{incident_id}", summary="One incident: summary, tallies, ledger, sources, discrepancies"
)
def get_incident(request: Request, incident_id: int, user: User = viewer) -> dict[str, Any]:
    with read_transaction(engine_of(request)) as conn:
        record = _incident(conn, incident_id)
        record["tags"] = [t["tag"] for t in views.incident_tags(conn, incident_id)]
    return record


@router.get(
    "/incidents/{incident_id}/history", summary="Every change to the incident: who, when, before, after, why"
)
def incident_history(request: Request, incident_id: int, user: User = viewer) -> dict[str, Any]:
    with read_transaction(engine_of(request)) as conn:
        _incident(conn, incident_id)
        return {"items": queries.incident_history(conn, incident_id)}


@router.get(
    "/incidents/{incident_id}/timeline", summary="Chart series: the toll each source reported, over time"
)
def incident_timeline(request: Request, incident_id: int, user: User = viewer) -> dict[str, Any]:
    with read_transaction(engine_of(request)) as conn:
        return views.timeline_series(_incident(conn, incident_id))


@router.get("/documents", summary="Reports: full-text search, or the latest")
def list_documents(
    request: Request,
    q: Annotated[str | None, Query(description="Words to find in titles and texts")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
    user: User = viewer,
) -> dict[str, Any]:
    with read_transaction(engine_of(request)) as conn:
        if q:
            page = queries.search_page(conn, q, limit=limit, offset=offset)
            # total: how many reports match, counted up to queries.COUNT_CAP (capped: more did)
            return {"items": page.items, "total": page.total, "capped": page.capped}
        rows = conn.execute(
            select(
                documents.c.id,
                documents.c.title,
                documents.c.site,
                documents.c.published,
                documents.c.incident_id,
            )
            .order_by(documents.c.published.desc(), documents.c.id)
            .limit(limit)
            .offset(offset)
        )
        return {
            "items": [
                {
                    "id": r.id,
                    "title": r.title,
                    "site": r.site,
                    "published": r.published,
                    "incident_id": str(r.incident_id) if r.incident_id is not None else None,
                }
                for r in rows
            ]
        }


@router.get(
    "/documents/{document_id:path}", summary="One report with its figures (ids, review state, evidence)"
)
def get_document(
    request: Request, document_id: Annotated[str, Path(description="The report's id")], user: User = viewer
) -> dict[str, Any]:
    with read_transaction(engine_of(request)) as conn:
        doc = queries.get_document(conn, document_id)
    if doc is None:
        raise WebError(404, E.NOT_FOUND, f"There is no report {document_id!r}.")
    return doc


@router.get("/figures/{figure_id}", summary="One figure with its review state and history")
def get_figure(request: Request, figure_id: int, user: User = viewer) -> dict[str, Any]:
    with read_transaction(engine_of(request)) as conn:
        fig = queries.get_figure(conn, figure_id)
    if fig is None:
        raise WebError(404, E.NOT_FOUND, f"There is no figure {figure_id}.")
    return fig


# --------------------------------------------------------------------------- review


@router.post("/figures/{figure_id}/confirm", summary="Confirm a figure as it stands")
def confirm_figure(request: Request, figure_id: int, body: Reason, user: User = reviewer) -> dict[str, Any]:
    return in_write(
        request, lambda conn: store_review.confirm_figure(conn, figure_id, user.username, body.reason)
    )


@router.post("/figures/{figure_id}/correct", summary="Correct any field of a figure")
def correct_figure(
    request: Request, figure_id: int, body: Correction, user: User = reviewer
) -> dict[str, Any]:
    changes = {**body.changes}
    if isinstance(changes.get("place"), dict):
        changes["place"] = _placed(changes["place"])
    return in_write(
        request,
        lambda conn: store_review.correct_figure(conn, figure_id, changes, user.username, body.reason),
    )


def _placed(place: dict[str, Any]) -> dict[str, Any]:
    """A place given without coordinates is placed with the gazetteer (what it does not give
    stays as sent)."""
    name = place.get("name")
    if not isinstance(name, str) or not name.strip() or place.get("lat") is not None:
        return place
    country = place.get("country") if isinstance(place.get("country"), str) else None
    found = views.locate(name, country)
    return {**found, **{k: v for k, v in place.items() if v is not None}}


@router.post("/figures/{figure_id}/reject", summary="Reject a figure (kept, never counted)")
def reject_figure(request: Request, figure_id: int, body: Reason, user: User = reviewer) -> dict[str, Any]:
    return in_write(
        request, lambda conn: store_review.reject_figure(conn, figure_id, user.username, body.reason)
    )


@router.post("/figures", summary="Add a figure the machine missed, from a span of a report", status_code=201)
def add_figure(request: Request, body: NewFigure, user: User = reviewer) -> dict[str, Any]:
    fields = body.model_dump(exclude={"document_id", "field", "start", "end", "reason"}, exclude_none=True)
    if isinstance(fields.get("place"), dict):
        fields["place"] = _placed(fields["place"])
    return in_write(
        request,
        lambda conn: store_review.add_figure(
            conn, body.document_id, body.start, body.end, fields, user.username, body.reason, field=body.field
        ),
    )


@router.post("/incidents/{incident_id}/merge", summary="Merge other incidents into this one")
def merge_incidents(request: Request, incident_id: int, body: Merge, user: User = reviewer) -> dict[str, Any]:
    def work(conn: Connection) -> int:
        target = store_review.merge_incidents(
            conn, incident_id, list(body.others), user.username, body.reason
        )
        views.follow_merge(conn, target, body.others)
        return target

    return {"incident_id": str(in_write(request, work))}


@router.post("/documents/move", summary="Move a report to another incident (or split it out)")
def move_document(request: Request, body: Move, user: User = reviewer) -> dict[str, Any]:
    dest = in_write(
        request,
        lambda conn: store_review.move_document(
            conn, body.document_id, body.incident_id, user.username, body.reason
        ),
    )
    return {"incident_id": str(dest)}


# --------------------------------------------------------------------------- exports


@router.get("/exports/incidents", summary="Download the incidents matching the list's filters")
def export_incidents(
    request: Request,
    format: Annotated[Literal["csv", "geojson", "jsonl"], Query()] = "csv",
    user: User = viewer,
) -> Response:
    lq = _list_args(request)
    with read_transaction(engine_of(request)) as conn:
        if format == "jsonl":
            lines = [
                json.dumps({k: v for k, v in r.items() if k != "document_records"}, ensure_ascii=False)
                for r in queries.iter_incident_records(conn, lq.filter, lq.sort)
            ]
            return download(
                "\n".join(lines) + ("\n" if lines else ""), "incidents.jsonl", "application/x-ndjson"
            )
        rows, _ = queries.list_incidents(conn, lq.filter, lq.sort, limit=EXPORT_LIMIT, offset=0)
    if format == "csv":
        return download(
            exports.incidents_csv(rows, base_url(request)), "incidents.csv", "text/csv; charset=utf-8"
        )
    return download(
        exports.incidents_geojson(rows, base_url(request)), "incidents.geojson", "application/geo+json"
    )


@router.get(
    "/exports/incidents/{incident_id}", summary="Download one incident: ledger CSV, tally CSV or GeoJSON"
)
def export_incident(
    request: Request,
    incident_id: int,
    format: Annotated[Literal["csv", "tally-csv", "geojson"], Query()] = "csv",
    user: User = viewer,
) -> Response:
    with read_transaction(engine_of(request)) as conn:
        record = _incident(conn, incident_id)
    if format == "csv":
        return download(
            exports.incident_csv(record), f"incident-{incident_id}.csv", "text/csv; charset=utf-8"
        )
    if format == "tally-csv":
        return download(
            exports.tally_csv(record), f"incident-{incident_id}-tally.csv", "text/csv; charset=utf-8"
        )
    return download(
        exports.incident_geojson(record, base_url(request)),
        f"incident-{incident_id}.geojson",
        "application/geo+json",
    )


# --------------------------------------------------------------------------- docs


@router.get("/openapi.json", include_in_schema=False)
def openapi_json(request: Request, user: User = viewer) -> dict[str, Any]:
    """The OpenAPI description (for an approved account, like every other API call)."""
    schema: dict[str, Any] = request.app.openapi()
    return schema


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request, user: User = viewer) -> Response:
    """The OpenAPI description as a page (no JavaScript, nothing from a CDN)."""
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            body = (((op.get("requestBody") or {}).get("content") or {}).get("application/json") or {}).get(
                "schema"
            )
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "params": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description")
                            or (p.get("schema") or {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _schema_name(body),
                }
            )
    models = {
        name: json.dumps(s.get("properties", {}), indent=1, ensure_ascii=False)
        for name, s in (schema.get("components") or {}).get("schemas", {}).items()
        if name in ("Reason", "Correction", "NewFigure", "Merge", "Move")
    }
    return render(
        request,
        "apidocs.html",
        {"info": schema.get("info", {}), "endpoints": endpoints, "models": models},
    )


def _schema_name(body: dict[str, Any] | None) -> str | None:
    if not body:
        return None
    ref = body.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else "object"
