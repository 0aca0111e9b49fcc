"""Command line: `shownotes import|build|check|serve|new` (DESIGN §3).

Each command lives in its pipeline stage's module; this file only parses arguments,
so `shownotes --help` stays fast and a broken stage cannot break the others.
"""
from __future__ import annotations

import argparse
import atexit
import os
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="shownotes", description="Static site generator for podcast show notes.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = sub.add_parser("import", help="turn raw documents (seeds/, files, folders, feed URLs) into content/")
    imp.add_argument("sources", nargs="*", metavar="SOURCE",
                     help="a file, a folder or the http(s) URL of a podcast feed, copied or downloaded into seeds/ "
                          "first (default: just what seeds/ holds)")
    imp.add_argument("--seeds", type=Path, default=Path("seeds"))
    imp.add_argument("--content", type=Path, default=Path("content"))
    imp.add_argument("--force", action="store_true", help="overwrite files edited since import (keeps a .bak)")
    imp.add_argument("--show", default=None, metavar="NAME", help="the show of documents that do not name theirs")
    imp.add_argument("--episode", default=None, metavar="SHOW/SLUG",
                     help="attach the SOURCE transcripts or chapters to this episode (remembered for re-imports)")
    imp.add_argument("--offline", action="store_true",
                     help="download nothing: report linked files that are not in seeds/ and keep their URLs")

    b = sub.add_parser("build", help="render content/ into a static site")
    b.add_argument("--content", type=Path, default=Path("content"))
    b.add_argument("--out", type=Path, default=Path("site"))
    b.add_argument("--base-url", default=None, help="overrides base_url from site.yaml")
    b.add_argument("--config", type=Path, default=Path("site.yaml"))
    b.add_argument("--drafts", action="store_true", help="include episodes marked draft: true")
    b.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    b.add_argument("--no-cache", action="store_true", help="ignore and rebuild the render cache (a cold build)")
    b.add_argument("--jobs", type=int, default=None, help="render processes (default: the machine's cores)")

    c = sub.add_parser("check", help="validate content/ without writing anything")
    c.add_argument("--content", type=Path, default=Path("content"))
    c.add_argument("--config", type=Path, default=Path("site.yaml"))
    c.add_argument("--drafts", action="store_true")

    s = sub.add_parser("serve", help="build, serve and rebuild on change, with live reload")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--content", type=Path, default=Path("content"))
    s.add_argument("--out", type=Path, default=None, help="preview folder (default .shownotes-serve/site; never site/)")
    s.add_argument("--config", type=Path, default=Path("site.yaml"))
    s.add_argument("--drafts", action="store_true")
    s.add_argument("--no-search", action="store_true")
    s.add_argument("--verbose", "-v", action="store_true", help="print where each rebuild's time goes")

    n = sub.add_parser("new", help="scaffold a content file")
    nsub = n.add_subparsers(dest="kind", required=True, metavar="KIND")
    ne = nsub.add_parser("episode", help="a new episode file")
    ne.add_argument("--show", required=True, help="show slug (its folder under content/shows/)")
    ne.add_argument("--title", required=True)
    ne.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    ne.add_argument("--content", type=Path, default=Path("content"))
    np_ = nsub.add_parser("person", help="a new person file")
    np_.add_argument("name")
    np_.add_argument("--role", choices=["guest", "host"], default="guest")
    np_.add_argument("--content", type=Path, default=Path("content"))
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "import":
            from generator.importers import run_import
            return run_import(args.seeds, args.content, force=args.force, sources=args.sources,
                              show=args.show, offline=args.offline, episode=args.episode)
        if args.command == "build":
            from generator.build import run_build
            return run_build(args)
        if args.command == "check":
            from generator.build import run_check
            return run_check(args)
        if args.command == "serve":
            from generator.serve import run_serve
            return run_serve(args)
        if args.command == "new":
            from generator import scaffold
            return scaffold.run_new(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    return 2


def run() -> None:
    """The `shownotes` command: main(), then leave without freeing the heap object by object.

    A build holds the whole parsed site (hundreds of MB at 1,000 episodes); the interpreter's own
    teardown frees it piece by piece, about 0.3 s after the last file was written and closed. So
    once main() returns, the standard streams are flushed and the exit handlers run (pools,
    logging), then the process ends with os._exit."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: what was not written is lost either way
        code = code or 1
    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    run()
