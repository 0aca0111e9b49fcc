"""What merging produces: the show, episode and person files to write (`ShowOut`, `EpisodeOut`,
`PersonOut`), and the `Result` that also tells which record went into which episode, which
records matched none, and what was adjusted on the way."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.importers.records import (Block, EpisodeRecord, Insight, LinkedFile, Published, TimedTitle,
                                         TranscriptSegment)


@dataclass
class ShowOut:
    slug: str
    title: str
    hosts: list[str]
    description: str
    about: str
    category: str | None
    website: str | None
    sources: list[str]
    language: str | None = None
    image: str | None = None
    author: str | None = None
    owner: tuple[str, str] | None = None
    explicit: bool | None = None
    guid: str | None = None
    locked: bool | None = None


@dataclass
class EpisodeOut(Published):
    """One episode's file; the published episode's fields (audio, guid, numbers, artwork) come
    from `Published`, as on the records it is merged from."""
    show: str  # show slug
    slug: str
    title: str
    date: dt.date | None  # None: an undated draft
    duration: int | None
    guests: list[str]
    hosts: list[str] | None  # None: the show's hosts
    summary: str
    alt_titles: list[str]
    chapters: list[TimedTitle]
    highlights: list[TimedTitle]
    topics: list[str]
    sources: list[str]
    timing: str | None  # None: no transcript
    description: list[Block]
    key_insights: list[Insight]
    transcript: list[TranscriptSegment]
    transcript_links: list[LinkedFile] = field(default_factory=list)  # linked files not imported: kept as links
    chapters_link: str | None = None

    @property
    def path(self) -> str:
        if self.date is None:  # an undated draft (DESIGN §3a)
            return f"shows/{self.show}/{self.slug}.md"
        return f"shows/{self.show}/{self.date.isoformat()}-{self.slug}.md"


@dataclass
class PersonOut:
    slug: str
    name: str
    aliases: list[str]
    role: str
    affiliation: str | None
    links: list[tuple[str, str]]
    bio: str
    img: str | None = None


@dataclass
class Result:
    shows: list[ShowOut] = field(default_factory=list)
    episodes: list[EpisodeOut] = field(default_factory=list)
    people: list[PersonOut] = field(default_factory=list)
    placed: dict[int, EpisodeOut] = field(default_factory=dict)  # id(record) -> the episode it went into
    primary: set[int] = field(default_factory=set)  # id of each episode's leading record
    unmatched: list[tuple[EpisodeRecord, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "source: what was adjusted", not failures
