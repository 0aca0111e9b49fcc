"""The podcast listing parser, on the seeds and on variants (other date orders, missing
durations, chapters without the dash, mixed timestamps, CRLF, extra blank lines, another show)."""
from __future__ import annotations

import datetime as dt

import pytest

from generator.importers import captions, listing, summary_page, summary_site
from generator.importers.text import infer_day_month_order, parse_duration

from import_helpers import fixture, seed


def parse(text: str, name: str = "x.txt"):
    return listing.parse(text, name)


def by_title(doc, part: str):
    hits = [e for e in doc.episodes if part.lower() in e.title.lower()]
    assert len(hits) == 1, [e.title for e in doc.episodes]
    return hits[0]


def test_detects_listings_and_nothing_else():
    for prefix in ("000", "002"):
        assert listing.detect(seed(prefix)[1]) >= 0.5
    for prefix in ("001", "003", "004"):
        text = seed(prefix)[1]
        assert listing.detect(text) < max(p.detect(text) for p in (summary_page, summary_site, captions))


def test_mad_listing():
    doc = parse(seed("000")[1])
    assert not doc.problems
    [show] = doc.shows
    assert show.title == "The MAD Podcast with Matt Turck"
    assert show.category == "Technology"
    assert [h.name for h in show.hosts] == ["Matt Turck"]
    assert show.website is None  # "Podcast website" with no URL
    assert len(doc.episodes) == 5
    ep = by_title(doc, "Giving Away")
    assert ep.date == dt.date(2026, 7, 2)  # 02/07/2026 with 25/06/2026 in the same page: day first
    assert ep.duration == 3600 + 22 * 60
    assert len(ep.chapters) == 25
    assert ep.chapters[0].title == "Cold open & Intro"
    assert ep.chapters[-1].start == 3600 + 19 * 60 + 18
    assert by_title(doc, "Dan Roberts").duration == 49 * 60
    assert by_title(doc, "Aaron Levie").chapters[-1].start == 3600 + 7 * 60 + 11  # (1:07:11), no dash


def test_interconnects_listing():
    doc = parse(seed("002")[1])
    assert not doc.problems
    [show] = doc.shows
    assert (show.title, show.category, show.website) == ("Interconnects", "Science", "https://www.interconnects.ai")
    assert [e.date.isoformat() for e in doc.episodes] == ["2026-03-06", "2026-03-05", "2026-02-24", "2026-02-09", "2026-02-04"]
    ic = by_title(doc, "Why Nvidia builds")
    assert len(ic.chapters) == 9 and any(c.start == 37 * 60 + 29 for c in ic.chapters)  # '* 0:37:29' kept
    assert len([s for s in ic.transcript if s.start is not None]) == 62
    assert ic.timing == "exact"
    assert ic.transcript[0].speaker == "Nathan Lambert"
    repeated = [s for s in ic.transcript if s.start == 46 * 60 + 13]
    assert len(repeated) == 3  # timestamps repeat: every segment kept
    dean = by_title(doc, "Dean Ball")
    assert len(dean.transcript) == 55 and len(dean.chapters) == 5


def test_listing_furniture_is_dropped():
    for prefix in ("000", "002"):
        doc = parse(seed(prefix)[1])
        for ep in doc.episodes:
            text = " ".join(b.text + " ".join(b.items) for b in ep.description)
            text += " ".join(p for s in ep.transcript for p in s.paragraphs)
            for phrase in ("This is a public episode", "reader-supported", "radio.net", "Listen on Apple"):
                assert phrase not in text


def test_continuation_paragraphs_follow_their_segment():
    doc = parse(seed("002")[1])
    ic = by_title(doc, "Why Nvidia builds")
    seg = next(s for s in ic.transcript if s.start == 39)
    assert len(seg.paragraphs) == 4 and seg.paragraphs[1].startswith("And, you know")


def test_month_first_dates_from_a_day_over_12():
    doc = parse(fixture("listing_other_show.txt"))
    assert [e.date.isoformat() for e in doc.episodes] == ["2026-07-25", "2026-07-18", "2026-07-11"]


def test_day_month_order_from_listing_order():
    doc = parse(fixture("listing_dmy_by_order.txt"))
    assert not doc.problems
    assert [e.date.isoformat() for e in doc.episodes] == ["2026-03-01", "2026-02-12", "2026-02-03"]


def test_undecidable_dates_are_reported():
    doc = parse(fixture("listing_ambiguous_dates.txt"))
    assert doc.fatal and not doc.episodes
    assert any("dates cannot be read" in p for p in doc.problems)


@pytest.mark.parametrize("values, order", [
    ([(25, 6, 2026), (2, 7, 2026)], "dmy"),
    ([(7, 25, 2026)], "mdy"),
    ([(3, 2, 2026), (2, 2, 2026), (1, 2, 2026)], None),  # descending either way
    ([(1, 3, 2026), (12, 2, 2026), (3, 2, 2026)], "dmy"),
    ([(5, 6, 2026)], None),
    ([(13, 2, 2026), (2, 13, 2026)], None),
])
def test_infer_day_month_order(values, order):
    assert infer_day_month_order(values)[0] == order


