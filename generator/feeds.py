"""Feeds and the machine-readable files they link (DESIGN §5, §6):

- `<show>/feed.xml`: RSS 2.0 with the itunes and podcast (Podcasting 2.0) namespaces;
- `<show>/<episode>/chapters.json`: Podcasting 2.0 JSON chapters;
- `sitemap.xml` and `robots.txt`.

The transcripts a feed item links are made elsewhere and re-exported here, so `feeds.<name>` is
every file a feed names: `transcript.json` (one entry a segment) in generator/transcripts.py,
`transcript.vtt` and `transcript.srt` (captions: short lines, each with its own estimated time)
in generator/captions.py. XML goes through the small escaping writer of generator/xml_writer.py,
so the namespace declarations are always on the root and the output is byte-for-byte deterministic.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from email.utils import format_datetime
from typing import Sequence
from urllib.parse import urlsplit

from generator.ids import episode_guid, show_guid
from generator.model import Chapter, Episode, Show, SiteConfig
from generator.render.inputs import PersonCredit
from generator.render.markdown import Markdown
from generator.render.summary import episode_summary
from generator.render.urls import Urls, episode_rel, person_rel, show_rel
from generator.xml_writer import El, xml_bytes

NS_ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
NS_PODCAST = "https://podcastindex.org/namespace/1.0"
NS_ATOM = "http://www.w3.org/2005/Atom"
NS_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "audio/mp4", ".aac": "audio/aac",
               ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/opus", ".wav": "audio/wav",
               ".flac": "audio/flac"}

# ------------------------------------------------------------------ RSS

def rfc822(date: dt.date) -> str:
    return format_datetime(dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.timezone.utc))


def rss_feed(show: Show, episodes: Sequence[Episode], people: dict[str, PersonCredit], config: SiteConfig, urls: Urls,
             md: Markdown) -> bytes:
    """The show's feed: `episodes` are its published ones, newest first; `people` every host and
    guest they name."""
    hosts = [people[h] for h in show.hosts if h in people]
    description = show.description or md.text(show.about) or config.description or show.title
    rss = El("rss", {"version": "2.0", "xmlns:itunes": NS_ITUNES, "xmlns:podcast": NS_PODCAST,
                     "xmlns:atom": NS_ATOM})
    ch = rss.add("channel")
    ch.add("title", show.title)
    ch.add("link", urls.abs(show_rel(show)))
    ch.add("description", as_html(description))
    ch.add("language", show.language or config.language or "en")
    ch.add("generator", "shownotes")
    ch.add("atom:link", href=urls.abs(show_rel(show) + "feed.xml"), rel="self", type="application/rss+xml")
    if episodes:
        ch.add("pubDate", rfc822(episodes[0].date))
        ch.add("lastBuildDate", rfc822(episodes[0].date))
    author = show.author or ", ".join(p.name for p in hosts) or config.title
    if episodes:
        ch.add("copyright", f"© {episodes[0].date.year} {author}")
    if show.image:
        image = ch.add("image")
        image.add("url", show.image)
        image.add("title", show.title)
        image.add("link", urls.abs(show_rel(show)))
        ch.add("itunes:image", href=show.image)
        ch.add("podcast:image", href=show.image)
    ch.add("itunes:author", author)
    if show.owner and (show.owner.name or show.owner.email):
        owner = ch.add("itunes:owner")
        if show.owner.name:
            owner.add("itunes:name", show.owner.name)
        if show.owner.email:
            owner.add("itunes:email", show.owner.email)
    ch.add("itunes:summary", description)
    ch.add("itunes:type", "episodic")
    ch.add("itunes:explicit", "true" if show.explicit else "false")
    if show.category:
        ch.add("itunes:category", text=show.category)
    ch.add("podcast:guid", show.guid or show_guid(show.slug))
    if show.owner and show.owner.email:
        ch.add("podcast:locked", "yes" if show.locked else "no", owner=show.owner.email)
    for p in hosts:
        ch.add("podcast:person", p.name, role="host", href=urls.abs(person_rel(p)), img=p.img)
    for ep in episodes:
        _item(ch, people, ep, urls, md)
    return xml_bytes(rss)


def _item(ch: El, people: dict[str, PersonCredit], ep: Episode, urls: Urls, md: Markdown) -> None:
    link = urls.abs(episode_rel(ep))
    item = ch.add("item")
    item.add("title", ep.title)
    item.add("link", link)
    # a stable id (the imported feed's, or made once by import or `new`), never the page URL: a site
    # that moves to another base URL must not show every episode twice in every app
    item.add("guid", ep.guid or episode_guid(ep.show, ep.slug), isPermaLink="false")
    item.add("pubDate", rfc822(ep.date))
    item.add("description", as_html(episode_summary(ep.summary, ep.description, md)))
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
        item.add("itunes:duration", ep.duration)  # seconds: what Apple asks for
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
        item.add("podcast:transcript", url=link + "transcript.srt", type="application/x-subrip", rel="captions")
        item.add("podcast:transcript", url=link + "transcript.vtt", type="text/vtt")  # last: readers keeping one keep VTT
    else:
        for t in ep.transcript_links:
            item.add("podcast:transcript", url=t.url, type=t.type or "text/plain", language=t.language or None)
    for role, slugs in (("host", ep.hosts), ("guest", ep.guests)):
        for slug in slugs:
            if slug in people:
                person = people[slug]
                item.add("podcast:person", person.name, role=role, href=urls.abs(person_rel(slug)), img=person.img)


def as_html(text: str) -> str:
    """Plain text as the HTML an RSS <description> holds: readers decode the XML and then read
    HTML, so text that looks like markup (`<script>` in a title) must be escaped for both."""
    return html.escape(text, quote=False)


# ------------------------------------------------------------------ chapters

def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def chapters_json(chapters: Sequence[Chapter]) -> bytes:
    return _json({"version": "1.2.0", "chapters": [{"startTime": ch.start, "title": ch.title} for ch in chapters]})


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


__all__ = ["as_html", "chapters_json", "rfc822", "robots", "rss_feed", "sitemap"]
