"""A podcast directory's listing page: a show header, episode blocks, an "About" footer.

Shape: each episode block is a title line followed by a `date | duration` line (the anchor
this parser finds blocks by), usually after a bullet line repeating the show's name; then
description lines, chapter lines and sometimes a `Transcript` section of
`HH:MM:SS Speaker Name: text` lines with untimed continuation lines.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from generator.importers import people
from generator.importers.chapter_lines import find_chapters
from generator.importers.records import Block, EpisodeRecord, Moment, ParsedDocument, PersonRecord, TranscriptSegment, ShowRecord
from generator.importers.text import (NAMED_DATE, NUMERIC_DATE, TIME, clean, date_from_parts, find_url,
                                      indent, infer_day_month_order, is_furniture, is_name,
                                      normalize, numeric_parts, parse_duration, parse_named_date, to_seconds)

FORMAT = "podcast listing"

_DATE_LINE = re.compile(rf"^\s*(?P<date>{NUMERIC_DATE.pattern}|{NAMED_DATE.pattern})\s*(?:[|·•]\s*(?P<dur>.*))?$", re.I)
_BULLET = re.compile(r"^\s*[•·*]\s+(?P<text>\S.*)$")
_LIST_ITEM = re.compile(r"^\s*[*•·-]\s+(?P<text>\S.*)$")
_CHAPTER_PAREN = re.compile(rf"^\s*(?:[*•·-]\s*)?\(\s*(?P<t>{TIME})\s*\)\s*(?:[—–-]+\s*)?(?P<title>\S.*)$")
_CHAPTER_BULLET = re.compile(rf"^\s*[*•·-]\s*\[?(?P<t>{TIME})\]?\s*(?:[—–-]+\s*)?(?P<title>\S.*)$")
_CHAPTER_BARE = re.compile(rf"^\s*\[?(?P<t>{TIME})\]?\s*(?:[—–-]+\s*)?(?P<title>\S.*)$")
_SEGMENT = re.compile(rf"^\s*\[?(?P<t>{TIME})\]?\s+(?P<speaker>[^:]{{2,60}}?):\s*(?P<text>.*)$")
_SPEAKER = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}$")
_HEADING = re.compile(r"^(?P<h>chapters|timestamps|transcript|show notes)\s*:?$", re.I)
_TIME_IN = re.compile(rf"(?<![\w:]){TIME}(?![\w:])")
_SPONSOR = re.compile(r"^(?:(?:this episode is |today's episode is )?(?:brought to you by|sponsored by|presented by)|"
                      r"(?:our |today's )?sponsors?\b|thanks to (?:our|today's) sponsors?)", re.I)
_FOOTER = re.compile(r"^more [\w &,-]+ podcasts$", re.I)


def detect(text: str) -> float:
    """Listing pages have `date | duration` lines under bullet-led episode blocks."""
    lines = normalize(text).split("\n")
    dated = sum(1 for i, l in enumerate(lines) if _is_date_line(l) and _prev_text(lines, i) is not None)
    with_duration = sum(1 for l in lines if _is_date_line(l) and _duration(_DATE_LINE.match(l).group("dur")))
    bullets = sum(1 for l in lines if _BULLET.match(l))
    if dated == 0:
        return 0.0
    score = 0.5 + (0.2 if with_duration else 0) + (0.2 if bullets else 0)
    return min(score, 0.95)


def _is_date_line(line: str) -> bool:
    """`02/07/2026 | 1h 22 mins.`, `2026/03/06`, `January 22, 2026 · 49 min | Explicit`."""
    return _DATE_LINE.match(line) is not None


def _duration(rest: str | None) -> int | None:
    """The first `|`-separated field after the date that reads as a duration."""
    for field in re.split(r"[|·•]", rest or ""):
        seconds = parse_duration(field)
        if seconds:
            return seconds
    return None


def _prev_text(lines: list[str], i: int) -> int | None:
    """Index of the nearest non-blank line above i."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j if j >= 0 else None


@dataclass
class _Block:
    bullet: int | None  # line of the bullet repeating the show's name, if any
    title: int
    date: int
    end: int  # exclusive


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    lines = normalize(text).split("\n")
    starts = _starts(lines)
    if not starts:
        doc.problems.append("no episode blocks (a title line followed by a `date | duration` line) found")
        doc.fatal = True
        return doc
    show_title = _show_title(lines, starts)
    blocks = _blocks(lines, starts, show_title)
    header = lines[:blocks[0].bullet if blocks[0].bullet is not None else blocks[0].title]
    show = ShowRecord(title=show_title or "Untitled show", source=name)
    _read_header(header, show)
    _read_footer(lines[blocks[-1].end:], show)
    doc.shows.append(show)

    dates = _read_dates(lines, blocks, doc)
    for block, date in zip(blocks, dates):
        if date is not None:
            doc.episodes.append(_episode(lines, block, name, show, date))
    if not doc.episodes:
        doc.fatal = True
    return doc


