"""Issue 13 (an attack on the build): symbolic link loops, special files and huge files in
content/ or as site.yaml, a theme that `check` did not look for, and values that slipped
through (chapter titles that are lists, a base_url with a line break, aliases that are another
person's name, a second `import --force` that overwrote the first backup).

Symbolic links, FIFOs and device files cannot live in git: the tests make them in tmp_path."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_config
from generator.content.loader import MAX_CONTENT_BYTES, load_content
from generator.errors import display_path
from generator.importers.writer import write_all
from generator.model import SiteConfig

BASE = Path(__file__).resolve().parent.parent / "fixtures" / "invalid" / "base"
LOOP = "cannot be read: a symbolic link loop"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    monkeypatch.chdir(root)
    return root


def _run(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, (out.err + out.out).splitlines()


def _check_and_build(capsys, *extra: str) -> list[tuple[int, list[str]]]:
    """`check` and `build` with the same arguments; neither may end in a traceback."""
    results = [_run(capsys, "check", *extra), _run(capsys, "build", "--no-search", *extra)]
    for _, lines in results:
        assert not any("Traceback" in line for line in lines), lines
    return results


def _load(root: Path):
    return load_content(root / "content", SiteConfig(title="t"))


# ------------------------------------------------------------------ 1. symbolic link loops

def test_display_path_survives_a_symlink_loop(project):
    (project / "content" / "people" / "loop.md").symlink_to("loop.md")
    assert display_path(project / "content" / "people" / "loop.md") == "content/people/loop.md"


def test_display_path_names_a_link_not_its_target(project, tmp_path):
    target = tmp_path / "elsewhere.md"
    target.write_text("x", encoding="utf-8")
    (project / "content" / "people" / "linked.md").symlink_to(target)
    assert display_path(project / "content" / "people" / "linked.md") == "content/people/linked.md"


def test_loader_reports_a_symlink_loop_instead_of_raising(project):
    """What `serve`'s rebuild relies on: it calls the same loader, which must return problems."""
    os.symlink("loop.md", project / "content" / "people" / "loop.md")
    loaded = _load(project)
    assert [str(p) for p in loaded.errors] == [f"content/people/loop.md: {LOOP}"]


def test_symlink_loop_in_content_fails_check_and_build_with_one_line(project, capsys):
    os.symlink("loop.md", project / "content" / "people" / "loop.md")
    for code, lines in _check_and_build(capsys):
        assert code == 1
        assert f"content/people/loop.md: {LOOP}" in lines
        assert [line for line in lines if line.startswith("content/")] == [f"content/people/loop.md: {LOOP}"]


def test_content_option_pointing_at_a_loop(project, capsys):
    os.symlink("c", project / "c")
    for code, lines in _check_and_build(capsys, "--content", "c"):
        assert code == 1
        assert f"c: {LOOP}" in lines


def test_config_option_pointing_at_a_loop(project, capsys):
    os.symlink("loop.yaml", project / "loop.yaml")
    for code, lines in _check_and_build(capsys, "--config", "loop.yaml"):
        assert code == 1
        assert f"loop.yaml: {LOOP}" in lines


def test_site_yaml_loop_is_reported_by_load_config(project):
    (project / "site.yaml").unlink()
    os.symlink("site.yaml", project / "site.yaml")
    config, problems = load_config(project / "site.yaml")
    assert config is None and [str(p) for p in problems] == [f"site.yaml: {LOOP}"]


# ------------------------------------------------------------------ 4. special and huge files

def _with_timeout(fn, seconds: float = 10):
    """Run fn in a thread: a FIFO that blocks would hang the test run, not just fail it."""
    result: dict = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", fn()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked (opened a FIFO?)"
    return result["value"]


def test_link_to_dev_zero_is_refused_without_reading_it(project):
    os.symlink("/dev/zero", project / "content" / "shows" / "demo-show" / "2026-03-01-z.md")
    loaded = _with_timeout(lambda: _load(project))
    assert [str(p) for p in loaded.errors] == [
        "content/shows/demo-show/2026-03-01-z.md: cannot be read: not a regular file (a character device)"]


def test_fifo_is_refused_and_never_blocks(project, capsys):
    os.mkfifo(project / "content" / "people" / "pipe.md")
    loaded = _with_timeout(lambda: _load(project))
    assert [str(p) for p in loaded.errors] == [
        "content/people/pipe.md: cannot be read: not a regular file (a named pipe)"]
    code, lines = _with_timeout(lambda: _run(capsys, "check"))
    assert code == 1 and "content/people/pipe.md: cannot be read: not a regular file (a named pipe)" in lines


def test_folder_named_like_a_content_file(project):
    (project / "content" / "people" / "dir.md").mkdir()
    assert [str(p) for p in _load(project).errors] == [
        "content/people/dir.md: cannot be read: not a regular file (a folder)"]


