"""WebVTT transcripts, read with the webvtt-py library.

Speakers come from voice spans (`<v Name>`, `<v.loud Name>`, several in one cue), from a
`Name:` label at the start of a cue line, or not at all; a cue without one continues the last
speaker. Styling tags (`<i>`, `<b>`, `<c.x>`, inline `<00:00:01.000>` timestamps) are removed and
character references (`&amp;`) read. The header's text (`WEBVTT - Some title`) is the title.

The library skips cue blocks it cannot read without saying so; before handing it the text, a
cue whose end time is missing or cut off gets its start as its end (its words are kept), a cue
whose start cannot be read is dropped, and both are reported with their line numbers.
"""
from __future__ import annotations

import html
import re

from generator.importers.records import ParsedDocument
from generator.importers.transcripts.cues import SourceCue, document, labelled_cues, never_raises, strip_bom, words_preview

FORMAT = "WebVTT transcript"

_TS = r"(?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*(?P<start>{_TS})\s*-->\s*(?P<end>{_TS})(?P<settings>(?:\s.*)?)$")
_START_ONLY = re.compile(rf"^\s*(?P<start>{_TS})\s*-->")
_TAG = re.compile(r"<([^<>\n]*)>")
_VOICE = re.compile(r"^v(?:\.[\w-]+)*\s+(?P<name>[^>]*\S)\s*$")
_HEADER = re.compile(r"^WEBVTT(?=[ \t\n]|$)")


def detect(text: str) -> float:
    head = strip_bom(text[:2000]).lstrip()
    if not _HEADER.match(head):
        return 0.0
    return 0.95 if "-->" in text else 0.7


@never_raises("WebVTT")
def parse(text: str, name: str) -> ParsedDocument:
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    problems: list[str] = []
    repaired, blocks = _repair(strip_bom(text), problems)
    if repaired is None:
        doc = ParsedDocument(source=name, format=FORMAT, fatal=True)
        doc.problems.append("line 1: no `WEBVTT` header: not a WebVTT file")
        return doc
    try:
        vtt = webvtt.from_string(repaired)
    except (MalformedFileError, MalformedCaptionError, ValueError) as e:
        doc = ParsedDocument(source=name, format=FORMAT, fatal=True)
        doc.problems.append(f"not a readable WebVTT file: {e}")
        return doc
    if len(vtt.captions) < blocks:
        problems.append(f"{blocks - len(vtt.captions)} cue(s) with an invalid time were skipped")
    title = vtt.header_text.strip().lstrip("-–—:").strip() or None
    if title and title.upper() == "FILE":  # `WEBVTT FILE`, an old spelling of the bare header
        title = None
    cues: list[SourceCue] = []
    for caption in vtt.captions:
        start = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        cues.extend(_cues_of("\n".join(caption.lines), start, end))
    return document(name, FORMAT, cues, title=title, problems=problems,
                    empty="no cue with text found in this WebVTT file")


def _cues_of(raw: str, start: float, end: float) -> list[SourceCue]:
    """The cues of one caption: split where a voice span changes the speaker; without voice
    spans, at `Name:` labels that lead a line."""
    pieces: list[tuple[str | None, str]] = []  # (voice or None, text)
    voice, buf, voiced, pos = None, [], False, 0
    for m in _TAG.finditer(raw):
        buf.append(raw[pos:m.start()])
        pos = m.end()
        v = _VOICE.match(m.group(1).strip())
        if v:
            pieces.append((voice, "".join(buf)))
            voice, buf, voiced = v.group("name"), [], True
    buf.append(raw[pos:])
    pieces.append((voice, "".join(buf)))
    if not voiced:
        return labelled_cues(html.unescape(raw_text(raw)).split("\n"), start, end)
    out = []
    for name, piece in pieces:
        piece = html.unescape(piece)
        if name is not None or piece.strip():
            out.append(SourceCue(start, end, html.unescape(name) if name else None, piece))
    return out


def raw_text(raw: str) -> str:
    return _TAG.sub("", raw)


def _repair(text: str, problems: list[str]) -> tuple[str | None, int]:
    """The text the library can read, and how many cue blocks it holds: leading blank lines
    dropped, comma decimals read as dots, cut-off cues mended or dropped (each reported)."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines or not _HEADER.match(lines[0].strip()):
        return None, 0
    lines[0] = lines[0].strip()
    lines = ["" if not line.strip() else line for line in lines]
    out: list[str] = []
    blocks = 0
    i, offset = 0, len(text.split("\n")) - len(lines)
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j]:
            j += 1
        block = lines[i:j]
        if i > 0 and block:
            block, kept = _repair_block(block, i + offset + 1, problems)
            blocks += kept
        out.extend(block)
        out.extend(lines[j:j + 1])
        i = j + 1
    return "\n".join(out) + "\n", blocks


def _repair_block(block: list[str], lineno: int, problems: list[str]) -> tuple[list[str], int]:
    at = next((k for k in range(min(2, len(block))) if "-->" in block[k]), None)
    if at is None:
        if not re.match(r"(?:NOTE|STYLE|REGION)(?:\s|$)", block[0]):
            problems.append(f"line {lineno}: text outside any cue ignored: {words_preview(raw_text(' '.join(block)))}")
        return block, 0
    line = block[at]
    m = _TIMING.match(line)
    if m:
        if "," in m.group("start") + m.group("end"):
            block = block[:at] + [f"{m.group('start').replace(',', '.')} --> {m.group('end').replace(',', '.')}"
                                  f"{m.group('settings')}"] + block[at + 1:]
        return block, 1
    s = _START_ONLY.match(line)
    if s:
        start = s.group("start").replace(",", ".")
        problems.append(f"line {lineno + at}: cue has no readable end time (cut off?); "
                        "its start is used as its end and its text kept")
        return block[:at] + [f"{start} --> {start}"] + block[at + 1:], 1
    text = " ".join(block[at + 1:])
    problems.append(f"line {lineno + at}: unreadable cue timing {line.strip()!r}; the cue was dropped"
                    + (f" (text: {words_preview(raw_text(text))})" if text.strip() else ""))
    return [], 0
