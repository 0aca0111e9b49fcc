"""shownotes: a static site generator for podcast show notes.

Pipeline stages, one module or sub-package each:
  importers/  seeds/* -> content/ (one parser per source format)
  content/    content model, front matter loader and validation
  library     cross-references computed in named passes over the loaded content
  render/     page kinds (render/kinds): each lists its pages, their inputs (the cache key) and
              renders them with the theme's Jinja2 templates from views
  feeds       RSS feeds, chapters.json, sitemap, robots.txt (xml_writer: the XML they are written with)
  transcripts, captions   transcript.json, and WebVTT/SRT captions
  incremental, render_pool   the build cache, and rendering in parallel processes
  output/     versioned site folders published atomically (patch or swap: output/version.py)
  build       the recipe: config -> load -> xref -> plan pages -> render changed -> publish
  search      Pagefind indexing
  serve/      live-reloading preview server
"""
__version__ = "0.1.0"
