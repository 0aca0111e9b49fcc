"""Page kinds cannot go stale by construction (issue 14).

For every field of every kind of content object, the fixture site is changed in that one field and
planned again: every page whose key did not change must render the same bytes as before, and a
page whose inputs change must get a new key. Templates get plain views only.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.library import Library, build_library
from generator.model import Chapter, Episode, Link, Owner, Person, Show, TranscriptLink
from generator.render.context import make_context
from generator.render.digest import Digest
from generator.render.inputs import Index
from generator.render.kinds import KINDS, plan, render

from .helpers import THEMES, load_fixture

IDENTITY = {"slug", "show"}  # what content is keyed by: changing it is another object, not an edit
EPISODE = ("signal-and-noise", "compilers-all-the-way-down")  # transcript, chapters, people elsewhere


def _changed(value, name: str):
    """A different value of the same kind, or None when there is none to make."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if isinstance(value, dt.date):
        return value - dt.timedelta(days=3)
    if isinstance(value, Path):
        return value.with_name("moved-" + value.name)
    if isinstance(value, str):
        choices = {"transcript_timing": ["exact", "estimated", "none"], "episode_type": ["full", "bonus", "trailer"],
                   "role": ["host", "guest"]}
        if name in choices:
            return next(c for c in choices[name] if c != value)
        if name == "transcript_source":
            return value + "\n\n**[00:00:09] Grace Guest:** A perturbed line.\n"
        return value + " Perturbed"
    if isinstance(value, Owner):
        return Owner(value.name + " P", "p@example.org")
    if isinstance(value, dict):
        return {**value, "Perturbed Label": "grace-guest"}
    if isinstance(value, list):
        extra = {"chapters": Chapter(5, "Perturbed"), "highlights": Chapter(7, "Perturbed"),
                 "links": Link("Perturbed", "https://example.org/p"),
                 "transcript_links": TranscriptLink("https://example.org/t.vtt", "text/vtt"),
                 "guests": "sam-solo", "hosts": "grace-guest"}.get(name, "perturbed")
        return value + [extra]
    if value is None:
        return {"duration": 4321, "audio_bytes": 1234, "number": 9, "season": 2, "explicit": True,
                "chapters_link": "https://example.org/c.json", "owner": Owner("P", "p@example.org"),
                "affiliation": "Perturbed Lab"}.get(name, "https://example.org/perturbed")
    return None


def _perturbations(lib: Library):
    """(label, function that changes one field of a copy of the content)."""
    targets = [("episode", EPISODE), ("episode", ("deep-dives", "grace-returns")), ("show", "signal-and-noise"),
               ("person", "grace-guest"), ("person", "ada-host")]
    for kind, key in targets:
        obj = {"episode": lib.episodes, "show": lib.shows, "person": lib.people}[kind][key]
        for f in dataclasses.fields(obj):
            if f.name in IDENTITY or f.name in getattr(type(obj), "__digest_skip__", ()):
                continue
            new = _changed(getattr(obj, f.name), f.name)
            if new is not None:
                yield f"{kind} {key} .{f.name}", kind, key, f.name, new


def _edit_of(obj, field: str) -> dict:
    """A field an editor changes by editing the file: the hash of the file's bytes changes with it
    (`__digest_by__` lets that hash stand for such fields). Fields the loader settles from other
    files or from the file's name change alone."""
    by = getattr(type(obj), "__digest_by__", None)
    if by and field not in by and getattr(obj, by[0], None):
        return {by[0]: "edited-" + getattr(obj, by[0])}
    return {}


