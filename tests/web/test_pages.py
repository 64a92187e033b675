"""The pages over HTTP on a store of four short reports we wrote: the incidents list's search,
filters and sort, and its downloads holding exactly what the list shows; the incident page's
tally (each number with the figures it rests on), per-source ledger, discrepancy flags and
headline; bookmarks and tags with their downloads; a report's downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest

from tollwatch.contract import Count, Document, Evidence, Figure, Place, Source, Summary
from tollwatch.ledger import Store

#: (id, day, place, text, figures (outcome, words, count, source, source type), summary killed)
REPORTS: list[tuple[str, str, Place, str, list[tuple[str, str, int, str, str]], int | None]] = [
    (
        "ferry",
        "2023-04-02",
        Place("Mwanza", None, "TZ", -2.52, 32.9),
        "Four people drowned when a ferry capsized on Lake Victoria near Mwanza. Police said 4 people "
        "were killed.",
        [("killed", "4 people were killed", 4, "police", "police")],
        None,
    ),
    (
        "quake",
        "2021-08-14",
        Place("Les Cayes", None, "HT", 18.2, -73.75),
        "An earthquake struck southern Haiti near Les Cayes on Saturday. Civil protection said 29 people "
        "were killed. The hospital said 35 people were killed and 300 people were injured.",
        [
            ("killed", "29 people were killed", 29, "civil protection", "government"),
            ("killed", "35 people were killed", 35, "hospital", "health"),
            ("injured", "300 people were injured", 300, "hospital", "health"),
        ],
        None,
    ),
    (
        "camp",
        "2022-06-01",
        Place("Goma", None, "CD", -1.68, 29.22),
        "Shelling hit a displacement camp near Goma. The army said 6 people were killed and 3 people "
        "were missing.",
        [
            ("killed", "6 people were killed", 6, "army", "military"),
            ("missing", "3 people were missing", 3, "army", "military"),
        ],
        None,
    ),
    (
        # the report's own summary gives the dead only: the headline has no injured count
        "dayton",
        "2024-01-02",
        Place("Dayton", "Ohio", "US", 39.76, -84.19),
        "Two people were killed in a shooting in Dayton. Police said 5 people were injured.",
        [
            ("killed", "Two people were killed", 2, "police", "police"),
            ("injured", "5 people were injured", 5, "police", "police"),
        ],
        2,
    ),
]


def document(
    doc_id: str,
    day: str,
    place: Place,
    text: str,
    figures: list[tuple[str, str, int, str, str]],
    killed: int | None,
) -> Document:
    figs = []
    for outcome, words, n, source, kind in figures:
        start = text.index(words)
        figs.append(
            Figure(
                outcome=outcome,
                category="unspecified",
                group="people",
                count=Count(n, n, n, "exact", words.split()[0]),
                evidence=Evidence(start, start + len(words), words),
                source=Source(source, kind, ""),
                as_of=day,
                place=place,
            )
        )
    summary_killed = Count(killed, killed, killed, "exact", str(killed)) if killed is not None else None
    doc = Document(
        id=doc_id,
        text=text,
        title=text.split(".")[0],
        site="wire.example",
        url=f"https://wire.example/{doc_id}",
        published=day,
        figures=figs,
        summary=Summary(when=day, where=place, killed=summary_killed),
    )
    doc.check()
    return doc


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, kit: Any, databases: Any
) -> Iterator[Any]:
    server = kit.start_server(
        databases(request.param, tmp_path_factory.mktemp("pages") / "web.db", shared=False)
    )
    with Store(server.db_url) as store:
        store.ingest_documents([document(*r) for r in REPORTS])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def admin(live: Any, kit: Any) -> Iterator[Any]:
    with kit.client(live) as c:
        assert c.signup("ada").status_code == 200
        yield c


@pytest.fixture(scope="module")
def inc(admin: Any) -> dict[str, int]:
    """Each report's incident (four places, four days: four incidents)."""
    found = {r[0]: int(admin.get(f"/api/documents/{r[0]}").json()["incident_id"]) for r in REPORTS}
    assert len(set(found.values())) == 4
    return found


