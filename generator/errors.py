"""Problems found in user input, reported as `path:line: message` and never as tracebacks."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
    """A path as the user typed it: relative to the working directory when possible."""
    path = Path(path)
    for base in ([root] if root else []) + [Path.cwd()]:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
