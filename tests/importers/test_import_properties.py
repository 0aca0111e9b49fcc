"""Property tests: arbitrary text and mangled seeds never make the importer raise.

`plan()` runs detection, parsing, merging and rendering without touching the disk; a few
examples also go through `run_import` end to end. The quick run (hypothesis profile `dev`, a
tenth of each budget) takes a few seconds; CI runs every example (about 40 s on a 2-core machine).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_budget import budget  # the profile scales it: tests/conftest.py

from generator.importers import plan, run_import

from import_helpers import SEEDS

SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
NAMES = sorted(SEED_TEXTS)

# lines that look like pieces of the known formats, so random documents reach deep into the parsers
PIECES = st.sampled_from([
    "  • Show", "    Title | Ann Bee", "    02/07/2026 | 1h 22 mins.", "    13/13/2026 | 5 mins.", "2026/03/06 | 35 mins.",
    "(00:00) — Intro", "* 0:37:29 Scaling", "(99:99) x", "Chapters", "Transcript", "00:00:01 Ann Bee: hi",
    "00:00:01 : nobody", "Summary", "Key Insights", "Topics", "[0:00] hello >> there", "More from Show",
    "Podcast Summary", "Speakers", "Key Takeaways", "Ann Bee", "Takeaway Title", "It said so. (13:01)",
    "Show•January 22, 2026", "Summary Sections", "  • Key TakeawaysPremium", ">>", "word", "", "About Show",
    "Guest: Ann Bee, CEO, Acme. X: @ann", "Ann Bee joins Cy Dee", "<script>", "[0:00:00] **x**", "---", "\r", "\t",
])


def lines_doc():
    return st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=60).map("\n".join)


def assert_renders(p):
    for path, text in p.files.items():
        assert text.startswith("---\n"), path
        meta = yaml.safe_load(text.split("\n---\n", 1)[0][4:])
        assert isinstance(meta, dict), path


@settings(max_examples=budget(100), deadline=None)
@given(st.dictionaries(st.sampled_from(["a.txt", "b.txt", "c.txt"]), st.one_of(st.text(), lines_doc()), max_size=3))
def test_arbitrary_documents_never_raise(docs):
    assert_renders(plan(docs))


@st.composite
def mangled_seeds(draw):
    name = draw(st.sampled_from(NAMES))
    lines = SEED_TEXTS[name].split("\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "garble", "crlf"]))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        j = min(len(lines), i + draw(st.integers(1, 40)))
        if op == "delete":
            del lines[i:j]
        elif op == "duplicate":
            lines[i:i] = lines[i:j]
        elif op == "swap" and lines:
            k = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[k] = lines[k], lines[i]
        elif op == "insert":
            lines[i:i] = [draw(st.one_of(PIECES, st.text(max_size=30)))]
        elif op == "truncate":
            lines = lines[:i]
        elif op == "garble" and lines and i < len(lines):
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            lines[i] = line[:k] + draw(st.text(max_size=5)) + line[k + 1:]
        elif op == "crlf":
            lines = [l + "\r" for l in lines]
    texts = dict(SEED_TEXTS)
    texts[name] = "\n".join(lines)
    return texts


@settings(max_examples=budget(30), deadline=None)
@given(mangled_seeds())
def test_mangled_seeds_never_raise(texts):
    assert_renders(plan(texts))


@settings(max_examples=budget(8), deadline=None)
@given(st.dictionaries(st.sampled_from(["a.txt", "b.md"]), st.one_of(st.binary(max_size=200), lines_doc().map(str.encode)),
                       min_size=1, max_size=2))
def test_run_import_end_to_end_never_raises(files):
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp, "seeds")
        seeds.mkdir()
        for name, data in files.items():
            (seeds / name).write_bytes(data)
        assert run_import(seeds, Path(tmp, "content"), echo=lambda _: None, warn=lambda _: None) in (0, 1)


@settings(max_examples=budget(10), deadline=None)
@given(mangled_seeds())
def test_mangled_seeds_still_make_valid_content(texts):
    """Whatever the importer writes passes the content loader (`shownotes check`) without errors."""
    loader = pytest.importorskip("generator.content.loader")
    from generator.importers.writer import write_all
    from generator.model import SiteConfig
    with tempfile.TemporaryDirectory() as tmp:
        write_all(Path(tmp), plan(texts).files)
        errors = [str(p) for p in loader.load_content(Path(tmp), SiteConfig(title="t")).errors]
        assert not errors, errors[:3]
