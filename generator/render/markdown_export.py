"""The site as Markdown (DESIGN §5): every episode as `index.md` beside its page, and `/llms.txt`.

    episode_markdown(page, view, ctx)   -> bytes of /<show>/<episode>/index.md
    llms_txt(data, ctx)                 -> bytes of /llms.txt (the llmstxt.org format)

Pure functions of their page inputs (render/kinds); deterministic; every file ends with one newline.

- Links are absolute, from the site's base URL, so a file works when fetched alone; timestamps
  link to the anchors of the episode's HTML page (generator/render/anchors.py), the same ones
  its chapter table and transcript use.
- Text from front matter is escaped for Markdown, and editors' Markdown is kept as written with
  the page's rules (base URL, heading levels, raw HTML): generator/render/markdown_source.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.model import Episode
from generator.render.episode_view import EpisodeView
from generator.render.inputs import CardIn, EpisodeIn
from generator.render.markdown_source import autolink, editor_markdown, escape, link
from generator.render.summary import cut_at_word, episode_summary, plain_summary
from generator.render.urls import Urls, episode_rel, person_rel, show_rel, topic_rel
from generator.render.views import EpisodeCard, PersonRef
from generator.timecode import format_time

if TYPE_CHECKING:
    from generator.render.context import RenderContext

LLMS_SUMMARY_LIMIT = 200


# ------------------------------------------------------------------ index.md of an episode

class _Site:
    """Absolute links of one site."""

    def __init__(self, urls: Urls, allow_html: bool):
        self.urls, self.allow_html = urls, allow_html
        self.base = urls.abs("")

    def page(self, ep: Episode) -> str:
        return self.urls.abs(episode_rel(ep))

    def markdown(self, rel: str) -> str:
        return self.urls.abs(rel + "index.md")

    def person(self, slug: str) -> str:
        return self.urls.abs(person_rel(slug))

    def show(self, show: str) -> str:
        return self.urls.abs(show_rel(show))

    def ref(self, ref: PersonRef) -> str:
        name = escape(ref.name)
        return link(name, self.person(ref.slug)) if ref.url is not None else name

    def editor(self, text: str, min_heading: int | None) -> str:
        return editor_markdown(text, base=self.base, allow_html=self.allow_html, min_heading=min_heading)


def episode_markdown(page: EpisodeIn, view: EpisodeView, ctx: "RenderContext") -> bytes:
    """`/<show>/<episode>/index.md`, from the page's inputs and its view model."""
    ep = page.episode
    site = _Site(ctx.urls, ctx.config.allow_html)
    page_url = site.page(ep)
    approx = "\\~" if view.approximate else ""
    blocks: list[str] = [f"# {escape(ep.title)}"]
    if view.show_summary:
        blocks.append(f"> {escape(ep.summary)}")
    blocks.append(_facts(site, ep, view))

    if view.chapters:
        rows = ["| Start | Chapter | Length |", "| --- | --- | ---: |"]
        for c in view.chapters:
            start = approx + c.time
            start = link(start, f"{page_url}#{c.target}") if c.target else start
            rows.append(f"| {start} | {escape(c.title)} | {c.length or ''} |")
        blocks += ["## Chapters", "\n".join(rows)]

    description = site.editor(ep.description, 3).strip("\n")
    if description.strip():
        blocks += ["## About this episode", description]
    insights = site.editor(ep.key_insights, 3).strip("\n")
    if insights.strip():
        blocks += ["## Key insights", insights]
    if view.highlights:
        items = []
        for h in view.highlights:
            time = approx + h.time
            items.append(f"- {link(time, f'{page_url}#{h.target}') if h.target else time} {escape(h.title)}")
        blocks += ["## Highlights", "\n".join(items)]

    if ep.transcript:
        blocks.append("## Transcript")
        if view.approximate:
            blocks.append("Times in this transcript are approximate (\\~).")
        blocks += _transcript(site, page, view, approx)

    blocks += _more(site, view)
    return ("\n\n".join(b.rstrip("\n") for b in blocks) + "\n").encode("utf-8")


def _facts(site: _Site, ep: Episode, view: EpisodeView) -> str:
    facts = [f"- Show: {link(escape(view.show.title), site.show(ep.show))}",
             f"- Date: {ep.date.isoformat()}"]
    if ep.duration is not None:
        facts.append(f"- Duration: {format_time(ep.duration)}")
    if ep.season is not None:
        facts.append(f"- Season: {ep.season}")
    if ep.number is not None:
        facts.append(f"- Episode: {ep.number}")
    if ep.episode_type != "full":
        facts.append(f"- Type: {escape(ep.episode_type)}")
    for label, refs in (("Host", view.hosts), ("Guest", view.guests)):
        if refs:
            facts.append(f"- {label}{'s' if len(refs) > 1 else ''}: " + ", ".join(site.ref(r) for r in refs))
    if ep.topics:
        facts.append("- Topics: " + ", ".join(link(escape(t), site.urls.abs(topic_rel(t))) for t in ep.topics))
    if ep.alt_titles:
        facts.append("- Also published as: " + "; ".join(f"“{escape(t)}”" for t in ep.alt_titles))
    if ep.audio:
        facts.append(f"- Audio: {autolink(ep.audio)}")
    facts.append(f"- Web page: {autolink(site.page(ep))}")
    for label, url, _type in view.downloads:
        facts.append(f"- {label}: {autolink(site.urls.abs(episode_rel(ep) + url.rsplit('/', 1)[-1]))}")
    if ep.draft:
        facts.append("- Draft: not published yet")
    return "\n".join(facts)


