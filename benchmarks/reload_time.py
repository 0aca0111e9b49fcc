"""Edit-to-visible time under `shownotes serve`: start the server in a project, rewrite one
episode's title five times, and time each write until the served page shows it.

    .venv/bin/python benchmarks/reload_time.py PROJECT PORT [EPISODE_INDEX]

PROJECT is a project folder (content/, site.yaml, themes/); it is edited and restored.
"""
import http.client, json, re, subprocess, sys, time, statistics
from pathlib import Path
proj = Path(sys.argv[1]); port = int(sys.argv[2])
import yaml, urllib.parse
bp = urllib.parse.urlsplit(yaml.safe_load((proj / "site.yaml").read_text())["base_url"]).path.rstrip("/") + "/"
log = open(f"/tmp/serve-{port}.log", "w")
proc = subprocess.Popen(["/work/main/.venv/bin/shownotes", "serve", "--port", str(port)], cwd=proj, stdout=log, stderr=subprocess.STDOUT)
def get(path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10); c.request("GET", path); r = c.getresponse(); return r.status, r.read().decode()
try:
    t0 = time.time()
    while time.time() - t0 < 300:
        try:
            if get(bp)[0] == 200: break
        except Exception: pass
        time.sleep(0.2)
    time.sleep(1)
    ep = sorted(p for p in (proj / "content" / "shows").glob("*/*.md") if not p.name.startswith("_"))[len(sys.argv) > 3 and int(sys.argv[3]) or 0]
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", ep.stem); url = f"{bp}{ep.parent.name}/{slug}/"
    assert get(url)[0] == 200, url
    original = ep.read_text(); times = []
    for i in range(5):
        marker = f"Edited{i}x{int(time.time())}"
        ep.write_text(re.sub(r"(?m)^title: .*$", f"title: {marker} episode", original, count=1))
        t = time.perf_counter()
        while marker not in get(url)[1]:
            time.sleep(0.05)
        times.append(time.perf_counter() - t)
        time.sleep(1.5)
    ep.write_text(original)
    print(json.dumps({"times_ms": [round(x * 1000) for x in times], "median_ms": round(statistics.median(times) * 1000)}))
finally:
    proc.terminate(); proc.wait(10)
