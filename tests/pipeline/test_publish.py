"""Publishing is atomic: `site` is the old site or the new one at every instant, even when the
build is SIGKILLed between two of its publishing steps, and the next build completes and removes
what the killed one left behind (saying so in one line).

The kills use the fault hook in generator/output/files.py: with SHOWNOTES_FAULT_AFTER=n the build
SIGKILLs itself right after its n-th publishing step. Each build runs in a forked child (a
subprocess without the cost of importing the generator again), exactly as the command line runs it.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from generator.cli import main
from generator.incremental import generator_fingerprint

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
KILLED = -9


def _tree(site: Path) -> dict[str, bytes]:
    """Every file under site (through the link), by relative path."""
    tree = {}
    for folder, _, files in os.walk(site):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                tree[os.path.relpath(path, site)] = f.read()
    return tree


def _run(project: Path, args: list[str], fault: int | None = None) -> tuple[int, str]:
    """`shownotes ARGS` in project, in a forked child; (exit code, what it printed). -9: killed."""
    log = project.parent / "build.log"
    log.unlink(missing_ok=True)
    generator_fingerprint()  # once, in this process: every child inherits it

    def child() -> None:
        os.chdir(project)
        if fault is not None:
            os.environ["SHOWNOTES_FAULT_AFTER"] = str(fault)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        sys.stdout = sys.stderr = open(fd, "w", buffering=1)
        os._exit(main(args))

    proc = multiprocessing.get_context("fork").Process(target=child)
    proc.start()
    proc.join(120)
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return proc.exitcode, text


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_topic(project: Path) -> None:
    """A few files change, one page goes away and one comes in a new folder."""
    _edit(project / "content" / "shows" / "signal-and-noise" / "2026-02-20-solo-notes.md",
          "topics: [meta]", "topics: [musings]")


def _edit_show(project: Path) -> None:
    _edit(next((project / "content" / "shows").glob("*/_show.md")), "title:", "title: The")


def _edit_bio(project: Path) -> None:
    """One file changes: what the spare version lacks when the build under test starts."""
    path = project / "content" / "people" / "sam-solo.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA line of bio.\n", encoding="utf-8")


def _leftovers(project: Path) -> list[str]:
    """What is beside site/ besides the versions folder, and versions folders beyond live + spare."""
    beside = [p.name for p in project.iterdir() if p.name.startswith(".site.") and p.name != ".site.versions"]
    versions = project / ".site.versions"
    folders = sorted(p.name for p in versions.iterdir() if p.is_dir()) if versions.is_dir() else []
    live = os.path.basename(os.readlink(project / "site")) if (project / "site").is_symlink() else None
    extra = [f".site.versions/{name}" for name in folders if name != live][1:]  # one spare may stay
    return beside + extra


def _legacy(project: Path) -> None:
    """Turn the built site into what earlier versions left: a plain folder named site/."""
    site = project / "site"
    real = site.resolve()
    site.unlink()
    shutil.copytree(real, site)
    shutil.rmtree(project / ".site.versions")


SCENARIOS = {
    # a small rebuild (patch mode), from a site that already has a spare version to bring up to date
    "patch": (["build", "--no-search"], True, False),
    # a full rebuild into a fresh version
    "full": (["build", "--no-search", "--no-cache"], False, False),
    # the first build after upgrading, over a plain site/ folder: small and full
    "legacy-patch": (["build", "--no-search"], False, True),
    "legacy-full": (["build", "--no-search", "--no-cache"], False, True),
}


@pytest.mark.slow
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_killed_after_any_publishing_step_leaves_the_old_or_the_new_site(tmp_path, scenario):
    args, with_spare, legacy = SCENARIOS[scenario]
    project, template = tmp_path / "proj", tmp_path / "template"
    shutil.copytree(FIXTURE, project)
    shutil.copytree(ROOT / "themes", project / "themes")
    assert _run(project, ["build", "--no-search"])[0] == 0
    if with_spare:
        _edit_bio(project)
        assert _run(project, ["build", "--no-search"])[0] == 0
    if legacy:
        _legacy(project)
    old = _tree(project / "site")
    shutil.copytree(project, template, symlinks=True)  # mtimes kept: the build cache stays valid

    def restore() -> None:
        shutil.rmtree(project)
        shutil.copytree(template, project, symlinks=True)
        _edit_topic(project)

    restore()
    code, out = _run(project, args)
    assert code == 0, out
    new = _tree(project / "site")
    assert new != old

    kills = 0
    for n in range(1, 500):
        restore()
        code, out = _run(project, args, fault=n)
        if code == 0:  # it finished before its n-th step: every step has been tried
            assert _tree(project / "site") == new
            assert not _leftovers(project), _leftovers(project)
            break
        assert code == KILLED, f"step {n}: exit {code}\n{out}"
        kills += 1
        now = _tree(project / "site")
        assert now == old or now == new, f"killed after step {n}: site/ is neither the old site nor the new one"
        if not legacy:
            assert (project / "site").is_symlink(), f"killed after step {n}: site is not the link"
        debris = _leftovers(project)
        code, out = _run(project, args)
        assert code == 0, f"the build after a kill at step {n} failed:\n{out}"
        assert _tree(project / "site") == new, f"the build after a kill at step {n} did not make the new site"
        assert not _leftovers(project), f"after a kill at step {n} and a rebuild: {_leftovers(project)}"
        if any(name.startswith(".site.") and name != ".site.versions" for name in debris):
            assert "left by an interrupted build" in out, out
    else:
        pytest.fail("the build never finished")
    assert kills >= 3, f"only {kills} publishing steps"


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_staging_folders_are_removed_and_reported(tmp_path):
    project = tmp_path / "proj"
    shutil.copytree(FIXTURE, project)
    shutil.copytree(ROOT / "themes", project / "themes")
    assert _run(project, ["build", "--no-search"])[0] == 0
    dead = _dead_pid()
    stale = [project / f".site.building-{dead}", project / f".site.old-{dead}"]  # what earlier versions left
    for folder in stale:
        (folder / "demo").mkdir(parents=True)
        (folder / "demo" / "index.html").write_text("half a site", encoding="utf-8")
    alive = project / f".site.building-{os.getpid()}"  # a build still running: not ours to remove
    alive.mkdir()
    code, out = _run(project, ["build", "--no-search"])
    assert code == 0, out
    assert not any(folder.exists() for folder in stale)
    assert alive.is_dir()
    lines = [line for line in out.splitlines() if "left by an interrupted build" in line]
    assert len(lines) == 1 and all(folder.name in lines[0] for folder in stale), out
    code, out = _run(project, ["build", "--no-search"])
    assert code == 0 and "interrupted" not in out, out  # said once, when there was something to remove
    shutil.rmtree(alive)


def test_site_is_a_link_the_pages_upload_follows(tmp_path):
    """actions/upload-pages-artifact runs `tar --dereference --hard-dereference --directory site ... .`:
    the archive holds the site's files, with no links."""
    project = tmp_path / "proj"
    shutil.copytree(FIXTURE, project)
    shutil.copytree(ROOT / "themes", project / "themes")
    assert _run(project, ["build", "--no-search"])[0] == 0
    assert (project / "site").is_symlink()  # atomic swaps need it; everything reads through it
    tar = shutil.which("tar")
    if tar is None:
        pytest.skip("no tar")
    archive = tmp_path / "artifact.tar"
    subprocess.run([tar, "--dereference", "--hard-dereference", "--directory", str(project / "site"),
                    "-cf", str(archive), "--exclude=.git", "--exclude=.github", "."], check=True)
    with tarfile.open(archive) as t:
        members = t.getmembers()
    names = {m.name.removeprefix("./") for m in members if m.isfile()}
    assert names == set(_tree(project / "site"))
    assert "index.html" in names and ".nojekyll" in names
    assert not [m.name for m in members if m.issym() or m.islnk()]


