"""Session fixtures for the importer tests; helpers live in import_helpers.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from import_helpers import SEEDS


@pytest.fixture(scope="session")
def seeds_text() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def imported(tmp_path_factory, seeds_text) -> Path:
    """content/ as imported from the seeds, once per session."""
    from generator.importers import run_import
    out = tmp_path_factory.mktemp("imported") / "content"
    assert run_import(SEEDS, out, echo=lambda _: None, warn=lambda _: None) == 0
    return out
