"""What a collector gets to work with: settings, secrets, the HTTP client, the read budget, a reporter.

Settings come from the ``[collect]`` table of ``tweetbrief.toml``::

    [collect]
    x_read_price = 0.005        # USD per X API resource read (pay-per-use price, Posts: Read)
    x_search_all = false        # true: x-search uses /2/tweets/search/all (full archive, if your plan has it)
    x_page_size = 100           # max_results per X API request (10..100)

    [collect.twscrape]
    db = "~/.config/tweetbrief/twscrape_accounts.db"   # twscrape's account pool (outside the repo)

Secrets never come from ``tweetbrief.toml`` (it may be committed): only from the environment
(``X_BEARER_TOKEN``) or ``secrets.toml`` in the user config directory (``$TWEETBRIEF_SECRETS``
overrides the path), which holds ``x_bearer_token = "..."``.
"""

from __future__ import annotations

import os
import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from tweetbrief.errors import ConfigError

__all__ = ["CollectConfig", "CollectContext", "ReadBudget", "Secrets", "redact", "DEFAULT_X_READ_PRICE"]

DEFAULT_X_READ_PRICE = 0.005  # USD; X API pay-per-use "Posts: Read" price per resource
DEFAULT_X_API_BASE = "https://api.x.com"
DEFAULT_BSKY_BASE = "https://public.api.bsky.app"
SECRET_KEYS = ("x_bearer_token", "bearer_token", "password", "cookies", "auth_token")


def _config_dir() -> Path:
    return Path(platformdirs.user_config_dir("tweetbrief", appauthor=False))


@dataclass
class CollectConfig:
    x_read_price: float = DEFAULT_X_READ_PRICE
    x_search_all: bool = False
    x_page_size: int = 100
    x_api_base: str = DEFAULT_X_API_BASE
    bsky_base: str = DEFAULT_BSKY_BASE
    bsky_page_size: int = 100
    mastodon_page_size: int = 40
    max_retries: int = 4
    twscrape_db: str = ""

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "CollectConfig":
        """Build from a loaded ``tweetbrief.toml`` (refusing secrets there) and the environment."""
        table = dict(config.get("collect", {}))
        _refuse_secrets(table, "[collect]")
        tw = table.pop("twscrape", {}) or {}
        _refuse_secrets(tw, "[collect.twscrape]")
        known = {"x_read_price", "x_search_all", "x_page_size", "bsky_page_size", "mastodon_page_size", "max_retries"}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ConfigError(f"[collect]: unknown setting {unknown[0]!r}; known: {', '.join(sorted(known))}")
        cfg = cls(**table)
        if not 10 <= cfg.x_page_size <= 100:
            raise ConfigError(f"[collect] x_page_size = {cfg.x_page_size}: must be 10..100")
        if cfg.x_read_price < 0:
            raise ConfigError("[collect] x_read_price must be >= 0 (USD per read)")
        cfg.x_api_base = os.environ.get("TWEETBRIEF_X_API_BASE", DEFAULT_X_API_BASE).rstrip("/")
        cfg.twscrape_db = str(Path(tw.get("db") or _config_dir() / "twscrape_accounts.db").expanduser())
        return cfg


def _refuse_secrets(table: dict[str, Any], where: str) -> None:
    for key in table:
        if any(s in key.lower() for s in SECRET_KEYS):
            raise ConfigError(
                f"{where} {key}: secrets do not belong in tweetbrief.toml; set the environment variable "
                f"or put it in {_config_dir() / 'secrets.toml'}")


class Secrets:
    """Looks secrets up (env first, then the user's secrets.toml) and remembers them for redaction."""

    def __init__(self, env: dict[str, str] | None = None, path: Path | None = None):
        self.env = os.environ if env is None else env
        self.path = path or Path(self.env.get("TWEETBRIEF_SECRETS") or _config_dir() / "secrets.toml")
        self._file: dict[str, Any] | None = None
        self.known: set[str] = set()

    def get(self, env_var: str, key: str) -> str | None:
        value = self.env.get(env_var)
        if not value:
            if self._file is None:
                try:
                    with open(self.path, "rb") as fh:
                        self._file = tomllib.load(fh)
                except (OSError, tomllib.TOMLDecodeError):
                    self._file = {}
            value = self._file.get(key)
        if value:
            value = str(value).strip()
            self.known.add(value)
        return value or None


_TOKEN = r"[A-Za-z0-9\-._~+/%=]{8,}"  # a credential value: URL-safe/base64 characters, 8 or more
_PATTERNS = [
    # the value after "Bearer " in a header or URL ("Authorization: Bearer AAAA%3D...", "Bearer%20..."),
    # or after bearer_token= / x_bearer_token = "..." -- only when it looks like a token, so prose such
    # as "the bearer token was refused; check X_BEARER_TOKEN" stays as written
    re.compile(r"(?i)(\bauthorization\s*[:=]\s*[\"']?bearer\s+)([^\s'\",;]+)"),  # a header: always a secret
    re.compile(r"(?i)(\bbearer(?:\s+|%20|\+))(" + _TOKEN + ")"),
    re.compile(r"(?i)(bearer_token\s*[=:]\s*[\"']?)(" + _TOKEN + ")"),
    re.compile(r"(?i)(\bauth_token=|\bct0=|[?&](?:key|api_key|access_key|access_token|token|password)=)"
               r"(?!\$\{)([^&\s'\";]+)"),
]
_ALWAYS = (_PATTERNS[0], _PATTERNS[3])  # header values and query/cookie secrets


def _looks_like_token(value: str) -> bool:
    """A credential, not a word: has a digit or %/= (base64, URL-encoded), or is a 20+ letter run."""
    return len(value) >= 20 or any(c.isdigit() or c in "%=" for c in value)


def _mask(match: re.Match[str]) -> str:
    if match.re in _ALWAYS or _looks_like_token(match[2]):
        return match[1] + "***"
    return match[0]


def redact(text: str, secrets: set[str] | None = None) -> str:
    """Remove secret values from a message: every known secret, token-shaped values after ``Bearer``
    / ``bearer_token=``, and ``auth_token=``/``ct0=``/``?key=``-style query and cookie values.
    Words are left alone: tweetbrief's own hints ("check X_BEARER_TOKEN") survive intact."""
    for secret in sorted(secrets or (), key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    for pattern in _PATTERNS:
        text = pattern.sub(_mask, text)
    return text


class ReadBudget:
    """X API reads (billed resources) spent in this run, against ``--max-reads``."""

    def __init__(self, max_reads: int | None, price: float):
        self.max_reads = max_reads
        self.price = price
        self.reads = 0

    @property
    def remaining(self) -> int | None:
        return None if self.max_reads is None else max(self.max_reads - self.reads, 0)

    @property
    def exhausted(self) -> bool:
        return self.remaining == 0

    def spend(self, n: int) -> None:
        self.reads += n

    def cost(self, reads: int | None = None) -> float:
        return round((self.reads if reads is None else reads) * self.price, 4)


@dataclass
class CollectContext:
    config: CollectConfig
    secrets: Secrets
    http: Any  # tweetbrief.sources.collectors.http.Http
    reporter: Any  # tweetbrief.sources.collectors.progress.Reporter
    budget: ReadBudget
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    on_warning: Callable[[str], None] | None = None  # the runner records warnings on the source's result
    deadline: Any = None  # tweetbrief.sources.collectors.deadline.Deadline of the source being collected

    def warn(self, message: str) -> None:
        message = redact(message, self.secrets.known)
        if self.on_warning is not None:
            self.on_warning(message)
        else:
            self.reporter.warn(message)
