"""The transcript importers (generator/importers/transcripts/): one parser per format, one joiner.

Fixtures live in tests/fixtures/import/transcripts/ (all invented text). The `*_long*` ones are
one six-minute conversation rendered in six formats, so they must all give the same words."""
from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_budget import budget  # the profile scales it: tests/conftest.py

from generator.importers import captions, listing, summary_page, summary_site
from generator.importers.transcripts import (
    PARSERS, json_transcript, markdown_transcript, subrip, timed_text, vtt)
from generator.importers.transcripts.cues import SourceCue, is_generic_label, segments_from_cues
from import_helpers import FIXTURES, SEEDS

DIR = FIXTURES / "transcripts"

# Which of our parsers owns each fixture (None: none of ours may claim it).
OWNER = {
    "vtt_hard.vtt": vtt, "vtt_labels.vtt": vtt, "vtt_nospeakers.vtt": vtt, "vtt_long.vtt": vtt,
    "srt_hard.srt": subrip, "srt_flat.srt": subrip, "srt_generic.srt": subrip, "srt_long.srt": subrip,
    "srt_words.srt": subrip,  # one word per cue: shaped like a caption dump too
    "json_sentences.json": json_transcript, "json_words.json": json_transcript,
    "json_nospeakers.json": json_transcript, "json_words_long.json": json_transcript,
    "timed_labels.txt": timed_text, "timed_paren.txt": timed_text, "timed_descript.txt": timed_text,
    "timed_youtube.txt": timed_text, "timed_youtube_oneline.txt": timed_text, "timed_untimed_turns.txt": timed_text,
    "timed_long_brackets.txt": timed_text, "timed_long_otter.txt": timed_text,
    "markdown_small.md": markdown_transcript, "markdown_long.md": markdown_transcript,
    "markdown_frontmatter.md": None,  # show notes with front matter: another importer's
    "chapters_list.txt": None,  # a chapter list, not a transcript
}
LONG = ["vtt_long.vtt", "srt_long.srt", "json_words_long.json", "timed_long_brackets.txt",
        "timed_long_otter.txt", "markdown_long.md"]


def read(name: str) -> str:
    """The fixture exactly as stored: BOM and CRLF kept."""
    return (DIR / name).read_bytes().decode("utf-8")


def parsed(name: str):
    doc = OWNER[name].parse(read(name), name)
    assert not doc.fatal, doc.problems
    assert len(doc.episodes) == 1
    return doc


def segs(name: str) -> list[tuple]:
    return [(s.start, s.speaker, " ".join(s.paragraphs)) for s in parsed(name).episodes[0].transcript]


def words_out(doc) -> list[str]:
    return [w for s in doc.episodes[0].transcript for p in s.paragraphs for w in p.split()]


def test_every_fixture_has_an_owner_entry():
    assert sorted(p.name for p in DIR.iterdir() if p.is_file()) == sorted(OWNER)


# ---------------------------------------------------------------- exact segments


def test_vtt_hard_cases():
    doc = parsed("vtt_hard.vtt")
    ep = doc.episodes[0]
    assert ep.title == "Episode 7: Sourdough at Altitude"
    assert ep.kind == "transcript" and ep.timing == "exact"
    assert segs("vtt_hard.vtt") == [
        (1, "Ines Duarte", "Welcome to Rising Time, the show about bread & patience. "
                           "I'm here with a baker who lives very high up."),
        (7, "Oskar Brandt", "Two thousand metres, to be exact. Water boils at about ninety-three degrees."),
        (12, "Ines Duarte", "Does that change the starter?"),
        (12, "Oskar Brandt", "Completely. It ferments faster, and it rises before you're ready. "
                             "and the crust never qui"),
    ]
    assert [p.name for p in ep.people] == ["Ines Duarte", "Oskar Brandt"]
    assert all(p.role is None and p.strength == 2 for p in ep.people)
    assert len(doc.problems) == 1 and doc.problems[0].startswith("line 34: ")  # the cut-off cue


