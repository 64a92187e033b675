"""News feeds and sitemaps: what they list, and where a site keeps them.

* RSS and Atom through feedparser (every version, with its date parsing and HTML
  sanitising); JSON Feed (``jsonfeed.org`` 1.0/1.1) read as the JSON it is.
* Sitemaps and news sitemaps (``<urlset>``, ``<sitemapindex>``, Google's ``news:`` fields)
  through lxml, with network and entity resolution off.
* Feeds of a homepage found through trafilatura's feed discovery (``<link rel=alternate>``
  and the links that look like feeds).

Each entry is an :class:`Entry`: its link, title, date and, when the feed carries the whole
article, its content (read instead of fetching the link).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from urllib.parse import urljoin

from tollwatch import errors
from tollwatch.contract import Problem

#: a feed's content is the article when it holds at least this many words
FULL_CONTENT_WORDS = 80
_FEED_TYPES = ("rss", "atom", "rdf", "xml")


@dataclass(slots=True)
class Entry:
    """One item of a feed or sitemap."""

    link: str | None
    title: str | None = None
    published: str | None = None
    content: str | None = None  # HTML (or text) of the whole article, when the feed carries it
    key: str | None = None  # the entry's own id (RSS guid, Atom id), else its link


@dataclass(slots=True)
class Listing:
    """What a feed or sitemap lists: ``kind`` is ``rss``, ``atom``, ``json_feed``, ``sitemap`` or
    ``sitemap_index`` (whose entries are sitemaps)."""

    kind: str
    title: str | None
    entries: list[Entry]


def sniff_listing(data: bytes, content_type: str = "") -> str | None:
    """``feed``, ``json_feed`` or ``sitemap`` when ``data`` is one, else ``None``."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json_feed" if b"jsonfeed.org/version" in data[:4096] else None
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
        while head.startswith((b"<!--", b"<?")):  # comments and stylesheets before the root
            end = head.find(b"-->" if head.startswith(b"<!--") else b"?>")
            head = head[end + 3 :].lstrip() if end >= 0 else b""
    low = head[:300].lower()
    if low.startswith((b"<urlset", b"<sitemapindex")):
        return "sitemap"
    if low.startswith((b"<rss", b"<feed", b"<rdf:rdf", b"<rdf")):
        return "feed"
    ctype = content_type.lower()
    if low.startswith(b"<") and any(t in ctype for t in ("rss", "atom")):
        return "feed"
    return None


def parse_listing(data: bytes, url: str) -> Listing | Problem:
    """The entries of a feed or sitemap (``url`` resolves relative links and names it)."""
    kind = sniff_listing(data)
    try:
        if kind == "json_feed":
            return _json_feed(data, url)
        if kind == "sitemap":
            return _sitemap(data, url)
        if kind == "feed":
            return _feed(data, url)
    except (ValueError, TypeError, KeyError) as e:
        return Problem(errors.BAD_FEED, f"{url}: the {kind} cannot be read ({e}) - check the file")
    return Problem(errors.BAD_FEED, f"{url}: neither a feed (RSS, Atom, JSON Feed) nor a sitemap")


def _feed(data: bytes, url: str) -> Listing | Problem:
    import feedparser

    d = feedparser.parse(data, response_headers={"content-location": url})
    if not d.entries and d.get("bozo"):
        why = d.get("bozo_exception")
        return Problem(errors.BAD_FEED, f"{url}: the feed is not well-formed ({why}) - check the file")
    entries = []
    for e in d.entries:
        link = e.get("link")
        content = None
        for c in e.get("content") or []:
            if c.get("value") and len(c["value"].split()) >= FULL_CONTENT_WORDS:
                content = c["value"]
                break
        else:
            summary = e.get("summary") or ""
            if len(summary.split()) >= FULL_CONTENT_WORDS:
                content = summary
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        entries.append(
            Entry(
                link=urljoin(url, link) if link else None,
                title=e.get("title") or None,
                published=time.strftime("%Y-%m-%dT%H:%M:%S+00:00", stamp) if stamp else None,
                content=content,
                key=e.get("id") or link,
            )
        )
    version = str(d.get("version") or "")
    return Listing("atom" if version.startswith("atom") else "rss", d.feed.get("title"), entries)


def _json_feed(data: bytes, url: str) -> Listing:
    feed = json.loads(data)
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise ValueError('a JSON Feed has an "items" list')
    entries = []
    for item in feed["items"]:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        content = item.get("content_html") or item.get("content_text")
        if content and len(str(content).split()) < FULL_CONTENT_WORDS:
            content = None
        entries.append(
            Entry(
                link=urljoin(url, str(link)) if link else None,
                title=_str(item.get("title")),
                published=_str(item.get("date_published") or item.get("date_modified")),
                content=_str(content),
                key=_str(item.get("id")) or _str(link),
            )
        )
    return Listing("json_feed", _str(feed.get("title")), entries)


def _sitemap(data: bytes, url: str) -> Listing:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    root = etree.fromstring(data, parser)
    if root is None:
        raise ValueError("no XML root")
    index = etree.QName(root).localname == "sitemapindex"
    entries = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        fields = {
            etree.QName(c).localname: (c.text or "").strip() for c in node.iter() if isinstance(c.tag, str)
        }
        loc = fields.get("loc")
        if not loc:
            continue
        entries.append(
            Entry(
                link=urljoin(url, loc),
                title=fields.get("title") or None,  # news:title
                published=fields.get("publication_date") or fields.get("lastmod") or None,
                key=urljoin(url, loc),
            )
        )
    return Listing("sitemap_index" if index else "sitemap", None, entries)


def discover_feeds(html: bytes | str, url: str) -> list[str]:
    """The feeds a homepage points to (trafilatura's discovery), absolute, in page order."""
    from courlan import get_hostinfo
    from trafilatura.feeds import FeedParameters, determine_feed
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return []
    domain, base = get_hostinfo(url)
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    params = FeedParameters(base, domain or "", url, external=False)
    return [urljoin(url, f) for f in determine_feed(text, params)]


def _str(v: object) -> str | None:
    return str(v) if v not in (None, "") else None
