"""Accounts over HTTP against a real server: sign-up, approval, roles, sessions, CSRF,
rate-limited sign-in, API tokens, the JSON error shape, and ``tollwatch users``."""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from tollwatch.cli import app as cli_app
from tollwatch.web.settings import WebSettings, is_loopback


def test_first_account_is_admin_later_ones_wait(kit: Any, server: Any, admin_client: Any) -> None:
    assert admin_client.get("/account").text.count("admin") >= 1
    with kit.client(server) as bob:
        r = bob.signup("bob")
        assert r.status_code == 403 and "Waiting for approval" in r.text
        # an unapproved account sees nothing: pages, exports and the API all refuse
        for path in ("/incidents", "/incidents?format=csv", "/bookmarks", "/incidents/1", "/reports/x"):
            r = bob.get(path)
            assert r.status_code == 403, path
            assert "waiting for an admin" in r.text
        r = bob.get("/api/incidents")
        assert r.status_code == 403
        assert r.json()["error"]["code"] == "not_approved"
        # the admin sees the waiting account and approves it as a viewer
        users = admin_client.get("/admin/users").text
        assert 'data-user="bob"' in users and "waiting" in users
        r = admin_client.form("/admin/users", "/admin/users/bob", {"action": "approve", "role": "viewer"})
        assert r.status_code == 200
        assert bob.get("/incidents").status_code == 200


def test_viewer_cannot_administer(kit: Any, server: Any, admin_client: Any) -> None:
    with closing(kit.make_user(server, admin_client, "vera", "viewer")) as vera:
        assert vera.get("/admin/users").status_code == 403
        r = vera.post(
            "/admin/users/vera", data={"action": "role", "role": "admin", "csrf_token": vera.csrf()}
        )
        assert r.status_code == 403
        assert "needs the admin role" in r.text


