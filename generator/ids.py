"""Stable identities for shows and episodes: made once (by import or `shownotes new`), written into
the content file, and never derived from the site's base URL, so that moving the site never
makes podcast apps see a show or its episodes twice."""
from __future__ import annotations

import uuid

PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")  # the podcast namespace's own


def feed_guid(feed_url: str) -> str:
    """podcast:guid as the namespace defines it: UUIDv5 of the feed URL without scheme and trailing slashes."""
    bare = feed_url.strip().split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def show_guid(show_slug: str) -> str:
    """A show's podcast:guid when no feed gave one: a UUIDv5 of its slug."""
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, f"shownotes:show:{show_slug}"))


def episode_guid(show_slug: str, episode_slug: str) -> str:
    """An episode's guid when no feed gave one: a UUIDv5 of its show and slug."""
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, f"shownotes:episode:{show_slug}/{episode_slug}"))
