"""People: who a source names as guest or host, and one identity per person across sources.

Names come from how titles and descriptions are phrased ("| Name", "with Name", "Name on …",
"Org's Name:", "… Name joins Host", "Guest: Name, role, Org"), from speaker labels and from
speaker lists. Nothing here knows any particular name. Other spellings met later (a
transcript's "Matt Turk") resolve against the people already known by a fuzzy match and
become aliases; free text never creates a person.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from generator.importers.records import PersonRecord
from generator.importers.text import NAME, clean, is_name, name_tokens, sentences
from generator.slugs import slugify

# ---------------------------------------------------------------- extraction

_SEP = r"\s*(?:,\s*(?:and|&)\s|&|\b(?:and|und|et|y)\b|,)\s*"
_WITH = r"(?:with|featuring|feat\.|ft\.|mit|avec|con)"
_HONORIFIC = r"(?:(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+)?"
_ROLE_WORD = (r"(?:(?:co-?)?founder|CEO|CTO|COO|CFO|CSO|CPO|president|chair(?:man|woman)?|partner|"
              r"chief [a-z]+ officer|head of [A-Z][\w-]*|VP(?: of [A-Z][\w-]*)?|director)")
_ORG_ROLE_NAME = re.compile(
    rf"(?P<org>[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*)*) (?P<pos>{_ROLE_WORD}(?:(?:,| and| &) {_ROLE_WORD})*) "
    rf"(?P<name>{NAME})\b")
_JOINS = re.compile(rf"(?P<guest>{NAME}) (?:joins|join|is joined by) (?P<host>{NAME})\b")
_SITS = re.compile(rf"(?P<host>{NAME}) (?:sits down|talks|speaks|chats|catches up) with (?P<guest>{NAME})\b")
_GUEST_LINE = re.compile(rf"^Guests?:\s*(?P<name>{NAME})(?:,\s*(?P<rest>.*))?$")
_APPOSITIVE = re.compile(rf"(?P<name>{NAME}), (?P<pos>(?:the |an? )?[^,.;:()]{{2,100}}? (?:at|of) [^,.;:()]+?)(?=[,.;:]|$)")
_IS = re.compile(rf"(?P<name>{NAME}) is (?:the |an? )?(?P<pos>[^,.;:()]{{2,120}}? (?:at|of) [^,.;:()]+?)(?= and\b|[,.;:]|$)")
_HOSTED_BY = re.compile(rf"\bhosted by (?P<pos>[^,.;]+? (?:at|of) [^,.;]+?), (?P<name>{NAME})\b")
_HOST_WORD = re.compile(rf"\b(?:[Hh]ost(?:ed by|s)?|[Mm]oderat(?:or|orin|ed by)|moderiert von|[Gg]astgeber(?:in)?|"
                        rf"[Pp]résentat(?:eur|rice)|présenté par|[Aa]nimat(?:eur|rice)|animé par|"
                        rf"[Pp]resentador(?:a)?|presentado por|[Cc]onductor(?:a)?|[Cc]onduttric?e) (?P<name>{NAME})\b")
_LINK = re.compile(r"\b(?P<site>X|Twitter|Bluesky|Mastodon|GitHub|LinkedIn|Website|Blog)\s*:\s*(?P<target>@[\w.-]+|https?://\S+)", re.I)
_SITE_URL = {"x": "https://x.com/{}", "twitter": "https://x.com/{}", "github": "https://github.com/{}",
             "bluesky": "https://bsky.app/profile/{}"}


def _org_of(position: str) -> str | None:
    """The organisation a job title names: what follows its last ' at ', else its last ' of '."""
    for word in (" at ", " of "):
        if word in position:
            org = position.rsplit(word, 1)[1].strip()
            org = re.sub(r"^the ", "", org)
            if org[:1].isupper():
                return org
    return None


def _names_list(text: str) -> list[tuple[str, str | None]]:
    """'Name (Org) & Name (Org)' / 'Name and Name' -> [(name, org)], or [] if it is anything else."""
    item = rf"{_HONORIFIC}({NAME})(?:\s*\(([^()]+)\))?"
    if not re.fullmatch(rf"{item}(?:{_SEP}{item})*", text.strip()):
        return []
    out = [(m.group(1), m.group(2)) for m in re.finditer(item, text)]
    return out if all(is_name(n) for n, _ in out) else []


def from_title(title: str, confirm_text: str = "") -> list[PersonRecord]:
    """Guests a title names: '… | Name', '… — Name (Org) & Name (Org)', '… with Name and Name'
    (also 'featuring', 'mit', 'avec', 'con'), 'Org's Name: …', 'Name & Name on …'. A single
    'Name on …' or 'Name: …' is only believed when the name (or its surname) shows up again in
    `confirm_text` (the description, the speakers): 'Final Thoughts on …' is no guest."""
    title = clean(title)
    found: list[PersonRecord] = []
    m = re.search(r"\|\s*([^|]+)$", title)
    if m:
        found += [PersonRecord(n, "guest", affiliation=o, strength=3) for n, o in _names_list(m.group(1))]
    m = re.search(r"\s[—–]\s*(.+)$", title) or re.search(r"\s-\s(.+)$", title)
    if m:
        found += [PersonRecord(n, "guest", affiliation=o, strength=3) for n, o in _names_list(m.group(1))]
    m = re.search(rf"\b{_WITH} ({_HONORIFIC}{NAME}(?:{_SEP}{_HONORIFIC}{NAME})*)\s*[?!.]?$", title)
    if m:
        found += [PersonRecord(n, "guest", strength=3) for n, _ in _names_list(m.group(1))]
    m = re.match(rf"^(?P<org>[A-Z][\w.&-]*)['’]s (?P<name>{NAME})\s*:", title)
    if m and is_name(m.group("name")):
        found.append(PersonRecord(m.group("name"), "guest", affiliation=m.group("org"), strength=3))
    for m in re.finditer(rf"(?:^|:\s+)(?P<name>{NAME}) on\b", title):
        name = m.group("name")
        surname = name.split()[-1]
        if is_name(name) and re.search(rf"\b{re.escape(surname)}\b", confirm_text):
            found.append(PersonRecord(name, "guest", strength=3))
    # 'Name & Name on …': two or more names before 'on' are people, no confirmation needed
    m = re.match(rf"^(?P<names>{NAME}(?:{_SEP}{NAME})+) on\b", title)
    if m:
        found += [PersonRecord(n, "guest", strength=3) for n, _ in _names_list(m.group("names"))]
    # 'Name: Title' when the description names them too
    m = re.match(rf"^(?P<name>{NAME})\s*:\s", title)
    if m and is_name(m.group("name")) and re.search(rf"\b{re.escape(m.group('name').split()[-1])}\b", confirm_text):
        found.append(PersonRecord(m.group("name"), "guest", strength=3))
    return _dedupe(found)


def from_description(text: str) -> list[PersonRecord]:
    """Participants a description states ('X joins Host', 'Host sits down with X', 'Guest: X')
    plus what it says about anyone (job title, organisation, the sentence introducing them),
    the latter as non-participant records: they only add facts to people known otherwise."""
    found: list[PersonRecord] = []
    for line in text.split("\n"):
        line = clean(line)
        m = _GUEST_LINE.match(line)
        if m and is_name(m.group("name")):
            rest = m.group("rest") or ""
            parts = [p.strip() for p in re.split(r"\.\s+|,\s*(?=[A-Z][\w ]*:)", rest) if p.strip()]
            head = [p.strip() for p in (parts[0] if parts else "").split(",")]
            org = head[-1].rstrip(".") if len(head) > 1 else None
            pos = ", ".join(head[:-1]) if len(head) > 1 else (head[0] or None)
            found.append(PersonRecord(m.group("name"), "guest", affiliation=org, position=pos, strength=3,
                                      links=_links(rest)))
        for sent in sentences(line):
            found += _from_sentence(sent)
    return _dedupe(found)


def _from_sentence(sent: str) -> list[PersonRecord]:
    found: list[PersonRecord] = []
    for m in _JOINS.finditer(sent):
        if is_name(m.group("guest")) and is_name(m.group("host")):
            found.append(PersonRecord(m.group("guest"), "guest"))
            found.append(PersonRecord(m.group("host"), "host"))
    for m in _SITS.finditer(sent):
        if is_name(m.group("guest")) and is_name(m.group("host")):
            found.append(PersonRecord(m.group("guest"), "guest"))
            found.append(PersonRecord(m.group("host"), "host"))
    for m in _ORG_ROLE_NAME.finditer(sent):
        if is_name(m.group("name")) and m.group("org").split()[0] not in ("The", "A", "An"):
            found.append(PersonRecord(m.group("name"), None, affiliation=m.group("org"), position=m.group("pos"),
                                      participant=False))
    for m in _APPOSITIVE.finditer(sent):
        org = _org_of(m.group("pos"))
        if org and is_name(m.group("name")):
            found.append(PersonRecord(m.group("name"), None, affiliation=org, position=m.group("pos"),
                                      participant=False))
    for m in _IS.finditer(sent):
        org = _org_of(m.group("pos"))
        if org and is_name(m.group("name")) and not sent.lstrip().startswith(("I ", "We ")):
            found.append(PersonRecord(m.group("name"), None, affiliation=org, position=m.group("pos"),
                                      bio=sent.strip(), bio_strength=2, participant=False))
    return found


def from_about(text: str) -> list[PersonRecord]:
    """Hosts a show's about text names ('hosted by <role> at <Org>, Name')."""
    found = []
    for m in _HOSTED_BY.finditer(clean(text)):
        if is_name(m.group("name")):
            found.append(PersonRecord(m.group("name"), "host", affiliation=_org_of(m.group("pos")),
                                      position=m.group("pos"), strength=3))
    return found


