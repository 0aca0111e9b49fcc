"""Rebuilding while serving: watch the sources, merge bursts of changes into one rebuild, and
refresh the search index in the background without holding up the reload."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

from generator import output
from generator.build import build_site, report
from generator.config import load_config
from generator.errors import ContentErrors, Problem, display_path
from generator.progress import Progress
from generator.serve import trace
from generator.serve.state import SiteState


PREVIEW = ".shownotes-serve"  # serve's folder in the project, beside site.yaml; it holds a .gitignore of `*`

# The watchers hand over a batch of changes once nothing has changed for STEP_MS (at most
# DEBOUNCE_MS after its first change), so a save is seen 10-20 ms after it happens. A burst that
# pauses longer than that mid-way (a branch switch) is at most two rebuilds: changes made during
# a build wait for it and are built together.
STEP_MS = 10
DEBOUNCE_MS = 1600


def _prepare_preview(out: Path) -> None:
    """Make serve's folder (again, if it was deleted), with a .gitignore so git never sees it."""
    parent = out.absolute().parent
    if parent.name == PREVIEW:
        parent.mkdir(exist_ok=True)
        ignore = parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# made by `shownotes serve`: its preview build\n*\n", encoding="utf-8")


def _now() -> str:
    return time.strftime("%H:%M:%S")


