"""A podcast directory's listing page: a show header, repeated episode blocks, an "About" footer.

Shape: each episode block has a title and a date line (the anchor this parser finds blocks by:
a date, often with a duration, episode number or label, in any of the usual forms and in
English, German, French, Spanish, Italian, Portuguese or Dutch), then description lines,
chapter lines and sometimes a `Transcript` section of `HH:MM:SS Speaker Name: text` lines with
untimed continuation lines. The title sits above the date line (the seeds' layout) or below it;
which one is read from the repetition itself: the layout whose title candidates look like
titles in most blocks wins. Between them may sit what directories scatter around a block
(a bullet or line repeating the show's name, button labels such as `Play` or `Abspielen`,
a literal `undefined` left by a page's script, a duration line): never a title, never text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from generator.importers import people
from generator.importers.chapter_lines import find_chapters
from generator.importers.summary_page import section_key
from generator.importers.records import Block, EpisodeRecord, TimedTitle, ParsedDocument, PersonRecord, TranscriptSegment, ShowRecord
from generator.importers.text import (NAMED_DATE, NUMERIC_DATE, RELATIVE_DATE, TIME, clean, date_from_parts,
                                      date_separator, find_url, indent, infer_day_month_order,
                                      is_artefact, is_button, is_furniture, is_name, meta_line, normalize,
                                      numeric_parts, people_list, parse_duration, parse_named_date, to_seconds)

FORMAT = "podcast listing"

_BULLET = re.compile(r"^\s*[•·*]\s+(?P<text>\S.*)$")
_LIST_ITEM = re.compile(r"^\s*[*•·-]\s+(?P<text>\S.*)$")
_CHAPTER_PAREN = re.compile(rf"^\s*(?:[*•·-]\s*)?\(\s*(?P<t>{TIME})\s*\)\s*(?:[—–-]+\s*)?(?P<title>\S.*)$")
_CHAPTER_BULLET = re.compile(rf"^\s*[*•·-]\s*\[?(?P<t>{TIME})\]?\s*(?:[—–-]+\s*)?(?P<title>\S.*)$")
_CHAPTER_BARE = re.compile(rf"^\s*\[?(?P<t>{TIME})\]?\s*(?:[—–-]+\s*)?(?P<title>\S.*)$")
_SEGMENT = re.compile(rf"^\s*\[?(?P<t>{TIME})\]?\s+(?P<speaker>[^:]{{2,60}}?):\s*(?P<text>.*)$")
_SPEAKER = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}$")
_HEADING = re.compile(r"^(?P<h>chapters|timestamps|transcript|show notes|kapitel|zeitmarken|transkript|"
                      r"chapitres|transcription|capítulos|transcripción|capitoli|trascrizione)\s*:?$", re.I)
_HEADING_MODE = {"transcript": "transcript", "transkript": "transcript", "transcription": "transcript",
                 "transcripción": "transcript", "trascrizione": "transcript", "chapters": "chapters",
                 "timestamps": "chapters", "kapitel": "chapters", "zeitmarken": "chapters", "chapitres": "chapters",
                 "capítulos": "chapters", "capitoli": "chapters"}
_TIME_IN = re.compile(rf"(?<![\w:]){TIME}(?![\w:])")
_SPONSOR = re.compile(r"^(?:(?:this episode is |today's episode is )?(?:brought to you by|sponsored by|presented by)|"
                      r"(?:our |today's )?sponsors?\b|thanks to (?:our|today's) sponsors?|"
                      r"(?:diese folge )?(?:wird )?(?:präsentiert|gesponsert|unterstützt) von|werbepartner|"
                      r"sponsoris[ée]+ par|en partenariat avec|merci à notre sponsor|"
                      r"patrocinado por|gracias a nuestro patrocinador|con el apoyo de)", re.I)
_FOOTER = re.compile(r"^(?:more [\w &,-]+ podcasts|(?:weitere|mehr|ähnliche) [\w &,-]*podcasts|"
                     r"(?:plus de|autres) podcasts\b.*|más podcasts\b.*|altri podcast\b.*|"
                     r"(?:similar|related) podcasts|you (?:may|might) also like)$", re.I)
_ABOUT = r"(?:about|über|à propos de|a propos de|acerca de|sobre|informazioni su)"
# Lists another page hangs under its own content: other shows' episodes, never this page's blocks.
_PAGE_END = re.compile(r"^(?:more episodes like this|similar episodes|related episodes|you (?:may|might) also like|"
                       r"more from\b|weitere folgen (?:wie|von)|ähnliche folgen|épisodes similaires|episodios similares)", re.I)
_BREADCRUMB = re.compile(r"^(?:podcasts?|home|start(?:seite)?|accueil|inicio)\s*[›>/»|]", re.I)
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


def detect(text: str) -> float:
    """Listing pages repeat episode blocks: a title next to a date line, usually with a
    duration, usually under a bullet or line repeating the show's name."""
    found = _find(normalize(text).split("\n"))
    blocks = [b for b in found.blocks if _plausible(b.raw)]
    if not blocks:
        return 0.0
    score = 0.5 if len(blocks) >= 2 else 0.4  # one block alone needs a duration or the show's bullet too
    if len(blocks) >= 2:
        score += 0.15
    if any(b.duration for b in blocks):
        score += 0.15
    if found.repeated or any(b.bullet is not None for b in blocks):
        score += 0.15
    if len(blocks) < 3 and found.summary_headings:
        score -= 0.35  # one dated line in a summary page is that page's date, not a listing
    return max(0.0, min(score, 0.95))


