"""Write a finished site and publish it so that the output folder is complete at every instant,
even if the build is killed halfway (DESIGN §1, §7).

Layout, for `--out site` (any other folder works the same, beside itself):

    site -> .site.versions/7-4242     a symlink: what users, servers and uploads read through
    .site.versions/7-4242/            the live site
    .site.versions/6-4100/            the spare: the previous site, kept while it differs by few files
    .site.versions/spare.json         which files the spare lacks to equal the live site
    .site.versions/.lock              one build at a time into this folder (flock)

A build writes a new version beside the live one and, once it is complete, replaces the link
with one rename(2) of a new link over it: atomic, so `site` is the old site or the new one at
every instant. Unchanged files are hard-linked from the live version, never written again.

A small rebuild does not link every file into a fresh folder: it brings the spare up to date
(relinking the few files the last build changed), replaces the files this build changed there,
and swaps the link; the old live version becomes the new spare. A full build leaves a spare
too: the version it replaced, brought in step with it, or a hard-linked copy of the new site when
it replaced none, so the first small build after it need not copy the site. A `site` that is
still a plain folder (from before versions) is exchanged for the link atomically too (renameat2
on Linux).

Whatever a killed build leaves behind (versions nobody points at, `.site.building-<pid>`-style
folders of dead processes) is removed by the next build, which says so in one line.

Fault injection for tests: with SHOWNOTES_FAULT_AFTER=n in the environment, the process kills
itself (SIGKILL) right after its n-th publishing step (`step()` below: each rename, replace,
link or removal that changes a version folder or the link), counted from the start of the build.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
from pathlib import Path

from generator.output.files import (FAULT_ENV, _copy_tree, _remove, _sync, _sync_tree, apply, discard, link_files,
                                    link_tree, reset_steps, share_unchanged, step, write_outputs)

try:
    import fcntl
except ImportError:  # not POSIX: nothing stops two builds into one folder at once
    fcntl = None

JOURNAL = "spare.json"
LOCK = ".lock"
IGNORE = ".gitignore"  # `*`: git ignores the versions folder in any project, whatever its .gitignore says
SPARE_MIN_FILES = 1000  # the spare is kept when it differs by at most this many files (or a quarter of them)

_VERSION = re.compile(r"^(?P<n>\d+)-(?P<pid>\d+)$")


# ------------------------------------------------------------------ where things are

def versions_dir(link: Path) -> Path:
    return link.parent / f".{link.name}.versions"


def _version_of(link: Path) -> str | None:
    """The version our link points at, or None when link is not a link of ours."""
    try:
        target = os.readlink(link)
    except OSError:
        return None
    head, _, name = target.partition("/")
    return name if head == f".{link.name}.versions" and _VERSION.match(name) else None


def link_path(out: Path) -> Path:
    """Where the link lives: out itself or, when out is a symlink someone else made
    (site -> /var/www/podcast), the place it points to."""
    path = Path(os.path.abspath(out))
    for _ in range(40):
        path = path.parent.resolve() / path.name
        if not path.is_symlink() or _version_of(path) is not None:
            return path
        path = Path(os.path.join(path.parent, os.readlink(path)))
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(out))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, as someone else
        return True
    return True


# ------------------------------------------------------------------ one build's hold on the output

class Output:
    """One build's hold on an output folder: `open()` (or `with Output(out) as dest:`) takes the
    folder's lock (one build at a time) and removes what killed builds left (listed in `removed`)."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.removed: list[str] = []
        self.restored: str | None = None
        self._lock_fd: int | None = None

    def open(self) -> "Output":
        reset_steps()
        self.link = link_path(self.out)
        self.dir = versions_dir(self.link)
        self._stale_sibling = re.compile(
            rf"^\.{re.escape(self.link.name)}\.(?:building|old|link|index|pagefind-old)-(?P<pid>\d+)$")
        if (self.link.exists() or self.link.is_symlink()) and not self.link.is_dir() and _version_of(self.link) is None:
            raise OSError(errno.EEXIST, "exists and is not a folder", str(self.link))
        self._restore_link()
        self._clean_siblings()
        if self.dir.is_dir():
            self._take_lock()
        return self

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the lock
            self._lock_fd = None

    def __enter__(self) -> "Output":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def live(self) -> Path | None:
        """The folder the site is in now; None when there is no site."""
        name = _version_of(self.link)
        if name is not None:
            folder = self.dir / name
            return folder if folder.is_dir() else None
        if self.link.is_dir() and not self.link.is_symlink():  # a plain folder, from before versions
            return self.link
        return None

    # -------------------------------------------------------------- folders to build in

    def new_folder(self) -> Path:
        """A new, empty version folder (not live until published)."""
        self._take_lock()
        numbers = [int(m.group("n")) for name in os.listdir(self.dir) if (m := _VERSION.match(name))]
        folder = self.dir / f"{max(numbers, default=0) + 1}-{os.getpid()}"
        folder.mkdir()
        return folder

    def copy_of_live(self) -> Path:
        """A version folder equal to the live one, to patch and publish: the spare brought up to
        date when there is one (it lacks only what the last build changed), else a hard-linked copy."""
        live = self.live
        if live is None:
            raise FileNotFoundError(errno.ENOENT, "no site to copy", str(self.link))
        self._take_lock()
        journal = self._journal()
        if (self.dir / JOURNAL).exists():
            (self.dir / JOURNAL).unlink()  # the spare is about to change: until published it is nobody's
            step()
        if journal is not None:
            spare = self.dir / journal["spare"]
            for rel in journal["differs"]:
                _sync(live, spare, rel)
                step()
            return spare
        folder = self.new_folder()
        _copy_tree(live, folder)
        step()
        return folder

    def sync_spare(self) -> None:
        """Bring the spare up to date with the live version now, in idle time, so that the next
        small publish need not (`serve`: after a new search index, thousands of files)."""
        live, journal = self.live, self._journal()
        if live is None or journal is None or not journal["differs"]:
            return
        self._take_lock()
        spare = self.dir / journal["spare"]
        (self.dir / JOURNAL).unlink()  # while it changes the spare is nobody's
        step()
        for rel in journal["differs"]:
            _sync(live, spare, rel)
            step()
        _write_json(self.dir / JOURNAL, {"live": live.name, "spare": spare.name, "differs": []})
        step()

    def _ensure_spare(self) -> None:
        """Give the live version a spare when it has none: a hard-linked copy made now, while the
        build's own time is long, instead of in the next small build, whose time is the one an
        editor waits for. Killed halfway, the copy is a version nobody points at, which the next
        build removes."""
        live = self.live
        if live is None or live == self.link or self._journal() is not None:
            return
        folder = None
        try:
            folder = self.new_folder()
            step()
            _copy_tree(live, folder)
            step()
            _write_json(self.dir / JOURNAL, {"live": live.name, "spare": folder.name, "differs": []})
            step()
        except OSError:  # the site is published; without a spare the next small build makes one
            self.discard(folder)

    def discard(self, folder: Path | None) -> None:
        """Remove a folder that was not published (never the live one)."""
        if folder is not None and folder != self.live:
            shutil.rmtree(folder, ignore_errors=True)

    # -------------------------------------------------------------- the swap

    def publish(self, version: Path, differs: list[str] | None = None, files: int = 0, spare: bool = False) -> None:
        """Make version the live site, with one atomic rename of a new link over the old one.
        differs: the files in which the old live site and version differ ('pagefind/' for the
        whole index), when known; then the old site is kept as the spare if they are few.
        spare (a build that made the whole site): leave a spare in any case, for the next small
        build to patch: the old site brought in step with the new one (relinking only the files
        that are not already the same), else a hard-linked copy. Nothing raises once the link
        points at version."""
        old_live, old_journal = self.live, self._journal()
        old_spare = self.dir / old_journal["spare"] if old_journal else None
        tmp = self.link.parent / f".{self.link.name}.link-{os.getpid()}"
        _remove(tmp)
        os.symlink(f"{self.dir.name}/{version.name}", tmp)
        step()
        if old_live == self.link:  # a plain folder from before versions: exchanged for the link
            gone = _exchange(tmp, self.link)
            step()
            shutil.rmtree(gone, ignore_errors=True)
            step()
            old_live = None
        else:
            os.replace(tmp, self.link)
            step()
        try:
            keep = (old_live is not None and old_live != version and differs is not None
                    and len(differs) <= max(SPARE_MIN_FILES, files // 4))
            if keep:
                _write_json(self.dir / JOURNAL, {"live": version.name, "spare": old_live.name,
                                                 "differs": sorted(set(differs))})
            else:
                (self.dir / JOURNAL).unlink(missing_ok=True)
            step()
            for folder in (old_spare, None if keep else old_live):
                if folder is None or folder == version or not folder.exists():
                    continue
                if spare and folder == old_live and self._keep_in_step(old_live, version):
                    continue  # the site it replaced is the new spare
                shutil.rmtree(folder, ignore_errors=True)
                step()
        except OSError:
            pass  # the new site is live; the next build removes what is left
        if spare:
            self._ensure_spare()

    def _keep_in_step(self, old: Path, version: Path) -> bool:
        """The old live folder made the spare of version: brought in step, then journalled."""
        try:
            _sync_tree(version, old)
            step()
            _write_json(self.dir / JOURNAL, {"live": version.name, "spare": old.name, "differs": []})
            step()
            return True
        except OSError:
            return False

    # -------------------------------------------------------------- housekeeping

    def _take_lock(self) -> None:
        if self._lock_fd is not None:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        ignore = self.dir / IGNORE
        if not ignore.exists():
            ignore.write_text("# made by shownotes: earlier and upcoming versions of the site\n*\n", encoding="utf-8")
        fd = os.open(self.dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"waiting for another build into {self.link} to finish", flush=True)
                fcntl.flock(fd, fcntl.LOCK_EX)
        self._lock_fd = fd
        self._clean_versions(locked=fcntl is not None)

    def _journal(self) -> dict | None:
        """The spare's record, when it is valid for the live version."""
        try:
            data = json.loads((self.dir / JOURNAL).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        live = _version_of(self.link)
        if not isinstance(data, dict) or live is None or data.get("live") != live:
            return None
        spare, differs = data.get("spare"), data.get("differs")
        if not (isinstance(spare, str) and _VERSION.match(spare) and spare != live and (self.dir / spare).is_dir()):
            return None
        if not (isinstance(differs, list) and all(isinstance(d, str) and d and not d.startswith("/")
                                                  and ".." not in d.split("/") for d in differs)):
            return None
        return data

    def _clean_versions(self, locked: bool) -> None:
        """Remove every version that is neither live nor the valid spare (a killed build's)."""
        live = _version_of(self.link) if self.live is not None else None
        journal = self._journal()
        keep = {LOCK, IGNORE, live, JOURNAL if journal else None, journal["spare"] if journal else None}
        for name in sorted(os.listdir(self.dir)):
            if name in keep:
                continue
            if name == JOURNAL:  # outdated: its spare (if any) goes below
                (self.dir / JOURNAL).unlink(missing_ok=True)
                continue
            m = _VERSION.match(name)
            if not locked and (m is None or _pid_alive(int(m.group("pid")))):
                continue  # without a lock, a living process may still be writing it
            _remove(self.dir / name)
            self.removed.append(f"{self.dir.name}/{name}")

    def _clean_siblings(self) -> None:
        """Staging folders beside the output whose process is gone: earlier versions' and serve's."""
        try:
            names = sorted(os.listdir(self.link.parent))
        except OSError:
            return
        for name in names:
            m = self._stale_sibling.match(name)
            if m and not _pid_alive(int(m.group("pid"))):
                _remove(self.link.parent / name)
                self.removed.append(name)

    def _restore_link(self) -> None:
        """An earlier version killed between its two renames left no site, only `.site.old-<pid>`:
        put it back."""
        if self.link.exists() or self.link.is_symlink():
            return
        prefix = f".{self.link.name}.old-"
        try:
            names = sorted(os.listdir(self.link.parent), reverse=True)
        except OSError:  # no parent folder yet: nothing to put back
            return
        for name in names:
            old = self.link.parent / name
            if (name.startswith(prefix) and name[len(prefix):].isdigit() and not _pid_alive(int(name[len(prefix):]))
                    and old.is_dir() and ((old / "index.html").exists() or (old / ".nojekyll").exists())):
                os.rename(old, self.link)
                self.restored = name
                return


def cleanup_note(dest: Output) -> str:
    """The one line a build prints after cleaning up."""
    try:
        where = os.path.relpath(dest.link)
    except ValueError:  # another drive
        where = str(dest.link)
    if where.startswith(".." + os.sep):
        where = str(dest.link)
    parts = []
    if dest.restored:
        parts.append(f"put {dest.restored} back as the site")
    if dest.removed:
        parts.append(f"removed {', '.join(dest.removed)}")
    return f"{where}: {'; '.join(parts)} (left by an interrupted build)"


def _exchange(new_link: Path, folder: Path) -> Path:
    """Put new_link where folder is, atomically where the system can; returns where folder went."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(new_link), at_fdcwd, os.fsencode(folder), rename_exchange) == 0:
            return new_link
    except (OSError, AttributeError):
        pass
    # no renameat2 (not Linux, an old libc, a file system without it): two renames; a build
    # killed between them leaves `.site.old-<pid>`, which the next one puts back (_restore_link)
    old = folder.parent / f".{folder.name}.old-{os.getpid()}"
    os.rename(folder, old)
    step()
    os.replace(new_link, folder)
    return old


def _write_json(path: Path, data) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


__all__ = ["FAULT_ENV", "Output", "apply", "cleanup_note", "discard", "link_files", "link_path", "link_tree",
           "share_unchanged", "step", "versions_dir", "write_outputs"]
