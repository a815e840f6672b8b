"""The documented schedulers (docs/operations.md) treat exit 3 (run lock held) as a visible skip.

The cron line and the systemd unit's ``ExecStopPost=`` are taken from the docs and run with
/bin/sh, with a stand-in for tweetbrief that exits with a chosen code.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

OPS = Path(__file__).resolve().parents[1] / "docs" / "operations.md"
SKIPPED = "tweetbrief: skipped (exit 3)"


def _block(lang: str, marker: str) -> str:
    for block in re.findall(rf"```{lang}\n(.*?)```", OPS.read_text(encoding="utf-8"), re.S):
        if marker in block:
            return block
    raise AssertionError(f"no ```{lang} block with {marker!r} in {OPS}")


def _unit() -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for line in _block("ini", "ExecStart=").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            keys.setdefault(key, []).append(value)
    return keys


def test_systemd_unit_counts_exit_3_as_success_and_logs_a_skip():
    unit = _unit()
    assert "3" in unit["SuccessExitStatus"][0].split()
    (post,) = unit["ExecStopPost"]
    argv = shlex.split(post.replace("$$", "$"))  # systemd: "$$" is a literal "$", quotes group words
    for status, expected in (("3", SKIPPED), ("4", ""), ("0", "")):
        out = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "EXIT_STATUS": status},
                             check=True).stdout
        assert (SKIPPED in out) is bool(expected), (status, out)
    assert "TimeoutStartSec" in unit  # a backstop beyond the per-source --timeout


@pytest.mark.parametrize("code", [0, 3, 4])
def test_cron_line_logs_a_skip_on_exit_3_and_keeps_the_exit_code(tmp_path, code):
    line = next(ln for ln in _block("cron", "tweetbrief run").splitlines() if "tweetbrief run" in ln)
    command = line.split(None, 5)[5]  # after "m h dom mon dow"
    fake = tmp_path / "tweetbrief"
    fake.write_text(f"#!/bin/sh\necho 'tweetbrief: stats line'\nexit {code}\n")
    fake.chmod(0o755)
    log = tmp_path / "tweetbrief.log"
    command = (command.replace("/opt/tweetbrief/bin/tweetbrief", str(fake)).replace("/var/log/tweetbrief.log", str(log))
               .replace("cd /srv/blog", f"cd {tmp_path}"))
    rc = subprocess.run(["/bin/sh", "-c", command]).returncode
    assert rc == code
    text = log.read_text()
    assert "stats line" in text and (SKIPPED in text) is (code == 3)
