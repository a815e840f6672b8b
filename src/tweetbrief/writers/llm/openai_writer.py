"""The ``openai`` writer: the official SDK against any OpenAI-compatible endpoint.

    tweetbrief report --from 2026-01-27 --to 2026-01-27 --writer openai \\
        --base-url https://api.deepseek.com/v1 --model deepseek-chat --api-key-env DEEPSEEK_API_KEY

Base URL: ``--base-url`` / ``writer_options.base_url``, else the SDK's ``OPENAI_BASE_URL``, else
api.openai.com. The key is read from the environment variable named by ``api_key_env``
(default ``OPENAI_API_KEY``); loopback endpoints (Ollama, vLLM, llama.cpp server) need none.

Retries are ours, not the SDK's (``max_retries=0`` there) so they are counted and their backoff
is configurable: 429 / 408 / 409 / 5xx / timeouts / connection errors are retried ``max_retries``
times, waiting ``Retry-After`` (or ``retry-after-ms``) when the server sends one, else
``backoff_base * 2**attempt``.
"""

from __future__ import annotations

import email.utils
import os
import random
import time
from typing import Any, ClassVar
from urllib.parse import urlparse

from tweetbrief.analysis.model import Analysis
from tweetbrief.errors import WriterError
from tweetbrief.writers.base import Writer, register_writer
from tweetbrief.writers.llm.client import Completion, EndpointUnavailable, FormatDowngraded, usage_of
from tweetbrief.writers.llm.options import OPENAI_REASONING, RESPONSE_FORMATS, LLMOptions, is_reasoning
from tweetbrief.writers.options import writer_table
from tweetbrief.writers.report import Report

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def _one_line(text: Any, limit: int = 200) -> str:
    return " ".join(str(text).split())[:limit]


