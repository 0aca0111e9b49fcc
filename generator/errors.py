"""Problems found in user input, reported as `path:line: message` and never as tracebacks."""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MiB = 1024 * 1024


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


class ContentErrors(Exception):
    """Raised when validation found errors; carries every problem of the run."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def __reduce__(self):  # crosses process boundaries (parallel rendering) with its problems intact
        return (ContentErrors, (self.problems,))


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the user typed it: relative to the working directory when possible.

    Never raises (a symbolic link loop cannot be resolved, and naming it is the point), and names
    a symbolic link itself, not the file it points to: only the folders above it are resolved."""
    absolute = os.path.abspath(path)
    candidates = [absolute, os.path.join(os.path.realpath(os.path.dirname(absolute)), os.path.basename(absolute))]
    for base in ([root] if root else []) + [Path.cwd()]:
        for start in dict.fromkeys((os.path.abspath(base), os.path.realpath(base))):
            for candidate in candidates:
                try:
                    return Path(candidate).relative_to(start).as_posix()
                except ValueError:
                    continue
    return Path(path).as_posix()


def is_link_loop(path: Path) -> bool:
    """A path that cannot be followed: a symbolic link that leads back to itself (Path.resolve
    raises RuntimeError on it before Python 3.13)."""
    try:
        os.stat(path)
    except OSError as e:
        return e.errno == errno.ELOOP
    except ValueError:
        return False
    return False


class Unreadable(Exception):
    """A file that is not read, with the one-line reason (`cannot be read: ...`)."""

    def __init__(self, message: str, missing: bool = False):
        super().__init__(message)
        self.message = message
        self.missing = missing  # nothing at all at that path (not even a broken link)


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"))


def _file_kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def _os_reason(path: Path, e: OSError) -> Unreadable:
    if e.errno == errno.ELOOP:
        return Unreadable("cannot be read: a symbolic link loop")
    if e.errno == errno.ENOENT and os.path.islink(path):
        return Unreadable("cannot be read: a symbolic link to a missing file")
    return Unreadable(f"cannot be read: {e.strerror or e}", missing=e.errno == errno.ENOENT)


def read_input(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """The bytes of a user's input file, and its stat taken before they were read.

    Only regular files are read (symbolic links are followed to regular files only), so a link to
    /dev/zero cannot exhaust memory and a FIFO cannot block; a file larger than `limit` is refused.
    Every refusal raises Unreadable with a message for one line."""
    try:
        st = os.stat(path)
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the path
        raise (_os_reason(path, e) if isinstance(e, OSError) else Unreadable(f"cannot be read: {e}")) from None
    if not stat.S_ISREG(st.st_mode):
        raise Unreadable(f"cannot be read: not a regular file ({_file_kind(st.st_mode)})")
    if st.st_size > limit:
        raise _too_large(st.st_size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: should the file become a FIFO after the stat, open does not wait
    except OSError as e:
        raise _os_reason(path, e) from None
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode):  # replaced between the stat and the open
            raise Unreadable(f"cannot be read: not a regular file ({_file_kind(now.st_mode)})")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, MiB))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        raise _os_reason(path, e) from None
    finally:
        os.close(fd)
    if size > limit:  # it grew while it was read
        raise _too_large(max(size, now.st_size), limit)
    return b"".join(chunks), st


def _too_large(size: int, limit: int) -> Unreadable:
    shown = f"{limit // MiB} MiB" if limit % MiB == 0 else f"{limit} bytes"
    return Unreadable(f"cannot be read: too large ({size} bytes; the limit is {shown})")
