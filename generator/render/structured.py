"""What search engines and link previews read: schema.org JSON-LD and the Open Graph card image.

JSON-LD is built here as plain Python data and serialised by `script_json`, never assembled in a
template: keys sorted (deterministic bytes), and `<`, `>`, `&` (plus U+2028/U+2029) written as
`\\uXXXX` escapes, so no title, bio or description can close the `<script>` element it sits in.
Each page gets one `@graph` holding its main item and its BreadcrumbList.

All URLs are absolute (`Urls.abs`): crawlers and link previews read them out of context.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from generator.model import Episode, Person, Show
from generator.render.inputs import PersonCredit, PersonIn, ShowIn
from generator.render.urls import Urls, episode_rel, person_rel, show_rel

SCHEMA = "https://schema.org"
CARD = "card.png"  # the theme's default link-preview image (themes/default/static/card.png)
CARD_SIZE = (1200, 630)  # the 1.91:1 size Open Graph and X/Twitter large cards expect

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(data) -> Markup:
    """`data` as JSON that is safe as the whole content of a `<script>` element.

    `<`, `>` and `&` occur in JSON only inside strings, where `\\u003c` etc. mean the same
    characters to a JSON parser; the HTML parser never sees `</script` or `<!--`.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.translate(_SCRIPT_ESCAPES))


# ------------------------------------------------------------------ the link-preview card

@dataclass(frozen=True)
class Card:
    """The image a page shows when shared: og:image, og:image:alt and the twitter:card kind."""
    url: str  # absolute
    alt: str
    width: int | None = None
    height: int | None = None

    @property
    def large(self) -> bool:
        """A wide (1.91:1) image: `summary_large_image`. Square podcast artwork reads better as
        `summary`: the large card would crop it to 2:1."""
        return bool(self.width and self.height and self.width > self.height)


def default_card(urls: Urls, statics: dict, site_title: str) -> Card | None:
    """The theme's card.png (absolute URL), or None when no theme ships one."""
    if CARD not in statics:
        return None
    return Card(urls.abs(f"assets/{CARD}"), site_title, *CARD_SIZE)


def artwork_card(image: str | None, alt: str) -> Card | None:
    return Card(image, alt) if image else None


def show_card(show: Show) -> Card | None:
    return artwork_card(show.image, f"Cover art of {show.title}")


def episode_card(ep: Episode, show: Show) -> Card | None:
    """The episode's own artwork, else its show's, else None (the page falls back to the default card)."""
    if ep.image:
        return Card(ep.image, f"Artwork for {ep.title}")
    return show_card(show)


def person_card(person: Person) -> Card | None:
    return artwork_card(person.img, f"Portrait of {person.name}")


# ------------------------------------------------------------------ schema.org items

