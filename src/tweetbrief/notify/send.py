"""Deliver a ``Message`` to Apprise URLs: one try per URL plus retries, every failure reported, redacted.

    results = send_all(["tgram://TOKEN/CHAT", "json://127.0.0.1:8080/"], message)
    [r.ok for r in results], [r.line() for r in results]

A URL is only ever shown as its label: ``#<n> <scheme>://`` (the position in the list and the
scheme). Apprise URLs carry bot tokens, webhook keys and passwords in the host, the path, the
user part or the query, so no other part of one is printed, logged, stored or published; error
messages are scrubbed of every part of the URL (``sources.collectors.context.redact``, the same
redaction as the X and LLM keys, given the URL's parts as the secrets).

``${NAME}`` in a URL is read from the environment at send time, so ``notify = [...]`` in a
committed ``tweetbrief.toml`` can name the token without containing it.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from tweetbrief.errors import ConfigError, InputError
from tweetbrief.notify.message import Message
from tweetbrief.sources.collectors.context import redact

__all__ = ["NotifyResult", "send_all", "require_apprise", "url_label", "url_secrets", "expand_env",
           "RETRY_DELAYS", "INSTALL_HINT"]

INSTALL_HINT = "notifications need Apprise: pip install 'tweetbrief[notify]'"
RETRY_DELAYS: tuple[float, ...] = (1.0, 4.0)  # seconds before the 2nd and 3rd attempt
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_PARTS = re.compile(r"[/:@?&=#,+;]+")


@dataclass
class NotifyResult:
    label: str
    ok: bool
    attempts: int
    error: str = ""

    def line(self) -> str:
        if self.ok:
            return f"notify {self.label}: sent" + (f" (after {self.attempts} attempts)" if self.attempts > 1 else "")
        plural = "s" if self.attempts != 1 else ""
        return f"notify {self.label}: failed after {self.attempts} attempt{plural}: {self.error}"

    def as_json(self) -> dict[str, Any]:
        return {"channel": self.label, "ok": self.ok, "attempts": self.attempts, "error": self.error or None}


def require_apprise() -> Any:
    try:
        import apprise
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    return apprise


def url_label(url: str, index: int) -> str:
    m = _SCHEME.match(url.strip())
    return f"#{index} {m.group(1).lower()}://" if m else f"#{index}"


def url_secrets(url: str) -> set[str]:
    """Every part of the URL (and its percent-decoded form) that could be a credential."""
    parts = set()
    for piece in _PARTS.split(url):
        for value in (piece, unquote(piece)):
            if len(value) >= 3:
                parts.add(value)
    m = _SCHEME.match(url)
    if m:
        parts.discard(m.group(1))
    return parts | {url}


def expand_env(url: str, where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        value = os.environ.get(m.group(1))
        if value is None:
            raise ConfigError(f"{where}: ${{{m.group(1)}}} is not set in the environment; export it or remove it "
                              "from the URL")
        return value

    return _ENV.sub(sub, url)


def _formats(plugin: Any) -> set[str]:
    fmt = getattr(plugin, "notify_format", None)
    items = fmt if isinstance(fmt, (tuple, list, set, frozenset)) else (fmt,)
    return {str(getattr(f, "value", f)).lower() for f in items if f is not None}


class _Capture(logging.Handler):
    """Apprise reports why a send failed only through its logger."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _send_once(apprise: Any, plugin: Any, message: Message) -> tuple[bool, str]:
    markdown = "markdown" in _formats(plugin)
    if markdown:
        body, fmt = message.markdown, apprise.NotifyFormat.MARKDOWN
    else:
        body, fmt = message.text, apprise.NotifyFormat.TEXT
    sender = apprise.Apprise()
    sender.add(plugin)
    capture = _Capture()
    log = logging.getLogger("apprise")
    log.addHandler(capture)
    old_level, old_propagate = log.level, log.propagate
    log.setLevel(logging.WARNING)
    log.propagate = False  # Apprise's own messages may quote the URL: never let them reach the root logger
    try:
        ok = bool(sender.notify(body=body, title=message.title, body_format=fmt))
    except Exception as exc:  # noqa: BLE001 - a plugin bug must not block the run
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        log.removeHandler(capture)
        log.setLevel(old_level)
        log.propagate = old_propagate
    return ok, "; ".join(dict.fromkeys(capture.lines)) or ("" if ok else "the channel refused the message")


def send_all(urls: Sequence[str], message: Message, *, delays: Sequence[float] | None = None,
             sleep: Callable[[float], None] = time.sleep, where: str = "--notify") -> list[NotifyResult]:
    """Send ``message`` to each URL; ``len(delays)`` retries per URL. Never raises for a channel."""
    apprise = require_apprise()
    delays = RETRY_DELAYS if delays is None else tuple(delays)
    results = []
    for index, raw in enumerate(urls, 1):
        label = url_label(raw, index)
        url = expand_env(raw.strip(), f"{where} {label}")
        secrets = url_secrets(url) | url_secrets(raw)
        plugin = apprise.Apprise.instantiate(url)
        if plugin is None:
            results.append(NotifyResult(label, False, 0, "not an Apprise URL this Apprise understands; "
                                        "see https://github.com/caronc/apprise/wiki for the URL of your service"))
            continue
        attempts, error, ok = 0, "", False
        for delay in (None, *delays):
            if delay is not None:
                sleep(delay)
            attempts += 1
            ok, error = _send_once(apprise, plugin, message)
            if ok:
                break
        results.append(NotifyResult(label, ok, attempts, "" if ok else redact(error, secrets)))
    return results
