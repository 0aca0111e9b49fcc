"""The common intermediate records every parser produces and every later stage reads.

Parsers know nothing about each other: each turns one document into these records, raw
text kept raw (escaping for Markdown happens only when the writer renders it).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

# How much a source's own title, date and description count when documents merge:
# a directory listing is the show's own feed, a summary site is a third party, a
# caption dump says nothing about itself.
# A feed is the show's own word on every field; another site's show notes are the podcaster's own
# too; transcript and chapters files say nothing about the episode but their own content.
AUTHORITY = {"feed": 4, "listing": 3, "show-notes": 3, "summary-site": 2, "summary-page": 1, "captions": 0,
             "transcript": 0, "chapters": 0}


@dataclass
class Block:
    """One piece of a description: a paragraph, a heading, a list or a quotation."""
    kind: str  # "p" | "h" | "ul" | "quote" | "md" (Markdown the importer made itself, e.g. from a feed's HTML)
    text: str = ""
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TimedTitle:
    """A chapter or a highlight: a start in seconds and a title."""
    start: int
    title: str


@dataclass
class Insight:
    """A key insight, optionally led by a short bold title (a summary site's takeaway)."""
    text: str
    lead: str = ""


@dataclass
class TranscriptSegment:
    """A transcript segment: a timed or untimed paragraph plus its continuation paragraphs.
    An untimed segment with a speaker is a turn with no time of its own (sparse stamps)."""
    start: int | None
    speaker: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LinkedFile:
    """A file a feed item links: `podcast:transcript` or `podcast:chapters`."""
    url: str
    kind: str  # "transcript" | "chapters"
    type: str = ""  # MIME type as the feed gives it
    language: str = ""


@dataclass
class PersonRecord:
    """A person as one source names them; `strength` ranks how deliberately the source did so
    (3: a guest line, title or speaker list; 2: a speaker label or a sentence pattern)."""
    name: str
    role: str | None = None  # "host" | "guest" | None (unknown)
    affiliation: str | None = None
    position: str | None = None  # job title as written, e.g. "co-founder and CTO of Lambda"
    bio: str | None = None
    bio_strength: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)
    img: str | None = None  # a portrait URL (podcast:person img)
    explicit: bool = False  # the source tags them as a person (podcast:person, front matter): any name shape
    strength: int = 2
    participant: bool = True  # False: the source only says who they are (affiliation, bio)


@dataclass(kw_only=True)
class Published:
    """The published episode: its enclosure, guid, numbers and artwork. What one source says of it
    is on its `EpisodeRecord` (a feed item, another site's show notes); what the merged episode's
    file says, on its `EpisodeOut` (merge_results.py). Keyword-only, so that subclasses may add
    required fields of their own."""
    audio: str | None = None
    audio_type: str | None = None
    audio_bytes: int | None = None
    guid: str | None = None
    number: int | None = None
    season: int | None = None
    episode_type: str | None = None  # full | trailer | bonus
    explicit: bool | None = None
    image: str | None = None


# in the order the writer puts them in an episode's front matter
PUBLISHED_FIELDS = tuple(f.name for f in fields(Published))


@dataclass
class EpisodeRecord(Published):
    """One episode as one source tells of it; the published episode's fields come from `Published`."""
    source: str  # the seed's file name
    kind: str  # key of AUTHORITY
    show: str | None = None  # show title as the source writes it
    title: str | None = None
    date: dt.date | None = None
    duration: int | None = None  # seconds
    summary: str = ""  # a source's own one- or two-sentence summary, if it has one
    description: list[Block] = field(default_factory=list)
    key_insights: list[Insight] = field(default_factory=list)
    chapters: list[TimedTitle] = field(default_factory=list)
    highlights: list[TimedTitle] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    transcript: list[TranscriptSegment] = field(default_factory=list)
    timing: str = "none"  # "exact" when the transcript carries the source's own timestamps
    mention_text: str = ""  # free text searched for people and show names the source only mentions
    linked: list[LinkedFile] = field(default_factory=list)  # transcript and chapters files it points to
    speakers: dict[str, str] = field(default_factory=dict)  # generic transcript label -> person name

    @property
    def authority(self) -> int:
        return AUTHORITY.get(self.kind, 0)


@dataclass
class ShowRecord:
    title: str
    source: str
    hosts: list[PersonRecord] = field(default_factory=list)
    about: str = ""
    category: str | None = None
    website: str | None = None
    language: str | None = None
    image: str | None = None
    author: str | None = None
    owner: tuple[str, str] | None = None  # (name, email)
    explicit: bool | None = None
    guid: str | None = None  # podcast:guid
    locked: bool | None = None  # podcast:locked


@dataclass
class ParsedDocument:
    """What one seed became: its shows, its episodes, and the problems met on the way."""
    source: str
    format: str  # human label, e.g. "podcast listing"
    shows: list[ShowRecord] = field(default_factory=list)
    episodes: list[EpisodeRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # each a reason; the seed is named when reported
    fatal: bool = False  # nothing of the document could be imported
