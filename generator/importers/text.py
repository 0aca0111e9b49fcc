"""Text helpers shared by the parsers: line endings, page furniture, names, dates, durations
and timestamps. Everything here works on shapes (patterns of lines), never on the names of
particular shows, people or seed files."""
from __future__ import annotations

import datetime as dt
import functools
import re

from generator.content.loader import MAX_GUID, is_web_url
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
    # the same furniture in other languages, and paywalls, sign-up prompts and legal links
    r"^(?:neueste|letzte) folge$|^dernier épisode$|^(?:último|ultimo) episodio$|^(?:último|ultimo) episódio$",
    r"^\d[\d,.]* (?:folgen|épisodes?|episodios?|episodi|episódios?|afleveringen)$",
    r"^(?:weitere|mehr|ähnliche) [\w &,-]*podcasts$|^(?:plus de|autres) podcasts\b|^más podcasts\b|^altri podcast\b",
    r"^(?:podcast-?website|website des podcasts|site (?:web )?du podcast|sitio web del podcast)$",
    r"^(?:hol dir|lade dir|hole dir) die (?:kostenlose )?\S+[ -]app\b|^(?:télécharge[rz]?|obtenez) l['’]appli",
    r"^descarga (?:la )?(?:app|aplicación)\b",
    r"^unlock (?:the |this |all |full )?\w+|^upgrade (?:to|for|now)\b|^(?:become|join as) an? (?:member|subscriber|supporter)\b",
    r"^create (?:a |your )?(?:free )?account\b|^(?:log|sign) in to (?:read|see|access|continue|unlock|view|get)\b",
    r"^sign up (?:for free|free|to (?:read|see|access|continue|unlock|view|get))\b|^start (?:your )?free trial\b",
    r"^(?:this|the rest of this) (?:content|section|summary|transcript|episode) is (?:only )?(?:for|available to) ",
    r"^(?:members|subscribers|premium|pro|plus) only\b|^read the (?:full|complete|rest of the) (?:transcript|summary)\b",
    r"^get (?:full|unlimited|instant) access\b|^🔒|^locked$",
    r"^(?:jetzt )?(?:kostenlos )?(?:registrieren|anmelden)\b|^(?:nur )?für (?:mitglieder|abonnenten|premium)",
    r"^(?:mit|für) \w+(?:[ -]\w+)? (?:freischalten|verfügbar)\b|^verfügbar (?:mit|für) |^\w+ freischalten$",
    r"^(?:inscrivez-vous|s['’]inscrire|connectez-vous|se connecter|abonnez-vous)\b|^réservé aux (?:abonnés|membres)",
    r"^disponible avec (?:un |une |l['’])|^débloque[rz]?\b",
    r"^(?:regístrate|registrarse|inicia sesión|iniciar sesión|suscríbete)\b|^s[oó]lo para (?:suscriptores|miembros)",
    r"^disponible con (?:una? )|^desbloquea\b",
    r"^(?:we use cookies|wir verwenden cookies|nous utilisons des cookies|utilizamos cookies)\b",
    r"^(?:accept all|reject all|alle akzeptieren|tout accepter|aceptar todo)$",
    r"^(?:privacy policy|terms of (?:service|use)|impressum|datenschutz(?:erklärung)?|mentions légales|aviso legal)$",
    r"\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b|\btodos los derechos reservados\b",
    r"^(?:advertisement|anzeige|werbung|publicité|publicidad)$",
    r"^(?:load|show|see) more episodes$|^(?:mehr|weitere) folgen (?:laden|anzeigen)$|^(?:voir|charger) plus d['’]épisodes$",
    r"^(?:cargar|ver) más episodios$|^all episodes$|^alle folgen$|^tous les épisodes$|^todos los episodios$",
]]

