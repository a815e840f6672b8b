"""The ``llamacpp`` writer: a local GGUF model in-process through llama-cpp-python.

    pip install 'tweetbrief[llamacpp]'
    tweetbrief report --from ... --to ... --writer llamacpp   # with writer_options.model_path

``json_schema`` (the default) becomes llama-cpp-python's grammar-constrained
``{"type": "json_object", "schema": ...}``; ``json_object`` drops the schema (still JSON);
``none`` asks in the prompt only. The model is loaded once per process and path.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from tweetbrief.analysis.model import Analysis
from tweetbrief.errors import WriterError
from tweetbrief.writers.base import Writer, register_writer
from tweetbrief.writers.llm.client import Completion, usage_of
from tweetbrief.writers.llm.options import LLMOptions
from tweetbrief.writers.options import writer_table
from tweetbrief.writers.report import Report

MISSING = "the llamacpp writer needs llama-cpp-python: pip install 'tweetbrief[llamacpp]'"
_MODELS: dict[tuple[str, int, int], Any] = {}


def load_llama(opts: LLMOptions) -> Any:
    try:
        from llama_cpp import Llama
    except ImportError:
        raise WriterError(MISSING) from None
    path = opts.model_path or os.environ.get("TWEETBRIEF_GGUF")
    if not path:
        raise WriterError("no model for the llamacpp writer: set writer_options.model_path (or $TWEETBRIEF_GGUF) "
                          "to a .gguf file, e.g. qwen2.5-7b-instruct-q4_k_m.gguf")
    if not os.path.isfile(path):
        raise WriterError(f"GGUF model not found: {path}; check writer_options.model_path")
    key = (os.path.abspath(path), opts.n_ctx, opts.n_gpu_layers)
    if key not in _MODELS:
        try:
            _MODELS[key] = Llama(model_path=path, n_ctx=opts.n_ctx, n_gpu_layers=opts.n_gpu_layers,
                                 seed=opts.seed if opts.seed is not None else 42, verbose=False)
        except (ValueError, RuntimeError, OSError) as err:
            raise WriterError(f"llama.cpp could not load {path}: {' '.join(str(err).split())[:160]}") from None
    return _MODELS[key]


class LlamaCppBackend:
    name = "llamacpp"

    def __init__(self, opts: LLMOptions):
        self.opts = opts
        self.llm = load_llama(opts)
        self.model = os.path.basename(opts.model_path or os.environ.get("TWEETBRIEF_GGUF", "")) or None
        self.retries = 0
        self.notes: list[str] = []

    @property
    def schema_in_prompt(self) -> bool:
        return True  # small local models follow the schema better when they also read it

    def complete(self, messages: list[dict[str, str]], schema_name: str, schema: dict[str, Any],
                 max_tokens: int) -> Completion:
        kwargs: dict[str, Any] = {"messages": messages, "max_tokens": max_tokens, "temperature": self.opts.temperature}
        if self.opts.response_format == "json_schema":
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        elif self.opts.response_format == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        try:
            resp = self.llm.create_chat_completion(**kwargs)
        except ValueError as err:  # prompt longer than n_ctx, among others
            raise WriterError(f"llama.cpp: {' '.join(str(err).split())[:160]}; "
                              "raise n_ctx or lower token_budget") from None
        choice = resp["choices"][0]
        prompt, completion = usage_of(resp.get("usage"))
        return Completion(text=choice["message"].get("content") or "", finish_reason=choice.get("finish_reason"),
                          prompt_tokens=prompt, completion_tokens=completion)


@register_writer
class LlamaCppWriter(Writer):
    name = "llamacpp"
    description = "A local GGUF model in-process via llama-cpp-python (extra: tweetbrief[llamacpp])."
    needs: ClassVar[tuple[str, ...]] = ("extra:llamacpp", "file:model_path")
    Options: ClassVar[type[LLMOptions]] = LLMOptions

    def write(self, analysis: Analysis, options: dict[str, Any]) -> Report:
        from tweetbrief.writers.llm.mapreduce import run

        opts = LLMOptions.from_options(options, writer_table(analysis.topic_name))
        return run(analysis, options, opts, LlamaCppBackend(opts), self.name)


__all__ = ["LlamaCppWriter", "LlamaCppBackend", "load_llama", "MISSING"]
