"""The dashboard takes reports (pasted, or by URL) and an admin keeps the watched sources."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tollwatch.ledger import Store
from tollwatch.watch import list_sources

REPORT = """Flash floods swept through three villages in Sindh province overnight, killing nine people
and injuring 40, the provincial disaster management authority said on Monday.

About 2,000 people were moved to schools on higher ground near Larkana."""
FRENCH = """Au moins douze personnes ont été tuées et une trentaine blessées lors d'une explosion sur un
marché de Bamako, selon le ministère de la Sécurité."""


@pytest.fixture
def private_server(tmp_path: Path, kit: Any) -> Iterator[Any]:
    live = kit.start_server(tmp_path / "web.db", allow_private=True)
    yield live
    live.stop()


def test_a_reviewer_pastes_a_report_and_lands_on_its_highlighted_figures(
    admin_client: Any, server: Any
) -> None:
    r = admin_client.form(
        "/reports-new",
        "/reports-new",
        {"text": REPORT, "title": "Floods kill nine in Sindh", "published": "2026-03-09", "url": ""},
    )
    assert r.status_code == 200 and "/reports/pasted/" in str(r.url)
    marks = re.findall(r'<mark class="fig[^>]*>.*?</mark>', r.text, re.S)
    assert any("nine" in m for m in marks) and any("40" in m for m in marks)
    with Store(server.db_url) as store:
        rows, total = store.list_incidents()
    assert total == 1 and rows[0]["killed"]["best"] == 9
    again = admin_client.form(
        "/reports-new", "/reports-new", {"text": REPORT, "title": "Floods kill nine in Sindh"}
    )
    assert str(again.url) == str(r.url)  # the same report is the one already stored


def test_hostile_text_is_shown_as_text(admin_client: Any) -> None:
    hostile = REPORT + '\n\n<script>alert("x")</script><img src=x onerror=alert(1)>'
    r = admin_client.form("/reports-new", "/reports-new", {"text": hostile, "title": "<b>Floods</b>"})
    assert r.status_code == 200 and "<script>alert" not in r.text and "&lt;script&gt;" in r.text


def test_a_report_in_another_language_is_stored_and_flagged(admin_client: Any) -> None:
    r = admin_client.form("/reports-new", "/reports-new", {"text": FRENCH, "title": "Explosion à Bamako"})
    assert r.status_code == 200 and "<code>language</code>" in r.text and "cannot read yet" in r.text


def test_a_viewer_cannot_add_reports(server: Any, admin_client: Any, kit: Any) -> None:
    with closing(kit.make_user(server, admin_client, "vic", "viewer")) as viewer:
        token = viewer.csrf("/incidents")
        assert viewer.get("/reports-new").status_code == 403
        assert viewer.post("/reports-new", data={"text": REPORT, "csrf_token": token}).status_code == 403
        assert viewer.get("/admin/sources").status_code == 403


def test_an_empty_form_says_what_is_missing(admin_client: Any) -> None:
    r = admin_client.form("/reports-new", "/reports-new", {"text": "  "})
    assert r.status_code == 422 and "Paste the report" in r.text


def test_a_report_by_url(private_server: Any, site: Any, article: Any, kit: Any) -> None:
    site.routes["/news/floods"] = site.route(article("Floods kill nine", REPORT))
    with kit.client(private_server) as c:
        c.signup("ada")
        r = c.form("/reports-new", "/reports-new", {"fetch_url": site.url + "/news/floods"})
        assert r.status_code == 200 and "/reports/127.0.0.1" in str(r.url)
        assert "Floods kill nine" in r.text and '<mark class="fig' in r.text
        gone = c.form("/reports-new", "/reports-new", {"fetch_url": site.url + "/missing"})
        assert gone.status_code == 422 and "HTTP 404" in gone.text


def test_a_url_on_the_servers_own_network_is_refused(admin_client: Any, site: Any, server: Any) -> None:
    r = admin_client.form("/reports-new", "/reports-new", {"fetch_url": site.url + "/news"})
    assert r.status_code == 422 and "loopback" in r.text and site.log == []
    meta = admin_client.form("/reports-new", "/reports-new", {"fetch_url": "http://169.254.169.254/latest/"})
    assert meta.status_code == 422 and "metadata" in meta.text
    with Store(server.db_url) as store:
        assert store.list_incidents()[1] == 0


def test_an_admin_adds_and_removes_a_watched_source(admin_client: Any, server: Any) -> None:
    r = admin_client.form("/admin/sources", "/admin/sources", {"url": "https://news.example.org/feed.xml"})
    assert r.status_code == 200 and "https://news.example.org/feed.xml" in r.text and "not yet" in r.text
    bad = admin_client.form("/admin/sources", "/admin/sources", {"url": "file:///etc/passwd"})
    assert bad.status_code == 422 and "http and https" in bad.text
    with Store(server.db_url) as store:
        [row] = list_sources(store)
    assert row["added_by"] == "ada"
    gone = admin_client.form("/admin/sources", f"/admin/sources/{row['id']}/remove", {})
    assert gone.status_code == 200 and "No source is watched yet" in gone.text
    with Store(server.db_url) as store:
        assert list_sources(store) == []


def test_a_reviewer_is_not_an_admin_of_sources(server: Any, admin_client: Any, kit: Any) -> None:
    with closing(kit.make_user(server, admin_client, "rita", "reviewer")) as rev:
        r = rev.form("/reports-new", "/admin/sources", {"url": "https://x.example/f"})
        assert r.status_code == 403 and rev.get("/admin/sources").status_code == 403
