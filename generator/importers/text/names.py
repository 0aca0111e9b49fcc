"""People's names: whether a text is shaped like one, its words for comparing spellings, and the
people a `Guests:` / `Speakers:` value lists (`A (host), B (CEO, X) and C`)."""
from __future__ import annotations

import functools
import re

from generator.importers.text.lines import clean


# ---------------------------------------------------------------- names

_WORD = r"(?:O['’])?[A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?"
_INITIAL = r"[A-Z]\."
# Two or three capitalised words, optionally with a middle initial: "Dean W. Ball".
NAME = rf"{_WORD}(?:[ ]{_INITIAL})?(?:[ ]{_WORD}){{1,2}}"
# Capitalised words that start sentences or titles, never a person's first name.
_NOT_FIRST = {
    "The", "This", "That", "These", "Those", "Why", "How", "What", "When", "Where", "Who", "Which", "And", "But",
    "Our", "My", "Your", "Its", "Their", "His", "Her", "In", "On", "At", "With", "For", "From", "Today", "Episode",
    "Part", "State", "Inside", "Building", "Scaling", "Lessons", "Advice", "Career", "Intro", "Welcome", "Thanks",
    "Hi", "Hello", "Hey", "So", "Well", "Yes", "No", "Okay", "If", "As", "Is", "Are", "Was", "We", "They", "He",
    "She", "It", "You", "I", "Then", "Now", "Also", "Plus", "Here", "There", "Dear", "Mr", "Ms", "Dr", "Why",
    "Open", "Closed", "New", "Best", "Top", "Final", "Future", "Podcast", "Show", "Season", "Chapter", "Summary",
}
_NOT_LAST = {"Podcast", "Show", "Episode", "Summary", "Transcript", "Chapters", "University", "Institute", "Lab",
             "Labs", "Research", "Capital", "Ventures", "Partners", "Group", "Team", "News", "Daily", "Weekly",
             # products', sponsors' and companies' last words: never a person's surname
             "Cloud", "Code", "Studio", "Studios", "App", "Apps", "Pro", "Max", "Plus", "Edge", "Works", "Systems",
             "Software", "Technologies", "Tech", "Health", "Bank", "Foods", "Motors", "Media", "Network",
             "Networks", "Press", "Games", "Coffee", "Tools", "Data", "Analytics", "Robotics", "Energy", "Platform",
             "Suite", "Engine", "Hub", "Kit", "Boats", "Company", "Inc", "Corp", "Foundation", "Society", "Club",
             "Store", "Shop", "Market", "Markets", "Agency", "Insurance", "Airlines", "Mobile", "Online", "Radio",
             "Magazine", "Journal", "Times", "Post", "Bikes", "Cars", "Solutions", "Services", "Industries",
             "Pharma", "Bio", "Beverages", "Brewing", "Wines", "Academy", "School", "College", "Podcasts"}


def is_name(text: str) -> bool:
    """Whether `text` is shaped like a person's name (2-3 capitalised words)."""
    text = clean(text)
    if not re.fullmatch(NAME, text):
        return False
    words = text.split()
    return words[0] not in _NOT_FIRST and words[-1] not in _NOT_LAST


def name_tokens(name: str) -> list[str]:
    """Lowercased words of a name without initials or punctuation, for comparing spellings."""
    return list(_name_tokens(name))


@functools.lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(w for w in _TOKEN.findall(name.lower()) if len(w) > 1)


_TOKEN = re.compile(r"[^\W\d_]+")


# ---------------------------------------------------------------- lists of people

_HOST_ROLES = {"host", "co-host", "cohost", "hosts", "moderator", "moderatorin", "moderation", "gastgeber",
               "gastgeberin", "animateur", "animatrice", "présentateur", "présentatrice", "presentador",
               "presentadora", "conductor", "conductora", "conduttore", "apresentador", "interviewer"}
_GUEST_ROLES = {"guest", "gast", "invité", "invitée", "invitado", "invitada", "ospite", "convidado",
                "convidada", "guest speaker", "interviewee"}
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|sir|dame)\.?\s+", re.I)


_PEOPLE_SEP = re.compile(r"\s*[,;&/·•|]\s*(?:(?:and|und|et|y|e|en)\s+)?|\s+(?:and|und|et|y|e|en)\s+")


def split_people(value: str) -> list[str]:
    """The items of `A (role) & B (role)`, `A (host), B (guest), A (host)`, `A, B and C`,
    `A (x) y B (y)`: split at commas, semicolons, `&`, `/`, `·` and the word `and` (in a few
    languages), never inside parentheses."""
    masked, depth = [], 0
    for ch in value:
        if ch in "([":
            depth += 1
        masked.append(ch if depth == 0 else "_")
        if ch in ")]":
            depth = max(0, depth - 1)
    out, begin = [], 0
    for m in _PEOPLE_SEP.finditer("".join(masked)):
        out.append(value[begin:m.start()])
        begin = m.end()
    out.append(value[begin:])
    return [i.strip() for i in out if i.strip()]


def person_item(item: str) -> tuple[str, str | None, str | None, str | None] | None:
    """(name, role, position, affiliation) of one list item: `Lina Park (economist)`,
    `Ada Quill (host)`, `Kim Osei (CEO, Assemblix)`, `Dr. Omar Reyes`; None if it names nobody."""
    text = clean(item).strip(" .:-–—")
    m = re.fullmatch(r"(?P<name>[^()\[\]]+?)\s*(?:[(\[](?P<paren>[^()\[\]]*)[)\]])?", text)
    if not m:
        return None
    name = _HONORIFIC.sub("", m.group("name").strip())
    if not is_name(name):
        return None
    paren = (m.group("paren") or "").strip()
    role = position = affiliation = None
    low = paren.lower()
    if low in _HOST_ROLES:
        role = "host"
    elif low in _GUEST_ROLES:
        role = "guest"
    elif paren:
        if ", " in paren:
            position, affiliation = (x.strip() for x in paren.rsplit(", ", 1))
        elif paren[:1].islower():
            position = paren
        else:
            affiliation = paren
    return name, role, position, affiliation


def people_list(value: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """Every person a `Guests:`/`Speakers:` value names, once each (the first mention's details)."""
    out: dict[str, tuple[str, str | None, str | None, str | None]] = {}
    for item in split_people(value):
        found = person_item(item)
        if found and found[0] not in out:
            out[found[0]] = found
    return list(out.values())
