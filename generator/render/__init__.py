"""The render stage: Library -> every output file of the site.

- render/kinds: the registry of page kinds (plan the pages with their inputs and keys; render one);
- render/context.py: the Jinja2 environment, links and Markdown of one site config and theme;
- render/inputs.py, views.py, episode_view.py: what pages are made from, and what templates get;
- render/site.py: `render_site(lib, base_url, theme_dirs)`, the whole site in memory.

Nothing is imported here, so `generator.render.anchors` or `.urls` can be used (by feeds, or by
`check`, which never needs Jinja2) without loading the rest.
"""
from __future__ import annotations


def __getattr__(name: str):
    if name == "render_site":
        from generator.render.site import render_site
        return render_site
    raise AttributeError(name)
