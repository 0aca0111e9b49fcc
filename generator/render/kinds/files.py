"""Site-wide outputs: feeds, sitemap, robots.txt, llms.txt, the theme's assets, search and 404."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import feeds
from generator.model import Episode, Show
from generator.render.context import RenderContext, html_page
from generator.render.inputs import PersonCredit, ShowName
from generator.render.kinds.base import PageKind
from generator.render.markdown_export import LlmsIn, LlmsPerson, LlmsShow, llms_txt
from generator.render.urls import episode_rel, person_rel, show_rel
from generator.render.views import show_ref


@dataclass(frozen=True)
class FeedIn:
    show: Show
    episodes: tuple[Episode, ...]  # published, newest first
    people: tuple[PersonCredit, ...]  # its hosts and every host and guest of those episodes the site knows


class Feed(PageKind):
    name = "feed"
    uses_theme = False

    def specs(self, lib, index):
        return [(s,) for s in sorted(lib.shows)]

    def inputs(self, lib, key, index) -> FeedIn:
        show = lib.shows[key[0]]
        episodes = tuple(ep for ep in lib.episodes_by_show.get(show.slug, []) if not ep.draft)
        slugs = dict.fromkeys(show.hosts + [s for ep in episodes for s in ep.people])
        return FeedIn(show, episodes, index.credits(slugs))

    def render(self, page: FeedIn, ctx: RenderContext) -> dict[str, bytes]:
        people = {p.slug: p for p in page.people}
        return {show_rel(page.show) + "feed.xml": feeds.rss_feed(page.show, page.episodes, people, ctx.config,
                                                                 ctx.urls, ctx.md)}


@dataclass(frozen=True)
class SitemapIn:
    entries: tuple[tuple[str, dt.date | None], ...]  # (site-relative folder, last changed)


def _newest(eps: list[Episode]) -> dt.date | None:
    return max((e.date for e in eps if not e.draft), default=None)


class Sitemap(PageKind):
    name = "sitemap"
    uses_theme = False

    def inputs(self, lib, key, index) -> SitemapIn:
        newest = {s: next((e.date for e in eps if not e.draft), None) for s, eps in lib.episodes_by_show.items()}
        latest = max((e.date for e in lib.episodes.values() if not e.draft), default=None)
        entries: list[tuple[str, dt.date | None]] = [("", latest), ("people/", None), ("topics/", None)]
        entries += [(show_rel(s), newest.get(s)) for s in lib.shows]
        entries += [(episode_rel(e), e.date) for e in lib.episodes.values() if not e.draft]
        entries += [(person_rel(p), _newest(lib.appearances.get(p, []))) for p in lib.people]
        entries += [(f"topics/{t}/", _newest(eps)) for t, (_, eps) in index.topics.items()]
        return SitemapIn(tuple(entries))

    def render(self, page: SitemapIn, ctx: RenderContext) -> dict[str, bytes]:
        return {"sitemap.xml": feeds.sitemap(ctx.urls, list(page.entries))}


class Robots(PageKind):
    name = "robots"
    uses_theme = False

    def inputs(self, lib, key, index) -> tuple:
        return ()

    def render(self, page: tuple, ctx: RenderContext) -> dict[str, bytes]:
        urls = ctx.urls
        note = "# Crawlers read robots.txt only at the root of a host: this file takes effect only there.\n"
        if urls.base_path != "/":  # a project site (https://host/sub/): copy these lines to the host's own /robots.txt
            note += (f"# This site lives under {urls.base_path}, so crawlers never read this copy; put its lines in\n"
                     f"# {urls.abs('')[: -len(urls.base_path)] if urls.is_absolute else ''}/robots.txt if you control the host.\n")
        return {"robots.txt": note.encode() + feeds.robots(urls)}


class Llms(PageKind):
    name = "llms"
    uses_theme = False

    def inputs(self, lib, key, index) -> LlmsIn:
        shows = []
        for show in sorted(lib.shows.values(), key=lambda s: (s.title.casefold(), s.slug)):
            eps = [e for e in lib.episodes_by_show.get(show.slug, []) if not e.draft]
            shows.append(LlmsShow(show.slug, show.title, show.description, show.about, index.cards(eps)))
        people = []
        for p in sorted(lib.people.values(), key=lambda p: (p.name.casefold(), p.slug)):
            count = sum(1 for e in lib.appearances.get(p.slug, []) if not e.draft)
            people.append(LlmsPerson(p.slug, p.name, p.role, p.affiliation, count))
        return LlmsIn(tuple(shows), tuple(people), sum(1 for e in lib.episodes.values() if not e.draft))

    def render(self, page: LlmsIn, ctx: RenderContext) -> dict[str, bytes]:
        return {"llms.txt": llms_txt(page, ctx)}


class Static(PageKind):
    """The theme's static files under assets/ (the theme's files are in the build salt)."""
    name = "static"

    def inputs(self, lib, key, index) -> tuple:
        return ()

    def render(self, page: tuple, ctx: RenderContext) -> dict[str, bytes]:
        return {f"assets/{rel}": path.read_bytes() for rel, path in ctx.statics.items()}


@dataclass(frozen=True)
class SearchIn:
    shows: tuple[ShowName, ...]  # by title: the page lists their feeds for readers without JavaScript


class SearchPage(PageKind):
    name = "search"

    def inputs(self, lib, key, index) -> SearchIn:
        return SearchIn(tuple(index.show_name(s.slug)
                              for s in sorted(lib.shows.values(), key=lambda s: (s.title.casefold(), s.slug))))

    def render(self, page: SearchIn, ctx: RenderContext) -> dict[str, bytes]:
        shows = [(show_ref(ctx, s), ctx.urls.path(show_rel(s.slug) + "feed.xml")) for s in page.shows]
        return {"search/index.html": html_page(
            ctx, "search.html", "search/", title="Search", kind="search", shows=shows,
            description=f"Search every episode, transcript and person of {ctx.config.title}.")}


class NotFound(PageKind):
    name = "404"

    def inputs(self, lib, key, index) -> tuple:
        return ()

    def render(self, page: tuple, ctx: RenderContext) -> dict[str, bytes]:
        return {"404.html": html_page(ctx, "404.html", None, title="Page not found", kind="404", noindex=True,
                                      description="This page does not exist.")}
