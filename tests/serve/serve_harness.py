"""Run `shownotes serve` in a subprocess against a temporary copy of a small project.

Shared by tests/serve/ and tests/browser/test_live_reload.py (which puts this folder on sys.path).
Everything waits by polling with a deadline; nothing sleeps a fixed time.
"""
from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "serve"
BASE_PATH = "/pod/"  # the fixture's site.yaml: base_url https://example.org/pod/
EPISODE = "content/shows/demo-show/2026-01-02-first-episode.md"
EPISODE_URL = BASE_PATH + "demo-show/first-episode/"
PREVIEW = ".shownotes-serve/site"  # where serve builds (site/ is left to `shownotes build`)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_fixture(dest: Path) -> Path:
    shutil.copytree(FIXTURE, dest)
    return dest


def leftovers(project: Path) -> list[str]:
    """Staging or index folders left beside the preview (the live version and one spare may stay)."""
    preview = project / PREVIEW
    found = [p.name for p in project.iterdir() if p.name.startswith(".site.")]
    if preview.parent.is_dir():
        found += [p.name for p in preview.parent.iterdir() if p.name not in ("site", ".site.versions", ".gitignore")]
    versions = preview.parent / ".site.versions"
    if versions.is_dir():
        folders = [p.name for p in versions.iterdir() if p.is_dir()]
        if len(folders) > 2:
            found += folders
    return found


def wait_for(fn, timeout: float, interval: float = 0.02):
    """fn's first truthy result within timeout (exceptions count as 'not yet'), else None."""
    end = time.monotonic() + timeout
    while True:
        with contextlib.suppress(Exception):
            result = fn()
            if result:
                return result
        if time.monotonic() >= end:
            return None
        time.sleep(interval)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Served:
    proc: subprocess.Popen
    port: int
    project: Path
    log: Path

    def request(self, path: str, method: str = "GET", timeout: float = 10) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path)
            r = conn.getresponse()
            return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()

    def get(self, path: str) -> Response:
        return self.request(path)

    def raw(self, target: str) -> bytes:
        """A request line sent as is (no client-side normalisation of '..')."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            data = b""
            with contextlib.suppress(socket.timeout):
                while chunk := s.recv(65536):
                    data += chunk
            return data

    @property
    def site(self) -> Path:
        """The folder serve builds into and serves."""
        return self.project / PREVIEW

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stop(self, sig: int = signal.SIGINT, timeout: float = 10) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def start(project: Path, *args: str, port: int | None = None, ready: str | None = BASE_PATH,
          timeout: float = 60) -> Served:
    """Start serve in project; with `ready`, wait until that path answers (any status)."""
    port = port or free_port()
    log = project.parent / f"serve-{port}.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port), *args],
                                cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
    served = Served(proc, port, project, log)
    if ready is not None:
        def up():
            return "exited" if proc.poll() is not None else served.get(ready).status
        result = wait_for(up, timeout)
        if result == "exited" or not result:
            served.stop(signal.SIGTERM)
            what = f"exited with {proc.returncode}" if result == "exited" else f"did not answer {ready} in {timeout}s"
            raise AssertionError(f"serve {what}:\n{served.output()}")
    return served


@contextlib.contextmanager
def serving(project: Path, *args: str, **kwargs):
    served = start(project, *args, **kwargs)
    try:
        yield served
    finally:
        served.stop(signal.SIGTERM)
