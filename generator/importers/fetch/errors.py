"""Download failures: `FetchError`, whose `str()` is one line "<url>: <reason>", and the short
reasons given for what urllib, http.client, socket, ssl or the disk raised."""
from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error
from http import HTTPStatus


class FetchError(Exception):
    """A download that failed; `str(e)` is one line: "<url>: <reason>"."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = one_line(reason)
        super().__init__(f"{one_line(url)}: {self.reason}")

    def __reduce__(self):
        return (type(self), (self.url, self.reason))


# ---------------------------------------------------------------- messages


def describe(e: BaseException, timeout: float) -> str:
    """One short reason for an exception from urllib, http.client, socket, ssl or the disk."""
    if isinstance(e, urllib.error.URLError) and not isinstance(e, urllib.error.HTTPError):
        reason = e.reason
        return describe(reason, timeout) if isinstance(reason, BaseException) else str(reason)
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


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def human_size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KiB"
    return f"{n} B"


def one_line(s: object) -> str:
    text = str(s)
    return "".join(c if c.isprintable() else " " for c in text).strip()


def clip(s: str, limit: int = 200) -> str:
    s = one_line(s)
    return s if len(s) <= limit else s[: limit - 1] + "…"
