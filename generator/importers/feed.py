"""An RSS 2.0 podcast feed with the `itunes:` and `podcast:` namespaces (DESIGN §3a).

Channel -> show; each `<item>` -> episode; `podcast:person` -> people. A `podcast:liveItem`
is not an `<item>`, so it never becomes an episode. Both `podcast:` namespace URIs are read.
Descriptions are HTML: they are sanitised and converted to Markdown, and their chapter lines
become chapters. Linked `podcast:chapters` and `podcast:transcript` files are recorded on the
episode (`linked`): the merge stage attaches the downloaded files to it by URL.

Feeds are untrusted XML: defusedxml refuses DTDs and entity declarations (no billion
laughs, no external entities) before anything is expanded.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from generator.content.checks import is_email, is_mime_type
from generator.ids import feed_guid
from generator.importers import people
from generator.importers.chapter_lines import strip_chapters
from generator.importers.html_text import markdown_text, to_markdown, to_text
from generator.importers.records import (Block, EpisodeRecord, LinkedFile, ParsedDocument, PersonRecord,
                                         ShowRecord)
from generator.importers.text import first_sentences, make_date
from generator.importers.text import guid_value as _guid
from generator.importers.text import web_url as _url

FORMAT = "podcast feed (RSS)"

ITUNES = ("http://www.itunes.com/dtds/podcast-1.0.dtd",)
PODCAST = ("https://podcastindex.org/namespace/1.0",
           "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md")
CONTENT = ("http://purl.org/rss/1.0/modules/content/",)
ATOM = ("http://www.w3.org/2005/Atom",)
_ROOT = re.compile(r"<rss[\s>]")
_EPISODE_TYPES = {"full", "trailer", "bonus"}
_HOST_ROLES = {"host", "co-host", "cohost", "guest host"}


def detect(text: str) -> float:
    """An `<rss>` root element with a `<channel>`: the shape of every podcast feed."""
    head = text.lstrip("\ufeff \t\r\n")[:65536]
    if head.startswith("<") and _ROOT.search(head) and "<channel" in head:
        return 0.97
    return 0.0


# ---------------------------------------------------------------- XML access


def _ns(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return uri.lower(), local
    return "", tag


def _is(el: ET.Element, uris: tuple[str, ...], local: str) -> bool:
    uri, name = _ns(el.tag)
    return name == local and uri in {u.lower() for u in uris}


def _children(parent: ET.Element, uris: tuple[str, ...], local: str) -> list[ET.Element]:
    return [el for el in parent if isinstance(el.tag, str) and _is(el, uris, local)]


def _child(parent: ET.Element, uris: tuple[str, ...], local: str) -> ET.Element | None:
    found = _children(parent, uris, local)
    return found[0] if found else None


def _text(parent: ET.Element, uris: tuple[str, ...], local: str) -> str | None:
    el = _child(parent, uris, local)
    if el is None or el.text is None:
        return None
    value = el.text.strip()
    return value or None


_PLAIN = ("",)


# ---------------------------------------------------------------- values


def parse_duration(value: str | None) -> int | None:
    """`itunes:duration` as seconds (`3723`, `3723.4`), `MM:SS` or `H:MM:SS`; None if unreadable or 0."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{1,9}(?:\.\d{1,6})?", value):
        seconds = int(float(value))
    else:
        m = re.fullmatch(r"(?:(\d{1,3}):)?(\d{1,3}):(\d{1,2})(?:\.\d{1,6})?", value)
        if not m:
            return None
        h, mnt, s = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
        if s >= 60 or (m.group(1) is not None and mnt >= 60):
            return None
        seconds = h * 3600 + mnt * 60 + s
    return seconds if 0 < seconds < 100 * 3600 else None


def parse_date(value: str | None) -> dt.date | None:
    """RFC 822 in any zone (`+0000`, `GMT`, `-0700`, `EST`): the date where it was published.
    ISO 8601 is accepted too, as some feeds write it."""
    if not value:
        return None
    value = " ".join(value.split())
    try:
        day = email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    written = re.search(r"\b(\d{4})\b", value)  # email.utils reads "0001" as 2001: never invent a year
    if written and int(written.group(1)) != day.year:
        return None
    return make_date(day.year, day.month, day.day)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{1,9}(?:\.0+)?", value):
        number = int(float(value))
        return number if number > 0 else None
    return None


def _explicit(value: str | None) -> bool | None:
    if value is None:
        return None
    value = value.strip().lower()
    if value in ("true", "yes", "explicit"):
        return True
    if value in ("false", "no", "clean"):
        return False
    return None


