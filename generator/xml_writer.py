"""A minimal XML writer for the feeds and the sitemap (generator/feeds.py).

Every text and attribute goes through `_esc` (characters XML cannot hold are dropped), the
namespace declarations sit on the root element, and the output is byte-for-byte deterministic:
two-space indentation, attributes in the order given, empty elements self-closed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _esc(text: object, attr: bool = False) -> str:
    s = _XML_INVALID.sub("", str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attr:
        s = s.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return s


@dataclass
class El:
    tag: str
    attrs: dict[str, object] | None = None
    text: object | None = None
    children: list["El"] | None = None

    def add(self, tag: str, content: object | None = None, /, **attrs) -> "El":
        """Append a child element: text content, then attributes (None values are left out)."""
        child = El(tag, {k: v for k, v in attrs.items() if v is not None}, content)
        self.children = (self.children or []) + [child]
        return child

    def write(self, out: list[str], depth: int = 0) -> None:
        pad = "  " * depth
        attrs = "".join(f' {k}="{_esc(v, True)}"' for k, v in (self.attrs or {}).items())
        if self.children:
            out.append(f"{pad}<{self.tag}{attrs}>\n")
            for child in self.children:
                child.write(out, depth + 1)
            out.append(f"{pad}</{self.tag}>\n")
        elif self.text is None or self.text == "":
            out.append(f"{pad}<{self.tag}{attrs}/>\n")
        else:
            out.append(f"{pad}<{self.tag}{attrs}>{_esc(self.text)}</{self.tag}>\n")


def xml_bytes(root: El) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    root.write(out)
    return "".join(out).encode("utf-8")


__all__ = ["El", "xml_bytes"]