# A player's or directory's buttons, in the languages directories are scraped in; a line that is
# only one of these is never a title or description.
_BUTTONS = {
    "play", "play episode", "play now", "pause", "share", "share episode", "save", "saved", "download", "like",
    "follow", "following", "subscribe", "more", "less", "show more", "show less", "read more", "see more",
    "see all", "view all", "load more", "listen", "listen now", "add to queue", "queue", "play next",
    "mark as played", "episode details", "details", "copy link", "embed", "resume", "next", "previous",
    "abspielen", "wiedergeben", "folge abspielen", "pausieren", "teilen", "folge teilen", "speichern", "merken",
    "herunterladen", "folgen", "abonnieren", "mehr", "weniger", "mehr anzeigen", "weniger anzeigen",
    "alle anzeigen", "mehr laden", "anhören", "jetzt anhören", "zur warteschlange hinzufügen",
    "als gespielt markieren", "link kopieren", "einbetten", "weiter", "zurück",
    "lire", "lecture", "écouter", "écouter l'épisode", "partager", "enregistrer", "télécharger", "suivre",
    "s'abonner", "s’abonner", "afficher plus", "voir plus", "voir tout", "lire la suite", "charger plus",
    "ajouter à la file d'attente", "détails",
    "reproducir", "escuchar", "pausa", "compartir", "guardar", "descargar", "seguir", "suscribirse",
    "ver más", "mostrar más", "ver todo", "cargar más", "leer más", "añadir a la cola", "detalles", "más",
    "riproduci", "ascolta", "condividi", "scarica", "segui", "iscriviti", "mostra altro",
    "reproduzir", "ouvir", "compartilhar", "baixar", "afspelen", "delen", "volgen", "meer",
}
_ICONS = " \t•*·-–—▶►⏵⏯▷❯›»+…|"
# What a scraper writes where a page's script had no value: never text of the page.
_ARTEFACTS = {"undefined", "null", "nan", "[object object]", "n/a", "…", "...", "-", "—"}
_ARTEFACT_HINT = re.compile(r"undefined|null|nan|object|n/a")


def is_button(line: str) -> bool:
    """A line that is only a button label (`Play`, `Share`, `Abspielen`, `Partager`, `▶ Reproducir`)."""
    text = clean(line).strip(_ICONS).lower()
    return bool(text) and len(text) <= 40 and text in _BUTTONS


def is_artefact(line: str) -> bool:
    """A scraping artefact: a literal `undefined`, `null`, `NaN`, `[object Object]` (or a line of them)."""
    text = clean(line).strip(_ICONS + "()[]{}").lower()
    if not text or len(text) > 60:
        return not text and bool(line.strip())
    if text not in _ARTEFACTS and not _ARTEFACT_HINT.search(text):
        return False
    return all(part in _ARTEFACTS for part in re.split(r"\s*[|·•,/]\s*|\s+", text) if part)


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of a regex source."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return out + [pattern[start:]]


# Patterns anchored at the start are tried together at position 0 only (one `match` per line);
# the few that may match anywhere are searched one by one.
_ANCHORED = re.compile("|".join(b for p in _FURNITURE for b in _branches(p.pattern) if b.startswith("^")), re.I)
_ANYWHERE = re.compile("|".join(b for p in _FURNITURE for b in _branches(p.pattern) if not b.startswith("^")), re.I)


def is_furniture(line: str) -> bool:
    text = clean(line).lstrip("•*·- ").strip()
    if not text:
        return False
    if len(text) <= 60 and (is_button(text) or is_artefact(text)):
        return True
    return _ANCHORED.match(text) is not None or _ANYWHERE.search(text) is not None


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
             "Labs", "Research", "Capital", "Ventures", "Partners", "Group", "Team", "News", "Daily", "Weekly",
             # products', sponsors' and companies' last words: never a person's surname
             "Cloud", "Code", "Studio", "Studios", "App", "Apps", "Pro", "Max", "Plus", "Edge", "Works", "Systems",
             "Software", "Technologies", "Tech", "Health", "Bank", "Foods", "Motors", "Media", "Network",
             "Networks", "Press", "Games", "Coffee", "Tools", "Data", "Analytics", "Robotics", "Energy", "Platform",
             "Suite", "Engine", "Hub", "Kit", "Boats", "Company", "Inc", "Corp", "Foundation", "Society", "Club",
             "Store", "Shop", "Market", "Markets", "Agency", "Insurance", "Airlines", "Mobile", "Online", "Radio",
             "Magazine", "Journal", "Times", "Post", "Bikes", "Cars", "Solutions", "Services", "Industries",
             "Pharma", "Bio", "Beverages", "Brewing", "Wines", "Academy", "School", "College", "Podcasts"}


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


