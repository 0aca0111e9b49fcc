"""Every episode as Markdown (`/<show>/<episode>/index.md`) and `/llms.txt` (DESIGN §5).

Golden files of the fixture site's Markdown live in tests/golden/markdown/. Refresh them after an
intended change, then review the diff:

    SHOWNOTES_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render/test_markdown_export.py -k golden
"""
from __future__ import annotations

import os
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.build import build_site
from generator.model import Chapter
from generator.render.anchors import compute_anchors
from generator.render.markdown import Markdown
from generator.render.markdown_source import editor_markdown, escape
from generator.render.urls import Urls, episode_rel

from .helpers import FIXTURE, ROOT, SUBPATH, Page, load_fixture, render_fixture, render_one

GOLDEN_MD = ROOT / "tests" / "golden" / "markdown"
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
HTML_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
COMPILERS = ("signal-and-noise", "compilers-all-the-way-down")
# the reference llms.txt parser's link rule (llms_txt's `_parse_links`)
LLMS_LINK = re.compile(r"^-\s*\[(?P<title>[^\]]+)\]\((?P<url>[^\)]+)\)(?::\s*(?P<desc>.*))?", re.M)


def _markdown_files(site: dict[str, bytes]) -> dict[str, bytes]:
    return {rel: data for rel, data in site.items() if rel.endswith(".md") or rel == "llms.txt"}


def _inline_text(tok) -> str:
    return "".join(c.content for c in tok.children or [] if c.type in ("text", "code_inline"))


def _links(text: str) -> list[str]:
    out = []
    for tok in PARSER.parse(text):
        for child in tok.children or []:
            if child.type == "link_open":
                out.append(child.attrGet("href"))
            elif child.type == "image":
                out.append(child.attrGet("src"))
    return out


def _tables(text: str) -> list[list[list[str]]]:
    """Every table's rows (header first), each row its cells' inline tokens."""
    tables, rows, row = [], None, None
    for tok in PARSER.parse(text):
        if tok.type == "table_open":
            rows = []
        elif tok.type == "table_close":
            tables.append(rows)
            rows = None
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            rows.append(row)
            row = None
        elif tok.type == "inline" and row is not None:
            row.append(tok)
    return tables


# ------------------------------------------------------------------ golden

