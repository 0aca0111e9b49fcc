"""`shownotes serve`, the HTTP side: base path, redirects, files under site/ only, 404s,
content types, the injected reload script, and many requests at once. One server for the module."""
from __future__ import annotations

import re
import threading

import pytest

from serve_harness import BASE_PATH, EPISODE_URL, copy_fixture, serving, wait_for

from generator.errors import Problem
from generator.serve import is_loopback, live, url_host
from generator.serve.server import content_type

TRAVERSALS = [
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    BASE_PATH + "../../../../etc/passwd",
    BASE_PATH + "..%2f..%2f..%2f..%2fetc%2fpasswd",
    BASE_PATH + "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    BASE_PATH + "demo-show/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    BASE_PATH + "%2fetc%2fpasswd",
    BASE_PATH + "/etc/passwd",
    "//etc/passwd",
    "/etc/passwd",
    BASE_PATH + "..\\..\\..\\etc\\passwd",
    BASE_PATH + "%00/etc/passwd",
    "http://127.0.0.1/../../etc/passwd",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = copy_fixture(tmp_path_factory.mktemp("serve-http") / "project")
    with serving(project) as s:
        yield s


def status_of(raw: bytes) -> int:
    return int(raw.split(b" ", 2)[1])


def test_root_redirects_to_the_base_path(served):
    r = served.get("/")
    assert r.status in (301, 302, 307, 308) and r.headers["location"] == BASE_PATH
    r = served.get(BASE_PATH.rstrip("/"))
    assert r.status in (301, 302, 307, 308) and r.headers["location"] == BASE_PATH


def test_home_and_episode_pages(served):
    assert served.get(BASE_PATH).status == 200
    r = served.get(EPISODE_URL)
    assert r.status == 200 and "First episode" in r.text
    assert r.headers["content-type"] == "text/html; charset=utf-8"


def test_folder_without_slash_redirects_to_slash(served):
    r = served.get(EPISODE_URL.rstrip("/") + "?from=test")
    assert r.status == 301
    assert r.headers["location"] == EPISODE_URL + "?from=test"


def test_redirect_never_leaves_the_site(served):
    r = served.get("//example.org")
    assert not r.headers.get("location", "").startswith("//")


@pytest.mark.parametrize("target", TRAVERSALS)
def test_no_file_outside_the_site(served, target):
    raw = served.raw(target)
    assert b"root:x:0:0" not in raw
    assert status_of(raw) in (400, 403, 404), raw[:200]


def test_symlinks_out_of_the_site_are_refused(served):
    site = served.site
    (site / "escape").symlink_to("/etc")
    (site / "passwd").symlink_to("/etc/passwd")
    try:
        for target in (BASE_PATH + "escape/passwd", BASE_PATH + "passwd", BASE_PATH + "escape/"):
            raw = served.raw(target)
            assert b"root:x:0:0" not in raw and status_of(raw) in (403, 404), target
    finally:
        (site / "escape").unlink(missing_ok=True)
        (site / "passwd").unlink(missing_ok=True)


def test_missing_page_gets_the_sites_404_page(served):
    r = served.get(BASE_PATH + "no/such/page/")
    assert r.status == 404
    own = (served.site / "404.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", own, re.S).group(1)
    assert title in r.text  # the site's own 404 page, not a generic one
    assert served.get(BASE_PATH + "demo-show/nope.json").status == 404


def test_head_answers_headers_only(served):
    r = served.request(EPISODE_URL, method="HEAD")
    assert r.status == 200 and r.body == b""
    assert int(r.headers["content-length"]) == len(served.get(EPISODE_URL).body)


@pytest.mark.parametrize("suffix, expected", [
    ("chapters.json", "application/json"),
    ("transcript.vtt", "text/vtt"),
])
def test_episode_files_content_types(served, suffix, expected):
    if not (served.site / "demo-show" / "first-episode" / suffix).is_file():
        pytest.skip(f"the render stage wrote no {suffix}")
    r = served.get(EPISODE_URL + suffix)
    assert r.status == 200 and r.headers["content-type"].split(";")[0] == expected


def test_site_files_content_types(served):
    site = served.site
    want = {".xml": "application/xml", ".css": "text/css", ".js": "text/javascript", ".json": "application/json"}
    seen = set()
    for path in sorted(site.rglob("*")):
        ext = path.suffix
        if path.is_file() and ext in want and ext not in seen and "pagefind" not in path.parts:
            rel = path.relative_to(site).as_posix()
            r = served.get(BASE_PATH + rel)
            assert r.status == 200 and r.headers["content-type"].split(";")[0] == want[ext], rel
            assert r.body == path.read_bytes()  # only HTML gets anything injected
            seen.add(ext)
    assert ".xml" in seen  # the feeds


@pytest.mark.slow  # waits for the first search index
def test_pagefind_files_are_served_once_indexed(served):
    site = served.site
    assert wait_for(lambda: (site / "pagefind" / "pagefind.js").is_file(), 60), served.output()
    r = served.get(BASE_PATH + "pagefind/pagefind.js")
    assert r.status == 200 and r.headers["content-type"].startswith("text/javascript")
    blobs = [p for p in (site / "pagefind").rglob("*") if p.suffix.startswith(".pf_")]
    assert blobs
    for blob in blobs[:5]:
        r = served.get(BASE_PATH + blob.relative_to(site).as_posix())
        assert r.status == 200 and r.headers["content-type"] == "application/octet-stream"


@pytest.mark.parametrize("name, expected", [
    ("a.json", "application/json"), ("t.vtt", "text/vtt; charset=utf-8"), ("feed.xml", "application/xml; charset=utf-8"),
    ("pagefind.wasm", "application/wasm"), ("a.js", "text/javascript; charset=utf-8"), ("a.css", "text/css; charset=utf-8"),
    ("x.pf_meta", "application/octet-stream"), ("x.pf_index", "application/octet-stream"),
    ("x.pf_fragment", "application/octet-stream"), ("x.pf_filter", "application/octet-stream"),
    ("index.html", "text/html; charset=utf-8"), ("robots.txt", "text/plain; charset=utf-8"),
    ("icon.svg", "image/svg+xml"), ("CNAME", "text/plain; charset=utf-8"), ("unknown.bin", "application/octet-stream"),
])
def test_content_type_table(name, expected):
    assert content_type(name) == expected


def test_served_html_has_the_reload_script_but_site_files_do_not(served):
    r = served.get(EPISODE_URL)
    scripts = " ".join(re.findall(r"(?is)<script\b[^>]*>.*?</script>", r.text))
    assert "__shownotes/livereload.js" in scripts and "data-version=" in scripts
    js = served.get(BASE_PATH + "__shownotes/livereload.js")
    assert js.status == 200 and b"EventSource" in js.body and js.headers["content-type"].startswith("text/javascript")
    for page in (served.site).rglob("*.html"):
        assert "__shownotes" not in page.read_text(encoding="utf-8"), page


def test_no_overlay_while_content_is_good(served):
    assert "shownotes-build-errors" not in served.get(EPISODE_URL).text


def test_64_concurrent_requests_are_all_answered(served):
    errors: list[str] = []
    targets = [EPISODE_URL, BASE_PATH, BASE_PATH + "no-such-page/", BASE_PATH + "demo-show/"]

    def hit(i: int) -> None:
        target = targets[i % len(targets)]
        try:
            status = served.get(target).status
            if status != (404 if "no-such" in target else 200):
                errors.append(f"{target}: {status}")
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=hit, args=(i,)) for i in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors[:5]


