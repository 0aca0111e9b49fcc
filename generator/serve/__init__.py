"""`shownotes serve`: build into a preview folder of its own (.shownotes-serve/site, with the
server's address as base URL; site/ stays `shownotes build`'s), serve it under the base path,
rebuild on every change to content/, themes/ or site.yaml, and reload the pages open in a browser.

- server.py  the HTTP side: files under the preview folder only, content types, 404s, redirects, the event stream
- live.py    what served HTML gets on top of the file: the reload script and the error overlay
- rebuild.py the watchers and the one-at-a-time builder
- first_look.py an edited episode's page first, from the last build's library, before the full build
- indexer.py the search index, refreshed in the background after builds
- state.py   what is being served: base path, last build's problems, a version pages reload on
- trace.py   `serve --verbose`: where each rebuild's time goes, from the save to the reloaded page
"""
from __future__ import annotations

import ipaddress
import os
import signal
import sys
import threading
import time
from pathlib import Path

from generator.config import load_config
from generator.output import link_path
from generator.render_pool import default_jobs
from generator.serve import trace
from generator.serve.indexer import Indexer
from generator.serve.rebuild import PREVIEW, Builder, watch_sources
from generator.serve.server import SiteServer
from generator.serve.state import SiteState

__all__ = ["run_serve", "preview_folder"]


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """How the address appears in a URL (unspecified addresses become loopback: a URL to click)."""
    host = host.strip("[]")
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def preview_folder(config_path: Path, out: Path | None) -> Path:
    """Where serve builds: .shownotes-serve/site in the project, unless --out names another folder.
    Never site/: that is `build`'s, with the real base URL, and a preview would overwrite it with
    this server's address (and make the next build render every page again)."""
    project = Path(config_path).absolute().parent
    preview = project / PREVIEW / "site"
    if out is None or Path(out) == Path("site"):  # the command line's default
        return preview
    if link_path(Path(out)) in (link_path(project / "site"), link_path(Path("site"))):
        return preview
    return Path(out)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


class _StopRequest:
    """Signal handler for the serving loop: it only sets a flag, which the main thread polls. Raising
    KeyboardInterrupt there could land inside a lock's `with` and leave the lock held, hanging the
    shutdown that follows. A second signal skips the tidy shutdown."""

    def __init__(self):
        self.signum: int | None = None

    def __call__(self, signum, frame):
        if self.signum is not None:
            os._exit(130)
        self.signum = signum

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when started with SIGINT ignored
            signal.signal(signal.SIGINT, self)
        signal.signal(signal.SIGTERM, self)


def run_serve(args) -> int:
    try:
        sys.stdout.reconfigure(line_buffering=True)  # a log file sees each line as it happens
    except (AttributeError, ValueError):
        pass
    host = args.host.strip("[]")
    if not is_loopback(host):
        print(f"warning: serving on {host}, not on 127.0.0.1: anyone who can reach this machine on port "
              f"{args.port} can read the site (drafts included with --drafts)", file=sys.stderr)
    verbose = bool(getattr(args, "verbose", False)) or trace.env_verbose()
    config, _ = load_config(args.config)
    out = preview_folder(args.config, getattr(args, "out", None))
    state = SiteState(out, config.base_path if config else "/")
    try:
        server = SiteServer((host, args.port), state, verbose)  # bind first: a busy port fails before a long build
    except OSError as e:
        hint = f" (try --port {args.port + 1})" if e.errno == 98 else ""
        print(f"error: cannot listen on {host}:{args.port}: {e.strerror or e}{hint}", file=sys.stderr)
        return 1
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_interrupt)  # during the first build, `kill` works like Ctrl-C
    origin = f"http://{url_host(host)}:{server.server_address[1]}"
    lock = threading.Lock()
    indexer = None if args.no_search else Indexer(out, lock)
    builder = Builder(state=state, config_path=args.config, content=args.content, out=out, origin=origin,
                      drafts=args.drafts, indexer=indexer, lock=lock, verbose=verbose)
    state.on_missing = builder.output_missing  # a request found the preview gone: build it again
    if indexer:
        indexer.moved = builder.site_moved  # a new index: the build cache still describes the site
    stop = threading.Event()
    stop_request = _StopRequest()
    threads: list[threading.Thread] = []
    try:
        threads += watch_sources(builder, args.config, args.content, stop)  # edits during the first build count
        # in parallel processes, like `shownotes build`; Ctrl-C interrupts it (it cleans up after itself)
        builder.build(trace.RebuildTrace() if verbose else None, jobs=default_jobs())
        stop_request.install()
        started = [threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="http",
                                    daemon=True),
                   threading.Thread(target=builder.loop, args=(stop,), name="rebuild", daemon=True)]
        if indexer:
            started.append(threading.Thread(target=indexer.loop, name="search-index", daemon=True))
        print(f"serving {origin}{state.base_path} (watching {args.content}, themes and {args.config}; "
              f"Ctrl-C to stop)")
        for t in started:
            t.start()
            threads.append(t)
        while stop_request.signum is None:
            time.sleep(0.1)
    except KeyboardInterrupt:
        pass
    finally:
        stop_request.install()  # from here on a second Ctrl-C exits at once
        stop_request.signum = stop_request.signum or signal.SIGINT
        stop.set()
        state.close()
        if indexer:
            indexer.stop()
        if any(t.name == "http" and t.is_alive() for t in threads):
            server.shutdown()
        server.server_close()
        for t in threads:
            if t.name == "rebuild":
                t.join(10)  # let a build in progress finish its swap
            elif t.name.startswith("watch"):
                t.join(1)
        if indexer:
            indexer.cleanup()
    print("stopped")
    return 0
