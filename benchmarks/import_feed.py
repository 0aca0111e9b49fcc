"""Time `shownotes import` of a generated feed (default 1,000 items) as a whole process, over
several runs, each into a fresh content/ folder. Target (issue 8): under 5 s for 1,000 items.

    .venv/bin/python benchmarks/import_feed.py --items 1000 --runs 5 [--with-files]

`--with-files` also puts each item's linked chapters JSON and WebVTT transcript in seeds/
(as a download would), so they are parsed and attached too. Prints every run and the median.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "importers"))
from feedgen import make_feed  # noqa: E402  (the tests' generator: one feed shape for both)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--with-files", action="store_true")
    ap.add_argument("--words", type=int, default=300, help="transcript words per linked VTT")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="shownotes-feed-bench-"))
    try:
        seeds = work / "seeds"
        xml, files = make_feed(a.items, transcript_words=a.words)
        seeds.mkdir()
        (seeds / "feed.xml").write_text(xml, encoding="utf-8")
        if a.with_files:
            for path, data in files.items():
                target = seeds / "media.example.org" / "gen" / path.lstrip("/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        exe = Path(sys.executable).with_name("shownotes")
        times = []
        for run in range(a.runs):
            content = work / f"content-{run}"
            start = time.perf_counter()
            res = subprocess.run([str(exe), "import", "--seeds", str(seeds), "--content", str(content)],
                                 capture_output=True, text=True)
            took = time.perf_counter() - start
            if res.returncode != 0:
                print(res.stderr[-2000:], file=sys.stderr)
                return 1
            episodes = len(list(content.glob("shows/*/[0-9]*.md")))
            times.append(took)
            print(f"run {run + 1}: {took:.2f} s, {episodes} episodes")
        print(f"median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}) over {a.runs} runs; "
              f"{a.items} items{' with linked files' if a.with_files else ''}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
