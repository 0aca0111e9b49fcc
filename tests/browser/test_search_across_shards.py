"""Search over an index in shards, in a real browser: the search page merges every shard
(pagefind.mergeIndex) so one box finds words that only a later shard holds, filters list and
narrow across shards, "Newest first"/"Oldest first" order results of several shards by date, and a
sub-result of a merged shard lands on its transcript moment. The site is served under a sub-path
(http://127.0.0.1:PORT/sub/), as on GitHub Pages.

The site is the render fixture plus four episodes in 2024 and 2025 (each with a word of its own),
indexed with shards made small on purpose (SHOWNOTES_SEARCH_SHARD_BYTES).
"""
from __future__ import annotations

import json
import re
import socket
import threading
from datetime import datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.build import build_site
from generator.search_shards import PAGES, scan_site
from shard_site import WORDS, make_project

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's Chromium: apt-get install -y chromium"),
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = tmp_path_factory.mktemp("shards")
    project = make_project(root / "project")
    base = f"http://127.0.0.1:{port}/sub/"
    out = root / "www" / "sub"
    out.parent.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        # a shard holds about one episode: shows are split by year, then by size, into a dozen shards
        mp.setenv("SHOWNOTES_SEARCH_SHARD_BYTES", str(max(p.weight for p in _pages(project, root)) + 1000))
        result = build_site(config_path=project / "site.yaml", content=project / "content", out=out,
                            base_url=base, search=True, use_cache=False)
    assert result.ok, [str(p) for p in result.problems]
    manifest = json.loads((out / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Quiet, directory=str((root / "www").resolve())))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            yield browser, base, manifest
            browser.close()
    finally:
        server.shutdown()


def _pages(project: Path, root: Path):
    probe = root / "probe"
    build_site(config_path=project / "site.yaml", content=project / "content", out=probe, search=False,
               use_cache=False)
    return scan_site(probe)


@pytest.fixture
def page(served):
    browser, base, _ = served
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, base
    page.close()
    assert not errors


def _search(page, query: str, settle: str = "() => document.querySelectorAll('#search-results > li').length > 0"):
    box = page.locator("#search-q")
    box.fill(query)
    box.press("Enter")
    page.wait_for_function(settle, timeout=15000)
    return page.locator("#search-results h2 a").evaluate_all("els => els.map(e => e.href)")


def _shard_of(manifest: dict, needle: str) -> dict:
    return next(s for s in manifest["shards"] if needle in s["name"])


def test_the_index_is_in_several_shards(served):
    _, _, manifest = served
    names = [s["name"] for s in manifest["shards"]]
    assert names[0].startswith(PAGES) and len(names) >= 5
    assert _shard_of(manifest, "signal-and-noise.2024")["path"].startswith("shards/")


def test_a_word_only_a_later_shard_holds_is_found(page):
    page, base = page
    page.goto(base + "search/")
    for word in WORDS.values():  # each in a shard merged into the primary one
        hrefs = _search(page, word, f"() => [...document.querySelectorAll('#search-results a')].some(a => a.href.includes('{word}'))")
        assert [re.sub(r"\?.*", "", h) for h in hrefs] == [f"{base}signal-and-noise/the-{word}-episode/"]
    assert page.locator("#search-status").text_content().startswith("1 result")


def test_a_merged_result_lands_on_the_transcript_moment(page):
    page, base = page
    page.goto(base + "search/?q=quokkaverse")
    page.wait_for_function("() => document.querySelectorAll('.sub-result-link').length > 0", timeout=15000)
    hrefs = page.locator(".sub-result-link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    # the word is in the title and the notes too (the places at the top), and said once, at 5:00
    assert "/sub/signal-and-noise/the-quokkaverse-episode/?highlight=quokkaverse#t-00-05-00" in hrefs
    link = page.locator('.sub-result-link[href$="#t-00-05-00"]')
    assert link.text_content().startswith("5:00")
    link.click()
    page.wait_for_url("**/sub/signal-and-noise/the-quokkaverse-episode/?highlight=quokkaverse#t-00-05-00")
    page.wait_for_function("() => { const r = document.getElementById('t-00-05-00').getBoundingClientRect();"
                           " return r.top >= -5 && r.top < innerHeight; }", timeout=5000)
    page.wait_for_function("() => [...document.querySelectorAll('mark')].some(m => /quokkaverse/i.test(m.textContent))",
                           timeout=5000)


def test_filters_come_from_every_shard_and_narrow_across_them(page):
    page, base = page
    page.goto(base + "search/?q=grace")
    page.wait_for_function("() => document.querySelectorAll('#search-person option').length > 1", timeout=15000)
    assert set(page.locator("#search-show option").all_text_contents()) == {"All shows", "Deep Dives", "Signal & Noise"}
    assert {"Ada Host", "Bo Host", "Grace Guest"} <= set(page.locator("#search-person option").all_text_contents())
    page.wait_for_function("() => document.querySelectorAll('#search-results > li').length > 0", timeout=15000)
    every = page.locator("#search-results h2 a").evaluate_all("els => els.map(e => e.href)")
    assert any("/deep-dives/" in h for h in every) and any("quokkaverse" in h for h in every)
    page.select_option("#search-show", "Signal & Noise")
    page.wait_for_function("() => { const a = [...document.querySelectorAll('#search-results h2 a')];"
                           " return a.length > 0 && a.every(e => e.href.includes('/signal-and-noise/')); }", timeout=15000)
    narrowed = page.locator("#search-results h2 a").evaluate_all("els => els.map(e => e.href)")
    assert all(w in " ".join(narrowed) for w in WORDS.values())  # from the 2024 and the 2025 shards


def _dates(page) -> list[datetime]:
    metas = page.locator("#search-results .result-meta").all_text_contents()
    return [datetime.strptime(m.split(" · ")[1], "%d %B %Y") for m in metas]


def test_sorting_by_date_across_shards(page):
    page, base = page
    page.goto(base + "search/")
    _search(page, "grace")
    while page.locator("#search-more").is_visible():
        page.locator("#search-more").click()
    best = page.locator("#search-results h2 a").evaluate_all("els => els.map(e => e.href)")
    page.select_option("#search-sort", "desc")
    page.wait_for_function("() => document.getElementById('search-results').children.length > 0 &&"
                           " [...document.querySelectorAll('#search-results h2 a')].every(a => !a.href.includes('/people/'))",
                           timeout=15000)
    while page.locator("#search-more").is_visible():
        page.locator("#search-more").click()
    newest = _dates(page)
    assert len(newest) >= 6 and newest == sorted(newest, reverse=True)
    assert newest[0].year == 2026 and newest[-1].year == 2024  # results of several shards, interleaved by date
    hrefs = page.locator("#search-results h2 a").evaluate_all("els => els.map(e => e.href)")
    assert {h for h in hrefs} == {h for h in best if "/people/" not in h and not h.rstrip("/").endswith(("/deep-dives", "/signal-and-noise"))}
    page.select_option("#search-sort", "asc")
    page.wait_for_function("() => { const m = document.querySelector('#search-results .result-meta');"
                           " return m && m.textContent.includes('2024'); }", timeout=15000)
    while page.locator("#search-more").is_visible():
        page.locator("#search-more").click()
    oldest = _dates(page)
    assert oldest == sorted(oldest) and sorted(oldest) == sorted(newest)
