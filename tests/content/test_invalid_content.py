"""Invalid content: each folder under tests/fixtures/invalid/cases/ is laid over a valid base
project, and `shownotes check` must print exactly the lines in its expected.txt (then the exit
code). `shownotes build` must report the same problems and leave the previous site untouched.

Refresh the expected files (after reading the diff!) with:
    SHOWNOTES_UPDATE_GOLDEN=1 .venv/bin/pytest tests/content -k invalid
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "invalid"
CASES = sorted(p.name for p in (FIXTURES / "cases").iterdir() if p.is_dir())


def _project(tmp_path: Path, case: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    shutil.copytree(FIXTURES / "cases" / case, project, dirs_exist_ok=True)
    (project / "expected.txt").unlink(missing_ok=True)
    return project


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.err + out.out


@pytest.mark.parametrize("case", CASES)
def test_check_reports_exact_messages(case, tmp_path, monkeypatch, capsys):
    project = _project(tmp_path, case)
    monkeypatch.chdir(project)
    code, out = _run(capsys, "check")
    got = out + f"exit {code}\n"
    expected_file = FIXTURES / "cases" / case / "expected.txt"
    if os.environ.get("SHOWNOTES_UPDATE_GOLDEN"):
        expected_file.write_text(got, encoding="utf-8")
    assert got == expected_file.read_text(encoding="utf-8")
    assert "Traceback" not in got


@pytest.mark.parametrize("case", [c for c in CASES if c != "unknown-key"])
def test_build_fails_with_the_same_messages_and_keeps_the_site(case, tmp_path, monkeypatch, capsys):
    project = _project(tmp_path, case)
    monkeypatch.chdir(project)
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good build", encoding="utf-8")
    code, out = _run(capsys, "build", "--no-search")
    assert code == 1
    expected = (FIXTURES / "cases" / case / "expected.txt").read_text(encoding="utf-8")
    problem_lines = [line for line in expected.splitlines() if line.startswith(("content/", "site.yaml"))]
    assert problem_lines and all(line in out.splitlines() for line in problem_lines)
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous good build"
    assert not any(p.name.startswith(".site.") for p in project.iterdir()), "no staging folder left behind"


def test_base_project_is_valid(tmp_path, monkeypatch, capsys):
    shutil.copytree(FIXTURES / "base", tmp_path / "p")
    monkeypatch.chdir(tmp_path / "p")
    code, out = _run(capsys, "check")
    assert code == 0, out
    assert "content OK: 1 episode, 1 show, 2 people" in out
