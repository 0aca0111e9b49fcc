"""How many examples a property test runs: `@settings(max_examples=budget(N))`.

N is the count the test is written for, relative to hypothesis's usual 100: the loaded profile
scales it (tests/conftest.py: `ci` runs N, the default `dev` profile N/10, at least 2). Any other
profile scales the same way, so `--hypothesis-profile` with max_examples=1000 runs 10 N.
"""
from __future__ import annotations

from hypothesis import settings


def budget(n: int) -> int:
    return max(2, round(n * settings.default.max_examples / 100))
