"""A podcast directory's listing page: a show header, repeated episode blocks, an "About" footer.

Shape: each episode block has a title and a date line (the anchor this parser finds blocks by:
a date, often with a duration, episode number or label, in any of the usual forms and in
English, German, French, Spanish, Italian, Portuguese or Dutch), then description lines,
chapter lines and sometimes a `Transcript` section of `HH:MM:SS Speaker Name: text` lines with
untimed continuation lines. The title sits above the date line (the seeds' layout) or below it;
which one is read from the repetition itself: the layout whose title candidates look like
titles in most blocks wins. Between them may sit what directories scatter around a block
(a bullet or line repeating the show's name, button labels such as `Play` or `Abspielen`,
a literal `undefined` left by a page's script, a duration line): never a title, never text.

Modules: `lines` (the shapes of single lines: date lines, durations, titles, headings),
`blocks` (finding the episode blocks), `body` (a block's description, chapters and transcript),
`page` (detect, near_miss, parse, and the show header and footer around the blocks).
"""
from __future__ import annotations

from generator.importers.listing.page import FORMAT, detect, near_miss, parse

__all__ = ["FORMAT", "detect", "near_miss", "parse"]
