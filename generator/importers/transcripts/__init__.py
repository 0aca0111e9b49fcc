"""Transcript importers, one module per format (DESIGN §3a, §4 "Transcript syntax").

Each module has the interface of every importer: a `FORMAT` label, `detect(text) -> float` (a
0..1 score from the document's shape, never its file name) and `parse(text, name) ->
ParsedDocument` (never raises; a document with nothing readable comes back `fatal` with the
reason). Each parse gives one `EpisodeRecord(kind="transcript")` whose segments come from the
one joiner in `cues.py`, so every format is segmented alike: consecutive cues of one speaker
join, a new segment of the same speaker starts about every 30-60 s at a sentence end, and no
word is lost.

- `vtt`: WebVTT (webvtt-py), `<v Name>` voices, `Name:` labels, a header title.
- `subrip`: SRT (srt), also flattened onto one line; `Name:`, `[Name]`, `>> Name:` labels.
- `json_transcript`: Podcasting 2.0 JSON, sentence- or word-level.
- `timed_text`: plain text with `HH:MM:SS` times, in the shapes transcription tools export.
- `markdown_transcript`: `**Name:**` turns with sparse `\\[MM:SS\\]` stamps.
"""
from __future__ import annotations

from generator.importers.transcripts import json_transcript, markdown_transcript, subrip, timed_text, vtt

PARSERS = [vtt, subrip, json_transcript, timed_text, markdown_transcript]

__all__ = ["PARSERS", "json_transcript", "markdown_transcript", "subrip", "timed_text", "vtt"]
