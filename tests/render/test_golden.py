"""Golden site: every output file of the fixture site, byte for byte.

Refresh after an intended change, then review the diff of tests/golden/site/:

    SHOWNOTES_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render -k golden
"""
from __future__ import annotations

import os
import shutil

from .helpers import GOLDEN, SUBPATH, render_fixture


def test_golden_site(site):
    if os.environ.get("SHOWNOTES_UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in site.items():
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(site) == sorted(expected), "the set of output files changed (SHOWNOTES_UPDATE_GOLDEN=1 to accept)"
    changed = [rel for rel in sorted(site) if site[rel] != expected[rel]]
    assert not changed, f"{len(changed)} files differ from tests/golden/site, e.g. {changed[:5]} " \
                        "(SHOWNOTES_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render -k golden to accept)"


def test_golden_render_is_deterministic(site):
    again = render_fixture(SUBPATH)
    assert again == site
