"""Timestamps: parsing `H:MM:SS` / `MM:SS`, formatting, and the contract's anchors."""
from __future__ import annotations

import re

_TIME = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})$")


def parse_time(value: object) -> int | None:
    """Seconds for `H:MM:SS`, `HH:MM:SS` or `MM:SS` (or an int); None if it is not a time."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    m = _TIME.match(str(value).strip())
    if not m:
        return None
    hours, minutes, secs = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
    if secs >= 60 or (m.group(1) is not None and minutes >= 60):
        return None
    return hours * 3600 + minutes * 60 + secs


def format_time(seconds: int) -> str:
    """`H:MM:SS`, the form content files use."""
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def format_short(seconds: int) -> str:
    """`M:SS` under an hour, `H:MM:SS` from an hour: the form readers expect next to a chapter."""
    if seconds >= 3600:
        return format_time(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def time_anchor(seconds: int) -> str:
    """`t-HH-MM-SS`, always two-digit hours (DESIGN §5)."""
    return f"t-{seconds // 3600:02d}-{seconds // 60 % 60:02d}-{seconds % 60:02d}"


def vtt_time(seconds: float) -> str:
    whole = int(seconds)
    millis = int(round((seconds - whole) * 1000))
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{millis:03d}"
