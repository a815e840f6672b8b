"""The site folder, said in one line with the fix (``PublishError``, exit 2): ``--site`` naming a
file, a parent that is a file, a read-only folder, a full disk while rendering or moving files.

Publishing renders everything into a staging folder first (``jekyll.stage_post``), so any of these
leaves the previous post and images as they were: the message says so.
"""

from __future__ import annotations

from pathlib import Path

from tweetbrief.errors import PublishError, os_fix, os_reason

__all__ = ["check_site", "site_error"]


def check_site(site: Path, create: bool = True) -> None:
    """Create ``site`` if needed (``create``); refuse a file, or a path under a file."""
    if site.exists() and not site.is_dir():
        raise PublishError(f"--site {site} is a file, not a folder; pass the Jekyll site folder")
    for parent in site.parents:
        if parent.exists():
            if not parent.is_dir():
                raise PublishError(f"--site {site}: {parent} is a file, not a folder; pass the Jekyll site folder")
            break
    if not create:
        return
    try:
        site.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise site_error(err, site) from None


def site_error(err: OSError, site: Path) -> PublishError:
    """``<site>: <reason> writing <file>; <fix>; nothing was published`` for an OSError while publishing."""
    target = f" writing {err.filename}" if err.filename else ""
    return PublishError(f"--site {site}: {os_reason(err)}{target}; {os_fix(err)} "
                        "(nothing was published: the previous post is untouched)")
