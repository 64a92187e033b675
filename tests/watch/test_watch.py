"""A watch over three rounds: a feed gains entries and a page changes; new reports are stored
once, nothing is fetched twice, the toll change is logged; the state survives a restart."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tollwatch.cli import app
from tollwatch.ledger import Store
from tollwatch.read.fetch import FetchOptions
from tollwatch.watch import Watch, WatchOptions, list_sources, parse_every

LOCAL = WatchOptions(fetch=FetchOptions(allow_private=True, delay=0, retries=0))
FLOODS = """Flash floods swept through three villages in Sindh province overnight, killing nine people
and injuring 40, the provincial disaster management authority said on Monday.

About 2,000 people were moved to schools on higher ground near Larkana."""
FLOODS_LATER = """Twelve people have now been killed and 52 injured by the flash floods in three villages
of Sindh province, the provincial disaster management authority said on Tuesday.

About 2,000 people were moved to schools on higher ground near Larkana."""
QUAKE = """An earthquake of magnitude 6.1 shook the coastal province of Esmeraldas on Sunday, killing
14 people, officials said. More than 200 were injured by falling masonry."""
FIRE = """A fire in a garment factory in Gazipur killed seven workers and injured 30 on Wednesday
night, the fire service said."""


def _rss(base: str, items: list[tuple[str, str]]) -> str:
    body = "".join(f"<item><title>{t}</title><link>{base}{p}</link></item>" for t, p in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>{body}</channel></rss>'


def test_three_rounds(site: Any, article: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    feed = [("Quake kills 14", "/news/quake")]
    site.routes["/feed.xml"] = site.route(_rss(site.url, feed), content_type="application/rss+xml")
    site.routes["/news/quake"] = site.route(article("Quake kills 14", QUAKE))
    site.routes["/news/fire"] = site.route(article("Factory fire kills seven", FIRE))
    site.routes["/floods/live"] = site.route(article("Floods kill nine in Sindh", FLOODS), etag='"v1"')
    caplog.set_level(logging.INFO, logger="tollwatch.watch")
    with Store(tmp_path / "w.db") as store:
        w = Watch(store, LOCAL)
        w.add([site.url + "/feed.xml", site.url + "/floods/live"], actor="test")

        first = w.round()
        assert (first.new_reports, first.incidents_new, first.failed) == (2, 2, 0)
        assert first.new_figures >= 4 and not first.toll_changes

        # round 2: the feed gains an entry; the page is unchanged (304 to its ETag)
        feed.append(("Factory fire kills seven", "/news/fire"))
        site.routes["/feed.xml"] = site.route(_rss(site.url, feed), content_type="application/rss+xml")
        second = w.round()
        assert (second.new_reports, second.unchanged, second.entries) == (1, 1, 1)
        assert site.requests_to("/news/quake") == 1 and site.requests_to("/news/fire") == 1
        assert [h.get("if-none-match") for p, h in site.log if p == "/floods/live"] == [None, '"v1"']

        # round 3: the page changes: a new report, and the incident's toll changes
        site.routes["/floods/live"] = site.route(
            article("Floods toll rises to 12", FLOODS_LATER, "2026-03-10"), etag='"v2"'
        )  # updated on the Tuesday it tells of (the first version is of Monday, 9 March)
        third = w.round()
        assert third.new_reports == 1 and third.entries == 1
        [change] = third.toll_changes
        assert change.before == (9, 40) and change.after == (12, 52)
        assert "killed 9→12" in caplog.text and "injured 40→52" in caplog.text
        assert site.requests_to("/news/quake") == 1 and site.requests_to("/news/fire") == 1

        with store.read() as conn:
            n = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one()
        assert n == 4  # quake, fire, floods twice: each stored once

    # a restart (a new watch over the same database) fetches no entry again
    with Store(tmp_path / "w.db") as store:
        again = Watch(store, LOCAL).round()
        assert again.new_reports == 0 and again.entries == 0
        assert site.requests_to("/news/quake") == 1
        [feed_row, page_row] = list_sources(store)
        assert feed_row["n_reports"] == 2 and page_row["n_reports"] == 2
        assert feed_row["last_status"] == "ok" and page_row["last_status"] == "unchanged"


def test_a_failed_entry_is_tried_again_and_a_gone_one_is_not(site: Any, article: Any, tmp_path: Path) -> None:
    site.routes["/feed.xml"] = site.route(
        _rss(site.url, [("Busy", "/news/busy"), ("Gone", "/news/gone")]), content_type="application/rss+xml"
    )
    site.routes["/news/busy"] = site.route("busy", status=503, then=[site.route(article("Quake", QUAKE))])
    site.routes["/news/gone"] = site.route("gone", status=404)
    with Store(tmp_path / "w.db") as store:
        w = Watch(store, LOCAL)
        w.add([site.url + "/feed.xml"])
        assert w.round().new_reports == 0
        assert w.round().new_reports == 1  # the 503 is read on the next round
        w.round()
    assert site.requests_to("/news/busy") == 2 and site.requests_to("/news/gone") == 1


def test_a_source_that_fails_is_logged_and_the_round_goes_on(site: Any, tmp_path: Path) -> None:
    with Store(tmp_path / "w.db") as store:
        w = Watch(store, WatchOptions(fetch=FetchOptions(delay=0)))  # no --allow-private
        w.add([site.url + "/feed.xml"])
        report = w.round()
        assert report.failed == 1 and list_sources(store)[0]["last_status"] == "blocked_private"
        assert w.remove(list_sources(store)[0]["id"]) and list_sources(store) == []


def test_watch_once_from_the_command_line(site: Any, article: Any, tmp_path: Path) -> None:
    site.routes["/feed.xml"] = site.route(
        _rss(site.url, [("Quake", "/news/quake")]), content_type="application/rss+xml"
    )
    site.routes["/news/quake"] = site.route(article("Quake kills 14", QUAKE))
    db = str(tmp_path / "w.db")
    args = ["watch", site.url + "/feed.xml", "--db", db, "--once", "--allow-private", "--delay", "0"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "round 1: 1 source(s) read" in result.output and "1 new report(s)" in result.output
    assert CliRunner().invoke(app, ["watch", "--db", db, "--every", "soon"]).exit_code == 2


def test_sigterm_stops_the_watch_cleanly(site: Any, tmp_path: Path) -> None:
    site.routes["/feed.xml"] = site.route(_rss(site.url, []), content_type="application/rss+xml")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    code = "from tollwatch.cli import main; main()"
    args = [
        "watch",
        site.url + "/feed.xml",
        "--db",
        str(tmp_path / "w.db"),
        "--every",
        "1h",
        "--allow-private",
    ]
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while site.requests_to("/feed.xml") == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # the round is logged, the watch waits for the next
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "round 1" in err and "stopping (SIGTERM)" in err and "stopped after 1 round" in err


def test_durations() -> None:
    assert [parse_every(t) for t in ("90", "30s", "15m", "2h", "1d")] == [90, 30, 900, 7200, 86400]
    for bad in ("soon", "-5m", "0"):
        with pytest.raises(ValueError):
            parse_every(bad)