def _build_in(project: Path, out: str, cache: bool = True) -> None:
    """A cached build of project into out, in this process, without search."""
    from generator.build import build_site
    result = build_site(config_path=project / "site.yaml", content=project / "content", out=project / out,
                        search=False, use_cache=cache)
    assert result.ok, [str(p) for p in result.problems]


@pytest.mark.slow
def test_a_run_of_small_and_large_rebuilds_equals_cold_builds(tmp_path, monkeypatch):
    """Small rebuilds patch the spare version (the one before the live one) after bringing it up
    to date, full ones keep the old live version as the spare: after any sequence of both the site
    is what a cold build writes."""
    project = tmp_path / "proj"
    shutil.copytree(FIXTURE, project)
    shutil.copytree(ROOT / "themes", project / "themes")

    def build(out: str, cache: bool = True) -> None:
        _build_in(project, out, cache)

    base = project / "themes" / "default" / "templates" / "base.html"
    steps = [
        lambda: _edit_bio(project),
        lambda: _edit_topic(project),
        lambda: _edit(base, "</body>", "<!-- every page changes --></body>"),
        lambda: _edit_bio(project),
        lambda: (project / "content" / "shows" / "signal-and-noise" / "2026-02-20-solo-notes.md").unlink(),
        lambda: _edit_show(project),
        lambda: _edit_bio(project),
    ]
    build("site")
    for i, change in enumerate(steps + [steps[2], steps[0], steps[2]]):
        monkeypatch.setattr("generator.build.PATCH_MAX_PAGES", 200 if i % 3 else 0)  # 0: a full rebuild
        change()
        build("site")
        shutil.rmtree(project / "cold", ignore_errors=True)
        build("cold", cache=False)
        assert _tree(project / "site") == _tree(project / "cold"), f"after step {i}"
        assert not _leftovers(project)


