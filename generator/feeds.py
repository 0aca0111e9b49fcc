"""Feeds and machine-readable exports (DESIGN §5, §6):

- `<show>/feed.xml`: RSS 2.0 with the itunes and podcast (Podcasting 2.0) namespaces;
- `<show>/<episode>/chapters.json`: Podcasting 2.0 JSON chapters;
- `<show>/<episode>/transcript.json` and `transcript.vtt` for timed transcripts;
- `sitemap.xml` and `robots.txt`.

XML is written by a small escaping writer (every text and attribute goes through `_esc`), so the
namespace declarations are always on the root and the output is byte-for-byte deterministic.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import urlsplit

from generator.library import Library
from generator.model import Episode
from generator.render.anchors import Anchors, compute_anchors
from generator.render.markdown import Markdown
from generator.render.urls import Urls, episode_rel, person_rel, show_rel
from generator.timecode import format_time, vtt_time

NS_ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
NS_PODCAST = "https://podcastindex.org/namespace/1.0"
NS_ATOM = "http://www.w3.org/2005/Atom"
NS_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
WORDS_PER_SECOND = 2.5  # 150 words a minute: the end of a last segment when nothing else says
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "audio/mp4", ".aac": "audio/aac",
               ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/opus", ".wav": "audio/wav",
               ".flac": "audio/flac"}

# ------------------------------------------------------------------ a minimal XML writer

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _esc(text: object, attr: bool = False) -> str:
    s = _XML_INVALID.sub("", str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attr:
        s = s.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return s


@dataclass
class El:
    tag: str
    attrs: dict[str, object] | None = None
    text: object | None = None
    children: list["El"] | None = None

    def add(self, tag: str, content: object | None = None, /, **attrs) -> "El":
        """Append a child element: text content, then attributes (None values are left out)."""
        child = El(tag, {k: v for k, v in attrs.items() if v is not None}, content)
        self.children = (self.children or []) + [child]
        return child

    def write(self, out: list[str], depth: int = 0) -> None:
        pad = "  " * depth
        attrs = "".join(f' {k}="{_esc(v, True)}"' for k, v in (self.attrs or {}).items())
        if self.children:
            out.append(f"{pad}<{self.tag}{attrs}>\n")
            for child in self.children:
                child.write(out, depth + 1)
            out.append(f"{pad}</{self.tag}>\n")
        elif self.text is None or self.text == "":
            out.append(f"{pad}<{self.tag}{attrs}/>\n")
        else:
            out.append(f"{pad}<{self.tag}{attrs}>{_esc(self.text)}</{self.tag}>\n")


def xml_bytes(root: El) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    root.write(out)
    return "".join(out).encode("utf-8")


# ------------------------------------------------------------------ RSS

def rfc822(date: dt.date) -> str:
    return format_datetime(dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.timezone.utc))


def published(lib: Library, show: str) -> list[Episode]:
    return [ep for ep in lib.episodes_by_show.get(show, []) if not ep.draft]


def rss_feed(lib: Library, show_slug: str, urls: Urls, md: Markdown) -> bytes:
    show = lib.shows[show_slug]
    episodes = published(lib, show_slug)
    hosts = [lib.people[h] for h in show.hosts if h in lib.people]
    description = show.description or md.text(show.about) or lib.config.description or show.title
    rss = El("rss", {"version": "2.0", "xmlns:itunes": NS_ITUNES, "xmlns:podcast": NS_PODCAST,
                     "xmlns:atom": NS_ATOM})
    ch = rss.add("channel")
    ch.add("title", show.title)
    ch.add("link", urls.abs(show_rel(show)))
    ch.add("description", description)
    ch.add("language", show.language or lib.config.language or "en")
    ch.add("generator", "shownotes")
    ch.add("atom:link", href=urls.abs(show_rel(show) + "feed.xml"), rel="self", type="application/rss+xml")
    if episodes:
        ch.add("pubDate", rfc822(episodes[0].date))
        ch.add("lastBuildDate", rfc822(episodes[0].date))
    ch.add("itunes:author", ", ".join(p.name for p in hosts) or lib.config.title)
    ch.add("itunes:summary", description)
    ch.add("itunes:type", "episodic")
    ch.add("itunes:explicit", "false")
    if show.category:
        ch.add("itunes:category", text=show.category)
    for p in hosts:
        ch.add("podcast:person", p.name, role="host", href=urls.abs(person_rel(p)), img=p.img)
    for ep in episodes:
        _item(ch, lib, ep, urls, md)
    return xml_bytes(rss)


def _item(ch: El, lib: Library, ep: Episode, urls: Urls, md: Markdown) -> None:
    link = urls.abs(episode_rel(ep))
    item = ch.add("item")
    item.add("title", ep.title)
    item.add("link", link)
    if ep.guid:  # a stable id (from the imported feed, or made by `new`): apps never see a duplicate
        item.add("guid", ep.guid, isPermaLink="false")
    else:
        item.add("guid", link, isPermaLink="true")
    item.add("pubDate", rfc822(ep.date))
    item.add("description", episode_summary(ep, md))
    item.add("itunes:title", ep.title)
    item.add("itunes:episodeType", ep.episode_type or "full")
    if ep.number is not None:
        item.add("itunes:episode", ep.number)
    if ep.season is not None:
        item.add("itunes:season", ep.season)
    if ep.explicit is not None:
        item.add("itunes:explicit", "true" if ep.explicit else "false")
    if ep.image:
        item.add("itunes:image", href=ep.image)
    if ep.duration is not None:
        item.add("itunes:duration", format_time(ep.duration))
    if ep.audio:
        ext = "." + urlsplit(ep.audio).path.rsplit(".", 1)[-1].lower() if "." in urlsplit(ep.audio).path else ""
        item.add("enclosure", url=ep.audio, length=str(ep.audio_bytes or 0),
                 type=ep.audio_type or AUDIO_TYPES.get(ext, "audio/mpeg"))
    if ep.chapters:
        item.add("podcast:chapters", url=link + "chapters.json", type="application/json+chapters")
    elif ep.chapters_link:  # linked by the imported feed, never downloaded: passed through
        item.add("podcast:chapters", url=ep.chapters_link, type="application/json+chapters")
    if ep.timed:
        item.add("podcast:transcript", url=link + "transcript.json", type="application/json")
        item.add("podcast:transcript", url=link + "transcript.vtt", type="text/vtt")  # last: readers keeping one keep VTT
    else:
        for t in ep.transcript_links:
            item.add("podcast:transcript", url=t.url, type=t.type or "text/plain", language=t.language or None)
    for role, slugs in (("host", ep.hosts), ("guest", ep.guests)):
        for slug in slugs:
            if slug in lib.people:
                person = lib.people[slug]
                item.add("podcast:person", person.name, role=role, href=urls.abs(person_rel(slug)), img=person.img)


def episode_summary(ep: Episode, md: Markdown, limit: int = 300) -> str:
    """The summary, or the description's opening text cut at a word."""
    if ep.summary:
        return ep.summary
    text = " ".join(md.text(ep.description).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# ------------------------------------------------------------------ chapters and transcripts

def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 3)


