"""Line shapes of a listing page: an episode's date line (a date, often with a duration, episode
number or label, in English, German, French, Spanish, Italian, Portuguese or Dutch), a duration
line, how much a line looks like a title, the section headings, footers and page ends; and the
near misses (relative dates, dates without a year, date lines without a date)."""
from __future__ import annotations

import re

from generator.importers.text import (NAMED_DATE, NUMERIC_DATE, RELATIVE_DATE, TIME, clean, date_from_parts,
                                      is_artefact, is_button, meta_line, numeric_parts, parse_duration,
                                      parse_named_date)


BULLET = re.compile(r"^\s*[•·*]\s+(?P<text>\S.*)$")
LIST_ITEM = re.compile(r"^\s*[*•·-]\s+(?P<text>\S.*)$")
HEADING = re.compile(r"^(?P<h>chapters|timestamps|transcript|show notes|kapitel|zeitmarken|transkript|"
                     r"chapitres|transcription|capítulos|transcripción|capitoli|trascrizione)\s*:?$", re.I)
TIME_IN = re.compile(rf"(?<![\w:]){TIME}(?![\w:])")
FOOTER = re.compile(r"^(?:more [\w &,-]+ podcasts|(?:weitere|mehr|ähnliche) [\w &,-]*podcasts|"
                    r"(?:plus de|autres) podcasts\b.*|más podcasts\b.*|altri podcast\b.*|"
                    r"(?:similar|related) podcasts|you (?:may|might) also like)$", re.I)
ABOUT = r"(?:about|über|à propos de|a propos de|acerca de|sobre|informazioni su)"
# Lists another page hangs under its own content: other shows' episodes, never this page's blocks.
PAGE_END = re.compile(r"^(?:more episodes like this|similar episodes|related episodes|you (?:may|might) also like|"
                      r"more from\b|weitere folgen (?:wie|von)|ähnliche folgen|épisodes similaires|episodios similares)", re.I)
_FIELD_SPLIT = re.compile(r"\s*[|·•∙⋅,]\s*|\s+[—–-]\s+")
_WEEKDAYS = (r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|"
             r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so|"
             r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
             r"lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo")
# what else a date line may carry: a label, a weekday, an episode or season number, a flag
_META_FIELD = re.compile(
    rf"^(?:(?:{_WEEKDAYS})\.?|explicit|explizit|explicite|explícito|clean|e|bonus|trailer|full|new|neu|nouveau|nuevo|"
    r"(?:(?:episode|ep|folge|épisode|episodio|episódio|aflevering|afl|e|#)\.?\s*\d+)|"
    r"(?:(?:season|staffel|saison|temporada|s)\.?\s*\d+(?:\s*(?:episode|ep|folge|e)\.?\s*\d+)?)|"
    r"(?:published|released|aired|posted|veröffentlicht|erschienen|publié|publicado|date|datum|fecha)"
    r"(?:\s+(?:on|am|le|el|em))?)$", re.I)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\d\d(?:\D|$)")  # every date this parser reads ends in a year of 2 or 4 digits
_DURATION_LABEL = re.compile(r"^(?:duration|length|runtime|dauer|länge|laufzeit|durée|duración|durata)\s*:?\s*", re.I)


def plausible_date(raw: str) -> bool:
    """Whether a date line's date can be a real date (an ambiguous a/b/yyyy one counts)."""
    if parse_named_date(raw):
        return True
    parts = numeric_parts(raw)
    if not parts:
        return False
    a, b, year, year_first = parts
    if year_first:
        return date_from_parts(parts, None) is not None
    return 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12 and 1900 <= year <= 2200


_NO_YEAR = re.compile(r"^(?:\d{1,2}\.?\s+[^\W\d]{3,12}\.?|[^\W\d]{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?)$")


