#!/usr/bin/env python3
"""Lay out a Hugo project that builds the same content as a shownotes corpus folder.

    python benchmarks/hugo/make_site.py benchmarks/corpus/e1000        # -> benchmarks/corpus/e1000/hugo/

The Hugo project gets:
  hugo.toml          benchmarks/hugo/hugo.toml with the corpus' title and base_url
  layouts, static    symlinks to benchmarks/hugo/layouts and static (the equivalent templates)
  content/<show>/_index.md      the show (from _show.md; its hosts cascade to its episodes)
  content/<show>/<episode>.md   hard links to the corpus' episode files (copies across filesystems)
  content/people/<person>.md    the corpus' person files, `aliases:` renamed `also_known_as:`
                                (Hugo reads `aliases` as URL redirects)
  content/{people,topics,guests,hosts}/_index.md, content/search.md, content/_index.md

Episodes keep their file names; Hugo takes the date from front matter and the slug from the
file name without its date prefix, so URLs match shownotes': /<show>/<slug>/.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end + 1]) or {}, text[end + 5:]


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _write(path: Path, fm: dict, body: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(fm, sort_keys=False, allow_unicode=True) + "---\n" + body,
                    encoding="utf-8")


def make_site(corpus: Path, out: Path | None = None, force: bool = False) -> Path:
    corpus = corpus.resolve()
    out = (out or corpus / "hugo").resolve()
    stamp = {"corpus": json.loads((corpus / "corpus.json").read_text()) if (corpus / "corpus.json").exists() else None,
             "layouts": sorted(str(p.relative_to(HERE)) for p in (HERE / "layouts").rglob("*") if p.is_file()),
             "this": Path(__file__).read_text(encoding="utf-8"),
             "config": (HERE / "hugo.toml").read_text(encoding="utf-8"),
             "adapter_version": 1}
    stamp_file = out / "site.json"
    if not force and stamp_file.exists() and json.loads(stamp_file.read_text()) == stamp:
        return out
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    content.mkdir(parents=True)

    site = yaml.safe_load((corpus / "site.yaml").read_text(encoding="utf-8")) or {}
    toml = (HERE / "hugo.toml").read_text(encoding="utf-8")
    toml = re.sub(r'(?m)^baseURL = ".*"$', f'baseURL = {json.dumps(site.get("base_url", "/"))}', toml)
    toml = re.sub(r'(?m)^title = ".*"$', f'title = {json.dumps(site.get("title", "Show notes"))}', toml)
    if site.get("description"):
        toml = re.sub(r'(?m)^  description = ".*"$', f'  description = {json.dumps(site["description"])}', toml)
    (out / "hugo.toml").write_text(toml, encoding="utf-8")
    for d in ("layouts", "static"):
        (out / d).symlink_to(os.path.relpath(HERE / d, out), target_is_directory=True)

    _write(content / "_index.md", {"title": site.get("title", "Show notes")})
    src = corpus / "content"
    n_eps = 0
    for show in sorted(p for p in (src / "shows").iterdir() if p.is_dir()):
        fm, about = _front_matter(show / "_show.md")
        hosts = fm.pop("hosts", []) or []
        fm["show_hosts"] = hosts
        fm["cascade"] = [{"params": {"hosts": hosts}, "target": {"kind": "page"}}]
        _write(content / show.name / "_index.md", fm, about)
        for f in sorted(show.glob("*.md")):
            if f.name != "_show.md":
                _link(f, content / show.name / f.name)
                n_eps += 1
    _write(content / "people" / "_index.md", {"title": "People", "outputs": ["html"],
                                             "cascade": [{"outputs": ["html"]}]})
    for f in sorted((src / "people").glob("*.md")):
        # `aliases` means URL redirects to Hugo: rename it (the only rewritten content file)
        fm, bio = _front_matter(f)
        if "aliases" in fm:
            fm = {("also_known_as" if k == "aliases" else k): v for k, v in fm.items()}
        _write(content / "people" / f.name, fm, bio)
    _write(content / "topics" / "_index.md", {"title": "Topics"})
    for tax in ("guests", "hosts"):
        _write(content / tax / "_index.md", {
            "title": tax.title(),
            "build": {"render": "never"},  # (list: never would empty the taxonomy too)
            "cascade": [{"build": {"render": "never"}}],
        })
    _write(content / "search.md", {"title": "Search", "layout": "search", "outputs": ["html"], "url": "/search/"})
    stamp_file.write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="a folder written by make_corpus.py")
    ap.add_argument("--out", type=Path, default=None, help="default: <corpus>/hugo")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args(argv)
    if not (args.corpus / "content" / "shows").is_dir():
        print(f"{args.corpus}: no content/shows/ (make it with benchmarks/make_corpus.py)", file=sys.stderr)
        return 2
    out = make_site(args.corpus, args.out, args.force)
    print(f"Hugo project at {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
