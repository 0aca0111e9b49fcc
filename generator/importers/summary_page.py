"""A summary page: one episode, its title, a one-sentence blurb, often show / date / duration /
guest lines, then sections (summary, key insights or points, highlights or key moments with
timestamps, chapters, topics, a short transcript excerpt), then furniture: a paywall, a sign-up
prompt, and a "More from <show>" list of the show's other episodes.

The excerpt is cut off ("…") and its stamps cover the first half minute only, so it is no
transcript: it becomes a short quotation in the description, stamps removed. The "More from"
list only names the show; its items are other episodes' furniture and are dropped.

This module also holds what summary pages and summary sites share (summary_site imports it):
the section headings in English, German, French, Spanish and Italian; labelled metadata lines
(`Published: …`, `Release Date: …`, `Guests: A (role) & B (role)`, `With: A (host), B (guest)`,
`By …`); timestamps as `(MM:SS)`, `[MM:SS]`, bare `MM:SS` lines and ranges `[16:55–23:30]` (the
start is the moment); the lines that end a page's own content; and the shape signals by which
`detect` tells the two kinds apart (see `fit`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from generator.importers import people
from generator.importers.chapter_lines import find_chapters
from generator.importers.records import Block, EpisodeRecord, Insight, TimedTitle, ParsedDocument, PersonRecord
from generator.importers.text import (LIST_ITEM, NAMED_DATE, NUMERIC_DATE, STAMP, clean, heading_key, is_furniture,
                                      is_name, item_text, lone_date, meta_line, normalize, parse_duration,
                                      people_list, stamp_line, stamped, to_seconds)

FORMAT = "summary page"

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
_GENERIC_SHOW = re.compile(r"^(?:this|the) (?:show|podcast|creator|channel)$|^diese[mr]? (?:podcast|show)$|"
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
_PAYWALL = re.compile(r"^(?:available (?:with|to|for) an? \w+|verfügbar (?:mit|für) |disponible (?:avec|con|para) |"
                      r"unlock (?:with|this|the)|upgrade to|🔒)", re.I)
SPONSOR = re.compile(r"^(?:(?:this episode is |today's episode is )?(?:brought to you by|sponsored by|presented by)|"
                     r"(?:our |today's )?sponsors?\b|thanks to (?:our|today's) sponsors?|"
                     r"(?:diese folge )?(?:wird )?(?:präsentiert|gesponsert|unterstützt) von|werbepartner|"
                     r"sponsoris[ée]+ par|en partenariat avec|patrocinado por|con el apoyo de)", re.I)
_SHOW_FIELDS = re.compile(r"\s*[•·|]\s*")
_DIGIT = re.compile(r"\d")
_EPISODE_FIELD = re.compile(r"^(?:episode|ep|folge|épisode|episodio|#|e)\.?\s*\d+$", re.I)
_BREADCRUMB = re.compile(r"^(?:podcasts?|home|start(?:seite)?|accueil|inicio)\s*[›>/»|]|\S\s[›>»]\s\S.*\s[›>»]\s", re.I)


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


# ---------------------------------------------------------------- reading a page


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


@dataclass
class Page:
    """A summary page or site read into its parts."""
    head: list[str] = field(default_factory=list)  # lines before the first section, metadata removed
    meta: Meta = field(default_factory=Meta)
    sections: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (key, heading as written, lines)
    more_from: str | None = None  # the show a "More from <show>" line names
    sponsors: list[str] = field(default_factory=list)

    def lines_of(self, key: str) -> list[str]:
        return [l for k, _, lines in self.sections if k == key for l in lines]


_READ: list = [None, None]  # (text, Page) of the last page read: near_miss and parse read the same


def read_page(text: str) -> Page:
    """Head, metadata, sections and the end of a page's own content (the caller must not change it)."""
    if _READ[0] is not None and _READ[0] == text:
        return _READ[1]
    page = _read_page(text)
    _READ[:] = [text, page]
    return page


HEAD_LINES = 400  # metadata and the `Show•Date` line stand at a page's top: looked for there only


