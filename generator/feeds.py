"""Feeds and machine-readable exports (DESIGN §5, §6):

- `<show>/feed.xml`: RSS 2.0 with the itunes and podcast (Podcasting 2.0) namespaces;
- `<show>/<episode>/chapters.json`: Podcasting 2.0 JSON chapters;
- `<show>/<episode>/transcript.json` (one entry a segment), and `transcript.vtt` and `transcript.srt`
  (captions: short lines, each with its own estimated time) for timed transcripts;
- `sitemap.xml` and `robots.txt`.

XML is written by a small escaping writer (every text and attribute goes through `_esc`), so the
namespace declarations are always on the root and the output is byte-for-byte deterministic.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import urlsplit

from generator.ids import episode_guid, show_guid
from typing import Sequence

from generator.model import Chapter, Episode, Person, Show, SiteConfig
from generator.render.anchors import Anchors, compute_anchors
from generator.render.inputs import SpeakerDirectory
from generator.render.markdown import Markdown
from generator.render.summary import episode_summary
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


def rss_feed(show: Show, episodes: Sequence[Episode], people: dict[str, Person], config: SiteConfig, urls: Urls,
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


def _item(ch: El, people: dict[str, Person], ep: Episode, urls: Urls, md: Markdown) -> None:
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


# ------------------------------------------------------------------ chapters and transcripts

def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 3)


def chapters_json(chapters: Sequence[Chapter]) -> bytes:
    return _json({"version": "1.2.0", "chapters": [{"startTime": ch.start, "title": ch.title} for ch in chapters]})


@dataclass(frozen=True)
class Cue:
    id: str
    start: float
    end: float
    speaker: str
    body: str


def transcript_cues(ep: Episode, md: Markdown, speakers: SpeakerDirectory, anchors: Anchors | None = None) -> list[Cue]:
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
            person = speakers.resolve(seg.speaker, ep.speakers)
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


# ------------------------------------------------------------------ captions (WebVTT, SubRip)

CAPTION_WIDTH = 65  # WebVTT: the namespace's recommended maximum line length
SRT_WIDTH = 32  # SubRip: the namespace's SRT properties (at most 2 lines of 32 characters)
CAPTION_LINES = 2
MIN_CAPTION_MS = 500  # shorter only when an episode's duration leaves no room
MAX_CAPTION_MS = 15_000  # a caption leaves the screen by then: the rest of a long segment is a pause

_CLOSERS = "\"'”’»)]"  # after a full stop or comma, still the end of the sentence or clause
_PARAGRAPH, _SENTENCE_END, _CLAUSE_END = 3, 2, 1  # how good a place to break after a word is


@dataclass(frozen=True)
class Caption:
    """One caption: at most CAPTION_LINES lines of plain text (not escaped), times in milliseconds."""
    id: str  # the segment's anchor on its first caption; `<anchor>.2`, `<anchor>.3`… on the rest
    start: int
    end: int
    speaker: str
    lines: tuple[str, ...]


def caption_cues(cues: list[Cue], duration: float | None = None, *, width: int = CAPTION_WIDTH,
                 label: bool = False) -> list[Caption]:
    """Segments cut into captions of at most two lines of `width` characters, at word boundaries.

    A caption ends at a paragraph, sentence or clause end when one is near the limit; a word
    longer than a line is a line of its own. Each caption gets the part of its segment's time
    (start to end, as `transcript_cues` made them) in proportion to its words, is shown for at
    most MAX_CAPTION_MS and at least MIN_CAPTION_MS, never overlaps the one before, and ends by
    `duration` (seconds) when it is given. With `label`, the first caption of each new speaker
    starts with `Name: ` (SubRip has no voices), counted in the line length. Pure: the same
    cues give the same captions."""
    texts: list[tuple[str, str, list[list[str]]]] = []  # per segment: id, speaker, each caption's lines
    timing: list[tuple[int, int]] = []  # per caption: the wished-for (start, end) in milliseconds
    previous = None
    for c in cues:
        tokens: list[str] = []
        strength: list[int] = []
        for para in c.body.split("\n"):
            words = para.split()
            if words:
                tokens += words
                strength += [_break_strength(w) for w in words[:-1]] + [_PARAGRAPH]
        if not tokens:
            continue
        speaker = " ".join(c.speaker.split())
        labelled = label and bool(speaker) and speaker != previous
        previous = speaker
        named = len((speaker + ":").split()) if labelled else 0  # a long name wraps like words
        if named:
            tokens[:0] = (speaker + ":").split()
            strength[:0] = [0] * named
        groups = _cut(tokens, strength, width)
        counts = [j - max(i, named) if j > named else 0 for i, j in groups]  # the name takes no time
        start, end = round(c.start * 1000), round(c.end * 1000)
        total = sum(counts)
        if end <= start:
            end = start + round(1000 * max(1.0, total / WORDS_PER_SECOND))
        acc = 0
        for (i, j), n in zip(groups, counts):
            a = start + (end - start) * acc // total
            acc += n
            b = start + (end - start) * acc // total
            timing.append((a, min(b, a + MAX_CAPTION_MS)))
        texts.append((c.id, speaker, [_lines(tokens[i:j], strength[i:j], width) for i, j in groups]))
    times = iter(_fit_times(timing, None if duration is None else round(duration * 1000)))
    out: list[Caption] = []
    for cue_id, speaker, captions in texts:
        for n, lines in enumerate(captions, 1):
            s, e = next(times)
            ident = cue_id if n == 1 or not cue_id else f"{cue_id}.{n}"
            out.append(Caption(ident, s, e, speaker, tuple(lines)))
    return out


def _break_strength(word: str) -> int:
    last = word.rstrip(_CLOSERS)[-1:]
    if last and last in ".!?…":
        return _SENTENCE_END
    return _CLAUSE_END if last and last in ",;:–—" or not word.strip("-–—") else 0


def _fill(lengths: list[int], i: int, width: int) -> int:
    """The end of the longest run of words from i that wraps into CAPTION_LINES lines (at least one word)."""
    lines, cur, j, n = 1, lengths[i], i + 1, len(lengths)
    while j < n:
        if cur + 1 + lengths[j] <= width:
            cur += 1 + lengths[j]
        elif lines < CAPTION_LINES:
            lines, cur = lines + 1, lengths[j]
        else:
            break
        j += 1
    return j


def _cut(tokens: list[str], strength: list[int], width: int) -> list[tuple[int, int]]:
    """Word ranges, one a caption: as full as they can be, unless a good break is near the end."""
    lengths = [len(t) for t in tokens]
    ends = [0]
    for n in lengths:
        ends.append(ends[-1] + n + 1)

    def span(i: int, j: int) -> int:
        return ends[j] - ends[i] - 1

    bonus = {0: 0, _CLAUSE_END: 0.4 * width, _SENTENCE_END: 0.8 * width, _PARAGRAPH: 1.0 * width}
    n, i, groups = len(tokens), 0, []
    while i < n:
        j = _fill(lengths, i, width)
        if j < n:
            if _fill(lengths, j, width) == n:  # two captions left: even them out
                k0 = j  # the rest fits one caption from k0 on (fewer words never need more lines)
                while k0 - 1 > i and _fill(lengths, k0 - 1, width) == n:
                    k0 -= 1
                j = min(range(k0, j + 1), key=lambda k: (max(span(i, k), span(k, n)) - bonus[strength[k - 1]] / 2, -k))
            else:
                j = max(range(i + 1, j + 1), key=lambda k: (span(i, k) + bonus[strength[k - 1]], k))
        groups.append((i, j))
        i = j
    return groups


def _lines(tokens: list[str], strength: list[int], width: int) -> list[str]:
    """One caption's tokens as one line, or as two lines balanced and broken at the best place."""
    text = " ".join(tokens)
    lengths = [len(t) for t in tokens]
    total = len(text)
    options = []
    left = -1
    for k in range(1, len(tokens)):
        left += lengths[k - 1] + 1
        right = total - left - 1
        if (left <= width or k == 1) and (right <= width or k == len(tokens) - 1):
            score = max(left, right) - {0: 0, _CLAUSE_END: 0.15, _SENTENCE_END: 0.3, _PARAGRAPH: 0.5}[strength[k - 1]] * width
            options.append((strength[k - 1] == _PARAGRAPH, score, k))
    if total <= width:  # one line, unless it holds the end of a paragraph: a new paragraph, a new line
        options = [o for o in options if o[0]]
        if not options:
            return [text]
    if not options:  # cannot happen for tokens that _fill let through; kept whole rather than lost
        return [text]
    k = min(options, key=lambda o: (o[1], o[2]))[2]
    return [" ".join(tokens[:k]), " ".join(tokens[k:])]


