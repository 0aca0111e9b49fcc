"""Remembered downloads: `FetchState` (seeds/.downloads.json) keeps each URL's ETag,
Last-Modified, final URL and the sha256 of the stored bytes, for conditional re-downloads."""
from __future__ import annotations

import json
import os
import secrets
import threading
from pathlib import Path

from generator.importers.fetch.errors import FetchError

STATE_FILE = ".downloads.json"
STATE_VERSION = 1


# ---------------------------------------------------------------- remembered downloads


class FetchState:
    """ETag, Last-Modified, final URL and stored sha256 per URL, in seeds/.downloads.json."""

    def __init__(self, seeds: Path, entries: dict[str, dict[str, str]] | None = None):
        self.seeds = Path(seeds)
        self.path = self.seeds / STATE_FILE
        self._entries: dict[str, dict[str, str]] = dict(entries or {})
        self._lock = threading.Lock()

    @classmethod
    def load(cls, seeds: Path) -> "FetchState":
        """The saved state; a missing, unreadable or corrupt file gives an empty one."""
        state = cls(seeds)
        try:
            data = json.loads(state.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeError, ValueError):
            return state
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            return state
        downloads = data.get("downloads")
        if not isinstance(downloads, dict):
            return state
        for url, entry in downloads.items():
            if isinstance(url, str) and isinstance(entry, dict):
                clean = {k: v for k, v in entry.items() if isinstance(k, str) and isinstance(v, str)}
                if clean:
                    state._entries[url] = clean
        return state

    def get(self, url: str) -> dict[str, str] | None:
        with self._lock:
            entry = self._entries.get(url)
            return dict(entry) if entry is not None else None

    def record(self, url: str, **fields: str | None) -> None:
        """Replace what is remembered about `url` (empty values are left out)."""
        with self._lock:
            self._entries[url] = {k: v for k, v in fields.items() if isinstance(v, str) and v}

    def forget(self, url: str) -> None:
        with self._lock:
            self._entries.pop(url, None)

    def urls(self) -> list[str]:
        with self._lock:
            return sorted(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def to_json(self) -> str:
        with self._lock:
            data = {"version": STATE_VERSION, "downloads": self._entries}
            return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    def save(self) -> None:
        """Atomic write; the same state writes the same bytes, and an unchanged file is not touched.

        Raises FetchError (naming the file) if it cannot be written."""
        text = self.to_json()
        try:
            if self.path.read_text(encoding="utf-8") == text:
                return
        except FileNotFoundError:
            if not self._entries:
                return  # nothing to remember: do not create the file
        except (OSError, UnicodeError):
            pass
        try:
            self.seeds.mkdir(parents=True, exist_ok=True)
            tmp = self.seeds / f"{STATE_FILE}.{secrets.token_hex(6)}.tmp"
            try:
                with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                    f.write(text)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, self.path)
            finally:
                tmp.unlink(missing_ok=True)
        except OSError as e:
            raise FetchError(str(self.path), f"cannot write ({e.strerror or e})") from None
