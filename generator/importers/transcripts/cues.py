"""What every transcript parser shares: the `SourceCue` it reads a file into, the one joiner that
turns cues into transcript segments (DESIGN §3a), speaker labels, and the episode record.

A cue is one timed (or untimed) piece of text as the file gives it: a caption, a JSON segment,
a word, a line of a text transcript, a Markdown turn. `segments_from_cues` joins them:

- consecutive cues of one speaker join into one segment; a cue without a speaker continues the
  current one (files label speakers only where they change);
- a new segment of the same speaker starts at a cue boundary about every 30-60 s, where the
  text so far ends a sentence, or anyway once the segment has run ~90 s, so that anchors stay
  fine-grained;
- a segment starts at the whole second (floor) of its first cue; starts never go backwards (an
  overlapping or out-of-order cue joins the current segment rather than starting one earlier);
- caption line breaks become single spaces; no word is lost or duplicated.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from generator.importers.records import EpisodeRecord, ParsedDocument, PersonRecord, TranscriptSegment
from generator.importers.text import is_name

# A new segment of the same speaker: at a sentence end once this many seconds have passed...
MIN_SEGMENT = 30.0
# ...or at any cue boundary once this many have, when no sentence ends.
MAX_SEGMENT = 90.0


@dataclass
class SourceCue:
    """One piece of a transcript as a file gives it. `speaker` None continues the current
    speaker, unless `turn` is set: then the cue starts a new turn of an unnamed speaker (a `>>`
    speaker change, or a marker such as a break)."""
    start: float | None
    end: float | None
    speaker: str | None
    text: str
    turn: bool = False


_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]»]*$")


def clean_text(text: str) -> str:
    """Line breaks as single spaces, whitespace collapsed."""
    return " ".join(text.split())


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


MAX_TIME = 100 * 3600


def never_raises(what: str):
    """A parser's `parse` that reports a malformed file as one problem instead of raising."""
    def wrap(parse):
        @functools.wraps(parse)
        def safe(text: str, name: str) -> ParsedDocument:
            try:
                return parse(text, name)
            except Exception as e:  # noqa: BLE001 - a malformed file is reported, never raised
                doc = ParsedDocument(source=name, format=parse.__globals__["FORMAT"], fatal=True)
                doc.problems.append(f"could not be read as {what}: {type(e).__name__}: {e}")
                return doc
        return safe
    return wrap


