"""Reports from where they live: URLs, feeds and sitemaps (as URLs or files), alongside files.

:func:`read_sources` takes what a user gives (``tollwatch extract|ingest``): an ``http(s)``
URL is fetched (:mod:`.fetch`) and read as a page, a feed or a sitemap by what it holds; a
site's homepage (a URL with no path) is read through the feeds it points to; a feed or
sitemap file (``.rss``, ``.atom``, ``.xml``, ``.json``) is read entry by entry; anything else
goes to :func:`~tollwatch.read.read_paths` (files, folders, JSON lines, WARC). A feed entry
that carries the whole article is read from the feed; the others are fetched (with the
entry's title and date). Every failure is a document with the URL and a problem, and the
batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tollwatch import errors
from tollwatch.contract import Document, Problem
from tollwatch.read.feeds import Entry, Listing, discover_feeds, parse_listing, sniff_listing
from tollwatch.read.fetch import Fetched, Fetcher, FetchOptions
from tollwatch.read.inputs import sniff, url_id
from tollwatch.read.options import ReadOptions

if TYPE_CHECKING:
    from tollwatch.workers import Workers

log = logging.getLogger("tollwatch.read")

LISTING_EXTS = (".rss", ".atom", ".xml", ".json")
#: feeds read from one homepage, sitemaps followed from one sitemap index
MAX_FEEDS = 3
MAX_SITEMAPS = 20
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")


def is_url(item: str | Path) -> bool:
    return isinstance(item, str) and item[:8].lower().startswith(("http://", "https://"))


def is_listing_file(item: str | Path) -> bool:
    name = str(item).lower().removesuffix(".gz")
    return not is_url(item) and name.endswith(LISTING_EXTS)


def is_homepage(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


@dataclass(slots=True)
class SourceRead:
    """What a source URL held: a listing (feed, sitemap), a page, or a problem."""

    fetched: Fetched
    listing: Listing | None = None
    feeds: list[str] | None = None  # a homepage's feeds
    problem: Problem | None = None

    @property
    def page(self) -> bool:
        return self.problem is None and self.listing is None and not self.feeds and self.fetched.ok


def read_sources(
    items: Iterable[str | Path],
    options: ReadOptions | None = None,
    fetch: FetchOptions | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    fetcher: Fetcher | None = None,
    then: Callable[[Document], Document] | None = None,
    workers: Workers | None = None,
) -> Iterator[Document]:
    """Documents from URLs, feed and sitemap files, and every input :func:`read_paths` reads
    (through ``fetcher`` when given, else a client made with ``fetch`` when one is needed).
    ``then`` runs on each document (the figure reader, say); files are read, and ``then`` run,
    in ``workers`` when given (see :func:`read_paths`), fetched reports in this process."""
    from tollwatch.read import read_paths

    options = options or ReadOptions()
    with ExitStack() as stack:
        files: list[str | Path] = []
        for item in [*items, None]:
            if item is not None and not is_url(item) and not is_listing_file(item):
                files.append(item)
                continue
            if files:
                yield from read_paths(files, options, progress=progress, then=then, workers=workers)
                files = []
            if item is None:
                break
            if fetcher is None:
                fetcher = stack.enter_context(Fetcher(fetch or FetchOptions(max_bytes=options.max_bytes)))
            if is_url(item):
                fetched = read_url(str(item), fetcher, options)
            else:
                fetched = read_listing_file(Path(item), fetcher, options)
            yield from (map(then, fetched) if then is not None else fetched)


def read_url(url: str, fetcher: Fetcher, options: ReadOptions, depth: int = 0) -> Iterator[Document]:
    """A page, or every entry of a feed or sitemap, or of a homepage's feeds."""
    got = open_source(fetcher, url)
    if got.problem:
        yield problem_document(url, got.problem)
    elif got.feeds:
        for feed in got.feeds[:MAX_FEEDS]:
            yield from read_url(feed, fetcher, options, depth + 1)
    elif got.listing:
        yield from read_listing(got.listing, url, fetcher, options, depth)
    elif got.page:
        yield page_document(got.fetched, options)


