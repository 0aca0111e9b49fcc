"""Stage timing, a progress bar with an ETA on terminals, and the one-line build summary.

A build runs its long stages inside `progress.stage(name)` and, as work gets done, calls
`progress.advance(done, total)`: load (files loaded), render (pages rendered), search (shards
indexed). On a terminal each such stage shows a bar (tqdm) with the count, the rate and the time
left; a stage that never advances shows its name and '...'. Nothing is drawn when stderr is not a
terminal, when NO_COLOR is set or when TERM=dumb; the stage times (`stages`, `summary()`) are
kept either way.
"""
from __future__ import annotations

import io
import os
import sys
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

_current: ContextVar["Progress | None"] = ContextVar("shownotes_progress", default=None)


def advance(done: int, total: int) -> None:
    """Advance the bar of the stage running now in this thread (a no-op when there is none): for
    code that is handed no Progress of its own."""
    progress = _current.get()
    if progress is not None:
        progress.advance(done, total)


def checkpoint() -> None:
    """A point inside a long step where the running build may be stopped (Progress.on_stage)."""
    progress = _current.get()
    if progress is not None and progress.on_stage is not None and progress._label is not None:
        progress.on_stage(progress._label)


@lru_cache(maxsize=1)
def _bar_class():
    from tqdm import tqdm  # imported only when a bar is drawn: `shownotes --help` stays fast

    class Bar(tqdm):
        monitor_interval = 0  # no monitor thread: builds fork render workers

    return Bar


def _columns(stream) -> int:
    """The terminal's width; -1 when the stream has no terminal size to ask (then tqdm's default)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        return -1


def _terminal(stream) -> bool:
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a real stream
        return False
    return bool(tty) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


class Progress:
    BAR_FORMAT = "{desc:<8} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}, ETA {remaining}]"
    WAIT_FORMAT = "{desc:<8} ..."
    MIN_INTERVAL = 0.1  # seconds between redraws

    def __init__(self, stream=None, enabled: bool | None = None, min_interval: float | None = None):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = _terminal(self.stream)
        self.enabled = enabled
        self.min_interval = self.MIN_INTERVAL if min_interval is None else min_interval
        self.stages: dict[str, float] = {}
        self.started = time.perf_counter()
        self._label: str | None = None
        self._bar = None
        self._shown = False
        self.on_stage = None  # called with each stage's name as it starts (and as it advances): may raise to stop the build

    @contextmanager
    def stage(self, name: str):
        if self.on_stage is not None:
            self.on_stage(name)
        t0 = time.perf_counter()
        outer = self._label
        self._label = name
        token = _current.set(self)
        if self.enabled:
            self._open(name, None)
        try:
            yield self
        finally:
            _current.reset(token)
            self._close()
            self._label = outer
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - t0

    def advance(self, done: int, total: int) -> None:
        """`done` of `total` items of the running stage are finished. Cheap off a terminal, and
        on one: tqdm redraws at most every min_interval seconds."""
        if self.on_stage is not None and self._label is not None:
            self.on_stage(self._label)
        if not self.enabled or not total or self._label is None:
            return
        bar = self._bar
        if bar is None or bar.total != total:
            self._open(self._label, total)
            bar = self._bar
        done = max(0, min(done, total))
        if done != bar.n:
            bar.update(done - bar.n)

    def _open(self, name: str, total: int | None) -> None:
        self._close()
        sized = _columns(self.stream) > 0  # a terminal that reports no size (some pseudo-terminals): 80
        self._bar = _bar_class()(total=total, desc=name, file=self.stream, leave=False, dynamic_ncols=sized,
                                 ncols=None if sized else 80, nrows=None if sized else 24,
                        mininterval=self.min_interval, miniters=1, smoothing=0.1, ascii=None,
                        bar_format=self.BAR_FORMAT if total else self.WAIT_FORMAT)  # drawn at once
        self._shown = True

    def _close(self) -> None:
        bar, self._bar = self._bar, None
        if bar is not None:
            bar.close()  # leave=False: the line is cleared

    def clear(self) -> None:
        self._close()
        if self._shown:
            self.stream.write("\r\x1b[K" if self.enabled else "\r")
            self.stream.flush()
            self._shown = False

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started

    def summary(self) -> str:
        parts = ", ".join(f"{name} {secs:.2f}s" for name, secs in self.stages.items())
        return f"({parts})" if parts else ""