def valid_time(value: object) -> float | None:
    """A cue time in seconds, or None when it is not a finite, non-negative number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    if not math.isfinite(value) or value < 0 or value >= MAX_TIME:
        return None  # content files write H:MM:SS with at most 99 hours; a later time joins its neighbours
    return value


class _Open:
    """The segment being filled."""

    def __init__(self, start: int | None, first: float | None, speaker: str | None):
        self.start, self.first, self.speaker = start, first, speaker
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    def close(self) -> TranscriptSegment:
        return TranscriptSegment(self.start, self.speaker, [self.text])


def segments_from_cues(cues, min_seconds: float = MIN_SEGMENT,
                       max_seconds: float = MAX_SEGMENT) -> list[TranscriptSegment]:
    """Cues joined into transcript segments (see the module docstring)."""
    out: list[TranscriptSegment] = []
    cur: _Open | None = None
    speaker: str | None = None
    pending = False  # a speaker change seen on a cue without text
    last_start: int | None = None  # the latest start of a timed segment so far

    def open_segment(t: float | None) -> _Open:
        nonlocal last_start
        if t is None:
            return _Open(None, None, speaker)
        start = int(math.floor(t))
        if last_start is not None and start < last_start:
            start, t = last_start, float(last_start)
        last_start = start
        return _Open(start, t, speaker)

    for cue in cues:
        name = clean_text(cue.speaker) if cue.speaker else None
        new_turn = False
        if cue.turn:
            speaker, new_turn = name, True
        elif name is not None and name != speaker:
            speaker, new_turn = name, True
        text = clean_text(cue.text or "")
        if not text:
            pending = pending or new_turn
            continue
        new_turn, pending = new_turn or pending, False
        t = valid_time(cue.start)
        if cur is None or new_turn or cur.speaker != speaker:
            if cur is not None:
                out.append(cur.close())
            cur = open_segment(t)
        elif t is not None and _split_here(cur, t, last_start, min_seconds, max_seconds):
            out.append(cur.close())
            cur = open_segment(t)
        cur.parts.append(text)
    if cur is not None:
        out.append(cur.close())
    return out


def _split_here(cur: _Open, t: float, last_start: int | None, min_seconds: float, max_seconds: float) -> bool:
    """Whether a timed cue of the current speaker starts a new segment."""
    if cur.first is None:
        return True  # a time after an untimed turn of the same speaker: keep it as an anchor
    if last_start is not None and math.floor(t) < last_start:
        return False  # out of order: joins rather than starting earlier
    elapsed = t - cur.first
    if elapsed >= max_seconds:
        return True
    return elapsed >= min_seconds and ends_sentence(cur.parts[-1] if cur.parts else "")


# ---------------------------------------------------------------- speaker labels

_GENERIC = re.compile(
    r"(?:(?:unknown|unidentified)(?:[ _-]?speaker)?|speaker|spk|spkr|voice|participant|person|"
    r"host|co-?host|guest|interviewer|interviewee|narrator|moderator|announcer|caller|audience|"
    r"audience member|presenter|panelist|male|female|man|woman)"
    r"(?:[ _#-]*(?:\d+|[a-z]))?|s[ _-]?\d+|spk_?\d+|[a-z]|\d+", re.I)


def is_generic_label(name: str | None) -> bool:
    """`Speaker 1`, `SPEAKER_00`, `Speaker A`, `Unknown`, `Host`, `Guest`, `Interviewer`,
    `Narrator`, `S1`: a label that stays a label and never becomes a person."""
    if not name:
        return True
    return bool(_GENERIC.fullmatch(clean_text(name).strip(" .:")))


# One word of a speaker label: capitalised (or a number, for `Speaker 2`), with the
# punctuation names carry; lowercase particles between words (`Ludwig van Beethoven`).
_LABEL_WORD = r"[A-Z\u00c0-\u00de][\w'’.\-]*"
_PARTICLE = r"(?:van|von|de|da|del|der|di|du|la|le|bin|al|el|dos|das|y)"
LABEL_NAME = rf"(?:{_LABEL_WORD})(?:[ ](?:{_LABEL_WORD}|\d+|{_PARTICLE}(?=[ ][A-Z])|\([A-Za-z][\w .&'-]*\))){{0,4}}"
# Words that lead a colon in prose but never name a speaker.
_NOT_LABEL = {
    "note", "notes", "nb", "update", "warning", "example", "edit", "source", "sources", "disclaimer",
    "correction", "link", "links", "chapter", "chapters", "summary", "transcript", "title", "episode",
    "date", "time", "re", "ps", "p.s.", "bonus", "quote", "fact", "tip", "step", "part", "important",
    "caution", "reminder", "result", "results", "translation", "music", "applause", "laughter", "sponsor",
    "ad", "advertisement", "topic", "topics", "guests", "hosts", "recorded", "published", "duration",
    "season", "kind", "language", "http", "https", "also", "plus", "and", "but", "so", "well", "yes", "no",
    "okay", "ok", "the", "this", "that", "here", "there", "now", "then", "first", "second", "third",
    "finally", "spoiler", "answer", "question", "in", "on", "at", "with", "for", "from", "today", "why",
    "how", "what", "when", "where", "who", "which", "our", "my", "your", "its", "their", "his", "her", "we",
    "they", "he", "she", "it", "you", "i", "if", "as", "is", "are", "was", "because", "remember", "look",
    "listen", "again", "like", "just", "or", "not", "every", "all", "some", "one", "two", "three",
    "thanks", "thank", "hi", "hello", "hey", "welcome", "intro", "outro", "dear", "please", "sorry",
}
# Bracketed sounds and stage directions: `[Music]`, `[crosstalk]`, never a speaker.
_SOUNDS = {
    "music", "applause", "laughter", "laughs", "laughing", "crosstalk", "cross talk", "inaudible",
    "unintelligible", "silence", "noise", "cheering", "sighs", "sigh", "coughs", "cough", "pause",
    "foreign", "background", "background noise", "beep", "bleep", "no audio", "blank_audio", "blank audio",
    "intro", "outro", "theme music", "music playing", "indistinct", "chuckles", "chuckle", "clapping",
}

_COLON_LABEL = re.compile(rf"^(?P<name>{LABEL_NAME})\s*:(?:\s+(?P<rest>.*))?$")
_BRACKET_LABEL = re.compile(rf"^\[(?P<name>{LABEL_NAME})\]\s*:?(?:\s+(?P<rest>.*))?$")
_CHEVRONS = re.compile(r"^>>+\s*(?P<rest>.*)$")


def is_label_name(name: str) -> bool:
    """Whether `name` may be a speaker label (a name, a role or a generic label)."""
    name = clean_text(name)
    if not name or len(name) > 60 or not re.fullmatch(LABEL_NAME, name):
        return False
    first = name.split()[0].lower().rstrip(".")
    return first not in _NOT_LABEL and name.lower() not in _SOUNDS


def split_label(line: str) -> tuple[str | None, str, bool]:
    """(speaker, text, new_turn) of a caption line that may start with a speaker label:
    `Name: text`, `[Name] text`, `>> Name: text`, or a bare `>> text` (a new, unnamed turn)."""
    line = line.strip()
    m = _CHEVRONS.match(line)
    if m:
        rest = (m.group("rest") or "").strip()
        speaker, text, _ = split_label(rest)
        return speaker, text, True
    for rx in (_COLON_LABEL, _BRACKET_LABEL):
        m = rx.match(line)
        if m and is_label_name(m.group("name")):
            return clean_text(m.group("name")), (m.group("rest") or "").strip(), True
    return None, line, False


def labelled_cues(lines: list[str], start: float | None, end: float | None,
                  speaker: str | None = None) -> list[SourceCue]:
    """The cues of one caption's lines: a line that starts with a speaker label starts a new cue
    of that speaker (two speakers may share one caption); other lines continue the cue."""
    out: list[SourceCue] = []
    for line in lines:
        name, text, turn = split_label(line)
        if turn or not out:
            out.append(SourceCue(start, end, name if turn else speaker, text, turn and name is None))
        else:
            out[-1].text += "\n" + text
    return [c for c in out if c.text.strip() or c.speaker or c.turn]


# ---------------------------------------------------------------- the record


def people_of(segments: list[TranscriptSegment]) -> list[PersonRecord]:
    """One person per distinct speaker that reads as a person's name (never a generic label)."""
    seen: list[str] = []
    for seg in segments:
        name = seg.speaker
        if name and name not in seen and not is_generic_label(name) and is_name(name):
            seen.append(name)
    return [PersonRecord(name, role=None, strength=2) for name in seen]


