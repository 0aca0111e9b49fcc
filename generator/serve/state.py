"""What the server shows right now: where the site is, its base path, the problems of the
latest build, and a version that changes whenever open pages should reload."""
from __future__ import annotations

import secrets
import threading
import time
from pathlib import Path

from generator.errors import Problem


class SiteState:
    def __init__(self, out: Path, base_path: str = "/"):
        self.out = Path(out).absolute()
        self.base_path = base_path
        self.problems: list[Problem] = []  # the latest build's problems when it failed; [] when it succeeded
        self.closed = False
        self.on_missing = None  # called when a request finds the served folder gone (serve rebuilds it)
        self._missing_asked: str | None = None
        self._instance = secrets.token_hex(4)  # a restarted server never repeats an old version
        self._count = 0
        self._cond = threading.Condition()
        self.published_at: float | None = None  # perf_counter of the latest publish (serve --verbose traces from it)

    @property
    def version(self) -> str:
        return f"{self._instance}-{self._count}"

    @property
    def failing(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def publish(self, problems: list[Problem], base_path: str | None = None) -> None:
        """A build finished (well or not): record its outcome and wake every waiting page."""
        with self._cond:
            self.problems = list(problems) if any(p.severity == "error" for p in problems) else []
            if base_path:
                self.base_path = base_path
            self._count += 1
            self.published_at = time.perf_counter()
            self._cond.notify_all()

    def wait_for_change(self, since: str, timeout: float) -> str | None:
        """The current version once it differs from `since`; None on timeout or when closing."""
        with self._cond:
            self._cond.wait_for(lambda: self.closed or self.version != since, timeout)
            if self.closed or self.version == since:
                return None
            return self.version

    def site_missing(self) -> str | None:
        """A request found the served folder gone (deleted while serving): ask for a rebuild, once
        per version. Returns the version to wait from while that rebuild runs; None when there
        is none to wait for: while the content is broken the rebuild would fail the same way, and
        the error page says what to fix."""
        with self._cond:
            version = self.version
            if self.on_missing is None or self.failing:
                return None
            ask = self._missing_asked != version
            self._missing_asked = version
        if ask:
            self.on_missing()
        return version

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()
