"""Captions of timed transcripts: `transcript.vtt` (WebVTT) and `transcript.srt` (SubRip).

`caption_cues` cuts the cues of generator/transcripts.py into captions of at most two short lines,
broken at word boundaries and preferably at paragraph, sentence or clause ends, each with its own
estimated time (never overlapping, shown between MIN_CAPTION_MS and MAX_CAPTION_MS, ending by the
episode's duration); `transcript_vtt` and `transcript_srt` write them, and `caption_files` both
from one split of the words (what a build calls). Pure and deterministic.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache, partial
from itertools import accumulate, compress
from typing import NamedTuple

from generator.transcripts import WORDS_PER_SECOND, Cue

CAPTION_WIDTH = 65  # WebVTT: the namespace's recommended maximum line length
SRT_WIDTH = 32  # SubRip: the namespace's SRT properties (at most 2 lines of 32 characters)
CAPTION_LINES = 2
MIN_CAPTION_MS = 500  # shorter only when an episode's duration leaves no room
MAX_CAPTION_MS = 15_000  # a caption leaves the screen by then: the rest of a long segment is a pause

_CLOSERS = "\"'”’»)]"  # after a full stop or comma, still the end of the sentence or clause
_PARAGRAPH, _SENTENCE_END, _CLAUSE_END = 3, 2, 1  # how good a place to break after a word is


class Caption(NamedTuple):
    """One caption: at most CAPTION_LINES lines of plain text (not escaped), times in milliseconds."""
    id: str  # the segment's anchor on its first caption; `<anchor>.2`, `<anchor>.3`… on the rest
    start: int
    end: int
    speaker: str
    lines: tuple[str, ...]


def caption_cues(cues: list[Cue], duration: float | None = None, *, width: int = CAPTION_WIDTH,
                 label: bool = False) -> list[Caption]:
    """Segments cut into captions of at most two lines of `width` characters, at word boundaries.

    A caption ends at a paragraph, sentence or clause end when one is near the limit; a word
    longer than a line is a line of its own. Each caption gets the part of its segment's time
    (start to end, as `transcript_cues` made them) in proportion to its words, is shown for at
    most MAX_CAPTION_MS and at least MIN_CAPTION_MS, never overlaps the one before, and ends by
    `duration` (seconds) when it is given. With `label`, the first caption of each new speaker
    starts with `Name: ` (SubRip has no voices), counted in the line length. Pure: the same
    cues give the same captions."""
    return _captions(cues, [_words(c.body) for c in cues], duration, width, label)


def caption_files(cues: list[Cue], duration: float | None = None) -> tuple[bytes, bytes]:
    """`transcript.srt` and `transcript.vtt` of the same cues, splitting their words once."""
    words = [_words(c.body) for c in cues]
    return (_srt(_captions(cues, words, duration, SRT_WIDTH, True)),
            _vtt(_captions(cues, words, duration, CAPTION_WIDTH, False)))


_Segment = tuple[Cue, str, list[list[str]], list[int]]  # the cue, its speaker, each caption's lines and words


def _captions(cues: list[Cue], words: list[tuple[list[str], list[int]]], duration: float | None, width: int,
              label: bool) -> list[Caption]:
    segments: list[_Segment] = []
    previous = None
    for c, (tokens, strength) in zip(cues, words):
        if not tokens:
            continue
        speaker, tokens, strength, named = named_first(c, tokens, strength, label, previous)
        previous = speaker
        wrap = _Wrap(tokens, strength, width)
        groups = wrap.cut()
        counts = [j - max(i, named) if j > named else 0 for i, j in groups]  # the name takes no time
        segments.append((c, speaker, [wrap.lines(i, j) for i, j in groups], counts))
    return timed_captions(segments, duration)


def named_first(c: Cue, tokens: list[str], strength: list[int], label: bool, previous: str | None):
    """(speaker, tokens, strength, how many tokens the name is): with `label`, a segment whose
    speaker is not the one before starts with `Name:`, which wraps like words and is never a
    place to break."""
    speaker = " ".join(c.speaker.split())
    named = len((speaker + ":").split()) if label and speaker and speaker != previous else 0
    if named:
        return speaker, (speaker + ":").split() + tokens, [0] * named + strength, named
    return speaker, tokens, strength, 0


def timed_captions(segments: list[_Segment], duration: float | None) -> list[Caption]:
    """Each segment's captions with their times: the segment's time shared in proportion to their
    words (the speaker's name counts none), then fitted together by `_fit_times`."""
    timing: list[tuple[int, int]] = []  # per caption: the wished-for (start, end) in milliseconds
    for c, _, _, counts in segments:
        start, end = round(c.start * 1000), round(c.end * 1000)
        total = sum(counts)
        if end <= start:
            end = start + round(1000 * max(1.0, total / WORDS_PER_SECOND))
        acc, length = 0, end - start
        for n in counts:
            a = start + length * acc // total
            acc += n
            b = start + length * acc // total
            timing.append((a, b if b < a + MAX_CAPTION_MS else a + MAX_CAPTION_MS))
    times = _fit_times(timing, None if duration is None else round(duration * 1000))
    out: list[Caption] = []
    made, at = _made_caption, 0
    for c, speaker, captions, _ in segments:
        ident = c.id
        for n, lines in enumerate(captions, 1):
            s, e = times[at]
            at += 1
            out.append(made((ident if n == 1 or not ident else f"{ident}.{n}", s, e, speaker, tuple(lines))))
    return out


_made_caption = partial(tuple.__new__, Caption)  # Caption(...) without its Python-level __new__: many are made


def _break_strength(word: str) -> int:
    last = word.rstrip(_CLOSERS)[-1:]
    if last and last in ".!?…":
        return _SENTENCE_END
    return _CLAUSE_END if last and last in ",;:–—" or not word.strip("-–—") else 0


class _Memo(dict):
    """key -> make(key), made once per distinct key; bounded, as it is only a shortcut."""
    def __init__(self, make, limit: int):
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, key):
        if len(self) > self.limit:
            self.clear()
        value = self[key] = self.make(key)
        return value


