"""Which open pages a publish reloads (generator/serve/state.py)."""
from __future__ import annotations

from generator.errors import Problem
from generator.serve.state import KEEP_CHANGES, SiteState

A, B = "show/a/index.html", "show/b/index.html"


def _state(tmp_path) -> tuple[SiteState, str]:
    state = SiteState(tmp_path / "site")
    state.publish([], "/")
    return state, state.version


def test_a_page_reloads_when_its_own_file_changed(tmp_path):
    state, v = _state(tmp_path)
    state.publish([], "/", [A, "show/a/index.md"])
    assert state.wait_for_change(v, 0, page=A) == state.version
    assert state.wait_for_change(v, 0, page=B) is None
    assert state.wait_for_change(v, 0) == state.version  # a page that names no file: any publish
    state.publish([], "/", [B])
    assert state.wait_for_change(v, 0, page=B) == state.version  # changed by a later publish
    state.publish([], "/", [])
    assert state.wait_for_change(state.version, 0, page=A) is None


def test_assets_errors_and_unknown_history_reload_every_page(tmp_path):
    state, v = _state(tmp_path)
    state.publish([], "/", ["assets/style.css"])
    assert state.wait_for_change(v, 0, page=B)
    v = state.version
    error = Problem("content/x.md", 2, "broken")
    state.publish([error], "/", [A])
    assert state.wait_for_change(v, 0, page=B)  # the overlay appears on every page
    v = state.version
    state.publish([], "/", [A])
    assert state.wait_for_change(v, 0, page=B)  # and goes away from every page
    assert state.wait_for_change("another-server-3", 0, page=B)  # a page from an earlier server
    v = state.version
    for _ in range(KEEP_CHANGES + 1):
        state.publish([], "/", [A])
    assert state.wait_for_change(v, 0, page=B)  # too long ago to know what changed