def near_miss(text: str) -> str | None:
    """Why a page shaped like a listing (repeated episode blocks) is not read as one, or None."""
    lines = normalize(text).split("\n")
    found = _find(lines)
    plausible = [b for b in found.blocks if _plausible(b.raw)]
    if plausible or found.summary_headings:
        return None  # read as a listing, or a summary page's own shape
    if found.blocks:
        return "looks like a listing page but none of its episode dates is a real date"
    if len(found.anchors) >= 2:
        return "looks like a listing page but no date line has an episode title next to it"
    lines = lines[:next((i for i, l in enumerate(lines) if _PAGE_END.match(clean(l))), len(lines))]
    relative = sum(1 for l in lines if _relative_meta(clean(l)))
    durations = sum(1 for l in lines if (_duration_line(clean(l)) and not _TIME_IN.match(clean(l)))
                    or _undated_meta(clean(l)))
    if relative >= 2:
        return (f"looks like a listing page but its {relative} episode dates are relative (such as "
                f"'3 days ago'); a date is never guessed")
    undated = sum(1 for l in lines if _dated_without_year(clean(l)))
    if undated >= 2:
        return "looks like a listing page but its episode dates have no year; a date is never guessed"
    if durations >= 2 or found.repeated:
        return "looks like a listing page but no episode block has a date"
    return None


def _plausible(raw: str) -> bool:
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


def _dated_without_year(text: str) -> bool:
    """`Mar 3`, `3. März`: a date a page wrote without its year."""
    if not text or len(text) > 80 or NAMED_DATE.search(text):
        return False
    head = re.split(r"\s*[|·•∙⋅]\s*|\s+[—–-]\s+", text)[0]
    return bool(head) and len(head) <= 20 and bool(_NO_YEAR.match(head)) and \
        parse_named_date(head + " 2000") is not None


def _relative_meta(text: str) -> bool:
    """A block's date line giving only a relative date: `3 days ago · 48 min`, `vor 2 Tagen`."""
    if not text or len(text) > 160:
        return False
    fields = [f.strip(" .") for f in _FIELD_SPLIT.split(text)]
    if not any(RELATIVE_DATE.match(f) for f in fields):
        return False
    return any(c.isdigit() for c in fields[0]) or any(parse_duration(f) for f in fields)


def _undated_meta(text: str) -> bool:
    """A block's meta line without a date: `48 Min. · Folge 12`."""
    if not text or len(text) > 80 or not ("·" in text or "|" in text or "•" in text):
        return False
    fields = [f.strip(" .:;()[]") for f in _FIELD_SPLIT.split(text)]
    return any(parse_duration(f) for f in fields if f) and all(
        not f or parse_duration(f) or _META_FIELD.match(f) for f in fields)


