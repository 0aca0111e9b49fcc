"""`shownotes import`: seeds/* -> content/ (DESIGN §3, §4).

Stages: read each seed -> recognise its kind by shape (each parser's `detect`) -> parse it into
records (`records.py`) -> merge records of the same show, person and episode (`people.py`,
`merge.py`) -> render and write files editor-safely (`writer.py`).

Output: one line per seed (its format and what it became), then what happened to the files.
Problems are one line each, naming the file and the reason; the rest still imports and the
exit code is 1.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.importers import captions, feed, json_chapters, listing, show_notes, summary_page, summary_site
from generator.importers import transcripts
from generator.importers.merge import Result, merge
from generator.importers.records import ParsedDocument
from generator.importers.sources import gather, load_attachments, save_attachments
from generator.importers.writer import WriteReport, episode_text, person_text, show_text, write_all

# each: FORMAT, detect(text) -> score by shape, parse(text, name) -> ParsedDocument
PARSERS = [feed, json_chapters, show_notes, *transcripts.PARSERS, listing, summary_page, summary_site, captions]
MIN_CONFIDENCE = 0.5
# formats with a signature of their own; once one of them is sure, the page parsers (whose
# detection reads the whole page and costs milliseconds) need not be asked
SIGNED = {feed, json_chapters, show_notes, transcripts.vtt, transcripts.subrip, transcripts.json_transcript}
SURE = 0.9
MAX_SEED_BYTES = 50 * 1024 * 1024
KINDS = ("podcast feed, JSON chapters, show notes with front matter, WebVTT, SRT, JSON or timestamped "
         "transcript, podcast listing, summary page, summary site, caption dump")


@dataclass
class Plan:
    """What an import would do: parsed documents, the merge result, and the files to write."""
    docs: list[ParsedDocument] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "name: reason"
    result: Result | None = None
    files: dict[str, str] = field(default_factory=dict)  # path under content/ -> text


def detect(text: str) -> tuple[object | None, float]:
    """The parser whose shape fits the text best, and how well; None when none fits."""
    best, score = None, 0.0
    for parser in PARSERS:
        if score >= SURE and best in SIGNED:
            break  # an RSS root, a WEBVTT header, cue timings or JSON: no scraped page can fit better
        s = float(parser.detect(text))
        if s > score:
            best, score = parser, s
    return (best, score) if score >= MIN_CONFIDENCE else (None, score)


def read_seed(path: Path) -> tuple[str | None, str]:
    """The seed's text, or None and why it cannot be used."""
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            return None, f"too large ({size} bytes)"
        data = path.read_bytes()
    except OSError as e:
        return None, f"cannot be read ({e.strerror or e})"
    if not data.strip():
        return None, "empty file"
    if b"\x00" in data:
        return None, "binary file, not text"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as e:
        return None, f"not UTF-8 text (invalid byte 0x{data[e.start]:02x} at offset {e.start})"


def parse_text(text: str, name: str) -> tuple[ParsedDocument | None, str]:
    """Recognise and parse one document; (None, reason) if it is of no known kind."""
    parser, score = detect(text)
    if parser is None:
        for candidate in PARSERS:  # a page that nearly is one kind says why it is not
            reason = getattr(candidate, "near_miss", lambda _: None)(text)
            if reason:
                return None, reason
        return None, f"not a document of any known kind ({KINDS})"
    try:
        return parser.parse(text, name), ""
    except Exception as e:  # noqa: BLE001 - one bad seed must not stop the others; the reason is reported
        return None, f"could not be parsed as a {parser.FORMAT}: {type(e).__name__}: {e}"


def plan(seeds: dict[str, str], default_show: str | None = None, forced: dict[str, str] | None = None) -> Plan:
    """Parse and merge documents given as name -> text; render every content file.
    `default_show`: the show of documents that do not name theirs (`--show`); `forced`: seed
    name -> "show/slug" of the episode it belongs to (`--episode`)."""
    out = Plan()
    for name in sorted(seeds):
        doc, reason = parse_text(seeds[name], name)
        if doc is None:
            out.problems.append(f"{name}: skipped: {reason}")
            continue
        if doc.fatal:
            reasons = "; ".join(doc.problems) or f"nothing could be imported from this {doc.format}"
            out.problems.append(f"{name}: skipped: {reasons}")
            continue
        out.problems += [f"{name}: {p}" for p in doc.problems]
        if default_show:
            for rec in doc.episodes:
                rec.show = rec.show or default_show
        out.docs.append(doc)
    out.result = merge(out.docs, forced)
    for rec, reason in out.result.unmatched:
        out.problems.append(f"{rec.source}: not imported: {reason}")
    for show in out.result.shows:
        out.files[f"shows/{show.slug}/_show.md"] = show_text(show)
    for ep in out.result.episodes:
        out.files[ep.path] = episode_text(ep)
    for person in out.result.people:
        out.files[f"people/{person.slug}.md"] = person_text(person)
    return out


