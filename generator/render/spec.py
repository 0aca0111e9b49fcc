"""The name of one unit of rendering."""
from __future__ import annotations

from typing import NamedTuple


class PageSpec(NamedTuple):
    """`kind` plus the key that names the page among its kind (slugs, or nothing)."""
    kind: str
    key: tuple[str, ...] = ()
