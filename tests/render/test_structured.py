"""Pages that search engines and link previews understand: schema.org JSON-LD, Open Graph and
Twitter card tags, RSS alternate links, the default card image, robots.txt, and the build warning
for shows without artwork."""
from __future__ import annotations

import html.parser
import json
import shutil
import struct
import urllib.parse
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_config
from generator.content import load_library
from generator.render import render_site
from generator.render.structured import script_json

from .helpers import FIXTURE, SUBPATH, THEMES

EVIL = "</script><script>alert(1)</script>"
EPISODE = "signal-and-noise/compilers-all-the-way-down/"
AUDIO = "https://media.example.org/sn/compilers.mp3"  # already in the fixture episode
WARNING = ("warning: no `image`: Apple Podcasts requires show artwork (1400–3000 px square); "
           "pages use the theme's default card")


class Head(html.parser.HTMLParser):
    """Every <script> (attributes and raw text), <meta> and <link> of a page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self._script: list | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            self._script = [a, ""]
        elif tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))
        elif tag == "link":
            self.links.append(a)

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], self._script[1]))
            self._script = None

    def one(self, name: str) -> str:
        values = self.meta.get(name, [])
        assert len(values) == 1, (name, values)
        return values[0]

    @property
    def ld(self) -> list[dict]:
        return [json.loads(text) for a, text in self.scripts if a.get("type") == "application/ld+json"]

    def items(self) -> dict[str, dict]:
        """The JSON-LD items of the page by @type (one @graph per page)."""
        (data,) = self.ld
        assert data["@context"] == "https://schema.org"
        types = [item["@type"] for item in data["@graph"]]
        assert len(types) == len(set(types)), types
        return {item["@type"]: item for item in data["@graph"]}


def head(site: dict[str, bytes], rel: str) -> Head:
    return Head(site[rel + "index.html"].decode())


def target(url: str, base: str = SUBPATH) -> str:
    """The output file an absolute or root-relative URL of the site points at."""
    absolute = urllib.parse.urljoin(base, url)
    assert absolute.startswith(base), url
    rel = urllib.parse.unquote(urllib.parse.urlsplit(absolute).path[len(urllib.parse.urlsplit(base).path):])
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def crumbs(items: dict) -> list[tuple[str, str]]:
    trail = items["BreadcrumbList"]["itemListElement"]
    assert [i["position"] for i in trail] == list(range(1, len(trail) + 1))
    assert all(i["@type"] == "ListItem" for i in trail)
    return [(i["name"], i["item"]) for i in trail]


# ------------------------------------------------------------------ a copied fixture with artwork and audio

def _edit(path: Path, extra: str = "", replace: tuple[str, str] | None = None) -> None:
    text = path.read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text, (path, replace[0])
        text = text.replace(replace[0], replace[1], 1)
    assert text.startswith("---\n")
    path.write_text("---\n" + extra + text[4:], encoding="utf-8")


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """The fixture site with show artwork, a portrait, full audio facts, numbers and an evil title."""
    root = tmp_path_factory.mktemp("rich") / "site"
    shutil.copytree(FIXTURE, root)
    shows = root / "content" / "shows"
    _edit(shows / "signal-and-noise" / "_show.md", "image: https://img.example.org/sn.jpg\nauthor: Ada Host\n")
    _edit(shows / "signal-and-noise" / "2026-03-02-compilers-all-the-way-down.md",
          "audio_type: audio/mpeg\naudio_bytes: 56113920\nnumber: 644\nseason: 3\n")
    _edit(shows / "deep-dives" / "2026-03-10-grace-returns.md",
          "image: https://img.example.org/grace-returns.png\n",
          ('title: "Grace returns: hardware lotteries"', f"title: {json.dumps('Grace ' + EVIL + ' & <b>')}"))
    _edit(shows / "deep-dives" / "_show.md", "author: Acme Radio\n")
    _edit(root / "content" / "people" / "grace-guest.md", "img: https://img.example.org/grace.jpg\n")
    config, problems = load_config(root / "site.yaml", SUBPATH)
    assert config is not None, problems
    lib, problems = load_library(root / "content", config, False)
    assert lib is not None, [str(p) for p in problems]
    return root, render_site(lib, lib.config.base_url, THEMES)


# ------------------------------------------------------------------ JSON-LD

def test_script_json_cannot_close_its_script():
    text = script_json({"b": EVIL, "a": "<!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert text.index('"a"') < text.index('"b"')  # sorted keys: deterministic bytes
    assert json.loads(text) == {"b": EVIL, "a": "<!-- & \u2028"}


def test_every_page_kind_has_its_json_ld(site, lib):
    pages = {rel: Head(data.decode()) for rel, data in site.items() if rel.endswith("index.html")}
    expected = {"show": 2, "episode": 0, "person": len(lib.people)}
    seen = {"show": 0, "episode": 0, "person": 0}
    for rel, page in pages.items():
        blocks = [a for a, _ in page.scripts if a.get("type") == "application/ld+json"]
        slug = rel[: -len("index.html")]
        if slug in {"", "people/", "topics/", "search/"} or slug.startswith("topics/"):
            assert blocks == [], rel
            continue
        kind = "person" if slug.startswith("people/") else "episode" if slug.count("/") == 2 else "show"
        seen[kind] += 1
        assert len(blocks) == 1, rel
        items = page.items()
        main_type = {"show": "PodcastSeries", "episode": "PodcastEpisode", "person": "Person"}[kind]
        assert set(items) == {main_type, "BreadcrumbList"}, rel
        assert items[main_type]["url"] == SUBPATH + slug == page.one("og:url")
        assert crumbs(items)[0] == ("Fixture Notes", SUBPATH)
        assert crumbs(items)[-1][1] == SUBPATH + slug
    expected["episode"] = sum(1 for e in lib.episodes.values() if not e.draft)
    assert seen == expected


def test_show_is_a_podcast_series(site):
    items = head(site, "signal-and-noise/").items()
    series = items["PodcastSeries"]
    assert series["name"] == "Signal & Noise"
    assert series["description"] == "Conversations about compilers, hardware & the people who build them."
    assert series["url"] == SUBPATH + "signal-and-noise/"
    assert series["webFeed"] == SUBPATH + "signal-and-noise/feed.xml" and target(series["webFeed"]) in site
    assert series["author"] == {"@type": "Person", "name": "Ada Host", "url": SUBPATH + "people/ada-host/"}
    assert "image" not in series  # the fixture show has no artwork: no made-up image
    assert crumbs(items) == [("Fixture Notes", SUBPATH), ("Signal & Noise", SUBPATH + "signal-and-noise/")]


def test_episode_is_a_podcast_episode(site):
    items = head(site, EPISODE).items()
    ep = items["PodcastEpisode"]
    assert ep["name"] == "Compilers all the way down | Grace Guest"
    assert ep["datePublished"] == "2026-03-02"
    assert ep["description"] == "Grace Guest on why every program is a compiler & what \"fast\" means."
    assert ep["partOfSeries"] == {"@type": "PodcastSeries", "name": "Signal & Noise",
                                  "url": SUBPATH + "signal-and-noise/"}
    assert ep["actor"] == [{"@type": "Person", "name": "Ada Host", "url": SUBPATH + "people/ada-host/"},
                           {"@type": "Person", "name": "Grace Guest", "url": SUBPATH + "people/grace-guest/"}]
    assert ep["timeRequired"] == "PT1H5M"
    assert ep["associatedMedia"]["contentUrl"] == AUDIO
    assert "episodeNumber" not in ep and "partOfSeason" not in ep
    assert crumbs(items) == [("Fixture Notes", SUBPATH), ("Signal & Noise", SUBPATH + "signal-and-noise/"),
                             ("Compilers all the way down | Grace Guest", SUBPATH + EPISODE)]
    for _, url in crumbs(items):
        assert target(url) in site


def test_episode_without_audio_has_no_media(site):
    ep = head(site, "signal-and-noise/solo-notes/").items()["PodcastEpisode"]
    assert "associatedMedia" not in ep and ep["actor"] == [
        {"@type": "Person", "name": "Ada Host", "url": SUBPATH + "people/ada-host/"}]


def test_person_is_a_person(site):
    items = head(site, "people/grace-guest/").items()
    person = items["Person"]
    assert person["name"] == "Grace Guest" and person["url"] == SUBPATH + "people/grace-guest/"
    assert person["affiliation"] == {"@type": "Organization", "name": "Compiler Lab"}
    assert person["sameAs"] == ["https://x.example.com/grace"]
    assert person["alternateName"] == ["Grace G.", "Dr. Grace Guest (Lab)"]
    assert "image" not in person
    assert crumbs(items) == [("Fixture Notes", SUBPATH), ("People", SUBPATH + "people/"),
                             ("Grace Guest", SUBPATH + "people/grace-guest/")]
    bo = head(site, "people/bo-host/").items()["Person"]
    assert "affiliation" not in bo and "sameAs" not in bo


def test_episode_with_full_facts(rich):
    _, site = rich
    ep = head(site, EPISODE).items()["PodcastEpisode"]
    assert ep["episodeNumber"] == 644
    assert ep["partOfSeason"] == {"@type": "PodcastSeason", "seasonNumber": 3}
    assert ep["associatedMedia"] == {"@type": "MediaObject", "contentUrl": AUDIO, "encodingFormat": "audio/mpeg",
                                     "contentSize": "56113920", "duration": "PT1H5M"}
    assert ep["timeRequired"] == "PT1H5M"
    assert ep["image"] == "https://img.example.org/sn.jpg"  # the show's artwork stands in
    series = head(site, "signal-and-noise/").items()["PodcastSeries"]
    assert series["image"] == "https://img.example.org/sn.jpg"
    assert series["author"] == {"@type": "Person", "name": "Ada Host", "url": SUBPATH + "people/ada-host/"}
    publisher = head(site, "deep-dives/").items()["PodcastSeries"]["author"]
    assert publisher == {"@type": "Organization", "name": "Acme Radio"}  # names none of its hosts
    person = head(site, "people/grace-guest/").items()["Person"]
    assert person["image"] == "https://img.example.org/grace.jpg"


def test_a_title_cannot_break_out_of_its_script(rich):
    _, site = rich
    title = "Grace " + EVIL + " & <b>"
    raw = site["deep-dives/grace-returns/index.html"].decode()
    page = Head(raw)
    # the page's own scripts only: the JSON-LD and the inline loader of page.js (no player: the
    # episode has no audio) — no injected ones
    assert [a.get("type") for a, _ in page.scripts] == ["application/ld+json", "module"]
    assert EVIL not in raw and "<script>alert" not in raw and raw.count("<script") == 2
    items = page.items()
    assert items["PodcastEpisode"]["name"] == title
    assert crumbs(items)[-1][0] == title
    assert page.one("og:image") == "https://img.example.org/grace-returns.png"
    # the person page lists that episode too, and its JSON-LD is still one intact block
    person = Head(site["people/grace-guest/index.html"].decode())
    assert [a.get("type") for a, _ in person.scripts] == ["application/ld+json", "module"]


# ------------------------------------------------------------------ Open Graph and Twitter

def test_every_page_has_an_absolute_og_image_and_a_twitter_card(site):
    card = SUBPATH + "assets/card.png"
    for rel, data in site.items():
        if not rel.endswith(".html"):
            continue
        page = Head(data.decode())
        image = page.one("og:image")
        assert image.startswith("https://"), (rel, image)
        assert image == card, rel  # no fixture show, episode or person has artwork
        assert page.one("og:image:alt") == "Fixture Notes"
        assert page.one("twitter:card") == "summary_large_image"
        assert (page.one("og:image:width"), page.one("og:image:height")) == ("1200", "630")
    assert target(card) in site


def test_the_default_card_is_a_small_1200_by_630_png(site):
    png = site["assets/card.png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (1200, 630)
    assert len(png) < 60_000


def test_og_type_per_page_kind(site):
    assert head(site, "").one("og:type") == "website"
    assert head(site, "signal-and-noise/").one("og:type") == "website"
    assert head(site, "people/ada-host/").one("og:type") == "profile"
    page = head(site, EPISODE)
    assert page.one("og:type") == "article"
    assert page.one("article:published_time") == "2026-03-02"


def test_artwork_wins_over_the_default_card(rich):
    _, site = rich
    show = head(site, "signal-and-noise/")
    assert show.one("og:image") == "https://img.example.org/sn.jpg"
    assert show.one("og:image:alt") == "Cover art of Signal & Noise"
    assert show.one("twitter:card") == "summary"  # square artwork: the large card would crop it
    assert "og:image:width" not in show.meta
    ep = head(site, EPISODE)
    assert ep.one("og:image") == "https://img.example.org/sn.jpg"  # no episode artwork: the show's
    grace = head(site, "people/grace-guest/")
    assert grace.one("og:image") == "https://img.example.org/grace.jpg"
    assert grace.one("og:image:alt") == "Portrait of Grace Guest"
    other = head(site, "deep-dives/")  # no artwork anywhere: the default card
    assert other.one("og:image") == SUBPATH + "assets/card.png"
    assert other.one("twitter:card") == "summary_large_image"


# ------------------------------------------------------------------ feeds, robots.txt

def _feeds(page: Head) -> list[tuple[str, str]]:
    return [(a["title"], a["href"]) for a in page.links
            if a.get("rel") == "alternate" and a.get("type") == "application/rss+xml"]


def test_alternate_feed_links_resolve(site):
    home = _feeds(head(site, ""))
    assert home == [("Deep Dives", "/shownotes/deep-dives/feed.xml"),
                    ("Signal & Noise", "/shownotes/signal-and-noise/feed.xml")]
    assert _feeds(head(site, "signal-and-noise/")) == [("Signal & Noise", "/shownotes/signal-and-noise/feed.xml")]
    assert _feeds(head(site, EPISODE)) == [("Signal & Noise", "/shownotes/signal-and-noise/feed.xml")]
    assert _feeds(head(site, "deep-dives/grace-returns/")) == [("Deep Dives", "/shownotes/deep-dives/feed.xml")]
    for _, href in home:
        assert target(href) in site and site[target(href)].lstrip().startswith(b"<?xml")


def test_robots_txt_under_a_sub_path(site, root_site):
    lines = site["robots.txt"].decode().splitlines()
    assert lines[0].startswith("#") and "only" in lines[0] and "root of a host" in lines[0]
    assert "Sitemap: https://example.github.io/shownotes/sitemap.xml" in lines
    assert any(line.startswith("#") and "https://example.github.io/robots.txt" in line for line in lines)
    assert all(line.startswith("#") or not line or ":" in line for line in lines)
    at_root = root_site["robots.txt"].decode().splitlines()
    assert at_root[0].startswith("#") and "Sitemap: http://127.0.0.1:8000/sitemap.xml" in at_root
    assert not any("/robots.txt" in line for line in at_root)


# ------------------------------------------------------------------ the missing-artwork warning

def test_check_warns_once_per_show_without_image(tmp_path, monkeypatch, capsys):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    monkeypatch.chdir(project)
    assert main(["check"]) == 0
    out = capsys.readouterr()
    lines = (out.err + out.out).splitlines()
    for show in ("deep-dives", "signal-and-noise"):
        assert lines.count(f"content/shows/{show}/_show.md:1: {WARNING}") == 1, lines
    assert sum(WARNING in line for line in lines) == 2

    _edit(project / "content" / "shows" / "deep-dives" / "_show.md", "image: https://img.example.org/dd.jpg\n")
    assert main(["check"]) == 0
    out = capsys.readouterr()
    lines = (out.err + out.out).splitlines()
    assert [line for line in lines if WARNING in line] == [f"content/shows/signal-and-noise/_show.md:1: {WARNING}"]
