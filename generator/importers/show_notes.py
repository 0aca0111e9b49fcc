"""Show notes from another site: a Markdown file with YAML, JSON or TOML front matter, as a
Hugo, Jekyll, Astro or Eleventy podcast site keeps them (DESIGN §3a). One episode each.

Front matter keys vary from site to site, so each field is read from the keys such sites use
(`date`/`pubDate`/`published`; `guests`/`guest`/`people`; `url`/`audio`/`enclosure`/`mp3`; …).
Dates are ISO, epoch seconds or epoch milliseconds. People are names, slugs or mappings such
as `{name: …, of: …}`. Chapters come from the front matter (a list, or embedded JSON
chapters) or from chapter lines in the body, which then leave the body.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import tomllib

import yaml

from generator.content.checks import is_mime_type
from generator.importers import transcripts
from generator.importers.chapter_lines import strip_chapters
from generator.importers.html_text import demote_sections
from generator.importers.records import Block, EpisodeRecord, TimedTitle, ParsedDocument, PersonRecord
from generator.importers.text import first_sentences, make_date
from generator.importers.text import guid_value as _guid
from generator.importers.text import web_url as _url
from generator.timecode import parse_time

FORMAT = "show notes (Markdown with front matter)"

_YAML = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.S)
_SCRIPT = re.compile(r"<script\b.*?</script\s*>|<script\b[^>]*/?>", re.I | re.S)
_JS_LINK = re.compile(r"\]\(\s*(?:javascript|vbscript|data):[^)]*\)", re.I)


def split_front_matter(text: str) -> tuple[dict | None, str, str]:
    """(front matter, body, syntax) — front matter None when the text has none that parses."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    m = _YAML.match(text)
    if m:
        try:
            data = yaml.safe_load(m.group(1))
        except yaml.YAMLError:
            return None, text, "yaml"
        return (data if isinstance(data, dict) else None), text[m.end():], "yaml"
    m = _TOML.match(text)
    if m:
        try:
            return tomllib.loads(m.group(1)), text[m.end():], "toml"
        except (tomllib.TOMLDecodeError, ValueError):
            return None, text, "toml"
    if text.startswith("{"):
        try:
            data, end = json.JSONDecoder().raw_decode(text)
        except (ValueError, RecursionError):
            return None, text, "json"
        if isinstance(data, dict):
            return data, text[end:], "json"
    return None, text, ""


def _first(meta: dict, *keys: str):
    for key in keys:
        if key in meta and meta[key] not in (None, "", [], {}):
            return meta[key]
    return None


def detect(text: str) -> float:
    """Front matter that names an episode (a title and something episode-like) before a body."""
    head = text.lstrip("\ufeff")[:1]
    if head not in ("-", "+", "{"):
        return 0.0
    meta, _, syntax = split_front_matter(text)
    if not meta or not isinstance(_first(meta, "title", "name"), (str, int, float)):
        return 0.0
    if syntax == "json" and "chapters" in meta and "segments" not in meta and "version" in meta:
        return 0.0  # a JSON chapters file, not show notes
    return 0.9


# ---------------------------------------------------------------- values


def to_date(value) -> dt.date | None:
    """ISO dates and datetimes, epoch seconds or milliseconds, YAML dates."""
    day = _to_date(value)
    return make_date(day.year, day.month, day.day) if day else None  # 1900-2200: a podcast's dates


def _to_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{9,13}\s*", value):
        value = int(value)
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
        from generator.importers.feed import parse_date  # RFC 822 dates, as some sites copy them from the feed
        return parse_date(value)
    return None


