"""Every route of the app, checked against every kind of caller: nobody signed in, an account
an admin has not approved, a viewer, a reviewer. A route added later without a decision here
fails the first test, so "roles are enforced on every page and API call" stays true.

Also: every form on every page carries the CSRF token, passwords are argon2id, sessions and
tokens are kept only as hashes, and no page or asset refers to another origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import closing
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import inspect, text

from tollwatch.contract import Count, Document, Evidence, Figure, Place, Source, Summary
from tollwatch.ledger import Store
from tollwatch.web import account_pages, api, pages, review

TEXT = "Police said 4 people were killed when a truck hit a market stall in Kisumu on Monday."

#: Open to anyone: signing in and up, waiting for approval, signing out.
PUBLIC = {
    ("GET", "/signin"),
    ("POST", "/signin"),
    ("GET", "/signup"),
    ("POST", "/signup"),
    ("GET", "/waiting"),
    ("POST", "/signout"),
}
#: What each route needs beyond an approved account (everything else: viewer).
NEEDS = {
    ("POST", "/review/figures/{figure_id}/{action}"): "reviewer",
    ("POST", "/review/add-figure"): "reviewer",
    ("POST", "/review/incidents/{incident_id}/merge"): "reviewer",
    ("POST", "/review/move-report"): "reviewer",
    ("POST", "/incidents/{incident_id}/tags"): "reviewer",
    ("POST", "/incidents/{incident_id}/tags/remove"): "reviewer",
    ("POST", "/api/figures/{figure_id}/confirm"): "reviewer",
    ("POST", "/api/figures/{figure_id}/correct"): "reviewer",
    ("POST", "/api/figures/{figure_id}/reject"): "reviewer",
    ("POST", "/api/figures"): "reviewer",
    ("POST", "/api/incidents/{incident_id}/merge"): "reviewer",
    ("POST", "/api/documents/move"): "reviewer",
    ("GET", "/admin/users"): "admin",
    ("POST", "/admin/users/{username}"): "admin",
}


def routes() -> list[tuple[str, str]]:
    out = []
    for module in (pages, review, account_pages, api):
        for r in module.router.routes:
            for method in sorted(getattr(r, "methods", ()) or ()):
                if method != "HEAD":
                    out.append((method, r.path))
    return out


def document() -> Document:
    start = TEXT.index("4 people were killed")
    fig = Figure(
        outcome="killed",
        category="unspecified",
        group="people",
        count=Count(4, 4, 4, "exact", "4"),
        evidence=Evidence(start, start + len("4 people were killed"), "4 people were killed"),
        source=Source("police", "police", "Police said"),
        as_of="2024-02-05",
    )
    place = Place("Kisumu", None, "KE", -0.1, 34.75)
    doc = Document(
        id="stall 1",
        text=TEXT,
        title="Truck kills 4 at Kisumu market",
        published="2024-02-05",
        figures=[fig],
        summary=Summary(when="2024-02-05", where=place, killed=Count(4, 4, 4, "exact", "4")),
    )
    doc.check()
    return doc


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, kit: Any, databases: Any
) -> Iterator[Any]:
    server = kit.start_server(
        databases(request.param, tmp_path_factory.mktemp("guards") / "web.db", shared=False)
    )
    with Store(server.db_url) as store:
        store.ingest_documents([document()])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def people(live: Any, kit: Any) -> Iterator[dict[str, Any]]:
    """ada (admin), una (signed up, not approved), vic (viewer), rae (reviewer)."""
    ada = kit.client(live)
    assert ada.signup("ada").status_code == 200
    una = kit.client(live)
    assert una.signup("una").status_code == 403
    vic = kit.make_user(live, ada, "vic", "viewer")
    rae = kit.make_user(live, ada, "rae", "reviewer")
    yield {"ada": ada, "una": una, "vic": vic, "rae": rae}
    for c in (ada, una, vic, rae):
        c.close()


def concrete(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)(?::path)?\}", lambda m: ids[m.group(1)], path)


def ids_of(c: Any) -> dict[str, str]:
    doc = c.get(f"/api/documents/{quote('stall 1')}").json()
    return {
        "incident_id": str(doc["incident_id"]),
        "document_id": quote("stall 1"),
        "figure_id": str(doc["figures"][0]["id"]),
        "action": "confirm",
        "tag": "x",
        "token_id": "1",
        "username": "una",
    }


def call(c: httpx.Client, method: str, url: str, csrf: str) -> httpx.Response:
    if method == "GET":
        return c.get(url, follow_redirects=False)
    if url.startswith("/api/"):
        return c.post(url, json={"reason": "x"}, headers={"X-CSRF-Token": csrf}, follow_redirects=False)
    return c.post(url, data={"csrf_token": csrf, "reason": "x"}, follow_redirects=False)


def test_every_route_is_classified() -> None:
    found = set(routes())
    assert len(found) >= 40
    for key in PUBLIC | set(NEEDS) | {("GET", "/api/openapi.json"), ("GET", "/api/docs")}:
        assert key in found, f"{key} is no route any more: update this test"


def test_nobody_signed_in_gets_nothing(live: Any, people: dict[str, Any], kit: Any) -> None:
    ids = ids_of(people["ada"])
    with kit.client(live) as anon:
        csrf = kit.csrf_of(anon.get("/signin").text)  # a valid token: the refusal is about who
        for method, path in routes():
            if (method, path) in PUBLIC:
                continue
            url = concrete(path, ids)
            r = call(anon, method, url, csrf)
            if url.startswith("/api/"):
                assert r.status_code == 401, (method, url, r.status_code)
                assert r.json()["error"]["code"] == "unauthenticated"
            elif method == "GET":
                assert r.status_code == 303 and r.headers["location"].startswith("/signin?next="), url
            else:
                assert r.status_code == 401, (method, url, r.status_code)
                assert "Sign in first" in r.text


def test_an_unapproved_account_sees_nothing(live: Any, people: dict[str, Any], kit: Any) -> None:
    ids = ids_of(people["ada"])
    una = people["una"]
    csrf = kit.csrf_of(una.get("/waiting").text)
    for method, path in routes():
        if (method, path) in PUBLIC:
            continue
        url = concrete(path, ids)
        r = call(una, method, url, csrf)
        assert r.status_code == 403, (method, url, r.status_code)
        if url.startswith("/api/"):
            assert r.json()["error"]["code"] == "not_approved", url
        else:
            assert "waiting for an admin" in r.text, url
            assert "Kisumu" not in r.text and "4 people" not in r.text, url


@pytest.mark.parametrize("who,role", [("vic", "viewer"), ("rae", "reviewer")])
def test_each_role_gets_what_it_may_and_nothing_more(
    live: Any, people: dict[str, Any], kit: Any, who: str, role: str
) -> None:
    order = ("viewer", "reviewer", "admin")
    ids = ids_of(people["ada"])
    c = people[who]
    csrf = c.csrf("/account")
    before = people["ada"].get(f"/api/incidents/{ids['incident_id']}/history").json()["items"]
    for method, path in routes():
        if (method, path) in PUBLIC:
            continue
        needs = NEEDS.get((method, path), "viewer")
        url = concrete(path, ids)
        if order.index(needs) > order.index(role):
            r = call(c, method, url, csrf)
            assert r.status_code == 403, (who, method, url, r.status_code)
            expected = f"needs the {needs} role"
            if url.startswith("/api/"):
                assert r.json()["error"]["code"] == "forbidden" and expected in r.json()["error"]["message"]
            else:
                assert expected in r.text, url
        elif method == "GET":
            r = c.get(url, follow_redirects=False)
            assert r.status_code in (200, 303), (who, url, r.status_code)
    if role == "viewer":  # none of the refused writes left a trace
        after = people["ada"].get(f"/api/incidents/{ids['incident_id']}/history").json()["items"]
        assert after == before


class Forms(HTMLParser):
    """Every form of a page: its method, action and hidden fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"method": (a.get("method") or "get").lower(), "action": a.get("action"), "fields": {}}
            )
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value")


