"""`shownotes serve`, the editors' loop: edits show without a restart, broken content keeps the
last good build and shows the problems over it, fixing it clears them; and a clean stop."""
from __future__ import annotations

import html as html_mod
import http.client
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from serve_harness import BASE_PATH, EPISODE, EPISODE_URL, PREVIEW, copy_fixture, leftovers, serving, start, wait_for

SECOND = "content/shows/demo-show/2026-01-09-second-episode.md"
EDIT_TARGET_SECONDS = 3.0  # the acceptance check's bound for the seed site


@pytest.fixture
def project(tmp_path):
    return copy_fixture(tmp_path / "project")


def version_of(html: str) -> str:
    return re.search(r'data-version="([^"]+)"', html).group(1)


def check_lines(project) -> list[str]:
    """What `shownotes check` prints for the content as it is now."""
    res = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True, text=True)
    return [line for line in res.stderr.splitlines() if line.startswith("content/")]


def test_edit_broken_fixed(project):
    """One session through the whole loop (one server start keeps the test short)."""
    with serving(project) as s:
        page = s.get(EPISODE_URL)
        assert page.status == 200 and "The original description" in page.text

        # an edit shows up without a restart, and quickly
        t0 = time.monotonic()
        s.edit(EPISODE, "The original description", "A description edited live")
        assert wait_for(lambda: "edited live" in s.get(EPISODE_URL).text, 15), s.output()
        took = time.monotonic() - t0
        print(f"edit visible after {took * 1000:.0f} ms")
        assert took < EDIT_TARGET_SECONDS

        # broken content: the last good page keeps answering 200, with the problems over it
        before = s.get(EPISODE_URL).text
        s.edit(SECOND, "transcript_timing: none", "transcript_timing: <b>exactly</b>")
        s.edit(EPISODE, "title: First episode", "title: [unclosed")
        expected = check_lines(project)
        assert len(expected) == 2, expected  # the YAML error in one file, the bad value in the other
        # (the two edits may be built apart: wait for the build that saw both)
        broken = wait_for(lambda: (r := s.get(EPISODE_URL)).status == 200 and "shownotes-build-errors" in r.text
                          and all(html_mod.escape(line) in r.text for line in expected) and r.text, 15)
        assert broken, s.output()
        assert "edited live" in broken  # still the last good build
        overlay = re.search(r'(?s)<div id="shownotes-build-errors".*?</pre>', broken).group(0)
        for line in expected:
            assert html_mod.escape(line) in overlay, line
        assert "<b>exactly</b>" not in broken  # user text in messages is escaped
        for line in expected:  # ... and the same lines in the terminal
            assert wait_for(lambda: line in s.output(), 5), s.output()
        assert s.proc.poll() is None
        # every served page carries the overlay, the home page and the 404 page too
        assert "shownotes-build-errors" in s.get(BASE_PATH).text
        missing = s.get(BASE_PATH + "nope/")
        assert missing.status == 404 and "shownotes-build-errors" in missing.text
        assert "shownotes-build-errors" not in (project / PREVIEW / "demo-show" / "first-episode" / "index.html").read_text()
        assert before != broken

        # fixed: the overlay goes, the page is rebuilt from the fixed file
        s.edit(EPISODE, "title: [unclosed", "title: First episode, fixed")
        s.edit(SECOND, "transcript_timing: <b>exactly</b>", "transcript_timing: none")
        fixed = wait_for(lambda: (r := s.get(EPISODE_URL)).status == 200 and "fixed" in r.text
                         and "shownotes-build-errors" not in r.text, 15)
        assert fixed, s.output()
        assert "Traceback" not in s.output()


def test_open_pages_are_told_to_reload(project):
    """The event stream a page opens answers with a reload event after a rebuild."""
    with serving(project) as s:
        version = version_of(s.get(EPISODE_URL).text)
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=15)
        try:
            conn.request("GET", f"{BASE_PATH}__shownotes/events?since={version}")
            r = conn.getresponse()
            assert r.status == 200 and r.getheader("Content-Type") == "text/event-stream"
            assert r.readline().startswith(b"retry:")
            s.edit(EPISODE, "The original description", "Another description")
            lines = []
            while not lines or lines[-1] != b"\n":
                lines.append(r.readline())
                if lines[-1] == b"\n" and not any(l.startswith(b"event:") for l in lines):
                    lines = []  # the blank line after `retry:`, or a keep-alive comment
            assert b"event: reload\n" in lines
        finally:
            conn.close()
        new_version = version_of(s.get(EPISODE_URL).text)
        assert new_version != version
        # a page served at an old version (or by an earlier server) is told at once
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=5)
        try:
            conn.request("GET", f"{BASE_PATH}__shownotes/events?since={version}")
            body = conn.getresponse().read()  # the server closes after the event
            assert b"event: reload" in body
        finally:
            conn.close()


@pytest.mark.slow  # waits for two search index runs
def test_a_burst_of_changes_is_one_rebuild(project):
    with serving(project) as s:
        assert wait_for(lambda: "search index updated" in s.output(), 60)
        builds = s.output().count(" built ")
        files = sorted((project / "content" / "shows" / "demo-show").glob("20*.md"))
        for i in range(10):
            for f in files:
                f.write_text(f.read_text(encoding="utf-8").replace("description", "description ", 1), encoding="utf-8")
        assert wait_for(lambda: s.output().count(" built ") > builds, 15)
        assert wait_for(lambda: "search index updated" in s.output().split(" built ")[-1], 60)
        assert s.output().count(" built ") - builds <= 2, s.output()  # merged (at most one more if it straddled)


