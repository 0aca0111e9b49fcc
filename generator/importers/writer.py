"""Render content files (YAML front matter by PyYAML's safe dumper, Markdown bodies with the
seed text escaped) and write them without ever losing an editor's change.

The importer keeps `content/.import-manifest.json`: the sha256 of each file as it last wrote
it. A file whose bytes differ from that was edited by hand and is skipped (or, with
--force, backed up and overwritten: the first backup is `<file>.bak`, later ones `.bak2`,
`.bak3`..., never overwriting one). A file whose new bytes equal its current ones is not
touched at all, so re-running on unchanged seeds changes nothing.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.importers.merge_results import EpisodeOut, PersonOut, ShowOut
from generator.importers.records import PUBLISHED_FIELDS, Block, Insight, TranscriptSegment
from generator.timecode import format_time

MANIFEST = ".import-manifest.json"

# ---------------------------------------------------------------- YAML


class _Flow(dict):
    """A mapping written on one line: `{start: "0:01:33", title: ...}`."""


class _FlowList(list):
    """A list written on one line: `[matt-turck]`."""


class _Quoted(str):
    """A string always written in double quotes (times: `"0:01:33"`)."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """libyaml's emitter when PyYAML has it (the same bytes as the pure-Python one, proven on the
    seeds' and a feed's golden content, and several times faster); the pure-Python one otherwise."""


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def front_matter(data: dict) -> str:
    """YAML in the given key order (fixed by the caller), no line folding, Unicode kept."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
                     default_flow_style=False)


def document(meta: dict, body: str) -> str:
    body = body.strip()
    return "---\n" + front_matter(meta) + "---\n" + ("\n" + body + "\n" if body else "")


def _time(seconds: int) -> _Quoted:
    return _Quoted(format_time(seconds))


# ---------------------------------------------------------------- Markdown

