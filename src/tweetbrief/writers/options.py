"""Writer options: each writer declares an ``Options`` model (pydantic, ``extra="forbid"``) and
validates ``[topics.X.writer_options]`` merged with the command-line flags against it.

One table may serve several writers (a topic written by ``openai`` is still reportable with
``--writer offline``): a key another registered writer declares is left to that writer; a key no
writer declares, or a mistyped value, is one ``ConfigError`` line naming the key and the allowed ones::

    [topics.ai.writer_options] unknown key 'max_tokens'; allowed: api_key_env, backoff_base, ...
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pydantic import AliasChoices, BaseModel

from tweetbrief.options import OptionsModel, allowed_keys, validate_options

__all__ = ["OfflineOptions", "RUNTIME_KEYS", "LANGUAGES", "writer_options", "writer_table"]

M = TypeVar("M", bound=BaseModel)

LANGUAGES = ("zh", "en")
RUNTIME_KEYS = ("now",)  # set by the pipeline for the run, never by the user's table


class OfflineOptions(OptionsModel):
    """The offline writer's settings."""

    language: Literal["zh", "en"] = "zh"  # the report's language (--lang)


def writer_table(topic: str | None) -> str:
    """How an error names the table the options came from."""
    return f"[topics.{topic}.writer_options]" if topic else "writer_options"


def _other_writers_keys(model: type[BaseModel]) -> set[str]:
    from tweetbrief.writers.base import WRITERS

    keys: set[str] = set()
    for _, factory in WRITERS.items():
        other = getattr(factory, "Options", None)
        if isinstance(other, type) and issubclass(other, BaseModel) and other is not model:
            keys.update(allowed_keys(other))
            keys.update(_aliases(other))
    return keys


def _aliases(model: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    for name, field in model.model_fields.items():
        names.add(field.alias or name)
        choices = field.validation_alias
        if isinstance(choices, AliasChoices):
            names.update(c for c in choices.choices if isinstance(c, str))
        elif isinstance(choices, str):
            names.add(choices)
    return names


def writer_options(model: type[M], options: Mapping[str, Any] | None, where: str) -> M:
    """``model`` validated from a writer's merged options: runtime keys (``now``) and unset flags
    (None) left out, keys only another registered writer declares left to it, the rest strict."""
    own = _aliases(model)
    others = _other_writers_keys(model) - own
    table = {k: v for k, v in (options or {}).items()
             if v is not None and k not in RUNTIME_KEYS and (k in own or k not in others)}
    return validate_options(model, table, where)
