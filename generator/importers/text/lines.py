"""Lines as the parsers see them: one spelling of whitespace, and the page furniture (buttons,
scraping artefacts, app and sign-up prompts, legal links) that is never a page's own text."""
from __future__ import annotations

import re


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
