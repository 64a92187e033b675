"""Stage 1 — reading: inputs of every form into clean :class:`~tollwatch.contract.Document` records.

    inputs.py     paths, folders, .jsonl, stdin, gzip; size, binary and encoding checks
    decode.py     bytes -> text
    html.py       web pages through trafilatura (text, title, date, site, URL)
    unicode.py    normalisation (one character for one, before anything indexes the text)
    chrome.py     the page-chrome rules (data files in tollwatch/data/chrome, validated)
    clean.py      chrome out; date line, title and its repeats, standfirst
    published.py  publication dates to ISO
    language.py   the report's language (py3langid)
    netguard.py   which URLs may be fetched (http(s), no private addresses)
    fetch.py      polite, guarded HTTP (httpx): robots.txt, rate limits, retries, size limit
    feeds.py      RSS/Atom (feedparser), JSON Feed, sitemaps, feed discovery (trafilatura)
    warc.py       web archives (.warc, .warc.gz), record by record
    sources.py    URLs, feeds and sitemaps (files or URLs) into documents

Every string of a document (``text``, ``title``, ``standfirst``) is final when it leaves
this stage: offsets computed on it later always quote it exactly. A bad input becomes a
document with its id, no text and a :class:`~tollwatch.contract.Problem`; it is logged in
one line naming the input, and the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tollwatch import errors
from tollwatch.contract import Document, Problem
from tollwatch.read.chrome import ChromeError, load_chrome
from tollwatch.read.clean import Cleaned, clean, key
from tollwatch.read.html import extract_page
from tollwatch.read.inputs import Bad, Raw, iter_inputs, planned_bytes, strip_extensions
from tollwatch.read.language import detect_language
from tollwatch.read.options import ReadOptions
from tollwatch.read.published import iso_date
from tollwatch.read.unicode import normalize, normalize_inline

if TYPE_CHECKING:
    from tollwatch.workers import Workers

__all__ = [
    "ChromeError",
    "ReadOptions",
    "planned_bytes",
    "read_html",
    "read_pasted",
    "read_paths",
    "strip_extensions",
]

log = logging.getLogger("tollwatch.read")
DEFAULT = ReadOptions()


def read_pasted(
    text: str,
    *,
    id: str = "text",
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    options: ReadOptions | None = None,
) -> Document:
    """Clean one text (pasted from a page, page chrome and all) into a document."""
    options = options or DEFAULT
    c = _clean(text, title=title, published=published, url=url, options=options)
    doc = Document(
        id=id,
        text=c.text,
        url=url,
        site=c.site,
        title=c.title,
        standfirst=c.standfirst,
        published=c.published,
    )
    doc.language = detect_language(doc.title, doc.standfirst, doc.text)
    if not doc.text:
        if text.strip():
            _problem(
                doc,
                errors.NO_TEXT,
                f"{id}: no text left after removing {len(c.removed)} line(s) of page chrome",
            )
        else:
            _problem(doc, errors.EMPTY, f"{id}: empty - nothing to read")
    return doc


def read_html(
    html: str | bytes,
    *,
    id: str = "page",
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    options: ReadOptions | None = None,
) -> Document:
    """Read a web page: main text and metadata through trafilatura, then the chrome cleaning."""
    options = options or DEFAULT
    page = extract_page(html, url=url, favor_precision=options.favor_precision)
    if page is None:
        doc = Document(id=id, url=url, title=normalize_inline(title), published=iso_date(published))
        return _problem(doc, errors.NO_TEXT, f"{id}: no article text found in the page")
    c = _clean(
        page.text,
        title=title or page.title,
        published=published or page.published,
        url=url or page.url,
        options=options,
        page=True,
    )
    standfirst = None
    desc = normalize_inline(page.description)
    if desc and len(desc.split()) >= 5 and key(desc) not in key(c.text[: 3 * len(desc) + 200]):
        standfirst = desc
    doc = Document(
        id=id,
        text=c.text,
        url=url or page.url,
        site=normalize_inline(page.site) or c.site,
        title=c.title,
        standfirst=standfirst,
        published=c.published,
    )
    doc.language = detect_language(doc.title, doc.standfirst, doc.text)
    if not doc.text:
        _problem(doc, errors.NO_TEXT, f"{id}: no article text left after removing page chrome")
    return doc


def read_paths(
    paths: Iterable[str | Path],
    options: ReadOptions | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    then: Callable[[Document], Document] | None = None,
    workers: Workers | None = None,
) -> Iterator[Document]:
    """Read files, folders (recursively), ``.jsonl`` dumps and ``-`` (stdin) into documents.

    Documents come out in input order, one at a time (a ``.jsonl`` dump is streamed).
    ``progress(n)`` is called with the bytes consumed after each document. ``then`` runs on
    each document after it is read (the figure finder, say), and ``workers`` reads (and runs
    ``then``) in several processes: the same documents come out, in the same order.
    """
    options = options or DEFAULT
    load_chrome(options.chrome_files)  # fail early on a broken rule file
    seen: dict[str, str] = {}
    work = partial(_read_item, options=options, then=then)
    items = iter_inputs(list(paths), options)
    for doc, size in workers.map(work, items) if workers is not None else map(work, items):
        if doc.id in seen:
            log.warning(
                "%s: id %r was already used by %s - records with one id are one document downstream",
                doc.origin,
                doc.id,
                seen[doc.id],
            )
        else:
            seen[doc.id] = doc.origin or ""
        if progress is not None:
            progress(size)
        yield doc


def _read_item(
    item: Raw | Bad, *, options: ReadOptions, then: Callable[[Document], Document] | None
) -> tuple[Document, int]:
    """One input read (and ``then`` run on it): the document and the input's size."""
    if isinstance(item, Bad):
        log.warning("%s", item.message)
        doc = Document(id=item.id, origin=item.origin, problems=[Problem(item.code, item.message)])
    else:
        doc = _read_raw(item, options)
    return (then(doc) if then is not None else doc), item.size


