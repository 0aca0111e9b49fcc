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
    bio: str = ""  # Markdown
    path: Path | None = None
    source_hash: str = ""  # of the file's bytes: what caches key on


@dataclass
class Show:
    slug: str
    title: str
    hosts: list[str] = field(default_factory=list)  # person slugs
    description: str = ""
    website: str | None = None
    category: str | None = None
    language: str = "en"
    about: str = ""  # Markdown body
    path: Path | None = None
    source_hash: str = ""


@dataclass(frozen=True)
class Chapter:
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


@dataclass
class Episode:
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
    sources: list[str] = field(default_factory=list)
    transcript_timing: str = "none"  # exact | estimated | none
    draft: bool = False
    description: str = ""  # Markdown before '## Key insights' / '## Transcript'
    key_insights: str = ""  # Markdown under '## Key insights'
    transcript: list[Segment] = field(default_factory=list)
    source_hash: str = ""  # of the whole file
    card_hash: str = ""  # of what an episode card shows elsewhere: front matter and description

    @property
    def key(self) -> tuple[str, str]:
        return (self.show, self.slug)

    @property
    def timed(self) -> bool:
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
