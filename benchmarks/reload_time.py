"""Edit-to-visible time under `shownotes serve`: start the server on a scratch copy of a project,
rewrite one episode's title several times, and time each write until the served page shows it.

    .venv/bin/python benchmarks/reload_time.py                  # the repository's own site (content/, from the seeds)
    .venv/bin/python benchmarks/reload_time.py --corpus 1000    # benchmarks/corpus/e1000 (made first if missing)
    .venv/bin/python benchmarks/reload_time.py PROJECT          # any project folder (content/, site.yaml, themes/)

Runs from any clone: the project root is found from this file's location, and `shownotes` is the
one beside sys.executable (the venv running this script), else the one on PATH, else
`python -m generator`. The project is copied into a scratch folder first (never edited in place);
`--keep` keeps it.

What is timed, per edit (like an open browser tab does it): the page's live-reload event stream is
already open (`__shownotes/events?since=<the page's version>&page=<its file>`); the episode file is rewritten in
place; the clock runs until a `reload` event arrived *and* a GET of the page returned the new title
(a reload for an older build resubscribes and waits on). `--poll` instead GETs the page every 10 ms
until it shows the title (the method of the first version of this script, which polled every 50 ms).

Before the first edit the script waits for serve's first search index (unless --no-search), so
edits are timed in the steady state rather than against a cold Pagefind run; each edit is followed
by `--pause` seconds. Output: one JSON line (times, median, min, max, the serve command, the
project, the edited file); with --verbose serve's output, with its per-stage trace of every
rebuild (`serve --verbose`), is printed to stderr.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def shownotes_command() -> list[str]:
    """The `shownotes` of the interpreter running this script, else the one on PATH, else -m."""
    beside = Path(sys.executable).parent / "shownotes"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("shownotes")
    if found:
        return [found]
    return [sys.executable, "-m", "generator"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_corpus(size: int, shows: int, seed: int) -> Path:
    """benchmarks/corpus/e<size>, made as benchmarks/run.py makes it (a no-op when it exists)."""
    corpus = HERE / "corpus" / f"e{size}"
    cmd = [sys.executable, str(HERE / "make_corpus.py"), "--episodes", str(size), "--shows", str(shows),
           "--seed", str(seed), "--out", str(corpus)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"make_corpus failed:\n{r.stdout}{r.stderr}")
    return corpus


def scratch_copy(project: Path, dest: Path) -> Path:
    """content/, site.yaml, themes/ (symbolic links followed: a corpus links the repository's) and a
    corpus's corpus.json."""
    dest.mkdir(parents=True)
    shutil.copytree(project / "content", dest / "content")
    shutil.copy2(project / "site.yaml", dest / "site.yaml")
    if (project / "corpus.json").is_file():  # a corpus: it names the file to edit
        shutil.copy2(project / "corpus.json", dest / "corpus.json")
    themes = project / "themes" if (project / "themes").exists() else ROOT / "themes"
    shutil.copytree(themes, dest / "themes")
    return dest


def pick_episode(project: Path, index: int | None) -> Path:
    episodes = sorted(p for p in (project / "content" / "shows").glob("*/*.md") if not p.name.startswith("_"))
    if index is not None:
        return episodes[index]
    meta = project / "corpus.json"  # a corpus names the file its benchmarks edit
    if meta.is_file():
        target = json.loads(meta.read_text()).get("edit_targets", {}).get("episode")
        if target:
            return project / target
    for ep in episodes:  # the first published one
        if not re.search(r"(?m)^draft:\s*true\s*$", ep.read_text(encoding="utf-8").split("\n---", 1)[0]):
            return ep
    return episodes[0]


class Server:
    def __init__(self, port: int):
        self.port = port

    def get(self, path: str, timeout: float = 30) -> tuple[int, str]:
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, r.read().decode("utf-8", "replace")
        finally:
            c.close()

    def events(self, events_path: str, since: str, page: str | None = None) -> "EventStream":
        query = f"since={urllib.parse.quote(since)}" + (f"&page={urllib.parse.quote(page)}" if page else "")
        return EventStream(self.port, f"{events_path}?{query}")


class EventStream:
    """A server-sent event stream, read line by line (what the page's EventSource does)."""

    def __init__(self, port: int, target: str):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
        self.buf = b""

    def next_reload(self) -> str:
        """Block until a `reload` event; its data (the new version)."""
        while True:
            while b"\n\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("event stream closed")
                self.buf += chunk
            block, self.buf = self.buf.split(b"\n\n", 1)
            lines = block.decode("utf-8", "replace").splitlines()
            if "event: reload" in lines:
                return next((l[6:] for l in lines if l.startswith("data: ")), "")

    def close(self) -> None:
        self.sock.close()


_SCRIPT = re.compile(r'<script src="[^"]*__shownotes/livereload\.js" data-events="([^"]+)" data-version="([^"]+)"'
                     r'(?: data-page="([^"]+)")?')


def live_reload_of(page: str) -> tuple[str, str, str | None]:
    """The page's event stream, the version it was served at and its file (as its script sends them)."""
    m = _SCRIPT.search(page)
    if not m:
        raise SystemExit("the served page has no live-reload script")
    return m.group(1), m.group(2), m.group(3)


def wait_until(fn, timeout: float, interval: float = 0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            result = fn()
            if result:
                return result
        except OSError:
            pass
        time.sleep(interval)
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", nargs="?", type=Path, help="a project folder (default: the repository's own site)")
    ap.add_argument("legacy_port", nargs="?", type=int, help=argparse.SUPPRESS)  # the first version's PROJECT PORT
    ap.add_argument("--corpus", type=int, metavar="N", help="benchmarks/corpus/eN (10 shows, seed 1; made if missing)")
    ap.add_argument("--port", type=int, default=None, help="default: a free port")
    ap.add_argument("--episode", type=int, default=None, metavar="I",
                    help="edit the I-th episode file (sorted); default: the corpus's edit target, else the first published")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--pause", type=float, default=1.5, help="seconds between edits (default 1.5)")
    ap.add_argument("--poll", action="store_true", help="poll the page every 10 ms instead of following the event stream")
    ap.add_argument("--no-search", action="store_true", help="pass --no-search to serve")
    ap.add_argument("--verbose", action="store_true", help="run serve with its trace (as --verbose) and print its output")
    ap.add_argument("--keep", action="store_true", help="keep the scratch project (its path is printed)")
    args = ap.parse_args()

    if args.corpus:
        source = ensure_corpus(args.corpus, 10, 1)
    else:
        source = (args.project or ROOT).absolute()
    port = args.port or args.legacy_port or free_port()
    scratch_root = Path(tempfile.mkdtemp(prefix="reload-time-"))
    proj = scratch_copy(source, scratch_root / "project")
    base_url = __import__("yaml").safe_load((proj / "site.yaml").read_text())["base_url"]
    bp = urllib.parse.urlsplit(base_url).path.rstrip("/") + "/"
    ep = pick_episode(proj, args.episode)
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", ep.stem)
    m = re.search(r"(?m)^slug:\s*['\"]?([a-z0-9-]+)", ep.read_text(encoding="utf-8"))
    slug = m.group(1) if m else slug
    url = f"{bp}{ep.parent.name}/{slug}/"

    cmd = shownotes_command() + ["serve", "--port", str(port)]
    if args.no_search:
        cmd.append("--no-search")
    log_path = scratch_root / "serve.log"
    log = open(log_path, "w")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if args.verbose:  # what `serve --verbose` does, also with a shownotes whose command line lacks the flag
        env["SHOWNOTES_SERVE_VERBOSE"] = "1"
    proc = subprocess.Popen(cmd, cwd=proj, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    server = Server(port)
    started = time.perf_counter()
    times: list[float] = []
    try:
        if wait_until(lambda: "exited" if proc.poll() is not None else server.get(bp)[0] == 200, 600, 0.2) is not True:
            raise SystemExit(f"serve did not come up (exit code {proc.poll()}):\n{log_path.read_text()}")
        first_build = time.perf_counter() - started
        status, page = server.get(url)
        if status != 200:
            raise SystemExit(f"{url}: HTTP {status}")
        if not args.no_search:  # edits are timed once the first search index is in
            wait_until(lambda: "search index" in log_path.read_text(), 600, 0.2)
        time.sleep(0.5)
        original = ep.read_text(encoding="utf-8")
        for i in range(args.edits):
            marker = f"Edited{i}x{int(time.time())}"
            edited = re.sub(r"(?m)^title: .*$", f"title: {marker} episode", original, count=1)
            if args.poll:
                ep.write_text(edited, encoding="utf-8")
                t = time.perf_counter()
                while marker not in server.get(url)[1]:
                    time.sleep(0.01)
                times.append(time.perf_counter() - t)
            else:
                stream = server.events(*live_reload_of(server.get(url)[1]))
                try:
                    time.sleep(0.05)  # the stream is open before the edit, as an open tab's is
                    ep.write_text(edited, encoding="utf-8")
                    t = time.perf_counter()
                    while True:
                        stream.next_reload()
                        page = server.get(url)[1]
                        if marker in page:
                            break
                        stream.close()  # a reload for an older build: listen again from the version it served
                        stream = server.events(*live_reload_of(page))
                    times.append(time.perf_counter() - t)
                finally:
                    stream.close()
            time.sleep(args.pause)
        ep.write_text(original, encoding="utf-8")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        if args.verbose:
            sys.stderr.write(log_path.read_text(errors="replace"))
        if args.keep:
            print(f"kept {scratch_root}", file=sys.stderr)
        else:
            shutil.rmtree(scratch_root, ignore_errors=True)
    ms = [round(x * 1000) for x in times]
    print(json.dumps({"times_ms": ms, "median_ms": round(statistics.median(times) * 1000),
                      "min_ms": min(ms), "max_ms": max(ms), "method": "poll" if args.poll else "events",
                      "first_build_s": round(first_build, 1), "project": str(source),
                      "episode": str(ep.relative_to(proj)), "serve": " ".join(cmd)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
