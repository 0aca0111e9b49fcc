"""People: names from titles and descriptions, fuzzy resolution, aliases."""
from __future__ import annotations

import pytest

from generator.importers import people
from generator.importers.people import Registry, similarity
from generator.importers.records import PersonRecord


@pytest.mark.parametrize("candidate, name, same", [
    ("Matt Turk", "Matt Turck", True),
    ("Tim Demmer", "Tim Dettmers", True),
    ("Danfu", "Dan Fu", True),
    ("Dean W. Ball", "Dean Ball", True),
    ("Dan Roberts", "Dan Fu", False),
    ("Dan", "Dan Fu", False),
    ("Tim", "Tim Dettmers", False),
    ("Matthew Prince", "Matt Turck", False),
    ("Matt Turner", "Matt Turck", False),
    ("Together AI", "Tim Dettmers", False),
])
def test_similarity(candidate, name, same):
    assert (similarity(candidate, name) > 0) is same


@pytest.mark.parametrize("title, names", [
    ("Why NVIDIA Is Giving Away AI Models | Bryan Catanzaro", [("Bryan Catanzaro", None)]),
    ("Why Nvidia builds open models with Bryan Catanzaro", [("Bryan Catanzaro", None)]),
    ("OpenAI's Dan Roberts: Why AI Can Now Make Discoveries", [("Dan Roberts", "OpenAI")]),
    ("NVIDIA’s Bryan Catanzaro: Why More Compute Isn’t Enough", [("Bryan Catanzaro", "NVIDIA")]),
    ("Compute & The Agent Era — Tim Dettmers (Ai2) & Dan Fu (Together AI)",
     [("Tim Dettmers", "Ai2"), ("Dan Fu", "Together AI")]),
    ("Cloudflare CEO: The Internet's Business Model Is Dead", []),
    ("Opus 4.6, Codex 5.3, and the post-benchmark era", []),
    ("Olmo Hybrid and future LLM architectures", []),
    ("Lenny's Podcast: Product | Career | Growth", []),
])
def test_names_from_titles(title, names):
    assert [(p.name, p.affiliation) for p in people.from_title(title)] == names


def test_name_on_needs_confirmation():
    title = "State of Enterprise AI 2026: Aaron Levie on Tokenmaxxing"
    assert people.from_title(title) == []
    assert [p.name for p in people.from_title(title, "Aaron Levie, co-founder and CEO of Box")] == ["Aaron Levie"]
    assert people.from_title("Final Thoughts on pricing", "final thoughts") == []


def test_description_patterns():
    found = people.from_description(
        "Cloudflare CEO and co-founder Matthew Prince joins Matt Turck for a conversation. "
        "Stephen Balaban, co-founder and CTO of Lambda, explains compute. "
        "It was like working alongside Andrew Ng and Dario Amodei at Baidu.\n"
        "Guest: Bryan Catanzaro, VP Applied Deep Learning Research (ADLR), NVIDIA. X: @ctnzr, LinkedIn.")
    participants = {(p.name, p.role) for p in found if p.participant}
    assert participants == {("Matthew Prince", "guest"), ("Matt Turck", "host"), ("Bryan Catanzaro", "guest")}
    facts = {p.name: p for p in found if not p.participant}
    assert facts["Matthew Prince"].affiliation == "Cloudflare"
    assert facts["Stephen Balaban"].affiliation == "Lambda"
    assert "Andrew Ng" not in facts
    bryan = next(p for p in found if p.name == "Bryan Catanzaro")
    assert bryan.affiliation == "NVIDIA" and bryan.links == [("X", "https://x.com/ctnzr")]


def test_registry_resolves_spellings_and_never_invents_people():
    reg = Registry()
    for name in ("Matt Turck", "Tim Dettmers", "Dan Fu", "Dan Roberts"):
        reg.add(PersonRecord(name, "guest"), "a.txt")
    found = reg.scan("Hi, I'm Matt Turk. Today: Tim Demmer of AI2 and Danfu of Together AI. Also Andrew Ng.", "c.txt")
    assert [p.name for p in found] == ["Matt Turck", "Tim Dettmers", "Dan Fu"]
    assert len(reg.people) == 4
    turck = reg.resolve("Matt Turck")
    assert turck.aliases({"c.txt"}) == ["Matt Turk"]
    assert turck.aliases({"a.txt"}) == []  # a spelling only counts when its source was imported
    assert reg.add(PersonRecord("Andrew Ng", None, participant=False), "a.txt", create=False) is None


def test_canonical_name_is_the_most_common_spelling():
    reg = Registry()
    reg.add(PersonRecord("Dean Ball", "guest"), "a")
    reg.add(PersonRecord("Dean W. Ball", "guest"), "b")
    reg.add(PersonRecord("Dean Ball", None), "c")
    [p] = reg.people
    assert p.name == "Dean Ball" and p.aliases({"a", "b", "c"}) == ["Dean W. Ball"]
