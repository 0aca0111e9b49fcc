"""What each kind of content file holds (DESIGN §3): its front matter keys, and how a person,
a show and an episode are read from a checked file."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.content.body import parse_body
from generator.content.checks import FileCheck, is_email, is_mime_type, is_web_url
from generator.model import Chapter, Episode, Link, Owner, Person, Show, TranscriptLink
from generator.slugs import RESERVED_SLUGS, is_slug
from generator.timecode import format_time, parse_time

SHOW_KEYS = {"title", "hosts", "description", "website", "category", "language", "image", "author", "owner",
             "explicit", "guid", "locked"}
EPISODE_KEYS = {"title", "date", "duration", "guests", "hosts", "summary", "alt_titles", "chapters", "highlights",
                "topics", "audio", "audio_type", "audio_bytes", "guid", "number", "season", "episode_type", "explicit",
                "image", "speakers", "transcript_links", "chapters_link", "sources", "transcript_timing", "draft",
                "slug"}
PERSON_KEYS = {"name", "aliases", "role", "affiliation", "links", "img"}
TIMINGS = ("exact", "estimated", "none")
EPISODE_TYPES = ("full", "trailer", "bonus")
MAX_TOPIC = 80  # a topic is a URL slug; longer ones would be cut
MAX_DURATION = 99 * 3600 + 59 * 60 + 59  # 99:59:59
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_LONG_TIME = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)$")  # H:MM:SS with any number of hours
_EPISODE_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


def _load_person(f: FileCheck, path: Path) -> Person:
    slug = path.stem
    if not is_slug(slug):
        f.error(f"file name {path.name!r} is not a slug (lowercase words joined by '-')", line=None)
    f.unknown_keys(PERSON_KEYS)
    role = f.text("role", default="guest") or "guest"
    if role not in ("host", "guest"):
        f.error(f"`role` must be host or guest, got {role!r}", "role")
        role = "guest"
    links = []
    raw_links = f.doc.meta.get("links") or []
    if not isinstance(raw_links, list):
        f.error("`links` must be a list of {title, url}", "links")
        raw_links = []
    for i, item in enumerate(raw_links):
        if isinstance(item, dict) and isinstance(item.get("url"), str) and is_web_url(item["url"]):
            links.append(Link(str(item.get("title") or item["url"]), item["url"]))
        else:
            f.error(f"`links` item {i + 1} must be {{title: ..., url: https://...}}", "links", i)
    return Person(slug=slug, name=f.text("name", required=True), aliases=f.text_list("aliases"),
                              role=role, affiliation=f.text("affiliation") or None, links=links,
                              img=f.url("img"), bio=f.doc.body.strip(), path=path)


def _load_show(f: FileCheck, path: Path) -> Show:
    slug = path.parent.name
    if not is_slug(slug):
        f.error(f"show folder name {slug!r} is not a slug (lowercase words joined by '-')", line=None)
    elif slug in RESERVED_SLUGS:
        f.error(f"show folder name {slug!r} collides with the site's own /{slug}/ pages", line=None)
    f.unknown_keys(SHOW_KEYS)
    guid = f.guid()
    if guid and not _UUID.match(guid):
        f.warn(f"`guid` {guid[:60]!r} does not look like a UUID (podcast:guid is the UUIDv5 of the feed URL)", "guid")
    if f.doc.meta.get("image") in (None, ""):  # a wrong value is an error of its own (f.url below)
        f.warn("no `image`: Apple Podcasts requires show artwork (1400–3000 px square); pages use the theme's "
               "default card")
    return Show(slug=slug, title=f.text("title", required=True), hosts=f.slug_list("hosts"),
                           description=f.text("description"), website=f.url("website"),
                           category=f.text("category") or None, language=f.text("language", default="en") or "en",
                           image=f.url("image"), author=f.text("author") or None, owner=_owner(f),
                           explicit=f.flag("explicit", None), guid=guid, locked=f.flag("locked"),
                           about=f.doc.body.strip(), path=path)


def _owner(f: FileCheck) -> Owner | None:
    raw = f.mapping("owner", "{name: ..., email: ...}")
    if raw is None:
        return None
    for key in sorted(set(map(str, raw)) - {"name", "email"}):
        f.warn(f"unknown key `{key}` in `owner` (ignored)", "owner")
    parts = {}
    for part in ("name", "email"):
        value = raw.get(part)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            f.error(f"`owner` {part} must be text, got {type(value).__name__}", "owner")
            value = None
        parts[part] = " ".join((value or "").split())
    if parts["email"] and not is_email(parts["email"]):
        f.error(f"`owner` email {parts['email'][:60]!r} is not an email address (like name@example.org)", "owner")
        parts["email"] = ""
    return Owner(**parts) if parts["name"] or parts["email"] else None


def _date(f: FileCheck, key: str) -> dt.date | None:
    value = f.doc.meta.get(key)
    if value is None:
        f.error(f"missing required field `{key}`", line=1)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        f.error(f"`{key}` must be an ISO date (YYYY-MM-DD), got {value!r}", key)
        return None


def _times(f: FileCheck, key: str, duration: int | None, ordered: bool) -> list[Chapter]:
    raw = f.doc.meta.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        f.error(f"`{key}` must be a list of {{start, title}}", key)
        return []
    items: list[Chapter] = []
    for i, item in enumerate(raw):
        title = item.get("title") if isinstance(item, dict) else None
        if not isinstance(item, dict) or "start" not in item or title is None or title == "" \
                or (isinstance(title, str) and not title.strip()):
            f.error(f"`{key}` item {i + 1} must have `start` and `title`", key, i)
            continue
        if isinstance(title, bool) or not isinstance(title, (str, int, float)):
            f.error(f"`{key}` item {i + 1}: `title` must be text, got {type(title).__name__}", key, i)
            continue
        start = parse_time(item["start"])
        if start is None:
            f.error(f"`{key}` item {i + 1}: start {item['start']!r} is not a time (H:MM:SS or MM:SS)", key, i)
            continue
        name = key[:-1]  # chapter / highlight
        if duration is not None and start > duration:
            f.error(f"{name} {format_time(start)} ({str(item['title'])[:40]!r}) starts after the episode ends "
                    f"({format_time(duration)})", key, i)
        latest = max((c.start for c in items), default=-1)
        if ordered and start <= latest:
            f.error(f"chapters out of order: {format_time(start)} ({str(item['title'])[:40]!r}) does not come after "
                    f"{format_time(latest)}; chapter starts must ascend and be unique", key, i)
        items.append(Chapter(start, str(item["title"]).strip()))
    return items


def _duration(f: FileCheck) -> int | None:
    """`duration`: H:MM:SS, MM:SS or whole seconds, at most 99:59:59."""
    raw = f.doc.meta.get("duration")
    if raw is None:
        return None
    seconds = parse_time(raw)
    if seconds is None and not isinstance(raw, (bool, int)):
        m = _LONG_TIME.match(str(raw).strip())  # too many hours for parse_time: say so rather than "not a time"
        if m:
            seconds = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
    if seconds is None:
        f.error(f"`duration` must be H:MM:SS, got {raw!r}", "duration")
        return None
    if seconds > MAX_DURATION:
        f.error(f"`duration` {raw!r} is too long: at most {format_time(MAX_DURATION)}", "duration")
        return None
    return seconds


def _speakers(f: FileCheck) -> dict[str, str]:
    """`speakers`: transcript labels (as written, e.g. "Speaker 1") -> person slugs."""
    raw = f.mapping("speakers", '{"Speaker 1": person-slug, ...}')
    if raw is None:
        return {}
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for label, slug in raw.items():
        if isinstance(label, bool) or not isinstance(label, (str, int, float)) or not str(label).strip():
            f.error(f"`speakers`: the label {label!r} must be text", "speakers")
            continue
        label = " ".join(str(label).split())
        if not isinstance(slug, str) or not is_slug(slug.strip()):
            f.error(f"`speakers`: {label!r} must map to a person slug (lowercase words joined by '-'), got {slug!r}",
                    "speakers")
            continue
        if label.lower() in seen:
            f.error(f"`speakers`: {label!r} is mapped twice (labels match regardless of case)", "speakers")
            continue
        seen[label.lower()] = label
        out[label] = slug.strip()
    return out


def _topics(f: FileCheck) -> list[str]:
    """`topics`: slugs (`ai-machine-learning`) or display names (`AI & Machine Learning`); a name's
    slug is derived (pages live at /topics/<slug>/), and topics with the same slug count once."""
    from generator.slugs import slugify
    out: dict[str, str] = {}
    for i, topic in enumerate(f.text_list("topics")):
        topic = " ".join(str(topic).split())
        if len(topic) > MAX_TOPIC:
            f.error(f"`topics`: {topic[:30]!r}… is longer than {MAX_TOPIC} characters", "topics", i)
        elif not topic or not re.search(r"[A-Za-z0-9]", topic):
            f.error(f"`topics`: {topic!r} has no letters or digits to make a page address of", "topics", i)
        else:
            out.setdefault(slugify(topic), topic)
    return list(out.values())


def _transcript_links(f: FileCheck) -> list[TranscriptLink]:
    """`transcript_links: [{url, type, language}]`: transcripts the feed linked that import did not
    download; the built feed passes them through."""
    raw = f.doc.meta.get("transcript_links")
    if raw is None:
        return []
    if not isinstance(raw, list):
        f.error(f"`transcript_links` must be a list of {{url, type}}, got {type(raw).__name__}", "transcript_links")
        return []
    out = []
    for i, item in enumerate(raw):
        url = item.get("url") if isinstance(item, dict) else None
        kind = item.get("type") if isinstance(item, dict) else None
        language = item.get("language") if isinstance(item, dict) else None
        if not isinstance(url, str) or not is_web_url(url):
            f.error(f"`transcript_links` item {i + 1} must have an absolute http(s) `url`", "transcript_links", i)
        elif kind is not None and not (isinstance(kind, str) and is_mime_type(kind)):
            f.error(f"`transcript_links` item {i + 1}: `type` must be a MIME type (e.g. text/vtt), got {kind!r}",
                    "transcript_links", i)
        elif language is not None and not isinstance(language, str):
            f.error(f"`transcript_links` item {i + 1}: `language` must be text", "transcript_links", i)
        else:
            out.append(TranscriptLink(url, kind or "", language or ""))
    return out


def _load_episode(f: FileCheck, path: Path) -> Episode:
    show = path.parent.name
    m = _EPISODE_FILE.match(path.stem)
    f.unknown_keys(EPISODE_KEYS)
    title = f.text("title", required=True)
    # an undated draft (DESIGN §3a): imported from a document that gave no date; never built
    undated = f.doc.meta.get("date") is None and f.doc.meta.get("draft") is True
    date = None if undated else _date(f, "date")
    if undated:
        f.warn("undated draft: the build skips it until it has a `date` (and a <YYYY-MM-DD>- file name)", "draft")
    elif m is None:
        f.error(f"file name {path.name!r} must be <YYYY-MM-DD>-<slug>.md", line=None)
    elif date and m.group(1) != date.isoformat():
        f.warn(f"file name date {m.group(1)} differs from `date` {date.isoformat()}", "date")
    slug = f.text("slug") or (m.group(2) if m else path.stem)
    if not is_slug(slug):
        f.error(f"episode slug {slug!r} is not a slug (lowercase words joined by '-')",
                "slug" if "slug" in f.doc.meta else None, line=None if "slug" in f.doc.meta else 1)
    duration = _duration(f)
    timing = f.text("transcript_timing", default="none") or "none"
    if timing not in TIMINGS:
        f.error(f"`transcript_timing` must be one of {', '.join(TIMINGS)}, got {timing!r}", "transcript_timing")
        timing = "none"
    draft = f.flag("draft")
    audio = f.url("audio")
    if "audio" not in f.doc.meta and not draft:
        f.warn("no `audio`: the feed item has no enclosure, so podcast apps will skip this episode", "title")
    for key in ("audio_type", "audio_bytes"):
        if f.doc.meta.get(key) is not None and f.doc.meta.get("audio") is None:
            f.warn(f"`{key}` has no effect without `audio`", key)
    parts = parse_body(f.doc.body, f.doc.body_line)
    for line, message, severity in parts.problems:
        f.error(message, line=line, severity=severity)
    if timing == "exact" and parts.transcript_text.strip() and not parts.has_timestamps:
        f.warn("`transcript_timing: exact` but the transcript has no [H:MM:SS] timestamps", "transcript_timing")
    return Episode(
        undated=undated, show=show, slug=slug, title=title, date=date or dt.date(1970, 1, 1), path=path, duration=duration,
        guests=f.slug_list("guests"), hosts=f.slug_list("hosts"), summary=f.text("summary"),
        alt_titles=f.text_list("alt_titles"), chapters=_times(f, "chapters", duration, ordered=True),
        highlights=_times(f, "highlights", duration, ordered=False), topics=_topics(f),
        audio=audio, audio_type=f.mime_type("audio_type"), audio_bytes=f.integer("audio_bytes", 0), guid=f.guid(),
        number=f.integer("number", 1), season=f.integer("season", 1),
        episode_type=f.choice("episode_type", EPISODE_TYPES, "full"), explicit=f.flag("explicit", None),
        image=f.url("image"), speakers=_speakers(f), transcript_links=_transcript_links(f),
        chapters_link=f.url("chapters_link"), sources=f.text_list("sources"), transcript_timing=timing,
        draft=draft,
        description=parts.description, key_insights=parts.key_insights, transcript_source=parts.transcript_text,
        transcript_line=parts.transcript_line, has_timestamps=parts.has_timestamps)


LOADERS = {"person": _load_person, "show": _load_show, "episode": _load_episode}
