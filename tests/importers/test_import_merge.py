"""Merging: one episode file per episode however many seeds tell of it; the people and shows
that come out of the five seeds."""
from __future__ import annotations

import pytest

from import_helpers import episode_file, read_md


def test_shows_episodes_and_people(imported):
    assert sorted(p.parent.name for p in imported.glob("shows/*/_show.md")) == [
        "interconnects", "the-mad-podcast-with-matt-turck"]
    assert len([p for p in imported.glob("shows/*/*.md") if not p.name.startswith("_")]) == 11
    names = {read_md(p)[0]["name"] for p in imported.glob("people/*.md")}
    assert names == {"Bryan Catanzaro", "Matt Turck", "Nathan Lambert", "Dean Ball", "Matthew Prince",
                     "Stephen Balaban", "Dan Roberts", "Aaron Levie", "Tim Dettmers", "Dan Fu"}


def test_summary_page_merges_into_the_mad_catanzaro_episode(imported):
    meta, body = read_md(episode_file(imported, "Why NVIDIA Is Giving Away"))
    assert meta["sources"] == ["000_d0da8bda702c0174.txt", "001_76954ac521f44c04.txt"]
    assert meta["alt_titles"] == ["NVIDIA’s Bryan Catanzaro: Why More Compute Isn’t Enough"]
    assert "## Key insights" in body and "Moore's Law has been dead" in body
    assert "### Summary" in body and "> Hi, I'm Matt Turk." in body
    assert "## Transcript" not in body and "transcript_timing" not in meta
    assert body.index("NVIDIA is a chip company") < body.index("### Summary") < body.index("## Key insights")


def test_caption_dump_matches_the_summary_site_episode(imported):
    meta, body = read_md(episode_file(imported, "The End of GPU Scaling"))
    assert str(meta["date"]) == "2026-01-22"
    assert meta["guests"] == ["tim-dettmers", "dan-fu"] and "hosts" not in meta
    assert meta["sources"] == ["003_a6287077ef715092.txt", "004_0dfe2f3776b397ea.txt"]
    assert meta["transcript_timing"] == "none"
    assert len(meta["highlights"]) == 5 and meta["highlights"][0] == {"start": "0:13:01",
                                                                     "title": "Physical Constraints Create Real Limits on AI Progress"}
    transcript = body.split("## Transcript", 1)[1]
    paragraphs = [p for p in transcript.split("\n\n") if p.strip()]
    assert len(paragraphs) == 52 and ">>" not in body
    assert not any(p.lstrip().startswith("[") for p in paragraphs)


def test_misspellings_become_aliases(imported):
    aliases = {read_md(p)[0]["name"]: read_md(p)[0].get("aliases") for p in imported.glob("people/*.md")}
    assert aliases["Matt Turck"] == ["Matt Turk"]
    assert aliases["Tim Dettmers"] == ["Tim Demmer"]
    assert aliases["Dan Fu"] == ["Danfu"]
    assert aliases["Dean Ball"] == ["Dean W. Ball"]


def test_person_facts(imported):
    bryan = read_md(imported / "people" / "bryan-catanzaro.md")
    assert bryan[0] == {"name": "Bryan Catanzaro", "role": "guest", "affiliation": "NVIDIA",
                        "links": [{"title": "X", "url": "https://x.com/ctnzr"}]}
    assert bryan[1].strip().startswith("Bryan Catanzaro is VP of Applied Deep Learning Research at NVIDIA")
    assert read_md(imported / "people" / "matt-turck.md")[0]["role"] == "host"
    assert read_md(imported / "people" / "stephen-balaban.md")[0]["affiliation"] == "Lambda"


@pytest.mark.parametrize("part, guests", [
    ("Why Nvidia builds open models", ["bryan-catanzaro"]),
    ("Dean Ball on open models", ["dean-ball"]),
    ("Cloudflare CEO", ["matthew-prince"]),
    ("Olmo Hybrid", None),
    ("How much does distillation", None),
    ("Opus 4.6", None),
])
def test_guests(imported, part, guests):
    assert read_md(episode_file(imported, part))[0].get("guests") == guests


def test_hosts_live_on_the_show(imported):
    assert read_md(imported / "shows" / "interconnects" / "_show.md")[0]["hosts"] == ["nathan-lambert"]
    for path in imported.glob("shows/*/2*.md"):
        assert "hosts" not in read_md(path)[0]  # every episode has its show's hosts


def test_unmatched_documents_are_reported(seeds_text):
    from generator.importers import plan
    caption = {k: v for k, v in seeds_text.items() if k.startswith("004")}
    p = plan(caption)
    assert not p.files
    assert any(line.startswith("004_") and "not imported" in line for line in p.problems)


def test_content_passes_the_loader(imported):
    loader = pytest.importorskip("generator.content.loader")
    from generator.model import SiteConfig
    loaded = loader.load_content(imported, SiteConfig(title="t"))
    assert [str(p) for p in loaded.errors] == []
    # the seeds have no audio and no artwork: those are the only warnings (feeds need both)
    assert [str(p) for p in loaded.problems if "no `audio`" not in p.message and "no `image`" not in p.message] == []


def test_two_listings_of_one_episode_make_one_file(tmp_path):
    from import_helpers import fixture
    from generator.importers import plan
    other = ("The Builders Hour\n\nAda Quill\n\n  • The Builders Hour\n\n    Margins, with Omar Reyes\n\n"
             "    July 11, 2026 | 65 min\n    Omar Reyes is head of finance at Tallyworks and a long-time listener.\n"
             "    An extra line only this directory has.\n")
    p = plan({"a.txt": fixture("listing_other_show.txt"), "b.txt": other})
    [ep] = [e for e in p.result.episodes if e.title.startswith("Margins")]
    assert ep.sources == ["a.txt", "b.txt"] and not ep.alt_titles
    texts = [b.text for b in ep.description]
    assert texts.count("Omar Reyes is head of finance at Tallyworks and a long-time listener.") == 1
    assert "An extra line only this directory has." in texts
    assert len(p.result.episodes) == 3
