"""The content model: what the loader produces from content/ and every later stage reads.

Plain dataclasses; times are whole seconds. Markdown stays Markdown here: rendering it is
the render stage's job.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass
class Person:
    slug: str
    name: str
    aliases: list[str] = field(default_factory=list)
    role: str = "guest"  # host | guest
    affiliation: str | None = None
    links: list[Link] = field(default_factory=list)
    img: str | None = None  # portrait URL (podcast:person img, person page)
    bio: str = ""  # Markdown
    path: Path | None = None
    source_hash: str = ""  # of the file's bytes: what caches key on


@dataclass(frozen=True)
class Owner:
    """A show's owner as feeds name it (itunes:owner): either part may be empty."""
    name: str = ""
    email: str = ""


@dataclass
class Show:
    slug: str
    title: str
    hosts: list[str] = field(default_factory=list)  # person slugs
    description: str = ""
    website: str | None = None
    category: str | None = None
    language: str = "en"
    image: str | None = None  # show artwork URL
    author: str | None = None
    owner: Owner | None = None
    explicit: bool | None = None  # None: not said
    guid: str | None = None  # podcast:guid
    locked: bool = False  # podcast:locked: other hosting platforms must not import the feed
    about: str = ""  # Markdown body
    path: Path | None = None
    source_hash: str = ""


@dataclass(frozen=True)
class Chapter:
    __digest_inline__ = True  # small and many (~25 an episode): hashed as part of what holds it (render/digest.py)

    start: int
    title: str


@dataclass
class Segment:
    """One transcript segment: a timed paragraph plus its untimed continuation paragraphs,
    or (in an untimed transcript) one paragraph, i.e. one speaker turn."""
    start: int | None  # seconds; None in untimed transcripts
    speaker: str | None  # as written in the transcript
    paragraphs: list[str]  # Markdown, speaker label and timestamp removed
    line: int = 0  # line in the content file where the segment starts


class _LazySegments:
    """`Episode.transcript`: parsed from `transcript_source` on first use, so loading and
    validating a thousand hour-long transcripts builds no segment objects until a page needs them."""

    def __set_name__(self, owner, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj, owner=None):
        if obj is None:
            return None  # the dataclass default: parse lazily
        value = obj.__dict__.get(self.slot)
        if value is None:
            from generator.content.body import parse_transcript
            value = parse_transcript(obj.transcript_source, obj.transcript_line)[0] if obj.transcript_source else []
            obj.__dict__[self.slot] = value
        return value

    def __set__(self, obj, value) -> None:
        obj.__dict__[self.slot] = value


@dataclass(frozen=True)
class TranscriptLink:
    """A transcript file the feed linked and import kept as a link (not downloaded)."""
    url: str
    type: str = ""
    language: str = ""


@dataclass
class Episode:
    __digest_skip__ = ("transcript",)  # parsed from transcript_source, which page keys hash (render/digest.py)
    # Once loaded from a file (source_hash set), an episode is its file's bytes, where the file is,
    # and what the loader settles from other files: hosts, guests and speakers it keeps. Page keys
    # hash these instead of every field (a transcript is ~60 KB; the code is in the build salt).
    __digest_by__ = ("source_hash", "path", "hosts", "guests", "speakers")

    show: str  # show slug (the folder)
    slug: str
    title: str
    date: dt.date
    path: Path | None = None
    duration: int | None = None  # seconds
    guests: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)  # resolved: the file's hosts or the show's
    summary: str = ""
    alt_titles: list[str] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    highlights: list[Chapter] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    audio: str | None = None
    audio_type: str | None = None  # MIME type of `audio`, e.g. audio/mpeg
    audio_bytes: int | None = None  # the enclosure length
    guid: str | None = None  # stable id: the feed's guid, or made once by import/new
    number: int | None = None  # episode number
    season: int | None = None
    episode_type: str = "full"  # full | trailer | bonus
    explicit: bool | None = None  # None: not said (the show's applies)
    image: str | None = None  # episode artwork URL
    speakers: dict[str, str] = field(default_factory=dict)  # transcript label as written -> person slug
    transcript_links: list[TranscriptLink] = field(default_factory=list)  # external transcripts, passed through
    chapters_link: str | None = None  # external chapters file, when none was imported
    sources: list[str] = field(default_factory=list)
    transcript_timing: str = "none"  # exact | estimated | none
    draft: bool = False
    undated: bool = False  # an undated draft: `date` is a placeholder, the episode is never built
    description: str = ""  # Markdown before '## Key insights' / '## Transcript'
    key_insights: str = ""  # Markdown under '## Key insights'
    transcript: list[Segment] = _LazySegments()  # type: ignore[assignment]
    transcript_source: str = ""  # Markdown under '## Transcript'
    transcript_line: int = 0  # its first line in the file
    has_timestamps: bool | None = None  # known from validation without parsing the transcript
    source_hash: str = ""  # of the whole file
    transcript_hash: str = ""  # of transcript_source (the loader makes both: page keys hash them, not the text)
    chapters_hash: str = ""  # of the chapters as parsed (the loader makes it: see render/kinds/episode.py)

    @property
    def key(self) -> tuple[str, str]:
        return (self.show, self.slug)

    @property
    def timed(self) -> bool:
        if self.has_timestamps is not None:
            return self.has_timestamps
        return any(s.start is not None for s in self.transcript)

    @property
    def people(self) -> list[str]:
        """Hosts then guests, each once."""
        return list(dict.fromkeys(self.hosts + self.guests))


@dataclass
class SiteConfig:
    title: str
    base_url: str = "/"
    description: str = ""
    language: str = "en"
    theme: str = "default"
    allow_html: bool = False
    cname: str | None = None

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, '/' or '/shownotes/'."""
        from urllib.parse import urlsplit
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"
