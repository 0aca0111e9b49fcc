"""`serve --verbose`: where the time of each rebuild goes, from the editor's save to the reloaded page.

One line per rebuild, after its `built` line:

    trace: saved→seen 12 ms · queued 0 · config 1 · lock 0 · load 9 · xref 4 · plan 6 · render 60 · write 9 · other 14 · reload sent · saved→reload 117 ms

A saved episode gets a first look (generator/serve/first_look.py): its page alone, then a line
for it, then the full build's line, which starts with the same marks:

    trace: saved→seen 14 ms · queued 1 · first look 22 · publish 8 · reload sent (first look) · saved→reload 44 ms
    trace: saved→seen 14 ms · queued 1 · first look 22 · publish 8 · config 3 · load 4 · ... · reload sent · saved→reload 148 ms

- saved→seen: from the newest modification time of the changed files (the save; the file
  system's clock, a few ms coarse) to the watcher handing the batch over (its debounce);
- queued: waiting for the builder (a build in progress);
- config: reading site.yaml; lock: waiting for the search indexer to finish a swap;
- load, xref, ..., write, search: the build's own stages (generator/progress.py), `other` the
  rest of the build (its cache, page keys, publishing the new version);
- first look, publish: the edited episode's page rendered, and published;
- reload sent: open pages whose file changed are told to reload (the version changes);

and, from the server's threads, one line per open page told to reload and one per page served.
"""
from __future__ import annotations

import os
import sys
import threading
import time

ENV = "SHOWNOTES_SERVE_VERBOSE"  # 1: as --verbose (for running serve where the flag cannot be passed)

_print_lock = threading.Lock()


def env_verbose() -> bool:
    return os.environ.get(ENV, "").lower() in ("1", "true", "yes")


def say(line: str) -> None:
    """One trace line (threads print whole lines)."""
    with _print_lock:
        print(f"{time.strftime('%H:%M:%S')} trace: {line}", file=sys.stdout, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def saved_at(paths) -> float | None:
    """The newest modification time of paths, on the perf_counter clock (None when none is recent)."""
    wall, perf = time.time(), time.perf_counter()
    newest = None
    for path in paths:
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            continue
        newest = mtime if newest is None else max(newest, mtime)
    if newest is None or not 0 <= wall - newest < 120:
        return None
    return perf - (wall - newest)


class RebuildTrace:
    """Marks taken during one rebuild (perf_counter seconds)."""

    def __init__(self, saved: float | None = None, seen: float | None = None):
        self.saved = saved
        self.seen = seen
        self.marks: list[tuple[str, float]] = []
        self.start = time.perf_counter()
        self._last = self.start

    def mark(self, name: str) -> None:
        now = time.perf_counter()
        self.marks.append((name, now - self._last))
        self._last = now

    def build(self, stages: dict[str, float]) -> None:
        """The build ran since the last mark: its stages, then what the stages do not cover."""
        now = time.perf_counter()
        total = now - self._last
        for name, secs in stages.items():
            self.marks.append((name, secs))
        self.marks.append(("other", max(0.0, total - sum(stages.values()))))
        self._last = now

    def line(self, outcome: str) -> str:
        end = time.perf_counter()
        parts = []
        if self.saved is not None and self.seen is not None:
            parts.append(f"saved→seen {ms(max(0.0, self.seen - self.saved))} ms")
        if self.seen is not None:
            parts.append(f"queued {ms(max(0.0, self.start - self.seen))}")
        parts += [f"{name} {ms(secs)}" for name, secs in self.marks]
        parts.append(outcome)
        origin, what = (self.saved, "saved") if self.saved is not None else (self.seen, "seen")
        if origin is None:
            origin, what = self.start, "start"
        parts.append(f"{what}→{'reload' if outcome.startswith('reload sent') else 'done'} {ms(end - origin)} ms")
        return " · ".join(parts)
