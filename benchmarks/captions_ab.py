"""Caption speed, A against B: the same cues through two checkouts' `generator.captions`, in
alternating processes, with a hash of the bytes (which must be equal). Not run by pytest.

    .venv/bin/python benchmarks/captions_ab.py --dump benchmarks/corpus/e1000 cues.pkl   # once
    .venv/bin/python benchmarks/captions_ab.py cues.pkl /path/to/checkout-a /path/to/checkout-b --rounds 3

Prints, per round and checkout, the median CPU seconds of --repeat passes over every transcript,
and at the end the median ratio B/A.
"""
from __future__ import annotations

import argparse
import pickle
import statistics
import subprocess
import sys
from pathlib import Path

_ONE = """
import gc, hashlib, pickle, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from generator.captions import caption_files
data = pickle.load(open(sys.argv[2], "rb"))
gc.disable()
h = hashlib.sha256()
for cues, duration in data:
    for part in caption_files(cues, duration):
        h.update(part)
times = []
for _ in range(int(sys.argv[3])):
    t = time.process_time()
    for cues, duration in data:
        caption_files(cues, duration)
    times.append(time.process_time() - t)
print(h.hexdigest()[:16], statistics.median(times))
"""


def dump(project: Path, out: Path, every: int) -> None:
    """The cues of every `every`-th timed transcript of a project, as a build makes them."""
    from generator.build import theme_dirs
    from generator.config import load_config
    from generator.content.loader import load_content
    from generator.library import build_library
    from generator.render.anchors import compute_anchors
    from generator.render.context import make_context
    from generator.render.kinds import plan
    from generator.transcripts import transcript_cues
    config, problems = load_config(project / "site.yaml", None)
    if config is None:
        sys.exit("\n".join(map(str, problems)))
    loaded = load_content(project / "content", config, False)
    lib = build_library(config, loaded.shows, loaded.episodes, loaded.people)
    ctx = make_context(config, config.base_url, theme_dirs(project, config.theme)).without_theme()
    data = []
    for page in [p for p in plan(lib) if p.spec.kind == "transcript"][::every]:
        ep = page.inputs.episode()
        data.append((transcript_cues(ep, ctx.md, page.inputs.speakers, compute_anchors(ep)), ep.duration))
    with open(out, "wb") as f:
        pickle.dump(data, f)
    print(f"{out}: {len(data)} transcripts, {sum(len(c) for c, _ in data)} cues")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dump", nargs=2, metavar=("PROJECT", "OUT"), help="write the cues of a project's transcripts")
    ap.add_argument("--every", type=int, default=12, help="with --dump: every N-th transcript (default 12)")
    ap.add_argument("cues", nargs="?")
    ap.add_argument("checkouts", nargs="*")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.dump:
        dump(Path(args.dump[0]), Path(args.dump[1]), args.every)
        return
    if not args.cues or len(args.checkouts) != 2:
        ap.error("give the cues file and two checkouts")
    ratios, hashes = [], set()
    for r in range(1, args.rounds + 1):
        got = []
        for checkout in args.checkouts:
            out = subprocess.run([sys.executable, "-c", _ONE, checkout, args.cues, str(args.repeat)],
                                 capture_output=True, text=True, check=True).stdout.split()
            hashes.add(out[0])
            got.append(float(out[1]))
            print(f"round {r}  {checkout}: {float(out[1]):.3f} s  bytes {out[0]}")
        ratios.append(got[1] / got[0])
    print(f"B/A median {statistics.median(ratios):.2f} over {args.rounds} rounds;",
          "same bytes" if len(hashes) == 1 else "DIFFERENT BYTES")
    if len(hashes) != 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
