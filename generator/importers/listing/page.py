"""The listing parser: `detect`, `near_miss` and `parse`, and what the page says around its
episode blocks: the show's title (in its header, or repeated next to every block), the category
and hosts its header names, the "About" footer, and each block's date read with the others."""
from __future__ import annotations

import re
from collections import Counter

from generator.importers import people
from generator.importers.listing.blocks import EpisodeBlock, FoundBlocks, blocks_to_footer, find_blocks
from generator.importers.listing.body import read_episode
from generator.importers.listing.lines import (ABOUT, BULLET, PAGE_END, TIME_IN, dated_without_year, duration_line,
                                               plausible_date, relative_date_line, undated_meta_line)
from generator.importers.records import ParsedDocument, PersonRecord, ShowRecord
from generator.importers.text import (clean, date_from_parts, date_separator, find_url, infer_day_month_order,
                                      is_artefact, is_button, is_furniture, is_name, meta_line, normalize,
                                      numeric_parts, parse_named_date, people_list)

FORMAT = "podcast listing"


_BREADCRUMB = re.compile(r"^(?:podcasts?|home|start(?:seite)?|accueil|inicio)\s*[›>/»|]", re.I)


def detect(text: str) -> float:
    """Listing pages repeat episode blocks: a title next to a date line, usually with a
    duration, usually under a bullet or line repeating the show's name."""
    found = find_blocks(normalize(text).split("\n"))
    blocks = [b for b in found.blocks if plausible_date(b.raw)]
    if not blocks:
        return 0.0
    score = 0.5 if len(blocks) >= 2 else 0.4  # one block alone needs a duration or the show's bullet too
    if len(blocks) >= 2:
        score += 0.15
    if any(b.duration for b in blocks):
        score += 0.15
    if found.repeated or any(b.bullet is not None for b in blocks):
        score += 0.15
    if len(blocks) < 3 and found.summary_headings:
        score -= 0.35  # one dated line in a summary page is that page's date, not a listing
    return max(0.0, min(score, 0.95))


def near_miss(text: str) -> str | None:
    """Why a page shaped like a listing (repeated episode blocks) is not read as one, or None."""
    lines = normalize(text).split("\n")
    found = find_blocks(lines)
    plausible = [b for b in found.blocks if plausible_date(b.raw)]
    if plausible or found.summary_headings:
        return None  # read as a listing, or a summary page's own shape
    if found.blocks:
        return "looks like a listing page but none of its episode dates is a real date"
    if len(found.anchors) >= 2:
        return "looks like a listing page but no date line has an episode title next to it"
    lines = lines[:next((i for i, l in enumerate(lines) if PAGE_END.match(clean(l))), len(lines))]
    relative = sum(1 for l in lines if relative_date_line(clean(l)))
    durations = sum(1 for l in lines if (duration_line(clean(l)) and not TIME_IN.match(clean(l)))
                    or undated_meta_line(clean(l)))
    if relative >= 2:
        return (f"looks like a listing page but its {relative} episode dates are relative (such as "
                f"'3 days ago'); a date is never guessed")
    undated = sum(1 for l in lines if dated_without_year(clean(l)))
    if undated >= 2:
        return "looks like a listing page but its episode dates have no year; a date is never guessed"
    if durations >= 2 or found.repeated:
        return "looks like a listing page but no episode block has a date"
    return None


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    lines = normalize(text).split("\n")
    found = find_blocks(lines)
    if not found.blocks:
        doc.problems.append("no episode blocks (an episode title next to a date line) found")
        doc.fatal = True
        return doc
    show_title = _show_title(lines, found)
    blocks = blocks_to_footer(lines, found.blocks, show_title)
    header = lines[:blocks[0].head]
    show = ShowRecord(title=show_title or "Untitled show", source=name)
    _read_header(header, show)
    _read_footer(lines[blocks[-1].end:], show)
    doc.shows.append(show)

    dates = _read_dates(lines, blocks, doc)
    for block, date in zip(blocks, dates):
        if date is not None:
            doc.episodes.append(read_episode(lines, block, name, show, date))
    if not doc.episodes:
        doc.fatal = True
    return doc


