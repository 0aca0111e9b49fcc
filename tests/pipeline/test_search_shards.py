"""The search index in shards (generator/search_shards.py, generator/search.py): the plan (by show,
big shows by year, then by size; deterministic, URL-safe names), one Pagefind run per shard, and
incremental indexing: an edited episode re-indexes its shard only, and the result is the index a
cold build makes (the same files, byte for byte, where Pagefind is deterministic; the same search
results, run by Pagefind's own JS in Node, where it is not).

The site is the render fixture plus episodes in other years; shards are made small on purpose."""
from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator import search
from generator.build import build_site
from generator.search import SearchIndexError, index_site
from generator.search_shards import PAGES, SITE, Page, plan_shards, scan_site
from shard_site import WORDS, make_project  # words said in one episode each: their shard is known from its year

NAME = re.compile(r"^[a-z0-9._-]+$")
QUERIES = ["compilers", "grace", "proudest moments", "hardware", *WORDS.values()]


# ------------------------------------------------------------------ the plan, on its own

def _page(rel: str, size: int, show: str | None = None, date: str | None = None) -> Page:
    return Page(rel, size, f"digest-of-{rel}-{size}", show, date)


def _network(shows: int = 3, per_year: int = 6, years=range(2019, 2025)) -> list[Page]:
    pages = [_page(f"people/p{i}/index.html", 3000) for i in range(20)]
    for s in range(shows):
        show = f"show-{s}"
        pages.append(_page(f"{show}/index.html", 5000))
        for y in years:
            for n in range((s + 1) * per_year):
                pages.append(_page(f"{show}/ep-{y}-{n}/index.html", 10_000 + 37 * n, show, f"{y}-{(n % 12) + 1:02d}-01"))
    return pages


def _where(shards) -> dict[str, str]:
    return {p.rel: s.name for s in shards for p in s.pages}


def test_a_small_site_is_one_shard():
    pages = _network(shows=1, per_year=1, years=[2024])
    shards = plan_shards(pages, limit=10**9)
    assert [s.name for s in shards] == [SITE]
    assert len(shards[0].pages) == len(pages)


def test_shards_by_show_then_year_then_size():
    pages = _network()
    limit = 150_000
    shards = plan_shards(pages, limit=limit)
    names = [s.name for s in shards]
    assert names[0] == PAGES  # the primary: the pages that are not episodes
    assert {p.rel for p in shards[0].pages} == {p.rel for p in pages if p.show is None}
    assert len(names) == len(set(names)) and all(NAME.match(n) for n in names)
    where = _where(shards)
    assert sorted(where) == sorted(p.rel for p in pages)  # every page in exactly one shard
    # show-0 (6 episodes a year, ~62 kB) fits in shards of consecutive years
    assert [n for n in names if n.startswith("show-0")] == ["show-0.2019-2020", "show-0.2021-2022", "show-0.2023-2024"]
    # show-2 (18 a year, ~190 kB a year) is split inside each year, by size
    show2 = [n for n in names if n.startswith("show-2.")]
    assert show2 and all(re.match(r"^show-2\.\d{4}\.\d+$", n) for n in show2)
    assert {n.split(".")[1] for n in show2} == {str(y) for y in range(2019, 2025)}
    for shard in shards:
        assert shard.weight <= limit, (shard.name, shard.weight)
        shows = {p.show for p in shard.pages}
        assert len(shows) == 1, shard.name  # never two shows, nor episodes with other pages
        if "." in shard.name:
            years = sorted({p.date[:4] for p in shard.pages})
            first, _, rest = shard.name.split(".", 1)[1].partition("-")
            assert years[0] == first[:4]


def test_a_show_that_fits_is_one_shard():
    pages = _network(shows=2, per_year=1)
    shards = plan_shards(pages, limit=200_000)
    assert [s.name for s in shards] == [PAGES, "show-0", "show-1"]


