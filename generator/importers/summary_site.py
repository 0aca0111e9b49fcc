"""A summary site's episode page: `<Show>•<Date>`, the title, a blurb, category chips and
speaker names, a "Summary Sections" navigation list, then sections: Podcast Summary, Speakers
(name, bio), Key Takeaways (title, paragraph with a `(MM:SS)` time), Statistics & Facts,
and paywalled stubs; "More episodes like this" ends the page's own content.

Section headings are read from the page's own navigation list (suffixes such as "Premium"
mark paywalled ones); a few usual headings are known in case the list is missing.
"""
from __future__ import annotations

import re

from generator.importers import people
from generator.importers.records import Block, EpisodeRecord, Insight, Moment, ParsedDocument, PersonRecord
from generator.importers.text import (LIST_ITEM, NAME, clean, date_from_parts, is_furniture, is_name, item_text,
                                      normalize, numeric_parts, parse_named_date, to_seconds)

FORMAT = "summary site"

_SHOW_DATE = re.compile(r"^(?P<show>\S.*?)\s*[•·]\s*(?P<date>\S.*\d)$")
_NAV = re.compile(r"^(?:summary sections|sections|on this page|contents)$", re.I)
_NAV_ITEM = re.compile(r"^\s*[•·*-]\s+(?P<text>\S.*)$")
_PAYWALL_SUFFIX = re.compile(r"(?<=[a-z])(?:Premium|Plus|Pro|Members?)$")
_DEFAULT_SECTIONS = ["Podcast Summary", "Summary", "Speakers", "Key Takeaways", "Statistics & Facts"]
_END = re.compile(r"^(?:more episodes like this|similar episodes|you may also like|related episodes)\b", re.I)
_STAMP = re.compile(r"\((?P<t>\d{1,2}(?::\d{2}){1,2})\)")


def detect(text: str) -> float:
    lines = {clean(l).lower() for l in normalize(text).split("\n")}
    score = 0.0
    if "podcast summary" in lines:
        score += 0.4
    if "key takeaways" in lines:
        score += 0.3
    if "speakers" in lines:
        score += 0.15
    if any(_SHOW_DATE.match(l) for l in lines):
        score += 0.1
    return min(score, 0.95)


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    lines = [clean(l) for l in normalize(text).split("\n")]
    at = next((i for i, l in enumerate(lines) if _SHOW_DATE.match(l) and _date(_SHOW_DATE.match(l).group("date"))[0]), None)
    show, date = None, None
    if at is not None:
        m = _SHOW_DATE.match(lines[at])
        show = m.group("show")
        date = _date(m.group("date"))[0]
    else:
        doc.problems.append("no `<show>•<date>` line: the episode's show and date are unknown")
    rest = [l for l in lines[(at + 1 if at is not None else 0):]]
    sections, paywalled, nav_at = _section_names(rest)
    intro_end = nav_at if nav_at is not None else next(
        (i for i, l in enumerate(rest) if l in sections), len(rest))
    intro = [l for l in rest[:intro_end] if l and not is_furniture(l)]
    if not intro:
        doc.problems.append("no title line found")
        doc.fatal = True
        return doc
    ep = EpisodeRecord(source=name, kind="summary-site", show=show, title=intro[0], date=date)
    blurb = [l for l in intro[1:] if _is_prose(l)]
    chips = [l for l in intro[1:] if not _is_prose(l)]
    ep.summary = " ".join(blurb)
    body = _sections(rest[intro_end:], sections)
    summary_text = "\n".join(body.get("podcast summary", []) + body.get("summary", []))
    speakers = _speakers(body.get("speakers", []))
    _fill(ep, body, paywalled)
    chip_people = [c for c in chips if is_name(c) and (c in speakers or c in ep.title or c in summary_text)]
    ep.topics = [c for c in chips if c not in chip_people]
    hosts = set(people.hosts_named(summary_text)) | set(_show_host(show))
    for person in list(dict.fromkeys(chip_people + list(speakers))):
        ep.people.append(PersonRecord(person, "host" if person in hosts else "guest", strength=3,
                                      bio=speakers.get(person) or None, bio_strength=3 if speakers.get(person) else 0))
    ep.people += people.from_title(ep.title, summary_text)
    ep.people += [p for p in people.from_description(summary_text) if not p.participant]
    ep.mention_text = "\n".join([ep.title, ep.summary, summary_text])
    doc.episodes.append(ep)
    return doc


