"""The listener's page (issue 11), as HTML: moments and the times that seek, chapters placed inside long
segments by the speaking pace, one time format a page, clean search indexing, the player bar's markup,
topic names, person links, the show page's description, the nav's current section."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.config import load_config
from generator.content import load_library
from generator.model import Chapter, Episode, Segment
from generator.render import render_site
from generator.render.anchors import chapter_places, compute_anchors, speaking_rate
from generator.render.markdown import Markdown, Moment

from .helpers import THEMES, Page, broken_links

BASE = "https://example.org/sub/"
AUDIO = "https://media.example.org/a.mp3"

DESCRIPTION = " ".join(["A long opening paragraph about the episode, with enough words to count."] * 6)


def _ep(front: str, body: str) -> str:
    return f"---\n{front.strip()}\n---\n{body.lstrip()}"


FILES = {
    "people/ada-host.md": "---\nname: Ada Host\nrole: host\n---\nAda.\n",
    "people/grace-guest.md": "---\nname: Grace Guest\nrole: guest\nlinks:\n  - {title: X, url: 'https://x.com/grace'}\n"
                             "  - {title: Website, url: 'https://grace.example.org/'}\n---\nGrace.\n",
    # the About text repeats the description: printed once
    "shows/talk/_show.md": "---\ntitle: Talk\nhosts: [ada-host]\ndescription: Talks about things.\nlanguage: en\n---\n"
                           "Talks about things.\n",
    "shows/talk/2026-03-01-timed-with-audio.md": _ep(f"""
title: Timed, with audio
date: 2026-03-01
duration: "0:20:00"
guests: [grace-guest]
audio: {AUDIO}
chapters:
  - {{start: "0:00:00", title: Start}}
  - {{start: "0:05:00", title: Inside the long one}}
topics: [ai-machine-learning, "Compilers & Caches"]
transcript_timing: exact
""", f"""
{DESCRIPTION}

Second paragraph. (01:08) is written with a leading zero.

{DESCRIPTION}

## Transcript

[0:00:10] **Ada Host:** One two three four five six seven eight nine ten. Eleven twelve.

[0:02:00] **Grace Guest:** {" ".join(f"Sentence number {i} has five words." for i in range(1, 41))}

[0:10:00] **Ada Host:** The end.
"""),
    "shows/talk/2026-03-02-audio-no-transcript.md": _ep(f"""
title: Audio, no transcript
date: 2026-03-02
duration: "0:30:00"
audio: {AUDIO}
chapters:
  - {{start: "0:00:00", title: Hello}}
  - {{start: "0:12:30", title: Middle}}
highlights:
  - {{start: "0:12:30", title: Same time as a chapter}}
  - {{start: "0:20:00", title: Later}}
topics: ["AI & Machine Learning"]
""", "Points at (12:30) and (20:00), and (99:00) is not a time of this episode.\n"),
    "shows/talk/2026-03-03-neither.md": _ep("""
title: Neither audio nor timed transcript
date: 2026-03-03
chapters:
  - {start: "0:00:00", title: Hello}
  - {start: "0:04:03", title: Later}
highlights:
  - {start: "0:13:01", title: A highlight}
