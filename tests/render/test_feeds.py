"""Feeds and exports read back with real parsers: feedparser, json, the WebVTT shape."""
from __future__ import annotations

import json
import re

import feedparser

from generator.captions import transcript_vtt
from generator.transcripts import Cue

BASE = "https://example.github.io/shownotes/"


def test_rss_feed_reads_back(site):
    d = feedparser.parse(site["signal-and-noise/feed.xml"])
    assert not d.bozo, d.get("bozo_exception")
    assert d.version == "rss20"
    assert d.feed.title == "Signal & Noise"
    assert d.feed.link == BASE + "signal-and-noise/"
    assert d.feed.language == "en"
    assert d.feed.author == "Ada Host"
    assert [e.title for e in d.entries] == ["Compilers all the way down | Grace Guest",
                                           "Solo notes: <script>alert(1)</script> & friends",
                                           "Caption dump: the hardware lottery"]
    first = d.entries[0]
    assert first.link == BASE + "signal-and-noise/compilers-all-the-way-down/"
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", first.id)  # stable, not the URL
    assert first.guidislink is False or first.id == first.link
    assert first.published == "Mon, 02 Mar 2026 00:00:00 +0000"
    assert first.itunes_duration == "3900"  # seconds, as Apple asks
    assert first.summary.startswith("Grace Guest on why every program")
    assert [(l.href, l.type) for l in first.links if l.rel == "enclosure"] == \
        [("https://media.example.org/sn/compilers.mp3", "audio/mpeg")]
    assert not [l for l in d.entries[1].links if l.rel == "enclosure"]  # no audio, no enclosure


def test_podcast_namespace_elements(site):
    raw = site["signal-and-noise/feed.xml"].decode()
    assert 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"' in raw
    assert 'xmlns:podcast="https://podcastindex.org/namespace/1.0"' in raw
    assert '<itunes:category text="Technology"/>' in raw
    d = feedparser.parse(site["signal-and-noise/feed.xml"])
    first = d.entries[0]
    ep = BASE + "signal-and-noise/compilers-all-the-way-down/"
    # feedparser keeps the last of repeated namespaced elements; check every one in the raw XML
    item = raw[raw.index("<item>"):raw.index("</item>")]
    assert f'<podcast:chapters url="{ep}chapters.json" type="application/json+chapters"/>' in item
    assert f'<podcast:transcript url="{ep}transcript.vtt" type="text/vtt"/>' in item
    assert f'<podcast:transcript url="{ep}transcript.json" type="application/json"/>' in item
    persons = re.findall(r'<podcast:person role="(\w+)" href="([^"]+)">([^<]+)</podcast:person>', item)
    assert persons == [("host", BASE + "people/ada-host/", "Ada Host"), ("guest", BASE + "people/grace-guest/", "Grace Guest")]
    assert "podcast_chapters" in first or "podcast_transcript" in first or "podcast_person" in first
    untimed = raw[raw.index("<title>Caption dump"):]
    untimed = untimed[:untimed.index("</item>")]
    assert "podcast:transcript" not in untimed and "podcast:chapters" in untimed


def test_feed_urls_point_at_outputs(site):
    for url in re.findall(r'url="([^"]+)"', site["signal-and-noise/feed.xml"].decode() + site["deep-dives/feed.xml"].decode()):
        if url.startswith(BASE):
            assert url[len(BASE):] in site, url


def test_drafts_render_but_stay_out_of_feeds_and_sitemap():
    from .helpers import render_fixture
    out = render_fixture(BASE, drafts=True)
    assert "deep-dives/coming-soon/index.html" in out
    assert b'<meta name="robots" content="noindex">' in out["deep-dives/coming-soon/index.html"]
    assert b"coming-soon" not in out["deep-dives/feed.xml"]
    assert b"coming-soon" not in out["sitemap.xml"]