def listed(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr data-incident="(\d+)"', html)]


def downloads(admin: Any, path: str, query: str) -> tuple[list[int], list[int]]:
    """The ids in the CSV and in the GeoJSON download of a page, in their order."""
    sep = "&" if query else ""
    r = admin.get(f"{path}?{query}{sep}format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    geo = admin.get(f"{path}?{query}{sep}format=geojson")
    assert geo.headers["content-type"] == "application/geo+json"
    features = geo.json()["features"]
    for f in features:
        assert f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2
    return [int(r["id"]) for r in rows], [int(f["id"]) for f in features]


def test_the_list_searches_filters_and_sorts_and_downloads_what_it_shows(
    admin: Any, inc: dict[str, int]
) -> None:
    i = inc
    cases = {
        "": [i["dayton"], i["ferry"], i["camp"], i["quake"]],  # latest first
        "sort=date_asc": [i["quake"], i["camp"], i["ferry"], i["dayton"]],
        "sort=toll": [i["quake"], i["camp"], i["ferry"], i["dayton"]],  # 35, 6, 4, 2 killed
        "sort=reports": None,  # one report each: any order, all four
        "q=capsized": [i["ferry"]],  # a word of the text only, not of the title
        "q=shelling+camp": [i["camp"]],
        "since=2022-01-01&until=2023-12-31": [i["ferry"], i["camp"]],
        "where=HT": [i["quake"]],
        "where=goma": [i["camp"]],
        "where=ohio": [i["dayton"]],
        "outcome=missing": [i["camp"]],
        "source=army": [i["camp"]],
        "source=health": [i["quake"]],  # a source type
        "outcome=injured&sort=toll": [i["quake"], i["dayton"]],
        "q=nothing-of-the-sort": [],
    }
    for query, expected in cases.items():
        page = admin.get(f"/incidents?{query}")
        assert page.status_code == 200, query
        shown = listed(page.text)
        if expected is None:
            assert sorted(shown) == sorted(inc.values()), query
        else:
            assert shown == expected, query
        assert f"<h1>{len(shown)} incident" in page.text
        api = admin.get(f"/api/incidents?{query}").json()
        assert [int(x["id"]) for x in api["items"]] == shown and api["total"] == len(shown), query
        assert downloads(admin, "/incidents", query) == (shown, shown), query
    # the search also lists the matching reports, with a snippet
    page = admin.get("/incidents?q=capsized").text
    assert "Reports matching" in page and 'href="/reports/ferry"' in page
    assert '<small class="muted" id="reports-count">1 report,' in page  # how many matched
    # review status: confirm the ferry's figure and it is the one reviewed incident
    fig = admin.get("/api/documents/ferry").json()["figures"][0]["id"]
    admin.form("/reports/ferry", f"/review/figures/{fig}/confirm", {"reason": "checked"})
    assert listed(admin.get("/incidents?review=reviewed").text) == [i["ferry"]]
    assert i["ferry"] not in listed(admin.get("/incidents?review=unreviewed").text)
    # the column heads sort, keeping the filters
    page = admin.get("/incidents?where=HT").text
    assert 'href="?where=HT&amp;sort=toll"' in page


class Tally(HTMLParser):
    """From the incident page: each tally cell's figure ids, the ledger's and the headline's."""

    def __init__(self) -> None:
        super().__init__()
        self.row: tuple[str, str] | None = None
        self.cell: str | None = None
        self.stat: str | None = None
        self.cells: dict[tuple[str, str, str], list[int]] = {}
        self.ledger: list[int] = []
        self.headline: dict[str, list[int]] = {}
        self.where: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.where.append(a.get("id") or "")
            self.stat = None
        elif tag == "tr" and self.where[-1:] == ["tally"] and a.get("data-outcome"):
            self.row = (a["data-outcome"] or "", a.get("data-category") or "")
        elif tag == "td" and self.row and a.get("class", "").startswith("num "):
            self.cell = (a.get("class") or "").split()[1]
            self.cells[(*self.row, self.cell)] = []
        elif tag == "tr" and self.where[-1:] == ["ledger"] and a.get("data-figure"):
            self.ledger.append(int(a["data-figure"] or 0))
        elif tag == "div" and (a.get("id") or "").startswith("stat-"):
            self.stat = (a.get("id") or "")[5:]
            self.headline[self.stat] = []
        elif tag == "li" and a.get("data-figure"):
            if self.cell and self.row:
                self.cells[(*self.row, self.cell)].append(int(a["data-figure"] or 0))
            elif self.stat:
                self.headline[self.stat].append(int(a["data-figure"] or 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.where:
            self.where.pop()
            self.row = None
        elif tag == "td":
            self.cell = None


def test_the_tally_shows_what_each_number_rests_on(admin: Any, inc: dict[str, int]) -> None:
    record = admin.get(f"/api/incidents/{inc['quake']}").json()
    html = admin.get(f"/incidents/{inc['quake']}").text
    parsed = Tally()
    parsed.feed(html)
    assert record["tallies"]
    for t in record["tallies"]:
        for what in ("low", "best", "high"):
            shown = parsed.cells[(t["outcome"], t["category"], what)]
            if t[what] is None:
                assert shown == []
            else:
                assert shown == t["rests_on"][what], (t["outcome"], t["category"], what)
    # the best killed rests on the hospital's 35, and says so with the words and the source
    best = next(t for t in record["tallies"] if (t["outcome"], t["category"]) == ("killed", "total"))
    assert best["best"] == 35
    assert "hospital: 35" in html and "<q>35 people were killed</q>" in html
    # the per-source ledger holds every figure, under its source
    assert sorted(parsed.ledger) == sorted(f["id"] for f in record["figures"])
    for name in ("civil protection", "hospital"):
        assert f"<strong>{name}</strong>" in html


def test_discrepancies_are_flagged_on_the_page_and_in_the_list(admin: Any, inc: dict[str, int]) -> None:
    record = admin.get(f"/api/incidents/{inc['quake']}").json()
    assert [d["kind"] for d in record["discrepancies"]] == ["sources disagree"]
    html = admin.get(f"/incidents/{inc['quake']}").text
    box = html.split('id="discrepancies"', 1)[1].split("</details>", 1)[0]
    assert box.count('class="discrepancy"') == 1
    assert "civil protection: 29" in box and "hospital: 35" in box and "sources disagree" in box
    row = admin.get("/incidents?where=HT").text
    assert "1 discrepancy" in row
    assert 'id="discrepancies"' not in admin.get(f"/incidents/{inc['ferry']}").text


def test_the_headline_says_when_the_reports_give_no_count(admin: Any, inc: dict[str, int]) -> None:
    record = admin.get(f"/api/incidents/{inc['dayton']}").json()
    assert record["summary"]["injured"] is None and record["summary"]["tallies"]["injured"]["best"] == 5
    html = admin.get(f"/incidents/{inc['dayton']}").text
    injured = html.split('id="stat-injured"', 1)[1].split('<div class="stat', 1)[0]
    assert '<div class="v">–</div>' in injured
    assert "exact" not in injured
    assert "tally of all figures: 5" in injured
    killed = html.split('id="stat-killed"', 1)[1].split('<div class="stat', 1)[0]
    assert "exact" in killed
    parsed = Tally()
    parsed.feed(html)
    assert parsed.headline["killed"] == record["summary"]["killed"]["rests_on"]["best"]  # click: its figures


def test_bookmarks_and_tags_download_what_they_show(admin: Any, inc: dict[str, int]) -> None:
    for key in ("camp", "ferry"):
        admin.form(f"/incidents/{inc[key]}", f"/incidents/{inc[key]}/bookmark", {})
    admin.form(f"/incidents/{inc['camp']}", f"/incidents/{inc['camp']}/tags", {"tag": "Armed conflict"})
    page = admin.get("/bookmarks").text
    shown = listed(page)
    assert sorted(shown) == sorted([inc["camp"], inc["ferry"]])
    assert downloads(admin, "/bookmarks", "") == (shown, shown)
    page = admin.get("/tags/armed conflict").text
    assert listed(page) == [inc["camp"]] and "armed conflict (1)" in page
    assert downloads(admin, "/tags/armed conflict", "") == ([inc["camp"]], [inc["camp"]])
    r = admin.get("/tags/armed conflict?format=csv")
    assert 'filename="tag-armed-conflict.csv"' in r.headers["content-disposition"]
    # un-bookmark: the page and its download follow
    admin.form(f"/incidents/{inc['ferry']}", f"/incidents/{inc['ferry']}/bookmark", {})
    assert downloads(admin, "/bookmarks", "") == ([inc["camp"]], [inc["camp"]])
    assert admin.get("/bookmarks?format=xlsx").status_code == 422


def test_a_report_downloads_its_figures(admin: Any) -> None:
    doc = admin.get("/api/documents/quake").json()
    page = admin.get("/reports/quake").text
    assert 'id="dl-figures"' in page and 'id="dl-figures-geojson"' in page
    rows = list(csv.DictReader(io.StringIO(admin.get("/reports/quake?format=csv").text)))
    assert [int(r["id"]) for r in rows] == [f["id"] for f in doc["figures"]]
    assert [r["evidence_text"] for r in rows] == [f["evidence"]["text"] for f in doc["figures"]]
    geo = json.loads(admin.get("/reports/quake?format=geojson").text)
    assert [f["id"] for f in geo["features"]] == [f["id"] for f in doc["figures"]]
    assert geo["features"][0]["geometry"]["coordinates"] == [-73.75, 18.2]
    assert geo["features"][0]["properties"]["url"].endswith(f"/reports/quake#fig-{doc['figures'][0]['id']}")


def test_the_store_exports_carry_reviewed_values(admin: Any, inc: dict[str, int]) -> None:
    fig = admin.get("/api/documents/camp").json()["figures"][0]
    assert fig["count"]["best"] == 6
    admin.form(
        "/reports/camp",
        f"/review/figures/{fig['id']}/correct",
        {
            "outcome": "killed",
            "category": "unspecified",
            "group": "people",
            "count_best": "7",
            "count_kind": "exact",
            "count_text": "seven",
            "source_name": "army",
            "source_type": "military",
            "as_of": "2022-06-01",
            "place_name": "Goma",
            "place_country": "CD",
            "reason": "a seventh death in hospital",
        },
    )
    r = admin.get("/incidents/export", params={"where": "goma", "what": "figures", "format": "csv"})
    rows = [x for x in csv.DictReader(io.StringIO(r.text)) if x.get("outcome") == "killed"]
    assert rows and all("7" in (x.get("best"), x.get("count_best")) for x in rows), rows
    listed_row = list(csv.DictReader(io.StringIO(admin.get("/incidents?where=goma&format=csv").text)))
    assert [x["killed_best"] for x in listed_row] == ["7"]


def test_a_corrected_place_is_placed_on_the_map(admin: Any, inc: dict[str, int]) -> None:
    fig = admin.get("/api/documents/camp").json()["figures"][1]  # missing 3, at Goma
    form = {
        "outcome": fig["outcome"],
        "category": fig["category"],
        "group": fig["group"],
        "count_low": "3",
        "count_best": "3",
        "count_high": "3",
        "count_kind": "exact",
        "count_text": fig["count"]["text"],
        "source_name": "army",
        "source_type": "military",
        "as_of": fig["as_of"],
        "place_name": "Bukavu",
        "place_country": "CD",
        "reason": "the missing were at the Bukavu camp",
    }
    r = admin.form("/reports/camp", f"/review/figures/{fig['id']}/correct", form)
    assert r.status_code == 200
    place = admin.get(f"/api/figures/{fig['id']}").json()["place"]
    assert place["name"] == "Bukavu" and place["country"] == "CD"
    assert abs(place["lat"] + 2.5) < 0.3 and abs(place["lon"] - 28.86) < 0.3
    html = admin.get(f"/incidents/{inc['camp']}").text
    assert 'data-kind="figure"' in html and "Bukavu — named by 1 figure" in html
    history = admin.get(f"/api/incidents/{inc['camp']}/history").json()["items"]
    assert (
        history[-1]["before"]["place"]["name"] == "Goma" and history[-1]["after"]["place"]["name"] == "Bukavu"
    )
    # through the API: a place sent without coordinates is placed the same way
    r = admin.post(
        f"/api/figures/{fig['id']}/correct",
        json={"changes": {"place": {"name": "Goma", "country": "CD"}}, "reason": "back to Goma after all"},
        headers={"X-CSRF-Token": admin.csrf("/account")},
    )
    assert r.status_code == 200, r.text
    assert r.json()["place"]["name"] == "Goma" and abs(r.json()["place"]["lat"] + 1.68) < 0.3


def test_the_list_shows_every_outcome_and_sorts_by_missing(admin: Any, inc: dict[str, int]) -> None:
    html = admin.get("/incidents?sort=missing").text
    assert listed(html)[0] == inc["camp"]  # the only incident with people missing comes first
    heads = re.findall(r'<th class="num outcome-col" data-outcome="(\w+)">', html)
    assert heads == ["killed", "injured", "missing", "displaced", "detained"]
    camp = html.split(f'<tr data-incident="{inc["camp"]}"', 1)[1].split("</tr>", 1)[0]
    assert re.search(r'data-outcome="missing"><span class="toll missing"[^>]*>3<', camp)
    row = next(r for r in admin.get("/api/incidents?sort=missing").json()["items"] if r["id"] == inc["camp"])
    assert row["missing"]["best"] == 3 and row["displaced"] == {"low": None, "best": None, "high": None}


def test_search_hits_are_highlighted_not_bracketed(admin: Any, inc: dict[str, int]) -> None:
    html = admin.get("/incidents?q=capsized").text
    assert '<mark class="hit">capsized</mark>' in html and "[capsized]" not in html
    found = admin.get("/api/documents?q=capsized").json()
    (hit,) = found["items"]
    assert (found["total"], found["capped"]) == (1, False)
    assert "[" not in hit["snippet"]
    assert [hit["snippet"][a:b] for a, b in hit["hits"]] == ["capsized"]


def test_the_api_page_renders_its_markdown(admin: Any) -> None:
    html = admin.get("/api/docs").text
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in html  # not `backticks`, not a tag
    assert "`Authorization" not in html
