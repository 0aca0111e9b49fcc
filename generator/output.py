"""Write a finished site safely: into a fresh folder beside the target, then swap it in.

Files whose bytes did not change are hard-linked from the previous site instead of being
written again, so a rebuild with nothing changed writes nothing, and the swap keeps the
previous site intact until the new one is complete.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_dir(out: Path) -> Path:
    out = out.resolve()
    stage = out.parent / f".{out.name}.building-{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    return stage


def write_outputs(stage: Path, previous: Path, outputs: dict[str, bytes]) -> tuple[list[str], int]:
    """Write every output into stage; returns (the files that changed, how many did not)."""
    written: list[str] = []
    reused = 0
    made: set[Path] = set()
    for rel in sorted(outputs):
        data = outputs[rel]
        target = stage / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        old = previous / rel
        try:
            if old.is_file() and old.stat().st_size == len(data) and old.read_bytes() == data:
                os.link(old, target)
                reused += 1
                continue
        except OSError:
            pass
        target.write_bytes(data)
        written.append(rel)
    return written, reused


def link_files(previous: Path, stage: Path, rels: list[str]) -> None:
    """Carry files of a page that did not change over from the previous site."""
    made: set[Path] = set()
    for rel in rels:
        target = stage / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        _link_or_copy(str(previous / rel), str(target))


def link_tree(src: Path, dest: Path) -> None:
    """Hard-link a previous folder (the search index) into the stage."""
    shutil.copytree(src, dest, copy_function=_link_or_copy)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def swap_into_place(stage: Path, out: Path) -> None:
    """Replace out with stage; the old site is removed only after the new one is in place."""
    out = out.resolve()
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        if out.is_symlink() or not out.is_dir():
            raise OSError(f"{out} exists and is not a folder")
        os.replace(out, old)
    os.replace(stage, out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def patch_in_place(stage: Path, site: Path, changed: list[str], stale: list[str]) -> None:
    """Apply a small rebuild to the live site file by file, instead of swapping a whole new copy
    in (which costs a folder per page). Each file is replaced atomically; if anything fails,
    every file already replaced is put back, so the site is the old one or the new one."""
    undo: list[tuple[Path, Path | None]] = []
    try:
        for rel in changed:
            target = site / rel
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True)
            backup = None
            if target.exists():
                backup = target.with_name(f"{target.name}.undo-{os.getpid()}")
                os.link(target, backup)
            undo.append((target, backup))
            os.replace(stage / rel, target)
    except BaseException:
        for target, backup in reversed(undo):
            if backup is not None:
                os.replace(backup, target)
                backup.unlink(missing_ok=True)  # rename between two links of one file leaves both
            else:
                target.unlink(missing_ok=True)
        raise
    for _, backup in undo:
        if backup is not None:
            backup.unlink(missing_ok=True)
    for rel in stale:
        target = site / rel
        target.unlink(missing_ok=True)
        _remove_empty_parents(target.parent, site)


def _remove_empty_parents(folder: Path, site: Path) -> None:
    while folder != site and site in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or already gone): stop
            return
        folder = folder.parent


def discard(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)
