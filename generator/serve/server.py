"""The HTTP side of `serve`: files under the served folder only (serve's preview build), under the
base path, with the live-reload endpoints. Each request resolves its file afresh, so a rebuild
swapping in a new version between two requests is never a problem; a request that reads a file of
a version removed meanwhile retries once. A request that finds the folder gone has it rebuilt."""
from __future__ import annotations

import os
import shutil
import socket
import socketserver
import sys
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlsplit

from generator.serve import live, trace
from generator.serve.state import SiteState

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml; charset=utf-8",
    ".xsl": "application/xml; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".pdf": "application/pdf",
    # Pagefind's index files are binary (gzip'd) blobs fetched by its JS
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}
DEFAULT_TYPE = "application/octet-stream"
_SWAP_RETRY_DELAY = 0.03  # seconds; the swap itself is one rename


def content_type(name: str) -> str:
    base = os.path.basename(name)
    if base == "CNAME":
        return "text/plain; charset=utf-8"
    return CONTENT_TYPES.get(os.path.splitext(base)[1].lower(), DEFAULT_TYPE)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True  # open event streams never keep the process alive
    block_on_close = False
    request_queue_size = 128  # a burst of connections is queued, not dropped
    allow_reuse_address = True
    idle_timeout = 30.0  # seconds a connection may stay silent (or stop reading) before it is closed
    rebuild_wait = 60.0  # seconds a request waits for the rebuild of a served folder that disappeared

    def __init__(self, address: tuple[str, int], state: SiteState, verbose: bool = False):
        self.state = state
        self.verbose = verbose  # trace reload events and the pages served (generator/serve/trace.py)
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind also looks up the host's FQDN, which can hang on a broken resolver
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, socket.timeout)):
            return  # the browser went away (a reload, a closed tab)
        print(f"serve: error answering {client_address[0]}: {type(exc).__name__}: {exc}", file=sys.stderr)


