"""shownotes: a static site generator for podcast show notes.

Pipeline stages, one module or sub-package each:
  importers/  seeds/* -> content/ (one parser per source format)
  content/    content model, front matter loader and validation
  library     cross-references computed in named passes over the loaded content
  render/     Jinja2 themes -> HTML pages
  feeds       RSS feeds, chapters/transcript exports, sitemap
  search      Pagefind indexing
  serve       live-reloading preview server
"""
__version__ = "0.1.0"