def dated_without_year(text: str) -> bool:
    """`Mar 3`, `3. März`: a date a page wrote without its year."""
    if not text or len(text) > 80 or NAMED_DATE.search(text):
        return False
    head = re.split(r"\s*[|·•∙⋅]\s*|\s+[—–-]\s+", text)[0]
    return bool(head) and len(head) <= 20 and bool(_NO_YEAR.match(head)) and \
        parse_named_date(head + " 2000") is not None


def relative_date_line(text: str) -> bool:
    """A block's date line giving only a relative date: `3 days ago · 48 min`, `vor 2 Tagen`."""
    if not text or len(text) > 160:
        return False
    fields = [f.strip(" .") for f in _FIELD_SPLIT.split(text)]
    if not any(RELATIVE_DATE.match(f) for f in fields):
        return False
    return any(c.isdigit() for c in fields[0]) or any(parse_duration(f) for f in fields)


def undated_meta_line(text: str) -> bool:
    """A block's meta line without a date: `48 Min. · Folge 12`."""
    if not text or len(text) > 80 or not ("·" in text or "|" in text or "•" in text):
        return False
    fields = [f.strip(" .:;()[]") for f in _FIELD_SPLIT.split(text)]
    return any(parse_duration(f) for f in fields if f) and all(
        not f or parse_duration(f) or _META_FIELD.match(f) for f in fields)


def date_line(line: str) -> tuple[str, int | None] | None:
    """(date text, duration) of an episode's date line: `02/07/2026 | 1h 22 mins.`, `2026/03/06`,
    `January 22, 2026 · Explicit | 49 min`, `3. März 2026 · 48 Min.`, `Published: 3 mars 2026`,
    `Tue, Mar 3, 2026 • S2 E5 • 49m`. Everything besides the date must be such a field."""
    text = clean(line)
    if not text or len(text) > 160 or not _YEAR.search(text):
        return None
    m = NAMED_DATE.search(text) or NUMERIC_DATE.search(text)
    if not m:
        return None
    before, after = text[:m.start()], text[m.end():]
    duration = None
    unknown = 0
    for where, part in (("before", before), ("after", after)):
        for field in _FIELD_SPLIT.split(part):
            field = field.strip(" .:;()[]")
            if not field:
                continue
            seconds = parse_duration(_DURATION_LABEL.sub("", field))
            if seconds:
                duration = duration or seconds
                continue
            if _META_FIELD.match(field) or is_button(field) or is_artefact(field):
                continue
            if where == "after" and not unknown and len(field.split()) <= 3 and not re.search(r"[.!?]$", field) \
                    and re.match(r"\s*[|·•∙⋅]", after):
                unknown += 1  # one short field of the directory's own (a category, a rating)
                continue
            return None
    return m.group(0), duration


def duration_line(text: str) -> int | None:
    """Seconds of a line that is only a duration (`49m`, `48 Min.`, `Dauer: 1 Std. 5 Min.`)."""
    if not text or len(text) > 40 or not _DIGIT.search(text):
        return None
    m = meta_line(text)
    value = m[1] if m and m[0] == "duration" else text.strip(" ·|•()")
    if re.fullmatch(r"\d+\s*(?:s|secs?|seconds?)\.?", value, re.I):
        return None  # `2020s`: a listing gives minutes and hours
    return parse_duration(value)


def title_score(text: str) -> float:
    """How much a line looks like an episode title: short, no sentence, not a list item, time or label."""
    if not text or len(text) > 200 or LIST_ITEM.match(text) or HEADING.match(text):
        return 0.0
    if TIME_IN.match(text) or text.startswith(("(", "[")) and TIME_IN.search(text[:12]):
        return 0.0
    if meta_line(text):
        return 0.2
    words = len(text.split())
    if text.endswith(":"):
        return 0.3
    if text.endswith("."):
        return 0.2 if words > 12 or re.search(r"[.!?]\s+[A-Z]", text) else 0.5
    return 0.3 if words > 25 else 1.0
