"""Chapter lines inside free text: a feed item's description (HTML already turned into
Markdown by markdownify), another site's Markdown show notes, a listing page's text.

Shapes recognised, each as a plain line, a list item (`-`, `*`, `+`, `•`, `1.`), a heading, or
Markdown-escaped the way markdownify escapes (`\\[00:00\\]`, `\\(00:00\\)`, `00:00 \\- Title`):

* time first: `(MM:SS) Title`, `(00:00) — Title`, `[HH:MM:SS] Title`, `00:12:30 Title`,
  `H:MM:SS – Title` (hyphen, en dash, em dash, colon or nothing between time and title),
  `**00:12:30** Title`, `**[MM:SS](#t=MM:SS)** Title`, `[12:34](https://…&t=754s) Title`,
  and a range `00:00 - 05:00 Title` (the second time is the chapter's end, not a chapter);
* title first: `Title: HH:MM:SS`, `Title - 12:34`, `Title — 12:34`, `Title (12:34)`, `Title [12:34]`
  (a hyphen must have a space before it, so `call 555-12:30` is not a chapter);
* several on one line: `00:00 Intro 02:29 Sponsors`, `(00:00) Intro (02:29) Sponsors`,
  `[00:00:00] Intro[00:05:10] Next` (a bracketed time always starts a new chapter; a bare one
  only after a space or separator and not after `at`, `from`, `to`, `until`, … as in prose);
* a line ending in a Markdown hard break (two spaces or `\\`, markdownify's `<br>`).

What is not a chapter: a time inside prose (a line is a chapter line only when a time leads
or ends it as above); clock times (`10:00 AM`, `3:30pm`, `9:00 UTC`); a time that is not one
(seconds >= 60, or minutes >= 60 when hours are given); a line whose title is empty or longer
than 300 characters (a paragraph, not a chapter); a nested bullet that is only a link and sits
under a chapter item (`  * [A link](https://…)`); lines inside fenced code.

The list rule: the candidates are read in document order and kept while their starts rise;
a candidate that starts before the last kept one breaks the order and is dropped (it stays in
the body); one that starts at a second already kept is a duplicate (the first title wins; the
line is still a chapter line, so a list given twice is removed twice). So the ascending run that
starts first is kept. There are chapters only when at least two survive and no more candidates
were dropped than kept (otherwise the times are unrelated, not a list).

Every pattern here is linear: no nested quantifiers that can backtrack, and the separators
around titles are trimmed with `str.strip`, not with regexes anchored at the end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importers.records import TimedTitle
from generator.importers.text import to_seconds

MAX_TITLE = 300  # a longer "title" is a paragraph that happens to start with a time

# ---------------------------------------------------------------- cleaning one line

_ESCAPABLE = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_PUA = 0xE000  # escaped punctuation is parked in the private use area while links are read
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_RESTORE = {_PUA + i: c for i, c in enumerate(_ESCAPABLE)}

_MARKER = re.compile(r"(?:[-*+•·▪◦‣]|\\[-*+]|\d{1,3}\\?[.)])\s+")
_HEADING = re.compile(r"#{1,6}\s+")
_QUOTE = re.compile(r">\s?")
_URL = r"\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
_LINK = re.compile(r"!?\[([^\[\]]*)\]" + _URL)
_ONLY_LINK = re.compile(r"(?:\*\*|__)?!?\[[^\[\]]*\]" + _URL + r"(?:\*\*|__)?")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_STRONG = re.compile(r"\*\*|__|~~|`|\*")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def _protect(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(_PUA + _ESCAPABLE.index(m.group(1))), text)


def _plain(text: str) -> str:
    """Markdown made plain: link text kept, emphasis, code ticks, tags and escapes removed."""
    text = _protect(text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub("", text)
    text = _STRONG.sub("", text)
    text = _UNDERSCORE.sub("", text)
    return " ".join(text.translate(_RESTORE).split())


@dataclass
class _Line:
    indent: int
    text: str  # plain text without bullet, heading marks or hard break
    only_link: bool  # the line (after its bullet) is a single link and nothing else


def _strip_break(line: str) -> str:
    """Without the Markdown hard break markdownify writes for `<br>` (two spaces or `\\`)."""
    line = line.rstrip()
    if line.endswith("\\") and (len(line) - len(line.rstrip("\\"))) % 2 == 1:
        line = line[:-1].rstrip()
    return line


def _prepare(raw: object) -> _Line:
    line = raw if isinstance(raw, str) else ""
    line = line.replace("\n", " ").replace("\r", " ").replace("\t", "    ")
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    line = _strip_break(line)
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    m = _QUOTE.match(body)
    if m:
        body = body[m.end():]
    m = _HEADING.match(body) or _MARKER.match(body)
    if m:
        body = body[m.end():]
    return _Line(indent, _plain(body), bool(_ONLY_LINK.fullmatch(_protect(body).strip())))


# ---------------------------------------------------------------- times on a line

_T = r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d{1,3})?"
_TOKEN = re.compile(rf"\[ ?(?P<b>{_T}) ?\]|\( ?(?P<p>{_T}) ?\)|(?<![\w:.,/@#$=+])(?P<t>{_T})(?!\w|:\d|\.\d)")
_CLOCK = re.compile(r" ?(?:[ap]\.?m\b|[AP]\.?M\b|[ap]\.m\.|[AP]\.M\.|UTC\b|GMT\b|[ECMP][SD]T\b|[ECMP]T(?!\s*\w))")
_LEAD = re.compile(r"[^\w\s\[(]{0,3} ?")
_RANGE = re.compile(r"\s*(?:[-–—~]|to)?\s*")
_PROSE_WORDS = {"at", "from", "to", "until", "till", "by", "around", "about", "after", "before", "since",
                "between", "and", "or", "@", "~", "is", "was", "of", "approx", "approximately"}
_TRIM = " \t-–—:|·•~,;/>)]"
_TRIM_END = " \t-–—:|·•~,;/([>"


@dataclass
class _Token:
    start: int
    end: int
    seconds: int | None
    bracketed: bool


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(text):
        stamp = m.group("b") or m.group("p") or m.group("t")
        out.append(_Token(m.start(), m.end(), to_seconds(stamp.split(".")[0]), bool(m.group("b") or m.group("p"))))
    return out


def _title(text: str) -> str | None:
    title = " ".join(text.split()).lstrip(_TRIM).rstrip(_TRIM_END)
    if not title or len(title) > MAX_TITLE or not re.search(r"\w", title):
        return None
    return title


def _is_clock(text: str, tok: _Token) -> bool:
    return not tok.bracketed and bool(_CLOCK.match(text, tok.end))


def _splits_lead(text: str, tok: _Token) -> bool:
    """Whether a time inside a time-first line starts another chapter run together with it."""
    if tok.seconds is None or _is_clock(text, tok):
        return False
    if tok.bracketed:
        return True
    before = text[max(0, tok.start - 40):tok.start]
    if not before or not (before[-1].isspace() or before[-1] in "|;,•·–—-"):
        return False
    if before[-1] == "-" and not before[:-1].endswith(" "):
        return False  # 555-12:30
    after = text[tok.end:tok.end + 1]
    if after and not (after.isspace() or after in "-–—|:"):
        return False  # "(see 12:30)"
    words = before[-40:].split()
    return not (words and words[-1].lower().strip("(,;") in _PROSE_WORDS)


def _lead(text: str, toks: list[_Token]) -> list[tuple[int, str]]:
    first = toks[0]
    if first.seconds is None or _is_clock(text, first):
        return []
    # a time right after another (only a dash, "to" or nothing between) is the end of a range
    starts: list[tuple[_Token, int]] = []  # (start token, where its title begins)
    current, title_from = first, first.end
    for tok in toks[1:]:
        if title_from == current.end and tok.start - title_from <= 6 and tok.seconds is not None \
                and _RANGE.fullmatch(text, title_from, tok.start) and not _is_clock(text, tok):
            title_from = tok.end
            continue
        if _splits_lead(text, tok):
            starts.append((current, title_from))
            current, title_from = tok, tok.end
    starts.append((current, title_from))
    out = []
    for i, (tok, begin) in enumerate(starts):
        end = starts[i + 1][0].start if i + 1 < len(starts) else len(text)
        title = _title(text[begin:end])
        if title is not None and tok.seconds is not None:
            out.append((tok.seconds, title))
    return out


def _trail_sep(before: str) -> bool:
    """The separator between a title and the time that ends it: `Title - 12:34`, `Title: 12:34`,
    `Title—12:34`; never a hyphen glued to a word (`555-12:30`) or a bare space (prose)."""
    stripped = before.rstrip()  # `before` is the 3 characters before the time
    if not stripped:
        return False
    last = stripped[-1]
    if last == ":" or last in "–—|":
        return True
    return last == "-" and (len(stripped) == 1 and len(before) < 3 or len(stripped) > 1 and stripped[-2].isspace())


def _trail(text: str, toks: list[_Token]) -> list[tuple[int, str]]:
    splits = [t for t in toks if t.seconds is not None and (t.bracketed or _trail_sep(text[max(0, t.start - 3):t.start]))]
    if not splits or splits[-1] is not toks[-1] or splits[-1].end != len(text):
        return []
    out, begin = [], 0
    for tok in splits:
        title = _title(text[begin:tok.start])
        begin = tok.end
        if title is not None and tok.seconds is not None:
            out.append((tok.seconds, title))
    return out


def _line_chapters(text: str) -> list[tuple[int, str]]:
    if ":" not in text:
        return []
    toks = _tokens(text)
    if not toks:
        return []
    lead = _LEAD.match(text)
    if toks[0].start == (lead.end() if lead else 0) or toks[0].start == 0:
        return _lead(text, toks)
    if toks[-1].end == len(text):
        return _trail(text, toks)
    return []


# ---------------------------------------------------------------- the whole text

@dataclass
class ChapterScan:
    chapters: list[TimedTitle] = field(default_factory=list)  # ascending unique starts, titles cleaned
    lines: set[int] = field(default_factory=set)  # indexes of the input lines that were chapter lines


_FENCE = re.compile(r"\s{0,3}(?:```|~~~)")


def find_chapters(lines: list[str]) -> ChapterScan:
    """The chapters written as lines of `lines` and the indexes of those lines (module docstring:
    the shapes, what is not a chapter, and the list rule)."""
    candidates: list[tuple[int, int, str]] = []  # (line index, start, title)
    parents: list[tuple[int, bool]] = []  # (indent, chapter line) of the enclosing lines
    fenced = False
    for index, raw in enumerate(lines or []):
        if isinstance(raw, str) and _FENCE.match(raw):
            fenced = not fenced
            continue
        if fenced:
            continue
        line = _prepare(raw)
        if not line.text:
            continue
        while parents and parents[-1][0] >= line.indent:
            parents.pop()
        found = _line_chapters(line.text)
        if found and line.only_link and line.indent > 0 and parents and parents[-1][1]:
            found = []  # a link nested under a chapter is that chapter's link
        parents.append((line.indent, bool(found)))
        candidates.extend((index, start, title) for start, title in found)
    scan = ChapterScan()
    seen: set[int] = set()
    dropped = 0
    for index, start, title in candidates:
        if start in seen:
            scan.lines.add(index)  # a duplicate start: the first title wins
        elif not scan.chapters or start > scan.chapters[-1].start:
            scan.chapters.append(TimedTitle(start, title))
            scan.lines.add(index)
            seen.add(start)
        else:
            dropped += 1  # breaks the order: not a chapter, stays in the body
    if len(scan.chapters) < 2 or dropped > len(scan.chapters):
        return ChapterScan()
    return scan


# ---------------------------------------------------------------- removing them

_LABELS = {
    "chapters", "chapter", "chapter markers", "chapter list", "episode chapters", "timestamps", "timestamp",
    "time stamps", "episode timestamps", "show notes", "shownotes", "episode notes", "in this episode",
    "in this episode we cover", "in this episode we discuss", "in this episode you'll learn", "topics",
    "topics covered", "topics discussed", "what we cover", "what we covered", "what we discuss",
    "what we discussed", "contents", "table of contents", "outline", "episode outline", "key moments",
    "episode breakdown", "sections", "agenda", "timeline",
}
_ATX = re.compile(r"\s{0,3}(#{1,6})\s+")
_SETEXT = re.compile(r"\s{0,3}(=+|-+)\s*")


def _label_level(lines: list[str], i: int) -> tuple[int, int] | None:
    """(heading level or 0 for a plain label line, lines it takes) when line i names a chapter
    section ("Chapters", "## Timestamps", "**Show notes:**", "In this episode" + underline)."""
    line = lines[i]
    if len(line) > 80:
        return None
    m = _ATX.match(line)
    level, span = (len(m.group(1)), 1) if m else (0, 1)
    if m:
        line = line[m.end():]
    elif i + 1 < len(lines) and _SETEXT.fullmatch(lines[i + 1]) and line.strip():
        level, span = (1 if lines[i + 1].strip()[0] == "=" else 2), 2
    marker = _MARKER.match(line.strip())
    text = _plain(line.strip()[marker.end():] if marker else line.strip()).lower()
    text = re.sub(r"^[^\w]+|[^\w')]+$", "", text).rstrip("#").strip()
    return (level, span) if text in _LABELS else None


_CHAPTER_WORDS = re.compile(r"\b(?:chapters?|timestamps?|time stamps)\b", re.I)


def _names_chapters(line: str) -> bool:
    """A heading that is only about the chapters ("### Chapters", "## Timestamps") goes with them,
    whatever follows; "Show notes" or "Topics" may head more than the chapter list."""
    return bool(_CHAPTER_WORDS.search(line))


def _heading_level(lines: list[str], i: int) -> int:
    m = _ATX.match(lines[i])
    if m:
        return len(m.group(1))
    if i + 1 < len(lines) and lines[i].strip() and _SETEXT.fullmatch(lines[i + 1]):
        return 1 if lines[i + 1].strip()[0] == "=" else 2
    return 0


def _empty_labels(lines: list[str], removed: set[int]) -> set[int]:
    """Section labels left with nothing under them once the chapter lines are gone."""
    out = set()
    for i in range(len(lines) - 1, -1, -1):
        if i in removed:
            continue
        label = _label_level(lines, i)
        if label is None:
            continue
        level, span = label
        j = i + span
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines) or j not in removed:
            continue
        blank_before = False
        while j < len(lines) and (j in removed or not lines[j].strip()):
            blank_before = not lines[j].strip()
            j += 1
        if j < len(lines):
            below = _heading_level(lines, j)
            if level and not (below and below <= level) and not _names_chapters(lines[i]):
                continue
            if not level and not (blank_before or below):
                continue
        removed.update(range(i, i + span))
        out.update(range(i, i + span))
    return out


def strip_chapters(markdown: str) -> tuple[list[TimedTitle], str]:
    """The chapters of `markdown` and the Markdown without its chapter lines, without a section
    label ("Chapters", "Timestamps", "Show notes", "In this episode", …) left with nothing under
    it, and without the blank runs the removal leaves. Text without chapters comes back as is."""
    if not isinstance(markdown, str):
        return [], ""
    text = markdown.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    scan = find_chapters(lines)
    if not scan.chapters:
        return [], markdown
    removed = set(scan.lines)
    _empty_labels(lines, removed)
    out: list[str] = []
    before_gap: set[int] = set()  # kept lines a removed line followed
    gap = False  # a line was removed since the last line kept
    for i, line in enumerate(lines):
        if i in removed:
            if out and out[-1].strip():
                before_gap.add(len(out) - 1)
            gap = True
            continue
        if not line.strip():
            if gap and (not out or not out[-1].strip()):
                continue
            out.append("")
            continue
        out.append(line)
        gap = False
    while out and not out[-1].strip():
        out.pop()
    for k in before_gap:
        if k < len(out) and (k + 1 == len(out) or not out[k + 1].strip()):
            out[k] = _strip_break(out[k])  # a hard break before nothing
    body = "\n".join(out).strip("\n")
    if body and markdown.endswith("\n"):
        body += "\n"
    return scan.chapters, body
