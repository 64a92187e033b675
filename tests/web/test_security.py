"""Hostile reports render inert; roles hold on every review path.

A report's title, text, site, url, sources, groups and places are attacker-controlled.
The browser test opens every page that shows them with a dialog handler that records any
dialog, and checks the DOM for injected elements and handlers (the Content-Security-Policy
would also block inline script: the DOM check catches escaping bugs the CSP would hide).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tollwatch.contract import Count, Document, Evidence, Figure, Place, Source, Summary
from tollwatch.ledger import Store

TITLE = 'Blast kills 3 <script>alert("title")</script><img src=x onerror=alert(1)>'
STANDFIRST = '"><svg onload=alert(2)> at least 3 dead'
TEXT = (
    "Police said <script>alert(3)</script> 3 people were killed in the blast. "
    '<img src=x onerror="alert(4)"> Witnesses saw <a href="javascript:alert(5)">this</a>. '
    "Another line: onerror=alert(6) and javascript:alert(7) and </mark></div><script>alert(8)</script>."
)
HOSTILE_TAG = "<img src=x onerror=alert(14)>"
HOSTILE_PLACE = Place("<img src=x onerror=alert(12)>Town", None, "US", 39.1, -94.6)


def hostile_document() -> Document:
    def span(words: str) -> Evidence:
        start = TEXT.index(words)
        return Evidence(start, start + len(words), words)

    killed = Figure(
        outcome="killed",
        category="unspecified",
        group="<script>alert(11)</script>people",
        count=Count(3, 3, 3, "exact", "3"),
        evidence=span("3 people were killed"),
        source=Source("<img src=x onerror=alert(10)>", "police", "Police said"),
        as_of="2024-05-02",
        place=HOSTILE_PLACE,
    )
    overlapping = Figure(
        outcome="injured",
        category="unspecified",
        group="people",
        count=Count(1, 1, 1, "exact", "<script>"),
        evidence=span("<script>alert(3)</script> 3 people"),
    )
    tail = Figure(
        outcome="missing",
        category="unspecified",
        group="x",
        count=Count(2, 2, 2, "exact", "2"),
        evidence=span("</mark></div><script>alert(8)</script>"),
    )
    in_title = Figure(
        outcome="killed",
        category="unspecified",
        group="",
        count=Count(3, 3, 3, "exact", "3"),
        evidence=Evidence(0, len("Blast kills 3 <script>"), "Blast kills 3 <script>", "title"),
    )
    doc = Document(
        id="hostile-1",
        text=TEXT,
        url="javascript:alert(9)",
        site='<b onmouseover="alert(13)">evil.example</b>',
        title=TITLE,
        standfirst=STANDFIRST,
        published="2024-05-02",
        figures=[killed, overlapping, tail, in_title],
        summary=Summary(when="2024-05-02", where=HOSTILE_PLACE, killed=Count(3, 3, 3, "exact", "3")),
    )
    doc.check()
    return doc


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hostile(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, kit: Any, databases: Any
) -> Iterator[Any]:
    live = kit.start_server(
        databases(request.param, tmp_path_factory.mktemp("hostile") / "web.db", shared=False)
    )
    with Store(live.db_url) as store:
        store.ingest_documents([hostile_document()])
    yield live
    live.stop()


def admin_session(c: Any) -> None:
    """Sign in as the module's admin (signing it up if no test has yet)."""
    if c.signin("ada").status_code != 200:
        assert c.signup("ada").status_code == 200


@pytest.mark.browser
def test_hostile_report_renders_inert_in_the_browser(chromium: Any, hostile: Any) -> None:
    context = chromium.new_context(base_url=hostile.url)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("/signup")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "correct horse battery staple")
    page.fill("input[name=password2]", "correct horse battery staple")
    page.click("button[type=submit]")
    page.wait_for_url("**/incidents")
    incident = page.request.get("/api/incidents").json()["items"][0]["id"]
    figure = page.request.get("/api/documents/hostile-1").json()["figures"][0]["id"]
    # tags and reasons are typed by people, and as hostile as reports
    page.goto(f"/incidents/{incident}")
    page.fill("input[name=tag]", HOSTILE_TAG)
    with page.expect_navigation():
        page.click("form[action$='/tags'] button[type=submit]")
    with page.expect_navigation():
        page.click("#bookmark")
    last = page.request.get("/api/documents/hostile-1").json()["figures"][-1]["id"]
    page.goto(f"/reports/hostile-1#fig-{last}")
    card = page.locator(f"#fig-{last}")
    card.locator("details.review summary").click()
    card.locator(".confirm-form input[name=reason]").fill('"><script>alert(15)</script>')
    with page.expect_navigation():
        card.locator(".confirm-form button[type=submit]").click()
    pages = [
        "/incidents",
        "/incidents?q=blast",
        f"/incidents/{incident}",
        "/reports/hostile-1",
        f"/figures/{figure}",
        "/bookmarks",
        f"/tags/{quote(HOSTILE_TAG.lower(), safe='')}",
        "/incidents?q=%3Cscript%3Ealert(16)%3C%2Fscript%3E",
    ]
    for path in pages:
        page.goto(path)
        page.wait_for_load_state("load")
        if page.locator(".map[data-map]").count():
            page.wait_for_selector(".map[data-ready]")
            marker = page.locator(".map path.leaflet-interactive").first
            if marker.count():
                marker.hover()  # the tooltip shows the hostile place name
        for mark in page.locator("mark.fig").all()[:6]:
            mark.hover()
            mark.click()
        for number in page.locator("#tally summary, .stat .v summary").all()[:6]:
            number.hover()
            number.click()  # the figures a number rests on: their words and sources
        injected = page.evaluate(
            """() => ({
                inlineScripts: [...document.querySelectorAll('script')].filter(s => !s.src).length,
                handlers: document.querySelectorAll('[onerror],[onload],[onmouseover],[onclick]').length,
                images: document.querySelectorAll('img[src="x"], svg[onload]').length,
                jsLinks: [...document.querySelectorAll('a[href]')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
                bolds: document.querySelectorAll('b[onmouseover]').length,
            })"""
        )
        assert injected == {"inlineScripts": 0, "handlers": 0, "images": 0, "jsLinks": 0, "bolds": 0}, path
    # the payloads are shown as the words they are
    page.goto("/reports/hostile-1")
    assert page.locator("#field-text").inner_text() == TEXT
    assert page.locator("#field-title").inner_text() == TITLE
    assert page.locator("#original-link").count() == 0  # a javascript: url is not a link
    page.goto(f"/incidents/{incident}")
    assert TITLE.split(" <")[0] in page.locator("#incident-title").inner_text()
    assert not dialogs, f"a dialog fired: {dialogs}"
    context.close()


