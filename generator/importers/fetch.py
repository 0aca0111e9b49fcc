"""Download a podcast feed and the files its items link into seeds/, bytes unchanged (DESIGN §3, §3a).

`shownotes import https://…/feed.xml` stores what it downloads under `seeds/<host>/<url path>`
(mirrored like `wget -x`, see `seed_path_for`) and then imports it like any other seed. This
module only downloads and stores; parsing the feed is the importer's job.

Downloads are untrusted and the network is unreliable, so every download is bounded and every
failure is one `FetchError` whose `str()` is one line, "<url>: <reason>":

- http(s) only, for the URL asked for and for every redirect target;
- at most `max_redirects` redirects (301, 302, 303, 307, 308), each followed by hand;
- at most `max_bytes` of body: a larger Content-Length is refused before reading, and the body
  is counted while it streams (never more than `max_bytes + 1` bytes are read). We ask for
  `Accept-Encoding: identity`; a server that gzips anyway is decompressed under the same cap;
- `timeout` seconds for connecting and for each read, and `total_timeout` (default ten times
  `timeout`, at least 60 s) for the whole download, so a server that drips bytes cannot hold us;
- the body goes to a dot-named temp file in seeds/ and is moved into place with `os.replace`
  only when complete: a failed download leaves no file behind and never replaces a good copy;
  bytes equal to the stored copy leave it untouched (status "unchanged", mtime kept).

Re-imports are conditional GETs: `FetchState` (seeds/.downloads.json, a dot file the importer
ignores) remembers each URL's ETag, Last-Modified, final URL and the sha256 of the stored bytes.
The validators are sent only while the stored file still has those bytes, and only to the URL
that answered them; a 304 then returns status "unchanged" with the stored path.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import secrets
import socket
import ssl
import string
import threading
import time
import urllib.error
import urllib.request
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from generator import __version__

USER_AGENT = f"shownotes/{__version__} (+podcast importer)"
STATE_FILE = ".downloads.json"
STATE_VERSION = 1
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
MAX_COMPONENT_BYTES = 200   # of a path component's UTF-8; file systems allow 255, temp names need room
MAX_EXT_CHARS = 12          # a longer "extension" is not one
CHUNK = 64 * 1024
_URL_SAFE = string.punctuation  # what `quote` leaves alone in a URL we send (keeps existing %XX)


class FetchError(Exception):
    """A download that failed; `str(e)` is one line: "<url>: <reason>"."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = _one_line(reason)
        super().__init__(f"{_one_line(url)}: {self.reason}")

    def __reduce__(self):
        return (type(self), (self.url, self.reason))


@dataclass
class Fetched:
    url: str            # the URL asked for
    final_url: str      # after redirects
    path: Path          # where the bytes are under seeds/
    status: str         # "downloaded" | "unchanged" (304, or the same bytes as before)
    content_type: str


# ---------------------------------------------------------------- where a URL's file lives


def seed_path_for(url: str, seeds: Path) -> Path:
    """`seeds/<host>/<url path>`: the file's path ends with the URL's (percent-decoded) path.

    - the host is lowercased (IDNA-encoded when possible); a port other than the scheme's
      default becomes `host_port`;
    - dot segments are resolved as a browser does (`/a/../b` is `/b`, never above the root);
      a component that only decodes to `..` (`%2e%2e`) or starts with `.` gets a `_` prefix;
    - percent-escapes are decoded (so `%C3%A9` and `é` give the same file); `/`, `\\`, NUL and
      control characters inside a component become `_`;
    - an empty path or one ending in `/` ends in `index`;
    - a query string appends `-` + 8 hex chars of its sha256 to the last component's stem;
    - a component longer than 200 UTF-8 bytes is cut, keeping its extension and adding 8 hex
      chars of its own sha256 so that distinct names stay distinct.

    The result is always inside `seeds`. Raises FetchError for a URL that is not http(s).
    """
    parts = _split_http(url)
    host = _host_component(parts)
    segments = _remove_dot_segments(parts.path)
    trailing = not segments or segments[-1] == ""
    names = [unquote(s, errors="replace") for s in segments if s]
    last = "index" if trailing else names.pop()
    if parts.query:
        digest = hashlib.sha256(_quote(parts.query).encode("utf-8")).hexdigest()[:8]
        stem, ext = _split_ext(last)
        last = f"{stem}-{digest}{ext}"
    components = [host] + [_safe_component(n) for n in names] + [_safe_component(last)]
    for c in components:  # belt and braces: nothing here can climb out of seeds/
        if not c or c in (".", "..") or c.startswith(".") or "/" in c or "\\" in c or "\x00" in c:
            raise FetchError(url, f"cannot make a safe file name from the URL (component {c!r})")
    return Path(seeds).joinpath(*components)


def _split_http(url: str):
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError as e:
        raise FetchError(url, f"invalid URL ({e})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not an http(s) URL")
    return parts


def _host_component(parts) -> str:
    host = parts.hostname.rstrip(".") or parts.hostname  # hostname is lowercased by urlsplit
    try:
        host = host.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        pass
    host = _safe_component(host.replace(":", "_"))  # IPv6 literals
    default = 443 if parts.scheme.lower() == "https" else 80
    if parts.port is not None and parts.port != default:
        host = f"{host}_{parts.port}"
    return host


def _remove_dot_segments(path: str) -> list[str]:
    """RFC 3986 §5.2.4 on the raw (still percent-encoded) path, as its list of segments."""
    out: list[str] = []
    segs = path.split("/")
    if segs and segs[0] == "":
        segs = segs[1:]
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        if seg == ".":
            if last:
                out.append("")
        elif seg == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    return out


