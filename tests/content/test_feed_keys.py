"""The front matter keys feeds need (DESIGN §4): audio_type, audio_bytes, guid, number, season,
episode_type, explicit, image and speakers on episodes; image, author, owner, explicit and guid on
shows; img on people; and the bound on `duration`. Each accepted value lands on the model, each
rejected one is reported on the line of its key."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content.loader import load_content
from generator.model import Owner, SiteConfig

BASE = Path(__file__).resolve().parent.parent / "fixtures" / "invalid" / "base" / "content"
EPISODE = "shows/demo-show/2026-02-01-other.md"
QUOTED = "(quoted text: write true or false without quotes)"


def _load(tmp_path: Path, files: dict[str, str]):
    root = tmp_path / "content"
    shutil.copytree(BASE, root)
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    return load_content(root, SiteConfig(title="t"))


def _episode(tmp_path: Path, front: str, body: str = ""):
    """Load the base content plus one episode with these extra front matter lines (from line 4)."""
    loaded = _load(tmp_path, {EPISODE: f"---\ntitle: Other\ndate: 2026-02-01\n{front}---\n{body}"})
    return loaded.episodes.get(("demo-show", "other")), _messages(loaded)


FEED_READINESS = ("no `audio`:", "no `image`:")  # warnings of their own (tests/render/test_podcast_feed.py)


def _messages(loaded) -> list[tuple[int | None, str, str]]:
    return [(p.line, p.severity, p.message) for p in loaded.problems if not p.message.startswith(FEED_READINESS)]


# ------------------------------------------------------------------ episodes: accepted

def test_defaults_when_absent(tmp_path):
    ep, problems = _episode(tmp_path, "")
    assert problems == []
    assert (ep.audio_type, ep.audio_bytes, ep.guid, ep.number, ep.season) == (None, None, None, None, None)
    assert (ep.episode_type, ep.explicit, ep.image, ep.speakers) == ("full", None, None, {})


def test_every_new_episode_key_accepted(tmp_path):
    ep, problems = _episode(tmp_path, (
        "audio: https://example.org/a.m4a\n"
        "audio_type: audio/x-m4a\n"
        "audio_bytes: 56113920\n"
        "guid: 82e974c1-39bc-4a36-b555-de0d5cc4271a\n"
        "number: 644\n"
        "season: 3\n"
        "episode_type: bonus\n"
        "explicit: true\n"
        "image: https://example.org/art.jpg\n"
        'speakers: {"Speaker 1": bo-guest, Host: ann-host}\n'))
    assert problems == []
    assert ep.audio == "https://example.org/a.m4a" and ep.audio_type == "audio/x-m4a"
    assert ep.audio_bytes == 56113920 and ep.guid == "82e974c1-39bc-4a36-b555-de0d5cc4271a"
    assert (ep.number, ep.season, ep.episode_type, ep.explicit) == (644, 3, "bonus", True)
    assert ep.image == "https://example.org/art.jpg"
    assert ep.speakers == {"Speaker 1": "bo-guest", "Host": "ann-host"}


@pytest.mark.parametrize("line, attr, value", [
    ("audio_type: video/mp4", "audio_type", "video/mp4"),
    ("audio_type: audio/mpeg", "audio_type", "audio/mpeg"),
    ("audio_bytes: 0", "audio_bytes", 0),
    ('audio_bytes: "1024"', "audio_bytes", 1024),
    ('number: "12"', "number", 12),
    ("number: 1", "number", 1),
    ("season: 2", "season", 2),
    ('season: " 7 "', "season", 7),
    ("episode_type: full", "episode_type", "full"),
    ("episode_type: trailer", "episode_type", "trailer"),
    ("explicit: false", "explicit", False),
    ("explicit: yes", "explicit", True),  # YAML 1.1: an unquoted yes is a boolean
    ("guid: tag:example.org,2026:ep-12", "guid", "tag:example.org,2026:ep-12"),
    ("guid: 12345", "guid", "12345"),
    ("guid: " + "x" * 200, "guid", "x" * 200),
    ("image: http://example.org/a.png", "image", "http://example.org/a.png"),
])
def test_episode_value_accepted(tmp_path, line, attr, value):
    ep, problems = _episode(tmp_path, f"audio: https://example.org/a.mp3\n{line}\n")
    assert problems == []
    assert getattr(ep, attr) == value


# ------------------------------------------------------------------ episodes: rejected

@pytest.mark.parametrize("line, message", [
    ("audio_type: mp3", "`audio_type` must be a MIME type (type/subtype, e.g. audio/mpeg), got 'mp3'"),
    ("audio_type: audio/mpeg; codecs=mp3", "`audio_type` must be a MIME type (type/subtype, e.g. audio/mpeg), "
                                           "got 'audio/mpeg; codecs=mp3'"),
    ("audio_type: [audio/mpeg]", "`audio_type` must be text, got list"),
    ("audio_bytes: -1", "`audio_bytes` must be a whole number, 0 or more, got -1"),
    ("audio_bytes: 1.5", "`audio_bytes` must be a whole number, 0 or more, got 1.5"),
    ("audio_bytes: true", "`audio_bytes` must be a whole number, 0 or more, got True"),
    ("audio_bytes: 12 MB", "`audio_bytes` must be a whole number, 0 or more, got '12 MB'"),
    ("number: 0", "`number` must be a positive whole number, got 0"),
    ("number: -3", "`number` must be a positive whole number, got -3"),
    ("number: false", "`number` must be a positive whole number, got False"),
    ('number: "12a"', "`number` must be a positive whole number, got '12a'"),
    ('season: "x"', "`season` must be a positive whole number, got 'x'"),
    ('season: "0"', "`season` must be a positive whole number, got '0'"),
    ("episode_type: episode", "`episode_type` must be one of full, trailer, bonus, got 'episode'"),
    ("episode_type: Full", "`episode_type` must be one of full, trailer, bonus, got 'Full'"),
    ('explicit: "yes"', "`explicit` must be true or false, got 'yes' " + QUOTED),
    ('explicit: "false"', "`explicit` must be true or false, got 'false' " + QUOTED),
    ("explicit: clean", "`explicit` must be true or false, got 'clean'"),
    ("explicit: 1", "`explicit` must be true or false, got 1"),
    ("image: not-a-url", "`image` must be an absolute http(s) URL, got 'not-a-url'"),
    ("image: ftp://example.org/a.jpg", "`image` must be an absolute http(s) URL, got 'ftp://example.org/a.jpg'"),
    ("guid: [a, b]", "`guid` must be text, got list"),
    ('guid: ""', "`guid` must not be empty"),
    ('guid: "a\\nb"', "`guid` must be one line"),
    ("guid: " + "x" * 201, "`guid` must be at most 200 characters, got 201"),
    ("speakers: [bo-guest]", '`speakers` must be a mapping {"Speaker 1": person-slug, ...}, got list'),
    ('speakers: {"Speaker 1": Bo Guest}',
     "`speakers`: 'Speaker 1' must map to a person slug (lowercase words joined by '-'), got 'Bo Guest'"),
    ('speakers: {"Speaker 1": [bo-guest]}',
     "`speakers`: 'Speaker 1' must map to a person slug (lowercase words joined by '-'), got ['bo-guest']"),
    ('speakers: {"Speaker 1": bo-guest, "speaker 1": ann-host}',
     "`speakers`: 'speaker 1' is mapped twice (labels match regardless of case)"),
    ('speakers: {"": bo-guest}', "`speakers`: the label '' must be text"),
    ("speakers: {Speaker 9: nobody-here}",
     "unknown person 'nobody-here' in `speakers` for 'Speaker 9' (no content/people/nobody-here.md)"),
])
def test_episode_value_rejected_on_its_line(tmp_path, line, message):
    ep, problems = _episode(tmp_path, f"audio: https://example.org/a.mp3\n{line}\n")
    assert [(ln, sev, msg.replace(str(tmp_path) + "/", "")) for ln, sev, msg in problems] == [(5, "error", message)]


def test_unknown_speaker_is_dropped_from_the_mapping(tmp_path):
    loaded = _load(tmp_path, {EPISODE: "---\ntitle: Other\ndate: 2026-02-01\n"
                                       'speakers: {"Speaker 1": bo-guest, "Speaker 2": nobody-here}\n---\n'})
    assert loaded.episodes[("demo-show", "other")].speakers == {"Speaker 1": "bo-guest"}
    assert loaded.records[tmp_path / "content" / EPISODE].obj.speakers == {"Speaker 1": "bo-guest",
                                                                          "Speaker 2": "nobody-here"}, \
        "the parsed record (what the cache keeps) is not changed by the reference check"


@pytest.mark.parametrize("key", ["audio_type: audio/mpeg", "audio_bytes: 100"])
def test_audio_details_without_audio_warn(tmp_path, key):
    ep, problems = _episode(tmp_path, f"{key}\n")
    name = key.split(":")[0]
    assert problems == [(4, "warning", f"`{name}` has no effect without `audio`")]
    assert ep is not None


def test_duplicate_guid_warns(tmp_path):
    loaded = _load(tmp_path, {
        EPISODE: "---\ntitle: Other\ndate: 2026-02-01\nguid: same\n---\n",
        "shows/demo-show/2026-02-08-third.md": "---\ntitle: Third\ndate: 2026-02-08\nguid: same\n---\n"})
    assert [(line, severity, message.split(";")[0]) for line, severity, message in _messages(loaded)] == [
        (4, "warning", f"`guid` 'same' is also the guid of {tmp_path}/content/{EPISODE}")]


# ------------------------------------------------------------------ duration bound

@pytest.mark.parametrize("value, seconds", [('"99:59:59"', 359999), ("359999", 359999), ('"1:22:00"', 4920),
                                            ('"45:00"', 2700), ("0", 0)])
def test_duration_accepted_up_to_the_bound(tmp_path, value, seconds):
    ep, problems = _episode(tmp_path, f"duration: {value}\n")
    assert problems == [] and ep.duration == seconds


@pytest.mark.parametrize("value, message", [
    ('"100:00:00"', "`duration` '100:00:00' is too long: at most 99:59:59"),
    ('"1000:00:00"', "`duration` '1000:00:00' is too long: at most 99:59:59"),
    ("360000", "`duration` 360000 is too long: at most 99:59:59"),
    ("-5", "`duration` must be H:MM:SS, got -5"),
    ('"1:75:00"', "`duration` must be H:MM:SS, got '1:75:00'"),
])
def test_duration_rejected(tmp_path, value, message):
    ep, problems = _episode(tmp_path, f"duration: {value}\n")
    assert problems == [(4, "error", message)] and ep.duration is None


# ------------------------------------------------------------------ shows and people

SHOW = "shows/demo-show/_show.md"


def _show(tmp_path: Path, extra: str):
    loaded = _load(tmp_path, {SHOW: f"---\ntitle: Demo Show\nhosts: [ann-host]\n{extra}---\nAbout.\n"})
    return loaded.shows.get("demo-show"), _messages(loaded)


def test_show_keys_accepted(tmp_path):
    show, problems = _show(tmp_path, (
        "image: https://example.org/cover.jpg\n"
        "author: Ann Host\n"
        "owner: {name: Ann Host, email: ann@example.org}\n"
        "explicit: false\n"
        "guid: 5C4C0B6E-1D2F-5A3B-9C8D-0123456789AB\n"))
    assert problems == []
    assert show.image == "https://example.org/cover.jpg" and show.author == "Ann Host"
    assert show.owner == Owner("Ann Host", "ann@example.org")
    assert show.explicit is False and show.guid == "5C4C0B6E-1D2F-5A3B-9C8D-0123456789AB"


def test_show_defaults(tmp_path):
    show, problems = _show(tmp_path, "")
    assert problems == []
    assert (show.image, show.author, show.owner, show.explicit, show.guid) == (None, None, None, None, None)


@pytest.mark.parametrize("extra, owner", [
    ("owner: {email: a.b@mail.example.co.uk}\n", Owner("", "a.b@mail.example.co.uk")),
    ("owner: {name: Ann}\n", Owner("Ann", "")),
    ("owner: {}\n", None),
])
def test_show_owner_parts_are_optional(tmp_path, extra, owner):
    show, problems = _show(tmp_path, extra)
    assert problems == [] and show.owner == owner


@pytest.mark.parametrize("extra, expected", [
    ("owner: {name: Ann, email: ann.example.org}\n",
     [(4, "error", "`owner` email 'ann.example.org' is not an email address (like name@example.org)")]),
    ("owner: {name: Ann, email: ann@localhost}\n",
     [(4, "error", "`owner` email 'ann@localhost' is not an email address (like name@example.org)")]),
    ("owner: Ann <ann@example.org>\n", [(4, "error", "`owner` must be a mapping {name: ..., email: ...}, got str")]),
    ("owner: {name: [Ann]}\n", [(4, "error", "`owner` name must be text, got list")]),
    ("owner: {name: Ann, mail: ann@example.org}\n", [(4, "warning", "unknown key `mail` in `owner` (ignored)")]),
    ('explicit: "no"\n',
     [(4, "error", "`explicit` must be true or false, got 'no' (quoted text: write true or false without quotes)")]),
    ("image: cover.jpg\n", [(4, "error", "`image` must be an absolute http(s) URL, got 'cover.jpg'")]),
    ("author: [Ann]\n", [(4, "error", "`author` must be text, got list")]),
    ("guid: my-show\n", [(4, "warning", "`guid` 'my-show' does not look like a UUID "
                                        "(podcast:guid is the UUIDv5 of the feed URL)")]),
    ("guid: [x]\n", [(4, "error", "`guid` must be text, got list")]),
])
def test_show_value_rejected_on_its_line(tmp_path, extra, expected):
    _, problems = _show(tmp_path, extra)
    assert problems == expected


def test_person_img(tmp_path):
    loaded = _load(tmp_path, {"people/bo-guest.md": "---\nname: Bo Guest\nimg: https://example.org/bo.jpg\n---\n"})
    assert _messages(loaded) == [] and loaded.people["bo-guest"].img == "https://example.org/bo.jpg"
    assert loaded.people["ann-host"].img is None
    loaded = _load(tmp_path / "2", {"people/bo-guest.md": "---\nname: Bo Guest\nimg: bo.jpg\n---\n"})
    assert _messages(loaded) == [(3, "error", "`img` must be an absolute http(s) URL, got 'bo.jpg'")]


def test_new_keys_are_not_unknown(tmp_path):
    from generator.content.schema import EPISODE_KEYS, PERSON_KEYS, SHOW_KEYS
    assert {"audio_type", "audio_bytes", "guid", "number", "season", "episode_type", "explicit", "image",
            "speakers"} <= EPISODE_KEYS
    assert {"image", "author", "owner", "explicit", "guid"} <= SHOW_KEYS
    assert "img" in PERSON_KEYS


def test_show_locked_is_a_flag(tmp_path):
    loaded = _load(tmp_path, {"shows/demo-show/_show.md": "---\ntitle: Demo Show\nhosts: [ann-host]\nlocked: true\n---\n"})
    assert loaded.shows["demo-show"].locked is True and _messages(loaded) == []
    loaded = _load(tmp_path / "b", {"shows/demo-show/_show.md": "---\ntitle: Demo Show\nhosts: [ann-host]\nlocked: 'yes'\n---\n"})
    assert [m for _, _, m in _messages(loaded)] == ["`locked` must be true or false, got 'yes' (quoted text: write true or false without quotes)"]