def test_the_plan_is_deterministic():
    pages = _network()
    once = [(s.name, [p.rel for p in s.pages]) for s in plan_shards(pages, limit=150_000)]
    shuffled = pages[:]
    random.Random(4).shuffle(shuffled)
    again = [(s.name, [p.rel for p in s.pages]) for s in plan_shards(shuffled, limit=150_000)]
    assert once == again


def test_an_edit_or_a_new_episode_moves_no_other_page():
    pages = _network()
    before = _where(plan_shards(pages, limit=150_000))
    # an edited episode, a little longer, in a year split by size
    edited = [_page(p.rel, p.size + 500, p.show, p.date) if p.rel == "show-2/ep-2022-3/index.html" else p for p in pages]
    assert _where(plan_shards(edited, limit=150_000)) == before
    # a new episode in the newest year of a show packed by years (from the oldest): the shards
    # of earlier years keep their pages, whether it fits in the newest shard or makes a new one
    for limit in (150_000, 170_000):
        before = _where(plan_shards(pages, limit=limit))
        added = pages + [_page("show-0/ep-new/index.html", 10_000, "show-0", "2024-12-24")]
        after = _where(plan_shards(added, limit=limit))
        newest = after["show-0/ep-new/index.html"]
        assert newest.startswith("show-0.") and newest.endswith("2024")
        last = before["show-0/ep-2024-0/index.html"]
        assert {r: after[r] for r, n in before.items() if n != last} == {r: n for r, n in before.items() if n != last}


def test_the_limit_comes_from_the_environment(monkeypatch):
    pages = _network()
    monkeypatch.setenv("SHOWNOTES_SEARCH_SHARD_BYTES", "150000")
    assert len(plan_shards(pages)) == len(plan_shards(pages, limit=150_000)) > 3
    monkeypatch.setenv("SHOWNOTES_SEARCH_SHARD_BYTES", "not a number")
    assert [s.name for s in plan_shards(pages)] == [SITE]  # the default: 16 MiB, more than this network


def test_max_shards_raises_the_limit_by_powers_of_two():
    pages = _network(shows=3, per_year=18)  # ~4.4 MB of pages
    small = plan_shards(pages, limit=100_000)
    assert len(small) > 40
    capped = plan_shards(pages, limit=100_000, max_shards=10)  # 4.4 MB / 10: 1 MiB shards
    assert len(capped) < len(small) and max(s.weight for s in capped) <= 1 << 20
    assert [s.name for s in capped] == [s.name for s in plan_shards(pages, limit=1 << 20)]
    # a little more content moves the limit only past the next power of two
    more = pages + [_page("show-0/ep-extra/index.html", 20_000, "show-0", "2024-12-01")]
    assert len(plan_shards(more, limit=100_000, max_shards=10)) in (len(capped), len(capped) + 1)
    assert plan_shards(pages, limit=100_000, max_shards=1000) == small  # no effect when under the cap


def test_fingerprints_follow_paths_and_bytes():
    pages = _network(shows=1, per_year=2, years=[2024])
    shard = plan_shards(pages, limit=10**9)[0]
    same = plan_shards(list(reversed(pages)), limit=10**9)[0]
    assert shard.fingerprint("salt") == same.fingerprint("salt")
    assert shard.fingerprint("salt") != shard.fingerprint("another Pagefind")
    changed = [_page(p.rel, p.size, p.show, p.date) if i else Page(p.rel, p.size, "other", p.show, p.date)
               for i, p in enumerate(pages)]
    assert plan_shards(changed, limit=10**9)[0].fingerprint("salt") != shard.fingerprint("salt")


# ------------------------------------------------------------------ a real site

@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


def _build(project: Path, out: str, cache: bool = True):
    result = build_site(config_path=project / "site.yaml", content=project / "content", out=project / out,
                        search=True, use_cache=cache, jobs=1)
    assert result.ok, [str(p) for p in result.problems]
    return result


