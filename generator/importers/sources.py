"""`shownotes import SOURCE …`: bring each source into seeds/ before the import reads seeds/.

A file or a folder is copied in unchanged (a file already under seeds/ stays where it is). A
feed URL is downloaded to `seeds/<host>/<path>`, and so are the chapters file and the best
transcript file each of its items links (`fetch/`). With `--offline` nothing is downloaded:
a feed downloaded before is read again from seeds/, and every linked file that is not there is
reported in one line (the episode keeps its URL, so nothing is lost).
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.importers import feed
from generator.importers.fetch import FetchError, FetchState, fetch, fetch_many, seed_path_for


@dataclass
class Gathered:
    errors: list[str] = field(default_factory=list)  # a source that could not be had: the import fails
    missing: list[str] = field(default_factory=list)  # a linked file not fetched: reported, its link kept
    names: list[str] = field(default_factory=list)  # each source's documents, as paths under seeds/


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def gather(sources: list[str], seeds: Path, offline: bool = False,
           echo: Callable[[str], None] = print) -> Gathered:
    out = Gathered()
    if not sources:
        return out
    state = None
    for source in sources:
        if is_url(source):
            state = state or FetchState.load(seeds)
            _feed(source, seeds, offline, state, out, echo)
        elif "://" in source:
            out.errors.append(f"{source}: skipped: only http(s) feed URLs can be downloaded")
        else:
            _copy(Path(source), seeds, out, echo)
    if state is not None:
        try:
            state.save()
        except OSError as e:
            out.missing.append(f"{seeds}/.downloads.json: cannot be written ({e.strerror or e}); "
                               "the next import downloads everything again")
    return out


def _copy(src: Path, seeds: Path, out: Gathered, echo) -> None:
    if not src.exists():
        out.errors.append(f"{src}: skipped: no such file or folder")
        return
    seeds_real = seeds.resolve()
    try:
        inside = src.resolve().relative_to(seeds_real)
        if src.is_file():
            out.names.append(inside.as_posix())
        else:
            out.names += [p.relative_to(seeds_real).as_posix() for p in sorted(src.resolve().rglob("*")) if p.is_file()]
        return  # already under seeds/
    except ValueError:
        pass
    dest = seeds / src.name
    try:
        if src.is_dir():
            files = [p for p in sorted(src.rglob("*")) if p.is_file()
                     and not any(part.startswith(".") for part in p.relative_to(src).parts)]
            for p in files:
                _copy_file(p, dest / p.relative_to(src))
                out.names.append((dest / p.relative_to(src)).relative_to(seeds).as_posix())
            echo(f"copied {src} into {dest} ({len(files)} files)")
        elif src.is_file():
            if _copy_file(src, dest):
                echo(f"copied {src} into {dest}")
            out.names.append(dest.relative_to(seeds).as_posix())
        else:
            out.errors.append(f"{src}: skipped: not a regular file or folder")
    except OSError as e:
        out.errors.append(f"{src}: skipped: cannot be copied into {seeds} ({e.strerror or e})")


def _copy_file(src: Path, dest: Path) -> bool:
    """Copy unless the same bytes are already there; True when something was written."""
    if dest.is_file() and dest.read_bytes() == src.read_bytes():
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.copying")
    shutil.copyfile(src, tmp)
    tmp.replace(dest)
    return True


def _feed(url: str, seeds: Path, offline: bool, state: FetchState, out: Gathered, echo) -> None:
    path = seed_path_for(url, seeds)
    if offline:
        if not path.is_file():
            out.errors.append(f"{url}: skipped: --offline, and no copy was downloaded before ({path})")
            return
        echo(f"{url}: --offline: reading the copy downloaded before, {path}")
    else:
        try:
            got = fetch(url, seeds, state=state)
        except FetchError as e:
            out.errors.append(f"{e} (nothing imported from this feed)")
            return
        echo(f"{url}: {got.status} -> {got.path}")
        path = got.path
    out.names.append(path.relative_to(seeds).as_posix())
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as e:
        out.errors.append(f"{path}: cannot be read ({e.strerror or e})")
        return
    if not feed.detect(text):
        out.errors.append(f"{url}: skipped: not a podcast feed (no <rss> with a <channel>)")
        return
    doc = feed.parse(text, path.relative_to(seeds).as_posix())
    links = [link.url for ep in doc.episodes for link in feed.preferred_links(ep)]
    if offline:
        for link in links:
            if not seed_path_for(link, seeds).is_file():
                out.missing.append(f"{link}: not downloaded (--offline); the episode keeps the link")
        return
    fetched, failed = fetch_many(links, seeds, state=state)
    changed = sum(1 for f in fetched if f.status == "downloaded")
    echo(f"{url}: {len(links)} linked chapters and transcript files: {changed} downloaded, "
         f"{len(fetched) - changed} unchanged, {len(failed)} failed")
    for error in failed:
        out.missing.append(f"{error}; the episode keeps the link")


ATTACHMENTS = ".attach.json"


def load_attachments(seeds: Path) -> dict[str, str]:
    """Seed name -> "show/slug" from earlier `import --episode` runs (kept so a re-import
    attaches the same way)."""
    try:
        data = json.loads((seeds / ATTACHMENTS).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def save_attachments(seeds: Path, attachments: dict[str, str]) -> None:
    text = json.dumps(dict(sorted(attachments.items())), indent=2) + "\n"
    path = seeds / ATTACHMENTS
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
