"""The site as Markdown (DESIGN §5): every episode as `index.md` beside its page, and `/llms.txt`.

    episode_markdown(page, view, ctx)   -> bytes of /<show>/<episode>/index.md
    llms_txt(data, ctx)                 -> bytes of /llms.txt (the llmstxt.org format)

Pure functions of their page inputs (render/kinds); deterministic; every file ends with one newline.

- Links are absolute, from the site's base URL, so a file works when fetched alone; timestamps
  link to the anchors of the episode's HTML page (generator/render/anchors.py), the same ones
  its chapter table and transcript use.
- Text that comes from front matter (titles, names, summaries) is escaped for Markdown: a `|`
  never splits a table cell, `[x]` never makes a link, `<script>` stays text.
- Editors' Markdown (the description, key insights, transcript paragraphs) is kept as written,
  with the rules the HTML page applies to it: root-relative links (`/people/x/`) get the base
  URL, its headings sit under the page's own, and raw HTML is escaped unless `allow_html`.
  These are edits of the source text, found through markdown-it's block map; code spans and
  code blocks are never touched.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.model import Episode
from generator.render.episode_view import EpisodeView
from generator.render.inputs import CardIn, EpisodeIn
from generator.render.markdown import is_plain
from generator.render.summary import cut_at_word, episode_summary, plain_summary
from generator.render.urls import Urls, episode_rel, person_rel, show_rel, topic_rel
from generator.render.views import EpisodeCard, PersonRef

if TYPE_CHECKING:
    from generator.render.context import RenderContext
from generator.timecode import format_time

LLMS_SUMMARY_LIMIT = 200

# ------------------------------------------------------------------ escaping text for Markdown

# every character that could open inline syntax (emphasis, code, links, raw HTML, autolinks,
# strikethrough), a table cell boundary, or a heading's closing sequence
_SPECIAL = re.compile(r"([\\`*_\[\]<|~#])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def escape(text: str | None, *, brackets: str = "backslash") -> str:
    """Plain text as Markdown inline text that renders as exactly that text, on one line.

    brackets="entity" writes `[` `]` as `&#91;` `&#93;`: llms.txt link texts, which simple
    llms.txt readers cut at the first `]` whether escaped or not."""
    text = " ".join((text or "").split())
    text = _ENTITY.sub("&amp;", text)
    text = _SPECIAL.sub(r"\\\1", text)
    if brackets == "entity":
        text = text.replace("\\[", "&#91;").replace("\\]", "&#93;")
    return text


def _autolink(url: str) -> str:
    """An external URL as an autolink `<...>`: what autolinks cannot hold is percent-encoded."""
    return "<" + re.sub(r"[\x00-\x20<>\x7f]", lambda m: f"%{ord(m.group()):02X}", url) + ">"


def _link(text: str, url: str) -> str:
    """A link whose text is already escaped; our URLs are percent-quoted (no spaces, no parentheses)."""
    return f"[{text}]({url})"


# ------------------------------------------------------------------ editors' Markdown, as written

_ATX = re.compile(r"^((?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*)(#{1,6})(?=[ \t]|$)")
_HEADINGISH = re.compile(r"^[ \t>*+\-\d.)]*#|^[ \t>]*(?:=+|-+)[ \t]*$", re.M)
_POINTY_DEST = re.compile(r"\]\([ \t]*(?:\n[ \t]*)?<((?:[^<>\n\\]|\\.)*)>")
_DEST = re.compile(r"(\]\([ \t]*(?:\n[ \t]*)?)/(?![/\\])")
_REFDEF = re.compile(r" {0,3}\[(?:[^\]\\\n]|\\.)+\]:[ \t]*(?:\n[ \t]*)?(<?)/(?![/\\])")
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\x00-\x20]*|[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@"
                       r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>")


@lru_cache(maxsize=2)
def _parser(allow_html: bool) -> MarkdownIt:
    """The site's dialect (generator/render/markdown.py), for finding blocks and links."""
    return MarkdownIt("commonmark", {"html": allow_html, "linkify": False}).enable(["table", "strikethrough"])


