"""The episode page's view: chapters, highlights and the transcript with their anchors, made from
the page's inputs (render/inputs.EpisodeIn) in the rendering context."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.library import topic_name
from generator.model import Episode
from generator.render import structured
from generator.render.anchors import Anchors, ChapterPlace, chapter_places, compute_anchors
from generator.render.inputs import EpisodeIn
from generator.render.markdown import Markdown, Moment
from generator.render.summary import episode_summary
from generator.render.views import (EpisodeCard, PersonRef, card_view, card_views, person_ref,
                                    time_formatter)
from generator.timecode import format_short

if TYPE_CHECKING:
    from generator.render.context import RenderContext


@dataclass
class ChapterRow:
    n: int
    start: int
    title: str
    time: str  # label: 5:17 or 0:05:17 (the page's one format)
    length: str | None  # label, None when unknown
    length_seconds: int | None
    target: str | None  # id of the transcript segment that contains the start (timed transcripts)
    heading_id: str | None  # id of its heading in the transcript (timed transcripts)
    href: str | None = None  # where its time links: the segment, or `#t=<seconds>` (audio, no timed transcript)
    moment_id: str | None = None  # `t=<seconds>` on the first `#t=` link of a time, so it resolves without JS
    within: bool = False  # its heading sits inside the segment, at an estimated place
    length_label: str | None = None  # the length in the page's one time format (H:MM:SS on long episodes)


@dataclass
class HighlightRow:
    start: int
    title: str
    time: str
    target: str | None
    href: str | None = None
    moment_id: str | None = None


@dataclass
class Part:
    """A piece of a segment's body: a rendered paragraph (or part of one), or a chapter heading."""
    html: Markup = Markup("")
    chapter: "ChapterRow | None" = None


@dataclass
class Paragraph:
    id: str | None
    html: Markup


@dataclass
class SegmentView:
    id: str | None  # t-HH-MM-SS[-n] for timed segments
    start: int | None
    time: str | None
    speaker: str | None  # display name (the person's name when the speaker resolves)
    speaker_url: str | None
    paragraphs: list[Paragraph]
    chapters: list[ChapterRow] = field(default_factory=list)  # chapters whose start lies in this segment
    before: list[ChapterRow] = field(default_factory=list)  # headings right before the segment
    parts: list[Part] = field(default_factory=list)  # its body, with headings of chapters starting inside it


@dataclass(frozen=True)
class EpisodeFacts:
    """The episode's own facts as its page shows them."""
    title: str
    date: dt.date
    duration: int | None
    draft: bool
    alt_titles: tuple[str, ...]
    summary: str
    audio: str | None
    audio_type: str | None
    audio_bytes: int | None


@dataclass(frozen=True)
class ShowBrief:
    slug: str
    title: str
    url: str
    language: str
    description: str


@dataclass(frozen=True)
class AlsoWithView:
    person: PersonRef
    episodes: list[EpisodeCard]
    more: int  # their episodes not listed here (the person page lists every one)


@dataclass
class EpisodeView:
    ep: EpisodeFacts
    show: ShowBrief
    url: str
    hosts: list[PersonRef]
    guests: list[PersonRef]
    people: list[PersonRef]  # hosts then guests, each once
    description: Markup
    description_more: Markup  # the rest of a long description, behind "More"
    show_summary: bool  # False when the description already opens with the summary
    key_insights: Markup
    chapters: list[ChapterRow]
    highlights: list[HighlightRow]
    segments: list[SegmentView]
    timed: bool
    approximate: bool  # transcript_timing: estimated → times are marked ~
    long_times: bool
    seekable: bool  # times on the page play the audio (with JavaScript)
    topics: list[tuple[str, str]]  # (name, url)
    also_with: list[AlsoWithView]
    related: list[EpisodeCard]  # related episodes not already listed under "Also with"
    previous: EpisodeCard | None
    next: EpisodeCard | None
    downloads: list[tuple[str, str, str]]  # (label, url, type)
    anchors: Anchors
    jsonld: Markup = Markup("")  # schema.org PodcastEpisode + BreadcrumbList, escaped for a <script>
    card: structured.Card | None = None  # og:image: the episode's artwork, else the show's; None: the theme's default


def page_is_long(ep: Episode) -> bool:
    """Whether the page writes times as H:MM:SS (the episode passes an hour) rather than M:SS."""
    times = [ep.duration or 0] + [c.start for c in ep.chapters] + [h.start for h in ep.highlights] \
        + [s.start for s in ep.transcript if s.start is not None]
    return max(times) >= 3600


