"""The listener's page in a real browser (issue 11): the player bar stays on screen, moments in the
address cue it, every time seeks (with or without a transcript), search lists each matching place of
an episode and lands on it with the words marked, and chapter headings never run backwards.

The site is the render fixture plus two episodes with audio (tests/browser/listener_site.py), served
on 127.0.0.1 with byte ranges; the audio is a WAV of silence written by the test. Screenshots of the
home, episode, person and search pages at 1280 and 360 px, light and dark, go to
$SHOWNOTES_SCREENS or /tmp/shownotes-screens (printed).
"""
from __future__ import annotations

import os
import re
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from listener_site import WORD, build_site, serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SCREENS = Path(os.environ.get("SHOWNOTES_SCREENS", "/tmp/shownotes-screens"))
LONG = "signal-and-noise/long-talk/"
AUDIO_ONLY = "signal-and-noise/audio-only/"
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 360, "height": 740}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's Chromium: apt-get install -y chromium"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    site = build_site(tmp_path_factory.mktemp("listener"), port)
    server = serve(site, port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            yield browser, f"http://127.0.0.1:{port}/"
            browser.close()
    finally:
        server.shutdown()


@pytest.fixture
def open_page(served):
    browser, base = served
    contexts = []

    def make(viewport=DESKTOP, **options):
        ctx = browser.new_context(viewport=viewport, **options)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(10_000)
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield make, base
    for ctx in contexts:
        ctx.close()


def audio_at(page, seconds: float, within: float = 1.0) -> None:
    page.wait_for_function("([t, d]) => Math.abs(document.getElementById('player').currentTime - t) < d",
                           arg=[seconds, within])


def settle_in_view(page, selector: str) -> None:
    """Wait until the element's top is on screen, below the top edge and above the player bar
    (scrolling may be smooth)."""
    page.wait_for_function("""sel => { const e = document.querySelector(sel); if (!e) return false;
        const r = e.getBoundingClientRect(); const bar = document.getElementById('player-bar');
        return r.top >= 0 && r.top < (bar ? bar.getBoundingClientRect().top : innerHeight); }""", arg=selector)


def in_view(page, selector: str) -> dict:
    return page.evaluate("""sel => { const r = document.querySelector(sel).getBoundingClientRect();
        const bar = document.getElementById('player-bar');
        const b = bar ? bar.getBoundingClientRect() : {top: innerHeight};
        return {top: r.top, bottom: r.bottom, barTop: b.top, barBottom: b.bottom, height: innerHeight}; }""", selector)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_player_stays_in_view_after_a_timestamp_click(open_page, viewport):
    make, base = open_page
    page = make(viewport)
    page.goto(base + LONG)
    page.locator('.seg-head a.ts[data-t="1810"]').click()  # 30:10, thirty minutes into the page
    page.wait_for_function("() => location.hash === '#t-00-30-10'")
    audio_at(page, 1810, 2)
    page.wait_for_function("() => !document.getElementById('player').paused")
    settle_in_view(page, "#t-00-30-10")
    box = in_view(page, "#t-00-30-10")
    assert 0 <= box["barTop"] and box["barBottom"] <= box["height"] + 0.5, box  # the bar is on screen
    assert page.locator("#player-bar [data-act=play]").is_visible()
    assert 0 <= box["top"] < box["barTop"] - 40, box  # the segment is below the top edge, clear of the bar
    page.wait_for_function("() => document.getElementById('t-00-30-10').classList.contains('is-now')")
    assert page.get_attribute("#t-00-30-10", "aria-current") == "time"
    assert "Thirty minutes in" in page.inner_text(".pb-chapter-title")
    assert not page.errors


def test_a_moment_in_the_address_cues_the_player(open_page):
    make, base = open_page
    page = make()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".wav") else None)
    page.goto(base + LONG + "#t=2250")
    audio_at(page, 2250)
    assert not fetched  # cued, not loaded: nothing asked of the audio host before the listener presses play
    page.wait_for_function("() => document.getElementById('t-00-37-10').classList.contains('is-target')")
    settle_in_view(page, "#t-00-37-10")
    box = in_view(page, "#t-00-37-10")
    assert 0 <= box["top"] < box["barTop"], box
    for hash_, seconds, segment in [("#t=12:34", 754, "t-00-12-10"), ("#t=0:05:10", 310, "t-00-05-10")]:
        page.evaluate("h => { location.hash = h; }", hash_)
        audio_at(page, seconds)
        page.wait_for_function("id => document.getElementById(id).classList.contains('is-target')", arg=segment)
    # a moment inside the long segment lands on the chapter heading placed there
    page.evaluate("() => { location.hash = '#t=1400'; }")
    audio_at(page, 1400)
    page.wait_for_function("() => document.querySelector('.chapter-heading.is-target[data-t=\"1350\"]')")
    assert not page.errors


