"""`serve`'s search index: refreshed in the background after builds, in a worker process over
the pages of the version served, and published as a version of its own (generator/output/)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from generator import output


def _now() -> str:
    return time.strftime("%H:%M:%S")


class Indexer:
    """Refreshes the search index after builds, over a hard-linked snapshot of the site's pages,
    then publishes the site with the new index (a new version, swapped in atomically like a
    build's). The index is in shards (generator/search.py): only the shards whose pages changed
    are indexed again (an edited episode: its show's shard, a second or two), the others are
    linked from the served index. It waits until edits pause (QUIET seconds), and a new build
    stops a run in progress, so Pagefind never slows down a rebuild an editor is waiting for."""

    QUIET = 0.5

    def __init__(self, out: Path, lock: threading.Lock):
        self.out = out.absolute()
        self.lock = lock
        self._wanted = 0
        self._done = 0
        self._cond = threading.Condition()
        self._proc: subprocess.Popen | None = None
        self._stopping = False
        self.scratch = self.out.parent / f".{self.out.name}.index-{os.getpid()}"
        self._scan: bytes | None = None  # what the worker found each page to be, kept between runs:
        # pages linked unchanged from one version to the next are not read again
        self.moved = None  # told (old version, new version) when a new index is published, under the lock

    def request(self) -> None:
        with self._cond:
            self._wanted += 1
            self._cond.notify_all()
        self._kill()  # superseded: the pages it was indexing are already out of date

    def loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._stopping or self._wanted > self._done)
                while not self._stopping:  # let a burst of edits settle first
                    seen = self._wanted
                    self._cond.wait(timeout=self.QUIET)
                    if self._wanted == seen:
                        break
                if self._stopping:
                    return
                target = self._wanted
            try:
                self._run(target)
            except Exception as e:  # noqa: BLE001 - search is a nicety while serving; never stop for it
                print(f"{_now()} search index not updated: {type(e).__name__}: {e}", file=sys.stderr)
            finally:
                shutil.rmtree(self.scratch, ignore_errors=True)
                with self._cond:
                    self._done = max(self._done, target)
                    self._cond.notify_all()

    def _run(self, target: int) -> None:
        t0 = time.perf_counter()
        shutil.rmtree(self.scratch, ignore_errors=True)
        with self.lock:
            if not self.out.is_dir() or self._wanted > target:
                return  # gone, or a build ran while this waited for the lock: the next run indexes it
            # the version served now: the worker reads its pages and its index, never writes there.
            # A version stays as it is until the second publish after it; a build in between
            # calls request(), which stops this run and discards what it made.
            live = Path(os.path.realpath(self.out))
        scan = self.scratch / "scan-cache.json"
        self.scratch.mkdir(parents=True)
        if self._scan:
            scan.write_bytes(self._scan)
        cmd = [sys.executable, "-m", "generator.serve.index_worker", str(live), "--previous", str(live),
               "--out", str(self.scratch / "pagefind"), "--scan-cache", str(scan)]
        self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                      start_new_session=True)  # its own group: stop() ends Pagefind with it
        if self._stopping:  # stop() ran before there was a process to end
            self._kill()
        said, _ = self._proc.communicate()
        code, self._proc = self._proc.returncode, None
        try:
            self._scan = scan.read_bytes()
        except OSError:
            pass
        if self._stopping or self._wanted > target:  # stopped, or superseded by a newer build
            return
        if code != 0 or not (self.scratch / "pagefind" / "pagefind.js").is_file():
            detail = " / ".join(said.strip().splitlines()[-3:]) or f"exit code {code}"
            print(f"{_now()} search index not updated: {detail}", file=sys.stderr)
            return
        report = self._report(said)
        if report.get("unchanged"):  # the same index as the one served
            print(f"{_now()} search index up to date in {time.perf_counter() - t0:.1f} s (no indexed page changed)")
            return
        with self.lock, output.Output(self.out) as dest:
            # a new version of the site with the new index, swapped in like a build's
            if dest.removed or dest.restored:
                print(output.cleanup_note(dest), file=sys.stderr)
            if dest.live is None:
                return
            new, old = self.scratch / "pagefind", dest.live / "pagefind"
            for name in report.get("indexed", []):  # few files of a shard indexed again change
                rel = report.get("paths", {}).get(name)
                if isinstance(rel, str):
                    output.share_unchanged(new / rel, old / rel, leave=("shards",) if rel == "" else ())
            was = dest.live
            version = dest.copy_of_live()
            try:
                output.discard(version / "pagefind")
                os.replace(new, version / "pagefind")
                output.step()
                dest.publish(version, ["pagefind/"])
            except BaseException:
                dest.discard(version)
                raise
            if self.moved is not None:
                self.moved(was, dest.live)
            try:
                dest.sync_spare()  # now rather than at the editor's next save
            except OSError:
                pass  # the next publish brings it up to date itself
        indexed = report.get("indexed", [])
        which = f" ({len(indexed)} of {len(indexed) + len(report.get('reused', []))} shards)" if report else ""
        print(f"{_now()} search index updated in {time.perf_counter() - t0:.1f} s{which}")

    @staticmethod
    def _report(said: str) -> dict:
        """The worker's last `index: {...}` line (which shards it indexed), or {}."""
        for line in reversed(said.splitlines()):
            if line.startswith("index: "):
                try:
                    data = json.loads(line[len("index: "):])
                except ValueError:
                    return {}
                return data if isinstance(data, dict) else {}
        return {}

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._kill()

    def _kill(self) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass

    def cleanup(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)
