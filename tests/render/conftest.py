import pytest

from .helpers import SUBPATH, load_fixture, render_fixture


@pytest.fixture(scope="session")
def lib():
    return load_fixture(SUBPATH)


@pytest.fixture(scope="session")
def site():
    """The fixture site rendered under the sub-path base URL."""
    return render_fixture(SUBPATH)


@pytest.fixture(scope="session")
def root_site():
    """The fixture site rendered at the root of a host."""
    return render_fixture("http://127.0.0.1:8000/")
