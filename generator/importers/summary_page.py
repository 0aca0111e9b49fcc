"""A summary page: title, one-sentence blurb, then `Summary`, `Key Insights`, `Topics` and
`Transcript` sections, the transcript only a short `[0:00] … [0:30] …` excerpt, and a
"More from <show>" list of the show's other episodes.

The excerpt is cut off ("…") and its stamps cover the first half minute only, so it is no
transcript: it becomes a short quotation in the description, stamps removed. The "More from"
list only names the show; its items are other episodes' furniture and are dropped.
"""
from __future__ import annotations

import re

from generator.importers import people
from generator.importers.records import Block, EpisodeRecord, Insight, ParsedDocument
from generator.importers.text import clean, is_furniture, item_text, normalize

FORMAT = "summary page"

_HEADINGS = {"summary": "summary", "key insights": "insights", "key points": "insights", "topics": "topics",
             "transcript": "transcript", "transcript excerpt": "transcript"}
_MORE_FROM = re.compile(r"(?:^|(?<=[a-z]))More from (?P<show>\S.*?)\s*$")
_STAMP = re.compile(r"\[\d{1,2}(?::\d{2}){1,2}\]")


def detect(text: str) -> float:
    lines = {clean(l).lower() for l in normalize(text).split("\n")}
    score = 0.0
    if "summary" in lines:
        score += 0.35
    if "key insights" in lines or "key points" in lines:
        score += 0.35
    if "topics" in lines:
        score += 0.1
    if _STAMP.search(text):
        score += 0.15
    if "podcast summary" in lines or "key takeaways" in lines:  # the other summary site's shape
        score -= 0.5
    return max(score, 0.0)


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    lines = [clean(l) for l in normalize(text).split("\n")]
    section = "head"
    head: list[str] = []
    parts: dict[str, list[str]] = {"summary": [], "insights": [], "topics": [], "transcript": []}
    show = None
    for line in lines:
        more = _MORE_FROM.search(line)
        if more:
            show = more.group("show")
            break  # what follows is the show's other episodes
        if not line or is_furniture(line):
            continue
        key = _HEADINGS.get(line.lower().rstrip(":"))
        if key:
            section = key
            continue
        (head if section == "head" else parts[section]).append(line)
    if not head:
        doc.problems.append("no title line found")
        doc.fatal = True
        return doc
    ep = EpisodeRecord(source=name, kind="summary-page", show=show, title=head[0])
    ep.summary = " ".join(head[1:])
    if parts["summary"]:
        ep.description.append(Block("h", "Summary"))
        ep.description += [Block("p", p) for p in parts["summary"]]
    excerpt = _excerpt(parts["transcript"])
    if excerpt:
        ep.description.append(Block("h", "From the opening"))
        ep.description.append(Block("quote", items=excerpt))
    ep.key_insights = [Insight(item_text(l)) for l in parts["insights"]]
    ep.topics = [item_text(l) for l in parts["topics"]]
    ep.people = people.from_title(ep.title, ep.summary + "\n" + "\n".join(parts["summary"]))
    ep.people += people.from_description(ep.summary + "\n" + "\n".join(parts["summary"]))
    ep.mention_text = "\n".join(head + parts["summary"] + excerpt)
    doc.episodes.append(ep)
    return doc


def _excerpt(lines: list[str]) -> list[str]:
    """The transcript excerpt as quotation paragraphs: stamps dropped, one paragraph per
    speaker change (`>>`)."""
    text = " ".join(lines)
    text = _STAMP.sub(" ", text)
    return [" ".join(p.split()) for p in text.split(">>") if p.strip()]
