"""What a collector gets to work with: settings, secrets, the HTTP client, the read budget, a reporter.

Settings come from ``tweetbrief.toml``. ``[collect]`` itself holds only what every collector shares;
each collector family owns a table of its own, validated by its ``Options`` model (a
``CollectorOptions`` whose ``table`` names it; a collector without one reads ``[collect.<prefix>]``)::

    [collect]
    max_retries = 4             # per request, on 429 / 5xx / connection errors

    [collect.x]                 # x-search, x-user, x-list (XOptions)
    read_price = 0.005          # USD per X API resource read (pay-per-use price, Posts: Read)
    search_all = false          # true: x-search uses /2/tweets/search/all (full archive, if your plan has it)
    page_size = 100             # max_results per X API request (10..100)

    [collect.twscrape]
    db = "~/.config/tweetbrief/twscrape_accounts.db"   # twscrape's account pool (outside the repo)

An unknown or mistyped key is one ``ConfigError`` line naming the table, the key and the allowed
keys. The flat keys of earlier versions (``[collect] x_read_price = ...``) still work, with a
one-line deprecation note on stderr (``LEGACY_KEYS``).

Secrets never come from ``tweetbrief.toml`` (it may be committed): only from the environment
(``X_BEARER_TOKEN``) or ``secrets.toml`` in the user config directory (``$TWEETBRIEF_SECRETS``
overrides the path), which holds ``x_bearer_token = "..."``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO, TypeVar

import platformdirs
from pydantic import BaseModel, Field

from tweetbrief.errors import ConfigError
from tweetbrief.options import NoOptions, OptionsModel, validate_options

if TYPE_CHECKING:
    from tweetbrief.sources.collectors.base import Collector

__all__ = ["CollectConfig", "CollectContext", "CollectorOptions", "CoreOptions", "ReadBudget", "Secrets", "redact",
           "options_table", "collector_options", "config_dir", "LEGACY_KEYS"]

SECRET_KEYS = ("x_bearer_token", "bearer_token", "password", "cookies", "auth_token")
M = TypeVar("M", bound=BaseModel)

# The flat [collect] keys of earlier versions -> (their table now, their key there).
LEGACY_KEYS: dict[str, tuple[str, str]] = {
    "x_read_price": ("x", "read_price"), "x_search_all": ("x", "search_all"), "x_page_size": ("x", "page_size"),
    "bsky_page_size": ("bluesky", "page_size"), "mastodon_page_size": ("mastodon", "page_size"),
}


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir("tweetbrief", appauthor=False))


class CollectorOptions(OptionsModel):
    """A collector family's settings, read from ``[collect.<table>]``. It also prices the family's
    billed reads (``costs``) and words the budget lines around a run (``announce``/``report``)."""

    table: ClassVar[str] = ""  # "" -> the collector's prefix

    def costs(self, reads: int) -> dict[str, int | float]:
        """What ``reads`` billed reads of this family cost, as summary/--json keys (none by default)."""
        return {}

    def announce(self, max_reads: int | None) -> str | None:
        """A line before the run, when this family's sources are collected."""
        return None

    def report(self, costs: Mapping[str, int | float]) -> str | None:
        """A line after the run, given this family's ``costs``."""
        return None


class CoreOptions(OptionsModel):
    """The keys of ``[collect]`` itself: what every collector shares."""

    max_retries: int = Field(4, ge=0)  # per request, on 429 / 5xx / timeouts / connection errors


def collector_options(cls: type[Collector]) -> type[BaseModel]:
    """A collector class's ``Options`` model (``NoOptions`` when it declares none)."""
    model = getattr(cls, "Options", None)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else NoOptions


def options_table(cls: type[Collector]) -> str:
    """The ``[collect.<table>]`` a collector's options come from."""
    model = collector_options(cls)
    return (model.table if isinstance(model, type) and issubclass(model, CollectorOptions) else "") or cls.prefix


