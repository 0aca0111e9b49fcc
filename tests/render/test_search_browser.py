"""The search page in a real browser, over a Pagefind index of the fixture site served under a sub-path.

Needs Chromium (/usr/bin/chromium) and Playwright; skipped without them. Run alone with
    .venv/bin/pytest tests/render -m browser
"""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .helpers import render_fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed")
    pytest.importorskip("playwright.sync_api")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = tmp_path_factory.mktemp("served")
    base = f"http://127.0.0.1:{port}/shownotes/"
    for sub, index in (("shownotes", True), ("unindexed/shownotes", False)):
        site = root / sub
        for rel, data in render_fixture(base if index else f"http://127.0.0.1:{port}/unindexed/shownotes/").items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_bytes(data)
        if index:
            subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True, timeout=300)
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser, base
        browser.close()
    server.shutdown()


def open_page(browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def results(page, query: str, want: str) -> list[str]:
    """The result links, without the ?highlight= words they carry for the landing page."""
    box = page.locator("main input[type=search]")
    box.fill(query)
    box.press("Enter")
    page.wait_for_function("w => [...document.querySelectorAll('#search-results a')].some(a => a.href.includes(w))",
                           arg=want, timeout=10000)
    hrefs = page.locator("#search-results a").evaluate_all("els => els.map(e => e.href)")
    return [re.sub(r"\?highlight=[^#]*", "", h) for h in hrefs]


def test_transcript_hit_links_to_its_segment(served):
    browser, base = served
    page, errors = open_page(browser)
    page.goto(base + "search/")
    hrefs = results(page, "proudest moments", "#t-")
    # a chapter heading sits at the very start of that segment ("Why caches lie" starts 5 s into it):
    # the segment, with its time, is still where the result lands
    assert base + "signal-and-noise/compilers-all-the-way-down/#t-00-02-40-3" in hrefs
    assert base + "deep-dives/grace-returns/#t-00-14-59" in hrefs
    marked = page.locator("#search-results a[href*='grace-returns']").evaluate_all("els => els.map(e => e.href)")
    assert any("?highlight=proudest%20moments#t-00-14-59" in h for h in marked), marked
    assert page.url.endswith("/search/?q=proudest%20moments")
    hrefs = results(page, "Grace", "people/grace-guest/")
    assert base + "people/grace-guest/" in hrefs
    assert not errors


def test_query_from_url_and_filters(served):
    browser, base = served
    page, errors = open_page(browser)
    page.goto(base + "search/?q=hardware")
    page.wait_for_function("() => document.querySelectorAll('#search-results a').length > 0", timeout=10000)
    assert page.locator("main input[type=search]").input_value() == "hardware"
    page.wait_for_function("() => document.querySelectorAll('#search-person option').length > 1", timeout=10000)
    people = page.locator("#search-person option").all_text_contents()
    assert {"Ada Host", "Bo Host", "Grace Guest"} <= set(people)
    assert set(page.locator("#search-show option").all_text_contents()) == {"All shows", "Deep Dives", "Signal & Noise"}
    page.select_option("#search-show", "Deep Dives")
    page.wait_for_function("() => [...document.querySelectorAll('#search-results a')].every(a => a.href.includes('/deep-dives/'))",
                           timeout=10000)
    assert not errors


def test_header_box_leads_to_search_page(served):
    browser, base = served
    page, errors = open_page(browser)
    page.goto(base + "people/")
    page.fill("#site-search-q", "compilers")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/shownotes/search/?q=compilers")
    page.wait_for_function("() => document.querySelectorAll('#search-results a').length > 0", timeout=10000)
    assert not errors


def test_without_an_index_the_page_says_so(served):
    browser, base = served
    page, errors = open_page(browser)
    page.goto(base.replace("/shownotes/", "/unindexed/shownotes/") + "search/?q=grace")
    page.wait_for_function("() => /not available/.test(document.getElementById('search-status').textContent)",
                           timeout=10000)
    # the only console message allowed is the browser's own note about the missing pagefind.js file
    assert all("404" in e or "Failed to load" in e or "Failed to fetch" in e for e in errors), errors


def test_phone_width_and_chapter_link(served):
    browser, base = served
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for rel in ["", "signal-and-noise/compilers-all-the-way-down/", "people/grace-guest/", "search/?q=grace"]:
        page.goto(base + rel)
        assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1"), rel
    page.goto(base + "signal-and-noise/compilers-all-the-way-down/")
    page.locator('table a[href="#t-00-10-00"]').first.click()
    page.wait_for_function("() => location.hash === '#t-00-10-00'")
    page.wait_for_function("() => { const r = document.getElementById('t-00-10-00').getBoundingClientRect();"
                           " return r.top >= -5 && r.top < innerHeight; }", timeout=5000)
