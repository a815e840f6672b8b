"""Options shared by the LLM writers, read from ``topic.writer_options`` merged with CLI flags.

``LLMOptions`` is a pydantic model (``extra="forbid"``): an unknown or mistyped key is one config
error naming the key and the allowed ones (keys of another registered writer, e.g. the offline
writer's, are left to it: ``writers/options.py``). Every key is optional::

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
from typing import Any, Literal

from pydantic import AliasChoices, ConfigDict, Field, field_validator

from tweetbrief.options import OptionsModel
from tweetbrief.writers.options import LANGUAGES, writer_options

RESPONSE_FORMATS = ("json_schema", "json_object", "none")  # also the downgrade order on a 400/422
MIN_BUDGET = 6_000  # one cluster call + the report call, with their prompts, schemas and the repair reserve
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


class LLMOptions(OptionsModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, protected_namespaces=())

    base_url: str | None = None  # None: the SDK reads OPENAI_BASE_URL, else api.openai.com
    model: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    token_budget: int = Field(30_000, ge=MIN_BUDGET)  # input tokens per report, all calls together
    language: Literal["zh", "en"] = Field("zh", validation_alias=AliasChoices("language", "lang"))
    response_format: Literal["json_schema", "json_object", "none"] = "json_schema"
    max_retries: int = Field(3, ge=0)  # per call, on 429 / 5xx / timeouts / connection errors
    backoff_base: float = Field(1.0, ge=0)  # seconds; delay = base * 2**attempt unless Retry-After says otherwise
    max_retry_wait: float = Field(60.0, ge=0)  # cap on any single wait (Retry-After included)
    timeout: float = Field(120.0, gt=0)  # seconds per HTTP request
    temperature: float = 0.3
    # Output caps, sized from the schemas: a full ClusterNotes answer is 420-1,040 tokens of JSON,
    # a full ReportDraft ~4,800 (the reference post alone is ~2,800 tokens of Markdown): 2.5x room.
    map_max_tokens: int = Field(2_500, gt=0)  # output cap per cluster call
    reduce_max_tokens: int = Field(8_000, gt=0)  # output cap for the report call
    # "auto" (by model name) | "true" | "false" (TOML booleans too): a model that thinks before answering
    reasoning: Literal["auto", "true", "false"] = "auto"
    reasoning_tokens: int = Field(8_000, ge=0)  # extra output room per call for a reasoning model's thoughts
    strict: bool = False  # endpoint down -> fail (exit 4) instead of publishing the offline report
    max_clusters: int = Field(8, ge=0)  # clusters sent to the map stage (top ones first); the rest: unclustered call
    unclustered: int = Field(24, ge=0)  # top-ranked tweets outside every mapped cluster get one map call (0: none)
    quotes_per_cluster: int = Field(2, ge=0)  # short tweet quotes per cluster shown to the reduce call
    min_clusters: int = Field(3, ge=0)  # never dropped for budget reasons
    tweet_chars: int = Field(280, gt=0)  # each tweet's text is cut to this many characters
    price_in: float = Field(0.0, ge=0)  # currency units per 1M input tokens
    price_out: float = Field(0.0, ge=0)  # currency units per 1M output tokens
    currency: str = "USD"
    tokenizer: str = "auto"  # "auto" (tiktoken if its file is cached, else estimate) | encoding name | "estimate"
    # llamacpp
    model_path: str | None = None
    n_ctx: int = Field(16_384, gt=0)
    n_gpu_layers: int = 0
    seed: int | None = None
    quiet: bool = False  # do not print the run summary to stderr

    @field_validator("reasoning", mode="before")
    @classmethod
    def _reasoning_words(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            word = value.strip().lower()
            return "true" if word in _TRUE else "false" if word in _FALSE else word
        return value

    @classmethod
    def from_options(cls, options: dict[str, Any] | None, where: str = "writer_options") -> LLMOptions:
        """Validated from merged writer options (``where`` names their table in an error line)."""
        return writer_options(cls, options, where)


# Models that think before they answer (their thoughts count against the output cap):
# OpenAI o1/o3/o4/gpt-5, DeepSeek reasoner/R1, QwQ, Qwen3 (thinking by default on local servers),
# Kimi k2.5+ and *-thinking models, and anything named "reasoner"/"thinking".
REASONING_MODELS = re.compile(r"(^|/)(o\d|gpt-5)|deepseek-(reasoner|r1)|(^|[/:_-])r1([:_-]|$)|qwq|qwen3(?!.*instruct)|"
                              r"kimi-k2[.-]?[5-9]|kimi-k[3-9]|thinking|reasoner|reasoning", re.I)
OPENAI_REASONING = re.compile(r"^(openai/)?(o\d|gpt-5)", re.I)  # want max_completion_tokens and no temperature


def is_reasoning(opts: LLMOptions, model: str | None) -> bool:
    if opts.reasoning != "auto":
        return opts.reasoning == "true"
    return bool(REASONING_MODELS.search(model or ""))


__all__ = ["LLMOptions", "RESPONSE_FORMATS", "LANGUAGES", "MIN_BUDGET", "is_reasoning", "REASONING_MODELS",
           "OPENAI_REASONING"]
