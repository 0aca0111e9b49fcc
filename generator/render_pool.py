"""Render pages and write their files as they are made, in parallel processes when it pays.

Pages stream to disk: no process holds the whole site in memory. Workers are forked after the
library is built, so they share it copy-on-write and receive only the list of pages to render.
"""
from __future__ import annotations

import multiprocessing
import os
from contextlib import nullcontext
from pathlib import Path

from generator import output
from generator.library import Library
from generator.render import PageSpec, make_env, render_page

PARALLEL_MIN_PAGES = 48  # below this a process pool costs more than it saves

_job: dict = {}  # what forked workers inherit: library, theme chain, stage and previous site


def _render_batch(specs: list[PageSpec]) -> tuple[dict[PageSpec, list[str]], list[str], int]:
    env = _job.get("env")
    if env is None:
        env = _job["env"] = make_env(_job["lib"], _job["base_url"], _job["themes"])
    files: dict[PageSpec, list[str]] = {}
    written: list[str] = []
    reused = 0
    for spec in specs:
        outputs = render_page(_job["lib"], spec, env)
        w, r = output.write_outputs(_job["stage"], _job["previous"], outputs)
        written += w
        reused += r
        files[spec] = sorted(outputs)
    return files, written, reused


def render_and_write(lib: Library, base_url: str, themes: list[Path], specs: list[PageSpec], stage: Path,
                     previous: Path, jobs: int = 1, progress=None) -> tuple[dict[PageSpec, list[str]], list[str], int]:
    """Render specs into stage; returns (files per page, files that changed, count of files unchanged)."""
    _job.clear()
    _job.update(lib=lib, base_url=base_url, themes=themes, stage=stage, previous=previous)
    files: dict[PageSpec, list[str]] = {}
    written: list[str] = []
    reused = 0
    batches = [specs[i:i + 16] for i in range(0, len(specs), 16)]
    parallel = jobs > 1 and len(specs) >= PARALLEL_MIN_PAGES and "fork" in multiprocessing.get_all_start_methods()
    try:
        with multiprocessing.get_context("fork").Pool(jobs) if parallel else nullcontext() as pool:
            for f, w, r in (pool.imap_unordered(_render_batch, batches) if pool else map(_render_batch, batches)):
                files.update(f)
                written += w
                reused += r
                if progress:
                    progress.advance(len(files), len(specs))
    finally:
        _job.clear()
    return files, written, reused


def default_jobs() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))
