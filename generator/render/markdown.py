"""Markdown → HTML with markdown-it-py, configured through its rule chains (never regexes over HTML).

- raw HTML is off unless `site.yaml` says `allow_html: true` (seed text is untrusted);
- links: root-relative ones (`/people/x/`) get the site's base path, external ones `rel="noopener"`;
- headings inside a page's Markdown are demoted under the page's own headings (one h1 per page):
  the shallowest becomes `min_heading`, the others keep their distance from it;
- tables are wrapped in a scrolling container so a phone never scrolls sideways;
- time stamps written in the text, `(13:01)` or `(1:02:03)`, become the page's moment links when
  the caller passes `moments` (a function of seconds returning the label, href and id to use);
- `render_split()` cuts a long block after its first top-level blocks, for a "More" disclosure;
- `paragraph()` is a fast path for transcript paragraphs without Markdown syntax, producing exactly
  the bytes the full parser would (tests/render/test_markdown.py proves it on generated text).
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from generator.timecode import parse_time

# anything the inline parser could treat as syntax, plus every line-breaking or control character
# ('!' only opens an image together with '[', which is already here)
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>&~\x00-\x1f\x7f\x85\u2028\u2029]")
# what could open a block (heading, quote, list, rule, setext line) at the start of a paragraph
_BLOCK_START = re.compile(r"^(?:[#>+\-*=]|\d+[.)])")
# a time stamp in running text: (13:01), (01:08), (1:02:03); the brackets stay text
_STAMP = re.compile(r"(?<=\()(\d{1,2}:[0-5]\d(?::[0-5]\d)?)(?=\))")


class Moment(NamedTuple):
    """How one time shows on a page: its label, the link (None: plain text) and, for the first
    `#t=` link of a time, the id that lets the link resolve without JavaScript."""
    label: str
    href: str | None = None
    id: str | None = None
    seconds: int = 0


Moments = Callable[[int], "Moment | None"]


def escape_html(text: str) -> str:
    """markdown-it's own escaping: & < > " (single quotes stay)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def is_plain(text: str) -> bool:
    """True when `text` renders as one paragraph of its literal characters."""
    return bool(text) and text == text.strip() and not _INLINE_SYNTAX.search(text) and not _BLOCK_START.match(text)


