"""Building what gets written from merged records: each field of an episode chosen from its
records (the published episode's fields, the transcript, description, key insights, summary), and
the file of a merged show and of a merged person."""
from __future__ import annotations

from generator.ids import episode_guid, show_guid
from generator.importers.html_text import markdown_text
from generator.importers.merge_groups import ShowGroup
from generator.importers.merge_results import PersonOut, ShowOut
from generator.importers.people import KnownPerson, best
from generator.importers.records import PUBLISHED_FIELDS, EpisodeRecord, TranscriptSegment
from generator.importers.text import first_sentences


def published(recs: list[EpisodeRecord], show_slug: str, slug: str) -> dict:
    """What the published episode is (enclosure, guid, numbers, artwork): from the most
    authoritative record that says it; the audio's type and length go with its URL. An episode
    no feed gave a guid gets one made now, once: it is written into its file and kept."""
    out = {key: next((getattr(r, key) for r in recs if getattr(r, key) is not None), None) for key in PUBLISHED_FIELDS}
    out["guid"] = out["guid"] or episode_guid(show_slug, slug)
    audio_rec = next((r for r in recs if r.audio), None)
    if audio_rec is not None:
        out["audio_type"], out["audio_bytes"] = audio_rec.audio_type, audio_rec.audio_bytes
    return out


def best_transcript(recs: list[EpisodeRecord]) -> tuple[list[TranscriptSegment], str | None]:
    """The best transcript the sources have: a transcript file (VTT, SRT, JSON…), else one with
    the source's own timestamps, else an untimed one."""
    timed = next((r for r in recs if r.transcript and r.kind == "transcript" and r.timing == "exact"), None)
    timed = timed or next((r for r in recs if r.transcript and r.timing == "exact"), None)
    if timed:
        return timed.transcript, "exact"
    untimed = next((r for r in recs if r.transcript), None)
    if untimed:
        return untimed.transcript, untimed.timing if untimed.timing in ("estimated",) else "none"
    return [], None


def across(sources) -> list:
    """Each source's items in order, minus those an earlier source already gave: two sources
    copying the same text should not repeat it (one source repeating itself is its own call)."""
    out, seen = [], set()
    for items in sources:
        keys = [repr(item) for item in items]
        out += [item for item, key in zip(items, keys) if key not in seen]
        seen.update(keys)
    return out


def first_paragraph(recs: list[EpisodeRecord]) -> str:
    for r in recs:
        for b in r.description:
            if b.kind == "p":
                return first_sentences(b.text)
            if b.kind == "md":
                para = next((p for p in b.text.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "-", ">", "|"))), "")
                return first_sentences(markdown_text(para))
    return ""


def show_out(show: ShowGroup) -> ShowOut:
    about = next((r.about for r in show.records if r.about), "")
    return ShowOut(
        slug=show.slug, title=show.title, hosts=[p.slug for p in show.hosts], description=about, about=about,
        category=next((r.category for r in show.records if r.category), None),
        website=next((r.website for r in show.records if r.website), None),
        sources=sorted({r.source for r in show.records}),
        **{key: next((getattr(r, key) for r in show.records if getattr(r, key) is not None), None)
           for key in ("language", "image", "author", "owner", "explicit", "guid", "locked")}
        | {"guid": next((r.guid for r in show.records if r.guid), None) or show_guid(show.slug)})


def person_out(person: KnownPerson, host: bool, used: set[str]) -> PersonOut:
    affiliation = best(person.affiliations)
    bio = best(person.bios)
    if not bio:
        position = best(person.positions)
        if position:
            if affiliation and affiliation not in position:
                position = f"{position}, {affiliation}"
            bio = position[:1].upper() + position[1:] + ("" if position.endswith(".") else ".")
    return PersonOut(slug=person.slug, name=person.name, aliases=person.aliases(used),
                     role="host" if host else "guest", affiliation=affiliation, links=list(person.links),
                     bio=bio or "", img=person.imgs[0] if person.imgs else None)