def _read_page(text: str) -> Page:
    page = Page()
    current: tuple[str, str, list[str]] | None = None
    for n, line in enumerate(clean(l) for l in normalize(text).split("\n")):
        more = MORE_FROM.search(line) if len(line) <= 200 else None
        if more:
            show = more.group("show")
            page.more_from = None if _GENERIC_SHOW.match(show) else show
            break  # what follows is the show's other episodes
        if END.match(line):
            break
        if not line or is_furniture(line) or _PAYWALL.match(line):
            continue
        key = section_key(line)
        if key:
            current = (key, line, [])
            page.sections.append(current)
            continue
        if SPONSOR.match(line):
            page.sponsors.append(line)
        if current is None:
            if n >= HEAD_LINES or not page.meta.read(line):
                page.head.append(line)
        else:
            current[2].append(line)
    return page


def title_and_blurb(head: list[str], show: str | None) -> tuple[str | None, list[str], list[str]]:
    """The title (the first head line that is not a breadcrumb, the show's name or a one-word
    site name before the real title), the blurb lines after it and the name-only lines."""
    cands = [l for l in head if not _BREADCRUMB.search(l) and (not show or l.lower() != show.lower())]
    while len(cands) > 1 and len(cands[0].split()) == 1 and not is_prose(cands[0]):
        cands = cands[1:]  # a site's name above the title
    if not cands:
        return None, [], []
    title, rest = cands[0], cands[1:]
    names = [l for l in rest if is_name(l)]
    return title, [l for l in rest if l not in names], names


# ---------------------------------------------------------------- telling the kinds apart


@dataclass
class Fit:
    content: float  # how much of a one-episode summary the page has, whichever kind
    page: float  # the summary page's own shape: flat bulleted points, labelled lines, "More from"
    site: float  # the summary site's: section navigation, speaker bios, `Show•Date`, paywalls, titled takeaways


_LAST: list = [None, None]  # (text, Fit) of the last page: both summary parsers' detect read the same


def fit(text: str) -> Fit:
    """Shape signals of a one-episode summary. The content score counts its sections (summary,
    key points, highlights, topics, chapters, transcript excerpt, labelled metadata); the page
    and site scores the features only one of the two kinds has."""
    if _LAST[0] is not None and _LAST[0] == text:
        return _LAST[1]
    found = _fit(text)
    _LAST[:] = [text, found]
    return found


def _fit(text: str) -> Fit:
    lines = [clean(l) for l in normalize(text).split("\n")]
    keys: dict[str, list[list[str]]] = {}
    current: list[str] | None = None
    nav = paywall = more_like = more_from = show_date = excerpt_stamps = False
    meta = 0
    in_nav = False
    for i, line in enumerate(lines):
        if not line:
            continue
        if len(line) <= 200 and MORE_FROM.search(line):
            more_from = True
            break
        if END.match(line):
            more_like = True
            break
        if NAV.match(line):
            in_nav = True
            continue
        if in_nav:
            m = NAV_ITEM.match(line)
            if m:
                nav = nav or bool(section_key(PAYWALL_SUFFIX.sub("", m.group("text")).strip()))
                paywall = paywall or bool(PAYWALL_SUFFIX.search(m.group("text")))
                continue
            in_nav = False
        if _PAYWALL.match(line):
            paywall = True
            continue
        key = section_key(line)
        if key:
            current = []
            keys.setdefault(key, []).append(current)
            continue
        if current is None:
            if i < HEAD_LINES and meta_line(line):
                meta += 1
            elif i < HEAD_LINES and not show_date and show_date_line(line):
                show_date = True
        elif not is_furniture(line):
            current.append(line)
        if "[0:" in line or re.match(r"^\[\d{1,2}:\d{2}\]", line):
            excerpt_stamps = True
    insights = [l for block in keys.get("insights", []) for l in block]
    speakers = [l for block in keys.get("people", []) for l in block]
    bulleted = sum(1 for l in insights if LIST_ITEM.match(l)) >= 2
    pairs = not bulleted and sum(1 for lead, _ in pair_titles(insights) if lead) >= 2
    bios = any(speaker_name(a) and is_prose(b) for a, b in zip(speakers, speakers[1:]))
    if not {"summary", "insights", "highlights"} & set(keys):
        content = 0.0  # no summary, key points or highlights: not a summary of either kind
    else:
        content = (0.35 * ("summary" in keys) + 0.35 * ("insights" in keys) + 0.2 * ("highlights" in keys)
                   + 0.1 * ("topics" in keys) + 0.05 * ("chapters" in keys)
                   + 0.1 * ("transcript" in keys or excerpt_stamps) + 0.1 * bool(meta))
    page = 0.1 * more_from + 0.1 * bulleted + 0.05 * bool(meta) + 0.05 * ("transcript" in keys and excerpt_stamps)
    site = 0.2 * nav + 0.15 * bios + 0.1 * show_date + 0.1 * paywall + 0.1 * pairs + 0.05 * more_like
    return Fit(content, page, site)


