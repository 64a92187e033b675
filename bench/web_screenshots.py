"""Screenshots of the dashboard for the README: the incidents list, an incident, a report.

Ingests the samples (``samples/``, the crisis among them) into a temporary store, serves it on
127.0.0.1, signs up the admin, and has Debian's headless Chromium take full-page shots:

    .venv/bin/python bench/web_screenshots.py    # -> docs/incidents.png, incident.png, timeline.png,
                                                 #    incident-phone.png, timeline-phone.png (390 px
                                                 #    wide), report.png
    .venv/bin/python bench/web_screenshots.py --out /tmp/shots --samples samples/crisis
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn

from tollwatch.ledger import Store
from tollwatch.web.app import create_app
from tollwatch.web.settings import WebSettings

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", default=str(ROOT / "samples"))
    ap.add_argument("--out", default=str(ROOT / "docs"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/shots.db"
        with Store(url) as store:
            print(store.ingest([args.samples]).line())
        app = create_app(WebSettings(db_url=url))
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        try:
            shoot(base, out, args.chromium, url)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            app.state.engine.dispose()


def review_some(url: str, doc_id: str, figures: list[dict]) -> None:
    """Show the review colours: confirm the first figure, reject a crowd size if there is one."""
    with Store(url) as store:
        if figures:
            store.confirm_figure(
                figures[0]["id"], actor="analyst", reason="checked against the hospital list"
            )
        crowd = next((f for f in figures if f["outcome"] == "participants"), None)
        if crowd:
            store.reject_figure(crowd["id"], actor="analyst", reason="a crowd size, not a toll")


def shoot(base: str, out: Path, chromium: str, url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900}, device_scale_factor=1)
        page.goto(base + "/signup")
        page.fill("input[name=username]", "analyst")
        page.fill("input[name=password]", "a long sample password")
        page.fill("input[name=password2]", "a long sample password")
        page.click("button[type=submit]")
        page.wait_for_url("**/incidents")
        page.goto(base + "/incidents?sort=toll")
        page.wait_for_selector("#list-map[data-ready]")
        page.screenshot(path=str(out / "incidents.png"), full_page=True)
        print("wrote", out / "incidents.png")
        # the incident with the most reports
        page.goto(base + "/incidents?sort=reports")
        first = page.locator("#incidents tbody tr[data-incident]").first.get_attribute("data-incident")
        page.goto(f"{base}/incidents/{first}")
        page.wait_for_selector("#incident-map[data-ready]", timeout=15000)
        page.wait_for_selector("#timeline[data-ready]", timeout=15000)
        page.set_viewport_size({"width": 1360, "height": 1700})
        page.wait_for_timeout(300)  # the chart redraws at the new width
        page.screenshot(path=str(out / "incident.png"))  # the top: headline, tally, chart, map
        print("wrote", out / "incident.png")
        page.locator("#timeline-card").screenshot(path=str(out / "timeline.png"))
        print("wrote", out / "timeline.png")
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        phone.context.add_cookies(page.context.cookies())
        phone.goto(f"{base}/incidents/{first}")
        phone.wait_for_selector("#timeline[data-ready]", timeout=15000)
        phone.screenshot(path=str(out / "incident-phone.png"))  # the first screen
        print("wrote", out / "incident-phone.png")
        phone.locator("#timeline-card").screenshot(path=str(out / "timeline-phone.png"))
        print("wrote", out / "timeline-phone.png")
        phone.close()
        page.set_viewport_size({"width": 1360, "height": 900})
        # the report with the most figures in that incident
        links = page.locator("#reports a[href^='/reports/']").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        best, most = links[0], -1
        for href in links:
            page.goto(base + href)
            n = page.locator(".figcard").count()
            if n > most:
                best, most = href, n
        doc_id = best.split("/reports/", 1)[1]
        review_some(url, doc_id, page.request.get(f"{base}/api/documents/{doc_id}").json()["figures"])
        page.goto(base + best)
        first_mark = page.locator("mark.fig").first
        if first_mark.count():
            first_mark.click()
        page.screenshot(path=str(out / "report.png"), full_page=True)
        print("wrote", out / "report.png", f"({most} figures)")
        browser.close()


if __name__ == "__main__":
    main()
