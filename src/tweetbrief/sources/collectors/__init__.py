"""Live collectors: sources fetched over the network into the store (``tweetbrief collect``).

A sibling of the file-importer registry: ``COLLECTORS`` (a ``tweetbrief.registry.Registry``) maps
a source-spec prefix to its class; the built-ins below are ``tweetbrief.collectors`` entry points
exactly as a third-party collector is (docs/plugins.md). ``collect(store, specs, window)`` runs them.

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
from tweetbrief.sources.collectors.run import CollectSummary, collect, collect_command, make_window, parse_spec

__all__ = ["COLLECTORS", "CollectError", "Collector", "Page", "Resume", "SourceResult", "Window", "register_collector",
           "CollectConfig", "CollectContext", "ReadBudget", "Secrets", "redact", "CollectSummary", "collect",
           "collect_command", "make_window", "parse_spec"]
