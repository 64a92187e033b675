"""Reports from the dashboard: paste a report (text, title, date, source URL) or give its URL;
and the watched sources (``tollwatch watch``) that an admin lists, adds and removes.

A report added here goes through the same reading (:mod:`tollwatch.read`), figure reading and
linking (:meth:`~tollwatch.ledger.Store.ingest_documents`) as one ingested from the command
line, and the reviewer lands on its page with the figures highlighted. A URL is fetched with
the same guards (http(s) only, no private addresses unless the server was started with
``--allow-private``, robots.txt, size limit); a report that cannot be had is shown back on the
form with its problem, nothing stored.
"""

from __future__ import annotations

import hashlib
from functools import partial
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from tollwatch.contract import Document
from tollwatch.ledger import Store, dedup
from tollwatch.ledger.schema import documents
from tollwatch.read import ReadOptions
from tollwatch.read.fetch import FetchOptions
from tollwatch.read.netguard import refuse_url
from tollwatch.web import errors as E
from tollwatch.web.auth import require
from tollwatch.web.errors import WebError
from tollwatch.web.render import render
from tollwatch.web.review import text

router = APIRouter(include_in_schema=False)
_reviewer = require("reviewer")
_admin = require("admin")
#: the longest report pasted (characters)
MAX_PASTE = 200_000


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _fetch_options(request: Request) -> FetchOptions:
    return FetchOptions(allow_private=request.app.state.settings.allow_private, retries=1)


# --------------------------------------------------------------------------- add a report
@router.get("/reports-new")
def new_report_page(request: Request) -> Response:
    _reviewer(request)
    return render(request, "add_report.html", {"values": {}, "error": None})


@router.post("/reports-new")
async def add_report(request: Request) -> Response:
    form = await request.form()  # read first: a refusal before the body is read leaves it on the socket
    user = _reviewer(request)
    values = {k: text(form, k, 2000) for k in ("title", "published", "url", "fetch_url")}
    body = text(form, "text", MAX_PASTE)
    if values["fetch_url"]:
        doc = await run_in_threadpool(
            _fetch_report, values["fetch_url"], _fetch_options(request), _store(request).read_options()
        )
    elif body:
        doc = await run_in_threadpool(
            _pasted_report, body, values, user.username, _store(request).read_options()
        )
    else:
        return _form_error(request, values, body, "Paste the report's text, or give the URL of its page.")
    stopping = [p for p in doc.problems if p.code != "language"]
    if not (doc.text or doc.title) or (stopping and not doc.text):
        message = "; ".join(p.message for p in doc.problems) or "The page holds no report text."
        return _form_error(request, values, body, message)
    doc_id = await run_in_threadpool(_ingest, _store(request), doc)
    return RedirectResponse(f"/reports/{quote(doc_id, safe='/:~')}", status_code=303)


def _form_error(request: Request, values: dict[str, str], body: str, message: str) -> Response:
    return render(
        request, "add_report.html", {"values": {**values, "text": body}, "error": message}, status_code=422
    )


def _fetch_report(url: str, options: FetchOptions, reading: ReadOptions) -> Document:
    from tollwatch.read.fetch import Fetcher
    from tollwatch.read.sources import open_source, page_document

    with Fetcher(options) as fetcher:
        got = open_source(fetcher, url)
        if got.problem:
            return Document(id=url, url=url, problems=[got.problem])
        if not got.page:
            raise WebError(
                422,
                E.INVALID,
                f"{url} is a feed or a homepage, not a report: watch it from the sources page.",
            )
        return page_document(got.fetched, reading)


def _pasted_report(body: str, values: dict[str, str], username: str, reading: ReadOptions) -> Document:
    from tollwatch.read import read_pasted
    from tollwatch.read.inputs import url_id

    url = values["url"] or None
    if url and refuse_url(url, allow_private=True):
        raise WebError(422, E.INVALID, f"The source URL {url!r} is not an http(s) URL.")
    rid = url_id(url) if url else "pasted/" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
    doc = read_pasted(
        body,
        id=rid,
        title=values["title"] or None,
        published=values["published"] or None,
        url=url,
        options=reading,
    )
    doc.origin = f"pasted by {username}"
    return doc


def _ingest(store: Store, doc: Document) -> str:
    """Store the report (figures read, linked into an incident); its id (an older one if the
    same report was stored before)."""
    import tollwatch

    content = dedup.content_hash(doc)
    store.ingest_documents([doc], extract=partial(tollwatch.extract_document, settings=store.settings))
    with store.read() as conn:
        stored = conn.execute(select(documents.c.id).where(documents.c.content_hash == content)).scalar()
    if stored is None:
        raise WebError(
            422, E.INVALID, "The report could not be stored: " + "; ".join(p.message for p in doc.problems)
        )
    return str(stored)


# --------------------------------------------------------------------------- watched sources
@router.get("/admin/sources")
def sources_page(request: Request) -> Response:
    _admin(request)
    return _sources(request)


def _sources(request: Request, error: str | None = None, status_code: int = 200) -> Response:
    from tollwatch.watch import list_sources

    rows = list_sources(_store(request))
    return render(request, "sources.html", {"sources": rows, "error": error}, status_code=status_code)


@router.post("/admin/sources")
async def add_source(request: Request) -> Response:
    from tollwatch.watch import Watch

    form = await request.form()  # read first, as above
    user = _admin(request)
    url = text(form, "url", 2000)
    refusal = refuse_url(url, allow_private=True) if url else None
    if not url or refusal:
        message = refusal.message if refusal else "Give the URL of a feed, a sitemap, a homepage or a page."
        return _sources(request, message, 422)
    await run_in_threadpool(Watch(_store(request)).add, [url], user.username)
    return RedirectResponse("/admin/sources", status_code=303)


@router.post("/admin/sources/{source_id}/remove")
async def remove_source(request: Request, source_id: int) -> Response:
    from tollwatch.watch import Watch

    _admin(request)
    if not await run_in_threadpool(Watch(_store(request)).remove, source_id):
        raise WebError(404, E.NOT_FOUND, f"There is no watched source {source_id}.")
    return RedirectResponse("/admin/sources", status_code=303)
