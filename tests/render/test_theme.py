"""Theme: page structure, accessibility basics, search hooks, and the override chain."""
from __future__ import annotations

import re

from generator.render import render_site
from generator.render.context import make_context
from generator.render.kinds import plan, render

from .helpers import THEMES, Page, load_fixture

INDEXED = ["signal-and-noise/compilers-all-the-way-down/index.html", "people/grace-guest/index.html",
           "signal-and-noise/index.html"]


def html_pages(site):
    return {rel: data.decode() for rel, data in site.items() if rel.endswith(".html")}


def test_every_page_has_the_basics(site):
    for rel, text in html_pages(site).items():
        page = Page(text)
        tags = [t for t, _ in page.tags]
        assert text.startswith("<!doctype html>\n<html lang=\"en\""), rel
        assert tags.count("h1") == 1, rel
        assert tags.count("main") == 1, rel
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in tags, (rel, landmark)
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
        assert re.search(r'<meta name="description" content="[^"]+">', text), rel
        assert '<a class="skip-link" href="#main">' in text and 'id="main"' in text
        # a search box on every page, posting to /search/ with q
        assert '<form class="site-search" role="search" action="/shownotes/search/" method="get">' in text
        assert 'name="q"' in text
        # nothing loaded from another host
        for tag, a in page.tags:
            if tag == "script" and a.get("src"):
                assert a["src"].startswith("/shownotes/assets/"), (rel, a)
            if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload"):
                assert a["href"].startswith("/shownotes/assets/"), (rel, a)
        assert len(page.ids) == len(set(page.ids)), (rel, [i for i in page.ids if page.ids.count(i) > 1])


def test_pagefind_body_only_on_episode_person_show_pages(site):
    for rel, text in html_pages(site).items():
        indexed = "data-pagefind-body" in text
        kind = rel.split("/")
        should = (len(kind) == 3 and kind[0] not in ("people", "topics", "search")) or \
                 (kind[0] == "people" and len(kind) == 3) or (len(kind) == 2 and kind[0] not in ("people", "topics", "search"))
        assert indexed == should, rel


def test_pagefind_filters_meta_and_sort(site):
    text = site[INDEXED[0]].decode()
    assert '<span data-pagefind-filter="show">Signal &amp; Noise</span>' in text
    assert '<span data-pagefind-filter="person">Ada Host</span>' in text
    assert '<span data-pagefind-filter="person">Grace Guest</span>' in text
    assert '<span data-pagefind-sort="date">2026-03-02</span>' in text
    assert '<span data-pagefind-meta="date">2026-03-02</span>' in text
    assert '<h1 data-pagefind-meta="title">' in text
    # boilerplate is out of the index: chapter table, aside (also-with, related, pager), downloads
    assert '<section class="chapters" aria-labelledby="chapters-heading" data-pagefind-ignore>' in text
    assert '<aside class="episode-aside" aria-label="More episodes" data-pagefind-ignore>' in text
    assert '<footer class="episode-footer" data-pagefind-ignore>' in text
    body = text[text.index("data-pagefind-body"):text.index("</article>")]
    assert 'class="transcript"' in body and "data-pagefind-ignore>\n<h2 id=\"transcript" not in body


def test_search_page(site):
    text = site["search/index.html"].decode()
    main = text[text.index("<main"):text.index("</main>")]
    assert '<input type="search" id="search-q" name="q"' in main
    assert '<script type="module" src="/shownotes/assets/search.js?v=' in text
    assert 'data-base="/shownotes/"' in text
    js = site["assets/search.js"].decode()
    assert 'import(BASE + "pagefind/pagefind.js")' in js and "baseUrl: BASE" in js


def test_episode_page_title_meta_and_player(site):
    text = site[INDEXED[0]].decode()
    assert "<title>Compilers all the way down | Grace Guest · Signal &amp; Noise · Fixture Notes</title>" in text
    assert '<audio id="player" controls preload="none" src="https://media.example.org/sn/compilers.mp3">' in text
    assert '<script type="module" src="/shownotes/assets/page.js?v=' in text
    assert '<time datetime="2026-03-02">2 March 2026</time>' in text
    no_audio = site["deep-dives/grace-returns/index.html"].decode()
    assert "<audio" not in no_audio and 'src="/shownotes/assets/page.js' not in no_audio
    # without audio the page loads no script: a few inline bytes import page.js only when the
    # address asks for a moment (#t=...) or carries searched words to mark (?highlight=...)
    loader = no_audio[no_audio.index('<script type="module">'):]
    loader = loader[:loader.index("</script>")]
    assert "import(" in loader and "#t=" in loader and "highlight=" in loader and len(loader.encode()) < 400


def test_theme_override_chain(tmp_path):
    custom = tmp_path / "themes" / "custom"
    (custom / "templates").mkdir(parents=True)
    (custom / "static").mkdir()
    (custom / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Lost in the custom theme</h1>{% endblock %}')
    (custom / "static" / "style.css").write_text("body { color: red; }\n")
    lib = load_fixture()
    out = render_site(lib, lib.config.base_url, [custom] + THEMES)
    assert b"Lost in the custom theme" in out["404.html"]
    assert out["assets/style.css"] == b"body { color: red; }\n"
    assert out["assets/search.js"] == (THEMES[0] / "static" / "search.js").read_bytes()  # the rest from default
    assert b"Compilers all the way down" in out["signal-and-noise/compilers-all-the-way-down/index.html"]


def test_per_page_api_matches_render_site(site):
    lib = load_fixture()
    ctx = make_context(lib.config, lib.config.base_url, THEMES)
    merged = {}
    for page in plan(lib):
        merged.update(render(page, ctx))
    assert merged == site


def test_home_show_people_topics(site):
    home = site["index.html"].decode()
    assert home.index("Grace returns") < home.index("Compilers all the way down")  # newest first
    assert 'href="/shownotes/deep-dives/"' in home and 'href="/shownotes/people/grace-guest/"' in home
    show = site["signal-and-noise/index.html"].decode()
    assert 'href="/shownotes/signal-and-noise/feed.xml"' in show
    assert show.index("Compilers all the way down") < show.index("Solo notes") < show.index("Caption dump")
    assert "<h3>A heading in the about text</h3>" in show
    people = site["people/index.html"].decode()
    assert people.index("Ada Host") < people.index("Bo Host") < people.index("Grace Guest")
    topic = site["topics/hardware/index.html"].decode()
    assert topic.count('class="card"') == 3 and "Grace returns" in topic and "Caption dump" in topic


def test_a_broken_template_is_reported_with_file_and_line(tmp_path):
    import pytest

    from generator.errors import ContentErrors
    lib = load_fixture()
    cases = {"404.html": ('{% extends "base.html" %}\n{% block main %}\n{{ nope.missing }}\n{% endblock %}\n', 3),
             "people.html": ('{% extends "base.html" %}\n{% block main %}{% if %}{% endblock %}\n', 2)}
    for name, (text, line) in cases.items():
        bad = tmp_path / name.replace(".", "-")
        (bad / "templates").mkdir(parents=True)
        (bad / "templates" / name).write_text(text)
        with pytest.raises(ContentErrors) as info:
            render_site(lib, lib.config.base_url, [bad] + THEMES)
        problem = info.value.problems[0]
        assert problem.path.endswith(f"templates/{name}"), problem
        assert problem.line == line and "template error" in problem.message, problem