def describe(doc: ParsedDocument, result: Result) -> str:
    """'<seed>: <format> (<show>) -> <what it became>'."""
    shows = sorted({s.title for s in doc.shows} | {e.show for e in doc.episodes if e.show})
    head = f"{doc.source}: {doc.format}" + (f" ({', '.join(shows)})" if shows else "")
    placed = [r for r in doc.episodes if id(r) in result.placed]
    if not placed:
        return head + " -> nothing imported"
    if len(placed) == 1:
        rec = placed[0]
        ep = result.placed[id(rec)]
        if id(rec) in result.primary:
            if ep.date is None:
                return f"{head} -> imported as a draft: no date: {ep.path}"
            return f"{head} -> 1 episode: {ep.path}"
        part = " (as its transcript)" if rec.transcript and ep.transcript is rec.transcript else ""
        part = part or (" (as its chapters)" if rec.chapters and ep.chapters is rec.chapters else "")
        return f"{head} -> merged into {ep.path}{part}"
    merged = sum(1 for r in placed if id(r) not in result.primary)
    return f"{head} -> {len(placed)} episodes" + (f" ({merged} merged with other documents)" if merged else "")


_SHOW_SLASH_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/(?:\d{4}-\d{2}-\d{2}-)?[a-z0-9]+(?:-[a-z0-9]+)*$")


def read_seeds(seeds: Path) -> tuple[dict[str, str], list[str]]:
    """Every document under seeds/ (recursively; dot files and folders are the importer's own),
    by its path relative to seeds/, and one line per file that cannot be used."""
    texts: dict[str, str] = {}
    problems: list[str] = []
    for path in _seed_files(seeds, problems):
        name = path.relative_to(seeds).as_posix()
        text, reason = read_seed(path)
        if text is None:
            problems.append(f"{name}: skipped: {reason}")
        else:
            texts[name] = text
    return texts, problems


def _seed_files(seeds: Path, problems: list[str]) -> list[Path]:
    out: list[Path] = []
    try:
        entries = sorted(seeds.iterdir())
    except OSError as e:
        problems.append(f"{seeds}: skipped: the folder cannot be read ({e.strerror or e})")
        return out
    for p in entries:
        if p.name.startswith(".") or p.name.endswith((".bak", "~")):
            continue
        if p.is_symlink() and not p.is_file():
            problems.append(f"{p.relative_to(p.parents[0])}: skipped: a link to something that is not a file")
        elif p.is_dir() and not p.is_symlink():
            out += _seed_files(p, problems)
        elif p.is_file():
            out.append(p)
    return out


def run_import(seeds: Path, content: Path, force: bool = False,
               echo: Callable[[str], None] = print, warn: Callable[[str], None] | None = None,
               sources: list[str] | None = None, show: str | None = None, offline: bool = False,
               episode: str | None = None) -> int:
    """Import every seed under `seeds` into `content`, after copying or downloading `sources`
    into it. Exit code 0 when everything imported and every file was written or already up to
    date, 1 when anything was skipped."""
    warn = warn or (lambda line: print(line, file=sys.stderr))
    seeds, content = Path(seeds), Path(content)
    if episode is not None and not _SHOW_SLASH_SLUG.match(episode):
        warn(f"--episode {episode}: must be SHOW/SLUG, e.g. interconnects/dean-ball-on-open-models")
        return 1
    if episode is not None and not sources:
        warn("--episode needs the SOURCE files it attaches (shownotes import FILE --episode SHOW/SLUG)")
        return 1
    gathered = gather(sources or [], seeds, offline=offline, echo=echo)
    for line in gathered.errors + gathered.missing:
        warn(line)
    forced = load_attachments(seeds) if seeds.is_dir() else {}
    asked = {name: episode for name in gathered.names} if episode is not None else {}
    forced.update(asked)
    if not seeds.is_dir():
        warn(f"{seeds}: skipped: no such folder of seeds")
        return 1
    texts, problems = read_seeds(seeds)
    if not texts and not problems:
        warn(f"{seeds}: no seed documents found; nothing imported")
        return 1
    try:
        p = plan(texts, default_show=show, forced={k: v for k, v in forced.items() if k in texts})
    except Exception as e:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        warn(f"{seeds}: import failed, nothing written: internal error {type(e).__name__}: {e} (please report it)")
        return 1
    refused = [(rec, reason) for rec, reason in p.result.unmatched if rec.source in asked]
    if refused:
        for rec, reason in refused:
            warn(f"{rec.source}: {reason}")
        warn(f"{content}: nothing written: --episode {episode} could not be applied")
        return 1
    if asked:
        try:
            save_attachments(seeds, forced)
        except OSError as e:
            warn(f"{seeds}/.attach.json: cannot be written ({e.strerror or e}); --episode holds for this run only")
    for doc in p.docs:
        echo(describe(doc, p.result))
    for line in p.result.notes:
        echo(f"note: {line}")
    for line in problems + p.problems:
        warn(line)
    if not p.files:
        warn(f"{seeds}: nothing to import")
        return 1
    report = write_all(content, p.files, force=force)
    _report_files(report, content, echo, warn)
    trouble = gathered.errors or problems or p.problems or report.skipped or report.errors
    return 1 if trouble else 0


def _report_files(report: WriteReport, content: Path, echo, warn) -> None:
    for rel in report.written:
        echo(f"wrote {content / rel}")
    for rel in report.updated:
        echo(f"updated {content / rel}")
    for rel in report.forced:
        echo(f"overwrote {content / rel} (edited since import; the edited version is kept as "
             f"{report.backups.get(rel, rel + '.bak')})")
    for rel in report.skipped:
        warn(f"{content / rel}: skipped: edited since it was imported (use --force to overwrite; a .bak is kept)")
    for rel in report.stale:
        echo(f"kept {content / rel}: no seed produces it any more")
    for line in report.errors:
        warn(f"{content}/{line}")
    echo(f"content: {len(report.written)} written, {len(report.updated)} updated, "
         f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped"
         + (f", {len(report.forced)} overwritten" if report.forced else ""))
