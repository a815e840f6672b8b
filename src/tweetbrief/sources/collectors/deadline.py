"""An overall deadline per source (``--timeout``), enforced down to every socket read.

httpx's ``timeout`` bounds each read, not a request: a server trickling one byte a second never
trips it. ``Deadline`` is the time a source has left; ``deadline_client(deadline)`` builds an
``httpx.Client`` whose connections cap every connect/read/write at what is left, so a trickled
header or body ends at the deadline with ``httpx.ReadTimeout``. ``Http`` checks it before every
request and every wait (``CollectError`` naming ``--timeout``), and twscrape's async calls run
under ``asyncio.wait_for`` with the same remaining time.

Two clocks: the injected ``clock`` (tests fake it, and fake sleeps advance it) and the real
monotonic clock (sockets live in real time); what is left is the smaller of the two.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from tweetbrief.errors import DeadlineExceeded

__all__ = ["Deadline", "DeadlineExceeded", "deadline_client", "DEFAULT_TIMEOUT"]

# seconds per source: pages of a daily run take seconds; a 15-min X rate-limit wait does not fit
DEFAULT_TIMEOUT = 600.0
READ_TIMEOUT = 30.0  # a single silent read


class Deadline:
    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.time):
        if seconds is not None and not seconds > 0:
            raise ValueError("timeout must be > 0 seconds")
        self.seconds = seconds
        self.clock = clock
        self._clock_end = self._mono_end = float("inf")

    def restart(self) -> None:
        """Start the clock for the next source."""
        if self.seconds is not None:
            self._clock_end = self.clock() + self.seconds
            self._mono_end = time.monotonic() + self.seconds

    def socket_remaining(self) -> float | None:
        """Real seconds left (for sockets), None without a deadline."""
        return None if self.seconds is None else self._mono_end - time.monotonic()

    def remaining(self) -> float:
        if self.seconds is None:
            return float("inf")
        return min(self._clock_end - self.clock(), self._mono_end - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def error(self, label: str, doing: str) -> DeadlineExceeded:
        return DeadlineExceeded(
            f"{label}: --timeout {self.seconds:g} s reached {doing}; stopping this source. Fetched pages are "
            "saved: rerun to resume (a larger --timeout gives a slow source more time)")

    def check(self, label: str, doing: str = "") -> None:
        if self.expired:
            raise self.error(label, doing or "before the next request")


# --------------------------------------------------------------------------- sockets


class _DeadlineStream:
    """A network stream whose every operation is capped at the deadline."""

    def __init__(self, inner: Any, deadline: Deadline):
        self._inner = inner
        self._deadline = deadline

    def _cap(self, timeout: float | None, exc: type[Exception]) -> float | None:
        left = self._deadline.socket_remaining()
        if left is None:
            return timeout
        if left <= 0:
            raise exc("deadline reached")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        import httpcore

        return self._inner.read(max_bytes, self._cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        import httpcore

        self._inner.write(buffer, self._cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        import httpcore

        inner = self._inner.start_tls(ssl_context, server_hostname, self._cap(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend:
    """httpcore network backend: opens streams whose operations end at the deadline."""

    def __init__(self, inner: Any, deadline: Deadline):
        self._inner = inner
        self._deadline = deadline

    def _cap(self, timeout: float | None) -> float | None:
        import httpcore

        return _DeadlineStream(None, self._deadline)._cap(timeout, httpcore.ConnectTimeout)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> _DeadlineStream:
        stream = self._inner.connect_tcp(host, port, self._cap(timeout), local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> _DeadlineStream:
        stream = self._inner.connect_unix_socket(path, self._cap(timeout), socket_options)
        return _DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _wrap(transport: Any, deadline: Deadline) -> None:
    pool = getattr(transport, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if pool is not None and inner is not None and hasattr(inner, "connect_tcp") \
            and not isinstance(inner, _DeadlineBackend):
        pool._network_backend = _DeadlineBackend(inner, deadline)


def deadline_client(deadline: Deadline) -> httpx.Client:
    """An ``httpx.Client`` whose socket operations end at ``deadline``, proxies from the environment included.

    httpx has no public hook for the network backend, so each transport's connection pool gets a
    wrapped one; if a future httpx moves it, the client still works and the deadline is enforced
    between requests and reads only (``Http`` checks it)."""
    client = httpx.Client(timeout=READ_TIMEOUT)  # no transport= here: that would make httpx ignore HTTPS_PROXY & co.
    for transport in [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]:
        _wrap(transport, deadline)
    return client
