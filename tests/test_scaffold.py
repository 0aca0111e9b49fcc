"""`shownotes new episode|person`: files that `shownotes check` accepts, never an overwrite,
clear refusals."""
from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.content.frontmatter import split
from generator.slugs import slugify

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve"
SHOW = "content/shows/demo-show"


@pytest.fixture
def project(tmp_path, monkeypatch):
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE, dest)
    monkeypatch.chdir(dest)
    return dest


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def check_ok(capsys) -> str:
    code, out, err = run(capsys, "check")
    assert code == 0, err
    # a new episode has no audio yet: podcast apps would skip it, and check says so, nothing else
    assert [l for l in err.splitlines() if "warning" in l and "no `audio`" not in l] == [], err
    return out


def test_new_episode_is_valid_and_visible_to_check(project, capsys):
    code, out, err = run(capsys, "new", "episode", "--show", "demo-show", "--title", "Why NVIDIA's: Open | Models",
                         "--date", "2026-03-04")
    assert code == 0, err
    path = project / SHOW / "2026-03-04-why-nvidias-open-models.md"
    assert out.strip() == f"wrote {SHOW}/2026-03-04-why-nvidias-open-models.md"
    doc = split(path.read_text(encoding="utf-8"))
    guid = doc.meta.pop("guid")
    assert doc.meta == {"title": "Why NVIDIA's: Open | Models", "date": dt.date(2026, 3, 4), "guests": [],
                        "summary": "", "chapters": [], "topics": [], "sources": [], "transcript_timing": "none",
                        "draft": False}
    assert uuid.UUID(guid).version == 4 and str(uuid.UUID(guid)) == guid  # a stable id from birth
    assert "## Transcript" in doc.body and doc.body.strip().splitlines()[0]  # a description placeholder first
    assert "content OK: 3 episodes" in check_ok(capsys)


def test_new_episodes_get_distinct_guids_and_hints(project, capsys):
    for title in ("One", "Two"):
        assert run(capsys, "new", "episode", "--show", "demo-show", "--title", title, "--date", "2026-03-04")[0] == 0
    texts = [(project / SHOW / f"2026-03-04-{s}.md").read_text(encoding="utf-8") for s in ("one", "two")]
    guids = [split(t).meta["guid"] for t in texts]
    assert guids[0] != guids[1]
    for key in ("audio", "audio_type", "audio_bytes", "number", "season", "episode_type", "explicit", "image"):
        assert f"\n# {key}: " in texts[0], key


def test_new_episode_hints_are_valid_once_uncommented(project, capsys):
    assert run(capsys, "new", "episode", "--show", "demo-show", "--title", "Hinted", "--date", "2026-03-04")[0] == 0
    path = project / SHOW / "2026-03-04-hinted.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # every hint but `speakers:`, whose slug is a placeholder for a real person
    path.write_text("".join(line[2:] if line.startswith("# ") and not line.startswith("# speakers:") else line
                            for line in lines), encoding="utf-8")
    meta = split(path.read_text(encoding="utf-8")).meta
    assert {"audio", "audio_type", "audio_bytes", "number", "season", "episode_type", "explicit", "image"} <= set(meta)
    check_ok(capsys)


def test_new_episode_defaults_to_today(project, capsys):
    code, out, _ = run(capsys, "new", "episode", "--show", "demo-show", "--title", "Fresh one")
    assert code == 0
    assert (project / SHOW / f"{dt.date.today().isoformat()}-fresh-one.md").is_file()
    check_ok(capsys)


def test_new_episode_builds(project, capsys):
    run(capsys, "new", "episode", "--show", "demo-show", "--title", "Built <b>title</b>", "--date", "2026-05-06")
    code, _, err = run(capsys, "build", "--no-search")
    assert code == 0, err
    page = (project / "site" / "demo-show" / slugify("Built <b>title</b>") / "index.html").read_text(encoding="utf-8")
    assert "Built &lt;b&gt;title&lt;/b&gt;" in page


def test_new_episode_refuses_to_overwrite(project, capsys):
    argv = ("new", "episode", "--show", "demo-show", "--title", "Twice", "--date", "2026-03-04")
    assert run(capsys, *argv)[0] == 0
    path = project / SHOW / "2026-03-04-twice.md"
    path.write_text(path.read_text() + "\nEdited by hand.\n")
    before = path.read_bytes()
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert "already exists" in err and f"{SHOW}/2026-03-04-twice.md" in err
    assert path.read_bytes() == before


def test_new_episode_refuses_a_second_file_for_the_same_url(project, capsys):
    code, _, err = run(capsys, "new", "episode", "--show", "demo-show", "--title", "First Episode", "--date", "2026-07-01")
    assert code == 1
    assert "2026-01-02-first-episode.md" in err and "/demo-show/first-episode/" in err
    assert not (project / SHOW / "2026-07-01-first-episode.md").exists()


def test_new_episode_unknown_show_names_the_shows(project, capsys):
    code, out, err = run(capsys, "new", "episode", "--show", "no-such-show", "--title", "X")
    assert code == 1
    assert "unknown show 'no-such-show'" in err and "demo-show" in err
    assert not (project / "content" / "shows" / "no-such-show").exists()


@pytest.mark.parametrize("date", ["2026-13-01", "2026-02-30", "2026-1-5", "yesterday", "2026/01/05", "20260105"])
def test_new_episode_validates_the_date(project, capsys, date):
    code, _, err = run(capsys, "new", "episode", "--show", "demo-show", "--title", "Dated", "--date", date)
    assert code == 1 and "YYYY-MM-DD" in err and repr(date) in err
    assert not list((project / SHOW).glob("*dated*"))


def test_new_episode_without_content_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "new", "episode", "--show", "demo-show", "--title", "X")
    assert code == 1 and "no content folder" in err


def test_new_person_is_valid(project, capsys):
    code, out, err = run(capsys, "new", "person", "Zoë O'Brien", "--role", "host")
    assert code == 0, err
    path = project / "content" / "people" / "zoe-obrien.md"
    assert out.strip() == "wrote content/people/zoe-obrien.md"
    doc = split(path.read_text(encoding="utf-8"))
    assert doc.meta["name"] == "Zoë O'Brien" and doc.meta["role"] == "host"
    assert "\n# img: https://" in path.read_text(encoding="utf-8")
    assert "3 people" in check_ok(capsys)
    # and the new person can be used right away
    episode = project / SHOW / "2026-01-09-second-episode.md"
    episode.write_text(episode.read_text().replace("summary:", "guests: [zoe-obrien]\nsummary:", 1))
    check_ok(capsys)


def test_new_person_defaults_to_guest_and_refuses_overwrite(project, capsys):
    code, _, err = run(capsys, "new", "person", "Bo Guest")  # content/people/bo-guest.md exists
    assert code == 1 and "content/people/bo-guest.md already exists" in err
    assert run(capsys, "new", "person", "New Guest")[0] == 0
    meta = yaml.safe_load((project / "content/people/new-guest.md").read_text().split("---")[1])
    assert meta["role"] == "guest"
    code, _, err = run(capsys, "new", "person", "New Guest")
    assert code == 1 and "content/people/new-guest.md already exists" in err
