"""Inputs that once imported wrongly, kept as fixtures."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.importers import run_import

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "regressions"


def test_a_chapter_naming_its_speaker_is_no_transcript(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FIXTURES / "listing-speaker-chapter.txt", seeds)
    assert run_import(seeds, tmp_path / "content") == 0
    (episode,) = (tmp_path / "content" / "shows").glob("*/2026-*.md")
    text = episode.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert [c["title"] for c in meta["chapters"]] == ["Intro", "Ann Lee: how tides work", "Spring versus neap",
                                                      "Closing thoughts"]
    assert "## Transcript" not in text and meta.get("transcript_timing", "none") == "none"