def _image(parent: ET.Element) -> str | None:
    el = _child(parent, ITUNES, "image")
    if el is not None and _url(el.get("href")):
        return _url(el.get("href"))
    el = _child(parent, PODCAST, "image")
    if el is not None and _url(el.get("href")):
        return _url(el.get("href"))
    el = _child(parent, _PLAIN, "image")
    if el is not None:
        return _url(_text(el, _PLAIN, "url"))
    return None


def _link_title(url: str) -> str:
    host = re.sub(r"^https?://(?:www\.)?", "", url, flags=re.I).split("/")[0].lower()
    known = {"x.com": "X", "twitter.com": "X", "linkedin.com": "LinkedIn", "github.com": "GitHub",
             "bsky.app": "Bluesky", "wikipedia.org": "Wikipedia", "youtube.com": "YouTube"}
    for domain, title in known.items():
        if host == domain or host.endswith("." + domain):
            return title
    return "Website"


def _persons(parent: ET.Element, problems: list[str] | None = None) -> list[PersonRecord]:
    """`podcast:person` tags with a name, whatever its shape (Björk, 周杰伦, bell hooks): the feed
    says they are people. Empty and nameless ones make no one; a name over 128 characters (the
    namespace's limit) is reported."""
    out = []
    for el in _children(parent, PODCAST, "person"):
        name = " ".join((el.text or "").split())
        if not name:
            continue
        if len(name) > 128:
            if problems is not None:
                problems.append(f"a podcast:person name of {len(name)} characters (over 128) was left out: {name[:40]!r}…")
            continue
        role = (el.get("role") or "host").strip().lower()
        role = "host" if role in _HOST_ROLES else "guest" if role == "guest" else None
        if role is None:
            continue  # producers, editors, cover artists: credits, not the people of the show
        href, img = _url(el.get("href")), _url(el.get("img"))
        out.append(PersonRecord(name, role, links=[(_link_title(href), href)] if href else [], img=img, strength=3,
                                explicit=True))
    return out


# ---------------------------------------------------------------- document


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    try:
        root = fromstring(text.lstrip("\ufeff").encode("utf-8"), forbid_dtd=True)
    except DefusedXmlException as e:
        doc.problems.append(f"refused: the feed declares a DTD or entities ({type(e).__name__}); "
                            "feeds are read without them")
        doc.fatal = True
        return doc
    except ET.ParseError as e:
        line, col = getattr(e, "position", (None, None))
        where = f"line {line}: " if line else ""
        doc.problems.append(f"{where}not well-formed XML ({str(e).split(':')[0]})")
        doc.fatal = True
        return doc
    channel = _child(root, _PLAIN, "channel") if _ns(root.tag)[1] == "rss" else None
    if channel is None:
        doc.problems.append("an <rss> document without a <channel>")
        doc.fatal = True
        return doc
    show = _show(channel, name)
    if not show.title:
        doc.problems.append("the channel has no <title>")
        doc.fatal = True
        return doc
    doc.shows.append(show)
    language = show.language or ""
    for n, item in enumerate(_children(channel, _PLAIN, "item"), 1):
        ep, problem = _episode(item, n, name, show, language, doc.problems)
        if problem:
            doc.problems.append(problem)
        if ep is not None:
            doc.episodes.append(ep)
    if not doc.episodes and not doc.problems:
        doc.problems.append("the feed has no <item> episodes")
    return doc


def _show(channel: ET.Element, source: str) -> ShowRecord:
    title = _text(channel, _PLAIN, "title") or _text(channel, ITUNES, "title") or ""
    about_html = (_text(channel, _PLAIN, "description") or _text(channel, ITUNES, "summary") or "")
    owner_el = _child(channel, ITUNES, "owner")
    owner = None
    if owner_el is not None:
        owner_name = _text(owner_el, ITUNES, "name") or ""
        owner_email = _text(owner_el, ITUNES, "email") or ""
        owner_email = owner_email if is_email(owner_email) else ""
        if owner_name or owner_email:
            owner = (owner_name, owner_email)
    category_el = _child(channel, ITUNES, "category")
    category = (category_el.get("text") or "").strip() or None if category_el is not None else None
    language = (_text(channel, _PLAIN, "language") or "").split("-")[0].lower() or None
    guid = _text(channel, PODCAST, "guid") or _guid_of(_self_link(channel))
    return ShowRecord(
        title=" ".join(title.split()), source=source,
        hosts=[p for p in _persons(channel) if p.role == "host"],
        about=to_text(about_html), category=category, website=_url(_text(channel, _PLAIN, "link")),
        language=language if language and re.fullmatch(r"[a-z]{2,3}", language) else None,
        image=_image(channel), author=_text(channel, ITUNES, "author"), owner=owner,
        explicit=_explicit(_text(channel, ITUNES, "explicit")),
        guid=_guid(guid),
        locked={"yes": True, "no": False}.get((_text(channel, PODCAST, "locked") or "").lower()))


