"""The one way a long text becomes a short one: plain text, cut at a word, with an ellipsis.

Meta descriptions (200 characters), feed items and episode cards (300) and llms.txt all use it."""
from __future__ import annotations

from generator.render.markdown import Markdown


def cut_at_word(text: str, limit: int) -> str:
    """Whitespace collapsed; past `limit`, cut at the last word that fits and end with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def plain_summary(md: Markdown, markdown_text: str, limit: int) -> str:
    """The opening of some Markdown as plain text."""
    return cut_at_word(md.text(markdown_text or ""), limit)


def episode_summary(summary: str, description: str, md: Markdown, limit: int = 300) -> str:
    """An episode's one-line summary when it has one (as written), else its description's opening."""
    return summary or plain_summary(md, description, limit)
