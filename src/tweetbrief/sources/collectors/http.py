"""JSON over HTTP for collectors: retries, rate-limit waits, and error messages free of secrets.

    http = Http(httpx.Client(), sleep=time.sleep, clock=time.time, warn=print, secrets={"..."})
    resp = http.get_json(url, params, headers=..., label="x-search:AI")   # -> (data, response)

* 429: waits until ``x-rate-limit-reset`` (epoch seconds) or ``Retry-After``, says so on stderr,
  and tries again, at most ``MAX_RATE_WAITS`` times in a row (a server answering 429 with a reset
  time that is already past would loop forever); a response with ``x-rate-limit-remaining: 0``
  makes the *next* call wait first.
* The source's ``Deadline`` (``--timeout``): checked before every request, wait and retry; a wait
  that would end past it stops the source at once (``DeadlineExceeded``).
* 500/502/503/504, connection drops and pages that are not JSON: retried with backoff
  (1, 2, 4, 8 s), then ``CollectError``.
* Any other error status: ``CollectError`` with a one-line explanation (``explain`` hook).
* A body larger than ``MAX_BODY`` once decoded (a gzip bomb, an endless stream): ``CollectError``.
Messages never contain request headers; every message goes through ``redact``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, UTC
from typing import Any

import httpx
import orjson

from tweetbrief.errors import CollectError, HttpStatusError
from tweetbrief.sources.collectors.context import redact
from tweetbrief.sources.collectors.deadline import Deadline

__all__ = ["Http", "HttpStatusError"]

RETRY_STATUS = {500, 502, 503, 504}
MAX_RATE_WAIT = 16 * 60  # X windows are 15 minutes; a longer reset is suspicious, cap the wait
MAX_RATE_WAITS = 5  # 429s in a row for one request before the source stops
MAX_BODY = 50 * 2**20  # bytes of a decoded response: pages and feeds are far smaller; a gzip bomb is not
_BODY_HEADERS = (b"content-encoding", b"content-length", b"transfer-encoding")


def _status_line(resp: httpx.Response) -> str:
    detail = ""
    try:
        body = resp.json()
        if isinstance(body, dict):
            detail = str(body.get("detail") or body.get("title") or body.get("error") or body.get("message") or "")
    except ValueError:
        pass
    return f"HTTP {resp.status_code}" + (f" ({detail[:200]})" if detail else "")


class Http:
    def __init__(
        self,
        client: httpx.Client,
        *,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
        warn: Callable[[str], None],
        secrets: set[str],
        max_retries: int = 4,
        deadline: Deadline | None = None,
    ):
        self.client = client
        self.sleep = sleep
        self.clock = clock
        self.warn = warn
        self.secrets = secrets
        self.max_retries = max_retries
        self.deadline = deadline or Deadline(None)
        self._blocked_until: dict[str, float] = {}  # host -> epoch seconds (remaining hit 0)

    def _wait(self, until: float, label: str, why: str) -> None:
        delay = min(max(until - self.clock(), 0.0) + 1.0, MAX_RATE_WAIT)
        when = datetime.fromtimestamp(self.clock() + delay, tz=UTC).strftime("%H:%M:%S UTC")
        left = self.deadline.remaining()
        if delay >= left:
            raise self.deadline.error(label, f"({why}: the wait until {when} is longer than the "
                                             f"{max(left, 0):.0f} s left)")
        self.warn(f"{label}: {why}; waiting {delay:.0f} s until {when}")
        self.sleep(delay)

    def _reset_time(self, resp: httpx.Response) -> float:
        reset = resp.headers.get("x-rate-limit-reset") or resp.headers.get("x-ratelimit-reset")
        if reset:
            try:
                return float(reset)  # X: epoch seconds
            except ValueError:
                try:  # Mastodon: an ISO time
                    return datetime.fromisoformat(reset.replace("Z", "+00:00")).timestamp()
                except ValueError:
                    pass
        retry_after = resp.headers.get("retry-after")
        if retry_after and retry_after.isdigit():
            return self.clock() + float(retry_after)
        return self.clock() + 60.0

    def _get(self, url: str, params: dict[str, Any] | None, headers: dict[str, str] | None,
             label: str) -> httpx.Response:
        """GET with the decoded body read up to ``MAX_BODY`` bytes (``CollectError`` beyond)."""
        with self.client.stream("GET", url, params=params, headers=headers, follow_redirects=True) as resp:
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > MAX_BODY:
                    raise CollectError(f"{label}: the response is larger than {MAX_BODY / 2**20:g} MB (decoded); "
                                       "stopping this source. Fetched pages are saved")
                chunks.append(chunk)
            kept = [(k, v) for k, v in resp.headers.raw if k.lower() not in _BODY_HEADERS]
            return httpx.Response(resp.status_code, headers=kept, content=b"".join(chunks), request=resp.request)

    def get_json(
        self,
        url: str,
        params: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
        label: str,
        explain: Callable[[httpx.Response], str | None] | None = None,
        decode: Callable[[bytes], Any] = orjson.loads,
    ) -> tuple[Any, httpx.Response]:
        """GET and decode (JSON by default), retrying transient failures; ``CollectError`` when it cannot."""
        host = httpx.URL(url).host
        attempt = rate_waits = 0
        while True:
            self.deadline.check(label)
            blocked = self._blocked_until.pop(host, None)
            if blocked and blocked > self.clock():
                self._wait(blocked, label, "rate limit used up (x-rate-limit-remaining: 0)")
            problem: str
            try:
                resp = self._get(url, params, headers, label)
            except httpx.RequestError as err:  # network errors, a body that cannot be decoded, redirect loops
                if self.deadline.expired:
                    raise self.deadline.error(label, "while waiting for the server (slow, or sending a byte at "
                                                     "a time)") from None
                kind = "network error" if isinstance(err, httpx.TransportError) else "unreadable response"
                problem = f"{kind} ({err.__class__.__name__})"
            else:
                if resp.status_code == 429:
                    rate_waits += 1
                    if rate_waits > MAX_RATE_WAITS:
                        raise CollectError(redact(
                            f"{label}: still rate limited (HTTP 429) after {MAX_RATE_WAITS} waits for the reset time "
                            "the server gave; stopping this source. Fetched pages are saved: rerun later to resume",
                            self.secrets))
                    self._wait(self._reset_time(resp), label, "rate limited (HTTP 429)")
                    continue  # waiting out a rate limit is not a failed attempt
                remaining = resp.headers.get("x-rate-limit-remaining") or resp.headers.get("x-ratelimit-remaining")
                if remaining == "0" and resp.status_code < 400:
                    self._blocked_until[host] = self._reset_time(resp)
                if resp.status_code in RETRY_STATUS:
                    problem = _status_line(resp)
                elif resp.status_code >= 400:
                    why = (explain(resp) if explain else None) or _status_line(resp)
                    raise HttpStatusError(redact(f"{label}: {why}", self.secrets), resp.status_code)
                else:
                    try:
                        return decode(resp.content), resp
                    except ValueError:
                        problem = "response is not valid JSON (truncated page?)"
            attempt += 1
            if attempt > self.max_retries:
                raise CollectError(redact(
                    f"{label}: {problem}; gave up after {attempt} attempts. Fetched pages are saved: "
                    "run the same command again to resume", self.secrets))
            delay = float(2 ** (attempt - 1))
            if delay >= self.deadline.remaining():
                raise self.deadline.error(label, f"after {problem}")
            self.warn(redact(f"{label}: {problem}; retrying in {delay:.0f} s ({attempt}/{self.max_retries})",
                             self.secrets))
            self.sleep(delay)