_INLINE = re.compile(r"([\\`*_\[\]<>~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape(text: str) -> str:
    """Seed text as literal Markdown: no accidental emphasis, links, HTML, headings or lists.
    Everything is one line; a paragraph never starts with `[` (that would be a timestamp)."""
    text = " ".join(str(text).split())
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    if re.match(r"#{1,6}(?:\s|$)", text) or re.match(r"[-+=](?:\s|$)|[-=]+$", text):
        text = "\\" + text
    text = re.sub(r"^(\d{1,9})([.)])(?=\s|$)", r"\1\\\2", text)
    return text


def render_blocks(blocks: list[Block]) -> str:
    parts = []
    for b in blocks:
        if b.kind == "h":
            parts.append("### " + escape(b.text))
        elif b.kind == "ul":
            parts.append("\n".join("- " + escape(i) for i in b.items if i.strip()))
        elif b.kind == "quote":
            parts.append("\n>\n".join("> " + escape(i) for i in b.items if i.strip()))
        elif b.kind == "md":  # Markdown the importer made from sanitised HTML: already escaped
            parts.append(b.text.strip())
        elif b.text.strip():
            parts.append(escape(b.text))
    return "\n\n".join(p for p in parts if p.strip())


def render_insight(item: Insight) -> str:
    if item.lead:
        return f"- **{escape(item.lead)}**: {escape(item.text)}"
    return "- " + escape(item.text)


def render_segment(seg: TranscriptSegment) -> str:
    paras = [p for p in seg.paragraphs if p.strip()]
    if seg.start is None:
        if seg.speaker and paras:  # a turn with no time of its own (sparse stamps)
            return "\n\n".join([f"**{escape(seg.speaker)}:** {escape(paras[0])}"] + [escape(p) for p in paras[1:]])
        return "\n\n".join(escape(p) for p in paras)
    head = f"[{format_time(seg.start)}]"
    if seg.speaker:
        head += f" **{escape(seg.speaker)}:**"
    first = head + (" " + escape(paras[0]) if paras else "")
    return "\n\n".join([first] + [escape(p) for p in paras[1:]])


def episode_text(ep: EpisodeOut) -> str:
    meta: dict = {"title": ep.title}
    if ep.date is not None:
        meta["date"] = ep.date
    if ep.duration:
        meta["duration"] = _time(ep.duration)
    if ep.guests:
        meta["guests"] = _FlowList(ep.guests)
    if ep.hosts:
        meta["hosts"] = _FlowList(ep.hosts)
    if ep.summary:
        meta["summary"] = ep.summary
    if ep.alt_titles:
        meta["alt_titles"] = _FlowList(ep.alt_titles)
    if ep.chapters:
        meta["chapters"] = [_Flow(start=_time(c.start), title=c.title) for c in ep.chapters]
    if ep.highlights:
        meta["highlights"] = [_Flow(start=_time(h.start), title=h.title) for h in ep.highlights]
    if ep.topics:
        meta["topics"] = _FlowList(ep.topics)
    for key in PUBLISHED_FIELDS:  # the published episode's fields (records.Published), in their order
        if getattr(ep, key) is not None:
            meta[key] = getattr(ep, key)
    if ep.transcript_links:
        meta["transcript_links"] = [_Flow({k: v for k, v in (("url", l.url), ("type", l.type), ("language", l.language)) if v})
                                    for l in ep.transcript_links]
    if ep.chapters_link:
        meta["chapters_link"] = ep.chapters_link
    meta["sources"] = _FlowList(ep.sources)
    if ep.timing:
        meta["transcript_timing"] = ep.timing
    meta["draft"] = ep.date is None  # an undated draft is never published until an editor dates it
    parts = [render_blocks(ep.description)]
    if ep.key_insights:
        parts.append("## Key insights\n\n" + "\n".join(render_insight(i) for i in ep.key_insights))
    segments = [render_segment(s) for s in ep.transcript]
    if any(segments):
        parts.append("## Transcript\n\n" + "\n\n".join(s for s in segments if s))
    return document(meta, "\n\n".join(p for p in parts if p.strip()))


def show_text(show: ShowOut) -> str:
    meta: dict = {"title": show.title, "hosts": _FlowList(show.hosts)}
    if show.description:
        meta["description"] = " ".join(show.description.split())
    if show.website:
        meta["website"] = show.website
    if show.category:
        meta["category"] = show.category
    meta["language"] = show.language or "en"
    if show.image:
        meta["image"] = show.image
    if show.author:
        meta["author"] = show.author
    if show.owner:
        meta["owner"] = _Flow({k: v for k, v in zip(("name", "email"), show.owner) if v})
    if show.explicit is not None:
        meta["explicit"] = show.explicit
    if show.guid:
        meta["guid"] = show.guid
    if show.locked is not None:
        meta["locked"] = show.locked
    return document(meta, "\n\n".join(escape(p) for p in show.about.split("\n\n") if p.strip()))


def person_text(person: PersonOut) -> str:
    meta: dict = {"name": person.name}
    if person.aliases:
        meta["aliases"] = _FlowList(person.aliases)
    meta["role"] = person.role
    if person.affiliation:
        meta["affiliation"] = person.affiliation
    if person.links:
        meta["links"] = [_Flow(title=t, url=u) for t, u in person.links]
    if person.img:
        meta["img"] = person.img
    return document(meta, "\n\n".join(escape(p) for p in person.bio.split("\n\n") if p.strip()))


# ---------------------------------------------------------------- files


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)  # new files
    updated: list[str] = field(default_factory=list)  # importer's own files, seeds changed
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # edited by hand since import
    forced: list[str] = field(default_factory=list)  # edited, overwritten with --force (a .bak kept)
    backups: dict[str, str] = field(default_factory=dict)  # forced file -> its backup (.bak, .bak2, ...)
    stale: list[str] = field(default_factory=list)  # imported before, no longer produced; left alone
    errors: list[str] = field(default_factory=list)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_backup(path: Path, data: bytes) -> Path:
    """Keep an editor's version before --force overwrites it, under the first free name of
    `<file>.bak`, `<file>.bak2`, `<file>.bak3`, ...: an earlier backup is never overwritten
    (nor anything else in the way, even a dangling link). The backup appears whole: it is written
    to a temporary file first, then hard-linked into place, which fails rather than replaces."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        n = 1
        while True:
            backup = path.with_name(path.name + (".bak" if n == 1 else f".bak{n}"))
            if not os.path.lexists(backup):
                try:
                    os.link(tmp, backup)
                    return backup
                except FileExistsError:  # taken meanwhile: the next number
                    pass
                except OSError:  # a file system without hard links: exclusive create instead
                    try:
                        with open(backup, "xb") as f:
                            f.write(data)
                        return backup
                    except FileExistsError:
                        pass
            n += 1
    finally:
        os.unlink(tmp)


def load_manifest(root: Path) -> dict[str, str]:
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", {}) if isinstance(data, dict) else {}
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, UnicodeDecodeError):
        return {}


def write_all(root: Path, files: dict[str, str], force: bool = False) -> WriteReport:
    """Write `files` (path relative to root -> text) under root, editor-safe; keep the manifest."""
    report = WriteReport()
    old = load_manifest(root)
    new_manifest = dict(old)
    for rel in sorted(files):
        data = files[rel].encode("utf-8")
        digest = sha256(data)
        path = root / rel
        try:
            current = path.read_bytes() if path.exists() else None
        except OSError as e:
            report.errors.append(f"{rel}: cannot be read ({e.strerror or e})")
            continue
        try:
            if current is None:
                _atomic_write(path, data)
                report.written.append(rel)
            elif current == data:
                report.unchanged.append(rel)
            elif old.get(rel) == sha256(current):
                _atomic_write(path, data)
                report.updated.append(rel)
            elif force:
                backup = _write_backup(path, current)
                _atomic_write(path, data)
                report.forced.append(rel)
                report.backups[rel] = backup.relative_to(root).as_posix()
            else:
                report.skipped.append(rel)
                continue
        except OSError as e:
            report.errors.append(f"{rel}: cannot be written ({e.strerror or e})")
            continue
        new_manifest[rel] = digest
    for rel in sorted(set(old) - set(files)):
        report.stale.append(rel)
        if not (root / rel).exists():
            new_manifest.pop(rel, None)
    text = json.dumps({"files": dict(sorted(new_manifest.items())), "version": 1}, indent=2, sort_keys=True) + "\n"
    manifest = root / MANIFEST
    try:
        if not manifest.exists() or manifest.read_text(encoding="utf-8") != text:
            _atomic_write(manifest, text.encode("utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        report.errors.append(f"{MANIFEST}: cannot be written ({getattr(e, 'strerror', None) or e})")
    return report
