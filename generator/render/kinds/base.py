"""The shape of a page kind. A kind is one class:

    specs(lib, index)        -> the keys of its pages
    inputs(lib, key, index)  -> a frozen value holding exactly what one page may use
    render(inputs, ctx)      -> {site-relative path: bytes}, from the inputs and the context alone

`render` never sees the Library, so a page cannot show something its key does not cover: the
key is the digest of the inputs (render/digest.py) plus the build salt, which covers the
context (code, theme, config, base URL). A kind whose files never depend on the theme says so
(`uses_theme = False`): its salt leaves the theme out, and it renders with a context without
one (no templates, no theme files, no asset links), so it cannot come to depend on it unnoticed.
tests/render/test_page_kinds.py perturbs every Library field and checks that a page's bytes
change only when its key does.
"""
from __future__ import annotations

from typing import Any, ClassVar

from generator.render.context import RenderContext


class PageKind:
    name: ClassVar[str]
    uses_theme: ClassVar[bool] = True

    def specs(self, lib, index) -> list[tuple[str, ...]]:
        """The keys of this kind's pages; a site-wide kind has one page, key ()."""
        return [()]

    def inputs(self, lib, key: tuple[str, ...], index) -> Any:
        raise NotImplementedError

    def render(self, inputs: Any, ctx: RenderContext) -> dict[str, bytes]:
        raise NotImplementedError