@pytest.fixture
def small_shards(project, monkeypatch) -> int:
    """A shard limit that splits the fixture: signal-and-noise by year, the rest one shard each."""
    build_site(config_path=project / "site.yaml", content=project / "content", out=project / "probe",
               search=False, use_cache=False)
    pages = scan_site(project / "probe")
    groups: dict[tuple, int] = {}
    for p in pages:
        key = (p.show, p.date[:4]) if p.show == "signal-and-noise" else (p.show,)
        groups[key] = groups.get(key, 0) + p.weight
    limit = max(groups.values()) * 6 // 5  # room for an edit
    sn = sum(w for k, w in groups.items() if k[0] == "signal-and-noise")
    assert sn > limit
    monkeypatch.setenv("SHOWNOTES_SEARCH_SHARD_BYTES", str(limit))
    return limit


@pytest.fixture
def reports(monkeypatch) -> list:
    """The IndexReport of each index_site the builds run."""
    seen = []
    real = search.index_site

    def spy(*args, **kwargs):
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(search, "index_site", spy)
    return seen


def _manifest(site: Path) -> dict:
    return json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))


def _fragment_urls(bundle: Path) -> set[str]:
    urls = set()
    for f in (bundle / "fragment").iterdir():
        data = gzip.decompress(f.read_bytes())
        urls.add(json.loads(data[len(b"pagefind_dcd"):])["url"])
    return urls


def test_a_sharded_build(project, small_shards, reports):
    _build(project, "site", cache=False)
    site = project / "site"
    manifest = _manifest(site)
    names = [s["name"] for s in manifest["shards"]]
    assert names[0] == PAGES and "deep-dives" in names
    assert [n for n in names if n.startswith("signal-and-noise")] == \
        ["signal-and-noise.2024", "signal-and-noise.2025", "signal-and-noise.2026"]
    assert reports[-1].total == len(names) == reports[-1].indexed and reports[-1].reused == 0
    index = site / "pagefind"
    assert (index / "pagefind.js").is_file()
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["shownotes"]["bundles"] == [s["path"] for s in manifest["shards"]]
    assert entry["shownotes"]["bundles"][0] == "" and all(
        b == f"shards/{n}/" for b, n in zip(entry["shownotes"]["bundles"][1:], names[1:]))
    # every page with data-pagefind-body is in exactly one bundle, under its own URL
    expected = {p.url for p in scan_site(site)}
    seen: list[str] = []
    for shard in manifest["shards"]:
        bundle = index / shard["path"]
        urls = _fragment_urls(bundle)
        assert len(urls) == shard["pages"]
        seen += urls
        if shard["path"]:
            assert "shownotes" not in json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        dates = json.loads((bundle / "shownotes-sort.json").read_text(encoding="utf-8"))["date"]
        assert (len(dates) == shard["pages"]) == (shard["name"] != PAGES)
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))
    assert not list(site.glob(".pagefind-work-*"))


def test_an_edited_episode_reindexes_its_shard_only(project, small_shards, reports):
    _build(project, "site")
    episode = next((project / "content").rglob("2025-02-03-*.md"))
    episode.write_text(episode.read_text(encoding="utf-8").replace("Thanks for coming.", "Thanks, and goodbye."),
                       encoding="utf-8")
    result = _build(project, "site")
    assert result.written >= 1
    report = reports[-1]
    assert (report.indexed, report.indexed_names) == (1, ["signal-and-noise.2025"])
    assert report.reused == report.total - 1 > 2
    # the bundles kept are the previous site's files, linked, not copies
    assert report.summary().startswith(f"{report.total} search shards: 1 indexed, {report.total - 1} reused")


