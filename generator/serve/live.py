"""What `serve` adds to the HTML it answers with (never to the files in site/): the live-reload
script and, while the content is broken, an overlay listing the build's problems."""
from __future__ import annotations

import html
import re

from generator.errors import Problem

ENDPOINT = "__shownotes"  # <base path>__shownotes/...; no content slug can start with '_'
EVENTS = "events"
SCRIPT = "livereload.js"

# Server-sent events: the server answers `since=<version the page was served at>&page=<its file>`
# with a `reload` event as soon as a rebuild changed that file (or the theme's assets, or the
# errors shown); a page served without a file (a 404) reloads after any rebuild.
# EventSource reconnects by itself, so a restarted server (a new version) reloads the page too.
#
# A reload keeps the reader's place: just before it the page saves its scroll position and the
# state of its player (<audio>: position, playing or not) in sessionStorage; the reloaded page
# restores the scroll position here and hands the player state to the theme's page.js as
# `window.__shownotesReload` (page.js seeks and resumes). The browser's own scroll restoration is
# turned off for that one reload: it would fight with ours, and a theme script landing on a #t=
# moment would otherwise win.
RELOAD_KEY = "shownotes:reload"
LIVERELOAD_JS = b"""\
(function () {
  "use strict";
  var me = document.currentScript;
  var KEY = "%(key)s";
  var here = location.pathname + location.search;
  var saved = null, ours = false;
  try {
    var kept = sessionStorage.getItem(KEY);
    ours = kept !== null;  // this script turned the browser's restoration off before reloading
    sessionStorage.removeItem(KEY);
    saved = JSON.parse(kept || "null");
  } catch (e) { saved = null; }
  if (saved && (saved.path !== here || !(Date.now() - saved.at < 30000))) saved = null;
  if (ours && !saved) {
    try { history.scrollRestoration = "auto"; } catch (e) { /* older browsers */ }
  }
  if (saved) {
    window.__shownotesReload = saved;
    var moved = false;
    var stop = function () { moved = true; };
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
      addEventListener(type, stop, { once: true, passive: true, capture: true });
    });
    // "instant": a theme's `scroll-behavior: smooth` would otherwise animate the page down from the top
    var restore = function () { if (!moved) window.scrollTo({ left: saved.x, top: saved.y, behavior: "instant" }); };
    restore();  // the stylesheets are in: most of the layout is there already
    document.addEventListener("DOMContentLoaded", restore, { once: true });  // after module scripts
    addEventListener("load", function () {
      requestAnimationFrame(function () {
        restore();  // images laid out, and after a theme's own landing on load
        try { history.scrollRestoration = "auto"; } catch (e) { /* older browsers */ }
      });
    }, { once: true });
  }
  if (!me || !window.EventSource) return;
  function keepPlace() {
    var state = { path: here, x: window.scrollX, y: window.scrollY, at: Date.now() };
    var audio = document.getElementById("player") || document.querySelector("audio");
    if (audio && (audio.currentTime > 0 || !audio.paused)) {
      state.audio = { src: audio.getAttribute("src") || audio.currentSrc || "", t: audio.currentTime,
                      playing: !audio.paused && !audio.ended };
    }
    try {
      sessionStorage.setItem(KEY, JSON.stringify(state));
      history.scrollRestoration = "manual";
    } catch (e) { /* storage off: the browser's own restoration still applies */ }
  }
  var since = me.getAttribute("data-version") || "";
  var url = me.getAttribute("data-events") + "?since=" + encodeURIComponent(since);
  var page = me.getAttribute("data-page");
  if (page) url += "&page=" + encodeURIComponent(page);
  var source = new EventSource(url);
  source.addEventListener("reload", function () {
    source.close();
    keepPlace();
    location.reload();
  });
  window.addEventListener("pagehide", function () { source.close(); });
  var overlay = document.getElementById("shownotes-build-errors");
  if (overlay) {
    var hide = overlay.querySelector("button");
    if (hide) hide.addEventListener("click", function () { overlay.hidden = true; });
  }
})();
""" % {b"key": RELOAD_KEY.encode()}

_OVERLAY_STYLE = ("position:fixed;left:0;right:0;top:0;z-index:2147483647;max-height:70vh;overflow:auto;"
                  "margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#ffe9e9;border-bottom:4px solid #e5484d;"
                  "font:14px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.4);text-align:left")
_PRE_STYLE = ("margin:.75rem 0 0;padding:0;white-space:pre-wrap;word-break:break-word;background:none;color:inherit;"
              "font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace")
_BUTTON_STYLE = ("float:right;margin-left:1rem;font:inherit;color:inherit;background:none;"
                 "border:1px solid currentColor;border-radius:4px;padding:0 .5rem;cursor:pointer")
_BODY_END = re.compile(rb"</body\s*>", re.I)


def problem_lines(problems: list[Problem]) -> list[str]:
    """The lines `shownotes build` prints, in the same order."""
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line or 0, p.message))
    return [str(p) for p in ordered]


def overlay_html(problems: list[Problem], fallback: bool = True) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    seeing = "You are looking at the last good build. " if fallback else ""

    lines = "\n".join(html.escape(line) for line in problem_lines(problems))
    return (f'<div id="shownotes-build-errors" role="alert" style="{_OVERLAY_STYLE}">'
            f'<button type="button" style="{_BUTTON_STYLE}" aria-label="Hide">hide</button>'
            f"<strong>The site could not be rebuilt: {errors} error{'s' if errors != 1 else ''}.</strong> "
            f"{seeing}Fix what is listed below and this page reloads by itself."
            f'<pre style="{_PRE_STYLE}">{lines}</pre></div>')


def script_tag(base_path: str, version: str, file: str | None = None) -> str:
    prefix = html.escape(base_path + ENDPOINT, quote=True)
    page = f' data-page="{html.escape(file, quote=True)}"' if file else ""
    return (f'<script src="{prefix}/{SCRIPT}" data-events="{prefix}/{EVENTS}" '
            f'data-version="{html.escape(version, quote=True)}"{page}></script>')


def inject(page: bytes, base_path: str, version: str, problems: list[Problem], fallback: bool = True,
           file: str | None = None) -> bytes:
    """The page with the reload script (and the error overlay) added before its last </body>.
    file: the site-relative file the page is (it then reloads only when that file changes)."""
    snippet = (overlay_html(problems, fallback) if problems else "") + script_tag(base_path, version, file)
    data = snippet.encode("utf-8")
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + data
    at = ends[-1].start()
    return page[:at] + data + page[at:]


def error_page(base_path: str, version: str, problems: list[Problem]) -> bytes:
    """Shown when there has never been a good build to fall back on."""
    page = ("<!doctype html><html lang=en><head><meta charset=utf-8><title>Build failed · shownotes</title>"
            "<meta name=viewport content='width=device-width,initial-scale=1'></head>"
            "<body style='font:16px/1.5 system-ui,sans-serif;margin:0;padding:40vh 1.25rem 0'>"
            "<p>No site yet: the first build failed. Fix the problems listed above and this page reloads.</p>"
            "</body></html>").encode()
    return inject(page, base_path, version, problems, fallback=False)
