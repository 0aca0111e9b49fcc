"""A site for the listener-page browser tests: the render fixture plus two episodes with audio, served
on 127.0.0.1 with byte ranges (so Chromium can seek), the audio a WAV of silence made here.

- `signal-and-noise/long-talk/`: 40 minutes, a timed transcript of 30-second segments, one long
  segment (20:10 to 26:10) holding two chapters, and the word "zanzibar" said in three segments;
- `signal-and-noise/audio-only/`: audio and chapters, highlights and "(12:30)" in its text, no transcript.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import wave
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
THEMES = [ROOT / "themes" / "default"]
AUDIO_SECONDS = 2400
RATE = 3000  # Chromium plays 3 kHz and up; 8-bit mono keeps 40 minutes at 7 MB
WORD = "zanzibar"
WORD_AT = (310, 1120, 1990)  # segment starts where it is said

FILLER = ("We talked about compilers and caches for a while. The registers were the hard part. "
          "Nobody expected the benchmark to move that much. Then the team rewrote the allocator from scratch. "
          "It took months, and the tests kept everyone honest.").split(". ")


def _segment_text(start: int, n_sentences: int) -> str:
    sentences = [FILLER[(start // 30 + i) % len(FILLER)].rstrip(".") + "." for i in range(n_sentences)]
    if start in WORD_AT:
        sentences.insert(1, f"That reminded me of {WORD.capitalize()} and the spice route.")
    return " ".join(sentences)


def long_talk(audio_url: str) -> str:
    starts = [10 + 30 * i for i in range(80)]
    starts = [s for s in starts if not 1210 < s < 1570]  # 20:10 .. 26:10 is one long segment
    lines = []
    for s in starts:
        speaker = "Ada Host" if (s // 30) % 2 else "Grace Guest"
        n = 36 if s == 1210 else 3
        lines.append(f"[{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}] **{speaker}:** {_segment_text(s, n)}")
    chapters = [(0, "Cold open"), (600, "Caches"), (1210, "The long answer"), (1350, "Inside the long answer"),
                (1440, "Still inside it"), (1800, "Thirty minutes in"), (2100, "Wrap-up")]
    chapter_yaml = "\n".join(f'  - {{start: "0:{s // 60:02d}:{s % 60:02d}", title: "{t}"}}' for s, t in chapters)
    return f"""---
title: "A long talk with a player"
date: 2026-03-20
duration: "0:40:00"
guests: [grace-guest]
summary: Forty minutes on compilers, with audio and a timed transcript.
chapters:
{chapter_yaml}
highlights:
  - {{start: "0:18:40", title: "Zanzibar, again"}}
topics: [compilers]
audio: {audio_url}
audio_type: audio/wav
transcript_timing: exact
---
Grace and Ada talk for forty minutes. The best bit is at (18:40).

## Transcript

""" + "\n\n".join(lines) + "\n"


def audio_only(audio_url: str) -> str:
    return f"""---
title: "Audio only, no transcript"
date: 2026-03-22
duration: "0:40:00"
guests: [grace-guest]
summary: An episode with audio and chapters but no transcript.
chapters:
  - {{start: "0:00:00", title: "Hello"}}
  - {{start: "0:12:30", title: "The middle"}}
  - {{start: "0:30:00", title: "The end"}}
highlights:
  - {{start: "0:21:00", title: "A good moment"}}
audio: {audio_url}
audio_type: audio/wav
---
A description that points at (12:30) and at (21:00).

## Key insights

- Timing matters. (30:00)
"""


def write_silence(path: Path, seconds: int = AUDIO_SECONDS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(RATE)
        w.writeframes(b"\x80" * (RATE * seconds))


class RangeHandler(SimpleHTTPRequestHandler):
    """Static files with `Range: bytes=a-b` answered 206: media elements need it to seek."""

    def log_message(self, *args):
        pass

    def send_head(self):
        rng = self.headers.get("Range")
        path = self.translate_path(self.path)
        m = re.match(r"bytes=(\d*)-(\d*)$", rng or "")
        if not m or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        start = int(m.group(1)) if m.group(1) else max(0, size - int(m.group(2) or 0))
        end = min(int(m.group(2)), size - 1) if m.group(1) and m.group(2) else size - 1
        if start >= size:
            self.send_error(416)
            return None
        f = open(path, "rb")
        f.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self._remaining = end - start + 1
        return f

    def copyfile(self, source, outputfile):
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        try:
            while remaining > 0:
                chunk = source.read(min(65536, remaining))
                if not chunk:
                    break
                outputfile.write(chunk)
                remaining -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser had what it needed


def build_site(root: Path, port: int) -> Path:
    """Write the project, render it with the default theme and index it with Pagefind; the site folder."""
    from generator.config import load_config
    from generator.content import load_library
    from generator.render import render_site

    project = root / "project"
    shutil.copytree(FIXTURE, project)
    base = f"http://127.0.0.1:{port}/"
    audio = base + "media/silence.wav"
    shows = project / "content" / "shows" / "signal-and-noise"
    (shows / "2026-03-20-long-talk.md").write_text(long_talk(audio), encoding="utf-8")
    (shows / "2026-03-22-audio-only.md").write_text(audio_only(audio), encoding="utf-8")
    config, problems = load_config(project / "site.yaml", base)
    assert config is not None, problems
    lib, problems = load_library(project / "content", config, False)
    assert lib is not None, [str(p) for p in problems]
    site = root / "site"
    for rel, data in render_site(lib, lib.config.base_url, THEMES).items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True, timeout=300)
    write_silence(site / "media" / "silence.wav")
    return site


def serve(site: Path, port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(RangeHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