def episode_view(page: EpisodeIn, ctx: "RenderContext") -> EpisodeView:
    ep, urls, md = page.episode, ctx.urls, ctx.md
    anchors = compute_anchors(ep)
    long = page_is_long(ep)
    fmt = time_formatter(long)
    timed = bool(anchors.timed_index)
    moment_ids: set[int] = set()

    def moment(seconds: int) -> Moment:
        """A time on this page: linked to its segment (timed transcript), else to `#t=` when the
        audio can play it, else plain text; always in the page's one format."""
        if timed:
            return Moment(fmt(seconds), "#" + str(anchors.id_for(seconds)), None, seconds)
        if ep.audio:
            first = seconds not in moment_ids
            moment_ids.add(seconds)
            return Moment(fmt(seconds), f"#t={seconds}", f"t={seconds}" if first else None, seconds)
        return Moment(fmt(seconds), None, None, seconds)

    def inline_moment(seconds: int) -> Moment | None:
        if ep.duration is not None and seconds > ep.duration:
            return None  # not a time in this episode: leave the text as written
        return moment(seconds)

    places = chapter_places(ep, anchors)
    chapters: list[ChapterRow] = []
    for n, ch in enumerate(ep.chapters, 1):
        nxt = ep.chapters[n].start if n < len(ep.chapters) else ep.duration
        length = nxt - ch.start if nxt is not None and nxt >= ch.start else None
        seg = anchors.chapter_segments[n - 1]
        m = moment(ch.start)
        place = places[n - 1]
        chapters.append(ChapterRow(n, ch.start, ch.title, m.label, format_short(length) if length is not None else None,
                                   length, anchors.segment_ids[seg] if seg is not None else None,
                                   anchors.chapter_ids[n - 1] if seg is not None else None,
                                   m.href, m.id, bool(place and place.estimated),
                                   fmt(length) if length is not None else None))
    highlights = []
    for h in ep.highlights:
        m = moment(h.start)
        highlights.append(HighlightRow(h.start, h.title, m.label, anchors.id_for(h.start), m.href, m.id))

    segments: list[SegmentView] = []
    for i, seg in enumerate(ep.transcript):
        person = page.speakers.resolve(seg.speaker, ep.speakers)
        paras = [Paragraph(pid, Markup(md.paragraph(text)))
                 for pid, text in zip(anchors.paragraph_ids[i], seg.paragraphs or [""])]
        if not seg.paragraphs:
            paras = [Paragraph(anchors.paragraph_ids[i][0] if anchors.paragraph_ids[i] else None, Markup(""))]
        segments.append(SegmentView(anchors.segment_ids[i], seg.start, fmt(seg.start) if seg.start is not None else None,
                                    person.name if person else seg.speaker, urls.person(person.slug) if person else None,
                                    paras))
    inside: dict[int, list[tuple[ChapterPlace, ChapterRow]]] = {}
    for row, seg_index, place in zip(chapters, anchors.chapter_segments, places):
        if seg_index is None or place is None:
            continue
        segments[seg_index].chapters.append(row)
        if place.estimated:
            inside.setdefault(seg_index, []).append((place, row))
        else:
            segments[seg_index].before.append(row)
    for i, sv in enumerate(segments):
        if sv.id is not None:
            sv.parts = _parts(md, ep.transcript[i].paragraphs, sv.paragraphs, inside.get(i, []))

    ep_url = urls.episode(ep)
    downloads = []
    if ep.chapters:
        downloads.append(("Chapters (JSON)", ep_url + "chapters.json", "application/json"))
    if timed:
        downloads.append(("Transcript (WebVTT)", ep_url + "transcript.vtt", "text/vtt"))
        downloads.append(("Transcript (SRT)", ep_url + "transcript.srt", "application/x-subrip"))
        downloads.append(("Transcript (JSON)", ep_url + "transcript.json", "application/json"))

    listed = {o.rel for aw in page.also_with for o in aw.episodes}
    people = {p.slug: person_ref(ctx, p) for p in page.people}
    show = page.show
    description, description_more = md.render_split(ep.description, min_heading=3, moments=inline_moment)
    return EpisodeView(
        ep=EpisodeFacts(ep.title, ep.date, ep.duration, ep.draft, tuple(ep.alt_titles), ep.summary, ep.audio,
                        ep.audio_type, ep.audio_bytes),
        show=ShowBrief(show.slug, show.title, urls.show(show.slug), show.language, show.description),
        url=ep_url, hosts=[people[s] for s in ep.hosts], guests=[people[s] for s in ep.guests],
        people=[people[s] for s in ep.people],
        description=description, description_more=description_more,
        show_summary=bool(ep.summary) and not _opens_with(md.text(ep.description), ep.summary),
        key_insights=md.render(ep.key_insights, min_heading=3, moments=inline_moment),
        chapters=chapters, highlights=highlights, segments=segments, timed=timed,
        approximate=ep.transcript_timing == "estimated", long_times=long, seekable=bool(ep.audio),
        topics=[(topic_name(t), urls.topic(t)) for t in ep.topics],
        also_with=[AlsoWithView(person_ref(ctx, aw.person), card_views(ctx, aw.episodes), aw.total - len(aw.episodes))
                   for aw in page.also_with],
        related=[c for c in card_views(ctx, page.related) if c.rel not in listed],
        previous=card_view(ctx, page.previous) if page.previous else None,
        next=card_view(ctx, page.next) if page.next else None, downloads=downloads, anchors=anchors,
        jsonld=structured.episode_page(ctx.config.title, urls, ep, show, page.people, page_description(page, md)),
        card=structured.episode_card(ep, show))


def _parts(md: Markdown, texts: list[str], paras: list[Paragraph],
           inside: list[tuple[ChapterPlace, ChapterRow]]) -> list[Part]:
    """A timed segment's body: its paragraphs, cut where headings of chapters starting inside it go."""
    if not inside:
        return [Part(p.html) for p in paras]
    parts: list[Part] = []
    queue = list(inside)
    for k, text in enumerate(texts):
        cut = 0
        while queue and queue[0][0].paragraph == k:
            place, row = queue.pop(0)
            if place.char > cut:
                parts.append(Part(Markup(md.paragraph(text[cut:place.char].strip()))))
                cut = place.char
            parts.append(Part(chapter=row))
        if cut == 0:
            parts.append(Part(paras[k].html))
        elif text[cut:].strip():
            parts.append(Part(Markup(md.paragraph(text[cut:].strip()))))
    parts += [Part(chapter=row) for _, row in queue]  # after the last paragraph
    return parts


def page_description(page: EpisodeIn, md: Markdown) -> str:
    """What the episode page's meta description says: the summary or the description's opening."""
    ep = page.episode
    return " ".join((episode_summary(ep.summary, ep.description, md, 200) or page.show.description).split())


def _opens_with(text: str, summary: str) -> bool:
    return " ".join(text.split()).startswith(" ".join(summary.split()))
