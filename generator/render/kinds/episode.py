"""An episode's outputs: its page and index.md, its chapters.json, its transcript files."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import feeds
from generator.captions import caption_files
from generator.model import Chapter, Episode
from generator.render.anchors import compute_anchors
from generator.render.context import RenderContext, html_page
from generator.render.episode_view import episode_view, page_description
from generator.render.inputs import AlsoWithIn, EpisodeIn, SpeakerDirectory
from generator.render.kinds.base import PageKind
from generator.render.markdown_export import episode_markdown
from generator.render.urls import episode_rel, show_rel
from generator.transcripts import transcript_cues, transcript_json


def episode_inputs(lib, ep: Episode, index) -> EpisodeIn:
    also = tuple(AlsoWithIn(index.person(aw.person.slug), index.cards(aw.episodes), aw.total)
                 for aw in lib.also_with.get(ep.key, []))
    previous, newer = lib.previous.get(ep.key), lib.next.get(ep.key)
    return EpisodeIn(ep, index.show(ep.show), index.people(ep.people), index.speakers, also,
                     index.cards(lib.related.get(ep.key, [])), index.card(previous) if previous else None,
                     index.card(newer) if newer else None)


class EpisodePage(PageKind):
    name = "episode"

    def specs(self, lib, index):
        return sorted(lib.episodes)

    def inputs(self, lib, key, index) -> EpisodeIn:
        return episode_inputs(lib, lib.episodes[key], index)

    def render(self, page: EpisodeIn, ctx: RenderContext) -> dict[str, bytes]:
        ep, urls = page.episode, ctx.urls
        view = episode_view(page, ctx)
        rel = episode_rel(ep)
        html = html_page(ctx, "episode.html", rel, title=f"{ep.title} · {view.show.title}", kind="episode",
                         noindex=ep.draft, description=page_description(page, ctx.md), v=view, ep=view.ep,
                         feed_url=urls.path(show_rel(ep.show) + "feed.xml"))
        return {rel + "index.html": html, rel + "index.md": episode_markdown(page, view, ctx)}


@dataclass(frozen=True)
class ChaptersIn:
    __digest_by__ = ("chapters_hash", "rel")  # the loader's hash of the chapters stands for them
    rel: str
    chapters: tuple[Chapter, ...]
    chapters_hash: str = ""


class ChaptersFile(PageKind):
    """`chapters.json` (Podcasting 2.0 JSON chapters) of an episode with chapters."""
    name = "chapters"
    uses_theme = False

    def specs(self, lib, index):
        return [key for key in sorted(lib.episodes) if lib.episodes[key].chapters]

    def inputs(self, lib, key, index) -> ChaptersIn:
        ep = lib.episodes[key]
        return ChaptersIn(episode_rel(ep), tuple(ep.chapters), ep.chapters_hash)

    def render(self, page: ChaptersIn, ctx: RenderContext) -> dict[str, bytes]:
        return {page.rel + "chapters.json": feeds.chapters_json(page.chapters)}


@dataclass(frozen=True)
class TranscriptIn:
    """What the transcript files say: the transcript as written, the chapters (they place the
    anchors that cue ids share with the page), the duration and who the speakers are."""
    # the hashes of the transcript as written and of the chapters stand for them (the loader makes both)
    __digest_by__ = ("transcript_hash", "show", "slug", "transcript_line", "chapters_hash", "duration", "speaker_map",
                     "speakers")

    show: str
    slug: str
    transcript_source: str
    transcript_line: int
    chapters: tuple[Chapter, ...]
    duration: int | None
    speaker_map: dict[str, str]  # the episode's `speakers:`
    speakers: SpeakerDirectory
    transcript_hash: str = ""
    chapters_hash: str = ""

    def episode(self) -> Episode:
        """The episode as far as transcript files see it (no title, date or description)."""
        return Episode(show=self.show, slug=self.slug, title="", date=_NO_DATE, duration=self.duration,
                       chapters=list(self.chapters), speakers=dict(self.speaker_map),
                       transcript_source=self.transcript_source, transcript_line=self.transcript_line)


_NO_DATE = dt.date(1970, 1, 1)


class TranscriptFiles(PageKind):
    """transcript.json, .srt and .vtt of an episode with a timed transcript."""
    name = "transcript"
    uses_theme = False

    def specs(self, lib, index):
        return [key for key in sorted(lib.episodes) if lib.episodes[key].timed]

    def inputs(self, lib, key, index) -> TranscriptIn:
        ep = lib.episodes[key]
        return TranscriptIn(ep.show, ep.slug, ep.transcript_source, ep.transcript_line, tuple(ep.chapters),
                            ep.duration, dict(ep.speakers), index.speakers, ep.transcript_hash, ep.chapters_hash)

    def render(self, page: TranscriptIn, ctx: RenderContext) -> dict[str, bytes]:
        ep = page.episode()
        anchors = compute_anchors(ep)
        if not anchors.timed_index:
            return {}
        rel = episode_rel(ep)
        cues = transcript_cues(ep, ctx.md, page.speakers, anchors)
        srt, vtt = caption_files(cues, ep.duration)
        return {rel + "transcript.json": transcript_json(cues), rel + "transcript.srt": srt, rel + "transcript.vtt": vtt}