def chapters_json(ep: Episode) -> bytes:
    return _json({"version": "1.2.0", "chapters": [{"startTime": ch.start, "title": ch.title} for ch in ep.chapters]})


@dataclass(frozen=True)
class Cue:
    id: str
    start: float
    end: float
    speaker: str
    body: str


def transcript_cues(lib: Library, ep: Episode, md: Markdown, anchors: Anchors | None = None) -> list[Cue]:
    """Timed segments with an end: the next segment's start, else the duration, else an estimate.

    Segments sharing one timestamp split the time up to the next one by their word counts, so
    every cue has a positive length and cues never overlap."""
    anchors = anchors or compute_anchors(ep)
    timed = [(anchors.segment_ids[i], ep.transcript[i]) for i in anchors.timed_index]
    cues: list[Cue] = []
    k = 0
    while k < len(timed):
        start = timed[k][1].start
        j = k
        while j + 1 < len(timed) and timed[j + 1][1].start == start:
            j += 1
        group = timed[k:j + 1]
        bodies = ["\n".join(t for t in (md.text(p) for p in seg.paragraphs) if t) for _, seg in group]
        words = [max(len(b.split()), 1) for b in bodies]
        nxt = timed[j + 1][1].start if j + 1 < len(timed) else None
        if nxt is not None and nxt > start:
            end = float(nxt)
        elif nxt is None and ep.duration is not None and ep.duration > start:
            end = float(ep.duration)
        else:
            end = start + max(1.0, round(sum(words) / WORDS_PER_SECOND))
        total, acc = sum(words), 0
        for (cue_id, seg), body, w in zip(group, bodies, words):
            s = start + (end - start) * acc / total
            acc += w
            e = start + (end - start) * acc / total
            person = lib.person_for_speaker(seg.speaker, ep.speakers)
            speaker = person.name if person else (seg.speaker or "")
            cues.append(Cue(cue_id or "", round(s, 3), round(e, 3), speaker, body))
        k = j + 1
    return cues


def transcript_json(cues: list[Cue]) -> bytes:
    """One segment a line: readable, and written by the C JSON encoder (indent= is pure Python)."""
    lines = [json.dumps({"speaker": c.speaker, "startTime": _num(c.start), "endTime": _num(c.end), "body": c.body},
                        ensure_ascii=False) for c in cues]
    return ('{"version": "1.0.0", "segments": [\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def transcript_vtt(cues: list[Cue]) -> bytes:
    out = ["WEBVTT\n"]
    for c in cues:
        lines = [" ".join(line.split()) for line in c.body.split("\n")]
        text = "\n".join(line for line in lines if line)
        voice = _vtt_escape(" ".join(c.speaker.split()))
        out.append(f"\n{c.id}\n{vtt_time(c.start)} --> {vtt_time(c.end)}\n"
                   + (f"<v {voice}>" if voice else "") + _vtt_escape(text) + "\n")
    return "".join(out).encode("utf-8")


# ------------------------------------------------------------------ sitemap and robots

def sitemap(urls: Urls, entries: list[tuple[str, dt.date | None]]) -> bytes:
    """entries: (site-relative folder, last modified) of every page to list."""
    root = El("urlset", {"xmlns": NS_SITEMAP})
    for rel, lastmod in sorted(set(entries), key=lambda e: e[0]):
        url = root.add("url")
        url.add("loc", urls.abs(rel))
        if lastmod:
            url.add("lastmod", lastmod.isoformat())
    return xml_bytes(root)


def robots(urls: Urls) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.abs('sitemap.xml')}\n".encode()
