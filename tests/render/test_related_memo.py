"""Related episodes, the costly cross-reference pass, are taken from the last build when what
they are computed from did not change (library.related_inputs), and computed again when it did."""
from __future__ import annotations

import copy

import pytest

from generator import library as library_module
from generator.library import build_library, related_memo

from .helpers import load_fixture


def _again(lib, known, change=None):
    shows, episodes, people = copy.deepcopy((lib.shows, lib.episodes, lib.people))
    if change:
        change(episodes)
    return build_library(lib.config, shows, episodes, people, related_known=known)


def _related(lib):
    return {key: [ep.key for ep in eps] for key, eps in lib.related.items()}


@pytest.fixture
def first():
    return load_fixture()


def test_unchanged_inputs_take_the_last_builds_related_episodes(first, monkeypatch):
    known = related_memo(first)

    def never(lib):
        raise AssertionError("related episodes computed again")
    monkeypatch.setattr(library_module, "_score_related", never)
    key = sorted(first.episodes)[0]

    def new_transcript(episodes):
        episodes[key].transcript_source += "\n\n[00:00:09] **Someone:** A new line.\n"
    again = _again(first, known, new_transcript)  # transcripts are not what related episodes read
    assert _related(again) == _related(first)
    assert all(ep is again.episodes[ep.key] for eps in again.related.values() for ep in eps)  # this build's episodes


@pytest.mark.parametrize("field", ["title", "summary", "description", "topics", "guests", "date"])
def test_a_change_to_what_they_read_computes_them_again(first, field, monkeypatch):
    known = related_memo(first)
    key = sorted(first.episodes)[0]
    calls = []
    real = library_module._score_related

    def counted(lib):
        calls.append(1)
        real(lib)

    def change(episodes):
        ep = episodes[key]
        if field == "topics":
            ep.topics = ep.topics + ["a-new-topic"]
        elif field == "guests":
            ep.guests = ep.guests[:-1] if ep.guests else ["nobody"]
        elif field == "date":
            ep.date = ep.date.replace(year=ep.date.year - 1)
        else:
            setattr(ep, field, getattr(ep, field) + " compilers scheduling")
    monkeypatch.setattr(library_module, "_score_related", counted)
    again = _again(first, known, change)
    assert calls == [1]
    fresh = _again(first, None, change)
    assert _related(again) == _related(fresh)