def test_huge_content_file_is_refused_by_size(project):
    big = project / "content" / "people" / "big.md"
    with open(big, "wb") as f:
        f.write(b"---\nname: Big\n---\n")
        f.truncate(MAX_CONTENT_BYTES + 1)
    assert MAX_CONTENT_BYTES == 10 * 1024 * 1024
    assert [str(p) for p in _load(project).errors] == [
        f"content/people/big.md: cannot be read: too large ({MAX_CONTENT_BYTES + 1} bytes; the limit is 10 MiB)"]


def test_a_file_at_the_limit_is_read(project):
    path = project / "content" / "people" / "cy-bio.md"
    head = b"---\nname: Cy Bio\n---\n"
    path.write_bytes(head + b"x" * (MAX_CONTENT_BYTES - len(head)))
    loaded = _load(project)
    assert not loaded.errors and len(loaded.people["cy-bio"].bio) == MAX_CONTENT_BYTES - len(head)


def test_broken_link_names_its_problem(project):
    os.symlink("gone.md", project / "content" / "people" / "dangling.md")
    assert [str(p) for p in _load(project).errors] == [
        "content/people/dangling.md: cannot be read: a symbolic link to a missing file"]


def test_link_to_a_regular_file_is_followed(project, tmp_path):
    target = tmp_path / "outside.md"
    target.write_text("---\nname: Cy Linked\n---\n", encoding="utf-8")
    os.symlink(target, project / "content" / "people" / "cy-linked.md")
    loaded = _load(project)
    assert not loaded.errors and loaded.people["cy-linked"].name == "Cy Linked"


@pytest.mark.parametrize("make, message", [
    (lambda p: os.symlink("/dev/zero", p), "cannot be read: not a regular file (a character device)"),
    (lambda p: os.mkfifo(p), "cannot be read: not a regular file (a named pipe)"),
    (lambda p: os.mkdir(p), "cannot be read: not a regular file (a folder)"),
    (lambda p: p.write_bytes(b"title: T\n" + b"#" * MAX_CONTENT_BYTES),
     f"cannot be read: too large ({MAX_CONTENT_BYTES + 9} bytes; the limit is 10 MiB)"),
])
def test_site_yaml_must_be_a_regular_file_of_sane_size(project, make, message):
    (project / "site.yaml").unlink()
    make(project / "site.yaml")
    config, problems = _with_timeout(lambda: load_config(project / "site.yaml"))
    assert config is None and [str(p) for p in problems] == [f"site.yaml: {message}"]


def test_missing_site_yaml_is_still_not_found(project):
    (project / "site.yaml").unlink()
    _, problems = load_config(project / "site.yaml")
    assert [str(p) for p in problems] == ["site.yaml: not found: the site needs a site.yaml with at least `title`"]


# ------------------------------------------------------------------ 7. check validates what build validates

def test_check_and_build_agree_on_a_missing_theme(project, capsys):
    (project / "site.yaml").write_text("title: T\nbase_url: http://127.0.0.1:8000/\ntheme: nope\n", encoding="utf-8")
    (check_code, check_lines), (build_code, build_lines) = _check_and_build(capsys)
    wanted = "site.yaml:3: theme: no folder themes/nope (the themes are: default)"
    assert check_code == build_code == 1
    assert wanted in check_lines and wanted in build_lines


def test_theme_folder_next_to_the_config_is_accepted(project, capsys):
    (project / "site.yaml").write_text("title: T\nbase_url: http://127.0.0.1:8000/\ntheme: mine\n", encoding="utf-8")
    (project / "themes" / "mine").mkdir(parents=True)
    code, lines = _run(capsys, "check")
    assert code == 0, lines


def test_empty_theme_is_not_the_themes_folder(project):
    (project / "themes").mkdir()
    (project / "site.yaml").write_text("title: T\ntheme: ''\n", encoding="utf-8")
    _, problems = load_config(project / "site.yaml")
    assert [str(p) for p in problems] == ["site.yaml:2: theme: must be the name of a folder under themes/"]


# ------------------------------------------------------------------ 8. gaps

@pytest.mark.parametrize("value", ['"https://example.org/a b/"', '"https://example.org/\\nDisallow: /"',
                                   '"https://example.org/a\\tb/"', '"https://example.org/\\"x/"'])
def test_base_url_with_a_space_or_line_break_is_an_error(project, value):
    (project / "site.yaml").write_text(f"title: T\nbase_url: {value}\n", encoding="utf-8")
    _, problems = load_config(project / "site.yaml")
    assert len(problems) == 1 and str(problems[0]).startswith(
        "site.yaml:2: base_url: must not contain spaces, line breaks, quotes or < >"), [str(p) for p in problems]


def test_base_url_override_with_a_line_break_is_an_error(project):
    _, problems = load_config(project / "site.yaml", "https://example.org/\nDisallow: /")
    assert [str(p) for p in problems] == [
        "--base-url: must not contain spaces, line breaks, quotes or < > (percent-encode them, e.g. %20), "
        "got 'https://example.org/\\nDisallow: /'"]


