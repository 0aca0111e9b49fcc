"""Golden snapshot of the content imported from seeds/.

Refresh it, after checking the change is wanted, with:

    SHOWNOTES_UPDATE_GOLDEN=1 .venv/bin/pytest tests/importers -k golden

and review `git diff tests/golden/content`.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.importers import run_import

from import_helpers import GOLDEN, SEEDS


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_golden_snapshot(tmp_path):
    content = tmp_path / "content"
    assert run_import(SEEDS, content, echo=lambda _: None, warn=lambda _: None) == 0
    if os.environ.get("SHOWNOTES_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(content, GOLDEN)
    got, want = tree(content), tree(GOLDEN)
    assert sorted(got) == sorted(want), "files differ; refresh with SHOWNOTES_UPDATE_GOLDEN=1 (see the docstring)"
    changed = [name for name in got if got[name] != want[name]]
    assert not changed, f"content differs from the golden snapshot: {changed}"


def test_same_input_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        run_import(SEEDS, out, echo=lambda _: None, warn=lambda _: None)
    assert tree(a) == tree(b)
