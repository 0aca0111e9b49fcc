"""Every internal href, src and #fragment of the rendered fixture site resolves, at / and under a sub-path."""
from __future__ import annotations

import pytest

from .helpers import Page, broken_links, render_fixture


@pytest.mark.parametrize("base", ["/", "http://127.0.0.1:8000/", "https://example.github.io/shownotes/"])
def test_every_internal_link_resolves(base):
    site = render_fixture(base)
    broken, checked = broken_links(site, base)
    assert checked > 300
    assert not broken, broken[:10]


def test_links_carry_the_base_path(site):
    for rel, data in site.items():
        if not rel.endswith(".html"):
            continue
        for tag, url in Page(data.decode()).links:
            if url.startswith("/"):
                assert url.startswith("/shownotes/"), (rel, url)
            elif not url.startswith(("#", "https://", "http://")):
                raise AssertionError(f"{rel}: relative link {url}")
            if url.startswith("https://example.github.io"):
                assert tag == "link", (rel, url)  # absolute only for canonical/alternate


def test_404_links_work_from_any_depth(site):
    page = Page(site["404.html"].decode())
    assert all(url.startswith(("/shownotes/", "#")) for _, url in page.links)


def test_cross_links_between_shows(site):
    a = site["signal-and-noise/compilers-all-the-way-down/index.html"].decode()
    b = site["deep-dives/grace-returns/index.html"].decode()
    assert 'href="/shownotes/deep-dives/grace-returns/"' in a
    assert 'href="/shownotes/signal-and-noise/compilers-all-the-way-down/"' in b
    assert "<h2>Also with <a href=\"/shownotes/people/grace-guest/\">Grace Guest</a></h2>" in b
    person = site["people/grace-guest/index.html"].decode()
    assert person.index("Deep Dives</a></h3>") < person.index("Signal &amp; Noise</a></h3>")  # latest show first
    for rel in ["deep-dives/grace-returns/", "signal-and-noise/compilers-all-the-way-down/",
                "signal-and-noise/caption-dump/"]:
        assert f'href="/shownotes/{rel}"' in person
    assert "— <time datetime=\"2026-03-10\">10 March 2026</time>, guest</span>" in person
