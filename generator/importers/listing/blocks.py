"""Finding a listing page's episode blocks: its date lines, their titles (above or below, by the
layout most blocks agree on), the head lines that open each block (a bullet repeating the show's
name, button labels, artefacts) and where each block's text ends."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.importers.listing.lines import (ABOUT, BULLET, FOOTER, PAGE_END, TIME_IN, date_line, duration_line,
                                               title_score)
from generator.importers.summary_vocabulary import section_key
from generator.importers.text import RELATIVE_DATE, clean, indent, is_artefact, is_button, is_furniture


@dataclass
class EpisodeBlock:
    bullet: int | None  # the bullet repeating the show's name, if any
    head: int  # first line of the block: the bullet or other head line, else the title or date line
    title: int
    date: int
    raw: str  # the date as written
    duration: int | None
    end: int  # exclusive


@dataclass
class FoundBlocks:
    anchors: list[int]
    blocks: list[EpisodeBlock]
    repeated: set[str]
    layout: str
    summary_headings: bool


_SUMMARY_KINDS = {"summary", "insights", "highlights", "facts", "quotes"}  # summary_vocabulary.SECTIONS kinds


_LAST: list = [None, None]  # (text, FoundBlocks) of the last page read: detect, near_miss and parse read the same


def find_blocks(lines: list[str]) -> FoundBlocks:
    """The page's episode blocks: date lines, their titles (above or below, by the layout most
    blocks agree on) and the head lines (bullet, show name, artefacts) that open each block."""
    key = "\n".join(lines)
    if _LAST[0] is not None and _LAST[0] == key:
        return _LAST[1]
    found = _scan(lines, [clean(l) for l in lines])
    _LAST[:] = [key, found]
    return found


def _scan(lines: list[str], texts: list[str]) -> FoundBlocks:
    stop = next((i for i, t in enumerate(texts) if PAGE_END.match(t)), len(lines))
    summary_headings = any(section_key(t) in _SUMMARY_KINDS for t in texts[:stop] if len(t) <= 80)
    metas: dict[int, tuple[str, int | None]] = {}
    anchors: list[int] = []
    for i in range(stop):
        meta = date_line(texts[i])
        if meta is None:
            continue
        metas[i] = meta
        p = _prev_text(lines, i)
        if p is not None and p in metas:
            continue  # a second date line under the first belongs to it
        anchors.append(i)
    if not anchors:
        return FoundBlocks([], [], set(), "above", summary_headings)
    repeated = _repeated(texts, anchors, metas)

    def junk(i: int) -> bool:
        text = texts[i]
        if not text:
            return True
        bare = _bullet_text(text)
        return bare in repeated or is_furniture(text) or is_artefact(text) or is_button(text) \
            or bool(RELATIVE_DATE.match(bare))

    def walk(i: int, step: int, limit: int) -> int | None:
        """The first line from i (moving by step, not reaching limit) that is not junk or a duration."""
        seen = 0
        while i != limit and 0 <= i < len(lines):
            if i in metas:
                return None
            text = texts[i]
            if text and not junk(i) and not duration_line(text):
                return i
            seen += 1 if text else 0
            if seen > 6:
                return None
            i += step
        return None

    above, below = [], []
    for k, a in enumerate(anchors):
        lo = anchors[k - 1] if k else -1
        hi = anchors[k + 1] if k + 1 < len(anchors) else stop
        t = walk(a - 1, -1, lo)
        above.append(t if t is not None and not BULLET.match(lines[t]) else None)
        below.append(walk(a + 1, 1, hi))
    score_above = sum(title_score(texts[t]) for t in above if t is not None)
    score_below = sum(title_score(texts[t]) for t in below if t is not None)
    layout = "below" if score_below > score_above + 0.25 else "above"
    titles = below if layout == "below" else above

    starts = []
    for a, t in zip(anchors, titles):
        if t is None or title_score(texts[t]) == 0.0:
            continue
        top = min(a, t)
        bullet, head = None, top
        floor = max(starts[-1][2], starts[-1][3]) if starts else -1
        j = top - 1
        while j > floor and j not in metas:
            if not lines[j].strip():
                j -= 1
                continue
            if BULLET.match(lines[j]) and (junk(j) or len(anchors) < 2):
                bullet = head = j  # the bullet repeating the show's name opens the block
                break
            if not junk(j):
                break
            head = j
            j -= 1
        starts.append((bullet, head, t, a))
    blocks = []
    for k, (bullet, head, t, a) in enumerate(starts):
        limit = starts[k + 1][1] if k + 1 < len(starts) else len(lines)
        raw, duration = metas[a]
        blocks.append(EpisodeBlock(bullet, head, t, a, raw, duration, limit))
    return FoundBlocks(anchors, blocks, repeated, layout, summary_headings)


def _bullet_text(text: str) -> str:
    m = BULLET.match(text)
    return clean(m.group("text")) if m else text


def _repeated(texts: list[str], anchors: list[int], metas: dict) -> set[str]:
    """Short lines met next to most date lines (the show's name, a site's labels): never titles."""
    if len(anchors) < 2:
        return set()
    where: dict[str, set[int]] = {}  # text -> the distinct lines it stands on
    for k, a in enumerate(anchors):
        lo = anchors[k - 1] if k else -1
        hi = anchors[k + 1] if k + 1 < len(anchors) else len(texts)
        for step, room, limit in ((-1, 4, lo), (1, 2, hi)):
            i, seen = a + step, 0
            while i != limit and 0 <= i < len(texts) and seen < room:
                text = texts[i]
                if text:
                    seen += 1
                    bare = _bullet_text(text)
                    if i not in metas and len(bare) <= 80 and not bare.endswith(".") and not TIME_IN.search(bare):
                        where.setdefault(bare, set()).add(i)
                i += step
    need = max(2, (len(anchors) + 1) // 2)
    return {text for text, at in where.items() if len(at) >= need}


def _prev_text(lines: list[str], i: int) -> int | None:
    """Index of the nearest non-blank line above i."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j if j >= 0 else None


def blocks_to_footer(lines: list[str], found: list[EpisodeBlock], show_title: str | None) -> list[EpisodeBlock]:
    """A block runs to the next block or to the page footer."""
    footer = FOOTER if not show_title else re.compile(
        FOOTER.pattern + rf"|^{ABOUT}\s+" + re.escape(show_title) + r"$", re.I)
    out = []
    for b in found:  # copies: the blocks found are cached for the next call on the same page
        start = max(b.title, b.date) + 1
        out.append(replace(b, end=_block_end(lines, start, b.end, indent(lines[b.title]), footer)))
    return out


def _block_end(lines: list[str], start: int, limit: int, body_indent: int, footer: re.Pattern) -> int:
    """Where a block's text stops: the next block, a footer line, or (for an indented block)
    the first line back at the left margin."""
    for i in range(start, limit):
        line = lines[i]
        if not line.strip():
            continue
        if body_indent > 0 and indent(line) < min(body_indent, 2):
            return i
        if footer.match(clean(line)):
            return i
    return limit