""", "Said at (04:03) and at (13:01).\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("listener")
    (root / "site.yaml").write_text(f"title: Listener\nbase_url: {BASE}\nlanguage: en\n")
    for rel, text in FILES.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config, problems = load_config(root / "site.yaml", None)
    assert config is not None, problems
    lib, problems = load_library(root / "content", config, False)
    assert lib is not None, [str(p) for p in problems]
    return render_site(lib, lib.config.base_url, THEMES)


def page(built, rel: str) -> str:
    return built[rel + "index.html"].decode()


def test_every_link_resolves_moments_included(built):
    broken, checked = broken_links(built, BASE)
    assert not broken and checked > 50


# ------------------------------------------------------------------ times and moments

def test_timed_episode_times_link_to_segments_and_seek(built):
    text = page(built, "talk/timed-with-audio/")
    # the inline stamp in the description became a link to its segment, in the page's format
    assert 'Second paragraph. (<a href="#t-00-00-10" data-t="68">1:08</a>) is written' in text
    assert "(01:08)" not in text
    assert '<audio id="player" controls preload="none" src="https://media.example.org/a.mp3"></audio>' in text
    assert "Each time links to its place in the transcript and plays the episode from there." in text


def test_audio_without_transcript_links_moments(built):
    text = page(built, "talk/audio-no-transcript/")
    p = Page(text)
    # chapters, highlights and stamps in the text link to #t=<seconds>; the first of each time carries
    # the id, so the link resolves without JavaScript (and for link checkers)
    assert '<a href="#t=750" id="t=750" data-t="750">12:30</a>' in text
    assert text.count('href="#t=750"') == 3 and p.ids.count("t=750") == 1
    assert '<a href="#t=1200" id="t=1200" data-t="1200">20:00</a>' in text  # the first 20:00: in the description
    assert "(99:00) is not a time" in text  # past the episode's end: left as written
    assert "There is no timed transcript to jump to." in text


def test_no_audio_no_transcript_times_are_plain_and_say_so(built):
    text = page(built, "talk/neither/")
    assert not re.search(r"<a [^>]*data-t=", text) and 'href="#t' not in text
    assert "Said at (4:03) and at (13:01)." in text  # one format: M:SS, the episode is under an hour
    assert "Times are for reference: this episode has no audio file or timed transcript to link them to." in text
    assert "<audio" not in text and "player-bar" not in text


def test_one_time_format_a_page(built):
    short = page(built, "talk/neither/")
    assert re.findall(r'<td class="time">([^<]*)</td>', short) == ["0:00", "4:03"]
    assert re.findall(r'<span class="time" data-pagefind-ignore>([^<]*)</span>', short) == ["13:01"]


def test_markdown_moments_only_outside_links():
    md = Markdown()
    moments = lambda s: Moment(f"{s // 60}:{s % 60:02d}", f"#t={s}", None, s)  # noqa: E731
    html = md.render("At (13:01), see [the clip (13:01)](https://e.org/) and `(13:01)`.", moments=moments)
    assert html.count('href="#t=781"') == 1 and "the clip (13:01)</a>" in html and "<code>(13:01)</code>" in html
    assert md.render("At (13:01).") == "<p>At (13:01).</p>\n"  # without moments: untouched


# ------------------------------------------------------------------ chapters inside long segments

def _episode(segments, chapters, duration=None):
    return Episode(show="s", slug="e", title="E", date=dt.date(2026, 1, 1), duration=duration, transcript=segments,
                   chapters=[Chapter(s, f"c{s}") for s in chapters])


def _sentences(n: int) -> str:
    return " ".join(f"This is sentence {i:02d} here." for i in range(n))  # five words each


def test_a_chapter_inside_a_segment_goes_where_the_pace_puts_it():
    # 100 s of 20 sentences (100 words): 30 s in is word 30, the end of sentence 6
    ep = _episode([Segment(0, "A", [_sentences(20)]), Segment(100, "B", ["x"])], [0, 30, 70])
    places = chapter_places(ep, compute_anchors(ep))
    assert places[0].paragraph is None  # starts with the segment: right before it
    assert (places[1].paragraph, places[1].words, places[1].target) == (0, 30, 30.0)
    assert _sentences(20)[:places[1].char].endswith("sentence 05 here. ")
    assert places[2].words == 70


def test_the_estimate_snaps_to_the_nearest_sentence_or_paragraph_and_keeps_order():
    text = "One two three four five six seven eight nine ten eleven twelve. Thirteen fourteen."
    ep = _episode([Segment(0, "A", [text, "Another paragraph of five.", "*Emphasis* makes this one whole."]),
                   Segment(100, "B", ["x"])], [40, 41, 90])
    places = chapter_places(ep, compute_anchors(ep))
    # 23 words: 40 s -> 9.2 words -> the sentence end after word 12; 41 s also; order kept
    assert [(p.paragraph, p.words) for p in places[:2]] == [(0, 12), (0, 12)]
    # 90 s -> 20.7 words: paragraph 2 starts at word 19, its end is 23; it has Markdown, so no cut inside it
    assert (places[2].paragraph, places[2].char) in ((2, 0), (3, 0))


def test_without_a_known_end_the_transcripts_average_pace_is_used():
    ep = _episode([Segment(0, "A", [_sentences(10)]), Segment(50, "B", [_sentences(20)])], [60])
    anchors = compute_anchors(ep)
    assert speaking_rate(ep, anchors) == 1.0  # 50 words in the 50 s the first segment is known to last
    (place,) = chapter_places(ep, anchors)
    assert place.segment == 1 and place.words == 10  # 10 s into the last segment at 1 word a second


def test_long_segment_headings_in_the_page(built):
    text = page(built, "talk/timed-with-audio/")
    p = Page(text)
    seg, nxt, head = p.index_of("t-00-02-00"), p.index_of("t-00-10-00"), p.index_of("chapter-2-inside-the-long-one")
    assert seg < head < nxt  # inside the segment (0:02:00 .. 0:10:00), not before it
    # 5:00 is 3/8 of the way: 75 of 200 words, the end of sentence 15
    before = text[text.index('id="t-00-02-00"'):text.index('id="chapter-2-inside-the-long-one"')]
    assert before.rstrip().endswith("Sentence number 15 has five words.</p>\n<h3 class=\"chapter-heading chapter-within\"")
    assert "≈ place estimated" in p.text_of["chapter-2-inside-the-long-one"]
    assert 'href="#t-00-02-00" data-t="300" data-at="chapter-2-inside-the-long-one"' in text
    times = [int(a["data-t"]) for _, a in p.tags if "data-t" in a and
             ("chapter-heading" in a.get("class", "") or a.get("class") == "ts")]
    assert times == sorted(times)


# ------------------------------------------------------------------ search indexing, player, page parts

def test_segment_heads_are_not_indexed_and_the_clock_is_metadata(built):
    text = page(built, "talk/timed-with-audio/")
    assert text.count('<p class="seg-head" data-pagefind-ignore>') == 3
    assert '<span data-pagefind-meta="clock">m:ss</span>' in text
    assert '<section class="player-bar" id="player-bar" aria-label="Audio player" data-pagefind-ignore' in text


def test_player_bar_controls(built):
    text = page(built, "talk/timed-with-audio/")
    bar = text[text.index('<section class="player-bar"'):text.index("</section>", text.index('<section class="player-bar"'))]
    for label in ('aria-label="Play"', 'aria-label="Back 15 seconds"', 'aria-label="Forward 30 seconds"',
                  'aria-label="Previous chapter"', 'aria-label="Next chapter"', 'data-act="speed"',
                  'data-act="follow" aria-pressed="false"', 'data-act="copy"', 'aria-label="Position in the episode"'):
        assert label in bar, label
    assert bar.count("<button") == 8 and 'role="status"' in bar
    assert '<div class="pb" hidden>' in bar  # JavaScript shows its controls; the <audio controls> is the fallback


def test_jump_bar_and_long_description_behind_more(built):
    text = page(built, "talk/timed-with-audio/")
    jump = text[text.index('<nav class="jump"'):text.index("</nav>", text.index('<nav class="jump"'))]
    assert '<a href="#chapters-heading">Chapters</a> <span class="muted">(2)</span>' in jump
    assert '<a href="#transcript-heading">Transcript</a>' in jump
    assert text.index('<nav class="jump"') < text.index('id="about-heading"')
    assert '<details class="more">' in text and "Read the full description" in text
    more = text[text.index('<details class="more">'):text.index("</details>")]
    assert "Second paragraph" in more  # the rest is there, in the page and the index
    short = page(built, "talk/neither/")
    assert '<details class="more">' not in short


def test_topics_have_display_names(built):
    text = page(built, "talk/timed-with-audio/")
    assert '<a class="tag" href="/sub/topics/ai-machine-learning/">AI Machine Learning</a>' in text
    assert '<a class="tag" href="/sub/topics/compilers-caches/">Compilers &amp; Caches</a>' in text
    topic = built["topics/ai-machine-learning/index.html"].decode()
    assert "<h1>Topic: AI &amp; Machine Learning</h1>" in topic  # a written name wins over the slug's
    assert topic.count('class="card"') == 2


def test_person_links_name_the_site(built):
    text = built["people/grace-guest/index.html"].decode()
    assert '<span class="link-site">X</span> <span class="link-detail">@grace</span>' in text
    assert '<span class="link-site">grace.example.org</span>' in text
    assert 'class="icon icon-x"' in text and 'class="icon icon-globe"' in text


def test_show_description_printed_once(built):
    text = built["talk/index.html"].decode()
    main = text[text.index("<main"):text.index("</main>")]
    assert main.count("Talks about things.") == 1  # the lede; no "About" repeating it
    assert 'id="about-heading"' not in text


def test_nav_marks_the_current_section(built):
    assert '<a href="/sub/" aria-current="page">Episodes</a>' in built["index.html"].decode()
    assert '<a href="/sub/" aria-current="true">Episodes</a>' in page(built, "talk/neither/")
    assert '<a href="/sub/people/" aria-current="true">People</a>' in built["people/grace-guest/index.html"].decode()
    assert '<a href="/sub/topics/" aria-current="true">Topics</a>' in built["topics/ai-machine-learning/index.html"].decode()
    header = built["index.html"].decode()
    placeholder = re.search(r'id="site-search-q" name="q" placeholder="([^"]*)"', header).group(1)
    assert len(placeholder) <= 16  # fits the header box at every width


def test_search_page_without_javascript(built):
    text = built["search/index.html"].decode()
    noscript = text[text.index("<noscript>"):text.index("</noscript>")]
    assert 'href="/sub/talk/feed.xml"' in noscript and 'href="/sub/"' in noscript
    assert '<form class="search-form" id="search-form" role="search" action="/sub/search/" method="get">' in text
