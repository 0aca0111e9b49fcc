"""Prose and values: sentences, URLs in text, list items, and the values content files accept
(web URLs, guids)."""
from __future__ import annotations

import re

from generator.content.checks import MAX_GUID, is_web_url
from generator.importers.text.lines import clean


# ---------------------------------------------------------------- prose

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(clean(text)) if s.strip()]


def first_sentences(text: str, limit: int = 300) -> str:
    """One sentence, or two when the first is short: what a card or feed needs."""
    parts = sentences(text)
    if not parts:
        return ""
    out = parts[0]
    if len(out) < 120 and len(parts) > 1 and len(out) + 1 + len(parts[1]) <= limit:
        out += " " + parts[1]
    return out


URL_RE = re.compile(r"\bhttps?://[^\s<>()\"']+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[^\s<>()\"']*)?", re.I)


def find_url(text: str) -> str | None:
    m = URL_RE.search(text)
    if not m:
        return None
    url = m.group(0).rstrip(".,;:!?")
    return url if url.lower().startswith("http") else "https://" + url


LIST_ITEM = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+(?P<text>\S.*)$")


def item_text(line: str) -> str:
    """A list line's text without its bullet or number; any other line as it is."""
    m = LIST_ITEM.match(line)
    return m.group("text") if m else line


# ---------------------------------------------------------------- values content files accept


def web_url(value) -> str | None:
    """An absolute http(s) URL as `check` accepts it (stripped), else None."""
    return value.strip() if isinstance(value, str) and is_web_url(value.strip()) else None


def guid_value(value) -> str | None:
    """A guid as `check` accepts it: text or a number, one line, not empty, at most MAX_GUID characters."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    value = str(value).strip()
    return value if value and "\n" not in value and "\r" not in value and len(value) <= MAX_GUID else None
