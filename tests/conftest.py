"""Suite-wide settings: how long `pytest` takes, and what CI runs on top.

- Hypothesis profiles. `dev` (the default) runs each property test with a tenth of the examples
  its decorator asks for; `ci` runs them all. CI=true or HYPOTHESIS_PROFILE=ci loads `ci`
  (hypothesis's own --hypothesis-profile=NAME also works). Property tests write their
  count as `max_examples=budget(N)` (tests/hypothesis_budget.py): N under `ci`.
- The `slow` marker: real-browser tests, the fault-injection publishing tests, the
  linear-time checks on megabyte inputs, and other tests that take seconds each. They are
  skipped by default and run with CI=true, with --runslow, or when a -m expression is given
  (`-m slow`, `-m browser`; `-m "not slow"` still leaves them out).

- Two processes. The quick run of the whole suite (or of folders) spreads over the machine's
  cores, two at most (pytest-xdist, as if given `-n 2`); one file, an explicit `-n N` (`-n 0`:
  one process), `-p no:xdist`, --pdb and CI run in this process alone (CI's browser and timing
  tests get the machine to themselves).

So `.venv/bin/pytest` is the quick loop while editing, and `CI=true .venv/bin/pytest` (what
.ci/run runs) is every test with every example.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# the ci profile keeps hypothesis's usual 100 examples (so budget(N) == N); dev a tenth of that
settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=10, deadline=None)


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ci() else "dev"))


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """Before pytest-xdist reads its options: -n 2 for a quick run of the suite or of folders."""
    if os.environ.get("PYTEST_XDIST_WORKER") or _ci() or not config.pluginmanager.hasplugin("xdist"):
        return
    if config.option.numprocesses is not None or config.getoption("usepdb") or config.getoption("collectonly"):
        return
    named = config.args_source == pytest.Config.ArgsSource.ARGS
    if named and not all(os.path.isdir(arg.split("::")[0]) for arg in config.args):
        return  # files or single tests: starting workers would cost more than it saves
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cores > 1:
        config.option.numprocesses = 2


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False,
                     help="also run tests marked slow (browser, fault injection, timing); CI=true does too")


def _runs_slow(config) -> bool:
    """CI, --runslow, or a -m expression (which then decides: `-m browser` runs the browser tests,
    `-m "not slow"` none of the slow ones)."""
    markexpr = (config.getoption("markexpr", "") or "").strip()
    return _ci() or config.getoption("--runslow") or bool(markexpr and "not slow" not in markexpr)


def pytest_report_header(config):
    return "slow tests: " + ("run" if _runs_slow(config) else "skipped (--runslow, -m slow or CI=true runs them)")


def pytest_collection_modifyitems(config, items):
    if _runs_slow(config):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow, -m slow or CI=true")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
