"""A summary page: one episode, its title, a one-sentence blurb, often show / date / duration /
guest lines, then sections (summary, key insights or points, highlights or key moments with
timestamps, chapters, topics, a short transcript excerpt), then furniture: a paywall, a sign-up
prompt, and a "More from <show>" list of the show's other episodes.

The excerpt is cut off ("…") and its stamps cover the first half minute only, so it is no
transcript: it becomes a short quotation in the description, stamps removed. The "More from"
list only names the show; its items are other episodes' furniture and are dropped.

What summary pages and summary sites share lives in `summary_vocabulary` (headings, labelled
lines, the lines that end a page's own content), `summary_sections` (reading each section) and
`summary_layout` (a page read into its parts, and the shape signals of `fit` by which `detect`
tells the two kinds apart).
"""
from __future__ import annotations

from dataclasses import replace

from generator.importers import people
from generator.importers.records import Block, EpisodeRecord, ParsedDocument, PersonRecord
from generator.importers.summary_layout import fit, read_page, title_and_blurb
from generator.importers.summary_sections import (chapters_of, excerpt, insights_of, paragraphs, section_people,
                                                  sorted_moments, timed_lines, topics_of)
from generator.importers.summary_vocabulary import SPONSOR
from generator.importers.text import clean, meta_line, normalize

FORMAT = "summary page"


def detect(text: str) -> float:
    f = fit(text)
    return max(0.0, min(f.content + f.page - f.site, 0.95)) if f.content else 0.0


def near_miss(text: str) -> str | None:
    """Why a page shaped like a summary page is not read as one, or None."""
    f = fit(text)
    if f.content == 0.0:
        page = read_page(text)
        dated = sum(1 for l in normalize(text).split("\n") if (m := meta_line(l)) and m[0] == "date")
        if page.meta.lines and dated <= 1 and any(k in ("topics", "transcript", "chapters") for k, _, _ in page.sections):
            return ("looks like a summary page but it has no summary, key points or highlights section "
                    "(only " + ", ".join(sorted({k for k, _, _ in page.sections})) + ")")
        return None
    score = f.content + f.page - f.site
    if score >= 0.5 or f.content + f.site - f.page >= 0.5:
        page = read_page(text)
        if score >= 0.5 and title_and_blurb(page.head, page.meta.show or page.more_from)[0] is None:
            return "looks like a summary page but no title line comes before its first section"
        return None
    page = read_page(text)
    have = sorted({k for k, _, _ in page.sections})
    return ("looks like a summary page but it has too little of one: only a "
            + " and a ".join(f"'{k}'" for k in have) + " section, no other sections or episode details")


# ---------------------------------------------------------------- the summary page


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    page = read_page(text)
    show = page.more_from or page.meta.show
    title, blurb, head_names = title_and_blurb(page.head, show)
    if not title:
        doc.problems.append("no title line found")
        doc.fatal = True
        return doc
    ep = EpisodeRecord(source=name, kind="summary-page", show=show, title=title, date=page.meta.date,
                       duration=page.meta.duration)
    ep.summary = " ".join(blurb)
    summary = page.lines_of("summary")
    if summary:
        ep.description.append(Block("h", "Summary"))
        ep.description += [Block("p", p) for p in summary]
    for key, heading, lines in page.sections:
        if key in ("quotes", "links", "facts") and lines:
            ep.description.append(Block("h", _heading_text(heading)))
            ep.description += paragraphs(lines)
    quote = excerpt(page.lines_of("transcript"))
    if quote:
        ep.description.append(Block("h", "From the opening"))
        ep.description.append(Block("quote", items=quote))
    ep.key_insights, moments = insights_of(page.lines_of("insights"))
    moments += timed_lines(page.lines_of("highlights"))
    ep.highlights = sorted_moments(moments) if moments else []
    ep.chapters = chapters_of(page.lines_of("chapters"))
    ep.topics = topics_of(page.lines_of("topics"))
    prose = "\n".join(l for l in [ep.summary] + summary if not SPONSOR.match(l))
    found = [replace(p) for p in page.meta.people]  # copies: the page read is cached
    found += section_people(page.lines_of("people"), {p.name for p in found})
    found += [PersonRecord(n, "guest", strength=3) for n in head_names
              if n.split()[-1] in title or n in prose]
    found += people.from_title(ep.title, prose)
    found += people.from_description(prose)
    ep.people = [p for p in found if not any(p.name in s for s in page.sponsors)]
    ep.mention_text = "\n".join([title] + blurb + summary + quote)
    doc.episodes.append(ep)
    return doc


def _heading_text(heading: str) -> str:
    text = clean(heading).strip("#*: ")
    return text[:1].upper() + text[1:]
