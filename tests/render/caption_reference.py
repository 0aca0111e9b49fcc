"""The caption cutter as first written: every place scored, word by word (slow, plainly right).

generator/captions.py cuts the same captions from prefix sums and a few candidate places; the
tests check that both give the same captions (both time them with the same `_fit_times`).
"""
from __future__ import annotations

from generator.captions import CAPTION_LINES, CAPTION_WIDTH, MAX_CAPTION_MS, _fit_times, Caption
from generator.transcripts import WORDS_PER_SECOND, Cue

_CLOSERS = "\"'”’»)]"
_PARAGRAPH, _SENTENCE_END, _CLAUSE_END = 3, 2, 1


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
    texts: list[tuple[str, str, list[list[str]]]] = []  # per segment: id, speaker, each caption's lines
    timing: list[tuple[int, int]] = []  # per caption: the wished-for (start, end) in milliseconds
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
        speaker = " ".join(c.speaker.split())
        labelled = label and bool(speaker) and speaker != previous
        previous = speaker
        named = len((speaker + ":").split()) if labelled else 0  # a long name wraps like words
        if named:
            tokens[:0] = (speaker + ":").split()
            strength[:0] = [0] * named
        groups = _cut(tokens, strength, width)
        counts = [j - max(i, named) if j > named else 0 for i, j in groups]  # the name takes no time
        start, end = round(c.start * 1000), round(c.end * 1000)
        total = sum(counts)
        if end <= start:
            end = start + round(1000 * max(1.0, total / WORDS_PER_SECOND))
        acc = 0
        for (i, j), n in zip(groups, counts):
            a = start + (end - start) * acc // total
            acc += n
            b = start + (end - start) * acc // total
            timing.append((a, min(b, a + MAX_CAPTION_MS)))
        texts.append((c.id, speaker, [_lines(tokens[i:j], strength[i:j], width) for i, j in groups]))
    times = iter(_fit_times(timing, None if duration is None else round(duration * 1000)))
    out: list[Caption] = []
    for cue_id, speaker, captions in texts:
        for n, lines in enumerate(captions, 1):
            s, e = next(times)
            ident = cue_id if n == 1 or not cue_id else f"{cue_id}.{n}"
            out.append(Caption(ident, s, e, speaker, tuple(lines)))
    return out


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