def test_chapters_json(site):
    data = json.loads(site["signal-and-noise/compilers-all-the-way-down/chapters.json"])
    assert data["version"] == "1.2.0"
    assert data["chapters"][:2] == [{"startTime": 0, "title": "Cold open"}, {"startTime": 60, "title": "Who is Grace?"}]
    assert "signal-and-noise/solo-notes/chapters.json" not in site


def test_transcript_json(site):
    data = json.loads(site["signal-and-noise/compilers-all-the-way-down/transcript.json"])
    assert data["version"] == "1.0.0"
    segs = data["segments"]
    assert len(segs) == 8
    assert all(set(s) == {"speaker", "startTime", "endTime", "body"} for s in segs)
    assert segs[0]["speaker"] == "Ada Host" and segs[0]["startTime"] == 5
    assert segs[1]["speaker"] == "Grace Guest"  # alias "Grace G." resolved to the person's name
    assert all(s["endTime"] > s["startTime"] for s in segs)
    assert all(a["endTime"] <= b["startTime"] for a, b in zip(segs, segs[1:]))
    assert segs[2]["body"] == "So who are you, Grace?\nA continuation paragraph of Ada's question, with emphasis."
    assert segs[-1]["endTime"] == 3900  # the last one ends with the episode
    # only timed transcripts get exports
    assert "signal-and-noise/caption-dump/transcript.json" not in site
    last = json.loads(site["deep-dives/grace-returns/transcript.json"])["segments"]
    assert last[-1] == {"speaker": "", "startTime": 1200, "endTime": 1800, "body": "Nobody is named here."}


def test_transcript_vtt(site):
    vtt = site["signal-and-noise/compilers-all-the-way-down/transcript.vtt"].decode()
    assert vtt.startswith("WEBVTT\n\n")
    cues = vtt.split("\n\n")[1:]
    assert len(cues) == 8
    for cue in cues:
        ident, timing, *text = cue.strip("\n").split("\n")
        assert re.fullmatch(r"t-\d\d-\d\d-\d\d(-\d+)?", ident)
        assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}", timing)
        assert text and all(line.strip() for line in text)
    assert "<v Grace Guest>Thanks for having me." in vtt
    assert "\n<v " in vtt and "-->" not in vtt.split("\n", 3)[-1].replace(" --> ", "")


def test_vtt_escapes_voice_and_text():
    out = transcript_vtt([Cue("t-00-00-01", 1, 2, "A <b> & B", "x --> y\n\n<i>z</i>")]).decode()
    assert out == "WEBVTT\n\nt-00-00-01\n00:00:01.000 --> 00:00:02.000\n<v A &lt;b&gt; &amp; B>x --&gt; y\n&lt;i&gt;z&lt;/i&gt;\n"


def test_sitemap_and_robots(site):
    sm = site["sitemap.xml"].decode()
    locs = re.findall(r"<loc>(.*?)</loc>", sm)
    assert all(l.startswith(BASE) for l in locs)
    pages = {l[len(BASE):] + "index.html" for l in locs}
    assert pages <= set(site)
    episodes = {rel for rel in site if rel.count("/") == 2 and rel.endswith("/index.html")
                and not rel.startswith(("people/", "topics/", "search/"))}
    assert episodes <= pages
    assert site["robots.txt"].decode().endswith(f"Sitemap: {BASE}sitemap.xml\n")


def test_no_tag_from_content_survives_in_a_readers_view_of_descriptions(site):
    """A reader decodes the XML, then renders the description as HTML: it must show the text
    `<script>`, not run it (feedparser with its sanitiser off is such a reader)."""
    d = feedparser.parse(site["signal-and-noise/feed.xml"], sanitize_html=False)
    solo = next(e for e in d.entries if e.title.startswith("Solo notes"))
    assert "<script>" not in solo.summary and "&lt;script&gt;" in solo.summary
    assert all("<" not in e.summary for e in d.entries)