def test_session_cookie_flags_and_rotation(kit: Any, server: Any) -> None:
    with kit.client(server) as c:
        c.signup("ada")
        c.post("/signout", data={"csrf_token": c.csrf()})
        token = kit.csrf_of(c.get("/signin").text)
        r = c.post(
            "/signin",
            data={"username": "ada", "password": kit.PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert r.status_code == 303
        cookie = r.headers["set-cookie"]
        assert cookie.startswith("tw_session=")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        assert "Secure" not in cookie  # plain http on loopback; https requests get Secure
        first = c.cookies["tw_session"]
        # signing in again rotates the session: the old token stops working
        c.signin("ada")
        second = c.cookies["tw_session"]
        assert second != first
        with httpx.Client(base_url=server.url, cookies={"tw_session": first}) as stale:
            assert stale.get("/incidents", follow_redirects=False).status_code == 303  # to /signin
        # signing out ends the session on the server
        c.post("/signout", data={"csrf_token": c.csrf()})
        with httpx.Client(base_url=server.url, cookies={"tw_session": second}) as old:
            assert old.get("/account", follow_redirects=False).headers["location"].startswith("/signin")


def test_secure_cookie_flag_when_asked(kit: Any, tmp_path: Path) -> None:
    live = kit.start_server(tmp_path / "s.db", secure_cookies=True)
    try:
        with kit.client(live) as c:
            r = c.get("/signup")
            assert "Secure" in r.headers["set-cookie"]
    finally:
        live.stop()


def test_signin_is_rate_limited_per_account_and_address(kit: Any, server: Any, admin_client: Any) -> None:
    with kit.client(server) as mallory:
        for _ in range(5):
            assert mallory.signin("ada", "wrong password!!").status_code == 401
        r = mallory.signin("ada")  # even the right password is refused now
        assert r.status_code == 429
        assert "Too many failed sign-ins" in r.text
    # another account from the same address is not blocked
    kit.make_user(server, admin_client, "bob", "viewer").close()
    with kit.client(server) as bob:
        assert bob.signin("bob").status_code == 200


def test_csrf_token_required_on_every_form(kit: Any, server: Any, admin_client: Any) -> None:
    # sign-up/sign-in forms before any session
    with kit.client(server) as anon:
        anon.get("/signin")
        r = anon.post("/signin", data={"username": "ada", "password": kit.PASSWORD})
        assert r.status_code == 403 and "security token" in r.text
    # state-changing forms of a signed-in user
    r = admin_client.post("/account/tokens", data={"name": "x"})
    assert r.status_code == 403
    r = admin_client.post("/account/tokens", data={"name": "x", "csrf_token": "0" * 64})
    assert r.status_code == 403
    assert admin_client.form("/account", "/account/tokens", {"name": "x"}).status_code == 200


def test_cross_site_post_is_refused_even_with_a_token(kit: Any, server: Any, admin_client: Any) -> None:
    token = admin_client.csrf()
    r = admin_client.post(
        "/account/tokens",
        data={"name": "x", "csrf_token": token},
        headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert r.status_code == 403
    r = admin_client.post(
        "/account/tokens", data={"name": "x", "csrf_token": token}, headers={"Origin": "http://evil.example"}
    )
    assert r.status_code == 403


def test_api_needs_a_token_and_errors_have_one_shape(kit: Any, server: Any, admin_client: Any) -> None:
    with httpx.Client(base_url=server.url) as api:
        r = api.get("/api/incidents")
        assert r.status_code == 401
        assert r.headers["www-authenticate"] == "Bearer"
        body = r.json()
        assert set(body) == {"error"}
        assert body["error"]["status"] == 401 and body["error"]["code"] == "unauthenticated"
        assert body["error"]["message"]
        r = api.get("/api/incidents", headers={"Authorization": "Bearer tw_not-a-real-token"})
        assert r.status_code == 401
    # make a token on the account page, use it
    page = admin_client.form("/account", "/account/tokens", {"name": "script"}).text
    secret = page.split('id="new-token">')[1].split("<")[0]
    auth = {"Authorization": f"Bearer {secret}"}
    with httpx.Client(base_url=server.url, headers=auth) as api:
        assert api.get("/api/incidents").status_code == 200
        r = api.get("/api/incidents/999999")
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
        r = api.get("/api/incidents", params={"limit": "many"})
        assert r.status_code == 422
        err = r.json()["error"]
        assert err["code"] == "invalid" and err["details"][0]["field"].endswith("limit")
        r = api.get("/api/no-such-thing")
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    # a revoked token stops working
    account = admin_client.get("/account").text
    token_id = account.split('action="/account/tokens/')[1].split("/")[0]
    admin_client.form("/account", f"/account/tokens/{token_id}/revoke", {})
    with httpx.Client(base_url=server.url, headers=auth) as api:
        assert api.get("/api/incidents").status_code == 401


def test_security_headers(kit: Any, server: Any) -> None:
    with httpx.Client(base_url=server.url) as c:
        r = c.get("/signup")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"


def test_no_auth_mode_only_on_loopback(kit: Any, noauth_server: Any) -> None:
    with httpx.Client(base_url=noauth_server.url, follow_redirects=True) as c:
        r = c.get("/incidents")
        assert r.status_code == 200 and "single-user mode" in r.text
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    with pytest.raises(ValueError, match="loopback"):
        WebSettings(db_url="sqlite://", host="0.0.0.0", no_auth=True)
    result = CliRunner().invoke(cli_app, ["serve", "--no-auth", "--host", "0.0.0.0", "--db", "sqlite://"])
    assert result.exit_code == 2
    assert "only on a loopback address" in result.output
    result = CliRunner().invoke(cli_app, ["serve", "--no-auth", "--behind-proxy", "--db", "sqlite://"])
    assert result.exit_code == 2 and "--behind-proxy" in result.output


def test_users_cli_adds_users_and_resets_passwords(
    kit: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    monkeypatch.setenv("TW_PW", kit.PASSWORD)
    r = runner.invoke(
        cli_app, ["users", "add", "rita", "--role", "reviewer", "--db", db, "--password-env", "TW_PW"]
    )
    assert r.exit_code == 0, r.output
    assert "added rita (reviewer)" in r.output
    r = runner.invoke(cli_app, ["users", "add", "rita", "--db", db, "--password-env", "TW_PW"])
    assert r.exit_code == 1 and "taken" in r.output
    r = runner.invoke(cli_app, ["users", "list", "--db", db])
    assert "rita" in r.output and "reviewer" in r.output and "approved" in r.output
    r = runner.invoke(cli_app, ["users", "reset-password", "rita", "--db", db], input="a new long password\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        cli_app, ["users", "reset-password", "nobody", "--db", db], input="a new long password\n"
    )
    assert r.exit_code == 1 and "no user" in r.output
    r = runner.invoke(cli_app, ["users", "add", "shorty", "--db", db], input="short\n")
    assert r.exit_code == 1 and "at least 10" in r.output
    # the reset password works in the web app, the old one does not
    live = kit.start_server(Path(db))
    try:
        with kit.client(live) as c:
            assert c.signin("rita").status_code == 401
            r = c.signin("rita", "a new long password")
            assert r.status_code == 200 and "rita" in r.text
    finally:
        live.stop()


def test_users_cli_approves_sets_roles_disables_and_enables(kit: Any, tmp_path: Path) -> None:
    """An account that signed up on the web, handled from the shell: the web app follows."""
    db = tmp_path / "roles.db"
    runner = CliRunner()
    live = kit.start_server(db)
    try:
        with kit.client(live) as ada, kit.client(live) as sam:
            assert ada.signup("ada").status_code == 200
            assert sam.signup("sam").status_code == 403  # waiting
            r = runner.invoke(cli_app, ["users", "list", "--db", str(db)])
            assert re.search(r"^sam\s+viewer\s+waiting", r.output, re.M), r.output
            r = runner.invoke(cli_app, ["users", "approve", "sam", "--role", "viewer", "--db", str(db)])
            assert r.exit_code == 0 and "approved sam (viewer)" in r.output
            assert sam.get("/incidents").status_code == 200
            assert "Review this figure" not in sam.get("/incidents").text
            r = runner.invoke(cli_app, ["users", "set-role", "sam", "reviewer", "--db", str(db)])
            assert r.exit_code == 0 and "sam is now reviewer" in r.output
            assert sam.get("/api/me").json()["role"] == "reviewer"
            r = runner.invoke(cli_app, ["users", "set-role", "sam", "overlord", "--db", str(db)])
            assert r.exit_code == 1 and "not one of viewer, reviewer, admin" in r.output
            r = runner.invoke(cli_app, ["users", "disable", "sam", "--db", str(db)])
            assert r.exit_code == 0 and "disabled sam" in r.output
            assert sam.get("/incidents", follow_redirects=False).status_code in (303, 403)
            assert sam.signin("sam").status_code in (401, 403)
            r = runner.invoke(cli_app, ["users", "enable", "sam", "--db", str(db)])
            assert r.exit_code == 0 and "enabled sam" in r.output
            assert sam.signin("sam").status_code == 200
            # the last admin cannot be demoted or disabled: nobody could approve anyone then
            r = runner.invoke(cli_app, ["users", "set-role", "ada", "viewer", "--db", str(db)])
            assert r.exit_code == 1 and "last admin" in r.output
            r = runner.invoke(cli_app, ["users", "disable", "ada", "--db", str(db)])
            assert r.exit_code == 1 and "last admin" in r.output
    finally:
        live.stop()


def test_tollwatch_serve_runs_on_loopback(kit: Any, tmp_path: Path) -> None:
    """The command itself: it binds to 127.0.0.1 by default and serves the sign-up page."""
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [
        sys.executable,
        "-c",
        "from tollwatch.cli import main; main()",
        "serve",
        "--db",
        str(tmp_path / "s.db"),
        "--create",
    ]
    proc = subprocess.Popen(
        [*cmd, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", follow_redirects=True, timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "tollwatch serve did not start"
                time.sleep(0.2)
        assert str(r.url).endswith("/signup") and "first account" in r.text
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert f"on http://127.0.0.1:{port}/" in err


def test_serve_with_workers_answers_from_several_bounded_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve --workers 2``: two server processes answer on one port, each opening the store
    with the server's bounded connections (a few, small page cache)."""
    import json
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    from tollwatch.cli.web import _SETTINGS_ENV, worker_app
    from tollwatch.ledger.engine import SERVER

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-c", "from tollwatch.cli import main; main()", "serve", "--create"]
    db = tmp_path / "w.db"
    proc = subprocess.Popen(
        [*cmd, "--db", str(db), "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", follow_redirects=True, timeout=10)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "tollwatch serve --workers 2 did not start"
                time.sleep(0.3)
        assert str(r.url).endswith("/signup")
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(children) >= 2, children  # the workers (and uvicorn's own helper, if any)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert f"on http://127.0.0.1:{port}/ with 2 processes" in err
    # what each worker process builds: the app over the store with the server's bounds
    given = {"db_url": f"sqlite:///{db}", "host": "127.0.0.1", "no_auth": False}
    monkeypatch.setenv(_SETTINGS_ENV, json.dumps({**given, "secure_cookies": False, "allow_private": False}))
    app: Any = worker_app()
    engine = app.state.engine
    assert engine.pool.size() == SERVER.pool and engine.pool._max_overflow == SERVER.overflow
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -1024 * SERVER.cache_mib
    app.state.store.close()


def test_one_address_cannot_try_many_accounts(tmp_path: Path) -> None:
    from tollwatch.ledger import Store
    from tollwatch.web import accounts
    from tollwatch.web.accounts import RateLimit

    limit = RateLimit(attempts=5, per_address=8)
    with Store(tmp_path / "r.db") as store, store.write() as conn:
        for i in range(8):
            assert not accounts.signin_blocked(conn, f"user{i}", "10.0.0.9", limit)
            accounts.record_signin(conn, f"user{i}", "10.0.0.9", ok=False)
        assert accounts.signin_blocked(conn, "someone-else", "10.0.0.9", limit)
        assert not accounts.signin_blocked(conn, "someone-else", "10.0.0.10", limit)


def test_the_docs_name_every_serve_option_and_users_command() -> None:
    """README's web section and docs/web.md cannot drift from the CLI."""
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The web dashboard", 1)[1].split("\n## ", 1)[0]
    guide = (root / "docs" / "web.md").read_text(encoding="utf-8")
    runner = CliRunner()
    serve_help = runner.invoke(cli_app, ["serve", "--help"], env={"COLUMNS": "200"}).stdout
    options = set(re.findall(r"(--[a-z][a-z-]+)", serve_help)) - {"--help"}
    assert {"--db", "--host", "--port", "--no-auth", "--behind-proxy", "--secure-cookies"} <= options
    for option in options:
        assert option in section, f"README's web section does not mention serve {option}"
    users_help = runner.invoke(cli_app, ["users", "--help"], env={"COLUMNS": "200"}).stdout
    commands = set(re.findall(r"^  ([a-z][a-z-]+)\s", users_help.split("Commands:", 1)[1], re.M))
    assert {"add", "reset-password", "list", "approve", "set-role", "disable", "enable"} <= commands
    for command in commands:
        assert command in section, f"README's web section does not mention users {command}"
        assert f"tollwatch users {command}" in guide, f"docs/web.md does not show users {command}"
