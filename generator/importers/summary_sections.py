"""Reading a summary's sections: timestamps as `(MM:SS)`, `[MM:SS]`, bare `MM:SS` lines and
ranges `[16:55–23:30]` (the start is the moment) in highlights and key points; chapters, topics,
a transcript excerpt, speakers with their roles and bios, and plain paragraphs and lists."""
from __future__ import annotations

import re

from generator.importers.chapter_lines import find_chapters
from generator.importers.records import Block, Insight, PersonRecord, TimedTitle
from generator.importers.summary_vocabulary import is_prose
from generator.importers.text import LIST_ITEM, STAMP, is_name, item_text, people_list, stamp_line, stamped, to_seconds


def timed_lines(lines: list[str]) -> list[TimedTitle]:
    """Moments of a highlights list: `[12:30] Title`, `(12:30) Title`, `12:30 – Title`,
    `[16:55–23:30] Title`, `Title (12:30)`, or a line that is only a time (or range) with the
    title on the line after it (or, when the list starts with a title, before it)."""
    out: list[TimedTitle] = []
    stamp_first = bool(lines) and stamp_line(lines[0]) is not None
    pending: int | None = None
    previous: str | None = None
    for line in lines:
        alone = stamp_line(line)
        if alone is not None:
            if not stamp_first and previous:
                out.append(TimedTitle(alone, previous))
                previous = None
            else:
                pending = alone
            continue
        hit = stamped(line)
        if hit:
            out.append(TimedTitle(hit[0], _bare_title(hit[1])))
            pending, previous = None, None
            continue
        text = item_text(line)
        if pending is not None:
            out.append(TimedTitle(pending, _bare_title(text)))
            pending = None
        else:
            previous = _bare_title(text)
    return out


def _bare_title(text: str) -> str:
    return text.strip(" -–—:|·•*").strip()


def sorted_moments(moments: list[TimedTitle]) -> list[TimedTitle]:
    """Ascending, one per start (the first title met wins)."""
    seen: dict[int, TimedTitle] = {}
    for m in moments:
        if m.title and m.start not in seen:
            seen[m.start] = m
    return [seen[k] for k in sorted(seen)]


def stamp_in(text: str) -> tuple[int | None, str]:
    """The first `(MM:SS)` / `[MM:SS]` / range stamp in a text, and the text with a leading or
    trailing stamp removed (a stamp inside the prose stays)."""
    hit = stamped(text)
    if hit:
        return hit[0], hit[1]
    m = STAMP.search(text)
    return (to_seconds(m.group("t")) if m else None), text


def excerpt(lines: list[str]) -> list[str]:
    """A transcript excerpt as quotation paragraphs: stamps dropped, one paragraph per speaker
    change (`>>`), or per line when the lines are separate turns."""
    if len(lines) > 1 and not any(">>" in l for l in lines):
        return [p for p in (" ".join(_STAMPS.sub(" ", _LEAD_TIME.sub("", l)).split()) for l in lines) if p]
    text = " ".join(lines)
    text = _STAMPS.sub(" ", text)
    return [" ".join(p.split()) for p in text.split(">>") if p.strip()]


_STAMPS = re.compile(r"[\[(]\d{1,2}(?::\d{2}){1,2}[\])]")
_LEAD_TIME = re.compile(r"^\d{1,2}(?::\d{2}){1,2}\s+")


def topics_of(lines: list[str]) -> list[str]:
    """Topic lines; one line holding several (`AI, Robotics, Policy`, `#ai #robots`) is split."""
    out: list[str] = []
    for line in lines:
        text = item_text(line)
        if text.count("#") >= 2:
            out += [t.strip() for t in text.split("#") if t.strip()]
        elif len(re.findall(r"[,|·•]", text)) >= 1 and len(lines) == 1:
            out += [t.strip() for t in re.split(r"\s*[,|·•]\s*", text) if t.strip()]
        else:
            out.append(text)
    return out


def insights_of(lines: list[str]) -> tuple[list[Insight], list[TimedTitle]]:
    """Key points: one per list line, or (title, paragraph) pairs when short title lines lead
    prose; a point carrying a time is also a highlight (its title, else its text)."""
    items = [l for l in lines if LIST_ITEM.match(l)]
    pairs = [] if items else [(l, t) for l, t in pair_titles(lines) if l]
    insights, moments = [], []
    if pairs:
        for lead, text in pairs:
            start, _ = stamp_in(text)
            if start is None:
                start, lead_bare = stamp_in(lead)
                lead = lead_bare if start is not None else lead
            insights.append(Insight(text, lead))
            if start is not None and lead:
                moments.append(TimedTitle(start, lead))
        return insights, moments
    for line in lines:
        text = item_text(line)
        start, bare = stamp_in(text)
        insights.append(Insight(bare))
        if start is not None:
            moments.append(TimedTitle(start, _short(bare)))
    return insights, moments


