"""Which pages the search index holds, and how they are split into shards (DESIGN §6).

Each shard is indexed by its own Pagefind run, so the memory of the largest run is bounded by
the largest shard, not by the site, and a shard whose pages did not change keeps its index.

The plan (deterministic: the same pages give the same shards, whatever the order they are found in):

- The pages Pagefind indexes: every HTML page with a `data-pagefind-body` element (episode,
  show and person pages in the default theme); when no page has one, every page (what
  Pagefind itself does).
- A site whose indexed pages weigh at most `limit` bytes is one shard, `_site`.
- Otherwise the pages that are not episodes (shows, people) are the shard `_pages`, and each
  show's episodes (pages under `<show>/` with a `data-pagefind-sort="date"`) the shard `<show>`.
- A show heavier than `limit` is split by year: runs of consecutive years, packed from the
  oldest while they fit (`<show>.2019-2021`, `<show>.2022`), so a new episode (in the newest
  year) leaves the shards of earlier years as they are.
- A group still heavier than `limit` (one year of a daily show, the people of a large network)
  is split by a hash of each page's path into k buckets (`<show>.2024.1` ... `<show>.2024.k`,
  `_pages.1` ...), k the smallest from 1.25x the needed number that makes each fit: an edit
  never moves a page, and a new page moves no other unless k grows.

Names are made of slugs (`[a-z0-9-]`), digits, `.` and `_`: URL-safe, and never two alike
(a slug has neither `.` nor `_`). The first shard of the plan (`_site` or `_pages`) is the
primary: its index is `site/pagefind/` itself, the others are merged into it in the browser.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SHARD_BYTES = 16 * 1024 * 1024  # ~130 hour-long episodes: ~5 s and ~300 MiB of Pagefind
SHARD_BYTES_ENV = "SHOWNOTES_SEARCH_SHARD_BYTES"
PAGE_OVERHEAD = 2048  # a page's weight is its size plus this: Pagefind's per-page cost
SITE, PAGES = "_site", "_pages"

_SORT_DATE = re.compile(rb"""data-pagefind-sort=["']date(?::([^"']*))?["'][^<>]*>([^<]*)<""")
_YEAR = re.compile(r"^(\d{4})")


@dataclass(frozen=True)
class Page:
    rel: str  # the HTML file's path in the site, with `/`
    size: int
    digest: str  # sha256 of its bytes
    show: str | None = None  # an episode page: its show (the first folder)
    date: str | None = None  # its `data-pagefind-sort="date"` value

    @property
    def weight(self) -> int:
        return self.size + PAGE_OVERHEAD

    @property
    def url(self) -> str:
        """The URL Pagefind gives the page (before the site's base path)."""
        if self.rel == "index.html" or self.rel.endswith("/index.html"):
            return "/" + self.rel[: -len("index.html")]
        return "/" + self.rel


@dataclass
class Shard:
    name: str
    pages: list[Page] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(p.size for p in self.pages)

    @property
    def weight(self) -> int:
        return sum(p.weight for p in self.pages)

    def fingerprint(self, salt: str) -> str:
        """What its index depends on: the pages' paths and bytes (and Pagefind's version, in salt)."""
        h = hashlib.sha256(salt.encode())
        for page in sorted(self.pages, key=lambda p: p.rel):
            h.update(f"\n{page.rel}\0{page.digest}".encode())
        return h.hexdigest()


def shard_limit(limit: int | None = None) -> int:
    """The largest weight of a shard: the argument, else $SHOWNOTES_SEARCH_SHARD_BYTES, else the default."""
    if limit is None:
        raw = os.environ.get(SHARD_BYTES_ENV, "").strip()
        try:
            limit = int(raw) if raw else DEFAULT_SHARD_BYTES
        except ValueError:
            limit = DEFAULT_SHARD_BYTES
    return max(1, limit)


# ------------------------------------------------------------------ what is indexed

def scan_site(site: Path, skip: tuple[str, ...] = ("pagefind",), cache: dict | None = None) -> list[Page]:
    """The pages Pagefind would index in site, sorted by path. Top-level folders named in skip
    (the index itself) and hidden ones (staging) are not looked at. cache (rel -> what a file with
    that inode, size and mtime was found to be; updated in place) spares reading files again."""
    found: list[tuple[Page, bool]] = []
    fresh: dict = {}
    for folder, dirs, files in os.walk(site):
        if folder == str(site):
            dirs[:] = [d for d in dirs if d not in skip and not d.startswith(".")]
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site).replace(os.sep, "/")
            if cache is not None:
                st = os.stat(path)
                key = [st.st_ino, st.st_size, st.st_mtime_ns]
                known = cache.get(rel)
                if isinstance(known, list) and len(known) == 7 and known[:3] == key:
                    fresh[rel] = known
                    found.append((Page(rel, known[1], known[3], known[4], known[5]), bool(known[6])))
                    continue
            with open(path, "rb") as f:
                data = f.read()
            date = sort_date(data)
            parts = rel.split("/")
            show = parts[0] if date and len(parts) >= 3 else None
            page = Page(rel, len(data), hashlib.sha256(data).hexdigest(), show, date)
            body = has_body(data)
            found.append((page, body))
            if cache is not None:
                fresh[rel] = key + [page.digest, show, date, body]
    if cache is not None:
        cache.clear()
        cache.update(fresh)
    bodies = [page for page, body in found if body]
    # no data-pagefind-body anywhere: Pagefind indexes every page
    return sorted(bodies or [page for page, _ in found], key=lambda p: p.rel)


