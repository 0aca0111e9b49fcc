"""The files of a site version: written when their bytes changed, hard-linked when not, patched
into a copy of the live site; and the publishing steps that fault-injection tests count.

Fault injection for tests: with SHOWNOTES_FAULT_AFTER=n in the environment, the process kills
itself (SIGKILL) right after its n-th publishing step (`step()`: each rename, replace, link or
removal that changes a version folder or the link), counted from the start of the build.
"""
from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

FAULT_ENV = "SHOWNOTES_FAULT_AFTER"
_steps = 0


def step() -> None:
    """A publishing step just happened (see above)."""
    global _steps
    _steps += 1
    if os.environ.get(FAULT_ENV) == str(_steps):
        os.kill(os.getpid(), signal.SIGKILL)


def reset_steps() -> None:
    global _steps
    _steps = 0


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except (FileNotFoundError, NotADirectoryError):
            pass


# ------------------------------------------------------------------ files

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


def _copy_tree(src: Path, dest: Path) -> None:
    """Hard-link every file of src into the existing, empty folder dest."""
    with os.scandir(src) as entries:
        for entry in entries:
            target = os.path.join(dest, entry.name)
            if entry.is_dir(follow_symlinks=False):
                os.mkdir(target)
                _copy_tree(Path(entry.path), Path(target))
            elif entry.is_symlink():
                os.symlink(os.readlink(entry.path), target)
            else:
                _link_or_copy(entry.path, target)


def apply(stage: Path, target: Path, changed: list[str], stale: list[str]) -> None:
    """Patch target (a copy of the live site, not live itself): move in the changed files from
    stage, remove the stale ones. Files are replaced, never rewritten: target shares them with
    the live site."""
    for rel in changed:
        dest = target / rel
        if dest.is_dir() and not dest.is_symlink():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / rel, dest)
        step()
    for rel in stale:
        dest = target / rel
        _remove(dest)
        _remove_empty_parents(dest.parent, target)
        step()


def _sync(live: Path, spare: Path, rel: str) -> None:
    """Make spare/rel what live/rel is (a file, absent, or with a trailing '/' a whole folder)."""
    src, dest = live / rel, spare / rel
    if rel.endswith("/"):
        if src.is_dir():
            _sync_tree(src, dest)
        else:
            _remove(dest)
        return
    _remove(dest)
    if src.is_file():
        dest.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(str(src), str(dest))
    else:
        _remove_empty_parents(dest.parent, spare)


def _sync_tree(src: Path, dest: Path) -> None:
    """Make the folder dest hold src's files as hard links, touching only the entries that differ
    (a new search index shares most of its files with the previous one: see share_unchanged)."""
    if not dest.is_dir() or dest.is_symlink():
        _remove(dest)
        dest.mkdir(parents=True)
    theirs = {e.name: e for e in os.scandir(src)}
    for entry in os.scandir(dest):
        other = theirs.get(entry.name)
        if other is None or other.is_dir(follow_symlinks=False) != entry.is_dir(follow_symlinks=False):
            _remove(Path(entry.path))
    for name, entry in theirs.items():
        target = dest / name
        if entry.is_dir(follow_symlinks=False):
            _sync_tree(Path(entry.path), target)
            continue
        try:
            if os.stat(target, follow_symlinks=False).st_ino == entry.inode():
                continue
        except FileNotFoundError:
            pass
        _remove(target)
        _link_or_copy(entry.path, str(target))


def share_unchanged(new: Path, old: Path, leave: tuple[str, ...] = ()) -> None:
    """Hard-link into the folder new each file that old has with the same bytes (a new search
    index over the previous one), so that versions share them and keeping a spare in step is cheap.
    Files already shared are not read; `leave` names folders at new's top to skip (another
    bundle's, nested inside this one)."""
    for folder, dirs, names in os.walk(new):
        if leave and folder == str(new):
            dirs[:] = [d for d in dirs if d not in leave]
        for name in names:
            path = os.path.join(folder, name)
            before = os.path.join(old, os.path.relpath(path, new))
            try:
                a, b = os.stat(path), os.stat(before)
                if (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev) or a.st_size != b.st_size \
                        or not _same_bytes(before, path):
                    continue
                tmp = f"{path}.same-{os.getpid()}"
                os.link(before, tmp)
                os.replace(tmp, path)
            except OSError:
                continue


def _same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 16), fb.read(1 << 16)
            if x != y:
                return False
            if not x:
                return True


def _remove_empty_parents(folder: Path, site: Path) -> None:
    while folder != site and site in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or already gone): stop
            return
        folder = folder.parent


def discard(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)