def _seconds(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if 0 <= value < 100 * 3600 else None  # inf and NaN fail both comparisons
    if isinstance(value, str):
        value = value.strip()
        if re.fullmatch(r"\d{1,9}(?:\.\d{1,6})?", value):
            return _seconds(float(value))
        return parse_time(re.sub(r"\.\d+$", "", value))
    return None


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 0 < value < 10**9 else None


def _name_of_slug(value: str) -> str:
    """`carol-jones` -> `Carol Jones`; a name stays as it is."""
    if re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)+", value):
        return " ".join(w.capitalize() for w in re.split(r"[-_]", value))
    return " ".join(value.split())


def _people(value, role: str) -> list[PersonRecord]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, str) and item.strip():
            for name in re.split(r"\s*(?:,|&|\band\b)\s*", item) if "," in item or "&" in item else [item]:
                if name.strip():
                    out.append(PersonRecord(_name_of_slug(name), role, strength=3, explicit=True))
        elif isinstance(item, dict):
            name = _first(item, "name", "title", "full_name", "slug")
            if not isinstance(name, str) or not name.strip():
                continue
            org = _first(item, "of", "affiliation", "org", "organization", "company")
            link = _url(_first(item, "url", "href", "link", "website", "homepage"))
            img = _url(_first(item, "img", "image", "avatar", "photo"))
            out.append(PersonRecord(_name_of_slug(name), role, affiliation=str(org).strip() if isinstance(org, str) else None,
                                    links=[("Website", link)] if link else [], img=img, strength=3, explicit=True))
    return out


