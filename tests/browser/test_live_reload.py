"""A page open in a real browser reloads itself after an edit, shows the build's problems over
the last good page while the content is broken, and drops them once it is fixed."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "serve"))
from serve_harness import EPISODE, EPISODE_URL, copy_fixture, serving  # noqa: E402

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's Chromium: apt-get install -y chromium"),
]


def test_open_page_reloads_after_edits(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    project = copy_fixture(tmp_path / "project")
    with serving(project) as s, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            with page.expect_request(lambda r: "__shownotes/events" in r.url):  # the page listens for changes
                page.goto(f"http://127.0.0.1:{s.port}{EPISODE_URL}")
            expect(page.locator("body")).to_contain_text("The original description")
            page.evaluate("() => { window.__notReloaded = true; }")

            t0 = time.monotonic()
            s.edit(EPISODE, "The original description", "A description the browser should see")
            expect(page.locator("body")).to_contain_text("the browser should see", timeout=10_000)
            print(f"browser showed the edit after {(time.monotonic() - t0) * 1000:.0f} ms")
            assert page.evaluate("() => window.__notReloaded === undefined")  # a reload, not a patch

            s.edit(EPISODE, "title: First episode", "title: [unclosed")
            overlay = page.locator("#shownotes-build-errors")
            expect(overlay).to_be_visible(timeout=10_000)
            expect(overlay).to_contain_text("2026-01-02-first-episode.md:2: invalid YAML")
            expect(page.locator("body")).to_contain_text("the browser should see")  # the last good build

            s.edit(EPISODE, "title: [unclosed", "title: First episode, fixed")
            expect(overlay).to_have_count(0, timeout=10_000)
            expect(page.locator("h1").first).to_contain_text("fixed")
            assert not errors, errors
        finally:
            browser.close()
