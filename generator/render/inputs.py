"""The pieces page inputs are made of, and the per-build index that makes each piece once.

Inputs hold slugs, names and Markdown as written, never URLs or HTML: those come from the
rendering context (base URL, theme), which the build salt covers. A card holds exactly what an
episode card shows elsewhere, so editing an episode's transcript re-renders that episode and not
every page that lists it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.library import Library, topic_name
from generator.model import Episode
from generator.render.urls import topic_slug
from generator.slugs import is_slug


@dataclass(frozen=True)
class PersonIn:
    """A person as another page names them; `known` False for a slug that names nobody (the
    loader reports it; the page shows the slug as text)."""
    slug: str
    name: str
    known: bool = True


@dataclass(frozen=True)
class PersonCredit:
    """A person as a feed or a show's structured data credits them: podcast:person, schema.org author."""
    slug: str
    name: str
    aliases: tuple[str, ...]
    img: str | None


@dataclass(frozen=True)
class ShowName:
    slug: str
    title: str


@dataclass(frozen=True)
class ShowIn:
    """A show as its episodes' pages show it."""
    slug: str
    title: str
    description: str
    language: str
    image: str | None


@dataclass(frozen=True)
class CardIn:
    """An episode as another page lists it (a card or a line)."""
    show: ShowName
    slug: str
    title: str
    date: dt.date
    duration: int | None
    draft: bool
    guests: tuple[PersonIn, ...]
    summary: str  # as written (may be empty)
    description: str  # Markdown: a card without a summary shows its opening

    @property
    def rel(self) -> str:
        return f"{self.show.slug}/{self.slug}/"


@dataclass(frozen=True)
class SpeakerDirectory:
    """Who a transcript's speaker label names: every person's name and aliases (lowercased)."""
    labels: dict[str, str]  # label -> person slug
    people: dict[str, PersonIn]

    def resolve(self, label: str | None, mapping: dict[str, str] | None = None) -> PersonIn | None:
        """Through the episode's `speakers:` mapping first (labels match regardless of case and
        spacing), then by any person's name or alias (`Library.speakers`, made by pass_speakers)."""
        label = " ".join((label or "").split()).lower()
        if not label:
            return None
        slug = None
        if mapping:
            slug = next((s for given, s in mapping.items() if " ".join(given.split()).lower() == label), None)
        slug = slug or self.labels.get(label)
        return self.people.get(slug) if slug else None


def topic_groups(lib: Library) -> dict[str, tuple[str, list[Episode]]]:
    """URL slug -> (display name, episodes newest first); topics slugifying alike are merged."""
    out: dict[str, tuple[str, list[Episode]]] = {}
    for name, eps in sorted(lib.topics.items()):
        slug = topic_slug(name)
        if slug in out:
            merged = {e.key: e for e in out[slug][1] + eps}
            keep = out[slug][0] if not is_slug(out[slug][0]) or is_slug(name) else name  # a written name wins
            out[slug] = (keep, sorted(merged.values(), key=lambda e: (-e.date.toordinal(), e.show, e.slug)))
        else:
            out[slug] = (name, list(eps))
    return {slug: (topic_name(name), eps) for slug, (name, eps) in sorted(out.items())}


class Index:
    """Per build: each person, show and card piece made once, shared by every page's inputs."""

    def __init__(self, lib: Library):
        self.lib = lib
        self._people: dict[str, PersonIn] = {}
        self._shows: dict[str, ShowName] = {}
        self._show_ins: dict[str, ShowIn] = {}
        self._cards: dict[tuple[str, str], CardIn] = {}
        self._topics: dict | None = None
        self._speakers: SpeakerDirectory | None = None

    def person(self, slug: str) -> PersonIn:
        ref = self._people.get(slug)
        if ref is None:
            p = self.lib.people.get(slug)
            ref = self._people[slug] = PersonIn(slug, p.name, True) if p else PersonIn(slug, slug, False)
        return ref

    def credits(self, slugs) -> tuple[PersonCredit, ...]:
        """The people among `slugs` the site knows, as feeds and structured data credit them."""
        people = self.lib.people
        return tuple(PersonCredit(p.slug, p.name, tuple(p.aliases), p.img) for p in (people[s] for s in slugs
                                                                                     if s in people))

    def people(self, slugs) -> tuple[PersonIn, ...]:
        return tuple(self.person(s) for s in slugs)

    def show_name(self, slug: str) -> ShowName:
        ref = self._shows.get(slug)
        if ref is None:
            show = self.lib.shows.get(slug)
            ref = self._shows[slug] = ShowName(slug, show.title if show else slug)
        return ref

    def show(self, slug: str) -> ShowIn:
        ref = self._show_ins.get(slug)
        if ref is None:  # one per show: its digest is made once, not once per episode
            s = self.lib.shows[slug]
            ref = self._show_ins[slug] = ShowIn(s.slug, s.title, s.description, s.language, s.image)
        return ref

    def card(self, ep: Episode) -> CardIn:
        card = self._cards.get(ep.key)
        if card is None:
            card = self._cards[ep.key] = CardIn(self.show_name(ep.show), ep.slug, ep.title, ep.date, ep.duration,
                                                ep.draft, self.people(ep.guests), ep.summary, ep.description)
        return card

    def cards(self, episodes) -> tuple[CardIn, ...]:
        return tuple(self.card(ep) for ep in episodes)

    @property
    def topics(self) -> dict[str, tuple[str, list[Episode]]]:
        if self._topics is None:
            self._topics = topic_groups(self.lib)
        return self._topics

    @property
    def speakers(self) -> SpeakerDirectory:
        if self._speakers is None:
            self._speakers = SpeakerDirectory(dict(sorted(self.lib.speakers.items())),
                                              {slug: self.person(slug) for slug in sorted(self.lib.people)})
        return self._speakers


@dataclass(frozen=True)
class AlsoWithIn:
    person: PersonIn
    episodes: tuple[CardIn, ...]
    total: int  # all their other episodes (the list is capped)


@dataclass(frozen=True)
class EpisodeIn:
    """What an episode's page, index.md and transcript files may use."""
    episode: Episode  # the whole file, parsed (its transcript is hashed as written)
    show: ShowIn
    people: tuple[PersonIn, ...]  # its hosts then guests
    speakers: SpeakerDirectory
    also_with: tuple[AlsoWithIn, ...] = ()
    related: tuple[CardIn, ...] = ()
    previous: CardIn | None = None
    next: CardIn | None = None
