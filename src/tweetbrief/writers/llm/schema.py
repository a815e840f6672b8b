"""What the model must return, as pydantic models and strict-compatible JSON Schemas.

* map    -> ``ClusterNotes``: one trend cluster summarised, every item citing tweet ids.
* reduce -> ``ReportDraft``: the content sections of ``Report`` (same item types, same bounds).

OpenAI's strict mode wants every property required, ``additionalProperties: false`` and no
``maxLength``/``default``; those bounds are put into descriptions instead and enforced after
parsing by ``clamp`` (strings cut, arrays shortened) before pydantic validates.
"""

from __future__ import annotations

import copy
import json
import re
import typing
from typing import Any

from annotated_types import MaxLen
from pydantic import BaseModel, ConfigDict, Field, create_model

from tweetbrief.writers.report import EventItem, Fact, Report, Viewpoint

SECTIONS = ("overview", "trends", "mood", "core_facts", "viewpoints", "events", "markets", "markets_note",
            "ai_analysis", "finance_analysis", "finance_note", "conclusions", "disclaimer")


class ClusterNotes(BaseModel):
    model_config = ConfigDict(extra="forbid")

    headline: str = Field(max_length=120, description="趋势短标题")
    summary: str = Field(max_length=400, description="一两句话概括该聚类在讨论什么")
    cites: list[str] = Field(max_length=8, description="支撑 summary 的推文 id")
    viewpoint: Viewpoint
    facts: list[Fact] = Field(max_length=4)
    events: list[EventItem] = Field(max_length=4)


ReportDraft: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "ReportDraft",
    __config__=ConfigDict(extra="forbid"),
    **{name: (Report.model_fields[name].annotation, Report.model_fields[name]) for name in SECTIONS},
)


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema made acceptable to OpenAI strict structured outputs."""
    schema = copy.deepcopy(model.model_json_schema())

    def fix(node: Any) -> None:  # ``node`` is a schema (never a properties/$defs map)
        if isinstance(node, list):
            for value in node:
                fix(value)
            return
        if not isinstance(node, dict):
            return
        for bound, word in (("maxLength", "最多"), ("minLength", "至少")):
            if bound in node:
                limit = node.pop(bound)
                node["description"] = (node.get("description", "") + f"（{word} {limit} 字）").strip()
        node.pop("default", None)
        node.pop("title", None)
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
            node["required"] = list(node["properties"])
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for sub in value.values():
                    fix(sub)
            elif key in ("items", "anyOf", "allOf", "oneOf"):
                fix(value)

    fix(schema)
    return schema


def _max_len(info: Any) -> int | None:
    for meta in getattr(info, "metadata", []):
        if isinstance(meta, MaxLen):
            return meta.max_length
    return None


def _item_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _item_model(arg)
        if found is not None:
            return found
    return None


def clamp(data: Any, model: type[BaseModel]) -> tuple[Any, int]:
    """Cut over-long strings and arrays to the model's bounds; returns (data, how many were cut)."""
    if not isinstance(data, dict):
        return data, 0
    cut = 0
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        value, limit, sub = data[name], _max_len(info), _item_model(info.annotation)
        if isinstance(value, str) and limit is not None and len(value) > limit:
            data[name] = value[: limit - 1] + "…"
            cut += 1
        elif isinstance(value, list):
            if limit is not None and len(value) > limit:
                data[name] = value = value[:limit]
                cut += 1
            if sub is not None:
                for i, item in enumerate(value):
                    value[i], n = clamp(item, sub)
                    cut += n
        elif isinstance(value, dict) and sub is not None:
            data[name], n = clamp(value, sub)
            cut += n
    return data, cut


_THINK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.S | re.I)
_OPEN_THINK = re.compile(r"^\s*<(think|thinking|reasoning)>", re.I)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.S)


def strip_reasoning(text: str) -> str:
    """Content without ``<think>…</think>`` blocks (Qwen3, DeepSeek-R1, QwQ on local servers); a
    block left open (thoughts cut off) leaves nothing."""
    text = _THINK.sub("", text)
    if _OPEN_THINK.match(text):
        head, sep, tail = text.partition("</think>")
        return tail if sep else ""
    return text


def extract_json(text: str) -> Any:
    """Parse the model's reply: plain JSON, JSON in a ``` fence, or the first JSON object after
    leading prose -- once any ``<think>`` block is removed."""
    text = strip_reasoning(text).strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError as first:
        for m in _FENCE.finditer(text):
            try:
                return json.loads(m.group(1))
            except json.JSONDecodeError:
                pass
        decoder = json.JSONDecoder()
        for m in re.finditer(r"\{", text):
            try:
                value, _ = decoder.raw_decode(text, m.start())
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict) and value:
                return value
        raise first


__all__ = ["ClusterNotes", "ReportDraft", "SECTIONS", "strict_schema", "clamp", "extract_json", "strip_reasoning"]