def _chapters(value) -> list[TimedTitle]:
    """A front matter chapter list: `[{start, title}]`, `[{startTime, title}]`, `["00:00 Intro"]`,
    or embedded JSON chapters (`{"chapters": […]}`, possibly as a JSON string)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            chapters, _ = strip_chapters(value)
            return chapters
    if isinstance(value, dict):
        value = value.get("chapters")
    if not isinstance(value, list):
        return []
    out: dict[int, TimedTitle] = {}
    lines = []
    for item in value:
        if isinstance(item, dict):
            if item.get("toc") is False:
                continue
            start = _seconds(_first(item, "startTime", "start", "time", "timestamp", "at"))
            title = _first(item, "title", "name", "text")
            if start is not None and isinstance(title, (str, int, float)) and str(title).strip():
                out.setdefault(start, TimedTitle(start, " ".join(str(title).split())))
        elif isinstance(item, str):
            lines.append(item)
    if lines:
        for m in strip_chapters("\n".join(lines))[0]:
            out.setdefault(m.start, m)
    return sorted(out.values(), key=lambda m: m.start)


_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])(?!(?:https?|mailto):)")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(?:javascript|vbscript|data):.*$", re.I | re.M)
_TRANSCRIPT = re.compile(r"^##[ \t]+transcript[ \t]*#*[ \t]*$", re.I | re.M)


def _clean_body(body: str) -> str:
    """Another site's Markdown, made safe to keep: raw HTML is escaped into text (outside code),
    `javascript:` links and definitions lose their target. What the editor wrote stays Markdown."""
    body = _REF_DEF.sub("", _JS_LINK.sub("]()", body))
    out, fence = [], None
    for line in body.split("\n"):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        pieces, last = [], 0
        for span in _CODE_SPAN.finditer(line):
            pieces.append(_TAG_START.sub(r"\\<", line[last:span.start()]) + span.group())
            last = span.end()
        out.append("".join(pieces) + _TAG_START.sub(r"\\<", line[last:]))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _transcript_section(body: str, name: str) -> tuple[str, EpisodeRecord | None]:
    """(the body before `## Transcript`, the transcript read from the rest): a transcript kept with
    the show notes is read as a transcript (by the transcript importers), never as chapters."""
    m = _TRANSCRIPT.search(body)
    if not m:
        return body, None
    text = body[m.end():].strip()
    scored = max(((p.detect(text), i, p) for i, p in enumerate(transcripts.PARSERS)), default=(0, 0, None))
    if scored[0] < 0.5:
        return body, None
    doc = scored[2].parse(text, name)
    if doc.fatal or not doc.episodes or not doc.episodes[0].transcript:
        return body, None
    return body[:m.start()].rstrip(), doc.episodes[0]


# ---------------------------------------------------------------- document


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    meta, body, syntax = split_front_matter(text)
    if not meta:
        doc.problems.append(f"its {syntax.upper() or 'front matter'} front matter does not parse as a mapping")
        doc.fatal = True
        return doc
    title = _first(meta, "title", "name")
    ep = EpisodeRecord(source=name, kind="show-notes", title=" ".join(str(title).split()))
    ep.date = to_date(_first(meta, "date", "pubDate", "pub_date", "published", "publishDate", "publish_date",
                             "datePublished", "released"))
    show = _first(meta, "show", "podcast", "series", "show_title", "podcast_title")
    if isinstance(show, dict):
        show = _first(show, "title", "name")
    if isinstance(show, str) and show.strip():
        ep.show = " ".join(show.split())
    ep.duration = _seconds(_first(meta, "duration", "length", "runtime", "itunes_duration"))
    enclosure = _first(meta, "enclosure", "audio", "url", "audio_url", "audioUrl", "mp3", "media", "file", "podcast_file")
    if isinstance(enclosure, dict):
        ep.audio = _url(_first(enclosure, "url", "href", "src"))
        ep.audio_type = _first(enclosure, "type", "mime", "mime_type")
        ep.audio_bytes = _int(_first(enclosure, "length", "size", "bytes"))
    else:
        ep.audio = _url(enclosure)
    if ep.audio:
        ep.audio_type = ep.audio_type or _first(meta, "audio_type", "mime", "mime_type", "type")
        ep.audio_bytes = ep.audio_bytes or _int(_first(meta, "audio_bytes", "size", "bytes", "filesize", "length"))
        if not (isinstance(ep.audio_type, str) and is_mime_type(ep.audio_type)):
            ep.audio_type = None
    ep.guid = _guid(_first(meta, "guid", "uuid"))
    ep.number = _int(_first(meta, "number", "episode", "episode_number", "episodeNumber", "ep"))
    ep.season = _int(_first(meta, "season", "season_number"))
    kind = _first(meta, "episode_type", "episodeType", "type")
    ep.episode_type = kind.lower() if isinstance(kind, str) and kind.lower() in ("full", "trailer", "bonus") else None
    explicit = meta.get("explicit")
    ep.explicit = explicit if isinstance(explicit, bool) else None
    ep.image = _url(_first(meta, "image", "cover", "artwork", "episode_image", "thumbnail"))
    for keys, role in ((("guests", "guest", "featuring"), "guest"), (("hosts", "host"), "host"),
                       (("people", "speakers", "participants"), "guest")):
        value = _first(meta, *keys)
        if value is not None:
            ep.people += _people(value, role)
    topics = _first(meta, "topics", "tags", "keywords")
    if isinstance(topics, str):
        topics = [t for t in re.split(r"\s*,\s*", topics) if t]
    if isinstance(topics, list):
        ep.topics = [str(t) for t in topics if isinstance(t, (str, int)) and str(t).strip()]
    chapters = _chapters(_first(meta, "chapters", "timestamps"))
    body, spoken = _transcript_section(_clean_body(body), name)
    if spoken is not None:
        ep.transcript, ep.timing = spoken.transcript, spoken.timing
        ep.people += spoken.people
    body_chapters, body = strip_chapters(body)
    body = demote_sections(body)
    ep.chapters = chapters or body_chapters
    if body:
        ep.description = [Block("md", body)]
    summary = _first(meta, "summary", "description", "excerpt", "subtitle")
    if isinstance(summary, str):
        ep.summary = first_sentences(summary)
    ep.mention_text = ep.title + "\n" + body
    if not ep.title:
        doc.problems.append("its front matter has no title")
        doc.fatal = True
        return doc
    doc.episodes.append(ep)
    return doc