def _date(text: str):
    """The page's date: written out ('January 22, 2026') or year first; a lone a/b/yyyy date
    has no evidence for its day/month order."""
    named = parse_named_date(text)
    if named:
        return named, ""
    parts = numeric_parts(text)
    if parts and parts[3]:
        return date_from_parts(parts, None), ""
    return None, "day/month order of a lone date cannot be told"


def _show_host(show: str | None) -> list[str]:
    """'The X Podcast with Name' names its host."""
    m = re.search(rf"\bwith ({NAME})$", show or "")
    return [m.group(1)] if m and is_name(m.group(1)) else []


def _is_prose(line: str) -> bool:
    return bool(re.search(r"[.!?]$", line)) or len(line.split()) > 12


def _section_names(lines: list[str]) -> tuple[list[str], set[str], int | None]:
    """Headings from the page's navigation list, the paywalled ones, and where the list starts."""
    nav_at = next((i for i, l in enumerate(lines) if _NAV.match(l)), None)
    names: list[str] = []
    paywalled: set[str] = set()
    if nav_at is not None:
        for line in lines[nav_at + 1:]:
            if not line:
                continue
            m = _NAV_ITEM.match(line)
            if not m:
                break
            item = m.group("text").strip()
            if _PAYWALL_SUFFIX.search(item):
                item = _PAYWALL_SUFFIX.sub("", item).strip()
                paywalled.add(item.lower())
            names.append(item)
    names += [n for n in _DEFAULT_SECTIONS if n not in names]
    return names, paywalled, nav_at


def _sections(lines: list[str], names: list[str]) -> dict[str, list[str]]:
    """Lines under each heading (keys lowercased); the navigation list itself and everything
    after 'More episodes like this' are dropped."""
    wanted = {n.lower(): n for n in names}
    out: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if _END.match(line):
            break
        if not line or is_furniture(line) or _NAV.match(line):
            continue
        if line.lower() in wanted and not _NAV_ITEM.match(line):
            current = line.lower()
            out.setdefault(current, [])
            continue
        if current is not None:
            out[current].append(line)
    return out


def _speakers(lines: list[str]) -> dict[str, str]:
    """Speaker name -> bio, from alternating name lines and bio paragraphs."""
    out: dict[str, str] = {}
    current = None
    for line in lines:
        if is_name(line):
            current = line
            out.setdefault(current, "")
        elif current is not None:
            out[current] = (out[current] + "\n\n" + line).strip()
    return out


def _fill(ep: EpisodeRecord, body: dict[str, list[str]], paywalled: set[str]) -> None:
    """Description, key insights and highlights from the sections the page shows."""
    summary = body.get("podcast summary", []) + body.get("summary", [])
    if summary:
        ep.description.append(Block("h", "Summary"))
        ep.description += _paragraphs(summary)
    for lead, text in _takeaways(body.get("key takeaways", [])):
        ep.key_insights.append(Insight(text, lead))
        m = _STAMP.search(text)
        start = to_seconds(m.group("t")) if m else None
        if lead and start is not None:
            ep.highlights.append(Moment(start, lead))
    facts = [item_text(l) for l in body.get("statistics & facts", [])]
    if facts:
        ep.description.append(Block("h", "Statistics & facts"))
        ep.description.append(Block("ul", items=facts))
    done = {"podcast summary", "summary", "speakers", "key takeaways", "statistics & facts"}
    for key, lines in body.items():
        if key in done or key in paywalled or not lines:
            continue
        ep.description.append(Block("h", key[:1].upper() + key[1:]))
        ep.description += _paragraphs(lines)


def _paragraphs(lines: list[str]) -> list[Block]:
    out: list[Block] = []
    for line in lines:
        m = LIST_ITEM.match(line)
        if m:
            if out and out[-1].kind == "ul":
                out[-1].items.append(m.group("text"))
            else:
                out.append(Block("ul", items=[m.group("text")]))
        else:
            out.append(Block("p", line))
    return out


def _takeaways(lines: list[str]) -> list[tuple[str, str]]:
    """(title, paragraph) pairs: a short line without end punctuation titles the prose after it."""
    out: list[tuple[str, str]] = []
    lead = ""
    for line in lines:
        if not _is_prose(line):
            if lead:
                out.append((lead, ""))
            lead = line
        else:
            out.append((lead, line))
            lead = ""
    if lead:
        out.append((lead, ""))
    return [(l, t) for l, t in out if t]