def _self_link(channel: ET.Element) -> str | None:
    for el in _children(channel, ATOM, "link"):
        if (el.get("rel") or "").strip() == "self":
            return _url(el.get("href"))
    return None


def _guid_of(feed_url: str | None) -> str | None:
    return feed_guid(feed_url) if feed_url else None


def _episode(item: ET.Element, n: int, source: str, show: ShowRecord,
             language: str, problems: list[str]) -> tuple[EpisodeRecord | None, str]:
    title = " ".join((_text(item, _PLAIN, "title") or _text(item, ITUNES, "title") or "").split())
    label = f"item {n}" + (f" ({title[:60]!r})" if title else "")
    if not title:
        return None, f"{label}: skipped: it has no <title>"
    date = parse_date(_text(item, _PLAIN, "pubDate"))
    if date is None:
        raw = _text(item, _PLAIN, "pubDate")
        why = f"its <pubDate> {raw[:40]!r} is not a date" if raw else "it has no <pubDate>"
        return None, f"{label}: skipped: {why} (a date is never invented)"
    ep = EpisodeRecord(source=source, kind="feed", show=show.title, title=title, date=date)
    ep.duration = parse_duration(_text(item, ITUNES, "duration"))
    ep.guid = _guid(_text(item, _PLAIN, "guid"))
    enclosure = _child(item, _PLAIN, "enclosure")
    if enclosure is not None and _url(enclosure.get("url")):
        ep.audio = _url(enclosure.get("url"))
        kind = (enclosure.get("type") or "").split(";")[0].strip().lower()
        ep.audio_type = kind if is_mime_type(kind) else None
        ep.audio_bytes = _int(enclosure.get("length"))
    ep.number = _int(_text(item, ITUNES, "episode")) or _int(_text(item, PODCAST, "episode"))
    ep.season = _int(_text(item, ITUNES, "season")) or _int(_text(item, PODCAST, "season"))
    kind = (_text(item, ITUNES, "episodeType") or "").lower()
    ep.episode_type = kind if kind in _EPISODE_TYPES else None
    ep.explicit = _explicit(_text(item, ITUNES, "explicit"))
    ep.image = _image(item)
    ep.people = _persons(item, problems)
    html = (_text(item, CONTENT, "encoded") or _text(item, _PLAIN, "description")
            or _text(item, ITUNES, "summary") or "")
    chapters, markdown = strip_chapters(to_markdown(html))
    ep.chapters = chapters
    if markdown:
        ep.description = [Block("md", markdown)]
    plain = markdown_text(markdown) + " " + " ".join(c.title for c in chapters)
    subtitle = _text(item, ITUNES, "subtitle")
    ep.summary = first_sentences(to_text(subtitle)) if subtitle else ""
    if not ep.people:
        ep.people = people.from_title(title, plain)
    ep.mention_text = title + "\n" + plain
    for el in _children(item, PODCAST, "transcript"):
        url = _url(el.get("url"))
        if url:
            ep.linked.append(LinkedFile(url, "transcript", (el.get("type") or "").strip().lower(),
                                        (el.get("language") or language or "").strip()))
    for el in _children(item, PODCAST, "chapters"):
        url = _url(el.get("url"))
        if url:
            ep.linked.append(LinkedFile(url, "chapters", (el.get("type") or "").strip().lower()))
    return ep, ""


# ---------------------------------------------------------------- linked files

_TRANSCRIPT_RANK = {"text/vtt": 0, "application/x-subrip": 1, "application/srt": 1, "text/srt": 1,
                    "application/json": 2, "text/plain": 3, "text/html": 4}


def preferred_links(ep: EpisodeRecord) -> list[LinkedFile]:
    """What to fetch for an episode: its chapters file and its best transcript (VTT, then SRT,
    then JSON, then plain text or HTML)."""
    chapters = [l for l in ep.linked if l.kind == "chapters"][:1]
    transcripts = sorted((l for l in ep.linked if l.kind == "transcript"),
                         key=lambda l: _TRANSCRIPT_RANK.get(l.type, 5))
    return chapters + transcripts[:1]
