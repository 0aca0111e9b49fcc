"""Kinds whose files never depend on the theme (`PageKind.uses_theme = False`: feeds, captions,
chapters…) are salted without it, so a theme edit does not make every caption file again. That
is only safe if they really never read the theme: rendered with a different theme they give the
same bytes, and one that asks for a template or a theme file fails loudly instead of going stale.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2 import TemplateNotFound

from generator.errors import ContentErrors
from generator.incremental import build_salt
from generator.render.context import html_page, make_context
from generator.render.kinds import KINDS, Page, PageKind, PageSpec, plan, render

from .helpers import SUBPATH, THEMES, load_fixture

THEME_FREE = sorted(name for name, kind in KINDS.items() if not kind.uses_theme)


@pytest.fixture(scope="module")
def other_theme(tmp_path_factory) -> list[Path]:
    """The default theme with every template and every static file changed, and one file more."""
    theme = tmp_path_factory.mktemp("theme") / "other"
    shutil.copytree(THEMES[0], theme)
    for template in (theme / "templates").glob("*.html"):
        template.write_text(template.read_text(encoding="utf-8") + "{# another theme #}\n<!-- other -->\n",
                            encoding="utf-8")
    for static in (theme / "static").iterdir():
        static.write_bytes(static.read_bytes() + b"\n/* other */\n")
    (theme / "static" / "extra.css").write_text("body { color: red }\n", encoding="utf-8")
    return [theme]


def test_the_kinds_that_never_use_the_theme():
    assert THEME_FREE == ["chapters", "feed", "llms", "robots", "sitemap", "transcript"]


def test_their_files_are_the_same_whatever_the_theme(other_theme):
    lib = load_fixture(SUBPATH)
    ours = make_context(lib.config, lib.config.base_url, THEMES)
    theirs = make_context(lib.config, lib.config.base_url, other_theme)
    seen: dict[str, int] = {}
    for page in plan(lib):
        kind = KINDS[page.spec.kind]
        a, b = kind.render(page.inputs, ours), kind.render(page.inputs, theirs)  # the full contexts, theme and all
        if kind.uses_theme:
            if page.spec.kind == "episode":
                assert a != b  # (the other theme does show)
            continue
        assert a == b, page.spec
        assert render(page, ours) == a, page.spec  # and the themeless context a build gives them changes nothing
        seen[page.spec.kind] = seen.get(page.spec.kind, 0) + 1
    assert sorted(seen) == THEME_FREE, seen


def test_their_keys_leave_the_theme_out_and_every_other_key_keeps_it(other_theme):
    lib = load_fixture(SUBPATH)
    ours = {p.spec: p.key for p in plan(lib, build_salt(lib.config, THEMES, False))}
    theirs = {p.spec: p.key for p in plan(lib, build_salt(lib.config, other_theme, False))}
    assert ours.keys() == theirs.keys()
    for spec, key in ours.items():
        assert (key == theirs[spec]) == (not KINDS[spec.kind].uses_theme), spec
    drafts = {p.spec: p.key for p in plan(lib, build_salt(lib.config, THEMES, True))}
    assert all(drafts[spec] != key for spec, key in ours.items())  # the rest of the salt still counts for all


def test_a_kind_without_the_theme_cannot_reach_it(monkeypatch):
    lib = load_fixture(SUBPATH)
    bare = make_context(lib.config, lib.config.base_url, THEMES).without_theme()
    with pytest.raises(TemplateNotFound, match="uses_theme = False"):
        bare.env.get_template("base.html")
    with pytest.raises(LookupError, match="uses_theme = False"):
        bare.urls.asset("style.css")
    assert bare.statics == {} and bare.site.assets == {}
    assert bare.without_theme() is bare and bare.urls.path("x/") == "/shownotes/x/"

    class Careless(PageKind):
        name = "careless"
        uses_theme = False

        def render(self, inputs, ctx):
            return {"careless.html": html_page(ctx, "404.html", None, title="Oops", kind="404")}

    monkeypatch.setitem(KINDS, "careless", Careless())
    ctx = make_context(lib.config, lib.config.base_url, THEMES)
    with pytest.raises(ContentErrors) as caught:
        render(Page(PageSpec("careless"), (), "key"), ctx)
    assert "template not found: 404.html (a page kind with uses_theme = False" in str(caught.value.problems[0])
