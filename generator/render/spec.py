"""The name of one unit of rendering, and the salt of its key."""
from __future__ import annotations

from typing import NamedTuple


class Salt(NamedTuple):
    """What a page's key carries besides its inputs: everything a build renders with (the code, the
    theme's files, the site config, drafts or not), and the same without the theme, for the kinds
    whose files never depend on it (PageKind.uses_theme): a theme edit leaves those alone."""
    themed: str = ""
    theme_free: str = ""

    def of(self, uses_theme: bool) -> str:
        return self.themed if uses_theme else self.theme_free


class PageSpec(NamedTuple):
    """`kind` plus the key that names the page among its kind (slugs, or nothing)."""
    kind: str
    key: tuple[str, ...] = ()
