"""The render stage: Library -> every output file of the site, as bytes keyed by site-relative path.

    outputs = render_site(lib, base_url, theme_dirs)

is `list_pages(lib)` then `render_page(lib, spec, env)` for each spec, so a caller can spread
pages over processes or cache them by what they depend on. Pure: reads templates and static
files, writes nothing; deterministic: the same input gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import NamedTuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from markupsafe import Markup

from generator import feeds
from generator.errors import ContentErrors, Problem, display_path
from generator.library import Library
from generator.model import Episode
from generator.render import markdown_export
from generator.render.markdown import Markdown
from generator.render import structured
from generator.render.urls import Urls, episode_rel, person_rel, show_rel
from generator.render.views import (appearances_by_show, episode_view, person_links, person_ref, role_on,
                                    time_formatter, topic_groups)

HOME_EPISODES = 12
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


class PageSpec(NamedTuple):
    """One unit of rendering: `kind` plus the key that names it (slugs or an asset path)."""
    kind: str
    key: tuple[str, ...] = ()


# ------------------------------------------------------------------ environment

def _static_files(theme_dirs: list[Path]) -> dict[str, Path]:
    """Site-relative name under assets/ -> file; the first theme folder that has a file wins."""
    found: dict[str, Path] = {}
    for theme in theme_dirs:
        root = Path(theme) / "static"
        if not root.is_dir():
            continue
        for f in sorted(root.rglob("*")):
            rel = f.relative_to(root).as_posix()
            if f.is_file() and not any(part.startswith(".") for part in f.relative_to(root).parts):
                found.setdefault(rel, f)
    return dict(sorted(found.items()))


def make_env(lib: Library, base_url: str, theme_dirs: list[Path]) -> Environment:
    """A Jinja2 environment over the theme chain, with the site's link builder and Markdown."""
    statics = _static_files(theme_dirs)
    versions = {rel: hashlib.sha256(f.read_bytes()).hexdigest()[:10] for rel, f in statics.items()}
    urls = Urls(base_url, versions)
    md = Markdown(allow_html=lib.config.allow_html, base_path=urls.base_path)
    env = Environment(loader=FileSystemLoader([str(Path(d) / "templates") for d in theme_dirs]),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.globals.update(urls=urls, site=lib.config, md=md, statics=statics)
    env.filters.update(markdown=lambda text, min_heading=2: md.render(text or "", min_heading=min_heading),
                       plain=md.text, date_long=date_long, duration=duration_words, iso_duration=iso_duration,
                       time=lambda s, long=False: time_formatter(long)(int(s)))
    return env


def date_long(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def duration_words(seconds: int | None) -> str:
    if seconds is None:
        return ""
    h, m = seconds // 3600, round(seconds % 3600 / 60)
    if m == 60:
        h, m = h + 1, 0
    if h and m:
        return f"{h} h {m} min"
    return f"{h} h" if h else f"{max(m, 1)} min"


def iso_duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + (f"{s}S" if s or not (h or m) else "")


# ------------------------------------------------------------------ pages

def list_pages(lib: Library) -> list[PageSpec]:
    """Every unit of output, in a fixed order."""
    specs = [PageSpec("home"), PageSpec("people"), PageSpec("topics"), PageSpec("search"), PageSpec("404"),
             PageSpec("sitemap"), PageSpec("robots"), PageSpec("llms"), PageSpec("static")]
    specs += [PageSpec("show", (s,)) for s in sorted(lib.shows)]
    specs += [PageSpec("feed", (s,)) for s in sorted(lib.shows)]
    specs += [PageSpec("episode", key) for key in sorted(lib.episodes)]
    specs += [PageSpec("person", (p,)) for p in sorted(lib.people)]
    specs += [PageSpec("topic", (t,)) for t in topic_groups(lib)]
    return specs


def render_site(lib: Library, base_url: str, theme_dirs: list[Path], *, jobs: int = 1) -> dict[str, bytes]:
    """Every output file of the site, keyed by its path relative to the site root."""
    env = make_env(lib, base_url, theme_dirs)
    outputs: dict[str, bytes] = {}
    for spec in list_pages(lib):
        for rel, data in render_page(lib, spec, env).items():
            if rel in outputs:
                raise ValueError(f"two pages write {rel}")
            outputs[rel] = data
    return dict(sorted(outputs.items()))


def render_page(lib: Library, spec: PageSpec, env: Environment) -> dict[str, bytes]:
    """The output files of one spec. A broken theme template raises ContentErrors naming file and line."""
    try:
        return _RENDERERS[spec.kind](lib, spec, env)
    except TemplateError as e:
        raise ContentErrors([_template_problem(e, spec)]) from None


def _template_problem(e: TemplateError, spec: PageSpec) -> Problem:
    """Where in which template a Jinja2 error happened, as `path:line: message`."""
    what = f"while rendering the {spec.kind} page{' ' + '/'.join(spec.key) if spec.key else ''}"
    if isinstance(e, TemplateSyntaxError):
        return Problem(display_path(Path(e.filename)) if e.filename else str(e.name or "template"), e.lineno,
                       f"template error: {e.message}")
    if isinstance(e, TemplateNotFound):
        return Problem("themes", None, f"template not found: {e.name} ({what})")
    path, line = None, None
    tb = e.__traceback__
    while tb is not None:  # Jinja2 rewrites tracebacks: template frames carry the template's file and line
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".j2")):
            path, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return Problem(display_path(Path(path)) if path else "themes", line, f"template error: {e} ({what})")


