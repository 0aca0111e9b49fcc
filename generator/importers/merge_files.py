"""Transcript and chapters files: the episode one belongs to (a feed item links its URL, or its
file name gives the episode's number, slug or title), and the files a feed links that no imported
file answers, kept as links so that nothing is lost."""
from __future__ import annotations

import functools
import re
from pathlib import Path

from rapidfuzz import fuzz

from generator.importers.fetch import FetchError, seed_path_for
from generator.importers.merge_groups import EpisodeGroup, ShowGroup
from generator.importers.records import EpisodeRecord, LinkedFile
from generator.slugs import slugify

FILE_KINDS = ("transcript", "chapters")


class FileMatcher:
    """Finds the dated episode a transcript or chapters file belongs to."""

    def __init__(self, episodes: list[EpisodeGroup]):
        self.episodes = episodes  # the merger's own list: complete once files are matched
        self._linked: dict[tuple, list[EpisodeGroup]] | None = None  # built on first use

    def by_link(self, rec: EpisodeRecord) -> EpisodeGroup | None:
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

    def by_file_name(self, rec: EpisodeRecord, show: ShowGroup | None) -> EpisodeGroup | None:
        """The episode whose number, slug or title the file's name gives (`552-astral.vtt` -> 552)."""
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


def links_kept(records: list[EpisodeRecord]) -> dict:
    """Linked files that no imported document answers: kept as links, so nothing is lost."""
    attached = {kind: [r.source for r in records if r.kind == kind] for kind in FILE_KINDS}
    kept: list[LinkedFile] = []
    for rec in records:
        for link in rec.linked:
            if not any(_suffix_match(link.url, src) for src in attached[link.kind]) and link not in kept:
                kept.append(link)
    transcript_file = any(r.kind == "transcript" for r in records)
    return {"transcript_links": [] if transcript_file else [l for l in kept if l.kind == "transcript"],
            "chapters_link": None if attached["chapters"] else next((l.url for l in kept if l.kind == "chapters"), None)}


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
