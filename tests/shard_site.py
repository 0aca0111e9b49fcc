"""The search-shard tests' project (tests/pipeline/test_search_shards.py and the browser test
tests/browser/test_search_across_shards.py): the fixture site plus four episodes, each the only
one to say its word, so which shard holds a word is known from the episode's year."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
WORDS = {"2024-05-01": "quokkaverse", "2024-09-12": "brindlewhorl", "2025-02-03": "zephyrquill",
         "2025-11-20": "marmalith"}


def episode_md(title: str, date: str, word: str) -> str:
    filler = " ".join(["We kept talking about registers, caches and the allocator for a long while."] * 40)
    return f"""---
title: "{title}"
date: {date}
duration: "0:20:00"
guests: [grace-guest]
summary: {title}, with Grace.
transcript_timing: exact
---
Notes on {title.lower()}.

## Transcript

[00:10] **Ada Host:** Welcome back, Grace. {filler}

[05:00] **Grace Guest:** The word of the day is {word}. {filler}

[10:00] **Ada Host:** Thanks for coming.
"""


def make_project(dest: Path) -> Path:
    """The fixture site and the theme copied to dest, with the four word episodes."""
    shutil.copytree(FIXTURE, dest)
    shutil.copytree(ROOT / "themes", dest / "themes")
    show = dest / "content" / "shows" / "signal-and-noise"
    for date, word in WORDS.items():
        (show / f"{date}-the-{word}-episode.md").write_text(episode_md(f"The {word} episode", date, word),
                                                            encoding="utf-8")
    return dest