def _problem_from_exception(exc: BaseException) -> Problem:
    """A crash inside the build, as one line for the overlay. Template errors name their file and line."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if filename and type(exc).__module__.startswith("jinja2"):
        return Problem(display_path(Path(filename)), line, f"template error: {message}")
    return Problem("build", None, f"internal error: {type(exc).__name__}: {message}")


class Builder:
    """Runs every build of one `serve` session, one at a time (the lock is shared with the indexer)."""

    def __init__(self, *, state: SiteState, config_path: Path, content: Path, out: Path, origin: str,
                 drafts: bool, indexer: "Indexer | None", lock: threading.Lock, verbose: bool = False):
        self.state = state
        self.config_path = config_path
        self.content = content
        self.out = out
        self.origin = origin  # http://127.0.0.1:8000 -- the build's base_url is origin + base path
        self.drafts = drafts
        self.indexer = indexer
        self.lock = lock  # shared with the indexer: it never publishes a new index during a build
        self.last_seconds = 0.0
        self.verbose = verbose  # print a trace of each rebuild (generator/serve/trace.py)
        self._pending: set[str] = set()
        self._seen: float | None = None  # when the watcher handed over the first pending change
        self._missing = False  # the served folder disappeared
        self._reported: list[str] | None = None  # the problems the last build printed
        self._dirty = threading.Event()
        self._guard = threading.Lock()

    # ------------------------------------------------------------------ one build

    def build(self, tracer: trace.RebuildTrace | None = None, jobs: int = 1) -> bool:
        """One build; jobs > 1 renders in forked processes (serve's first build, before the server's
        threads start: later rebuilds stay in this process, whose threads could hold locks at a fork)."""
        t0 = time.perf_counter()
        try:
            _prepare_preview(self.out)
        except OSError:
            pass  # the build says what is wrong with the folder
        try:
            config, problems = load_config(self.config_path)
        except Exception as e:  # noqa: BLE001 - the rebuild thread must outlive any bad input
            config, problems = None, [_problem_from_exception(e)]
        if tracer:
            tracer.mark("config")
        base_path = config.base_path if config else self.state.base_path
        if config is None or any(p.severity == "error" for p in problems):
            ok, pages, written = False, 0, 0  # e.g. a bad base_url: serve overrides it, but build would refuse it
        else:
            try:
                progress = Progress(enabled=False)
                with self.lock:
                    if tracer:
                        tracer.mark("lock")
                    try:
                        result = build_site(config_path=self.config_path, content=self.content, out=self.out,
                                            base_url=self.origin + base_path, drafts=self.drafts, search=False,
                                            reuse_search=True, progress=progress, jobs=jobs)
                    finally:
                        if tracer:
                            tracer.build(progress.stages)
                ok, problems, pages, written = result.ok, result.problems, result.pages, result.written
            except ContentErrors as e:  # e.g. a broken theme template, named by file and line
                ok, pages, written = False, 0, 0
                problems = problems + list(e.problems)
            except OSError as e:  # a full disk, a permission: the previous site is untouched
                ok, pages, written = False, 0, 0
                problems = problems + [Problem(display_path(self.out), None, f"could not write: {e.strerror or e}")]
            except Exception as e:  # noqa: BLE001 - a crash must not stop the server; show it like a problem
                problem = _problem_from_exception(e)
                if problem.path == "build":
                    traceback.print_exc()  # a bug, not bad input: the details help whoever fixes it
                ok, pages, written = False, 0, 0
                problems = problems + [problem]
        self.last_seconds = time.perf_counter() - t0
        if ok:
            self.state.publish([], base_path)  # open pages reload now; the terminal can wait
            if tracer:
                tracer.mark("publish")
            self._report(problems)
            print(f"{_now()} built {pages} pages ({written} changed) in {self.last_seconds * 1000:.0f} ms")
            if self.indexer:
                self.indexer.request()
        else:
            errors = sum(1 for p in problems if p.severity == "error")
            self.state.publish(problems or [Problem("build", None, "failed")])
            if tracer:
                tracer.mark("publish")
            self._report(problems)
            kept = "serving the last good build" if self.out.is_dir() else "no site to serve yet"
            print(f"{_now()} build failed: {errors} error(s); {kept} (fix the content and it rebuilds)",
                  file=sys.stderr)
        if tracer:
            trace.say(tracer.line("reload sent"))
        return ok

    def _report(self, problems: list[Problem]) -> None:
        """The build's problems, as `build` prints them; warnings the previous build printed
        already are summed up in one line (on a large site they would flood the terminal)."""
        lines = sorted(str(p) for p in problems)
        if lines and lines == self._reported and not any(p.severity == "error" for p in problems):
            print(f"{_now()} {len(lines)} warning{'s' if len(lines) != 1 else ''} as before")
        else:
            report(problems)
        self._reported = lines

    # ------------------------------------------------------------------ the loop

    def changed(self, paths: set[str], seen: float | None = None) -> None:
        """Called by the watchers (any thread); seen: when the batch was handed over (perf_counter)."""
        seen = time.perf_counter() if seen is None else seen
        with self._guard:
            self._pending |= paths
            if self._seen is None:
                self._seen = seen
        self._dirty.set()

    def output_missing(self) -> None:
        """Called by the server (any thread) when a request finds the served folder gone."""
        with self._guard:
            self._missing = True
        self._dirty.set()

    def loop(self, stop: threading.Event) -> None:
        while not stop.is_set():
            if not self._dirty.wait(0.25):
                continue
            self._dirty.clear()
            with self._guard:
                paths, self._pending = self._pending, set()
                missing, self._missing = self._missing, False
                seen, self._seen = self._seen, None
            if stop.is_set():
                return
            if missing and not paths:
                print(f"{_now()} {display_path(self.out)} was removed: building it again")
                self.build(trace.RebuildTrace() if self.verbose else None)
                continue
            # an editor's temporary files come and go within the burst: name what is left, or was a source
            named = [p for p in paths if os.path.exists(p) or os.path.splitext(p)[1]] or list(paths)
            names = sorted(display_path(Path(p)) for p in named)
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            print(f"{_now()} changed: {shown}")
            tracer = trace.RebuildTrace(trace.saved_at(paths), seen) if self.verbose else None
            self.build(tracer)


class Indexer:
    """Refreshes the search index after builds, over a hard-linked snapshot of the site's pages,
    then publishes the site with the new index (a new version, swapped in atomically like a
    build's). The index is in shards (generator/search.py): only the shards whose pages changed
    are indexed again (an edited episode: its show's shard, a second or two), the others are
    linked from the served index. It waits until edits pause (QUIET seconds), and a new build
    stops a run in progress, so Pagefind never slows down a rebuild an editor is waiting for."""

    QUIET = 0.5

    def __init__(self, out: Path, lock: threading.Lock):
        self.out = out.absolute()
        self.lock = lock
        self._wanted = 0
        self._done = 0
        self._cond = threading.Condition()
        self._proc: subprocess.Popen | None = None
        self._stopping = False
        self.scratch = self.out.parent / f".{self.out.name}.index-{os.getpid()}"
        self._scan: bytes | None = None  # what the worker found each page to be, kept between runs:
        # pages linked unchanged from one version to the next are not read again

    def request(self) -> None:
        with self._cond:
            self._wanted += 1
            self._cond.notify_all()
        self._kill()  # superseded: the pages it was indexing are already out of date

    def loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._stopping or self._wanted > self._done)
                while not self._stopping:  # let a burst of edits settle first
                    seen = self._wanted
                    self._cond.wait(timeout=self.QUIET)
                    if self._wanted == seen:
                        break
                if self._stopping:
                    return
                target = self._wanted
            try:
                self._run(target)
            except Exception as e:  # noqa: BLE001 - search is a nicety while serving; never stop for it
                print(f"{_now()} search index not updated: {type(e).__name__}: {e}", file=sys.stderr)
            finally:
                shutil.rmtree(self.scratch, ignore_errors=True)
                with self._cond:
                    self._done = max(self._done, target)
                    self._cond.notify_all()

    def _run(self, target: int) -> None:
        t0 = time.perf_counter()
        shutil.rmtree(self.scratch, ignore_errors=True)
        with self.lock:
            if not self.out.is_dir():
                return
            # the version served now: the worker reads its pages and its index, never writes there.
            # A version stays as it is until the second publish after it; a build in between
            # calls request(), which stops this run and discards what it made.
            live = Path(os.path.realpath(self.out))
        scan = self.scratch / "scan-cache.json"
        self.scratch.mkdir(parents=True)
        if self._scan:
            scan.write_bytes(self._scan)
        cmd = [sys.executable, "-m", "generator.serve.index_worker", str(live), "--previous", str(live),
               "--out", str(self.scratch / "pagefind"), "--scan-cache", str(scan)]
        self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                      start_new_session=True)  # its own group: stop() ends Pagefind with it
        if self._stopping:  # stop() ran before there was a process to end
            self._kill()
        said, _ = self._proc.communicate()
        code, self._proc = self._proc.returncode, None
        try:
            self._scan = scan.read_bytes()
        except OSError:
            pass
        if self._stopping or self._wanted > target:  # stopped, or superseded by a newer build
            return
        if code != 0 or not (self.scratch / "pagefind" / "pagefind.js").is_file():
            detail = " / ".join(said.strip().splitlines()[-3:]) or f"exit code {code}"
            print(f"{_now()} search index not updated: {detail}", file=sys.stderr)
            return
        report = self._report(said)
        if report.get("unchanged"):  # the same index as the one served
            print(f"{_now()} search index up to date in {time.perf_counter() - t0:.1f} s (no indexed page changed)")
            return
        with self.lock, output.Output(self.out) as dest:
            # a new version of the site with the new index, swapped in like a build's
            if dest.removed or dest.restored:
                print(output.cleanup_note(dest), file=sys.stderr)
            if dest.live is None:
                return
            new, old = self.scratch / "pagefind", dest.live / "pagefind"
            for name in report.get("indexed", []):  # few files of a shard indexed again change
                rel = report.get("paths", {}).get(name)
                if isinstance(rel, str):
                    output.share_unchanged(new / rel, old / rel, leave=("shards",) if rel == "" else ())
            version = dest.copy_of_live()
            try:
                output.discard(version / "pagefind")
                os.replace(new, version / "pagefind")
                output.step()
                dest.publish(version, ["pagefind/"])
            except BaseException:
                dest.discard(version)
                raise
        indexed = report.get("indexed", [])
        which = f" ({len(indexed)} of {len(indexed) + len(report.get('reused', []))} shards)" if report else ""
        print(f"{_now()} search index updated in {time.perf_counter() - t0:.1f} s{which}")

    @staticmethod
    def _report(said: str) -> dict:
        """The worker's last `index: {...}` line (which shards it indexed), or {}."""
        import json
        for line in reversed(said.splitlines()):
            if line.startswith("index: "):
                try:
                    data = json.loads(line[len("index: "):])
                except ValueError:
                    return {}
                return data if isinstance(data, dict) else {}
        return {}

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._kill()

    def _kill(self) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass

    def cleanup(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def watch_sources(builder: Builder, config_path: Path, content: Path, stop: threading.Event) -> list[threading.Thread]:
    """Start watching: content/ and themes/ recursively, and the folder of site.yaml (not recursively,
    only site.yaml itself: editors often save by replacing the file). The watches are in place when
    this returns, so no edit made after it is missed."""
    from watchfiles import Change, DefaultFilter
    from watchfiles._rust_notify import RustNotify  # watchfiles.watch() registers lazily, in its thread

    project = config_path.absolute().parent
    trees = [str(p) for p in (content.absolute(), project / "themes") if p.is_dir()]
    config_name = config_path.name
    source_filter = DefaultFilter()
    watches = []
    if trees:
        watches.append((RustNotify(trees, False, False, 300, True, True), source_filter))
    watches.append((RustNotify([str(project)], False, False, 300, False, True),
                    lambda change, path: os.path.basename(path) == config_name))

    def run(notify, keep) -> None:
        try:
            while not stop.is_set():
                # once something changed, wait until nothing has for STEP_MS (at most DEBOUNCE_MS): a burst is one batch
                raw = notify.watch(DEBOUNCE_MS, STEP_MS, 500, stop)
                seen = time.perf_counter()
                if isinstance(raw, str):
                    continue  # 'timeout' (check stop), 'stop'
                paths = {path for change, path in raw if keep(Change(change), path)}
                if paths:
                    builder.changed(paths, seen)
        except Exception as e:  # noqa: BLE001
            if not stop.is_set():
                print(f"serve: stopped watching for changes: {e}", file=sys.stderr)
        finally:
            notify.close()

    threads = [threading.Thread(target=run, args=w, name=f"watch-{i}", daemon=True) for i, w in enumerate(watches)]
    for t in threads:
        t.start()
    return threads
