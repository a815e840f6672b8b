"""Naming a trend: its key terms, and a label of up to three phrases as its tweets write them.

Split from ``trends.py``: clustering decides *which* tweets form a theme, this module decides
*what it is called* (names first, generic words never, extractive only).
"""

from __future__ import annotations

import re

import numpy as np

LABEL_MIN_SHARE = 0.12
# Words too generic to name a theme on their own (they may still sit in a phrase: "GPU 租赁").
GENERIC = frozenset("""
agent agents human humans llm llms 三天 两天 几天 本周 今日 时代 公司 模式 流程 能力 系统
技术 自动 干活 天天 评价 智能 官方 消耗 问题 东西 感觉 现在 今天 大家 工具 产品 功能 使用
发布 推出 分享 支持 工作 效果 体验 时候 朋友 一下 一个 直接 真的 开始 需要 可能 已经 事情 方式 方面 情况 内容 数据 项目
模型 大模型 人工智能 ai 智能体 用户 时间 世界 未来 中国 美国 今年 明天 昨天 最近 小时 分钟 一天 一年 国内 海外 行业 市场
data scale team model models directly delivery people thing things today new time way work use using used make
made get got going want need best better good great first last next year years day days week weeks world future
really still even much many lot lots every everyone someone something anything nothing thread check link video post
follow started start image images output connect join learn try build click free deep
""".split())


def key_terms(centre: np.ndarray, rows, df_share: np.ndarray, vocab: np.ndarray, n: int = 12) -> list[str]:
    """Terms that weigh most in the centroid *and* are more frequent in the cluster than overall
    (lift, capped), so words spread over every cluster do not label any; a term must be in a
    good share of the cluster's tweets, so one ad's vocabulary does not label a theme."""
    in_share = np.asarray((rows > 0).mean(axis=0)).ravel()
    lift = np.minimum(in_share / np.maximum(df_share, 1e-9), 6.0)
    score = centre * np.sqrt(lift)
    score[in_share < min(LABEL_MIN_SHARE, 2.5 / max(rows.shape[0], 1))] = 0  # a few tweets' words
    top = np.argsort(-score)[:n]
    return [vocab[j] for j in top if score[j] > 0]


def make_label(terms: list[str], display: dict[str, str], texts: list[str] | None = None) -> list[str]:
    """Up to three key phrases, names first (Polaris-K2.5 / 多模态): word pairs swallow their
    words; generic words never label; a phrase is shown only as it is written in the theme's
    tweets (a CJK pair joined without a space must occur so in one of ``texts``)."""
    blob = " ".join(" ".join(t.split()) for t in texts).lower() if texts is not None else None
    chosen: list[str] = []
    for term in terms:
        words = term.split(" ")
        if any(w in GENERIC for w in words):
            continue  # "Hermitbot 三天", "agent 集群": the generic word adds nothing
        shown = display.get(term, term)
        if blob is not None and len(words) > 1 and " ".join(shown.split()).lower() not in blob:
            continue  # not written that way: not extractive
        if any(term in c.split(" ") or (len(words) > 1 and set(words) <= set(c.split(" "))) for c in chosen):
            continue
        if len(words) > 1:
            chosen = [c for c in chosen if c not in words]
        chosen.append(term)
        if len(chosen) >= 3:
            break
    labels = [display.get(c, c) for c in chosen]
    return sorted(labels, key=lambda w: not is_name(w))  # stable: names first, then by weight


def whole_names(phrases: list[str], names: list[str]) -> list[str]:
    """A phrase that is part of a name the theme's tweets write in full becomes that name
    ("Tide-3 Max" -> "Tide-3 Max Thinking"); duplicates go."""
    out: list[str] = []
    for p in phrases:
        low = p.lower()
        word = re.compile(rf"(?<![\w-]){re.escape(low)}(?![\w-])")
        full = next((n for n in names if low != n.lower() and word.search(n.lower())), p)
        if full.lower() not in (o.lower() for o in out):
            out.append(full)
    return out


def is_name(phrase: str) -> bool:
    """A product/company/person name as written in the tweets: known (user dictionary), or a
    Latin word written capitalised (the display form is the most common casing), or versioned."""
    from tweetbrief.analysis.words import name_words

    first = phrase.split(" ")[0]
    return (phrase in name_words() or first in name_words() or first[:1].isupper()
            or bool(re.search(r"[A-Za-z]-?\d", first)))


__all__ = ["GENERIC", "key_terms", "make_label", "whole_names", "is_name"]