def test_every_form_on_every_page_carries_the_csrf_token(live: Any, people: dict[str, Any], kit: Any) -> None:
    ada = people["ada"]
    ids = ids_of(ada)
    ada.form(f"/incidents/{ids['incident_id']}", f"/incidents/{ids['incident_id']}/tags", {"tag": "market"})
    ada.form(f"/incidents/{ids['incident_id']}", f"/incidents/{ids['incident_id']}/bookmark", {})
    token = ada.csrf("/account")
    seen = 0
    for path in (
        "/incidents",
        f"/incidents/{ids['incident_id']}",
        f"/reports/{ids['document_id']}",
        f"/figures/{ids['figure_id']}",
        "/bookmarks",
        "/tags/market",
        "/account",
        "/admin/users",
    ):
        parser = Forms()
        parser.feed(ada.get(path).text)
        posts = [f for f in parser.forms if f["method"] == "post"]
        for f in posts:
            assert f["fields"].get("csrf_token") == token, (path, f["action"])
        seen += len(posts)
    with kit.client(live) as anon:
        for path in ("/signin", "/signup"):
            parser = Forms()
            parser.feed(anon.get(path).text)
            posts = [f for f in parser.forms if f["method"] == "post"]
            assert posts and all(f["fields"].get("csrf_token") for f in posts), path
            seen += len(posts)
    assert seen >= 15


