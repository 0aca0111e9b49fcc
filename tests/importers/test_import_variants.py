"""Pages of the seeds' three page kinds from other (invented) sites: listing pages, summary pages
and summary sites that vary what the seeds keep fixed (label language and order, date and
duration forms, furniture, artefacts, run-together chapters, range timestamps, multi-guest
titles). Each `tests/fixtures/import/variants/<kind>/<page>.txt` has its expected result in
`<page>.expected.json`; every page goes through `parse_text`, so detection is tested too.

Then: near-miss reasons (`near_miss(text)`) for pages that look like a kind but are not read
as one, and linear time on 1 MB inputs.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from generator.importers import listing, parse_text, summary_page, summary_site
from generator.importers.text import is_artefact, is_button

from import_helpers import FIXTURES, SEEDS

VARIANTS = FIXTURES / "variants"
PAGES = sorted(VARIANTS.glob("*/*.txt"))
FORMATS = {"listing": listing.FORMAT, "summary_page": summary_page.FORMAT, "summary_site": summary_site.FORMAT}


def expected(page: Path) -> dict:
    return json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))


def people(ep, role: str) -> list[str]:
    return list(dict.fromkeys(p.name for p in ep.people if p.participant and p.role == role))


def summary(ep) -> dict:
    """An episode record in the sidecar's terms."""
    return {
        "title": ep.title, "show": ep.show, "date": ep.date.isoformat() if ep.date else None,
        "duration": ep.duration, "chapters": [[c.start, c.title] for c in ep.chapters],
        "guests": people(ep, "guest"), "hosts": people(ep, "host"),
        "highlights": [[h.start, h.title] for h in ep.highlights], "topics": ep.topics,
        "insights": [i.lead or i.text for i in ep.key_insights],
    }


def parsed(page: Path):
    doc, reason = parse_text(page.read_text(encoding="utf-8"), page.name)
    assert doc is not None, f"{page.name}: {reason}"
    return doc


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_variant_page(page):
    want = expected(page)
    doc = parsed(page)
    assert doc.format == want["format"] == FORMATS[page.parent.name]
    assert not doc.fatal and not doc.problems, doc.problems
    if "show" in want:
        assert doc.shows[0].title == want["show"]
        assert doc.shows[0].category == want.get("category")
        assert [h.name for h in doc.shows[0].hosts] == want["show_hosts"]
    assert len(doc.episodes) == len(want["episodes"]), [e.title for e in doc.episodes]
    for ep, w in zip(doc.episodes, want["episodes"]):
        got = summary(ep)
        got["hosts"] = got["hosts"] or None
        for key, value in w.items():
            assert got[key] == value, f"{page.name}: {ep.title!r}: {key}"
        if "hosts" not in w:
            assert not got["hosts"], f"{page.name}: {ep.title!r}: hosts"


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_at_least_six_pages_of_each_kind(kind):
    pages = [p for p in PAGES if p.parent.name == kind]
    assert len(pages) >= 6
    assert all(p.with_name(p.stem + ".expected.json").exists() for p in pages)


def test_undated_pages_are_returned_without_a_date_not_refused():
    for page in [VARIANTS / "summary_page" / "no-date.txt", VARIANTS / "summary_site" / "no-date-site.txt"]:
        doc = parsed(page)
        [ep] = doc.episodes
        assert ep.date is None and not doc.fatal and not doc.problems


def test_a_lone_ambiguous_date_is_not_guessed():
    text = (VARIANTS / "summary_page" / "published-guests.txt").read_text(encoding="utf-8")
    doc = parsed_text(text.replace("Published: March 3, 2026", "Published: 03/04/2026"))
    assert doc.episodes[0].date is None  # 3 April or 4 March: the page does not say
    doc = parsed_text(text.replace("Published: March 3, 2026", "Published: 03/14/2026"))
    assert doc.episodes[0].date.isoformat() == "2026-03-14"


def parsed_text(text: str):
    doc, reason = parse_text(text, "x.txt")
    assert doc is not None, reason
    return doc


def test_listing_titles_are_never_artefacts_buttons_or_the_show_name():
    for page in (p for p in PAGES if p.parent.name == "listing"):
        doc = parsed(page)
        for ep in doc.episodes:
            assert not is_artefact(ep.title) and not is_button(ep.title) and ep.title != doc.shows[0].title


BUTTONS_AND_PAYWALLS = ("undefined", "Abspielen", "Teilen", "Écouter", "Partager", "Reproducir", "Compartir",
                        "Play", "Share", "Save", "Load more", "Unlock", "Sign up", "Create a free account",
                        "Regístrate", "Inscrivez", "registrieren", "Upgrade", "Premium", "must not be imported",
                        "Other episode", "Another episode", "Bees in winter")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_furniture_in_any_language_is_dropped(page):
    for ep in parsed(page).episodes:
        text = "\n".join([b.text + "\n" + "\n".join(b.items) for b in ep.description]
                         + [i.text + " " + i.lead for i in ep.key_insights] + [ep.summary, ep.mention_text]
                         + ep.topics + [h.title for h in ep.highlights])
        for phrase in BUTTONS_AND_PAYWALLS:
            assert phrase not in text, (ep.title, phrase)


def test_sponsors_and_products_never_become_people():
    names = {p.name for page in PAGES for ep in parsed(page).episodes for p in ep.people}
    assert not {"Nimbus Cloud", "Rocket Studio"} & names


# ---------------------------------------------------------------- near misses

NO_DATES = """Harbor Notes
Lena Lindqvist

  • Harbor Notes

    Cranes and wind

    48 mins.
    Milo Moreau operates cranes at the port.
  • Harbor Notes

    Tugs at night

    52 mins.
    Nia Nakamura captains a tug.
"""

