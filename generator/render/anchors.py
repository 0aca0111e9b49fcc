"""The anchors of an episode page (DESIGN §5), computed once and shared by the page, the
chapter table, highlights, feeds and exports.

- timed segment: `t-HH-MM-SS`, a repeated time gets `-2`, `-3` in document order;
- untimed paragraph: `p-N`, 1-based, counting paragraphs of segments without a time;
- a time (chapter or highlight start) belongs to the last timed segment starting at or before
  it, or to the first timed segment when none does;
- each chapter's heading in the transcript: `chapter-<n>-<slug>`, placed right before the segment
  its time belongs to (several chapters in one segment keep their order).
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from generator.model import Episode
from generator.slugs import slugify
from generator.timecode import time_anchor


@dataclass(frozen=True)
class Anchors:
    segment_ids: list[str | None]  # per segment: its t- id, or None for segments without a time
    paragraph_ids: list[list[str | None]]  # per segment, per paragraph: p-N for untimed segments
    chapter_ids: list[str]  # per chapter: the heading id
    chapter_segments: list[int | None]  # per chapter: index of the segment it belongs to (timed only)
    timed_index: list[int]  # indexes of timed segments, document order
    timed_starts: list[int]
    sorted_starts: bool

    def segment_for(self, seconds: int) -> int | None:
        """Index of the segment that contains `seconds`; None without a timed transcript."""
        if not self.timed_index:
            return None
        if self.sorted_starts:
            i = bisect_right(self.timed_starts, seconds) - 1
        else:  # a transcript that goes back in time (the loader warns): last in document order
            i = max((k for k, s in enumerate(self.timed_starts) if s <= seconds), default=-1)
        return self.timed_index[max(i, 0)]

    def id_for(self, seconds: int) -> str | None:
        i = self.segment_for(seconds)
        return self.segment_ids[i] if i is not None else None


def chapter_heading_id(n: int, title: str) -> str:
    return f"chapter-{n}-{slugify(title, max_length=60)}"


def compute_anchors(ep: Episode) -> Anchors:
    seen: Counter = Counter()
    segment_ids: list[str | None] = []
    paragraph_ids: list[list[str | None]] = []
    timed_index: list[int] = []
    timed_starts: list[int] = []
    p = 0
    for i, seg in enumerate(ep.transcript):
        if seg.start is not None:
            base = time_anchor(seg.start)
            seen[base] += 1
            segment_ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
            paragraph_ids.append([None] * len(seg.paragraphs))
            timed_index.append(i)
            timed_starts.append(seg.start)
        else:
            segment_ids.append(None)
            ids: list[str | None] = []
            for _ in seg.paragraphs or [""]:
                p += 1
                ids.append(f"p-{p}")
            paragraph_ids.append(ids)
    anchors = Anchors(segment_ids, paragraph_ids, [chapter_heading_id(n, ch.title) for n, ch in enumerate(ep.chapters, 1)],
                      [], timed_index, timed_starts, timed_starts == sorted(timed_starts))
    anchors.chapter_segments.extend(anchors.segment_for(ch.start) for ch in ep.chapters)
    return anchors
