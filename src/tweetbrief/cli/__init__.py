"""The command line: parse arguments, call one library function, print the result.

Progress and errors go to stderr, results to stdout. Every ``TweetbriefError`` becomes one line
and its ``exit_code`` (``tweetbrief.errors``). ``common`` holds the app, its error handling and the
shared options; each command group registers itself on the app when imported below (in the order
``tweetbrief --help`` lists the commands).
"""

from __future__ import annotations

from tweetbrief.cli.common import app
from tweetbrief.cli.importing import import_cmd
from tweetbrief.cli.reporting import demo, report
from tweetbrief.cli.running import collect, run_cmd
from tweetbrief.cli.tools import mcp_cmd, notify_test_cmd, plugins_cmd, preview, search


def main() -> None:
    app(prog_name="tweetbrief")


__all__ = ["app", "main", "import_cmd", "report", "demo", "collect", "run_cmd", "notify_test_cmd", "preview",
           "search", "mcp_cmd", "plugins_cmd"]
