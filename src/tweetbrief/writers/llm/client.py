"""What the map-reduce needs from a model: one chat completion returning JSON text.

A backend turns (messages, schema) into a ``Completion``; the writers differ only in their
backend. ``response_format`` handling lives in the backend because endpoints disagree on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from tweetbrief.errors import EndpointUnavailable, WriterError  # noqa: F401 (re-export)


class FormatDowngraded(Exception):
    """The endpoint rejected the response_format (400/422); the backend stepped down one level
    (json_schema -> json_object -> none). The caller rebuilds its messages (schema in the prompt)
    and sends again."""


@dataclass
class Completion:
    text: str
    finish_reason: str | None = None
    prompt_tokens: int | None = None  # from the provider's usage, when it reports one
    completion_tokens: int | None = None


class Backend(Protocol):
    name: str
    model: str | None

    def complete(self, messages: list[dict[str, str]], schema_name: str, schema: dict[str, Any],
                 max_tokens: int) -> Completion:
        """One call. Raises ``WriterError`` for problems the user must fix (key, model, endpoint)."""

    @property
    def schema_in_prompt(self) -> bool:
        """True when the schema must be spelled out in the prompt (no server-side json_schema)."""


def usage_of(usage: Any) -> tuple[int | None, int | None]:
    if usage is None:
        return None, None
    get = usage.get if isinstance(usage, dict) else (lambda k: getattr(usage, k, None))
    prompt, completion = get("prompt_tokens"), get("completion_tokens")
    if prompt is None or completion is None:
        return None, None
    return int(prompt), int(completion)


__all__ = ["Completion", "Backend", "usage_of", "FormatDowngraded", "EndpointUnavailable"]