def _clean(data: dict) -> dict:
    """Drop empty values: schema.org readers prefer a missing property to an empty one."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _person_item(urls: Urls, person: PersonIn) -> dict:
    if not person.known:  # an unknown slug: the loader reports it; keep the name, link nowhere
        return {"@type": "Person", "name": person.slug}
    return _clean({"@type": "Person", "name": person.name, "url": urls.abs(person_rel(person.slug))})


def _author(urls: Urls, show: Show, hosts: tuple[PersonCredit, ...]):
    """`author`: the show's `author` text (a Person when it names one of the show's hosts, else the
    publisher as an Organization, as itunes:author usually is), or else its hosts."""
    if show.author:
        wanted = show.author.casefold()
        for p in hosts:
            if wanted in {p.name.casefold(), *(a.casefold() for a in p.aliases)}:
                return _person_item(urls, PersonIn(p.slug, p.name))
        return {"@type": "Organization", "name": show.author}
    known = {p.slug: PersonIn(p.slug, p.name) for p in hosts}
    items = [_person_item(urls, known.get(h) or PersonIn(h, h, False)) for h in show.hosts]
    return items[0] if len(items) == 1 else items


def series_ref(urls: Urls, show: Show) -> dict:
    """The show as other items point at it (partOfSeries)."""
    return {"@type": "PodcastSeries", "name": show.title, "url": urls.abs(show_rel(show))}


def podcast_series(urls: Urls, show: Show, hosts: tuple[PersonCredit, ...], description: str) -> dict:
    return _clean({
        "@type": "PodcastSeries",
        "name": show.title,
        "description": description,
        "url": urls.abs(show_rel(show)),
        "webFeed": urls.abs(show_rel(show) + "feed.xml"),
        "image": show.image,
        "author": _author(urls, show, hosts),
        "inLanguage": show.language,
        "genre": show.category,
        "sameAs": show.website,
    })


def iso_duration(seconds: int) -> str:
    """ISO 8601 duration: 4920 -> PT1H22M, 75 -> PT1M15S, 0 -> PT0S."""
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + (f"{s}S" if s or not (h or m) else "")


def podcast_episode(urls: Urls, ep: Episode, show: ShowIn, people: tuple[PersonIn, ...], description: str) -> dict:
    media = None
    if ep.audio:
        media = _clean({"@type": "MediaObject", "contentUrl": ep.audio, "encodingFormat": ep.audio_type,
                        "contentSize": str(ep.audio_bytes) if ep.audio_bytes is not None else None,
                        "duration": iso_duration(ep.duration) if ep.duration is not None else None})
    by_slug = {p.slug: p for p in people}
    actors = [_person_item(urls, by_slug[s]) for s in dict.fromkeys(ep.hosts + ep.guests)]
    return _clean({
        "@type": "PodcastEpisode",
        "name": ep.title,
        "url": urls.abs(episode_rel(ep)),
        "datePublished": ep.date.isoformat() if ep.date else None,
        "description": description,
        "episodeNumber": ep.number,
        "partOfSeason": {"@type": "PodcastSeason", "seasonNumber": ep.season} if ep.season is not None else None,
        "partOfSeries": series_ref(urls, show),
        "associatedMedia": media,
        "timeRequired": iso_duration(ep.duration) if ep.duration is not None else None,
        "actor": actors,
        "image": ep.image or show.image,
        "inLanguage": show.language,
        "alternateName": ep.alt_titles[0] if len(ep.alt_titles) == 1 else list(ep.alt_titles),
        "keywords": ", ".join(ep.topics),
    })


def person_item(urls: Urls, person: Person, description: str) -> dict:
    return _clean({
        "@type": "Person",
        "name": person.name,
        "url": urls.abs(person_rel(person)),
        "description": description,
        "alternateName": list(person.aliases),
        "affiliation": {"@type": "Organization", "name": person.affiliation} if person.affiliation else None,
        "sameAs": [link.url for link in person.links],
        "image": person.img,
    })


def breadcrumbs(urls: Urls, trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList from (name, site-relative folder) pairs, the home page first."""
    return {"@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": n, "name": name, "item": urls.abs(rel)}
                                for n, (name, rel) in enumerate(trail, 1)]}


def graph(*items: dict) -> Markup:
    return script_json({"@context": SCHEMA, "@graph": list(items)})


# ------------------------------------------------------------------ per page

def show_page(site_title: str, urls: Urls, show: Show, hosts: tuple[PersonCredit, ...], description: str) -> Markup:
    return graph(podcast_series(urls, show, hosts, description),
                 breadcrumbs(urls, [(site_title, ""), (show.title, show_rel(show))]))


def episode_page(site_title: str, urls: Urls, ep: Episode, show: ShowIn, people: tuple[PersonIn, ...],
                 description: str) -> Markup:
    return graph(podcast_episode(urls, ep, show, people, description),
                 breadcrumbs(urls, [(site_title, ""), (show.title, show_rel(show.slug)), (ep.title, episode_rel(ep))]))


def person_page(site_title: str, urls: Urls, person: Person, description: str) -> Markup:
    return graph(person_item(urls, person, description),
                 breadcrumbs(urls, [(site_title, ""), ("People", "people/"), (person.name, person_rel(person))]))
