"""One build's new version of the site, behind one interface whichever way it is made:

    with NewVersion(dest, previous, patch=small_change, known=files_of_live_site) as version:
        ...render the changed pages into version.stage...
        version.complete(written, unchanged_files, every_file)
        ...index search into version.stage, or version.keep_index(...)...
        version.publish()

- swap: `stage` is a fresh folder; the unchanged pages' files are hard-linked into it from the
  live site.
- patch (a small change to a site whose files the build cache knows): the pages render into a
  scratch folder whose files are then applied to a copy of the live site (the spare, brought up to
  date), and stale files are removed there. The live index is kept there (`keep_live_index`): a
  build with search then indexes again only the shards whose pages changed, in place of it.

Leaving the block without publishing discards what was made; the live site never changes.
"""
from __future__ import annotations

from pathlib import Path

from generator.output import Output
from generator.output.files import apply, discard, link_files, link_tree, step


class NewVersion:
    def __init__(self, dest: Output, previous: Path, *, patch: bool, known: set[str] | None):
        self.dest, self.previous, self.patch, self.known = dest, previous, patch, known
        self.stage: Path | None = None
        self.written: list[str] = []
        self.removed: list[str] = []
        self.files = 0
        self.same_index = not (previous / "pagefind").exists()  # no index before, none now
        self._extra: Path | None = None
        self._published = False

    def __enter__(self) -> "NewVersion":
        self.stage = self.dest.new_folder()
        return self

    def __exit__(self, *exc) -> None:
        if not self._published:
            self.dest.discard(self.stage)
            self.dest.discard(self._extra)

    def complete(self, written: list[str], unchanged: list[str], every_file: list[str], *,
                 keep_live_index: bool = False) -> int:
        """Bring in the files this build did not write; returns how many were reused. With patch,
        the live index stays when `keep_live_index` (else it is removed, as a build without
        search has none)."""
        self.written, self.files = written, len(every_file)
        self.removed = sorted(self.known - set(every_file)) if self.known is not None else []
        if not self.patch:
            link_files(self.previous, self.stage, unchanged)
            return len(unchanged)
        target = self._extra = self.dest.copy_of_live()
        apply(self.stage, target, written, self.removed)
        self.same_index = keep_live_index or not (target / "pagefind").exists()
        if not self.same_index:
            discard(target / "pagefind")
            step()
        self.dest.discard(self.stage)
        self.stage, self._extra = target, None
        return len(unchanged)

    def keep_index(self) -> None:
        """The live site's search index, hard-linked unchanged (`serve` refreshes it later)."""
        if not self.patch and (self.previous / "pagefind").is_dir():
            link_tree(self.previous / "pagefind", self.stage / "pagefind")
            self.same_index = True

    def publish(self) -> None:
        """Swap the new version in. What differs from the live site is told to the spare journal
        when the build knew the live site's files."""
        differs = None if self.known is None else self.written + self.removed + ([] if self.same_index else ["pagefind/"])
        self.dest.publish(self.stage, differs, files=self.files, spare=not self.patch)
        self._published = True
