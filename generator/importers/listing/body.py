"""An episode block's text sorted into description, chapters (in the line shapes listings use,
else any chapter_lines reads) and a transcript of `HH:MM:SS Speaker Name: text` lines; and the
episode record read from the block."""
from __future__ import annotations

import re

from generator.importers import people
from generator.importers.chapter_lines import find_chapters
from generator.importers.listing.blocks import EpisodeBlock
from generator.importers.listing.lines import HEADING, LIST_ITEM, TIME_IN, duration_line
from generator.importers.records import Block, EpisodeRecord, PersonRecord, ShowRecord, TimedTitle, TranscriptSegment
from generator.importers.text import TIME, clean, is_furniture, is_name, to_seconds


_CHAPTER_PAREN = re.compile(rf"^\s*(?:[*•·-]\s*)?\(\s*(?P<t>{TIME})\s*\)\s*(?:[—–-]+\s*)?(?P<title>\S.*)$")
_CHAPTER_BULLET = re.compile(rf"^\s*[*•·-]\s*\[?(?P<t>{TIME})\]?\s*(?:[—–-]+\s*)?(?P<title>\S.*)$")
_CHAPTER_BARE = re.compile(rf"^\s*\[?(?P<t>{TIME})\]?\s*(?:[—–-]+\s*)?(?P<title>\S.*)$")
_SEGMENT = re.compile(rf"^\s*\[?(?P<t>{TIME})\]?\s+(?P<speaker>[^:]{{2,60}}?):\s*(?P<text>.*)$")
_SPEAKER = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}$")
_HEADING_MODE = {"transcript": "transcript", "transkript": "transcript", "transcription": "transcript",
                 "transcripción": "transcript", "trascrizione": "transcript", "chapters": "chapters",
                 "timestamps": "chapters", "kapitel": "chapters", "zeitmarken": "chapters", "chapitres": "chapters",
                 "capítulos": "chapters", "capitoli": "chapters"}
_SPONSOR = re.compile(r"^(?:(?:this episode is |today's episode is )?(?:brought to you by|sponsored by|presented by)|"
                      r"(?:our |today's )?sponsors?\b|thanks to (?:our|today's) sponsors?|"
                      r"(?:diese folge )?(?:wird )?(?:präsentiert|gesponsert|unterstützt) von|werbepartner|"
                      r"sponsoris[ée]+ par|en partenariat avec|merci à notre sponsor|"
                      r"patrocinado por|gracias a nuestro patrocinador|con el apoyo de)", re.I)


def read_episode(lines: list[str], block: EpisodeBlock, source: str, show: ShowRecord, date) -> EpisodeRecord | None:
    title = clean(lines[block.title])
    duration = block.duration
    for line in lines[min(block.title, block.date) + 1:max(block.title, block.date)]:
        duration = duration or duration_line(clean(line))
    ep = EpisodeRecord(source=source, kind="listing", show=show.title, title=title, date=date)
    body = _Body(want_duration=duration is None)
    for line in lines[max(block.title, block.date) + 1:block.end]:
        body.feed(line)
    body.other_chapter_shapes()
    ep.duration = duration or body.duration
    ep.description = body.blocks()
    ep.chapters = _unique_starts(body.chapters)
    ep.transcript = body.segments
    ep.timing = "exact" if any(s.start is not None for s in body.segments) else "none"
    sponsors = [l for l in body.desc_lines if _SPONSOR.match(l)]
    desc_text = "\n".join(l for l in body.desc_lines if not _SPONSOR.match(l))  # sponsors are never guests
    speakers = list(dict.fromkeys(s.speaker for s in body.segments if s.speaker))
    confirm = desc_text + "\n" + "\n".join(speakers)
    found = people.from_title(title, confirm) + people.from_description(desc_text)
    found += [PersonRecord(s, None, strength=2) for s in speakers]
    ep.people = [p for p in found if not any(p.name in line for line in sponsors)]
    ep.mention_text = desc_text + "\n" + "\n".join(p for s in body.segments for p in s.paragraphs)
    return ep


