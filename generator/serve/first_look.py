"""The edited page first: when an editor saves an episode, `serve` renders that episode's page
from the library of the last build with the saved episode put in, publishes them and
reloads the page, then runs the full build (which brings the pages that merely list the episode,
and corrects the first look if the edit changed what the episode's page shows of others).

The first look is a guess that the full build checks: it is taken only when the saved files are
episodes the last build had at the same URL, each valid on its own and naming known people and
shows, and when every file it would write is already in the live site (it never adds or removes
files, so the build cache's list of the site's files stays true). Otherwise serve goes straight
to the full build. The build cache takes the first look's pages with the keys of the inputs
they were rendered from (true whatever the full build finds), and its copy on disk is forgotten,
so a serve stopped before the full build starts cold next time. Should the full build fail (the
edit broke something only the whole site shows), the page stays as its first look showed it,
under the list of errors.
"""
from __future__ import annotations

import copy
import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from generator import output
from generator.content.loader import load_file
from generator.incremental import BuildCache
from generator.library import Library
from generator.output.version import NewVersion
from generator.render.context import RenderContext
from generator.render.inputs import Index
from generator.render.digest import Digest
from generator.render.kinds import KINDS, Page, make_page, render
from generator.render.spec import Salt
from generator.slugs import is_slug

# what the editor looks at: the episode's page (its index.html and index.md). Its chapters and
# transcript files (caption cues take as long as the page) come with the full build.
FIRST_KINDS = ("episode",)


@dataclass
class FirstLook:
    pages: list[tuple[Page, list[str]]]  # the edited episodes' pages, keyed as a build keys them, and their files
    outputs: dict[str, bytes]  # those files


def episode_edits(paths: set[str], content: Path, lib: Library,
                  drafts: bool) -> tuple[Library, set[tuple[str, str]]] | None:
    """The last build's library with the saved episodes put in, and their keys; None when a first
    look would be a guess too far (see the module's doc)."""
    shows_dir = content.absolute() / "shows"
    episodes, keys = dict(lib.episodes), set()
    for raw in paths:
        path = Path(raw)
        if path.suffix != ".md" or path.name.startswith("_") or path.parent.parent != shows_dir:
            return None
        record = load_file(path, "episode")
        ep = record.obj
        if ep is None or any(p.severity == "error" for p in record.problems):
            return None
        old = lib.episodes.get(ep.key)
        if old is None or old.path is None or Path(old.path).absolute() != path or ep.undated or (ep.draft and not drafts):
            return None
        show = lib.shows.get(ep.show)
        if show is None:
            return None
        ep = copy.copy(ep)  # as the loader assembles it: hosts default to the show's
        if not record.hosts_given:
            ep.hosts = list(show.hosts)
        if any(is_slug(slug) and slug not in lib.people for slug in ep.hosts + ep.guests) \
                or any(slug not in lib.people for slug in ep.speakers.values()):
            return None  # the full build reports it
        episodes[ep.key] = ep
        keys.add(ep.key)
    return dataclasses.replace(lib, episodes=episodes), keys


def render_first_look(lib: Library, keys: set[tuple[str, str]], ctx: RenderContext, salt: Salt) -> FirstLook:
    """The pages of the edited episodes, rendered; salt: the last build's (its context is ctx)."""
    index, digest = Index(lib), Digest()
    pages, outputs = [], {}
    for name in FIRST_KINDS:
        kind = KINDS[name]
        for key in kind.specs(lib, index):
            if tuple(key) in keys:
                page = make_page(kind, key, lib, index, digest, salt)
                files = render(page, ctx)
                pages.append((page, sorted(files)))
                outputs.update(files)
    return FirstLook(pages, outputs)


def publish_first_look(out: Path, look: FirstLook, cache: BuildCache) -> list[str] | None:
    """Write the first look's files over a copy of the live site and swap it in; returns the files
    that changed ([] when none did: nothing is published), or None when it cannot be taken."""
    with output.Output(out) as dest:
        live = dest.live
        if live is None or cache.live is None or live.resolve() != cache.live.resolve():
            return None  # someone else built into out: the cache does not describe it
        known = set(cache.outputs)
        if not known or any(rel not in known or not os.path.isfile(live / rel) for rel in look.outputs):
            return None
        with NewVersion(dest, live, patch=True, known=known) as version:
            written, _ = output.write_outputs(version.stage, live, look.outputs)
            if not written:
                return []
            version.complete(written, [], sorted(known), keep_live_index=True)
            cache.forget()  # the cache on disk will not describe the site: a serve killed now starts cold
            version.publish()
        # the live files of these pages are now those of their first look's inputs: a full build
        # whose inputs turn out the same reuses them
        for page, files in look.pages:
            cache.pages[page.spec] = (page.key, files)
        cache.live = dest.live
    return written
