"""A summary site's episode page: `<Show>•<Date>` (also `Show | Date | 1h 5m`, `Date • Show`),
the title, a blurb, category chips and speaker names, a "Summary Sections" navigation list, then
sections: Podcast Summary, Speakers (name, role, bio), Key Takeaways (title, paragraph with a
`(MM:SS)`, `[MM:SS]` or range time, or a time on a line of its own), Highlights, Statistics &
Facts, and paywalled stubs; "More episodes like this" ends the page's own content.

Section headings are read from the page's own navigation list (suffixes such as "Premium"
mark paywalled ones) and from the headings summary pages and sites use in English, German,
French, Spanish and Italian (summary_vocabulary.SECTIONS). Labelled lines (`Published: …`,
`Guests: A (role) & B (role)`, `Duration: …`) may stand anywhere before the first section.
"""
from __future__ import annotations

import re

from generator.importers import people
from generator.importers.records import Block, EpisodeRecord, Insight, TimedTitle, ParsedDocument, PersonRecord
from generator.importers.summary_layout import HEAD_LINES, fit
from generator.importers.summary_sections import (chapters_of, excerpt, pair_titles, paragraphs, position_of, role_of,
                                                  sorted_moments, speaker_lines, stamp_in, timed_lines, topics_of)
from generator.importers.summary_vocabulary import (END, MORE_FROM, NAV, NAV_ITEM, PAYWALL_SUFFIX, SPONSOR, Meta,
                                                    is_prose, section_key, show_date_line)
from generator.importers.text import NAME, clean, is_furniture, is_name, item_text, normalize

FORMAT = "summary site"

_DEFAULT_SECTIONS = ["Podcast Summary", "Summary", "Speakers", "Key Takeaways", "Statistics & Facts"]
# what each kind of section becomes; other sections keep their own heading
_CANONICAL = {"summary": "summary", "people": "speakers", "insights": "key takeaways", "facts": "statistics & facts",
              "highlights": "highlights", "chapters": "chapters", "topics": "topics", "transcript": "transcript"}


def detect(text: str) -> float:
    f = fit(text)
    return max(0.0, min(f.content + f.site - f.page, 0.95)) if f.content else 0.0


def near_miss(text: str) -> str | None:
    """Why a page shaped like a summary site is not read as one, or None."""
    f = fit(text)
    if f.content and (f.content + f.site - f.page >= 0.5 or f.content + f.page - f.site >= 0.5):
        return None
    if f.site >= 0.25 and f.content == 0.0:
        return ("looks like a summary site's episode page (section list, speakers, show and date line) "
                "but it has no summary, key takeaways or highlights section")
    if f.site >= 0.25:
        return "looks like a summary site's episode page but its summary sections are missing or paywalled"
    return None


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    lines = [clean(l) for l in normalize(text).split("\n")]
    meta = Meta()
    at, undated = None, None  # the first `Show•Date` line; else the first `Show • Episode 41` line
    for i, line in enumerate(lines[:HEAD_LINES]):
        sd = show_date_line(line)
        if sd and sd[1]:
            at = i
            break
        if sd and undated is None:
            undated = i
    at = undated if at is None else at
    if at is not None:
        meta.read(lines[at])
    rest = [l for l in lines[(at + 1 if at is not None else 0):]]
    sections, paywalled, nav_at = _section_names(rest)
    intro_end = nav_at if nav_at is not None else next(
        (i for i, l in enumerate(rest) if l in sections or section_key(l)), len(rest))
    intro = []
    for n, line in enumerate(rest[:intro_end]):
        if not line or is_furniture(line) or (n < HEAD_LINES and meta.read(line)):
            continue
        intro.append(line)
    if at is None:
        intro = _without_site_lines(intro, meta.show)
    if not intro:
        doc.problems.append("no title line found")
        doc.fatal = True
        return doc
    ep = EpisodeRecord(source=name, kind="summary-site", show=meta.show, title=intro[0], date=meta.date,
                       duration=meta.duration)
    blurb = [l for l in intro[1:] if _is_prose(l)]
    chips = [l for l in intro[1:] if not _is_prose(l)]
    ep.summary = " ".join(blurb)
    body, headings = _sections(rest[intro_end:], sections)
    summary_text = "\n".join(body.get("podcast summary", []) + body.get("summary", []))
    speakers = speaker_lines(body.get("speakers", []))
    _fill(ep, body, headings, paywalled)
    chip_people = [c for c in chips if is_name(c) and (c in speakers or c in ep.title or c in summary_text)]
    ep.topics = [c for c in chips if c not in chip_people and not SPONSOR.match(c)] + ep.topics
    hosts = set(people.hosts_named(summary_text)) | set(_show_host(meta.show))
    hosts |= {p.name for p in meta.people if p.role == "host"}
    hosts |= {n for n, (role, _) in speakers.items() if role_of(role) == "host"}
    listed = {p.name: p for p in meta.people}
    for person in list(dict.fromkeys(chip_people + list(speakers) + list(listed))):
        role, bio = speakers.get(person, (None, ""))
        given = listed.get(person)
        ep.people.append(PersonRecord(person, "host" if person in hosts else (given.role if given and given.role else "guest"),
                                      strength=3, bio=bio or None, bio_strength=3 if bio else 0,
                                      affiliation=given.affiliation if given else None,
                                      position=(given.position if given else None) or position_of(role)))
    ep.people += people.from_title(ep.title, summary_text)
    ep.people += [p for p in people.from_description(summary_text) if not p.participant]
    sponsors = [l for l in intro + summary_text.split("\n") if SPONSOR.match(l)]
    ep.people = [p for p in ep.people if not any(p.name in s for s in sponsors)]
    ep.mention_text = "\n".join([ep.title, ep.summary, summary_text])
    doc.episodes.append(ep)
    return doc


