"""``twscrape-search:QUERY`` and ``twscrape-user:HANDLE`` through twscrape's account pool (optional).

Install with ``pip install 'tweetbrief[twscrape]'``. Accounts live in twscrape's own pool
database (``[collect.twscrape] db``, default ``<user config dir>/tweetbrief/twscrape_accounts.db``),
added with twscrape's CLI (``twscrape --db FILE add_accounts ...``), so no account secret ever
passes through tweetbrief. twscrape rotates to the next account itself when one is banned or
locked; whatever still reaches us (an error from the pool, ``NoAccountError`` when none is left)
is reported on stderr and the source stops or retries on the next account: the run never crashes.

Tweets come in pages of 20; the cursor keeps the oldest id reached, so a resumed or rotated run
continues below it (``max_id:`` in the search query) and later runs ask only for newer tweets
(``since_id:``).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
from collections.abc import AsyncGenerator, Iterator
from datetime import datetime, UTC
from types import ModuleType
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field, field_validator

from tweetbrief.models import Tweet
from tweetbrief.sources.collectors.base import CollectError, Collector, Page, Resume, Window, register_collector
from tweetbrief.sources.collectors.context import CollectorOptions, config_dir
from tweetbrief.sources.collectors.deadline import Deadline, DeadlineExceeded
from tweetbrief.sources.collectors.handles import INVALID_HANDLE, clean_name, x_handle

__all__ = ["TwscrapeSearch", "TwscrapeUser", "TwscrapeOptions"]

SOURCE_TAG = "twscrape"


class TwscrapeOptions(CollectorOptions):
    """``[collect.twscrape]``, shared by twscrape-search and twscrape-user."""

    table: ClassVar[str] = "twscrape"

    # twscrape's account pool; "" -> <user config dir>/tweetbrief/twscrape_accounts.db
    db: str = Field("", validate_default=True)

    @field_validator("db")
    @classmethod
    def _expand(cls, value: str) -> str:
        return str(Path(value or config_dir() / "twscrape_accounts.db").expanduser())
PAGE_SIZE = 20  # X's web timelines return ~20 tweets a request
OLD_IN_A_ROW = 3  # user timelines: stop after this many tweets older than the window (a pinned tweet may be old)


def _twscrape() -> ModuleType:
    try:
        return importlib.import_module("twscrape")
    except ImportError:
        raise CollectError("twscrape is not installed; pip install 'tweetbrief[twscrape]'") from None


def _as_dict(obj: Any) -> dict[str, Any]:
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "json"):
        return json.loads(obj.json())
    return json.loads(json.dumps(obj.dict(), default=str))


def _map(obj: Any) -> Tweet:
    from tweetbrief.sources.formats.twscrape import tweet_from_twscrape

    return tweet_from_twscrape(_as_dict(obj), source=SOURCE_TAG)


def _web_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%d_%H:%M:%S_UTC")


class _Twscrape(Collector):
    Options: ClassVar[type[TwscrapeOptions]] = TwscrapeOptions
    needs: ClassVar[tuple[str, ...]] = ("extra:twscrape",)

    @property
    def db(self) -> str:
        return self.ctx.config.options(TwscrapeOptions).db

    def tweets(self, api: Any, window: Window, since: str | None, below: str | None) -> AsyncGenerator[Any, None]:
        raise NotImplementedError

    def fetch(self, window: Window, cursor: dict | None) -> Iterator[Page]:
        tw = _twscrape()
        no_account = getattr(tw, "NoAccountError", ())
        api = tw.API(self.db, raise_when_no_account=True)
        resume = Resume(cursor, window, key=int)
        since = resume.since
        loop = asyncio.new_event_loop()
        try:
            self._check_pool(loop, api)
            self.check_arg()
            attempts = 0
            while True:
                try:
                    yield from self._pages(loop, api, window, resume, since)
                    return
                except no_account as err:
                    raise CollectError(
                        f"{self.spec}: no usable account left in the twscrape pool ({err.__class__.__name__}: "
                        f"{str(err)[:120]}); add or re-login accounts with twscrape's CLI "
                        f"(--db {self.db}) or wait for locks to expire. Fetched pages are saved") from None
                except CollectError:
                    raise
                except TimeoutError:
                    raise self._deadline().error(self.spec, "while twscrape was fetching") from None
                except Exception as err:  # noqa: BLE001 - twscrape errors must not crash the run
                    attempts += 1
                    message = f"{self.spec}: twscrape account error ({err.__class__.__name__}: {str(err)[:160]})"
                    if attempts > self.ctx.config.max_retries:
                        raise CollectError(message + f"; gave up after {attempts} attempts. "
                                                     "Fetched pages are saved") from None
                    self.ctx.warn(message + "; rotating to the next account "
                                  f"({attempts}/{self.ctx.config.max_retries})")
        finally:
            loop.close()

    def check_arg(self) -> None:
        """``CollectError`` when the spec's argument cannot be right (before any request)."""

    def _deadline(self) -> Deadline:
        return self.ctx.deadline or Deadline(None)

    def _await(self, loop: asyncio.AbstractEventLoop, awaitable: Any) -> Any:
        """Run one twscrape call, cut off at the source's deadline (``asyncio.TimeoutError``)."""
        deadline = self._deadline()
        deadline.check(self.spec)
        left = deadline.remaining()
        return loop.run_until_complete(asyncio.wait_for(awaitable, None if left == float("inf") else left))

    def _check_pool(self, loop: asyncio.AbstractEventLoop, api: Any) -> None:
        info = getattr(api.pool, "accounts_info", None)
        if info is None:
            return
        try:
            accounts = self._await(loop, info())
        except TimeoutError:
            raise self._deadline().error(self.spec, "while reading the twscrape pool") from None
        active = [a for a in accounts if a.get("active")]
        if not active:
            raise CollectError(f"{self.spec}: no active account in the twscrape pool {self.db}; "
                               "add one with `twscrape add_accounts` and `twscrape login_accounts`")
        self.ctx.reporter.info(f"{self.spec}: twscrape pool has {len(active)} active account(s)")

    def _pages(self, loop: asyncio.AbstractEventLoop, api: Any, window: Window, resume: Resume,
               since: str | None) -> Iterator[Page]:
        below = resume.token
        agen = self.tweets(api, window, since, below)
        batch: list[Tweet] = []
        reasons: dict[str, int] = {}
        seen = skipped = old = 0
        try:
            while True:
                try:
                    obj = self._await(loop, agen.__anext__())
                except StopAsyncIteration:
                    break
                except (TimeoutError, DeadlineExceeded):
                    if batch:  # keep what was fetched; the cursor continues below it
                        below = str(min(int(t.id) for t in batch) - 1)
                        yield Page(batch, resume.page([t.id for t in batch], below), skipped=skipped, reasons=reasons)
                    raise self._deadline().error(self.spec, "while twscrape was fetching") from None
                seen += 1
                tweet = _map(obj)
                tweet.author_name = clean_name(tweet.author_name)
                if tweet.author_handle and not x_handle(tweet.author_handle):
                    skipped += 1
                    reasons[INVALID_HANDLE] = reasons.get(INVALID_HANDLE, 0) + 1
                    continue
                if below and int(tweet.id) > int(below):
                    continue  # already stored before a rotation or interruption
                if since and int(tweet.id) <= int(since):
                    break
                if tweet.created_at not in window:
                    skipped += 1
                    reasons["outside the window"] = reasons.get("outside the window", 0) + 1
                    old = old + 1 if tweet.created_at < window.start else 0
                    if old >= OLD_IN_A_ROW:
                        break
                    continue
                old = 0
                batch.append(tweet)
                if len(batch) >= PAGE_SIZE:
                    below = str(min(int(t.id) for t in batch) - 1)
                    yield Page(batch, resume.page([t.id for t in batch], below), skipped=skipped, reasons=reasons)
                    batch, skipped, reasons = [], 0, {}
        finally:
            # a generator cut off at the deadline may refuse to close; the loop is closed next
            with contextlib.suppress(TimeoutError, RuntimeError):
                loop.run_until_complete(asyncio.wait_for(agen.aclose(), 5))
        yield Page(batch, resume.page([t.id for t in batch], None), skipped=skipped, reasons=reasons)


