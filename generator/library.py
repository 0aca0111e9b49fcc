"""The library: every show, episode and person keyed by slug, plus the cross-references
computed from them in named passes.

Each pass reads what earlier passes produced and is linear in the number of appearances
(or of distinct keywords), so a 10,000-episode site costs ten times a 1,000-episode one.
"""
from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from generator.model import Episode, Person, Show, SiteConfig
from generator.progress import advance, checkpoint

EpisodeKey = tuple[str, str]

RELATED_LIMIT = 5
ALSO_WITH_LIMIT = 8
RELATED_POSTINGS = 40  # constant, so the related pass stays linear in the number of episodes
KEYWORDS_PER_EPISODE = 12
_WORD = re.compile(r"[a-z][a-z0-9]{3,}")
_STOP = frozenset("""
about above after again against also among because been before being below between both could does doing down during each
from further have having here into itself just like make many more most much must only other over same should some such
than that their them then there these they this those through under until very what when where which while will with
would your yours episode podcast show really think know going yeah thing things kind sort actually people""".split())


@dataclass
class AlsoWith:
    """A person on this episode and their other episodes (this show and others), newest first:
    at most ALSO_WITH_LIMIT of them; `total` counts them all (the person page lists every one)."""
    person: Person
    episodes: list[Episode]
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.episodes)


@dataclass
class Library:
    config: SiteConfig
    shows: dict[str, Show]
    episodes: dict[EpisodeKey, Episode]
    people: dict[str, Person]
    episodes_by_show: dict[str, list[Episode]] = field(default_factory=dict)
    appearances: dict[str, list[Episode]] = field(default_factory=dict)
    also_with: dict[EpisodeKey, list[AlsoWith]] = field(default_factory=dict)
    topics: dict[str, list[Episode]] = field(default_factory=dict)
    related: dict[EpisodeKey, list[Episode]] = field(default_factory=dict)
    previous: dict[EpisodeKey, Episode | None] = field(default_factory=dict)  # older, same show
    next: dict[EpisodeKey, Episode | None] = field(default_factory=dict)  # newer, same show
    speakers: dict[str, str] = field(default_factory=dict)  # lowercased name or alias -> person slug
    related_known: tuple[str, dict] | None = None  # (inputs fingerprint, keys) of related episodes from a last build

    @property
    def newest_first(self) -> list[Episode]:
        return sorted(self.episodes.values(), key=_newest_key)


# words a topic slug spells in capitals, and short words that stay lowercase inside a name
_TOPIC_UPPER = frozenset("ai ml llm llms gpu gpus cpu tpu api apis ui ux us uk eu vc ceo cto nlp rl agi ar vr iot".split())
_TOPIC_LOWER = frozenset("a an and as at by for in of on or the to vs with".split())


def topic_name(topic: str) -> str:
    """A topic's display name: as written when front matter gives a name ("AI & Machine Learning"),
    else spelled out from its slug ("ai-machine-learning" -> "AI Machine Learning")."""
    from generator.slugs import is_slug
    if not is_slug(topic):
        return " ".join(topic.split())
    words = topic.split("-")
    out = []
    for i, w in enumerate(words):
        if w in _TOPIC_UPPER:
            out.append(w.upper())
        elif i and w in _TOPIC_LOWER:
            out.append(w)
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


def _newest_key(ep: Episode) -> tuple:
    return (-ep.date.toordinal(), ep.show, ep.slug)


def build_library(config: SiteConfig, shows: dict[str, Show], episodes: dict[EpisodeKey, Episode],
                  people: dict[str, Person], related_known: tuple[str, dict] | None = None) -> Library:
    """Run every cross-reference pass, in order, over validated content. related_known: what
    `related_memo` said after a build before; its related episodes are taken when their inputs
    are the same (editing a transcript or a bio leaves them alone, and they are the costly pass)."""
    lib = Library(config, shows, episodes, people, related_known=related_known)
    for n, cross_reference in enumerate(PASSES, 1):
        cross_reference(lib)
        advance(n, len(PASSES))  # the "xref" stage's bar, when there is one
    return lib


def pass_show_episodes(lib: Library) -> None:
    by_show: dict[str, list[Episode]] = {slug: [] for slug in lib.shows}
    for ep in lib.newest_first:
        by_show.setdefault(ep.show, []).append(ep)
    lib.episodes_by_show = by_show


def pass_neighbours(lib: Library) -> None:
    """Previous (older) and next (newer) episode within the same show."""
    for eps in lib.episodes_by_show.values():
        for i, ep in enumerate(eps):
            lib.next[ep.key] = eps[i - 1] if i > 0 else None
            lib.previous[ep.key] = eps[i + 1] if i + 1 < len(eps) else None


def pass_appearances(lib: Library) -> None:
    appearances: dict[str, list[Episode]] = {slug: [] for slug in lib.people}
    for ep in lib.newest_first:
        for slug in ep.people:
            appearances.setdefault(slug, []).append(ep)
    lib.appearances = appearances


