"""Shared fixtures.

``shared``: the ``../shared`` folder beside the repository (real recorded payloads). Tests that need
it skip when it is absent (a user's clone) -- unless ``TWEETBRIEF_REQUIRE_SHARED=1`` (CI), where
its absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TWEETBRIEF_SHARED", REPO.parent / "shared"))


def _shared_dir() -> Path:
    if SHARED.is_dir() and (SHARED / "data" / "fixtures").is_dir():
        return SHARED
    message = f"../shared not found at {SHARED} (real recorded payloads)"
    if os.environ.get("TWEETBRIEF_REQUIRE_SHARED") == "1":
        pytest.fail(message + " and TWEETBRIEF_REQUIRE_SHARED=1", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared() -> Path:
    return _shared_dir()


@pytest.fixture(scope="session")
def fixtures(shared: Path) -> Path:
    return shared / "data" / "fixtures"


@pytest.fixture
def store():
    from tweetbrief.store import Store

    s = Store.open(":memory:")
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    """Never touch the user's real database from tests."""
    monkeypatch.setenv("TWEETBRIEF_DB", str(tmp_path / "default.sqlite"))
