"""Shared helpers for the render tests: load the fixture site, render it, check its links."""
from __future__ import annotations

import html.parser
import urllib.parse
from pathlib import Path

from generator.config import load_config
from generator.library import Library
from generator.render import render_site

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
GOLDEN = ROOT / "tests" / "golden" / "site"
THEMES = [ROOT / "themes" / "default"]
SUBPATH = "https://example.github.io/shownotes/"


def load_fixture(base_url: str | None = None, drafts: bool = False) -> Library:
    from generator.content import load_library
    config, problems = load_config(FIXTURE / "site.yaml", base_url)
    assert config is not None, problems
    lib, problems = load_library(FIXTURE / "content", config, drafts)
    assert lib is not None, [str(p) for p in problems]
    return lib


def render_fixture(base_url: str = SUBPATH, drafts: bool = False, themes: list[Path] | None = None) -> dict[str, bytes]:
    lib = load_fixture(base_url, drafts)
    return render_site(lib, lib.config.base_url, themes or THEMES)


def render_one(lib: Library, kind: str, key: tuple[str, ...] = (), themes: list[Path] | None = None) -> dict[str, bytes]:
    """The files of one page, rendered through the page-kind registry as a build renders them."""
    from generator.render.context import make_context
    from generator.render.inputs import Index
    from generator.render.kinds import KINDS
    page_kind = KINDS[kind]
    inputs = page_kind.inputs(lib, key, Index(lib))
    ctx = make_context(lib.config, lib.config.base_url, themes or THEMES)
    return page_kind.render(inputs, ctx)


class Page(html.parser.HTMLParser):
    """Links, ids and tags of one HTML page, in document order."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.anchors: list[tuple[str, set[str]]] = []  # (href, ids of the open elements around it)
        self.open: list[tuple[str, str | None]] = []
        self.text_of: dict[str, str] = {}
        self._capture: list[list] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"])
            self._capture.append([a["id"], tag, ""])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append((tag, a[key]))
        if tag == "a" and a.get("href"):
            self.anchors.append((a["href"], {i for _, i in self.open if i}))
        if tag not in self.VOID:
            self.open.append((tag, a.get("id")))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                closing = self.open[i:]
                del self.open[i:]
                for _, id_ in closing:
                    if id_:
                        for cap in self._capture:
                            if cap[0] == id_:
                                self.text_of[id_] = " ".join(cap[2].split())
                        self._capture = [c for c in self._capture if c[0] != id_]
                break

    def handle_data(self, data):
        for cap in self._capture:
            cap[2] += data

    def index_of(self, id_: str) -> int:
        return next(i for i, (_, a) in enumerate(self.tags) if a.get("id") == id_)


def broken_links(outputs: dict[str, bytes], base_url: str) -> tuple[list[str], int]:
    """Every internal href/src/#fragment of every HTML page that does not resolve to an output."""
    base = base_url if "://" in base_url else "http://site.test" + base_url
    netloc = urllib.parse.urlsplit(base).netloc
    pages = {rel: Page(data.decode()) for rel, data in outputs.items() if rel.endswith(".html")}
    broken, checked = [], 0
    for rel, page in sorted(pages.items()):
        page_url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        for _, href in page.links:
            if href.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            absolute = urllib.parse.urljoin(page_url, href)
            parts = urllib.parse.urlsplit(absolute)
            if parts.netloc and parts.netloc != netloc:
                continue
            checked += 1
            if not absolute.startswith(base):
                broken.append(f"{rel}: {href} (outside the base URL)")
                continue
            target = urllib.parse.unquote(parts.path[len(urllib.parse.urlsplit(base).path):])
            if target == "" or target.endswith("/"):
                target += "index.html"
            elif target + "/index.html" in outputs:
                target += "/index.html"
            if target not in outputs:
                broken.append(f"{rel}: {href} (no file {target})")
                continue
            if parts.fragment and target.endswith(".html") and urllib.parse.unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{rel}: {href} (no id {parts.fragment})")
    return broken, checked