def detect(text: str) -> float:
    f = fit(text)
    return max(0.0, min(f.content + f.page - f.site, 0.95)) if f.content else 0.0


def near_miss(text: str) -> str | None:
    """Why a page shaped like a summary page is not read as one, or None."""
    f = fit(text)
    if f.content == 0.0:
        page = read_page(text)
        dated = sum(1 for l in normalize(text).split("\n") if (m := meta_line(l)) and m[0] == "date")
        if page.meta.lines and dated <= 1 and any(k in ("topics", "transcript", "chapters") for k, _, _ in page.sections):
            return ("looks like a summary page but it has no summary, key points or highlights section "
                    "(only " + ", ".join(sorted({k for k, _, _ in page.sections})) + ")")
        return None
    score = f.content + f.page - f.site
    if score >= 0.5 or f.content + f.site - f.page >= 0.5:
        page = read_page(text)
        if score >= 0.5 and title_and_blurb(page.head, page.meta.show or page.more_from)[0] is None:
            return "looks like a summary page but no title line comes before its first section"
        return None
    page = read_page(text)
    have = sorted({k for k, _, _ in page.sections})
    return ("looks like a summary page but it has too little of one: only a "
            + " and a ".join(f"'{k}'" for k in have) + " section, no other sections or episode details")


# ---------------------------------------------------------------- the summary page


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    page = read_page(text)
    show = page.more_from or page.meta.show
    title, blurb, head_names = title_and_blurb(page.head, show)
    if not title:
        doc.problems.append("no title line found")
        doc.fatal = True
        return doc
    ep = EpisodeRecord(source=name, kind="summary-page", show=show, title=title, date=page.meta.date,
                       duration=page.meta.duration)
    ep.summary = " ".join(blurb)
    summary = page.lines_of("summary")
    if summary:
        ep.description.append(Block("h", "Summary"))
        ep.description += [Block("p", p) for p in summary]
    for key, heading, lines in page.sections:
        if key in ("quotes", "links", "facts") and lines:
            ep.description.append(Block("h", _heading_text(heading)))
            ep.description += paragraphs(lines)
    quote = excerpt(page.lines_of("transcript"))
    if quote:
        ep.description.append(Block("h", "From the opening"))
        ep.description.append(Block("quote", items=quote))
    ep.key_insights, moments = insights_of(page.lines_of("insights"))
    moments += timed_lines(page.lines_of("highlights"))
    ep.highlights = sorted_moments(moments) if moments else []
    ep.chapters = chapters_of(page.lines_of("chapters"))
    ep.topics = topics_of(page.lines_of("topics"))
    prose = "\n".join(l for l in [ep.summary] + summary if not SPONSOR.match(l))
    found = [replace(p) for p in page.meta.people]  # copies: the page read is cached
    found += section_people(page.lines_of("people"), {p.name for p in found})
    found += [PersonRecord(n, "guest", strength=3) for n in head_names
              if n.split()[-1] in title or n in prose]
    found += people.from_title(ep.title, prose)
    found += people.from_description(prose)
    ep.people = [p for p in found if not any(p.name in s for s in page.sponsors)]
    ep.mention_text = "\n".join([title] + blurb + summary + quote)
    doc.episodes.append(ep)
    return doc


def _heading_text(heading: str) -> str:
    text = clean(heading).strip("#*: ")
    return text[:1].upper() + text[1:]


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
