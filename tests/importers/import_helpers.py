"""Shared paths and helpers for the importer tests (a uniquely named module, so that it never
collides with another test folder's `conftest`)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "import"
GOLDEN = ROOT / "tests" / "golden" / "content"


def seed(prefix: str) -> tuple[str, str]:
    """(file name, text) of the seed whose name starts with `prefix` (e.g. '000')."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return path.name, path.read_text(encoding="utf-8")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def read_md(path: Path) -> tuple[dict, str]:
    """Front matter and body of a content file, read the way the acceptance checks read it."""
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\s*\n(.*?)\n---\s*\n?(.*)", text, re.S)
    assert m, f"{path} has no front matter"
    return yaml.safe_load(m.group(1)) or {}, m.group(2)


def episode_file(content: Path, title_part: str) -> Path:
    hits = [p for p in content.glob("shows/*/*.md") if not p.name.startswith("_")
            and title_part.lower() in str(read_md(p)[0].get("title", "")).lower()]
    assert len(hits) == 1, f"{title_part!r}: {hits}"
    return hits[0]
