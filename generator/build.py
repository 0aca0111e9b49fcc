"""`shownotes build` and `shownotes check`: load and validate everything, then render and
write (two phases), so invalid content never touches the previous site."""
from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator import output
from generator.config import load_config
from generator.content import load_content
from generator.content.loader import Loaded, content_files, content_root_problem
from generator.errors import ContentErrors, Problem, is_link_loop
from generator.incremental import (BuildCache, build_salt, cache_path, generator_fingerprint, inputs_fingerprint,
                                   stat_fingerprint)
from generator.library import Library, build_library, related_memo
from generator.model import SiteConfig
from generator.progress import Progress
from generator.output.version import NewVersion
from generator.render.context import keep_compiled_templates_in
from generator.render.spec import Salt
from generator.render_pool import default_jobs, render_and_write


PATCH_MAX_PAGES = 200  # rebuilds touching more pages than this (or a tenth of them) get a fresh copy


@dataclass
class BuildResult:
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    written: int = 0
    reused: int = 0
    library: Library | None = None
    rendered: int = 0  # pages rendered (the rest were unchanged)
    up_to_date: bool = False  # nothing changed: the previous site was kept as it is
    changed: list[str] | None = None  # files that differ from the previous site (None: not known)
    cache: BuildCache | None = None  # the build cache as saved: `serve` hands it to its next build


def theme_dirs(project: Path, theme: str) -> list[Path]:
    """The theme's folder first, then the default theme: a site theme overrides single files."""
    builtin = Path(__file__).resolve().parent.parent / "themes" / "default"
    chain = [project / "themes" / theme, project / "themes" / "default", builtin]
    return list(dict.fromkeys(p.resolve() for p in chain if p.is_dir()))


def load_site(config_path: Path, content: Path, base_url: str | None, drafts: bool, progress: Progress,
              cache: BuildCache | None = None) -> tuple[SiteConfig | None, Library | None, list[Problem], Loaded | None]:
    """Phase one: config, content, validation, cross-references. No writes."""
    config, problems = load_config(config_path, base_url)
    if config is None or any(p.severity == "error" for p in problems):
        return config, None, problems, None
    library, more, loaded = _load_library(config, content, drafts, progress, cache)
    return config, library, problems + more, loaded


def _load_library(config: SiteConfig, content: Path, drafts: bool, progress: Progress,
                 cache: BuildCache | None = None) -> tuple[Library | None, list[Problem], Loaded]:
    """Content, validation and cross-references for a loaded config; no Library if anything is wrong."""
    with progress.stage("load"):
        loaded = load_content(content, config, drafts, cached=cache.cached_record if cache else None)
    if loaded.errors:
        return None, loaded.problems, loaded
    with progress.stage("xref"):
        library = build_library(config, loaded.shows, loaded.episodes, loaded.people,
                                related_known=cache.related if cache else None)
    return library, loaded.problems, loaded


def build_site(*, config_path: Path, content: Path, out: Path, base_url: str | None = None, drafts: bool = False,
               search: bool = True, jobs: int | None = None, progress: Progress | None = None,
               reuse_search: bool = False, use_cache: bool = True, cache: BuildCache | None = None,
               cancel: Callable[[], bool] | None = None) -> BuildResult:
    """Build content into out. With use_cache, unchanged files are not parsed again and unchanged
    pages not rendered again (their files are linked from the previous site); the bytes are the
    same as a cold build's. out is published atomically (generator/output/): it is the old
    site or the new one at every instant, even if the build is killed.

    reuse_search (with search=False): hard-link the previous site's pagefind/ into the new site, so search
    keeps working until the caller refreshes the index (`serve` does, in the background).

    cache: the BuildCache the previous build into out returned (`serve` keeps it in memory
    instead of reading it again), valid while that build's version is the live one. cancel: asked
    between stages; when it says True the build stops with Superseded and nothing changes."""
    dest = output.Output(out)
    progress = progress or Progress(enabled=False)
    if cancel is not None:
        progress.on_stage = lambda name: _stop_if(cancel)
    try:
        return _build_site(dest, config_path=config_path, content=content, out=out, base_url=base_url, drafts=drafts,
                           search=search, jobs=jobs, progress=progress, reuse_search=reuse_search,
                           use_cache=use_cache, warm=cache)
    finally:
        progress.on_stage = None
        gc.unfreeze()  # collectable again (serve builds again and again in one process)
        dest.close()


class Superseded(Exception):
    """A build stopped because newer changes made it pointless (`serve`); the site is unchanged."""


def _stop_if(cancel: Callable[[], bool]) -> None:
    if cancel():
        raise Superseded()


