"""The fast path proves itself: after every kind of edit, a cached (incremental) build writes
exactly the bytes of a cold `--no-cache` build of the same content, and renders fewer pages."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.build import build_site
from generator.render.context import _COMPILED
from generator.render.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    shutil.copytree(FIXTURE, proj)
    shutil.copytree(ROOT / "themes", proj / "themes")
    return proj


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> tuple[Path, Path, object]:
    """The project and its first cached build, made once for the module: (project, a copy of it
    as the build left it, the build's result)."""
    root = tmp_path_factory.mktemp("incremental")
    proj = root / "proj"
    shutil.copytree(FIXTURE, proj)
    shutil.copytree(ROOT / "themes", proj / "themes")
    first = _build(proj, "site", cache=True)
    shutil.copytree(proj, root / "template", symlinks=True)
    return proj, root / "template", first


@pytest.fixture
def built(first_build) -> tuple[Path, object]:
    """The project right after its first cached build, and that build's result: put back at the
    same path with the same mtimes, so the build cache is exactly what the build left."""
    proj, template, first = first_build
    shutil.rmtree(proj)
    shutil.copytree(template, proj, symlinks=True)
    return proj, first


def _build(project: Path, out: str, cache: bool, jobs: int = 1):
    result = build_site(config_path=project / "site.yaml", content=project / "content", out=project / out,
                        search=False, use_cache=cache, jobs=jobs)
    assert result.ok, [str(p) for p in result.problems]
    return result


def _episode(project: Path) -> Path:
    """The richest episode: a transcript, chapters, people on other episodes."""
    episodes = [p for p in (project / "content" / "shows").rglob("*.md") if not p.name.startswith("_")]
    return max(sorted(episodes), key=lambda p: p.stat().st_size)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a new mtime even on coarse clocks


EDITS = {
    "episode title": lambda p: _edit(_episode(p), "title:", "title: Edited —"),
    "episode transcript": lambda p: _edit(_episode(p), "\n\n", "\n\nA new paragraph.\n\n"),
    "person name": lambda p: _edit(p / "content" / "people" / "grace-guest.md", "name:", "name: Dr."),
    "show title": lambda p: _edit(next((p / "content" / "shows").glob("*/_show.md")), "title:", "title: The"),
    "template": lambda p: _edit(p / "themes" / "default" / "templates" / "base.html", "</body>", "<!-- x --></body>"),
    "stylesheet": lambda p: _edit(p / "themes" / "default" / "static" / "style.css", "\n", "\n/* edited */\n"),
    "site title": lambda p: _edit(p / "site.yaml", "title:", "title: New"),
    "episode removed": lambda p: _episode(p).unlink(),
    "episode added": lambda p: _add_episode(p),
    "episode file renamed": lambda p: _episode(p).rename(_episode(p).with_name("2026-03-02-renamed.md")),
    "show folder renamed": lambda p: next((p / "content" / "shows").glob("deep-*")).rename(
        p / "content" / "shows" / "deeper-dives"),
    "draft published": lambda p: _edit(next((p / "content").rglob("*coming-soon.md")), "draft: true", "draft: false"),
}


def _add_episode(project: Path) -> None:
    source = _episode(project)
    text = source.read_text(encoding="utf-8").replace("title:", "title: Another take on", 1)
    (source.parent / "2026-05-05-another-take.md").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_incremental_build_equals_cold_build(built, edit):
    project, first = built
    EDITS[edit](project)
    incremental = _build(project, "site", cache=True)
    _build(project, "cold", cache=False)
    assert _tree(project / "site") == _tree(project / "cold")
    if edit in ("episode title", "episode transcript", "person name"):
        assert incremental.rendered < first.rendered


@pytest.mark.parametrize("edit", ["template", "stylesheet"])
def test_a_theme_edit_renders_only_the_pages_that_use_the_theme(built, edit):
    """Feeds, captions and chapters are salted without the theme (PageKind.uses_theme)."""
    project, first = built
    before = dict(first.cache.pages)
    EDITS[edit](project)
    again = _build(project, "site", cache=True)
    themed = {spec for spec in before if KINDS[spec[0]].uses_theme}
    assert {spec for spec, (key, _) in again.cache.pages.items() if key != before[spec][0]} == themed
    assert again.rendered == len(themed) < len(before)
    assert {"transcript", "chapters", "feed"} <= {spec[0] for spec in set(before) - themed}


def test_nothing_changed_is_up_to_date_and_keeps_the_site(project):
    _build(project, "site", cache=True)
    before = _tree(project / "site")
    again = _build(project, "site", cache=True)
    assert again.up_to_date and _tree(project / "site") == before


def test_parallel_build_equals_sequential(project, monkeypatch):
    monkeypatch.setattr("generator.render_pool.PARALLEL_MIN_PAGES", 1)
    _build(project, "seq", cache=False, jobs=1)
    _build(project, "par", cache=False, jobs=2)
    assert _tree(project / "seq") == _tree(project / "par")


def test_a_damaged_cache_only_costs_time(project):
    _build(project, "site", cache=True)
    for f in (project / ".shownotes-cache").rglob("*"):
        if f.is_file():
            f.write_bytes(b"not a pickle")
    _COMPILED._code.clear()  # as in a new process: compiled templates come from the files
    _build(project, "site", cache=True)
    _build(project, "cold", cache=False)
    assert _tree(project / "site") == _tree(project / "cold")


def test_compiled_templates_are_kept_for_the_next_process_and_follow_their_source(project):
    _build(project, "site", cache=True)
    kept = list((project / ".shownotes-cache").glob("templates-*/*.jinja"))
    assert len(kept) >= 4  # the templates and what they include
    EDITS["template"](project)
    _COMPILED._code.clear()  # as in a new process
    _build(project, "site", cache=True)
    assert "<!-- x --></body>" in (project / "site" / "index.html").read_text(encoding="utf-8")
    _COMPILED._code.clear()
    loads = []
    real = _COMPILED.load_bytecode
    _COMPILED.load_bytecode = lambda bucket: (real(bucket), loads.append(bucket.code is not None))
    try:
        EDITS["site title"](project)  # every page renders again, from the kept templates
        _build(project, "site", cache=True)
    finally:
        del _COMPILED.load_bytecode
    assert loads and all(loads)
    _build(project, "cold", cache=False)
    assert _tree(project / "site") == _tree(project / "cold")


def test_a_failed_patch_puts_every_file_back(project, monkeypatch):
    _build(project, "site", cache=True)
    before = _tree(project / "site")
    EDITS["person name"](project)  # touches several pages
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr("generator.output.os.replace", failing_replace)
    with pytest.raises(OSError):
        _build(project, "site", cache=True)
    monkeypatch.setattr("generator.output.os.replace", real_replace)
    assert _tree(project / "site") == before
    # no staging folder left behind: beside site/ only its versions, and of those only the live one
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == [".site.versions"]
    live = os.path.basename(os.readlink(project / "site"))
    assert [p.name for p in (project / ".site.versions").iterdir() if p.is_dir()] == [live]


def test_a_topic_written_as_a_name_stays_fresh(project):
    """Topic pages live at the name's slug: editing an episode listed there re-renders the page."""
    episode = next((project / "content").rglob("*grace-returns.md"))
    _edit(episode, "topics: [hardware]", "topics: [Hardware & Chips]")
    _build(project, "site", cache=True)
    _edit(episode, "Grace returns", "Grace comes back")
    _build(project, "site", cache=True)
    _build(project, "cold", cache=False)
    assert _tree(project / "site") == _tree(project / "cold")
    assert "Grace comes back" in (project / "site" / "topics" / "hardware-chips" / "index.html").read_text()


@pytest.mark.parametrize("edit_too", [False, True])
def test_files_deleted_from_the_built_site_come_back(built, edit_too):
    """A page whose key is unchanged is reused only if its files are still there: one removed
    from site/ by hand is rendered again (nothing changed in content/, or something else did)."""
    proj, _ = built
    site = proj / "site"
    gone = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))[:3] + ["people/index.html"]
    for rel in gone:
        (site / rel).unlink()
    if edit_too:
        _edit(_episode(proj), "title:", "title: Edited")
    _build(proj, "site", cache=True)
    _build(proj, "cold", cache=False)
    assert _tree(site) == _tree(proj / "cold")
    assert all((site / rel).is_file() for rel in gone)