def _split_ext(name: str) -> tuple[str, str]:
    dot = name.rfind(".")
    if dot <= 0:
        return name, ""
    ext = name[dot:]
    if len(ext) > MAX_EXT_CHARS or not ext[1:].isalnum() or not ext[1:].isascii():
        return name, ""
    return name[:dot], ext


def _safe_component(name: str) -> str:
    out = "".join("_" if (ord(c) < 32 or 127 <= ord(c) < 160 or c in "/\\") else c for c in name)
    if out.startswith("."):
        out = "_" + out
    if not out:
        out = "_"
    raw = out.encode("utf-8")
    if len(raw) > MAX_COMPONENT_BYTES:
        stem, ext = _split_ext(out)
        digest = hashlib.sha256(raw).hexdigest()[:8]
        budget = MAX_COMPONENT_BYTES - len(ext.encode("utf-8")) - len(digest) - 1
        stem = stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
        out = f"{stem}-{digest}{ext}"
    return out


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
        raise FetchError(url, _describe(e, timeout)) from e


def _fetch(url: str, seeds: Path, *, max_bytes: int, timeout: float, max_redirects: int,
           state: FetchState | None, total_timeout: float | None) -> Fetched:
    _split_http(url)
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
            request = urllib.request.Request(_request_url(current), headers=headers, method="GET")
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
                        _split_http(target)
                    except FetchError:
                        raise FetchError(url, f"redirected to a non-http(s) URL {_clip(target)}") from None
                    current = target
                    continue
                if status == 304:
                    if not conditional:
                        raise FetchError(url, f"HTTP 304 Not Modified to a request that was not conditional{where}")
                    _remember(state, url, current, resp, entry.get("sha256"), dest, seeds,
                              entry.get("content_type", ""), keep=entry)
                    return Fetched(url, current, dest, "unchanged", entry.get("content_type", ""))
                if not (200 <= status < 300) or status in (204, 205, 206):
                    reason = (resp.reason or "").strip() or _phrase(status)
                    raise FetchError(url, f"HTTP {status} {reason}{where}".rstrip())
                content_type = (resp.headers.get("Content-Type") or "").strip()
                length = _content_length(resp)
                if length is not None and length > max_bytes:
                    raise FetchError(url, f"larger than the {_size(max_bytes)} limit (Content-Length {length} bytes)")
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
        raise FetchError(url, f"unsupported Content-Encoding {_clip(encoding, 40)}")
    too_large = f"larger than the {_size(max_bytes)} limit"
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
    state.record(url, final_url=final_url, etag=_one_line(etag) if etag else None,
                 last_modified=_one_line(modified) if modified else None,
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


def _request_url(url: str) -> str:
    """The URL as sent: IDNA host, percent-encoded path and query (existing escapes kept), no fragment."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc
    host = parts.hostname or ""
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except (UnicodeError, ValueError):
            pass
        userinfo = netloc.rpartition("@")[0] + "@" if "@" in netloc else ""
        netloc = f"{userinfo}{host}" + (f":{parts.port}" if parts.port is not None else "")
    return urlunsplit((parts.scheme, netloc, _quote(parts.path) or "/", _quote(parts.query), ""))


def _quote(s: str) -> str:
    return quote(s, safe=_URL_SAFE)


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


# ---------------------------------------------------------------- messages


def _describe(e: BaseException, timeout: float) -> str:
    """One short reason for an exception from urllib, http.client, socket, ssl or the disk."""
    if isinstance(e, urllib.error.URLError) and not isinstance(e, urllib.error.HTTPError):
        reason = e.reason
        return _describe(reason, timeout) if isinstance(reason, BaseException) else str(reason)
    if isinstance(e, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g} s"
    if isinstance(e, http.client.RemoteDisconnected):
        return "the server closed the connection without a response"
    if isinstance(e, http.client.IncompleteRead):
        return f"connection closed early (after {len(e.partial)} bytes, {e.expected} more expected)" \
            if e.expected is not None else "connection closed early"
    if isinstance(e, ConnectionRefusedError):
        return "connection refused"
    if isinstance(e, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(e, ConnectionAbortedError):
        return "connection aborted"
    if isinstance(e, socket.gaierror):
        return f"host not found ({e.strerror or e})"
    if isinstance(e, ssl.SSLCertVerificationError):
        return f"TLS certificate verification failed ({e.verify_message or e})"
    if isinstance(e, ssl.SSLError):
        return f"TLS error ({e.reason or e})"
    if isinstance(e, http.client.InvalidURL):
        return f"invalid URL ({e})"
    if isinstance(e, http.client.HTTPException):
        return f"bad HTTP response ({type(e).__name__}{': ' + str(e) if str(e) else ''})"
    if isinstance(e, urllib.error.HTTPError):
        return f"HTTP {e.code} {e.reason}"
    if isinstance(e, ValueError):
        return f"invalid URL ({e})"
    if isinstance(e, OSError):
        return f"network or disk error ({e.strerror or e})"
    return f"unexpected error: {type(e).__name__}: {e}"


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KiB"
    return f"{n} B"


def _one_line(s: object) -> str:
    text = str(s)
    return "".join(c if c.isprintable() else " " for c in text).strip()


def _clip(s: str, limit: int = 200) -> str:
    s = _one_line(s)
    return s if len(s) <= limit else s[: limit - 1] + "…"