@pytest.mark.slow  # waits for two search index runs
def test_search_index_is_refreshed_in_the_background(project):
    with serving(project) as s:
        index = project / PREVIEW / "pagefind" / "pagefind-entry.json"
        assert wait_for(index.is_file, 60), s.output()
        first = index.read_bytes()
        s.edit(EPISODE, "title: First episode", "title: Zyxwv episode")
        assert wait_for(lambda: "Zyxwv" in s.get(EPISODE_URL).text, 15)
        assert (project / PREVIEW / "pagefind" / "pagefind.js").is_file()  # the old index stays until the new one
        assert wait_for(lambda: index.is_file() and index.read_bytes() != first, 60), s.output()
        assert wait_for(lambda: not leftovers(project), 5), leftovers(project)


def test_site_yaml_is_watched(project):
    with serving(project) as s:
        config = project / "site.yaml"
        config.write_text(config.read_text().replace("example.org/pod/", "example.org/cast/"))
        assert wait_for(lambda: s.get("/cast/demo-show/first-episode/").status == 200, 15), s.output()
        assert s.get("/").headers.get("location") == "/cast/"


def test_ctrl_c_stops_cleanly(project):
    s = start(project)
    events = http.client.HTTPConnection("127.0.0.1", s.port, timeout=5)
    events.request("GET", f"{BASE_PATH}__shownotes/events?since={version_of(s.get(BASE_PATH).text)}")
    events.getresponse()
    try:
        t0 = time.monotonic()
        code = s.stop(signal.SIGINT)
        assert code == 0 and time.monotonic() - t0 < 5, s.output()  # an open event stream does not hold it up
        assert "Traceback" not in s.output() and "stopped" in s.output()
        assert not leftovers(project), "no staging or index folders left behind"
    finally:
        events.close()


def test_terminate_stops_cleanly(project):
    s = start(project)
    assert s.stop(signal.SIGTERM) == 0, s.output()
    assert "Traceback" not in s.output() and "stopped" in s.output()


def test_theme_edits_rebuild_and_template_errors_show(project):
    themes = Path(__file__).resolve().parents[2] / "themes"
    shutil.copytree(themes, project / "themes")
    base = project / "themes" / "default" / "templates" / "base.html"
    good = base.read_text(encoding="utf-8")
    if "</body>" not in good:
        pytest.skip("base.html has no </body>")
    with serving(project) as s:
        base.write_text(good.replace("</body>", "<p>theme marker 1</p></body>", 1), encoding="utf-8")
        assert wait_for(lambda: "theme marker 1" in s.get(EPISODE_URL).text, 15), s.output()
        base.write_text(good.replace("</body>", "{% if %}</body>", 1), encoding="utf-8")
        page = wait_for(lambda: (r := s.get(EPISODE_URL)).status == 200 and "shownotes-build-errors" in r.text
                        and r.text, 15)
        assert page and "theme marker 1" in page, s.output()
        assert re.search(r"themes/default/templates/base\.html:\d+: template error", page), page[-1500:]
        assert "Traceback" not in s.output()
        base.write_text(good, encoding="utf-8")
        assert wait_for(lambda: "theme marker" not in (t := s.get(EPISODE_URL).text)
                        and "shownotes-build-errors" not in t, 15)


class _Listening:
    """An open page's event stream, subscribed as its script does (its version and its file)."""

    def __init__(self, port: int, page_html: str):
        m = re.search(r'data-version="([^"]+)" data-page="([^"]+)"', page_html)
        assert m, "served pages name their file for the reload script"
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=15)
        target = f"{BASE_PATH}__shownotes/events?since={m.group(1)}&page={m.group(2)}"
        self.sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        self.said = b""

    def reloads_within(self, seconds: float) -> bool:
        end = time.monotonic() + seconds
        while b"event: reload" not in self.said:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                return False
            chunk = self.sock.recv(65536)
            if not chunk:
                return False
            self.said += chunk
        return True

    def close(self) -> None:
        self.sock.close()


def test_only_pages_whose_file_changed_reload(project):
    """The edited episode's page reloads once (its first look; the full build after it writes the
    same bytes); a page the edit does not change is left alone; build errors reach every page."""
    with serving(project, "--no-search") as s:
        episode = _Listening(s.port, s.get(EPISODE_URL).text)
        people = _Listening(s.port, s.get(BASE_PATH + "people/").text)
        builds = s.output().count(" built ")
        s.edit(EPISODE, "title: First episode", "title: Retitled episode")
        assert episode.reloads_within(10)
        page = s.get(EPISODE_URL).text
        assert "Retitled episode" in page
        again = _Listening(s.port, page)
        assert wait_for(lambda: s.output().count(" built ") > builds, 10), s.output()
        assert "first look at demo-show/first-episode" in s.output()
        assert not again.reloads_within(0.5)  # the full build did not change the episode's page again
        assert not people.reloads_within(0.2)  # nor the people page
        s.edit(EPISODE, "title: Retitled episode", "title: [broken")
        assert people.reloads_within(10)  # the error overlay is for every page
        for stream in (episode, people, again):
            stream.close()