@pytest.mark.parametrize("text, seconds", [
    ("1h 22 mins.", 4920), ("49 mins.", 2940), ("1 hr 5 min", 3900), ("2h", 7200), ("1:22:00", 4920),
    ("35 mins", 2100), ("90 sec", 90), ("", None), ("soon", None),
])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


def test_missing_durations_and_named_dates_without_indentation():
    doc = parse(fixture("listing_named_dates.txt"))
    assert [(e.title, e.date.isoformat(), e.duration) for e in doc.episodes] == [
        ("Spring tides explained", "2026-01-22", None), ("Neap tides explained", "2026-01-12", 3900)]
    assert [c.title for c in doc.episodes[0].chapters] == ["Start", "Middle"]
    assert doc.shows[0].about == "Tides, explained."


def test_chapters_without_dash_and_mixed_hours_sorted():
    doc = parse(fixture("listing_other_show.txt"))
    ep = by_title(doc, "Shipping Hardware")
    assert [(c.start, c.title) for c in ep.chapters] == [
        (0, "Intro"), (135, "Why hardware is hard"), (45 * 60 + 10, "Factories and tooling"), (3723, "Wrap-up")]
    margins = by_title(doc, "Margins")
    assert [c.start for c in margins.chapters] == [0, 270, 3660]  # bare lines under 'Chapters'
    assert [(s.start, s.speaker, len(s.paragraphs)) for s in margins.transcript] == [
        (5, "Ada Quill", 1), (9, "Omar Reyes", 2), (9, "Ada Quill", 1)]


def test_another_show_and_its_people():
    doc = parse(fixture("listing_other_show.txt"))
    [show] = doc.shows
    assert (show.title, show.category, show.website) == ("The Builders Hour", "Business", "https://builders.example.org")
    assert show.hosts[0].name == "Ada Quill" and show.hosts[0].affiliation == "Quill Ventures"
    ep = by_title(doc, "Shipping Hardware")
    guests = {p.name for p in ep.people if p.participant and p.role == "guest"}
    assert guests == {"Grace Holloway"}
    solo = by_title(doc, "Solo")
    assert not [p for p in solo.people if p.participant]  # 'Thanks to Jo Park' names no guest


def test_crlf_and_extra_blank_lines_change_nothing():
    text = seed("002")[1]
    plain = parse(text)
    for variant in (text.replace("\n", "\r\n"), text.replace("\n", "\n\n"), "\ufeff" + text.replace("\n", "\r")):
        doc = parse(variant)
        assert [(e.title, e.date, e.duration, e.chapters, len(e.transcript)) for e in doc.episodes] == \
            [(e.title, e.date, e.duration, e.chapters, len(e.transcript)) for e in plain.episodes]


def test_a_block_without_a_readable_date_is_reported_and_the_rest_imported():
    text = seed("000")[1].replace("25/06/2026", "31/02/2026")
    doc = parse(text)
    assert len(doc.episodes) == 4 and not doc.fatal
    assert any("Cloudflare" in p and "not a real date" in p for p in doc.problems)


def test_date_line_with_other_fields():
    text = "Show\n\n• Show\nAn episode\nJanuary 22, 2026 · Explicit | 49 min\nText.\n"
    [ep] = parse(text).episodes
    assert (ep.date.isoformat(), ep.duration) == ("2026-01-22", 49 * 60)


def test_other_chapter_shapes_title_first_en_dash_run_together_and_squashed():
    doc = parse(fixture("listing_chapter_shapes.txt"))
    assert [(c.start, c.title) for c in by_title(doc, "Cranes").chapters] == [
        (0, "Cold open"), (250, "How a crane works"), (1170, "Wind limits: when to stop"), (2700, "Wrap-up")]
    assert [(c.start, c.title) for c in by_title(doc, "Tugs").chapters] == [
        (0, "Intro"), (149, "Sponsors"), (455, "Pushing ships"), (1860, "Night work")]
    assert [(c.start, c.title) for c in by_title(doc, "Pilots").chapters] == [
        (0, "Intro"), (310, "The ladder"), (2400, "Bad weather"), (3600, "Goodbye")]
    cranes = by_title(doc, "Cranes")
    assert [b.text for b in cranes.description] == ["Milo Moreau operates cranes at the container port.",
                                                     "Brought to you by Acme Boats and Tidal Works."]


def test_sponsors_never_become_people():
    doc = parse(fixture("listing_chapter_shapes.txt"))
    names = {p.name for e in doc.episodes for p in e.people}
    assert names == {"Milo Moreau", "Nia Nakamura", "Omar Okafor"}
