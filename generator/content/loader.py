"""Load content/ into the content model and validate it, collecting every problem.

Phase one of a build: nothing is written until this has read and checked everything.
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from generator.content.body import parse_body
from generator.content.frontmatter import Document, FrontMatterError, split
from generator.errors import Problem, Unreadable, display_path, is_link_loop, read_input
from generator.model import Chapter, Episode, Link, Owner, Person, Show, SiteConfig, TranscriptLink
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
MAX_GUID = 200
MAX_CONTENT_BYTES = 10 * 1024 * 1024  # per content file
MAX_DURATION = 99 * 3600 + 59 * 60 + 59  # 99:59:59
_MIME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$")
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:.]+$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_DIGITS = re.compile(r"^[0-9]+$")
_LONG_TIME = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)$")  # H:MM:SS with any number of hours
_YAML_BOOL_WORDS = {"true", "false", "yes", "no", "on", "off"}
_EPISODE_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


@dataclass
class Loaded:
    shows: dict[str, Show] = field(default_factory=dict)
    episodes: dict[tuple[str, str], Episode] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    records: dict[Path, "FileRecord"] = field(default_factory=dict, repr=False)  # per file, as parsed

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class FileRecord:
    """One content file, parsed and checked on its own: what a cache can keep between builds."""
    path: Path
    kind: str  # person | show | episode
    sha: str
    obj: Person | Show | Episode | None = None
    problems: list[Problem] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    hosts_given: bool = True
    stat: tuple[int, int] | None = None  # (size, mtime_ns) taken *before* the bytes were read

    def line_of(self, key: str, index: int | None = None) -> int:
        if index is not None and index < len(self.item_lines.get(key, [])):
            return self.item_lines[key][index]
        return self.key_lines.get(key, 1)


class _FileCheck:
    """Collects the problems of one file, each with the line of the key it concerns."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.doc: Document | None = None

    @property
    def shown(self) -> str:
        return display_path(self.path, None)

    def error(self, message: str, key: str | None = None, index: int | None = None, line: int | None = None,
              severity: str = "error") -> None:
        if line is None:
            line = self.doc.line_of(key, index) if (self.doc and key) else 1
        self.problems.append(Problem(self.shown, line, message, severity))

    def warn(self, message: str, key: str | None = None) -> None:
        self.error(message, key, severity="warning")

    def read(self, data: bytes) -> Document | None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            self.error(f"not UTF-8 text (invalid byte at offset {e.start})", line=None)
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

    def flag(self, key: str, default: bool | None = False) -> bool | None:
        value = self.doc.meta.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            hint = ""
            if isinstance(value, str) and value.strip().lower() in _YAML_BOOL_WORDS:
                hint = " (quoted text: write true or false without quotes)"
            self.error(f"`{key}` must be true or false, got {value!r}{hint}", key)
            return default
        return value

    def integer(self, key: str, minimum: int) -> int | None:
        """A whole number (a YAML int, or text of digits such as "12"); never a bool."""
        value = self.doc.meta.get(key)
        if value is None:
            return None
        number = int(value.strip()) if isinstance(value, str) and _DIGITS.match(value.strip()) else value
        if isinstance(number, bool) or not isinstance(number, int) or number < minimum:
            wanted = "a positive whole number" if minimum == 1 else f"a whole number, {minimum} or more"
            self.error(f"`{key}` must be {wanted}, got {value!r}", key)
            return None
        return number

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(key, default=default) or default
        if value not in choices:
            self.error(f"`{key}` must be one of {', '.join(choices)}, got {value!r}", key)
            return default
        return value

    def mime_type(self, key: str) -> str | None:
        value = self.text(key) or None
        if value and not is_mime_type(value):
            self.error(f"`{key}` must be a MIME type (type/subtype, e.g. audio/mpeg), got {value!r}", key)
            return None
        return value

    def guid(self, key: str = "guid") -> str | None:
        """A stable id: one line of text, at most MAX_GUID characters."""
        raw = self.doc.meta.get(key)
        value = self.text(key) or None
        if raw is not None and value is None and isinstance(raw, str):
            self.error(f"`{key}` must not be empty", key)
        if value is None:
            return None
        if "\n" in value or "\r" in value:
            self.error(f"`{key}` must be one line", key)
            return None
        if len(value) > MAX_GUID:
            self.error(f"`{key}` must be at most {MAX_GUID} characters, got {len(value)}", key)
            return None
        return value

    def mapping(self, key: str, shape: str) -> dict | None:
        value = self.doc.meta.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(f"`{key}` must be a mapping {shape}, got {type(value).__name__}", key)
            return None
        return value

    def url(self, key: str) -> str | None:
        value = self.text(key) or None
        if value and not is_web_url(value):
            self.error(f"`{key}` must be an absolute http(s) URL, got {value!r}", key)
            return None
        return value

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in sorted(set(map(str, self.doc.meta)) - allowed):
            self.warn(f"unknown front matter key `{key}` (ignored)", key)


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


