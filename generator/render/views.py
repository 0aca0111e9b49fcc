"""View models: what templates receive, made from page inputs in the rendering context (links for
the base URL, Markdown for the config). Plain frozen values: no model objects, no callables."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.render.inputs import CardIn, PersonIn, ShowName
from generator.render.summary import episode_summary
from generator.timecode import format_short, format_time

if TYPE_CHECKING:
    from generator.render.context import RenderContext


@dataclass(frozen=True)
class PersonRef:
    slug: str
    name: str
    url: str | None  # None when the slug names nobody (the loader reports it; render stays robust)


@dataclass(frozen=True)
class ShowRef:
    slug: str
    title: str
    url: str


@dataclass(frozen=True)
class EpisodeCard:
    """An episode as other pages list it: a card, or a one-line link."""
    title: str
    url: str
    rel: str  # site-relative folder
    date: dt.date
    duration: int | None
    draft: bool
    show: ShowRef
    guests: tuple[PersonRef, ...]
    summary: str  # plain text


def person_ref(ctx: "RenderContext", p: PersonIn) -> PersonRef:
    return PersonRef(p.slug, p.name, ctx.urls.person(p.slug) if p.known else None)


def person_refs(ctx: "RenderContext", people) -> list[PersonRef]:
    return [person_ref(ctx, p) for p in people]


def show_ref(ctx: "RenderContext", show: ShowName) -> ShowRef:
    return ShowRef(show.slug, show.title, ctx.urls.show(show.slug))


def card_view(ctx: "RenderContext", card: CardIn) -> EpisodeCard:
    memo_key = ("summary", card.summary, card.description)
    summary = ctx.memo.get(memo_key)
    if summary is None:
        summary = ctx.memo[memo_key] = episode_summary(card.summary, card.description, ctx.md)
    return EpisodeCard(card.title, ctx.urls.path(card.rel), card.rel, card.date, card.duration, card.draft,
                       show_ref(ctx, card.show), tuple(person_refs(ctx, card.guests)), summary)


def card_views(ctx: "RenderContext", cards) -> list[EpisodeCard]:
    return [card_view(ctx, c) for c in cards]


def time_formatter(long: bool):
    return format_time if long else format_short


@dataclass(frozen=True)
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


def person_links(person) -> list[LinkView]:
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
