"""View models: what a template needs, computed from the Library (no HTML beyond rendered Markdown)."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from generator.library import AlsoWith, Library, topic_name
from generator.model import Episode, Person, Show
from generator.render.anchors import Anchors, ChapterPlace, chapter_places, compute_anchors
from generator.render.markdown import Markdown, Moment
from generator.render.structured import Card, episode_card, episode_page
from generator.render.urls import Urls, topic_slug
from generator.slugs import is_slug
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


@dataclass
class EpisodeView:
    ep: Episode
    show: Show
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


def page_is_long(ep: Episode) -> bool:
    """Whether the page writes times as H:MM:SS (the episode passes an hour) rather than M:SS."""
    times = [ep.duration or 0] + [c.start for c in ep.chapters] + [h.start for h in ep.highlights] \
        + [s.start for s in ep.transcript if s.start is not None]
    return max(times) >= 3600


def episode_view(lib: Library, urls: Urls, md: Markdown, ep: Episode) -> EpisodeView:
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
        person = lib.person_for_speaker(seg.speaker, ep.speakers)
        paras = [Paragraph(pid, Markup(md.paragraph(text)))
                 for pid, text in zip(anchors.paragraph_ids[i], seg.paragraphs or [""])]
        if not seg.paragraphs:
            paras = [Paragraph(anchors.paragraph_ids[i][0] if anchors.paragraph_ids[i] else None, Markup(""))]
        segments.append(SegmentView(anchors.segment_ids[i], seg.start, fmt(seg.start) if seg.start is not None else None,
                                    person.name if person else seg.speaker, urls.person(person) if person else None,
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

    also_with = lib.also_with.get(ep.key, [])
    listed = {o.key for aw in also_with for o in aw.episodes}
    hosts = [person_ref(lib, urls, s) for s in ep.hosts]
    guests = [person_ref(lib, urls, s) for s in ep.guests]
    show = lib.shows[ep.show]
    description, description_more = md.render_split(ep.description, min_heading=3, moments=inline_moment)
    return EpisodeView(
        ep=ep, show=show, url=ep_url, hosts=hosts, guests=guests,
        people=[person_ref(lib, urls, s) for s in ep.people],
        description=description, description_more=description_more,
        show_summary=bool(ep.summary) and not _opens_with(md.text(ep.description), ep.summary),
        key_insights=md.render(ep.key_insights, min_heading=3, moments=inline_moment),
        chapters=chapters, highlights=highlights, segments=segments, timed=timed,
        approximate=ep.transcript_timing == "estimated", long_times=long, seekable=bool(ep.audio),
        topics=[(topic_name(t), urls.topic(t)) for t in ep.topics],
        also_with=also_with, related=[o for o in lib.related.get(ep.key, []) if o.key not in listed],
        previous=lib.previous.get(ep.key), next=lib.next.get(ep.key), downloads=downloads, anchors=anchors,
        jsonld=episode_page(lib, urls, ep, page_description(ep, show, md)), card=episode_card(ep, show))


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
            keep = out[slug][0] if not is_slug(out[slug][0]) or is_slug(name) else name  # a written name wins
            out[slug] = (keep, sorted(merged.values(), key=lambda e: (-e.date.toordinal(), e.show, e.slug)))
        else:
            out[slug] = (name, list(eps))
    return {slug: (topic_name(name), eps) for slug, (name, eps) in sorted(out.items())}


@dataclass
class LinkView:
    """A person's link as the page shows it: the site's name, an icon, and who they are there."""
    url: str
    site: str  # "X", "LinkedIn", "GitHub", "Website", or the host
    detail: str  # "@ctnzr", a path, or the link's own title when it says more than the site name
    icon: str  # a symbol id in the theme's icon sprite


_SITES = [  # host suffix, display name, icon, how to read the account from the path
    ("x.com", "X", "x", "@"), ("twitter.com", "X", "x", "@"), ("linkedin.com", "LinkedIn", "linkedin", ""),
    ("github.com", "GitHub", "github", ""), ("youtube.com", "YouTube", "youtube", ""),
    ("youtu.be", "YouTube", "youtube", ""), ("bsky.app", "Bluesky", "at", ""), ("threads.net", "Threads", "at", "@"),
    ("instagram.com", "Instagram", "at", "@"), ("substack.com", "Substack", "rss", ""),
    ("scholar.google.com", "Google Scholar", "book", ""), ("wikipedia.org", "Wikipedia", "book", ""),
    ("huggingface.co", "Hugging Face", "code", ""), ("medium.com", "Medium", "rss", ""),
    ("mastodon.social", "Mastodon", "at", ""),
]


def person_links(person: Person) -> list[LinkView]:
    from urllib.parse import unquote, urlsplit
    out = []
    for link in person.links:
        parts = urlsplit(link.url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        title = " ".join((link.title or "").split())
        site, icon, detail = None, "link", ""
        named = title.lower().replace("(twitter)", "").strip()
        for suffix, name, icon_id, at in _SITES:
            # the host names the site, or else the link's title does ("X" for a profile elsewhere)
            if host == suffix or host.endswith("." + suffix) or named in (name.lower(), suffix.split(".")[0]):
                site, icon = name, icon_id
                segs = [unquote(s) for s in parts.path.split("/") if s]
                if at == "@" and segs:
                    detail = "@" + segs[0].lstrip("@")
                elif name in ("LinkedIn", "GitHub", "YouTube", "Hugging Face") and segs:
                    detail = segs[-1]
                elif name == "Substack":
                    detail = host.split(".")[0]
                break
        if site is None:
            site = host or title or link.url
            icon = "globe"
            detail = title if title and title.lower() not in (host, "website", "site", "web", "homepage") else ""
        elif title and title.lower() not in (site.lower(), "twitter", "x", detail.lower()):
            detail = title if not detail else detail
        if detail.rstrip("/") in (link.url.rstrip("/"), host):
            detail = ""
        out.append(LinkView(link.url, site, detail, icon))
    return out
