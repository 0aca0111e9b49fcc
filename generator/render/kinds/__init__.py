"""The registry of page kinds, and the three steps every build takes with it:

    pages = plan(lib, salt)          # every page: its spec, its inputs and its key (salt: spec.Salt)
    ctx = make_context(config, base_url, theme_dirs)
    files = render(page, ctx)        # {site-relative path: bytes}

A page whose key is unchanged since the last build has the same bytes (render sees only the
inputs, and the salt covers the context), so a cached build can reuse it. A kind that never uses
the theme (`uses_theme = False`) is salted without it and renders with a context that has none.
Adding an output is one PageKind subclass listed in KINDS.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError

from generator.errors import ContentErrors
from generator.library import Library
from generator.progress import advance
from generator.render.context import RenderContext, template_problem
from generator.render.digest import Digest
from generator.render.inputs import Index
from generator.render.kinds.base import PageKind
from generator.render.kinds.episode import ChaptersFile, EpisodePage, TranscriptFiles
from generator.render.kinds.files import Feed, Llms, NotFound, Robots, SearchPage, Sitemap, Static
from generator.render.kinds.lists import Home, PeoplePage, PersonPage, ShowPage, TopicPage, TopicsPage
from generator.render.spec import PageSpec, Salt

KINDS: dict[str, PageKind] = {kind.name: kind for kind in (
    Home(), PeoplePage(), TopicsPage(), SearchPage(), NotFound(), Sitemap(), Robots(), Llms(), Static(),
    ShowPage(), Feed(), EpisodePage(), ChaptersFile(), TranscriptFiles(), PersonPage(), TopicPage())}


@dataclass(frozen=True)
class Page:
    spec: PageSpec
    inputs: Any
    key: str  # the digest of the salt, the spec and the inputs


def plan(lib: Library, salt: Salt = Salt()) -> list[Page]:
    """Every page of the site, in a fixed order, with its inputs and key."""
    index, digest = Index(lib), Digest()
    specs = [(kind, key) for kind in KINDS.values() for key in kind.specs(lib, index)]
    pages = []
    for n, (kind, key) in enumerate(specs, 1):
        pages.append(make_page(kind, key, lib, index, digest, salt))
        if n % 64 == 0 or n == len(specs):
            advance(n, len(specs))  # the "plan" stage's bar, when there is one
    return pages


def make_page(kind: PageKind, key, lib: Library, index: Index, digest: Digest, salt: Salt) -> Page:
    """One page of `kind`: its spec, its inputs and its key."""
    spec = PageSpec(kind.name, tuple(key))
    inputs = kind.inputs(lib, spec.key, index)
    return Page(spec, inputs, digest.of((salt.of(kind.uses_theme), spec.kind, spec.key, inputs)))


def render(page: Page, ctx: RenderContext) -> dict[str, bytes]:
    """The files of one page. A broken theme template raises ContentErrors naming file and line."""
    kind = KINDS[page.spec.kind]
    try:
        return kind.render(page.inputs, ctx if kind.uses_theme else ctx.without_theme())
    except TemplateError as e:
        spec = page.spec
        what = f"while rendering the {spec.kind} page{' ' + '/'.join(spec.key) if spec.key else ''}"
        raise ContentErrors([template_problem(e, what)]) from None


__all__ = ["KINDS", "Page", "PageKind", "PageSpec", "Salt", "make_page", "plan", "render"]
