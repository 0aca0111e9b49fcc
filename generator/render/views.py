"""View models: what a template needs, computed from the Library (no HTML beyond rendered Markdown)."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from generator.library import AlsoWith, Library
from generator.model import Episode, Person, Show
from generator.render.anchors import Anchors, compute_anchors
from generator.render.markdown import Markdown
from generator.render.structured import Card, episode_card, episode_page
from generator.render.urls import Urls, topic_slug
from generator.timecode import format_short, format_time


@dataclass
class PersonRef:
    slug: str
    name: str
    url: str | None  # None when the slug names nobody (the loader reports it; render stays robust)
    person: Person | None = None


def person_ref(lib: Library, urls: Urls, slug: str) -> PersonRef:
    p = lib.people.get(slug)
    return PersonRef(slug, p.name if p else slug, urls.person(slug) if p else None, p)


@dataclass
class ChapterRow:
    n: int
    start: int
    title: str
    time: str  # label: 5:17 or 0:05:17
    length: str | None  # label, None when unknown
    length_seconds: int | None
    target: str | None  # id of the transcript segment that contains the start (timed transcripts)
    heading_id: str | None  # id of its heading in the transcript (timed transcripts)


@dataclass
class HighlightRow:
    start: int
    title: str
    time: str
    target: str | None


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
    chapters: list[ChapterRow] = field(default_factory=list)  # headings placed right before this segment


@dataclass
class EpisodeView:
    ep: Episode
    show: Show
    url: str
    hosts: list[PersonRef]
    guests: list[PersonRef]
    people: list[PersonRef]  # hosts then guests, each once
    description: Markup
    show_summary: bool  # False when the description already opens with the summary
    key_insights: Markup
    chapters: list[ChapterRow]
    highlights: list[HighlightRow]
    segments: list[SegmentView]
    timed: bool
    approximate: bool  # transcript_timing: estimated → times are marked ~
    long_times: bool
    topics: list[tuple[str, str]]  # (name, url)
    also_with: list[AlsoWith]
    related: list[Episode]  # related episodes not already listed under "Also with"
    previous: Episode | None
    next: Episode | None
    downloads: list[tuple[str, str, str]]  # (label, url, type)
    anchors: Anchors
    jsonld: Markup = Markup("")  # schema.org PodcastEpisode + BreadcrumbList, escaped for a <script>
    card: Card | None = None  # og:image: the episode's artwork, else the show's; None: the theme's default


def time_formatter(long: bool):
    return format_time if long else format_short


def episode_view(lib: Library, urls: Urls, md: Markdown, ep: Episode) -> EpisodeView:
    anchors = compute_anchors(ep)
    times = [ep.duration or 0] + [c.start for c in ep.chapters] + [h.start for h in ep.highlights] \
        + [s.start for s in ep.transcript if s.start is not None]
    long = max(times) >= 3600
    fmt = time_formatter(long)
    timed = bool(anchors.timed_index)

    chapters: list[ChapterRow] = []
    for n, ch in enumerate(ep.chapters, 1):
        nxt = ep.chapters[n].start if n < len(ep.chapters) else ep.duration
        length = nxt - ch.start if nxt is not None and nxt >= ch.start else None
        seg = anchors.chapter_segments[n - 1]
        chapters.append(ChapterRow(n, ch.start, ch.title, fmt(ch.start), format_short(length) if length is not None else None,
                                   length, anchors.segment_ids[seg] if seg is not None else None,
                                   anchors.chapter_ids[n - 1] if seg is not None else None))
    highlights = [HighlightRow(h.start, h.title, fmt(h.start), anchors.id_for(h.start)) for h in ep.highlights]

    segments: list[SegmentView] = []
    for i, seg in enumerate(ep.transcript):
        person = lib.person_for_speaker(seg.speaker, ep.speakers)
        paras = [Paragraph(pid, Markup(md.paragraph(text)))
                 for pid, text in zip(anchors.paragraph_ids[i], seg.paragraphs or [""])]
        if not seg.paragraphs:
            paras = [Paragraph(anchors.paragraph_ids[i][0] if anchors.paragraph_ids[i] else None, Markup(""))]
        segments.append(SegmentView(anchors.segment_ids[i], seg.start, fmt(seg.start) if seg.start is not None else None,
                                    person.name if person else seg.speaker, urls.person(person) if person else None,
                                    paras))
    for row, seg_index in zip(chapters, anchors.chapter_segments):
        if seg_index is not None:
            segments[seg_index].chapters.append(row)

    ep_url = urls.episode(ep)
    downloads = []
    if ep.chapters:
        downloads.append(("Chapters (JSON)", ep_url + "chapters.json", "application/json"))
    if timed:
        downloads.append(("Transcript (WebVTT)", ep_url + "transcript.vtt", "text/vtt"))
        downloads.append(("Transcript (SRT)", ep_url + "transcript.srt", "application/x-subrip"))
        downloads.append(("Transcript (JSON)", ep_url + "transcript.json", "application/json"))

    also_with = lib.also_with.get(ep.key, [])
    listed = {o.key for aw in also_with for o in aw.episodes}
    hosts = [person_ref(lib, urls, s) for s in ep.hosts]
    guests = [person_ref(lib, urls, s) for s in ep.guests]
    show = lib.shows[ep.show]
    return EpisodeView(
        ep=ep, show=show, url=ep_url, hosts=hosts, guests=guests,
        people=[person_ref(lib, urls, s) for s in ep.people],
        description=md.render(ep.description, min_heading=3),
        show_summary=bool(ep.summary) and not _opens_with(md.text(ep.description), ep.summary),
        key_insights=md.render(ep.key_insights, min_heading=3),
        chapters=chapters, highlights=highlights, segments=segments, timed=timed,
        approximate=ep.transcript_timing == "estimated", long_times=long,
        topics=[(t, urls.topic(t)) for t in ep.topics],
        also_with=also_with, related=[o for o in lib.related.get(ep.key, []) if o.key not in listed],
        previous=lib.previous.get(ep.key), next=lib.next.get(ep.key), downloads=downloads, anchors=anchors,
        jsonld=episode_page(lib, urls, ep, page_description(ep, show, md)), card=episode_card(ep, show))


def page_description(ep: Episode, show: Show, md: Markdown) -> str:
    """What the episode page's meta description says: the summary or the description's opening."""
    from generator.feeds import episode_summary  # feeds imports the render package: import late
    return " ".join((episode_summary(ep, md, 200) or show.description).split())


def _opens_with(text: str, summary: str) -> bool:
    return " ".join(text.split()).startswith(" ".join(summary.split()))


def role_on(ep: Episode, slug: str) -> str:
    return "guest" if slug in ep.guests else "host"


def appearances_by_show(lib: Library, slug: str) -> list[tuple[Show, list[tuple[Episode, str]]]]:
    """A person's episodes grouped by show: shows in order of the latest appearance, episodes newest first."""
    groups: dict[str, list[tuple[Episode, str]]] = {}
    for ep in lib.appearances.get(slug, []):
        groups.setdefault(ep.show, []).append((ep, role_on(ep, slug)))
    return [(lib.shows[s], eps) for s, eps in groups.items() if s in lib.shows]


def topic_groups(lib: Library) -> dict[str, tuple[str, list[Episode]]]:
    """URL slug -> (display name, episodes newest first); topics slugifying alike are merged."""
    out: dict[str, tuple[str, list[Episode]]] = {}
    for name, eps in sorted(lib.topics.items()):
        slug = topic_slug(name)
        if slug in out:
            merged = {e.key: e for e in out[slug][1] + eps}
            out[slug] = (out[slug][0], sorted(merged.values(), key=lambda e: (-e.date.toordinal(), e.show, e.slug)))
        else:
            out[slug] = (name, list(eps))
    return dict(sorted(out.items()))
