"""HTML from feeds and other sites, made safe and turned into Markdown or plain text.

Item descriptions are HTML written by strangers. Before markdownify sees them: scripts,
styles, frames, forms and tracking pixels go; links keep only http(s) and mailto targets (a
`javascript:` link keeps its text and loses its target); images keep only http(s) sources.
Text that merely looks like markup (`&lt;img onerror=…&gt;`) is escaped in the Markdown, so
it stays text whatever `allow_html` says.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from bs4 import BeautifulSoup, Comment, NavigableString
from markdownify import MarkdownConverter

_DROP = ("script", "style", "iframe", "frame", "frameset", "object", "embed", "form", "input", "button",
         "select", "textarea", "noscript", "template", "svg", "math", "link", "meta", "base", "head", "title")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_TRACKER = re.compile(r"(?:pixel|beacon|track|analytics|/open\b|\bopen\.gif|1x1|spacer)", re.I)
_BLOCK_START = re.compile(r"(?m)^(\s*)([#>+=-]|\d+[.)])(?=\s|$)")
_TEXT_ESCAPES = re.compile(r"([\\`<>\[\]])")


def _safe_url(value: str | None, schemes: tuple[str, ...] = _SAFE_SCHEMES) -> str | None:
    if not value:
        return None
    value = "".join(ch for ch in value.strip() if ch >= " " and not ch.isspace())
    return value if value.lower().startswith(schemes) else None


def _is_tracking_pixel(img) -> bool:
    sizes = [img.get("width"), img.get("height")]
    tiny = any(str(s).strip().rstrip("px") in ("0", "1") for s in sizes if s is not None)
    hidden = "display:none" in (img.get("style") or "").replace(" ", "").lower()
    return tiny or hidden or bool(_TRACKER.search(img.get("src") or ""))


def sanitise(html: str) -> BeautifulSoup:
    """The HTML as a tree with everything active or invisible removed."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for img in soup.find_all("img"):
        src = _safe_url(img.get("src"), ("http://", "https://"))
        if src is None or _is_tracking_pixel(img):
            img.decompose()
        else:
            img.attrs = {"src": src, "alt": img.get("alt") or ""}
    for a in soup.find_all("a"):
        href = _safe_url(a.get("href"))
        if href is None and (a.get("href") or "").startswith("#"):
            href = a["href"]  # in-page anchors such as #t=12:34 carry chapter times
        a.attrs = {"href": href} if href else {}
        if not href:
            a.unwrap()
    for tag in soup.find_all(True):
        if tag.name not in ("a", "img"):
            tag.attrs = {}
    for text in soup.find_all(string=True):  # HTML collapses whitespace anyway (but in <pre>)
        if isinstance(text, NavigableString) and text.find_parent("pre") is None and _RUN.search(text):
            text.replace_with(_RUN.sub(lambda m: "\n" if "\n" in m.group() else " ", text))
    return soup


_RUN = re.compile(r"\s{2,}")
_SECTION_HEADING = re.compile(r"(?m)^##([ \t]+(?:key insights|transcript)[ \t]*#*[ \t]*)$", re.I)


def demote_sections(markdown: str) -> str:
    """A description's own "## Transcript" or "## Key insights" heading, one level down, so that it
    never starts the episode file's transcript or key insights section (DESIGN §4)."""
    return _SECTION_HEADING.sub(r"###\1", markdown)


def _destination(url: str) -> str:
    """A link or image target that cannot end the Markdown link early or start another."""
    return quote(url, safe="/:?#[]@!$&'*+,;=%~-._")


class _Converter(MarkdownConverter):
    """markdownify, with text that could be read as markup escaped."""

    def escape(self, text, parent_tags):
        if not text:
            return ""
        text = _TEXT_ESCAPES.sub(r"\\\1", text)
        text = _BLOCK_START.sub(r"\1\\\2", text)
        return super().escape(text, parent_tags)

    def convert_a(self, el, text, parent_tags):
        if el.get("href"):
            el["href"] = _destination(el["href"])
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        el["src"] = _destination(el.get("src") or "")
        el["alt"] = _TEXT_ESCAPES.sub(r"\\\1", " ".join((el.get("alt") or "").split()))
        return super().convert_img(el, text, parent_tags)

    def convert_pre(self, el, text, parent_tags):
        """A fence longer than any backtick run in the code, so the code can never close it."""
        block = super().convert_pre(el, text, parent_tags)
        longest = max((len(run) for run in re.findall(r"`+", text or "")), default=0)
        if longest < 3:
            return block
        fence = "`" * (longest + 1)
        head, opening, rest = block.partition("```")  # markdownify's own opening and closing fences
        body, closing, tail = rest.rpartition("```")
        return head + fence + body + fence + tail


def to_markdown(html: str) -> str:
    """Sanitised Markdown for an HTML fragment (plain text passes through, escaped)."""
    if not html or not html.strip():
        return ""
    if not re.search(r"<[a-zA-Z/!]", html):  # plain text: keep its paragraphs
        html = "".join(f"<p>{_escape_html(p)}</p>" for p in re.split(r"\n\s*\n", html) if p.strip())
    soup = sanitise(html)
    md = _Converter(heading_style="ATX", bullets="-", escape_misc=False, escape_asterisks=True,
                    escape_underscores=True, newline_style="backslash").convert_soup(soup)
    md = re.sub(r"[ \t]+\n", "\n", md)
    return demote_sections(re.sub(r"\n{3,}", "\n\n", md).strip())


def to_text(html: str) -> str:
    """Plain text paragraphs (blank-line separated) of an HTML fragment."""
    if not html or not html.strip():
        return ""
    soup = sanitise(html)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"]):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    text = soup.get_text()
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def markdown_text(markdown: str) -> str:
    """The words of Markdown this module wrote: links as their text, escapes undone."""
    text = re.sub(r"!\[[^\[\]]*\]\([^()]*\)", "", markdown)  # [^[] keeps unclosed brackets linear
    text = re.sub(r"\[([^\[\]]*)\]\([^()]*\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"(?<!\\)[*_`#]", "", text)
    return re.sub(r"\\(.)", r"\1", text)