def test_the_spare_is_brought_up_to_date_in_idle_time(tmp_path):
    """`serve` syncs the spare after publishing a search index: the next small rebuild then
    patches it without relinking anything first, and the site is still what a cold build writes."""
    import json

    from generator import output

    project = tmp_path / "proj"
    shutil.copytree(FIXTURE, project)

    def build(out: str, cache: bool = True) -> None:
        _build_in(project, out, cache)

    build("site")
    _edit_bio(project)
    build("site")  # a small rebuild: the old live version is the spare, lacking what changed
    versions = project / ".site.versions"
    journal = json.loads((versions / "spare.json").read_text())
    assert journal["differs"]
    with output.Output(project / "site") as dest:
        dest.sync_spare()
    journal = json.loads((versions / "spare.json").read_text())
    assert journal["differs"] == []
    assert _tree(versions / journal["spare"]) == _tree(project / "site")
    _edit_bio(project)
    build("site")
    build("cold", cache=False)
    assert _tree(project / "site") == _tree(project / "cold")
    assert not _leftovers(project)


def test_a_full_build_leaves_a_spare_for_the_next_small_one(tmp_path, monkeypatch):
    """A build that made the whole site leaves a spare right away (a hard-linked copy of it, or
    the site it replaced brought in step), so the next small rebuild patches that instead of
    copying the site while an editor waits."""
    import json

    from generator.output import files

    project = tmp_path / "proj"
    shutil.copytree(FIXTURE, project)

    def build(out: str, cache: bool = True) -> None:
        _build_in(project, out, cache)

    build("site", cache=False)
    versions = project / ".site.versions"
    journal = json.loads((versions / "spare.json").read_text())
    live = os.path.basename(os.readlink(project / "site"))
    assert journal == {"live": live, "spare": journal["spare"], "differs": []} and journal["spare"] != live
    assert _tree(versions / journal["spare"]) == _tree(project / "site")
    copies = []
    monkeypatch.setattr("generator.output._copy_tree", lambda *a: copies.append(a) or files._copy_tree(*a))
    _edit_bio(project)
    build("site")
    assert not copies  # the small build patched the spare
    assert os.path.basename(os.readlink(project / "site")) == journal["spare"]
    build("cold", cache=False)
    assert _tree(project / "site") == _tree(project / "cold")
    assert not _leftovers(project)

    before = os.path.basename(os.readlink(project / "site"))
    copies.clear()  # (the first build into cold/ made its spare by copying)
    build("site", cache=False)  # a full build over a site: the one it replaced is the spare
    journal = json.loads((versions / "spare.json").read_text())
    assert journal["spare"] == before and journal["differs"] == [] and not copies
    assert _tree(versions / before) == _tree(project / "site") == _tree(project / "cold")
    _edit_bio(project)
    build("site")
    assert not copies and os.path.basename(os.readlink(project / "site")) == before
    build("cold", cache=False)
    assert _tree(project / "site") == _tree(project / "cold")
    assert not _leftovers(project)


def test_keeping_a_folder_in_step_touches_only_what_differs(tmp_path):
    from generator.output.files import _sync_tree, share_unchanged

    live, spare = tmp_path / "live", tmp_path / "spare"
    for rel, text in {"a.js": "same", "sub/b.pf": "old b", "sub/gone.pf": "x", "c.json": "old c"}.items():
        (spare / rel).parent.mkdir(parents=True, exist_ok=True)
        (spare / rel).write_text(text)
    new = tmp_path / "new"
    for rel, text in {"a.js": "same", "sub/b.pf": "new b", "sub/d.pf": "d", "c.json": "old c"}.items():
        (new / rel).parent.mkdir(parents=True, exist_ok=True)
        (new / rel).write_text(text)
    share_unchanged(new, spare)  # a new index over the previous one: unchanged files become the same files
    assert (new / "a.js").stat().st_ino == (spare / "a.js").stat().st_ino
    assert (new / "sub" / "b.pf").stat().st_ino != (spare / "sub" / "b.pf").stat().st_ino
    shutil.copytree(new, live, copy_function=os.link)
    kept = (spare / "c.json").stat().st_ino
    _sync_tree(live, spare)
    assert _tree(spare) == _tree(live) == {"a.js": b"same", "sub/b.pf": b"new b", "sub/d.pf": b"d", "c.json": b"old c"}
    assert (spare / "c.json").stat().st_ino == kept  # untouched
    assert (spare / "sub" / "b.pf").stat().st_ino == (live / "sub" / "b.pf").stat().st_ino


def test_a_site_left_aside_by_a_killed_swap_is_put_back(tmp_path):
    """Where the link cannot be swapped for a plain folder in one step (no renameat2), or with
    earlier versions, a build killed between its two renames leaves no site/, only
    `.site.old-<pid>`: the next build puts it back first, then builds."""
    project = tmp_path / "proj"
    shutil.copytree(FIXTURE, project)
    shutil.copytree(ROOT / "themes", project / "themes")
    assert _run(project, ["build", "--no-search"])[0] == 0
    _legacy(project)
    old = _tree(project / "site")
    aside = project / f".site.old-{_dead_pid()}"
    (project / "site").rename(aside)
    code, out = _run(project, ["build", "--no-search"])
    assert code == 0, out
    assert f"put {aside.name} back" in out and "left by an interrupted build" in out, out
    assert _tree(project / "site") == old  # nothing changed since: the same site
    assert not aside.exists() and not _leftovers(project)
