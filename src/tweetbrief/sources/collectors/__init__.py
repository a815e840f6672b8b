"""Live collectors: sources fetched over the network into the store (``tweetbrief collect``).

A sibling of the file-importer registry: ``COLLECTORS`` maps a source-spec prefix to its class;
built-ins register themselves on import exactly as a third-party collector would
(``@register_collector``). ``collect(store, specs, window)`` runs them.

    x-search:QUERY   x-list:ID   x-user:HANDLE           X API v2 (X_BEARER_TOKEN)
    twscrape-search:QUERY   twscrape-user:HANDLE          twscrape account pool (optional extra)
    rss:URL                                               Nitter / RSSHub RSS or Atom
    bluesky-search:QUERY   bluesky-user:HANDLE            Bluesky public AppView
    mastodon-tag:INSTANCE/TAG                             Mastodon public tag timeline
"""

from __future__ import annotations

from tweetbrief.sources.collectors.base import (
    COLLECTORS, CollectError, Collector, Page, Resume, SourceResult, Window, register_collector,
)
from tweetbrief.sources.collectors.context import CollectConfig, CollectContext, ReadBudget, Secrets, redact

# Built-in collectors register themselves on import.
from tweetbrief.sources.collectors import xapi, twscrape_pool, rss, bluesky, mastodon  # noqa: F401,E402,I001
from tweetbrief.sources.collectors.run import CollectSummary, collect, collect_command, make_window, parse_spec  # noqa: E402

__all__ = ["COLLECTORS", "CollectError", "Collector", "Page", "Resume", "SourceResult", "Window", "register_collector",
           "CollectConfig", "CollectContext", "ReadBudget", "Secrets", "redact", "CollectSummary", "collect",
           "collect_command", "make_window", "parse_spec"]
