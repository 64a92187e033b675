"""Review over HTTP (forms and the REST API) on a store of three short reports we wrote:
corrections win in the tally and the downloads, merges carry bookmarks and tags along,
reports move, and every change is in the history with who and why."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tollwatch.contract import Count, Document, Evidence, Figure, Place, Source, Summary, to_dict
from tollwatch.ledger import Store


def report(
    doc_id: str, day: str, place: Place, text: str, figures: list[tuple[str, str, int, str]]
) -> Document:
    """A document with figures ``(outcome, words, count, source)`` read at ``words``."""
    figs = []
    for outcome, words, n, source in figures:
        start = text.index(words)
        figs.append(
            Figure(
                outcome=outcome,
                category="unspecified",
                group="people",
                count=Count(n, n, n, "exact", words.split()[0]),
                evidence=Evidence(start, start + len(words), words),
                source=Source(source, "police", "") if source else None,
                as_of=day,
                place=place,
            )
        )
    doc = Document(
        id=doc_id,
        text=text,
        title=text.split(".")[0],
        site="wire.example",
        url=f"https://wire.example/{doc_id}",
        published=day,
        figures=figs,
        summary=Summary(when=day, where=place),
    )
    doc.check()
    return doc


DOCS = [
    report(
        "ferry-1",
        "2023-04-02",
        Place("Mwanza", None, "TZ", -2.52, 32.9),
        "Four people drowned when a ferry capsized on Lake Victoria near Mwanza on Sunday. "
        "Police said 4 people were killed and 11 people were rescued.",
        [("killed", "4 people were killed", 4, "police")],
    ),
    report(
        "quake-1",
        "2021-08-14",
        Place("Les Cayes", None, "HT", 18.2, -73.75),
        "An earthquake struck southern Haiti near Les Cayes on Saturday. "
        "Civil protection said 29 people were killed and 300 people were injured.",
        [
            ("killed", "29 people were killed", 29, "civil protection"),
            ("injured", "300 people were injured", 300, ""),
        ],
    ),
    report(
        "quake-2",
        "2021-08-15",
        Place("Jeremie", None, "HT", 18.65, -74.11),
        "Rescuers dug through rubble in Jeremie a day after the earthquake. "
        "Officials said 304 people were killed across the south.",
        [("killed", "304 people were killed", 304, "officials")],
    ),
]


ODD_ID = "field notes/day 2 #7?"  # ids come from file names and records: spaces, slashes, ? and #
DOCS.append(
    report(
        ODD_ID,
        "2022-06-01",
        Place("Goma", None, "CD", -1.68, 29.22),
        "Shelling hit a camp near Goma. The army said 6 people were killed.",
        [("killed", "6 people were killed", 6, "army")],
    )
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, kit: Any, databases: Any
) -> Iterator[Any]:
    server = kit.start_server(
        databases(request.param, tmp_path_factory.mktemp("review") / "web.db", shared=False)
    )
    with Store(server.db_url) as store:
        store.ingest_documents(DOCS)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def admin(live: Any, kit: Any) -> Iterator[Any]:
    with kit.client(live) as c:
        assert c.signup("ada").status_code == 200
        yield c


def incident_of(c: Any, doc_id: str) -> int:
    return int(c.get(f"/api/documents/{doc_id}").json()["incident_id"])


def killed_total(c: Any, incident: int) -> Any:
    tallies = c.get(f"/api/incidents/{incident}").json()["tallies"]
    return next((t["best"] for t in tallies if t["outcome"] == "killed" and t["category"] == "total"), None)


def test_correction_wins_in_tally_list_and_downloads(admin: Any) -> None:
    inc = incident_of(admin, "ferry-1")
    fig = admin.get("/api/documents/ferry-1").json()["figures"][0]
    assert killed_total(admin, inc) == 4
    token = admin.csrf("/reports/ferry-1")
    r = admin.post(
        f"/review/figures/{fig['id']}/correct",
        data={
            "csrf_token": token,
            "outcome": "killed",
            "category": "unspecified",
            "group": "people",
            "count_best": "5",
            "count_kind": "exact",
            "count_text": "five",
            "source_name": "police",
            "source_type": "police",
            "as_of": "2023-04-02",
            "place_name": "Mwanza",
            "place_country": "TZ",
            "reason": "a fifth body was found",
            "next": "/reports/ferry-1",
        },
    )
    assert r.status_code == 200 and str(r.url).endswith("/reports/ferry-1")
    assert killed_total(admin, inc) == 5
    row = next(x for x in admin.get("/api/incidents?where=mwanza").json()["items"] if x["id"] == inc)
    assert row["killed"]["best"] == 5 and row["review_status"] == "reviewed"
    listed = list(csv.DictReader(io.StringIO(admin.get("/incidents?format=csv&where=mwanza").text)))
    assert [(x["id"], x["killed_best"]) for x in listed] == [(str(inc), "5")]
    history = admin.get(f"/api/incidents/{inc}/history").json()["items"]
    assert [(h["actor"], h["action"], h["reason"]) for h in history] == [
        ("ada", "correct_figure", "a fifth body was found")
    ]
    assert history[0]["before"]["count"]["best"] == 4 and history[0]["after"]["count"]["best"] == 5
    # the figure keeps what the machine read, and the report page says it was corrected
    fig = admin.get(f"/api/figures/{fig['id']}").json()
    assert fig["review_status"] == "corrected" and fig["machine"]["count"]["best"] == 4
    page = admin.get("/reports/ferry-1").text
    assert "machine read" in page
    assert '<dd class="ledger-status">current</dd>' in page  # the card says how the tally uses it


def test_reextraction_never_overwrites_a_reviewed_value(live: Any, admin: Any) -> None:
    inc = incident_of(admin, "ferry-1")
    assert killed_total(admin, inc) == 5  # corrected above

    def finder_changed_its_mind(doc: Document) -> Document:
        fresh = Document.from_dict(to_dict(DOCS[0]))
        fresh.figures[0].count = Count(6, 6, 6, "exact", "6")
        return fresh

    with Store(live.db_url) as store:
        store.reextract(finder_changed_its_mind, ids=["ferry-1"])
    fig = admin.get("/api/documents/ferry-1").json()["figures"][0]
    assert fig["count"]["best"] == 5 and fig["review_status"] == "corrected"
    assert fig["machine"]["count"]["best"] == 6  # the machine's new reading is kept beside it
    assert killed_total(admin, inc) == 5
    assert "five [5]" in admin.get(f"/incidents/{inc}").text


def test_bad_corrections_are_refused_with_a_reason(admin: Any) -> None:
    fig = admin.get("/api/documents/quake-1").json()["figures"][0]
    token = admin.csrf("/reports/quake-1")
    r = admin.post(
        f"/review/figures/{fig['id']}/correct",
        data={"csrf_token": token, "count_best": "x", "reason": "typo"},
    )
    assert r.status_code == 422 and "whole number" in r.text
    r = admin.post(f"/review/figures/{fig['id']}/reject", data={"csrf_token": token, "reason": ""})
    assert r.status_code == 422 and "reason" in r.text
    r = admin.post("/review/figures/999999/confirm", data={"csrf_token": token})
    assert r.status_code == 404


def test_merge_carries_bookmarks_and_tags_and_move_splits(admin: Any) -> None:
    a, b = incident_of(admin, "quake-1"), incident_of(admin, "quake-2")
    if a == b:  # the linker joined them already: split one out first, by moving it
        r = admin.form(
            "/reports/quake-2",
            "/review/move-report",
            {"document_id": "quake-2", "incident": "new", "reason": "split"},
        )
        assert r.status_code == 200
        b = incident_of(admin, "quake-2")
    assert a != b
    admin.form(f"/incidents/{b}", f"/incidents/{b}/bookmark", {})
    admin.form(f"/incidents/{b}", f"/incidents/{b}/tags", {"tag": "Haiti  Quake"})
    assert "haiti quake" in admin.get(f"/incidents/{b}").text
    r = admin.form(
        f"/incidents/{a}", f"/review/incidents/{a}/merge", {"others": f"#{b}", "reason": "same earthquake"}
    )
    assert r.status_code == 200 and str(r.url).endswith(f"/incidents/{a}")
    assert incident_of(admin, "quake-2") == a
    # the merged-away incident redirects, and its bookmark and tag moved along
    r = admin.get(f"/incidents/{b}")
    assert str(r.url).endswith(f"/incidents/{a}?merged={b}") and "was merged into this one" in r.text
    assert f'data-incident="{a}"' in admin.get("/bookmarks").text
    assert f'data-incident="{a}"' in admin.get("/tags/haiti quake").text
    assert admin.get(f"/api/incidents/{a}").json()["tags"] == ["haiti quake"]
    # the tally never sums the two reports' totals: the latest, larger figure stands
    assert killed_total(admin, a) == 304
    history = admin.get(f"/api/incidents/{a}/history").json()["items"]
    assert ("merge_incidents", "same earthquake") in {(h["action"], h["reason"]) for h in history}
    # move the second report out again: a new incident
    r = admin.form(
        "/reports/quake-2",
        "/review/move-report",
        {"document_id": "quake-2", "incident": "new", "reason": "aftershock"},
    )
    c = incident_of(admin, "quake-2")
    assert r.status_code == 200 and c not in (a, b) and str(r.url).endswith(f"/incidents/{c}")
    assert killed_total(admin, a) == 29


def test_review_through_the_api(live: Any, admin: Any) -> None:
    page = admin.form("/account", "/account/tokens", {"name": "bot"}).text
    secret = page.split('id="new-token">')[1].split("<")[0]
    with httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {secret}"}) as api:
        doc = api.get("/api/documents/quake-1").json()
        text = doc["text"]
        start = text.index("300 people were injured")
        r = api.post(
            "/api/figures",
            json={
                "document_id": "quake-1",
                "start": start,
                "end": start + 3,
                "outcome": "missing",
                "count": 12,
                "reason": "the protection service also said 12 missing",
            },
        )
        assert r.status_code == 201, r.text
        added = r.json()
        assert added["review_status"] == "added" and added["evidence"]["text"] == "300"
        inc = int(api.get("/api/documents/quake-1").json()["incident_id"])
        tallies = api.get(f"/api/incidents/{inc}").json()["tallies"]
        assert ("missing", "total", 12) in {(t["outcome"], t["category"], t["best"]) for t in tallies}
        r = api.post(
            f"/api/figures/{added['id']}/correct",
            json={"changes": {"outcome": "injured"}, "reason": "misread"},
        )
        assert r.status_code == 200 and r.json()["outcome"] == "injured"
        r = api.post(
            f"/api/figures/{added['id']}/correct", json={"changes": {"colour": "red"}, "reason": "x"}
        )
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid"
        r = api.post(
            "/api/figures",
            json={
                "document_id": "quake-1",
                "start": 0,
                "end": 10_000,
                "outcome": "killed",
                "count": 1,
                "reason": "x",
            },
        )
        assert r.status_code == 422
        r = api.post("/api/incidents/999999/merge", json={"others": [inc], "reason": "x"})
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
        geo = api.get("/api/exports/incidents", params={"format": "geojson", "where": "HT"}).json()
        assert geo["type"] == "FeatureCollection" and all(
            f["properties"]["country"] == "HT" for f in geo["features"]
        )
        lines = api.get("/api/exports/incidents", params={"format": "jsonl"}).text.splitlines()
        assert len(lines) == api.get("/api/incidents").json()["total"]
        schema = api.get("/api/openapi.json").json()
        assert "/api/figures/{figure_id}/correct" in schema["paths"]
        assert "/incidents" not in schema["paths"]  # pages are not part of the API
    assert "POST" in admin.get("/api/docs").text


def test_cookie_api_writes_need_the_csrf_header(live: Any, admin: Any) -> None:
    fig = admin.get("/api/documents/quake-2").json()["figures"][0]["id"]
    r = admin.post(f"/api/figures/{fig}/confirm", json={"reason": ""})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    r = admin.post(f"/api/figures/{fig}/confirm", json={"reason": ""}, headers={"X-CSRF-Token": admin.csrf()})
    assert r.status_code == 200 and r.json()["review_status"] == "confirmed"


def test_reports_with_odd_ids_work_end_to_end(admin: Any) -> None:
    from urllib.parse import quote

    path = f"/reports/{quote(ODD_ID)}"
    page = admin.get(path)
    assert page.status_code == 200 and "Shelling hit a camp" in page.text
    fig = admin.get(f"/api/documents/{quote(ODD_ID)}").json()["figures"][0]
    form_next = page.text.split('name="next" value="', 1)[1].split('"', 1)[0]
    r = admin.post(
        f"/review/figures/{fig['id']}/confirm",
        data={"csrf_token": admin.csrf(path), "next": form_next.replace("&amp;", "&")},
    )
    assert r.status_code == 200 and "Shelling hit a camp" in r.text  # back on the same report
    assert admin.get(f"/api/figures/{fig['id']}").json()["review_status"] == "confirmed"


def test_the_store_exports_follow_the_list_filters(admin: Any) -> None:
    page = admin.get("/incidents?where=HT").text
    assert "/incidents/export?where=HT&amp;what=incidents&amp;format=acled" in page
    r = admin.get("/incidents/export", params={"where": "HT", "what": "incidents", "format": "acled"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    listed = admin.get("/api/incidents", params={"where": "HT"}).json()["total"]
    assert len(rows) == listed >= 1
    r = admin.get("/incidents/export", params={"what": "figures", "format": "parquet"})
    assert r.status_code == 200 and r.content[:4] == b"PAR1"
    assert admin.get("/incidents/export", params={"what": "secrets", "format": "csv"}).status_code == 422
