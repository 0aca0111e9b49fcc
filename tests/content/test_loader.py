"""The loader on valid content: body sections, transcript segments, defaults."""
from __future__ import annotations

from pathlib import Path

from generator.content.body import parse_body
from generator.content.frontmatter import FrontMatterError, split
from generator.content.loader import load_content
from generator.model import SiteConfig

import pytest

BASE = Path(__file__).resolve().parent.parent / "fixtures" / "invalid" / "base" / "content"


def test_sections_and_segments():
    body = ("Intro **text**.\n\n## Key insights\n\n- one\n- two\n\n## Transcript\n\n"
            "[0:00:05] **Ann:** Hello\n\nstill Ann\n\n[01:10] **Bo**: Hi\n\n[0:01:10] Bo again\n")
    parts = parse_body(body, 10)
    assert parts.description == "Intro **text**."
    assert parts.key_insights == "- one\n- two"
    assert [(s.start, s.speaker, s.paragraphs) for s in parts.transcript] == [
        (5, "Ann", ["Hello", "still Ann"]), (70, "Bo", ["Hi"]), (70, None, ["Bo again"])]
    assert parts.transcript[0].line == 19
    assert parts.problems == []


def test_untimed_transcript_is_one_segment_per_paragraph():
    parts = parse_body("## Transcript\n\nFirst turn.\n\nSecond turn\nwrapped line.\n", 1)
    assert [(s.start, s.paragraphs) for s in parts.transcript] == [(None, ["First turn."]),
                                                                   (None, ["Second turn\nwrapped line."])]


@pytest.mark.parametrize("text, line, fragment", [
    ("no fences", 1, "no front matter"),
    ("---\ntitle: x\n", 1, "not closed"),
    ("---\ntitle: x\nlist: [1,\n---\n", 4, "invalid YAML"),
    ("---\n- a\n- b\n---\n", 2, "mapping"),
    ("---\ndate: 2026-02-30\n---\n", 2, "not a valid date"),
])
def test_front_matter_errors_have_lines(text, line, fragment):
    with pytest.raises(FrontMatterError) as e:
        split(text)
    assert e.value.line == line and fragment in e.value.message


def test_crlf_and_bom_are_accepted():
    doc = split("\ufeff---\r\ntitle: x\r\n---\r\nbody\r\n")
    assert doc.meta == {"title": "x"} and doc.body.strip() == "body" and doc.body_line == 4


def test_episode_inherits_show_hosts():
    loaded = load_content(BASE, SiteConfig(title="t"))
    assert not loaded.errors, loaded.problems
    ep = loaded.episodes[("demo-show", "first-episode")]
    assert ep.hosts == ["ann-host"] and ep.guests == ["bo-guest"]
    assert ep.duration == 1800 and [c.start for c in ep.chapters] == [0, 600]
    assert ep.transcript_timing == "exact" and ep.timed


from hypothesis import given, settings, strategies as st  # noqa: E402
from hypothesis_budget import budget  # the profile scales it: tests/conftest.py

from generator.content.body import parse_transcript, scan_transcript  # noqa: E402

_PIECES = st.sampled_from(["[0:00:05] **Ann:** hi", "[1:02:03] text", "[99:99] bad", "[1.30] odd", "[laughs] ok",
                           "plain words", "  [0:00:01] indented", "[00:10]", "", " ", "\t", "**Bo:** hey",
                           "[0:61:00] no", "line [0:00:09] inside", "\u00a0", "\u00a0[0:00:02] nbsp", "[1:2:3] x"])


@settings(max_examples=budget(300), deadline=None)
@given(st.lists(st.tuples(_PIECES, st.sampled_from(["\n", "\n\n", "\n \n", "\n\n\n"])), max_size=12),
       st.integers(1, 50))
def test_scan_finds_exactly_what_the_full_parser_finds(parts, first_line):
    text = "".join(piece + sep for piece, sep in parts)
    segments, problems = parse_transcript(text, first_line)
    scanned, timed = scan_transcript(text, first_line)
    assert scanned == problems
    assert timed == any(s.start is not None for s in segments)


def test_a_bold_speaker_without_a_time_is_a_turn_of_its_own_after_timed_segments():
    text = ("[0:00:00] **Ann Host:** Welcome.\n\nMore from Ann.\n\n**Bo Guest:** Thanks, a turn with no time.\n\n"
            "Bo goes on.\n\n[0:01:40] Break\n\n[0:01:45] **Bo Guest:** Back again.\n")
    segments, problems = parse_transcript(text, 10)
    assert problems == []
    assert [(s.start, s.speaker, s.paragraphs, s.line) for s in segments] == [
        (0, "Ann Host", ["Welcome.", "More from Ann."], 10),
        (None, "Bo Guest", ["Thanks, a turn with no time.", "Bo goes on."], 14),
        (100, None, ["Break"], 18),
        (105, "Bo Guest", ["Back again."], 20)]
