"""What makes rebuilds fast: a cache of parsed files and of page keys, kept between builds.

- Parsed files are kept by path with the stat signature and hash of their bytes: a file whose
  size and mtime did not change is not read again; one whose bytes did not change is not parsed.
- Every page has a key: the digest of its inputs, the frozen value its page kind says it renders
  from (generator/render/kinds). A page whose key did not change is not rendered again; its files
  are hard-linked from the previous site.
- All keys carry a salt: the generator's own code, the theme's files, the site config and the
  base URL. Changing any of those renders everything, so a cached build is always the bytes
  a cold build would write (tests/test_incremental.py proves it); but the files of the kinds that
  never use the theme (feeds, captions, chapters: PageKind.uses_theme) are salted without it, so
  a theme edit does not make them again.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.content.loader import FileRecord
from generator.model import SiteConfig
from generator.render.spec import Salt

CACHE_VERSION = 2
PageId = tuple[str, tuple[str, ...]]


def _h(*parts: object) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(str(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """The generator's own source: a new version of the code renders everything again."""
    root = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def theme_fingerprint(theme_dirs: list[Path]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for i, theme in enumerate(theme_dirs):
        for path in sorted(Path(theme).rglob("*")):
            if path.is_file():
                digest.update(f"{i}:{path.relative_to(theme).as_posix()}".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def build_salt(config: SiteConfig, theme_dirs: list[Path], drafts: bool) -> Salt:
    theme_free = _h(CACHE_VERSION, generator_fingerprint(), repr(config), drafts)
    return Salt(_h(theme_free, theme_fingerprint(theme_dirs)), theme_free)


# ------------------------------------------------------------------ the cache file

RECORD_SHARDS = 32  # parsed files are kept in this many files: an edit rewrites one, not all


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogatepass")) % RECORD_SHARDS


@dataclass
class BuildCache:
    """A small file (stat signatures, page keys, the inputs fingerprint) that decides whether
    anything changed at all, and the parsed files beside it in RECORD_SHARDS files, read only
    when something did and written only where something changed. A record is used only when its
    file's stat and hash match the small file's, so shards from different builds are harmless."""
    path: Path | None  # the small file; the large one sits beside it
    stats: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # path -> (size, mtime_ns, sha)
    pages: dict[PageId, tuple[str, list[str]]] = field(default_factory=dict)  # page -> (key, its output files)
    inputs: str = ""  # fingerprint of every input of the last successful build of this out folder
    search: bool = False  # whether that build indexed search
    outputs: list[str] = field(default_factory=list)  # every file that build wrote, but the search index
    related: tuple[str, dict] | None = None  # related episodes, by the fingerprint of their inputs (library.py)
    live: Path | None = None  # in memory only: the version of the site this cache describes (serve's warm cache)
    salt: Salt = Salt()  # in memory only: the salt of the build that made it
    _records: dict[str, FileRecord] | None = None
    _dirty: set[int] = field(default_factory=set)  # record shards to write

    def records_path(self, shard: int) -> Path | None:
        return self.path.with_suffix(f".records-{shard:02d}") if self.path else None

    @classmethod
    def load(cls, path: Path | None) -> "BuildCache":
        data = _read_pickle(path)
        if not data or data.get("version") != CACHE_VERSION or data.get("generator") != generator_fingerprint():
            return cls(path)
        return cls(path, data["stats"], data["pages"], data["inputs"], data["search"], data["outputs"],
                   data.get("related"))

    @property
    def records(self) -> dict[str, FileRecord]:
        if self._records is None:
            self._records = {}
            for shard in range(RECORD_SHARDS) if self.stats else ():
                data = _read_pickle(self.records_path(shard))
                if isinstance(data, dict):
                    self._records.update(data)
        return self._records

    def forget(self) -> None:
        """Called before the site changes: if the build dies before save(), the next one starts cold
        instead of trusting page keys that no longer describe the site."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._records is not None and self._dirty:
            shards: dict[int, dict[str, FileRecord]] = {n: {} for n in self._dirty}
            for path, record in self._records.items():
                if (n := _shard(path)) in shards:
                    shards[n][path] = record
            for n, records in sorted(shards.items()):
                _write_pickle(self.records_path(n), records)
            self._dirty = set()
        _write_pickle(self.path, {"version": CACHE_VERSION, "generator": generator_fingerprint(), "stats": self.stats,
                                  "pages": self.pages, "inputs": self.inputs, "search": self.search,
                                  "outputs": self.outputs, "related": self.related})

    def cached_record(self, path: Path, kind: str) -> FileRecord | None:
        """The record of a file whose size and mtime are as they were (git's rule for 'unchanged')."""
        entry = self.stats.get(str(path))
        if entry is None:
            return None
        try:
            st = path.stat()
        except OSError:
            return None
        record = self.records.get(str(path))
        if record is None or (st.st_size, st.st_mtime_ns) != entry[:2] or record.kind != kind or record.sha != entry[2]:
            return None
        return record

    def remember_files(self, records: dict[Path, FileRecord]) -> None:
        """Keep each record with the stat taken before its bytes were read (see load_file); the
        shards holding a record that is new, gone or not the one read from the cache are rewritten."""
        before = self._records or {}
        stats, kept = {}, {}
        for path, record in records.items():
            if record.stat is None:
                continue
            stats[str(path)] = (*record.stat, record.sha)
            kept[str(path)] = record
        self._dirty |= {_shard(p) for p in kept if before.get(p) is not kept[p]}
        self._dirty |= {_shard(p) for p in before if p not in kept}
        self.stats, self._records = stats, kept


def _read_pickle(path: Path | None):
    if path is None or not path.is_file():
        return None
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - a damaged or foreign cache is only a slower build
        return None


def _write_pickle(path: Path, data) -> None:
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def cache_path(project: Path, out: Path) -> Path:
    """One cache per output folder, under the project's .shownotes-cache/. Keyed by where the
    folder's link is, not by the version it points at (which changes with every build)."""
    from generator.output import link_path
    return project / ".shownotes-cache" / f"build-{_h(link_path(out))[:16]}.meta"


def inputs_fingerprint(salt: str, records: dict[Path, FileRecord], search: bool) -> str:
    """Must equal stat_fingerprint's value for the same files."""
    return _h(salt, search, sorted((str(p), r.sha) for p, r in records.items()))


def stat_fingerprint(salt: str, cache: BuildCache, paths: list[Path], search: bool) -> str | None:
    """The inputs fingerprint from stat alone, when every file is as the cache saw it; else None."""
    if set(map(str, paths)) != set(cache.stats):
        return None
    shas = []
    for path in paths:
        size, mtime, sha = cache.stats[str(path)]
        try:
            st = path.stat()
        except OSError:
            return None
        if (st.st_size, st.st_mtime_ns) != (size, mtime):
            return None
        shas.append((str(path), sha))
    return _h(salt, search, sorted(shas))
