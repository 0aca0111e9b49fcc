"""Merge: one show per show, one person per person, one episode per episode, however many
documents tell of it.

Documents that carry a title and a date of their own (listings, summary sites) are grouped
when they are on the same show, within a day of each other and share a guest or most of a
title. Documents that lack one (a summary page without a date, a caption dump naming
nothing) join the episode of their show whose guests they share, or whose title they
echo; a tie or no match is reported, never guessed.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from generator.ids import episode_guid, show_guid
from generator.importers.fetch import FetchError, seed_path_for
from generator.importers.html_text import markdown_text
from generator.importers.people import KnownPerson, Registry, best
from generator.importers.records import (Block, EpisodeRecord, Insight, LinkedFile, TimedTitle, ParsedDocument,
                                         ShowRecord, TranscriptSegment)
from generator.importers.text import first_sentences
from generator.slugs import RESERVED_SLUGS, slugify

# ---------------------------------------------------------------- results


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
class EpisodeOut:
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
    audio: str | None = None
    audio_type: str | None = None
    audio_bytes: int | None = None
    guid: str | None = None
    number: int | None = None
    season: int | None = None
    episode_type: str | None = None
    explicit: bool | None = None
    image: str | None = None
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


# ---------------------------------------------------------------- shows


def show_key(title: str) -> str:
    """The title compared loosely: lowercase words only (the title itself if it has none)."""
    return " ".join(re.findall(r"[^\W_]+", title.lower())) or " ".join(title.lower().split())


def show_core(title: str) -> str:
    """What people say when they name the show: 'The MAD Podcast with Matt Turck' -> 'MAD Podcast'."""
    core = re.sub(r"^the\s+", "", title.strip(), flags=re.I)
    core = re.sub(r"\s+(?:with|hosted by|by)\s+.*$", "", core, flags=re.I)
    return core.strip() or title


# URL paths the site uses for its own pages (the loader refuses them as show folders)


@dataclass
class _Show:
    key: str
    title: str
    slug: str
    records: list[ShowRecord] = field(default_factory=list)
    hosts: list[KnownPerson] = field(default_factory=list)


class _Shows:
    def __init__(self) -> None:
        self.items: list[_Show] = []

    def find(self, title: str | None, create: bool = True) -> _Show | None:
        if not title or not title.strip():
            return None
        key = show_key(title)
        for show in self.items:
            if show.key == key or fuzz.ratio(show.key, key) >= 92:
                return show
        if not create:
            return None
        slug = base = slugify(title)
        if slug in RESERVED_SLUGS:
            slug = base = f"{base}-podcast"
        n = 2
        while any(s.slug == slug for s in self.items):
            slug, n = f"{base}-{n}", n + 1
        show = _Show(key, title.strip(), slug)
        self.items.append(show)
        return show

    def mentioned_in(self, text: str) -> list[_Show]:
        low = " ".join(text.lower().split())
        out = []
        for show in self.items:
            core = show_core(show.title).lower()
            if len(core) >= 4 and re.search(rf"(?<!\w){re.escape(core)}(?!\w)", low):
                out.append(show)
        return out


# ---------------------------------------------------------------- episodes


@dataclass
class _Episode:
    show: _Show
    records: list[EpisodeRecord] = field(default_factory=list)

    @property
    def primary(self) -> EpisodeRecord:
        return self.records[0]


class Merger:
    def __init__(self, docs: list[ParsedDocument], forced: dict[str, str] | None = None):
        self.docs = docs
        self.forced = forced or {}  # seed name -> "show-slug/episode-slug" (`import --episode`)
        self.registry = Registry()
        self.shows = _Shows()
        self.show_of: dict[int, _Show | None] = {}
        self.participants: dict[int, list[tuple[KnownPerson, str | None]]] = {}
        self.mentions: dict[int, list[KnownPerson]] = {}
        self.episodes: list[_Episode] = []
        self.undated: list[_Episode] = []  # undated drafts: never matched against, written as drafts
        self._linked: dict[str, list] | None = None  # built on first use, once every dated episode exists
        self.result = Result()

    def records(self) -> list[EpisodeRecord]:
        return [ep for doc in self.docs for ep in doc.episodes]

    # -- stage 1: shows and people

    def collect(self) -> None:
        for doc in self.docs:
            for rec in doc.shows:
                show = self.shows.find(rec.title)
                show.records.append(rec)
                for host in rec.hosts:
                    person = self.registry.add(host, doc.source)
                    if person is not None and person not in show.hosts:
                        show.hosts.append(person)
        for ep in self.records():
            self.show_of[id(ep)] = self.shows.find(ep.show)
        # participants first, so facts below find them; transcript and chapters files last, so a
        # speaker label's spelling never outranks how the feed or the page names the person
        for ep in sorted(self.records(), key=lambda r: r.kind in _FILE_KINDS):
            found = []
            for p in ep.people:
                if p.participant:
                    person = self.registry.add(p, ep.source)
                    if person is not None:
                        found.append((person, p.role))
            self.participants[id(ep)] = found
        for ep in self.records():
            for p in ep.people:
                if not p.participant:
                    self.registry.add(p, ep.source, create=False)
        for ep in self.records():
            self.mentions[id(ep)] = self.registry.scan(ep.mention_text, ep.source)
        for show in self.shows.items:  # a show known only from episode pages: hosts they name
            if not show.hosts:
                for ep in self.records():
                    if self.show_of[id(ep)] is show:
                        for person, role in self.participants[id(ep)]:
                            if role == "host" and person not in show.hosts:
                                show.hosts.append(person)

    def guests_of(self, ep: EpisodeRecord, show: _Show | None, with_mentions: bool = False) -> list[KnownPerson]:
        hosts = show.hosts if show else []
        out = [p for p, role in self.participants[id(ep)] if role != "host" and p not in hosts]
        if with_mentions:
            out += [p for p in self.mentions[id(ep)] if p not in hosts]
        return list(dict.fromkeys(out))

    # -- stage 2: group records into episodes

    def group(self) -> None:
        records = sorted(self.records(), key=lambda r: (-r.authority, r.source))
        complete = [r for r in records if r.title and r.date and self.show_of[id(r)] and r.source not in self.forced]
        in_complete = {id(r) for r in complete}
        partial = [r for r in records if id(r) not in in_complete]
        by_day: dict[tuple[int, dt.date], list[int]] = {}  # (show, primary date) -> episode indexes
        for rec in complete:
            show = self.show_of[id(rec)]
            near = sorted(i for day in _around(rec.date) for i in by_day.get((id(show), day), []))
            target = next((self.episodes[i] for i in near if self._same(rec, self.episodes[i])), None)
            if target is None:
                by_day.setdefault((id(show), rec.date), []).append(len(self.episodes))
                self.episodes.append(_Episode(show, [rec]))
            else:
                target.records.append(rec)
        for rec in partial:
            target, reason = self._attach(rec)
            if target is not None:
                target.records.append(rec)
            elif not self._undated_draft(rec):
                self.result.unmatched.append((rec, reason))

    def _undated_draft(self, rec: EpisodeRecord) -> bool:
        """DESIGN §3a: a document that describes an episode (it has a title) but gives no date, and
        matches no dated episode, becomes a draft without a date on its show. Never a made-up date."""
        if rec.date is not None or not rec.title or rec.source in self.forced:
            return False
        show = self.show_of[id(rec)]
        if show is None:
            named = self.shows.mentioned_in(rec.mention_text + "\n" + rec.title)
            show = named[0] if len(named) == 1 else (self.shows.items[0] if len(self.shows.items) == 1 else None)
        if show is None:
            return False
        self.undated.append(_Episode(show, [rec]))
        return True

    def _same(self, rec: EpisodeRecord, ep: _Episode) -> bool:
        if ep.show is not self.show_of[id(rec)]:
            return False
        for other in ep.records:
            if other.source == rec.source or abs((other.date - rec.date).days) > 1:
                return False
            for key in ("guid", "number"):  # both stated and different: two episodes, however alike
                mine, theirs = getattr(rec, key), getattr(other, key)
                if mine is not None and theirs is not None:
                    if mine != theirs:
                        return False
                    if key == "guid":
                        return True
        shared = set(self.guests_of(rec, ep.show)) & set(self._guests(ep))
        return bool(shared) or _title_similarity(rec.title, ep.primary.title) >= 80

    def _guests(self, ep: _Episode) -> list[KnownPerson]:
        return list(dict.fromkeys(p for r in ep.records for p in self.guests_of(r, ep.show)))

    def _attach(self, rec: EpisodeRecord) -> tuple[_Episode | None, str]:
        if rec.source in self.forced:
            return self._forced(rec.source)
        if rec.kind in _FILE_KINDS:
            for how in (self._by_link, self._by_file_name):
                target = how(rec)
                if target is not None:
                    return target, ""
        show = self.show_of[id(rec)]
        shows = [show] if show else self.shows.mentioned_in(rec.mention_text) or self.shows.items
        guests = set(self.guests_of(rec, show, with_mentions=True))
        if show is None and len(shows) == 1:
            guests -= set(shows[0].hosts)
        scored = []
        for ep in self.episodes:
            if ep.show not in shows or any(r.source == rec.source for r in ep.records):
                continue
            if rec.date and abs((ep.primary.date - rec.date).days) > 1:
                continue
            shared = len(guests & set(self._guests(ep)))
            title = _title_similarity(rec.title, ep.primary.title) if rec.title else 0
            if shared == 0 and title < 80:
                continue
            scored.append((shared * 100 + title + (50 if rec.date == ep.primary.date else 0), ep))
        if not scored:
            where = f"on {shows[0].title}" if len(shows) == 1 else "on any show"
            if rec.kind in _FILE_KINDS:
                return None, (f"no episode {where} links it, or shares its file name, title or speakers "
                              "(name the show with --show, or the episode number or slug in its file name)")
            if show is None and rec.title and rec.date:
                return None, "it names no show (set `show:` in its front matter, or pass --show)"
            need = "" if rec.date else " and it has no date to stand alone"
            return None, f"no episode {where} shares its guests or title{need}"
        scored.sort(key=lambda s: -s[0])
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            return None, f"it fits several episodes equally ({scored[0][1].primary.title!r}, {scored[1][1].primary.title!r})"
        return scored[0][1], ""

    def _forced(self, source: str) -> tuple[_Episode | None, str]:
        """The episode `--episode SHOW/SLUG` names: its slug as the importer makes it from the
        title, or the `<date>-<slug>` of its file."""
        want = self.forced[source]
        show_slug, _, slug = want.partition("/")
        for ep in self.episodes:
            if ep.show.slug != show_slug:
                continue
            own = slugify(ep.primary.title or "untitled")
            if slug in (own, f"{ep.primary.date.isoformat()}-{own}"):
                return ep, ""
        known = sorted(f"{e.show.slug}/{slugify(e.primary.title or 'untitled')}" for e in self.episodes
                       if e.show.slug == show_slug)[:5]
        hint = f" (episodes of {show_slug}: {', '.join(known)}…)" if known else f" (no show {show_slug!r})"
        return None, f"--episode {want}: no such episode{hint}"

    def _by_link(self, rec: EpisodeRecord) -> _Episode | None:
        """The episode whose feed item links a URL ending in this file's path under seeds/
        (the longest such ending wins; a tie decides nothing)."""
        if self._linked is None:  # (kind, every ending of a linked URL's path) -> episodes, built once
            self._linked = {}
            for ep in self.episodes:
                for r in ep.records:
                    for link in r.linked:
                        parts = _url_parts(link.url)
                        for n in range(1, len(parts) + 1):
                            eps = self._linked.setdefault((link.kind, parts[-n:]), [])
                            if ep not in eps:
                                eps.append(ep)
        src = tuple(p for p in rec.source.split("/") if p)
        for n in range(len(src), 0, -1):  # the longest ending first
            eps = self._linked.get((rec.kind, src[-n:]))
            if eps:
                return eps[0] if len(eps) == 1 else None  # a tie decides nothing
        return None

    def _by_file_name(self, rec: EpisodeRecord) -> _Episode | None:
        """The episode whose number, slug or title the file's name gives (`552-astral.vtt` -> 552)."""
        show = self.show_of[id(rec)]
        candidates = [ep for ep in self.episodes if show is None or ep.show is show]
        stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", rec.source.rsplit("/", 1)[-1])
        dated = re.match(r"^(\d{4}-\d{2}-\d{2})[-_ .](.+)$", stem)  # a content file's own name: date-slug
        for key in ([slugify(dated.group(2))] if dated else []) + [slugify(stem)]:
            hits = [ep for ep in candidates if key in {slugify(r.title) for r in ep.records if r.title}]
            if len(hits) == 1:
                return hits[0]  # the exact slug first: "10-minute-meditation" is a title, not episode 10
        if dated:
            return None
        m = re.match(r"^(?:e|ep|episode)?[-_ .]?0*(\d{1,6})(?=$|[-_ .])", stem, re.I)
        if m and not (len(m.group(1)) == 4 and 1900 <= int(m.group(1)) <= 2200 and not re.match(r"(?i)e", stem)):
            hits = [ep for ep in candidates if any(r.number == int(m.group(1)) for r in ep.records)]
            if len(hits) == 1:
                return hits[0]
        key = slugify(re.sub(r"^(?:e|ep|episode)?[-_ .]?\d{1,6}[-_ .]+", "", stem, flags=re.I))
        if len(key) < 6 or key == "untitled":
            return None
        hits = [ep for ep in candidates if key in {slugify(r.title) for r in ep.records if r.title}]
        if len(hits) == 1:
            return hits[0]
        scored = sorted(((fuzz.token_set_ratio(key.replace("-", " "), slugify(ep.primary.title or "").replace("-", " ")), ep)
                         for ep in candidates), key=lambda s: -s[0])
        if scored and scored[0][0] >= 90 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1]
        return None

    # -- stage 3: what gets written

    def build(self) -> Result:
        self.collect()
        self.group()
        self.registry.assign_slugs()
        used_sources: set[str] = set()
        taken: set[str] = set()
        dated = sorted(self.episodes, key=lambda e: (e.show.slug, e.primary.date, e.primary.title or ""))
        for ep in dated + sorted(self.undated, key=lambda e: (e.show.slug, e.primary.title or "", e.primary.source)):
            out = self._episode(ep, taken)
            self.result.episodes.append(out)
            self.result.primary.add(id(ep.primary))
            for rec in ep.records:
                self.result.placed[id(rec)] = out
                used_sources.add(rec.source)
        written = {e.show for e in self.result.episodes}
        for show in sorted(self.shows.items, key=lambda s: s.slug):
            if show.slug in written or any(r.source for r in show.records):
                used_sources |= {r.source for r in show.records}
                self.result.shows.append(self._show(show))
        hosts = {slug for s in self.result.shows for slug in s.hosts}
        hosts |= {slug for e in self.result.episodes for slug in (e.hosts or [])}
        named = hosts | {slug for e in self.result.episodes for slug in e.guests}
        for person in sorted(self.registry.people, key=lambda p: p.slug):
            if person.slug in named:
                self.result.people.append(self._person(person, person.slug in hosts, used_sources))
        return self.result

    def _episode(self, ep: _Episode, taken: set[str]) -> EpisodeOut:
        recs = ep.records
        primary = ep.primary
        guests = list(dict.fromkeys(p for r in recs for p in self.guests_of(r, ep.show)))
        host_people = list(dict.fromkeys(
            [p for r in recs for p, role in self.participants[id(r)] if role == "host" or p in ep.show.hosts]))
        hosts = [p.slug for p in host_people]
        show_hosts = [p.slug for p in ep.show.hosts]
        slug = slugify(primary.title or "untitled")
        base, n = slug, 2
        while f"{ep.show.slug}/{slug}" in taken:  # the URL is /<show>/<slug>/: no date to tell them apart
            slug, n = f"{base}-{n}", n + 1
        taken.add(f"{ep.show.slug}/{slug}")
        transcript, timing = _transcript(recs)
        duration = next((r.duration for r in recs if r.duration), None)
        files_first = sorted(recs, key=lambda r: r.kind != "chapters")  # a chapters file is the chapters' own source
        chapters = next((r.chapters for r in files_first if r.chapters), [])
        highlights = sorted({(h.start, h.title): h for r in recs for h in r.highlights}.values(),
                            key=lambda h: (h.start, h.title))
        last = max((m.start for m in chapters + highlights), default=0)
        if duration is not None and last > duration:  # a rounded or wrong duration: the times win
            self.result.notes.append(f"{primary.source}: {primary.title!r}: duration dropped, a chapter starts "
                                     f"after it ends")
            duration = None
        summary = next((r.summary for r in recs if r.summary), "") or _first_paragraph(recs)
        return EpisodeOut(
            show=ep.show.slug, slug=slug, title=primary.title or "Untitled", date=primary.date,
            duration=duration,
            guests=[p.slug for p in guests if p.slug not in hosts],
            hosts=hosts if hosts and set(hosts) != set(show_hosts) else None,
            summary=summary,
            alt_titles=list(dict.fromkeys(r.title for r in recs[1:] if r.title and r.title != primary.title
                                          and r.kind not in _FILE_KINDS)),  # a file's header is no other title
            chapters=chapters,
            highlights=highlights,
            topics=list(dict.fromkeys(slugify(t) for r in recs for t in r.topics if slugify(t) != "untitled")),
            sources=sorted({r.source for r in recs}),
            timing=timing,
            description=_across(r.description for r in recs),
            key_insights=_across(r.key_insights for r in recs),
            transcript=transcript,
            **_published(recs, ep.show.slug, slug),
            **self._links_kept(ep))

    def _links_kept(self, ep: _Episode) -> dict:
        """Linked files that no imported document answers: kept as links, so nothing is lost."""
        attached = {kind: [r.source for r in ep.records if r.kind == kind] for kind in _FILE_KINDS}
        kept: list[LinkedFile] = []
        for rec in ep.records:
            for link in rec.linked:
                if not any(_suffix_match(link.url, src) for src in attached[link.kind]) and link not in kept:
                    kept.append(link)
        transcript_file = any(r.kind == "transcript" for r in ep.records)
        return {"transcript_links": [] if transcript_file else [l for l in kept if l.kind == "transcript"],
                "chapters_link": None if attached["chapters"] else next((l.url for l in kept if l.kind == "chapters"), None)}

    def _show(self, show: _Show) -> ShowOut:
        about = next((r.about for r in show.records if r.about), "")
        return ShowOut(
            slug=show.slug, title=show.title, hosts=[p.slug for p in show.hosts], description=about, about=about,
            category=next((r.category for r in show.records if r.category), None),
            website=next((r.website for r in show.records if r.website), None),
            sources=sorted({r.source for r in show.records}),
            **{key: next((getattr(r, key) for r in show.records if getattr(r, key) is not None), None)
               for key in ("language", "image", "author", "owner", "explicit", "guid", "locked")}
            | {"guid": next((r.guid for r in show.records if r.guid), None) or show_guid(show.slug)})

    def _person(self, person: KnownPerson, host: bool, used: set[str]) -> PersonOut:
        affiliation = best(person.affiliations)
        bio = best(person.bios)
        if not bio:
            position = best(person.positions)
            if position:
                if affiliation and affiliation not in position:
                    position = f"{position}, {affiliation}"
                bio = position[:1].upper() + position[1:] + ("" if position.endswith(".") else ".")
        return PersonOut(slug=person.slug, name=person.name, aliases=person.aliases(used),
                         role="host" if host else "guest", affiliation=affiliation, links=list(person.links),
                         bio=bio or "", img=person.imgs[0] if person.imgs else None)