def test_a_cached_build_with_search_equals_a_cold_one(project, small_shards, reports):
    """A small edit patches the spare copy of the live site, index included, and indexes again
    only the shards whose pages changed: the same index as a cold build's."""
    _build(project, "site")
    spare = json.loads((project / ".site.versions" / "spare.json").read_text())["spare"]
    episode = next((project / "content").rglob("2024-05-01-*.md"))
    episode.write_text(episode.read_text(encoding="utf-8").replace("Welcome back", "Welcome back again"),
                       encoding="utf-8")
    person = project / "content" / "people" / "ada-host.md"
    person.write_text(person.read_text(encoding="utf-8") + "\nAda also writes compilers.\n", encoding="utf-8")
    _build(project, "site")
    assert os.path.basename(os.readlink(project / "site")) == spare  # patched, not copied
    assert sorted(reports[-1].indexed_names) == [PAGES, "signal-and-noise.2024"]
    _build(project, "cold", cache=False)
    warm, cold = project / "site" / "pagefind", project / "cold" / "pagefind"
    assert _manifest(project / "site") == _manifest(project / "cold")
    for shard in _manifest(project / "cold")["shards"]:
        assert _bundle(warm / shard["path"]) == _bundle(cold / shard["path"]), shard["name"]
    assert _searches(project / "site") == _searches(project / "cold")