def _starts(lines: list[str]) -> list[tuple[int | None, int, int]]:
    """(bullet, title, date line) of each episode block, found by its date line: the title is
    the line above it, the bullet (if any) the line above that."""
    starts = []
    for i, line in enumerate(lines):
        if not _is_date_line(line):
            continue
        t = _prev_text(lines, i)
        if t is None or _is_date_line(lines[t]) or is_furniture(lines[t]) or _BULLET.match(lines[t]):
            continue
        b = _prev_text(lines, t)
        starts.append((b if b is not None and _BULLET.match(lines[b]) else None, t, i))
    return starts


def _blocks(lines: list[str], starts: list[tuple[int | None, int, int]], show_title: str | None) -> list[_Block]:
    """A block runs to the next block or to the page footer."""
    footer = _FOOTER if not show_title else re.compile(
        _FOOTER.pattern + r"|^about\s+" + re.escape(show_title) + r"$", re.I)
    blocks = []
    for k, (bullet, t, d) in enumerate(starts):
        limit = len(lines)
        if k + 1 < len(starts):
            nb, nt, _ = starts[k + 1]
            limit = nb if nb is not None else nt
        blocks.append(_Block(bullet, t, d, _block_end(lines, d + 1, limit, indent(lines[t]), footer)))
    return blocks


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


def _show_title(lines: list[str], starts: list[tuple[int | None, int, int]]) -> str | None:
    """The name the episode bullets repeat; else the page's first heading-like line."""
    bullets = Counter(clean(_BULLET.match(lines[b]).group("text")) for b, _, _ in starts if b is not None)
    if bullets:
        return bullets.most_common(1)[0][0]
    for line in lines[:starts[0][1]]:
        text = clean(line)
        if text and not is_furniture(text) and not text.startswith("Podcasts"):
            return text
    return None


def _read_header(header: list[str], show: ShowRecord) -> None:
    """Breadcrumb ('Podcasts<Category><Show>') gives the category; a name-shaped line the host."""
    for line in header:
        text = clean(line)
        if not text or is_furniture(text) or text == show.title:
            continue
        m = re.fullmatch(r"Podcasts\s*(?P<cat>[A-Z][\w &-]*?)\s*" + re.escape(show.title), text)
        if m:
            show.category = m.group("cat").strip() or None
            continue
        if is_name(text) and not any(h.name == text for h in show.hosts):
            show.hosts.append(PersonRecord(text, "host", strength=3))


def _read_footer(footer: list[str], show: ShowRecord) -> None:
    """'About <show>' and the paragraph under it; a 'More <Category> podcasts' line."""
    about: list[str] = []
    in_about = False
    for line in footer:
        text = clean(line)
        if not text:
            if about:
                in_about = False
            continue
        m = re.fullmatch(r"More ([\w &-]+?) podcasts", text, re.I)
        if m and not show.category:
            show.category = m.group(1)
        if re.fullmatch(r"About\s+.+", text) and not about:
            in_about = True
            continue
        if in_about:
            if is_furniture(text):
                in_about = False
                continue
            about.append(text)
    show.about = "\n\n".join(about)
    show.website = find_url(show.about)
    show.hosts += [p for p in people.from_about(show.about) if not any(h.name == p.name for h in show.hosts)]
    for p in show.hosts:  # what the about text says of a host named in the header
        for q in people.from_about(show.about):
            if q.name == p.name:
                p.affiliation, p.position = p.affiliation or q.affiliation, p.position or q.position


def _read_dates(lines: list[str], blocks: list[_Block], doc: ParsedDocument) -> list:
    """Each block's date, the document's day/month order inferred from all of them together."""
    raw = []
    for b in blocks:
        m = _DATE_LINE.match(lines[b.date])
        raw.append(m.group("date"))
    ambiguous = [p[:3] for p in (numeric_parts(r) for r in raw) if p and not p[3]]
    order, reason = infer_day_month_order(ambiguous) if ambiguous else (None, "")
    if ambiguous and order is None:
        doc.problems.append(f"dates cannot be read: {reason}")
        return [None] * len(blocks)
    out = []
    for b, r in zip(blocks, raw):
        parts = numeric_parts(r)
        date = date_from_parts(parts, order) if parts else parse_named_date(r)
        if date is None:
            doc.problems.append(f"episode {clean(lines[b.title])!r}: date {r!r} is not a real date; episode skipped")
        out.append(date)
    return out


