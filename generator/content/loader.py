"""Load content/ into the content model and validate it, collecting every problem.

Phase one of a build: nothing is written until this has read and checked everything.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generator.content.body import parse_body
from generator.content.frontmatter import Document, FrontMatterError, split
from generator.errors import Problem, display_path
from generator.model import Chapter, Episode, Link, Person, Show, SiteConfig
from generator.slugs import is_slug
from generator.timecode import format_time, parse_time

SHOW_KEYS = {"title", "hosts", "description", "website", "category", "language"}
EPISODE_KEYS = {"title", "date", "duration", "guests", "hosts", "summary", "alt_titles", "chapters", "highlights",
                "topics", "audio", "sources", "transcript_timing", "draft", "slug"}
PERSON_KEYS = {"name", "aliases", "role", "affiliation", "links"}
RESERVED_SLUGS = {"people", "topics", "search", "pagefind", "assets", "feed", "404"}
TIMINGS = ("exact", "estimated", "none")
_EPISODE_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


@dataclass
class Loaded:
    shows: dict[str, Show] = field(default_factory=dict)
    episodes: dict[tuple[str, str], Episode] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    checks: dict[Path, "_FileCheck"] = field(default_factory=dict, repr=False)  # per file, for later passes
    inherited_hosts: set[tuple[str, str]] = field(default_factory=set)  # episodes without their own `hosts`

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class _FileCheck:
    """Collects the problems of one file, each with the line of the key it concerns."""

    def __init__(self, path: Path, root: Path, problems: list[Problem]):
        self.shown = display_path(path, None)
        self.problems = problems
        self.doc: Document | None = None

    def error(self, message: str, key: str | None = None, index: int | None = None, line: int | None = None,
              severity: str = "error") -> None:
        if line is None:
            line = self.doc.line_of(key, index) if (self.doc and key) else 1
        self.problems.append(Problem(self.shown, line, message, severity))

    def warn(self, message: str, key: str | None = None) -> None:
        self.error(message, key, severity="warning")

    def read(self, path: Path) -> Document | None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            self.error(f"not UTF-8 text (invalid byte at offset {e.start})", line=None)
            return None
        except OSError as e:
            self.error(f"cannot be read: {e.strerror}", line=None)
            return None
        try:
            self.doc = split(text)
        except FrontMatterError as e:
            self.error(e.message, line=e.line)
            return None
        return self.doc

    # --- typed field readers: each returns a clean value and reports what is wrong ---

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        value = self.doc.meta.get(key)
        if value is None:
            if required:
                self.error(f"missing required field `{key}`", line=self.doc.line_of(key) if key in self.doc.key_lines else 1)
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(f"`{key}` must be text, got {type(value).__name__}", key)
            return default
        if required and not value.strip():
            self.error(f"`{key}` must not be empty", key)
        return value.strip()

    def text_list(self, key: str) -> list[str]:
        value = self.doc.meta.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(f"`{key}` must be a list, got {type(value).__name__}", key)
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                out.append(str(item).strip())
            else:
                self.error(f"`{key}` item {i + 1} must be text, got {type(item).__name__}", key, i)
        return out

    def slug_list(self, key: str) -> list[str]:
        slugs = self.text_list(key)
        for i, s in enumerate(slugs):
            if not is_slug(s):
                self.error(f"`{key}`: {s!r} is not a slug (lowercase words joined by '-')", key, i)
        return list(dict.fromkeys(slugs))

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.doc.meta.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(f"`{key}` must be true or false, got {value!r}", key)
            return default
        return value

    def url(self, key: str) -> str | None:
        value = self.text(key) or None
        if value and not (urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc):
            self.error(f"`{key}` must be an absolute http(s) URL, got {value!r}", key)
            return None
        return value

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in sorted(set(map(str, self.doc.meta)) - allowed):
            self.warn(f"unknown front matter key `{key}` (ignored)", key)


def load_content(root: Path, config: SiteConfig, drafts: bool = False) -> Loaded:
    """Read and validate every file under content/. Drafts are dropped unless `drafts`."""
    out = Loaded()
    if not root.is_dir():
        out.problems.append(Problem(display_path(root), None, "content folder not found"))
        return out
    show_files = sorted(root.glob("shows/*/_show.md"))
    person_files = sorted(root.glob("people/*.md"))
    episode_files = sorted(p for p in root.glob("shows/*/*.md") if not p.name.startswith("_"))
    out.files = show_files + person_files + episode_files
    for path in person_files:
        _load_person(path, root, out)
    for path in show_files:
        _load_show(path, root, out)
    for path in episode_files:
        _load_episode(path, root, out, drafts)
    _check_references(out)
    return out


def _load_person(path: Path, root: Path, out: Loaded) -> None:
    f = _FileCheck(path, root, out.problems)
    if f.read(path) is None:
        return
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
        if isinstance(item, dict) and isinstance(item.get("url"), str) and urlsplit(item["url"]).scheme in ("http", "https"):
            links.append(Link(str(item.get("title") or item["url"]), item["url"]))
        else:
            f.error(f"`links` item {i + 1} must be {{title: ..., url: https://...}}", "links", i)
    out.people[slug] = Person(slug=slug, name=f.text("name", required=True), aliases=f.text_list("aliases"),
                              role=role, affiliation=f.text("affiliation") or None, links=links,
                              bio=f.doc.body.strip(), path=path)


def _load_show(path: Path, root: Path, out: Loaded) -> None:
    f = _FileCheck(path, root, out.problems)
    if f.read(path) is None:
        return
    slug = path.parent.name
    if not is_slug(slug):
        f.error(f"show folder name {slug!r} is not a slug (lowercase words joined by '-')", line=None)
    elif slug in RESERVED_SLUGS:
        f.error(f"show folder name {slug!r} collides with the site's own /{slug}/ pages", line=None)
    f.unknown_keys(SHOW_KEYS)
    out.shows[slug] = Show(slug=slug, title=f.text("title", required=True), hosts=f.slug_list("hosts"),
                           description=f.text("description"), website=f.url("website"),
                           category=f.text("category") or None, language=f.text("language", default="en") or "en",
                           about=f.doc.body.strip(), path=path)
    out.checks[path] = f


def _date(f: _FileCheck, key: str) -> dt.date | None:
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


def _times(f: _FileCheck, key: str, duration: int | None, ordered: bool) -> list[Chapter]:
    raw = f.doc.meta.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        f.error(f"`{key}` must be a list of {{start, title}}", key)
        return []
    items: list[Chapter] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or "start" not in item or not str(item.get("title") or "").strip():
            f.error(f"`{key}` item {i + 1} must have `start` and `title`", key, i)
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


def _load_episode(path: Path, root: Path, out: Loaded, drafts: bool) -> None:
    f = _FileCheck(path, root, out.problems)
    if f.read(path) is None:
        return
    show = path.parent.name
    m = _EPISODE_FILE.match(path.stem)
    f.unknown_keys(EPISODE_KEYS)
    title = f.text("title", required=True)
    date = _date(f, "date")
    if m is None:
        f.error(f"file name {path.name!r} must be <YYYY-MM-DD>-<slug>.md", line=None)
    elif date and m.group(1) != date.isoformat():
        f.warn(f"file name date {m.group(1)} differs from `date` {date.isoformat()}", "date")
    slug = f.text("slug") or (m.group(2) if m else path.stem)
    if not is_slug(slug):
        f.error(f"episode slug {slug!r} is not a slug (lowercase words joined by '-')",
                "slug" if "slug" in f.doc.meta else None, line=None if "slug" in f.doc.meta else 1)
    duration = None
    if f.doc.meta.get("duration") is not None:
        duration = parse_time(f.doc.meta["duration"])
        if duration is None:
            f.error(f"`duration` must be H:MM:SS, got {f.doc.meta['duration']!r}", "duration")
    timing = f.text("transcript_timing", default="none") or "none"
    if timing not in TIMINGS:
        f.error(f"`transcript_timing` must be one of {', '.join(TIMINGS)}, got {timing!r}", "transcript_timing")
        timing = "none"
    draft = f.flag("draft")
    parts = parse_body(f.doc.body, f.doc.body_line)
    for line, message, severity in parts.problems:
        f.error(message, line=line, severity=severity)
    if timing == "exact" and parts.transcript and not any(s.start is not None for s in parts.transcript):
        f.warn("`transcript_timing: exact` but the transcript has no [H:MM:SS] timestamps", "transcript_timing")
    hosts_given = "hosts" in f.doc.meta and f.doc.meta.get("hosts") is not None
    ep = Episode(
        show=show, slug=slug, title=title, date=date or dt.date(1970, 1, 1), path=path, duration=duration,
        guests=f.slug_list("guests"), hosts=f.slug_list("hosts"), summary=f.text("summary"),
        alt_titles=f.text_list("alt_titles"), chapters=_times(f, "chapters", duration, ordered=True),
        highlights=_times(f, "highlights", duration, ordered=False), topics=f.slug_list("topics"),
        audio=f.url("audio"), sources=f.text_list("sources"), transcript_timing=timing, draft=draft,
        description=parts.description, key_insights=parts.key_insights, transcript=parts.transcript)
    out.checks[path] = f
    if draft and not drafts:
        return
    if ep.key in out.episodes:
        other = out.episodes[ep.key].path
        f.error(f"two files map to the URL /{show}/{slug}/: this one and {display_path(other)}", line=1)
        return
    out.episodes[ep.key] = ep
    if not hosts_given:
        out.inherited_hosts.add(ep.key)


def _check_references(out: Loaded) -> None:
    """Second look, once every file is read: slugs that must name a known person or show."""
    for slug, show in out.shows.items():
        f = out.checks[show.path]
        for i, host in enumerate(show.hosts):
            if is_slug(host) and host not in out.people:
                f.error(f"unknown person {host!r} in `hosts` (no content/people/{host}.md)", "hosts", i)
    for ep in out.episodes.values():
        f = out.checks[ep.path]
        hosts_given = ep.key not in out.inherited_hosts
        if ep.show not in out.shows:
            f.error(f"unknown show {ep.show!r}: content/shows/{ep.show}/_show.md is missing", line=1)
        elif not hosts_given:
            ep.hosts = list(out.shows[ep.show].hosts)
        for key in ("guests", "hosts"):
            if key == "hosts" and not hosts_given:
                continue
            for i, slug in enumerate(getattr(ep, key)):
                if is_slug(slug) and slug not in out.people:
                    f.error(f"unknown person {slug!r} in `{key}` (no content/people/{slug}.md)", key, i)
        ep.guests = [g for g in ep.guests if g in out.people]
        ep.hosts = [h for h in ep.hosts if h in out.people]
