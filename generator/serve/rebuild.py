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
from generator.serve.state import SiteState


PREVIEW = ".shownotes-serve"  # serve's folder in the project, beside site.yaml; it holds a .gitignore of `*`


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
                 drafts: bool, indexer: "Indexer | None", lock: threading.Lock):
        self.state = state
        self.config_path = config_path
        self.content = content
        self.out = out
        self.origin = origin  # http://127.0.0.1:8000 -- the build's base_url is origin + base path
        self.drafts = drafts
        self.indexer = indexer
        self.lock = lock  # shared with the indexer: it never publishes a new index during a build
        self.last_seconds = 0.0
        self._pending: set[str] = set()
        self._missing = False  # the served folder disappeared
        self._dirty = threading.Event()
        self._guard = threading.Lock()

    # ------------------------------------------------------------------ one build

    def build(self) -> bool:
        t0 = time.perf_counter()
        try:
            _prepare_preview(self.out)
        except OSError:
            pass  # the build says what is wrong with the folder
        try:
            config, problems = load_config(self.config_path)
        except Exception as e:  # noqa: BLE001 - the rebuild thread must outlive any bad input
            config, problems = None, [_problem_from_exception(e)]
        base_path = config.base_path if config else self.state.base_path
        if config is None or any(p.severity == "error" for p in problems):
            ok, pages, written = False, 0, 0  # e.g. a bad base_url: serve overrides it, but build would refuse it
        else:
            try:
                with self.lock:
                    result = build_site(config_path=self.config_path, content=self.content, out=self.out,
                                        base_url=self.origin + base_path, drafts=self.drafts, search=False,
                                        reuse_search=True, progress=Progress(enabled=False))
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
        report(problems)
        if ok:
            self.state.publish([], base_path)
            print(f"{_now()} built {pages} pages ({written} changed) in {self.last_seconds * 1000:.0f} ms")
            if self.indexer:
                self.indexer.request()
        else:
            errors = sum(1 for p in problems if p.severity == "error")
            self.state.publish(problems or [Problem("build", None, "failed")])
            kept = "serving the last good build" if self.out.is_dir() else "no site to serve yet"
            print(f"{_now()} build failed: {errors} error(s); {kept} (fix the content and it rebuilds)",
                  file=sys.stderr)
        return ok

    # ------------------------------------------------------------------ the loop

    def changed(self, paths: set[str]) -> None:
        """Called by the watchers (any thread)."""
        with self._guard:
            self._pending |= paths
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
            if stop.is_set():
                return
            if missing and not paths:
                print(f"{_now()} {display_path(self.out)} was removed: building it again")
                self.build()
                continue
            # an editor's temporary files come and go within the burst: name what is left, or was a source
            named = [p for p in paths if os.path.exists(p) or os.path.splitext(p)[1]] or list(paths)
            names = sorted(display_path(Path(p)) for p in named)
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            print(f"{_now()} changed: {shown}")
            self.build()


class Indexer:
    """Runs Pagefind after builds, over a hard-linked snapshot of the site's pages, then publishes
    the site with the new index (a new version, swapped in atomically like a build's). It waits
    until edits pause (QUIET seconds), and a new build stops a run in progress: on a large site
    Pagefind takes seconds of both cores, which would otherwise slow down every rebuild an editor
    is waiting for."""

    QUIET = 1.5

    def __init__(self, out: Path, lock: threading.Lock):
        self.out = out.absolute()
        self.lock = lock
        self._wanted = 0
        self._done = 0
        self._cond = threading.Condition()
        self._proc: subprocess.Popen | None = None
        self._stopping = False
        self.scratch = self.out.parent / f".{self.out.name}.index-{os.getpid()}"

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
        with self.lock:  # a consistent snapshot: no swap while linking
            if not self.out.is_dir():
                return
            _link_pages(self.out, self.scratch)
        cmd = [sys.executable, "-m", "generator.serve.index_worker", str(self.scratch)]
        self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                      start_new_session=True)  # its own group: stop() ends Pagefind with it
        if self._stopping:  # stop() ran before there was a process to end
            self._kill()
        said, _ = self._proc.communicate()
        code, self._proc = self._proc.returncode, None
        if self._stopping or self._wanted > target:  # stopped, or superseded by a newer build
            return
        if code != 0 or not (self.scratch / "pagefind" / "pagefind.js").is_file():
            detail = " / ".join(said.strip().splitlines()[-3:]) or f"exit code {code}"
            print(f"{_now()} search index not updated: {detail}", file=sys.stderr)
            return
        with self.lock, output.Output(self.out) as dest:
            # a new version of the site with the new index, swapped in like a build's
            if dest.removed or dest.restored:
                print(output.cleanup_note(dest), file=sys.stderr)
            if dest.live is None:
                return
            output.share_unchanged(self.scratch / "pagefind", dest.live / "pagefind")  # few files change
            version = dest.copy_of_live()
            try:
                output.discard(version / "pagefind")
                os.replace(self.scratch / "pagefind", version / "pagefind")
                output.step()
                dest.publish(version, ["pagefind/"])
            except BaseException:
                dest.discard(version)
                raise
        print(f"{_now()} search index updated in {time.perf_counter() - t0:.1f} s")

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


def _link_pages(site: Path, dest: Path) -> None:
    """Hard-link every HTML page of site into dest (what Pagefind reads), skipping the old index."""
    for folder, dirs, files in os.walk(site):
        if folder == str(site):
            dirs[:] = [d for d in dirs if d != "pagefind"]
        target = dest / os.path.relpath(folder, site)
        pages = [f for f in files if f.endswith(".html")]
        if not pages:
            continue
        target.mkdir(parents=True, exist_ok=True)
        for name in pages:
            src, dst = os.path.join(folder, name), target / name
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)


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
                # once something changed, wait until nothing has for 50 ms (at most 1.6 s): a burst is one batch
                raw = notify.watch(1600, 50, 500, stop)
                if isinstance(raw, str):
                    continue  # 'timeout' (check stop), 'stop'
                paths = {path for change, path in raw if keep(Change(change), path)}
                if paths:
                    builder.changed(paths)
        except Exception as e:  # noqa: BLE001
            if not stop.is_set():
                print(f"serve: stopped watching for changes: {e}", file=sys.stderr)
        finally:
            notify.close()

    threads = [threading.Thread(target=run, args=w, name=f"watch-{i}", daemon=True) for i, w in enumerate(watches)]
    for t in threads:
        t.start()
    return threads