class CollectConfig:
    """``[collect]`` settings: the shared ``max_retries`` and each collector family's raw table,
    validated by that family's ``Options`` on first use (``options_for``). Options given as
    arguments (tests, embedding) win over tables: ``CollectConfig(XOptions(api_base=...))``."""

    def __init__(self, *given: BaseModel, max_retries: int = 4, tables: Mapping[str, Mapping[str, Any]] | None = None):
        self.max_retries = max_retries
        self.tables: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (tables or {}).items()}
        self._options: dict[tuple[type[BaseModel], str], BaseModel] = {}
        for opts in given:
            table = opts.table if isinstance(opts, CollectorOptions) else ""
            self._options[(type(opts), table)] = opts

    def options(self, model: type[M], table: str | None = None) -> M:
        """``model`` validated from ``[collect.<table>]`` (default: ``model.table``), once per run."""
        table = table or (model.table if issubclass(model, CollectorOptions) else "")
        key = (model, table)
        if key not in self._options:
            self._options[key] = validate_options(model, self.tables.get(table), f"[collect.{table}]")
        opts = self._options[key]
        assert isinstance(opts, model)
        return opts

    def options_for(self, cls: type[Collector]) -> BaseModel:
        """The validated ``Options`` of collector class ``cls``."""
        return self.options(collector_options(cls), options_table(cls))

    @classmethod
    def from_config(cls, config: dict[str, Any], *, err: TextIO | None = None) -> CollectConfig:
        """Build from a loaded ``tweetbrief.toml``: refuses secrets, validates every table present
        (an unknown table or key is one ``ConfigError`` line) and moves legacy flat keys over."""
        from tweetbrief.sources.collectors.base import COLLECTORS

        raw = config.get("collect", {}) or {}
        if not isinstance(raw, Mapping):
            raise ConfigError(f"[collect] must be a table of settings, got {raw!r}")
        _refuse_secrets(raw, "[collect]")
        families: dict[str, type[BaseModel]] = {}
        for _, collector in COLLECTORS.items():
            families.setdefault(options_table(collector), collector_options(collector))
        core: dict[str, Any] = {}
        tables: dict[str, dict[str, Any]] = {}
        for key, value in raw.items():
            if isinstance(value, Mapping):
                if key not in families:
                    raise ConfigError(f"[collect.{key}]: no collector reads this table; "
                                      f"known: {', '.join(sorted(families))}")
                _refuse_secrets(value, f"[collect.{key}]")
                tables[key] = dict(value)
            elif key not in LEGACY_KEYS:
                core[key] = value
        for old, (table, new) in LEGACY_KEYS.items():
            if old not in raw:
                continue
            if new in tables.get(table, {}):
                raise ConfigError(f"[collect] {old} and [collect.{table}] {new} are both set; keep only "
                                  f"[collect.{table}] {new}")
            tables.setdefault(table, {})[new] = raw[old]
            print(f"tweetbrief: tweetbrief.toml [collect] {old} is deprecated; write {new} = {_toml(raw[old])} "
                  f"under [collect.{table}]", file=err or sys.stderr)
        shared = validate_options(CoreOptions, core, "[collect]")
        cfg = cls(max_retries=shared.max_retries, tables=tables)
        for table in tables:
            cfg.options(families[table], table)  # every table present is checked now, used or not
        return cfg


def _toml(value: Any) -> str:
    """``value`` as it is written in TOML (for the deprecation note)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _refuse_secrets(table: Mapping[str, Any], where: str) -> None:
    for key in table:
        if any(s in key.lower() for s in SECRET_KEYS):
            raise ConfigError(
                f"{where} {key}: secrets do not belong in tweetbrief.toml; set the environment variable "
                f"or put it in {config_dir() / 'secrets.toml'}")


class Secrets:
    """Looks secrets up (env first, then the user's secrets.toml) and remembers them for redaction."""

    def __init__(self, env: dict[str, str] | None = None, path: Path | None = None):
        self.env = os.environ if env is None else env
        self.path = path or Path(self.env.get("TWEETBRIEF_SECRETS") or config_dir() / "secrets.toml")
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
    """Billed reads (X API resources) spent in this run, against ``--max-reads``; what they cost is
    the collector family's business (``CollectorOptions.costs``)."""

    def __init__(self, max_reads: int | None):
        self.max_reads = max_reads
        self.reads = 0

    @property
    def remaining(self) -> int | None:
        return None if self.max_reads is None else max(self.max_reads - self.reads, 0)

    @property
    def exhausted(self) -> bool:
        return self.remaining == 0

    def spend(self, n: int) -> None:
        self.reads += n


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
