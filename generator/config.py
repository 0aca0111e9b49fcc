"""site.yaml: typed configuration with defaults, and errors that name the key."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.errors import Problem, Unreadable, display_path, read_input
from generator.model import SiteConfig

_KEYS = {"title", "base_url", "description", "language", "theme", "allow_html", "cname"}
MAX_CONFIG_BYTES = 10 * 1024 * 1024
_UNSAFE_URL = re.compile(r'[\s"<>`\x00-\x1f\x7f]')


def _key_lines(text: str) -> dict[str, int]:
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def _theme_problem(themes: Path, theme: str) -> str | None:
    """A theme is a folder under themes/ next to site.yaml; `default` is built in."""
    if theme == "default" or (themes / theme).is_dir():
        return None
    try:
        here = sorted(p.name for p in themes.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        here = []
    return f"no folder themes/{theme} (the themes are: {', '.join(sorted({'default', *here}))})"


def normalise_base_url(value: str | None) -> str:
    """`https://host/sub` -> `https://host/sub/`; empty -> `/`. The one place a base URL is normalised."""
    value = str(value or "/").strip() or "/"
    return value if value.endswith("/") else value + "/"


def load_config(path: Path, base_url_override: str | None = None) -> tuple[SiteConfig | None, list[Problem]]:
    shown = display_path(path)
    try:
        text = read_input(path, MAX_CONFIG_BYTES)[0].decode("utf-8")
    except Unreadable as e:
        if e.missing:
            return None, [Problem(shown, None, "not found: the site needs a site.yaml with at least `title`")]
        return None, [Problem(shown, None, e.message)]
    except UnicodeDecodeError as e:
        return None, [Problem(shown, None, f"not UTF-8 text ({e.reason} at byte {e.start})")]
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        return None, [Problem(shown, mark.line + 1 if mark else None, f"invalid YAML: {getattr(e, 'problem', e)}")]
    except (ValueError, RecursionError) as e:  # a date-shaped value that is no date, a giant number
        return None, [Problem(shown, None, f"invalid value: {e}")]
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, "must be a mapping of keys such as `title:` and `base_url:`")]
    lines = _key_lines(text)
    problems: list[Problem] = []

    def err(key: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(shown, lines.get(key), f"{key}: {message}", severity))

    for key in sorted(set(map(str, data)) - _KEYS):
        err(key, "unknown key (ignored)", "warning")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(shown, lines.get("title"), "title: required, a non-empty text"))
        title = ""
    base_url = base_url_override if base_url_override is not None else data.get("base_url", "/")
    if not isinstance(base_url, str) or not base_url.strip():
        err("base_url", "must be a URL such as https://example.github.io/shownotes/")
        base_url = "/"
    try:
        parts = urlsplit(base_url.strip())
    except ValueError:
        err("base_url", f"is not a valid URL: {base_url!r}")
        parts = urlsplit("/")
        base_url = "/"
    if base_url_override is None and not (parts.scheme in ("http", "https") and parts.netloc) and base_url.strip() != "/":
        err("base_url", f"must be an absolute http(s) URL, got {base_url!r}")
    elif base_url_override is not None and not (parts.scheme in ("http", "https") and parts.netloc) \
            and not base_url.startswith("/"):
        problems.append(Problem("--base-url", None, f"must be an absolute http(s) URL or a path, got {base_url!r}"))
    elif _UNSAFE_URL.search(base_url.strip()):  # it goes verbatim into robots.txt, feeds and HTML attributes
        message = f"must not contain spaces, line breaks, quotes or < > (percent-encode them, e.g. %20), got {base_url!r}"
        if base_url_override is None:
            err("base_url", message)
        else:
            problems.append(Problem("--base-url", None, message))
        base_url = "/"
    strings = {}
    for key, default in (("description", ""), ("language", "en"), ("theme", "default")):
        value = data.get(key, default)
        if value is None:
            value = default
        if not isinstance(value, str):
            err(key, f"must be text, got {type(value).__name__}")
            value = default
        strings[key] = value
    allow_html = data.get("allow_html", False)
    if not isinstance(allow_html, bool):
        err("allow_html", "must be true or false")
        allow_html = False
    cname = data.get("cname")
    if cname is not None and (not isinstance(cname, str) or not re.fullmatch(r"[A-Za-z0-9.-]+", cname.strip())):
        err("cname", "must be a bare host name such as notes.example.org")
        cname = None
    theme = strings["theme"]
    if not theme.strip() or any(c in theme for c in "/\\\0") or theme.startswith("."):
        err("theme", "must be the name of a folder under themes/")
        theme = "default"
    elif problem := _theme_problem(path.parent / "themes", theme):  # what build would refuse, check says too
        err("theme", problem)
    config = SiteConfig(title=title, base_url=normalise_base_url(base_url), description=strings["description"],
                        language=strings["language"], theme=theme, allow_html=allow_html, cname=cname)
    return config, problems
