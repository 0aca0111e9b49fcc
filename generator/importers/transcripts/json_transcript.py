"""Podcasting 2.0 JSON transcripts: `{"version": "1.0.0", "segments": [{"speaker", "startTime",
"endTime", "body"}]}`, from sentence-level segments down to one word per segment.

Word-level files are rejoined with spaces, except that a body of punctuation only (`,`, `.`)
attaches to the word before it. A segment without a speaker continues the last speaker.
"""
from __future__ import annotations

import json
import re

from generator.importers.records import ParsedDocument
from generator.importers.transcripts.cues import SourceCue, document, never_raises, strip_bom, valid_time

FORMAT = "JSON transcript"

_PUNCT_ONLY = re.compile(r"[^\w\s]+")
_OPENERS = set("([{“‘\"'¿¡«")


def detect(text: str) -> float:
    head = strip_bom(text[:200]).lstrip()
    if not head.startswith("{"):
        return 0.0
    try:
        data = json.loads(strip_bom(text))
    except (ValueError, RecursionError):
        return 0.1 if '"segments"' in text[:5000] else 0.0
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        return 0.0
    segs = data["segments"]
    if not segs:
        return 0.6
    sample = segs[:50]
    shaped = sum(1 for s in sample if isinstance(s, dict) and "body" in s and ("startTime" in s or "speaker" in s))
    if shaped >= max(1, len(sample) // 2):
        return 0.95
    return 0.3


def _fatal(name: str, reason: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT, fatal=True)
    doc.problems.append(reason)
    return doc


@never_raises("a JSON transcript")
def parse(text: str, name: str) -> ParsedDocument:
    try:
        data = json.loads(strip_bom(text))
    except json.JSONDecodeError as e:
        return _fatal(name, f"line {e.lineno}: invalid JSON: {e.msg} (column {e.colno})")
    except (ValueError, RecursionError) as e:
        return _fatal(name, f"invalid JSON: {e}")
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        return _fatal(name, "not a JSON transcript: no `segments` list")
    problems: list[str] = []
    cues: list[SourceCue] = []
    skipped = untimed = 0
    for seg in data["segments"]:
        if not isinstance(seg, dict) or not isinstance(seg.get("body"), str):
            skipped += 1
            continue
        body = seg["body"]
        speaker = seg.get("speaker")
        speaker = speaker.strip() or None if isinstance(speaker, str) else None
        start = _time(seg.get("startTime"))
        if start is None and "startTime" in seg:
            untimed += 1
        piece = " ".join(body.split())
        if not piece:
            if speaker is not None:
                cues.append(SourceCue(start, _time(seg.get("endTime")), speaker, ""))
            continue
        prev = cues[-1] if cues else None
        if (prev is not None and prev.text and _PUNCT_ONLY.fullmatch(piece) and not body[:1].isspace()
                and (speaker is None or speaker == prev.speaker or prev.speaker is None)
                and not set(piece) <= _OPENERS):
            prev.text += piece  # `.` or `,` after a word: no space before it
            continue
        cues.append(SourceCue(start, _time(seg.get("endTime")), speaker, piece))
    if skipped:
        problems.append(f"{skipped} segment(s) without a text `body` were skipped")
    if untimed:
        problems.append(f"{untimed} segment(s) with an unreadable `startTime` kept without a time")
    return document(name, FORMAT, cues, title=_title(data), problems=problems,
                    empty="the JSON transcript has no segment with text")


_CLOCK = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2}(?:[.,]\d+)?)$")


def _time(value: object) -> float | None:
    """Seconds of a number, a numeric string, or an `HH:MM:SS.mmm` string."""
    if isinstance(value, str):
        m = _CLOCK.match(value.strip())
        try:
            value = (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3).replace(",", "."))
                     if m else float(value))
        except ValueError:
            return None
    return valid_time(value)


def _title(data: dict) -> str | None:
    title = data.get("title")
    return title if isinstance(title, str) and title.strip() else None
