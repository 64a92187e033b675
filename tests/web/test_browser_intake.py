"""In a real headless Chromium: a reviewer pastes a report and sees its figures highlighted;
an admin adds a watched feed and removes it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPORT = """Flash floods swept through three villages in Sindh province overnight, killing nine people
and injuring 40, the provincial disaster management authority said on Monday.

About 2,000 people were moved to schools on higher ground near Larkana."""


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, kit: Any) -> Iterator[Any]:
    server = kit.start_server(tmp_path_factory.mktemp("intake") / "web.db")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(chromium: Any, live: Any) -> Iterator[Any]:
    context = chromium.new_context(base_url=live.url)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    pg.goto("/signup")  # the first account is the admin (an admin is a reviewer too)
    pg.fill("input[name=username]", "ada")
    pg.fill("input[name=password]", "correct horse battery staple")
    pg.fill("input[name=password2]", "correct horse battery staple")
    pg.click("button[type=submit]")
    pg.wait_for_url("**/incidents")
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_a_reviewer_pastes_a_report_and_sees_its_figures(page: Any) -> None:
    page.click("text=Add a report")
    page.wait_for_url("**/reports-new")
    page.fill("#paste-form input[name=title]", "Floods kill nine in Sindh")
    page.fill("#paste-form input[name=published]", "2026-03-09")
    page.fill("#paste-form input[name=url]", "https://news.example.org/floods")
    page.fill("#paste-form textarea[name=text]", REPORT)
    page.click("#paste-submit")
    page.wait_for_url("**/reports/news.example.org/floods")
    marks = page.locator("#field-text mark.fig")
    assert marks.count() >= 2
    texts = [marks.nth(i).inner_text() for i in range(marks.count())]
    assert any("nine" in t for t in texts) and any("40" in t for t in texts)
    # a highlight is drawn: the mark has a background of its own
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert "Floods kill nine in Sindh" in page.locator("h1").first.inner_text()


def test_an_admin_adds_a_watched_feed(page: Any) -> None:
    page.goto("/incidents")
    page.click("header nav >> text=Sources")
    page.wait_for_url("**/admin/sources")
    assert "No source is watched yet" in page.locator("#sources").inner_text()
    page.fill("#source-form input[name=url]", "https://news.example.org/feed.xml")
    page.click("#source-add")
    page.wait_for_url("**/admin/sources")
    row = page.locator("#sources tr[data-source]")
    assert row.count() == 1 and "https://news.example.org/feed.xml" in row.inner_text()
    assert "not yet" in row.inner_text() and "ada" in row.inner_text()
    row.locator("button", has_text="Remove").click()
    page.wait_for_url("**/admin/sources")
    assert page.locator("#sources tr[data-source]").count() == 0
