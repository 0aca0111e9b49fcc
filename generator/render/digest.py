"""The digest of a page's inputs: its cache key (with the build salt). See render/kinds.

Values are serialised with pickle (C speed; fast mode, so equal values give equal bytes
whatever objects they share) and hashed with BLAKE2b. Dataclass instances are serialised field
by field, but for the names in their class's `__digest_skip__` (values derived from other fields,
such as an episode's lazily parsed transcript), once per Digest; a class's `__digest_by__` names
the fields that determine all the others when the first of them is set (an episode loaded from a
file: the hash of its bytes, and what the loader adds), and only those are hashed then. Each
instance is hashed once per Digest and stands in by its hash wherever it is nested: the same
card or episode sits in many pages' inputs. A class with `__digest_inline__` (small and many,
like chapters) has its fields put in place instead. Anything but plain data is refused, so
inputs stay data.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import pickle
from pathlib import PurePosixPath, PosixPath

from markupsafe import Markup

_PLAIN = {type(None), bool, int, float, str, bytes, tuple, list, dict, dt.date, dt.datetime, PosixPath,
          PurePosixPath, Markup}


_BY = "\0by"  # marks a type's field names as its __digest_by__


class Digest:
    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._fields: dict[type, tuple[str, ...] | None] = {}  # per type: the fields hashed; None: not a dataclass
        self._picklers: list[tuple[io.BytesIO, _Pickler]] = []  # one per nesting depth: made once, reused
        self._depth = 0

    def of(self, value: object) -> str:
        return self._hash(value).hex()

    def _hash(self, value: object) -> bytes:
        hit = self._memo.get(id(value))  # first: most instances are met again and again
        if hit is not None and hit[0] is value:
            return hit[1]
        names = self._names(type(value))
        if names is not None:
            if names[0] == _BY and getattr(value, names[1]):
                names = names[1:]  # __digest_by__: these fields stand for the others
            elif names[0] == _BY:
                names = self._fields[(type(value), "all")]
            value_bytes = self._pickled((type(value).__qualname__, tuple(getattr(value, n) for n in names)))
            if not getattr(type(value), "__digest_inline__", False):  # (inline ones are never stood in for)
                self._memo[id(value)] = (value, value_bytes)
            return value_bytes
        return self._pickled(value)

    def _pickled(self, value: object) -> bytes:
        if self._depth == len(self._picklers):
            buffer = io.BytesIO()
            self._picklers.append((buffer, _Pickler(buffer, self)))
        buffer, pickler = self._picklers[self._depth]
        buffer.seek(0)
        buffer.truncate()
        self._depth += 1
        try:
            pickler.dump(value)
        finally:
            self._depth -= 1
        return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()

    def _names(self, kind: type) -> tuple[str, ...] | None:
        try:
            return self._fields[kind]
        except KeyError:
            pass
        names = None
        if dataclasses.is_dataclass(kind):
            skip = getattr(kind, "__digest_skip__", ())
            names = tuple(f.name for f in dataclasses.fields(kind) if f.name not in skip)
            by = getattr(kind, "__digest_by__", None)
            if by:
                self._fields[(kind, "all")] = names
                names = (_BY, *by)
        self._fields[kind] = names
        return names


class _Pickler(pickle.Pickler):
    def __init__(self, file, digest: Digest):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True  # no memo: the bytes depend on the values only
        self.digest = digest

    def persistent_id(self, obj):
        kind = type(obj)
        if kind in _PLAIN or kind is type:  # (classes appear as what plain values reduce to: date, Path)
            return None
        hit = self.digest._memo.get(id(obj))  # an instance hashed before: its digest
        if hit is not None and hit[0] is obj:
            return hit[1]
        names = self.digest._names(kind)
        if names is not None:
            if getattr(kind, "__digest_inline__", False):
                return (kind.__qualname__, *(getattr(obj, n) for n in names))  # its fields, in place
            return self.digest._hash(obj)  # its own digest stands for it
        if kind in (set, frozenset):
            raise TypeError("page inputs hold no sets (their order is not stable): use a sorted tuple")
        raise TypeError(f"page inputs must be plain data, not {kind.__name__}")
