"""`python -m generator.serve.index_worker SITE`: Pagefind over SITE, in a process of its own so
`serve` can stop it (and Pagefind with it) at any moment."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from generator.search import SearchIndexError, index_site


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m generator.serve.index_worker SITE", file=sys.stderr)
        return 2
    try:
        os.nice(10)  # Pagefind (inheriting this) yields the CPU to the rebuilds that editors wait for
    except (AttributeError, OSError):
        pass
    try:
        index_site(Path(argv[0]))
    except SearchIndexError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
