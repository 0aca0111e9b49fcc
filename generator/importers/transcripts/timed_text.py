"""Plain-text transcripts with timestamps, whatever tool wrote them, recognised by their shape:

- a time leading each turn's line, with or without a speaker label:
  `00:01:12 Dean Ball: text`, `[00:01:12] Dean Ball: text`, `(01:12) text`, `00:01:12 - text`;
- a speaker heading with the time in brackets, text on the lines below (Descript):
  `Dean Ball (00:01:12):`;
- a speaker heading with the time after it, text below (Otter): `Dean Ball  1:12`;
- a time alone on its line, text below (a copied YouTube transcript);
- a speaker line without a time (`Dean Ball:` alone, or a name alone where names are known),
  text below: a turn with no time of its own.

Text lines continue the turn above them. Times are `H:MM:SS`, `HH:MM:SS` or `MM:SS`, with
optional `.mmm`/`,mmm`. Text before the first turn is not transcript: a short first line is the
title, the rest goes to the record's mention text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importers.records import ParsedDocument
from generator.importers.text import is_furniture, is_name
from generator.importers.transcripts.cues import (
    LABEL_NAME, SourceCue, clean_text, document, ends_sentence, is_generic_label, is_label_name, never_raises, strip_bom)

FORMAT = "timed text transcript"

_T = r"(?:\d{1,2}:[0-5]\d:[0-5]\d|\d{1,3}:[0-5]\d)(?:[.,]\d{1,3})?"
_STAMP = rf"(?:\[{_T}\]|\({_T}\)|{_T})"
# `00:01:12 text`, `[00:01:12] text`, `(01:12) - text`
_TIMED = re.compile(rf"^(?P<stamp>{_STAMP})(?:\s*[-–—|]\s+|\s*:\s+|\s+)(?P<rest>\S.*)$")
_TIME_ONLY = re.compile(rf"^(?P<stamp>{_STAMP})$")
# `Dean Ball (00:01:12):` / `Dean Ball [01:12]`
_BRACKET_HEAD = re.compile(rf"^(?P<name>{LABEL_NAME})\s*[\[(](?P<t>{_T})[\])]\s*:?$")
# `Dean Ball  1:12` / `Speaker 1 00:03:15`
_TRAILING_HEAD = re.compile(rf"^(?P<name>{LABEL_NAME})\s*[:|-]?\s+(?P<t>{_T})$")
_LABEL_TEXT = re.compile(rf"^(?P<name>{LABEL_NAME})\s*:\s+(?P<rest>\S.*)$")
_NAME_LINE = re.compile(rf"^(?P<name>{LABEL_NAME})\s*(?P<colon>:)?$")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s")


def seconds(stamp: str) -> float:
    """Seconds of `H:MM:SS`, `MM:SS`, with optional `.mmm` or `,mmm`, brackets stripped."""
    stamp = stamp.strip("[]() ")
    frac = 0.0
    m = re.match(r"^(.*?)[.,](\d{1,3})$", stamp)
    if m:
        stamp, frac = m.group(1), int(m.group(2)) / (10 ** len(m.group(2)))
    parts = [int(p) for p in stamp.split(":")]
    total = 0
    for p in parts:
        total = total * 60 + p
    return total + frac


@dataclass
class _Line:
    kind: str  # "timed" | "time" | "head" | "label" | "name" | "text" | "blank"
    lineno: int
    text: str = ""
    start: float | None = None
    speaker: str | None = None


def _label(rest: str) -> tuple[str | None, str]:
    m = _LABEL_TEXT.match(rest)
    if m and is_label_name(m.group("name")):
        return clean_text(m.group("name")), m.group("rest")
    m = _NAME_LINE.match(rest)
    if m and m.group("colon") and is_label_name(m.group("name")):
        return clean_text(m.group("name")), ""  # `[00:01:12] Dean Ball:` with the text below
    return None, rest


def classify(text: str) -> list[_Line]:
    """Each line's shape, before deciding which shapes the document uses."""
    out: list[_Line] = []
    for i, raw in enumerate(strip_bom(text).split("\n"), 1):
        line = clean_text(raw)
        if not line:
            out.append(_Line("blank", i))
            continue
        m = _TIMED.match(line)
        if m:
            speaker, rest = _label(m.group("rest"))
            out.append(_Line("timed", i, rest, seconds(m.group("stamp")), speaker))
            continue
        m = _TIME_ONLY.match(line)
        if m:
            out.append(_Line("time", i, "", seconds(m.group("stamp"))))
            continue
        m = _BRACKET_HEAD.match(line) or _TRAILING_HEAD.match(line)
        if m and is_label_name(m.group("name")):
            out.append(_Line("head", i, "", seconds(m.group("t")), clean_text(m.group("name"))))
            continue
        m = _NAME_LINE.match(line)
        if m and is_label_name(m.group("name")):
            out.append(_Line("name", i, line, None, clean_text(m.group("name")) + (":" if m.group("colon") else "")))
            continue
        speaker, rest = _label(line)
        if speaker:
            out.append(_Line("label", i, rest, None, speaker))
            continue
        out.append(_Line("text", i, line))
    return out