def _rebuild(lib: Library, kind: str, key, field: str, value) -> Library:
    shows, episodes, people = copy.deepcopy((lib.shows, lib.episodes, lib.people))
    obj = {"episode": episodes, "show": shows, "person": people}[kind][key]
    setattr(obj, field, value)
    for name, new in _edit_of(obj, field).items():
        setattr(obj, name, new)
    if field == "transcript_source" and obj.transcript_hash:
        obj.transcript_hash = "edited-" + obj.transcript_hash  # as the loader would hash it again
    if field == "transcript_source":
        obj.__dict__.pop("_transcript", None)  # parsed again from the new text
    if field == "chapters" and getattr(obj, "chapters_hash", ""):
        obj.chapters_hash = "edited-" + obj.chapters_hash  # as the loader would hash them again
    return build_library(lib.config, shows, episodes, people)


@pytest.fixture(scope="module")
def baseline():
    lib = load_fixture()
    ctx = make_context(lib.config, lib.config.base_url, THEMES)
    pages = {p.spec: p for p in plan(lib)}
    return lib, ctx, pages, {spec: render(p, ctx) for spec, p in pages.items()}


def test_a_page_renders_the_same_bytes_whenever_its_key_is_unchanged(baseline):
    lib, ctx, pages, rendered = baseline
    checked = changed_keys = 0
    for label, kind, key, field, value in _perturbations(lib):
        for page in plan(_rebuild(lib, kind, key, field, value)):
            before = pages.get(page.spec)
            if before is None:
                continue
            if page.key == before.key:
                assert render(page, ctx) == rendered[page.spec], f"{page.spec} is stale after changing {label}"
                checked += 1
            else:
                changed_keys += 1
    assert checked > 500 and changed_keys > 100  # the perturbations reached both kinds of page


def test_every_field_of_a_page_inputs_is_in_its_key(baseline):
    lib, ctx, pages, _ = baseline
    digest = Digest()
    seen = set()
    for spec, page in pages.items():
        if not dataclasses.is_dataclass(page.inputs):
            assert page.inputs == (), spec  # kinds with no inputs render from the context alone
            continue
        for f in dataclasses.fields(page.inputs):
            value = getattr(page.inputs, f.name)
            if isinstance(value, tuple):
                new = value[:-1] if value else None
            elif dataclasses.is_dataclass(value):  # change its first field that can change
                new = next((dataclasses.replace(value, **{g.name: c}, **_edit_of(value, g.name))
                            for g in dataclasses.fields(value)
                            if g.init and (c := _changed(getattr(value, g.name), g.name)) is not None), None)
            else:
                new = _changed(value, f.name)
            if new is None:
                continue
            changed = dataclasses.replace(page.inputs, **{f.name: new}, **_edit_of(page.inputs, f.name))
            assert digest.of(("", spec.kind, spec.key, changed)) != page.key, f"{spec}: .{f.name} is not in its key"
            seen.add((spec.kind, f.name))
    assert {kind for kind, _ in seen} >= {"home", "people", "topics", "search", "sitemap", "llms", "show", "feed",
                                          "episode", "chapters", "transcript", "person", "topic"}


def test_templates_get_plain_views_only(baseline):
    lib, _, pages, _ = baseline
    ctx = make_context(lib.config, lib.config.base_url, THEMES)
    env, seen = ctx.env, []
    real = env.get_template

    def spy(name, *args, **kwargs):
        template = real(name, *args, **kwargs)
        render_real = template.render

        def render_spy(*a, **context):
            seen.append((name, context))
            return render_real(*a, **context)
        template.render = render_spy
        return template
    env.get_template = spy
    for page in pages.values():
        render(page, ctx)
    assert len(seen) >= 10

    def walk(value, where):
        assert not isinstance(value, (Library, Episode, Show, Person, Index)), f"{where} is a model object"
        assert not callable(value) or isinstance(value, type), f"{where} is callable"
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}[{k!r}]")
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), f"{where}.{f.name}")
    for name, context in seen:
        for k, v in context.items():
            walk(v, f"{name}: {k}")


def test_every_kind_is_registered_once_and_renders_only_from_inputs():
    assert len(KINDS) == len({type(k) for k in KINDS.values()})
    for kind in KINDS.values():
        # render(inputs, ctx): nothing else reaches a page (the Library never does)
        assert list(kind.render.__code__.co_varnames[:3]) == ["self", "page", "ctx"], kind.name


