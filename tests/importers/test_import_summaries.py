"""The summary page, summary site and caption dump parsers, on the seeds and on variants."""
from __future__ import annotations

import datetime as dt

from generator.importers import captions, listing, summary_page, summary_site

from import_helpers import fixture, seed

PARSERS = (listing, summary_page, summary_site, captions)


def best_parser(text: str):
    return max(PARSERS, key=lambda p: p.detect(text))


def test_each_seed_is_recognised_by_shape():
    assert [best_parser(seed(p)[1]) for p in ("000", "001", "002", "003", "004")] == [
        listing, summary_page, listing, summary_site, captions]
    for name, parser in [("summary_page.txt", summary_page), ("summary_site.txt", summary_site),
                         ("captions.txt", captions), ("listing_other_show.txt", listing)]:
        assert best_parser(fixture(name)) is parser


# ---------------------------------------------------------------- summary page


def test_summary_page_seed():
    name, text = seed("001")
    [ep] = summary_page.parse(text, name).episodes
    assert ep.title == "NVIDIA’s Bryan Catanzaro: Why More Compute Isn’t Enough"
    assert ep.show == "The MAD Podcast with Matt Turck"  # from "More from <show>"
    assert ep.date is None and ep.summary.startswith("Bryan Catanzaro, who leads")
    assert len(ep.key_insights) == 5 and ep.key_insights[0].text.startswith("Moore's Law")
    assert ep.topics == []  # an empty Topics heading
    assert ep.transcript == []  # the truncated excerpt is no transcript...
    quote = next(b for b in ep.description if b.kind == "quote")  # ...but a short quotation
    assert "[0:" not in " ".join(quote.items) and quote.items[-1].endswith("Open source…")
    guests = [(p.name, p.affiliation) for p in ep.people if p.participant]
    assert guests == [("Bryan Catanzaro", "NVIDIA")]


def test_summary_page_drops_the_other_episodes():
    name, text = seed("001")
    [ep] = summary_page.parse(text, name).episodes
    everything = ep.mention_text + " ".join(b.text + " ".join(b.items) for b in ep.description)
    assert "Idle GPUs" not in everything and "Matthew Prince" not in everything
    assert "MurmurCast" not in everything and "Sign Up" not in everything


def test_summary_page_variant():
    [ep] = summary_page.parse(fixture("summary_page.txt"), "s.txt").episodes
    assert ep.show == "The Builders Hour"
    assert ep.topics == ["Hardware", "Manufacturing"]
    assert [i.text for i in ep.key_insights] == ["Tooling is the hidden cost", "Small batches hide defects"]
    assert "another episode" not in ep.mention_text.lower()


# ---------------------------------------------------------------- summary site


def test_summary_site_seed():
    name, text = seed("003")
    [ep] = summary_site.parse(text, name).episodes
    assert ep.show == "The MAD Podcast with Matt Turck"
    assert ep.date == dt.date(2026, 1, 22)
    assert ep.title.startswith("The End of GPU Scaling?")
    assert ep.topics == ["AI & Machine Learning", "Tech Policy & Ethics", "Developer Culture", "Hardware & Gadgets",
                         "Programming Interviews & Prep"]
    assert [(h.start, h.title) for h in ep.highlights][:2] == [
        (13 * 60 + 1, "Physical Constraints Create Real Limits on AI Progress"),
        (18 * 60 + 5, "Current Models Drastically Underutilize Available Hardware")]
    assert len(ep.highlights) == 5 and len(ep.key_insights) == 5
    people = {}
    for p in ep.people:
        if p.participant:
            people.setdefault(p.name, p)  # the speaker list's record comes first
    assert people["Matt Turck"].role == "host"
    assert people["Tim Dettmers"].role == "guest" and people["Tim Dettmers"].bio.startswith("Tim is an Assistant")
    assert any(p.name == "Dan Fu" and p.affiliation == "Together AI" for p in ep.people)


def test_summary_site_drops_furniture_and_paywalls():
    name, text = seed("003")
    [ep] = summary_site.parse(text, name).episodes
    body = " ".join(b.text + " ".join(b.items) for b in ep.description)
    body += " ".join(i.text + i.lead for i in ep.key_insights) + ep.summary
    for phrase in ("Premium", "Plus subscription", "Summary Sections", "Timestamps are as accurate", "0:00/0:00",
                   "Swipe", "Command Palette", "Cognitive Revolution", "Dr. Becky", "PodMine"):
        assert phrase not in body
    assert "Statistics & facts" in [b.text for b in ep.description if b.kind == "h"]


def test_summary_site_variant():
    [ep] = summary_site.parse(fixture("summary_site.txt"), "s.txt").episodes
    assert (ep.show, ep.date) == ("The Builders Hour", dt.date(2026, 8, 1))
    assert ep.topics == ["Robotics", "Manufacturing & Industry"]
    assert [(h.start, h.title) for h in ep.highlights] == [(750, "Robots Need Maintenance"), (3723, "People Still Matter")]
    assert not any(b.text == "Hidden Gems" for b in ep.description)


# ---------------------------------------------------------------- captions


def test_caption_dump_seed():
    name, text = seed("004")
    [ep] = captions.parse(text, name).episodes
    assert ep.title is None and ep.date is None and ep.show is None
    assert ep.timing == "none"
    assert len(ep.transcript) == text.count(">>") + 1
    assert all(s.start is None and s.speaker is None for s in ep.transcript)
    first = ep.transcript[0].paragraphs[0]
    assert first == "We have maxed out the features. We have maxed out the hardware. That's what we get."
    words = sum(len(p.split()) for s in ep.transcript for p in s.paragraphs)
    assert words == len(text.replace(">>", " ").split())


def test_caption_variant_with_crlf():
    text = fixture("captions.txt").replace("\n", "\r\n")
    [ep] = captions.parse(text, "c.txt").episodes
    assert len(ep.transcript) == 6
    assert ep.transcript[0].paragraphs[0].startswith("Welcome to the builders hour.")
