"""Durations (`1h 22 mins.`, `48 Min.`, `1:22:00`) and timestamps (`00:05:17`, and a summary's
`(12:30)`, `[16:55–23:30]`, `Title (12:30)` stamps)."""
from __future__ import annotations

import re

from generator.importers.text.lines import clean
from generator.timecode import parse_time


# ---------------------------------------------------------------- durations and times

TIME = r"\d{1,2}(?::\d{2}){1,2}"
_HOURS = r"(?:h|hrs?|hours?|std|stunden?|heures?|horas?|ore|ora|uur)"
_MINUTES = r"(?:m|mins?|minutes?|minuten|minutos?|minuti|mn)"
_SECONDS = r"(?:s|secs?|seconds?|sek|sekunden|seg|segundos?|secondi|secondes?)"
_DURATION = re.compile(
    rf"^(?:(?P<h>\d+)\s*{_HOURS}\.?)?\s*(?:(?P<m>\d+)\s*{_MINUTES}\.?)?\s*"
    rf"(?:(?P<s>\d+)\s*{_SECONDS}\.?)?$", re.I)
_HOURS_MINUTES = re.compile(r"^(?P<h>\d+)\s*h\s*(?P<m>[0-5]\d)$", re.I)  # French `1h05`, `1 h 05`


MAX_DURATION = 99 * 3600 + 59 * 60 + 59  # what a content file's H:MM:SS can hold (and `check` accepts)


def parse_duration(text: str) -> int | None:
    """Seconds for `1h 22 mins.`, `49 mins.`, `48 Min.`, `49m`, `1 hr 5 min`, `90 sec`, `1 Std. 5 Min.`,
    `1 h 05 min`, `1h05` or `1:22:00`; None past 99:59:59 (`6000 mins.` is a typo, not an episode)."""
    seconds = _duration_seconds(text)
    return seconds if seconds is not None and seconds <= MAX_DURATION else None


def _duration_seconds(text: str) -> int | None:
    text = clean(text).strip(" .")
    if not text or len(text) > 40:
        return None
    if re.fullmatch(TIME, text):
        return parse_time(text)
    m = _HOURS_MINUTES.match(text)
    if m:
        return int(m.group("h")) * 3600 + int(m.group("m")) * 60
    m = _DURATION.match(text)
    if not m or not any(m.group(k) for k in "hms"):
        return None
    return int(m.group("h") or 0) * 3600 + int(m.group("m") or 0) * 60 + int(m.group("s") or 0)


def to_seconds(stamp: str) -> int | None:
    """Seconds for a chapter or transcript stamp: `00:00`, `1:00:33`, `00:05:17`."""
    return parse_time(stamp.strip())


# ---------------------------------------------------------------- timestamps in summaries

_STAMP_T = r"\d{1,2}(?::\d{2}){1,2}"
_RANGE_TO = r"(?:[-–—~]|to|bis|à|a)"
# `(12:30)`, `[12:30]`, `[16:55–23:30]`, `(1:02:03 - 1:05:00)`: the first time is the moment.
STAMP = re.compile(rf"[(\[]\s*(?P<t>{_STAMP_T})\s*(?:{_RANGE_TO}\s*{_STAMP_T}\s*)?[)\]]")
# a line that is only a time or a range: `13:01`, `16:55–23:30`
STAMP_LINE = re.compile(rf"^\s*[(\[]?\s*(?P<t>{_STAMP_T})\s*(?:{_RANGE_TO}\s*{_STAMP_T}\s*)?[)\]]?\s*$")
_LEAD_STAMP = re.compile(rf"^(?:[-*•·]\s+)?(?:\*\*)?[(\[]?\s*(?P<t>{_STAMP_T})\s*(?:{_RANGE_TO}\s*{_STAMP_T}\s*)?"
                         rf"[)\]]?(?:\*\*)?(?:\s*[-–—:|·•]+)?\s+(?P<rest>\S.*)$")
_TRAIL_STAMP = re.compile(rf"\s*(?:[-–—|·•]\s*)?[(\[]\s*(?P<t>{_STAMP_T})\s*(?:{_RANGE_TO}\s*{_STAMP_T}\s*)?[)\]]\s*$")


def stamped(line: str) -> tuple[int, str] | None:
    """(seconds, text) of a line led or ended by a timestamp: `[12:30] Title`, `(12:30) Title`,
    `12:30 – Title`, `[16:55–23:30] Title`, `Title (12:30)`; the text without the stamp."""
    text = clean(line)
    m = _LEAD_STAMP.match(text)
    if m:
        start = to_seconds(m.group("t"))
        return (start, m.group("rest").strip()) if start is not None else None
    m = _TRAIL_STAMP.search(text)
    if m and m.start() > 0:
        start = to_seconds(m.group("t"))
        rest = text[:m.start()].strip()
        rest = rest[2:].strip() if rest[:2] in ("- ", "* ", "• ", "· ") else rest
        return (start, rest) if start is not None and rest else None
    return None


def stamp_line(line: str) -> int | None:
    """Seconds of a line that is only a timestamp or a range (`13:01`, `[16:55–23:30]`)."""
    m = STAMP_LINE.match(clean(line))
    return to_seconds(m.group("t")) if m else None