def _transcript(site: _Site, page_in: EpisodeIn, view: EpisodeView, approx: str) -> list[str]:
    ep = page_in.episode
    page = site.page(ep)
    blocks: list[str] = []
    for seg, sv in zip(ep.transcript, view.segments):
        for c in sv.chapters:
            blocks.append(f"### {escape(c.title)}")
        person = page_in.speakers.resolve(seg.speaker, ep.speakers)
        head = []
        if sv.id:
            head.append(link(f"[{approx}{sv.time}]", f"{page}#{sv.id}"))
        if person is not None:
            head.append(f"**{link(escape(person.name), site.person(person.slug))}:**")
        elif seg.speaker:
            head.append(f"**{escape(seg.speaker)}:**")
        paragraphs = list(seg.paragraphs)
        # after a timestamp or speaker the first paragraph cannot start a block: no headings to demote
        first = site.editor(paragraphs.pop(0), None if head else 4).strip() if paragraphs else ""
        blocks.append(" ".join(head + ([first] if first else [])) if head else first)
        blocks += [site.editor(p, 4).strip("\n") for p in paragraphs]
    return [b for b in blocks if b.strip()]


def _more(site: _Site, view: EpisodeView) -> list[str]:
    def line(other: EpisodeCard, with_show: bool = True) -> str:
        where = f"{escape(other.show.title)}, " if with_show else ""
        return f"{link(escape(other.title), site.markdown(other.rel))} — {where}{other.date.isoformat()}"

    blocks: list[str] = []
    near = []
    if view.previous:
        near.append(f"- Older: {line(view.previous, False)}")
    if view.next:
        near.append(f"- Newer: {line(view.next, False)}")
    show = view.show
    near.append(f"- All episodes of {link(escape(show.title), site.show(show.slug))} "
                f"({link('RSS feed', site.urls.abs(show_rel(show.slug) + 'feed.xml'))})")
    blocks += ["## More episodes", "\n".join(near)]
    for aw in view.also_with:
        items = [f"- {line(o)}" for o in aw.episodes]
        if aw.more > 0:
            items.append(f"- {link(f'{aw.more} more with {escape(aw.person.name)}', site.person(aw.person.slug))}")
        blocks += [f"### Also with {link(escape(aw.person.name), site.person(aw.person.slug))}", "\n".join(items)]
    if view.related:
        blocks += ["### Related episodes", "\n".join(f"- {line(o)}" for o in view.related)]
    return blocks


# ------------------------------------------------------------------ llms.txt

@dataclass(frozen=True)
class LlmsShow:
    slug: str
    title: str
    description: str
    about: str  # Markdown
    episodes: tuple[CardIn, ...]  # published, newest first


@dataclass(frozen=True)
class LlmsPerson:
    slug: str
    name: str
    role: str
    affiliation: str | None
    episodes: int  # published appearances


@dataclass(frozen=True)
class LlmsIn:
    shows: tuple[LlmsShow, ...]  # by title
    people: tuple[LlmsPerson, ...]  # by name
    published: int


def llms_txt(data: LlmsIn, ctx: "RenderContext") -> bytes:
    """`/llms.txt` (https://llmstxt.org): the site, then one section per show listing every
    published episode's index.md, newest first, then the people, then optional indexes."""
    urls, md, config = ctx.urls, ctx.md, ctx.config
    site = _Site(urls, config.allow_html)
    blocks = [f"# {escape(config.title)}", f"> {escape(config.description or config.title)}"]
    blocks.append(f"Show notes of {_count(len(data.shows), 'podcast')} and {_count(data.published, 'episode')}. "
                  "Each episode below links to its Markdown version (`index.md` beside its web page): the facts "
                  "(date, duration, hosts and guests), the chapters, the description, key insights and the full "
                  "transcript, whose timestamps link to the same moment on the episode's web page.")
    for show in data.shows:
        blocks.append(f"## {escape(show.title)}")
        about = " ".join(show.description.split()) or plain_summary(md, show.about, LLMS_SUMMARY_LIMIT)
        links = (f"{link('Show page', site.show(show.slug))} · "
                 f"{link('RSS feed', urls.abs(show_rel(show.slug) + 'feed.xml'))}")
        blocks.append(f"{escape(about)} {links}" if about else links)
        items = []
        for ep in show.episodes:
            summary = cut_at_word(episode_summary(ep.summary, ep.description, md, LLMS_SUMMARY_LIMIT),
                                  LLMS_SUMMARY_LIMIT)
            item = f"- {link(escape(ep.title, brackets='entity'), site.markdown(ep.rel))}"
            items.append(f"{item}: {escape(summary)}" if summary else item)
        if items:
            blocks.append("\n".join(items))
    if data.people:
        items = []
        for person in data.people:
            notes = ", ".join(x for x in [person.role, person.affiliation or ""] if x)
            notes += f"; {_count(person.episodes, 'episode')}" if person.episodes else ""
            items.append(f"- {link(escape(person.name, brackets='entity'), site.person(person.slug))}: {escape(notes)}")
        blocks += ["## People", "\n".join(items)]
    blocks += ["## Optional", "\n".join([
        f"- {link('People', urls.abs('people/'))}: every host and guest, with their appearances",
        f"- {link('Topics', urls.abs('topics/'))}: episodes grouped by topic",
        f"- {link('Search', urls.abs('search/'))}: full-text search of every episode and transcript",
    ])]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


__all__ = ["LlmsIn", "LlmsPerson", "LlmsShow", "episode_markdown", "llms_txt"]
