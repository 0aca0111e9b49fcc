"""Render stage: the Library through a Jinja2 theme chain into every output file of the site.

    from generator.render import render_site
    outputs = render_site(lib, base_url, [themes/<site.theme>, themes/default])   # {"index.html": b"...", ...}

Per-page API for parallel or cached builds: `list_pages(lib)`, `make_env(lib, base_url, theme_dirs)`,
`render_page(lib, spec, env)`.
"""
from generator.render.site import PageSpec, list_pages, make_env, render_page, render_site

__all__ = ["PageSpec", "list_pages", "make_env", "render_page", "render_site"]