def test_golden_markdown(site):
    files = _markdown_files(site)
    if os.environ.get("SHOWNOTES_UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN_MD, ignore_errors=True)
        for rel, data in files.items():
            target = GOLDEN_MD / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    expected = {p.relative_to(GOLDEN_MD).as_posix(): p.read_bytes() for p in GOLDEN_MD.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected), "the set of Markdown files changed (SHOWNOTES_UPDATE_GOLDEN=1 to accept)"
    changed = [rel for rel in sorted(files) if files[rel] != expected[rel]]
    assert not changed, f"{changed} differ from tests/golden/markdown (SHOWNOTES_UPDATE_GOLDEN=1 to accept)"


def test_markdown_is_byte_stable_and_ends_with_one_newline(site):
    again = _markdown_files(render_fixture(SUBPATH))
    assert again == _markdown_files(site)
    for rel, data in again.items():
        text = data.decode("utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n"), rel
        assert "\r" not in text and "\n\n\n" not in text, rel


def test_every_episode_has_index_md_and_a_head_link_to_it(site, lib):
    assert len(lib.episodes) >= 5
    for ep in lib.episodes.values():
        rel = episode_rel(ep)
        assert rel + "index.md" in site
        head = site[rel + "index.html"].decode().split("</head>")[0]
        link = '<link rel="alternate" type="text/markdown" title="'
        assert link in head and f'href="/shownotes/{rel}index.md">' in head, rel


# ------------------------------------------------------------------ links

@pytest.mark.parametrize("which, base", [("site", SUBPATH), ("root_site", "http://127.0.0.1:8000/")])
def test_every_markdown_link_resolves(request, which, base):
    """Every link is absolute; internal ones name a built file; #t-… fragments exist on the page."""
    site = request.getfixturevalue(which)
    pages: dict[str, Page] = {}
    checked = fragments = 0
    for rel, data in sorted(_markdown_files(site).items()):
        for href in _links(data.decode()):
            parts = urllib.parse.urlsplit(href)
            assert parts.scheme in ("http", "https") and parts.netloc, f"{rel}: {href} is not absolute"
            if not href.startswith(base):
                assert parts.netloc != urllib.parse.urlsplit(base).netloc, f"{rel}: {href} outside the base URL"
                continue
            checked += 1
            target = urllib.parse.unquote(parts.path[len(urllib.parse.urlsplit(base).path):])
            if target == "" or target.endswith("/"):
                target += "index.html"
            assert target in site, f"{rel}: {href} (no file {target})"
            if parts.fragment:
                assert target.endswith("index.html"), f"{rel}: {href}"
                page = pages.setdefault(target, Page(site[target].decode()))
                assert parts.fragment in page.ids, f"{rel}: {href} (no id {parts.fragment})"
                fragments += 1
    assert checked > 100 and fragments > 15


def test_llms_txt_lists_every_published_episode_and_no_draft():
    site = render_fixture(SUBPATH, drafts=True)
    lib = load_fixture(SUBPATH, drafts=True)
    text = site["llms.txt"].decode()
    urls = [m.group("url") for m in LLMS_LINK.finditer(text)]
    listed = [u for u in urls if u.endswith("/index.md")]
    published = [SUBPATH + episode_rel(e) + "index.md" for e in lib.episodes.values() if not e.draft]
    drafts = [e for e in lib.episodes.values() if e.draft]
    assert drafts and sorted(listed) == sorted(published)
    assert all(episode_rel(e) + "index.md" in site for e in drafts)  # the draft has its page, unlisted
    # llmstxt.org: an H1, a blockquote, prose, then H2 sections of link lists
    lines = text.split("\n")
    assert lines[0] == "# Fixture Notes" and lines[1] == "" and lines[2] == "> A tiny site for the render tests."
    sections = re.findall(r"^## (.+)$", text, re.M)
    assert sections == ["Deep Dives", "Signal & Noise", "People", "Optional"]
    assert len(re.findall(r"^# ", text, re.M)) == 1


# ------------------------------------------------------------------ structure

def test_chapter_table_has_one_row_per_chapter_linking_the_page_anchors(site, lib):
    seen = 0
    for ep in lib.episodes.values():
        text = site[episode_rel(ep) + "index.md"].decode()
        tables = _tables(text)
        if not ep.chapters:
            assert not tables
            continue
        seen += 1
        (table,) = tables
        header, rows = table[0], table[1:]
        assert [_inline_text(c) for c in header] == ["Start", "Chapter", "Length"]
        assert len(rows) == len(ep.chapters)
        anchors = compute_anchors(ep)
        page = SUBPATH + episode_rel(ep)
        for row, chapter, seg in zip(rows, ep.chapters, anchors.chapter_segments):
            assert len(row) == 3
            assert _inline_text(row[1]) == chapter.title
            links = [c.attrGet("href") for c in row[0].children if c.type == "link_open"]
            assert links == ([f"{page}#{anchors.segment_ids[seg]}"] if seg is not None else [])
    assert seen == 3


def test_transcript_segments_link_their_anchors_and_speakers(site, lib):
    ep = lib.episodes[COMPILERS]
    text = site[episode_rel(ep) + "index.md"].decode()
    transcript = text.split("\n## Transcript\n", 1)[1].split("\n## ", 1)[0]
    page = SUBPATH + episode_rel(ep)
    stamps = [h for h in _links(transcript) if h.startswith(page + "#")]
    assert stamps == [f"{page}#{i}" for i in compute_anchors(ep).segment_ids if i]
    assert len(set(stamps)) == len(stamps)  # repeated times: -2, -3
    assert (f"[[0:00:05]]({page}#t-00-00-05-2) **[Grace Guest]({SUBPATH}people/grace-guest/):** Thanks for having me."
            in transcript)  # "Grace G." resolves through an alias
    assert f"**[Ada Host]({SUBPATH}people/ada-host/):** So who are you" in transcript  # "Ada H."
    assert "**Unknown Voice:** Someone" in transcript
    assert "\n\nA continuation paragraph of Ada's question, with *emphasis*.\n\n" in transcript
    untimed = site["signal-and-noise/caption-dump/index.md"].decode()
    assert f"\n\n**[Sam O'Neil]({SUBPATH}people/sam-solo/):** I agree, mostly.\n" in untimed
    assert "#t-" not in untimed and "| \\~20:00 | The lottery | 20:00 |" in untimed


def test_description_links_are_absolute_and_raw_html_stays_text(site):
    text = site["signal-and-noise/compilers-all-the-way-down/index.md"].decode()
    assert f"See [her page]({SUBPATH}people/grace-guest/) and\n[the lab](https://lab.example.org/?a=1&b=2)." in text
    for rel, data in _markdown_files(site).items():
        kinds = {t.type for tok in HTML_PARSER.parse(data.decode()) for t in [tok, *(tok.children or [])]}
        assert not kinds & {"html_inline", "html_block"}, rel
    solo = site["signal-and-noise/solo-notes/index.md"].decode()
    assert "# Solo notes: \\<script>alert(1)\\</script> & friends\n" in solo
    assert "about **escaping** & \\<em>HTML\\</em>." in solo


def test_raw_html_is_kept_when_the_site_allows_it():
    lib = load_fixture(SUBPATH)
    lib.config.allow_html = True
    ep = lib.episodes[("signal-and-noise", "solo-notes")]
    text = render_one(lib, "episode", ep.key)[episode_rel(ep) + "index.md"].decode()
    assert "about **escaping** & <em>HTML</em>." in text
    assert "# Solo notes: \\<script>" in text  # titles are text, always


def test_titles_and_names_with_markdown_syntax_stay_text():
    lib = load_fixture(SUBPATH)
    ep = lib.episodes[COMPILERS]
    ep.title = "Pipes | and [x] and [y](https://evil.example/) *not em* `c` #1"
    ep.chapters[1] = Chapter(60, "A | B [x](https://evil.example/) ~~no~~")
    ep.highlights[0] = Chapter(170, "[z] | <b>")
    lib.people["grace-guest"].name = "Grace [x] | *G*"
    text = render_one(lib, "episode", ep.key)[episode_rel(ep) + "index.md"].decode()
    tokens = PARSER.parse(text)
    h1 = next(tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1")
    assert _inline_text(h1) == ep.title and [c.type for c in h1.children] == ["text"]
    (table,) = _tables(text)
    assert all(len(row) == 3 for row in table) and len(table) == len(ep.chapters) + 1
    assert _inline_text(table[2][1]) == ep.chapters[1].title
    assert not [h for h in _links(text) if "evil" in h]
    assert not any(c.type in ("s_open", "em_open", "html_inline") for t in tokens for c in t.children or []
                   if t.map and t.map[0] < 20)
    people = [tok for tok in tokens if tok.type == "inline" and tok.content.startswith("Guest:")]
    (guest_line,) = people
    assert _inline_text(guest_line) == "Guest: Grace [x] | *G*"
    assert [c.attrGet("href") for c in guest_line.children if c.type == "link_open"] == [SUBPATH + "people/grace-guest/"]
    llms = render_one(lib, "llms")["llms.txt"].decode()
    (item,) = [tok for tok in PARSER.parse(llms) if tok.type == "inline" and "compilers-all" in tok.content]
    assert _inline_text(item).startswith(ep.title + ": ")
    (match,) = [m for m in LLMS_LINK.finditer(llms) if "compilers-all" in m.group("url")]  # simple readers too
    assert match.group("url") == SUBPATH + episode_rel(ep) + "index.md"


def test_escape():
    assert escape("A | B [x] <b> *y* _z_ C# `c` ~s~ \\ &amp; &") == \
        "A \\| B \\[x\\] \\<b> \\*y\\* \\_z\\_ C\\# \\`c\\` \\~s\\~ \\\\ &amp;amp; &"
    assert escape("  two\n lines ") == "two lines"
    assert escape("[x]", brackets="entity") == "&#91;x&#93;"


@pytest.mark.parametrize("source, expected", [
    ("See [x](/people/a/) and [y](https://a.b/c) `[c](/code)`",
     "See [x](https://s.example/sub/people/a/) and [y](https://a.b/c) `[c](/code)`"),
    ("[z](</a b/>) and ![i](/i.png)", "[z](<https://s.example/sub/a b/>) and ![i](https://s.example/sub/i.png)"),
    ("[ref]\n\n[ref]: /people/a/ \"t\"", "[ref]\n\n[ref]: https://s.example/sub/people/a/ \"t\""),
    ("# Top\n\n## Sub\n\n```\n# not [a](/b) <b>\n```", "### Top\n\n#### Sub\n\n```\n# not [a](/b) <b>\n```"),
    ("Setext\n===\n\n> ## quoted", "### Setext\n\n> #### quoted"),
    ("raw <b>x</b> <https://a.b/c> a < b `<i>` <!-- c -->", "raw \\<b>x\\</b> <https://a.b/c> a < b `<i>` \\<!-- c -->"),
    ("plain words", "plain words"),
])
def test_editor_markdown_keeps_the_source_but_for_the_pages_rules(source, expected):
    assert editor_markdown(source, base="https://s.example/sub/", allow_html=False, min_heading=3) == expected


# ------------------------------------------------------------------ incremental builds

def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


EPISODE = "content/shows/deep-dives/2026-03-10-grace-returns.md"
EDITS = {  # edit, then (file, text it must hold afterwards)
    "episode": (lambda p: (_edit(p / EPISODE, 'title: "Grace', 'title: "Edited Grace'),
                           _edit(p / EPISODE, "Hello again, Grace.", "Hello again, [Grace](/people/grace-guest/).")),
                [("deep-dives/grace-returns/index.md", "Hello again, [Grace](https://example.github.io/shownotes/"),
                 ("signal-and-noise/compilers-all-the-way-down/index.md", "[Edited Grace returns"),
                 ("llms.txt", "[Edited Grace returns")]),
    "person name": (lambda p: _edit(p / "content/people/grace-guest.md", "name:", "name: Dr."),
                    [("deep-dives/grace-returns/index.md", "**[Dr. Grace Guest]("),
                     ("signal-and-noise/caption-dump/index.md", "### Also with [Dr. Grace Guest]("),
                     ("llms.txt", "[Dr. Grace Guest](")]),
    "person alias": (lambda p: _edit(p / "content/people/ada-host.md", 'aliases: ["Ada H."]', "aliases: []"),
                     [("signal-and-noise/compilers-all-the-way-down/index.md", "**Ada H.:** So who are you")]),
    "show title": (lambda p: _edit(p / "content/shows/signal-and-noise/_show.md", "title:", "title: The"),
                   [("signal-and-noise/solo-notes/index.md", "- Show: [The Signal & Noise]("),
                    ("deep-dives/grace-returns/index.md", "— The Signal & Noise, 2026-03-02"),
                    ("llms.txt", "## The Signal & Noise")]),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    shutil.copytree(FIXTURE, proj)
    shutil.copytree(ROOT / "themes", proj / "themes")
    return proj


def _build(project: Path, out: str, cache: bool):
    result = build_site(config_path=project / "site.yaml", content=project / "content", out=project / out,
                        search=False, use_cache=cache)
    assert result.ok, [str(p) for p in result.problems]
    return result


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_cached_build_of_the_markdown_equals_a_cold_build(project, edit):
    change, expect = EDITS[edit]
    first = _build(project, "site", cache=True)
    before = _tree(project / "site")
    change(project)
    incremental = _build(project, "site", cache=True)
    _build(project, "cold", cache=False)
    after = _tree(project / "site")
    assert after == _tree(project / "cold")
    for rel, needle in expect:
        assert needle in after[rel].decode() and needle not in before[rel].decode(), (rel, needle)
    assert incremental.rendered < first.rendered
