"""The groups merging builds: a show (every document's record of it, and its hosts), found by its
title compared loosely; and an episode (its records, the leading one first)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from generator.importers.people import KnownPerson
from generator.importers.records import EpisodeRecord, ShowRecord
from generator.slugs import RESERVED_SLUGS, slugify


def show_key(title: str) -> str:
    """The title compared loosely: lowercase words only (the title itself if it has none)."""
    return " ".join(re.findall(r"[^\W_]+", title.lower())) or " ".join(title.lower().split())


def show_core(title: str) -> str:
    """What people say when they name the show: 'The MAD Podcast with Matt Turck' -> 'MAD Podcast'."""
    core = re.sub(r"^the\s+", "", title.strip(), flags=re.I)
    core = re.sub(r"\s+(?:with|hosted by|by)\s+.*$", "", core, flags=re.I)
    return core.strip() or title


@dataclass
class ShowGroup:
    key: str
    title: str
    slug: str
    records: list[ShowRecord] = field(default_factory=list)
    hosts: list[KnownPerson] = field(default_factory=list)


class ShowIndex:
    """Every show met so far, one per loosely equal title, each with a slug of its own."""

    def __init__(self) -> None:
        self.items: list[ShowGroup] = []

    def find(self, title: str | None, create: bool = True) -> ShowGroup | None:
        if not title or not title.strip():
            return None
        key = show_key(title)
        for show in self.items:
            if show.key == key or fuzz.ratio(show.key, key) >= 92:
                return show
        if not create:
            return None
        slug = base = slugify(title)
        if slug in RESERVED_SLUGS:  # URL paths the site uses for its own pages: the loader refuses them
            slug = base = f"{base}-podcast"
        n = 2
        while any(s.slug == slug for s in self.items):
            slug, n = f"{base}-{n}", n + 1
        show = ShowGroup(key, title.strip(), slug)
        self.items.append(show)
        return show

    def mentioned_in(self, text: str) -> list[ShowGroup]:
        low = " ".join(text.lower().split())
        out = []
        for show in self.items:
            core = show_core(show.title).lower()
            if len(core) >= 4 and re.search(rf"(?<!\w){re.escape(core)}(?!\w)", low):
                out.append(show)
        return out


@dataclass
class EpisodeGroup:
    show: ShowGroup
    records: list[EpisodeRecord] = field(default_factory=list)

    @property
    def primary(self) -> EpisodeRecord:
        return self.records[0]
