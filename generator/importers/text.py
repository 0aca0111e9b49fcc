"""Text helpers shared by the parsers: line endings, page furniture, names, dates, durations
and timestamps. Everything here works on shapes (patterns of lines), never on the names of
particular shows, people or seed files."""
from __future__ import annotations

import datetime as dt
import functools
import re

from generator.timecode import parse_time

# ---------------------------------------------------------------- lines


def normalize(text: str) -> str:
    """One line ending, no BOM, no non-breaking or zero-width spaces, tabs as spaces,
    no trailing blanks: the parsers then only ever see one spelling of whitespace."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("\t", "    ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def clean(line: str) -> str:
    """A line's text with runs of spaces collapsed."""
    return " ".join(line.split())


# Page furniture: what the sites wrap around the content. Generic web/app boilerplate, matched
# by wording patterns a scraper meets on many sites, not by anything a particular seed names.
_FURNITURE = [re.compile(p, re.I) for p in [
    r"^this is a public episode\b",
    r"\breader-supported publication\b",
    r"\bconsider becoming a (?:free or )?(?:paid )?subscriber\b",
    r"^(?:get|download) the (?:free )?\S+ app\b",
    r"^listen to .* (?:with|on|in) the \S+ app\b",
    r"^listen on (?:apple podcasts|spotify|youtube|overcast|pocket casts)\b",
    r"^available with an? \w+ subscription\b",
    r"\bsign up to access\b",
    r"^full transcript available for .* members\b",
    r"^(?:subscribe|sign up|log in|sign in)(?: now| here| to \w+)?[.!]?$",
    r"^swipe to navigate\b",
    r"^command palette\b",
    r"^search for a command to run",
    r"^timestamps are as accurate as",
    r"^\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}$",  # a player's 0:00/0:00
    r"^stations and podcasts to bookmark$",
    r"^stream via wi-?fi or bluetooth$",
    r"^supports carplay\b",
    r"^many other app features$",
    r"^more [\w &,-]+ podcasts$",
    r"^podcast website$",
    r"^latest episode$",
    r"^\d[\d,.]* episodes?$",
    r": podcasts in family$",
    r"^social$",
    r"^v\d+(?:\.\d+)+\s*\|\s*©",
    r"^©",
    r"^generated: ",
    r"^(?:share|follow|play|pause|download|next|previous|show more|read more|see more)$",
    r"^cookie",
]]


def is_furniture(line: str) -> bool:
    text = clean(line).lstrip("•*·- ").strip()
    return bool(text) and any(p.search(text) for p in _FURNITURE)


# ---------------------------------------------------------------- names

_WORD = r"(?:O['’])?[A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?"
_INITIAL = r"[A-Z]\."
# Two or three capitalised words, optionally with a middle initial: "Dean W. Ball".
NAME = rf"{_WORD}(?:[ ]{_INITIAL})?(?:[ ]{_WORD}){{1,2}}"
# Capitalised words that start sentences or titles, never a person's first name.
_NOT_FIRST = {
    "The", "This", "That", "These", "Those", "Why", "How", "What", "When", "Where", "Who", "Which", "And", "But",
    "Our", "My", "Your", "Its", "Their", "His", "Her", "In", "On", "At", "With", "For", "From", "Today", "Episode",
    "Part", "State", "Inside", "Building", "Scaling", "Lessons", "Advice", "Career", "Intro", "Welcome", "Thanks",
    "Hi", "Hello", "Hey", "So", "Well", "Yes", "No", "Okay", "If", "As", "Is", "Are", "Was", "We", "They", "He",
    "She", "It", "You", "I", "Then", "Now", "Also", "Plus", "Here", "There", "Dear", "Mr", "Ms", "Dr", "Why",
    "Open", "Closed", "New", "Best", "Top", "Final", "Future", "Podcast", "Show", "Season", "Chapter", "Summary",
}
_NOT_LAST = {"Podcast", "Show", "Episode", "Summary", "Transcript", "Chapters", "University", "Institute", "Lab",
             "Labs", "Research", "Capital", "Ventures", "Partners", "Group", "Team", "News", "Daily", "Weekly"}


def is_name(text: str) -> bool:
    """Whether `text` is shaped like a person's name (2-3 capitalised words)."""
    text = clean(text)
    if not re.fullmatch(NAME, text):
        return False
    words = text.split()
    return words[0] not in _NOT_FIRST and words[-1] not in _NOT_LAST


def name_tokens(name: str) -> list[str]:
    """Lowercased words of a name without initials or punctuation, for comparing spellings."""
    return list(_name_tokens(name))


@functools.lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(name.lower()) if len(w) > 1)


_WORD = re.compile(r"[^\W\d_]+")


# ---------------------------------------------------------------- dates

MONTHS = {name: i for i, names in enumerate([
    (), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")]) for name in names}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
NAMED_DATE = re.compile(rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
                        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}}))\b", re.I)