def _short(text: str) -> str:
    """A highlight title from a key point: its first sentence, stamps removed."""
    text = " ".join(_STAMPS.sub(" ", text).split())
    first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    return first.rstrip(".")


def pair_titles(lines: list[str]) -> list[tuple[str, str]]:
    """(title, paragraph) pairs: a short line without end punctuation titles the prose after
    it; a line that is only a time between them belongs to the paragraph."""
    out: list[tuple[str, str]] = []
    lead = ""
    held = ""
    for line in lines:
        if stamp_line(line) is not None:
            held = line
            continue
        if not is_prose(line):
            if lead:
                out.append((lead, ""))
            lead = line
        else:
            out.append((lead, (line + (f" ({held.strip('()[] ')})" if held else "")).strip()))
            lead, held = "", ""
    if lead:
        out.append((lead, ""))
    return [(l, t) for l, t in out if t]


def speaker_lines(lines: list[str]) -> dict[str, tuple[str | None, str]]:
    """Name -> (role or None, bio) from a speakers section: name lines (`Kim Osei`,
    `Kim Osei — Host`, `Kim Osei (guest)`, `Kim Osei, CEO of Assemblix`) and the prose under them."""
    out: dict[str, tuple[str | None, str]] = {}
    current = None
    for line in lines:
        who = speaker_name(line)
        if who:
            current = who[0]
            if current not in out:
                out[current] = (who[1], "")
        elif current is not None:
            role, bio = out[current]
            out[current] = (role, (bio + "\n\n" + line).strip())
    return out


_ROLE_SPLIT = re.compile(r"\s+[—–-]\s+|\s*[|·•]\s*|,\s+")


def speaker_name(line: str) -> tuple[str, str | None] | None:
    """(name, role) of a speakers-section name line, or None."""
    if is_name(line):
        return line, None
    if len(line) > 120 or is_prose(line):
        return None
    item = people_list(line)
    if len(item) == 1 and line.startswith(item[0][0]) and "(" in line:
        return item[0][0], item[0][1] or item[0][2]
    parts = _ROLE_SPLIT.split(line, maxsplit=1)
    if len(parts) == 2 and is_name(parts[0]) and len(parts[1].split()) <= 10:
        return parts[0], parts[1]
    return None


ROLE_WORDS = {"host": "host", "co-host": "host", "moderator": "host", "moderatorin": "host", "gastgeber": "host",
              "animateur": "host", "animatrice": "host", "presentador": "host", "presentadora": "host",
              "guest": "guest", "gast": "guest", "invité": "guest", "invitée": "guest", "invitado": "guest",
              "invitada": "guest"}


def position_of(text: str | None) -> str | None:
    """The job a speaker's role text gives besides `Host` / `Guest`: `Guest, charge nurse at X`."""
    if not text:
        return None
    if not role_of(text):
        return text
    rest = re.split(r"[,;]|\s+[—–-]\s+", text, maxsplit=1)
    return rest[1].strip() or None if len(rest) == 2 else None


def role_of(text: str | None) -> str | None:
    """'host' or 'guest' when a role text says so (`Host`, `Guest, CEO of X`)."""
    if not text:
        return None
    first = re.split(r"[,;(]|\s+[—–-]\s+", text.strip().lower())[0].strip()
    return ROLE_WORDS.get(first)


def chapters_of(lines: list[str]) -> list[TimedTitle]:
    """A chapters section: chapter lines in any shape chapter_lines reads, else timed lines."""
    if not lines:
        return []
    scan = find_chapters(lines)
    return list(scan.chapters) if scan.chapters else sorted_moments(timed_lines(lines))


def section_people(lines: list[str], known: set[str]) -> list[PersonRecord]:
    """People a speakers / guests section lists, with their role and bio."""
    out = []
    for person, (role, bio) in speaker_lines(lines).items():
        if person in known:
            continue
        out.append(PersonRecord(person, role_of(role) or "guest", strength=3, position=position_of(role),
                                bio=bio or None, bio_strength=3 if bio else 0))
    return out


def paragraphs(lines: list[str]) -> list[Block]:
    out: list[Block] = []
    for line in lines:
        m = LIST_ITEM.match(line)
        if m:
            if out and out[-1].kind == "ul":
                out[-1].items.append(m.group("text"))
            else:
                out.append(Block("ul", items=[m.group("text")]))
        else:
            out.append(Block("p", line))
    return out
