"""What the server shows right now: where the site is, its base path, the problems of the
latest build, and a version that changes with every publish, with which files each one changed:
an open page reloads when its own file changed, or the theme's assets, or the build's errors."""
from __future__ import annotations

import secrets
import threading
import time
from pathlib import Path

from generator.errors import Problem


KEEP_CHANGES = 1000  # publishes whose changed files are remembered (a page older than that reloads)


def _everywhere(rel: str) -> bool:
    """A change every page shows: the theme's assets (styles, scripts, fonts, images)."""
    return rel.startswith("assets/") or rel.endswith((".css", ".js"))


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
        self._changes: dict[int, frozenset[str] | None] = {}  # publish number -> the files it changed (None: all)

    @property
    def version(self) -> str:
        return f"{self._instance}-{self._count}"

    @property
    def failing(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def publish(self, problems: list[Problem], base_path: str | None = None, changed: list[str] | None = None) -> None:
        """A build finished (well or not): record its outcome and wake the pages it concerns.
        changed: the site's files that differ now (None: unknown, every page reloads)."""
        with self._cond:
            was_failing, before = self.failing, self.problems
            self.problems = list(problems) if any(p.severity == "error" for p in problems) else []
            if was_failing or self.failing or self.problems != before or (base_path and base_path != self.base_path):
                changed = None  # the overlay comes or goes, or every URL moved
            elif changed is not None and any(_everywhere(rel) for rel in changed):
                changed = None
            if base_path:
                self.base_path = base_path
            self._count += 1
            self._changes[self._count] = None if changed is None else frozenset(changed)
            self._changes.pop(self._count - KEEP_CHANGES, None)
            self.published_at = time.perf_counter()
            self._cond.notify_all()

    def wait_for_change(self, since: str, timeout: float, page: str | None = None) -> str | None:
        """The current version once a publish after `since` changed `page` (the served file, site
        relative; None: any publish); None on timeout or when closing."""
        with self._cond:
            self._cond.wait_for(lambda: self.closed or self._concerns(since, page), timeout)
            if self.closed or not self._concerns(since, page):
                return None
            return self.version

    def _concerns(self, since: str, page: str | None) -> bool:
        if self.version == since:
            return False
        instance, _, count = since.rpartition("-")
        if page is None or instance != self._instance or not count.isdigit():
            return True
        for n in range(int(count) + 1, self._count + 1):
            changed = self._changes.get(n)  # a publish too old to be remembered counts as a change
            if changed is None or page in changed:
                return True
        return False

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