def has_body(html: bytes) -> bool:
    """Whether an element of the page carries data-pagefind-body (not just the words, in text)."""
    at = html.find(b"data-pagefind-body")
    while at > 0:
        end = html[at + len(b"data-pagefind-body"):at + len(b"data-pagefind-body") + 1]
        if html[at - 1:at].isspace() and end in (b"", b" ", b"\t", b"\n", b"\r", b"=", b">", b"/") \
                and html.rfind(b"<", 0, at) > html.rfind(b">", 0, at):
            return True
        at = html.find(b"data-pagefind-body", at + 1)
    return False


def sort_date(html: bytes) -> str | None:
    m = _SORT_DATE.search(html)
    if not m:
        return None
    value = (m.group(1) if m.group(1) is not None else m.group(2)).decode("utf-8", "replace").strip()
    return value or None


# ------------------------------------------------------------------ the plan

def plan_shards(pages: list[Page], limit: int | None = None, max_shards: int | None = None) -> list[Shard]:
    """Split pages into shards of at most limit weight each (see the module's doc); the primary
    first. max_shards: raise the limit (to a power of two MiB, so that it moves seldom as the site
    grows) where it would make about more shards than this."""
    limit = shard_limit(limit)
    pages = sorted(pages, key=lambda p: p.rel)
    if not pages:
        return []
    total = sum(p.weight for p in pages)
    if max_shards and total > limit * max_shards:
        mib = 1
        while mib * 1024 * 1024 * max_shards < total:
            mib *= 2
        limit = max(limit, mib * 1024 * 1024)
    if total <= limit:
        return [Shard(SITE, pages)]
    others = [p for p in pages if p.show is None]
    shows: dict[str, list[Page]] = {}
    for p in pages:
        if p.show is not None:
            shows.setdefault(p.show, []).append(p)
    shards = _split_by_hash(PAGES, others, limit) if others else []
    for show in sorted(shows):
        shards += _plan_show(show, shows[show], limit)
    return shards


def _plan_show(show: str, pages: list[Page], limit: int) -> list[Shard]:
    if _weight(pages) <= limit:
        return [Shard(show, pages)]
    years: dict[str, list[Page]] = {}
    for p in pages:
        m = _YEAR.match(p.date or "")
        years.setdefault(m.group(1) if m else "0000", []).append(p)
    shards: list[Shard] = []
    run: list[str] = []  # consecutive years packed into one shard

    def flush() -> None:
        if run:
            name = f"{show}.{run[0]}" if len(run) == 1 else f"{show}.{run[0]}-{run[-1]}"
            shards.append(Shard(name, [p for y in run for p in years[y]]))
            run.clear()

    for year in sorted(years):
        weight = _weight(years[year])
        if weight > limit:
            flush()
            shards += _split_by_hash(f"{show}.{year}", years[year], limit)
        elif run and _weight([p for y in run for p in years[y]]) + weight > limit:
            flush()
            run.append(year)
        else:
            run.append(year)
    flush()
    return shards


def _split_by_hash(name: str, pages: list[Page], limit: int) -> list[Shard]:
    """One shard when it fits; else buckets by a hash of each path, as few as make each fit
    (from a quarter more than the weight needs: hash buckets are uneven)."""
    total = _weight(pages)
    if total <= limit or len(pages) == 1:
        return [Shard(name, pages)]
    k = max(2, -(-total * 5 // (limit * 4)))
    while True:
        buckets: list[list[Page]] = [[] for _ in range(k)]
        for p in pages:
            buckets[_bucket(p.rel, k)].append(p)
        if all(_weight(b) <= limit for b in buckets) or k >= len(pages):
            break
        k += 1
    return [Shard(f"{name}.{i + 1}", b) for i, b in enumerate(buckets) if b]


def _bucket(rel: str, k: int) -> int:
    return int.from_bytes(hashlib.sha256(rel.encode()).digest()[:8], "big") % k


def _weight(pages: list[Page]) -> int:
    return sum(p.weight for p in pages)
