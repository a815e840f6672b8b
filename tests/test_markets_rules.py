"""Markets need market context (issue 9): a cashtag, or a company name next to price/shares/
earnings/股价/涨跌 words. A mention (@Meta) or a job move is not a stock signal; stock vs crypto
comes from data/tickers.toml; an unknown $TOKEN is never 个股."""

from __future__ import annotations

import tomllib

import pytest

from helpers import hostile_analysis
from tweetbrief.analysis.markets import matcher
from tweetbrief.analysis.model import TickerStat
from tweetbrief.analysis.text import DATA
from tweetbrief.writers import get_writer


@pytest.mark.parametrize("text", [
    "Personal update: I've joined @Meta to work on superintelligence",  # a mention
    "Excited to share that I joined Meta's research team, shares of my time go to open source",  # a job move
    "加入 Meta 一周年，感谢大家",
    "Meta released a new Llama model today",  # product news, no market word
    "Nvidia announces Blackwell Ultra GPU at GTC",
    "一个看起来很不错的特效组件库：Glass、Liquid、Particle、Ripple、Glitch",  # Ripple, the effect
])
def test_names_without_market_context_are_not_tickers(text):
    assert matcher().symbols(text, []) == set()


@pytest.mark.parametrize("text,symbol", [
    ("Meta shares fell 5% after earnings", "META"),
    ("英伟达股价创新高", "NVDA"),
    ("特斯拉交付量不及预期，股价暴跌", "TSLA"),
    ("Nvidia stock is up again before the quarterly report", "NVDA"),
])
def test_names_next_to_market_words_are_tickers(text, symbol):
    assert matcher().symbols(text, []) == {symbol}


def test_a_cashtag_is_always_a_market_signal_but_an_at_mention_never_is():
    m = matcher()
    assert m.symbols("watching $META today", []) == {"META"}
    assert m.symbols("@Meta stock is up 3% and I am happy", []) == set()  # addressed, not the company's shares


def test_kind_comes_from_the_data_file_and_unknown_tokens_are_not_stocks():
    data = tomllib.loads((DATA / "tickers.toml").read_text(encoding="utf-8"))
    listed = {e["symbol"] for e in data["ticker"]}
    crypto_only = sorted(set(data["crypto"]["symbols"]) - listed)
    assert "PEPE" in crypto_only  # listed as crypto without a [[ticker]] entry
    m = matcher()
    assert m.stat("PEPE", ["1"]).kind == "crypto"
    assert m.stat("BTC", ["1"]).kind == "crypto" and m.stat("NVDA", ["1"]).kind == "stock"
    for token in ("RED", "RWAX"):  # in no data file
        assert m.symbols(f"${token} to the moon", []) == {token}
        assert m.stat(token, ["1"]).kind == "unknown"


def test_writer_never_calls_an_unknown_token_a_stock():
    a = hostile_analysis()
    a.tickers = [TickerStat(symbol="RWAX", kind="unknown", name="RWAX", mentions=1, tweet_ids=["1003"]),
                 TickerStat(symbol="PEPE", kind="crypto", name="PEPE", mentions=1, tweet_ids=["1003"])]
    for language, stock in (("zh", "个股"), ("en", "Stock")):
        report = get_writer("offline").write(a, {"language": language})
        rwax = next(b for b in report.markets if b.title == "RWAX")
        assert not rwax.text.startswith(stock)
        assert all(not b.title.startswith(("个股", "Stocks")) for b in report.finance_analysis)
    zh = get_writer("offline").write(a, {})
    assert next(b for b in zh.markets if b.title == "RWAX").text.startswith("未登记代码")
    assert next(b for b in zh.markets if b.title == "PEPE").text.startswith("数字货币")


def test_english_report_names_tickers_in_english():
    report = get_writer("offline").write(hostile_analysis(), {"language": "en"})
    assert report.markets[0].title == "Nvidia (NVDA)"
