"""Options shared by the LLM writers, read from ``topic.writer_options`` merged with CLI flags.

Every key is optional; unknown keys are ignored so other writers can share a config table::

    [topics.ai.writer_options]
    base_url = "https://api.deepseek.com/v1"
    model = "deepseek-chat"
    api_key_env = "DEEPSEEK_API_KEY"
    response_format = "json_object"
    token_budget = 30000
    price_in = 0.27            # per 1M input tokens
    price_out = 1.10           # per 1M output tokens
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tweetbrief.errors import ConfigError

RESPONSE_FORMATS = ("json_schema", "json_object", "none")  # also the downgrade order on a 400/422
LANGUAGES = ("zh", "en")
MIN_BUDGET = 6_000  # one cluster call + the report call, with their prompts, schemas and the repair reserve


@dataclass
class LLMOptions:
    base_url: str | None = None  # None: the SDK reads OPENAI_BASE_URL, else api.openai.com
    model: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    token_budget: int = 30_000  # input tokens per report, all calls together
    language: str = "zh"
    response_format: str = "json_schema"
    max_retries: int = 3  # per call, on 429 / 5xx / timeouts / connection errors
    backoff_base: float = 1.0  # seconds; delay = base * 2**attempt unless Retry-After says otherwise
    max_retry_wait: float = 60.0  # cap on any single wait (Retry-After included)
    timeout: float = 120.0  # seconds per HTTP request
    temperature: float = 0.3
    # Output caps, sized from the schemas: a full ClusterNotes answer is 420-1,040 tokens of JSON,
    # a full ReportDraft ~4,800 (the reference post alone is ~2,800 tokens of Markdown): 2.5x room.
    map_max_tokens: int = 2_500  # output cap per cluster call
    reduce_max_tokens: int = 8_000  # output cap for the report call
    reasoning: str = "auto"  # "auto" (by model name) | "true" | "false": a model that thinks before answering
    reasoning_tokens: int = 8_000  # extra output room per call for a reasoning model's thoughts
    strict: bool = False  # endpoint down -> fail (exit 4) instead of publishing the offline report
    max_clusters: int = 8  # clusters sent to the map stage (top ones first); the rest reach the unclustered call
    unclustered: int = 24  # top-ranked tweets outside every mapped cluster get one map call of their own (0: none)
    quotes_per_cluster: int = 2  # short tweet quotes per cluster shown to the reduce call
    min_clusters: int = 3  # never dropped for budget reasons
    tweet_chars: int = 280  # each tweet's text is cut to this many characters
    price_in: float = 0.0  # currency units per 1M input tokens
    price_out: float = 0.0  # currency units per 1M output tokens
    currency: str = "USD"
    tokenizer: str = "auto"  # "auto" (tiktoken if its file is cached, else estimate) | encoding name | "estimate"
    # llamacpp
    model_path: str | None = None
    n_ctx: int = 16_384
    n_gpu_layers: int = 0
    seed: int | None = None
    quiet: bool = False  # do not print the run summary to stderr

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> "LLMOptions":
        kwargs: dict[str, Any] = {}
        for name, spec in cls.__dataclass_fields__.items():
            if name in options and options[name] is not None:
                kwargs[name] = _coerce(name, options[name], spec.type)
        if "lang" in options and "language" not in kwargs and options["lang"] is not None:
            kwargs["language"] = str(options["lang"])
        opts = cls(**kwargs)
        opts.validate()
        return opts

    def validate(self) -> None:
        if self.response_format not in RESPONSE_FORMATS:
            raise ConfigError(f"writer option response_format={self.response_format!r}; use one of: "
                              f"{', '.join(RESPONSE_FORMATS)}")
        if self.language not in LANGUAGES:
            raise ConfigError(f"writer option language={self.language!r}; use zh or en")
        if str(self.reasoning).lower() not in ("auto", "true", "false", "1", "0", "yes", "no"):
            raise ConfigError(f"writer option reasoning={self.reasoning!r}; use auto, true or false")
        if self.token_budget < MIN_BUDGET:
            raise ConfigError(f"writer option token_budget={self.token_budget} is too small; use at least {MIN_BUDGET}")


# Models that think before they answer (their thoughts count against the output cap):
# OpenAI o1/o3/o4/gpt-5, DeepSeek reasoner/R1, QwQ, Qwen3 (thinking by default on local servers),
# Kimi k2.5+ and *-thinking models, and anything named "reasoner"/"thinking".
REASONING_MODELS = re.compile(r"(^|/)(o\d|gpt-5)|deepseek-(reasoner|r1)|(^|[/:_-])r1([:_-]|$)|qwq|qwen3(?!.*instruct)|"
                              r"kimi-k2[.-]?[5-9]|kimi-k[3-9]|thinking|reasoner|reasoning", re.I)
OPENAI_REASONING = re.compile(r"^(openai/)?(o\d|gpt-5)", re.I)  # want max_completion_tokens and no temperature


def is_reasoning(opts: "LLMOptions", model: str | None) -> bool:
    flag = str(opts.reasoning).lower()
    if flag in ("true", "1", "yes"):
        return True
    if flag in ("false", "0", "no"):
        return False
    return bool(REASONING_MODELS.search(model or ""))


def _coerce(name: str, value: Any, type_name: Any) -> Any:
    kind = str(type_name)
    try:
        if kind.startswith("int"):
            return int(value)
        if kind.startswith("float"):
            return float(value)
        if kind.startswith("bool"):
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
        if kind.startswith("str"):
            return str(value)
    except (TypeError, ValueError):
        raise ConfigError(f"writer option {name}={value!r} is not a valid {kind}") from None
    return value


__all__ = ["LLMOptions", "RESPONSE_FORMATS", "LANGUAGES", "is_reasoning", "REASONING_MODELS", "OPENAI_REASONING"]
