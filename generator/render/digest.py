"""The digest of a page's inputs: its cache key (with the build salt). See render/kinds."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import PurePath


class Digest:
    """Hashes plain values: None, bool, numbers, str, bytes, dates, paths, tuples, lists, dicts,
    sets and dataclasses (field by field, but for the names in a class's `__digest_skip__`:
    values derived from other fields, such as an episode's lazily parsed transcript). Anything
    else is refused, so inputs stay plain data. Dataclass instances are hashed once per Digest
    (they are shared: the same episode card sits in many pages' inputs)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}

    def of(self, value: object) -> str:
        return self._bytes(value).hex()

    def _bytes(self, value: object) -> bytes:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            hit = self._memo.get(id(value))
            if hit is not None and hit[0] is value:
                return hit[1]
            digest = hashlib.blake2b(digest_size=16)
            digest.update(type(value).__qualname__.encode())
            skip = getattr(type(value), "__digest_skip__", ())
            for f in dataclasses.fields(value):
                if f.name not in skip:
                    self._feed(digest, getattr(value, f.name))
            out = digest.digest()
            self._memo[id(value)] = (value, out)
            return out
        digest = hashlib.blake2b(digest_size=16)
        self._feed(digest, value)
        return digest.digest()

    def _feed(self, digest, value: object) -> None:
        if value is None:
            digest.update(b"N")
        elif isinstance(value, bool):
            digest.update(b"T" if value else b"F")
        elif isinstance(value, (int, float)):
            digest.update(b"n" + repr(value).encode() + b"\0")
        elif isinstance(value, str):  # Markup too
            data = value.encode("utf-8", "surrogatepass")
            digest.update(b"s%d:" % len(data) + data)
        elif isinstance(value, bytes):
            digest.update(b"b%d:" % len(value) + value)
        elif isinstance(value, (dt.date, dt.datetime)):
            digest.update(b"d" + value.isoformat().encode() + b"\0")
        elif isinstance(value, PurePath):
            self._feed(digest, "path:" + value.as_posix())
        elif isinstance(value, (tuple, list)):
            digest.update(b"(%d" % len(value))
            for item in value:
                self._feed(digest, item)
            digest.update(b")")
        elif isinstance(value, dict):
            digest.update(b"{%d" % len(value))
            for k in sorted(value, key=repr):
                self._feed(digest, k)
                self._feed(digest, value[k])
            digest.update(b"}")
        elif isinstance(value, (set, frozenset)):
            self._feed(digest, sorted(value, key=repr))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            digest.update(b"D" + self._bytes(value))
        else:
            raise TypeError(f"page inputs must be plain data, not {type(value).__name__}")
