"""`python -m generator.serve.index_worker SITE [--previous PREVIOUS] [--out INDEX] [--scan-cache FILE]`:
Pagefind over SITE's pages, in a process of its own so `serve` can stop it (and Pagefind with it)
at any moment.

With --previous (a site with its pagefind/: the one being served), only the search shards whose
pages changed are indexed again; the others are linked from it. --out: where the new index goes
(default SITE/pagefind); SITE and PREVIOUS are then only read. --scan-cache: a file that keeps
what each page was found to be, so pages linked unchanged from version to version are not read
again (generator/search.py index_site). The last line of the output is
`index: {"indexed": [...], "reused": [...], "paths": {...}, "unchanged": ...}`: which shards were
indexed, and where each one's bundle is in the index."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from generator.search import SearchIndexError, index_site, load_manifest
from generator.search_shards import SHARD_BYTES_ENV

# Smaller shards than a build's (16 MiB): an edit re-indexes ~25 hour-long episodes, about a
# second of Pagefind, so search catches up within seconds of the page. Larger on large sites, so
# the search page merges at most about SERVE_MAX_SHARDS bundles (10,000 episodes: 8 MiB shards).
# $SHOWNOTES_SEARCH_SHARD_BYTES, when set, is used instead.
SERVE_SHARD_BYTES = 3 * 1024 * 1024
SERVE_MAX_SHARDS = 150


def main(argv: list[str]) -> int:
    args, options = [], {}
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in ("--previous", "--out", "--scan-cache") and rest:
            options[arg] = Path(rest.pop(0))
        else:
            args.append(arg)
    if len(args) != 1 or any(a.startswith("--") for a in args):
        print("usage: python -m generator.serve.index_worker SITE [--previous PREVIOUS] [--out INDEX] "
              "[--scan-cache FILE]", file=sys.stderr)
        return 2
    try:
        os.nice(10)  # Pagefind (inheriting this) yields the CPU to the rebuilds that editors wait for
    except (AttributeError, OSError):
        pass
    site, previous, out = Path(args[0]), options.get("--previous"), options.get("--out")
    index = out if out is not None else site / "pagefind"
    try:
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
        report = index_site(site, previous if previous is not None and (previous / "pagefind").is_dir() else None,
                            out=out, shard_bytes=None if os.environ.get(SHARD_BYTES_ENV) else SERVE_SHARD_BYTES,
                            max_shards=None if os.environ.get(SHARD_BYTES_ENV) else SERVE_MAX_SHARDS,
                            scan_cache=options.get("--scan-cache"))
    except (SearchIndexError, OSError) as e:
        print(e, file=sys.stderr)
        return 1
    manifest = load_manifest(index.parent, index.name) or {"shards": []}
    paths = {e["name"]: e["path"] for e in manifest["shards"]}
    print("index: " + json.dumps({"indexed": report.indexed_names, "reused": report.reused_names, "paths": paths,
                                  "unchanged": report.unchanged}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
