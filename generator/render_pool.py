"""Render pages and write their files as they are made, in parallel processes when it pays.

Pages stream to disk: no process holds the whole site in memory. Workers are forked after the
pages are planned, so they share the pages' inputs copy-on-write and receive only the numbers
of the pages to render.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from contextlib import nullcontext
from pathlib import Path

from generator import output
from generator.model import SiteConfig
from generator.progress import checkpoint
from generator.render.context import make_context
from generator.render.kinds import Page, render
from generator.render.spec import PageSpec

PARALLEL_MIN_PAGES = 48  # below this a process pool costs more than it saves

_job: dict = {}  # what forked workers inherit: the pages, the context's makings, stage and previous site


def _render_batch(numbers: range) -> tuple[dict[PageSpec, list[str]], list[str], int]:
    ctx = _job.get("ctx")
    if ctx is None:
        ctx = _job["ctx"] = make_context(_job["config"], _job["base_url"], _job["themes"])
    files: dict[PageSpec, list[str]] = {}
    written: list[str] = []
    reused = 0
    for n in numbers:
        checkpoint()  # serve: a newer save may stop the build between two pages
        page = _job["pages"][n]
        outputs = render(page, ctx)
        w, r = output.write_outputs(_job["stage"], _job["previous"], outputs)
        written += w
        reused += r
        files[page.spec] = sorted(outputs)
    return files, written, reused


def _quiet_worker() -> None:
    """A worker leaves signals to its parent: Ctrl-C and `kill` stop the parent, which ends the
    pool; a worker that inherited the parent's handlers would print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def render_and_write(pages: list[Page], config: SiteConfig, base_url: str, themes: list[Path], stage: Path,
                     previous: Path, jobs: int = 1, progress=None) -> tuple[dict[PageSpec, list[str]], list[str], int]:
    """Render pages into stage; returns (files per page, files that changed, count of files unchanged)."""
    _job.clear()
    _job.update(pages=pages, config=config, base_url=base_url, themes=themes, stage=stage, previous=previous)
    files: dict[PageSpec, list[str]] = {}
    written: list[str] = []
    reused = 0
    batches = [range(i, min(i + 16, len(pages))) for i in range(0, len(pages), 16)]
    parallel = jobs > 1 and len(pages) >= PARALLEL_MIN_PAGES and "fork" in multiprocessing.get_all_start_methods()
    try:
        with multiprocessing.get_context("fork").Pool(jobs, _quiet_worker) if parallel else nullcontext() as pool:
            for f, w, r in (pool.imap_unordered(_render_batch, batches) if pool else map(_render_batch, batches)):
                files.update(f)
                written += w
                reused += r
                if progress:
                    progress.advance(len(files), len(pages))
    finally:
        _job.clear()
    return files, written, reused


def default_jobs() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))
