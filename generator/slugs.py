"""Slugs: lowercase ASCII words joined by `-` (DESIGN §4)."""
from __future__ import annotations

import re

from slugify import slugify as _slugify

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# top-level folders the site itself uses (DESIGN §4): no show may take one of these slugs
RESERVED_SLUGS = frozenset({"people", "topics", "search", "pagefind", "assets", "feed", "404"})


def slugify(text: str, max_length: int = 80) -> str:
    # apostrophes join the word ("NVIDIA's" -> "nvidias"), everything else separates
    text = re.sub(r"[’'`]", "", str(text))
    return _slugify(text, max_length=max_length, word_boundary=True, lowercase=True) or "untitled"


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(str(text)))