def test_vtt_labels_carry_forward_and_are_generic():
    assert segs("vtt_labels.vtt") == [
        (0, "SPEAKER_00", "So what are we reading this week?"),
        (3, "SPEAKER_01", "A novel about lighthouses. It's slower than it sounds."),
        (8, "SPEAKER_00", "Slow is fine. Slow is good."),
    ]
    assert parsed("vtt_labels.vtt").episodes[0].people == []


def test_vtt_without_speakers_splits_at_sentence_ends_and_never_goes_back():
    # 0-31 s: no sentence end before 30 s, so one segment; 40 s: a sentence ended, new segment;
    # 38.5 s (out of order) joins it; 135 s: 95 s without a sentence end forces a split.
    assert segs("vtt_nospeakers.vtt") == [
        (0, None, "Rain came early that year. The river rose over the path and the ferry stopped running."),
        (40, None, "Nobody minded very much. People walked instead. Shops opened late and closed early"),
        (135, None, "for a whole month that nobody forgot."),
    ]


def test_srt_hard_cases():
    doc = parsed("srt_hard.srt")
    assert segs("srt_hard.srt") == [
        (0, "Ruth Okafor", "Good evening from the night desk. Three stories tonight."),
        (5, "Samir Haddad", "And the first is about the tide tables."),
        (8, None, "Right, the tide tables. They were printed with last year's dates. Which nobody noticed until Tues"),
    ]
    assert len(doc.problems) == 1 and doc.problems[0].startswith("line 25: ")


def test_srt_flattened_onto_one_line():
    assert segs("srt_flat.srt") == [
        (0, "Kofi Mensah", "Morning, everyone. We have 3 updates today, and the count is 4"),
        (8, "Lena Vogt", "I'll start with the garden. The beans finally came up, all 12 rows."),
    ]


def test_srt_generic_labels_overlaps_and_cut_off_timing():
    doc = parsed("srt_generic.srt")
    assert segs("srt_generic.srt") == [
        (0, "Speaker 1", "Is the recorder on?"),
        (2, "Speaker 2", "It is now."),
        (3, "Speaker 1", "Good. Let's begin."),
        (3, "Speaker 2", "Sorry, one more thing."),  # starts at 1 s, but never before the segment above
    ]
    assert doc.episodes[0].people == []
    assert len(doc.problems) == 1 and doc.problems[0].startswith("line 17: ")


def test_srt_one_word_per_cue_and_bare_chevrons():
    got = segs("srt_words.srt")
    assert [(start, speaker) for start, speaker, _ in got] == [(0, None), (36, None)]
    assert got[1][2].startswith("and the gears?")  # `>>` starts a new, unnamed turn and is not a word


def test_json_sentences():
    doc = parsed("json_sentences.json")
    assert segs("json_sentences.json") == [
        (0, "Hana Kim", "Today we test three umbrellas in real wind. The first one lasted nine seconds."),
        (6, "Leo Marsh", "Nine seconds is generous."),
        (8, "Hana Kim", "It was a gift."),
    ]
    assert doc.problems == ["1 segment(s) without a text `body` were skipped"]


def test_json_word_level_punctuation_attaches():
    assert segs("json_words.json") == [
        (0, "Ada Quist", "Hold the door, please."),
        (2, "Ben Ortiz", "Which door? Sorry."),
    ]


def test_json_without_speakers():
    assert segs("json_nospeakers.json") == [
        (0, None, "The lighthouse keeper kept a log of every ship. Most entries are a single line."),
        (33, None, "Some run for pages, when the weather turned. Those are the ones people read."),
    ]


def test_timed_text_time_first_lines_with_labels():
    doc = parsed("timed_labels.txt")
    assert doc.episodes[0].title == "The Night Shift, episode 3"
    assert segs("timed_labels.txt") == [
        (5, "Grace Liu", "We start with the quiet hours, between two and four."),
        (41, "Marco Bell", "That's when the phones stop ringing."),
        (80, "Marco Bell", "And the coffee gets worse. Much worse, honestly."),
        (122, "Grace Liu", "Fair."),
    ]


