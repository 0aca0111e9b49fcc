"""An episode body: description, `## Key insights`, `## Transcript` (DESIGN §4), and the
transcript's segments."""
from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model import Segment
from generator.timecode import parse_time

_SECTION = re.compile(r"^##[ \t]+(key insights|transcript)[ \t]*#*[ \t]*$", re.I | re.M)
_STAMP = re.compile(r"^\[(\d{1,2}(?::\d{1,2}){1,2})\][ \t]*")
_STAMP_LIKE = re.compile(r"^\[(\d[\d:.]*)\]")
_SPEAKER = re.compile(r"^\*\*(?P<name>[^*\n]{1,80}?)(?::\*\*|\*\*:)[ \t]*")


_PARAGRAPH_BRACKET = re.compile(r"(?:\A|\n[ \t]*\n)[ \t\n]*\[([^\]\n]*)\]")
_STAMP_TEXT = re.compile(r"\d{1,2}(?::\d{1,2}){1,2}")
_STAMP_LIKE_TEXT = re.compile(r"\d[\d:.]*")


@dataclass
class BodyParts:
    description: str
    key_insights: str
    transcript_text: str  # Markdown under '## Transcript', parsed into segments only when rendered
    transcript_line: int
    has_timestamps: bool
    problems: list[tuple[int, str, str]]  # (line, message, severity)

    @property
    def transcript(self) -> list[Segment]:
        return parse_transcript(self.transcript_text, self.transcript_line)[0]


def split_sections(body: str, first_line: int) -> tuple[str, str, str, int]:
    """(description, key insights, transcript text, line of the transcript's first line)."""
    sections = {"description": (body, first_line)}
    matches = list(_SECTION.finditer(body))
    if matches:
        sections["description"] = (body[:matches[0].start()], first_line)
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        start = m.end() + 1
        line = first_line + body.count("\n", 0, start)
        sections.setdefault(m.group(1).lower(), (body[start:end], line))
    transcript, t_line = sections.get("transcript", ("", first_line))
    return (sections["description"][0].strip(), sections.get("key insights", ("", 0))[0].strip(),
            transcript, t_line)


# a blank line holds only spaces and tabs (CommonMark's rule, and scan_transcript's)
_BLOCK = re.compile(r"(?:^[ \t]*[^ \t\n][^\n]*(?:\n|\Z))+", re.M)


def _paragraphs(text: str, first_line: int):
    """Yield (line, paragraph) for blank-line separated paragraphs."""
    line, pos = first_line, 0
    for m in _BLOCK.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        yield line, m.group().strip(" \t\n")


def parse_transcript(text: str, first_line: int) -> tuple[list[Segment], list[tuple[int, str, str]]]:
    segments: list[Segment] = []
    problems: list[tuple[int, str, str]] = []
    current: Segment | None = None
    last_start = -1
    for line, para in _paragraphs(text, first_line):
        m = _STAMP.match(para)
        if m is None and _STAMP_LIKE.match(para):
            problems.append((line, f"transcript timestamp {_STAMP_LIKE.match(para).group(0)} is not [H:MM:SS] or [MM:SS]",
                             "error"))
            continue
        if m:
            start = parse_time(m.group(1))
            if start is None:
                problems.append((line, f"transcript timestamp [{m.group(1)}] is not a valid time", "error"))
                continue
            if start < last_start:
                problems.append((line, f"transcript timestamp [{m.group(1)}] goes back in time", "warning"))
            last_start = max(last_start, start)
            rest = para[m.end():]
            speaker, rest = _speaker(rest)
            current = Segment(start=start, speaker=speaker, paragraphs=[rest] if rest else [], line=line)
            segments.append(current)
        elif current is not None and not _SPEAKER.match(para):
            current.paragraphs.append(para)
        else:  # before any stamp, or a bold speaker with no time: a turn of its own (DESIGN §4)
            speaker, rest = _speaker(para)
            turn = Segment(start=None, speaker=speaker, paragraphs=[rest] if rest else [], line=line)
            segments.append(turn)
            if current is not None:
                current = turn  # the paragraphs after it continue this turn
    return segments, problems


def _speaker(text: str) -> tuple[str | None, str]:
    m = _SPEAKER.match(text)
    if not m:
        return None, text
    return m.group("name").strip().rstrip(":").strip(), text[m.end():]


def scan_transcript(text: str, first_line: int) -> tuple[list[tuple[int, str, str]], bool]:
    """The problems parse_transcript would report, and whether there are timestamps, found by
    looking only at the bracket that starts a paragraph: validation without building segments."""
    problems: list[tuple[int, str, str]] = []
    line, pos, last_start, timed = first_line, 0, -1, False
    for m in _PARAGRAPH_BRACKET.finditer(text):
        line += text.count("\n", pos, m.start(1))
        pos = m.start(1)
        inner = m.group(1)
        if _STAMP_TEXT.fullmatch(inner):
            start = parse_time(inner)
            if start is None:
                problems.append((line, f"transcript timestamp [{inner}] is not a valid time", "error"))
                continue
            timed = True
            if start < last_start:
                problems.append((line, f"transcript timestamp [{inner}] goes back in time", "warning"))
            last_start = max(last_start, start)
        elif _STAMP_LIKE_TEXT.fullmatch(inner):
            problems.append((line, f"transcript timestamp [{inner}] is not [H:MM:SS] or [MM:SS]", "error"))
    return problems, timed


def parse_body(body: str, first_line: int) -> BodyParts:
    description, insights, transcript, t_line = split_sections(body, first_line)
    problems, timed = scan_transcript(transcript, t_line)
    return BodyParts(description, insights, transcript, t_line, timed, problems)
