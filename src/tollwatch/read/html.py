"""Web pages: main text and metadata (title, date, site, URL, description) through trafilatura."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("tollwatch.read")


@dataclass(slots=True)
class Page:
    """What trafilatura read out of a page; ``text`` has one paragraph a line."""

    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD (htmldate)
    site: str | None = None
    url: str | None = None
    description: str | None = None


@functools.lru_cache(maxsize=4)
def _extractor(favor_precision: bool) -> Any:
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="python", precision=favor_precision, with_metadata=True, comments=False, tables=True
    )


def extract_page(html: str | bytes, *, url: str | None = None, favor_precision: bool = True) -> Page | None:
    """The page's main text and metadata, or ``None`` when trafilatura finds no article text."""
    import trafilatura

    options = _extractor(favor_precision)
    if url:  # the options object carries the URL: make a copy for this page
        from copy import copy

        options = copy(options)
        options.url = url
        options.source = url
    try:
        doc = trafilatura.bare_extraction(html, url=url, options=options)
    except Exception as e:  # trafilatura raises various errors on broken markup
        log.debug("trafilatura failed: %s", e)
        return None
    if doc is None:
        return None
    d = doc if isinstance(doc, dict) else doc.as_dict()
    text = d.get("text") or ""
    if not text.strip():
        return None
    return Page(
        text=text,
        title=d.get("title"),
        published=d.get("date"),
        site=d.get("sitename"),
        url=d.get("url") or url,
        description=d.get("description"),
    )
