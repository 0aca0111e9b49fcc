"""Pages that list episodes and people: home, a show, a person, people, topics, a topic."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Person, Show
from generator.render import structured
from generator.render.context import RenderContext, html_page
from generator.render.inputs import CardIn, PersonCredit, PersonIn, ShowName
from generator.render.kinds.base import PageKind
from generator.render.summary import plain_summary
from generator.render.urls import person_rel, show_rel
from generator.render.views import card_view, card_views, person_links, person_refs, show_ref

HOME_EPISODES = 12


def _by_name(people):
    return sorted(people, key=lambda p: (p.name.casefold(), p.slug))


def _by_title(shows):
    return sorted(shows, key=lambda s: (s.title.casefold(), s.slug))


@dataclass(frozen=True)
class PersonRowIn:
    slug: str
    name: str
    affiliation: str | None
    count: int  # their episodes, drafts included


@dataclass(frozen=True)
class PersonRow:
    name: str
    url: str
    affiliation: str | None
    count: int


def _person_row(lib, slug: str) -> PersonRowIn:
    p = lib.people[slug]
    return PersonRowIn(p.slug, p.name, p.affiliation, len(lib.appearances.get(p.slug, [])))


def _person_rows(ctx: RenderContext, rows) -> list[PersonRow]:
    return [PersonRow(r.name, ctx.urls.person(r.slug), r.affiliation, r.count) for r in rows]


# ------------------------------------------------------------------ home

@dataclass(frozen=True)
class HomeShowIn:
    slug: str
    title: str
    description: str
    count: int
    latest: dt.date | None


@dataclass(frozen=True)
class HomeShow:
    title: str
    url: str
    description: str
    count: int
    latest: dt.date | None


@dataclass(frozen=True)
class HomeIn:
    latest: tuple[CardIn, ...]
    total: int
    shows: tuple[HomeShowIn, ...]
    people: tuple[PersonRowIn, ...]


class Home(PageKind):
    name = "home"

    def inputs(self, lib, key, index) -> HomeIn:
        shows = []
        for s in _by_title(lib.shows.values()):
            eps = lib.episodes_by_show.get(s.slug, [])
            shows.append(HomeShowIn(s.slug, s.title, s.description, len(eps), eps[0].date if eps else None))
        return HomeIn(index.cards(lib.newest_first[:HOME_EPISODES]), len(lib.episodes), tuple(shows),
                      tuple(_person_row(lib, p.slug) for p in _by_name(lib.people.values())))

    def render(self, page: HomeIn, ctx: RenderContext) -> dict[str, bytes]:
        urls = ctx.urls
        shows = [HomeShow(s.title, urls.show(s.slug), s.description, s.count, s.latest) for s in page.shows]
        feeds = [(s.title, urls.path(show_rel(s.slug) + "feed.xml")) for s in page.shows]  # <link rel="alternate">
        return {"index.html": html_page(ctx, "home.html", "", title=ctx.config.title,
                                        description=ctx.config.description or ctx.config.title, kind="home",
                                        episodes=card_views(ctx, page.latest), total=page.total, shows=shows,
                                        people=_person_rows(ctx, page.people), feeds=feeds)}


# ------------------------------------------------------------------ a show

@dataclass(frozen=True)
class ShowPageIn:
    show: Show
    hosts: tuple[PersonIn, ...]
    host_people: tuple[PersonCredit, ...]  # the hosts the site knows (JSON-LD names the author among them)
    episodes: tuple[CardIn, ...]


@dataclass(frozen=True)
class ShowView:
    title: str
    url: str
    description: str
    about: str  # Markdown
    website: str | None
    language: str


class ShowPage(PageKind):
    name = "show"

    def specs(self, lib, index):
        return [(s,) for s in sorted(lib.shows)]

    def inputs(self, lib, key, index) -> ShowPageIn:
        show = lib.shows[key[0]]
        return ShowPageIn(show, index.people(show.hosts), index.credits(show.hosts),
                          index.cards(lib.episodes_by_show.get(show.slug, [])))

    def render(self, page: ShowPageIn, ctx: RenderContext) -> dict[str, bytes]:
        show, md, urls = page.show, ctx.md, ctx.urls
        rel = show_rel(show)
        description = show.description or plain_summary(md, show.about, 200) or show.title
        # the About text often repeats the one-paragraph description: print it once
        about = " ".join(md.text(show.about).split())
        lede = " ".join(show.description.split())
        view = ShowView(show.title, urls.show(show.slug), show.description, show.about, show.website, show.language)
        jsonld = structured.show_page(ctx.config.title, urls, show, page.host_people, " ".join(description.split()))
        return {rel + "index.html": html_page(
            ctx, "show.html", rel, title=show.title, description=description, kind="show",
            show_lede=bool(lede) and (about == lede or not about.startswith(lede)), show_about=bool(about) and about != lede,
            card=structured.show_card(show), jsonld=jsonld, show=view, hosts=person_refs(ctx, page.hosts),
            episodes=card_views(ctx, page.episodes), feed_url=urls.path(rel + "feed.xml"))}


# ------------------------------------------------------------------ a person

@dataclass(frozen=True)
class PersonPageIn:
    person: Person
    groups: tuple[tuple[ShowName, tuple[tuple[CardIn, str], ...]], ...]  # by show, newest first; (episode, role)
    count: int


@dataclass(frozen=True)
class PersonView:
    name: str
    role: str
    affiliation: str | None
    aliases: tuple[str, ...]
    bio: str  # Markdown


def role_on(ep, slug: str) -> str:
    return "guest" if slug in ep.guests else "host"


class PersonPage(PageKind):
    name = "person"

    def specs(self, lib, index):
        return [(p,) for p in sorted(lib.people)]

    def inputs(self, lib, key, index) -> PersonPageIn:
        slug = key[0]
        groups: dict[str, list] = {}  # shows in order of the latest appearance, episodes newest first
        episodes = lib.appearances.get(slug, [])
        for ep in episodes:
            groups.setdefault(ep.show, []).append((index.card(ep), role_on(ep, slug)))
        return PersonPageIn(lib.people[slug], tuple((index.show_name(s), tuple(items)) for s, items in groups.items()
                                                    if s in lib.shows), len(episodes))

    def render(self, page: PersonPageIn, ctx: RenderContext) -> dict[str, bytes]:
        person, md = page.person, ctx.md
        rel = person_rel(person)
        described = ", ".join(x for x in [person.affiliation or "", person.role] if x)
        description = plain_summary(md, person.bio, 200) or f"{person.name} ({described}): appearances on {ctx.config.title}."
        groups = [(show_ref(ctx, show), [(card_view(ctx, c), role) for c, role in items]) for show, items in page.groups]
        view = PersonView(person.name, person.role, person.affiliation, tuple(person.aliases), person.bio)
        return {rel + "index.html": html_page(
            ctx, "person.html", rel, title=person.name, description=description, kind="person",
            card=structured.person_card(person),
            jsonld=structured.person_page(ctx.config.title, ctx.urls, person, " ".join(description.split())),
            person=view, groups=groups, links=person_links(person), count=page.count)}


# ------------------------------------------------------------------ people

@dataclass(frozen=True)
class PeopleIn:
    hosts: tuple[PersonRowIn, ...]
    guests: tuple[PersonRowIn, ...]


class PeoplePage(PageKind):
    name = "people"

    def inputs(self, lib, key, index) -> PeopleIn:
        people = _by_name(lib.people.values())
        return PeopleIn(tuple(_person_row(lib, p.slug) for p in people if p.role == "host"),
                        tuple(_person_row(lib, p.slug) for p in people if p.role != "host"))

    def render(self, page: PeopleIn, ctx: RenderContext) -> dict[str, bytes]:
        return {"people/index.html": html_page(ctx, "people.html", "people/", title="People",
                                               description=f"Hosts and guests of {ctx.config.title}.", kind="people",
                                               hosts=_person_rows(ctx, page.hosts), guests=_person_rows(ctx, page.guests))}


# ------------------------------------------------------------------ topics

@dataclass(frozen=True)
class TopicRow:
    name: str
    url: str
    count: int


@dataclass(frozen=True)
class TopicsIn:
    topics: tuple[tuple[str, str, int], ...]  # (slug, name, episodes)


class TopicsPage(PageKind):
    name = "topics"

    def inputs(self, lib, key, index) -> TopicsIn:
        return TopicsIn(tuple((slug, name, len(eps)) for slug, (name, eps) in index.topics.items()))

    def render(self, page: TopicsIn, ctx: RenderContext) -> dict[str, bytes]:
        topics = [TopicRow(name, ctx.urls.path(f"topics/{slug}/"), n) for slug, name, n in page.topics]
        return {"topics/index.html": html_page(ctx, "topics.html", "topics/", title="Topics",
                                               description=f"Episodes of {ctx.config.title} by topic.", kind="topics",
                                               topics=topics)}


@dataclass(frozen=True)
class TopicIn:
    slug: str
    name: str
    episodes: tuple[CardIn, ...]


class TopicPage(PageKind):
    name = "topic"

    def specs(self, lib, index):
        return [(t,) for t in index.topics]

    def inputs(self, lib, key, index) -> TopicIn:
        name, episodes = index.topics[key[0]]
        return TopicIn(key[0], name, index.cards(episodes))

    def render(self, page: TopicIn, ctx: RenderContext) -> dict[str, bytes]:
        rel = f"topics/{page.slug}/"
        return {rel + "index.html": html_page(ctx, "topic.html", rel, title=f"Topic: {page.name}",
                                              description=f"Episodes about {page.name}.", kind="topic",
                                              topic=page.name, episodes=card_views(ctx, page.episodes))}
