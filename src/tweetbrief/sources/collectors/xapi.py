"""X API v2 collectors: ``x-search:QUERY``, ``x-user:HANDLE``, ``x-list:ID``.

Bearer token from ``X_BEARER_TOKEN`` (or ``x_bearer_token`` in the user's secrets.toml); API root
from ``TWEETBRIEF_X_API_BASE`` (default https://api.x.com). Pages of ``max_results`` (default 100)
are followed by ``next_token``; a later run on an overlapping window only asks for tweets after
the newest one it has (``since_id``). Every page's tweets and users count as reads against
``--max-reads``; each read is priced at ``read_price``. Settings: ``[collect.x]`` (``XOptions``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta, UTC
import os
from typing import Any, ClassVar

import httpx
from pydantic import Field, field_validator, model_validator

from tweetbrief.models import snowflake_time
from tweetbrief.sources.collectors.base import (
    CollectError, Collector, Page, Resume, Window, register_collector, repeated_cursor_error,
)
from tweetbrief.sources.collectors.context import CollectorOptions
from tweetbrief.sources.collectors.handles import screen, x_handle
from tweetbrief.sources.formats.x_v2 import tweets_from_v2_page

__all__ = ["XSearch", "XUser", "XList", "XOptions", "DEFAULT_X_READ_PRICE", "DEFAULT_X_API_BASE"]

TWEET_FIELDS = "created_at,lang,public_metrics,entities,referenced_tweets,conversation_id,author_id"
USER_FIELDS = "public_metrics,name,username"
SOURCE_TAG = "x-api"
END_MARGIN = timedelta(seconds=30)  # end_time must be at least 10 s in the past
MAX_EMPTY_PAGES = 20  # empty pages in a row that still point to a next page: X sends a few, a broken server forever
DEFAULT_X_READ_PRICE = 0.005  # USD; X API pay-per-use "Posts: Read" price per resource
DEFAULT_X_API_BASE = "https://api.x.com"
API_BASE_ENV = "TWEETBRIEF_X_API_BASE"


class XOptions(CollectorOptions):
    """``[collect.x]``, shared by x-search, x-user and x-list."""

    table: ClassVar[str] = "x"

    read_price: float = Field(DEFAULT_X_READ_PRICE, ge=0)  # USD per X API read, for the cost estimate
    search_all: bool = False  # x-search uses /2/tweets/search/all (full archive, if the plan has it)
    page_size: int = Field(100, ge=10, le=100)  # max_results per request
    api_base: str = DEFAULT_X_API_BASE  # the API root; $TWEETBRIEF_X_API_BASE overrides it

    @model_validator(mode="before")
    @classmethod
    def _env_base(cls, data: Any) -> Any:
        env = os.environ.get(API_BASE_ENV)
        if env and isinstance(data, dict):
            data = {**data, "api_base": env}
        return data

    @field_validator("api_base")
    @classmethod
    def _strip_base(cls, value: str) -> str:
        return value.rstrip("/")

    def cost(self, reads: int) -> float:
        return round(reads * self.read_price, 4)

    def costs(self, reads: int) -> dict[str, int | float]:
        return {"x_reads": reads, "x_cost_usd": self.cost(reads)}

    def announce(self, max_reads: int | None) -> str:
        if max_reads is None:
            return f"X API: no --max-reads cap; each read is estimated at ${self.read_price:g} (read_price)"
        return (f"X API: up to {max_reads} reads, estimated ≤ ${self.cost(max_reads):.2f} "
                f"at ${self.read_price:g}/read (read_price)")

    def report(self, costs: Mapping[str, int | float]) -> str:
        return (f"X API: {costs.get('x_reads', 0)} reads, estimated ${costs.get('x_cost_usd', 0):.2f} "
                f"at ${self.read_price:g}/read")


def explain_x(resp: httpx.Response) -> str | None:
    """One line for the X statuses a user can act on."""
    status = resp.status_code
    if status == 401:
        return "HTTP 401: the bearer token was refused; check X_BEARER_TOKEN (regenerate it in the developer console)"
    if status == 402:
        return ("HTTP 402: out of pay-per-use credits; buy credits or raise the spending limit in the X developer "
                "console, then rerun (fetched pages are saved)")
    if status == 403:
        return ("HTTP 403: this endpoint is not available to your app's access tier or project "
                "(e.g. search/all needs full-archive access); set search_all = false in [collect.x] "
                "or upgrade the plan")
    if status == 400:
        try:
            errors = resp.json().get("errors") or []
            detail = "; ".join(str(e.get("message", "")) for e in errors)[:300]
        except (ValueError, AttributeError):
            detail = ""
        return (f"HTTP 400: X rejected the request ({detail or 'bad request'}); "
                "search/recent only covers the last 7 days")
    return None


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _XApi(Collector):
    x_api = True
    Options: ClassVar[type[XOptions]] = XOptions
    needs: ClassVar[tuple[str, ...]] = ("env:X_BEARER_TOKEN",)
    token_param: ClassVar[str] = "pagination_token"
    time_params: ClassVar[bool] = True  # endpoint accepts start_time/end_time/since_id
    min_results: ClassVar[int] = 10  # the endpoint's smallest max_results

    @property
    def options(self) -> XOptions:
        return self.ctx.config.options(XOptions)

    def _headers(self) -> dict[str, str]:
        token = self.ctx.secrets.get("X_BEARER_TOKEN", "x_bearer_token")
        if not token:
            raise CollectError(f"{self.spec}: no X API bearer token; export X_BEARER_TOKEN=... (or put "
                               f"x_bearer_token in {self.ctx.secrets.path})")
        return {"Authorization": f"Bearer {token}", "User-Agent": "tweetbrief"}

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        data, _ = self.ctx.http.get_json(f"{self.options.api_base}{path}", params, headers=self._headers(),
                                         label=self.spec, explain=explain_x)
        if not isinstance(data, dict):
            raise CollectError(f"{self.spec}: unexpected response (a JSON {type(data).__name__}, not an object)")
        return data

    def endpoint(self) -> str:
        raise NotImplementedError

    def base_params(self) -> dict[str, Any]:
        return {}

    def setup_reads(self) -> int:
        """Reads spent before the first page (a handle lookup)."""
        return 0

    def _page_size(self) -> int | None:
        """``max_results`` for the next page such that even its worst case -- that many posts plus one
        expanded author each, plus any lookup first -- stays within ``--max-reads``; None when not even
        the endpoint's smallest page fits."""
        budget = self.ctx.budget
        size = self.options.page_size
        if budget.remaining is None:
            return size
        size = min(size, (budget.remaining - self.setup_reads()) // 2)
        if size >= self.min_results:
            return size
        worst = 2 * self.min_results + self.setup_reads()
        self.ctx.warn(f"{self.spec}: --max-reads {budget.max_reads} reached ({budget.remaining} reads left; the "
                      f"next page could cost up to {worst}: {self.min_results} posts + their authors"
                      f"{' + the handle lookup' if self.setup_reads() else ''}); stopping here "
                      "(rerun with a higher budget to resume)")
        return None

    def fetch(self, window: Window, cursor: dict | None) -> Iterator[Page]:
        resume = Resume(cursor, window, key=int)
        budget = self.ctx.budget
        if self._page_size() is None:
            return
        path = self.endpoint()
        params: dict[str, Any] = {"tweet.fields": TWEET_FIELDS, "expansions": "author_id", "user.fields": USER_FIELDS,
                                  **self.base_params()}
        if self.time_params:
            end = min(window.end, datetime.now(UTC) - END_MARGIN)
            params["end_time"] = _iso(end)
            since = resume.since
            if since and snowflake_time(since) >= window.start:
                params["since_id"] = since
            else:
                params["start_time"] = _iso(window.start)
        empty = 0
        while True:
            size = self._page_size()
            if size is None:
                return
            request = dict(params, max_results=size)
            if resume.token:
                request[self.token_param] = resume.token
            data = self._get(path, request)
            posts = data.get("data")
            posts = posts if isinstance(posts, list) else ([posts] if posts else [])
            users = (data.get("includes") or {}).get("users") if isinstance(data.get("includes"), dict) else None
            reads = len(posts) + (len(users) if isinstance(users, list) else 0)
            budget.spend(reads)
            if len(posts) > size:
                self.ctx.warn(f"{self.spec}: the server returned {len(posts)} posts for max_results={size} "
                              f"({reads} reads)")
            converted = list(tweets_from_v2_page(data, source=SOURCE_TAG))
            tweets, reasons = screen(converted, x_handle)
            if len(posts) > len(converted):
                reasons["unreadable post"] = len(posts) - len(converted)
            kept = [t for t in tweets if t.created_at in window]
            meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
            next_token = meta.get("next_token")
            next_token = next_token if isinstance(next_token, str) and next_token else None
            # lists have no time parameters: stop once the page reaches past the window or the last run
            if not self.time_params and tweets:
                oldest = min(tweets, key=lambda t: int(t.id))
                since = resume.since
                if oldest.created_at < window.start or (since and int(oldest.id) <= int(since)):
                    next_token = None
                    kept = [t for t in kept if not since or int(t.id) > int(since)]
            repeated = resume.repeated(next_token)
            state = resume.page([t.id for t in tweets if t.created_at in window], next_token)
            if len(tweets) > len(kept):
                reasons["outside the window"] = len(tweets) - len(kept)
            yield Page(kept, state, reads=reads, skipped=sum(reasons.values()), reasons=reasons)
            if repeated and next_token:
                raise repeated_cursor_error(self.spec, next_token)
            empty = 0 if posts else empty + 1
            if next_token and empty >= MAX_EMPTY_PAGES:
                raise CollectError(f"{self.spec}: {empty} empty pages in a row, each pointing to another; stopping "
                                   "this source instead of paging on. Fetched pages are saved")
            if not next_token:
                return


@register_collector
class XSearch(_XApi):
    prefix = "x-search"
    description = "X API v2 search (recent: last 7 days; search/all with [collect.x] search_all = true)"
    token_param = "next_token"

    def endpoint(self) -> str:
        return "/2/tweets/search/all" if self.options.search_all else "/2/tweets/search/recent"

    def base_params(self) -> dict[str, Any]:
        return {"query": self.arg}


@register_collector
class XUser(_XApi):
    prefix = "x-user"
    description = "X API v2 user timeline (users/:id/tweets), the handle resolved via users/by/username"
    min_results = 5
    _user_id: str | None = None

    def setup_reads(self) -> int:
        return 1 if self._user_id is None else 0

    def endpoint(self) -> str:
        if self._user_id is None:
            handle = self.arg.lstrip("@")
            if not x_handle(handle):
                raise CollectError(f"{self.spec}: {handle[:40]!r} is not an X handle (1-15 letters, digits or _)")
            data = self._get(f"/2/users/by/username/{handle}", {"user.fields": USER_FIELDS})
            self.ctx.budget.spend(1)
            user = data.get("data") or {}
            if not user.get("id"):
                raise CollectError(f"{self.spec}: no X user @{handle}; check the handle")
            self._user_id = str(user["id"])
        return f"/2/users/{self._user_id}/tweets"


@register_collector
class XList(_XApi):
    prefix = "x-list"
    description = "X API v2 list timeline (lists/:id/tweets)"
    time_params = False
    min_results = 1

    def endpoint(self) -> str:
        if not self.arg.isdigit():
            raise CollectError(f"{self.spec}: a list id is a number (the digits in x.com/i/lists/ID)")
        return f"/2/lists/{self.arg}/tweets"