def _html(env: Environment, template: str, rel_dir: str | None, *, title: str, description: str = "",
          kind: str, noindex: bool = False, card: structured.Card | None = None, jsonld: Markup | None = None,
          **ctx) -> bytes:
    """`card`: the page's og:image (None: the theme's default card); `jsonld`: from `structured`, already escaped."""
    urls: Urls = env.globals["urls"]
    page = {"title": title, "description": " ".join(description.split()), "kind": kind, "noindex": noindex,
            "rel": rel_dir, "url": urls.path(rel_dir) if rel_dir is not None else None,
            "canonical": urls.abs(rel_dir) if rel_dir is not None else None,
            "card": card or structured.default_card(urls, env.globals["statics"], env.globals["site"].title),
            "jsonld": jsonld}
    return env.get_template(template).render(page=page, **ctx).encode("utf-8")


def _summary(md: Markdown, text: str, limit: int = 200) -> str:
    text = " ".join(md.text(text).split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _card_context(lib: Library, env: Environment) -> dict:
    """Helpers templates use to render episode cards and people lists."""
    urls: Urls = env.globals["urls"]
    return {"show_of": lambda ep: lib.shows[ep.show],
            "person_ref": lambda slug: person_ref(lib, urls, slug),
            "refs": lambda slugs: [person_ref(lib, urls, s) for s in slugs],
            "summary_of": lambda ep: feeds.episode_summary(ep, env.globals["md"])}


def _home(lib, spec, env):
    shows = [(s, lib.episodes_by_show.get(s.slug, [])) for s in sorted(lib.shows.values(), key=lambda s: (s.title.casefold(), s.slug))]
    people = sorted(lib.people.values(), key=lambda p: (p.name.casefold(), p.slug))
    urls: Urls = env.globals["urls"]
    show_feeds = [(s.title, urls.path(show_rel(s) + "feed.xml")) for s, _ in shows]  # <link rel="alternate">, one a show
    return {"index.html": _html(env, "home.html", "", title=lib.config.title,
                                description=lib.config.description or lib.config.title, kind="home",
                                episodes=lib.newest_first[:HOME_EPISODES], total=len(lib.episodes), shows=shows,
                                people=people, appearances=lib.appearances, feeds=show_feeds, **_card_context(lib, env))}


def _show(lib, spec, env):
    show = lib.shows[spec.key[0]]
    md: Markdown = env.globals["md"]
    urls: Urls = env.globals["urls"]
    rel = show_rel(show)
    description = show.description or _summary(md, show.about) or show.title
    # the About text often repeats the one-paragraph description: print it once
    about = " ".join(md.text(show.about).split())
    lede = " ".join(show.description.split())
    return {rel + "index.html": _html(
        env, "show.html", rel, title=show.title, description=description, kind="show",
        show_lede=bool(lede) and (about == lede or not about.startswith(lede)), show_about=bool(about) and about != lede,
        card=structured.show_card(show), jsonld=structured.show_page(lib, urls, show, " ".join(description.split())),
        show=show, hosts=[person_ref(lib, urls, h) for h in show.hosts],
        episodes=lib.episodes_by_show.get(show.slug, []), feed_url=urls.path(rel + "feed.xml"), **_card_context(lib, env))}


def _feed(lib, spec, env):
    return {show_rel(spec.key[0]) + "feed.xml": feeds.rss_feed(lib, spec.key[0], env.globals["urls"], env.globals["md"])}


def _episode(lib, spec, env):
    ep = lib.episodes[spec.key]
    md: Markdown = env.globals["md"]
    urls: Urls = env.globals["urls"]
    view = episode_view(lib, urls, md, ep)
    rel = episode_rel(ep)
    out = {rel + "index.html": _html(
        env, "episode.html", rel, title=f"{ep.title} · {view.show.title}", kind="episode", noindex=ep.draft,
        description=feeds.episode_summary(ep, md, 200) or view.show.description, v=view, ep=ep,
        feed_url=urls.path(show_rel(ep.show) + "feed.xml"), **_card_context(lib, env))}
    out[rel + "index.md"] = markdown_export.episode_markdown(lib, urls, ep, view)
    if ep.chapters:
        out[rel + "chapters.json"] = feeds.chapters_json(ep)
    if view.timed:
        cues = feeds.transcript_cues(lib, ep, md, view.anchors)
        out[rel + "transcript.json"] = feeds.transcript_json(cues)
        out[rel + "transcript.srt"] = feeds.transcript_srt(cues, ep.duration)
        out[rel + "transcript.vtt"] = feeds.transcript_vtt(cues, ep.duration)
    return out


def _people(lib, spec, env):
    people = sorted(lib.people.values(), key=lambda p: (p.name.casefold(), p.slug))
    hosts = [p for p in people if p.role == "host"]
    guests = [p for p in people if p.role != "host"]
    return {"people/index.html": _html(env, "people.html", "people/", title="People",
                                       description=f"Hosts and guests of {lib.config.title}.", kind="people",
                                       hosts=hosts, guests=guests, appearances=lib.appearances)}


def _person(lib, spec, env):
    person = lib.people[spec.key[0]]
    md: Markdown = env.globals["md"]
    rel = person_rel(person)
    groups = appearances_by_show(lib, person.slug)
    described = ", ".join(x for x in [person.affiliation or "", person.role] if x)
    description = _summary(md, person.bio) or f"{person.name} ({described}): appearances on {lib.config.title}."
    urls: Urls = env.globals["urls"]
    return {rel + "index.html": _html(env, "person.html", rel, title=person.name, description=description,
                                      kind="person", card=structured.person_card(person),
                                      jsonld=structured.person_page(lib, urls, person, " ".join(description.split())),
                                      person=person, groups=groups, links=person_links(person),
                                      count=len(lib.appearances.get(person.slug, [])), role_on=role_on,
                                      **_card_context(lib, env))}


def _topics(lib, spec, env):
    return {"topics/index.html": _html(env, "topics.html", "topics/", title="Topics",
                                       description=f"Episodes of {lib.config.title} by topic.", kind="topics",
                                       topics=topic_groups(lib))}


def _topic(lib, spec, env):
    slug = spec.key[0]
    name, episodes = topic_groups(lib)[slug]
    rel = f"topics/{slug}/"
    return {rel + "index.html": _html(env, "topic.html", rel, title=f"Topic: {name}",
                                      description=f"Episodes about {name}.", kind="topic", topic=name,
                                      episodes=episodes, **_card_context(lib, env))}


def _search(lib, spec, env):
    urls: Urls = env.globals["urls"]
    shows = sorted(lib.shows.values(), key=lambda s: (s.title.casefold(), s.slug))
    return {"search/index.html": _html(env, "search.html", "search/", title="Search",
                                       description=f"Search every episode, transcript and person of {lib.config.title}.",
                                       kind="search", shows=[(s, urls.path(show_rel(s) + "feed.xml")) for s in shows])}


def _not_found(lib, spec, env):
    return {"404.html": _html(env, "404.html", None, title="Page not found", kind="404", noindex=True,
                              description="This page does not exist.")}


def sitemap_entries(lib: Library) -> list[tuple[str, dt.date | None]]:
    newest = {s: next((e.date for e in eps if not e.draft), None) for s, eps in lib.episodes_by_show.items()}
    latest = max((e.date for e in lib.episodes.values() if not e.draft), default=None)
    entries: list[tuple[str, dt.date | None]] = [("", latest), ("people/", None), ("topics/", None)]
    entries += [(show_rel(s), newest.get(s)) for s in lib.shows]
    entries += [(episode_rel(e), e.date) for e in lib.episodes.values() if not e.draft]
    entries += [(person_rel(p), _newest(lib.appearances.get(p, []))) for p in lib.people]
    entries += [(f"topics/{t}/", _newest(eps)) for t, (_, eps) in topic_groups(lib).items()]
    return entries


def _newest(eps: list[Episode]) -> dt.date | None:
    return max((e.date for e in eps if not e.draft), default=None)


def _sitemap(lib, spec, env):
    return {"sitemap.xml": feeds.sitemap(env.globals["urls"], sitemap_entries(lib))}


def _robots(lib, spec, env):
    urls: Urls = env.globals["urls"]
    note = "# Crawlers read robots.txt only at the root of a host: this file takes effect only there.\n"
    if urls.base_path != "/":  # a project site (https://host/sub/): copy these lines to the host's own /robots.txt
        note += (f"# This site lives under {urls.base_path}, so crawlers never read this copy; put its lines in\n"
                 f"# {urls.abs('')[: -len(urls.base_path)] if urls.is_absolute else ''}/robots.txt if you control the host.\n")
    return {"robots.txt": note.encode() + feeds.robots(urls)}


def _llms(lib, spec, env):
    return {"llms.txt": markdown_export.llms_txt(lib, env.globals["urls"], env.globals["md"])}


def _static(lib, spec, env):
    return {f"assets/{rel}": path.read_bytes() for rel, path in env.globals["statics"].items()}


_RENDERERS = {"home": _home, "show": _show, "feed": _feed, "episode": _episode, "people": _people, "person": _person,
              "topics": _topics, "topic": _topic, "search": _search, "404": _not_found, "sitemap": _sitemap,
              "robots": _robots, "llms": _llms, "static": _static}

__all__ = ["PageSpec", "Markup", "list_pages", "make_env", "render_page", "render_site"]