def test_build_never_writes_an_injected_robots_line(project, capsys):
    (project / "site.yaml").write_text('title: T\nbase_url: "https://example.org/\\nDisallow: /"\n', encoding="utf-8")
    code, lines = _run(capsys, "build", "--no-search")
    assert code == 1 and not (project / "site").exists()
    assert any(line.startswith("site.yaml:2: base_url:") for line in lines)


@pytest.mark.parametrize("title, kind", [("[1, 2]", "list"), ("{a: b}", "dict"), ("true", "bool")])
def test_chapter_and_highlight_titles_must_be_text(project, title, kind):
    path = project / "content" / "shows" / "demo-show" / "2026-01-02-first-episode.md"
    text = path.read_text(encoding="utf-8").replace("title: Middle}", f"title: {title}}}")
    text = text.replace("audio:", f'highlights:\n  - {{start: "0:01:00", title: {title}}}\naudio:')
    path.write_text(text, encoding="utf-8")
    assert [str(p) for p in _load(project).errors] == [
        f"content/shows/demo-show/2026-01-02-first-episode.md:8: `chapters` item 2: `title` must be text, got {kind}",
        f"content/shows/demo-show/2026-01-02-first-episode.md:10: `highlights` item 1: `title` must be text, "
        f"got {kind}"]


def test_numeric_chapter_title_is_still_text(project):
    path = project / "content" / "shows" / "demo-show" / "2026-01-02-first-episode.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Middle}", "title: 1984}"), encoding="utf-8")
    loaded = _load(project)
    assert not loaded.errors and loaded.episodes[("demo-show", "first-episode")].chapters[1].title == "1984"


def _person(project: Path, slug: str, name: str, aliases: list[str]) -> None:
    quoted = ", ".join(f'"{a}"' for a in aliases)
    (project / "content" / "people" / f"{slug}.md").write_text(
        f"---\nname: {name}\naliases: [{quoted}]\n---\n", encoding="utf-8")


def test_alias_that_is_another_persons_name_or_alias(project):
    _person(project, "cy-third", "Cy Third", ["Bo  guest", "Cy T"])  # spacing and case do not hide it
    _person(project, "dee-fourth", "Dee Fourth", ["cy t", "Dee F", "Dee F"])
    _person(project, "ann-host", "Ann Host", ["Dee Fourth"])  # a name later in the listing counts too
    assert [str(p) for p in _load(project).errors] == [
        "content/people/ann-host.md:3: alias 'Dee Fourth' is also the name of content/people/dee-fourth.md",
        "content/people/cy-third.md:3: alias 'Bo  guest' is also the name of content/people/bo-guest.md",
        "content/people/dee-fourth.md:3: alias 'cy t' is also an alias of content/people/cy-third.md",
    ]


def test_alias_equal_to_ones_own_name_is_harmless(project):
    _person(project, "cy-third", "Cy Third", ["Cy Third", "cy third"])
    assert not _load(project).errors


# ------------------------------------------------------------------ 8. numbered backups

def test_each_forced_overwrite_keeps_its_own_backup(tmp_path):
    root = tmp_path / "content"
    rel = "people/x.md"
    assert not write_all(root, {rel: "imported 1\n"}).errors
    versions = []
    for n in range(1, 5):
        edited = f"edited {n}\n"
        (root / rel).write_text(edited, encoding="utf-8")
        versions.append(edited)
        report = write_all(root, {rel: f"imported {n + 1}\n"}, force=True)
        assert report.forced == [rel] and not report.errors
        assert report.backups == {rel: ["people/x.md.bak", "people/x.md.bak2", "people/x.md.bak3",
                                        "people/x.md.bak4"][n - 1]}
    assert [(root / "people" / name).read_text(encoding="utf-8")
            for name in ("x.md.bak", "x.md.bak2", "x.md.bak3", "x.md.bak4")] == versions
    assert (root / rel).read_text(encoding="utf-8") == "imported 5\n"


def test_backup_never_replaces_a_file_in_the_way(tmp_path):
    root = tmp_path / "content"
    rel = "people/x.md"
    write_all(root, {rel: "imported\n"})
    (root / "people" / "x.md.bak").write_text("an older backup\n", encoding="utf-8")
    os.symlink("nowhere", root / "people" / "x.md.bak2")  # even a dangling link is left alone
    (root / rel).write_text("edited\n", encoding="utf-8")
    report = write_all(root, {rel: "imported again\n"}, force=True)
    assert report.backups == {rel: "people/x.md.bak3"}
    assert (root / "people" / "x.md.bak").read_text(encoding="utf-8") == "an older backup\n"
    assert os.readlink(root / "people" / "x.md.bak2") == "nowhere"
    assert (root / "people" / "x.md.bak3").read_text(encoding="utf-8") == "edited\n"
    assert not [p.name for p in (root / "people").iterdir() if p.name.endswith(".tmp")]
