"""Episode page anchors (DESIGN §5): segment ids, repeats, chapter links and chapter headings."""
from __future__ import annotations

import datetime as dt

from generator.model import Chapter, Episode, Segment
from generator.render.anchors import compute_anchors

from .helpers import Page

EP = "signal-and-noise/compilers-all-the-way-down/index.html"


def test_segment_ids_and_repeats(site):
    page = Page(site[EP].decode())
    segs = [i for i in page.ids if i.startswith("t-")]
    assert segs == ["t-00-00-05", "t-00-00-05-2", "t-00-01-10", "t-00-02-40", "t-00-02-40-2", "t-00-02-40-3",
                    "t-00-10-00", "t-01-00-05"]
    assert len(page.ids) == len(set(page.ids)), "ids must be unique"


def test_timestamp_links_to_its_own_segment(site):
    page = Page(site[EP].decode())
    for seg in [i for i in page.ids if i.startswith("t-")]:
        assert any(href == f"#{seg}" and seg in around for href, around in page.anchors), seg


def chapter_rows(page: Page) -> list[tuple[str, str]]:
    """(start link target, chapter title link target) of each chapter table row."""
    rows, inside = [], False
    for tag, a in page.tags:
        if tag == "table" and "chapter-table" in a.get("class", ""):
            inside = True
        elif tag == "tr" and inside:
            rows.append([])
        elif tag == "a" and inside and rows:
            rows[-1].append(a["href"])
        elif tag == "section" and inside and rows:
            break
    return [tuple(r) for r in rows if r]


def test_chapter_links_go_to_containing_segment(site):
    page = Page(site[EP].decode())
    starts = [r[0] for r in chapter_rows(page)]
    # 0:00:00 before any segment -> first; 0:01:00 -> the 2nd 0:00:05; 0:02:30 -> 0:01:10;
    # 0:02:45 -> the 3rd 0:02:40; 0:10:00 and 1:00:00 -> 0:10:00 (1:00:05 starts later)
    assert starts == ["#t-00-00-05", "#t-00-00-05-2", "#t-00-01-10", "#t-00-02-40-3", "#t-00-10-00", "#t-00-10-00"]


def test_chapter_headings_sit_before_or_inside_their_segment(site):
    """A chapter starting at (or before) its segment's start gets its heading right before the segment;
    one starting later, inside a long segment, gets it inside, at the estimated place, marked so."""
    page = Page(site[EP].decode())
    text = site[EP].decode()
    rows = chapter_rows(page)
    headings = [r[1][1:] for r in rows]
    assert headings[0] == "chapter-1-cold-open"
    titles = ["Cold open", "Who is Grace?", "Registers & caches", "Why caches lie", "The second wind", "Wrap-up"]
    inside = {"chapter-2-who-is-grace", "chapter-3-registers-caches", "chapter-4-why-caches-lie", "chapter-6-wrap-up"}
    for (start, heading), title in zip(rows, titles, strict=True):
        h, seg = page.index_of(heading[1:]), page.index_of(start[1:])
        tag = text[text.index(f'id="{heading[1:]}"') - 60:text.index(f'id="{heading[1:]}"')]
        if heading[1:] in inside:
            # inside the segment the table links to: after its start, before the next segment
            nxt = next(i for i, (t, a) in enumerate(page.tags) if i > seg and a.get("class") == "seg")
            assert seg < h < nxt, heading
            assert "chapter-within" in tag
            assert "place estimated" in page.text_of[heading[1:]]
        else:
            assert h < seg
            between = [a.get("id") for _, a in page.tags[h + 1:seg] if a.get("id")]
            assert all(i.startswith("chapter-") for i in between), (heading, between)
            assert "chapter-within" not in tag
        assert page.tags[h][0] == "h3" and title in page.text_of[heading[1:]]
    # the chapter table still links each start to the segment that contains it, and its time link
    # names the finer place (data-at) so a click lands on the heading itself
    assert 'href="#t-00-10-00" data-t="3600" data-at="chapter-6-wrap-up"' in text
    assert page.index_of("chapter-5-the-second-wind") < page.index_of("t-00-10-00") < page.index_of("chapter-6-wrap-up")


