"""Timed transcripts as cues, and `<show>/<episode>/transcript.json` (DESIGN §5, §6).

A cue is one timed segment: its anchor, start and end (seconds), speaker's name and plain text.
`transcript_cues` gives every timed segment an end; `transcript_json` writes the Podcasting 2.0
JSON transcript from them, and generator/captions.py cuts them into WebVTT and SubRip captions.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from generator.model import Episode
from generator.render.anchors import Anchors, compute_anchors
from generator.render.inputs import SpeakerDirectory
from generator.render.markdown import Markdown

WORDS_PER_SECOND = 2.5  # 150 words a minute: the end of a last segment when nothing else says


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 3)


@dataclass(frozen=True)
class Cue:
    id: str
    start: float
    end: float
    speaker: str
    body: str


def transcript_cues(ep: Episode, md: Markdown, speakers: SpeakerDirectory, anchors: Anchors | None = None) -> list[Cue]:
    """Timed segments with an end: the next segment's start, else the duration, else an estimate.

    Segments sharing one timestamp split the time up to the next one by their word counts, so
    every cue has a positive length and cues never overlap."""
    anchors = anchors or compute_anchors(ep)
    timed = [(anchors.segment_ids[i], ep.transcript[i]) for i in anchors.timed_index]
    cues: list[Cue] = []
    k = 0
    while k < len(timed):
        start = timed[k][1].start
        j = k
        while j + 1 < len(timed) and timed[j + 1][1].start == start:
            j += 1
        group = timed[k:j + 1]
        bodies = ["\n".join(t for t in (md.text(p) for p in seg.paragraphs) if t) for _, seg in group]
        words = [max(len(b.split()), 1) for b in bodies]
        nxt = timed[j + 1][1].start if j + 1 < len(timed) else None
        if nxt is not None and nxt > start:
            end = float(nxt)
        elif nxt is None and ep.duration is not None and ep.duration > start:
            end = float(ep.duration)
        else:
            end = start + max(1.0, round(sum(words) / WORDS_PER_SECOND))
        total, acc = sum(words), 0
        for (cue_id, seg), body, w in zip(group, bodies, words):
            s = start + (end - start) * acc / total
            acc += w
            e = start + (end - start) * acc / total
            person = speakers.resolve(seg.speaker, ep.speakers)
            speaker = person.name if person else (seg.speaker or "")
            cues.append(Cue(cue_id or "", round(s, 3), round(e, 3), speaker, body))
        k = j + 1
    return cues


def transcript_json(cues: list[Cue]) -> bytes:
    """One segment a line: readable, and written by the C JSON encoder (indent= is pure Python)."""
    lines = [json.dumps({"speaker": c.speaker, "startTime": _num(c.start), "endTime": _num(c.end), "body": c.body},
                        ensure_ascii=False) for c in cues]
    return ('{"version": "1.0.0", "segments": [\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


__all__ = ["Cue", "WORDS_PER_SECOND", "transcript_cues", "transcript_json"]
