"""Bad input: one clear line naming the file and the reason, the rest still imports, exit 1,
never a traceback (the last test runs the real command)."""
from __future__ import annotations

import shutil
import subprocess
import sys

from generator.importers import run_import

from import_helpers import FIXTURES, ROOT, SEEDS


def run(seeds, content):
    out: list[str] = []
    code = run_import(seeds, content, echo=out.append, warn=out.append)
    return code, out


def test_empty_seeds_folder(tmp_path):
    (tmp_path / "seeds").mkdir()
    code, out = run(tmp_path / "seeds", tmp_path / "content")
    assert code == 1 and len(out) == 1 and "no seed documents" in out[0]
    assert not (tmp_path / "content").exists()


def test_missing_seeds_folder(tmp_path):
    code, out = run(tmp_path / "nope", tmp_path / "content")
    assert code == 1 and "no such folder" in out[0]


def test_bad_files_are_named_and_the_rest_imports(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "latin1.txt").write_bytes("Caf\xe9 au lait\n".encode("latin-1"))
    (seeds / "notes.txt").write_text("Just some notes.\nNothing to see here.\n")
    (seeds / "empty.txt").write_text("")
    (seeds / "binary.bin").write_bytes(b"\x00\x01\x02")
    shutil.copy(FIXTURES / "listing_ambiguous_dates.txt", seeds / "undated.txt")
    code, out = run(seeds, tmp_path / "content")
    assert code == 1
    expect = {"latin1.txt": "not UTF-8", "notes.txt": "not a document of any known kind", "empty.txt": "empty",
              "binary.bin": "binary", "undated.txt": "dates cannot be read"}
    for name, reason in expect.items():
        lines = [l for l in out if l.startswith(name + ":")]
        assert len(lines) == 1 and reason in lines[0], (name, lines)
    assert len(list((tmp_path / "content").glob("shows/*/2*.md"))) == 11


def test_command_line_never_shows_a_traceback(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "bad.txt").write_bytes(b"\xff\xfe garbage")
    (seeds / "x.txt").write_text("  • Show\n\n    Title\n\n    99/99/2026 | 1h\n")
    res = subprocess.run([sys.executable, "-m", "generator", "import", "--seeds", str(seeds), "--content",
                          str(tmp_path / "content")], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 1
    assert "Traceback" not in res.stderr + res.stdout
    assert "bad.txt: skipped: not UTF-8" in res.stderr
    assert "x.txt: skipped:" in res.stderr
