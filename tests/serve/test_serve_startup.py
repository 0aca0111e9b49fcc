"""`shownotes serve` starting up: a busy port, a non-loopback address, content that is broken
before there was ever a good build; and requests that arrive while rebuilds swap site/."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest
from serve_harness import BASE_PATH, EPISODE, EPISODE_URL, PREVIEW, copy_fixture, serving, start, wait_for


def test_busy_port_is_a_clear_error(tmp_path):
    project = copy_fixture(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        res = subprocess.run([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=project,
                             capture_output=True, text=True, timeout=60)
    assert res.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in res.stderr and "Traceback" not in res.stderr
    assert not (project / "site").exists()  # it failed before building anything
    assert not (project / PREVIEW).exists()


def test_binding_beyond_loopback_warns(tmp_path):
    project = copy_fixture(tmp_path / "project")
    s = start(project, "--host", "0.0.0.0", ready=BASE_PATH)
    try:
        assert "warning: serving on 0.0.0.0" in s.output()
        assert f"serving http://127.0.0.1:{s.port}{BASE_PATH}" in s.output()
    finally:
        s.stop()


def test_loopback_by_default_says_nothing(tmp_path):
    project = copy_fixture(tmp_path / "project")
    with serving(project) as s:
        assert "warning" not in s.output()
        # the build's absolute URLs point at this server (feeds, canonical links)
        feed = s.get(BASE_PATH + "demo-show/feed.xml").text
        assert f"http://127.0.0.1:{s.port}{BASE_PATH}" in feed and "example.org" not in feed


def test_broken_before_any_good_build(tmp_path):
    project = copy_fixture(tmp_path / "project")
    path = project / EPISODE
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("title: First episode", "title: [unclosed"), encoding="utf-8")
    with serving(project) as s:
        r = s.get(BASE_PATH)
        assert r.status == 500 and "shownotes-build-errors" in r.text and "livereload.js" in r.text
        assert "2026-01-02-first-episode.md:2: invalid YAML" in r.text
        assert "2026-01-02-first-episode.md:2: invalid YAML" in s.output()
        path.write_text(good, encoding="utf-8")
        assert wait_for(lambda: s.get(EPISODE_URL).status == 200, 15), s.output()
        assert "shownotes-build-errors" not in s.get(EPISODE_URL).text


@pytest.mark.slow  # a stress test: requests during many rebuilds
def test_requests_during_rebuilds_never_fail(tmp_path):
    """Swapping the new site in while pages are being answered: never a 404 or 500 for a page that exists."""
    project = copy_fixture(tmp_path / "project")
    with serving(project, "--no-search") as s:
        stop = threading.Event()
        failures: list[str] = []
        answered = [0]
        targets = [EPISODE_URL, BASE_PATH, BASE_PATH + "demo-show/", EPISODE_URL.rstrip("/")]

        def hammer(i: int) -> None:
            while not stop.is_set():
                target = targets[i % len(targets)]
                try:
                    status = s.get(target).status
                    answered[0] += 1
                    if status not in (200, 301):
                        failures.append(f"{target}: {status}")
                except Exception as e:  # noqa: BLE001
                    failures.append(f"{target}: {e!r}")

        threads = [threading.Thread(target=hammer, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        try:
            for n in range(6):
                before = s.output().count(" built ")
                s.edit(EPISODE, "The original description" if n == 0 else f"Edit {n - 1}.", f"Edit {n}.")
                assert wait_for(lambda: s.output().count(" built ") > before, 15), s.output()
        finally:
            stop.set()
            for t in threads:
                t.join(10)
        assert answered[0] > 50
        assert not failures, failures[:5]