def test_a_rebuild_reads_only_the_pages_it_wrote_to_plan_the_shards(project, small_shards, monkeypatch):
    """What each page is (its shard, its hash) is kept by inode, size and mtime: the pages a small
    rebuild links from the live site are not read again."""
    from generator import search_shards
    _build(project, "site")
    read = []
    real = search_shards.sort_date
    monkeypatch.setattr(search_shards, "sort_date", lambda data: read.append(1) or real(data))
    episode = next((project / "content").rglob("2025-02-03-*.md"))
    episode.write_text(episode.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    _build(project, "site")
    rebuilt = len(read)
    read.clear()
    _build(project, "cold", cache=False)
    pages = len(read)  # a new folder: every page read
    assert pages == sum(1 for p in (project / "cold").rglob("*.html") if "pagefind" not in p.parts)
    assert 1 <= rebuilt <= 3 < pages  # the episode's page (and what lists it, when that changed)
    assert _searches(project / "site") == _searches(project / "cold")


def test_sharded_results_equal_one_index(project, small_shards, monkeypatch):
    _build(project, "site", cache=False)
    monkeypatch.setenv("SHOWNOTES_SEARCH_SHARD_BYTES", str(10**9))
    _build(project, "whole", cache=False)
    assert [s["name"] for s in _manifest(project / "whole")["shards"]] == [SITE]
    sharded, whole = _searches(project / "site"), _searches(project / "whole")
    assert sharded == whole
    assert all(sharded[w] for w in WORDS.values())


def test_an_unchanged_site_keeps_every_shard(project, small_shards):
    _build(project, "site", cache=False)
    site = project / "site"
    index = site / "pagefind"
    before = {p.relative_to(index): p.stat().st_ino for p in index.rglob("*") if p.is_file()}
    report = index_site(site, site)
    assert (report.indexed, report.reused, report.unchanged) == (0, report.total, True)
    after = {p.relative_to(index): p.stat().st_ino for p in index.rglob("*") if p.is_file()}
    assert after.keys() == before.keys()
    rewritten = {Path("pagefind-entry.json"), Path("shards.json")}  # the same bytes, written again
    assert {p for p in after if after[p] != before[p]} <= rewritten


def test_serve_reindexes_the_edited_shard_only(project, small_shards, capsys):
    """What `serve` does after a rebuild (generator/serve/rebuild.py Indexer): its worker reads the
    served version, indexes the shard of the edited episode, links the others, and publishes."""
    import threading as _threading

    from generator.serve.indexer import Indexer

    out = project / "preview"
    _build(project, "preview")
    before = _manifest(out)
    episode = next((project / "content").rglob("2024-09-12-*.md"))
    episode.write_text(episode.read_text(encoding="utf-8").replace("Thanks for coming", "Thanks for zorblaxing"),
                       encoding="utf-8")
    result = build_site(config_path=project / "site.yaml", content=project / "content", out=out, search=False,
                        reuse_search=True)  # as serve builds: the old index is linked until the new one is in
    assert result.ok
    indexer = Indexer(out, _threading.Lock())
    indexer._wanted = 1
    indexer._run(1)
    said = capsys.readouterr().out
    assert f"(1 of {len(before['shards'])} shards)" in said, said
    after = _manifest(out)
    changed = [s["name"] for s, t in zip(before["shards"], after["shards"]) if s != t]
    assert changed == ["signal-and-noise.2024"]
    bundle = out / "pagefind" / _shard_of(after, "signal-and-noise.2024")["path"]
    assert any(b"zorblaxing" in gzip.decompress(f.read_bytes()) for f in (bundle / "fragment").iterdir())
    assert indexer._scan and b"signal-and-noise" in indexer._scan  # kept for the next run
    indexer.cleanup()
    assert not indexer.scratch.exists()


def _shard_of(manifest: dict, name: str) -> dict:
    return next(s for s in manifest["shards"] if s["name"] == name)


# ------------------------------------------------------------------ failures and the memory budget

FAKE = """
import os, sys, time
args = sys.argv[1:]
site = args[args.index("--site") + 1] if "--site" in args else ""
if not site:  # `pagefind --version` and the like: not an indexing run, not logged
    os.execv(os.environ["REAL_PAGEFIND"], [os.environ["REAL_PAGEFIND"], *args])
log = os.environ["FAKE_PAGEFIND_LOG"]
with open(log, "a") as f:
    f.write(f"start {os.path.basename(site)} {time.monotonic()}\\n")
if os.path.basename(site) == os.environ.get("FAKE_PAGEFIND_FAIL"):
    print("Error: this shard is broken on purpose")
    sys.exit(3)
time.sleep(0.3)
code = os.spawnv(os.P_WAIT, os.environ["REAL_PAGEFIND"], [os.environ["REAL_PAGEFIND"], *args])
with open(log, "a") as f:
    f.write(f"end {os.path.basename(site)} {time.monotonic()}\\n")
sys.exit(code)
"""


@pytest.fixture
def fake_pagefind(tmp_path, monkeypatch):
    real = search.pagefind_command()
    if len(real) != 1:
        pytest.skip("needs the Pagefind binary itself")
    script = tmp_path / "fake_pagefind.py"
    script.write_text(FAKE, encoding="utf-8")
    log = tmp_path / "pagefind.log"
    monkeypatch.setenv("FAKE_PAGEFIND_LOG", str(log))
    monkeypatch.setenv("REAL_PAGEFIND", real[0])
    monkeypatch.setattr(search, "_pagefind", [sys.executable, str(script)])
    return log


def test_a_failing_shard_is_named_and_the_site_is_untouched(project, small_shards, fake_pagefind, monkeypatch):
    _build(project, "site")
    site = project / "site"
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    monkeypatch.setenv("FAKE_PAGEFIND_FAIL", "signal-and-noise.2025")
    episode = next((project / "content").rglob("2025-02-03-*.md"))
    episode.write_text(episode.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    with pytest.raises(SearchIndexError) as failed:
        _build(project, "site")
    message = str(failed.value)
    assert "signal-and-noise.2025" in message and "broken on purpose" in message
    after = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in project.rglob(".pagefind-work-*")]


def test_runs_stay_within_jobs_and_memory(project, small_shards, fake_pagefind):
    build_site(config_path=project / "site.yaml", content=project / "content", out=project / "site",
               search=False, use_cache=False)
    site = project / "site"
    index_site(site, jobs=2, memory_mb=10_000)
    assert _overlap(fake_pagefind) == min(2, len(os.sched_getaffinity(0)))  # two at once when the budget allows
    fake_pagefind.write_text("")
    shutil.rmtree(site / "pagefind")
    index_site(site, jobs=2, memory_mb=64)  # each shard is estimated at more than half of this
    assert _overlap(fake_pagefind) == 1
    assert (site / "pagefind" / "pagefind.js").is_file()


def _overlap(log: Path) -> int:
    events = []
    for line in log.read_text().splitlines():
        kind, name, at = line.split()
        events.append((float(at), 1 if kind == "start" else -1))
    most = now = 0
    for _, step in sorted(events):
        now += step
        most = max(most, now)
    return most


# ------------------------------------------------------------------ comparing indexes

def _bundle(path: Path) -> dict:
    """A bundle's contents, with what Pagefind writes in no fixed order (filter values; so the
    names of the filter files, which the meta file and the entry name) made canonical."""
    out: dict = {}
    for f in sorted(path.rglob("*")):
        rel = f.relative_to(path).as_posix()
        if not f.is_file() or rel.startswith("shards/") or rel == "shards.json":
            continue
        if rel.startswith("filter/") or rel.endswith(".pf_meta") or rel == "pagefind-entry.json":
            continue
        out[rel] = f.read_bytes()
    meta = _cbor(next(path.glob("pagefind.*.pf_meta")))
    filters = {name: _canonical(_cbor(path / "filter" / f"{chunk}.pf_filter")) for name, chunk in meta[3]}
    meta[3] = sorted(filters.items())
    out["meta"] = meta
    entry = json.loads((path / "pagefind-entry.json").read_text(encoding="utf-8"))
    for lang in entry["languages"].values():
        lang.pop("hash")
    out["entry"] = entry
    return out


def _canonical(value):
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=repr) if all(isinstance(v, list) and v and isinstance(v[0], str) for v in items) else items
    return value