class Handler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "shownotes-serve"
    sys_version = ""
    protocol_version = "HTTP/1.0"

    def setup(self) -> None:
        # a connection that says nothing (a browser's speculative socket, a stalled client) would
        # otherwise hold its thread forever; the event stream writes every 15 s, well within it
        self.timeout = self.server.idle_timeout
        super().setup()

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the terminal is for build messages
        pass

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    # ------------------------------------------------------------------ routing

    def _answer(self, head: bool) -> None:
        state = self.server.state
        target = self.path
        if not target.startswith("/"):
            target = urlsplit(target).path or "/"  # absolute-form request target
        raw_path, _, query = target.partition("?")
        raw_path = raw_path.partition("#")[0]
        try:
            path = unquote(raw_path, errors="strict")
        except UnicodeDecodeError:
            return self._plain(HTTPStatus.BAD_REQUEST, "bad request: the path is not UTF-8", head)
        if "\x00" in path or "\\" in path:
            return self._plain(HTTPStatus.BAD_REQUEST, "bad request", head)
        segments = path.split("/")
        if any(s in (".", "..") for s in segments):
            return self._plain(HTTPStatus.FORBIDDEN, "forbidden: the path leaves the site", head)
        base = state.base_path
        if path.endswith(f"/{live.ENDPOINT}/{live.EVENTS}"):
            return self._events(query, head)
        if path.endswith(f"/{live.ENDPOINT}/{live.SCRIPT}"):
            return self._bytes(HTTPStatus.OK, live.LIVERELOAD_JS, "text/javascript; charset=utf-8", head)
        if not path.startswith(base):
            if path == "/" or path + "/" == base:
                return self._redirect(base, query, HTTPStatus.FOUND)
            return self._not_found(head)
        rel = [s for s in path[len(base):].split("/") if s]
        if not os.path.isdir(state.out):  # deleted while serving: build it again, then answer
            since = state.site_missing()
            if since is not None:
                state.wait_for_change(since, timeout=self.server.rebuild_wait)
        for attempt in range(2):
            found = self._resolve(rel, wants_folder=path.endswith("/"))
            if found == "redirect":
                location = base + "/".join(quote(s) for s in rel) + "/"
                return self._redirect(location, query, HTTPStatus.MOVED_PERMANENTLY)
            if found is not None:
                try:
                    return self._file(found, HTTPStatus.OK, head)
                except (FileNotFoundError, NotADirectoryError):
                    pass
            if attempt == 0:
                time.sleep(_SWAP_RETRY_DELAY)  # maybe mid-swap: the next build is being moved into place
        return self._not_found(head)

    def _resolve(self, rel: list[str], wants_folder: bool) -> str | None:
        """The real path of the file to send, 'redirect' for a folder without its slash, or None."""
        root = os.path.realpath(self.server.state.out)
        real = os.path.realpath(os.path.join(root, *rel))
        if real != root and not real.startswith(root + os.sep):
            return None  # a symlink pointing out of the site: as if it did not exist
        if os.path.isdir(real):
            if rel and not wants_folder:
                return "redirect"
            index = os.path.join(real, "index.html")
            return index if os.path.isfile(index) else None
        return real if os.path.isfile(real) else None

    # ------------------------------------------------------------------ answers

    def _file(self, real: str, status: HTTPStatus, head: bool) -> None:
        ctype = content_type(real)
        with open(real, "rb") as f:
            if ctype.startswith("text/html"):
                t0 = time.perf_counter()
                state = self.server.state
                file = _site_file(real, state.out) if status == HTTPStatus.OK else None
                page = live.inject(f.read(), state.base_path, state.version, state.problems, file=file)
                self._bytes(status, page, ctype, head)
                if self.server.verbose:
                    self._trace_page(t0, int(status))
                return
            size = os.fstat(f.fileno()).st_size
            self.send_response(status)
            self._common_headers(ctype, size)
            self.end_headers()
            if not head:
                shutil.copyfileobj(f, self.wfile, 1 << 16)

    def _trace_page(self, t0: float, status: int) -> None:
        now, published = time.perf_counter(), self.server.state.published_at
        after = f", {trace.ms(now - published)} ms after the latest rebuild" if published is not None else ""
        trace.say(f"served {self.path.partition('?')[0]} ({status}) in {(now - t0) * 1000:.1f} ms{after}")

    def _not_found(self, head: bool) -> None:
        state = self.server.state
        for attempt in range(2):
            page = os.path.join(os.path.realpath(state.out), "404.html")
            try:
                return self._file(page, HTTPStatus.NOT_FOUND, head)
            except (FileNotFoundError, NotADirectoryError):
                if attempt == 0 and not os.path.isdir(state.out):
                    time.sleep(_SWAP_RETRY_DELAY)
                    continue
                break
        if not os.path.isdir(state.out) and state.failing:
            return self._bytes(HTTPStatus.INTERNAL_SERVER_ERROR,
                               live.error_page(state.base_path, state.version, state.problems),
                               "text/html; charset=utf-8", head)
        page = (f"<!doctype html><html lang=en><meta charset=utf-8><title>Not found</title>"
                f"<body><h1>Not found</h1><p><a href='{quote(state.base_path)}'>Home</a></p></body></html>").encode()
        page = live.inject(page, state.base_path, state.version, state.problems)
        return self._bytes(HTTPStatus.NOT_FOUND, page, "text/html; charset=utf-8", head)

    def _redirect(self, location: str, query: str, status: HTTPStatus) -> None:
        location = "/" + location.lstrip("/")  # never '//host': that would leave the site
        if query:
            location += "?" + query
        self.send_response(status)
        self.send_header("Location", location)
        self._common_headers("text/plain; charset=utf-8", 0)
        self.end_headers()

    def _plain(self, status: HTTPStatus, text: str, head: bool) -> None:
        self._bytes(status, (text + "\n").encode(), "text/plain; charset=utf-8", head)

    def _bytes(self, status: HTTPStatus, data: bytes, ctype: str, head: bool) -> None:
        self.send_response(status)
        self._common_headers(ctype, len(data))
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _common_headers(self, ctype: str, length: int) -> None:
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")  # a reload always shows the latest build
        self.send_header("X-Content-Type-Options", "nosniff")

    def _events(self, query: str, head: bool) -> None:
        """A server-sent event stream: one `reload` event once the site changes from `since`."""
        state = self.server.state
        params = parse_qs(query)
        since = (params.get("since") or [""])[0] or state.version  # no version: wait for the next
        page = (params.get("page") or [""])[0] or None  # the page's file: reload only when it changed
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Accel-Buffering", "no")
        self.end_headers()
        if head:
            return
        self.wfile.write(b"retry: 1000\n\n")
        while not state.closed:
            version = state.wait_for_change(since, timeout=15, page=page)
            if version is not None:
                self.wfile.write(f"event: reload\ndata: {version}\n\n".encode())
                if self.server.verbose and state.published_at is not None:
                    trace.say(f"reload event sent to a page {(time.perf_counter() - state.published_at) * 1000:.1f} ms "
                              "after the rebuild")
                return
            if not state.closed:
                self.wfile.write(b": keep-alive\n\n")  # fails once the page is gone, ending this thread


def _site_file(real: str, out: os.PathLike) -> str | None:
    """The site-relative path of a file served from the live version (None outside it)."""
    root = os.path.realpath(out)
    if not real.startswith(root + os.sep):
        return None
    return os.path.relpath(real, root).replace(os.sep, "/")