def _meta(line: str) -> tuple[str, int | None] | None:
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


def _duration_line(text: str) -> int | None:
    """Seconds of a line that is only a duration (`49m`, `48 Min.`, `Dauer: 1 Std. 5 Min.`)."""
    if not text or len(text) > 40 or not _DIGIT.search(text):
        return None
    m = meta_line(text)
    value = m[1] if m and m[0] == "duration" else text.strip(" ·|•()")
    if re.fullmatch(r"\d+\s*(?:s|secs?|seconds?)\.?", value, re.I):
        return None  # `2020s`: a listing gives minutes and hours
    return parse_duration(value)


def _title_score(text: str) -> float:
    """How much a line looks like an episode title: short, no sentence, not a list item, time or label."""
    if not text or len(text) > 200 or _LIST_ITEM.match(text) or _HEADING.match(text):
        return 0.0
    if _TIME_IN.match(text) or text.startswith(("(", "[")) and _TIME_IN.search(text[:12]):
        return 0.0
    if meta_line(text):
        return 0.2
    words = len(text.split())
    if text.endswith(":"):
        return 0.3
    if text.endswith("."):
        return 0.2 if words > 12 or re.search(r"[.!?]\s+[A-Z]", text) else 0.5
    return 0.3 if words > 25 else 1.0


@dataclass
class _Block:
    bullet: int | None  # the bullet repeating the show's name, if any
    head: int  # first line of the block: the bullet or other head line, else the title or date line
    title: int
    date: int
    raw: str  # the date as written
    duration: int | None
    end: int  # exclusive


@dataclass
class _Found:
    anchors: list[int]
    blocks: list[_Block]
    repeated: set[str]
    layout: str
    summary_headings: bool


_SUMMARY_KINDS = {"summary", "insights", "highlights", "facts", "quotes"}  # summary_page.SECTIONS kinds


_LAST: list = [None, None]  # (text, _Found) of the last page read: detect, near_miss and parse read the same


def _find(lines: list[str]) -> _Found:
    """The page's episode blocks: date lines, their titles (above or below, by the layout most
    blocks agree on) and the head lines (bullet, show name, artefacts) that open each block."""
    key = "\n".join(lines)
    if _LAST[0] is not None and _LAST[0] == key:
        return _LAST[1]
    found = _find_blocks(lines, [clean(l) for l in lines])
    _LAST[:] = [key, found]
    return found


def _find_blocks(lines: list[str], texts: list[str]) -> _Found:
    stop = next((i for i, t in enumerate(texts) if _PAGE_END.match(t)), len(lines))
    summary_headings = any(section_key(t) in _SUMMARY_KINDS for t in texts[:stop] if len(t) <= 80)
    metas: dict[int, tuple[str, int | None]] = {}
    anchors: list[int] = []
    for i in range(stop):
        meta = _meta(texts[i])
        if meta is None:
            continue
        metas[i] = meta
        p = _prev_text(lines, i)
        if p is not None and p in metas:
            continue  # a second date line under the first belongs to it
        anchors.append(i)
    if not anchors:
        return _Found([], [], set(), "above", summary_headings)
    repeated = _repeated(texts, anchors, metas)

    def junk(i: int) -> bool:
        text = texts[i]
        if not text:
            return True
        bare = _bullet_text(text)
        return bare in repeated or is_furniture(text) or is_artefact(text) or is_button(text) \
            or bool(RELATIVE_DATE.match(bare))

    def walk(i: int, step: int, limit: int) -> int | None:
        """The first line from i (moving by step, not reaching limit) that is not junk or a duration."""
        seen = 0
        while i != limit and 0 <= i < len(lines):
            if i in metas:
                return None
            text = texts[i]
            if text and not junk(i) and not _duration_line(text):
                return i
            seen += 1 if text else 0
            if seen > 6:
                return None
            i += step
        return None

    above, below = [], []
    for k, a in enumerate(anchors):
        lo = anchors[k - 1] if k else -1
        hi = anchors[k + 1] if k + 1 < len(anchors) else stop
        t = walk(a - 1, -1, lo)
        above.append(t if t is not None and not _BULLET.match(lines[t]) else None)
        below.append(walk(a + 1, 1, hi))
    score_above = sum(_title_score(texts[t]) for t in above if t is not None)
    score_below = sum(_title_score(texts[t]) for t in below if t is not None)
    layout = "below" if score_below > score_above + 0.25 else "above"
    titles = below if layout == "below" else above

    starts = []
    for a, t in zip(anchors, titles):
        if t is None or _title_score(texts[t]) == 0.0:
            continue
        top = min(a, t)
        bullet, head = None, top
        floor = max(starts[-1][2], starts[-1][3]) if starts else -1
        j = top - 1
        while j > floor and j not in metas:
            if not lines[j].strip():
                j -= 1
                continue
            if _BULLET.match(lines[j]) and (junk(j) or len(anchors) < 2):
                bullet = head = j  # the bullet repeating the show's name opens the block
                break
            if not junk(j):
                break
            head = j
            j -= 1
        starts.append((bullet, head, t, a))
    blocks = []
    for k, (bullet, head, t, a) in enumerate(starts):
        limit = starts[k + 1][1] if k + 1 < len(starts) else len(lines)
        raw, duration = metas[a]
        blocks.append(_Block(bullet, head, t, a, raw, duration, limit))
    return _Found(anchors, blocks, repeated, layout, summary_headings)


