"""What `serve` prints. With --verbose (or SHOWNOTES_SERVE_VERBOSE=1) a trace of where each
rebuild's time goes, from the save to the reloaded page: the watcher's debounce, the build's
stages, the reload event, the page served again. Warnings are listed once, not at every rebuild."""
from __future__ import annotations

import http.client
import re
import threading
import time
from pathlib import Path

import pytest
from serve_harness import BASE_PATH, EPISODE, EPISODE_URL, PREVIEW, copy_fixture, serving, wait_for

from generator.serve import trace


@pytest.fixture
def project(tmp_path):
    return copy_fixture(tmp_path / "project")


def _version(page: str) -> str:
    return re.search(r'data-version="([^"]+)"', page).group(1)


def test_verbose_traces_each_rebuild_from_save_to_reloaded_page(project, monkeypatch):
    monkeypatch.setenv(trace.ENV, "1")
    with serving(project, "--no-search") as s:
        page = s.get(EPISODE_URL).text
        events = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)  # an open page listening
        events.request("GET", f"{BASE_PATH}__shownotes/events?since={_version(page)}")
        stream = events.getresponse()
        s.edit(EPISODE, "title: First episode", "title: Traced episode")
        said = b""
        while b"event: reload" not in said and (chunk := stream.read1(65536)):
            said += chunk
        assert b"event: reload" in said
        events.close()
        assert "Traced episode" in s.get(EPISODE_URL).text  # the reloaded page

        def traced(what):
            return next((line for line in s.output().splitlines() if "trace: saved→seen" in line and what in line), None)
        first = wait_for(lambda: traced("(first look)"), 10)  # the edited page alone, first
        assert first, s.output()
        first_names = [part.split(" ")[0] for part in first.split("trace: ", 1)[1].split(" · ")]
        assert first_names == ["saved→seen", "queued", "first", "publish", "reload", "saved→reload"], first
        line = wait_for(lambda: traced(" load "), 10)  # then the full build
        assert line, s.output()
        names = [part.split(" ")[0] for part in line.split("trace: ", 1)[1].split(" · ")]
        for name in ("saved→seen", "queued", "config", "lock", "load", "xref", "render", "write", "other", "publish",
                     "reload", "saved→reload"):
            assert name in names, (name, line)
        seen = int(re.search(r"saved→seen (\d+) ms", line).group(1))
        assert 0 <= seen < 1000, line  # the watcher hands a save over at once, not after a second
        total = int(re.search(r"saved→reload (\d+) ms", line).group(1))
        assert total >= seen
        assert wait_for(lambda: re.search(r"trace: reload event sent to a page [\d.]+ ms after the rebuild", s.output()),
                        5), s.output()
        served = rf"trace: served {re.escape(EPISODE_URL)} \(200\) in [\d.]+ ms, \d+ ms after the latest rebuild"
        assert wait_for(lambda: re.search(served, s.output()), 5), s.output()


def test_without_verbose_there_is_no_trace(project, monkeypatch, capsys):
    """The builder as serve runs it (in this process): a rebuild after a change, and not a word of trace."""
    from generator.serve.rebuild import Builder
    from generator.serve.state import SiteState

    monkeypatch.chdir(project)
    out = project / PREVIEW
    builder = Builder(state=SiteState(out, BASE_PATH), config_path=Path("site.yaml"), content=Path("content"), out=out,
                      origin="http://127.0.0.1:8000", drafts=False, indexer=None, lock=threading.Lock())
    assert builder.build()
    (project / EPISODE).write_text((project / EPISODE).read_text().replace("First episode", "Quiet episode"))
    builder.changed({str(project / EPISODE)})
    stop = threading.Event()
    loop = threading.Thread(target=builder.loop, args=(stop,))
    loop.start()
    try:
        assert wait_for(lambda: "Quiet episode" in (out / "demo-show" / "first-episode" / "index.html").read_text(), 15)
    finally:
        stop.set()
        loop.join(10)
    said = capsys.readouterr()
    assert said.out.count(" built ") == 2 and "changed: " in said.out
    assert "trace" not in said.out + said.err


def test_the_trace_line_names_every_mark_in_order():
    t = trace.RebuildTrace(saved=time.perf_counter() - 0.05, seen=time.perf_counter() - 0.03)
    t.mark("config")
    t.build({"load": 0.004, "render": 0.010})
    t.mark("publish")
    line = t.line("reload sent")
    names = [part.split(" ")[0] for part in line.split(" · ")]
    assert names == ["saved→seen", "queued", "config", "load", "render", "other", "publish", "reload", "saved→reload"]
    assert re.search(r"saved→seen (1\d|2\d) ms", line), line  # 20 ms, give or take the clock
    assert trace.RebuildTrace().line("reload sent").endswith("ms") and "saved" not in trace.RebuildTrace().line("x")


def test_warnings_are_listed_once_then_counted(project, monkeypatch, capsys):
    from generator.serve.rebuild import Builder
    from generator.serve.state import SiteState

    monkeypatch.chdir(project)
    second = project / "content" / "shows" / "demo-show" / "2026-01-09-second-episode.md"
    second.write_text(re.sub(r"(?m)^audio: .*\n", "", second.read_text()))  # a warning: no enclosure
    out = project / PREVIEW
    builder = Builder(state=SiteState(out, BASE_PATH), config_path=Path("site.yaml"), content=Path("content"), out=out,
                      origin="http://127.0.0.1:8000", drafts=False, indexer=None, lock=threading.Lock())
    assert builder.build()
    first = capsys.readouterr().err
    assert "2026-01-09-second-episode.md:2: warning: no `audio`" in first
    (project / EPISODE).write_text((project / EPISODE).read_text().replace("First episode", "Edited episode"))
    assert builder.build()
    said = capsys.readouterr()
    assert "warning: no `audio`" not in said.err and "1 warning as before" in said.out
    second.write_text(second.read_text().replace("title: ", "title: Renamed ", 1))  # same warning, same words
    (project / "content" / "people" / "bo-guest.md").unlink()  # and an error: listed in full
    assert not builder.build()
    said = capsys.readouterr()
    assert "bo-guest" in said.err and "warning: no `audio`" in said.err
