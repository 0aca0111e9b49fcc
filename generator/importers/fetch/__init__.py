"""Download a podcast feed and the files its items link into seeds/, bytes unchanged (DESIGN §3, §3a).

`shownotes import https://…/feed.xml` stores what it downloads under `seeds/<host>/<url path>`
(mirrored like `wget -x`, see `seed_path_for`) and then imports it like any other seed. This
module only downloads and stores; parsing the feed is the importer's job.

Downloads are untrusted and the network is unreliable, so every download is bounded and every
failure is one `FetchError` whose `str()` is one line, "<url>: <reason>":

- http(s) only, for the URL asked for and for every redirect target;
- at most `max_redirects` redirects (301, 302, 303, 307, 308), each followed by hand;
- at most `max_bytes` of body: a larger Content-Length is refused before reading, and the body
  is counted while it streams (never more than `max_bytes + 1` bytes are read). We ask for
  `Accept-Encoding: identity`; a server that gzips anyway is decompressed under the same cap;
- `timeout` seconds for connecting and for each read, and `total_timeout` (default ten times
  `timeout`, at least 60 s) for the whole download, so a server that drips bytes cannot hold us;
- the body goes to a dot-named temp file in seeds/ and is moved into place with `os.replace`
  only when complete: a failed download leaves no file behind and never replaces a good copy;
  bytes equal to the stored copy leave it untouched (status "unchanged", mtime kept).

Re-imports are conditional GETs: `FetchState` (seeds/.downloads.json, a dot file the importer
ignores) remembers each URL's ETag, Last-Modified, final URL and the sha256 of the stored bytes.
The validators are sent only while the stored file still has those bytes, and only to the URL
that answered them; a 304 then returns status "unchanged" with the stored path.

Modules: `paths` (where a URL's file lives under seeds/), `state` (remembered downloads),
`download` (fetching one URL, and many at once), `errors` (`FetchError` and its one-line reasons).
"""
from __future__ import annotations

from generator.importers.fetch.download import CHUNK, REDIRECT_CODES, USER_AGENT, Fetched, fetch, fetch_many
from generator.importers.fetch.errors import FetchError
from generator.importers.fetch.paths import MAX_COMPONENT_BYTES, MAX_EXT_CHARS, seed_path_for
from generator.importers.fetch.state import STATE_FILE, STATE_VERSION, FetchState

__all__ = ["CHUNK", "MAX_COMPONENT_BYTES", "MAX_EXT_CHARS", "REDIRECT_CODES", "STATE_FILE", "STATE_VERSION",
           "USER_AGENT", "FetchError", "FetchState", "Fetched", "fetch", "fetch_many", "seed_path_for"]