def test_timed_text_parenthesised_times_without_speakers():
    assert segs("timed_paren.txt") == [
        (3, None, "So this is the part where the map stops being useful. "
                  "You can see the trail markers fade out after the bridge."),
        (52, None, "From here it's compass and patience."),
        (90, None, "And snacks. Definitely snacks."),
    ]


def test_timed_text_descript_headings():
    assert segs("timed_descript.txt") == [
        (2, "Farah Said", "Okay, we're recording. Can you hear the hum?"),
        (6, "Ivo Petrov", "I can. It's the fridge. I'll unplug it."),
        (3612, "Farah Said", "Thank you."),
    ]


def test_timed_text_youtube_copy():
    assert segs("timed_youtube.txt") == [
        (0, None, "so the first thing you want to do is check the chain tension if it sags more than a "
                  "finger width it's too loose now the gears. shift through all of them."),
        (75, None, "listen for clicking"),
    ]


def test_timed_text_youtube_one_line_captions_split_without_sentence_ends():
    # lowercase auto-captions, a time on every line, no punctuation: only the ~90 s rule splits
    got = segs("timed_youtube_oneline.txt")
    assert [(start, speaker) for start, speaker, _ in got] == [(0, None), (93, None)]


def test_timed_text_untimed_turns():
    doc = parsed("timed_untimed_turns.txt")
    assert doc.episodes[0].title == "Interview notes"
    assert segs("timed_untimed_turns.txt") == [
        (0, "Speaker 1", "Where did you grow up?"),
        (4, "Speaker 2", "By the sea, mostly. Then inland for a while."),
        (None, "Speaker 1", "Do you miss it?"),
        (None, "Speaker 2", "Every day."),
        (31, "Speaker 1", "What do you miss first?"),
        (None, "Nadia Olsen", "The noise, I think."),
    ]
    assert [p.name for p in doc.episodes[0].people] == ["Nadia Olsen"]


def test_markdown_sparse_stamps_breaks_and_markers():
    doc = parsed("markdown_small.md")
    ep = doc.episodes[0]
    assert ep.title == "Bread, Briefly — Episode 4"
    assert segs("markdown_small.md") == [
        (5, "Ines Duarte", "Welcome back. Today: rye."),
        (None, "Oskar Brandt", "Rye is a different animal. It barely has gluten [unintelligible 00:00:14.20] "
                               "so it behaves like clay. It's sticky [crosstalk] and it forgives nothing."),
        (62, "Ines Duarte", "So why bake it at all?"),
        (1000, None, "Break"),
        (1025, "Oskar Brandt", "Because it tastes like a forest. Honestly. Give it 2-3 days."),
        (None, "Ines Duarte", "Fair enough."),
    ]
    # front text is not transcript, but not lost either
    assert "Recorded in the back kitchen." in ep.mention_text
    assert doc.problems == []
    assert ep.timing == "exact"


def test_markdown_same_speaker_turns_join():
    doc = markdown_transcript.parse("**Ana Ruiz:** \\[00:01\\] One.\n\n**Ana Ruiz:** Two.\n\n**Ben Cole:** Three.\n", "x.md")
    assert [(s.start, s.speaker, s.paragraphs) for s in doc.episodes[0].transcript] == [
        (1, "Ana Ruiz", ["One. Two."]), (None, "Ben Cole", ["Three."])]


def test_json_clock_string_times():
    doc = json_transcript.parse('{"segments": [{"startTime": "00:01:05.5", "body": "Hi."},'
                                ' {"startTime": "1:02:03", "body": "Bye."}]}', "x.json")
    assert [s.start for s in doc.episodes[0].transcript] == [65, 3723]


def test_markdown_with_front_matter_is_not_ours():
    text = read("markdown_frontmatter.md")
    assert markdown_transcript.detect(text) == 0.0
    assert markdown_transcript.parse(text, "x.md").fatal


# ---------------------------------------------------------------- detection


def _all_fixtures():
    return sorted(OWNER)


