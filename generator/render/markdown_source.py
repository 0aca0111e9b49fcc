"""Markdown source text for the site's Markdown files (generator/render/markdown_export.py).

- `escape`: text that comes from front matter (titles, names, summaries) as Markdown inline text
  that renders as exactly that text: a `|` never splits a table cell, `[x]` never makes a link,
  `<script>` stays text;
- `link`, `autolink`: links and autolinks to absolute URLs;
- `editor_markdown`: editors' Markdown (the description, key insights, transcript paragraphs) kept
  as written, with the rules the HTML page applies to it: root-relative links (`/people/x/`) get
  the base URL, its headings sit under the page's own, and raw HTML is escaped unless
  `allow_html`. These are edits of the source text, found through markdown-it's block map; code
  spans and code blocks are never touched.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

from generator.render.markdown import is_plain

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


def autolink(url: str) -> str:
    """An external URL as an autolink `<...>`: what autolinks cannot hold is percent-encoded."""
    return "<" + re.sub(r"[\x00-\x20<>\x7f]", lambda m: f"%{ord(m.group()):02X}", url) + ">"


def link(text: str, url: str) -> str:
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



__all__ = ["autolink", "editor_markdown", "escape", "link"]