class Markdown:
    def __init__(self, *, allow_html: bool = False, base_path: str = "/"):
        self.base_path = base_path if base_path.endswith("/") else base_path + "/"
        md = MarkdownIt("commonmark", {"html": bool(allow_html), "linkify": False, "typographer": False})
        md.enable(["table", "strikethrough"])
        md.core.ruler.push("shownotes_rewrite", self._rewrite)
        md.core.ruler.push("shownotes_stamps", _stamps)
        md.add_render_rule("table_open", _table_open)
        md.add_render_rule("table_close", _table_close)
        self.md = md

    # -- rules
    def _rewrite(self, state) -> None:
        top = int(state.env.get("min_heading", 1)) if isinstance(state.env, dict) else 1
        levels = [int(t.tag[1:]) for t in state.tokens if t.type == "heading_open"]
        offset = max(0, top - min(levels)) if levels else 0
        for tok in state.tokens:
            if offset and tok.type in ("heading_open", "heading_close"):
                tok.tag = f"h{min(6, int(tok.tag[1:]) + offset)}"
            if tok.type == "inline" and tok.children:
                for child in tok.children:
                    if child.type == "link_open":
                        self._fix_link(child, "href")
                    elif child.type == "image":
                        self._fix_link(child, "src")

    def _fix_link(self, token, attr: str) -> None:
        url = str(token.attrGet(attr) or "")
        if url.startswith("/") and not url.startswith("//"):
            token.attrSet(attr, self.base_path + url[1:])
        elif attr == "href" and (url.startswith("//") or urlsplit(url).scheme in ("http", "https")):
            token.attrSet("rel", "noopener")

    # -- rendering
    def render(self, text: str, *, min_heading: int = 2, moments: Moments | None = None) -> Markup:
        """A block of Markdown (a description, a bio, key insights) whose headings start at `min_heading`;
        with `moments`, time stamps in its text become the page's moment links."""
        if not text or not text.strip():
            return Markup("")
        if is_plain(text) and not (moments and _STAMP.search(text)):
            return Markup(self.paragraph(text))
        return Markup(self.md.render(text, {"min_heading": min_heading, "moments": moments}))

    def render_split(self, text: str, *, min_heading: int = 2, moments: Moments | None = None,
                     keep: int = 350, rest: int = 400) -> tuple[Markup, Markup]:
        """`render`, cut in two after the first top-level blocks that hold `keep` characters of text,
        when at least `rest` characters follow; else everything in the first part."""
        if not text or not text.strip():
            return Markup(""), Markup("")
        env = {"min_heading": min_heading, "moments": moments}
        tokens = self.md.parse(text, env)
        sizes = [len(t.content) if t.type in ("inline", "code_block", "fence") else 0 for t in tokens]
        total, seen, cut = sum(sizes), 0, None
        for i, tok in enumerate(tokens):
            seen += sizes[i]
            if tok.level == 0 and tok.nesting <= 0 and seen >= keep:
                cut = i + 1
                break
        if cut is None or total - seen < rest:
            return self.render(text, min_heading=min_heading, moments=moments), Markup("")
        render = self.md.renderer.render
        return Markup(render(tokens[:cut], self.md.options, env)), Markup(render(tokens[cut:], self.md.options, env))

    def paragraph(self, text: str) -> str:
        """One transcript paragraph; escaping and wrapping when it has no Markdown syntax."""
        if is_plain(text):
            return f"<p>{escape_html(text)}</p>\n"
        return self.md.render(text, {"min_heading": 4})

    def full(self, text: str, min_heading: int = 1) -> str:
        """The full parser, always (tests compare the fast path with it)."""
        return self.md.render(text, {"min_heading": min_heading})

    def text(self, text: str) -> str:
        """Plain text of Markdown (feeds, WebVTT, JSON transcripts, meta descriptions)."""
        if not text:
            return ""
        if is_plain(text):
            return text
        blocks: list[str] = []
        for tok in self.md.parse(text, {}):
            if tok.type == "inline":
                blocks.append(_inline_text(tok.children or []))
            elif tok.type in ("code_block", "fence"):
                blocks.append(tok.content.rstrip("\n"))
            elif tok.type == "html_block":
                continue
        return "\n".join(b for b in blocks if b.strip())


def _inline_text(children) -> str:
    out: list[str] = []
    for ch in children:
        if ch.type in ("text", "code_inline"):
            out.append(ch.content)
        elif ch.type == "softbreak":
            out.append(" ")
        elif ch.type == "hardbreak":
            out.append("\n")
        elif ch.type == "image":
            out.append(_inline_text(ch.children or []))
    return "".join(out)


def _stamps(state) -> None:
    """Time stamps in text (outside links) -> the page's moment links, or its time format."""
    moments = state.env.get("moments") if isinstance(state.env, dict) else None
    if not moments:
        return
    for tok in state.tokens:
        if tok.type != "inline" or not tok.children:
            continue
        out: list[Token] = []
        depth = 0
        for child in tok.children:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            if child.type != "text" or depth or not _STAMP.search(child.content):
                out.append(child)
                continue
            pos = 0
            for m in _STAMP.finditer(child.content):
                seconds = parse_time(m.group(1))
                moment = moments(seconds) if seconds is not None else None
                if moment is None:
                    continue
                out.append(_text(child.content[pos:m.start()]))
                if moment.href:
                    link = Token("link_open", "a", 1)
                    link.attrSet("href", moment.href)
                    if moment.id:
                        link.attrSet("id", moment.id)
                    link.attrSet("data-t", str(seconds))
                    out += [link, _text(moment.label), Token("link_close", "a", -1)]
                else:
                    out.append(_text(moment.label))
                pos = m.end()
            out.append(_text(child.content[pos:]))
        tok.children = [t for t in out if t.type != "text" or t.content]


def _text(content: str) -> Token:
    t = Token("text", "", 0)
    t.content = content
    return t


def _table_open(self, tokens, idx, options, env):
    return '<div class="table-wrap">\n' + self.renderToken(tokens, idx, options, env)


def _table_close(self, tokens, idx, options, env):
    return self.renderToken(tokens, idx, options, env) + "</div>\n"
