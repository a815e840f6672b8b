"""The llamacpp writer's plumbing with a fake ``llama_cpp`` module (the real extra is not installed:
it compiles for minutes). A real tiny GGUF run is opt-in: TWEETBRIEF_LLM_LOCAL=1 and
TWEETBRIEF_GGUF=/path/model.gguf (marker ``llm_local``)."""

from __future__ import annotations

import json
import os
import sys
import types

import pytest
from fakellm import make_analysis, request_data, smart_answer

from tweetbrief.errors import WriterError
from tweetbrief.writers import get_writer
from tweetbrief.writers.llm import llamacpp_writer
from tweetbrief.writers.llm.llamacpp_writer import LlamaCppWriter
from tweetbrief.writers.report import Report


@pytest.fixture
def gguf(tmp_path):
    path = tmp_path / "tiny.gguf"
    path.write_bytes(b"GGUF")
    return str(path)


@pytest.fixture
def fake_llama(monkeypatch):
    """A stand-in ``llama_cpp`` module whose Llama answers like the loopback fake's smart model."""
    module = types.ModuleType("llama_cpp")
    state: dict = {"loads": [], "calls": [], "script": []}

    class Llama:
        def __init__(self, **kwargs):
            state["loads"].append(kwargs)

        def create_chat_completion(self, **kwargs):
            state["calls"].append(kwargs)
            content = state["script"].pop(0) if state["script"] else json.dumps(
                smart_answer(request_data(kwargs)), ensure_ascii=False)
            return {"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150}}

    module.Llama = Llama
    monkeypatch.setitem(sys.modules, "llama_cpp", module)
    monkeypatch.setattr(llamacpp_writer, "_MODELS", {})
    return state


def test_missing_extra_names_the_pip_command(monkeypatch, gguf):
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import llama_cpp -> ImportError
    with pytest.raises(WriterError) as err:
        get_writer("llamacpp").write(make_analysis(clusters=1), {"model_path": gguf})
    assert str(err.value) == "the llamacpp writer needs llama-cpp-python: pip install 'tweetbrief[llamacpp]'"


def test_model_path_required_and_checked(fake_llama, monkeypatch, tmp_path):
    monkeypatch.delenv("TWEETBRIEF_GGUF", raising=False)
    with pytest.raises(WriterError, match="model_path"):
        LlamaCppWriter().write(make_analysis(clusters=1), {})
    with pytest.raises(WriterError, match="GGUF model not found"):
        LlamaCppWriter().write(make_analysis(clusters=1), {"model_path": str(tmp_path / "nope.gguf")})


def test_plumbing_with_fake_module(fake_llama, gguf, capsys):
    a = make_analysis(clusters=2)
    report = LlamaCppWriter().write(a, {"model_path": gguf, "n_ctx": 8192, "n_gpu_layers": 10})
    assert isinstance(report, Report) and report.writer == "llamacpp"
    assert fake_llama["loads"] == [{"model_path": gguf, "n_ctx": 8192, "n_gpu_layers": 10, "seed": 42,
                                    "verbose": False}]
    assert len(fake_llama["calls"]) == 3  # 2 clusters + report
    rf = fake_llama["calls"][0]["response_format"]
    assert rf["type"] == "json_object" and rf["schema"]["type"] == "object"  # grammar-constrained JSON
    assert "additionalProperties" in fake_llama["calls"][0]["messages"][1]["content"]  # schema also in the prompt
    llm = report.stats["llm"]
    assert llm["calls"] == 3 and llm["tokens_in"] == 300 and llm["token_source"] == "usage"
    assert report.cited_ids() <= set(a.tweets) and set(report.sources) == report.cited_ids()
    assert "llm[llamacpp:tiny.gguf]" in capsys.readouterr().err
    LlamaCppWriter().write(a, {"model_path": gguf, "n_ctx": 8192, "n_gpu_layers": 10, "quiet": True})
    assert len(fake_llama["loads"]) == 1  # the model is loaded once per process


def test_llamacpp_invalid_output_repaired_then_fallback(fake_llama, gguf):
    fake_llama["script"] += ["```json\n{broken", "still broken"]
    report = LlamaCppWriter().write(make_analysis(clusters=1), {"model_path": gguf, "response_format": "json_object",
                                                                 "quiet": True})
    assert fake_llama["calls"][0]["response_format"] == {"type": "json_object"}
    llm = report.stats["llm"]
    assert llm["repairs"] == 1 and llm["fallbacks"][0].startswith("cluster 1")


@pytest.mark.llm_local
@pytest.mark.skipif(os.environ.get("TWEETBRIEF_LLM_LOCAL") != "1",
                    reason="set TWEETBRIEF_LLM_LOCAL=1 and TWEETBRIEF_GGUF")
def test_real_local_model():
    """Opt-in: a real GGUF (e.g. qwen2.5-0.5b-instruct-q4_k_m.gguf for speed, 7B for quality)."""
    path = os.environ.get("TWEETBRIEF_GGUF")
    if not path:
        pytest.skip("TWEETBRIEF_GGUF not set")
    a = make_analysis(clusters=2, per_cluster=3)
    report = LlamaCppWriter().write(a, {"model_path": path, "n_ctx": 8192, "token_budget": 6000})
    assert report.writer == "llamacpp" and report.cited_ids() <= set(a.tweets)
    assert report.stats["llm"]["calls"] >= 3
