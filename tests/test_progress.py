"""The build's progress bars: on a terminal, each long stage (load, render, search) shows a bar with
its count and the time left; off a terminal (a log, CI, a pipe) nothing is drawn; the stage times
and the summary line are kept either way."""
from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest

from generator.progress import Progress, advance

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def test_a_stage_that_advances_shows_a_bar_with_count_and_time_left():
    tty = Terminal()
    progress = Progress(stream=tty, min_interval=0)
    assert progress.enabled
    with progress.stage("render"):
        for done in range(1, 41):
            progress.advance(done, 40)
    text = tty.getvalue()
    assert "render" in text and "40/40" in text and "20/40" in text
    assert re.search(r"ETA \d\d:\d\d", text), text  # the time left
    assert "100%" in text
    assert set(progress.stages) == {"render"}


def test_a_stage_without_a_count_shows_its_name_until_it_advances():
    tty = Terminal()
    progress = Progress(stream=tty, min_interval=0)
    with progress.stage("search"):
        assert re.search(r"search\s+\.\.\.", tty.getvalue())
        progress.advance(1, 3)  # shards indexed: from here a bar
        assert "1/3" in tty.getvalue()


def test_the_bar_is_cleared_when_the_stage_ends():
    tty = Terminal()
    progress = Progress(stream=tty, min_interval=0)
    with progress.stage("load"):
        progress.advance(5, 10)
    progress.clear()
    last = tty.getvalue().rsplit("\r", 1)[-1]
    assert "load" not in last and "5/10" not in last  # nothing left on the line the summary prints on


@pytest.mark.parametrize("setting", ["pipe", "NO_COLOR", "TERM=dumb"])
def test_nothing_is_drawn_off_a_terminal(monkeypatch, setting):
    stream = Terminal() if setting != "pipe" else io.StringIO()
    if setting == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    elif setting == "TERM=dumb":
        monkeypatch.setenv("TERM", "dumb")
    progress = Progress(stream=stream)
    assert not progress.enabled
    with progress.stage("load"):
        progress.advance(1, 2)
    with progress.stage("render"):
        progress.advance(2, 2)
    progress.clear()
    assert stream.getvalue() == ""
    assert list(progress.stages) == ["load", "render"]
    assert re.fullmatch(r"\(load \d+\.\d\ds, render \d+\.\d\ds\)", progress.summary())


def test_advance_outside_a_stage_is_harmless():
    tty = Terminal()
    progress = Progress(stream=tty, min_interval=0)
    progress.advance(1, 2)
    advance(1, 2)  # the module-level one, with no stage running
    assert tty.getvalue() == ""


def test_loading_content_advances_the_load_stage_per_file():
    from generator.config import load_config
    from generator.content import load_content
    from generator.content.loader import content_files

    config, _ = load_config(FIXTURE / "site.yaml")
    files = len(content_files(FIXTURE / "content"))
    tty = Terminal()
    progress = Progress(stream=tty, min_interval=0)
    with progress.stage("load"):
        load_content(FIXTURE / "content", config)
    assert f"{files}/{files}" in tty.getvalue()

    seen = []
    load_content(FIXTURE / "content", config, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, files) for n in range(1, files + 1)]


def test_shownotes_build_on_a_terminal_shows_load_and_render_bars(tmp_path, monkeypatch):
    from generator.cli import main

    project = tmp_path / "proj"
    shutil.copytree(FIXTURE, project)
    monkeypatch.chdir(project)
    tty = Terminal()
    monkeypatch.setattr(sys, "stderr", tty)
    monkeypatch.setattr(Progress, "MIN_INTERVAL", 0)  # redraw at every advance
    assert main(["build", "--no-search", "--jobs", "1"]) == 0
    text = tty.getvalue()
    assert re.search(r"load\s+\d+%\|.*\| (\d+)/\1 ", text), text
    assert re.search(r"render\s+\d+%\|.*\| (\d+)/\1 \[.*ETA", text), text