def test_an_episode_file_hash_stands_for_what_was_read_from_the_file():
    """`__digest_by__`: once loaded (source_hash set), an episode's key hashes its file's bytes and
    what the loader settles from elsewhere, not every field; made in code, every field."""
    ep = Episode("show", "slug", "Title", dt.date(2026, 1, 2), transcript_source="[0:01] **A:** Hi.", source_hash="f1")
    key = Digest().of(ep)
    assert Digest().of(dataclasses.replace(ep, title="Other", transcript_source="")) == key  # same bytes
    for change in ({"source_hash": "f2"}, {"hosts": ["ada-host"]}, {"guests": ["grace-guest"]},
                   {"speakers": {"A": "ada-host"}}, {"path": Path("content/shows/show/moved.md")}):
        assert Digest().of(dataclasses.replace(ep, **change)) != key, change
    unhashed = dataclasses.replace(ep, source_hash="")
    assert Digest().of(dataclasses.replace(unhashed, title="Other")) != Digest().of(unhashed)


def test_an_edit_reaches_only_the_pages_that_show_what_changed(baseline):
    """Keys stay narrow where it pays: a transcript edit leaves the pages that list the episode
    alone (cards show no transcript), a title edit leaves its transcript and chapters files alone."""
    lib, _, pages, _ = baseline
    ep = lib.episodes[EPISODE]

    def changed_kinds(field, value) -> set[str]:
        return {p.spec.kind for p in plan(_rebuild(lib, "episode", EPISODE, field, value))
                if p.spec in pages and p.key != pages[p.spec].key}
    transcript = changed_kinds("transcript_source", _changed(ep.transcript_source, "transcript_source"))
    assert "transcript" in transcript and transcript <= {"episode", "transcript", "feed"}, transcript
    title = changed_kinds("title", ep.title + " Retitled")
    assert {"episode", "show", "home"} <= title and not title & {"transcript", "chapters"}, title


def test_chapters_are_hashed_in_place_and_still_count():
    chapters = (Chapter(0, "Intro"), Chapter(60, "Middle"))
    key = Digest().of(("chapters", chapters))
    assert Digest().of(("chapters", (Chapter(0, "Intro"), Chapter(60, "Middle")))) == key
    assert Digest().of(("chapters", (Chapter(0, "Intro"), Chapter(61, "Middle")))) != key
    assert Digest().of(("chapters", (Chapter(0, "Intro"), Chapter(60, "Middle!")))) != key
    assert Digest().of(("chapters", (("Chapter", 0, "Intro"), ("Chapter", 60, "Middle")))) != key  # not a tuple


def test_page_keys_do_not_depend_on_the_hash_seed():
    """Keys are the same in every process: a set somewhere in the inputs (pickled in hash order)
    or anything else that varies between runs would make every cached build a cold one."""
    script = ("import json, sys; sys.path.insert(0, 'tests'); from render.helpers import load_fixture; "
              "from generator.render.kinds import plan; "
              "print(json.dumps(sorted([p.spec.kind, list(p.spec.key), p.key] for p in plan(load_fixture()))))")
    root = Path(__file__).resolve().parents[2]
    keys = [subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert keys[0] == keys[1] and len(json.loads(keys[0])) > 20


def test_a_set_in_page_inputs_is_refused():
    @dataclasses.dataclass(frozen=True)
    class WithSet:
        tags: frozenset

    with pytest.raises(TypeError, match="no sets"):
        Digest().of(WithSet(frozenset({"a", "b"})))


def test_a_chapter_hashed_alone_is_still_put_in_place_inside_a_page():
    """The memo of hashed instances never holds inline ones: hashing a chapter on its own first
    must not change the key of what holds it."""
    chapter = Chapter(0, "Intro")
    fresh = Digest().of(("chapters", (chapter,)))
    digest = Digest()
    digest.of(chapter)
    assert digest.of(("chapters", (chapter,))) == fresh
