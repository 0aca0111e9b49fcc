"""Labelled lines: a page's `Label: value` fact lines (`Published: …`, `Guests: …`, `By …`, in the
languages pages are scraped in) and heading lines compared as headings."""
from __future__ import annotations

import re

from generator.importers.text.dates import lone_date
from generator.importers.text.lines import clean
from generator.importers.text.times import parse_duration


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


# ---------------------------------------------------------------- headings

_HEADING_JUNK = re.compile(r"^[#*_\W\d]*?(?=[^\W\d_])|[\s:：#*_.]+$")


def heading_key(line: str) -> str:
    """A line as a heading would be compared: without Markdown marks, icons, numbering or a
    trailing colon, lowercased: `## Key Takeaways:` and `🔑 Key takeaways` -> `key takeaways`."""
    text = clean(line)
    if len(text) > 80:
        return ""
    return _HEADING_JUNK.sub("", text).lower()
