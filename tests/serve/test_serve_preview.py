"""`shownotes serve` builds into a preview folder of its own, never into site/ (which stays
`shownotes build`'s, with the real base URL); rebuilds that folder when it disappears; and does not
let silent connections hold a thread each forever."""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from serve_harness import BASE_PATH, EPISODE, EPISODE_URL, PREVIEW, copy_fixture, serving, wait_for

from generator.serve.server import SiteServer
from generator.serve.state import SiteState


def _snapshot(site: Path) -> dict[str, bytes]:
    tree = {}
    for folder, _, files in os.walk(site):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                tree[os.path.relpath(path, site)] = f.read()
    return tree


def _build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "build", "--no-search"], cwd=project,
                          capture_output=True, text=True)


def test_serve_leaves_site_alone(tmp_path):
    project = copy_fixture(tmp_path / "project")
    assert _build(project).returncode == 0
    site = project / "site"
    before = _snapshot(site)
    assert before and all(b"127.0.0.1" not in data for data in before.values())
    episode = project / EPISODE
    original = episode.read_text(encoding="utf-8")
    with serving(project, "--no-search") as s:
        assert s.get(EPISODE_URL).status == 200
        assert _snapshot(site) == before, "serve changed site/ when it started"
        s.edit(EPISODE, "The original description", "A description edited live")
        assert wait_for(lambda: "edited live" in s.get(EPISODE_URL).text, 15), s.output()
        assert _snapshot(site) == before, "serve changed site/ after an edit"
        preview = project / PREVIEW
        assert (preview / "index.html").is_file()
        assert b"http://127.0.0.1" in (preview / "demo-show" / "feed.xml").read_bytes()
    assert _snapshot(site) == before
    # site/ is still the last `build`'s: with the edit undone, the next build has nothing to write
    episode.write_text(original, encoding="utf-8")
    res = _build(project)
    assert res.returncode == 0 and " 0 files written" in res.stdout, res.stdout + res.stderr
    assert _snapshot(site) == before


def test_a_deleted_preview_is_rebuilt_on_the_next_request(tmp_path):
    project = copy_fixture(tmp_path / "project")
    with serving(project, "--no-search") as s:
        assert s.get(EPISODE_URL).status == 200
        served = project / ".shownotes-serve"
        shutil.rmtree(served if served.is_dir() else project / "site")  # what serve served, whatever its place
        r = s.get(EPISODE_URL)  # the request that finds it gone has it rebuilt, and waits for it
        assert r.status == 200 and "First episode" in r.text, s.output()
        assert s.get(BASE_PATH).status == 200
        assert "was removed: building it again" in s.output()


# ------------------------------------------------------------------ idle connections


def _quiet_site(tmp_path: Path) -> SiteState:
    site = tmp_path / "site"
    (site / "pod").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>home</title><body>home</body>", encoding="utf-8")
    return SiteState(site, "/")


def _handler_threads() -> int:
    return sum(1 for t in threading.enumerate() if "process_request_thread" in t.name)


def test_idle_connections_are_closed_and_others_answered(tmp_path, monkeypatch):
    monkeypatch.setattr(SiteServer, "idle_timeout", 0.5)  # 30 s in use; short here
    server = SiteServer(("127.0.0.1", 0), _quiet_site(tmp_path))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    port = server.server_address[1]
    idle = [socket.create_connection(("127.0.0.1", port), timeout=3) for _ in range(3)]
    idle[1].sendall(b"GET / HTTP/1.1\r\n")  # half a request, then silence
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/")
        r = conn.getresponse()
        assert r.status == 200 and b"home" in r.read()  # answered while the silent ones are open
        conn.close()
        for sock in idle:  # the server hangs up on each (a client timeout here means it never did)
            assert sock.recv(1024) == b""
        assert wait_for(lambda: _handler_threads() == 0, 5), [t.name for t in threading.enumerate()]
    finally:
        for sock in idle:
            sock.close()
        server.shutdown()
        server.server_close()
