"""The rendering context: the Jinja2 environment over the theme chain, links for the base URL,
Markdown for the config, and the site's fixed facts for templates. Everything here follows from
the site config, the base URL and the theme files, which the build salt covers; a page's own
facts come from its inputs (render/kinds)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (BaseLoader, BytecodeCache, Environment, FileSystemLoader, StrictUndefined, TemplateError,
                    TemplateNotFound, TemplateSyntaxError)
from markupsafe import Markup

from generator.errors import Problem, display_path
from generator.model import SiteConfig
from generator.render import structured
from generator.render.markdown import Markdown
from generator.render.urls import Urls
from generator.render.views import time_formatter

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass(frozen=True)
class SiteView:
    """What every template may know of the site: its name and its fixed addresses."""
    title: str
    description: str
    language: str
    base_path: str
    home: str
    people_url: str
    topics_url: str
    search_url: str
    assets: dict[str, str]  # asset name -> versioned URL (style.css -> /assets/style.css?v=…)


@dataclass(frozen=True)
class RenderContext:
    """Everything a page renders with besides its inputs."""
    config: SiteConfig
    urls: Urls
    md: Markdown
    statics: dict[str, Path]  # asset name -> theme file
    site: SiteView
    env: Environment
    memo: dict = dataclasses.field(default_factory=dict, compare=False)  # pure results by their text (summaries)

    def without_theme(self) -> "RenderContext":
        """This context with nothing that follows from the theme, for the kinds salted without it
        (PageKind.uses_theme False): a template or a theme file asked for fails loudly instead of
        leaving their files stale after a theme edit. Made once per context."""
        bare = self.memo.get(_WITHOUT_THEME)
        if bare is None:
            urls = _NoAssetUrls(self.urls.base_url)
            site = dataclasses.replace(self.site, assets={})
            bare = RenderContext(self.config, urls, self.md, {}, site, Environment(loader=_NoTemplates()), self.memo)
            self.memo[_WITHOUT_THEME] = bare
        return bare


_WITHOUT_THEME = object()  # RenderContext.memo's key for its themeless twin


class _NoTemplates(BaseLoader):
    def get_source(self, environment, template):
        raise TemplateNotFound(f"{template} (a page kind with uses_theme = False renders without the theme)")


class _NoAssetUrls(Urls):
    def asset(self, name: str) -> str:
        raise LookupError(f"assets/{name}: a page kind with uses_theme = False cannot link the theme's files")


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept for the life of the process, keyed by Jinja2 on the template's name
    and source checksum: `serve` rebuilds (and render workers) skip compiling what did not change.

    With a folder (`keep_compiled_templates_in`, which every build gives: compiled templates are
    checked against their source, so `--no-cache` needs no exception), they are also kept there
    between processes: a one-page rebuild would otherwise spend about as long compiling its
    templates as rendering. Jinja2 checks each file's source checksum and its own and Python's
    versions when reading it; the folder is named by the generator's code (the Environment's
    options live there), so no other version's code is ever used."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self.folder: Path | None = None

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
        elif self.folder is not None:
            try:
                with open(self.folder / f"{bucket.key}.jinja", "rb") as f:
                    bucket.load_bytecode(f)  # left empty unless the checksum is this source's
            except Exception:  # noqa: BLE001 - a damaged file is only a template compiled again
                bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = code = bucket.bytecode_to_string()
        if self.folder is not None:
            path = self.folder / f"{bucket.key}.jinja"
            tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                tmp.write_bytes(code)
                os.replace(tmp, path)
            except OSError:  # only slower next time
                tmp.unlink(missing_ok=True)


_COMPILED = _CompiledTemplates()


def keep_compiled_templates_in(cache_folder: Path | None, code: str) -> None:
    """Keep compiled templates under cache_folder too (None: in memory only, as after a build),
    in a folder for this version of the code (`code`: the generator's fingerprint); other
    versions' folders there are removed."""
    if cache_folder is None:
        _COMPILED.folder = None
        return
    folder = cache_folder / f"templates-{code[:16]}"
    for old in cache_folder.glob("templates-*") if cache_folder.is_dir() else ():
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    _COMPILED.folder = folder


def static_files(theme_dirs: list[Path]) -> dict[str, Path]:
    """Site-relative name under assets/ -> file; the first theme folder that has a file wins."""
    found: dict[str, Path] = {}
    for theme in theme_dirs:
        root = Path(theme) / "static"
        if not root.is_dir():
            continue
        for f in sorted(root.rglob("*")):
            rel = f.relative_to(root).as_posix()
            if f.is_file() and not any(part.startswith(".") for part in f.relative_to(root).parts):
                found.setdefault(rel, f)
    return dict(sorted(found.items()))


def make_context(config: SiteConfig, base_url: str, theme_dirs: list[Path]) -> RenderContext:
    statics = static_files(theme_dirs)
    versions = {rel: hashlib.sha256(f.read_bytes()).hexdigest()[:10] for rel, f in statics.items()}
    urls = Urls(base_url, versions)
    md = Markdown(allow_html=config.allow_html, base_path=urls.base_path)
    env = Environment(loader=FileSystemLoader([str(Path(d) / "templates") for d in theme_dirs]),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, bytecode_cache=_COMPILED)
    env.filters.update(markdown=lambda text, min_heading=2: md.render(text or "", min_heading=min_heading),
                       plain=md.text, date_long=date_long, duration=duration_words, iso_duration=iso_duration,
                       time=lambda s, long=False: time_formatter(long)(int(s)))
    site = SiteView(config.title, config.description, config.language, urls.base_path, urls.home,
                    urls.path("people/"), urls.path("topics/"), urls.path("search/"),
                    {rel: urls.asset(rel) for rel in statics})
    return RenderContext(config, urls, md, statics, site, env)


def html_page(ctx: RenderContext, template: str, rel_dir: str | None, *, title: str, description: str = "",
              kind: str, noindex: bool = False, card: structured.Card | None = None, jsonld: Markup | None = None,
              **views) -> bytes:
    """An HTML template rendered with `page` (this page's head facts), `site` and the page's views.
    `card`: the og:image (None: the theme's default card); `jsonld`: from `structured`, escaped."""
    urls = ctx.urls
    page = {"title": title, "description": " ".join(description.split()), "kind": kind, "noindex": noindex,
            "rel": rel_dir, "url": urls.path(rel_dir) if rel_dir is not None else None,
            "canonical": urls.abs(rel_dir) if rel_dir is not None else None,
            "card": card or structured.default_card(urls, ctx.statics, ctx.config.title), "jsonld": jsonld}
    return ctx.env.get_template(template).render(page=page, site=ctx.site, **views).encode("utf-8")


def template_problem(e: TemplateError, what: str) -> Problem:
    """Where in which template a Jinja2 error happened, as `path:line: message`."""
    if isinstance(e, TemplateSyntaxError):
        return Problem(display_path(Path(e.filename)) if e.filename else str(e.name or "template"), e.lineno,
                       f"template error: {e.message}")
    if isinstance(e, TemplateNotFound):
        return Problem("themes", None, f"template not found: {e.name} ({what})")
    path, line = None, None
    tb = e.__traceback__
    while tb is not None:  # Jinja2 rewrites tracebacks: template frames carry the template's file and line
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".j2")):
            path, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return Problem(display_path(Path(path)) if path else "themes", line, f"template error: {e} ({what})")


def date_long(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def duration_words(seconds: int | None) -> str:
    if seconds is None:
        return ""
    h, m = seconds // 3600, round(seconds % 3600 / 60)
    if m == 60:
        h, m = h + 1, 0
    if h and m:
        return f"{h} h {m} min"
    return f"{h} h" if h else f"{max(m, 1)} min"


def iso_duration(seconds: int | None) -> str:
    return "" if seconds is None else structured.iso_duration(seconds)
