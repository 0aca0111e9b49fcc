"""Reading and checking front matter values, one file at a time: each typed reader returns a
clean value and reports what is wrong, with the line of the key it concerns."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from generator.content.frontmatter import Document, FrontMatterError, split
from generator.errors import Problem, display_path
from generator.slugs import is_slug

MAX_GUID = 200
_MIME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$")
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:.]+$")
_DIGITS = re.compile(r"^[0-9]+$")
_YAML_BOOL_WORDS = {"true", "false", "yes", "no", "on", "off"}


class FileCheck:
    """Collects the problems of one file, each with the line of the key it concerns."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.doc: Document | None = None

    @property
    def shown(self) -> str:
        return display_path(self.path, None)

    def error(self, message: str, key: str | None = None, index: int | None = None, line: int | None = None,
              severity: str = "error") -> None:
        if line is None:
            line = self.doc.line_of(key, index) if (self.doc and key) else 1
        self.problems.append(Problem(self.shown, line, message, severity))

    def warn(self, message: str, key: str | None = None) -> None:
        self.error(message, key, severity="warning")

    def read(self, data: bytes) -> Document | None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            self.error(f"not UTF-8 text (invalid byte at offset {e.start})", line=None)
            return None
        try:
            self.doc = split(text)
        except FrontMatterError as e:
            self.error(e.message, line=e.line)
            return None
        return self.doc

    # --- typed field readers: each returns a clean value and reports what is wrong ---

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        value = self.doc.meta.get(key)
        if value is None:
            if required:
                self.error(f"missing required field `{key}`", line=self.doc.line_of(key) if key in self.doc.key_lines else 1)
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(f"`{key}` must be text, got {type(value).__name__}", key)
            return default
        if required and not value.strip():
            self.error(f"`{key}` must not be empty", key)
        return value.strip()

    def text_list(self, key: str) -> list[str]:
        value = self.doc.meta.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(f"`{key}` must be a list, got {type(value).__name__}", key)
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                out.append(str(item).strip())
            else:
                self.error(f"`{key}` item {i + 1} must be text, got {type(item).__name__}", key, i)
        return out

    def slug_list(self, key: str) -> list[str]:
        slugs = self.text_list(key)
        for i, s in enumerate(slugs):
            if not is_slug(s):
                self.error(f"`{key}`: {s!r} is not a slug (lowercase words joined by '-')", key, i)
        return list(dict.fromkeys(slugs))

    def flag(self, key: str, default: bool | None = False) -> bool | None:
        value = self.doc.meta.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            hint = ""
            if isinstance(value, str) and value.strip().lower() in _YAML_BOOL_WORDS:
                hint = " (quoted text: write true or false without quotes)"
            self.error(f"`{key}` must be true or false, got {value!r}{hint}", key)
            return default
        return value

    def integer(self, key: str, minimum: int) -> int | None:
        """A whole number (a YAML int, or text of digits such as "12"); never a bool."""
        value = self.doc.meta.get(key)
        if value is None:
            return None
        number = int(value.strip()) if isinstance(value, str) and _DIGITS.match(value.strip()) else value
        if isinstance(number, bool) or not isinstance(number, int) or number < minimum:
            wanted = "a positive whole number" if minimum == 1 else f"a whole number, {minimum} or more"
            self.error(f"`{key}` must be {wanted}, got {value!r}", key)
            return None
        return number

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(key, default=default) or default
        if value not in choices:
            self.error(f"`{key}` must be one of {', '.join(choices)}, got {value!r}", key)
            return default
        return value

    def mime_type(self, key: str) -> str | None:
        value = self.text(key) or None
        if value and not is_mime_type(value):
            self.error(f"`{key}` must be a MIME type (type/subtype, e.g. audio/mpeg), got {value!r}", key)
            return None
        return value

    def guid(self, key: str = "guid") -> str | None:
        """A stable id: one line of text, at most MAX_GUID characters."""
        raw = self.doc.meta.get(key)
        value = self.text(key) or None
        if raw is not None and value is None and isinstance(raw, str):
            self.error(f"`{key}` must not be empty", key)
        if value is None:
            return None
        if "\n" in value or "\r" in value:
            self.error(f"`{key}` must be one line", key)
            return None
        if len(value) > MAX_GUID:
            self.error(f"`{key}` must be at most {MAX_GUID} characters, got {len(value)}", key)
            return None
        return value

    def mapping(self, key: str, shape: str) -> dict | None:
        value = self.doc.meta.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(f"`{key}` must be a mapping {shape}, got {type(value).__name__}", key)
            return None
        return value

    def url(self, key: str) -> str | None:
        value = self.text(key) or None
        if value and not is_web_url(value):
            self.error(f"`{key}` must be an absolute http(s) URL, got {value!r}", key)
            return None
        return value

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in sorted(set(map(str, self.doc.meta)) - allowed):
            self.warn(f"unknown front matter key `{key}` (ignored)", key)


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


def is_mime_type(value: str) -> bool:
    """`type/subtype` (audio/mpeg, audio/x-m4a, video/mp4), no parameters."""
    return bool(_MIME.match(value))


def is_web_url(value: str) -> bool:
    if any(c.isspace() or c in '"<>' for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed [ in the host
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
