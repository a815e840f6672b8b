"""--git-commit / --git-push: only the run's files are committed; push goes to a local bare repo."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tweetbrief.publish import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def sh(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    for var in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no user identity from ~/.gitconfig
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "site"
    repo.mkdir()
    sh(repo, "init", "-q", "-b", "main")
    (repo / "_config.yml").write_text("title: t\n")
    sh(repo, "add", "_config.yml")
    sh(repo, "-c", "user.name=me", "-c", "user.email=me@example.com", "commit", "-qm", "init")
    return repo


def _files(site: Path) -> list[Path]:
    post = site / "_posts" / "2026-01-27-twitter_ai_20260127_20260127.md"
    img = site / "assets" / "tweetbrief" / "wordcloud_twitter_ai_20260127_20260127.jpg"
    for path, data in ((post, "---\ntitle: x\n---\nhi\n"), (img, "jpg")):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data)
    return [img, post]


def test_commits_only_the_runs_files(site):
    (site / "draft.md").write_text("unrelated work in progress")
    sh(site, "add", "draft.md")  # even staged unrelated work stays out of the commit
    result = git.commit_paths(site, _files(site), "tweetbrief: ai 2026-01-27")
    assert result.committed and len(result.sha or "") == 40
    changed = sh(site, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert sorted(changed) == ["_posts/2026-01-27-twitter_ai_20260127_20260127.md",
                               "assets/tweetbrief/wordcloud_twitter_ai_20260127_20260127.jpg"]
    assert sh(site, "log", "-1", "--format=%an <%ae>") == "tweetbrief <tweetbrief@localhost>"
    assert "draft.md" in sh(site, "diff", "--cached", "--name-only")


def test_unchanged_files_make_no_commit(site):
    files = _files(site)
    first = git.commit_paths(site, files, "one")
    again = git.commit_paths(site, files, "two")
    assert first.committed and not again.committed
    assert sh(site, "rev-parse", "HEAD") == first.sha


def test_site_in_a_subfolder_of_the_repo(site):
    docs = site / "docs"
    docs.mkdir()
    result = git.commit_paths(docs, _files(docs), "sub")
    shown = sh(site, "show", "--name-only", "--format=", result.sha)
    assert "docs/_posts/2026-01-27-twitter_ai_20260127_20260127.md" in shown


def test_push_to_a_local_bare_repo(site, tmp_path):
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    sh(site, "remote", "add", "origin", str(bare))
    result = git.commit_paths(site, _files(site), "tweetbrief: ai")
    git.push(site)
    assert sh(bare, "rev-parse", "main") == result.sha


def test_errors_are_one_line(tmp_path, site):
    with pytest.raises(git.GitError, match="not inside a git repository"):
        git.commit_paths(tmp_path / "nowhere", [], "x")
    with pytest.raises(git.GitError, match=r"git push .* failed: .*") as err:
        git.push(site, "no-such-remote")
    assert "\n" not in str(err.value)