def document(name: str, fmt: str, cues: list[SourceCue], title: str | None = None,
             problems: list[str] | None = None, front: str = "", empty: str = "") -> ParsedDocument:
    """The ParsedDocument of a transcript: one episode record, or `fatal` when no text."""
    doc = ParsedDocument(source=name, format=fmt)
    segments = segments_from_cues(cues)
    if not segments:  # one problem: what is wrong, then what was met on the way
        reason = empty or f"no transcript text found in this {fmt}"
        doc.problems.append(reason + (f" ({'; '.join(problems)})" if problems else ""))
        doc.fatal = True
        return doc
    doc.problems.extend(problems or [])
    ep = EpisodeRecord(source=name, kind="transcript")
    ep.title = clean_text(title) if title and title.strip() else None
    ep.transcript = segments
    ep.timing = "exact" if any(s.start is not None for s in segments) else "none"
    ep.people = people_of(segments)
    body = "\n".join(p for s in segments for p in s.paragraphs)
    ep.mention_text = "\n".join(part for part in (ep.title or "", front.strip(), body) if part)
    doc.episodes.append(ep)
    return doc


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of a character offset."""
    return text.count("\n", 0, max(0, offset)) + 1


def strip_bom(text: str) -> str:
    """The text without byte-order marks, with one line ending."""
    return text.lstrip("\ufeff").replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")


def words_preview(text: str, limit: int = 8) -> str:
    words = clean_text(text).split()
    return " ".join(words[:limit]) + (" ..." if len(words) > limit else "")
