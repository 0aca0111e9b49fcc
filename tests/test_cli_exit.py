"""`shownotes` ends with os._exit (generator/cli.py run): what it printed still arrives whole,
and its exit code is main()'s."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _shownotes(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_a_build_prints_its_summary_and_exits_0(tmp_path):
    project = tmp_path / "proj"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", project)
    shutil.copytree(ROOT / "themes", project / "themes")
    res = _shownotes(project, "build", "--no-search")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("built ") and res.stdout.endswith("\n")
    assert (project / "site" / "index.html").is_file()


def test_a_failed_build_exits_1_with_its_message(tmp_path):
    res = _shownotes(tmp_path, "build", "--no-search")
    assert res.returncode == 1
    assert "site.yaml" in res.stderr and res.stderr.rstrip().endswith("site was not changed")
