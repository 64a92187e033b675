"""The dashboard in a real browser (Debian's headless Chromium driven by Playwright),
against a server on 127.0.0.1 over a temp store:

sign up as the admin, ingest the sample crisis, open its incident, read the tally, add a
figure by selecting its words, correct it and see the tally and the history change, reject
figures, download the CSV and check it; and every report highlights each of its figures at
the right words. The assertions are about behaviour that holds whatever the figure finder
reads (the tally moves by exactly the correction made; each figure's highlight is its
evidence), not about how many figures it finds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tollwatch.ledger import Store

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "crisis"
#: Outcomes the test adds its own figure with: the first one the incident has no tally for.
SPARE_OUTCOMES = ("missing", "displaced", "affected", "detained", "participants")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, kit: Any) -> Iterator[Any]:
    server = kit.start_server(tmp_path_factory.mktemp("browser") / "web.db")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(chromium: Any, live: Any) -> Iterator[Any]:
    context = chromium.new_context(base_url=live.url, accept_downloads=True)
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # the Content-Security-Policy must never have to block anything our own pages do
    pg.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    # nothing comes from a CDN, a tile server or any other origin: every asset ships
    foreign: list[str] = []
    context.on(
        "request",
        lambda r: None if r.url.startswith((f"{live.url}/", "data:", "blob:")) else foreign.append(r.url),
    )
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    pg.js_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not dialogs, f"a dialog fired: {dialogs}"
    assert not errors, f"JavaScript errors: {errors}"
    assert not foreign, f"requests to another origin: {foreign}"


def tally_cell(page: Any, outcome: str, what: str = "best") -> str | None:
    row = page.locator(f'#tally tr[data-outcome="{outcome}"][data-category="total"]')
    if row.count() == 0:
        return None
    number = row.locator(f"td.{what} summary")
    return number.first.inner_text().strip() if number.count() else "–"


def test_review_workflow_in_the_browser(page: Any, live: Any) -> None:
    # 1. sign up: the first account is the admin
    page.goto("/signup")
    assert "first account" in page.content()
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "correct horse battery staple")
    page.fill("input[name=password2]", "correct horse battery staple")
    page.click("button[type=submit]")
    page.wait_for_url("**/incidents")
    assert page.locator(".who .pill").inner_text() == "admin"

    # 2. ingest the sample crisis into the server's store
    with Store(live.db_url) as store:
        summary = store.ingest([str(SAMPLES)])
    assert summary.new >= 8

    # 3. the list shows the incidents; open the one with the most reports
    page.goto("/incidents?sort=reports")
    rows = page.locator("#incidents tbody tr[data-incident]")
    assert rows.count() >= 1
    heading = page.locator("h1").first.inner_text()
    assert heading.startswith(f"{rows.count()} incident")
    rows.first.locator("td.title a").click()
    page.wait_for_url("**/incidents/*")
    incident_url = page.url
    incident_id = incident_url.rsplit("/", 1)[1]
    assert page.locator("#reports li").count() >= 1

    # 4. read the tally; pick an outcome it has no figure for, for a figure of our own
    present = set(
        page.locator("#tally tr[data-outcome]").evaluate_all("rs => rs.map(r => r.dataset.outcome)")
    )
    spare = next(o for o in SPARE_OUTCOMES if o not in present)
    assert tally_cell(page, spare) is None

    # 5. on a report of the incident, select words in the text: the add-figure form fills in
    page.locator("#reports a[href^='/reports/']").first.click()
    page.wait_for_url("**/reports/**")
    report_url = page.url
    doc_id = report_url.split("/reports/", 1)[1].split("#")[0]
    doc = page.request.get(f"/api/documents/{doc_id}").json()
    text = doc["text"]
    start = text.index(" ") + 1  # the second word onwards: a span that does not start at 0
    end = min(len(text), start + 24)
    selected = page.evaluate(
        """([start, end]) => {
            const box = document.getElementById('field-text');
            function point(offset) {
              for (const seg of box.querySelectorAll('[data-o]')) {
                const o = parseInt(seg.dataset.o, 10), len = seg.textContent.length;
                if (offset >= o && offset <= o + len) {
                  const walker = document.createTreeWalker(seg, NodeFilter.SHOW_TEXT);
                  let pos = o, t;
                  while ((t = walker.nextNode())) {
                    if (offset <= pos + t.textContent.length) return [t, offset - pos];
                    pos += t.textContent.length;
                  }
                }
              }
            }
            const [sn, so] = point(start), [en, eo] = point(end);
            const range = document.createRange();
            range.setStart(sn, so); range.setEnd(en, eo);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
            document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            return String(sel);
        }""",
        [start, end],
    )
    assert selected == text[start:end]
    form = page.locator("#add-figure")
    assert form.locator("input[name=start]").input_value() == str(start)
    assert form.locator("input[name=end]").input_value() == str(end)
    assert page.locator("#add-selection").inner_text().strip() == text[start:end].strip()
    form.locator("select[name=outcome]").select_option(spare)
    form.locator("input[name=count_best]").fill("4")
    form.locator("input[name=count_text]").fill("four")
    form.locator("input[name=reason]").fill("the extractor missed it")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    doc = page.request.get(f"/api/documents/{doc_id}").json()
    ours = next(f for f in doc["figures"] if f["review_status"] == "added")
    fid = ours["id"]
    assert ours["evidence"] == {"start": start, "end": end, "text": text[start:end], "field": "text"}
    marks = page.locator(f'#field-text mark.fig[data-figs~="{fid}"]')
    assert "".join(marks.all_inner_texts()) == text[start:end]
    assert page.locator(f"#fig-{fid} .pill").first.inner_text() == "added"

    # 6. the incident's tally now has the figure: exactly 4
    page.goto(incident_url)
    assert tally_cell(page, spare) == "4"
    assert page.locator('#history li[data-action="add_figure"]').count() == 1

    # 7. correct it (4 -> 7) on the report page: the tally moves by exactly that, history says so
    page.goto(f"{report_url.split('#')[0]}#fig-{fid}")
    card = page.locator(f"#fig-{fid}")
    card.locator("details.review summary").click()
    card.locator(".correct-form input[name=count_best]").fill("7")
    card.locator(".correct-form input[name=count_text]").fill("seven")
    card.locator(".correct-form input[name=reason]").fill("recounted from the list of names")
    with page.expect_navigation():
        card.locator(".correct-form button[type=submit]").click()
    page.goto(incident_url)
    assert tally_cell(page, spare) == "7"
    entry = page.locator('#history li[data-action="correct_figure"]')
    assert entry.count() == 1
    assert "ada" in entry.inner_text()  # who
    logged = page.request.get(f"/api/incidents/{incident_id}/history").json()["items"]
    at = next(h["at"] for h in logged if h["action"] == "correct_figure")
    assert at[:16].replace("T", " ") in entry.inner_text()  # when
    assert "count: four [4] → seven [7]" in entry.inner_text()  # before → after
    assert "recounted from the list of names" in entry.inner_text()  # why

    # 7b. correct a figure the machine read: move it to another outcome the incident had no
    #     figure for; that outcome's tally is then exactly the figure's count
    countable = [
        f
        for f in doc["figures"]
        if f["review_status"] == "unreviewed" and not f["undisclosed"] and f["count"]["best"] is not None
    ]
    if countable and not doc.get("duplicate_of"):
        machine_fig = countable[0]
        other = next(o for o in SPARE_OUTCOMES if o not in present and o != spare)
        page.goto(f"/reports/{doc_id}#fig-{machine_fig['id']}")
        card = page.locator(f"#fig-{machine_fig['id']}")
        card.locator("details.review summary").click()
        card.locator(".correct-form select[name=outcome]").select_option(other)
        card.locator(".correct-form input[name=reason]").fill("the text is about the missing")
        with page.expect_navigation():
            card.locator(".correct-form button[type=submit]").click()
        assert page.locator(f"#fig-{machine_fig['id']} .pill").first.inner_text() == "corrected"
        page.goto(incident_url)
        assert tally_cell(page, other) == f"{machine_fig['count']['best']:,}"
        moved = page.locator('#history li[data-action="correct_figure"]').first.inner_text()
        assert f"outcome: {machine_fig['outcome']} → {other}" in moved

    # 8. reject a figure the machine read (if it read any), and ours: our outcome leaves the tally
    doc = page.request.get(f"/api/documents/{doc_id}").json()
    machine = [f for f in doc["figures"] if f["review_status"] == "unreviewed"]
    for target in [*machine[:1], ours]:
        page.goto(f"/reports/{doc_id}#fig-{target['id']}")
        card = page.locator(f"#fig-{target['id']}")
        card.locator("details.review summary").click()
        card.locator(".reject-form input[name=reason]").fill("not this incident's toll")
        with page.expect_navigation():
            card.locator(".reject-form button[type=submit]").click()
        assert page.locator(f"#fig-{target['id']} .pill").first.inner_text() == "rejected"
    page.goto(incident_url)
    assert tally_cell(page, spare) is None
    assert page.locator('#history li[data-action="reject_figure"]').count() == len(machine[:1]) + 1

    # 9. download the ledger CSV: the reviewed values are in it
    with page.expect_download() as info:
        page.click("#dl-ledger")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    by_id = {r["id"]: r for r in rows}
    mine = by_id[str(fid)]
    assert (mine["outcome"], mine["count_best"], mine["count_text"], mine["review_status"]) == (
        spare,
        "7",
        "seven",
        "rejected",
    )
    assert mine["evidence_text"] == text[start:end]
    assert mine["incident_id"] == incident_id
    for m in machine[:1]:
        assert by_id[str(m["id"])]["review_status"] == "rejected"
    api = page.request.get(f"/api/incidents/{incident_id}").json()
    assert len(rows) == len(api["figures"])
    with page.expect_download() as info:
        page.click("#dl-tally")
    tally_rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert spare not in {r["outcome"] for r in tally_rows}
    assert {(r["outcome"], r["category"], r["best"]) for r in tally_rows} == {
        (t["outcome"], t["category"], "" if t["best"] is None else str(t["best"])) for t in api["tallies"]
    }


def test_every_report_highlights_each_figure_at_its_words(page: Any, live: Any) -> None:
    docs = page.request.get("/api/documents?limit=200").json()["items"]
    assert len(docs) >= 8
    checked = 0
    for d in docs:
        doc = page.request.get(f"/api/documents/{d['id']}").json()
        page.goto(f"/reports/{d['id']}")
        for f in doc["figures"]:
            ev = f["evidence"]
            marks = page.locator(f'#field-{ev["field"]} mark.fig[data-figs~="{f["id"]}"]')
            assert "".join(marks.all_inner_texts()) == ev["text"], (d["id"], f["id"])
            assert marks.first.get_attribute("data-o") == str(ev["start"])
            checked += 1
        # the page's text is the document's text, character for character
        assert page.locator("#field-text").inner_text() == doc["text"]
    assert checked == sum(len(page.request.get(f"/api/documents/{d['id']}").json()["figures"]) for d in docs)


def test_clicking_a_figure_in_the_text_shows_its_card(page: Any, live: Any) -> None:
    docs = page.request.get("/api/documents?limit=200").json()["items"]
    doc = next(
        (x for d in docs if (x := page.request.get(f"/api/documents/{d['id']}").json())["figures"]), None
    )
    if doc is None:
        pytest.skip("the figure finder read no figures from the samples")
    page.goto(f"/reports/{doc['id']}")
    f = doc["figures"][-1]
    page.locator(f'mark.fig[data-figs~="{f["id"]}"]').first.click()
    card = page.locator(f"#fig-{f['id']}")
    assert "active" in (card.get_attribute("class") or "")
    assert card.locator(".ev q").inner_text() == f["evidence"]["text"]


def test_incident_page_draws_its_map_and_timeline(page: Any, live: Any) -> None:
    rows = page.request.get("/api/incidents?sort=reports").json()["items"]
    located = next((r for r in rows if r["where"] and r["where"]["lat"] is not None), None)
    if located is None:
        pytest.skip("no incident has coordinates")
    page.goto(f"/incidents/{located['id']}")
    page.wait_for_selector("#incident-map[data-ready]")
    circles = page.locator("#incident-map path.leaflet-interactive").count()
    assert (
        circles >= 1 and circles == page.locator("#map-points li").count()
    )  # the incident + its figures' places
    assert page.locator("#incident-map svg path").count() > 50  # the basemap's countries
    page.goto("/incidents")
    page.wait_for_selector("#list-map[data-ready]")
    features = page.request.get("/incidents?format=geojson").json()["features"]
    placed = [f for f in features if f["geometry"]]
    # every incident the filters match, not only the page's rows: singles plus clusters' counts
    assert page.locator("#list-map").get_attribute("data-points-drawn") == str(len(placed))
    singles = page.locator("#list-map path.leaflet-interactive").count()
    grouped = sum(int(t) for t in page.locator("#list-map .map-cluster").all_inner_texts())
    assert singles + grouped == len(placed)


OUTCOMES_IN_ORDER = ("killed", "injured", "missing", "displaced", "detained")


def chart_of(page: Any, incident: int | str) -> dict[str, Any]:
    """The incident page's chart: its panels' outcomes, and every legend and panel box
    against the card's box (in CSS pixels)."""
    page.goto(f"/incidents/{incident}")
    page.wait_for_selector("#timeline[data-ready]")
    return dict(
        page.evaluate(
            """() => {
              const card = document.querySelector('#timeline-card').getBoundingClientRect();
              const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
              return {
                card: box(card),
                outcomes: [...document.querySelectorAll('#timeline g.panel')].map(g => g.dataset.outcome),
                legends: [...document.querySelectorAll('#timeline g.legend-item')].map(g => box(g.getBoundingClientRect())),
                panels: [...document.querySelectorAll('#timeline g.panel')].map(g => box(g.getBoundingClientRect())),
                currents: [...document.querySelectorAll('#timeline g.panel text.current')].map(t => t.textContent),
                svgWidth: document.querySelector('#timeline svg').getBoundingClientRect().width,
              };
            }"""
        )
    )


