"""`shownotes import`: seeds/* -> content/ (DESIGN §3, §4).

Stages: read each seed -> recognise its kind by shape (each parser's `detect`) -> parse it into
records (`records.py`) -> merge records of the same show, person and episode (`people.py`,
`merge.py`) -> render and write files editor-safely (`writer.py`).

Output: one line per seed (its format and what it became), then what happened to the files.
Problems are one line each, naming the file and the reason; the rest still imports and the
exit code is 1.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.importers import captions, listing, summary_page, summary_site
from generator.importers.merge import Result, merge
from generator.importers.records import ParsedDocument
from generator.importers.writer import WriteReport, episode_text, person_text, show_text, write_all

PARSERS = [listing, summary_page, summary_site, captions]  # each: FORMAT, detect(text), parse(text, name)
MIN_CONFIDENCE = 0.5
MAX_SEED_BYTES = 50 * 1024 * 1024


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
        return None, "not a document of any known kind (podcast listing, summary page, summary site, caption dump)"
    try:
        return parser.parse(text, name), ""
    except Exception as e:  # noqa: BLE001 - one bad seed must not stop the others; the reason is reported
        return None, f"could not be parsed as a {parser.FORMAT}: {type(e).__name__}: {e}"


def plan(seeds: dict[str, str]) -> Plan:
    """Parse and merge documents given as name -> text; render every content file."""
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
        out.docs.append(doc)
    out.result = merge(out.docs)
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
            return f"{head} -> 1 episode: {ep.path}"
        part = " (as its transcript)" if rec.transcript and ep.transcript is rec.transcript else ""
        return f"{head} -> merged into {ep.path}{part}"
    merged = sum(1 for r in placed if id(r) not in result.primary)
    return f"{head} -> {len(placed)} episodes" + (f" ({merged} merged with other documents)" if merged else "")


def run_import(seeds: Path, content: Path, force: bool = False,
               echo: Callable[[str], None] = print, warn: Callable[[str], None] | None = None) -> int:
    """Import every seed under `seeds` into `content`. Exit code 0 when everything imported and
    every file was written or already up to date, 1 when anything was skipped."""
    warn = warn or (lambda line: print(line, file=sys.stderr))
    seeds, content = Path(seeds), Path(content)
    if not seeds.is_dir():
        warn(f"{seeds}: skipped: no such folder of seeds")
        return 1
    texts: dict[str, str] = {}
    problems: list[str] = []
    try:
        files = sorted(p for p in seeds.iterdir() if p.is_file() and not p.name.startswith("."))
    except OSError as e:
        warn(f"{seeds}: skipped: the folder cannot be read ({e.strerror or e})")
        return 1
    if not files:
        warn(f"{seeds}: no seed documents found; nothing imported")
        return 1
    for path in files:
        text, reason = read_seed(path)
        if text is None:
            problems.append(f"{path.name}: skipped: {reason}")
        else:
            texts[path.name] = text
    try:
        p = plan(texts)
    except Exception as e:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        warn(f"{seeds}: import failed, nothing written: internal error {type(e).__name__}: {e} (please report it)")
        return 1
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
    trouble = problems or p.problems or report.skipped or report.errors
    return 1 if trouble else 0


def _report_files(report: WriteReport, content: Path, echo, warn) -> None:
    for rel in report.written:
        echo(f"wrote {content / rel}")
    for rel in report.updated:
        echo(f"updated {content / rel}")
    for rel in report.forced:
        echo(f"overwrote {content / rel} (edited since import; the edited version is kept as {rel}.bak)")
    for rel in report.skipped:
        warn(f"{content / rel}: skipped: edited since it was imported (use --force to overwrite; a .bak is kept)")
    for rel in report.stale:
        echo(f"kept {content / rel}: no seed produces it any more")
    for line in report.errors:
        warn(f"{content}/{line}")
    echo(f"content: {len(report.written)} written, {len(report.updated)} updated, "
         f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped"
         + (f", {len(report.forced)} overwritten" if report.forced else ""))