def test_times_seek_on_an_episode_without_a_transcript(open_page):
    make, base = open_page
    page = make()
    page.goto(base + AUDIO_ONLY)
    assert page.locator(".chapter-table a[href='#t=750']").count() == 1
    assert page.locator("[id='t=750']").count() == 1  # the link resolves without JavaScript too
    page.locator(".chapter-table a[href='#t=750']").click()
    audio_at(page, 750, 2)
    assert page.evaluate("location.hash") == "#t=750"
    assert "The middle" in page.inner_text(".pb-chapter-title")
    page.locator(".description a[data-t='1260']").click()  # "(21:00)" written in the description
    audio_at(page, 1260, 2)
    page.locator(".highlight-list a[data-t='1260']").click()
    audio_at(page, 1260, 2)
    assert "no timed transcript" in page.inner_text(".chapters .note")
    page.goto(base + AUDIO_ONLY + "#t=30:00")
    audio_at(page, 1800)
    assert not page.errors


def test_a_repeated_word_lists_each_place_and_lands_marked(open_page):
    make, base = open_page
    page = make()
    page.goto(base + "search/")
    page.fill("main input[type=search]", WORD)
    page.press("main input[type=search]", "Enter")
    page.wait_for_function("() => document.querySelectorAll('.sub-result-link[href*=\"#t-\"]').length >= 3")
    results = page.locator(".result").filter(has_text="A long talk with a player")
    assert results.count() == 1  # one episode ...
    links = results.locator(".sub-result-link").evaluate_all("els => els.map(e => e.href)")
    moments = [h for h in links if "#t-" in h]
    fragments = [h.split("#")[1] for h in moments]
    assert fragments == ["t-00-05-10", "t-00-18-40", "t-00-33-10"], links  # ... each place its own result
    assert all(f"?highlight={WORD}#" in h for h in moments)
    assert not results.locator(".result-excerpt").filter(has_text="Grace Guest").count()  # no speaker labels
    for href, frag in zip(moments, fragments):
        page.goto("about:blank")  # a new page load each time, as from the results list
        page.goto(href)
        page.wait_for_function("id => document.querySelector(`[id='${id}'] mark.search-hit`)", arg=frag)
        marked = page.locator(f"[id='{frag}'] mark.search-hit").first
        assert marked.inner_text().lower() == WORD
        settle_in_view(page, "mark.search-hit-first")
        box = in_view(page, "mark.search-hit-first")
        assert page.evaluate("id => document.getElementById(id).contains(document.querySelector('mark.search-hit-first'))", frag)
        assert 0 <= box["top"] and box["bottom"] <= box["barTop"], box
    assert not page.errors


def test_chapter_headings_never_run_backwards(open_page):
    make, base = open_page
    page = make()
    page.goto(base + LONG)
    headings = page.evaluate("() => [...document.querySelectorAll('.chapter-heading')].map(h => Number(h.dataset.t))")
    assert headings == sorted(headings) and len(headings) == 7
    times = page.evaluate("() => [...document.querySelectorAll('.chapter-heading, .seg-head a.ts')].map(e => Number(e.dataset.t))")
    assert times == sorted(times)
    # the chapters that start inside the long 20:10 segment have their headings inside it, marked estimated
    inside = page.evaluate("() => [...document.querySelectorAll('#t-00-20-10 .chapter-heading')].map(h => h.dataset.t)")
    assert inside == ["1350", "1440"]
    assert page.locator("#t-00-20-10 .chapter-heading .placed").count() == 2
    # the chapter table links the segment (DESIGN §5) and the heading itself: a click lands on the heading
    link = page.locator(".chapter-table a[data-t='1350']")
    assert link.get_attribute("href") == "#t-00-20-10" and link.get_attribute("data-at").startswith("chapter-4-")
    link.click()
    page.wait_for_function("() => location.hash.startsWith('#chapter-4-')")
    settle_in_view(page, ".chapter-heading[data-t='1350']")
    box = in_view(page, ".chapter-heading[data-t='1350']")
    assert 0 <= box["top"] < box["barTop"], box
    assert not page.errors


