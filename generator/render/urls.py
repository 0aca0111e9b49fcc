"""Where every page lives (DESIGN §5), as site-relative paths, root-relative links and absolute URLs.

Three forms, one source of truth:
  rel   `people/bryan-catanzaro/`                          the output path's folder, no leading slash
  path  `/shownotes/people/bryan-catanzaro/`               every link inside the site (works at any depth)
  abs   `https://example.github.io/shownotes/people/...`   feeds, sitemap, canonical and og URLs
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from generator.model import Episode, Person, Show
from generator.config import normalise_base_url
from generator.slugs import slugify


def show_rel(show: str | Show) -> str:
    return f"{_slug(show)}/"


def episode_rel(ep: Episode) -> str:
    return f"{ep.show}/{ep.slug}/"


def person_rel(person: str | Person) -> str:
    return f"people/{_slug(person)}/"


def topic_slug(topic: str) -> str:
    return slugify(topic)


def topic_rel(topic: str) -> str:
    return f"topics/{topic_slug(topic)}/"


def _slug(obj) -> str:
    return obj if isinstance(obj, str) else obj.slug


class Urls:
    """Link builder for one base URL: `https://host/sub/` or just a path such as `/`."""

    def __init__(self, base_url: str, asset_versions: dict[str, str] | None = None):
        self.base_url = normalise_base_url(base_url)
        parts = urlsplit(self.base_url)
        path = parts.path or "/"
        self.base_path = path if path.endswith("/") else path + "/"
        self.is_absolute = bool(parts.scheme and parts.netloc)
        self.asset_versions = asset_versions or {}
        self._people: dict[str, str] = {}

    # -- generic
    def path(self, rel: str = "") -> str:
        """Root-relative link to a site-relative path."""
        return self.base_path + quote(rel, safe="/#?=&-._~")

    def abs(self, rel: str = "") -> str:
        """Absolute URL (falls back to root-relative when the base URL has no host)."""
        return (self.base_url if self.is_absolute else self.base_path) + quote(rel, safe="/#?=&-._~")

    @property
    def home(self) -> str:
        return self.base_path

    # -- pages
    def show(self, show: str | Show) -> str:
        return self.path(show_rel(show))

    def episode(self, ep: Episode) -> str:
        return self.path(episode_rel(ep))

    def person(self, person: str | Person) -> str:
        slug = _slug(person)
        url = self._people.get(slug)
        if url is None:  # asked for once per transcript segment: worth remembering
            url = self._people[slug] = self.path(person_rel(slug))
        return url

    def topic(self, topic: str) -> str:
        return self.path(topic_rel(topic))

    def asset(self, name: str) -> str:
        """A theme static file, with a content hash so browsers never keep a stale copy."""
        version = self.asset_versions.get(name)
        return self.path(f"assets/{name}") + (f"?v={version}" if version else "")
