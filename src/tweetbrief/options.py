"""Component options: every importer, collector, stage and writer declares its settings as a pydantic
model (``Options`` class attribute, ``extra="forbid"``) and core validates its own table with it.

A bad table is one line, never a traceback::

    [collect.x] unknown key 'pagesize'; allowed: page_size, read_price, search_all
    [topics.ai.writer_options] max_tokens: expected an integer, got 'lots'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from tweetbrief.errors import ConfigError

__all__ = ["NoOptions", "OptionsModel", "validate_options", "allowed_keys", "describe_error"]

M = TypeVar("M", bound=BaseModel)


class OptionsModel(BaseModel):
    """Base for a component's options: unknown keys are refused, assignment is validated too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class NoOptions(OptionsModel):
    """A component without settings: any key in its table is an error."""


# pydantic error type -> how the expected value is worded ("expected an integer")
_EXPECTED = {
    "int": "an integer", "float": "a number", "bool": "true or false", "string": "a string",
    "list": "a list", "dict": "a table", "tuple": "a list", "set": "a list", "frozen_set": "a list",
    "url": "a URL", "date": "a date", "datetime": "a date and time", "decimal": "a number",
}


def allowed_keys(model: type[BaseModel]) -> list[str]:
    """The keys a table for ``model`` may hold (aliases where a field has one), sorted."""
    return sorted(field.alias or name for name, field in model.model_fields.items())


_BOUNDS = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most",
           "less_than": "less than"}


def _expected(err_type: str, ctx: Mapping[str, Any] | None) -> str:
    ctx = ctx or {}
    if err_type in ("literal_error", "enum"):
        return f"one of {ctx.get('expected', '?')}"
    if err_type in _BOUNDS:
        return f"{_BOUNDS[err_type]} {next(iter(ctx.values()), '?')}"
    if err_type == "string_pattern_mismatch":
        return f"a string matching {ctx.get('pattern', '?')}"
    kind = "frozen_set" if err_type.startswith("frozen_set") else err_type.split("_", 1)[0]
    return _EXPECTED.get(kind, err_type.replace("_", " "))


def describe_error(model: type[BaseModel], error: Mapping[str, Any]) -> str:
    """One pydantic error (from ``ValidationError.errors()``) as the part of the line after ``[where]``."""
    loc = ".".join(str(part) for part in error.get("loc", ()))
    err_type = str(error.get("type", ""))
    if err_type == "extra_forbidden":
        allowed = allowed_keys(model)
        return f"unknown key {loc!r}; allowed: {', '.join(allowed) if allowed else '(none)'}"
    if err_type == "missing":
        return f"{loc}: required, not set"
    if err_type in ("value_error", "assertion_error"):
        msg = str(error.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return f"{loc}: {msg}"
    got = error.get("input")
    return f"{loc}: expected {_expected(err_type, error.get('ctx'))}, got {got!r}"


def validate_options(model: type[M], table: Mapping[str, Any] | None, where: str) -> M:
    """``model`` built from ``table``; a bad key or value is one ``ConfigError`` line naming ``where``
    (the TOML table, e.g. ``[collect.x]``), the key and the allowed keys or the expected type."""
    if table is not None and not isinstance(table, Mapping):
        raise ConfigError(f"{where} must be a table of settings, got {table!r}")
    try:
        return model.model_validate(dict(table or {}))
    except ValidationError as err:
        errors = err.errors()
        first = describe_error(model, errors[0]) if errors else str(err).splitlines()[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(f"{where} {first}{more}") from None
