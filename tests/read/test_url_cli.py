"""`tollwatch extract|ingest` with URLs, --urls FILE and feeds, against a site on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tollwatch.cli import app
from tollwatch.ledger import Store

QUAKE = """An earthquake of magnitude 6.1 shook the coastal province on Sunday, killing 14 people,
officials said. More than 200 were injured, most of them by falling masonry."""
LOCAL = ["--allow-private", "--delay", "0"]


def test_extract_urls_from_the_command_line_and_a_file(site: Any, article: Any, tmp_path: Path) -> None:
    site.routes["/news/quake"] = site.route(article("Quake kills 14", QUAKE))
    site.routes["/gone"] = site.route("gone", status=404)
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# the desk's list\n{site.url}/gone\n\n")
    result = CliRunner().invoke(
        app, ["extract", f"{site.url}/news/quake", "--urls", str(urls), "-f", "jsonl", *LOCAL]
    )
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1  # one input had a problem
    assert docs[0]["summary"]["killed"]["best"] == 14 and docs[0]["url"] == f"{site.url}/news/quake"
    assert docs[0]["fetched"] and docs[1]["problems"][0]["code"] == "http_404"


def test_without_allow_private_the_local_site_is_refused(site: Any, article: Any) -> None:
    site.routes["/news/quake"] = site.route(article("Quake kills 14", QUAKE))
    result = CliRunner().invoke(app, ["extract", f"{site.url}/news/quake", "-f", "jsonl"])
    assert result.exit_code == 1 and json.loads(result.stdout)["problems"][0]["code"] == "blocked_private"
    assert site.log == []


def test_ingest_a_feed_url(site: Any, article: Any, tmp_path: Path) -> None:
    site.routes["/feed.xml"] = site.route(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        f"<item><title>Quake kills 14</title><link>{site.url}/news/quake</link></item></channel></rss>",
        content_type="application/rss+xml",
    )
    site.routes["/news/quake"] = site.route(article("Quake kills 14", QUAKE))
    db = tmp_path / "t.db"
    result = CliRunner().invoke(app, ["ingest", f"{site.url}/feed.xml", "--db", str(db), *LOCAL])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        rows, total = store.list_incidents()
        (hit,) = store.search_documents("earthquake")
        doc = store.get_document(hit["id"])
    assert total == 1 and rows[0]["killed"]["best"] == 14
    assert doc is not None and doc["url"] == f"{site.url}/news/quake"
    assert doc["fetched"][:4].isdigit() and doc["http_date"][:4].isdigit()  # kept in the store, ISO


def test_no_input_at_all_is_a_usage_error() -> None:
    assert CliRunner().invoke(app, ["extract"]).exit_code == 2
