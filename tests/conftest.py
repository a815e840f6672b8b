"""Shared fixtures.

``shared``: the ``../shared`` folder beside the repository (real recorded payloads). Tests that need
it skip when it is absent (a user's clone) -- unless ``TWEETBRIEF_REQUIRE_SHARED=1`` (CI), where
its absence is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from fakellm import fake_llm  # noqa: F401  the LLM tests' fixture: a fake OpenAI-compatible server

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


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A real 1 MB tmpfs, when this process may mount one (root with CAP_SYS_ADMIN); else skipped."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root; the max_page_count test covers SQLITE_FULL")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
