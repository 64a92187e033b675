"""Feeds (RSS, Atom, JSON Feed), news sitemaps and feed discovery: files and URLs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tollwatch import errors
from tollwatch.read.feeds import discover_feeds, parse_listing, sniff_listing
from tollwatch.read.fetch import FetchOptions
from tollwatch.read.sources import read_sources

LOCAL = FetchOptions(allow_private=True, delay=0, robots=False)
FLOOD = """Flash floods swept through three villages in the north overnight, killing nine people
and leaving at least 40 injured, the disaster management agency said on Monday.

About 2,000 people were moved to schools and mosques on higher ground."""
QUAKE = """An earthquake of magnitude 6.1 shook the coastal province on Sunday, killing 14 people,
officials said. More than 200 were injured, most of them by falling masonry."""
LONG = " ".join(["Rescue teams said the search would go on through the night."] * 12)


def rss(base: str, items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><title>{t}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>{date}</pubDate><description>Short teaser.</description></item>"
        for t, path, date in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tollwire</title>{body}</channel></rss>'


def test_an_rss_feed_url_reads_each_entry_with_its_title_and_date(site: Any, article: Any) -> None:
    site.routes["/feed.xml"] = site.route(
        rss(
            site.url,
            [
                ("Floods kill nine", "/news/floods", "Mon, 09 Mar 2026 07:00:00 GMT"),
                ("Quake kills 14", "/news/quake", "Sun, 08 Mar 2026 18:30:00 GMT"),
            ],
        ),
        content_type="application/rss+xml",
    )
    site.routes["/news/floods"] = site.route(article("Floods kill nine", FLOOD, ""))
    site.routes["/news/quake"] = site.route(article("Quake kills 14", QUAKE, ""))
    docs = list(read_sources([site.url + "/feed.xml"], fetch=LOCAL))
    assert [d.title for d in docs] == ["Floods kill nine", "Quake kills 14"]
    assert [d.published for d in docs] == ["2026-03-09T07:00+00:00", "2026-03-08T18:30+00:00"]
    assert "killing nine people" in docs[0].text and docs[1].url == site.url + "/news/quake"
    assert not any(d.problems for d in docs)


def test_an_atom_feed_with_whole_articles_is_read_without_fetching(site: Any) -> None:
    content = f"<p>{QUAKE}</p><p>{LONG}</p>"
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Quake desk</title><id>urn:x</id><updated>2026-03-08T20:00:00Z</updated>"
        f'<entry><title>Quake kills 14</title><link href="{site.url}/news/quake"/><id>urn:q</id>'
        f'<updated>2026-03-08T20:00:00Z</updated><content type="html">{_escape(content)}</content></entry>'
        "</feed>"
    )
    site.routes["/atom"] = site.route(atom, content_type="application/atom+xml")
    [doc] = list(read_sources([site.url + "/atom"], fetch=LOCAL))
    assert doc.title == "Quake kills 14" and "killing 14 people" in doc.text
    assert doc.url == site.url + "/news/quake" and site.requests_to("/news/quake") == 0


def test_a_json_feed(site: Any, article: Any) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Tollwire",
        "items": [
            {"id": "1", "url": site.url + "/news/floods", "title": "Floods", "date_published": "2026-03-09"},
            {"id": "2", "title": "No link, short text", "content_text": "Too short to be the article."},
        ],
    }
    site.routes["/feed.json"] = site.route(json.dumps(feed), content_type="application/feed+json")
    site.routes["/news/floods"] = site.route(article("Floods kill nine", FLOOD))
    docs = list(read_sources([site.url + "/feed.json"], fetch=LOCAL))
    assert "killing nine people" in docs[0].text and docs[0].title == "Floods"
    assert [p.code for p in docs[1].problems] == [errors.BAD_FEED]


def test_a_news_sitemap_and_a_sitemap_index(site: Any, article: Any) -> None:
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{site.url}/news/floods</loc><news:news><news:title>Floods kill nine</news:title>"
        "<news:publication_date>2026-03-09T07:00:00Z</news:publication_date></news:news></url>"
        f"<url><loc>{site.url}/news/quake</loc><lastmod>2026-03-08</lastmod></url></urlset>"
    )
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url}/news-sitemap.xml</loc></sitemap></sitemapindex>"
    )
    site.routes["/news-sitemap.xml"] = site.route(sitemap, content_type="application/xml")
    site.routes["/sitemap.xml"] = site.route(index, content_type="application/xml")
    site.routes["/news/floods"] = site.route(article("Floods kill nine", FLOOD, ""))
    site.routes["/news/quake"] = site.route(article("Quake kills 14", QUAKE, ""))
    docs = list(read_sources([site.url + "/sitemap.xml"], fetch=LOCAL))
    assert [d.title for d in docs] == ["Floods kill nine", "Quake kills 14"]
    assert docs[0].published == "2026-03-09T07:00+00:00" and docs[1].published == "2026-03-08"


def test_a_homepage_leads_to_its_feeds(site: Any, article: Any) -> None:
    home = (
        "<html><head><title>Tollwire</title>"
        '<link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml"></head>'
        '<body><h1>Tollwire</h1><a href="/news/floods">Floods</a></body></html>'
    )
    site.routes["/"] = site.route(home)
    site.routes["/feed.xml"] = site.route(
        rss(site.url, [("Floods kill nine", "/news/floods", "Mon, 09 Mar 2026 07:00:00 GMT")]),
        content_type="application/rss+xml",
    )
    site.routes["/news/floods"] = site.route(article("Floods kill nine", FLOOD))
    assert discover_feeds(home.encode(), site.url + "/") == [site.url + "/feed.xml"]
    [doc] = list(read_sources([site.url + "/"], fetch=LOCAL))
    assert "killing nine people" in doc.text


def test_a_feed_file_on_disk(tmp_path: Path, site: Any, article: Any) -> None:
    site.routes["/news/floods"] = site.route(article("Floods kill nine", FLOOD))
    feed = tmp_path / "saved.rss"
    feed.write_text(rss(site.url, [("Floods kill nine", "/news/floods", "Mon, 09 Mar 2026 07:00:00 GMT")]))
    report = tmp_path / "report.txt"
    report.write_text(QUAKE)
    docs = list(read_sources([str(feed), str(report)], fetch=LOCAL))
    assert "killing nine people" in docs[0].text and "killing 14 people" in docs[1].text


def test_a_broken_feed_is_a_problem(tmp_path: Path) -> None:
    bad = tmp_path / "broken.rss"
    bad.write_text("<rss><channel><item><title>unclosed")
    [doc] = list(read_sources([str(bad)], fetch=LOCAL))
    assert [p.code for p in doc.problems] == [errors.BAD_FEED] and str(bad) in doc.problems[0].message


def test_sniffing_tells_feeds_from_pages() -> None:
    assert sniff_listing(b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0">') == "feed"
    assert sniff_listing(b'<feed xmlns="http://www.w3.org/2005/Atom">') == "feed"
    assert sniff_listing(b"<urlset>") == "sitemap"
    assert sniff_listing(b'{"version": "https://jsonfeed.org/version/1", "items": []}') == "json_feed"
    assert sniff_listing(b"<!doctype html><html><p>feed the cat</p>") is None
    assert sniff_listing(b'{"id": "a", "text": "a JSON lines record"}') is None
    assert not isinstance(
        parse_listing(b"<urlset><url><loc>/a</loc></url></urlset>", "http://x.test/"), Exception
    )


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