# ---------------------------------------------------------------- labelled metadata lines

# Labels a page puts before an episode's facts, in the languages pages are scraped in.
META_LABELS = {
    "date": ("published", "published on", "publish date", "publication date", "release date", "released",
             "released on", "date", "aired", "aired on", "air date", "episode date", "posted", "posted on",
             "veröffentlicht", "veröffentlicht am", "erschienen", "erschienen am", "datum", "veröffentlichungsdatum",
             "sendedatum", "publié", "publié le", "date de publication", "mis en ligne le", "diffusé le",
             "publicado", "publicado el", "publicado em", "fecha", "fecha de publicación", "emitido el",
             "pubblicato", "pubblicato il", "data"),
    "duration": ("duration", "length", "runtime", "running time", "listen time", "episode length", "dauer",
                 "länge", "laufzeit", "spieldauer", "durée", "duración", "durata", "duração"),
    "show": ("show", "podcast", "series", "program", "programme", "from the podcast", "sendung", "émission",
             "programa"),
    "guests": ("guest", "guests", "featuring", "feat", "ft", "gast", "gäste", "gaeste", "invité", "invités",
               "invitée", "invitées", "invitado", "invitados", "invitada", "invitadas", "ospite", "ospiti",
               "convidado", "convidados"),
    "hosts": ("host", "hosts", "hosted by", "co-hosts", "moderator", "moderatorin", "moderation", "moderiert von",
              "gastgeber", "présenté par", "animé par", "animateur", "animatrice", "présentateur", "presentador",
              "presentadora", "presentado por", "conducido por", "conduttore", "apresentador"),
    "people": ("speakers", "speaker", "participants", "people", "cast", "with", "sprecher", "mit",
               "intervenants", "avec", "participantes", "con", "ponentes", "partecipanti"),
    "by": ("by", "von", "par", "por"),
}
_LABEL_KEY = {label: key for key, labels in META_LABELS.items() for label in labels}
_LABEL_RE = "|".join(re.escape(l) for l in sorted(_LABEL_KEY, key=len, reverse=True))
# `Label: value` (also `Label – value`), or a label that reads as the start of a sentence
# without a colon: `Published March 3, 2026`, `Veröffentlicht am 3. März 2026`, `By Ada Quill`.
_META = re.compile(rf"^(?:\*\*)?(?P<label>{_LABEL_RE})\.?(?:\*\*)?\s*(?:[:：](?:\*\*)?|\s[–—-])\s*(?P<value>\S.*)$", re.I)
_META_BARE = re.compile(rf"^(?P<label>{_LABEL_RE})\s+(?P<value>\S.*)$", re.I)
_BARE_LABELS = {"hosted by", "featuring", "moderiert von", "présenté par", "animé par", "presentado por",
                "conducido por"}


def meta_line(line: str) -> tuple[str, str] | None:
    """(key, value) of a labelled fact line: key is one of META_LABELS' keys. A label without a
    colon counts only when its value is what the label announces (a date, a duration, a name)."""
    text = clean(line)
    if not text or len(text) > 300:
        return None
    m = _META.match(text)
    if m:
        return _LABEL_KEY[m.group("label").lower()], m.group("value").strip()
    m = _META_BARE.match(text)
    if not m:
        return None
    label, value = m.group("label").lower(), m.group("value").strip()
    key = _LABEL_KEY[label]
    if key == "date" and lone_date(value):
        return key, value
    if key == "duration" and parse_duration(value):
        return key, value
    if (key == "by" or label in _BARE_LABELS) and len(value) <= 80 and not re.search(r"[.!?]$", value) \
            and value[:1].isupper():
        return ("hosts" if label in _BARE_LABELS and key != "guests" else key), value
    return None


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


