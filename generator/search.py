"""Search: Pagefind over the built pages, through the `pagefind[bin]` package (offline)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(Exception):
    pass


def index_site(site: Path) -> None:
    """Run Pagefind over site/, writing site/pagefind/. Raises SearchIndexError with its output."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SearchIndexError(f"could not run Pagefind: {e}") from None
    if res.returncode != 0 or not (site / "pagefind" / "pagefind.js").is_file():
        detail = (res.stderr or res.stdout).strip().splitlines()[-3:]
        raise SearchIndexError("Pagefind failed: " + " / ".join(detail))
