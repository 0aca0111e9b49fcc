"""Markdown transcripts: `**Name:**` (or `**Name**:`) turns with sparse escaped stamps such as
`\\[12:30\\]` or `\\[1:02:03\\]` (or unescaped `[12:30]`) leading a turn's text.

A stamp gives its turn a time; a turn without one is a turn with no time of its own (DESIGN
§4). A paragraph without a bold speaker continues the turn above it (a stamp leading it gives
the continuation its own time). A bold label whose text is only a stamp (`**Break**: \\[16:40\\]`)
is a marker, not a speaker: a segment with that time, no speaker, and the label as text.
Inline markers (`\\[unintelligible 00:47:44.23\\]`, `[crosstalk]`) stay text, unescaped.

Headings before the first turn: the first is the title; other text before the first turn is
not transcript and goes to the record's mention text. Markdown starting with YAML or JSON front
matter is another importer's (show notes from other sites), never this one's.
"""
from __future__ import annotations

import re

from generator.importers.records import ParsedDocument
from generator.importers.transcripts.cues import SourceCue, clean_text, document, is_label_name, never_raises, strip_bom

FORMAT = "Markdown transcript"

_T = r"(?:\d{1,2}:[0-5]\d:[0-5]\d|\d{1,3}:[0-5]\d)(?:[.,]\d{1,3})?"
_STAMP = rf"\\?\[(?P<t>{_T})\\?\]"
_STAMP_ANY = re.compile(rf"\\?\[{_T}\\?\]")
# `**Name:** text`, `**Name**: text`, optionally led by a stamp: `\[12:30\] **Name:** text`
_TURN = re.compile(rf"^(?:{_STAMP.replace('?P<t>', '?P<t0>')}\s*)?\*\*(?P<name>[^*\n]{{1,80}}?)"
                   rf"(?::\s*\*\*|\*\*\s*:)\s*(?P<rest>.*)$")
_LEAD_STAMP = re.compile(rf"^{_STAMP}\s*(?P<rest>.*)$")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~'\"=:])")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")


def seconds(stamp: str) -> float:
    frac = 0.0
    m = re.match(r"^(.*?)[.,](\d{1,3})$", stamp)
    if m:
        stamp, frac = m.group(1), int(m.group(2)) / (10 ** len(m.group(2)))
    total = 0
    for p in stamp.split(":"):
        total = total * 60 + int(p)
    return total + frac


def _front_matter(text: str) -> bool:
    head = strip_bom(text[:200]).lstrip()
    return head.startswith("{") or bool(re.match(r"---[ \t]*\n", head + "\n"))


def _turns(lines: list[str]) -> list[tuple[int, re.Match]]:
    out = []
    for i, line in enumerate(lines):
        m = _TURN.match(line.strip())
        if m and is_label_name(_plain(m.group("name")).rstrip(":")):
            out.append((i, m))
    return out


def detect(text: str) -> float:
    if _front_matter(text):
        return 0.0
    lines = strip_bom(text[:300000]).split("\n")
    turns = _turns(lines)
    # A turn says something: a label with only a short value (`**Guest:** Jane Doe`) is a fact
    # line of show notes, not a turn.
    real = []
    for i, m in turns:
        rest = m.group("rest").strip()
        if len(rest.split()) >= 4 or _LEAD_STAMP.match(rest) or m.group("t0") or (
                not rest and i + 1 < len(lines) and lines[i + 1].strip() and not lines[i + 1].lstrip().startswith("**")):
            real.append(m)
    if len(real) < 2:
        return 0.0
    speakers = {_plain(m.group("name")).rstrip(":") for m in real}
    stamped = any(_LEAD_STAMP.match(m.group("rest").strip()) or m.group("t0") for m in real)
    if len(real) >= 3 and (len(speakers) >= 2 or stamped):
        return 0.9
    return 0.6


@never_raises("a Markdown transcript")
def parse(text: str, name: str) -> ParsedDocument:
    if _front_matter(text):
        doc = ParsedDocument(source=name, format=FORMAT, fatal=True)
        doc.problems.append("line 1: starts with front matter: show notes, not a Markdown transcript")
        return doc
    lines = strip_bom(text).split("\n")
    turn_at = dict(_turns(lines))
    cues: list[SourceCue] = []
    front: list[str] = []
    title: str | None = None
    after: list[str] = []  # headings between turns: kept for mentions, not transcript
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line or _RULE.match(line):
            continue
        if i in turn_at:
            m = turn_at[i]
            label = clean_text(_plain(m.group("name"))).rstrip(":").strip()
            rest = m.group("rest").strip()
            t0 = m.group("t0")
            lead = _LEAD_STAMP.match(rest)
            if lead and not lead.group("rest").strip() and t0 is None:
                # `**Break**: \[16:40\]` - a marker with a time, not a speaker
                cues.append(SourceCue(seconds(lead.group("t")), None, None, label, turn=True))
                continue
            if t0 is None and lead:
                t0, rest = lead.group("t"), lead.group("rest")
            cues.extend(_pieces(rest, seconds(t0) if t0 else None, label))
            continue
        h = _HEADING.match(line)
        if h:
            if not cues and title is None:
                title = _plain(h.group("text"))
            elif not cues:
                front.append(_plain(h.group("text")))
            else:
                after.append(_plain(h.group("text")))
            continue
        if not cues:
            front.append(_plain(line))
            continue
        lead = _LEAD_STAMP.match(line)
        if lead:
            cues.extend(_pieces(lead.group("rest"), seconds(lead.group("t")), None))
        else:
            cues.extend(_pieces(line, None, None, join=True, into=cues[-1]))
    if not cues:
        doc = ParsedDocument(source=name, format=FORMAT, fatal=True)
        doc.problems.append("no `**Name:**` turn found: not a Markdown transcript")
        return doc
    # Text before the first turn (an intro, a credits line) is not transcript; it is kept in the
    # record's mention text, where the merge stage looks for people and shows.
    return document(name, FORMAT, cues, title=title, front="\n".join(front + after))


def _pieces(text: str, start: float | None, speaker: str | None, turn: bool = False,
            join: bool = False, into: SourceCue | None = None) -> list[SourceCue]:
    """The cues of a turn's text: split where a stamp stands alone in the text (a new time for
    the same speaker). With `join`, text before the first stamp continues `into`."""
    out: list[SourceCue] = []
    pos = 0
    cur_start, cur_speaker, cur_turn = start, speaker, turn
    for m in re.finditer(_STAMP, text):
        before = text[pos:m.start()]
        if join and into is not None and not out:
            into.text += " " + _plain(before)
        else:
            out.append(SourceCue(cur_start, None, cur_speaker, _plain(before), cur_turn))
        cur_start, cur_speaker, cur_turn = seconds(m.group("t")), None, False
        pos = m.end()
        join = False
    rest = _plain(text[pos:])
    if join and into is not None:
        into.text += " " + rest
    else:
        out.append(SourceCue(cur_start, None, cur_speaker, rest, cur_turn))
    return out


def _plain(text: str) -> str:
    """Markdown text as plain text: emphasis markers gone, backslash escapes read."""
    keep: list[str] = []

    def hold(m: re.Match) -> str:
        keep.append(m.group(1))
        return f"\x00{len(keep) - 1}\x00"

    text = _ESCAPED.sub(hold, text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: keep[int(m.group(1))], text).strip()