def _unique_starts(chapters: list[TimedTitle]) -> list[TimedTitle]:
    """Ascending, one per start: two chapters at the same second share one entry, both titles kept."""
    by_start: dict[int, list[str]] = {}
    for ch in sorted(chapters, key=lambda c: c.start):
        by_start.setdefault(ch.start, []).append(ch.title)
    return [TimedTitle(start, " / ".join(titles)) for start, titles in by_start.items()]


class _Body:
    """Sorts a block's lines into description, chapters and transcript, line by line."""

    def __init__(self, want_duration: bool = False) -> None:
        self.mode = "description"
        self.desc: list[tuple[str, str]] = []  # ("p" | "li", text)
        self.desc_lines: list[str] = []
        self.chapters: list[TimedTitle] = []
        self.segments: list[TranscriptSegment] = []
        self.after_chapter = False  # the previous line was a chapter line
        self.want_duration = want_duration  # the date line gave none: a `49m` line in the block gives it
        self.duration: int | None = None

    def feed(self, line: str) -> None:
        text = clean(line)
        if not text or is_furniture(text):
            return
        if self.mode == "transcript":
            self._feed(text)
            return
        for part in _unsquash(text):
            self._feed(part)

    def _feed(self, text: str) -> None:
        h = HEADING.match(text)
        if h:
            self.mode = _HEADING_MODE.get(h.group("h").lower(), "description")
            return
        if self.mode == "transcript":
            if self._segment(text):
                return
            if self.segments:
                self.segments[-1].paragraphs.append(text)
                return
        if self.want_duration and self.duration is None and not TIME_IN.match(text):
            seconds = duration_line(text)
            if seconds:
                self.duration = seconds
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
        item = LIST_ITEM.match(text)
        self.desc.append(("li", item.group("text")) if item else ("p", text))
        self.desc_lines.append(item.group("text") if item else text)

    def _chapter(self, text: str, bare: bool) -> bool:
        m = _CHAPTER_PAREN.match(text) or _CHAPTER_BULLET.match(text) or (_CHAPTER_BARE.match(text) if bare else None)
        if not m:
            return False
        start = to_seconds(m.group("t"))
        if start is None:
            return False
        several = find_chapters([text]).chapters if TIME_IN.search(m.group("title")) else []
        self.chapters += several if len(several) > 1 else [TimedTitle(start, m.group("title").strip())]  # run together
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


_GLUED = re.compile(r"(?<=[^\W\d_?!.,;:)\]])(?=\d{1,2}:\d{2}(?::\d{2})?(?![\d:]))|(?<=[?!.,;)\]])(?=\d{1,2}:\d{2}(?::\d{2})?(?![\d:]))")
_FIRST_ZERO = re.compile(r"[(\[]?\s*0{1,2}:00(?::00)?\s*[)\]]?(?![\d:])")


def _unsquash(text: str) -> list[str]:
    """A line whose chapter list lost its line breaks: times glued to the title before them
    (`Intro01:33 Next`), or the whole list glued to the end of a paragraph
    (`…headed.(00:00) — Cold open(01:33) — …`). Returns the paragraph and the chapter run as
    separate lines, spaced so that chapter_lines splits the run into one chapter each; any
    other line comes back as it is."""
    if text.count(":") < 2 or len(text) > 20000:
        return [text]
    fixed = _GLUED.sub(" ", text)
    lead = _FIRST_ZERO.search(fixed)
    prefix, run = "", fixed
    if lead and lead.start() > 0:
        prefix, run = fixed[:lead.start()].rstrip(), fixed[lead.start():]
    if fixed == text and not prefix:
        return [text]
    if len(find_chapters([run]).chapters) < 2:
        return [text]
    return [prefix, run] if prefix else [run]