# ---------------------------------------------------------------- headings

_HEADING_JUNK = re.compile(r"^[#*_\W\d]*?(?=[^\W\d_])|[\s:：#*_.]+$")


def heading_key(line: str) -> str:
    """A line as a heading would be compared: without Markdown marks, icons, numbering or a
    trailing colon, lowercased: `## Key Takeaways:` and `🔑 Key takeaways` -> `key takeaways`."""
    text = clean(line)
    if len(text) > 80:
        return ""
    return _HEADING_JUNK.sub("", text).lower()


# ---------------------------------------------------------------- lists of people

_HOST_ROLES = {"host", "co-host", "cohost", "hosts", "moderator", "moderatorin", "moderation", "gastgeber",
               "gastgeberin", "animateur", "animatrice", "présentateur", "présentatrice", "presentador",
               "presentadora", "conductor", "conductora", "conduttore", "apresentador", "interviewer"}
_GUEST_ROLES = {"guest", "gast", "invité", "invitée", "invitado", "invitada", "ospite", "convidado",
                "convidada", "guest speaker", "interviewee"}
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|sir|dame)\.?\s+", re.I)


_PEOPLE_SEP = re.compile(r"\s*[,;&/·•|]\s*(?:(?:and|und|et|y|e|en)\s+)?|\s+(?:and|und|et|y|e|en)\s+")


def split_people(value: str) -> list[str]:
    """The items of `A (role) & B (role)`, `A (host), B (guest), A (host)`, `A, B and C`,
    `A (x) y B (y)`: split at commas, semicolons, `&`, `/`, `·` and the word `and` (in a few
    languages), never inside parentheses."""
    masked, depth = [], 0
    for ch in value:
        if ch in "([":
            depth += 1
        masked.append(ch if depth == 0 else "_")
        if ch in ")]":
            depth = max(0, depth - 1)
    out, begin = [], 0
    for m in _PEOPLE_SEP.finditer("".join(masked)):
        out.append(value[begin:m.start()])
        begin = m.end()
    out.append(value[begin:])
    return [i.strip() for i in out if i.strip()]


def person_item(item: str) -> tuple[str, str | None, str | None, str | None] | None:
    """(name, role, position, affiliation) of one list item: `Lina Park (economist)`,
    `Ada Quill (host)`, `Kim Osei (CEO, Assemblix)`, `Dr. Omar Reyes`; None if it names nobody."""
    text = clean(item).strip(" .:-–—")
    m = re.fullmatch(r"(?P<name>[^()\[\]]+?)\s*(?:[(\[](?P<paren>[^()\[\]]*)[)\]])?", text)
    if not m:
        return None
    name = _HONORIFIC.sub("", m.group("name").strip())
    if not is_name(name):
        return None
    paren = (m.group("paren") or "").strip()
    role = position = affiliation = None
    low = paren.lower()
    if low in _HOST_ROLES:
        role = "host"
    elif low in _GUEST_ROLES:
        role = "guest"
    elif paren:
        if ", " in paren:
            position, affiliation = (x.strip() for x in paren.rsplit(", ", 1))
        elif paren[:1].islower():
            position = paren
        else:
            affiliation = paren
    return name, role, position, affiliation


def people_list(value: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """Every person a `Guests:`/`Speakers:` value names, once each (the first mention's details)."""
    out: dict[str, tuple[str, str | None, str | None, str | None]] = {}
    for item in split_people(value):
        found = person_item(item)
        if found and found[0] not in out:
            out[found[0]] = found
    return list(out.values())


# ---------------------------------------------------------------- values content files accept


def web_url(value) -> str | None:
    """An absolute http(s) URL as `check` accepts it (stripped), else None."""
    return value.strip() if isinstance(value, str) and is_web_url(value.strip()) else None


def guid_value(value) -> str | None:
    """A guid as `check` accepts it: text or a number, one line, not empty, at most MAX_GUID characters."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    value = str(value).strip()
    return value if value and "\n" not in value and "\r" not in value and len(value) <= MAX_GUID else None