def _fit_times(timing: list[tuple[int, int]], limit: int | None) -> list[tuple[int, int]]:
    """Wished-for (start, end) pairs made into captions that never overlap, last at least the
    minimum, and end by `limit`: pushed later where they crowd, then earlier from the limit back,
    with a shorter minimum when the limit leaves no room for the usual one."""
    if limit is not None and (not timing or limit < len(timing)):
        limit = None  # no room even for a millisecond each: the episode's duration must be wrong

    def place(minimum: int) -> list[list[int]]:
        out, prev = [], 0
        for a, b in timing:
            s = max(a, prev)
            e = max(b, s + minimum)
            out.append([s, e])
            prev = e
        if limit is not None and out and out[-1][1] > limit:
            nxt = limit
            for t in reversed(out):
                t[1] = min(t[1], nxt)
                t[0] = min(t[0], t[1] - minimum)
                nxt = t[0]
        return out

    out = place(MIN_CAPTION_MS)
    if out and out[0][0] < 0:
        out = place(limit // len(timing))
    return [(s, e) for s, e in out]


def _clock(ms: int, sep: str) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def transcript_vtt(cues: list[Cue], duration: float | None = None) -> bytes:
    """WebVTT captions: every caption carries its speaker's voice (`<v Name>`)."""
    out = ["WEBVTT\n"]
    for c in caption_cues(cues, duration):
        voice = _vtt_escape(c.speaker)
        text = "\n".join(_vtt_escape(line) for line in c.lines)
        out.append("\n" + (f"{c.id}\n" if c.id else "") + f"{_clock(c.start, '.')} --> {_clock(c.end, '.')}\n"
                   + (f"<v {voice}>" if voice else "") + text + "\n")
    return "".join(out).encode("utf-8")


def transcript_srt(cues: list[Cue], duration: float | None = None) -> bytes:
    """SubRip captions, numbered from 1; a new speaker's first caption starts with `Name: `.
    SubRip has no escapes: text is written as it reads."""
    out = [f"{n}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n" + "\n".join(c.lines) + "\n"
           for n, c in enumerate(caption_cues(cues, duration, width=SRT_WIDTH, label=True), 1)]
    return "\n".join(out).encode("utf-8")


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