def test_player_works_from_the_keyboard_and_remembers_follow(open_page):
    make, base = open_page
    page = make(permissions=["clipboard-read", "clipboard-write"])
    page.goto(base + LONG)
    page.focus("#player-bar [data-act=play]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('player').paused")
    assert page.get_attribute("#player-bar [data-act=play]", "aria-label") == "Pause"
    page.keyboard.press("Tab")  # -15
    page.keyboard.press("Tab")  # +30
    page.keyboard.press("Space")
    page.wait_for_function("() => document.getElementById('player').currentTime >= 29")
    page.focus("#player-bar [data-act=next]")
    page.keyboard.press("Enter")
    audio_at(page, 600, 2)  # the next chapter, "Caches"
    page.focus("#player-bar [data-act=speed]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('player').playbackRate") == 1.25
    page.focus("#player-bar [data-act=copy]")
    page.keyboard.press("Enter")  # "copy link to this moment"
    page.wait_for_function("() => /copied/.test(document.querySelector('.pb-status').textContent)")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(re.escape(base + LONG) + r"#t=10:0\d", copied), copied
    page.focus("#player-bar [data-act=follow]")
    page.keyboard.press("Space")
    assert page.get_attribute("#player-bar [data-act=follow]", "aria-pressed") == "true"
    page.reload()
    assert page.get_attribute("#player-bar [data-act=follow]", "aria-pressed") == "true"
    assert page.evaluate("document.getElementById('player').playbackRate") == 1.25
    assert not page.errors


def test_without_javascript(open_page):
    make, base = open_page
    page = make(PHONE, java_script_enabled=False)
    page.goto(base + LONG)
    assert page.locator("#player[controls]").is_visible()  # the browser's own player, in the bar
    box = in_view(page, "#player")
    assert box["bottom"] <= box["height"] + 0.5
    page.goto(base + "search/?q=" + WORD)
    note = page.locator(".noscript-note")
    assert note.is_visible() and "needs JavaScript" in note.inner_text()
    assert note.locator("a[href$='/feed.xml']").count() == 2  # each show's feed
    assert note.locator("a[href='/']").count() == 1  # and the episodes index


def test_screenshots(open_page):
    """Home, episode, person and search at 1280 and 360 px in light and dark, for a person to look at."""
    make, base = open_page
    SCREENS.mkdir(parents=True, exist_ok=True)
    pages = {"home": "", "episode": LONG, "person": "people/grace-guest/", "search": f"search/?q={WORD}"}
    for scheme in ("light", "dark"):
        for name_vp, viewport in (("1280", DESKTOP), ("360", PHONE)):
            page = make(viewport, color_scheme=scheme)
            for name, rel in pages.items():
                page.goto(base + rel)
                if name == "search":
                    page.wait_for_selector(".sub-result-link")
                page.wait_for_timeout(150)
                assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1"), (name, name_vp)
                page.screenshot(path=str(SCREENS / f"{name}-{name_vp}-{scheme}.png"))
            # and the episode in the middle of its transcript, landed on a chapter inside a long segment
            page.goto(base + LONG + "#t=1400")
            page.wait_for_selector(".chapter-heading.is-target")
            page.wait_for_timeout(400)
            page.screenshot(path=str(SCREENS / f"episode-transcript-{name_vp}-{scheme}.png"))
            assert not page.errors
    print(f"\nscreenshots: {SCREENS}")
    assert len(list(SCREENS.glob("*.png"))) >= 20


def test_pages_have_no_serious_or_critical_accessibility_violations(open_page):
    """axe-core (bundled by axe-playwright-python, no network) on home, episode, person and search, both schemes."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe = axe_module.Axe()
    make, base = open_page
    pages = {"home": "", "episode": LONG, "person": "people/grace-guest/", "search": f"search/?q={WORD}"}
    found = []
    for scheme in ("light", "dark"):
        page = make(DESKTOP, color_scheme=scheme)
        for name, rel in pages.items():
            page.goto(base + rel)
            if name == "search":
                page.wait_for_selector(".sub-result-link")
            results = axe.run(page)
            for v in results.response["violations"]:
                if v.get("impact") in ("serious", "critical"):
                    found.append((scheme, name, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]))
    assert found == []
