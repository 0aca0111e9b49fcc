"""Putting Pagefind's shard bundles together into site/pagefind/ (see generator/search.py for the
layout): the pages each run reads, linked in; each bundle's date file for sorting across bundles;
the primary bundle's entry listing the others; the manifest; the swap into place."""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import zlib
from pathlib import Path
from urllib.parse import unquote

from generator.search_shards import Page, Shard

MANIFEST = "shards.json"
SHARDS_DIR = "shards"
SORT_FILE = "shownotes-sort.json"
ENTRY = "pagefind-entry.json"
FORMAT = 1  # of the manifest and of the way shards are made: a change re-indexes everything


def link_inputs(site: Path, dest: Path, pages: list[Page]) -> None:
    """Hard-link a shard's pages into a folder of their own, at the same paths (so Pagefind gives
    them the same URLs), for Pagefind to index alone."""
    made: set[str] = set()
    for page in pages:
        target = dest / page.rel
        parent = str(target.parent)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        try:
            os.link(site / page.rel, target)
        except OSError:
            shutil.copy2(site / page.rel, target)


# ------------------------------------------------------------------ sorting across shards

_URL = re.compile(rb'^pagefind_dcd\{"url":"((?:[^"\\]|\\.)*)"')


def write_sort_file(bundle: Path, shard: Shard) -> None:
    """{"date": {page id: date}} for the pages with a date: Pagefind sorts each bundle on its
    own, and search.js needs the dates to sort the results of several."""
    dates = {unquote(p.url): p.date for p in shard.pages if p.date}
    ids: dict[str, str] = {}
    fragments = bundle / "fragment"
    if dates and fragments.is_dir():
        for name in sorted(os.listdir(fragments)):
            if not name.endswith(".pf_fragment"):
                continue
            url = _fragment_url(fragments / name)
            if url is not None and url in dates:
                ids[name[: -len(".pf_fragment")]] = dates[url]
    (bundle / SORT_FILE).write_text(json.dumps({"date": ids}, separators=(",", ":"), sort_keys=True),
                                    encoding="utf-8")


def _fragment_url(path: Path) -> str | None:
    """The URL a Pagefind fragment is about: its first bytes, decompressed."""
    try:
        with open(path, "rb") as f:
            raw = f.read(4096)
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, 8192)
    except (OSError, zlib.error):
        try:
            head = gzip.decompress(path.read_bytes())[:8192]
        except (OSError, EOFError, zlib.error):
            return None
    m = _URL.match(head)
    if not m:
        return None
    try:
        return unquote(json.loads(b'"' + m.group(1) + b'"'))
    except ValueError:
        return None


# ------------------------------------------------------------------ putting it together

def link_bundle(source: Path, dest: Path, root: bool) -> bool:
    """Hard-link a previous shard's bundle (at the root of pagefind/: without the other shards
    and the manifest). False when it is not there or incomplete: the shard is indexed again."""
    if not (source / "pagefind.js").is_file() or not (source / ENTRY).is_file() or not (source / SORT_FILE).is_file():
        return False
    skip = {SHARDS_DIR, MANIFEST} if root else set()
    try:
        dest.mkdir(parents=True)
        for entry in os.scandir(source):
            if entry.name in skip:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.copytree(entry.path, dest / entry.name, copy_function=_link_or_copy)
            else:
                _link_or_copy(entry.path, str(dest / entry.name))
    except OSError:
        shutil.rmtree(dest, ignore_errors=True)
        return False
    return True


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def assemble(new: Path, shards: list[Shard], paths: dict[str, str], bundles: dict[str, Path],
              fingerprints: dict[str, str], pagefind: str) -> None:
    """Move every shard's bundle to its place under new, write the manifest, and tell the
    primary's entry (what search.js reads first) where the others are."""
    for shard in shards:
        src, rel = bundles[shard.name], paths[shard.name]
        if rel == "":
            for entry in os.listdir(src):
                os.replace(src / entry, new / entry)
        else:
            (new / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, new / rel)
            _set_entry_key(new / rel / ENTRY, None)  # only the primary's entry lists the bundles
    _set_entry_key(new / ENTRY, {"bundles": [paths[s.name] for s in shards], "sort": SORT_FILE,
                                 "manifest": MANIFEST})
    manifest = {
        "format": FORMAT,
        "pagefind": pagefind,
        "shards": [{"name": s.name, "path": paths[s.name], "pages": len(s.pages), "bytes": s.bytes,
                    "fingerprint": fingerprints[s.name]} for s in shards],
    }
    (new / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def _set_entry_key(path: Path, value) -> None:
    """Pagefind's entry with our key set (or removed): a new file, never the linked one rewritten."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    if value is None:
        if "shownotes" not in data:
            return
        data.pop("shownotes")
    else:
        data["shownotes"] = value
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def swap_in(new: Path, index: Path, work: Path) -> None:
    """Replace site/pagefind with the finished one (the old one, if any, goes into work, removed after)."""
    if index.exists() or index.is_symlink():
        os.replace(index, work / "old-pagefind")
    os.replace(new, index)