def _without_site_lines(intro: list[str], show: str | None) -> list[str]:
    """Without a `Show•Date` line the intro may open with the site's and the show's names."""
    out = [l for l in intro if not show or l.lower() != show.lower()]
    while len(out) > 1 and len(out[0].split()) == 1 and not _is_prose(out[0]):
        out = out[1:]
    return out


def _show_host(show: str | None) -> list[str]:
    """'The X Podcast with Name' names its host."""
    m = re.search(rf"\bwith ({NAME})$", show or "")
    return [m.group(1)] if m and is_name(m.group(1)) else []


def _is_prose(line: str) -> bool:
    return is_prose(line)


def _section_names(lines: list[str]) -> tuple[list[str], set[str], int | None]:
    """Headings from the page's navigation list, the paywalled ones, and where the list starts."""
    nav_at = next((i for i, l in enumerate(lines) if NAV.match(l)), None)
    names: list[str] = []
    paywalled: set[str] = set()
    if nav_at is not None:
        for line in lines[nav_at + 1:]:
            if not line:
                continue
            m = NAV_ITEM.match(line)
            if not m:
                break
            item = m.group("text").strip()
            if PAYWALL_SUFFIX.search(item):
                item = PAYWALL_SUFFIX.sub("", item).strip()
                paywalled.add(item.lower())
            names.append(item)
    names += [n for n in _DEFAULT_SECTIONS if n not in names]
    return names, paywalled, nav_at


def _key(line: str, wanted: dict[str, str]) -> str | None:
    """The body key of a heading line: the section's canonical name for a known kind of section,
    else the heading lowercased (the seed's navigation names)."""
    kind = section_key(line)
    if kind in _CANONICAL:
        return _CANONICAL[kind]
    if line.lower() in wanted:
        return line.lower()
    if kind:
        return clean(line).strip("#*: ").lower()
    return None


def _sections(lines: list[str], names: list[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Lines under each heading (keys: the canonical name of a known kind of section, else the
    heading lowercased) and each key's heading as written; the navigation list itself and
    everything after 'More episodes like this' are dropped."""
    wanted = {n.lower(): n for n in names}
    out: dict[str, list[str]] = {}
    written: dict[str, str] = {}
    current = None
    for line in lines:
        if END.match(line) or (len(line) <= 200 and MORE_FROM.search(line)):
            break
        if not line or is_furniture(line) or NAV.match(line):
            continue
        key = None if NAV_ITEM.match(line) else _key(line, wanted)
        if key:
            current = key
            out.setdefault(current, [])
            written.setdefault(current, clean(line).strip("#*: "))
            continue
        if current is not None:
            out[current].append(line)
    return out, written


def _fill(ep: EpisodeRecord, body: dict[str, list[str]], headings: dict[str, str], paywalled: set[str]) -> None:
    """Description, key insights, highlights, chapters and topics from the sections the page shows."""
    summary = body.get("podcast summary", []) + body.get("summary", [])
    if summary:
        ep.description.append(Block("h", "Summary"))
        ep.description += paragraphs(summary)
    moments: list[TimedTitle] = []
    for lead, text in _takeaways(body.get("key takeaways", [])):
        start, _ = stamp_in(text)
        if start is None and lead:
            start, bare = stamp_in(lead)
            lead = bare if start is not None else lead
        ep.key_insights.append(Insight(text, lead))
        if lead and start is not None:
            moments.append(TimedTitle(start, lead))
    moments += timed_lines(body.get("highlights", []))
    ep.highlights = sorted_moments(moments)
    ep.chapters = chapters_of(body.get("chapters", []))
    ep.topics = topics_of(body.get("topics", []))
    facts = [item_text(l) for l in body.get("statistics & facts", [])]
    if facts:
        ep.description.append(Block("h", "Statistics & facts"))
        ep.description.append(Block("ul", items=facts))
    done = {"podcast summary", "summary", "speakers", "key takeaways", "statistics & facts", "highlights",
            "chapters", "topics"}
    for key, lines in body.items():
        if key in done or key in paywalled or not lines:
            continue
        if key == "transcript":
            quote = excerpt(lines)
            if quote:
                ep.description.append(Block("h", "From the opening"))
                ep.description.append(Block("quote", items=quote))
            continue
        ep.description.append(Block("h", key[:1].upper() + key[1:]))
        ep.description += paragraphs(lines)


def _takeaways(lines: list[str]) -> list[tuple[str, str]]:
    """(title, paragraph) pairs: a short line without end punctuation titles the prose after it;
    a list of one-line points gives one point each (its title: the point, stamps removed)."""
    if any(item_text(l) != l for l in lines):
        out = []
        for line in lines:
            text = item_text(line)
            start, bare = stamp_in(text)
            lead, _, rest = bare.partition(": ")
            if rest and len(lead.split()) <= 8:
                out.append((lead + (f" ({_clock(start)})" if start is not None else ""), rest))
            else:
                out.append(("", text))
        return out
    return pair_titles(lines)


def _clock(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
