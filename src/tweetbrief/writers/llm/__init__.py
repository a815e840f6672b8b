"""LLM writers: ``openai`` (any OpenAI-compatible endpoint) and ``llamacpp`` (local GGUF).

Both share the map-reduce in ``mapreduce``: one call per trend cluster (plus one for the top
tweets outside the clusters), one for the report, inside a token budget, with structured output
(stepping down json_schema -> json_object -> none when refused), one repair, grounding checks and
per-item fallback to the offline writer; an endpoint that stays down publishes the offline report
(``strict``: exit 4). Both are ``tweetbrief.writers`` entry points (pyproject.toml); importing this
package registers them too.

    openai_writer.py    OpenAI SDK backend + writer ("openai")
    llamacpp_writer.py  llama-cpp-python backend + writer ("llamacpp", extra tweetbrief[llamacpp])
    options.py          writer_options keys and defaults
    packing.py          what each call sees (compact tweet lines, aliases t1..tN), inside the token budget
    prompts.py          system/map/reduce/repair messages; tweets as fenced JSON data
    schema.py           ClusterNotes / ReportDraft and their strict JSON Schemas
    mapreduce.py        the run: map, reduce, repair, fallbacks, summary
    assemble.py         reduce input and the final Report
    grounding.py        checks on ids, dates and numbers
    numbers.py          dates and quantities in their written forms (2026年1月30日, March 15, 3.2万)
    budget.py           token counting (offline), ledger, cost
"""

from tweetbrief.writers.llm.llamacpp_writer import LlamaCppWriter
from tweetbrief.writers.llm.openai_writer import OpenAIWriter

__all__ = ["OpenAIWriter", "LlamaCppWriter"]
