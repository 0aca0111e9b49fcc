"""Rebuilding while serving: watch the sources, merge bursts of changes into one rebuild (the
edited page first), and hand the search index to the indexer (generator/serve/indexer.py)."""
from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from pathlib import Path

from generator.build import Superseded, build_site, report
from generator.config import load_config
from generator.errors import ContentErrors, Problem, display_path
from generator.progress import Progress
from generator.incremental import BuildCache
from generator.library import Library
from generator.render.context import RenderContext
from generator.render.spec import Salt
from generator.serve import first_look, trace
from generator.serve.indexer import Indexer
from generator.serve.state import SiteState


PREVIEW = ".shownotes-serve"  # serve's folder in the project, beside site.yaml; it holds a .gitignore of `*`

# The watchers hand over a batch of changes once nothing has changed for STEP_MS (at most
# DEBOUNCE_MS after its first change), so a save is seen 10-20 ms after it happens. A burst that
# pauses longer than that mid-way (a branch switch) is at most two rebuilds: changes made during
# a build wait for it and are built together.
STEP_MS = 10
DEBOUNCE_MS = 1600
SUPERSEDE_MAX_S = 5.0  # a full build is stopped for newer changes only this long after the first time


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
                 drafts: bool, indexer: Indexer | None, lock: threading.Lock, verbose: bool = False):
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
        # kept from the last good build, for the next one: its build cache (not read from disk
        # again), its library and a render context (the edited page first: serve/first_look.py)
        self._cache: BuildCache | None = None
        self._library: Library | None = None
        self._ctx: tuple[Salt, RenderContext] | None = None  # (the build's salt, its context)
        self._behind_since: float | None = None  # when a full build was first stopped for newer changes

    # ------------------------------------------------------------------ one build

    def build(self, tracer: trace.RebuildTrace | None = None, jobs: int = 1, paths: set[str] | None = None) -> bool:
        """One build; jobs > 1 renders in forked processes (serve's first build, before the server's
        threads start: later rebuilds stay in this process, whose threads could hold locks at a fork).
        paths: the files that changed (a rebuild): saved episodes get a first look, and newer
        changes arriving meanwhile stop the build (Superseded) for one that includes them."""
        t0 = time.perf_counter()
        if paths and self._first_look(paths, tracer):
            t0 = time.perf_counter()  # the build that follows is timed on its own
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
                                            reuse_search=True, progress=progress, jobs=jobs, cache=self._cache,
                                            cancel=self._newer_changes if paths else None)
                    finally:
                        if tracer:
                            tracer.build(progress.stages)
                ok, problems, pages, written = result.ok, result.problems, result.pages, result.written
                self._keep(result)
                self._behind_since = None
            except Superseded:
                with self._guard:
                    self._pending |= paths or set()  # built with the newer changes, right away
                if tracer:
                    trace.say(tracer.line("superseded by newer changes"))
                return False
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
        if not ok:
            self._library = None  # no first look on top of a failed build
        if ok:
            self.state.publish([], base_path, result.changed)  # open pages reload now; the terminal can wait
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

    def _newer_changes(self) -> bool:
        """Whether the full build in progress should stop for one that includes newer changes
        (their pages come first that way). Not for long: an editor saving every second or two
        still sees the pages that list the episode within SUPERSEDE_MAX_S and a build."""
        if not self._dirty.is_set():
            return False
        now = time.perf_counter()
        if self._behind_since is None:
            self._behind_since = now
        return now - self._behind_since < SUPERSEDE_MAX_S

    def site_moved(self, was: Path | None, now: Path | None) -> None:
        """The indexer published a version that differs from `was` by its search index alone:
        the build cache describes it as well (it leaves the index out)."""
        cache = self._cache
        if cache is not None and cache.live is not None and was is not None and now is not None \
                and cache.live.resolve() == was.resolve():
            cache.live = now

    def _keep(self, result) -> None:
        """What the next build and first look start from."""
        self._cache = result.cache if result.ok else self._cache
        if result.ok and result.library is not None:
            self._library = result.library
        elif result.ok and not result.up_to_date:
            self._library = None

    def _first_look(self, paths: set[str], tracer: trace.RebuildTrace | None) -> bool:
        """Saved episodes: their own pages first, from the last build's library (see first_look.py).
        True when they were published (the full build follows)."""
        lib, cache, t0 = self._library, self._cache, time.perf_counter()
        if lib is None or cache is None or self.state.failing:
            return False
        try:
            edits = first_look.episode_edits(paths, self.content, lib, self.drafts)
            if edits is None:
                return False
            edited, keys = edits
            look = first_look.render_first_look(edited, keys, self._context(lib), cache.salt)
            if tracer:
                tracer.mark("first look")
            with self.lock:
                if self.indexer:
                    self.indexer.request()  # its pages are out of date: stop it, it runs after the build
                changed = first_look.publish_first_look(self.out, look, cache)
            if changed is None:
                return False
            self.state.publish([], self.state.base_path, changed)
            if tracer:
                tracer.mark("publish")
                trace.say(tracer.line("reload sent (first look)"))
            names = ", ".join(sorted("/".join(k) for k in keys))
            print(f"{_now()} first look at {names} ({len(changed)} files changed) in "
                  f"{(time.perf_counter() - t0) * 1000:.0f} ms; building the rest")
            return True
        except Exception:  # noqa: BLE001 - a first look is a shortcut: the full build says what is wrong
            if self.verbose:
                traceback.print_exc()
            return False

    def _context(self, lib: Library) -> RenderContext:
        """The render context of the last build (templates compiled once per session and theme)."""
        from generator.build import theme_dirs
        from generator.render.context import make_context
        salt = self._cache.salt if self._cache else Salt()
        if self._ctx is None or self._ctx[0] != salt:
            themes = theme_dirs(self.config_path.parent, lib.config.theme)
            self._ctx = (salt, make_context(lib.config, lib.config.base_url, themes))
        return self._ctx[1]

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

    def warm_up(self) -> None:
        """Render one episode's page without writing it: the templates are compiled and the
        Markdown parser warmed before the editor's first save, not during it."""
        lib, cache = self._library, self._cache
        if lib is None or cache is None or not lib.episodes:
            return
        try:
            newest = lib.newest_first[0]
            first_look.render_first_look(lib, {newest.key}, self._context(lib), cache.salt)
        except Exception:  # noqa: BLE001 - only a head start; the build reports real problems
            pass

    def loop(self, stop: threading.Event) -> None:
        self.warm_up()
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
            self.build(tracer, paths=paths)


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
