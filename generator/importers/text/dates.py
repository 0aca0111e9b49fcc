"""Dates as pages write them: month names in seven languages, numeric dates and their day/month
order, one date field read on its own, and the relative dates that are never turned into one."""
from __future__ import annotations

import datetime as dt
import re


# ---------------------------------------------------------------- dates

# Month names and their usual abbreviations in English, German, French, Spanish, Italian,
# Portuguese and Dutch (lowercase; a trailing dot is allowed after any of them). Abbreviations
# that are everyday words in another language ("set", "out", "gen", "mag") are left out.
_MONTH_NAMES = [
    (),
    ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "janeiro", "januari"),
    ("february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "fevereiro",
     "fev", "februari"),
    ("march", "mar", "märz", "maerz", "mär", "mars", "marzo", "março", "marco", "maart", "mrt"),
    ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    ("may", "mai", "mayo", "maggio", "maio", "mei"),
    ("june", "jun", "juni", "juin", "junio", "giugno", "junho"),
    ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "julho"),
    ("august", "aug", "août", "aout", "agosto", "ago", "augustus"),
    ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "setembro"),
    ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "outubro"),
    ("november", "nov", "novembre", "noviembre", "novembro"),
    ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre",
     "dezembro"),
]
MONTHS = {name: i for i, names in enumerate(_MONTH_NAMES) for name in names}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# `January 22, 2026`, `Jan 22nd 2026`, `22 January 2026`, `3rd March 2026`, `3. März 2026`,
# `1er mars 2026`, `3 de marzo de 2026`, `3 de março de 2026`.
NAMED_DATE = re.compile(rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
                        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?(?P<m2>{_MONTH}),?\s+"
                        rf"(?:de\s+|del\s+)?(?P<y2>\d{{4}}))(?!\w)", re.I)
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
    """`January 22, 2026`, `Jan 22 2026`, `22 January 2026`, and the same in German, French,
    Spanish, Italian, Portuguese or Dutch (`3. März 2026`, `3 mars 2026`, `3 de marzo de 2026`)."""
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


# ---------------------------------------------------------------- one date field


def date_separator(text: str) -> str | None:
    m = NUMERIC_DATE.search(text)
    return m.group("nsep") if m else None


def lone_date(text: str) -> dt.date | None:
    """The date a single date field gives, with no other dates to compare it with: written out,
    year first, a numeric date with a part over 12, or a dotted `3.3.2026` (dotted dates are day
    first wherever they are written). An `a/b/yyyy` date with both parts 12 or less stays unread."""
    named = parse_named_date(text)
    if named:
        return named
    parts = numeric_parts(text)
    if not parts:
        return None
    a, b, _, year_first = parts
    if year_first:
        return date_from_parts(parts, None)
    if a > 12:
        return date_from_parts(parts, "dmy")
    if b > 12:
        return date_from_parts(parts, "mdy")
    if date_separator(text) == ".":
        return date_from_parts(parts, "dmy")
    return None


# Relative dates a directory shows instead of a date: never turned into one.
RELATIVE_DATE = re.compile(
    r"^(?:\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago|yesterday|today"
    r"|vor\s+\d+\s+(?:minuten|stunden|tagen|wochen|monaten)|gestern|heute"
    r"|il y a\s+\d+\s+(?:minutes?|heures?|jours?|semaines?|mois)|hier|aujourd['’]hui"
    r"|hace\s+\d+\s+(?:minutos?|horas?|días?|semanas?|meses?)|ayer|hoy)$", re.I)
