#!/usr/bin/env python3
"""Generate a realistic, deterministic benchmark corpus in the content schema (DESIGN §4).

    python benchmarks/make_corpus.py --episodes 1000 --shows 10 --seed 1 --out benchmarks/corpus/e1000
    python benchmarks/make_corpus.py --out benchmarks/corpus/e1000 --verify-only

The output folder is a complete shownotes project:

    content/shows/<show>/_show.md
    content/shows/<show>/<YYYY-MM-DD>-<slug>.md
    content/people/<person>.md
    site.yaml            (base_url http://127.0.0.1:8000/)
    themes -> <repo>/themes   (a relative symlink; --copy-themes copies instead)
    corpus.json          (the parameters, counts, and the files the harness edits)

Episodes last 40-90 minutes (about an hour), have about 25 chapters, a timed transcript of
about 150 words a minute in speaker turns, Markdown descriptions, and guests drawn from a
long-tailed (Zipf-like) pool so that many people appear on several shows. The text is
Zipf-sampled from `vocab.txt` (words counted in the Python standard library's docstrings and
language reference, kept in the repository so the corpus does not depend on the Python
version) mixed with a conversational core for transcripts.

Everything is a function of the arguments: one `random.Random` for the corpus-wide
decisions, and one per episode seeded from (seed, episode number), so the bytes do not depend
on how many worker processes (--jobs) wrote them. No clock, no network.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import time
import unicodedata
from bisect import bisect
from itertools import accumulate
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VOCAB_FILE = HERE / "vocab.txt"
GENERATOR_VERSION = 1
END_DATE = dt.date(2026, 6, 30)  # the newest episode of every show is on or before this
WORDS_PER_SECOND = 2.5  # 150 words a minute

# --------------------------------------------------------------------------------------
# Word lists

# A conversational core mixed into transcripts (relative weights), so speech reads like
# speech; the rest of the words come from vocab.txt.
CORE = """
I:30 you:24 we:16 it's:10 that's:8 so:14 like:9 yeah:6 know:11 think:12 really:8 just:12
going:6 mean:4 kind:4 lot:4 actually:5 right:4 people:7 things:5 thing:5 um:2 uh:2 don't:6
can't:2 we're:4 they're:3 there's:4 what:8 how:5 why:3 because:6 but:8 okay:2 sort:2
pretty:2 very:3 much:3 more:5 model:4 models:5 team:2 company:3 build:3 building:3 years:3
year:2 now:5 then:4 here:3 there:4 about:8 some:5 my:5 our:4 their:4 was:6 were:3 had:3
been:4 get:4 got:3 see:3 say:3 said:2 want:4 need:3 look:2 work:3 working:2 good:3 great:2
interesting:2 question:2 problem:2 world:2 time:4 way:4 compute:2 training:2 research:2
product:2 customers:1 market:1 startup:1 founders:1 money:1 scale:2 AI:4 open:2 GPU:1
inference:1 agents:1 benchmark:1 evals:1 infrastructure:1 hardware:1 chips:1 revenue:1
honestly:1 basically:2 obviously:1 definitely:1 exactly:1 maybe:2 probably:2 everyone:1
something:3 someone:1 anything:1 today:2 tomorrow:1 next:2 last:2 first:3 big:2 small:1
""".split()

STOP = set("""
the a an and or but if of to in on at by for with from as is are was were be been being this that
these those it its not no can will may must should would could which when where what who how why
then than there their they them there's it's that's you your we our us he she his her i my me
also any all each some such other more most very only just into over under after before about
""".split())

FIRST_NAMES = """
Matt Sarah David Maria James Priya Wei Fatima Carlos Aisha Tom Elena Kenji Olivia Noah
Amara Lucas Sofia Raj Hannah Diego Mei Omar Chloe Ivan Grace Ahmed Laura Ben Nadia Sam Yuki
Daniel Leila Marcus Ingrid Tariq Emma Pedro Anya Jonas Zainab Felix Rosa Arjun Clara Hugo
Naomi Victor Isabel Kwame Julia Rahul Helen Andre Mira Leo Dana Ethan Sakura Paul Alice
Gabriel Nora Kofi Lena Adam Eva Simon Ruth Max Iris Bryan Dean Nathan Joanna Stefan Ayesha
Oscar Tara Rafael Vera Mohamed Lily Chen Amir Sonia Erik Beatriz Dmitri Hiroshi Ana Cyrus
José Zoë Søren Björn François Łukasz Chloé Renée Jürgen Ines Nuño Anaïs Mateo Ximena Thandiwe
""".split()

LAST_NAMES = """
Turck Catanzaro Ball Chen Garcia Patel Kim Nguyen Smith Okafor Rossi Müller Tanaka Silva
Johnson Williams Brown Jones Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Kowalski Novak Ivanova Petrov
Yamamoto Suzuki Watanabe Sato Park Choi Singh Kumar Sharma Gupta Iyer Reddy Das Khan Ali
Hassan Ahmed Ibrahim Mensah Owusu Adeyemi Nakamura Larsen Jensen Nielsen Andersson Lindqvist
Virtanen Korhonen Dubois Laurent Moreau Bernard Fischer Weber Schneider Becker Hoffmann
Bianchi Romano Costa Ferreira Almeida Santos Oliveira Pereira Haddad Cohen Levi Friedman
Goldberg Kaplan Novotny Horvat Popescu Kovacs Nagy Papadopoulos Demir Yilmaz Kaya Zhang Wang
Liu Huang Zhao Wu Zhou Xu Sun Ma Gao Lin Luo Zheng Liang Song Tang Feng Yu Dong Xiao Cheng
Cao Yuan Deng Fu Shen Peng Lu Su Jiang Cai Jia Ding Wei Ye Pan Du Dai Xia Zhong Tian Ren
Fan Fang Shi Yao Tan Liao Zou Xiong Jin Lam Ng Wong Chan Chow Leung Ho Lau Tsang Mak Kwok
O'Brien Murphy Kelly Walsh Byrne Ryan Doyle McCarthy Gallagher Quinn Brennan Duffy Nolan
Sørensen Åberg Núñez Gómez Peña Ibáñez Čapek Dvořák Şahin Öztürk Rønning Hæstad Łukaszewski
""".split()

ORG_SUFFIXES = ["Labs", "AI", "Systems", "Research", "Capital", "Ventures", "Robotics",
                "University", "Institute", "Inc.", "Foundation", "Cloud", "Analytics", "Bio"]
CATEGORIES = ["Technology", "Business", "Science", "Technology", "Education", "News", "Technology"]
SHOW_TITLES = [
    "The MAD Podcast with {h}", "Latent Space", "Gradient Descent Radio", "No Priors Please",
    "The Inference Hour", "Compute & Capital", "Open Weights Weekly", "The Cognitive Revolution Redux",
    "Dwarkesh-Style Deep Dives", "Hard Fork Lite", "Practical AI Engineering", "Training Data",
    "The Robot Brains Show", "Eye on Systems", "Unsupervised Learning", "Big Technology Talk",
]
INTERJECTIONS = ["Right.", "Yeah.", "Yeah, exactly.", "Mm-hmm.", "Totally.", "Interesting.",
                 "Sure.", "Oh, wow.", "Makes sense.", "Absolutely.", "Ha, yes.", "Fair enough.", "Okay."]
EXTRA_SPEAKERS = ["Producer", "Audience Member", "Narrator"]

_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae",
                           "Æ": "AE", "đ": "d", "ı": "i"})


def slugify(text: str, max_length: int = 60) -> str:
    text = re.sub(r"[’'`]", "", text.translate(_TRANSLIT))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", text)
    out = ""
    for w in words:
        if out and len(out) + 1 + len(w) > max_length:
            break
        out = f"{out}-{w}" if out else w[:max_length]
    return out or "untitled"


def fmt_time(sec: int) -> str:
    return f"{sec // 3600}:{sec // 60 % 60:02d}:{sec % 60:02d}"


def fmt_stamp(sec: int, short: bool) -> str:
    if short and sec < 3600:
        return f"[{sec // 60:02d}:{sec % 60:02d}]"
    return f"[{fmt_time(sec)}]"


# --------------------------------------------------------------------------------------
# Vocabulary


def rebuild_vocab(path: Path = VOCAB_FILE, size: int = 6000) -> None:
    """Count the words of the standard library's docstrings and pydoc topics (the language
    reference) and keep the `size` most frequent ones. Run once; the result is committed."""
    import ast
    from collections import Counter

    root = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    skip = {"test", "tests", "idlelib", "site-packages", "turtledemo", "lib2to3", "tkinter", "ensurepip"}
    rx = re.compile(r"(?<![\w.\-/_'])([A-Za-z][a-z]+(?:'[a-z]{1,2})?)(?![\w(_./\-])")
    counts: Counter[str] = Counter()

    def add(text: str) -> None:
        for line in text.splitlines():
            s = line.strip()
            if s.startswith((">>>", "...", ":")):
                continue
            for w in rx.findall(line):
                counts[w.lower()] += 1

    for f in sorted(p for p in root.rglob("*.py") if not (skip & set(p.parts)) and p.name != "turtle.py"):
        try:
            tree = ast.parse(f.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        if f.parent.name == "pydoc_data" and f.name == "topics.py":
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    add(node.value)
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if doc:
                    add(doc)
    bad = set("""def elif kwargs args str int dict bool tuple init len repr stdin stdout stderr eof utf
        os sys fd fp buf msg cls obj func params param src dst ptr impl iter lineno ctx funcs attr attrs
        dirs tarinfo zipinfo foo bar baz spam eggs ham xyz abc abcd wb rb ascii nt posix""".split())
    keep = [(w, c) for w, c in counts.most_common()
            if c >= 2 and 2 <= len(w.split("'")[0]) <= 14 and re.search("[aeiouy]", w) and w not in bad]
    keep = keep[:size]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# word<TAB>count: the most frequent words of the Python standard library's docstrings\n"
                "# and language reference (make_corpus.py --rebuild-vocab); kept for determinism\n")
        for w, c in keep:
            f.write(f"{w}\t{c}\n")
    print(f"wrote {len(keep)} words to {path}")


class Vocab:
    def __init__(self, path: Path = VOCAB_FILE):
        words, counts = [], []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            w, c = line.split("\t")
            words.append(w)
            counts.append(int(c))
        self.words = words
        self.cum_written = list(accumulate(counts))
        # transcripts: the conversational core gets 40% of the probability mass
        core = [(t.rsplit(":", 1)[0], int(t.rsplit(":", 1)[1])) for t in CORE]
        core_total = sum(c for _, c in core)
        doc_total = self.cum_written[-1]
        scale = 0.4 / 0.6 * doc_total / core_total
        self.spoken = [w for w, _ in core] + words
        self.cum_spoken = list(accumulate([c * scale for _, c in core] + counts))
        # content words for titles, chapters, topics: frequent but not function words
        self.content = [w for w in words[30:3500] if len(w) >= 5 and "'" not in w and w not in STOP]
        self.cap = {w: w[:1].upper() + w[1:] for w in set(self.spoken)}


# --------------------------------------------------------------------------------------
# Text


class Text:
    """Sentences from a pre-sampled word stream (the fast path: one random.choices call per
    few thousand words, one join per sentence)."""

    __slots__ = ("rng", "vocab", "pop", "cum", "buf", "pos", "terms", "lens")

    SENTENCE_LENGTHS: list[int] = []

    def __init__(self, rng: random.Random, vocab: Vocab, spoken: bool, terms: list[str] = ()):
        self.rng, self.vocab = rng, vocab
        self.pop = vocab.spoken if spoken else vocab.words
        self.cum = vocab.cum_spoken if spoken else vocab.cum_written
        self.buf: list[str] = []
        self.pos = 0
        self.terms = list(terms)
        if not Text.SENTENCE_LENGTHS:
            r = random.Random(0)
            Text.SENTENCE_LENGTHS = [max(3, min(40, int(r.lognormvariate(2.55, 0.5)))) for _ in range(4096)]
        self.lens = Text.SENTENCE_LENGTHS

    def _refill(self, need: int) -> None:
        k = max(need, 4096)
        fresh = self.rng.choices(self.pop, cum_weights=self.cum, k=k)
        if self.terms:  # the episode's own subject words, about 3% of the tokens
            rnd, terms, nt = self.rng.random, self.terms, len(self.terms)
            for _ in range(k // 33):
                fresh[int(rnd() * k)] = terms[int(rnd() * nt)]
        self.buf = self.buf[self.pos:] + fresh
        self.pos = 0

    def words(self, n: int) -> str:
        """About n words of sentences."""
        if self.pos + n + 50 > len(self.buf):
            self._refill(n + 50)
        buf, cap, lens, rnd = self.buf, self.vocab.cap, self.lens, self.rng.random
        p, end, out = self.pos, self.pos + n, []
        while p < end:
            ln = lens[int(rnd() * 4096)]
            if p + ln > end + 3:
                ln = max(end - p, 2)
            s = buf[p:p + ln]
            p += ln
            s[0] = cap[s[0]]
            r = rnd()
            if ln > 7 and r < 0.55:
                s[1 + int(rnd() * (ln - 2))] += ","
            out.append(" ".join(s) + ("." if r < 0.9 else "?" if r < 0.985 else "!"))
        self.pos = p
        return " ".join(out)

    def phrase(self, n: int) -> str:
        """n content words, lower case, no punctuation."""
        c = self.vocab.content
        return " ".join(c[int(self.rng.random() * len(c))] for _ in range(n))


def title_case(s: str) -> str:
    small = {"a", "an", "and", "the", "of", "for", "in", "on", "to", "at", "by", "with", "or", "is"}
    ws = s.split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(ws))


# --------------------------------------------------------------------------------------
# The corpus plan (decided in the main process; cheap)


def zipf_weights(n: int, s: float, q: float) -> list[float]:
    """Zipf-Mandelbrot weights 1/(rank+q)^s."""
    return [1.0 / (r + q) ** s for r in range(1, n + 1)]


def allocate(total: int, weights: list[float]) -> list[int]:
    """Integer shares of total proportional to weights, each at least 1 (largest remainder)."""
    n = len(weights)
    base = [1] * n
    rest = total - n
    if rest <= 0:
        return [1 if i < total else 0 for i in range(n)]
    wsum = sum(weights)
    raw = [rest * w / wsum for w in weights]
    floor = [int(x) for x in raw]
    left = rest - sum(floor)
    order = sorted(range(n), key=lambda i: (-(raw[i] - floor[i]), i))
    for i in order[:left]:
        floor[i] += 1
    return [b + f for b, f in zip(base, floor)]


class Plan:
    def __init__(self, episodes: int, shows: int, seed: int, vocab: Vocab):
        self.rng = rng = random.Random(f"corpus:{seed}")
        self.seed, self.vocab = seed, vocab
        tx = Text(rng, vocab, spoken=False)
        self.tx = tx
        self.people: dict[str, dict] = {}  # slug -> person record
        used_names: set[str] = set()
        spoken: set[str] = set()  # every name and alias, as speakers match them: `check` wants each once

        def speaker_key(name: str) -> str:
            return " ".join(name.split()).lower()

        def new_person(role: str) -> str:
            for _ in range(1000):
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                if rng.random() < 0.06:
                    name = f"{rng.choice(FIRST_NAMES)} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(LAST_NAMES)}"
                slug = slugify(name)
                if name not in used_names and slug not in self.people and speaker_key(name) not in spoken:
                    break
            else:  # pragma: no cover - pool exhausted
                name = f"{name} {len(self.people)}"
                slug = slugify(name)
            used_names.add(name)
            org = f"{title_case(tx.phrase(1))} {rng.choice(ORG_SUFFIXES)}"
            aliases = []
            r = rng.random()
            if r < 0.12:
                aliases.append(f"{name} ({org})")
            elif r < 0.22:  # a misspelling met in some source
                first, last = name.split(" ", 1)
                if len(last) > 4:
                    i = rng.randrange(1, len(last) - 1)
                    aliases.append(f"{first} {last[:i] + last[i + 1:]}")
            elif r < 0.27:
                aliases.append(name.split(" ")[0] + " " + name.split(" ")[-1][0] + ".")
            spoken.add(speaker_key(name))
            aliases = [a for a in aliases if speaker_key(a) not in spoken]  # another person's name or alias
            spoken.update(speaker_key(a) for a in aliases)
            self.people[slug] = {"slug": slug, "name": name, "role": role, "org": org,
                                 "aliases": aliases, "appearances": 0, "shows": set()}
            return slug

        # shows and hosts
        self.shows = []
        titles = list(SHOW_TITLES)
        rng.shuffle(titles)
        show_weights = zipf_weights(shows, 0.7, 1.0)
        counts = allocate(episodes, show_weights)
        rng.shuffle(counts)
        for i in range(shows):
            hosts = [new_person("host") for _ in range(1 if rng.random() < 0.6 else 2)]
            if i < len(titles):
                title = titles[i].format(h=self.people[hosts[0]]["name"])
            else:
                title = f"The {title_case(tx.phrase(2))} Podcast"
            slug = slugify(title)
            if any(s["slug"] == slug for s in self.shows):
                slug = f"{slug}-{i + 1}"
            self.shows.append({"slug": slug, "title": title, "hosts": hosts, "n": counts[i],
                               "category": rng.choice(CATEGORIES), "short_stamps": rng.random() < 0.3})
        for p in self.people.values():
            p["role"] = "host"

        # the guest pool: Zipf-Mandelbrot over ranks, so a few people appear very often and
        # most appear once; draws ignore the show, so frequent guests cross shows
        pool_size = max(60, int(episodes * 0.7))
        self.pool = [new_person("guest") for _ in range(pool_size)]
        self.pool_cum = list(accumulate(zipf_weights(pool_size, 1.0, 8.0)))
        host_slugs = [h for s in self.shows for h in s["hosts"]]

        # topics
        topic_set: list[str] = []
        seen = set()
        while len(topic_set) < max(40, min(400, episodes // 5)):
            t = slugify(tx.phrase(1 if rng.random() < 0.5 else 2))
            if t not in seen:
                seen.add(t)
                topic_set.append(t)
        topic_cum = list(accumulate(zipf_weights(len(topic_set), 1.0, 2.0)))

        # episodes
        self.episodes = []
        idx = 0
        for show in self.shows:
            n = show["n"]
            span = max(n + 30, int(rng.uniform(3, 8) * 365))
            step = span / n
            day = (END_DATE - dt.timedelta(days=rng.randrange(0, 10))).toordinal()
            used_slugs: set[str] = set()
            for k in range(n):
                number = n - k
                date = dt.date.fromordinal(day)
                day -= max(1, int(step + rng.uniform(-0.3, 0.3) * step))
                r = rng.random()
                ng = 0 if r < 0.08 else 1 if r < 0.68 else 2 if r < 0.92 else 3
                guests: list[str] = []
                while len(guests) < ng:
                    if rng.random() < 0.04:  # another show's host as a guest
                        g = rng.choice(host_slugs)
                        if g in show["hosts"]:
                            continue
                    else:
                        g = self.pool[bisect(self.pool_cum, rng.random() * self.pool_cum[-1])]
                    if g not in guests:
                        guests.append(g)
                hosts = None
                if rng.random() < 0.08:  # a guest host
                    other = rng.choice(host_slugs)
                    hosts = list(dict.fromkeys([show["hosts"][0], other]))
                    guests = [g for g in guests if g not in hosts]
                gname = self.people[guests[0]]["name"] if guests else None
                gorg = self.people[guests[0]]["org"] if guests else title_case(tx.phrase(1)) + " Labs"
                title = self.episode_title(number, gname, gorg)
                slug = slugify(title)
                base, j = slug, 2
                while slug in used_slugs:
                    slug = f"{base}-{j}"
                    j += 1
                used_slugs.add(slug)
                ntop = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])
                topics: list[str] = []
                for _ in range(ntop):
                    t = topic_set[bisect(topic_cum, rng.random() * topic_cum[-1])]
                    if t not in topics:
                        topics.append(t)
                r = rng.random()
                timing = "exact" if r < 0.85 else "estimated" if r < 0.95 else "none"
                ep = {
                    "index": idx, "show": show["slug"], "show_title": show["title"],
                    "show_hosts": show["hosts"], "short_stamps": show["short_stamps"],
                    "date": date, "slug": slug, "title": title, "number": number,
                    "guests": guests, "hosts": hosts, "topics": topics, "timing": timing,
                    "duration": int(min(90 * 60, max(40 * 60, rng.gauss(62 * 60, 11 * 60)))),
                    "insights": rng.random() < 0.4, "highlights": rng.random() < 0.3,
                    "audio": rng.random() < 0.6, "alt": rng.random() < 0.2,
                    "draft": rng.random() < 0.01,
                }
                self.episodes.append(ep)
                idx += 1
                for p in (hosts or show["hosts"]) + guests:
                    self.people[p]["appearances"] += 1
                    self.people[p]["shows"].add(show["slug"])

    def episode_title(self, number: int, guest: str | None, org: str) -> str:
        rng, ph = self.rng, self.tx.phrase
        W = lambda n=1: title_case(ph(n))  # noqa: E731
        forms = [
            lambda: f"{W(2)} and the Future of {W()}" + (f" | {guest}" if guest else ""),
            lambda: f"Why {W()} Is Harder Than It Looks" + (f" | {guest}" if guest else ""),
            lambda: f"{guest or W()} on {W()}, {W()} and {W()}",
            lambda: f"How {org} Thinks About {W(2)}",
            lambda: f"The {W(2)} Problem",
            lambda: f"Inside {org}: {W()} at Scale",
            lambda: f"Is {W()} the New {W()}?",
            lambda: f"{W(2)}: What Comes Next",
            lambda: f"What {W()} Gets Wrong About {W()}" + (f" (with {guest})" if guest else ""),
            lambda: f"Ep. {number}: {W(2)}",
            lambda: f"{org}'s Bet on {W()}",
        ]
        return rng.choice(forms)()


# --------------------------------------------------------------------------------------
# Writing files

VOCAB: Vocab | None = None
PEOPLE: dict[str, dict] = {}
CONTENT: Path = Path()


def dump_front_matter(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096,
                                     default_flow_style=None) + "---\n"


def write_text(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    with open(path, "wb", buffering=1 << 20) as f:
        f.write(data)
    return len(data)


def write_episode(ep: dict) -> tuple[int, int, int]:
    """Generate and write one episode; returns (index, words in the transcript, bytes)."""
    vocab, people = VOCAB, PEOPLE
    rng = random.Random(f"episode:{ep['seed']}:{ep['index']}")
    terms = [vocab.content[rng.randrange(len(vocab.content))] for _ in range(24)]
    terms += [w for t in ep["topics"] for w in t.split("-")]
    spoken = Text(rng, vocab, spoken=True, terms=terms)
    written = Text(rng, vocab, spoken=False, terms=terms)
    duration = ep["duration"]
    hosts = ep["hosts"] or ep["show_hosts"]
    host_names = [people[h]["name"] for h in hosts]
    guest_names = [people[g]["name"] for g in ep["guests"]]
    ph = written.phrase

    # chapters: ascending, unique, inside the episode
    nch = max(12, min(40, int(rng.gauss(25, 4))))
    grid = range(30, duration - 60, 20)  # at least 20 s apart
    starts = [0] + [s + rng.randrange(20) for s in sorted(rng.sample(grid, min(nch - 1, len(grid))))]
    first_titles = ["Cold open & intro", "Intro", "Welcome", "Cold open", "Introduction"]
    chapters = [{"start": fmt_time(0), "title": rng.choice(first_titles)}]
    chapter_forms = [
        lambda: f"Why {ph(2)} matters",
        lambda: title_case(ph(2)),
        lambda: f"The {ph(1)} question",
        lambda: f"How {ph(1)} changes {ph(1)}",
        lambda: f"{title_case(ph(1))} vs. {ph(1)}",
        lambda: f"Lessons from {people[rng.choice(ep['guests'])]['org'] if ep['guests'] else title_case(ph(1))}",
        lambda: f"What's next for {ph(2)}?",
        lambda: f"{title_case(ph(1))}, {ph(1)} & {ph(1)}",
    ]
    for s in starts[1:]:
        chapters.append({"start": fmt_time(s), "title": rng.choice(chapter_forms)()})
    if len(chapters) > 3 and rng.random() < 0.5:
        chapters[-1]["title"] = rng.choice(["Rapid-fire questions", "Wrap-up", "Where to find us", "Outro"])

    fm: dict = {"title": ep["title"], "date": ep["date"], "duration": fmt_time(duration),
                "guests": list(ep["guests"])}
    if ep["hosts"]:
        fm["hosts"] = list(ep["hosts"])
    who = " and ".join(guest_names) if guest_names else "the team"
    fm["summary"] = (f"{host_names[0]} talks with {who} about {ph(1)}, {ph(1)} and {ph(2)}. "
                     + written.words(rng.randrange(10, 22)))
    if ep["alt"]:
        fm["alt_titles"] = [f"{guest_names[0] if guest_names else ep['show_title']}: {title_case(ph(3))}"]
    fm["chapters"] = chapters
    if ep["highlights"]:
        hs = sorted(rng.sample(range(60, duration - 30), rng.randrange(3, 9)))
        fm["highlights"] = [{"start": fmt_time(h), "title": written.words(rng.randrange(6, 12)).rstrip(".?!")}
                            for h in hs]
    if ep["topics"]:
        fm["topics"] = list(ep["topics"])
    if ep["audio"]:
        fm["audio"] = f"https://media.example.com/{ep['show']}/{ep['slug']}.mp3"
    fm["sources"] = [f"{rng.randrange(1000):03d}_{rng.getrandbits(64):016x}.txt"
                     for _ in range(rng.choice([1, 1, 2]))]
    fm["transcript_timing"] = ep["timing"]
    fm["draft"] = ep["draft"]

    # description: emphasis, a link, a list
    parts = []
    org = people[ep["guests"][0]]["org"] if ep["guests"] else "our sponsor"
    site = f"https://{slugify(org).replace('-', '')}.example.com/"
    parts.append(f"In this episode, {who} joins {' and '.join(host_names)} to talk about *{ph(2)}* and "
                 f"why **{ph(1)}** matters. {written.words(rng.randrange(25, 60))} "
                 f"Learn more at [{org}]({site}).")
    items = rng.sample(chapters[1:], min(len(chapters) - 1, rng.randrange(3, 7)))
    parts.append("We cover:\n\n" + "\n".join(f"- {c['title']}" for c in items))
    if rng.random() < 0.5:
        parts.append(written.words(rng.randrange(30, 80)))
    if rng.random() < 0.3:
        parts.append(f"> {written.words(rng.randrange(12, 25))}")
    if ep["insights"]:
        lines = [f"- **{title_case(ph(2))}.** {written.words(rng.randrange(12, 35))}"
                 for _ in range(rng.randrange(3, 8))]
        parts.append("## Key insights\n\n" + "\n".join(lines))

    # transcript: speaker turns at about 150 words a minute
    target = int(duration * WORDS_PER_SECOND * rng.uniform(0.93, 1.02))
    alias_of = {}
    for slug in list(hosts) + list(ep["guests"]):
        if people[slug]["aliases"]:
            alias_of[people[slug]["name"]] = people[slug]["aliases"][0]
    speakers_h, speakers_g = host_names, guest_names or host_names
    segs: list[str] = []
    words = 0
    last_is_host = False
    timed = ep["timing"] != "none"
    estimated = ep["timing"] == "estimated"
    short = ep["short_stamps"]
    rnd = rng.random
    while words < target:
        r = rnd()
        if last_is_host:
            spk = rng.choice(speakers_g)
            n = int(min(650, rng.lognormvariate(4.45, 0.7)))
            last_is_host = not guest_names
        else:
            spk = rng.choice(speakers_h)
            n = int(min(250, rng.lognormvariate(3.3, 0.8)))
            last_is_host = True
        if r < 0.004:
            spk = rng.choice(EXTRA_SPEAKERS)
        elif spk in alias_of and r < 0.05:
            spk = alias_of[spk]
        t = min(int(words / WORDS_PER_SECOND), duration - 1)
        if estimated:
            t -= t % 10
        if r > 0.92:  # a short interjection
            paras = [rng.choice(INTERJECTIONS)]
            n = len(paras[0].split())
        else:
            n = max(3, n)
            paras = []
            left = n
            while left > 0:
                k = left if left < 180 else rng.randrange(60, 160)
                paras.append(spoken.words(k))
                left -= k
        words += n
        if timed:
            segs.append(f"{fmt_stamp(t, short)} **{spk}:** {paras[0]}")
            segs.extend(paras[1:])
        else:
            segs.append(" ".join(paras))
    parts.append("## Transcript\n\n" + "\n\n".join(segs))

    text = dump_front_matter(fm) + "\n" + "\n\n".join(parts) + "\n"
    path = CONTENT / "shows" / ep["show"] / f"{ep['date'].isoformat()}-{ep['slug']}.md"
    return ep["index"], words, write_text(path, text)


def _init_worker(vocab: Vocab, people: dict, content: Path) -> None:
    global VOCAB, PEOPLE, CONTENT
    VOCAB, PEOPLE, CONTENT = vocab, people, content


def write_person(rng: random.Random, tx: Text, p: dict, content: Path) -> int:
    fm: dict = {"name": p["name"]}
    if p["aliases"]:
        fm["aliases"] = list(p["aliases"])
    fm["role"] = p["role"]
    if rng.random() < 0.85:
        fm["affiliation"] = p["org"]
    links = []
    handle = p["slug"].replace("-", "")
    if rng.random() < 0.7:
        links.append({"title": "X", "url": f"https://x.com/{handle[:15]}"})
    if rng.random() < 0.5:
        links.append({"title": "Website", "url": f"https://{handle}.example.org/"})
    if rng.random() < 0.3:
        links.append({"title": "LinkedIn", "url": f"https://www.linkedin.com/in/{p['slug']}"})
    if links:
        fm["links"] = links
    bio = (f"{p['name']} is {'a host' if p['role'] == 'host' else 'a researcher'} at *{p['org']}*, "
           f"working on {tx.phrase(2)}. " + tx.words(rng.randrange(20, 70)))
    return write_text(content / "people" / f"{p['slug']}.md", dump_front_matter(fm) + "\n" + bio + "\n")


def write_show(rng: random.Random, tx: Text, s: dict, content: Path) -> int:
    fm = {"title": s["title"], "hosts": list(s["hosts"]),
          "description": f"A show about {tx.phrase(2)}, {tx.phrase(1)} and {tx.phrase(2)}. "
                         + tx.words(rng.randrange(15, 35)),
          "website": f"https://{s['slug']}.example.com/", "category": s["category"], "language": "en"}
    about = "\n\n".join(tx.words(rng.randrange(40, 90)) for _ in range(rng.randrange(1, 4)))
    return write_text(content / "shows" / s["slug"] / "_show.md", dump_front_matter(fm) + "\n" + about + "\n")


# --------------------------------------------------------------------------------------


def manifest_params(args: argparse.Namespace) -> dict:
    return {"generator_version": GENERATOR_VERSION, "episodes": args.episodes, "shows": args.shows,
            "seed": args.seed}


def generate(args: argparse.Namespace) -> dict:
    out: Path = args.out
    t0 = time.perf_counter()
    vocab = Vocab()
    plan = Plan(args.episodes, args.shows, args.seed, vocab)
    t_plan = time.perf_counter() - t0

    if out.exists():
        for sub in ("content", "hugo"):
            if (out / sub).exists():
                shutil.rmtree(out / sub)
        for f in ("corpus.json", "site.yaml"):
            (out / f).unlink(missing_ok=True)
    content = out / "content"
    (content / "people").mkdir(parents=True)
    for s in plan.shows:
        (content / "shows" / s["slug"]).mkdir(parents=True)

    rng = random.Random(f"people:{args.seed}")
    tx = Text(rng, vocab, spoken=False)
    nbytes = 0
    referenced = [p for p in plan.people.values() if p["appearances"] > 0 or p["role"] == "host"]
    for p in sorted(referenced, key=lambda p: p["slug"]):
        nbytes += write_person(rng, tx, p, content)
    for s in plan.shows:
        nbytes += write_show(rng, tx, s, content)

    people_plain = {p["slug"]: {"name": p["name"], "org": p["org"], "aliases": p["aliases"]}
                    for p in referenced}
    eps = [dict(ep, seed=args.seed) for ep in plan.episodes]
    words = 0
    jobs = max(1, args.jobs or os.cpu_count() or 1)
    if jobs == 1:
        _init_worker(vocab, people_plain, content)
        for ep in eps:
            _, w, b = write_episode(ep)
            words += w
            nbytes += b
    else:
        import multiprocessing as mp
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(vocab, people_plain, content)) as pool:
            for _, w, b in pool.imap_unordered(write_episode, eps, chunksize=8):
                words += w
                nbytes += b

    (out / "site.yaml").write_text(
        "title: Benchmark Show Notes\n"
        "base_url: http://127.0.0.1:8000/\n"
        f"description: A generated benchmark corpus of {args.episodes} episodes on {args.shows} shows (seed {args.seed}).\n"
        "language: en\n"
        "theme: default\n", encoding="utf-8")
    themes = out / "themes"
    if themes.is_symlink() or themes.is_file():
        themes.unlink()
    elif themes.is_dir():
        shutil.rmtree(themes)
    if args.copy_themes:
        shutil.copytree(REPO / "themes", themes, symlinks=False)
    else:
        themes.symlink_to(os.path.relpath(REPO / "themes", out.resolve()), target_is_directory=True)

    # the files the harness edits: a typical episode, and the guest with most appearances
    mid = plan.episodes[len(plan.episodes) // 2]
    top = max((p for p in referenced if p["role"] == "guest"), key=lambda p: (p["appearances"], p["slug"]))
    live = [e for e in plan.episodes if not e["draft"]]
    multi_show = sum(1 for p in referenced if len(p["shows"]) >= 2)
    manifest = {
        **manifest_params(args),
        "shows_list": [s["slug"] for s in plan.shows],
        "counts": {"episodes": len(plan.episodes), "published_episodes": len(live),
                   "drafts": len(plan.episodes) - len(live), "people": len(referenced),
                   "people_on_2plus_shows": multi_show,
                   "people_with_2plus_appearances": sum(1 for p in referenced if p["appearances"] >= 2),
                   "topics": len({t for e in plan.episodes for t in e["topics"]}),
                   "transcript_words": words, "bytes": nbytes},
        "edit_targets": {
            "episode": f"content/shows/{mid['show']}/{mid['date'].isoformat()}-{mid['slug']}.md",
            "person": f"content/people/{top['slug']}.md",
            "person_appearances": top["appearances"],
        },
        "seconds": {"plan": round(t_plan, 2), "total": round(time.perf_counter() - t0, 2)},
    }
    (out / "corpus.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


# --------------------------------------------------------------------------------------
# --verify: load every file the way a strict reader would and check the schema

TS_RE = re.compile(r"^\[(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\]")
TIME_RE = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EP_NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


def _secs(v) -> int | None:
    m = TIME_RE.match(str(v))
    if not m:
        return None
    return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + int(m.group(3))


def _split(path: Path, loader) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.index("\n---\n", 4)
    data = yaml.load(text[4:end + 1], Loader=loader)
    if not isinstance(data, dict):
        raise ValueError("front matter is not a mapping")
    return data, text[end + 5:]


def verify(out: Path) -> int:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    t0 = time.perf_counter()
    content = out / "content"
    problems: list[str] = []
    err = problems.append
    people = {}
    for f in sorted((content / "people").glob("*.md")):
        try:
            fm, body = _split(f, loader)
        except Exception as e:  # noqa: BLE001
            err(f"{f}: {e}")
            continue
        if not SLUG_RE.match(f.stem):
            err(f"{f}: bad person slug")
        if not isinstance(fm.get("name"), str) or not fm["name"]:
            err(f"{f}: name missing")
        if fm.get("role") not in (None, "host", "guest"):
            err(f"{f}: bad role {fm.get('role')!r}")
        for link in fm.get("links") or []:
            if set(link) != {"title", "url"}:
                err(f"{f}: bad link {link!r}")
        people[f.stem] = fm
    n_eps = n_words = n_segs = n_chapters = 0
    appearances: dict[str, set] = {}
    shows = sorted(p for p in (content / "shows").iterdir() if p.is_dir())
    for sd in shows:
        sf = sd / "_show.md"
        try:
            sfm, _ = _split(sf, loader)
            if not isinstance(sfm.get("title"), str):
                err(f"{sf}: title missing")
            for h in sfm.get("hosts") or []:
                if h not in people:
                    err(f"{sf}: unknown host {h}")
        except Exception as e:  # noqa: BLE001
            err(f"{sf}: {e}")
            sfm = {}
        slugs = set()
        for f in sorted(sd.glob("*.md")):
            if f.name == "_show.md":
                continue
            n_eps += 1
            m = EP_NAME_RE.match(f.name)
            if not m:
                err(f"{f}: bad episode file name")
                continue
            if m.group(2) in slugs:
                err(f"{f}: duplicate slug in show")
            slugs.add(m.group(2))
            try:
                fm, body = _split(f, loader)
            except Exception as e:  # noqa: BLE001
                err(f"{f}: {e}")
                continue
            for key in ("title", "date"):
                if key not in fm:
                    err(f"{f}: {key} missing")
            if not isinstance(fm.get("date"), dt.date) or fm["date"].isoformat() != m.group(1):
                err(f"{f}: date {fm.get('date')!r} does not match the file name")
            dur = _secs(fm.get("duration", "0:00:00"))
            if dur is None:
                err(f"{f}: bad duration {fm.get('duration')!r}")
                dur = 10 ** 9
            for who in list(fm.get("guests") or []) + list(fm.get("hosts") or sfm.get("hosts") or []):
                if who not in people:
                    err(f"{f}: unknown person {who}")
                appearances.setdefault(who, set()).add(sd.name)
            prev = -1
            for c in fm.get("chapters") or []:
                s = _secs(c.get("start"))
                if s is None or not isinstance(c.get("title"), str):
                    err(f"{f}: bad chapter {c!r}")
                    continue
                if s <= prev:
                    err(f"{f}: chapters not ascending/unique at {c['start']}")
                if s >= dur:
                    err(f"{f}: chapter {c['start']} after the end")
                prev = s
                n_chapters += 1
            for h in fm.get("highlights") or []:
                if _secs(h.get("start")) is None:
                    err(f"{f}: bad highlight {h!r}")
            if fm.get("transcript_timing") not in ("exact", "estimated", "none"):
                err(f"{f}: bad transcript_timing")
            ki, tr = body.find("\n## Key insights\n"), body.find("\n## Transcript\n")
            if tr < 0 or (ki >= 0 and ki > tr):
                err(f"{f}: body sections out of order")
                continue
            last = -1
            for para in body[tr + 15:].strip().split("\n\n"):
                mm = TS_RE.match(para)
                if mm:
                    n_segs += 1
                    s = int(mm.group(1) or 0) * 3600 + int(mm.group(2)) * 60 + int(mm.group(3))
                    if s < last or s >= dur:
                        err(f"{f}: transcript time {mm.group(0)} out of order")
                    last = s
                n_words += para.count(" ") + 1
            if fm.get("transcript_timing") == "none" and last >= 0:
                err(f"{f}: untimed transcript has timestamps")
    multi = sum(1 for s in appearances.values() if len(s) >= 2)
    for p in problems[:30]:
        print(p)
    print(f"verified {out}: {len(shows)} shows, {n_eps} episodes, {len(people)} people "
          f"({multi} on 2+ shows), {n_chapters / max(n_eps, 1):.1f} chapters and "
          f"{n_segs / max(n_eps, 1):.0f} timed segments and {n_words / max(n_eps, 1):,.0f} words per episode; "
          f"{len(problems)} problems, {time.perf_counter() - t0:.1f}s")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--episodes", type=int, default=1000)
    ap.add_argument("--shows", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None, help="default: benchmarks/corpus/e<episodes>")
    ap.add_argument("--jobs", type=int, default=None, help="writer processes (default: all cores); "
                    "the output does not depend on it")
    ap.add_argument("--copy-themes", action="store_true", help="copy themes/ instead of symlinking it")
    ap.add_argument("--force", action="store_true", help="regenerate even if --out holds this corpus")
    ap.add_argument("--verify", action="store_true", help="check every file after generating")
    ap.add_argument("--verify-only", action="store_true", help="only check the corpus at --out")
    ap.add_argument("--rebuild-vocab", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.rebuild_vocab:
        rebuild_vocab()
        return 0
    if args.out is None:
        args.out = HERE / "corpus" / f"e{args.episodes}"
    if args.verify_only:
        return verify(args.out)
    if args.episodes < 1 or args.shows < 1:
        ap.error("--episodes and --shows must be positive")
    man = args.out / "corpus.json"
    if man.exists() and not args.force:
        try:
            old = json.loads(man.read_text())
        except ValueError:
            old = {}
        if all(old.get(k) == v for k, v in manifest_params(args).items()):
            print(f"{args.out}: up to date ({args.episodes} episodes, seed {args.seed}); --force regenerates")
            return verify(args.out) if args.verify else 0
    if args.out.exists() and any(args.out.iterdir()) and not (man.exists() or args.force):
        print(f"{args.out} exists and is not a corpus folder; refusing (use --force)", file=sys.stderr)
        return 2
    m = generate(args)
    c = m["counts"]
    print(f"wrote {args.out}: {len(m['shows_list'])} shows, {c['episodes']} episodes "
          f"({c['drafts']} drafts), {c['people']} people ({c['people_on_2plus_shows']} on 2+ shows), "
          f"{c['transcript_words']:,} transcript words, {c['bytes'] / 2**20:.0f} MiB in {m['seconds']['total']:.1f}s")
    return verify(args.out) if args.verify else 0


if __name__ == "__main__":
    sys.exit(main())
