"""Split a content file into YAML front matter and Markdown body, parsing the YAML once
and keeping the line of every top-level key so problems can point at it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


class FrontMatterError(Exception):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Document:
    meta: dict
    body: str
    body_line: int  # line number (1-based) of the body's first line in the file
    front: str = ""  # the YAML text itself
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # list-valued keys: line of each item

    def line_of(self, key: str, index: int | None = None) -> int:
        if index is not None and index < len(self.item_lines.get(key, [])):
            return self.item_lines[key][index]
        return self.key_lines.get(key, 1)


def _bad_scalar(node) -> tuple[int, str | None]:
    """The line and key of the first timestamp-tagged value that is not a real date."""
    import datetime as dt
    for k, v in getattr(node, "value", []) if isinstance(node, yaml.MappingNode) else []:
        if isinstance(v, yaml.ScalarNode) and v.tag.endswith(":timestamp"):
            try:
                dt.date.fromisoformat(v.value[:10])
            except ValueError:
                return v.start_mark.line + 2, str(k.value)
    return 2, None


MAX_DEPTH = 64


def _check_depth(yaml_text: str) -> None:
    """Refuse absurdly nested YAML before composing it: the composer recurses and a deep enough
    document would crash the interpreter. Real front matter is shallow, so only suspicious text
    (many brackets, or large) pays for this extra pass over the parser's events."""
    if yaml_text.count("[") + yaml_text.count("{") < 200 and len(yaml_text) < 50_000:
        return
    depth = 0
    try:
        for event in yaml.parse(yaml_text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise FrontMatterError(event.start_mark.line + 2,
                                           f"front matter is nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the real parse reports it with its line


def split(text: str) -> Document:
    """Parse `---\\nYAML\\n---\\nbody`. Line numbers in errors are the file's, 1-based."""
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    first_end = text.find("\n")
    if (text[:first_end] if first_end >= 0 else text).strip() != "---":
        raise FrontMatterError(1, "no front matter: the file must start with a line `---`, then YAML, then `---`")
    fence = _CLOSING.search(text, first_end) if first_end >= 0 else None
    if fence is None:
        raise FrontMatterError(1, "front matter is not closed: add a line `---` after the YAML")
    yaml_text = text[first_end + 1:fence.start()]
    end = text.count("\n", 0, fence.start())  # the closing fence's 0-based line
    _check_depth(yaml_text)
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as e:
        # where the broken construct began (an unclosed bracket's line) beats where parsing gave up
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise FrontMatterError(mark.line + 2 if mark else 2, f"invalid YAML in front matter: {problem}") from None
    except ValueError as e:  # a date-shaped value that is no date, e.g. 2026-13-45
        line, key = _bad_scalar(node)
        raise FrontMatterError(line, f"`{key}`: not a valid date ({e})" if key else f"invalid value: {e}") from None
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "front matter must be a mapping of keys such as `title:`")
    key_lines, item_lines = {}, {}
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key_lines[str(k.value)] = k.start_mark.line + 2
            if isinstance(v, yaml.SequenceNode):
                item_lines[str(k.value)] = [item.start_mark.line + 2 for item in v.value]
    body = text[fence.end() + 1:] if fence.end() < len(text) else ""
    return Document(meta=meta, body=body, body_line=end + 2, front=yaml_text, key_lines=key_lines,
                    item_lines=item_lines)
