"""The edited page first (generator/serve/first_look.py): a saved episode's page is published
from the last build's library before the full build, which then agrees with it byte for byte;
anything the first look cannot vouch for goes straight to the full build. And the builds serve
runs with its cache in memory, which newer changes can stop (Superseded)."""
from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest
from serve_harness import EPISODE, copy_fixture

from generator.build import Superseded, build_site, theme_dirs
from generator.render.context import make_context
from generator.serve import first_look

PAGE = "demo-show/first-episode/index.html"


@pytest.fixture
def built(tmp_path):
    project = copy_fixture(tmp_path / "project")
    result = build_site(**_args(project), search=False)
    assert result.ok and result.cache is not None and result.library is not None
    return project, result


def _args(project: Path, out: str = "site") -> dict:
    return dict(config_path=project / "site.yaml", content=project / "content", out=project / out)


def _edit(project: Path, rel: str, old: str, new: str) -> str:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path.absolute())


def _look(project, result, paths):
    lib = result.library
    edits = first_look.episode_edits(set(paths), project / "content", lib, drafts=False)
    if edits is None:
        return None
    edited, keys = edits
    ctx = make_context(lib.config, lib.config.base_url, theme_dirs(project, lib.config.theme))
    return first_look.render_first_look(edited, keys, ctx, result.cache.salt)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_edited_page_comes_first_and_the_full_build_agrees_with_it(built):
    project, result = built
    site = project / "site"
    path = _edit(project, EPISODE, "title: First episode", "title: Looked-at episode")
    look = _look(project, result, [path])
    assert [page.spec.kind for page, _ in look.pages] == ["episode"]
    changed = first_look.publish_first_look(site, look, result.cache)
    assert PAGE in changed and all(rel.startswith("demo-show/first-episode/") for rel in changed)
    assert "Looked-at episode" in (site / PAGE).read_text(encoding="utf-8")
    assert "Looked-at episode" not in (site / "demo-show/index.html").read_text(encoding="utf-8")  # lists come after
    assert not result.cache.path.exists()  # the cache on disk no longer describes the site: forgotten

    full = build_site(**_args(project), search=False, cache=result.cache)
    assert full.ok
    assert PAGE not in full.changed  # its first look was already right: not written again
    assert "demo-show/index.html" in full.changed
    assert result.cache.path.exists()
    cold = build_site(**_args(project, "cold"), search=False, use_cache=False)
    assert cold.ok
    assert _files(site) == _files(project / "cold")  # the same bytes as a build from scratch


def test_a_first_look_that_guessed_wrong_is_corrected_by_the_full_build(built):
    """When the last build's cross-references did not hold for the edit, the full build renders
    the page again: simulated by a first look with a key no build makes and other bytes."""
    project, result = built
    site = project / "site"
    path = _edit(project, EPISODE, "title: First episode", "title: Guessed episode")
    look = _look(project, result, [path])
    # the first look used the last build's cross-references; pretend they were stale
    page, files = look.pages[0]
    look.pages[0] = (type(page)(page.spec, page.inputs, "a key no build makes"), files)
    look.outputs[PAGE] = look.outputs[PAGE].replace(b"Guessed episode", b"Wrong guess")
    assert first_look.publish_first_look(site, look, result.cache)
    full = build_site(**_args(project), search=False, cache=result.cache)
    assert PAGE in full.changed
    assert "Guessed episode" in (site / PAGE).read_text(encoding="utf-8")
    assert build_site(**_args(project, "cold"), search=False, use_cache=False).ok
    assert _files(site) == _files(project / "cold")


@pytest.mark.parametrize("change", ["person", "show", "new episode", "broken front matter", "unknown guest",
                                    "now a draft", "renamed slug"])
def test_no_first_look_when_it_would_be_a_guess(built, change):
    project, result = built
    content = project / "content"
    if change == "person":
        path = _edit(project, "content/people/bo-guest.md", "name:", "name: ")
    elif change == "show":
        path = str((content / "shows/demo-show/_show.md").absolute())
    elif change == "new episode":
        new = content / "shows/demo-show/2026-02-01-third-episode.md"
        new.write_text((project / EPISODE).read_text(encoding="utf-8").replace("First episode", "Third"), "utf-8")
        path = str(new.absolute())
    elif change == "broken front matter":
        path = _edit(project, EPISODE, "title: First episode", "title: [unclosed")
    elif change == "unknown guest":
        path = _edit(project, EPISODE, "bo-guest", "nobody-we-know")
    elif change == "now a draft":
        path = _edit(project, EPISODE, "title: First episode", "draft: true\ntitle: First episode")
    else:
        path = _edit(project, EPISODE, "title: First episode", "slug: another-slug\ntitle: First episode")
    assert _look(project, result, [path]) is None


def test_no_first_look_when_someone_else_built_into_the_folder(built):
    project, result = built
    path = _edit(project, EPISODE, "title: First episode", "title: Elsewhere")
    look = _look(project, result, [path])
    other = build_site(**_args(project), search=False, use_cache=False)  # another build, not from this cache
    assert other.ok and os.path.realpath(project / "site") != str(result.cache.live)
    assert first_look.publish_first_look(project / "site", look, result.cache) is None


def test_a_superseded_build_changes_nothing(built):
    project, result = built
    site = project / "site"
    before = os.path.realpath(site)
    _edit(project, EPISODE, "title: First episode", "title: Never built")
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 2  # stops a few steps in
    with pytest.raises(Superseded):
        build_site(**_args(project), search=False, cache=result.cache, cancel=cancel)
    assert os.path.realpath(site) == before
    assert "Never built" not in (site / PAGE).read_text(encoding="utf-8")
    again = build_site(**_args(project), search=False, cache=result.cache)  # the cache is still good
    assert again.ok and PAGE in again.changed
    assert not filecmp.cmp(Path(before) / PAGE, site / PAGE, shallow=False)


def test_a_first_look_that_fails_to_publish_leaves_the_cache_true(built, monkeypatch):
    project, result = built
    site = project / "site"
    path = _edit(project, EPISODE, "title: First episode", "title: Unpublished episode")
    look = _look(project, result, [path])
    before = dict(result.cache.pages)

    def full_disk(self):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(first_look.NewVersion, "publish", full_disk)
    with pytest.raises(OSError):
        first_look.publish_first_look(site, look, result.cache)
    monkeypatch.undo()
    assert result.cache.pages == before  # the live files are the old ones, and the cache says so
    assert "Unpublished episode" not in (site / PAGE).read_text(encoding="utf-8")
    full = build_site(**_args(project), search=False, cache=result.cache)
    assert full.ok and "Unpublished episode" in (site / PAGE).read_text(encoding="utf-8")