def test_an_open_event_stream_does_not_block_other_requests(served):
    import http.client
    version = re.search(r'data-version="([^"]+)"', served.get(EPISODE_URL).text).group(1)
    conns = []
    try:
        for _ in range(8):  # streams that stay open: the site does not change meanwhile
            c = http.client.HTTPConnection("127.0.0.1", served.port, timeout=5)
            c.request("GET", BASE_PATH + "__shownotes/events?since=" + version)
            r = c.getresponse()
            assert r.status == 200 and r.getheader("Content-Type") == "text/event-stream"
            conns.append(c)
        assert served.get(EPISODE_URL).status == 200
    finally:
        for c in conns:
            c.close()


# --------------------------------------------------------------- units

def test_overlay_escapes_the_problems():
    problems = [Problem("content/shows/x/2026-01-01-a.md", 3, "`transcript_timing` got '<script>alert(1)</script>'")]
    page = live.inject(b"<html><body><p>hi</p></body></html>", "/pod/", "v1", problems)
    assert b"<script>alert(1)</script>" not in page
    assert b"content/shows/x/2026-01-01-a.md:3: `transcript_timing` got &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;" in page
    assert page.endswith(b"</body></html>") and page.index(b"shownotes-build-errors") > page.index(b"<p>hi</p>")


def test_inject_without_body_tag_appends():
    assert live.inject(b"plain", "/", "v", []).startswith(b"plain<script")


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("::")
    assert url_host("0.0.0.0") == "127.0.0.1" and url_host("::1") == "[::1]"