def _build_site(dest: output.Output, *, config_path: Path, content: Path, out: Path, base_url: str | None,
                drafts: bool, search: bool, jobs: int | None, progress: Progress, reuse_search: bool,
                use_cache: bool, warm: BuildCache | None) -> BuildResult:
    """The recipe: config → load → xref → plan pages → render the changed ones → publish."""
    project = config_path.parent
    if problem := _unbuildable(content, out, project):
        return BuildResult(False, [problem])
    config, problems = load_config(config_path, base_url)
    if config is None or any(p.severity == "error" for p in problems):
        return BuildResult(False, problems)
    dest.open()  # one build at a time into out; removes what killed builds left there, and says so
    if dest.restored or dest.removed:
        print(output.cleanup_note(dest), file=sys.stderr, flush=True)
    previous = dest.live or dest.link  # the site as it is now (a path that does not exist when there is none)
    cache = _the_cache(warm, project, out, previous, use_cache)
    themes = theme_dirs(project, config.theme)
    salt = build_salt(config, themes, drafts)
    if use_cache and _up_to_date(cache, salt, content, previous, search or reuse_search):
        cache.live, cache.salt = dest.live, salt
        return BuildResult(True, problems, up_to_date=True, changed=[], cache=cache)
    with _collector_paused():
        library, more, loaded = _load_library(config, content, drafts, progress, cache if use_cache else None)
        problems += more
        if library is None:
            return BuildResult(False, problems)
        plan = _plan(library, salt, cache, previous, use_cache, search, progress)
        gc.freeze()  # the content stays to the end of the build: the collector need not walk it again and again
    keep_compiled_templates_in(cache.path.parent if cache.path else None, generator_fingerprint())
    try:
        files, every_file, written, reused, changed = _render_and_publish(dest, plan, cache, config, themes, previous,
                                                                          search, reuse_search, jobs, progress)
    except ContentErrors as e:  # a broken template, named by file and line
        return BuildResult(False, problems + e.problems)
    finally:
        keep_compiled_templates_in(None, "")  # this project's folder, for this build only
    _remember(cache, plan, files, every_file, loaded, library, salt, search, reuse_search)
    cache.live, cache.salt = dest.live, salt
    pages = sum(1 for rels in files.values() for rel in rels if rel.endswith(".html"))
    return BuildResult(True, problems, pages, len(written), reused, library, rendered=len(plan.to_render),
                       changed=changed, cache=cache if use_cache else None)


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while loading and planning. They make the ~130,000 objects the
    build keeps (a cache's records are unpickled in one go) and few cycles (about 12,000 objects in
    a cold build at 1,000 episodes, collectable once the build is over): collecting meanwhile only
    walks them again and again, a tenth of a one-edit rebuild."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _the_cache(warm: BuildCache | None, project: Path, out: Path, previous: Path, use_cache: bool) -> BuildCache:
    """The cache handed over by the caller when it describes this folder's live version, else the one on disk."""
    path = cache_path(project, out)
    if not use_cache:
        return BuildCache(path)
    if warm is not None and warm.path == path and warm.live is not None and previous.is_dir() \
            and previous.resolve() == warm.live.resolve():
        return warm
    return BuildCache.load(path)


@dataclass
class Plan:
    """Every page with its key, split into the ones to render and the ones whose files are reused."""
    pages: list  # render.kinds.Page
    to_render: list
    unchanged: dict  # spec -> its files in the live site
    patch: bool  # a small change to a site whose files the cache knows: patch a copy of it
    known: set[str] | None  # the live site's files, when the cache knows them