RELATIVE = """Harbor Notes

Cranes and wind
3 days ago · 48 min
Milo Moreau operates cranes at the port.

Tugs at night
2 weeks ago · 52 min
Nia Nakamura captains a tug.
"""

NO_YEAR = """Harbor Notes

Cranes and wind
Mar 3 · 48 min
Milo Moreau operates cranes at the port.

Tugs at night
Feb 24 · 52 min
Nia Nakamura captains a tug.
"""

UNREAL_DATES = """Harbor Notes

  • Harbor Notes

    Cranes and wind

    99/99/2026 | 48 mins.
    Milo Moreau operates cranes at the port.
  • Harbor Notes

    Tugs at night

    45/45/2026 | 52 mins.
    Nia Nakamura captains a tug.
"""

ONLY_TOPICS = """Cranes and wind
Published: March 3, 2026
Guests: Milo Moreau (crane operator)
Topics
Ports
Transcript
[0:00] Welcome aboard…
"""

ONLY_SUMMARY = """Cranes and wind
Summary
Milo Moreau explains how wind limits crane work at a container port.
"""

SITE_WITHOUT_CONTENT = """Harbor Notes • March 3, 2026

Cranes and wind

Summary Sections

  • Speakers
  • Key TakeawaysPremium
  • Podcast SummaryPremium

Speakers

Milo Moreau

Milo operates cranes at the container port.
"""

NO_TITLE = """Summary
Milo Moreau explains how wind limits crane work at a container port.
Key Points
- Wind above 20 m/s stops the cranes
- Night shifts are calmer
"""


@pytest.mark.parametrize("parser, text, reason", [
    (listing, NO_DATES, "looks like a listing page but no episode block has a date"),
    (listing, RELATIVE, "episode dates are relative"),
    (listing, NO_YEAR, "episode dates have no year"),
    (listing, UNREAL_DATES, "none of its episode dates is a real date"),
    (summary_page, ONLY_TOPICS, "looks like a summary page but it has no summary, key points or highlights section"),
    (summary_page, ONLY_SUMMARY, "looks like a summary page but it has too little of one: only a 'summary' section"),
    (summary_page, NO_TITLE, "no title line comes before its first section"),
    (summary_site, SITE_WITHOUT_CONTENT, "looks like a summary site's episode page"),
])
def test_near_miss_reasons(parser, text, reason):
    got = parser.near_miss(text)
    assert got is not None and reason in got, got
    assert "\n" not in got


@pytest.mark.parametrize("text", [NO_DATES, RELATIVE, NO_YEAR, UNREAL_DATES, ONLY_TOPICS, ONLY_SUMMARY,
                                  SITE_WITHOUT_CONTENT])
def test_near_misses_are_of_no_known_kind(text):
    doc, reason = parse_text(text, "x.txt")
    assert doc is None or doc.fatal, (doc and doc.format)


def accepted_documents() -> list[tuple[str, str]]:
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    docs += [(p.name, p.read_text(encoding="utf-8")) for p in PAGES]
    docs += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.txt"))
             if p.name != "listing_ambiguous_dates.txt"]
    return docs


@pytest.mark.parametrize("parser", [listing, summary_page, summary_site], ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_no_near_miss_for_pages_that_are_read_or_are_nothing_like_the_kind(parser):
    for name, text in accepted_documents() + [("notes.txt", "Just some notes.\nNothing to see here.\n"), ("e", "")]:
        assert parser.near_miss(text) is None, name


# ---------------------------------------------------------------- linear time

BIG = {  # name -> a page of about n bytes, built from a repeated piece
    "one long line of chapters": lambda n: "(00:00) — Intro" + "".join(
        f"({m // 60 % 60:02d}:{m % 60:02d}) x" for m in range(1, n // 9)),
    "glued times": lambda n: "00:00 Intro" + "Next01:33" * (n // 9),
    "colons and digits": lambda n: "1:" * (n // 2),
    "date lines": lambda n: "Show\n\n" + "".join(
        f"  • Show\n\n    Title {i}\n\n    03/04/2026 | 1h 2 mins.\n    Text.\n" for i in range(n // 60)),
    "summary sections": lambda n: "A title\n" + "Summary\nText.\nKey Points\n- Point (12:30)\nHighlights\n[16:55–23:30] x\n" * (n // 70),
    "one long title": lambda n: "A " * (n // 2) + "\nSummary\nText.\nKey Points\n- a\n- b\n",
    "names and separators": lambda n: "Guests: " + "Ab Cd, " * (n // 7) + "\n",
    "brackets": lambda n: "(" * (n // 2) + ")" * (n // 2),
    "spaces and parens": lambda n: ("( 1" + " " * 50) * (n // 55) + ")",
}


def cpu_seconds(text: str) -> float:
    start = time.process_time()
    for parser in (listing, summary_page, summary_site):
        parser.detect(text)
        parser.near_miss(text)
        try:
            parser.parse(text, "big.txt")
        except Exception:  # noqa: BLE001 - only the time matters here; parse_text reports errors
            pass
    return time.process_time() - start


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BIG))
def test_one_megabyte_inputs_take_linear_time(name):
    """1 MB is read in seconds; when it takes more than a couple, a quarter of it takes about a
    quarter of the CPU (a quadratic pattern would take a sixteenth)."""
    large = cpu_seconds(BIG[name](1_000_000))
    assert large < 60, (name, large)
    if large > 2:
        small = cpu_seconds(BIG[name](250_000))
        assert large < 8 * small + 0.5, (name, small, large)
