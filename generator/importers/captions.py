"""A caption dump: auto-captions as scraped, one word (or a few) per line, `>>` where the
speaker changes, no timestamps and no speaker names.

It names no episode: the merge stage matches it by the show and people it mentions. Its
text becomes readable paragraphs, one per speaker turn. Without any timestamp to calibrate
against, its timing is declared `none` rather than guessed.
"""
from __future__ import annotations

import re

from generator.importers.records import EpisodeRecord, ParsedDocument, TranscriptSegment
from generator.importers.text import TIME, normalize

FORMAT = "caption dump"

_TURN = re.compile(r"(?m)^\s*>>")
_CUE_TIMING = re.compile(r"\d[\d:.,]{0,15}[ \t]{0,3}-->[ \t]{0,3}\d")  # a subtitle file's cue timing: SRT and WebVTT are not dumps


def detect(text: str) -> float:
    lines = [l for l in normalize(text).split("\n") if l.strip()]
    if len(lines) < 30:
        return 0.0
    short = sum(1 for l in lines if len(l.split()) <= 3) / len(lines)
    if short < 0.8 or re.search(rf"(?m)^\s*\[?{TIME}\]?\s", text) or _CUE_TIMING.search(text):
        return 0.0
    return 0.9 if _TURN.search(text) else 0.6


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    turns = turns_of(normalize(text))
    if not turns:
        doc.problems.append("no caption text found")
        doc.fatal = True
        return doc
    ep = EpisodeRecord(source=name, kind="captions")
    ep.transcript = [TranscriptSegment(None, None, [t]) for t in turns]
    ep.timing = "none"
    ep.mention_text = "\n".join(turns)
    doc.episodes.append(ep)
    return doc


def turns_of(text: str) -> list[str]:
    """Caption lines rejoined into one paragraph per speaker turn (split at `>>`)."""
    return [" ".join(part.split()) for part in re.split(r">>", text) if part.split()]
