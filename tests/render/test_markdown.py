"""Markdown: the fast path for plain transcript paragraphs gives exactly the full parser's bytes."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st
from hypothesis_budget import budget  # the profile scales it: tests/conftest.py

from generator.render.markdown import Markdown, is_plain

MD = Markdown(allow_html=False, base_path="/shownotes/")
MD_HTML = Markdown(allow_html=True, base_path="/")

# text built from the characters that matter to Markdown, plus ordinary words and whitespace
ALPHABET = list("abc XYZ019.,:;'\"()-+=#>*_`~[]!<>&\\|/?%$\t\n\r\u00a0\u2028é😀")
WORDS = st.lists(st.sampled_from(ALPHABET + ["word", "http://x.y/z", "&amp;", "1.", "1)", "- ", "# ", "    "]),
                 max_size=30).map("".join)


@settings(max_examples=budget(3000), deadline=None)
@given(WORDS)
def test_fast_path_matches_full_parser(text):
    assert MD.paragraph(text) == MD.full(text, min_heading=4)
    assert MD_HTML.paragraph(text) == MD_HTML.full(text, min_heading=4)


@settings(max_examples=budget(500), deadline=None)
@given(st.text(max_size=40))
def test_fast_path_matches_on_any_text(text):
    assert MD.paragraph(text) == MD.full(text, min_heading=4)


def test_fast_path_is_taken_for_ordinary_speech():
    line = "So I think the \"frontier\" is moving - fast; 40% of labs (maybe more) agree, don't they?"
    assert is_plain(line)
    assert MD.paragraph(line) == "<p>So I think the &quot;frontier&quot; is moving - fast; 40% of labs (maybe more) agree, don't they?</p>\n"
    for markdown in ["*a*", "a_b", "[x](y)", "# h", "- item", "1. item", "a\nb", " lead", "x &amp; y", "<b>", "`c`"]:
        assert not is_plain(markdown), markdown


def test_rules_links_headings_tables():
    out = MD.render("# Top\n\n### Deeper\n\n[in](/people/x/) [out](https://e.org) [rel](page/) ![i](/img.png)\n\n"
                    "| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<h2>Top</h2>" in out and "<h4>Deeper</h4>" in out  # demoted: the page has the only h1
    assert "<h3>Sub</h3>" in MD.render("### Sub\n\ntext", min_heading=3)  # never promoted
    assert "<h3>Sub</h3>" in MD.render("### Sub\n\ntext", min_heading=2)
    assert '<a href="/shownotes/people/x/">in</a>' in out
    assert '<a href="https://e.org" rel="noopener">out</a>' in out
    assert '<a href="page/">rel</a>' in out
    assert '<img src="/shownotes/img.png" alt="i" />' in out
    assert '<div class="table-wrap">\n<table>' in out and "</table>\n</div>" in out
    assert "href=\"javascript" not in MD.render("[x](javascript:alert(1))")


def test_plain_text():
    assert MD.text("Hello **bold** [link](https://x.y) and `code`\nnext line") == "Hello bold link and code next line"
    assert MD.text("a \\*literal\\* star") == "a *literal* star"
    assert MD.text("") == ""
