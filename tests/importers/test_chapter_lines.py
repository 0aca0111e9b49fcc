"""Chapter lines found in free text (generator/importers/chapter_lines.py): every shape the
contract lists (DESIGN §3a), Markdown as markdownify writes it, what is not a chapter, the list
rule, strip_chapters' body, and that nothing raises or takes long."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_budget import budget  # the profile scales it: tests/conftest.py
from markdownify import markdownify

from generator.importers.chapter_lines import ChapterScan, find_chapters, strip_chapters
from generator.importers.records import TimedTitle


def chapters(text: str) -> list[tuple[int, str]]:
    return [(c.start, c.title) for c in find_chapters(text.split("\n")).chapters]


# ---------------------------------------------------------------- shapes

SHAPES = {
    "paren": ("(00:00) Intro\n(12:30) The middle\n(1:02:03) The end",
              [(0, "Intro"), (750, "The middle"), (3723, "The end")]),
    "paren em dash": ("(00:00) — Intro\n(05:10) – Next\n(1:00:00) - Last",
                      [(0, "Intro"), (310, "Next"), (3600, "Last")]),
    "paren list items": ("- (00:00) Intro\n- (02:00) Two", [(0, "Intro"), (120, "Two")]),
    "bullet dashes": ("- 0:00:00 – Intro\n- 0:12:30 — Middle\n- 1:02:03 - End\n- 1:05:00: Colon\n- 1:10:00 Nothing",
                      [(0, "Intro"), (750, "Middle"), (3723, "End"), (3900, "Colon"), (4200, "Nothing")]),
    "title colon time": ("- Intro: 00:00:00\n- The middle: 00:12:30", [(0, "Intro"), (750, "The middle")]),
    "title dash time": ("Intro - 00:00\nSponsors - 12:34\nWrap — 40:00",
                        [(0, "Intro"), (754, "Sponsors"), (2400, "Wrap")]),
    "title paren time": ("Intro (00:00)\nThe middle (12:34)\nEnd [1:00:00]",
                         [(0, "Intro"), (754, "The middle"), (3600, "End")]),
    "star bullet": ("* 00:00 Intro\n* 02:29 Sponsors\n* 07:35 The main event",
                    [(0, "Intro"), (149, "Sponsors"), (455, "The main event")]),
    "plus and bullet char": ("+ 00:00 Intro\n• 01:00 Next\n1. 02:00 Numbered\n2) 03:00 Paren number",
                             [(0, "Intro"), (60, "Next"), (120, "Numbered"), (180, "Paren number")]),
    "bold link stamp": ("* **[00:00](#t=00:00)** Intro\n* **[12:30](#t=12:30)** Middle",
                        [(0, "Intro"), (750, "Middle")]),
    "youtube link stamp": ("[00:00](https://youtube.com/watch?v=x&t=0s) Intro\n"
                           "[12:34](https://youtube.com/watch?v=x&t=754s) Title",
                           [(0, "Intro"), (754, "Title")]),
    "link with title": ('[00:00](https://e.org/a_(b) "t") Intro\n[01:00](<https://e.org/b c>) Next',
                        [(0, "Intro"), (60, "Next")]),
    "brackets": ("[00:00:00] Intro\n[00:12:30] Middle", [(0, "Intro"), (750, "Middle")]),
    "bold stamp": ("**00:00:00** Intro\n**00:12:30** Middle", [(0, "Intro"), (750, "Middle")]),
    "bare": ("00:00:00 Intro\n00:12:30 Middle", [(0, "Intro"), (750, "Middle")]),
    "headings": ("### 00:00 Intro\n### 05:00 Next", [(0, "Intro"), (300, "Next")]),
    "range": ("00:00 - 05:00 Intro\n05:00-10:00 Next\n10:00 to 12:00: Last",
              [(0, "Intro"), (300, "Next"), (600, "Last")]),
    "M:SS and fractions": ("0:00 Intro\n9:59 Near ten\n10:00.500 Ten", [(0, "Intro"), (599, "Near ten"), (600, "Ten")]),
    "run together": ("00:00 Intro 02:29 Sponsors 07:35 The main event",
                     [(0, "Intro"), (149, "Sponsors"), (455, "The main event")]),
    "run together paren": ("(00:00) Intro (02:29) Sponsors", [(0, "Intro"), (149, "Sponsors")]),
    "run together separators": ("00:00 Intro | 02:29 Sponsors; 07:35 Main - 09:00 End",
                                [(0, "Intro"), (149, "Sponsors"), (455, "Main"), (540, "End")]),
    "run together title first": ("Intro (00:00) Sponsors (02:29)", [(0, "Intro"), (149, "Sponsors")]),
    "squashed": ("[00:00:00] Intro[00:05:10] Next[00:12:00] Last", [(0, "Intro"), (310, "Next"), (720, "Last")]),
    "br two spaces": ("Topics:  \n(00:00) Intro  \n(12:30) Middle  \n(40:00) Wrap-up",
                      [(0, "Intro"), (750, "Middle"), (2400, "Wrap-up")]),
    "br backslash": ("(00:00) Intro\\\n(12:30) Middle\\\n(40:00) Wrap-up",
                     [(0, "Intro"), (750, "Middle"), (2400, "Wrap-up")]),
    "escaped": ("\\[00:00\\] Intro\n\\(01:00\\) Next\n02:00 \\- Dash \\*starred\\* snake\\_case\n\\- 03:00 Escaped bullet\n"
                "4\\. 04:00 Escaped number",
                [(0, "Intro"), (60, "Next"), (120, "Dash *starred* snake_case"), (180, "Escaped bullet"),
                 (240, "Escaped number")]),
    "link text kept": ("00:00 Why [widgets](https://example.org/widgets) matter\n05:00 **Bold** and _it_ and `code`",
                       [(0, "Why widgets matter"), (300, "Bold and it and code")]),
    "title with colon": ("00:00 Intro\n12:30 Q&A: what comes next\n20:00 Part 2: more",
                         [(0, "Intro"), (750, "Q&A: what comes next"), (1200, "Part 2: more")]),
    "trailing separators": ("00:00 Intro -\n01:00 Next: \n02:00 Last |", [(0, "Intro"), (60, "Next"), (120, "Last")]),
    "whole line link": ("* [00:00 Intro](#t=0)\n* [05:00 Next](#t=300)", [(0, "Intro"), (300, "Next")]),
    "dotted title": ("00:00 .NET at 20\n05:00 Next...", [(0, ".NET at 20"), (300, "Next...")]),
    "emoji lead": ("▶ 00:00 Intro\n▶ 05:00 Next", [(0, "Intro"), (300, "Next")]),
    "with prose around": ("Welcome to the show.\n\nChapters:\n00:00 Intro\n05:00 Next\n\nThanks for listening!",
                          [(0, "Intro"), (300, "Next")]),
}


@pytest.mark.parametrize("text,expected", list(SHAPES.values()), ids=list(SHAPES))
def test_shapes(text, expected):
    assert chapters(text) == expected


def test_scan_lines_are_the_chapter_lines():
    lines = ["Hello", "", "(00:00) Intro", "(05:00) Next", "", "Bye"]
    scan = find_chapters(lines)
    assert isinstance(scan, ChapterScan)
    assert scan.chapters == [TimedTitle(0, "Intro"), TimedTitle(300, "Next")]
    assert scan.lines == {2, 3}


# ---------------------------------------------------------------- not chapters

NOT_CHAPTERS = {
    "prose": "at 12:30 we talk about the thing\nand at 45:00 we stop",
    "phone": "call 555-12:30\ncall 555-45:00",
    "clock leads": "10:00 AM Breakfast\n3:30pm Tea\n4:00 p.m. Dinner\n9:00 UTC Call",
    "clock trails": "Meet at 10:00 AM\nLunch at 12:30 pm",
    "lone": "(12:30) something",
    "lone with prose": "Intro text\n(12:30) something\nmore text",
    "no title": "(00:00)\n(05:00)\n[10:00]",
    "bad times": "00:60 Intro\n1:60:00 Next\n99:99 x",
    "ratio and version": "Odds 3:1 and 12:30:45:10 Intro\nv1:23 x\nversion 2.12:30",
    "long paragraph": "00:00 " + "word " * 80 + "\n05:00 " + "word " * 80,
    "url": "see https://e.org/12:30 here\nsee https://e.org/45:00 there",
    "code fence": "```\n00:00 Intro\n05:00 Next\n```",
}


@pytest.mark.parametrize("text", list(NOT_CHAPTERS.values()), ids=list(NOT_CHAPTERS))
def test_not_chapters(text):
    scan = find_chapters(text.split("\n"))
    assert scan.chapters == [] and scan.lines == set()


def test_time_inside_title_is_not_a_new_chapter_after_prose_words():
    assert chapters("00:00 Intro, we meet at 9:30 sharp\n05:00 From 10:00 to 11:00 we talk") == [
        (0, "Intro, we meet at 9:30 sharp"), (300, "From 10:00 to 11:00 we talk")]


def test_clock_in_a_list_is_left_out():
    assert chapters("00:00 Intro\n10:00 AM News\n12:00 Next") == [(0, "Intro"), (720, "Next")]


def test_prose_lines_are_not_chapter_lines():
    lines = ["00:00 Intro", "We start at 12:30 sharp.", "05:00 Next"]
    assert find_chapters(lines).lines == {0, 2}


# ---------------------------------------------------------------- nested links

def test_nested_link_under_a_chapter_is_not_a_chapter():
    lines = ["* 00:00 Intro",
             "  * [A link under a chapter](https://example.org/x)",
             "  * [12:30](https://example.org/y)",
             "* **[05:00](#t=05:00)** Next",
             "    - [Another](https://example.org/z)"]
    scan = find_chapters(lines)
    assert [(c.start, c.title) for c in scan.chapters] == [(0, "Intro"), (300, "Next")]
    assert scan.lines == {0, 3}


def test_nested_chapters_under_a_plain_item_are_chapters():
    lines = ["* Chapters", "  * [00:00 Intro](#t=0)", "  * [05:00 Next](#t=300)"]
    assert [(c.start, c.title) for c in find_chapters(lines).chapters] == [(0, "Intro"), (300, "Next")]


def test_nested_timed_bullet_is_a_chapter():
    assert chapters("* 00:00 Intro\n  * 02:00 Sub-topic\n* 05:00 Next") == [(0, "Intro"), (120, "Sub-topic"), (300, "Next")]


# ---------------------------------------------------------------- the list rule

ORDER = {
    "one out of order": ("00:00 Intro\n05:00 A\n03:00 B\n10:00 C", [(0, "Intro"), (300, "A"), (600, "C")]),
    "duplicates keep first": ("00:00 Intro\n00:00 Cold open\n05:00 Next\n05:00 Again",
                              [(0, "Intro"), (300, "Next")]),
    "list given twice": ("00:00 Intro\n05:00 Next\n00:00 Intro\n05:00 Next", [(0, "Intro"), (300, "Next")]),
    "unrelated times": ("Lunch - 45:00\nTea - 12:00\nDinner - 30:00\nSnack - 05:00", []),
    "starts at first run": ("00:00 A\n10:00 B\n01:00 C\n02:00 D\n20:00 E", [(0, "A"), (600, "B"), (1200, "E")]),
}


@pytest.mark.parametrize("text,expected", list(ORDER.values()), ids=list(ORDER))
def test_order(text, expected):
    assert chapters(text) == expected


def test_out_of_order_line_stays_in_the_body_and_duplicates_go():
    scan = find_chapters(["00:00 Intro", "05:00 A", "03:00 B", "05:00 A again", "10:00 C"])
    assert scan.lines == {0, 1, 3, 4}
    found, body = strip_chapters("00:00 Intro\n05:00 A\n03:00 B\n05:00 A again\n10:00 C")
    assert body == "03:00 B"


# ---------------------------------------------------------------- strip_chapters

BODIES = {
    "label and br": ("Topics:  \n(00:00) Intro  \n(12:30) Middle  \n(40:00) Wrap-up\n\nMore text here.\n",
                     "More text here.\n"),
    "prose around": ("Welcome.\n\nChapters:\n\n00:00 Intro\n05:00 Next\n\n\n\nThanks for listening!",
                     "Welcome.\n\nThanks for listening!"),
    "atx heading to next heading": ("Intro text.\n\n## Timestamps\n\n- 00:00 Intro\n- 05:00 Next\n\n## Links\n\n- a",
                                    "Intro text.\n\n## Links\n\n- a"),
    "atx heading keeps prose under it": ("## Show notes\n\n00:00 Intro\n05:00 Next\n\nWe talk about tides.",
                                         "## Show notes\n\nWe talk about tides."),
    "setext heading": ("Hello\n\nIn this episode\n---------------\n\n* 00:00 Intro\n* 05:00 Next\n\nLinks\n-----\n\nx",
                       "Hello\n\nLinks\n-----\n\nx"),
    "bold label": ("**Chapters:**\n\n(00:00) Intro\n(05:00) Next\n\nBye", "Bye"),
    "nested link keeps label": ("Chapters:\n* 00:00 Intro\n  * [A link](https://example.org/x)\n* 05:00 Next",
                                "Chapters:\n  * [A link](https://example.org/x)"),
    "paragraph continues": ("Topics:\\\n(00:00) Intro\\\n(05:00) Next\\\nSee you soon",
                            "Topics:\\\nSee you soon"),
    "hard break before nothing": ("Hello there\\\n(00:00) Intro\\\n(05:00) Next", "Hello there"),
    "unrelated label stays": ("Links:\n\n00:00 Intro\n05:00 Next\n\nBye", "Links:\n\nBye"),
    "only chapters": ("00:00 Intro\n05:00 Next\n", ""),
    "run together line": ("Intro text\n\n00:00 Intro 02:29 Sponsors 07:35 Main\n\nOutro", "Intro text\n\nOutro"),
}


@pytest.mark.parametrize("markdown,body", list(BODIES.values()), ids=list(BODIES))
def test_strip_chapters_body(markdown, body):
    found, rest = strip_chapters(markdown)
    assert len(found) >= 2
    assert rest == body


def test_strip_chapters_without_chapters_returns_the_text_unchanged():
    text = "Hello  \nThere\n\n\n\nat 12:30 we talk.\n"
    assert strip_chapters(text) == ([], text)


def test_strip_chapters_crlf():
    found, rest = strip_chapters("Hi\r\n\r\n00:00 Intro\r\n05:00 Next\r\n")
    assert [(c.start, c.title) for c in found] == [(0, "Intro"), (300, "Next")]
    assert rest == "Hi\n"


# ---------------------------------------------------------------- through markdownify

HTML = {
    "paragraph with br": ("<p>Topics:<br>(00:00) Intro<br>(12:30) The middle part<br>(40:00) Wrap-up</p><p>Bye</p>",
                          [(0, "Intro"), (750, "The middle part"), (2400, "Wrap-up")], "Bye"),
    "list of links": ('<p>Hi</p><ul><li><a href="#t=0">00:00</a> Intro</li>'
                      '<li><b><a href="#t=754">12:34</a></b> Why <a href="https://example.org/w">widgets</a> matter'
                      '<ul><li><a href="https://example.org/x">A link under a chapter</a></li></ul></li>'
                      '<li><a href="https://youtube.com/watch?v=x&amp;t=1500s">25:00</a> Last_part</li></ul>',
                      [(0, "Intro"), (754, "Why widgets matter"), (1500, "Last_part")],
                      "Hi\n\n  + [A link under a chapter](https://example.org/x)"),
    "heading and brackets": ("<p>Hello</p><h2>Timestamps</h2><p>[00:00] Intro<br/>[01:00] Next - thing_one *star*</p>"
                             "<h2>Links</h2><p>x</p>",
                             [(0, "Intro"), (60, "Next - thing_one *star*")], "Hello\n\nLinks\n-----\n\nx"),
    "paragraph per chapter": ("<p>00:00 - Intro</p><p>05:00 - Next</p><p>10:00 - Last</p><p>Sponsor: Acme</p>",
                              [(0, "Intro"), (300, "Next"), (600, "Last")], "Sponsor: Acme"),
    "ordered list title first": ("<ol><li>Intro: 00:00</li><li>The middle: 12:30</li></ol>",
                                 [(0, "Intro"), (750, "The middle")], ""),
    "squashed spans": ("<p><span>[00:00:00]</span>Intro<span>[00:05:10]</span>Next<span>[00:12:00]</span>Last</p>",
                       [(0, "Intro"), (310, "Next"), (720, "Last")], ""),
}


@pytest.mark.parametrize("options", [{}, {"escape_misc": True}, {"newline_style": "backslash"}],
                         ids=["default", "escape_misc", "backslash"])
@pytest.mark.parametrize("html,expected,body", list(HTML.values()), ids=list(HTML))
def test_markdownify_output(html, expected, body, options):
    markdown = markdownify(html, **options)
    found, rest = strip_chapters(markdown)
    assert [(c.start, c.title) for c in found] == expected
    assert rest.replace("\\-", "-") == body.replace("\\-", "-")


def test_markdownify_prose_is_not_chapters():
    markdown = markdownify("<p>We recorded at 10:00 AM.</p><p>At 12:30 we talk about tides; call 555-12:30.</p>")
    assert strip_chapters(markdown) == ([], markdown)


# ---------------------------------------------------------------- robustness

ADVERSARIAL = {
    "times": "00:00 " * 17000, "ascending": " ".join(f"{i // 60:02d}:{i % 60:02d} x" for i in range(3600)),
    "brackets": "[" * 100_000, "parens": "(" * 100_000, "links": "[a](" * 25_000, "open link": "[a](" + "x" * 100_000,
    "stars": "*" * 100_000, "underscores": "_" * 100_000, "backslashes": "\\" * 100_000, "colons": "1:" * 50_000,
    "spaces": "00:00" + " " * 100_000 + "x", "dashes": "- " * 50_000 + "00:00", "squashed": "[00:00:00] Intro" * 6000,
    "escapes": "\\[" * 50_000, "ranges": "12:30 - " * 12_000, "clocks": "1:00 pm " * 12_000, "tags": "<a" * 50_000,
    "nested": "[a [b](" * 15_000, "url parens": "[x](" + "(a" * 50_000, "separators": "x" + " -" * 50_000 + " 12:30",
}


@pytest.mark.parametrize("line", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
def test_adversarial_line_is_fast(line):
    started = time.perf_counter()
    scan = find_chapters(["00:00 Intro", line, "59:00 End"])
    strip_chapters(line)
    assert time.perf_counter() - started < 3
    starts = [c.start for c in scan.chapters]
    assert starts == sorted(set(starts))


def test_odd_inputs_do_not_raise():
    assert find_chapters([]) == ChapterScan()
    assert find_chapters(["", "\n", "\r", "\t"]).chapters == []
    assert find_chapters([None, 3, "00:00 a", "01:00 b"]).chapters == [TimedTitle(0, "a"), TimedTitle(60, "b")]  # type: ignore[list-item]
    assert strip_chapters("") == ([], "")


LINE_PIECES = st.sampled_from([
    "00:00", "(12:30)", "[1:02:03]", "\\[00:05\\]", "**", "*", "_", "-", " - ", ": ", "—", "[", "]", "(", ")",
    "](", "[a](https://e.org/x)", "#t=", "Intro", "Q&A:", " ", "  ", "\\", "AM", "pm", "99:99", "1:60:00", "•",
    "1.", "+", "<br>", "```", "Chapters", "## ", "\u00a0", "\u200b", "00:", ":00", "5", "\n",
])
LINES = st.lists(st.one_of(st.text(max_size=40), st.lists(LINE_PIECES, max_size=12).map("".join)), max_size=20)


@settings(max_examples=budget(100), deadline=None)
@given(LINES)
def test_find_chapters_never_raises_and_is_ascending(lines):
    scan = find_chapters(lines)
    starts = [c.start for c in scan.chapters]
    assert starts == sorted(set(starts))
    assert all(0 <= i < len(lines) for i in scan.lines)
    assert all(c.title and c.title == c.title.strip() for c in scan.chapters)
    assert (len(scan.chapters) >= 2) == bool(scan.lines)
    found, body = strip_chapters("\n".join(lines))
    assert [c.start for c in found] == sorted({c.start for c in found})