_STRENGTH = _Memo(_break_strength, 200_000)  # a transcript repeats most of its words


def _words(body: str) -> tuple[list[str], list[int]]:
    """A segment's words, and after each word how good a place to break it is (a paragraph's
    last word: _PARAGRAPH)."""
    tokens: list[str] = []
    strength: list[int] = []
    for para in body.split("\n"):
        words = para.split()
        if words:
            tokens += words
            strength += map(_STRENGTH.__getitem__, words)
            strength[-1] = _PARAGRAPH
    return tokens, strength


# times the width, by break strength (none, clause, sentence, paragraph)
_CUT_BONUS = (0, 0.4, 0.8, 1.0)
_LINE_BONUS = (0, 0.15, 0.3, 0.5)


class _Wrap:
    """One segment's words laid out by prefix sums: `ends[k]` is where word k starts in the words
    joined by spaces, so the length of a run of words is a subtraction and the longest run that
    fits a line is a bisection. Only a few places can win a break (the fullest, the balanced, and
    the places after a word that ends a clause, sentence or paragraph: `strong`); every other place
    scores worse, so the result is what scoring every place gives. tests/render/test_captions.py
    checks that against the plain version, tests/render/caption_reference.py."""

    def __init__(self, tokens: list[str], strength: list[int], width: int):
        self.tokens, self.strength, self.width, self.n = tokens, strength, width, len(tokens)
        lengths = list(map(len, tokens))
        self.ends = list(accumulate(map((1).__add__, lengths), initial=0))
        self.strong = list(compress(range(1, self.n + 1), strength))  # k: a good break after word k-1
        # when no word is longer than a line, a caption never holds more than this many characters
        self.most = CAPTION_LINES * (width + 1) - 1 if not lengths or max(lengths) <= width else None
        self.line_bonus = _bonuses(_LINE_BONUS, width)

    def span(self, i: int, j: int) -> int:
        """Length of words i..j-1 joined by spaces."""
        return self.ends[j] - self.ends[i] - 1

    def fill(self, i: int) -> int:
        """The end of the longest run of words from i that wraps into CAPTION_LINES lines (a line
        holds at least one word, however long)."""
        ends, reach, n = self.ends, self.width + 1, self.n
        for _ in range(CAPTION_LINES):
            if i >= n:
                break
            k = bisect_right(ends, ends[i] + reach, i + 1) - 1
            i = k if k > i else i + 1  # (a conditional: max() is a call, and this runs for every line)
        return i

    def cut(self) -> list[tuple[int, int]]:
        """Word ranges, one a caption: as full as they can be, unless a good break is near the end."""
        n, strength, span, ends, strong, fill = self.n, self.strength, self.span, self.ends, self.strong, self.fill
        bonus, half = _bonuses(_CUT_BONUS, self.width), _bonuses(_CUT_BONUS, self.width, 2)
        i, groups = 0, []
        most, last = self.most, ends[n] - 1
        while i < n:
            j = fill(i)
            if j < n:
                if (most is None or last - ends[j] <= most) and fill(j) == n:  # two captions left: even them out
                    # the first place from which the rest fits one caption: fill() never decreases
                    # (fewer words never need more lines), so a bisection finds it
                    lo_k, k0 = i + 1, j
                    while lo_k < k0:
                        mid = (lo_k + k0) // 2
                        if fill(mid) == n:
                            k0 = mid
                        else:
                            lo_k = mid + 1
                    # the most even, with half a good break's bonus; the later place on a tie
                    best, least, first = j, 0.0, ends[i] + 1
                    for k in range(j, k0 - 1, -1):
                        left, right = ends[k] - first, last - ends[k]
                        score = (left if left > right else right) - half[strength[k - 1]]
                        if k == j or score < least:
                            best, least = k, score
                    j = best
                else:  # the fullest place, unless a good break before it scores better
                    best, top, base = j, span(i, j) + bonus[strength[j - 1]], ends[i] + 1
                    for k in reversed(strong[bisect_right(strong, i):bisect_left(strong, j)]):
                        score = ends[k] - base + bonus[strength[k - 1]]
                        if score > top:  # from the end back: a tie goes to the later place
                            best, top = k, score
                    j = best
            groups.append((i, j))
            i = j
        return groups

    def lines(self, i: int, j: int) -> list[str]:
        """Words i..j-1 as one line, or as two lines balanced and broken at the best place (places
        are word indexes: the second line starts there)."""
        tokens, ends, strength, strong = self.tokens, self.ends, self.strength, self.strong
        total = ends[j] - ends[i] - 1
        if j - i < 2:  # one word, however long: a line
            return [tokens[i]]
        lo, hi = i + 1, j - 1
        if total <= self.width:  # one line, unless it holds the end of a paragraph: a new paragraph, a new line
            places = [k for k in strong[bisect_left(strong, lo):bisect_right(strong, hi)]
                      if strength[k - 1] == _PARAGRAPH]
            if not places:
                return [" ".join(tokens[i:j])]
        else:
            # the places whose two lines fit (the first or the last word alone may be longer)
            width = self.width
            top = bisect_right(ends, ends[i] + width + 1) - 1
            bottom = bisect_left(ends, ends[j] - width - 1)
            lo, hi = (lo if bottom < lo else hi if bottom > hi else bottom,  # each kept within lo..hi
                      lo if top < lo else hi if top > hi else top)
            balanced = bisect_left(ends, ends[i] + 1 + total // 2)  # the first place where left >= right
            places = [lo, hi, balanced - 1, balanced, *strong[bisect_left(strong, lo):bisect_right(strong, hi)]]
        bonus, start = self.line_bonus, ends[i] + 1
        best, best_score = 0, 0.0
        for k in places:
            if lo <= k <= hi:
                left = ends[k] - start
                right = total - left - 1
                score = (left if left > right else right) - bonus[strength[k - 1]]
                if not best or score < best_score or (score == best_score and k < best):  # the earlier on a tie
                    best, best_score = k, score
        if not best:  # cannot happen for words that fill() let through; kept whole rather than lost
            return [" ".join(tokens[i:j])]
        return [" ".join(tokens[i:best]), " ".join(tokens[best:j])]


@lru_cache(maxsize=None)
def _bonuses(table: tuple[float, ...], width: int, divisor: int = 1) -> tuple[float, ...]:
    """A bonus table times the width (divided by `divisor`), by break strength."""
    return tuple(b * width / divisor for b in table)


def _fit_times(timing: list[tuple[int, int]], limit: int | None) -> list[list[int]]:
    """Wished-for (start, end) pairs made into captions that never overlap, last at least the
    minimum, and end by `limit`: pushed later where they crowd, then earlier from the limit back,
    with a shorter minimum when the limit leaves no room for the usual one."""
    if limit is not None and (not timing or limit < len(timing)):
        limit = None  # no room even for a millisecond each: the episode's duration must be wrong

    def place(minimum: int) -> list[list[int]]:
        out, prev = [], 0
        for a, b in timing:
            s = a if a > prev else prev
            e = s + minimum
            if b > e:
                e = b
            out.append([s, e])
            prev = e
        if limit is not None and out and out[-1][1] > limit:
            nxt = limit
            for t in reversed(out):
                t[1] = min(t[1], nxt)
                t[0] = min(t[0], t[1] - minimum)
                nxt = t[0]
        return out

    out = place(MIN_CAPTION_MS)
    if out and out[0][0] < 0:
        out = place(limit // len(timing))
    return out


# whole seconds -> `HH:MM:SS` (a caption file writes two times a caption)
_HMS = _Memo(lambda sec: f"{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}", 100_000)
_MS = [f"{n:03d}" for n in range(1000)]


def _clock(ms: int, sep: str) -> str:
    return _HMS[ms // 1000] + sep + _MS[ms % 1000]


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _vtt(captions: list[Caption]) -> bytes:
    out = ["WEBVTT\n"]
    for c in captions:
        voice = _vtt_escape(c.speaker)
        text = "\n".join(_vtt_escape(line) for line in c.lines)
        out.append("\n" + (f"{c.id}\n" if c.id else "") + f"{_clock(c.start, '.')} --> {_clock(c.end, '.')}\n"
                   + (f"<v {voice}>" if voice else "") + text + "\n")
    return "".join(out).encode("utf-8")


def _srt(captions: list[Caption]) -> bytes:
    out = [f"{n}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n" + "\n".join(c.lines) + "\n"
           for n, c in enumerate(captions, 1)]
    return "\n".join(out).encode("utf-8")


def transcript_vtt(cues: list[Cue], duration: float | None = None) -> bytes:
    """WebVTT captions: every caption carries its speaker's voice (`<v Name>`)."""
    return _vtt(caption_cues(cues, duration))


def transcript_srt(cues: list[Cue], duration: float | None = None) -> bytes:
    """SubRip captions, numbered from 1; a new speaker's first caption starts with `Name: `.
    SubRip has no escapes: text is written as it reads."""
    return _srt(caption_cues(cues, duration, width=SRT_WIDTH, label=True))


__all__ = ["CAPTION_WIDTH", "CAPTION_LINES", "MAX_CAPTION_MS", "MIN_CAPTION_MS", "SRT_WIDTH", "Caption",
           "caption_cues", "caption_files", "timed_captions", "transcript_srt", "transcript_vtt"]