def is_mime_type(value: str) -> bool:
    """`type/subtype` (audio/mpeg, audio/x-m4a, video/mp4), no parameters."""
    return bool(_MIME.match(value))


def is_web_url(value: str) -> bool:
    if any(c.isspace() or c in '"<>' for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed [ in the host
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def content_files(root: Path) -> list[tuple[Path, str]]:
    """Every content file with its kind, in a fixed order: people, shows, episodes."""
    people = [(p, "person") for p in sorted(root.glob("people/*.md"))]
    shows = [(p, "show") for p in sorted(root.glob("shows/*/_show.md"))]
    episodes = [(p, "episode") for p in sorted(root.glob("shows/*/*.md")) if not p.name.startswith("_")]
    return people + shows + episodes


def content_root_problem(root: Path) -> Problem | None:
    """Why the content folder cannot be read (missing, a symbolic link loop, a file), or None."""
    if is_link_loop(root):
        return Problem(display_path(root), None, "cannot be read: a symbolic link loop")
    try:
        st = os.stat(root)
    except (OSError, ValueError):
        return Problem(display_path(root), None, "content folder not found")
    if not stat.S_ISDIR(st.st_mode):
        return Problem(display_path(root), None, "not a folder: --content must name the folder of the content files")
    return None


def load_file(path: Path, kind: str, data: bytes | None = None) -> FileRecord:
    """Parse and check one file on its own (references to other files are checked later)."""
    problems: list[Problem] = []
    try:
        # the stat is taken before the bytes are read: a file edited while it is read then looks
        # changed to the next build, never unchanged. Only regular files of sane size are read.
        if data is None:
            data, st = read_input(path, MAX_CONTENT_BYTES)
        else:
            st = path.stat()
    except Unreadable as e:
        return FileRecord(path, kind, "", problems=[Problem(display_path(path), None, e.message)])
    except OSError as e:
        return FileRecord(path, kind, "", problems=[Problem(display_path(path), None, f"cannot be read: {e.strerror}")])
    record = FileRecord(path, kind, hashlib.blake2b(data, digest_size=16).hexdigest(), problems=problems,
                        stat=(st.st_size, st.st_mtime_ns))
    f = _FileCheck(path, problems)
    if f.read(data) is None:
        return record
    record.key_lines, record.item_lines = f.doc.key_lines, f.doc.item_lines
    record.obj = _LOADERS[kind](f, path)
    record.obj.source_hash = record.sha
    if kind == "episode":
        record.hosts_given = f.doc.meta.get("hosts") is not None
    return record


def load_content(root: Path, config: SiteConfig, drafts: bool = False,
                 cached: Callable[[Path, str], FileRecord | None] | None = None) -> Loaded:
    """Read and validate every file under content/. Drafts are dropped unless `drafts`.

    `cached(path, kind)` may return a FileRecord kept from an earlier build of the same bytes."""
    out = Loaded()
    if problem := content_root_problem(root):
        out.problems.append(problem)
        return out
    for path, kind in content_files(root):
        record = (cached(path, kind) if cached else None) or load_file(path, kind)
        out.files.append(path)
        out.records[path] = record
        out.problems.extend(record.problems)
    _assemble(out, drafts)
    return out


def _assemble(out: Loaded, drafts: bool) -> None:
    """Put the files together (copies: cached records stay as parsed), then check references."""
    for record in out.records.values():
        obj = record.obj
        if obj is None:
            continue
        if record.kind == "person":
            out.people[obj.slug] = obj
        elif record.kind == "show":
            out.shows[obj.slug] = copy.copy(obj)
        elif obj.undated:
            continue  # a draft with no date is never published, even with --drafts
        elif not obj.draft or drafts:
            if obj.key in out.episodes:
                record_problem = Problem(display_path(record.path), 1, f"two files map to the URL /{obj.show}/{obj.slug}/: "
                                         f"this one and {display_path(out.episodes[obj.key].path)}")
                out.problems.append(record_problem)
                continue
            out.episodes[obj.key] = copy.copy(obj)  # shallow: the transcript stays unparsed
    _check_references(out)


def _load_person(f: _FileCheck, path: Path) -> Person:
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


def _load_show(f: _FileCheck, path: Path) -> Show:
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


def _owner(f: _FileCheck) -> Owner | None:
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
    if parts["email"] and not _EMAIL.match(parts["email"]):
        f.error(f"`owner` email {parts['email'][:60]!r} is not an email address (like name@example.org)", "owner")
        parts["email"] = ""
    return Owner(**parts) if parts["name"] or parts["email"] else None


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


def _duration(f: _FileCheck) -> int | None:
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


def _speakers(f: _FileCheck) -> dict[str, str]:
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


def _topics(f: _FileCheck) -> list[str]:
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


def _transcript_links(f: _FileCheck) -> list[TranscriptLink]:
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


def _load_episode(f: _FileCheck, path: Path) -> Episode:
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
        transcript_line=parts.transcript_line, has_timestamps=parts.has_timestamps,
        card_hash=hashlib.blake2b((f.doc.front + "\0" + parts.description).encode(), digest_size=16).hexdigest())


def _name_key(name: str) -> str:
    """How transcript speakers match names and aliases (see library.pass_speakers)."""
    return " ".join(name.split()).lower()


def _check_aliases(out: Loaded) -> None:
    """An alias that is another person's name or alias would make a speaker resolve to either."""
    names: dict[str, Person] = {}
    for person in out.people.values():
        if person.name:
            names.setdefault(_name_key(person.name), person)
    aliases: dict[str, Person] = {}
    for person in out.people.values():
        record = out.records[person.path]
        for i, alias in enumerate(person.aliases):
            key = _name_key(alias)
            if not key:
                continue
            other = names.get(key)
            if other is not None and other is not person:
                _report(out, record, f"alias {alias!r} is also the name of {display_path(other.path)}", "aliases", i)
                continue
            first = aliases.setdefault(key, person)
            if first is not person:
                _report(out, record, f"alias {alias!r} is also an alias of {display_path(first.path)}", "aliases", i)


def _check_references(out: Loaded) -> None:
    """Second look, once every file is read: slugs that must name a known person or show."""
    _check_aliases(out)
    for show in out.shows.values():
        record = out.records[show.path]
        for i, host in enumerate(show.hosts):
            if is_slug(host) and host not in out.people:
                _report(out, record, f"unknown person {host!r} in `hosts` (no content/people/{host}.md)", "hosts", i)
    guids: dict[str, Episode] = {}
    for ep in out.episodes.values():
        record = out.records[ep.path]
        if ep.guid:
            first = guids.setdefault(ep.guid, ep)
            if first is not ep:
                _report(out, record, f"`guid` {ep.guid[:60]!r} is also the guid of {display_path(first.path)}; "
                                     "feeds need one guid per episode", "guid", severity="warning")
        if ep.show not in out.shows:
            _report(out, record, f"unknown show {ep.show!r}: content/shows/{ep.show}/_show.md is missing")
        elif not record.hosts_given:
            ep.hosts = list(out.shows[ep.show].hosts)
        for key in ("guests", "hosts") if record.hosts_given else ("guests",):
            for i, slug in enumerate(getattr(ep, key)):
                if is_slug(slug) and slug not in out.people:
                    _report(out, record, f"unknown person {slug!r} in `{key}` (no content/people/{slug}.md)", key, i)
        for label, slug in ep.speakers.items():
            if slug not in out.people:
                _report(out, record, f"unknown person {slug!r} in `speakers` for {label!r} "
                                     f"(no content/people/{slug}.md)", "speakers")
        ep.guests = [g for g in ep.guests if g in out.people]
        ep.hosts = [h for h in ep.hosts if h in out.people]
        if ep.speakers:
            ep.speakers = {label: slug for label, slug in ep.speakers.items() if slug in out.people}  # a new dict


def _report(out: Loaded, record: FileRecord, message: str, key: str | None = None, index: int | None = None,
            severity: str = "error") -> None:
    line = record.line_of(key, index) if key else 1
    out.problems.append(Problem(display_path(record.path), line, message, severity))


_LOADERS = {"person": _load_person, "show": _load_show, "episode": _load_episode}
