"""A deterministic podcast feed of any size, with the files its items link (chapters JSON and
WebVTT transcripts), for the feed importer's tests and its benchmark. Nothing here is real:
names, titles and text are made up from small word lists."""
from __future__ import annotations

import datetime as dt
import json
import random
from xml.sax.saxutils import escape, quoteattr

FIRST = ["Ada", "Bea", "Cal", "Dina", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena", "Milo", "Nia",
         "Omar", "Pia", "Quin", "Rosa", "Sami", "Tess", "Uma", "Vik", "Wren", "Yara", "Zeno"]
LAST = ["Abbott", "Brandt", "Castillo", "Dunmore", "Eklund", "Farrow", "Gallo", "Haddad", "Ibsen", "Jarvis",
        "Kowal", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rahman", "Silva", "Tanaka"]
WORDS = ("river delta sediment flood basin current estuary tide channel bank levee marsh silt gravel "
         "meander erosion rainfall drought water mountain valley glacier lake spring source mouth").split()
ZONES = ["+0000", "GMT", "-0700", "+0530", "EST", "+0100"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + rng.choice([".", ".", "?", "!"])


def make_feed(items: int, base: str = "https://media.example.org/gen", seed: int = 7,
              transcript_words: int = 300, namespace: str = "https://podcastindex.org/namespace/1.0"
              ) -> tuple[str, dict[str, bytes]]:
    """(feed XML, {url path under base -> file bytes}) for a feed of `items` episodes."""
    rng = random.Random(seed)
    guests = [f"{f} {l}" for f in FIRST for l in LAST]
    rng.shuffle(guests)
    files: dict[str, bytes] = {}
    start = dt.datetime(2026, 11, 30, 9, 0)
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
           f'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="{namespace}" '
           f'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
           f'<title>Generated Waters</title><link>https://gen.example.org/</link><language>en</language>\n'
           f'<description>A generated show about water.</description>\n'
           f'<itunes:author>Gen Studio</itunes:author><itunes:image href="https://gen.example.org/cover.jpg"/>\n'
           f'<podcast:person role="host" href="https://gen.example.org/host">Harper Host</podcast:person>\n']
    for i in range(items, 0, -1):
        when = start - dt.timedelta(days=7 * (items - i), hours=rng.randint(0, 20))
        zone = ZONES[i % len(ZONES)]
        guest = guests[(i * 7) % len(guests)]
        title = f"{i}: {_sentence(rng, 4)[:-1]} with {guest}"
        duration = 1800 + rng.randint(0, 3600)
        chapter_starts = sorted({0} | {rng.randint(60, duration - 60) for _ in range(rng.randint(2, 6))})
        chapters = [{"startTime": s + 0.5 * (k % 2), "title": _sentence(rng, 3)[:-1]} for k, s in enumerate(chapter_starts)]
        files[f"/{i}/chapters.json"] = json.dumps({"version": "1.2.0", "chapters": chapters}).encode()
        files[f"/{i}/transcript.vtt"] = _vtt(rng, ["Harper Host", guest], transcript_words, duration).encode()
        desc_chapters = "".join(f"<br/>({s // 60:02d}:{s % 60:02d}) {escape(c['title'])}"
                                for s, c in zip(chapter_starts, chapters)) if i % 3 == 0 else ""
        out.append(
            f"<item><title>{escape(title)}</title>"
            f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S')} {zone}</pubDate>"
            f'<guid isPermaLink="false">gen-{i}</guid>'
            + (f"<itunes:duration>{duration if i % 2 else f'{duration // 3600}:{duration // 60 % 60:02d}:{duration % 60:02d}'}</itunes:duration>"
               if i % 10 else "")
            + f"<itunes:episode>{i}</itunes:episode><itunes:season>{1 + i // 100}</itunes:season>"
            f'<enclosure url="{base}/{i}.mp3" length="{duration * 16000}" type="audio/mpeg"/>'
            f'<podcast:person role="host">Harper Host</podcast:person>'
            f'<podcast:person role="guest" href={quoteattr("https://gen.example.org/p/" + guest.replace(" ", "-").lower())} '
            f'img={quoteattr("https://gen.example.org/img/" + guest.replace(" ", "-").lower() + ".jpg")}>{escape(guest)}</podcast:person>'
            f'<podcast:transcript url="{base}/{i}/transcript.vtt" type="text/vtt"/>'
            f'<podcast:chapters url="{base}/{i}/chapters.json" type="application/json+chapters"/>'
            f"<description>{escape(f'<p>{escape(guest)} talks about {_sentence(rng, 12)}</p><p>{_sentence(rng, 20)}{desc_chapters}</p>')}"
            f"</description></item>\n")
    out.append("</channel></rss>\n")
    return "".join(out), files


def _vtt(rng: random.Random, speakers: list[str], words: int, duration: int) -> str:
    lines = ["WEBVTT", ""]
    t, said, k = 0.0, 0, 0
    speaker = speakers[0]
    while said < words:
        n = rng.randint(5, 14)
        text = _sentence(rng, n)
        length = n * 0.4
        if rng.random() < 0.25:
            speaker = speakers[1] if speaker == speakers[0] else speakers[0]
        k += 1
        lines += [str(k), f"{_stamp(t)} --> {_stamp(min(t + length, duration))}", f"<v {speaker}>{text}", ""]
        t += length
        said += n
    return "\n".join(lines)


def _stamp(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"
