"""Downloading: `fetch` (one URL, redirects followed by hand, the body streamed under its caps
into a temp file and moved into place) and `fetch_many` (several at once in a small thread pool)."""
from __future__ import annotations

import hashlib
import os
import secrets
import ssl
import threading
import time
import urllib.request
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from generator import __version__
from generator.importers.fetch.errors import FetchError, clip, describe, human_size, one_line, status_phrase
from generator.importers.fetch.paths import request_url, seed_path_for, split_http
from generator.importers.fetch.state import FetchState

USER_AGENT = f"shownotes/{__version__} (+podcast importer)"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


@dataclass
class Fetched:
    url: str            # the URL asked for
    final_url: str      # after redirects
    path: Path          # where the bytes are under seeds/
    status: str         # "downloaded" | "unchanged" (304, or the same bytes as before)
    content_type: str


# ---------------------------------------------------------------- downloading

_SSL_CONTEXT = ssl.create_default_context()
_path_locks: dict[str, threading.Lock] = {}
_path_locks_guard = threading.Lock()


def _lock_for(path: Path) -> threading.Lock:
    key = os.path.abspath(path)
    with _path_locks_guard:
        return _path_locks.setdefault(key, threading.Lock())


def _opener() -> urllib.request.OpenerDirector:
    """http(s) only, no automatic redirects and no error processing: every status comes back to us."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(),
                    urllib.request.HTTPSHandler(context=_SSL_CONTEXT)):
        opener.add_handler(handler)
    return opener


def fetch(url: str, seeds: Path, *, max_bytes: int = 20 * 1024 * 1024, timeout: float = 20.0,
          max_redirects: int = 5, state: FetchState | None = None,
          total_timeout: float | None = None) -> Fetched:
    """Download `url` into `seed_path_for(url, seeds)`. Every failure is a FetchError."""
    try:
        return _fetch(url, Path(seeds), max_bytes=max_bytes, timeout=timeout, max_redirects=max_redirects,
                      state=state, total_timeout=total_timeout)
    except FetchError:
        raise
    except Exception as e:  # whatever the network or the disk threw: one line naming the URL
        raise FetchError(url, describe(e, timeout)) from e


def _fetch(url: str, seeds: Path, *, max_bytes: int, timeout: float, max_redirects: int,
           state: FetchState | None, total_timeout: float | None) -> Fetched:
    split_http(url)
    dest = seed_path_for(url, seeds)
    if total_timeout is None:
        total_timeout = max(60.0, 10 * timeout)
    deadline = time.monotonic() + total_timeout
    with _lock_for(dest):
        entry = state.get(url) if state is not None else None
        if entry and not _stored_matches(dest, entry.get("sha256")):
            entry = None  # the stored copy is gone or differs: validators would lie
        opener = _opener()
        current = url.strip()
        hops = 0
        while True:
            conditional = bool(entry) and entry.get("final_url") == current and (
                "etag" in entry or "last_modified" in entry)
            headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", "Accept": "*/*"}
            if conditional:
                if "etag" in entry:
                    headers["If-None-Match"] = entry["etag"]
                if "last_modified" in entry:
                    headers["If-Modified-Since"] = entry["last_modified"]
            request = urllib.request.Request(request_url(current), headers=headers, method="GET")
            if time.monotonic() > deadline:
                raise FetchError(url, f"timed out after {total_timeout:g} s (the whole download)")
            resp = opener.open(request, timeout=timeout)
            try:
                status = resp.status
                where = "" if current == url.strip() else f" (at {current})"
                if status in REDIRECT_CODES:
                    location = resp.headers.get("Location")
                    if not location or not location.strip():
                        raise FetchError(url, f"HTTP {status} redirect without a Location header{where}")
                    hops += 1
                    if hops > max_redirects:
                        raise FetchError(url, f"too many redirects (more than {max_redirects})")
                    target = urljoin(current, location.strip())
                    target = urlunsplit(urlsplit(target)._replace(fragment=""))
                    try:
                        split_http(target)
                    except FetchError:
                        raise FetchError(url, f"redirected to a non-http(s) URL {clip(target)}") from None
                    current = target
                    continue
                if status == 304:
                    if not conditional:
                        raise FetchError(url, f"HTTP 304 Not Modified to a request that was not conditional{where}")
                    _remember(state, url, current, resp, entry.get("sha256"), dest, seeds,
                              entry.get("content_type", ""), keep=entry)
                    return Fetched(url, current, dest, "unchanged", entry.get("content_type", ""))
                if not (200 <= status < 300) or status in (204, 205, 206):
                    reason = (resp.reason or "").strip() or status_phrase(status)
                    raise FetchError(url, f"HTTP {status} {reason}{where}".rstrip())
                content_type = (resp.headers.get("Content-Type") or "").strip()
                length = _content_length(resp)
                if length is not None and length > max_bytes:
                    raise FetchError(url, f"larger than the {human_size(max_bytes)} limit (Content-Length {length} bytes)")
                fetched_status, digest = _store(url, resp, dest, seeds, max_bytes, deadline, total_timeout)
                _remember(state, url, current, resp, digest, dest, seeds, content_type)
                return Fetched(url, current, dest, fetched_status, content_type)
            finally:
                resp.close()


def _store(url: str, resp, dest: Path, seeds: Path, max_bytes: int, deadline: float,
           total_timeout: float) -> tuple[str, str]:
    """Stream the body into a temp file in seeds/, then move it into place. ("downloaded" |
    "unchanged", sha256). Nothing is left behind on failure."""
    encoding = (resp.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding in ("", "identity"):
        decompressor = None
    elif encoding in ("gzip", "x-gzip"):
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decompressor = zlib.decompressobj()
    else:
        raise FetchError(url, f"unsupported Content-Encoding {clip(encoding, 40)}")
    too_large = f"larger than the {human_size(max_bytes)} limit"
    try:
        seeds.mkdir(parents=True, exist_ok=True)
        tmp = seeds / f".fetch-{secrets.token_hex(8)}.part"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as e:
        raise FetchError(url, f"cannot write in {seeds} ({e.strerror or e})") from None
    sha = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out:
            def write(data: bytes) -> None:
                sha.update(data)
                try:
                    out.write(data)
                except OSError as e:
                    raise FetchError(url, f"cannot write {tmp} ({e.strerror or e})") from None

            received = produced = 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(url, f"timed out after {total_timeout:g} s (the whole download)")
                chunk = resp.read(min(CHUNK, max_bytes + 1 - received))  # never past max_bytes + 1
                if not chunk:
                    break
                received += len(chunk)
                if received > max_bytes:
                    raise FetchError(url, too_large)
                data = chunk
                if decompressor is not None:
                    try:
                        data = decompressor.decompress(chunk, max_bytes + 1 - produced)
                    except zlib.error as e:
                        raise FetchError(url, f"bad {encoding} body ({e})") from None
                    if decompressor.unconsumed_tail:
                        raise FetchError(url, too_large + " (decompressed)")
                produced += len(data)
                if produced > max_bytes:
                    raise FetchError(url, too_large + (" (decompressed)" if decompressor else ""))
                write(data)
            declared = _content_length(resp)
            if declared is not None and received < declared:  # http.client's read(n) does not check
                raise FetchError(url, f"connection closed early (after {received} of {declared} bytes)")
            if decompressor is not None:
                try:
                    data = decompressor.flush()
                except zlib.error as e:
                    raise FetchError(url, f"bad {encoding} body ({e})") from None
                if not decompressor.eof:
                    raise FetchError(url, f"truncated {encoding} body")
                produced += len(data)
                if produced > max_bytes:
                    raise FetchError(url, too_large + " (decompressed)")
                write(data)
            try:
                out.flush()
                os.fsync(out.fileno())
            except OSError as e:
                raise FetchError(url, f"cannot write {tmp} ({e.strerror or e})") from None
        digest = sha.hexdigest()
        if _stored_matches(dest, digest):
            return "unchanged", digest  # same bytes: leave the stored copy (and its mtime) alone
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, dest)
        except OSError as e:
            raise FetchError(url, f"cannot write {dest} ({e.strerror or e})") from None
        return "downloaded", digest
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _remember(state: FetchState | None, url: str, final_url: str, resp, digest: str | None, dest: Path,
              seeds: Path, content_type: str, keep: dict[str, str] | None = None) -> None:
    if state is None:
        return
    keep = keep or {}
    etag = resp.headers.get("ETag") or (keep.get("etag") if keep else None)
    modified = resp.headers.get("Last-Modified") or (keep.get("last_modified") if keep else None)
    try:
        rel = dest.relative_to(seeds).as_posix()
    except ValueError:
        rel = dest.as_posix()
    state.record(url, final_url=final_url, etag=one_line(etag) if etag else None,
                 last_modified=one_line(modified) if modified else None,
                 content_type=content_type, sha256=digest, path=rel)


def _content_length(resp) -> int | None:
    """The declared body length; None when absent, malformed or irrelevant (chunked)."""
    if (resp.headers.get("Transfer-Encoding") or "").strip():
        return None
    value = (resp.headers.get("Content-Length") or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _stored_matches(path: Path, digest: str | None) -> bool:
    if not digest:
        return False
    try:
        if not path.is_file():
            return False
        sha = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1024 * 1024), b""):
                sha.update(block)
        return sha.hexdigest() == digest
    except OSError:
        return False


# ---------------------------------------------------------------- many at once


def fetch_many(urls: list[str], seeds: Path, *, state: FetchState | None = None, workers: int = 4,
               **kw) -> tuple[list[Fetched], list[FetchError]]:
    """Fetch each URL once (duplicates dropped, order kept) in a small thread pool.

    One failure never stops the others. Results and errors keep the URLs' order. The state is
    updated in memory; the caller saves it (`state.save()`)."""
    unique = list(dict.fromkeys(urls))
    if not unique:
        return [], []
    results: list[Fetched | FetchError | None] = [None] * len(unique)

    def one(i: int) -> None:
        u = unique[i]
        try:
            results[i] = fetch(u, seeds, state=state, **kw)
        except FetchError as e:
            results[i] = e
        except Exception as e:  # noqa: BLE001  (a bad keyword, say: still one line per URL)
            results[i] = FetchError(u, f"unexpected error: {type(e).__name__}: {e}")

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(unique))),
                            thread_name_prefix="shownotes-fetch") as pool:
        list(pool.map(one, range(len(unique))))
    fetched = [r for r in results if isinstance(r, Fetched)]
    errors = [r for r in results if isinstance(r, FetchError)]
    return fetched, errors