def _resolve_names(lines: list[_Line]) -> None:
    """A line that is only a name is a speaker line when it has a colon, or names a speaker the
    document labels elsewhere, or reads as a person's name between a blank line and text."""
    known = {l.speaker for l in lines if l.kind in ("timed", "head", "label") and l.speaker}
    known |= {l.speaker[:-1] for l in lines if l.kind == "name" and l.speaker.endswith(":")}
    for k, l in enumerate(lines):
        if l.kind != "name":
            continue
        name = l.speaker.rstrip(":")
        j = k + 1
        while j < len(lines) and lines[j].kind == "blank":
            j += 1
        follows_text = j < len(lines) and lines[j].kind in ("text", "name")
        close = j == k + 1
        after_blank = k == 0 or lines[k - 1].kind == "blank"
        if follows_text and (l.speaker.endswith(":") or (close and name in known)
                             or (close and after_blank and (is_name(name) or is_generic_label(name)))):
            l.speaker, l.text = name, ""
        else:
            l.kind, l.speaker = "text", None


def _turn_lines(lines: list[_Line]) -> list[_Line]:
    """The lines that start a timed turn: a time alone counts when text follows it."""
    out: list[_Line] = []
    waiting: _Line | None = None  # a time alone, until the next non-blank line says
    for l in lines:
        if l.kind == "blank":
            continue
        if waiting is not None and l.kind == "text":
            out.append(waiting)
        waiting = l if l.kind == "time" else None
        if l.kind in ("timed", "head"):
            out.append(l)
    return out


def detect(text: str) -> float:
    sample = strip_bom(text[:200000])
    if re.search(r"(?m)^\s*(?:WEBVTT|\{|---\s*$)", sample[:200]) or "-->" in sample:
        return 0.0
    if len(re.findall(r"(?m)^\s*\*\*[^*\n]+(?::\s*\*\*|\*\*\s*:)", sample)) >= 2:
        return 0.0  # `**Name:**` turns: markdown_transcript's
    lines = classify(sample)
    _resolve_names(lines)
    timed = _turn_lines(lines)
    if len(timed) < 3:
        return 0.0
    nonblank = [l for l in lines if l.kind != "blank"]
    first = nonblank.index(timed[0])
    score = 0.95
    # Text before the first turn: a title or a date line, not a page.
    if first > 3:
        score -= 0.3 if first <= 10 else 0.6
    # Times that jump back by minutes: several documents (pages listing several episodes).
    starts = [l.start for l in timed]
    resets = sum(1 for a, b in zip(starts, starts[1:]) if b < a - 60)
    score -= 0.4 * resets
    # A web page's furniture, or list bullets: a page that quotes a transcript, not a transcript.
    furniture = sum(1 for l in nonblank if is_furniture(l.text or ""))
    score -= min(0.6, 0.3 * furniture)
    bullets = sum(1 for l in nonblank if l.kind == "text" and _BULLET.match(l.text))
    if bullets > 2:
        score -= 0.3
    # Chapter lists: short titles after each time, no sentences, no speakers, nothing below.
    turn_texts = [l.text for l in timed if l.kind == "timed"]
    if turn_texts and len(turn_texts) == len(timed):
        speakers = sum(1 for l in timed if l.speaker)
        conts = sum(1 for l in nonblank if l.kind == "text")
        sentences = sum(1 for t in turn_texts if ends_sentence(t) or len(t.split()) > 12)
        gaps = sorted(b - a for a, b in zip(starts, starts[1:]))
        wide = bool(gaps) and gaps[len(gaps) // 2] >= 15  # chapters are minutes apart, captions seconds
        if speakers == 0 and conts <= len(timed) // 4 and sentences < len(turn_texts) / 3 and wide:
            score = min(score, 0.4)
    # Enough of the document is turns and their text.
    covered = sum(1 for l in nonblank[first:] if l.kind in ("timed", "time", "head", "label", "name", "text"))
    if covered < 0.8 * len(nonblank):
        score -= 0.3
    return max(0.0, min(score, 0.95))


@never_raises("a timed text transcript")
def parse(text: str, name: str) -> ParsedDocument:
    lines = classify(text)
    _resolve_names(lines)
    turns = set(map(id, _turn_lines(lines)))
    cues: list[SourceCue] = []
    front: list[str] = []
    for l in lines:
        if l.kind == "blank":
            continue
        if id(l) in turns or l.kind in ("label", "name"):
            cues.append(SourceCue(l.start, None, l.speaker, l.text))
        elif not cues:
            front.append(l.text)
        else:
            cues[-1].text += "\n" + l.text
    if not cues:
        doc = ParsedDocument(source=name, format=FORMAT, fatal=True)
        doc.problems.append("no timestamped or speaker-labelled line found: not a timed text transcript")
        return doc
    title = None
    if front and len(front[0].split()) <= 15 and not ends_sentence(front[0]):
        title = front[0]
    # Lines before the first turn are not transcript; they are kept in the record's mention
    # text, where the merge stage looks for people and shows.
    return document(name, FORMAT, cues, title=title, front="\n".join(front))
