"""Content model loading and validation: content/ -> shows, episodes, people."""
from __future__ import annotations

from pathlib import Path

from generator.content.loader import Loaded, load_content
from generator.errors import Problem
from generator.library import Library, build_library
from generator.model import SiteConfig


def load_library(content: Path, config: SiteConfig, drafts: bool = False) -> tuple[Library | None, list[Problem]]:
    """Load, validate and cross-reference; the Library is None when there are errors."""
    loaded = load_content(content, config, drafts)
    if loaded.errors:
        return None, loaded.problems
    return build_library(config, loaded.shows, loaded.episodes, loaded.people), loaded.problems


__all__ = ["Loaded", "load_content", "load_library"]