def _title_similarity(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    return fuzz.token_set_ratio(a.lower(), b.lower())


_FILE_KINDS = ("transcript", "chapters")
_PUBLISHED = ("audio", "audio_type", "audio_bytes", "guid", "number", "season", "episode_type", "explicit", "image")


def _around(day: dt.date) -> list[dt.date]:
    """The day before, the day, the day after (within the calendar's range)."""
    out = []
    for d in (-1, 0, 1):
        try:
            out.append(day + dt.timedelta(days=d))
        except OverflowError:
            pass
    return out


def _published(recs: list[EpisodeRecord], show_slug: str, slug: str) -> dict:
    """What the published episode is (enclosure, guid, numbers, artwork): from the most
    authoritative record that says it; the audio's type and length go with its URL. An episode
    no feed gave a guid gets one made now, once: it is written into its file and kept."""
    out = {key: next((getattr(r, key) for r in recs if getattr(r, key) is not None), None) for key in _PUBLISHED}
    out["guid"] = out["guid"] or episode_guid(show_slug, slug)
    audio_rec = next((r for r in recs if r.audio), None)
    if audio_rec is not None:
        out["audio_type"], out["audio_bytes"] = audio_rec.audio_type, audio_rec.audio_bytes
    return out


@functools.lru_cache(maxsize=65536)
def _url_parts(url: str) -> tuple[str, ...]:
    """Where a download of the URL is kept under seeds/, as path parts."""
    try:
        return seed_path_for(url, Path(".")).parts
    except FetchError:
        return ()


def _suffix_match(url: str, source: str) -> int:
    """How many trailing path parts a URL (host and path) shares with a seed's path under
    seeds/ (`media.example.org/t/ep3.vtt`, or just `ep3.vtt`); 0 unless the file name is one of them."""
    url_parts = _url_parts(url)
    src_parts = [p for p in source.split("/") if p]
    n = 0
    while n < min(len(url_parts), len(src_parts)) and url_parts[-1 - n] == src_parts[-1 - n]:
        n += 1
    return n


def _transcript(recs: list[EpisodeRecord]) -> tuple[list[TranscriptSegment], str | None]:
    """The best transcript the sources have: a transcript file (VTT, SRT, JSON…), else one with
    the source's own timestamps, else an untimed one."""
    timed = next((r for r in recs if r.transcript and r.kind == "transcript" and r.timing == "exact"), None)
    timed = timed or next((r for r in recs if r.transcript and r.timing == "exact"), None)
    if timed:
        return timed.transcript, "exact"
    untimed = next((r for r in recs if r.transcript), None)
    if untimed:
        return untimed.transcript, untimed.timing if untimed.timing in ("estimated",) else "none"
    return [], None


def _across(sources) -> list:
    """Each source's items in order, minus those an earlier source already gave: two sources
    copying the same text should not repeat it (one source repeating itself is its own call)."""
    out, seen = [], set()
    for items in sources:
        keys = [repr(item) for item in items]
        out += [item for item, key in zip(items, keys) if key not in seen]
        seen.update(keys)
    return out


def _first_paragraph(recs: list[EpisodeRecord]) -> str:
    for r in recs:
        for b in r.description:
            if b.kind == "p":
                return first_sentences(b.text)
            if b.kind == "md":
                para = next((p for p in b.text.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "-", ">", "|"))), "")
                return first_sentences(markdown_text(para))
    return ""


def merge(docs: list[ParsedDocument], forced: dict[str, str] | None = None) -> Result:
    return Merger(docs, forced).build()
