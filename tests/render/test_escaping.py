"""Untrusted text is escaped everywhere: pages, feeds, exports; raw HTML only with allow_html."""
from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from generator.render import render_site

from .helpers import THEMES, load_fixture

SCRIPT = "<script>alert(1)</script>"


def test_script_in_a_title_is_escaped_everywhere(site):
    hits = [rel for rel, data in site.items() if not rel.startswith("assets/") and SCRIPT.encode() in data]
    assert not hits, hits
    page = site["signal-and-noise/solo-notes/index.html"].decode()
    assert "<title>Solo notes: &lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in page
    # every page that shows the title got it escaped: the show page, home, the neighbour's pager, the feed
    for rel in ["index.html", "signal-and-noise/index.html", "signal-and-noise/caption-dump/index.html",
                "signal-and-noise/feed.xml"]:
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in site[rel], rel
    root = ET.fromstring(site["signal-and-noise/feed.xml"])
    titles = [t.text for t in root.iter("title")]
    assert "Solo notes: <script>alert(1)</script> & friends" in titles  # escaped once, reads back intact


def test_raw_html_in_markdown_is_text_unless_allowed(site):
    page = site["signal-and-noise/solo-notes/index.html"].decode()
    assert "&lt;em&gt;HTML&lt;/em&gt;" in page and "<em>HTML</em>" not in page
    bio = site["people/grace-guest/index.html"].decode()
    assert "&lt;b&gt;them&lt;/b&gt;" in bio
    lib = load_fixture()
    lib.config = dataclasses.replace(lib.config, allow_html=True)
    allowed = render_site(lib, lib.config.base_url, THEMES)
    assert "<em>HTML</em>" in allowed["signal-and-noise/solo-notes/index.html"].decode()
    assert "<b>them</b>" in allowed["people/grace-guest/index.html"].decode()
    # plain front matter text (titles, summaries) is never HTML, whatever allow_html says
    assert SCRIPT.encode() not in allowed["signal-and-noise/solo-notes/index.html"]


def test_transcript_text_escaped_in_vtt_and_json(site):
    vtt = site["signal-and-noise/compilers-all-the-way-down/transcript.vtt"].decode()
    assert "hello &lt;3." in vtt and "Signal &amp; Noise" in vtt
    assert "hello <3" in site["signal-and-noise/compilers-all-the-way-down/transcript.json"].decode()


def test_external_links_are_noopener(site):
    page = site["signal-and-noise/compilers-all-the-way-down/index.html"].decode()
    assert '<a href="https://lab.example.org/?a=1&amp;b=2" rel="noopener">the lab</a>' in page
    # root-relative links in Markdown get the base path
    assert '<a href="/shownotes/people/grace-guest/">her page</a>' in page
