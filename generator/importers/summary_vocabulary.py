"""What summary pages and summary sites share, line by line: the section headings in English,
German, French, Spanish and Italian; the lines that end a page's own content ("More from <show>",
"More episodes like this"), its navigation, paywall and sponsor lines; labelled metadata lines
(`Published: …`, `Release Date: …`, `Guests: A (role) & B (role)`, `With: A (host), B (guest)`,
`By …`) and the `<Show>•<Date>` line, read by `Meta`."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importers.records import PersonRecord
from generator.importers.text import (NAMED_DATE, NUMERIC_DATE, heading_key, is_name, lone_date, meta_line,
                                      parse_duration, people_list)


# ---------------------------------------------------------------- shared vocabulary

SECTIONS = {
    "summary": ("summary", "podcast summary", "episode summary", "summary of the episode", "overview",
                "episode overview", "tl;dr", "tldr", "about this episode", "zusammenfassung",
                "podcast-zusammenfassung", "podcast zusammenfassung", "überblick", "über diese folge", "résumé",
                "résumé de l'épisode", "résumé du podcast", "à propos de cet épisode", "resumen", "resumen del podcast",
                "resumen del episodio", "sobre este episodio", "riassunto", "resumo", "samenvatting"),
    "insights": ("key insights", "key points", "key takeaways", "takeaways", "main takeaways", "main points",
                 "key ideas", "key lessons", "lessons", "lessons learned", "kernaussagen", "wichtigste erkenntnisse",
                 "erkenntnisse", "die wichtigsten punkte", "wichtige punkte", "points clés", "points-clés",
                 "à retenir", "idées clés", "enseignements clés", "puntos clave", "conclusiones clave",
                 "ideas clave", "aprendizajes clave", "punti chiave"),
    "highlights": ("highlights", "key moments", "notable moments", "best moments", "episode highlights",
                   "höhepunkte", "highlights der folge", "schlüsselmomente", "temps forts", "moments clés",
                   "momentos destacados", "momentos clave", "momenti salienti"),
    "chapters": ("chapters", "timestamps", "episode chapters", "kapitel", "zeitmarken", "chapitres",
                 "horodatages", "capítulos", "marcas de tiempo", "capitoli"),
    "topics": ("topics", "topics covered", "tags", "themes", "themen", "schlagwörter", "sujets", "thèmes",
               "temas", "etiquetas", "argomenti"),
    "transcript": ("transcript", "transcript excerpt", "transcript preview", "from the transcript", "transkript",
                   "auszug aus dem transkript", "transcription", "extrait de la transcription", "transcripción",
                   "extracto de la transcripción", "trascrizione"),
    "people": ("speakers", "guests", "guest", "hosts", "about the guests", "about the guest", "people",
               "sprecher", "gäste", "gast", "intervenants", "invités", "invité", "participantes", "invitados",
               "ponentes", "ospiti"),
    "facts": ("statistics & facts", "stats & facts", "facts & figures", "zahlen & fakten", "chiffres clés",
              "datos y cifras"),
    "quotes": ("notable quotes", "quotes", "memorable quotes", "thought-provoking quotes", "zitate",
               "citations", "citas"),
    "links": ("links", "resources", "links & resources", "mentioned in this episode", "books mentioned",
              "links und ressourcen", "liens", "ressources", "enlaces", "recursos"),
}
SECTION_OF = {name: key for key, names in SECTIONS.items() for name in names}


def section_key(line: str) -> str | None:
    """The section a heading line opens ("summary", "insights", …), or None."""
    return SECTION_OF.get(heading_key(line)) if line and len(line) <= 80 else None


# "More from <show>" (glued to the paywall line on some pages) ends the page's own content.
MORE_FROM = re.compile(r"(?:^|(?<=[a-z]))(?:More (?:episodes )?from|Mehr von|Weitere Folgen von|"
                       r"Plus d['’]épisodes de|Autres épisodes de|Más episodios de|Altri episodi di)\s+"
                       r"(?P<show>\S.{0,120}?)\s*$")
GENERIC_SHOW = re.compile(r"^(?:this|the) (?:show|podcast|creator|channel)$|^diese[mr]? (?:podcast|show)$|"
                           r"^(?:ce|cette) (?:podcast|émission)$|^este (?:podcast|programa)$", re.I)
# ... and so do lists of other shows' episodes.
END = re.compile(r"^(?:more episodes(?: like this)?|similar episodes|related episodes|recommended episodes|"
                 r"you (?:may|might) also like|ähnliche folgen|weitere folgen|das könnte dir auch gefallen|"
                 r"épisodes similaires|vous aimerez aussi|episodios similares|más episodios como este|"
                 r"te puede interesar|también te puede gustar|episodi simili)\b", re.I)
NAV = re.compile(r"^(?:summary sections|sections|on this page|contents|table of contents|in this summary|"
                 r"auf dieser seite|inhalt|inhaltsverzeichnis|sur cette page|sommaire|en esta página|contenido|"
                 r"índice|in questa pagina)$", re.I)
NAV_ITEM = re.compile(r"^\s*[•·*-]\s+(?P<text>\S.*)$")
PAYWALL_SUFFIX = re.compile(r"(?<=[a-z])(?:Premium|Plus|Pro|Members?)$")
PAYWALL = re.compile(r"^(?:available (?:with|to|for) an? \w+|verfügbar (?:mit|für) |disponible (?:avec|con|para) |"
                      r"unlock (?:with|this|the)|upgrade to|🔒)", re.I)
SPONSOR = re.compile(r"^(?:(?:this episode is |today's episode is )?(?:brought to you by|sponsored by|presented by)|"
                     r"(?:our |today's )?sponsors?\b|thanks to (?:our|today's) sponsors?|"
                     r"(?:diese folge )?(?:wird )?(?:präsentiert|gesponsert|unterstützt) von|werbepartner|"
                     r"sponsoris[ée]+ par|en partenariat avec|patrocinado por|con el apoyo de)", re.I)
_SHOW_FIELDS = re.compile(r"\s*[•·|]\s*")
_DIGIT = re.compile(r"\d")
_EPISODE_FIELD = re.compile(r"^(?:episode|ep|folge|épisode|episodio|#|e)\.?\s*\d+$", re.I)


def is_prose(line: str) -> bool:
    """A sentence (end punctuation, a trailing timestamp aside) or a long line."""
    bare = _TRAILING_STAMP.sub("", line) if line.endswith((")", "]")) else line
    return bool(re.search(r"[.!?…]$", bare)) or len(line.split()) > 12


_TRAILING_STAMP = re.compile(r"\s*[(\[]\s*\d{1,2}(?::\d{2}){1,2}(?:\s*[-–—~]\s*\d{1,2}(?::\d{2}){1,2})?\s*[)\]]\s*$")


def show_date_line(line: str) -> tuple[str, object, int | None] | None:
    """(show, date or None, duration or None) of a page's `<Show>•<Date>` line, also written
    `Show | Mar 3, 2026 | 1h 5m`, `March 3, 2026 • Show` or `Show • Episode 41`."""
    if not line or len(line) > 160 or not _DIGIT.search(line) or not _SHOW_FIELDS.search(line):
        return None
    fields = [f.strip() for f in _SHOW_FIELDS.split(line) if f.strip()]
    if len(fields) < 2:
        return None
    show, date, duration, numbered = None, None, None, False
    for f in fields:
        d = lone_date(f) if (NAMED_DATE.search(f) or NUMERIC_DATE.search(f)) else None
        if d and date is None:
            date = d
        elif parse_duration(f) and duration is None:
            duration = parse_duration(f)
        elif _EPISODE_FIELD.match(f):
            numbered = True
        elif show is None and not is_prose(f) and len(f.split()) <= 12 and not (NAMED_DATE.search(f) or NUMERIC_DATE.search(f)):
            show = f
        else:
            return None
    if show is None or not (date or duration or numbered):
        return None
    return show, date, duration


# ---------------------------------------------------------------- labelled metadata lines


@dataclass
class Meta:
    """What a page's labelled lines and `Show • Date` line say about its episode."""
    show: str | None = None
    date: object = None
    duration: int | None = None
    people: list[PersonRecord] = field(default_factory=list)
    lines: int = 0  # how many labelled lines there were

    def read(self, line: str) -> bool:
        """Take one line if it is a metadata line; whether it was."""
        m = meta_line(line)
        if m:
            key, value = m
            if key == "date":
                d = lone_date(value)
                self.date = self.date or d
                if d is None and not (NAMED_DATE.search(value) or NUMERIC_DATE.search(value)):
                    return False
                rest = parse_duration(value.split("·")[-1]) if "·" in value else None
                self.duration = self.duration or rest
            elif key == "duration":
                seconds = parse_duration(value)
                if seconds is None:
                    return False
                self.duration = self.duration or seconds
            elif key == "show":
                self.show = self.show or value
            elif key == "by":
                if is_name(value):
                    self._add(value, "host", None, None)
                elif not is_prose(value):
                    self.show = self.show or value
                else:
                    return False
            else:
                found = people_list(value)
                if not found:
                    return False
                default = {"guests": "guest", "hosts": "host"}.get(key)
                for name, role, position, org in found:
                    self._add(name, role or default, position, org)
            self.lines += 1
            return True
        sd = show_date_line(line)
        if sd:
            show, date, duration = sd
            self.show, self.date, self.duration = self.show or show, self.date or date, self.duration or duration
            return True
        return False

    def _add(self, name: str, role: str | None, position: str | None, org: str | None) -> None:
        if any(p.name == name for p in self.people):
            return
        self.people.append(PersonRecord(name, role, affiliation=org, position=position, strength=3))