def test_times_never_run_backwards_down_the_page(site):
    for rel in (EP, "deep-dives/grace-returns/index.html"):
        page = Page(site[rel].decode())
        times = [int(a["data-t"]) for tag, a in page.tags
                 if "data-t" in a and ("chapter-heading" in a.get("class", "") or a.get("class") == "ts")]
        assert times and times == sorted(times), (rel, times)


def test_chapter_lengths(site):
    text = site[EP].decode()
    table = text[text.index('class="chapter-table"'):text.index("</table>")]
    lengths = [cell.split("</td>")[0] for cell in table.split('<td class="num">')[1:]]
    # one time format a page: this episode passes an hour, so lengths are H:MM:SS like its starts
    assert lengths == ["0:01:00", "0:01:30", "0:00:15", "0:07:15", "0:50:00", "0:05:00"]  # last: 1:05:00 - 1:00:00


def test_highlights_link_to_segments(site):
    text = site[EP].decode()
    section = text[text.index('class="highlight-list"'):]
    assert section.index('href="#t-00-02-40-3"') < section.index("Caches are a lie")
    assert 'href="#t-00-00-05" data-t="1"' in section  # before the first segment -> the first one


def test_untimed_transcript_paragraph_ids_and_no_headings(site):
    page = Page(site["signal-and-noise/caption-dump/index.html"].decode())
    assert [i for i in page.ids if i.startswith("p-")] == ["p-1", "p-2", "p-3", "p-4"]
    assert not [i for i in page.ids if i.startswith(("t-", "chapter-"))]
    assert not any(h.startswith("#t-") for _, h in page.links)
    text = site["signal-and-noise/caption-dump/index.html"].decode()
    assert 'title="approximate time">~</abbr>21:30' in text  # estimated timing marks times


def test_speaker_aliases_resolve_to_person_pages(site):
    page = Page(site[EP].decode())
    text = site[EP].decode()
    # "Grace G." and "Ada H." are aliases: linked and shown by the person's name
    seg = text[text.index('id="t-00-00-05-2"'):text.index('id="t-00-01-10"')]
    assert 'href="/shownotes/people/grace-guest/">Grace Guest</a>' in seg
    seg = text[text.index('id="t-00-01-10"'):text.index('id="t-00-02-40"')]
    assert 'href="/shownotes/people/ada-host/">Ada Host</a>' in seg
    assert "<p>A continuation paragraph of Ada&#39;s question" in seg or "<p>A continuation paragraph of Ada's question" in seg
    seg = text[text.index('id="t-00-10-00"'):text.index('id="t-01-00-05"')]
    assert '<span class="speaker">Unknown Voice</span>' in seg
    other = site["deep-dives/grace-returns/index.html"].decode()
    assert 'href="/shownotes/people/grace-guest/">Grace Guest</a>' in other[other.index('id="t-00-14-59"'):]
    assert page.ids.count("t-00-10-00") == 1


def _ep(segments, chapters=()):
    return Episode(show="s", slug="e", title="E", date=dt.date(2026, 1, 1), transcript=segments,
                   chapters=[Chapter(s, f"c{s}") for s in chapters])


def test_anchor_rules_in_isolation():
    segs = [Segment(None, None, ["intro"]), Segment(10, "A", ["x"]), Segment(10, "B", ["y"]), Segment(10, "A", ["z"]),
            Segment(3725, "B", ["w", "more"])]
    a = compute_anchors(_ep(segs, chapters=[0, 10, 11, 3725, 4000]))
    assert a.segment_ids == [None, "t-00-00-10", "t-00-00-10-2", "t-00-00-10-3", "t-01-02-05"]
    assert a.paragraph_ids[0] == ["p-1"]
    assert [a.segment_ids[i] for i in a.chapter_segments] == ["t-00-00-10", "t-00-00-10-3", "t-00-00-10-3",
                                                              "t-01-02-05", "t-01-02-05"]
    assert compute_anchors(_ep([Segment(None, "A", ["a", "b"]), Segment(None, None, ["c"])])).paragraph_ids == \
        [["p-1", "p-2"], ["p-3"]]
    assert compute_anchors(_ep([], chapters=[0])).chapter_segments == [None]
