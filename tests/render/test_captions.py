"""Captions that work as captions: transcript.vtt and transcript.srt cut into short, timed cues.

Built sites are read back with real parsers (webvtt-py, srt); the splitter is also tested alone
and with hypothesis."""
from __future__ import annotations

import html
import json
import re

import pytest
import srt
import webvtt
from hypothesis import given, settings
from hypothesis_budget import budget  # the profile scales it: tests/conftest.py
from hypothesis import strategies as st

from generator.config import load_config
from generator.content import load_library
from generator.captions import (CAPTION_WIDTH, MAX_CAPTION_MS, MIN_CAPTION_MS, SRT_WIDTH, Caption, caption_cues,
                                caption_files, transcript_srt, transcript_vtt)
from generator.transcripts import WORDS_PER_SECOND, Cue
from generator.render import render_site

from . import caption_reference
from .helpers import GOLDEN, THEMES

LONG_WORD = "Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu-hill"  # 90


def _prose(n: int, seed: int) -> str:
    """n deterministic sentences of varied length and punctuation."""
    words = ("the compiler keeps every register busy while caches quietly lie about latency and "
             "nobody measures twice because benchmarks are expensive yet honest numbers matter").split()
    out = []
    for i in range(n):
        k = 4 + (i * 7 + seed) % 17
        sentence = [words[(i * 5 + j * 3 + seed) % len(words)] for j in range(k)]
        if k > 9:
            sentence[k // 2] += ","
        out.append(" ".join(sentence).capitalize() + ".?!"[(i + seed) % 3])
    return " ".join(out)


EPISODE = f"""---
title: "A long talk"
date: 2026-03-01
duration: "0:12:00"
guests: [grace-guest]
transcript_timing: exact
---
Long segments, as transcription tools write them.

## Transcript

[0:00:00] **Ada Host:** {_prose(25, 1)}

{_prose(3, 2)}

[0:00:00] **Grace Guest:** Same second. {_prose(2, 3)}

[0:05:00] **Grace Guest:** Look it up: {LONG_WORD} is a real place, {_prose(4, 4)}

[0:05:02] **Ada Host:** {_prose(12, 5)}

[0:11:58] **Grace Guest:** {_prose(9, 6)}
"""

NO_DURATION = f"""---
title: "No duration"
date: 2026-03-02
hosts: [ada-host]
transcript_timing: exact
---
Nobody said how long.

## Transcript

[0:00:10] **Ada Host:** Short one.

[0:00:20] **Ada Host:** {_prose(14, 7)}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("captions")
    (root / "site.yaml").write_text("title: Captions\nbase_url: https://example.org/sub/\nlanguage: en\n")
    files = {
        "people/ada-host.md": "---\nname: Ada Host\nrole: host\n---\nAda.\n",
        "people/grace-guest.md": "---\nname: Grace Guest\nrole: guest\n---\nGrace.\n",
        "shows/talk/_show.md": "---\ntitle: Talk\nhosts: [ada-host]\ndescription: Talks.\nlanguage: en\n---\nTalk.\n",
        "shows/talk/2026-03-01-a-long-talk.md": EPISODE,
        "shows/talk/2026-03-02-no-duration.md": NO_DURATION,
    }
    for rel, text in files.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config, problems = load_config(root / "site.yaml", None)
    assert config is not None, problems
    lib, problems = load_library(root / "content", config, False)
    assert lib is not None, [str(p) for p in problems]
    return render_site(lib, lib.config.base_url, THEMES)


# ------------------------------------------------------------------ reading the files back

def _ms(stamp: str) -> int:
    h, m, s = stamp.replace(",", ".").split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)


def _vtt(data: bytes) -> list[tuple[int, int, str, str, list[str]]]:
    """(start, end, id, voice, lines of plain text) per cue, read by webvtt-py."""
    text = data.decode("utf-8")
    doc = webvtt.from_string(text)
    assert len(doc.captions) == text.count(" --> ")  # every cue was read
    out = []
    for c in doc.captions:
        assert all(line.strip() for line in c.lines)
        first = re.fullmatch(r"(?:<v ([^>]*)>)?(.*)", c.lines[0])
        assert "<" not in first.group(2) and all("<" not in line for line in c.lines[1:])  # only the voice is a tag
        lines = [html.unescape(first.group(2))] + [html.unescape(line) for line in c.lines[1:]]
        out.append((_ms(c.start), _ms(c.end), c.identifier or "", html.unescape(first.group(1) or ""), lines))
    return out


def _srt(data: bytes) -> list[tuple[int, int, list[str]]]:
    subs = list(srt.parse(data.decode("utf-8")))
    assert [s.index for s in subs] == list(range(1, len(subs) + 1))
    return [(round(s.start.total_seconds() * 1000), round(s.end.total_seconds() * 1000), s.content.split("\n"))
            for s in subs]


def _segments(site: dict[str, bytes], ep: str) -> list[dict]:
    return json.loads(site[ep + "transcript.json"])["segments"]


def _check_times(times: list[tuple[int, int]], duration_ms: int | None, words: list[int]) -> None:
    prev = 0
    for (s, e), n in zip(times, words):
        assert prev <= s < e, (prev, s, e)
        assert e - s >= MIN_CAPTION_MS or duration_ms is not None
        assert e - s <= MAX_CAPTION_MS or n == 1
        prev = e
    if duration_ms is not None:
        assert prev <= duration_ms


def _check_lines(lines: list[str], width: int) -> None:
    assert 1 <= len(lines) <= 2, lines
    for line in lines:
        assert line == line.strip() and line
        assert len(line) <= width or len(line.split()) == 1, line


EPISODES = [("talk/a-long-talk/", 720), ("talk/no-duration/", None)]


@pytest.mark.parametrize("ep,duration", EPISODES)
def test_vtt_is_captions(built, ep, duration):
    segments = _segments(built, ep)
    cues = _vtt(built[ep + "transcript.vtt"])
    assert len(cues) > 2 * len(segments)  # long segments were cut up
    for _, _, _, _, lines in cues:
        _check_lines(lines, CAPTION_WIDTH)
    _check_times([(s, e) for s, e, *_ in cues], duration and duration * 1000,
                 [len(" ".join(c[4]).split()) for c in cues])
    # every word of every segment, in order, each cue inside one segment and with its speaker
    seg_words = [seg["body"].split() for seg in segments]
    assert [w for c in cues for w in " ".join(c[4]).split()] == [w for ws in seg_words for w in ws]
    k, used = -1, 0
    for start, end, ident, voice, lines in cues:
        words = " ".join(lines).split()
        if k < 0 or used == len(seg_words[k]):
            k, used = k + 1, 0
            assert re.fullmatch(r"t-\d\d-\d\d-\d\d(-\d+)?", ident)  # a segment's first cue: its anchor
        else:
            assert re.fullmatch(r"t-\d\d-\d\d-\d\d(-\d+)?\.\d+", ident)
        assert seg_words[k][used:used + len(words)] == words
        used += len(words)
        assert voice == segments[k]["speaker"] and voice
    assert k == len(segments) - 1 and used == len(seg_words[-1])
    assert len({c[2] for c in cues}) == len(cues)  # ids are unique


@pytest.mark.parametrize("ep,duration", EPISODES)
def test_srt_is_captions(built, ep, duration):
    segments = _segments(built, ep)
    cues = _srt(built[ep + "transcript.srt"])
    for _, _, lines in cues:
        _check_lines(lines, SRT_WIDTH)
    expected, previous = [], None
    for seg in segments:
        if seg["speaker"] != previous:
            expected += (seg["speaker"] + ":").split()
        previous = seg["speaker"]
        expected += seg["body"].split()
    assert [w for c in cues for w in " ".join(c[2]).split()] == expected
    labelled = [c for c in cues if re.match(r"(Ada Host|Grace Guest): ", c[2][0])]
    assert len(labelled) == len({i for i, seg in enumerate(segments) if i == 0 or seg["speaker"] != segments[i - 1]["speaker"]})
    words = [len(" ".join(c[2]).split()) - (2 if c in labelled else 0) for c in cues]
    _check_times([(s, e) for s, e, _ in cues], duration and duration * 1000, words)


def test_times_follow_the_segments(built):
    ep = "talk/a-long-talk/"
    cues = _vtt(built[ep + "transcript.vtt"])
    starts = {ident: s for s, _, ident, _, _ in cues}
    assert starts["t-00-00-00"] == 0
    assert starts["t-00-05-00"] == 300_000
    assert 0 < starts["t-00-00-00-2"] < 300_000  # the repeated time shares the time up to the next one
    first = [c for c in cues if c[2].split(".")[0] == "t-00-00-00"]
    assert [c[0] for c in first] == sorted(c[0] for c in first) and first[-1][0] > 150_000  # spread, not bunched
    # the segment given 2 seconds for 12 sentences: captions follow on, each readable for the minimum
    squeezed = [c for c in cues if c[2].split(".")[0] == "t-00-05-02"]
    assert len(squeezed) > 4 and all(e - s >= MIN_CAPTION_MS for s, e, *_ in squeezed)
    # the last one starts 2 s before the end: it is squeezed into them, ending with the episode
    assert cues[-1][1] == 720_000
    no_duration = _vtt(built["talk/no-duration/transcript.vtt"])
    words = len(_segments(built, "talk/no-duration/")[-1]["body"].split())
    assert no_duration[-1][1] <= 20_000 + round(words / WORDS_PER_SECOND) * 1000
    assert no_duration[-1][1] > 20_000 + round(words / WORDS_PER_SECOND) * 1000 - MAX_CAPTION_MS


def test_huge_word_is_a_line_of_its_own(built):
    for data, reader in ((built["talk/a-long-talk/transcript.vtt"], lambda d: [c[4] for c in _vtt(d)]),
                         (built["talk/a-long-talk/transcript.srt"], lambda d: [c[2] for c in _srt(d)])):
        lines = [line for cue in reader(data) for line in cue if LONG_WORD in line]
        assert lines == [LONG_WORD]


def test_feed_offers_srt_before_vtt(built):
    feed = built["talk/feed.xml"].decode()
    ep = "https://example.org/sub/talk/a-long-talk/"
    item = feed[feed.index("<title>A long talk</title>"):]
    item = item[:item.index("</item>")]
    tags = re.findall(r"<podcast:transcript [^>]*/>", item)
    assert tags == [f'<podcast:transcript url="{ep}transcript.json" type="application/json"/>',
                    f'<podcast:transcript url="{ep}transcript.srt" type="application/x-subrip" rel="captions"/>',
                    f'<podcast:transcript url="{ep}transcript.vtt" type="text/vtt"/>']


def test_episode_page_links_the_srt(built):
    page = built["talk/a-long-talk/index.html"].decode()
    downloads = re.search(r'<p class="downloads">(.*?)</p>', page).group(1)
    links = re.findall(r'<a href="([^"]+)" type="([^"]+)">([^<]+)</a>', downloads)
    assert [label for *_, label in links] == ["Transcript (WebVTT)", "Transcript (SRT)", "Transcript (JSON)"]
    assert ("/sub/talk/a-long-talk/transcript.srt", "application/x-subrip", "Transcript (SRT)") in links


def test_fixture_site_captions(site):
    ep = "signal-and-noise/compilers-all-the-way-down/"
    # the JSON transcript stays one entry a segment, byte for byte
    assert site[ep + "transcript.json"] == (GOLDEN / ep / "transcript.json").read_bytes()
    vtt, subs = _vtt(site[ep + "transcript.vtt"]), _srt(site[ep + "transcript.srt"])
    assert vtt[0][3] == "Ada Host" and vtt[1][3] == "Grace Guest"
    assert subs[0][2][0].startswith("Ada Host: Welcome to")
    assert vtt[-1][1] <= 3_900_000 and subs[-1][1] <= 3_900_000
    for ep in ("deep-dives/grace-returns/", "signal-and-noise/compilers-all-the-way-down/"):
        assert len(_srt(site[ep + "transcript.srt"])) >= len(_segments(site, ep))
    assert "signal-and-noise/caption-dump/transcript.srt" not in site  # untimed: no captions


def test_writers_are_deterministic():
    cues = [Cue("t-00-00-01", 1, 30, "A", _prose(6, 9)), Cue("t-00-00-30", 30, 31, "B", _prose(3, 1))]
    assert transcript_vtt(cues, 40) == transcript_vtt(list(cues), 40)
    assert transcript_srt(cues, 40) == transcript_srt(list(cues), 40)
    assert transcript_vtt([]) == b"WEBVTT\n" and transcript_srt([]) == b""


# ------------------------------------------------------------------ the splitter alone

def _words(caps: list[Caption]) -> list[str]:
    return [w for c in caps for w in " ".join(c.lines).split()]


def test_long_segment_is_cut_at_words_and_near_sentence_ends():
    body = _prose(30, 0)
    caps = caption_cues([Cue("t-00-00-00", 0, 600, "Ada Host", body)], 600)
    assert _words(caps) == body.split()
    assert len(caps) >= len(body) / (2 * CAPTION_WIDTH)
    assert all(len(c.lines) <= 2 and all(len(line) <= CAPTION_WIDTH for line in c.lines) for c in caps)
    assert [c.id for c in caps[:3]] == ["t-00-00-00", "t-00-00-00.2", "t-00-00-00.3"]
    assert all(c.speaker == "Ada Host" for c in caps)
    ends = sum(1 for c in caps if re.search(r"[.!?,]$", c.lines[-1]))
    assert ends >= len(caps) * 0.7  # most captions end at a sentence or clause
    # each caption's share of the segment follows its words
    assert caps[0].start == 0 and caps[-1].start < 600_000 and all(c.end <= 600_000 for c in caps)
    for a, b in zip(caps, caps[1:]):
        assert a.end <= b.start
    per_word = [(b.start - a.start) / len(" ".join(a.lines).split()) for a, b in zip(caps, caps[1:])]
    assert max(per_word) - min(per_word) < 25  # ms: one rate throughout the segment


def test_a_sentence_end_near_the_limit_ends_the_caption():
    first = "This first sentence is long enough to fill most of the two lines we have, really."
    body = first + " And the second one would have fitted a word or two more on the second line but it waits."
    caps = caption_cues([Cue("x", 0, 20, "", body)], None)
    assert " ".join(caps[0].lines) == first


def test_paragraphs_start_new_lines():
    caps = caption_cues([Cue("x", 0, 10, "", "Yes.\nNo, really.")], None)
    assert [c.lines for c in caps] == [("Yes.", "No, really.")]


def test_one_huge_word_is_kept_whole():
    word = "x" * 200
    caps = caption_cues([Cue("a", 0, 10, "S", f"before {word} after")], 10)
    assert _words(caps) == ["before", word, "after"]
    assert [line for c in caps for line in c.lines if "x" in line] == [word]
    caps = caption_cues([Cue("a", 0, 10, "S", word)], 10)
    assert [c.lines for c in caps] == [(word,)] and (caps[0].start, caps[0].end) == (0, 10_000)
    srt_caps = caption_cues([Cue("a", 0, 10, "A Very Long Speaker Name Indeed", word)], 10, width=SRT_WIDTH, label=True)
    assert _words(srt_caps) == ["A", "Very", "Long", "Speaker", "Name", "Indeed:", word]
    assert all(len(line) <= SRT_WIDTH or line == word for c in srt_caps for line in c.lines)


def test_last_segment_with_and_without_duration():
    body = _prose(10, 2)
    # as transcript_cues makes them: the last ends with the episode, or after an estimate
    with_duration = caption_cues([Cue("a", 0, 5, "A", "Hi."), Cue("b", 5, 100, "B", body)], 100)
    assert with_duration[-1].end <= 100_000
    estimate = 5 + max(1, round(len(body.split()) / WORDS_PER_SECOND))
    without = caption_cues([Cue("a", 0, 5, "A", "Hi."), Cue("b", 5, estimate, "B", body)], None)
    assert without[-1].end == estimate * 1000
    # a last segment that starts after the stated duration is pulled back inside it
    late = caption_cues([Cue("a", 0, 50, "A", body), Cue("b", 120, 160, "B", body)], 100)
    assert late[-1].end <= 100_000 and _words(late) == body.split() * 2
    for a, b in zip(late, late[1:]):
        assert a.start < a.end <= b.start < b.end
    # no room for the minimum: every caption still has a length, and all end by the duration
    tight = caption_cues([Cue("a", 0, 2, "A", body)], 2)
    assert len(tight) > 4 and tight[-1].end <= 2000 and all(c.end > c.start for c in tight)
    for a, b in zip(tight, tight[1:]):
        assert a.end <= b.start


def test_repeated_and_backwards_start_times():
    cues = [Cue("a", 10, 10, "A", _prose(4, 1)), Cue("a-2", 10, 10, "B", "Me too."),
            Cue("c", 8, 9, "A", _prose(2, 2)), Cue("d", 30, 31, "B", "End.")]
    caps = caption_cues(cues, None)
    assert _words(caps) == [w for c in cues for w in c.body.split()]
    prev = 0
    for c in caps:
        assert prev <= c.start < c.end and c.end - c.start >= MIN_CAPTION_MS
        prev = c.end


def test_srt_labels_new_speakers_only():
    cues = [Cue("a", 0, 5, "Ada Host", "One."), Cue("b", 5, 9, "Ada Host", "Two."),
            Cue("c", 9, 12, "Grace Guest", "Three."), Cue("d", 12, 15, "", "Four."), Cue("e", 15, 20, "Grace Guest", "Five.")]
    out = transcript_srt(cues, 20).decode()
    assert out == ("1\n00:00:00,000 --> 00:00:05,000\nAda Host: One.\n\n"
                   "2\n00:00:05,000 --> 00:00:09,000\nTwo.\n\n"
                   "3\n00:00:09,000 --> 00:00:12,000\nGrace Guest: Three.\n\n"
                   "4\n00:00:12,000 --> 00:00:15,000\nFour.\n\n"
                   "5\n00:00:15,000 --> 00:00:20,000\nGrace Guest: Five.\n")
    vtt = transcript_vtt(cues, 20).decode()
    assert vtt.count("<v Ada Host>") == 2 and vtt.count("<v Grace Guest>") == 2 and "\nFour.\n" in vtt


def test_times_are_whole_milliseconds():
    caps = caption_cues([Cue("a", 0.1234, 1.9996, "", "one two three")], None)
    assert all(isinstance(c.start, int) and isinstance(c.end, int) for c in caps)
    vtt = transcript_vtt([Cue("a", 3599.9996, 3601, "", "tick")]).decode()
    assert "01:00:00.000 --> 01:00:01.000" in vtt


# ------------------------------------------------------------------ properties

_word = st.one_of(st.sampled_from(["a", "is", "word", "longer", "sentence.", "clause,", "why?", "—", "&", "<b>",
                                   "naïve", "x" * 70, "y" * 40]),
                  st.text(st.characters(blacklist_categories=("Cs", "Cc", "Z")), min_size=1, max_size=12))
_segment = st.tuples(st.integers(0, 400), st.integers(0, 30), st.sampled_from(["", "Ada", "Grace Guest"]),
                     st.lists(st.lists(_word, max_size=60), min_size=1, max_size=3))


@settings(max_examples=budget(50), deadline=None)
@given(st.lists(_segment, max_size=8), st.one_of(st.none(), st.integers(0, 500)),
       st.sampled_from([(CAPTION_WIDTH, False), (SRT_WIDTH, True)]))
def test_words_kept_and_times_ordered(segments, duration, mode):
    width, label = mode
    cues = [Cue(f"t{i}", start, start + length, speaker, "\n".join(" ".join(p) for p in paras))
            for i, (start, length, speaker, paras) in enumerate(segments)]
    caps = caption_cues(cues, duration, width=width, label=label)
    expected, previous = [], None
    for c in cues:
        if not c.body.split():
            continue
        if label and c.speaker and c.speaker != previous:
            expected += (c.speaker + ":").split()
        previous = c.speaker
        expected += c.body.split()
    assert _words(caps) == expected
    prev = 0
    for c in caps:
        assert prev <= c.start < c.end
        assert 1 <= len(c.lines) <= 2
        assert all(len(line) <= width or len(line.split()) == 1 for line in c.lines)
        prev = c.end
    if duration is not None and caps and duration * 1000 >= len(caps):
        assert prev <= duration * 1000
    # the writers read back
    assert len(webvtt.from_string(transcript_vtt(cues, duration).decode()).captions) == len(caption_cues(cues, duration))
    assert len(list(srt.parse(transcript_srt(cues, duration).decode()))) == len(
        caption_cues(cues, duration, width=SRT_WIDTH, label=True))


# ------------------------------------------------------------------ the fast cutter equals the plain one

def _reference_cues(segments) -> list[Cue]:
    return [Cue(f"t{i}", start, start + length, speaker, "\n".join(" ".join(p) for p in paras))
            for i, (start, length, speaker, paras) in enumerate(segments)]


@settings(max_examples=budget(200), deadline=None)
@given(st.lists(_segment, max_size=8), st.one_of(st.none(), st.integers(0, 500)), st.integers(8, 70), st.booleans())
def test_captions_equal_the_plain_cutter(segments, duration, width, label):
    """Every place scored word by word (tests/render/caption_reference.py) gives the same captions
    as the prefix sums and candidate places of generator/captions.py, at any width."""
    cues = _reference_cues(segments)
    assert caption_cues(cues, duration, width=width, label=label) == \
        caption_reference.caption_cues(cues, duration, width=width, label=label)


@pytest.mark.parametrize("width", [12, SRT_WIDTH, 40, CAPTION_WIDTH, 80])
def test_long_prose_equals_the_plain_cutter(width):
    """Long segments of prose with clauses, sentences, paragraphs, dashes, quotes and a word longer
    than a line: the cases where only a few places are scored."""
    text = [_prose(40, seed) for seed in range(6)]
    bodies = [text[0], text[1] + "\n" + text[2], f"“{text[3]}” — {LONG_WORD} {text[4]}", "- -- — " + text[5]]
    cues = [Cue(f"c{i}", 10.0 * i, 10.0 * i + 4, ("Ada Host", "Grace Guest")[i % 2], body)
            for i, body in enumerate(bodies)]
    for label in (False, True):
        assert caption_cues(cues, 60, width=width, label=label) == \
            caption_reference.caption_cues(cues, 60, width=width, label=label)


def test_caption_files_are_the_two_writers():
    cues = _reference_cues([(0, 5, "Ada", [_prose(12, 1).split(), _prose(3, 2).split()]),
                            (5, 9, "Grace Guest", [_prose(7, 3).split()])])
    assert caption_files(cues, 30) == (transcript_srt(cues, 30), transcript_vtt(cues, 30))
