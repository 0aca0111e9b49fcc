"""The whole site in memory, for tests and small tools:

    outputs = render_site(lib, base_url, theme_dirs)   # {"index.html": b"...", ...}

Builds use render/kinds directly (plan, then render only the pages whose keys changed, in
parallel processes: generator/render_pool.py).
"""
from __future__ import annotations

from pathlib import Path

from generator.library import Library
from generator.render.context import make_context
from generator.render.kinds import plan, render


def render_site(lib: Library, base_url: str, theme_dirs: list[Path]) -> dict[str, bytes]:
    """Every output file of the site, keyed by its path relative to the site root."""
    ctx = make_context(lib.config, base_url, theme_dirs)
    outputs: dict[str, bytes] = {}
    for page in plan(lib):
        for rel, data in render(page, ctx).items():
            if rel in outputs:
                raise ValueError(f"two pages write {rel}")
            outputs[rel] = data
    return dict(sorted(outputs.items()))