def hosts_named(text: str) -> list[str]:
    """Names written as 'host Name' / 'hosted by Name' (also 'Moderatorin Name', 'la presentadora Name', …)."""
    return [m.group("name") for m in _HOST_WORD.finditer(clean(text)) if is_name(m.group("name"))]


def _links(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _LINK.finditer(text):
        site, target = m.group("site"), m.group("target").rstrip(".,;")
        if target.startswith("@"):
            pattern = _SITE_URL.get(site.lower())
            if not pattern:
                continue
            target = pattern.format(target[1:])
        out.append(("X" if site.lower() == "twitter" else site, target))
    return out


def _dedupe(found: list[PersonRecord]) -> list[PersonRecord]:
    """One record per name and kind, keeping the first role, org and position met."""
    out: dict[tuple[str, bool], PersonRecord] = {}
    for p in found:
        key = (p.name, p.participant)
        if key not in out:
            out[key] = p
            continue
        have = out[key]
        have.role = have.role or p.role
        have.affiliation = have.affiliation or p.affiliation
        have.position = have.position or p.position
        have.strength = max(have.strength, p.strength)
        if p.bio_strength > have.bio_strength:
            have.bio, have.bio_strength = p.bio, p.bio_strength
        have.links += [l for l in p.links if l not in have.links]
    return list(out.values())


# ---------------------------------------------------------------- resolution


def similarity(candidate: str, name: str) -> float:
    """How surely `candidate` is another spelling of `name` (0 when not at all). Whole-name
    closeness, or the same first name with a close surname ('Tim Demmer' ~ 'Tim Dettmers'),
    or a run-together name ('Danfu' ~ 'Dan Fu')."""
    c, n = name_tokens(candidate), name_tokens(name)
    if not c or not n:
        return 0.0
    if c == n:
        return 100.0
    if len(c) == 1:
        if len(n) >= 2 and len(c[0]) >= 5:
            score = fuzz.ratio(c[0], "".join(n))
            return score if score >= 90 else 0.0
        return 0.0
    whole = fuzz.ratio(" ".join(c), " ".join(n))
    if whole >= 88:
        return whole
    if c[0] == n[0] and len(c[-1]) >= 3 and len(n) >= 2 and fuzz.ratio(c[-1], n[-1]) >= 70:
        return max(whole, 80.0)
    return 0.0


@dataclass(eq=False)
class KnownPerson:
    key: int
    spellings: Counter = field(default_factory=Counter)  # name as participants' sources write it
    order: dict[str, int] = field(default_factory=dict)  # first time each spelling was met
    variants: dict[str, set[str]] = field(default_factory=dict)  # other spellings -> sources using them
    affiliations: list[tuple[int, int, str]] = field(default_factory=list)  # (strength, order, value)
    bios: list[tuple[int, int, str]] = field(default_factory=list)
    positions: list[tuple[int, int, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    imgs: list[str] = field(default_factory=list)  # portraits, in the order sources gave them
    slug: str = ""

    @property
    def name(self) -> str:
        """The spelling most sources agree on; the first one met breaks ties."""
        return min(self.spellings, key=lambda s: (-self.spellings[s], self.order[s]))

    def all_names(self) -> set[str]:
        return set(self.spellings) | set(self.variants)

    def aliases(self, used_sources: set[str]) -> list[str]:
        name = self.name
        out = {s for s in self.spellings if s != name}
        out |= {s for s, srcs in self.variants.items() if s != name and srcs & used_sources}
        return sorted(out)


class Registry:
    """Every person met, each once, however the sources spell them.

    Fuzzy look-ups go through an index of every spelling (its name tokens joined, with and
    without spaces, and its first token), so a look-up compares a name with the few spellings
    that can score at all instead of with everyone: a 1,000-episode feed stays linear."""

    def __init__(self) -> None:
        self.people: list[KnownPerson] = []
        self._seen = 0
        self._joined: list[str] = []  # one entry per spelling: its tokens joined by spaces
        self._squashed: list[str] = []  # ... and without spaces (run-together names)
        self._owner: list[KnownPerson] = []
        self._by_first: dict[str, list[KnownPerson]] = {}
        self._indexed: set[tuple[int, str]] = set()
        self._names: dict[str, set[int]] = {}  # every spelling and variant, lowercased -> people's keys

    def _named(self, person: KnownPerson, name: str) -> None:
        self._names.setdefault(name.lower(), set()).add(person.key)

    def _index(self, person: KnownPerson, spelling: str) -> None:
        if (person.key, spelling) in self._indexed:
            return
        self._indexed.add((person.key, spelling))
        tokens = name_tokens(spelling)
        if not tokens:
            return
        self._joined.append(" ".join(tokens))
        self._squashed.append("".join(tokens))
        self._owner.append(person)
        self._by_first.setdefault(tokens[0], []).append(person)

    def _tick(self) -> int:
        self._seen += 1
        return self._seen

    def resolve(self, name: str) -> KnownPerson | None:
        """The known person `name` means: an exact spelling first, else the best fuzzy match."""
        name = clean(name)
        keys = self._names.get(name.lower())
        if keys:
            return self.people[min(keys)]
        return self._fuzzy_only(name)

    def add(self, rec: PersonRecord, source: str, create: bool = True) -> KnownPerson | None:
        """Record what a source says about a person; a new person only when `create` and the
        name is name-shaped and the source names them as a participant."""
        name = clean(rec.name)
        person = self.resolve(name)
        if person is None:
            if not (create and rec.participant and (is_name(name) or (rec.explicit and slugify(name) != "untitled"))):
                return None
            person = KnownPerson(key=len(self.people))
            self.people.append(person)
        order = self._tick()
        if rec.participant:
            person.spellings[name] += 1
            person.order.setdefault(name, order)
            self._index(person, name)
            self._named(person, name)
        elif name not in person.spellings:
            person.variants.setdefault(name, set()).add(source)
            self._named(person, name)
        if rec.affiliation:
            person.affiliations.append((rec.strength if rec.participant else 1, order, rec.affiliation.strip()))
        if rec.position:
            person.positions.append((rec.strength if rec.participant else 1, order, rec.position.strip()))
        if rec.bio:
            person.bios.append((rec.bio_strength, order, rec.bio.strip()))
        person.links += [l for l in rec.links if l not in person.links]
        if rec.img and rec.img not in person.imgs:
            person.imgs.append(rec.img)
        return person

    def scan(self, text: str, source: str) -> list[KnownPerson]:
        """Known people that free text mentions, in order of first mention, misspellings included."""
        found: list[KnownPerson] = []
        text = clean(text)
        for m in re.finditer(r"\b(?:O['’])?[A-Z][a-zà-öø-ÿ]+(?: (?:[A-Z]\. )?(?:O['’])?[A-Z][a-zà-öø-ÿ]+)*", text):
            words = m.group(0).split(" ")
            used = [False] * len(words)
            for i, size in _spans(len(words)):
                if any(used[i:i + size]):
                    continue
                span = " ".join(words[i:i + size])
                person = self._fuzzy_only(span)
                if person is None:
                    continue
                used[i:i + size] = [True] * size
                if span not in person.spellings:
                    person.variants.setdefault(span, set()).add(source)
                    self._named(person, span)
                if person not in found:
                    found.append(person)
        return found

    def _candidates(self, span: str) -> list[KnownPerson]:
        """Everyone `similarity` can give a score above 0 for `span` (a superset), in registry order."""
        c = name_tokens(span)
        if not c:
            return []
        found: set[int] = set()
        if len(c) == 1:
            found |= {p.key for p in self._by_first.get(c[0], [])}  # the same one-word spelling
            if len(c[0]) >= 5:
                hits = process.extract(c[0], self._squashed, scorer=fuzz.ratio, score_cutoff=90, limit=None)
                found |= {self._owner[i].key for _, _, i in hits}
        else:
            hits = process.extract(" ".join(c), self._joined, scorer=fuzz.ratio, score_cutoff=88, limit=None)
            found |= {self._owner[i].key for _, _, i in hits}
            found |= {p.key for p in self._by_first.get(c[0], [])}
        return [self.people[k] for k in sorted(found)]

    def _fuzzy_only(self, span: str) -> KnownPerson | None:
        found, top = None, 0.0
        for p in self._candidates(span):
            score = max(similarity(span, s) for s in p.spellings)
            if score > top:
                found, top = p, score
        return found

    def assign_slugs(self) -> None:
        taken: set[str] = set()
        for p in sorted(self.people, key=lambda p: (p.name.lower(), p.key)):
            base = slugify(p.name)
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            p.slug = slug
            taken.add(slug)


def _spans(count: int) -> list[tuple[int, int]]:
    """(start, size) of the sub-runs of a run of capitalised words, longest first, so that
    'Hi I'm Matt Turk' is tried as 'Matt Turk' before 'Matt'."""
    return [(i, size) for size in (4, 3, 2, 1) for i in range(0, count - size + 1)]


def best(values: list[tuple[int, int, str]]) -> str | None:
    """The value stated most deliberately; the first one met breaks ties."""
    if not values:
        return None
    return min(values, key=lambda v: (-v[0], v[1]))[2]