def pass_also_with(lib: Library) -> None:
    """For each guest (and host, when they also appear on other shows), their other episodes.

    A host's other episodes of their own show are the show's archive, not news: those are
    left out, so "Also with" stays about people met elsewhere. Each list is capped, and built
    from per-show lists that are capped too, so a guest on hundreds of episodes costs no more
    per page than one on ten."""
    by_show: dict[str, dict[str, list[Episode]]] = {}
    for slug, episodes in lib.appearances.items():
        shows: dict[str, list[Episode]] = defaultdict(list)
        for ep in episodes:
            shows[ep.show].append(ep)
        by_show[slug] = shows
    elsewhere: dict[tuple[str, str], list[Episode]] = {}  # (host, show) -> their episodes on other shows
    for ep in lib.episodes.values():
        entries = []
        for slug in ep.people:
            person = lib.people.get(slug)
            shows = by_show.get(slug)
            if person is None or not shows:
                continue
            if slug in ep.guests:
                total = len(lib.appearances[slug]) - 1
                others = [o for o in lib.appearances[slug][:ALSO_WITH_LIMIT + 1] if o.key != ep.key]
            else:  # the same for every episode of the show: made once
                total = len(lib.appearances[slug]) - len(shows.get(ep.show, []))
                others = elsewhere.get((slug, ep.show))
                if others is None:
                    others = elsewhere[slug, ep.show] = sorted(
                        (o for show, eps in shows.items() if show != ep.show for o in eps[:ALSO_WITH_LIMIT]),
                        key=_newest_key)
            if total > 0:
                entries.append(AlsoWith(person, others[:ALSO_WITH_LIMIT], total))
        lib.also_with[ep.key] = entries


def pass_topics(lib: Library) -> None:
    topics: dict[str, list[Episode]] = defaultdict(list)
    for ep in lib.newest_first:
        for topic in ep.topics:
            topics[topic].append(ep)
    lib.topics = dict(sorted(topics.items()))


def pass_speakers(lib: Library) -> None:
    """Names and aliases, lowercased, to person slugs: how transcript speakers resolve."""
    for slug, person in sorted(lib.people.items()):
        for name in [person.name, *person.aliases]:
            lib.speakers.setdefault(" ".join(name.split()).lower(), slug)


def _keywords(ep: Episode) -> Counter:
    text = " ".join([ep.title, ep.summary, ep.description, *ep.alt_titles]).lower()
    return Counter(w for w in _WORD.findall(text) if w not in _STOP)


def related_inputs(lib: Library) -> str:
    """A fingerprint of everything pass_related reads: the episodes' keys, dates and the text and
    people and topics their keywords and scores come from."""
    digest = hashlib.blake2b(digest_size=16)
    for key in sorted(lib.episodes):
        ep = lib.episodes[key]
        parts = (*key, str(ep.date.toordinal()), ep.title, ep.summary, ep.description, *ep.alt_titles, "\1",
                 *ep.guests, "\1", *ep.topics)
        digest.update("\0".join(parts).encode("utf-8", "surrogatepass") + b"\2")
    return digest.hexdigest()


def related_memo(lib: Library) -> tuple[str, dict]:
    """What a later build_library can take instead of running pass_related (kept by the build cache)."""
    return lib.related_known[0], {key: [ep.key for ep in eps] for key, eps in lib.related.items()}


def pass_related(lib: Library) -> None:
    """Related episodes: shared guests, then shared topics, then shared rare keywords.

    Candidates come from inverted indexes (guest, topic, keyword -> episodes), and very
    common keys are skipped, so the pass stays linear rather than comparing all pairs."""
    fingerprint = related_inputs(lib)
    known = lib.related_known
    if known is not None and known[0] == fingerprint and set(known[1]) == set(lib.episodes):
        lib.related = {key: [lib.episodes[k] for k in keys] for key, keys in known[1].items()}
        return
    lib.related_known = (fingerprint, {})
    _score_related(lib)


def _score_related(lib: Library) -> None:
    episodes = list(lib.episodes.values())
    n = max(len(episodes), 1)
    counts = {ep.key: _keywords(ep) for ep in episodes}
    df: Counter = Counter()
    for c in counts.values():
        df.update(c.keys())
    cap = RELATED_POSTINGS  # a key shared by more episodes than this says little, and costs a lot
    top_terms: dict[EpisodeKey, dict[str, float]] = {}
    by_term: dict[str, list[EpisodeKey]] = defaultdict(list)
    for key, c in counts.items():
        scored = {t: tf * math.log(n / df[t] + 1) for t, tf in c.items() if 1 < df[t] <= cap}
        best = dict(sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:KEYWORDS_PER_EPISODE])
        top_terms[key] = best
        for term in best:
            by_term[term].append(key)
    by_guest: dict[str, list[EpisodeKey]] = defaultdict(list)
    by_topic: dict[str, list[EpisodeKey]] = defaultdict(list)
    for ep in episodes:
        for g in ep.guests:
            by_guest[g].append(ep.key)
        for t in ep.topics:
            by_topic[t].append(ep.key)
    newest = sorted(episodes, key=_newest_key)
    rank = {ep.key: i for i, ep in enumerate(newest)}  # ties go to the newer episode
    for n, ep in enumerate(episodes):
        if n % 128 == 0:
            checkpoint()
        score: defaultdict[EpisodeKey, float] = defaultdict(float)
        for g in ep.guests:
            for other in by_guest[g][:cap]:
                score[other] += 100
        for t in ep.topics:
            for other in by_topic[t][:cap]:
                score[other] += 10
        for term, weight in top_terms[ep.key].items():
            for other in by_term[term]:
                score[other] += min(weight, top_terms[other].get(term, 0.0)) / 10
        score.pop(ep.key, None)
        best = heapq.nsmallest(RELATED_LIMIT, [(-s, rank[k]) for k, s in score.items() if s > 0])
        lib.related[ep.key] = [newest[i] for _, i in best]


PASSES = [pass_show_episodes, pass_neighbours, pass_appearances, pass_also_with, pass_topics, pass_speakers,
          pass_related]
