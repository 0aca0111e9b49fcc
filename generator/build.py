"""`shownotes build` and `shownotes check`: load and validate everything, then render and
write (two phases), so invalid content never touches the previous site."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from generator import output
from generator.config import load_config
from generator.content import load_content
from generator.errors import Problem
from generator.library import Library, build_library
from generator.model import SiteConfig
from generator.progress import Progress


@dataclass
class BuildResult:
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    written: int = 0
    reused: int = 0
    library: Library | None = None
    outputs: dict[str, bytes] | None = None


def theme_dirs(project: Path, theme: str) -> list[Path]:
    """The theme's folder first, then the default theme: a site theme overrides single files."""
    builtin = Path(__file__).resolve().parent.parent / "themes" / "default"
    chain = [project / "themes" / theme, project / "themes" / "default", builtin]
    return list(dict.fromkeys(p.resolve() for p in chain if p.is_dir()))


def load_site(config_path: Path, content: Path, base_url: str | None, drafts: bool,
              progress: Progress) -> tuple[SiteConfig | None, Library | None, list[Problem]]:
    """Phase one: config, content, validation, cross-references. No writes."""
    with progress.stage("load"):
        config, problems = load_config(config_path, base_url)
        if config is None or any(p.severity == "error" for p in problems):
            return config, None, problems
        loaded = load_content(content, config, drafts)
        problems += loaded.problems
    if loaded.errors:
        return config, None, problems
    with progress.stage("xref"):
        library = build_library(config, loaded.shows, loaded.episodes, loaded.people)
    return config, library, problems


def build_site(*, config_path: Path, content: Path, out: Path, base_url: str | None = None, drafts: bool = False,
               search: bool = True, jobs: int | None = None, progress: Progress | None = None) -> BuildResult:
    progress = progress or Progress(enabled=False)
    config, library, problems = load_site(config_path, content, base_url, drafts, progress)
    if library is None:
        return BuildResult(False, problems)
    themes = theme_dirs(config_path.parent, config.theme)
    if not (config_path.parent / "themes" / config.theme).is_dir() and config.theme != "default":
        return BuildResult(False, problems + [Problem("site.yaml", None, f"theme: no folder themes/{config.theme}")])
    from generator.render import render_site  # imported late: `check` never needs Jinja2
    with progress.stage("render"):
        outputs = render_site(library, config.base_url, themes, jobs=jobs or 1)
        outputs.update(_publishing_files(config))
    with progress.stage("write"):
        stage = output.staging_dir(out)
        try:
            written, reused = output.write_outputs(stage, out.resolve(), outputs)
            if search:
                _index(stage, out.resolve(), written, progress)
            output.swap_into_place(stage, out)
        except BaseException:
            output.discard(stage)
            raise
    pages = sum(1 for rel in outputs if rel.endswith(".html"))
    return BuildResult(True, problems, pages, written, reused, library, outputs)


def _index(stage: Path, previous: Path, written: int, progress: Progress) -> None:
    from generator.search import index_site
    old_index = previous / "pagefind"
    if written == 0 and old_index.is_dir():
        output.link_tree(old_index, stage / "pagefind")  # same pages, same index
        return
    with progress.stage("search"):
        index_site(stage)


def _publishing_files(config: SiteConfig) -> dict[str, bytes]:
    """GitHub Pages: .nojekyll always (folders like _show would be dropped), CNAME on request."""
    files = {".nojekyll": b""}
    if config.cname:
        files["CNAME"] = (config.cname.strip() + "\n").encode()
    return files


def report(problems: list[Problem], stream=None) -> None:
    stream = stream or sys.stderr
    for p in sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line or 0, p.message)):
        print(p, file=stream)


def run_build(args) -> int:
    from generator.search import SearchIndexError
    progress = Progress()
    try:
        result = build_site(config_path=args.config, content=args.content, out=args.out, base_url=args.base_url,
                            drafts=args.drafts, search=not args.no_search, jobs=args.jobs, progress=progress)
    except SearchIndexError as e:
        progress.clear()
        print(f"error: {e}; the previous site is untouched", file=sys.stderr)
        return 1
    except OSError as e:
        progress.clear()
        print(f"error: could not write {args.out}: {e.strerror or e}; the previous site is untouched", file=sys.stderr)
        return 1
    progress.clear()
    report(result.problems)
    if not result.ok:
        errors = sum(1 for p in result.problems if p.severity == "error")
        print(f"build failed: {errors} error(s); {args.out} was not changed", file=sys.stderr)
        return 1
    print(f"built {result.pages} pages ({result.written} files written, {result.reused} unchanged) into {args.out} "
          f"in {progress.total:.2f}s {progress.summary()}")
    return 0


def run_check(args) -> int:
    config, library, problems = load_site(args.config, args.content, None, args.drafts, Progress(enabled=False))
    report(problems)
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        print(f"check failed: {errors} error(s)", file=sys.stderr)
        return 1
    warnings = len(problems) - errors
    n = len(library.episodes) if library else 0
    print(f"content OK: {_count(n, 'episode')}, {_count(len(library.shows), 'show')}, "
          f"{_count(len(library.people), 'person', 'people')}"
          + (f", {_count(warnings, 'warning')}" if warnings else ""))
    return 0


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"
