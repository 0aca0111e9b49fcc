"""Where a URL's download lives under seeds/ (`seed_path_for`, mirrored like `wget -x`), and the
URL as it is sent (IDNA host, percent-encoded path and query)."""
from __future__ import annotations

import hashlib
import string
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from generator.importers.fetch.errors import FetchError

MAX_COMPONENT_BYTES = 200   # of a path component's UTF-8; file systems allow 255, temp names need room
MAX_EXT_CHARS = 12          # a longer "extension" is not one
_URL_SAFE = string.punctuation  # what `quote` leaves alone in a URL we send (keeps existing %XX)


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
    parts = split_http(url)
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


def split_http(url: str):
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


def request_url(url: str) -> str:
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