def _bullet_text(text: str) -> str:
    m = _BULLET.match(text)
    return clean(m.group("text")) if m else text


def _repeated(texts: list[str], anchors: list[int], metas: dict) -> set[str]:
    """Short lines met next to most date lines (the show's name, a site's labels): never titles."""
    if len(anchors) < 2:
        return set()
    where: dict[str, set[int]] = {}  # text -> the distinct lines it stands on
    for k, a in enumerate(anchors):
        lo = anchors[k - 1] if k else -1
        hi = anchors[k + 1] if k + 1 < len(anchors) else len(texts)
        for step, room, limit in ((-1, 4, lo), (1, 2, hi)):
            i, seen = a + step, 0
            while i != limit and 0 <= i < len(texts) and seen < room:
                text = texts[i]
                if text:
                    seen += 1
                    bare = _bullet_text(text)
                    if i not in metas and len(bare) <= 80 and not bare.endswith(".") and not _TIME_IN.search(bare):
                        where.setdefault(bare, set()).add(i)
                i += step
    need = max(2, (len(anchors) + 1) // 2)
    return {text for text, at in where.items() if len(at) >= need}


def _prev_text(lines: list[str], i: int) -> int | None:
    """Index of the nearest non-blank line above i."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j if j >= 0 else None


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    lines = normalize(text).split("\n")
    found = _find(lines)
    if not found.blocks:
        doc.problems.append("no episode blocks (an episode title next to a date line) found")
        doc.fatal = True
        return doc
    show_title = _show_title(lines, found)
    blocks = _blocks(lines, found.blocks, show_title)
    header = lines[:blocks[0].head]
    show = ShowRecord(title=show_title or "Untitled show", source=name)
    _read_header(header, show)
    _read_footer(lines[blocks[-1].end:], show)
    doc.shows.append(show)

    dates = _read_dates(lines, blocks, doc)
    for block, date in zip(blocks, dates):
        if date is not None:
            doc.episodes.append(_episode(lines, block, name, show, date))
    if not doc.episodes:
        doc.fatal = True
    return doc


def _blocks(lines: list[str], found: list[_Block], show_title: str | None) -> list[_Block]:
    """A block runs to the next block or to the page footer."""
    footer = _FOOTER if not show_title else re.compile(
        _FOOTER.pattern + rf"|^{_ABOUT}\s+" + re.escape(show_title) + r"$", re.I)
    out = []
    for b in found:  # copies: the blocks found are cached for the next call on the same page
        start = max(b.title, b.date) + 1
        out.append(replace(b, end=_block_end(lines, start, b.end, indent(lines[b.title]), footer)))
    return out


def _block_end(lines: list[str], start: int, limit: int, body_indent: int, footer: re.Pattern) -> int:
    """Where a block's text stops: the next block, a footer line, or (for an indented block)
    the first line back at the left margin."""
    for i in range(start, limit):
        line = lines[i]
        if not line.strip():
            continue
        if body_indent > 0 and indent(line) < min(body_indent, 2):
            return i
        if footer.match(clean(line)):
            return i
    return limit


def _show_title(lines: list[str], found: _Found) -> str | None:
    """The name the episode bullets repeat; else the line repeated next to every block; else the
    page's first heading-like line."""
    bullets = Counter(clean(_BULLET.match(lines[b.bullet]).group("text")) for b in found.blocks if b.bullet is not None)
    if bullets:
        return bullets.most_common(1)[0][0]
    first = found.blocks[0].head
    header = {clean(l) for l in lines[:first]}
    names = [t for t in found.repeated if not is_button(t) and not is_artefact(t) and not is_furniture(t)]
    if names:
        return sorted(names, key=lambda t: (t not in header, -len(t)))[0]
    for line in lines[:first]:
        text = clean(line)
        if text and not is_furniture(text) and not text.startswith("Podcasts") and not _BREADCRUMB.match(text):
            return text
    return None


def _read_header(header: list[str], show: ShowRecord) -> None:
    """Breadcrumb ('Podcasts<Category><Show>', 'Home › Podcasts › Category › Show') gives the
    category; a name-shaped line or a 'Hosted by Name' line the host."""
    for line in header:
        text = clean(line)
        if not text or is_furniture(text) or text == show.title:
            continue
        m = re.fullmatch(r"Podcasts\s*(?P<cat>[A-Z][\w &-]*?)\s*" + re.escape(show.title), text)
        if m:
            show.category = m.group("cat").strip() or None
            continue
        if _BREADCRUMB.match(text):
            parts = [clean(p) for p in re.split(r"[›>/»|]", text) if clean(p)]
            if len(parts) >= 3 and parts[-1] == show.title and parts[-2].lower() not in ("podcasts", "podcast"):
                show.category = show.category or parts[-2]
            continue
        meta = meta_line(text)
        if meta and meta[0] in ("hosts", "by"):
            names = [n for n, *_ in people_list(meta[1])]
        else:
            names = [text] if is_name(text) else []
        for n in names:
            if not any(h.name == n for h in show.hosts):
                show.hosts.append(PersonRecord(n, "host", strength=3))


_MORE_CATEGORY = [re.compile(p, re.I) for p in (
    r"More ([\w &-]+?) podcasts", r"(?:Weitere|Mehr) ([\w &-]+?) Podcasts", r"(?:Plus de|Autres) podcasts (?:de |d['’])?([\w &-]+)",
    r"Más podcasts de ([\w &-]+)", r"Altri podcast di ([\w &-]+)")]


def _read_footer(footer: list[str], show: ShowRecord) -> None:
    """'About <show>' (or 'Über …', 'À propos de …', 'Acerca de …') and the paragraph under it;
    a 'More <Category> podcasts' line (in those languages too)."""
    about: list[str] = []
    in_about = False
    for line in footer:
        text = clean(line)
        if not text:
            if about:
                in_about = False
            continue
        for pattern in _MORE_CATEGORY:
            m = pattern.fullmatch(text)
            if m and not show.category:
                show.category = m.group(1)
        if re.fullmatch(rf"{_ABOUT}\s+.+", text, re.I) and not about:
            in_about = True
            continue
        if in_about:
            if is_furniture(text):
                in_about = False
                continue
            about.append(text)
    show.about = "\n\n".join(about)
    show.website = find_url(show.about)
    show.hosts += [p for p in people.from_about(show.about) if not any(h.name == p.name for h in show.hosts)]
    for p in show.hosts:  # what the about text says of a host named in the header
        for q in people.from_about(show.about):
            if q.name == p.name:
                p.affiliation, p.position = p.affiliation or q.affiliation, p.position or q.position


def _read_dates(lines: list[str], blocks: list[_Block], doc: ParsedDocument) -> list:
    """Each block's date, the document's day/month order inferred from all of them together
    (dotted `3.3.2026` dates, when the order cannot be inferred, are day first: the only order
    dotted dates are written in)."""
    raw = [b.raw for b in blocks]
    ambiguous = [p[:3] for p in (numeric_parts(r) for r in raw) if p and not p[3]]
    order, reason = infer_day_month_order(ambiguous) if ambiguous else (None, "")
    if ambiguous and order is None and all(date_separator(r) == "." for r in raw if numeric_parts(r)):
        order = "dmy"
    if ambiguous and order is None:
        doc.problems.append(f"dates cannot be read: {reason}")
        return [None] * len(blocks)
    out = []
    for b, r in zip(blocks, raw):
        parts = numeric_parts(r)
        date = date_from_parts(parts, order) if parts else parse_named_date(r)
        if date is None:
            doc.problems.append(f"episode {clean(lines[b.title])!r}: date {r!r} is not a real date; episode skipped")
        out.append(date)
    return out


def _episode(lines: list[str], block: _Block, source: str, show: ShowRecord, date) -> EpisodeRecord | None:
    title = clean(lines[block.title])
    duration = block.duration
    for line in lines[min(block.title, block.date) + 1:max(block.title, block.date)]:
        duration = duration or _duration_line(clean(line))
    ep = EpisodeRecord(source=source, kind="listing", show=show.title, title=title, date=date)
    body = _Body(want_duration=duration is None)
    for line in lines[max(block.title, block.date) + 1:block.end]:
        body.feed(line)
    body.other_chapter_shapes()
    ep.duration = duration or body.duration
    ep.description = body.blocks()
    ep.chapters = _unique_starts(body.chapters)
    ep.transcript = body.segments
    ep.timing = "exact" if any(s.start is not None for s in body.segments) else "none"
    sponsors = [l for l in body.desc_lines if _SPONSOR.match(l)]
    desc_text = "\n".join(l for l in body.desc_lines if not _SPONSOR.match(l))  # sponsors are never guests
    speakers = list(dict.fromkeys(s.speaker for s in body.segments if s.speaker))
    confirm = desc_text + "\n" + "\n".join(speakers)
    found = people.from_title(title, confirm) + people.from_description(desc_text)
    found += [PersonRecord(s, None, strength=2) for s in speakers]
    ep.people = [p for p in found if not any(p.name in line for line in sponsors)]
    ep.mention_text = desc_text + "\n" + "\n".join(p for s in body.segments for p in s.paragraphs)
    return ep


def _unique_starts(chapters: list[TimedTitle]) -> list[TimedTitle]:
    """Ascending, one per start: two chapters at the same second share one entry, both titles kept."""
    by_start: dict[int, list[str]] = {}
    for ch in sorted(chapters, key=lambda c: c.start):
        by_start.setdefault(ch.start, []).append(ch.title)
    return [TimedTitle(start, " / ".join(titles)) for start, titles in by_start.items()]


class _Body:
    """Sorts a block's lines into description, chapters and transcript, line by line."""

    def __init__(self, want_duration: bool = False) -> None:
        self.mode = "description"
        self.desc: list[tuple[str, str]] = []  # ("p" | "li", text)
        self.desc_lines: list[str] = []
        self.chapters: list[TimedTitle] = []
        self.segments: list[TranscriptSegment] = []
        self.after_chapter = False  # the previous line was a chapter line
        self.want_duration = want_duration  # the date line gave none: a `49m` line in the block gives it
        self.duration: int | None = None

    def feed(self, line: str) -> None:
        text = clean(line)
        if not text or is_furniture(text):
            return
        if self.mode == "transcript":
            self._feed(text)
            return
        for part in _unsquash(text):
            self._feed(part)

    def _feed(self, text: str) -> None:
        h = _HEADING.match(text)
        if h:
            self.mode = _HEADING_MODE.get(h.group("h").lower(), "description")
            return
        if self.mode == "transcript":
            if self._segment(text):
                return
            if self.segments:
                self.segments[-1].paragraphs.append(text)
                return
        if self.want_duration and self.duration is None and not _TIME_IN.match(text):
            seconds = _duration_line(text)
            if seconds:
                self.duration = seconds
                return
        if self.mode == "chapters":
            if self._chapter(text, bare=True):
                return
            self.mode = "description"
        # outside a Transcript heading, '02:10 Ann Lee: how tides work' inside a run of chapter
        # lines is a chapter naming its speaker, not the start of a transcript
        if not self.segments and not self.after_chapter and self._segment(text, strict=True):
            self.mode = "transcript"
            return
        if self._chapter(text, bare=True):
            return
        self.after_chapter = False
        item = _LIST_ITEM.match(text)
        self.desc.append(("li", item.group("text")) if item else ("p", text))
        self.desc_lines.append(item.group("text") if item else text)

    def _chapter(self, text: str, bare: bool) -> bool:
        m = _CHAPTER_PAREN.match(text) or _CHAPTER_BULLET.match(text) or (_CHAPTER_BARE.match(text) if bare else None)
        if not m:
            return False
        start = to_seconds(m.group("t"))
        if start is None:
            return False
        several = find_chapters([text]).chapters if _TIME_IN.search(m.group("title")) else []
        self.chapters += several if len(several) > 1 else [TimedTitle(start, m.group("title").strip())]  # run together
        self.after_chapter = True
        return True

    def _segment(self, text: str, strict: bool = False) -> bool:
        """A timed transcript line. Outside a Transcript section (strict) the speaker must look
        like a person's name, so that '00:00 Intro: …' stays a chapter-ish line."""
        m = _SEGMENT.match(text)
        if not m:
            return False
        start = to_seconds(m.group("t"))
        speaker = m.group("speaker").strip()
        if start is None or not _SPEAKER.match(speaker) or (strict and not is_name(speaker)):
            return False
        para = m.group("text").strip()
        self.segments.append(TranscriptSegment(start, speaker, [para] if para else []))
        return True

    def other_chapter_shapes(self) -> None:
        """Chapter lists this parser's own line patterns do not read (title first, en dashes, several
        run together on one line, `[HH:MM:SS]` squashed): found in the description by chapter_lines,
        and only when no chapter was found line by line."""
        if self.chapters or not self.desc:
            return
        scan = find_chapters([text for _, text in self.desc])
        if not scan.chapters:
            return
        self.chapters = list(scan.chapters)
        self.desc = [d for i, d in enumerate(self.desc) if i not in scan.lines]
        self.desc_lines = [d for i, d in enumerate(self.desc_lines) if i not in scan.lines]

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        for kind, text in self.desc:
            if kind == "li":
                if out and out[-1].kind == "ul":
                    out[-1].items.append(text)
                else:
                    out.append(Block("ul", items=[text]))
            else:
                out.append(Block("p", text))
        return out


_GLUED = re.compile(r"(?<=[^\W\d_?!.,;:)\]])(?=\d{1,2}:\d{2}(?::\d{2})?(?![\d:]))|(?<=[?!.,;)\]])(?=\d{1,2}:\d{2}(?::\d{2})?(?![\d:]))")
_FIRST_ZERO = re.compile(r"[(\[]?\s*0{1,2}:00(?::00)?\s*[)\]]?(?![\d:])")


def _unsquash(text: str) -> list[str]:
    """A line whose chapter list lost its line breaks: times glued to the title before them
    (`Intro01:33 Next`), or the whole list glued to the end of a paragraph
    (`…headed.(00:00) — Cold open(01:33) — …`). Returns the paragraph and the chapter run as
    separate lines, spaced so that chapter_lines splits the run into one chapter each; any
    other line comes back as it is."""
    if text.count(":") < 2 or len(text) > 20000:
        return [text]
    fixed = _GLUED.sub(" ", text)
    lead = _FIRST_ZERO.search(fixed)
    prefix, run = "", fixed
    if lead and lead.start() > 0:
        prefix, run = fixed[:lead.start()].rstrip(), fixed[lead.start():]
    if fixed == text and not prefix:
        return [text]
    if len(find_chapters([run]).chapters) < 2:
        return [text]
    return [prefix, run] if prefix else [run]