def open_source(
    fetcher: Fetcher, url: str, *, etag: str | None = None, last_modified: str | None = None
) -> SourceRead:
    """Fetch ``url`` and tell what it holds (a 304 is a :class:`SourceRead` with nothing new)."""
    got = fetcher.fetch(url, etag=etag, last_modified=last_modified)
    out = SourceRead(got)
    if got.problem or got.not_modified:
        out.problem = got.problem
        return out
    kind = sniff_listing(got.content, got.content_type)
    if kind:
        parsed = parse_listing(got.content, got.final_url)
        if isinstance(parsed, Problem):
            out.problem = parsed
        else:
            out.listing = parsed
        return out
    if got.content_type not in _HTML_TYPES and sniff(got.content) != "html":
        out.problem = Problem(
            errors.NOT_HTML,
            f"{url}: the server sent {got.content_type or 'something'} - not a web page, a feed or a sitemap",
        )
    elif is_homepage(got.final_url):
        out.feeds = discover_feeds(got.content, got.final_url)
        if not out.feeds:
            log.info("%s: a homepage without feeds - read as a page", url)
    return out


def read_listing(
    listing: Listing,
    origin: str,
    fetcher: Fetcher,
    options: ReadOptions,
    depth: int = 0,
    *,
    skip: Callable[[Entry], bool] | None = None,
) -> Iterator[Document]:
    """Every entry of a feed or sitemap (entries ``skip`` says were read already are not)."""
    if listing.kind == "sitemap_index":
        if depth >= 2:
            log.warning("%s: sitemap index nested too deep - not followed", origin)
            return
        for e in listing.entries[:MAX_SITEMAPS]:
            if e.link:
                yield from read_url(e.link, fetcher, options, depth + 1)
        return
    yield from (doc for _entry, doc in entry_documents(listing, origin, fetcher, options, skip=skip))


def entry_documents(
    listing: Listing,
    origin: str,
    fetcher: Fetcher,
    options: ReadOptions,
    *,
    skip: Callable[[Entry], bool] | None = None,
) -> Iterator[tuple[Entry, Document]]:
    """Each entry with its document: read from the feed's content, else fetched from its link."""
    from tollwatch.read import read_html

    todo = [e for e in listing.entries if not (skip and skip(e))]
    to_fetch = [e for e in todo if e.content is None and e.link]
    pages = fetcher.fetch_many(e.link for e in to_fetch if e.link)
    fetched = dict(zip((id(e) for e in to_fetch), pages, strict=True)) if to_fetch else {}
    for n, e in enumerate(todo, 1):
        where = f"{origin}#{n}"
        if e.content is not None:
            rid = url_id(e.link) if e.link else f"{url_id(origin)}#{n}"
            doc = read_html(
                e.content, id=rid, url=e.link, title=e.title, published=e.published, options=options
            )
            doc.origin = where
            yield e, doc
        elif e.link:
            yield e, page_document(fetched[id(e)], options, e)
        else:
            problem = Problem(errors.BAD_FEED, f"{where}: the entry has neither a link nor the article")
            yield e, problem_document(where, problem)


def read_listing_file(path: Path, fetcher: Fetcher, options: ReadOptions) -> Iterator[Document]:
    """A feed or sitemap saved as a file: its entries (fetched or read from the feed)."""
    import gzip

    origin = str(path)
    try:
        with gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb") as f:
            data = f.read(options.max_bytes + 1)
    except OSError as e:
        code = errors.NOT_FOUND if isinstance(e, FileNotFoundError) else errors.UNREADABLE
        yield problem_document(origin, Problem(code, f"{origin}: cannot be read ({e.strerror or e})"))
        return
    parsed = parse_listing(data, path.resolve().as_uri())
    if isinstance(parsed, Problem):
        parsed.message = parsed.message.replace(path.resolve().as_uri(), origin, 1)
        yield problem_document(origin, parsed)
        return
    yield from read_listing(parsed, origin, fetcher, options)


def page_document(got: Fetched, options: ReadOptions, entry: Entry | None = None) -> Document:
    """The document of a fetched page (a problem document when it could not be had)."""
    from tollwatch.read import read_html

    if got.problem:
        return problem_document(got.url, got.problem)
    if got.content_type not in _HTML_TYPES and sniff(got.content) != "html":
        return problem_document(
            got.url,
            Problem(errors.NOT_HTML, f"{got.url}: the server sent {got.content_type} - not a web page"),
        )
    doc = read_html(
        got.content,
        id=url_id(got.final_url),
        url=got.final_url,
        title=entry.title if entry else None,
        published=entry.published if entry else None,
        options=options,
    )
    doc.origin, doc.fetched, doc.http_date = got.url, got.fetched_at, got.http_date
    for p in doc.problems:
        log.warning("%s", p.message)
    return doc


def problem_document(url: str, problem: Problem) -> Document:
    log.warning("%s", problem.message)
    return Document(
        id=url_id(url) if is_url(url) else url,
        url=url if is_url(url) else None,
        origin=url,
        problems=[problem],
    )
