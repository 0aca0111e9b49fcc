"""The built feeds are podcast feeds: what Apple requires and the Podcast Index reads, checked on
the seed site (content/) with audio and artwork added in a copy, built under two base URLs."""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
XSD = ROOT.parent / "shared" / "spec" / "podcast-namespace" / "schema" / "podcast.xsd"
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom"}


def _with_audio(content: Path) -> None:
    """Give every episode an enclosure and every show artwork and an owner, as a podcaster would."""
    for n, path in enumerate(sorted(content.glob("shows/*/[0-9]*.md")), 1):
        text = path.read_text(encoding="utf-8")
        extra = (f"audio: https://cdn.example.org/{path.parent.name}/{n}.mp3\naudio_type: audio/mpeg\n"
                 f"audio_bytes: {1000000 + n}\nnumber: {n}\nseason: 1\nexplicit: false\n")
        path.write_text(text.replace("\ndraft: false\n", "\n" + extra + "draft: false\n", 1), encoding="utf-8")
    for path in content.glob("shows/*/_show.md"):
        text = path.read_text(encoding="utf-8")
        extra = (f"image: https://cdn.example.org/{path.parent.name}/cover.jpg\nauthor: Example Studio\n"
                 "owner: {name: Pat Owner, email: pat@example.org}\nexplicit: false\n")
        path.write_text(text.replace("\n---\n", "\n" + extra + "---\n", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("feeds")
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    _with_audio(content)
    (work / "site.yaml").write_text("title: AI Show Notes\nbase_url: https://example.github.io/shownotes/\n")
    out = {}
    for name, base in (("a", "https://example.github.io/shownotes/"), ("b", "https://notes.example.org/")):
        out[name] = work / f"site-{name}"
        assert main(["build", "--content", str(content), "--out", str(out[name]), "--config", str(work / "site.yaml"),
                     "--base-url", base, "--no-search", "--no-cache"]) == 0
    return out


def _feeds(site: Path) -> dict[str, bytes]:
    return {p.parent.name: p.read_bytes() for p in sorted(site.glob("*/feed.xml"))}


def test_every_episode_is_an_episode_to_a_podcast_app(sites):
    for show, data in _feeds(sites["a"]).items():
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.entries, show
        for entry in parsed.entries:
            enclosures = [l for l in entry.links if l.get("rel") == "enclosure"]
            assert len(enclosures) == 1 and enclosures[0]["type"] == "audio/mpeg" and int(enclosures[0]["length"]) > 1000000
            assert entry.get("itunes_duration", "0").isdigit(), entry.get("itunes_duration")  # seconds, when known
            assert entry.id and not entry.id.startswith("http")


def test_apple_required_and_recommended_tags(sites):
    for show, data in _feeds(sites["a"]).items():
        channel = ET.fromstring(data).find("channel")
        for tag in ("title", "description", "language", "link", "copyright", "itunes:image", "itunes:category",
                    "itunes:explicit", "itunes:author", "itunes:owner/itunes:email", "itunes:type", "podcast:guid",
                    "podcast:locked", "atom:link", "image/url"):
            assert channel.find(tag.split("/")[0] if "/" not in tag else tag, NS) is not None, (show, tag)
        assert channel.find("itunes:image", NS).get("href") == f"https://cdn.example.org/{show}/cover.jpg"
        assert channel.find("podcast:locked", NS).get("owner") == "pat@example.org"
        assert re.fullmatch(r"[0-9a-f-]{36}", channel.find("podcast:guid", NS).text)
        for item in channel.findall("item"):
            for tag in ("title", "enclosure", "guid", "pubDate", "itunes:episode", "itunes:season",
                        "itunes:episodeType", "itunes:explicit"):
                assert item.find(tag, NS) is not None, (show, tag)
            assert item.find("guid").get("isPermaLink") == "false"


def test_guids_do_not_depend_on_the_base_url(sites):
    def ids(site):
        return {show: (re.findall(rb"<guid[^>]*>([^<]+)</guid>", data), re.findall(rb"<podcast:guid>([^<]+)<", data))
                for show, data in _feeds(site).items()}
    a, b = ids(sites["a"]), ids(sites["b"])
    assert a == b and all(guids for guids, _ in a.values())
    assert b"example.github.io" not in b"".join(g for guids, _ in a.values() for g in guids)


@pytest.mark.skipif(not XSD.is_file(), reason="needs the project's shared specifications beside the checkout "
                                           "(../shared/spec), as CI has them")
def test_podcast_elements_are_valid_against_the_namespace_schema(sites):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    defined = set(re.findall(r'<xs:element name="(\w+)">', XSD.read_text()))
    checked = set()
    for show, data in _feeds(sites["a"]).items():
        for el in etree.fromstring(data).iter("{%s}*" % NS["podcast"]):
            local = etree.QName(el).localname
            if local not in defined:
                continue
            bare = etree.Element(local, {k: v for k, v in el.attrib.items()})  # the schema has no target namespace
            bare.text = el.text
            assert schema.validate(bare), (show, etree.tostring(el), schema.error_log.last_error)
            checked.add(local)
    assert {"transcript", "chapters", "person", "locked"} <= checked


def test_transcript_tags_end_with_webvtt_so_readers_that_keep_one_keep_it(sites):
    for show, data in _feeds(sites["a"]).items():
        for item in ET.fromstring(data).iter("item"):
            types = [t.get("type") for t in item.findall("podcast:transcript", NS)]
            if types:
                assert types[-1] == "text/vtt", types
                entry_types = [t.get("type") for t in item.findall("podcast:transcript", NS)]
                assert "application/json" in entry_types


def test_persons_carry_href_and_roles(sites):
    data = _feeds(sites["a"])["interconnects"]
    persons = ET.fromstring(data).findall(".//item/podcast:person", NS)
    assert persons and all(p.get("href", "").startswith("https://example.github.io/shownotes/people/") for p in persons)
    assert {p.get("role") for p in persons} == {"host", "guest"}


def test_an_episode_without_audio_is_a_warning_not_an_error(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (tmp_path / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n")
    assert main(["check", "--content", str(content), "--config", str(tmp_path / "site.yaml")]) == 0
    err = capsys.readouterr()
    lines = [l for l in (err.out + err.err).splitlines() if "podcast apps will skip this episode" in l]
    assert len(lines) == 11 and all(": warning: no `audio`" in l for l in lines)