@pytest.mark.parametrize("name", _all_fixtures())
def test_detect_matrix_fixtures(name):
    text = read(name)
    scores = {p: p.detect(text) for p in PARSERS}
    owner = OWNER[name]
    for parser, score in scores.items():
        if parser is owner:
            assert score >= 0.9, f"{name}: {parser.__name__} scores {score}"
        else:
            assert score < 0.5, f"{name}: {parser.__name__} wrongly claims it ({score})"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_detect_matrix_seeds(seed):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    for parser in PARSERS:
        assert parser.detect(text) < 0.5, f"{seed}: {parser.__name__}"


@pytest.mark.parametrize("name", [n for n in _all_fixtures() if OWNER[n] is not None])
def test_existing_parsers_do_not_outscore_ours(name):
    text = read(name)
    ours = OWNER[name].detect(text)
    for other in (captions, listing, summary_page, summary_site):
        assert other.detect(text) < ours, f"{name}: {other.__name__} scores {other.detect(text)} >= {ours}"


# ---------------------------------------------------------------- words, times, lengths

_LABEL_PREFIX = re.compile(
    r"^(?:>>\s*)?(?:\[(?:Ruth Okafor)\]|(?:SPEAKER_0\d|Speaker \d|Samir Haddad|Kofi Mensah|Lena Vogt|"
    r"Grace Liu|Marco Bell|Maya Lindqvist|Tomas Reyes):)\s*")
_TIME = r"\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?"