def _plan(library: Library, salt: Salt, cache: BuildCache, previous: Path, use_cache: bool, search: bool,
          progress: Progress) -> Plan:
    from generator.render.kinds import plan  # imported late: `check` never needs Jinja2
    with progress.stage("plan"):
        pages = plan(library, salt)
    # a cache kept in memory since it published the live version knows its files are there
    trusted = cache.live is not None and previous.is_dir() and cache.live.resolve() == previous.resolve()
    unchanged = {p.spec: cache.pages[p.spec][1] for p in pages if _reusable(cache, p.spec, p.key, previous, trusted)}
    to_render = [p for p in pages if p.spec not in unchanged]
    patch = (use_cache and previous.is_dir() and bool(cache.outputs)
             and len(to_render) <= max(PATCH_MAX_PAGES, len(pages) // 10))
    known = set(cache.outputs) if use_cache and cache.outputs and previous.is_dir() else None
    return Plan(pages, to_render, unchanged, patch, known)


def _render_and_publish(dest: output.Output, plan: Plan, cache: BuildCache, config: SiteConfig, themes: list[Path],
                        previous: Path, search: bool, reuse_search: bool, jobs: int | None, progress: Progress):
    """Render the changed pages into a new version, bring in the rest, index, publish."""
    with NewVersion(dest, previous, patch=plan.patch, known=plan.known) as version:
        with progress.stage("render"):
            files, written, reused = render_and_write(plan.to_render, config, config.base_url, themes, version.stage,
                                                      previous, jobs or 1, progress)
        with progress.stage("write"):
            files.update(plan.unchanged)
            publishing = _publishing_files(config)
            w, r = output.write_outputs(version.stage, previous, publishing)
            written, reused = written + w, reused + r
            every_file = sorted({rel for rels in files.values() for rel in rels} | set(publishing))
            unchanged = [rel for rels in plan.unchanged.values() for rel in rels]
            # a patched copy of the live site keeps its index: a search run then indexes what changed
            reused += version.complete(written, unchanged, every_file, keep_live_index=reuse_search or search)
        if search:
            scanned = cache.path.with_suffix(".scan.json") if cache.path else None
            version.same_index = _index(version.stage, previous, len(written), progress, scanned)
        elif reuse_search and not plan.patch:
            version.keep_index()
        with progress.stage("publish"):
            cache.forget()  # the site is about to change: a build killed now starts cold next time
            progress.on_stage = None  # past the point of no return: not cancelled any more
            version.publish()
    changed = None if plan.known is None else sorted(set(written) | set(version.removed)) + (
        [] if version.same_index else ["pagefind/"])
    return files, every_file, written, reused, changed


def _remember(cache: BuildCache, plan: Plan, files: dict, every_file: list[str], loaded: Loaded, library: Library,
              salt: Salt, search: bool, reuse_search: bool) -> None:
    cache.pages = {p.spec: (p.key, files[p.spec]) for p in plan.pages}
    cache.outputs = every_file
    cache.remember_files(loaded.records)
    cache.inputs = inputs_fingerprint(salt.themed, loaded.records, search or reuse_search)
    cache.search = search
    cache.related = related_memo(library)
    _save_quietly(cache)


def _unbuildable(content: Path, out: Path, project: Path) -> Problem | None:
    if is_link_loop(content):  # cannot be resolved (unsafe_output would try): say so, as check does
        return content_root_problem(content)
    return unsafe_output(out, project, content)


def unsafe_output(out: Path, project: Path, content: Path) -> Problem | None:
    """A build replaces its output folder whole: never let that folder be the sources."""
    target = out.resolve()
    sources = [project.resolve(), content.resolve(), (project / "themes").resolve(), (project / "seeds").resolve()]
    for source in sources:
        if target == source or target in source.parents or (source != project.resolve() and source in target.parents):
            return Problem(str(out), None, f"refusing to build into {out}: it holds or is inside the site's sources "
                                           f"({source}); choose another --out")
    if target.is_dir() and any(target.iterdir()) and not ((target / ".nojekyll").exists() or (target / "index.html").exists()):
        return Problem(str(out), None, f"refusing to replace {out}: it is not empty and is not a site built by "
                                       "shownotes; choose another --out or remove it")
    return None


def _up_to_date(cache: BuildCache, salt: Salt, content: Path, previous: Path, search: bool) -> bool:
    """Nothing changed since the last build into this folder, and that build is still there."""
    if not cache.inputs or not previous.is_dir() or (search and not (previous / "pagefind").is_dir()):
        return False
    paths = [p for p, _ in content_files(content)] if content.is_dir() else []
    if stat_fingerprint(salt.themed, cache, paths, search) != cache.inputs:
        return False
    return _all_there(previous, [rel for _, rels in cache.pages.values() for rel in rels])


def _reusable(cache: BuildCache, spec, key: str, previous: Path, trusted: bool = False) -> bool:
    """The page's key is the one its files in the live site were made with, and they are there."""
    entry = cache.pages.get((spec.kind, spec.key))
    return entry is not None and entry[0] == key and (trusted or _all_there(previous, entry[1]))


def _all_there(previous: Path, rels: list[str]) -> bool:
    """Every file is in the previous site (os.path: thousands of checks, pathlib doubles their cost)."""
    base = os.path.join(previous, "")
    return all(os.path.isfile(base + rel) for rel in rels)


def _save_quietly(cache: BuildCache) -> None:
    try:
        cache.save()
    except OSError as e:  # a read-only project still builds; it just cannot remember
        print(f"warning: could not save the build cache: {e.strerror or e}", file=sys.stderr)


def _index(stage: Path, previous: Path, written: int, progress: Progress, scanned: Path | None) -> bool:
    """Index stage; True when that is the previous index (same pages), linked. Otherwise only the
    search shards whose pages changed are indexed again; the others are linked from previous.
    scanned: where what each page was found to be is kept, by inode, size and mtime, so that the
    pages linked from the live site are not read again (as `serve` does)."""
    from generator.search import index_site
    old_index = previous / "pagefind"
    if written == 0 and old_index.is_dir():
        if not (stage / "pagefind").exists():  # (a patched copy of the live site has it already)
            output.link_tree(old_index, stage / "pagefind")  # same pages, same index
        return True
    report = index_site(stage, previous if old_index.is_dir() else None, progress,  # in its "search" stage
                        scan_cache=scanned)
    return report.unchanged


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
                            drafts=args.drafts, search=not args.no_search, jobs=args.jobs or default_jobs(),
                            progress=progress, use_cache=not args.no_cache)
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
    if result.up_to_date:
        print(f"built nothing: {args.out} is up to date ({progress.total:.2f}s)")
        return 0
    print(f"built {result.pages} pages ({result.rendered} rendered, {result.written} files written, "
          f"{result.reused} unchanged) into {args.out} in {progress.total:.2f}s {progress.summary()}")
    return 0


def run_check(args) -> int:
    config, library, problems, _ = load_site(args.config, args.content, None, args.drafts, Progress(enabled=False))
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