def _cbor(path: Path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return _decode(data, 12)[0]


def _decode(b: bytes, i: int):
    major, info = b[i] >> 5, b[i] & 31
    i += 1
    if info < 24:
        n = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        n = int.from_bytes(b[i:i + size], "big")
        i += size
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return b[i:i + n], i + n
    if major == 3:
        return b[i:i + n].decode(), i + n
    if major == 4:
        out = []
        for _ in range(n):
            v, i = _decode(b, i)
            out.append(v)
        return out, i
    if major == 5:
        out = {}
        for _ in range(n):
            k, i = _decode(b, i)
            v, i = _decode(b, i)
            out[repr(k)] = v
        return out, i
    if major == 7 and info in (25, 26, 27):
        fmt = {25: ">e", 26: ">f", 27: ">d"}[info]
        return struct.unpack(fmt, n.to_bytes({25: 2, 26: 4, 27: 8}[info], "big"))[0], i
    return {20: False, 21: True, 22: None}.get(info, n), i


NODE_SEARCH = """
const [,, base, pagefindJs, queries] = process.argv;
const pf = await import(pagefindJs);
await pf.options({ basePath: base + "pagefind/", baseUrl: "/" });
await pf.init();
const entry = await (await fetch(base + "pagefind/pagefind-entry.json")).json();
for (const b of ((entry.shownotes || {}).bundles || [])) if (b) await pf.mergeIndex(base + "pagefind/" + b, { baseUrl: "/" });
const out = {};
for (const q of JSON.parse(queries)) {
  const r = await pf.search(q);
  out[q] = (await Promise.all(r.results.map((x) => x.data()))).map((d) => d.url).sort();
  const sorted = await pf.search(q, { filters: { show: "Signal & Noise" } });
  out[q + " [Signal & Noise]"] = (await Promise.all(sorted.results.map((x) => x.data()))).map((d) => d.url).sort();
}
out["(filters)"] = await pf.filters();
console.log(JSON.stringify(out));
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _searches(site: Path) -> dict:
    """The pages Pagefind's own search (its pagefind.js, in Node, over HTTP) finds for QUERIES,
    with and without a filter, and the filters: what a browser gets from the index."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("needs Node.js to run Pagefind's search")
    script = site.parent / "search.mjs"
    script.write_text(NODE_SEARCH, encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Quiet, directory=str(site.resolve())))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        res = subprocess.run([node, str(script), f"http://127.0.0.1:{port}/",
                              (site.resolve() / "pagefind" / "pagefind.js").as_uri(), json.dumps(QUERIES)],
                             capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    assert res.returncode == 0, res.stderr[-2000:]
    return json.loads(res.stdout)
