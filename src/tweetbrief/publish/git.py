"""Commit (and push) the files a run published into the site's git repository, via the git CLI.

Only the run's own files are staged and committed (``git commit -- <paths>``), so unrelated
work in the site repository is never swept into the commit. Nothing changed -> no commit.
When git has no identity configured (fresh CI runners) the commit is made as
``tweetbrief <tweetbrief@localhost>``; set ``user.name``/``user.email`` (or the ``GIT_AUTHOR_*``
variables) to choose another.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tweetbrief.errors import GitError

__all__ = ["GitError", "GitResult", "commit_paths", "push", "repo_root"]

FALLBACK_NAME = "tweetbrief"
FALLBACK_EMAIL = "tweetbrief@localhost"
TIMEOUT = 120


@dataclass
class GitResult:
    committed: bool
    sha: str | None = None
    pushed: bool = False


def _git(repo: Path, *args: str, check: bool = True, identity: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("git")
    if exe is None:
        raise GitError("git is not installed; install git or drop --git-commit/--git-push")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        proc = subprocess.run([exe, *identity, "-C", str(repo), *args], capture_output=True, text=True,
                              env=env, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} in {repo} timed out after {TIMEOUT}s") from None
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        last = detail[-1] if detail else f"exit code {proc.returncode}"
        raise GitError(f"git {args[0]} in {repo} failed: {last}")
    return proc


def repo_root(path: Path) -> Path:
    proc = _git(path, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0:
        raise GitError(f"{path} is not inside a git repository; run `git init` there or drop --git-commit")
    return Path(proc.stdout.strip())


def _identity(repo: Path) -> list[str]:
    if os.environ.get("GIT_AUTHOR_EMAIL") and os.environ.get("GIT_COMMITTER_EMAIL"):
        return []
    if _git(repo, "config", "user.email", check=False).stdout.strip():
        return []
    return ["-c", f"user.name={FALLBACK_NAME}", "-c", f"user.email={FALLBACK_EMAIL}"]


def commit_paths(site: Path, paths: Sequence[Path], message: str) -> GitResult:
    """``git add`` + ``git commit`` exactly ``paths`` (files inside ``site``'s repository)."""
    root = repo_root(site)
    rel = [str(Path(p).resolve().relative_to(root.resolve())) for p in paths]
    _git(root, "add", "--", *rel)
    if _git(root, "diff", "--cached", "--quiet", "--", *rel, check=False).returncode == 0:
        return GitResult(committed=False)
    _git(root, "commit", "--quiet", "--no-verify", "-m", message, "--", *rel, identity=_identity(root))
    sha = _git(root, "rev-parse", "HEAD").stdout.strip()
    return GitResult(committed=True, sha=sha)


def push(site: Path, remote: str = "origin") -> None:
    """``git push <remote> HEAD`` (the current branch to the same name on the remote)."""
    root = repo_root(site)
    _git(root, "push", "--quiet", remote, "HEAD")
