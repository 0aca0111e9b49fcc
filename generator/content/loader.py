"""Load content/ into the content model and validate it, collecting every problem.

Phase one of a build: nothing is written until this has read and checked everything.
"""
from __future__ import annotations

import copy
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.content.checks import FileCheck
from generator.content.schema import LOADERS
from generator.errors import Problem, Unreadable, display_path, is_link_loop, read_input
from generator.model import Episode, Person, Show, SiteConfig
from generator.progress import advance as stage_advance
from generator.slugs import is_slug

MAX_CONTENT_BYTES = 10 * 1024 * 1024  # per content file


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
    f = FileCheck(path, problems)
    if f.read(data) is None:
        return record
    record.key_lines, record.item_lines = f.doc.key_lines, f.doc.item_lines
    record.obj = LOADERS[kind](f, path)
    record.obj.source_hash = record.sha
    if kind == "episode":
        if record.obj.transcript_source:
            record.obj.transcript_hash = _text_hash(record.obj.transcript_source)
        record.obj.chapters_hash = _text_hash(repr([tuple(vars(c).values()) for c in record.obj.chapters]))
        record.hosts_given = f.doc.meta.get("hosts") is not None
    return record


def _text_hash(text: str) -> str:
    """What page keys hash instead of a transcript's or chapters' text (render/kinds/episode.py)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def load_content(root: Path, config: SiteConfig, drafts: bool = False,
                 cached: Callable[[Path, str], FileRecord | None] | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Loaded:
    """Read and validate every file under content/. Drafts are dropped unless `drafts`.

    `cached(path, kind)` may return a FileRecord kept from an earlier build of the same bytes.
    `progress(done, total)` is told of each file loaded (default: the bar of the running stage)."""
    out = Loaded()
    if problem := content_root_problem(root):
        out.problems.append(problem)
        return out
    advance = progress or stage_advance
    files = content_files(root)
    for done, (path, kind) in enumerate(files, 1):
        record = (cached(path, kind) if cached else None) or load_file(path, kind)
        out.files.append(path)
        out.records[path] = record
        out.problems.extend(record.problems)
        advance(done, len(files))
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


