"""site.yaml: defaults, and errors that name the key, never a traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # problems name site.yaml as the user typed it


def _load(tmp_path: Path, text: str, override: str | None = None):
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, override)


def test_defaults(tmp_path):
    config, problems = _load(tmp_path, "title: T\nbase_url: https://example.github.io/shownotes\n")
    assert problems == []
    assert (config.base_url, config.base_path, config.theme, config.language, config.allow_html) == (
        "https://example.github.io/shownotes/", "/shownotes/", "default", "en", False)


@pytest.mark.parametrize("text, expected", [
    ("base_url: https://x.org/\n", "site.yaml: title: required, a non-empty text"),
    ("title: T\nbase_url: not a url\n", "site.yaml:2: base_url: must be an absolute http(s) URL, got 'not a url'"),
    ("title: T\nbase_url: \"https://[oops/\"\n", "site.yaml:2: base_url: is not a valid URL: 'https://[oops/'"),
    ("title: T\nallow_html: maybe\n", "site.yaml:2: allow_html: must be true or false"),
    ("title: T\ncname: \"a b\"\n", "site.yaml:2: cname: must be a bare host name such as notes.example.org"),
    ("title: T\ntheme: ../x\n", "site.yaml:2: theme: must be the name of a folder under themes/"),
    ("title: T\nfoo: 2026-13-45\n", "site.yaml: invalid value: month must be in 1..12"),
    ("title: [T\n", "site.yaml:1: invalid YAML"),
    ("- a\n", "site.yaml:1: must be a mapping of keys such as `title:` and `base_url:`"),
])
def test_errors_name_the_key(tmp_path, text, expected):
    _, problems = _load(tmp_path, text)
    assert any(str(p).startswith(expected) for p in problems), [str(p) for p in problems]


def test_unknown_and_odd_keys_are_warnings(tmp_path):
    config, problems = _load(tmp_path, "title: T\n1: a\nfoo: b\n")
    assert config is not None
    assert [str(p) for p in problems] == ["site.yaml:2: warning: 1: unknown key (ignored)",
                                          "site.yaml:3: warning: foo: unknown key (ignored)"]


def test_base_url_override(tmp_path):
    config, problems = _load(tmp_path, "title: T\nbase_url: https://a.org/x/\n", "http://127.0.0.1:9/")
    assert not problems and config.base_url == "http://127.0.0.1:9/" and config.base_path == "/"