def _naive_words(name: str, text: str) -> list[str]:
    """The words a reader sees in the fixture, found without any of the parsers' code: markup,
    times, indices and speaker labels left out."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    out: list[str] = []
    if name.endswith(".json"):
        data = json.loads(text)
        bodies = [s["body"] for s in data["segments"] if isinstance(s.get("body"), str)]
        joined = ""
        for b in bodies:
            b = " ".join(b.split())
            joined += b if re.fullmatch(r"[^\w\s]+", b) else " " + b
        return joined.split()
    if name.endswith(".srt") and text.count("-->") > 1 and "\n" not in text.strip():
        text = re.sub(rf"(?:\b\d+\s+)?{_TIME}\s*-->\s*{_TIME}", "\n", text)
    lines = text.split("\n")
    if name.endswith(".vtt"):
        blocks = re.split(r"\n\s*\n", text)[1:]
        lines = []
        for b in blocks:
            bl = b.split("\n")
            if bl[0].startswith(("NOTE", "STYLE")):
                continue
            at = next((i for i, l in enumerate(bl) if "-->" in l), None)
            lines += bl[at + 1:] if at is not None else []
    front = {"timed_labels.txt": 1, "timed_long_brackets.txt": 1, "timed_untimed_turns.txt": 1,
             "markdown_small.md": 2, "markdown_long.md": 2}.get(name, 0)
    seen = 0
    for line in lines:
        if front and seen < front:
            seen += bool(line.strip())
            continue
        line = line.strip()
        if name.endswith(".srt"):
            if "-->" in line or re.fullmatch(r"\d+|[\d:,.]+", line):
                continue
            line = re.sub(r"\{\\[^}]*\}|</?(?:i|font)[^>]*>", "", line)
        if name.endswith(".vtt"):
            line = html.unescape(re.sub(r"<[^>]*>", "", re.sub(r"<v[ .][^>]*>", " ", line)))
        if name.endswith(".txt"):
            line = re.sub(rf"^[\[(]?{_TIME}[\])]?\s*(?:-\s+)?", "", line)  # a leading time
            line = re.sub(rf"^(?:[A-Z][a-z]+ [A-Z][a-z]+|Speaker \d)\s*(?:\({_TIME}\)|\s{_TIME})?:?$", "", line)
        if name.endswith(".md"):
            line = re.sub(rf"^\*\*(?:[A-Z][a-z]+ [A-Z][a-z]+)(?::\*\*|\*\*:)\s*", "", line)
            line = re.sub(rf"\\\[{_TIME}\\\]\s*", "", line)
            line = re.sub(r"\\(.)", r"\1", line).replace("*", "").strip()
            if line.endswith(":") and not line.count(" "):
                line = line[:-1]  # `**Break**:` becomes the marker's text
        line = _LABEL_PREFIX.sub("", re.sub(r"^>>(?:\s+|$)(?!\w+ ?\w*:)", "", line))
        out += line.split()
    return out


@pytest.mark.parametrize("name", [n for n in _all_fixtures() if OWNER[n] is not None])
def test_words_in_equal_words_out(name):
    doc = parsed(name)
    assert words_out(doc) == _naive_words(name, read(name))


def test_long_fixtures_all_give_the_same_words():
    words = {name: words_out(parsed(name)) for name in LONG}
    first = words[LONG[0]]
    assert len(first) == 958
    for name, w in words.items():
        assert w == first, name


@pytest.mark.parametrize("name", [n for n in _all_fixtures() if OWNER[n] is not None])
def test_times_ascend(name):
    starts = [s.start for s in parsed(name).episodes[0].transcript if s.start is not None]
    assert starts == sorted(starts)


@pytest.mark.parametrize("name", [n for n in LONG if n != "markdown_long.md"])
def test_long_segments_are_30_to_60_seconds(name):
    segments = parsed(name).episodes[0].transcript
    lengths = [b.start - a.start for a, b in zip(segments, segments[1:]) if a.speaker == b.speaker]
    assert len(lengths) >= 5, lengths
    assert all(30 <= n <= 95 for n in lengths), lengths
    assert sum(1 for n in lengths if n <= 60) >= 0.75 * len(lengths), lengths
    # and every speaker change still starts a segment
    assert len(segments) >= 15


def test_long_fixture_figures():
    """Cues in, segments out (documented in the hand-over)."""
    figures = {name: len(parsed(name).episodes[0].transcript) for name in LONG}
    assert all(15 <= n <= 25 for n in figures.values()), figures


def test_generic_labels():
    for label in ["Speaker 1", "SPEAKER_00", "Speaker A", "Unknown", "Host", "Guest", "Interviewer",
                  "Narrator", "S1", "speaker_12", "Unknown Speaker", "Speaker 2:"]:
        assert is_generic_label(label), label
    for name in ["Dean Ball", "Maya Lindqvist", "Oskar Brandt", "Hostetler Jones"]:
        assert not is_generic_label(name), name
    assert parsed("timed_long_otter.txt").episodes[0].people == []


def test_mention_text_holds_the_transcript():
    ep = parsed("vtt_long.vtt").episodes[0]
    assert "stitching it together" in ep.mention_text and ep.title in ep.mention_text


# ---------------------------------------------------------------- the joiner


def test_joiner_rules():
    cues = [SourceCue(0, 2, "A", "One.\nTwo"), SourceCue(2.5, 3, None, "  three  "), SourceCue(3, 4, "B", ""),
            SourceCue(5.9, 6, None, "Bee speaks."), SourceCue(7, 8, None, "Still bee.", turn=True)]
    out = segments_from_cues(cues)
    assert [(s.start, s.speaker, s.paragraphs) for s in out] == [
        (0, "A", ["One. Two three"]), (5, "B", ["Bee speaks."]), (7, None, ["Still bee."])]


def test_joiner_untimed_then_timed_same_speaker_keeps_the_time():
    out = segments_from_cues([SourceCue(None, None, "A", "Hi."), SourceCue(12, None, None, "Later.")])
    assert [(s.start, s.speaker) for s in out] == [(None, "A"), (12, "A")]


# ---------------------------------------------------------------- never raise


@settings(max_examples=budget(50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_parsers_never_raise_on_any_text(text):
    for parser in PARSERS:
        doc = parser.parse(text, "x")
        assert doc.fatal or doc.episodes
        if doc.fatal:
            assert len(doc.problems) == 1
        parser.detect(text)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__.rsplit(".", 1)[-1])
@pytest.mark.parametrize("text", ["", "\ufeff", "WEBVTT\n\n", "{", "[1, 2]", '{"segments": [1, 2]}',
                                  "1\n00:00:01,000 --> 00:00:02,000\n\n", "**Name:**", "\x00\x01"])
def test_nothing_parseable_is_fatal_with_one_problem(parser, text):
    doc = parser.parse(text, "x")
    if doc.fatal:
        assert len(doc.problems) == 1 and doc.problems[0]
        assert doc.episodes == []


def test_invalid_json_names_the_line():
    doc = json_transcript.parse('{\n "segments": [\n  {"body": "x",}\n ]\n}', "x.json")
    assert doc.fatal and doc.problems[0].startswith("line 3: ")


# ---------------------------------------------------------------- properties: random cues

_BASE = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñ"),
                min_size=1, max_size=8)
_WORD = st.builds(lambda pre, base, suf: pre + base + suf,
                  st.sampled_from(["", "", "", "", '"', "(", "'"]),
                  st.one_of(_BASE, st.sampled_from(["42", "3.5", "well-known", "don't", "&", "%", "1990s", "ça"])),
                  st.sampled_from(["", "", "", "", ".", ",", "?", "!", ";", '"', ")", '."', "..."]))
_SPEAKERS = ["Jane Doe", "Omar Farouk", "Speaker 1", "SPEAKER_02", "Li Wei", None]


@st.composite
def cue_lists(draw, speakers=True, min_cues=1, max_cues=12):
    n = draw(st.integers(min_cues, max_cues))
    t = draw(st.floats(0, 30))
    cues = []
    for _ in range(n):
        t = max(0.0, t + draw(st.one_of(st.floats(-4, 40), st.just(3700.0), st.just(0.0))))
        words = draw(st.lists(_WORD, min_size=1, max_size=8))
        speaker = draw(st.sampled_from(_SPEAKERS)) if speakers else None
        cues.append((round(t, 3), round(t + draw(st.floats(0.2, 8)), 3), speaker, words))
    return cues


def _stamp(x: float, sep: str = ".", hours: bool = True) -> str:
    ms = int(round(x * 1000))
    h, ms = divmod(ms, 3600000)
    m, ms = divmod(ms, 60000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}" if hours or h else f"{m:02d}:{s:02d}{sep}{ms:03d}"


def _lines(words: list[str], breaks: list[bool]) -> str:
    out = ""
    for i, w in enumerate(words):
        out += ("" if i == 0 else ("\n" if breaks[i % len(breaks)] else " ")) + w
    return out


def _expected(cues) -> list[str]:
    return [w for *_, words in cues for w in words]


def _prop_settings(f):
    return settings(max_examples=budget(50), deadline=None, suppress_health_check=[HealthCheck.too_slow])(f)


@_prop_settings
@given(cue_lists(), st.lists(st.booleans(), min_size=1, max_size=5), st.booleans(), st.booleans())
def test_property_vtt(cues, breaks, crlf, hourless):
    out = ["WEBVTT", ""]
    last = None
    for i, (s, e, sp, words) in enumerate(cues):
        body = _lines([html.escape(w, quote=False) for w in words], breaks)
        if i % 3 == 1:
            body = "<i>" + body + "</i>"
        if sp is not None and sp != last:
            body = f"<v {sp}>" + body
            last = sp
        out += ([f"c{i}"] if i % 2 else []) + [f"{_stamp(s, hours=not hourless)} --> {_stamp(e, hours=not hourless)}",
                                               body, ""]
    text = "\n".join(out)
    if crlf:
        text = "\ufeff" + text.replace("\n", "\r\n")
    doc = vtt.parse(text, "p.vtt")
    assert not doc.fatal, doc.problems
    assert words_out(doc) == _expected(cues)
    assert vtt.detect(text) >= 0.9


@_prop_settings
@given(cue_lists(), st.lists(st.booleans(), min_size=1, max_size=5), st.booleans())
def test_property_srt(cues, breaks, flat):
    out = []
    last = None
    for i, (s, e, sp, words) in enumerate(cues, 1):
        body = _lines(words, breaks)
        if sp is not None and sp != last:
            body = f"{sp}: " + body
            last = sp
        out += [str(i), f"{_stamp(s, ',')} --> {_stamp(e, ',')}", body, ""]
    text = "\n".join(out)
    if flat:
        text = " ".join(text.split())
    doc = subrip.parse(text, "p.srt")
    assert not doc.fatal, doc.problems
    assert words_out(doc) == _expected(cues)
    assert subrip.detect(text) >= 0.9


@_prop_settings
@given(cue_lists(), st.lists(st.sampled_from([",", ".", "?", "!", "..."]), max_size=8), st.randoms())
def test_property_json(cues, punct, rnd):
    segments = []
    for s, e, sp, words in cues:
        for w in words:  # word level
            seg = {"startTime": s, "endTime": e, "body": w}
            if sp is not None:
                seg["speaker"] = sp
            segments.append(seg)
    for p in punct:  # punctuation-only bodies somewhere after the first word
        at = rnd.randint(1, len(segments))
        segments.insert(at, dict(segments[at - 1], body=p))
    text = json.dumps({"version": "1.0.0", "segments": segments})
    doc = json_transcript.parse(text, "p.json")
    assert not doc.fatal, doc.problems
    got = " ".join(words_out(doc))
    # no character lost or added, in order; punctuation-only bodies attach to the word before
    assert "".join(got.split()) == "".join("".join(s["body"].split()) for s in segments)
    def letters(tokens):
        return [re.sub(r"\W", "", t) for t in tokens if re.search(r"\w", t)]
    assert letters(got.split()) == letters(s["body"] for s in segments)
    assert json_transcript.detect(text) >= 0.9


@_prop_settings
@given(cue_lists(), st.sampled_from(["plain", "brackets", "paren", "dash", "descript", "otter", "youtube"]),
       st.booleans())
def test_property_timed_text(cues, shape, crlf):
    cues = sorted(cues, key=lambda c: c[0])  # stamps in a text transcript ascend
    out = []
    last = None
    for s, e, sp, words in cues:
        text = " ".join(words)
        whole = int(s)
        hms = f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
        ms = f"{whole // 60:02d}:{whole % 60:02d}"
        label = f"{sp}: " if sp is not None and sp != last else ""
        if sp is not None:
            last = sp
        if shape == "plain":
            out.append(f"{hms} {label}{text}")
        elif shape == "brackets":
            out.append(f"[{hms}] {label}{text}")
        elif shape == "paren":
            out.append(f"({ms}) {label}{text}")
        elif shape == "dash":
            out.append(f"{hms} - {text}")
        elif shape == "descript":
            out += [f"{sp or 'Jane Doe'} ({hms}):", text, ""]
        elif shape == "otter":
            out += [f"{sp or 'Speaker 9'}  {ms}", text, ""]
        else:
            out += [ms] + _lines(words, [False, False, True]).split("\n")
    doc_text = "\n".join(out)
    if crlf:
        doc_text = doc_text.replace("\n", "\r\n")
    doc = timed_text.parse(doc_text, "p.txt")
    assert not doc.fatal, doc.problems
    assert words_out(doc) == _expected(cues)


@_prop_settings
@given(cue_lists(), st.lists(st.booleans(), min_size=1, max_size=6))
def test_property_markdown(cues, stamped):
    out = ["# A title", ""]
    for i, (s, e, sp, words) in enumerate(cues):
        text = " ".join(words)
        whole = int(s)
        stamp = f"\\[{whole // 60:02d}:{whole % 60:02d}\\] " if stamped[i % len(stamped)] else ""
        if i == 0 and sp is None:
            sp = "Jane Doe"
        out += [f"**{sp}:** {stamp}{text}" if sp is not None else f"{stamp}{text}", ""]
    doc = markdown_transcript.parse("\n".join(out), "p.md")
    assert not doc.fatal, doc.problems
    assert words_out(doc) == _expected(cues)
    starts = [s.start for s in doc.episodes[0].transcript]
    assert all(s is None or s >= 0 for s in starts)