def editor_markdown(text: str, *, base: str, allow_html: bool, min_heading: int | None = None) -> str:
    """An editor's Markdown for index.md: as written, but root-relative links start with `base`
    (the site's absolute base URL), raw HTML is escaped unless allow_html, and, with min_heading,
    the shallowest heading becomes that level (the others keep their distance), as on the page."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if is_plain(text):
        return text
    links = "](" in text or "]:" in text
    html = not allow_html and "<" in text
    heads = min_heading is not None and bool(_HEADINGISH.search(text))
    if not (links or html or heads):
        return text
    tokens = _parser(allow_html).parse(text, {})
    lines = text.split("\n")
    protected: set[int] = set()
    replace: dict[int, str | None] = {}  # line -> new text, None: removed
    headings = [t for t in tokens if t.type == "heading_open" and t.map]
    offset = 0
    if heads and headings:
        offset = max(0, min_heading - min(int(t.tag[1:]) for t in headings))
    for tok in tokens:
        if tok.map and (tok.type in ("code_block", "fence") or (tok.type == "html_block" and allow_html)):
            protected.update(range(*tok.map))
        elif offset and tok.type == "heading_open" and tok.map:
            level = min(6, int(tok.tag[1:]) + offset)
            first, end = tok.map
            if tok.markup.startswith("#"):
                replace[first] = _ATX.sub(lambda m: m.group(1) + "#" * level, lines[first], count=1)
            elif tok.level == 0 and end - first >= 2:  # setext, not nested: as an ATX heading
                content = " ".join(line.strip() for line in lines[first:end - 1])
                if re.search(r"(?:^|[ \t])#+$", content):
                    content = content[:-1] + "\\#"  # not a closing sequence
                replace[first] = "#" * level + " " + content
                for k in range(first + 1, end):
                    replace[k] = None
    root_relative = links and _has_root_relative(tokens)
    if not (root_relative or html):
        if not replace:
            return text
        return "\n".join(replace.get(k, line) for k, line in enumerate(lines) if replace.get(k, line) is not None)
    # inline edits, run over each stretch of lines outside code blocks
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(_scan("\n".join(run), base=base if root_relative else None, escape_html=html))
            run.clear()

    for k, line in enumerate(lines):
        new = replace.get(k, line)
        if k in protected:
            flush()
            out.append(line)
        elif new is not None:
            run.append(new)
    flush()
    return "\n".join(out)


def _has_root_relative(tokens) -> bool:
    for tok in tokens:
        for child in tok.children or []:
            url = str(child.attrGet("href") if child.type == "link_open" else
                      child.attrGet("src") if child.type == "image" else "") or ""
            if url.startswith("/") and not url.startswith("//"):
                return True
    return False


def _scan(s: str, *, base: str | None, escape_html: bool) -> str:
    """Inline edits outside code spans: `](/x` -> `](<base>x` (also `<...>` destinations and link
    reference definitions), and, with escape_html, `<` that could open a tag -> `\\<`."""
    out: list[str] = []
    i, n = 0, len(s)
    line_start = True
    while i < n:
        c = s[i]
        if line_start and base is not None and c in " [":
            m = _REFDEF.match(s, i)
            if m:
                out.append(s[i:m.end() - 1] + base)
                i = m.end()
                continue
        line_start = c == "\n"
        if c == "\\":
            out.append(s[i:i + 2])
            i += 2
        elif c == "`":
            j = i
            while j < n and s[j] == "`":
                j += 1
            close = _closing_backticks(s, j, j - i)
            out.append(s[i:close if close is not None else j])
            i = close if close is not None else j
        elif c == "]" and s.startswith("](", i):
            m = _POINTY_DEST.match(s, i)
            if m:
                dest = m.group(1)
                if base is not None and dest.startswith("/") and not dest.startswith("//"):
                    out.append(s[i:m.start(1)] + base + dest[1:] + ">")
                else:
                    out.append(m.group())
                i = m.end()
                continue
            m = _DEST.match(s, i) if base is not None else None
            if m:
                out.append(m.group(1) + base)
                i = m.end()
            else:
                out.append("](")
                i += 2
        elif c == "<":
            m = _AUTOLINK.match(s, i)
            if m:
                out.append(m.group())
                i = m.end()
            elif escape_html and i + 1 < n and (s[i + 1] in "/!?" or ("a" <= s[i + 1].lower() <= "z")):
                out.append("\\<")
                i += 1
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _closing_backticks(s: str, start: int, size: int) -> int | None:
    """End of the backtick run of exactly `size` that closes a code span opened before `start`."""
    k = start
    while True:
        k = s.find("`" * size, k)
        if k < 0:
            return None
        e = k
        while e < len(s) and s[e] == "`":
            e += 1
        if e - k == size:
            return e
        k = e


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
        return _link(name, self.person(ref.slug)) if ref.url is not None else name

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
            start = _link(start, f"{page_url}#{c.target}") if c.target else start
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
            items.append(f"- {_link(time, f'{page_url}#{h.target}') if h.target else time} {escape(h.title)}")
        blocks += ["## Highlights", "\n".join(items)]

    if ep.transcript:
        blocks.append("## Transcript")
        if view.approximate:
            blocks.append("Times in this transcript are approximate (\\~).")
        blocks += _transcript(site, page, view, approx)

    blocks += _more(site, view)
    return ("\n\n".join(b.rstrip("\n") for b in blocks) + "\n").encode("utf-8")


def _facts(site: _Site, ep: Episode, view: EpisodeView) -> str:
    facts = [f"- Show: {_link(escape(view.show.title), site.show(ep.show))}",
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
        facts.append("- Topics: " + ", ".join(_link(escape(t), site.urls.abs(topic_rel(t))) for t in ep.topics))
    if ep.alt_titles:
        facts.append("- Also published as: " + "; ".join(f"“{escape(t)}”" for t in ep.alt_titles))
    if ep.audio:
        facts.append(f"- Audio: {_autolink(ep.audio)}")
    facts.append(f"- Web page: {_autolink(site.page(ep))}")
    for label, url, _type in view.downloads:
        facts.append(f"- {label}: {_autolink(site.urls.abs(episode_rel(ep) + url.rsplit('/', 1)[-1]))}")
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
            head.append(_link(f"[{approx}{sv.time}]", f"{page}#{sv.id}"))
        if person is not None:
            head.append(f"**{_link(escape(person.name), site.person(person.slug))}:**")
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
        return f"{_link(escape(other.title), site.markdown(other.rel))} — {where}{other.date.isoformat()}"

    blocks: list[str] = []
    near = []
    if view.previous:
        near.append(f"- Older: {line(view.previous, False)}")
    if view.next:
        near.append(f"- Newer: {line(view.next, False)}")
    show = view.show
    near.append(f"- All episodes of {_link(escape(show.title), site.show(show.slug))} "
                f"({_link('RSS feed', site.urls.abs(show_rel(show.slug) + 'feed.xml'))})")
    blocks += ["## More episodes", "\n".join(near)]
    for aw in view.also_with:
        items = [f"- {line(o)}" for o in aw.episodes]
        if aw.more > 0:
            items.append(f"- {_link(f'{aw.more} more with {escape(aw.person.name)}', site.person(aw.person.slug))}")
        blocks += [f"### Also with {_link(escape(aw.person.name), site.person(aw.person.slug))}", "\n".join(items)]
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
        links = (f"{_link('Show page', site.show(show.slug))} · "
                 f"{_link('RSS feed', urls.abs(show_rel(show.slug) + 'feed.xml'))}")
        blocks.append(f"{escape(about)} {links}" if about else links)
        items = []
        for ep in show.episodes:
            summary = cut_at_word(episode_summary(ep.summary, ep.description, md, LLMS_SUMMARY_LIMIT),
                                  LLMS_SUMMARY_LIMIT)
            item = f"- {_link(escape(ep.title, brackets='entity'), site.markdown(ep.rel))}"
            items.append(f"{item}: {escape(summary)}" if summary else item)
        if items:
            blocks.append("\n".join(items))
    if data.people:
        items = []
        for person in data.people:
            notes = ", ".join(x for x in [person.role, person.affiliation or ""] if x)
            notes += f"; {_count(person.episodes, 'episode')}" if person.episodes else ""
            items.append(f"- {_link(escape(person.name, brackets='entity'), site.person(person.slug))}: {escape(notes)}")
        blocks += ["## People", "\n".join(items)]
    blocks += ["## Optional", "\n".join([
        f"- {_link('People', urls.abs('people/'))}: every host and guest, with their appearances",
        f"- {_link('Topics', urls.abs('topics/'))}: episodes grouped by topic",
        f"- {_link('Search', urls.abs('search/'))}: full-text search of every episode and transcript",
    ])]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"




__all__ = ["editor_markdown", "episode_markdown", "escape", "llms_txt"]
