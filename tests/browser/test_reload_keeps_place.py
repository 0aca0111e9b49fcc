"""`shownotes serve` reloads an open page after each rebuild without losing the reader's place: the
page comes back scrolled where it was, and its player at the same moment, playing if it was
playing and paused if it was paused (generator/serve/live.py saves them, page.js resumes)."""
from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "serve"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from listener_site import serve as serve_files, write_silence  # noqa: E402
from serve_harness import EPISODE, EPISODE_URL, copy_fixture, serving  # noqa: E402

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's Chromium: apt-get install -y chromium"),
]

PARAGRAPHS = 160  # a transcript long enough to scroll far down


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _long_episode(project: Path, audio_url: str) -> None:
    path = project / EPISODE
    text = path.read_text(encoding="utf-8").replace("audio: https://media.test/first.mp3", f"audio: {audio_url}")
    text = text.replace('duration: "0:30:00"', 'duration: "0:40:00"')
    turns = "".join(f"\n[0:{10 + i // 6:02d}:{(i % 6) * 10:02d}] **Bo Guest:** Paragraph {i} of a long answer about "
                    "caches, compilers and the rest of it, long enough to wrap onto a second line.\n"
                    for i in range(PARAGRAPHS))
    path.write_text(text.rstrip("\n") + "\n" + turns, encoding="utf-8")


def _wait_reloaded(page, text: str) -> None:
    page.wait_for_function("t => window.__notReloaded === undefined && document.body.innerText.includes(t)",
                           arg=text, timeout=15_000)


def test_reload_after_an_edit_keeps_scroll_and_player(tmp_path):
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    media = tmp_path / "media"
    write_silence(media / "silence.wav", seconds=600)
    media_port = _free_port()
    media_server = serve_files(media, media_port)
    project = copy_fixture(tmp_path / "project")
    _long_episode(project, f"http://127.0.0.1:{media_port}/silence.wav")
    try:
        with serving(project) as s, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                               "--autoplay-policy=no-user-gesture-required"])
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 700})
                page.set_default_timeout(10_000)
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                with page.expect_request(lambda r: "__shownotes/events" in r.url):
                    page.goto(f"http://127.0.0.1:{s.port}{EPISODE_URL}")
                height = page.evaluate("() => document.documentElement.scrollHeight - innerHeight")
                assert height > 3000, height  # room to scroll
                y = 2345
                page.evaluate("y => window.scrollTo(0, y)", y)
                page.wait_for_function("y => Math.abs(scrollY - y) < 1", arg=y)
                page.locator("#player-bar [data-act=play]").click()  # the listener presses play
                page.wait_for_function("() => !document.getElementById('player').paused")
                page.evaluate("() => { document.getElementById('player').currentTime = 120; }")
                page.wait_for_function("() => document.getElementById('player').currentTime >= 120")
                page.evaluate("() => { window.__notReloaded = true; }")

                # an edit while playing: the page reloads, scrolled where it was, still playing from there
                s.edit(EPISODE, "The original description", "An edited description")
                _wait_reloaded(page, "An edited description")
                page.wait_for_function("y => Math.abs(scrollY - y) < 2", arg=y)
                page.wait_for_function("() => { const a = document.getElementById('player');"
                                       " return !a.paused && a.currentTime >= 120 && a.currentTime < 140; }")
                assert page.locator("#player-bar [data-act=play]").get_attribute("aria-label") == "Pause"

                # paused elsewhere, scrolled elsewhere: the next reload keeps that too
                page.evaluate("() => { const a = document.getElementById('player'); a.pause(); a.currentTime = 300; }")
                page.wait_for_function("() => Math.abs(document.getElementById('player').currentTime - 300) < 1")
                y = 1234
                page.evaluate("y => window.scrollTo(0, y)", y)
                page.wait_for_function("y => Math.abs(scrollY - y) < 1", arg=y)  # the theme scrolls smoothly
                page.evaluate("() => { window.__notReloaded = true; }")
                s.edit(EPISODE, "An edited description", "A description edited twice")
                _wait_reloaded(page, "A description edited twice")
                page.wait_for_function("y => Math.abs(scrollY - y) < 2", arg=y)
                page.wait_for_function("() => Math.abs(document.getElementById('player').currentTime - 300) < 1")
                assert page.evaluate("() => document.getElementById('player').paused")
                assert page.evaluate("() => history.scrollRestoration") == "auto"  # given back to the browser

                # the state is used once: a reload by the reader finds none
                page.evaluate("() => window.scrollTo(0, 0)")
                page.reload()
                page.wait_for_load_state("load")
                assert page.evaluate("() => window.__shownotesReload === undefined")
                assert not errors, errors
            finally:
                browser.close()
    finally:
        media_server.shutdown()
