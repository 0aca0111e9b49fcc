"""`shownotes new episode|person`: write a new content file that `shownotes check` accepts,
with every field an editor is likely to fill in already there."""
from __future__ import annotations

import datetime as dt
import re
import sys
import uuid
from pathlib import Path

import yaml

from generator.errors import display_path
from generator.slugs import slugify

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}-(.+)$")

EPISODE_BODY = """\
Describe the episode here: what it is about, who is on it, and why it is worth a listen.

## Transcript
"""
# Keys an editor may add; kept as comments so the file stays valid until they are filled in.
EPISODE_HINTS = """\
# duration: "1:02:03"          # H:MM:SS
# audio: https://example.org/episode.mp3
# audio_type: audio/mpeg        # the audio file's MIME type
# audio_bytes: 56113920         # the audio file's size in bytes
# number: 12                    # episode number
# season: 2
# episode_type: full            # full | trailer | bonus
# explicit: false
# image: https://example.org/episode.jpg
# speakers: {"Speaker 1": person-slug}   # generic transcript labels -> people
"""
PERSON_HINTS = """\
# affiliation: Example Labs
# img: https://example.org/portrait.jpg
"""
PERSON_BODY = "A short bio.\n"


class ScaffoldError(Exception):
    pass


def _dump(meta: dict) -> str:
    return yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=None, width=4096)


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
            f.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display_path(path)} already exists; not overwriting it") from None


def parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    value = value.strip()
    try:
        if not _ISO_DATE.match(value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ScaffoldError(f"--date must be a date as YYYY-MM-DD, got {value!r}") from None


def _shows(content: Path) -> list[str]:
    return sorted(p.parent.name for p in (content / "shows").glob("*/_show.md"))


def new_episode(content: Path, show: str, title: str, date: str | None = None) -> Path:
    if not content.is_dir():
        raise ScaffoldError(f"no content folder at {display_path(content)} (run this in the project folder, "
                            "or pass --content)")
    known = _shows(content)
    if show not in known:
        listed = ", ".join(known) if known else "none yet (a show is content/shows/<show>/_show.md)"
        raise ScaffoldError(f"unknown show {show!r}; available shows: {listed}")
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("--title must not be empty")
    day = parse_date(date)
    slug = slugify(title)
    folder = content / "shows" / show
    path = folder / f"{day.isoformat()}-{slug}.md"
    if not path.exists():
        for other in sorted(folder.glob(f"*-{slug}.md")):
            m = _DATED.match(other.stem)
            if m and m.group(1) == slug:
                raise ScaffoldError(f"{display_path(other)} already has the URL /{show}/{slug}/; "
                                    "choose another title (or set `slug:` in one of the files)")
    meta = {
        "title": title,
        "date": day,
        "guests": [],
        "summary": "",
        "chapters": [],
        "topics": [],
        "sources": [],
        "transcript_timing": "none",
        "draft": False,
        "guid": str(uuid.uuid4()),  # the episode's stable id from birth: feeds keep it forever
    }
    _write_new(path, "---\n" + _dump(meta) + EPISODE_HINTS + "---\n" + EPISODE_BODY)
    return path


def new_person(content: Path, name: str, role: str = "guest") -> Path:
    if not content.is_dir():
        raise ScaffoldError(f"no content folder at {display_path(content)} (run this in the project folder, "
                            "or pass --content)")
    name = " ".join(name.split())
    if not name:
        raise ScaffoldError("the name must not be empty")
    if role not in ("guest", "host"):
        raise ScaffoldError(f"--role must be guest or host, got {role!r}")
    path = content / "people" / f"{slugify(name)}.md"
    meta = {"name": name, "aliases": [], "role": role, "links": []}
    _write_new(path, "---\n" + _dump(meta) + PERSON_HINTS + "---\n" + PERSON_BODY)
    return path


def run_new(args) -> int:
    try:
        if args.kind == "episode":
            path = new_episode(args.content, args.show, args.title, args.date)
        else:
            path = new_person(args.content, args.name, args.role)
    except ScaffoldError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"error: could not write the file: {e.strerror or e}", file=sys.stderr)
        return 1
    print(f"wrote {display_path(path)}")
    return 0