def inside(box: dict[str, float], card: dict[str, float]) -> bool:
    return box["left"] >= card["left"] - 0.5 and box["right"] <= card["right"] + 0.5


def test_a_large_incident_pages_its_reports_and_ledger_but_keeps_its_tally_whole(
    page: Any, live: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tollwatch.web import views

    # pages of 2 reports and 3 ledger rows, so the sample crisis is "large"
    monkeypatch.setattr(views, "REPORTS_PER_PAGE", 2)
    monkeypatch.setattr(views, "LEDGER_ROWS_PER_PAGE", 3)
    top = page.request.get("/api/incidents?sort=reports").json()["items"][0]
    inc = page.request.get(f"/api/incidents/{top['id']}").json()
    assert len(inc["documents"]) >= 3 and len(inc["figures"]) >= 4
    page.goto(f"/incidents/{top['id']}")
    tally = page.locator("#tally").inner_text()
    seen: list[str] = []
    while True:  # every report, two at a time, by the pager's "next" link
        links = page.locator("#reports > li > a:first-child")
        assert 1 <= links.count() <= 2
        seen += [
            (links.nth(i).get_attribute("href") or "").removeprefix("/reports/") for i in range(links.count())
        ]
        assert page.locator("#tally").inner_text() == tally  # the tally stays whole on every page
        assert page.locator("#timeline").count() == 1
        nxt = page.locator("#report-pages a[rel=next]")
        if nxt.count() == 0:
            break
        nxt.click()
        page.wait_for_load_state()
    from urllib.parse import unquote

    assert sorted(unquote(s) for s in seen) == sorted(inc["documents"])
    assert "page " in page.locator("#report-pages").inner_text()
    # the ledger pages on its own, and keeps the reports' page
    rows_before = page.locator("#ledger tbody tr[data-figure]").evaluate_all(
        "rs => rs.map(r => r.dataset.figure)"
    )
    assert len(rows_before) == 3
    page.locator("#ledger-pages a[rel=next]").click()
    page.wait_for_load_state()
    assert "figures=2" in page.url and "reports=" in page.url
    rows_after = page.locator("#ledger tbody tr[data-figure]").evaluate_all(
        "rs => rs.map(r => r.dataset.figure)"
    )
    assert rows_after and not set(rows_after) & set(rows_before)
    page.locator("#ledger-pages a[rel=prev]").click()
    page.wait_for_load_state()
    assert "figures=" not in page.url


@pytest.mark.parametrize("width", [1360, 390], ids=["desktop", "phone"])
def test_the_timeline_has_a_panel_per_outcome_and_nothing_overflows_its_card(
    chromium: Any, live: Any, page: Any, width: int
) -> None:
    context = chromium.new_context(base_url=live.url, viewport={"width": width, "height": 900})
    context.add_cookies(page.context.cookies())
    pg = context.new_page()
    try:
        for row in live_incidents(page):
            series = page.request.get(f"/api/incidents/{row['id']}/timeline").json()["series"]
            if not series:
                continue
            present = {s["outcome"] for s in series}
            chart = chart_of(pg, row["id"])
            # one panel per outcome present, the toll's outcomes first in their usual order
            assert sorted(chart["outcomes"]) == sorted(present)
            known = [o for o in chart["outcomes"] if o in OUTCOMES_IN_ORDER]
            assert known == [o for o in OUTCOMES_IN_ORDER if o in present]
            assert chart["legends"] and all(inside(b, chart["card"]) for b in chart["legends"])
            assert all(inside(b, chart["card"]) for b in chart["panels"])
            assert chart["svgWidth"] <= width
            # the page itself fits the screen: header, headline and tally scroll nowhere sideways
            assert pg.evaluate("() => document.documentElement.scrollWidth") <= width
            for part in ("header.top", ".headline", "#tally"):
                right = pg.evaluate(f"() => document.querySelector('{part}').getBoundingClientRect().right")
                assert right <= width + 0.5, part
            tallies = {s["outcome"]: s["points"][-1]["value"] for s in series if s["source"] == "tally"}
            assert chart["currents"] == [f"{tallies[o]:,}" for o in chart["outcomes"] if o in tallies]
    finally:
        context.close()


def test_the_chart_downloads_as_svg_and_png(page: Any, live: Any) -> None:
    row = next(r for r in live_incidents(page, "sort=reports"))
    chart_of(page, row["id"])
    with page.expect_download() as svg_info:
        page.click("#timeline-tools [data-save=svg]")
    text = Path(svg_info.value.path()).read_text(encoding="utf-8")
    assert svg_info.value.suggested_filename == f"incident-{row['id']}-timeline.svg"
    assert text.startswith("<?xml") and "<svg" in text and 'class="panel"' in text
    with page.expect_download() as png_info:
        page.click("#timeline-tools [data-save=png]")
    assert Path(png_info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_tally_number_opens_the_figures_it_rests_on(page: Any, live: Any) -> None:
    rows = live_incidents(page)
    record = page.request.get(f"/api/incidents/{rows[0]['id']}").json()
    total = next(t for t in record["tallies"] if t["category"] == "total" and t["best"] is not None)
    page.goto(f"/incidents/{record['id']}")
    cell = page.locator(
        f'#tally tr[data-outcome="{total["outcome"]}"][data-category="total"] td.best details'
    )
    summary = cell.locator("summary")
    assert summary.inner_text().strip() == f"{total['best']:,}"
    assert summary.get_attribute("title")  # on hover: the sources and their words
    support = cell.locator(".support")
    assert not support.is_visible()
    summary.click()
    assert support.is_visible()
    shown = [
        int(x) for x in support.locator("li[data-figure]").evaluate_all("ls => ls.map(l => l.dataset.figure)")
    ]
    assert shown == total["rests_on"]["best"]
    # each line links to its figure on its report, where the figure's card is the target
    link = support.locator("li[data-figure] a").first
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"#fig-{shown[0]}")
    assert page.locator(f"#fig-{shown[0]}").is_visible()


def live_incidents(page: Any, query: str = "sort=reports") -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = page.request.get(f"/api/incidents?{query}").json()["items"]
    return items


def test_the_list_filter_form_and_sort_links_work(page: Any, live: Any) -> None:
    with Store(live.db_url) as store:  # the other samples too: nine incidents to choose from
        store.ingest([str(SAMPLES.parent)])
    page.goto("/incidents")
    everything = page.locator("#incidents tbody tr[data-incident]").count()
    page.fill("input[name=q]", "Osh")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "q=Osh" in page.url
    shown = page.locator("#incidents tbody tr[data-incident]").evaluate_all(
        "rs => rs.map(r => r.dataset.incident)"
    )
    assert shown == [str(r["id"]) for r in live_incidents(page, "q=Osh")]
    assert 1 <= len(shown) < everything
    page.fill("input[name=q]", "nothing-of-the-sort")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert page.locator("#incidents tbody tr[data-incident]").count() == 0
    assert "No incidents match these filters" in page.locator("#incidents").inner_text()
    page.fill("input[name=q]", "Osh")
    page.select_option("select[name=outcome]", "injured")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "q=Osh" in page.url and "outcome=injured" in page.url  # the form keeps what was asked
    page.goto("/incidents")
    with page.expect_navigation():
        page.click("#incidents th a:has-text('Killed')")
    assert "sort=toll" in page.url
    shown = page.locator("#incidents tbody tr[data-incident]").evaluate_all(
        "rs => rs.map(r => r.dataset.incident)"
    )
    assert shown == [str(r["id"]) for r in live_incidents(page, "sort=toll")]
    killed = [r["killed"]["best"] or r["killed"]["low"] or 0 for r in live_incidents(page, "sort=toll")]
    assert killed == sorted(killed, reverse=True)
    with page.expect_download() as info:
        page.click("#dl-csv")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == shown
    # every outcome is a column, and the list sorts by each: here, missing (most first)
    page.goto("/incidents")
    headers = page.locator("#incidents th.outcome-col").evaluate_all("hs => hs.map(h => h.dataset.outcome)")
    assert headers == list(OUTCOMES_IN_ORDER)
    with page.expect_navigation():
        page.click("#incidents th a:has-text('Missing')")
    assert "sort=missing" in page.url
    listed = live_incidents(page, "sort=missing")
    missing = [
        (r["missing"]["best"] if r["missing"]["best"] is not None else r["missing"]["low"]) for r in listed
    ]
    known = [m for m in missing if m is not None]
    assert known and known == sorted(known, reverse=True) and missing[: len(known)] == known
    cells = page.locator("#incidents tbody td[data-outcome=missing]").all_inner_texts()
    assert [c.strip() != "–" for c in cells] == [m is not None for m in missing]
    assert page.locator("#incidents tbody tr[data-incident]").evaluate_all(
        "rs => rs.map(r => r.dataset.incident)"
    ) == [str(r["id"]) for r in listed]


def test_bookmark_and_tag_an_incident(page: Any, live: Any) -> None:
    target = live_incidents(page)[0]["id"]
    page.goto(f"/incidents/{target}")
    if "Bookmarked" in page.locator("#bookmark").inner_text():  # left over: start clean
        with page.expect_navigation():
            page.click("#bookmark")
    with page.expect_navigation():
        page.click("#bookmark")
    assert page.locator("#bookmark").inner_text() == "★ Bookmarked"
    page.fill("input[name=tag]", "Needs a second look")
    with page.expect_navigation():
        page.click("form[action$='/tags'] button[type=submit]")
    assert "needs a second look" in page.locator(".pill.tag").all_inner_texts()[0]
    page.goto("/bookmarks")
    assert page.locator(f'#incidents tr[data-incident="{target}"]').count() == 1
    page.click("a.pill.tag:has-text('needs a second look')")
    page.wait_for_url("**/tags/**")
    assert page.locator("#incidents tr[data-incident]").evaluate_all(
        "rs => rs.map(r => r.dataset.incident)"
    ) == [str(target)]
