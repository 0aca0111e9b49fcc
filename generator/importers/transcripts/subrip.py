"""SRT (SubRip) transcripts, read with the `srt` library.

Speakers come from a label at the start of a cue line (`Name: text`, `[Name] text`,
`>> Name: text`; a bare `>>` is a new, unnamed speaker), carried forward to the cues after it.
`<i>`-style tags and `{\\an8}` position codes are removed.

Before the library reads it, the text is mended minimally: an SRT flattened onto one line
(`1 00:00:00,000 --> 00:00:04,000 Hello. 2 00:00:04,000 --> ...`) gets its line breaks back;
hour-less times get `00:`; a cue whose end time is missing or cut off gets its start as its
end. What the library still cannot read (a cut-off timing line) is skipped and reported with
its line number.
"""
from __future__ import annotations

import html
import re

from generator.importers.records import ParsedDocument
from generator.importers.transcripts.cues import SourceCue, document, labelled_cues, line_of, never_raises, strip_bom, words_preview

FORMAT = "SRT transcript"

_TS = r"\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3}"
_TS_ANY = r"(?:\d{1,3}:)?\d{1,2}:\d{1,2}[,.]\d{1,3}"
_ARROW = r"\s*-->\s*"
_TIMING_LINE = re.compile(rf"^\s*{_TS_ANY}{_ARROW}{_TS_ANY}(?:\s.*)?$")
_FLAT_TIMING = re.compile(rf"(?:(?<!\S)(?P<index>\d+)\s+)?(?P<start>{_TS_ANY}){_ARROW}(?P<end>{_TS_ANY})")
_HOURLESS = re.compile(rf"^(?P<pre>\s*)(?P<start>{_TS_ANY}){_ARROW}(?P<end>{_TS_ANY})(?P<rest>.*)$")
_START_ONLY = re.compile(rf"^\s*(?P<start>{_TS_ANY}){_ARROW}(?P<end>\S*)\s*$")
_HTML_TAG = re.compile(r"</?(?:i|b|u|s|em|strong|font|span)\b[^<>]*>", re.I)
_POS_CODE = re.compile(r"\{\\[^{}]*\}")
# What a cut-off cue leaves behind inside the cue before it: an index and a partial timing.
_BROKEN_CHUNK = re.compile(r"^\s*(?:\d+\s*\n\s*)?\d{1,3}:[\d:,.]*\s*(?:-->?\s*[\d:,.]*)?\s*$")
_INDEX_ONLY = re.compile(r"^\s*\d+\s*$")


def _flattened(line: str) -> bool:
    """Whether cues were run together on this line: several timings, or an index, a timing
    and the text on one line."""
    found = list(_FLAT_TIMING.finditer(line))
    if len(found) >= 2:
        return True
    return len(found) == 1 and found[0].group("index") is not None and not line[:found[0].start()].strip() \
        and bool(line[found[0].end():].strip())


def detect(text: str) -> float:
    head = strip_bom(text[:4000]).lstrip()
    if head.startswith("WEBVTT"):
        return 0.0
    lines = head.split("\n")
    if any(_flattened(line) for line in lines[:3]):
        return 0.9
    timings = [i for i, line in enumerate(lines[:-1] if len(lines) > 1 else lines) if _TIMING_LINE.match(line)]
    if not timings:
        return 0.0
    first = timings[0]
    before = [line for line in lines[:first] if line.strip()]
    if len(before) <= 1 and all(re.fullmatch(r"\s*\d+\s*", line) for line in before):
        return 0.95 if "," in lines[first] or len(timings) > 1 else 0.8
    return 0.3


@never_raises("SRT")
def parse(text: str, name: str) -> ParsedDocument:
    problems: list[str] = []
    text = strip_bom(text)
    # line numbers of a file that had to be unflattened would mislead: problems then give none
    with_lines = not any(_flattened(line) for line in text.split("\n"))
    if not with_lines:
        text = unflatten(text)
    text = _mend_timings(text, problems, with_lines)
    subs = _read(text, problems, with_lines)
    cues: list[SourceCue] = []
    for n, sub in enumerate(subs):
        content = sub.content.replace("\r\n", "\n")
        chunks = re.split(r"\n\s*\n", content)
        kept = []
        for k, chunk in enumerate(chunks):
            last = n == len(subs) - 1 and k == len(chunks) - 1 and k > 0
            if k > 0 and (_BROKEN_CHUNK.match(chunk) or (last and _INDEX_ONLY.match(chunk))):
                problems.append(f"a cut-off cue after the cue at {sub.start} was dropped: {chunk.strip()!r}")
            else:
                kept.append(chunk)
        body = html.unescape(_POS_CODE.sub("", _HTML_TAG.sub("", "\n".join(kept))))
        start, end = sub.start.total_seconds(), sub.end.total_seconds()
        cues.extend(labelled_cues(body.split("\n"), start, end))
    return document(name, FORMAT, cues, problems=problems, empty="no cue with text found in this SRT file")


def unflatten(text: str) -> str:
    """An SRT whose cues were run together on one line, with its line breaks back: a number
    before a timing is the cue's index when it is the next index in sequence."""
    out: list[str] = []
    for line in text.split("\n"):
        matches = list(_FLAT_TIMING.finditer(line))
        if not _flattened(line):
            out.append(line)
            continue
        pos, expected = 0, None
        for m in matches:
            index = m.group("index")
            if index is not None and expected is not None and int(index) != expected:
                index = None  # a number in the text, not this cue's index
            cut = m.start("index") if index is not None else m.start("start")
            before = line[pos:cut].strip()
            if before:
                out.append(before)
            out.append("")
            if index is not None:
                out.append(index)
                expected = int(index) + 1
            elif expected is not None:
                expected += 1
            out.append(f"{m.group('start')} --> {m.group('end')}")
            pos = m.end()
        rest = line[pos:].strip()
        if rest:
            out.append(rest)
        out.append("")
    return "\n".join(out).lstrip("\n")


def _full(ts: str) -> str:
    return ts if ts.count(":") == 2 else "00:" + ts


def _mend_timings(text: str, problems: list[str], with_lines: bool) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "-->" not in line and "->" not in line:
            continue
        m = _HOURLESS.match(line)
        if m:
            lines[i] = f"{m.group('pre')}{_full(m.group('start'))} --> {_full(m.group('end'))}{m.group('rest')}"
            continue
        s = _START_ONLY.match(line)
        if s:
            start = _full(s.group("start"))
            where = f"line {i + 1}: " if with_lines else ""
            problems.append(f"{where}cue at {start} has no readable end time (cut off?); "
                            "its start is used as its end and its text kept")
            lines[i] = f"{start} --> {start}"
    return "\n".join(lines)


def _read(text: str, problems: list[str], with_lines: bool) -> list:
    """The library's subtitles; data it cannot read is skipped and reported."""
    import srt

    subs: list = []
    pos = 0
    for _ in range(10000):
        try:
            for sub in srt.parse(text[pos:]):
                subs.append(sub)
            break
        except srt.SRTParseError as e:
            bad = text[pos + e.expected_start:pos + e.actual_start]
            where = f"line {line_of(text, pos + e.expected_start + len(bad) - len(bad.lstrip()))}: " \
                if with_lines else ""
            problems.append(f"{where}unreadable SRT text skipped: {words_preview(bad) or repr(bad)!s}")
            if e.actual_start <= e.expected_start:
                break
            pos += e.actual_start
    return subs