def test_passwords_are_argon2id_and_secrets_are_kept_as_hashes(live: Any, people: dict[str, Any]) -> None:
    ada = people["ada"]
    page = ada.form("/account", "/account/tokens", {"name": "audit"}).text
    secret = page.split('id="new-token">')[1].split("<")[0]
    cookie = ada.cookies["tw_session"]
    with Store(live.db_url) as store, store.read() as conn:
        hashes = [
            r[0] for r in conn.execute(text("SELECT password_hash FROM web_users WHERE username != 'local'"))
        ]
        tables = inspect(conn).get_table_names()
        dump = "\n".join(
            str(tuple(row)) for t in tables for row in conn.execute(text(f'SELECT * FROM "{t}"'))
        )
    assert len(hashes) == 4 and all(h.startswith("$argon2id$") for h in hashes)
    assert len(set(hashes)) == 4  # salted: the same password, four hashes
    assert "correct horse battery staple" not in dump
    assert cookie not in dump and secret not in dump  # only their SHA-256 is stored
    import hashlib

    assert hashlib.sha256(cookie.encode()).hexdigest() in dump
    assert hashlib.sha256(secret.encode()).hexdigest() in dump


def test_a_disabled_account_is_shut_out(live: Any, people: dict[str, Any], kit: Any) -> None:
    ada = people["ada"]
    with closing(kit.make_user(live, ada, "dan", "reviewer")) as dan:
        assert dan.get("/incidents").status_code == 200
        ada.form("/admin/users", "/admin/users/dan", {"action": "disable"})
        r = dan.get("/incidents", follow_redirects=False)
        assert r.status_code in (303, 403)
        assert "Kisumu" not in r.text


def test_errors_have_one_shape(live: Any, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """401, 403, 404, 405, 422 and a crash: the same JSON shape under /api/."""
    ada = people["ada"]
    page = ada.form("/account", "/account/tokens", {"name": "shape"}).text
    secret = page.split('id="new-token">')[1].split("<")[0]
    from tollwatch.ledger import queries

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the store fell over")

    with httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {secret}"}) as c:
        cases = [
            (httpx.get(f"{live.url}/api/incidents"), 401, "unauthenticated"),
            (people["una"].get("/api/incidents"), 403, "not_approved"),
            (c.get("/api/figures/999999"), 404, "not_found"),
            (c.delete("/api/incidents"), 405, "method_not_allowed"),
            (c.get("/api/incidents", params={"sort": "nonsense"}), 422, "invalid"),
            (c.post("/api/figures/1/reject", json={"reason": 5}), 422, "invalid"),
        ]
        monkeypatch.setattr(queries, "get_incident", broken)
        cases.append((c.get("/api/incidents/1"), 500, "internal_error"))
    for r, status, code in cases:
        assert r.status_code == status, (r.request.url, r.text)
        body = r.json()
        assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message", "details"}
        assert (body["error"]["status"], body["error"]["code"]) == (status, code)
        assert isinstance(body["error"]["details"], list) and body["error"]["message"]
    assert "the store fell over" not in cases[-1][0].text  # no internals leak


#: A reference to another origin in a page or our own asset: src/href/url()/import/fetch.
FOREIGN = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//|fetch\(\s*["'](?:https?:)?//""",
    re.I,
)


def test_nothing_is_loaded_from_another_origin() -> None:
    """Templates, our script and stylesheet, and the vendored libraries' CSS hold no link
    to another origin (the browser tests also fail on any request off 127.0.0.1)."""
    web = Path(str(files("tollwatch.web")))
    checked = 0
    for path in [*web.glob("templates/*.html"), *web.glob("static/**/*.js"), *web.glob("static/**/*.css")]:
        text = path.read_text(encoding="utf-8")
        if "/vendor/" in path.as_posix() and path.suffix == ".js":
            # minified libraries: no loader of remote code (their licence comments may cite URLs)
            assert not re.search(r"""\bimportScripts\(|\.src\s*=\s*["']https?://""", text), path
        else:
            assert not FOREIGN.search(text), (path, FOREIGN.search(text))
        checked += 1
    assert checked >= 15
    atlas = list(web.glob("static/vendor/atlas/*.json"))
    assert atlas and sum(p.stat().st_size for p in atlas) > 100_000  # a real basemap ships


def test_the_pages_set_no_link_to_another_origin(live: Any, people: dict[str, Any]) -> None:
    ada = people["ada"]
    ids = ids_of(ada)
    for path in (
        "/incidents",
        f"/incidents/{ids['incident_id']}",
        f"/reports/{ids['document_id']}",
        "/api/docs",
    ):
        html = ada.get(path).text
        for m in re.finditer(r"""<(script|link|img|iframe)\b[^>]*(?:src|href)="([^"]+)\"""", html):
            assert m.group(2).startswith("/") and not m.group(2).startswith("//"), (path, m.group(0))
