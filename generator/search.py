"""Search: Pagefind over the built pages, through the `pagefind[bin]` package (offline), in shards.

The indexed pages are split into shards (generator/search_shards.py: by show, large shows by
year, then by size), each indexed by its own Pagefind run, so memory is bounded by the largest
shard, and runs go in parallel within a memory budget. A shard whose pages did not change (the
same paths and bytes, the same Pagefind) keeps the previous site's index of it, hard-linked.

Layout of site/pagefind/:

    pagefind.js, pagefind-entry.json, ...   the primary shard's Pagefind bundle (the one search.js
                                            imports); its entry carries {"shownotes": {"bundles": [...]}}:
                                            the folders of every shard, "" for itself
    shards/<name>/                          every other shard's bundle, merged in the browser
                                            (pagefind.mergeIndex)
    <bundle>/shownotes-sort.json            per bundle: {"date": {page id: date}}, so the browser
                                            can sort results of several bundles by date
    shards.json                             the manifest: each shard's name, folder, pages and
                                            fingerprint (what incremental builds compare)

The new index is put together in a hidden folder beside it and swapped in at the end: a failed
run (SearchIndexError, naming the shard and what Pagefind said) leaves site/pagefind as it was.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.search_bundles import (ENTRY, FORMAT, MANIFEST, SHARDS_DIR, assemble, link_bundle, link_inputs,
                                      same_file, swap_in, write_sort_file)
from generator.search_shards import Shard, plan_shards, scan_site

MEMORY_ENV = "SHOWNOTES_SEARCH_MEMORY_MB"
JOBS_ENV = "SHOWNOTES_SEARCH_JOBS"
DEFAULT_MEMORY_MB = 1536
TIMEOUT = 900  # seconds for one shard's Pagefind


class SearchIndexError(Exception):
    pass


@dataclass
class IndexReport:
    total: int = 0  # shards
    indexed: int = 0  # shards Pagefind ran on
    reused: int = 0  # shards kept from the previous site
    pages: int = 0
    seconds: float = 0.0
    indexed_names: list[str] = field(default_factory=list)
    reused_names: list[str] = field(default_factory=list)
    unchanged: bool = False  # the whole index is the previous one (same shards, all reused)

    def summary(self) -> str:
        return (f"{self.total} search shard{'s' if self.total != 1 else ''}: {self.indexed} indexed, "
                f"{self.reused} reused ({self.pages} pages, {self.seconds:.1f}s)")


# ------------------------------------------------------------------ Pagefind itself

_pagefind: list[str] | None = None
_version: str | None = None


def pagefind_command() -> list[str]:
    """The Pagefind binary (of the pagefind[bin] package, or $PAGEFIND_BINARY_PATH); run directly,
    not through `python -m pagefind`, which would start a Python per shard."""
    global _pagefind
    if _pagefind is None:
        exe = os.environ.get("PAGEFIND_BINARY_PATH")  # where `python -m pagefind` looks, in its order
        for package in ("pagefind_bin_extended", "pagefind_bin"):
            if exe:
                break
            try:
                exe = str(__import__(package).get_executable())
            except Exception:  # noqa: BLE001 - not installed, or no binary for this platform
                exe = None
        exe = exe or shutil.which("pagefind_extended") or shutil.which("pagefind")
        # anything else: let `python -m pagefind` say what is wrong
        _pagefind = [exe] if exe and Path(exe).is_file() else [sys.executable, "-m", "pagefind"]
    return _pagefind


def pagefind_version() -> str:
    global _version
    if _version is None:
        try:
            res = subprocess.run(pagefind_command() + ["--version"], capture_output=True, text=True, timeout=60)
            _version = res.stdout.strip() or "unknown"
        except (OSError, subprocess.TimeoutExpired) as e:
            raise SearchIndexError(f"could not run Pagefind: {e}") from None
    return _version


def _salt() -> str:
    return f"shownotes-search {FORMAT}; {pagefind_version()}"


# ------------------------------------------------------------------ index_site

def index_site(site: Path, previous: Path | None = None, progress=None, *, out: Path | None = None,
               shard_bytes: int | None = None, max_shards: int | None = None, jobs: int | None = None,
               memory_mb: int | None = None, scan_cache: Path | None = None) -> IndexReport:
    """Index site's pages into site/pagefind/ (or out), in shards; reuse the shards of previous
    (a site built before, with its pagefind/) whose pages did not change. progress: a
    generator.progress.Progress, told about each shard indexed in its "search" stage.
    shard_bytes (or $SHOWNOTES_SEARCH_SHARD_BYTES): the largest shard (max_shards: unless that
    makes more than about this many; see plan_shards); jobs, memory_mb (or
    $SHOWNOTES_SEARCH_JOBS, $SHOWNOTES_SEARCH_MEMORY_MB): how many Pagefind runs at once, and
    their estimated memory together. site and previous are only read (they may be the same
    folder). scan_cache: a file where what each page was found to be is kept, by inode, size and
    mtime, so that pages hard-linked from one version to the next are not read again (`serve`).
    Raises SearchIndexError, leaving the index folder as it was."""
    site = Path(site)
    index = Path(out) if out is not None else site / "pagefind"
    if progress is None:
        return _index_site(site, index, previous, None, (shard_bytes, max_shards), jobs, memory_mb, scan_cache)
    with progress.stage("search"):
        return _index_site(site, index, previous, progress, (shard_bytes, max_shards), jobs, memory_mb, scan_cache)


def _index_site(site: Path, index: Path, previous: Path | None, progress, sizes: tuple, jobs,
                memory_mb, scan_cache: Path | None) -> IndexReport:
    t0 = time.perf_counter()
    salt = _salt()
    cache = None
    if scan_cache is not None:
        cache = _load_json(scan_cache)
        if not isinstance(cache, dict) or cache.get("format") != FORMAT or not isinstance(cache.get("pages"), dict):
            cache = {"format": FORMAT, "pages": {}}
    pages = scan_site(site, cache=cache["pages"] if cache is not None else None)
    if cache is not None:
        _save_json(scan_cache, cache)
    if not pages:
        raise SearchIndexError(f"Pagefind failed: no HTML pages to index in {site}")
    shards = plan_shards(pages, *sizes)
    fingerprints = {s.name: s.fingerprint(salt) for s in shards}
    paths = {s.name: "" if i == 0 else f"{SHARDS_DIR}/{s.name}/" for i, s in enumerate(shards)}
    old = _read_manifest(previous / "pagefind") if previous is not None else None
    old_shards = {e["name"]: e for e in old["shards"]} if old else {}

    work = index.parent / f".pagefind-work-{os.getpid()}"  # beside the index: hard links work there
    new = work / "pagefind"
    shutil.rmtree(work, ignore_errors=True)
    report = IndexReport(total=len(shards), pages=len(pages))
    try:
        new.mkdir(parents=True)
        bundles: dict[str, Path] = {}  # where each shard's finished bundle is, before assembling
        todo: list[Shard] = []
        for shard in shards:
            entry = old_shards.get(shard.name)
            if entry is not None and entry.get("fingerprint") == fingerprints[shard.name]:
                source = previous / "pagefind" / entry["path"]
                if link_bundle(source, work / "reused" / shard.name, root=entry["path"] == ""):
                    bundles[shard.name] = work / "reused" / shard.name
                    report.reused_names.append(shard.name)
                    continue
            todo.append(shard)
        if progress is not None:
            progress.advance(0, len(todo))
        for shard, out in _run_all(todo, work, site, progress, jobs, memory_mb):
            write_sort_file(out, shard)
            bundles[shard.name] = out
            report.indexed_names.append(shard.name)
        assemble(new, shards, paths, bundles, fingerprints, pagefind_version())
        report.indexed, report.reused = len(report.indexed_names), len(report.reused_names)
        report.unchanged = (report.indexed == 0 and old is not None
                            and [(e["name"], e["path"]) for e in old["shards"]] == [(s.name, paths[s.name]) for s in shards]
                            and same_file(new / ENTRY, previous / "pagefind" / ENTRY))
        swap_in(new, index, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.seconds = time.perf_counter() - t0
    return report


# ------------------------------------------------------------------ the manifest

def _load_json(path: Path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _save_json(path: Path, data) -> None:
    """Best effort (a cache): a new file renamed over the old one."""
    tmp = Path(f"{path}.tmp-{os.getpid()}")
    try:
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _read_manifest(index: Path) -> dict | None:
    """The previous index's manifest, when it is one this version can reuse shards from."""
    try:
        data = json.loads((index / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("shards"), list):
        return None
    good = []
    for e in data["shards"]:
        if (isinstance(e, dict) and isinstance(e.get("name"), str) and isinstance(e.get("fingerprint"), str)
                and isinstance(e.get("path"), str) and _safe_rel(e["path"])):
            good.append(e)
    data["shards"] = good
    return data


def _safe_rel(path: str) -> bool:
    return path == "" or (path.endswith("/") and not path.startswith("/") and ".." not in path.split("/"))


def load_manifest(site: Path, name: str = "pagefind") -> dict | None:
    """site/pagefind/shards.json, or None (an index built otherwise, or none)."""
    return _read_manifest(Path(site) / name)


# ------------------------------------------------------------------ running Pagefind

def _budget(jobs: int | None, memory_mb: int | None) -> tuple[int, int]:
    def env_int(name: str) -> int | None:
        try:
            return int(os.environ[name])
        except (KeyError, ValueError):
            return None
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    jobs = jobs or env_int(JOBS_ENV) or cores
    memory = memory_mb or env_int(MEMORY_ENV) or DEFAULT_MEMORY_MB
    return max(1, min(jobs, cores)), max(64, memory)


def estimate_mb(shard: Shard) -> int:
    """Pagefind's peak memory for a shard, from its size: measured at ~15x the HTML (a 7.8 MiB
    shard: 130 MiB; the whole 121 MB of 1,000 episodes: 1.7 GiB), plus a margin."""
    return 40 + shard.bytes * 16 // (1024 * 1024)


def _run_all(todo: list[Shard], work: Path, site: Path, progress, jobs, memory_mb):
    """Index each shard (largest first), at most `jobs` at once and within the memory budget
    (a shard larger than the whole budget runs alone). Yields (shard, bundle folder) as each
    finishes; on a failure, stops the others and raises SearchIndexError."""
    if not todo:
        return
    jobs, budget = _budget(jobs, memory_mb)
    env = None
    if jobs > 1 and len(todo) > 1:  # a run per core: each on one thread (less CPU than sharing cores)
        env = dict(os.environ)
        for name in ("RAYON_NUM_THREADS", "TOKIO_WORKER_THREADS"):
            env.setdefault(name, "1")
    pending = sorted(todo, key=lambda s: (-s.bytes, s.name))
    running: dict[str, tuple[Shard, subprocess.Popen, int]] = {}
    finished: list[tuple[str, int, str]] = []
    cond = threading.Condition()
    done = 0
    failure: str | None = None

    def watch(name: str, proc: subprocess.Popen) -> None:
        try:
            out, _ = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            out = f"timed out after {TIMEOUT} s"
        with cond:
            finished.append((name, proc.returncode, out or ""))
            cond.notify_all()

    try:
        while pending or running:
            used = sum(mb for _, _, mb in running.values())
            while pending and len(running) < jobs and failure is None:
                pick = next((s for s in pending if used + estimate_mb(s) <= budget), None)
                if pick is None:
                    if running:
                        break
                    pick = pending[0]  # alone, whatever it needs
                pending.remove(pick)
                inp, out = work / "in" / pick.name, work / "out" / pick.name
                link_inputs(site, inp, pick.pages)
                cmd = pagefind_command() + ["--site", str(inp), "--output-path", str(out), "--silent"]
                try:
                    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                            errors="replace", stdin=subprocess.DEVNULL, env=env)
                except OSError as e:
                    raise SearchIndexError(f"could not run Pagefind: {e}") from None
                mb = estimate_mb(pick)
                running[pick.name] = (pick, proc, mb)
                used += mb
                threading.Thread(target=watch, args=(pick.name, proc), daemon=True).start()
            if not running:
                break
            with cond:
                cond.wait_for(lambda: bool(finished))
                batch, finished[:] = list(finished), []
            for name, code, said in batch:
                shard, _, _ = running.pop(name)
                out = work / "out" / name
                shutil.rmtree(work / "in" / name, ignore_errors=True)
                if code != 0 or not (out / "pagefind.js").is_file() or not (out / ENTRY).is_file():
                    detail = " / ".join(said.strip().splitlines()[-3:]) or f"exit code {code}"
                    failure = failure or (f"Pagefind failed on search shard {name} ({len(shard.pages)} pages, "
                                          f"{shard.pages[0].rel} ...): {detail}")
                    continue
                done += 1
                if progress is not None:
                    progress.advance(done, len(todo))
                yield shard, out
            if failure is not None:
                raise SearchIndexError(failure)
    finally:
        for _, proc, _ in running.values():
            if proc.poll() is None:
                proc.kill()
        for _, proc, _ in running.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
