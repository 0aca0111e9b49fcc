"""A summary page's or site's layout: the page read into its head, metadata, sections and the end
of its own content (`read_page`), its title and blurb, and the shape signals by which `detect`
tells the two kinds apart (`fit`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importers.summary_sections import pair_titles, speaker_name
from generator.importers.summary_vocabulary import (END, GENERIC_SHOW, MORE_FROM, NAV, NAV_ITEM, PAYWALL,
                                                    PAYWALL_SUFFIX, SPONSOR, Meta, is_prose, section_key,
                                                    show_date_line)
from generator.importers.text import LIST_ITEM, clean, is_furniture, is_name, meta_line, normalize

_BREADCRUMB = re.compile(r"^(?:podcasts?|home|start(?:seite)?|accueil|inicio)\s*[›>/»|]|\S\s[›>»]\s\S.*\s[›>»]\s", re.I)


@dataclass
class Page:
    """A summary page or site read into its parts."""
    head: list[str] = field(default_factory=list)  # lines before the first section, metadata removed
    meta: Meta = field(default_factory=Meta)
    sections: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (key, heading as written, lines)
    more_from: str | None = None  # the show a "More from <show>" line names
    sponsors: list[str] = field(default_factory=list)

    def lines_of(self, key: str) -> list[str]:
        return [l for k, _, lines in self.sections if k == key for l in lines]


_READ: list = [None, None]  # (text, Page) of the last page read: near_miss and parse read the same


def read_page(text: str) -> Page:
    """Head, metadata, sections and the end of a page's own content (the caller must not change it)."""
    if _READ[0] is not None and _READ[0] == text:
        return _READ[1]
    page = _read_page(text)
    _READ[:] = [text, page]
    return page


HEAD_LINES = 400  # metadata and the `Show•Date` line stand at a page's top: looked for there only


def _read_page(text: str) -> Page:
    page = Page()
    current: tuple[str, str, list[str]] | None = None
    for n, line in enumerate(clean(l) for l in normalize(text).split("\n")):
        more = MORE_FROM.search(line) if len(line) <= 200 else None
        if more:
            show = more.group("show")
            page.more_from = None if GENERIC_SHOW.match(show) else show
            break  # what follows is the show's other episodes
        if END.match(line):
            break
        if not line or is_furniture(line) or PAYWALL.match(line):
            continue
        key = section_key(line)
        if key:
            current = (key, line, [])
            page.sections.append(current)
            continue
        if SPONSOR.match(line):
            page.sponsors.append(line)
        if current is None:
            if n >= HEAD_LINES or not page.meta.read(line):
                page.head.append(line)
        else:
            current[2].append(line)
    return page


def title_and_blurb(head: list[str], show: str | None) -> tuple[str | None, list[str], list[str]]:
    """The title (the first head line that is not a breadcrumb, the show's name or a one-word
    site name before the real title), the blurb lines after it and the name-only lines."""
    cands = [l for l in head if not _BREADCRUMB.search(l) and (not show or l.lower() != show.lower())]
    while len(cands) > 1 and len(cands[0].split()) == 1 and not is_prose(cands[0]):
        cands = cands[1:]  # a site's name above the title
    if not cands:
        return None, [], []
    title, rest = cands[0], cands[1:]
    names = [l for l in rest if is_name(l)]
    return title, [l for l in rest if l not in names], names


# ---------------------------------------------------------------- telling the kinds apart


@dataclass
class Fit:
    content: float  # how much of a one-episode summary the page has, whichever kind
    page: float  # the summary page's own shape: flat bulleted points, labelled lines, "More from"
    site: float  # the summary site's: section navigation, speaker bios, `Show•Date`, paywalls, titled takeaways


_LAST: list = [None, None]  # (text, Fit) of the last page: both summary parsers' detect read the same


def fit(text: str) -> Fit:
    """Shape signals of a one-episode summary. The content score counts its sections (summary,
    key points, highlights, topics, chapters, transcript excerpt, labelled metadata); the page
    and site scores the features only one of the two kinds has."""
    if _LAST[0] is not None and _LAST[0] == text:
        return _LAST[1]
    found = _fit(text)
    _LAST[:] = [text, found]
    return found


def _fit(text: str) -> Fit:
    lines = [clean(l) for l in normalize(text).split("\n")]
    keys: dict[str, list[list[str]]] = {}
    current: list[str] | None = None
    nav = paywall = more_like = more_from = show_date = excerpt_stamps = False
    meta = 0
    in_nav = False
    for i, line in enumerate(lines):
        if not line:
            continue
        if len(line) <= 200 and MORE_FROM.search(line):
            more_from = True
            break
        if END.match(line):
            more_like = True
            break
        if NAV.match(line):
            in_nav = True
            continue
        if in_nav:
            m = NAV_ITEM.match(line)
            if m:
                nav = nav or bool(section_key(PAYWALL_SUFFIX.sub("", m.group("text")).strip()))
                paywall = paywall or bool(PAYWALL_SUFFIX.search(m.group("text")))
                continue
            in_nav = False
        if PAYWALL.match(line):
            paywall = True
            continue
        key = section_key(line)
        if key:
            current = []
            keys.setdefault(key, []).append(current)
            continue
        if current is None:
            if i < HEAD_LINES and meta_line(line):
                meta += 1
            elif i < HEAD_LINES and not show_date and show_date_line(line):
                show_date = True
        elif not is_furniture(line):
            current.append(line)
        if "[0:" in line or re.match(r"^\[\d{1,2}:\d{2}\]", line):
            excerpt_stamps = True
    insights = [l for block in keys.get("insights", []) for l in block]
    speakers = [l for block in keys.get("people", []) for l in block]
    bulleted = sum(1 for l in insights if LIST_ITEM.match(l)) >= 2
    pairs = not bulleted and sum(1 for lead, _ in pair_titles(insights) if lead) >= 2
    bios = any(speaker_name(a) and is_prose(b) for a, b in zip(speakers, speakers[1:]))
    if not {"summary", "insights", "highlights"} & set(keys):
        content = 0.0  # no summary, key points or highlights: not a summary of either kind
    else:
        content = (0.35 * ("summary" in keys) + 0.35 * ("insights" in keys) + 0.2 * ("highlights" in keys)
                   + 0.1 * ("topics" in keys) + 0.05 * ("chapters" in keys)
                   + 0.1 * ("transcript" in keys or excerpt_stamps) + 0.1 * bool(meta))
    page = 0.1 * more_from + 0.1 * bulleted + 0.05 * bool(meta) + 0.05 * ("transcript" in keys and excerpt_stamps)
    site = 0.2 * nav + 0.15 * bios + 0.1 * show_date + 0.1 * paywall + 0.1 * pairs + 0.05 * more_like
    return Fit(content, page, site)
