"""The caption cutter as first written: every place scored, word by word (slow, plainly right).

generator/captions.py cuts the same captions from prefix sums and a few candidate places; the
tests check that both give the same captions. Both time them with `timed_captions`.
"""
from __future__ import annotations

from generator.captions import CAPTION_LINES, CAPTION_WIDTH, Caption, named_first, timed_captions
from generator.transcripts import Cue

_CLOSERS = "\"'”’»)]"
_PARAGRAPH, _SENTENCE_END, _CLAUSE_END = 3, 2, 1


def caption_cues(cues: list[Cue], duration: float | None = None, *, width: int = CAPTION_WIDTH,
                 label: bool = False) -> list[Caption]:
    """generator.captions.caption_cues, placing breaks by scoring every place."""
    segments = []
    previous = None
    for c in cues:
        tokens: list[str] = []
        strength: list[int] = []
        for para in c.body.split("\n"):
            words = para.split()
            if words:
                tokens += words
                strength += [_break_strength(w) for w in words[:-1]] + [_PARAGRAPH]
        if not tokens:
            continue
        speaker, tokens, strength, named = named_first(c, tokens, strength, label, previous)
        previous = speaker
        groups = _cut(tokens, strength, width)
        counts = [j - max(i, named) if j > named else 0 for i, j in groups]  # the name takes no time
        segments.append((c, speaker, [_lines(tokens[i:j], strength[i:j], width) for i, j in groups], counts))
    return timed_captions(segments, duration)


def _break_strength(word: str) -> int:
    last = word.rstrip(_CLOSERS)[-1:]
    if last and last in ".!?…":
        return _SENTENCE_END
    return _CLAUSE_END if last and last in ",;:–—" or not word.strip("-–—") else 0


def _fill(lengths: list[int], i: int, width: int) -> int:
    """The end of the longest run of words from i that wraps into CAPTION_LINES lines (at least one word)."""
    lines, cur, j, n = 1, lengths[i], i + 1, len(lengths)
    while j < n:
        if cur + 1 + lengths[j] <= width:
            cur += 1 + lengths[j]
        elif lines < CAPTION_LINES:
            lines, cur = lines + 1, lengths[j]
        else:
            break
        j += 1
    return j


def _cut(tokens: list[str], strength: list[int], width: int) -> list[tuple[int, int]]:
    """Word ranges, one a caption: as full as they can be, unless a good break is near the end."""
    lengths = [len(t) for t in tokens]
    ends = [0]
    for n in lengths:
        ends.append(ends[-1] + n + 1)

    def span(i: int, j: int) -> int:
        return ends[j] - ends[i] - 1

    bonus = {0: 0, _CLAUSE_END: 0.4 * width, _SENTENCE_END: 0.8 * width, _PARAGRAPH: 1.0 * width}
    n, i, groups = len(tokens), 0, []
    while i < n:
        j = _fill(lengths, i, width)
        if j < n:
            if _fill(lengths, j, width) == n:  # two captions left: even them out
                k0 = j  # the rest fits one caption from k0 on (fewer words never need more lines)
                while k0 - 1 > i and _fill(lengths, k0 - 1, width) == n:
                    k0 -= 1
                j = min(range(k0, j + 1), key=lambda k: (max(span(i, k), span(k, n)) - bonus[strength[k - 1]] / 2, -k))
            else:
                j = max(range(i + 1, j + 1), key=lambda k: (span(i, k) + bonus[strength[k - 1]], k))
        groups.append((i, j))
        i = j
    return groups


def _lines(tokens: list[str], strength: list[int], width: int) -> list[str]:
    """One caption's tokens as one line, or as two lines balanced and broken at the best place."""
    text = " ".join(tokens)
    lengths = [len(t) for t in tokens]
    total = len(text)
    options = []
    left = -1
    for k in range(1, len(tokens)):
        left += lengths[k - 1] + 1
        right = total - left - 1
        if (left <= width or k == 1) and (right <= width or k == len(tokens) - 1):
            score = max(left, right) - {0: 0, _CLAUSE_END: 0.15, _SENTENCE_END: 0.3, _PARAGRAPH: 0.5}[strength[k - 1]] * width
            options.append((strength[k - 1] == _PARAGRAPH, score, k))
    if total <= width:  # one line, unless it holds the end of a paragraph: a new paragraph, a new line
        options = [o for o in options if o[0]]
        if not options:
            return [text]
    if not options:  # cannot happen for tokens that _fill let through; kept whole rather than lost
        return [text]
    k = min(options, key=lambda o: (o[1], o[2]))[2]
    return [" ".join(tokens[:k]), " ".join(tokens[k:])]
