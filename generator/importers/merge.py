"""Merge: one show per show, one person per person, one episode per episode, however many
documents tell of it.

Documents that carry a title and a date of their own (listings, summary sites) are grouped
when they are on the same show, within a day of each other and share a guest or most of a
title. Documents that lack one (a summary page without a date, a caption dump naming
nothing) join the episode of their show whose guests they share, or whose title they
echo; a tie or no match is reported, never guessed.

Modules: `merge_groups` (a show's and an episode's group of records), `merge_files` (the
episode a transcript or chapters file belongs to), `merge_output` (each field of what gets
written, chosen from the records), `merge_results` (the files to write and the `Result`).
"""
from __future__ import annotations

import datetime as dt

from rapidfuzz import fuzz

from generator.importers.merge_files import FILE_KINDS, FileMatcher, links_kept
from generator.importers.merge_groups import EpisodeGroup, ShowGroup, ShowIndex
from generator.importers.merge_output import across, best_transcript, first_paragraph, person_out, published, show_out
from generator.importers.merge_results import EpisodeOut, PersonOut, Result, ShowOut
from generator.importers.people import KnownPerson, Registry
from generator.importers.records import EpisodeRecord, ParsedDocument
from generator.slugs import slugify

__all__ = ["EpisodeOut", "Merger", "PersonOut", "Result", "ShowOut", "merge"]


class Merger:
    """Merges parsed documents in three stages: shows and people (`collect`), records grouped into
    episodes (`group`), and what gets written (`build`)."""

    def __init__(self, docs: list[ParsedDocument], forced: dict[str, str] | None = None):
        self.docs = docs
        self.forced = forced or {}  # seed name -> "show-slug/episode-slug" (`import --episode`)
        self.registry = Registry()
        self.shows = ShowIndex()
        self.show_of: dict[int, ShowGroup | None] = {}
        self.participants: dict[int, list[tuple[KnownPerson, str | None]]] = {}
        self.mentions: dict[int, list[KnownPerson]] = {}
        self.episodes: list[EpisodeGroup] = []
        self.undated: list[EpisodeGroup] = []  # undated drafts: never matched against, written as drafts
        self.files = FileMatcher(self.episodes)  # transcript and chapters files -> their dated episode
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
        for ep in sorted(self.records(), key=lambda r: r.kind in FILE_KINDS):
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

    def guests_of(self, ep: EpisodeRecord, show: ShowGroup | None, with_mentions: bool = False) -> list[KnownPerson]:
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
                self.episodes.append(EpisodeGroup(show, [rec]))
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
        self.undated.append(EpisodeGroup(show, [rec]))
        return True

    def _same(self, rec: EpisodeRecord, ep: EpisodeGroup) -> bool:
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

    def _guests(self, ep: EpisodeGroup) -> list[KnownPerson]:
        return list(dict.fromkeys(p for r in ep.records for p in self.guests_of(r, ep.show)))

    def _attach(self, rec: EpisodeRecord) -> tuple[EpisodeGroup | None, str]:
        if rec.source in self.forced:
            return self._forced(rec.source)
        if rec.kind in FILE_KINDS:
            target = self.files.by_link(rec)
            if target is None:
                target = self.files.by_file_name(rec, self.show_of[id(rec)])
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
            if rec.kind in FILE_KINDS:
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

    def _forced(self, source: str) -> tuple[EpisodeGroup | None, str]:
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
                self.result.shows.append(show_out(show))
        hosts = {slug for s in self.result.shows for slug in s.hosts}
        hosts |= {slug for e in self.result.episodes for slug in (e.hosts or [])}
        named = hosts | {slug for e in self.result.episodes for slug in e.guests}
        for person in sorted(self.registry.people, key=lambda p: p.slug):
            if person.slug in named:
                self.result.people.append(person_out(person, person.slug in hosts, used_sources))
        return self.result

    def _episode(self, ep: EpisodeGroup, taken: set[str]) -> EpisodeOut:
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
        transcript, timing = best_transcript(recs)
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
        summary = next((r.summary for r in recs if r.summary), "") or first_paragraph(recs)
        return EpisodeOut(
            show=ep.show.slug, slug=slug, title=primary.title or "Untitled", date=primary.date,
            duration=duration,
            guests=[p.slug for p in guests if p.slug not in hosts],
            hosts=hosts if hosts and set(hosts) != set(show_hosts) else None,
            summary=summary,
            alt_titles=list(dict.fromkeys(r.title for r in recs[1:] if r.title and r.title != primary.title
                                          and r.kind not in FILE_KINDS)),  # a file's header is no other title
            chapters=chapters,
            highlights=highlights,
            topics=list(dict.fromkeys(slugify(t) for r in recs for t in r.topics if slugify(t) != "untitled")),
            sources=sorted({r.source for r in recs}),
            timing=timing,
            description=across(r.description for r in recs),
            key_insights=across(r.key_insights for r in recs),
            transcript=transcript,
            **published(recs, ep.show.slug, slug),
            **links_kept(ep.records))


def _title_similarity(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    return fuzz.token_set_ratio(a.lower(), b.lower())


def _around(day: dt.date) -> list[dt.date]:
    """The day before, the day, the day after (within the calendar's range)."""
    out = []
    for d in (-1, 0, 1):
        try:
            out.append(day + dt.timedelta(days=d))
        except OverflowError:
            pass
    return out


def merge(docs: list[ParsedDocument], forced: dict[str, str] | None = None) -> Result:
    return Merger(docs, forced).build()