def _retry_after(headers: Any) -> float | None:
    if headers is None:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(float(ms) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        return max(email.utils.mktime_tz(parsed) - time.time(), 0.0)


class OpenAIBackend:
    name = "openai"

    def __init__(self, opts: LLMOptions, sleep=time.sleep):
        try:
            import openai
        except ImportError:  # pragma: no cover - openai is a core dependency of this writer
            raise WriterError("the openai writer needs the openai package: pip install openai") from None
        self._openai = openai
        self.opts = opts
        self.base_url = opts.base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        self.model = opts.model or (DEFAULT_OPENAI_MODEL if self.base_url == DEFAULT_BASE_URL else None)
        if not self.model:
            raise WriterError(f"no model for {self.base_url}: pass --model NAME or set writer_options.model")
        key = os.environ.get(opts.api_key_env)
        if not key:
            if (urlparse(self.base_url).hostname or "") in _LOCAL_HOSTS:
                key = "not-needed"
            else:
                raise WriterError(f"no API key: set ${opts.api_key_env} (or name another variable with "
                                  f"--api-key-env / writer_options.api_key_env) for {self.base_url}")
        self.response_format: str = opts.response_format
        self.retries = 0
        self.notes: list[str] = []
        self._sleep = sleep
        self.client = openai.OpenAI(base_url=self.base_url, api_key=key, max_retries=0, timeout=opts.timeout)

    @property
    def schema_in_prompt(self) -> bool:
        return self.response_format != "json_schema"

    def _request(self, messages: list[dict[str, str]], schema_name: str, schema: dict[str, Any],
                 max_tokens: int) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages}
        if OPENAI_REASONING.match(self.model or ""):  # o1/o3/o4/gpt-5: no max_tokens, no temperature
            kwargs["max_completion_tokens"] = max_tokens
        else:
            kwargs["max_tokens"] = max_tokens  # DeepSeek-reasoner, QwQ, Qwen3, Kimi: thoughts count here too
            if not is_reasoning(self.opts, self.model):  # thinking models want their own temperature (Kimi: 1.0)
                kwargs["temperature"] = self.opts.temperature
        if self.opts.seed is not None:
            kwargs["seed"] = self.opts.seed
        if self.response_format == "json_schema":
            kwargs["response_format"] = {"type": "json_schema",
                                         "json_schema": {"name": schema_name, "strict": True, "schema": schema}}
        elif self.response_format == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        return kwargs

    def complete(self, messages: list[dict[str, str]], schema_name: str, schema: dict[str, Any],
                 max_tokens: int) -> Completion:
        oa = self._openai
        attempt = 0
        while True:
            try:
                resp = self.client.chat.completions.create(**self._request(messages, schema_name, schema, max_tokens))
                break
            except oa.AuthenticationError:
                raise WriterError(f"API key rejected (401) by {self.base_url}; "
                                  f"check ${self.opts.api_key_env}") from None
            except oa.PermissionDeniedError as err:
                raise WriterError(f"access denied (403) by {self.base_url} for model {self.model!r}: "
                                  f"{_one_line(err.message)}") from None
            except oa.NotFoundError as err:
                raise WriterError(self._not_found(err)) from None
            except (oa.BadRequestError, oa.UnprocessableEntityError) as err:
                if self._downgrade(err):
                    raise FormatDowngraded(self.response_format) from None
                raise WriterError(f"request rejected ({err.status_code}) by {self.base_url}: "
                                  f"{_one_line(err.message)}") from None
            except (oa.APITimeoutError, oa.APIConnectionError, oa.RateLimitError, oa.APIStatusError) as err:
                status = getattr(err, "status_code", None)
                retryable = status is None or status in (408, 409, 429) or status >= 500
                if not retryable:
                    raise WriterError(f"HTTP {status} from {self.base_url}: "
                                      f"{_one_line(getattr(err, 'message', err))}") from None
                if attempt >= self.opts.max_retries:
                    raise EndpointUnavailable(self._gave_up(err, status, attempt)) from None
                headers = getattr(getattr(err, "response", None), "headers", None)
                wait = _retry_after(headers)
                if wait is None:
                    wait = self.opts.backoff_base * (2 ** attempt) * (0.75 + 0.25 * random.random())
                self._sleep(min(wait, self.opts.max_retry_wait))
                attempt += 1
                self.retries += 1
        choice = resp.choices[0]
        prompt, completion = usage_of(getattr(resp, "usage", None))
        return Completion(text=choice.message.content or "", finish_reason=choice.finish_reason,
                          prompt_tokens=prompt, completion_tokens=completion)

    def _downgrade(self, err: Exception) -> bool:
        """A 400/422 about the response format: step down json_schema -> json_object -> none for the
        rest of the run (DeepSeek answers 400 or 422 to json_schema). The caller rebuilds its messages."""
        text = str(getattr(err, "message", err)).lower()
        about_format = any(w in text for w in ("response_format", "json_schema", "json_object", "schema",
                                               "structured", "format", "unknown variant"))
        if self.response_format == "none" or not (about_format or getattr(err, "status_code", 0) == 422):
            return False
        step = RESPONSE_FORMATS[RESPONSE_FORMATS.index(self.response_format) + 1]
        self.notes.append(f"endpoint rejected {self.response_format} ({getattr(err, 'status_code', '?')}); "
                          f"used {step} (set response_format = \"{step}\")")
        self.response_format = step
        return True

    def _not_found(self, err: Exception) -> str:
        known = ""
        try:
            names = [m.id for m in self.client.models.list()][:8]
            if names and self.model not in names:
                known = f"; available: {', '.join(names)}"
        except Exception:  # noqa: BLE001 - the listing is only a hint
            pass
        return f"model {self.model!r} not found (404) at {self.base_url}; check --model{known}"

    def _gave_up(self, err: Exception, status: int | None, attempt: int) -> str:
        tries = f"after {attempt + 1} attempts"
        if isinstance(err, self._openai.APITimeoutError):
            return (f"{self.base_url} timed out ({self.opts.timeout:g}s per request, {tries}); "
                    "raise writer option timeout or check the server")
        if status is None:
            return (f"cannot reach {self.base_url} ({tries}); check --base-url / OPENAI_BASE_URL and that the server "
                    "is running")
        if status == 429:
            return f"rate limited (429) by {self.base_url} {tries}; wait, lower token_budget or raise max_retries"
        return f"server error {status} from {self.base_url} {tries}: {_one_line(getattr(err, 'message', err), 120)}"


@register_writer
class OpenAIWriter(Writer):
    name = "openai"
    needs_key = True
    needs = ("env:OPENAI_API_KEY",)  # or the variable api_key_env names; none for a loopback endpoint

    def unmet_needs(self, options: dict[str, Any]) -> list[str]:  # the key: the variable api_key_env names
        base_url = options.get("base_url") or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        env = str(options.get("api_key_env") or "OPENAI_API_KEY")
        local = (urlparse(str(base_url)).hostname or "") in _LOCAL_HOSTS
        return [] if local or os.environ.get(env) else [f"env:{env}"]
    description = "Any OpenAI-compatible endpoint through the openai SDK (map-reduce, grounded, cited)."
    Options: ClassVar[type[LLMOptions]] = LLMOptions

    def write(self, analysis: Analysis, options: dict[str, Any]) -> Report:
        from tweetbrief.writers.llm.mapreduce import run

        opts = LLMOptions.from_options(options, writer_table(analysis.topic_name))
        return run(analysis, options, opts, OpenAIBackend(opts), self.name)


__all__ = ["OpenAIWriter", "OpenAIBackend"]
