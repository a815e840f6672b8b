"""LLM writers: ``openai`` (any OpenAI-compatible endpoint) and ``llamacpp`` (local GGUF).

Both share the map-reduce in ``mapreduce``: one call per trend cluster, one for the report,
inside a token budget, with structured output, one repair, grounding checks and per-section
fallback to the offline writer. Importing this package registers both writers.

    openai_writer.py    OpenAI SDK backend + writer ("openai")
    llamacpp_writer.py  llama-cpp-python backend + writer ("llamacpp", extra tweetbrief[llamacpp])
    options.py          writer_options keys and defaults
    packing.py          what each call sees, inside the token budget
    prompts.py          system/map/reduce/repair messages; tweets as fenced JSON data
    schema.py           ClusterNotes / ReportDraft and their strict JSON Schemas
    mapreduce.py        the run: map, reduce, repair, fallbacks, summary
    assemble.py         reduce input and the final Report
    grounding.py        checks on ids, dates and numbers
    budget.py           token counting (offline), ledger, cost
"""

from tweetbrief.writers.llm.llamacpp_writer import LlamaCppWriter
from tweetbrief.writers.llm.openai_writer import OpenAIWriter

__all__ = ["OpenAIWriter", "LlamaCppWriter"]
