"""Attaching transcript and chapters files to episodes (DESIGN §3a): by the feed item's URL, by
number, slug or title in the file name or header, by show and people, or by `--episode`; what
matches nothing is reported, never dropped; an edited episode is never overwritten. Then the
imported formats build into pages whose anchors, chapter links and speaker links work."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.cli import main
from generator.importers import run_import

from import_helpers import FIXTURES, episode_file, read_md

FOLDER = FIXTURES / "feed-folder"


def _import(seeds: Path, content: Path, **kw) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = run_import(seeds, content, echo=lines.append, warn=lines.append, **kw)
    return code, lines


def _seeds(tmp_path: Path, *extra: tuple[str, str]) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FOLDER / "harbor-lights.xml", seeds)
    for name, text in extra:
        (seeds / name).write_text(text, encoding="utf-8")
    return seeds


VTT = "WEBVTT{header}\n\n00:00:00.000 --> 00:00:05.000\n<v {a}>Hello there, this is the show.\n\n" \
      "00:00:05.000 --> 00:00:20.000\n<v {b}>Thank you for having me on the show.\n"


def test_each_way_of_attaching(tmp_path):
    seeds = _seeds(tmp_path,
                   ("tides-and-timetables.vtt", VTT.format(header="", a="Hana Harbor", b="Bea Brandt")),  # slug in the name
                   ("x.vtt", VTT.format(header=" - Cranes with Cal Castillo", a="Hana Harbor", b="Cal Castillo")),  # header title
                   ("episode-3.vtt", VTT.format(header="", a="Hana Harbor", b="Dina Dunmore")),  # number
                   ("recording.vtt", VTT.format(header="", a="Hana Harbor", b="Olu Adeyemi")))  # speakers: the guest
    code, lines = _import(seeds, tmp_path / "content", show="Harbor Lights")
    assert code == 0, lines
    placed = {l.split(":")[0]: l.rsplit("/", 1)[-1] for l in lines if "(as its transcript)" in l}
    assert placed == {
        "tides-and-timetables.vtt": "2026-11-05-5-tides-and-timetables-with-bea-brandt.md (as its transcript)",
        "x.vtt": "2026-10-29-4-cranes-with-cal-castillo.md (as its transcript)",
        "episode-3.vtt": "2026-10-22-3-pilots-with-dina-dunmore.md (as its transcript)",
        "recording.vtt": "2026-11-12-6-the-night-shift-with-olu-adeyemi.md (as its transcript)",
    }


def test_a_transcript_that_matches_nothing_is_reported_not_dropped(tmp_path):
    seeds = _seeds(tmp_path, ("mystery.vtt", VTT.format(header="", a="Zed Nobody", b="Yan Unknown")))
    code, lines = _import(seeds, tmp_path / "content")
    assert code == 1
    assert any(l.startswith("mystery.vtt: not imported: no episode on Harbor Lights links it, or shares its file name, "
                            "title or speakers") for l in lines), lines


def test_speakers_resolve_fuzzily_and_generic_labels_stay_labels(tmp_path):
    seeds = _seeds(tmp_path, ("6.srt", "1\n00:00:00,000 --> 00:00:04,000\nHana Harbour: Welcome back.\n\n"
                                      "2\n00:00:04,000 --> 00:00:09,000\nOlu Adeyemy: Good to be here.\n\n"
                                      "3\n00:00:09,000 --> 00:00:12,000\nSpeaker 3: And me.\n"))
    code, lines = _import(seeds, tmp_path / "content")
    assert code == 0, lines
    content = tmp_path / "content"
    people = {read_md(p)[0]["name"]: read_md(p)[0] for p in (content / "people").glob("*.md")}
    assert "Speaker 3" not in people and "Olu Adeyemy" not in people
    assert "Olu Adeyemy" in people["Olu Adeyemi"].get("aliases", [])
    assert "Hana Harbour" in people["Hana Harbor"].get("aliases", [])
    meta, body = read_md(episode_file(content, "The night shift"))
    assert meta["guests"] == ["olu-adeyemi"] and "**Speaker 3:** And me." in body


def test_episode_option_attaches_remembers_and_refuses_what_it_cannot_do(tmp_path):
    seeds = _seeds(tmp_path)
    content = tmp_path / "content"
    assert _import(seeds, content)[0] == 0
    chat = tmp_path / "chat.srt"
    chat.write_text("1\n00:00:01,000 --> 00:00:04,000\nSpeaker 1: Hello and welcome.\n")
    before = {p: p.read_bytes() for p in content.rglob("*.md")}
    code, lines = _import(seeds, content, sources=[str(chat)], episode="harbor-lights/nope")
    assert code == 1 and lines[-1] == f"{content}: nothing written: --episode harbor-lights/nope could not be applied"
    assert {p: p.read_bytes() for p in content.rglob("*.md")} == before and not (seeds / ".attach.json").exists()
    code, lines = _import(seeds, content, sources=[str(chat)], episode="harbor-lights/2-tugboats-with-eli-eklund")
    assert code == 0, lines
    assert "[0:00:01] **Speaker 1:** Hello and welcome." in episode_file(content, "Tugboats").read_text()
    code, lines = _import(seeds, content)  # remembered: the re-import changes nothing
    assert code == 0 and re.fullmatch(r"content: 0 written, 0 updated, \d+ unchanged, 0 skipped", lines[-1]), lines[-1]
    assert _import(seeds, content, episode="x/y")[1] == [
        "--episode needs the SOURCE files it attaches (shownotes import FILE --episode SHOW/SLUG)"]
    assert _import(seeds, content, sources=[str(chat)], episode="Not A Slug")[1] == [
        "--episode Not A Slug: must be SHOW/SLUG, e.g. interconnects/dean-ball-on-open-models"]


def test_a_new_transcript_replaces_an_unedited_episodes_and_never_an_edited_one(tmp_path):
    seeds = _seeds(tmp_path, ("5.vtt", VTT.format(header="", a="Hana Harbor", b="Bea Brandt")))
    content = tmp_path / "content"
    assert _import(seeds, content)[0] == 0
    page = episode_file(content, "Tides")
    assert "Hello there" in page.read_text()
    (seeds / "5.vtt").write_text(VTT.format(header="", a="Hana Harbor", b="Bea Brandt").replace("Hello there", "Good morning"))
    assert _import(seeds, content)[0] == 0
    assert "Good morning" in page.read_text()
    page.write_text(page.read_text() + "\nAn editor's line.\n")
    (seeds / "5.vtt").write_text(VTT.format(header="", a="Hana Harbor", b="Bea Brandt").replace("Hello there", "Good evening"))
    code, lines = _import(seeds, content)
    assert code == 1 and any(page.name in l and "edited since it was imported" in l for l in lines)
    assert "Good morning" in page.read_text() and page.read_text().endswith("An editor's line.\n")


def test_every_format_builds_into_pages_with_working_anchors_chapters_and_speaker_links(tmp_path):
    seeds, content, out = tmp_path / "seeds", tmp_path / "content", tmp_path / "site"
    shutil.copytree(FOLDER, seeds)
    assert _import(seeds, content, offline=True)[0] == 0
    (tmp_path / "site.yaml").write_text("title: Harbor\nbase_url: https://example.org/hl/\n")
    assert main(["build", "--content", str(content), "--out", str(out), "--config", str(tmp_path / "site.yaml"),
                 "--no-search", "--no-cache"]) == 0
    pages = {p.parent.name: p.read_text() for p in out.glob("harbor-lights/*/index.html")}
    assert len(pages) == 7
    for slug, html in pages.items():
        if slug.startswith(("2-", "bonus")):
            continue  # chapters only / show notes: no transcript
        ids = re.findall(r'id="(t-\d\d-\d\d-\d\d(?:-\d+)?)"', html)
        assert ids and ids[0] == "t-00-00-00", slug
        for target in re.findall(r'href="#(t-[\d-]+)"', html):
            assert target in ids, (slug, target)
        assert 'href="/hl/people/hana-harbor/"' in html, slug  # the host's turns link to her page
    assert 'href="/hl/people/olu-adeyemi/"' in pages["6-the-night-shift-with-olu-adeyemi"]
    chapters = re.findall(r'href="#(t-[\d-]+)"[^>]*>0:40<', pages["1-welcome-to-harbor-lights-with-fay-farrow"])
    assert chapters == ["t-00-00-12"]  # the chapter at 0:40 links to the segment that contains it


def test_a_dateless_document_that_matches_nothing_becomes_an_undated_draft(tmp_path):
    seeds = _seeds(tmp_path, ("ferries.vtt", VTT.format(header=" - Ferries at dawn with Ivo Ibsen", a="Ivo Ibsen", b="Ivo Ibsen")),
                   ("mystery.vtt", VTT.format(header="", a="Zed Nobody", b="Yan Unknown")))
    content = tmp_path / "content"
    code, lines = _import(seeds, content)
    assert "ferries.vtt: WebVTT transcript -> imported as a draft: no date: shows/harbor-lights/ferries-at-dawn-with-ivo-ibsen.md" in lines
    meta, body = read_md(content / "shows" / "harbor-lights" / "ferries-at-dawn-with-ivo-ibsen.md")
    assert meta["draft"] is True and "date" not in meta and "Ferries" not in str(meta.get("alt_titles"))
    assert code == 1 and any(l.startswith("mystery.vtt: not imported") for l in lines)  # no title: nothing to draft
    (tmp_path / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n")
    out = tmp_path / "site"
    assert main(["build", "--content", str(content), "--out", str(out), "--config", str(tmp_path / "site.yaml"),
                 "--no-search", "--drafts"]) == 0
    assert not (out / "harbor-lights" / "ferries-at-dawn-with-ivo-ibsen").exists()  # never built, even with --drafts


def test_files_all_named_alike_attach_by_their_folders_in_linear_time(tmp_path):
    """A real feed's files are often all `transcript.vtt` in per-episode folders: the longest ending
    of the path decides, and 200 of them attach in seconds, not minutes."""
    import sys
    import time
    sys.path.insert(0, str(Path(__file__).parent))
    from feedgen import make_feed
    from generator.importers import plan
    xml, files = make_feed(200, transcript_words=40)
    texts = {"feed.xml": xml} | {"media.example.org/gen" + p: d.decode() for p, d in files.items()}
    start = time.perf_counter()
    result = plan(texts)
    assert time.perf_counter() - start < 30 and not result.result.unmatched
    assert all(e.transcript and e.chapters for e in result.result.episodes)
