"""Stage timing, a progress bar on terminals, and the one-line build summary."""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager


class Progress:
    def __init__(self, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = self.stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        self.enabled = enabled
        self.stages: dict[str, float] = {}
        self.started = time.perf_counter()
        self._shown = False

    @contextmanager
    def stage(self, name: str):
        t0 = time.perf_counter()
        self._label = name
        if self.enabled:
            self._draw(name, None, None)
        try:
            yield self
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - t0

    def advance(self, done: int, total: int) -> None:
        """Redraw the bar for long stages; cheap when not on a terminal."""
        if self.enabled and total and (done == total or done % max(1, total // 50) == 0):
            self._draw(self._label, done, total)

    def _draw(self, name: str, done: int | None, total: int | None) -> None:
        if total:
            width = 30
            filled = int(width * done / total)
            bar = "#" * filled + "-" * (width - filled)
            text = f"\r{name:<8} [{bar}] {done}/{total}"
        else:
            text = f"\r{name:<8} ..."
        self.stream.write(text.ljust(60))
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()
            self._shown = False

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started

    def summary(self) -> str:
        parts = ", ".join(f"{name} {secs:.2f}s" for name, secs in self.stages.items())
        return f"({parts})" if parts else ""