@register_collector
class TwscrapeSearch(_Twscrape):
    prefix = "twscrape-search"
    description = "X web search through a twscrape account pool (optional extra)"

    def tweets(self, api: Any, window: Window, since: str | None, below: str | None) -> AsyncGenerator[Any, None]:
        query = f"{self.arg} since:{_web_time(window.start)} until:{_web_time(window.end)}"
        if since:
            query += f" since_id:{since}"
        if below:
            query += f" max_id:{below}"
        return api.search(query, limit=-1, kv={"product": "Latest"})


@register_collector
class TwscrapeUser(_Twscrape):
    prefix = "twscrape-user"
    description = "X user timeline through a twscrape account pool (optional extra)"

    def check_arg(self) -> None:
        if not x_handle(self.arg.lstrip("@")):
            raise CollectError(f"{self.spec}: {self.arg.lstrip('@')[:40]!r} is not an X handle "
                               "(1-15 letters, digits or _)")

    def tweets(self, api: Any, window: Window, since: str | None, below: str | None) -> AsyncGenerator[Any, None]:
        async def gen() -> AsyncGenerator[Any, None]:
            user = await api.user_by_login(self.arg.lstrip("@"))
            if user is None:
                raise CollectError(f"{self.spec}: no X user @{self.arg.lstrip('@')}; check the handle")
            async for item in api.user_tweets(user.id, limit=-1):
                yield item

        return gen()
