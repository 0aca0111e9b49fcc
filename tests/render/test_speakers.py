"""`speakers:` in an episode's front matter: generic transcript labels ("Speaker 1") resolve to
people on the page, in transcript.vtt and in transcript.json, and cached builds stay exact."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator.build import build_site
from generator.config import load_config
from generator.content import load_library
from generator.render import render_site

from .helpers import ROOT, THEMES, Page

EPISODE = """\
---
title: Mapped speakers
date: 2026-02-01
guests: [ed-guest]
speakers: {"Speaker 1": ed-guest, "SPEAKER  2": ann-host}
transcript_timing: exact
---
A description.

## Transcript

[0:00:05] **Speaker 1:** Hello from the guest.

[0:00:09] **speaker 2:** And the host answers.

[0:00:14] **Speaker 3:** Nobody mapped this one.

[0:00:20] **Ann Host:** Named speakers still resolve by name.
"""


def _project(root: Path) -> Path:
    files = {
        "site.yaml": "title: Speakers\nbase_url: https://example.org/notes/\n",
        "content/people/ann-host.md": "---\nname: Ann Host\nrole: host\n---\n",
        "content/people/ed-guest.md": "---\nname: Ed Guest\nimg: https://example.org/ed.jpg\n---\n",
        "content/shows/demo/_show.md": "---\ntitle: Demo\nhosts: [ann-host]\n---\n",
        "content/shows/demo/2026-02-01-mapped.md": EPISODE,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _render(project: Path) -> dict[str, bytes]:
    config, problems = load_config(project / "site.yaml")
    assert config is not None, problems
    lib, problems = load_library(project / "content", config)
    problems = [p for p in problems if not p.message.startswith(("no `audio`:", "no `image`:"))]
    assert lib is not None and not problems, [str(p) for p in problems]
    return render_site(lib, config.base_url, THEMES)


def test_mapped_labels_link_to_people(tmp_path):
    site = _render(_project(tmp_path))
    page = Page(site["demo/mapped/index.html"].decode())
    speakers = [(href, ids) for href, ids in page.anchors if href.startswith("/notes/people/")]
    by_segment = {next(i for i in ids if i.startswith("t-")): href for href, ids in speakers
                  if any(i.startswith("t-") for i in ids)}
    assert by_segment == {"t-00-00-05": "/notes/people/ed-guest/", "t-00-00-09": "/notes/people/ann-host/",
                          "t-00-00-20": "/notes/people/ann-host/"}
    html = site["demo/mapped/index.html"].decode()
    assert '<a href="/notes/people/ed-guest/">Ed Guest</a>' in html
    assert "Speaker 3" in html and "Speaker 1" not in html  # unmapped labels stay labels


def test_mapped_labels_name_the_voice_in_vtt_and_json(tmp_path):
    site = _render(_project(tmp_path))
    vtt = site["demo/mapped/transcript.vtt"].decode()
    assert "<v Ed Guest>Hello from the guest." in vtt
    assert "<v Ann Host>And the host answers." in vtt
    assert "<v Speaker 3>Nobody mapped this one." in vtt
    segments = json.loads(site["demo/mapped/transcript.json"])["segments"]
    assert [s["speaker"] for s in segments] == ["Ed Guest", "Ann Host", "Speaker 3", "Ann Host"]


def test_the_mapping_belongs_to_its_episode(tmp_path):
    project = _project(tmp_path)
    other = EPISODE.replace("Mapped speakers", "Unmapped").replace("2026-02-01", "2026-02-08").replace(
        'speakers: {"Speaker 1": ed-guest, "SPEAKER  2": ann-host}\n', "")
    (project / "content/shows/demo/2026-02-08-unmapped.md").write_text(other, encoding="utf-8")
    vtt = _render(project)["demo/unmapped/transcript.vtt"].decode()
    assert "<v Speaker 1>Hello from the guest." in vtt and "Ed Guest" not in vtt


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(project: Path, out: str, cache: bool):
    result = build_site(config_path=project / "site.yaml", content=project / "content", out=project / out,
                        search=False, use_cache=cache)
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_editing_the_mapping_rebuilds_the_episode(tmp_path):
    project = _project(tmp_path / "p")
    shutil.copytree(ROOT / "themes", project / "themes")
    _build(project, "site", cache=True)
    path = project / "content/shows/demo/2026-02-01-mapped.md"
    path.write_text(path.read_text(encoding="utf-8").replace('"Speaker 1": ed-guest', '"Speaker 1": ann-host'),
                    encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    _build(project, "site", cache=True)
    _build(project, "cold", cache=False)
    assert _tree(project / "site") == _tree(project / "cold")
    assert "<v Ann Host>Hello from the guest." in (project / "site/demo/mapped/transcript.vtt").read_text()