def _episode(lines: list[str], block: _Block, source: str, show: ShowRecord, date) -> EpisodeRecord | None:
    title = clean(lines[block.title])
    duration = _duration(_DATE_LINE.match(lines[block.date]).group("dur"))
    ep = EpisodeRecord(source=source, kind="listing", show=show.title, title=title, date=date, duration=duration)
    body = _Body()
    for line in lines[block.date + 1:block.end]:
        body.feed(line)
    body.other_chapter_shapes()
    ep.description = body.blocks()
    ep.chapters = _unique_starts(body.chapters)
    ep.transcript = body.segments
    ep.timing = "exact" if any(s.start is not None for s in body.segments) else "none"
    desc_text = "\n".join(l for l in body.desc_lines if not _SPONSOR.match(l))  # sponsors are never guests
    speakers = list(dict.fromkeys(s.speaker for s in body.segments if s.speaker))
    confirm = desc_text + "\n" + "\n".join(speakers)
    found = people.from_title(title, confirm) + people.from_description(desc_text)
    found += [PersonRecord(s, None, strength=2) for s in speakers]
    ep.people = found
    ep.mention_text = desc_text + "\n" + "\n".join(p for s in body.segments for p in s.paragraphs)
    return ep


def _unique_starts(chapters: list[Moment]) -> list[Moment]:
    """Ascending, one per start: two chapters at the same second share one entry, both titles kept."""
    by_start: dict[int, list[str]] = {}
    for ch in sorted(chapters, key=lambda c: c.start):
        by_start.setdefault(ch.start, []).append(ch.title)
    return [Moment(start, " / ".join(titles)) for start, titles in by_start.items()]


class _Body:
    """Sorts a block's lines into description, chapters and transcript, line by line."""

    def __init__(self) -> None:
        self.mode = "description"
        self.desc: list[tuple[str, str]] = []  # ("p" | "li", text)
        self.desc_lines: list[str] = []
        self.chapters: list[Moment] = []
        self.segments: list[TranscriptSegment] = []
        self.after_chapter = False  # the previous line was a chapter line

    def feed(self, line: str) -> None:
        text = clean(line)
        if not text or is_furniture(text):
            return
        h = _HEADING.match(text)
        if h:
            word = h.group("h").lower()
            self.mode = {"transcript": "transcript", "chapters": "chapters", "timestamps": "chapters"}.get(word, "description")
            return
        if self.mode == "transcript":
            if self._segment(text):
                return
            if self.segments:
                self.segments[-1].paragraphs.append(text)
                return
        if self.mode == "chapters":
            if self._chapter(text, bare=True):
                return
            self.mode = "description"
        # outside a Transcript heading, '02:10 Ann Lee: how tides work' inside a run of chapter
        # lines is a chapter naming its speaker, not the start of a transcript
        if not self.segments and not self.after_chapter and self._segment(text, strict=True):
            self.mode = "transcript"
            return
        if self._chapter(text, bare=True):
            return
        self.after_chapter = False
        item = _LIST_ITEM.match(text)
        self.desc.append(("li", item.group("text")) if item else ("p", text))
        self.desc_lines.append(item.group("text") if item else text)

    def _chapter(self, text: str, bare: bool) -> bool:
        m = _CHAPTER_PAREN.match(text) or _CHAPTER_BULLET.match(text) or (_CHAPTER_BARE.match(text) if bare else None)
        if not m:
            return False
        start = to_seconds(m.group("t"))
        if start is None:
            return False
        several = find_chapters([text]).chapters if _TIME_IN.search(m.group("title")) else []
        self.chapters += several if len(several) > 1 else [Moment(start, m.group("title").strip())]  # run together
        self.after_chapter = True
        return True

    def _segment(self, text: str, strict: bool = False) -> bool:
        """A timed transcript line. Outside a Transcript section (strict) the speaker must look
        like a person's name, so that '00:00 Intro: …' stays a chapter-ish line."""
        m = _SEGMENT.match(text)
        if not m:
            return False
        start = to_seconds(m.group("t"))
        speaker = m.group("speaker").strip()
        if start is None or not _SPEAKER.match(speaker) or (strict and not is_name(speaker)):
            return False
        para = m.group("text").strip()
        self.segments.append(TranscriptSegment(start, speaker, [para] if para else []))
        return True

    def other_chapter_shapes(self) -> None:
        """Chapter lists this parser's own line patterns do not read (title first, en dashes, several
        run together on one line, `[HH:MM:SS]` squashed): found in the description by chapter_lines,
        and only when no chapter was found line by line."""
        if self.chapters or not self.desc:
            return
        scan = find_chapters([text for _, text in self.desc])
        if not scan.chapters:
            return
        self.chapters = list(scan.chapters)
        self.desc = [d for i, d in enumerate(self.desc) if i not in scan.lines]
        self.desc_lines = [d for i, d in enumerate(self.desc_lines) if i not in scan.lines]

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        for kind, text in self.desc:
            if kind == "li":
                if out and out[-1].kind == "ul":
                    out[-1].items.append(text)
                else:
                    out.append(Block("ul", items=[text]))
            else:
                out.append(Block("p", text))
        return out