NUMERIC_DATE = re.compile(r"\b(?P<na>\d{1,4})(?P<nsep>[/.-])(?P<nb>\d{1,2})(?P=nsep)(?P<ny>\d{2,4})\b")


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A real calendar date in a plausible range for a podcast, else None."""
    if not 1900 <= year <= 2200:
        return None
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def parse_named_date(text: str) -> dt.date | None:
    """`January 22, 2026`, `Jan 22 2026`, `22 January 2026`."""
    m = NAMED_DATE.search(text)
    if not m:
        return None
    month = MONTHS[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
    day, year = int(m.group("d1") or m.group("d2")), int(m.group("y1") or m.group("y2"))
    return make_date(year, month, day)


def numeric_parts(text: str) -> tuple[int, int, int, bool] | None:
    """(a, b, year, year_first) of a numeric date such as 02/07/2026 or 2026/03/06."""
    m = NUMERIC_DATE.search(text)
    if not m:
        return None
    first, second, last = m.group("na"), m.group("nb"), m.group("ny")
    if len(first) == 4:
        return int(second), int(last), int(first), True
    if len(first) > 2 or len(last) == 3:
        return None
    year = int(last) if len(last) == 4 else 2000 + int(last)
    return int(first), int(second), year, False


def infer_day_month_order(values: list[tuple[int, int, int]]) -> tuple[str | None, str]:
    """'dmy' or 'mdy' for a document's a/b/yyyy dates, from the document's own evidence:
    a part over 12 settles it; otherwise the order in which the dates are listed
    (newest first, or oldest first) must make sense one way only. Returns (order, reason)."""
    values = [(a, b, y) for a, b, y in values if 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12]
    if not values:
        return None, "no date is a real date"
    first_big = any(a > 12 for a, _, _ in values)
    second_big = any(b > 12 for _, b, _ in values)
    if first_big and second_big:
        return None, "the dates mix day/month and month/day orders"
    if first_big:
        return "dmy", "a day over 12 comes first"
    if second_big:
        return "mdy", "a day over 12 comes second"
    fits = []
    for order in ("dmy", "mdy"):
        dates = [make_date(y, b, a) if order == "dmy" else make_date(y, a, b) for a, b, y in values]
        if None in dates or len(set(dates)) < 2:
            continue
        if all(x >= y for x, y in zip(dates, dates[1:])) or all(x <= y for x, y in zip(dates, dates[1:])):
            fits.append(order)
    if len(fits) == 1:
        return fits[0], "only this order lists the episodes in date order"
    return None, "day/month order cannot be told (every part is 12 or less and the listing order does not decide it)"


def date_from_parts(parts: tuple[int, int, int, bool], order: str | None) -> dt.date | None:
    a, b, year, year_first = parts
    if year_first:
        return make_date(year, a, b)
    if order == "dmy":
        return make_date(year, b, a)
    if order == "mdy":
        return make_date(year, a, b)
    return None


# ---------------------------------------------------------------- durations and times

TIME = r"\d{1,2}(?::\d{2}){1,2}"
_DURATION = re.compile(
    r"^(?:(?P<h>\d+)\s*(?:h|hrs?|hours?)\.?)?\s*(?:(?P<m>\d+)\s*(?:m|mins?|minutes?)\.?)?\s*"
    r"(?:(?P<s>\d+)\s*(?:s|secs?|seconds?)\.?)?$", re.I)


def parse_duration(text: str) -> int | None:
    """Seconds for `1h 22 mins.`, `49 mins.`, `1 hr 5 min`, `90 sec` or `1:22:00`."""
    text = clean(text).strip(" .")
    if not text:
        return None
    if re.fullmatch(TIME, text):
        return parse_time(text)
    m = _DURATION.match(text)
    if not m or not any(m.group(k) for k in "hms"):
        return None
    return int(m.group("h") or 0) * 3600 + int(m.group("m") or 0) * 60 + int(m.group("s") or 0)


def to_seconds(stamp: str) -> int | None:
    """Seconds for a chapter or transcript stamp: `00:00`, `1:00:33`, `00:05:17`."""
    return parse_time(stamp.strip())


# ---------------------------------------------------------------- prose

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(clean(text)) if s.strip()]


def first_sentences(text: str, limit: int = 300) -> str:
    """One sentence, or two when the first is short: what a card or feed needs."""
    parts = sentences(text)
    if not parts:
        return ""
    out = parts[0]
    if len(out) < 120 and len(parts) > 1 and len(out) + 1 + len(parts[1]) <= limit:
        out += " " + parts[1]
    return out


URL_RE = re.compile(r"\bhttps?://[^\s<>()\"']+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[^\s<>()\"']*)?", re.I)


def find_url(text: str) -> str | None:
    m = URL_RE.search(text)
    if not m:
        return None
    url = m.group(0).rstrip(".,;:!?")
    return url if url.lower().startswith("http") else "https://" + url


LIST_ITEM = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+(?P<text>\S.*)$")


def item_text(line: str) -> str:
    """A list line's text without its bullet or number; any other line as it is."""
    m = LIST_ITEM.match(line)
    return m.group("text") if m else line
