"""A Podcasting 2.0 JSON chapters file (`{"version": …, "chapters": [{"startTime": 0, "title": …}]}`).

It becomes the `chapters` of the episode it belongs to (the merge stage attaches it by the
feed item that links it, or by its file name, title and show). Start times are float seconds
and are kept as whole seconds; entries with `"toc": false` are silent markers, not chapters;
entries without a title are not chapters either.
"""
from __future__ import annotations

import json
import math

from generator.importers.records import EpisodeRecord, TimedTitle, ParsedDocument

FORMAT = "JSON chapters"


def _load(text: str):
    try:
        return json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return None


def detect(text: str) -> float:
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head != "{":
        return 0.0
    data = _load(text)
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        return 0.0
    items = data["chapters"]
    if items and not any(isinstance(c, dict) and "startTime" in c for c in items):
        return 0.0
    return 0.95


def _seconds(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or math.isnan(value) or math.isinf(value) or value < 0:
        return None
    return int(value) if value < 100 * 3600 else None


def parse(text: str, name: str) -> ParsedDocument:
    doc = ParsedDocument(source=name, format=FORMAT)
    data = _load(text)
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        doc.problems.append("not a JSON chapters file (no `chapters` list)")
        doc.fatal = True
        return doc
    ep = EpisodeRecord(source=name, kind="chapters")
    seen: set[int] = set()
    for i, item in enumerate(data["chapters"], 1):
        if not isinstance(item, dict):
            doc.problems.append(f"chapter {i}: not an object; skipped")
            continue
        start = _seconds(item.get("startTime"))
        title = " ".join(str(item.get("title") or "").split()) if isinstance(item.get("title"), (str, int, float)) else ""
        if start is None:
            doc.problems.append(f"chapter {i}: startTime {item.get('startTime')!r} is not a number of seconds; skipped")
            continue
        if item.get("toc") is False or not title:
            continue
        if start in seen:
            continue
        seen.add(start)
        ep.chapters.append(TimedTitle(start, title))
    ep.chapters.sort(key=lambda m: m.start)
    if not ep.chapters:
        doc.problems.append("no chapters with a title and a start time")
        doc.fatal = True
        return doc
    title = data.get("title")
    if isinstance(title, str) and title.strip():
        ep.title = " ".join(title.split())
    podcast = data.get("podcastName")
    if isinstance(podcast, str) and podcast.strip():
        ep.show = " ".join(podcast.split())
    ep.mention_text = " ".join(m.title for m in ep.chapters)
    doc.episodes.append(ep)
    return doc