def _read_raw(raw: Raw, options: ReadOptions) -> Document:
    meta = {"id": raw.id, "title": raw.title, "published": raw.published, "url": raw.url, "options": options}
    try:
        if raw.kind == "html":
            doc = read_html(raw.content, **meta)  # type: ignore[arg-type]
        else:
            assert isinstance(raw.content, str)
            doc = read_pasted(raw.content, **meta)  # type: ignore[arg-type]
    except ChromeError:
        raise
    except Exception as e:  # a reader bug must not stop the batch: record it
        log.exception("%s: reading failed", raw.origin)
        doc = Document(
            id=raw.id, problems=[Problem(errors.UNREADABLE, f"{raw.origin}: reading failed ({e!r})")]
        )
    doc.origin = raw.origin
    doc.fetched, doc.http_date = raw.fetched, raw.http_date
    if raw.warnings and not raw.content:  # the record's own problem says it better than "empty"
        doc.problems = [p for p in doc.problems if p.code != errors.EMPTY]
    for p in doc.problems:  # messages name the input by where it came from
        p.message = (
            p.message.replace(f"{raw.id}:", f"{raw.origin}:", 1)
            if p.message.startswith(f"{raw.id}:")
            else p.message
        )
        log.warning("%s", p.message)
    for code, message in raw.warnings:
        doc.problems.append(Problem(code, message))
        log.warning("%s", message)
    return doc


def _clean(
    text: str,
    *,
    title: str | None,
    published: str | None,
    url: str | None,
    options: ReadOptions,
    page: bool = False,
) -> Cleaned:
    if options.clean:
        chrome = load_chrome(options.chrome_files)
        return clean(text, title=title, published=published, url=url, chrome=chrome, page=page)
    paragraphs = [" ".join(p.split()) for p in normalize(text).split("\n\n")]
    return Cleaned(
        text="\n\n".join(p for p in paragraphs if p),
        title=normalize_inline(title),
        published=iso_date(published),
    )


def _problem(doc: Document, code: str, message: str) -> Document:
    doc.problems.append(Problem(code, message))
    return doc
