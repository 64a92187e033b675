"""The pages people read: incidents list, incident, report, figure, bookmarks and tags.

Every page needs an approved account (``viewer`` or more); review forms show only to
reviewers, and the handlers that take them (:mod:`tollwatch.web.review`) check again.
Each page offers the download of what it shows (``?format=csv`` / ``geojson``).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from tollwatch.ledger import IncidentFilter, queries
from tollwatch.ledger import brief as situation
from tollwatch.ledger.engine import read_transaction
from tollwatch.web import errors as E
from tollwatch.web import exports, views
from tollwatch.web.accounts import User
from tollwatch.web.auth import viewer
from tollwatch.web.errors import WebError
from tollwatch.web.limits import out_of_range
from tollwatch.web.render import render

router = APIRouter(include_in_schema=False)

#: The most rows one download of the incidents list holds.
EXPORT_LIMIT = 100_000


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def download(body: str, filename: str, media_type: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def _format(request: Request, allowed: tuple[str, ...]) -> str | None:
    fmt = request.query_params.get("format")
    if fmt is None or fmt == "html":
        return None
    if fmt not in allowed:
        raise WebError(422, E.INVALID, f"format must be one of {', '.join(allowed)}, not {fmt!r}.")
    return fmt


def _incident_id(value: str) -> int:
    try:
        if out_of_range(value):
            raise ValueError(value)
        return int(value)
    except ValueError:
        raise WebError(404, E.NOT_FOUND, f"There is no incident {value!r}.") from None


@router.get("/")
def home(_user: User = viewer) -> Response:
    return RedirectResponse("/incidents", status_code=303)


@router.get("/incidents")
def incidents_page(request: Request, user: User = viewer) -> Response:
    lq = views.list_query(request.query_params)
    fmt = _format(request, ("csv", "geojson"))
    size = request.app.state.settings.page_size
    with read_transaction(engine_of(request)) as conn:
        if fmt:
            rows, _total = queries.list_incidents(conn, lq.filter, lq.sort, limit=EXPORT_LIMIT, offset=0)
            if fmt == "csv":
                return download(
                    exports.incidents_csv(rows, base_url(request)), "incidents.csv", "text/csv; charset=utf-8"
                )
            return download(
                exports.incidents_geojson(rows, base_url(request)),
                "incidents.geojson",
                "application/geo+json",
            )
        rows, total = queries.list_incidents(
            conn, lq.filter, lq.sort, limit=size, offset=(lq.page - 1) * size
        )
        tag_map = views.tags_of(conn, [r["id"] for r in rows])
        found = queries.search_page(conn, lq.filter.q, limit=8) if lq.filter.q else None
    pages = max(1, (total + size - 1) // size)
    return render(
        request,
        "incidents.html",
        {
            "rows": rows,
            "total": total,
            "lq": lq,
            "params": lq.params,
            "page": lq.page,
            "pages": pages,
            "tags": tag_map,
            "reports": found.items if found else [],
            "reports_total": found.total_label if found else "",
            "outcomes": views.OUTCOMES,
            "reviews": views.REVIEW_FILTERS,
            "sorts": views.LIST_SORTS,
        },
    )


#: The store's own exports, offered under the list: (what, format) -> (file name, media type).
STORE_EXPORTS = {
    ("incidents", "acled"): ("incidents-acled.csv", "text/csv; charset=utf-8"),
    ("incidents", "ucdp"): ("incidents-ucdp.csv", "text/csv; charset=utf-8"),
    ("incidents", "jsonl"): ("incidents.jsonl", "application/x-ndjson"),
    ("incidents", "parquet"): ("incidents.parquet", "application/vnd.apache.parquet"),
    ("figures", "csv"): ("figures.csv", "text/csv; charset=utf-8"),
    ("figures", "parquet"): ("figures.parquet", "application/vnd.apache.parquet"),
    ("documents", "csv"): ("reports.csv", "text/csv; charset=utf-8"),
}


@router.get("/incidents/export")
def store_export(
    request: Request, what: str = "incidents", format: str = "acled", user: User = viewer
) -> Response:
    """The list's incidents (same filters) through :func:`tollwatch.export.export`: ACLED-
    and UCDP-like columns, JSON lines, Parquet, or their figures or reports."""
    import tempfile
    from pathlib import Path

    from tollwatch.export import export

    if (what, format) not in STORE_EXPORTS:
        offered = ", ".join(f"{w}/{f}" for w, f in STORE_EXPORTS)
        raise WebError(422, E.INVALID, f"Offered exports: {offered}; not {what}/{format}.")
    lq = views.list_query(request.query_params)
    filename, media = STORE_EXPORTS[(what, format)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / filename
        export(request.app.state.store, what, format, out, lq.filter)
        body = out.read_bytes()
    return Response(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{filename}"'}
    )


@router.get("/incidents/{incident_id}")
def incident_page(request: Request, incident_id: str, user: User = viewer) -> Response:
    key = _incident_id(incident_id)
    fmt = _format(request, ("csv", "tally-csv", "geojson"))
    with read_transaction(engine_of(request)) as conn:
        record = queries.get_incident(conn, key)
        if record is None:
            raise WebError(404, E.NOT_FOUND, f"There is no incident {key}.")
        if record.get("merged_into"):
            return RedirectResponse(f"/incidents/{record['merged_into']}?merged={key}", status_code=303)
        if fmt == "csv":
            return download(exports.incident_csv(record), f"incident-{key}.csv", "text/csv; charset=utf-8")
        if fmt == "tally-csv":
            return download(exports.tally_csv(record), f"incident-{key}-tally.csv", "text/csv; charset=utf-8")
        if fmt == "geojson":
            return download(
                exports.incident_geojson(record, base_url(request)),
                f"incident-{key}.geojson",
                "application/geo+json",
            )
        history = queries.incident_history(conn, key)
        tag_list = views.incident_tags(conn, key)
        bookmarked = views.is_bookmarked(conn, user.id, key)
    figs = views.figures_by_id(record)
    args = request.query_params
    ledger = views.ledger_page(views.ledger_by_source(record), views.page_number(args, "figures"))
    reports = views.paged(
        record.get("document_records") or [], views.page_number(args, "reports"), views.REPORTS_PER_PAGE
    )
    return render(
        request,
        "incident.html",
        {
            "inc": record,
            "summary": record.get("summary") or {},
            "figs": figs,
            "tallies": views.tally_rows(record),
            "by_source": ledger.items,
            "ledger": ledger,
            "places": views.figure_places(record),
            "docs": reports.items,
            "reports": reports,
            # what the pagers keep of the query string: each other's page
            "pager": {
                "figures": ledger.page if ledger.page > 1 else None,
                "reports": reports.page if reports.page > 1 else None,
            },
            "history": [views.history_entry(h) for h in reversed(history)],
            "tag_list": tag_list,
            "bookmarked": bookmarked,
            "merged_from": request.query_params.get("merged"),
            "figure_line": views.figure_line,
            "can_review": user.can("reviewer"),
            # report text is hostile: to_html escapes everything it takes from the ledger
            "brief": situation.segments(situation.brief(record)),
        },
    )


@router.get("/reports/{document_id:path}")
def report_page(request: Request, document_id: str, user: User = viewer) -> Response:
    fmt = _format(request, ("csv", "geojson"))
    with read_transaction(engine_of(request)) as conn:
        doc = queries.get_document(conn, document_id)
        if doc is None:
            raise WebError(404, E.NOT_FOUND, f"There is no report {document_id!r}.")
        if fmt == "csv":
            return download(exports.document_csv(doc), "report-figures.csv", "text/csv; charset=utf-8")
        if fmt == "geojson":
            return download(
                exports.document_geojson(doc, base_url(request)),
                "report-figures.geojson",
                "application/geo+json",
            )
        incident = None
        if doc.get("incident_id"):
            incident = queries.get_incident(conn, int(doc["incident_id"]))
    return render(
        request,
        "report.html",
        {
            "doc": doc,
            "segs": views.highlighted(doc),
            "figmap": {f["id"]: f for f in doc["figures"]},
            "ledger_status": {f["id"]: f for f in (incident or {}).get("figures", [])},
            "incident": incident,
            "figure_line": views.figure_line,
            "form_values": views.figure_form_values,
            "can_review": user.can("reviewer"),
            **_choices(),
        },
    )


@router.get("/figures/{figure_id}")
def figure_page(request: Request, figure_id: int, user: User = viewer) -> Response:
    with read_transaction(engine_of(request)) as conn:
        fig = queries.get_figure(conn, figure_id)
        if fig is None:
            raise WebError(404, E.NOT_FOUND, f"There is no figure {figure_id}.")
        doc = queries.get_document(conn, fig["document_id"])
    return render(
        request,
        "figure.html",
        {
            "f": fig,
            "doc": doc,
            "figure_line": views.figure_line,
            "form_values": views.figure_form_values,
            "can_review": user.can("reviewer"),
            **_choices(),
        },
    )


@router.get("/bookmarks")
def bookmarks_page(request: Request, user: User = viewer) -> Response:
    with read_transaction(engine_of(request)) as conn:
        ids = views.bookmarked_ids(conn, user.id)
    return _collection(request, ids, "Your bookmarks", None, "bookmarks")


@router.get("/tags/{tag}")
def tag_page(request: Request, tag: str, user: User = viewer) -> Response:
    with read_transaction(engine_of(request)) as conn:
        ids = views.tagged_ids(conn, tag)
    return _collection(request, ids, f"Tagged “{tag}”", tag, "tag-" + _file_word(tag))


def _collection(request: Request, ids: list[int], heading: str, tag: str | None, stem: str) -> Response:
    """A page of chosen incidents (bookmarks, a tag), or its download (``?format=csv|geojson``)."""
    fmt = _format(request, ("csv", "geojson"))
    with read_transaction(engine_of(request)) as conn:
        rows, _ = queries.list_incidents(conn, IncidentFilter(ids=tuple(ids)), "date", limit=None)
        if fmt == "csv":
            return download(
                exports.incidents_csv(rows, base_url(request)), f"{stem}.csv", "text/csv; charset=utf-8"
            )
        if fmt == "geojson":
            return download(
                exports.incidents_geojson(rows, base_url(request)), f"{stem}.geojson", "application/geo+json"
            )
        tag_map = views.tags_of(conn, ids)
        cloud = views.all_tags(conn)
    return render(
        request,
        "collection.html",
        {"heading": heading, "rows": rows, "tags": tag_map, "cloud": cloud, "tag": tag},
    )


def _file_word(value: str) -> str:
    """A tag as a file name: letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:40] or "tag"


def _choices() -> dict[str, Any]:
    return {
        "outcomes": views.OUTCOMES,
        "categories": views.CATEGORIES,
        "kinds": views.COUNT_KINDS,
        "source_types": views.SOURCE_TYPES,
    }
