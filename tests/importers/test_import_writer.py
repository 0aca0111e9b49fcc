"""Rendering (escaping, front matter) and editor-safe writing (manifest, skip, --force, .bak)."""
from __future__ import annotations

import os
import time

import yaml

from generator.importers import run_import
from generator.importers.records import Block, TranscriptSegment
from generator.importers.writer import MANIFEST, escape, front_matter, render_blocks, render_segment, write_all

from import_helpers import SEEDS


def quiet():
    lines: list[str] = []
    return lines, lines.append


def test_escape_makes_seed_text_literal():
    assert escape("<script>alert(1)</script>") == r"\<script\>alert(1)\</script\>"
    assert escape("*not* _emphasis_ and [no](link)") == r"\*not\* \_emphasis\_ and \[no\](link)"
    assert escape("# no heading") == r"\# no heading"
    assert escape("1. no list") == r"1\. no list"
    assert escape("- no item") == r"\- no item"
    assert escape("[0:00:01] not a segment").startswith("\\[")
    assert escape("&amp; stays literal") == r"\&amp; stays literal"
    assert escape("Cold open & Intro") == "Cold open & Intro"


def test_blocks_and_segments():
    md = render_blocks([Block("p", "One."), Block("ul", items=["a", "b*"]), Block("h", "Head"),
                        Block("quote", items=["x", "y"])])
    assert md == "One.\n\n- a\n- b\\*\n\n### Head\n\n> x\n>\n> y"
    seg = render_segment(TranscriptSegment(72, "Dean Ball", ["My guess.", "[continued] more"]))
    assert seg == "[0:01:12] **Dean Ball:** My guess.\n\n\\[continued\\] more"
    assert render_segment(TranscriptSegment(None, None, ["[a turn]"])) == "\\[a turn\\]"


def test_front_matter_round_trips():
    from generator.importers.writer import _Flow, _FlowList, _time
    meta = {"title": "A: title — with 'quotes' & \"more\"", "chapters": [_Flow(start=_time(93), title="x: y, {z}")],
            "guests": _FlowList(["a-b"]), "duration": _time(4920)}
    text = front_matter(meta)
    assert '"0:01:33"' in text and 'duration: "1:22:00"' in text and "guests: [a-b]" in text
    back = yaml.safe_load(text)
    assert back == {"title": meta["title"], "chapters": [{"start": "0:01:33", "title": "x: y, {z}"}],
                    "guests": ["a-b"], "duration": "1:22:00"}


def test_rerun_changes_no_byte_and_no_mtime(tmp_path):
    content = tmp_path / "content"
    out, echo = quiet()
    assert run_import(SEEDS, content, echo=echo, warn=echo) == 0
    stamps = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in content.rglob("*") if p.is_file()}
    time.sleep(0.01)
    out.clear()
    assert run_import(SEEDS, content, echo=echo, warn=echo) == 0
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in content.rglob("*") if p.is_file()} == stamps
    assert out[-1].startswith("content: 0 written, 0 updated, 23 unchanged, 0 skipped")


def test_edited_file_is_skipped_and_named_then_forced_with_backup(tmp_path):
    content = tmp_path / "content"
    assert run_import(SEEDS, content, echo=lambda _: None, warn=lambda _: None) == 0
    target = content / "people" / "dean-ball.md"
    edited = target.read_text(encoding="utf-8") + "\nAn editor's bio.\n"
    target.write_text(edited, encoding="utf-8")
    out, echo = quiet()
    assert run_import(SEEDS, content, echo=echo, warn=echo) == 1
    assert target.read_text(encoding="utf-8") == edited
    assert any("dean-ball.md" in line and "skipped" in line for line in out)
    # still skipped the next time: the manifest remembers what the importer wrote
    assert run_import(SEEDS, content, echo=lambda _: None, warn=lambda _: None) == 1
    out.clear()
    assert run_import(SEEDS, content, force=True, echo=echo, warn=echo) == 0
    assert (content / "people" / "dean-ball.md.bak").read_text(encoding="utf-8") == edited
    assert "An editor's bio." not in target.read_text(encoding="utf-8")
    assert any("dean-ball.md" in line and ".bak" in line for line in out)
    assert run_import(SEEDS, content, echo=lambda _: None, warn=lambda _: None) == 0


def test_importer_updates_its_own_files_and_keeps_unknown_ones(tmp_path):
    root = tmp_path / "c"
    write_all(root, {"a.md": "one\n"})
    report = write_all(root, {"a.md": "two\n"})
    assert report.updated == ["a.md"] and (root / "a.md").read_text() == "two\n"
    (root / "b.md").write_text("mine\n")  # not written by the importer: never overwritten
    report = write_all(root, {"a.md": "two\n", "b.md": "theirs\n"})
    assert report.skipped == ["b.md"] and (root / "b.md").read_text() == "mine\n"
    report = write_all(root, {"b.md": "theirs\n"})
    assert report.stale == ["a.md"] and (root / "a.md").exists()


def test_manifest_is_sorted_and_stable(tmp_path):
    root = tmp_path / "c"
    write_all(root, {"z.md": "z\n", "a.md": "a\n"})
    text = (root / MANIFEST).read_text()
    assert text.index('"a.md"') < text.index('"z.md"') and text.endswith("\n")
    before = (root / MANIFEST).stat().st_mtime_ns
    write_all(root, {"z.md": "z\n", "a.md": "a\n"})
    assert (root / MANIFEST).stat().st_mtime_ns == before
    assert not [p for p in os.listdir(root) if p.endswith(".tmp")]
