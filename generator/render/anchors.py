"""The anchors of an episode page (DESIGN §5), computed once and shared by the page, the
chapter table, highlights, feeds and exports.

- timed segment: `t-HH-MM-SS`, a repeated time gets `-2`, `-3` in document order;
- untimed paragraph: `p-N`, 1-based, counting paragraphs of segments without a time;
- a time (chapter or highlight start) belongs to the last timed segment starting at or before
  it, or to the first timed segment when none does;
- each chapter's heading in the transcript: `chapter-<n>-<slug>`; the chapter table's start links
  to the segment its time belongs to. The heading goes right before that segment when the chapter
  starts at (or before) the segment's start; a chapter that starts later, inside a long segment,
  gets its heading inside the segment at the estimated place (`chapter_places`), so the page never
  runs backwards in time. Several chapters in one segment keep their order.
"""
from __future__ import annotations

import re
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


# ------------------------------------------------------------------ chapters inside long segments

@dataclass(frozen=True)
class ChapterPlace:
    """Where a chapter's heading goes on the page.

    `paragraph is None`: right before segment `segment` (the chapter starts at or before it);
    otherwise inside it, before character `char` of paragraph `paragraph` (`paragraph` may equal
    the number of paragraphs: after the last one). An inside place is an estimate (`words`, the
    number of the segment's words before it, and `target`, the estimated word count), made by
    assuming the segment is spoken at an even pace from its start to the next segment's start."""
    segment: int
    paragraph: int | None = None
    char: int = 0
    words: int = 0
    target: float = 0.0

    @property
    def estimated(self) -> bool:
        return self.paragraph is not None


# a sentence ends with . ! ? or … (closing quotes and brackets may follow), then whitespace
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_WORD = re.compile(r"\S+")


def _split_points(paragraphs: list[str]) -> list[tuple[int, int, int]]:
    """(words before, paragraph, char) of every place a heading may go inside a segment: before each
    paragraph, after the last, and after each sentence of a paragraph without Markdown syntax
    (splitting inline Markdown could break emphasis or a link across the cut)."""
    from generator.render.markdown import is_plain

    points: list[tuple[int, int, int]] = []
    before = 0
    for k, text in enumerate(paragraphs):
        points.append((before, k, 0))
        if is_plain(text):
            for m in _SENTENCE_END.finditer(text):
                if m.end() < len(text):
                    points.append((before + len(_WORD.findall(text[:m.end()])), k, m.end()))
        before += len(_WORD.findall(text))
    points.append((before, len(paragraphs), 0))
    return points


def speaking_rate(ep: Episode, anchors: Anchors) -> float | None:
    """Words per second over the timed segments whose end is known (the next segment's start)."""
    words = seconds = 0
    order = anchors.timed_index
    for n, i in enumerate(order[:-1]):
        span = ep.transcript[order[n + 1]].start - ep.transcript[i].start
        if span > 0:
            words += sum(len(_WORD.findall(p)) for p in ep.transcript[i].paragraphs)
            seconds += span
    return words / seconds if words and seconds else None


def chapter_places(ep: Episode, anchors: Anchors) -> list[ChapterPlace | None]:
    """Per chapter: where its heading goes (None without a timed transcript).

    A chapter that starts after the start of the segment containing it is placed inside that
    segment, at the split point (a sentence or paragraph boundary) nearest to the word the
    segment's own pace puts at the chapter's start: words × (chapter start − segment start) /
    (segment end − segment start), the end being the next later segment's start, else the
    episode's duration; without either, the transcript's average pace. Chapters sharing a
    segment keep their order; a page never runs backwards in time."""
    places: list[ChapterPlace | None] = []
    rate: float | None = None
    rate_known = False
    for ch, seg_index in zip(ep.chapters, anchors.chapter_segments):
        if seg_index is None:
            places.append(None)
            continue
        seg = ep.transcript[seg_index]
        if ch.start <= seg.start:
            places.append(ChapterPlace(seg_index))
            continue
        points = _split_points(seg.paragraphs)
        total = points[-1][0]
        end = _segment_end(ep, anchors, seg_index)
        if end is not None and end > seg.start:
            target = total * min(1.0, (ch.start - seg.start) / (end - seg.start))
        else:
            if not rate_known:
                rate, rate_known = speaking_rate(ep, anchors), True
            target = min(float(total), (ch.start - seg.start) * rate) if rate else 0.0
        previous = places[-1] if places and places[-1] is not None and places[-1].segment == seg_index else None
        floor = (previous.paragraph, previous.char) if previous and previous.paragraph is not None else (0, 0)
        allowed = [p for p in points if (p[1], p[2]) >= floor]
        words, para, char = min(allowed, key=lambda p: (abs(p[0] - target), p[0]))
        places.append(ChapterPlace(seg_index, para, char, words, target))
    return places


def _segment_end(ep: Episode, anchors: Anchors, seg_index: int) -> int | None:
    """The start of the first later timed segment that starts later in time, else the duration."""
    start = ep.transcript[seg_index].start
    k = anchors.timed_index.index(seg_index)
    for i in anchors.timed_index[k + 1:]:
        if ep.transcript[i].start > start:
            return ep.transcript[i].start
    return ep.duration if ep.duration and ep.duration > start else None