def test_hostile_report_is_escaped_in_the_html(hostile: Any, kit: Any) -> None:
    with kit.client(hostile) as c:
        admin_session(c)
        html = c.get("/reports/hostile-1").text
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
        assert "&lt;img src=x onerror=&#34;alert(4)&#34;&gt;" in html
        assert 'href="javascript:' not in html
        csv = c.get("/reports/hostile-1?format=csv").text
        assert "<script>" in csv  # data is data in a download


# --------------------------------------------------------------------------- roles


def test_viewer_cannot_review_reviewer_can(hostile: Any, kit: Any) -> None:
    with kit.client(hostile) as admin:
        admin_session(admin)
        fig = admin.get("/api/documents/hostile-1").json()["figures"][0]["id"]
        viewer = kit.make_user(hostile, admin, "vic", "viewer")
        reviewer = kit.make_user(hostile, admin, "rae", "reviewer")
        try:
            token = viewer.csrf()
            for path, data in [
                (f"/review/figures/{fig}/confirm", {}),
                (f"/review/figures/{fig}/reject", {"reason": "no"}),
                (f"/review/figures/{fig}/correct", {"reason": "no", "count_best": "9"}),
                (
                    "/review/add-figure",
                    {"document_id": "hostile-1", "start": "0", "end": "6", "count_best": "1"},
                ),
                ("/review/move-report", {"document_id": "hostile-1", "incident": "new", "reason": "no"}),
                ("/review/incidents/1/merge", {"others": "2", "reason": "no"}),
            ]:
                r = viewer.post(path, data={**data, "csrf_token": token})
                assert r.status_code == 403, path
                assert "needs the reviewer role" in r.text
            # the viewer's page shows no review forms
            assert "Review this figure" not in viewer.get("/reports/hostile-1").text
            assert "Review this figure" in reviewer.get("/reports/hostile-1").text
            # the API with a viewer's token refuses too
            page = viewer.form("/account", "/account/tokens", {"name": "t"}).text
            secret = page.split('id="new-token">')[1].split("<")[0]
            with httpx.Client(base_url=hostile.url, headers={"Authorization": f"Bearer {secret}"}) as api:
                r = api.post(f"/api/figures/{fig}/confirm", json={"reason": ""})
                assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
                assert api.get(f"/api/figures/{fig}").json()["review_status"] == "unreviewed"
            # a reviewer's confirmation goes through and is recorded with their name
            r = reviewer.post(
                f"/review/figures/{fig}/confirm", data={"csrf_token": reviewer.csrf(), "reason": "checked"}
            )
            assert r.status_code == 200
            history = admin.get(f"/api/figures/{fig}").json()["history"]
            assert [(h["actor"], h["action"], h["reason"]) for h in history] == [
                ("rae", "confirm_figure", "checked")
            ]
        finally:
            viewer.close()
            reviewer.close()


@pytest.mark.browser
def test_a_form_on_another_site_cannot_act_for_a_signed_in_user(
    chromium: Any, hostile: Any, kit: Any
) -> None:
    """The other site here is another port of 127.0.0.1: the *same site* for cookies, so the
    session cookie is sent along — the CSRF token and the Origin check are what refuse it."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    evil_page = (
        f'<form method="post" action="{hostile.url}/account/tokens">'
        '<input name="name" value="planted-by-evil"><button id="go">go</button></form>'
    ).encode()

    class Evil(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.end_headers()
            self.wfile.write(evil_page)

        def log_message(self, *args: Any) -> None:
            pass

    evil = ThreadingHTTPServer(("127.0.0.1", 0), Evil)
    thread = threading.Thread(target=evil.serve_forever, daemon=True)
    thread.start()
    context = chromium.new_context(base_url=hostile.url)
    try:
        page = context.new_page()
        page.goto("/signin")
        page.fill("input[name=username]", "ada")
        page.fill("input[name=password]", kit.PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        if "/signin" in page.url:  # no admin yet in this module's store: sign up
            page.goto("/signup")
            page.fill("input[name=username]", "ada")
            page.fill("input[name=password]", kit.PASSWORD)
            page.fill("input[name=password2]", kit.PASSWORD)
            page.click("button[type=submit]")
        page.wait_for_url("**/incidents")
        page.goto(f"http://127.0.0.1:{evil.server_address[1]}/")
        with page.expect_response(f"{hostile.url}/account/tokens") as response:
            page.click("#go")
        assert response.value.status == 403
        assert "refused" in page.content() or "security token" in page.content()
        page.goto("/account")
        assert "planted-by-evil" not in page.content()
    finally:
        context.close()
        evil.shutdown()
        evil.server_close()
        thread.join(timeout=5)
