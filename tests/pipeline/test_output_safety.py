"""A build replaces its output folder whole, so it must never be pointed at the sources."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    proj = tmp_path / "proj"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", proj)
    shutil.copytree(ROOT / "themes", proj / "themes")
    monkeypatch.chdir(proj)
    return proj


@pytest.mark.parametrize("out", [".", "content", "content/shows", "themes", ".."])
def test_refuses_to_build_over_the_sources(project, out, capsys):
    before = sorted(p.relative_to(project.parent).as_posix() for p in project.parent.rglob("*"))
    assert main(["build", "--no-search", "--out", out]) == 1
    assert "refusing to build into" in capsys.readouterr().err
    assert sorted(p.relative_to(project.parent).as_posix() for p in project.parent.rglob("*")) == before


def test_refuses_to_replace_a_folder_that_is_not_a_site(project, capsys):
    (project / "notes").mkdir()
    (project / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["build", "--no-search", "--out", "notes"]) == 1
    assert "is not a site built by shownotes" in capsys.readouterr().err
    assert (project / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_rebuilds_its_own_site_and_an_empty_folder(project):
    (project / "empty").mkdir()
    assert main(["build", "--no-search", "--out", "empty"]) == 0
    assert main(["build", "--no-search", "--out", "empty", "--no-cache"]) == 0
    assert (project / "empty" / "index.html").is_file()