def _show_title(lines: list[str], found: FoundBlocks) -> str | None:
    """The name the episode bullets repeat; else the line repeated next to every block; else the
    page's first heading-like line."""
    bullets = Counter(clean(BULLET.match(lines[b.bullet]).group("text")) for b in found.blocks if b.bullet is not None)
    if bullets:
        return bullets.most_common(1)[0][0]
    first = found.blocks[0].head
    header = {clean(l) for l in lines[:first]}
    names = [t for t in found.repeated if not is_button(t) and not is_artefact(t) and not is_furniture(t)]
    if names:
        return sorted(names, key=lambda t: (t not in header, -len(t)))[0]
    for line in lines[:first]:
        text = clean(line)
        if text and not is_furniture(text) and not text.startswith("Podcasts") and not _BREADCRUMB.match(text):
            return text
    return None


def _read_header(header: list[str], show: ShowRecord) -> None:
    """Breadcrumb ('Podcasts<Category><Show>', 'Home › Podcasts › Category › Show') gives the
    category; a name-shaped line or a 'Hosted by Name' line the host."""
    for line in header:
        text = clean(line)
        if not text or is_furniture(text) or text == show.title:
            continue
        m = re.fullmatch(r"Podcasts\s*(?P<cat>[A-Z][\w &-]*?)\s*" + re.escape(show.title), text)
        if m:
            show.category = m.group("cat").strip() or None
            continue
        if _BREADCRUMB.match(text):
            parts = [clean(p) for p in re.split(r"[›>/»|]", text) if clean(p)]
            if len(parts) >= 3 and parts[-1] == show.title and parts[-2].lower() not in ("podcasts", "podcast"):
                show.category = show.category or parts[-2]
            continue
        meta = meta_line(text)
        if meta and meta[0] in ("hosts", "by"):
            names = [n for n, *_ in people_list(meta[1])]
        else:
            names = [text] if is_name(text) else []
        for n in names:
            if not any(h.name == n for h in show.hosts):
                show.hosts.append(PersonRecord(n, "host", strength=3))


_MORE_CATEGORY = [re.compile(p, re.I) for p in (
    r"More ([\w &-]+?) podcasts", r"(?:Weitere|Mehr) ([\w &-]+?) Podcasts", r"(?:Plus de|Autres) podcasts (?:de |d['’])?([\w &-]+)",
    r"Más podcasts de ([\w &-]+)", r"Altri podcast di ([\w &-]+)")]


def _read_footer(footer: list[str], show: ShowRecord) -> None:
    """'About <show>' (or 'Über …', 'À propos de …', 'Acerca de …') and the paragraph under it;
    a 'More <Category> podcasts' line (in those languages too)."""
    about: list[str] = []
    in_about = False
    for line in footer:
        text = clean(line)
        if not text:
            if about:
                in_about = False
            continue
        for pattern in _MORE_CATEGORY:
            m = pattern.fullmatch(text)
            if m and not show.category:
                show.category = m.group(1)
        if re.fullmatch(rf"{ABOUT}\s+.+", text, re.I) and not about:
            in_about = True
            continue
        if in_about:
            if is_furniture(text):
                in_about = False
                continue
            about.append(text)
    show.about = "\n\n".join(about)
    show.website = find_url(show.about)
    show.hosts += [p for p in people.from_about(show.about) if not any(h.name == p.name for h in show.hosts)]
    for p in show.hosts:  # what the about text says of a host named in the header
        for q in people.from_about(show.about):
            if q.name == p.name:
                p.affiliation, p.position = p.affiliation or q.affiliation, p.position or q.position


def _read_dates(lines: list[str], blocks: list[EpisodeBlock], doc: ParsedDocument) -> list:
    """Each block's date, the document's day/month order inferred from all of them together
    (dotted `3.3.2026` dates, when the order cannot be inferred, are day first: the only order
    dotted dates are written in)."""
    raw = [b.raw for b in blocks]
    ambiguous = [p[:3] for p in (numeric_parts(r) for r in raw) if p and not p[3]]
    order, reason = infer_day_month_order(ambiguous) if ambiguous else (None, "")
    if ambiguous and order is None and all(date_separator(r) == "." for r in raw if numeric_parts(r)):
        order = "dmy"
    if ambiguous and order is None:
        doc.problems.append(f"dates cannot be read: {reason}")
        return [None] * len(blocks)
    out = []
    for b, r in zip(blocks, raw):
        parts = numeric_parts(r)
        date = date_from_parts(parts, order) if parts else parse_named_date(r)
        if date is None:
            doc.problems.append(f"episode {clean(lines[b.title])!r}: date {r!r} is not a real date; episode skipped")
        out.append(date)
    return out
