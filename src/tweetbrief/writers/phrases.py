"""The offline writer's sentences in each output language (``zh`` default, ``en``).

Each entry is a ``str.format`` template; the writer fills it with computed figures only.
"""

from __future__ import annotations

ZH = {
    "sep": "、", "semi": "；", "colon": "：",
    "someone": "一位用户",
    "quote": "{who}：“{text}”",
    "no_sentiment": "无可计算的情绪",
    "sentiment_split": "正面 {pos}、负面 {neg}、中性 {neu}",
    "change_new": "本期新出现（上期 {prev} 条）",
    "change_other": "{word}（上期 {prev} 条 → 本期 {cur} 条）",
    "change.rising": "热度上升", "change.falling": "热度回落", "change.steady": "热度持平",
    "trend_detail": "{size} 条推文、{authors} 位作者参与",
    "trend_folded": "（另合并转推/重复 {n} 条）",
    "trend_engagement": "，互动 {n:,} 次",
    "trend_change": "，{change}",
    "trend_quote": "。代表观点：{quote}",
    "mood_detail": "{split}，平均得分 {score:+.2f}（{method}）。",
    "mood_method": "词典法",
    "mood_best": "最积极的声音来自 {quote}；",
    "mood_worst": "最担忧的声音来自 {quote}。",
    "neutral": "中性",
    "fact": "{when} {quote}",
    "also": " 另有 {quote}",
    "view_impact": "涉及 {about}；{authors} 位作者讨论，情绪{label}",
    "view_share": "占本期 {total} 条相关推文的 {share}（{size} 条、{authors} 位作者）",
    "view_delta": "较上期 {delta:+d} 条（{prev} → {cur}）",
    "view_new": "上期无相关讨论，本期新出现",
    "view_mood": "情绪{label}（{split}）",
    "view_names": "高频提及：{names}",
    "view_tickers": "相关标的：{items}",
    "view_ticker": "{symbol} {n} 条",
    "view_sep": "；",
    "event_impact": "{kind}；{n} 条推文提及，最早见于 {time}（{tz}）",
    "event_impact_who": "{kind}；{n} 条推文提及（{who}），最早见于 {time}（{tz}）",
    "kind.launch": "产品发布", "kind.release": "版本发布", "kind.open-source": "开源发布", "kind.funding": "融资",
    "kind.policy": "政策监管", "kind.acquisition": "并购", "kind.partnership": "合作", "kind.research": "研究成果",
    "kind.crypto": "数字货币", "kind.stock": "个股",
    "ticker_text": "{kind}，本期被提及 {n} 次，情绪{label}（{split}）。代表推文：{quote}",
    "ai.focus": "讨论焦点", "ai.focus_text": "本期规模最大的主题：{items}。", "ai.focus_item": "{label}（{size} 条）",
    "ai.launches": "发布与开源", "ai.launches_text": "{n} 项发布类事件，包括：{items}",
    "ai.rising": "升温话题", "ai.rising_text": "与上一周期相比新出现或升温的主题：{items}。",
    "ai.worry": "担忧焦点", "ai.worry_text": "情绪最负面的主题是“{label}”（{split}）。",
    "ai.top": "最受关注推文", "ai.top_text": "{quote}（互动 {n:,} 次）",
    "ai.top_plain": "代表性推文", "ai.top_plain_text": "{quote}（本期综合排序第一）",
    "fin.stock": "个股关注", "fin.crypto": "数字货币关注",
    "fin.text": "共 {total} 次提及：{items}。", "fin.item": "{symbol}（{n} 次，{label}）",
    "con.focus": "重点跟踪", "con.focus_text": "“{label}”是本期最大的主题（{size} 条推文、{authors} 位作者），值得持续关注。",
    "con.new": "新动向", "con.new_text": "较上一周期新出现或升温：{items}。",
    "con.risk": "风险提示", "con.risk_text": "“{label}”相关讨论情绪偏负面（平均 {score:+.2f}），部署与决策时需审慎。",
    "con.market": "市场视角",
    "con.market_text": "{name} 是本期提及最多的标的（{n} 次）；社交媒体讨论不等于基本面，请结合正式数据判断。",
    "con.none": "数据不足", "con.none_text": "本期相关推文过少，无法形成可靠结论；建议扩大时间范围或检查主题关键词。",
    "overview_empty": "本期（{start} 至 {end}）共 {n} 条推文，其中没有与主题相关的内容，以下各部分因此为空。",
    "overview": ("本期（{start} 至 {end}）共收录 {n} 条推文，主题筛选后 {relevant} 条相关，"
                 "合并重复与转推后 {dedup} 条，来自 {authors} 位作者。"),
    "overview_trends": "讨论主要围绕 {labels} 展开，聚类得到以下 {k} 条趋势：",
    "markets_note": "以上统计基于社交媒体讨论，不含正式财务数据，仅供参考。",
    "finance_note": "以上市场动向均来自社交媒体舆论，投资决策前请结合正式数据核实。",
    "disclaimer": ("本报告由 tweetbrief 离线写作器根据 {start} 至 {end} 的 {n} 条公开推文自动生成，"
                   "每条结论均附原推文链接；内容未经人工核实，不构成投资建议。"),
}

EN = {
    "sep": ", ", "semi": "; ", "colon": ": ",
    "someone": "a user",
    "quote": "{who}: \u201c{text}\u201d",
    "no_sentiment": "no scorable sentiment",
    "sentiment_split": "{pos} positive, {neg} negative, {neu} neutral",
    "change_new": "new this period (previous: {prev})",
    "change_other": "{word} (previous {prev} → now {cur} tweets)",
    "change.rising": "rising", "change.falling": "falling", "change.steady": "steady",
    "trend_detail": "{size} tweets from {authors} authors",
    "trend_folded": " (plus {n} retweets/duplicates merged)",
    "trend_engagement": ", {n:,} interactions",
    "trend_change": ", {change}",
    "trend_quote": ". Representative view: {quote}",
    "mood_detail": "{split}; mean score {score:+.2f} ({method}). ",
    "mood_method": "lexicons",
    "mood_best": "Most positive: {quote}. ",
    "mood_worst": "Most worried: {quote}.",
    "neutral": "neutral",
    "fact": "{when} {quote}",
    "also": " Also {quote}",
    "view_impact": "About {about}; {authors} authors, sentiment {label}",
    "view_share": "{share} of the {total} relevant tweets ({size} tweets, {authors} authors)",
    "view_delta": "{delta:+d} vs previous period ({prev} → {cur})",
    "view_new": "new this period (none before)",
    "view_mood": "sentiment {label} ({split})",
    "view_names": "most mentioned: {names}",
    "view_tickers": "tickers: {items}",
    "view_ticker": "{symbol} {n}",
    "view_sep": "; ",
    "event_impact": "{kind}; {n} tweets, first seen {time} ({tz})",
    "event_impact_who": "{kind}; {n} tweets ({who}), first seen {time} ({tz})",
    "kind.launch": "Launch", "kind.release": "Release", "kind.open-source": "Open-source release",
    "kind.funding": "Funding", "kind.policy": "Policy", "kind.acquisition": "Acquisition",
    "kind.partnership": "Partnership", "kind.research": "Research", "kind.crypto": "Crypto", "kind.stock": "Stock",
    "ticker_text": "{kind}, mentioned {n} times, sentiment {label} ({split}). Representative tweet: {quote}",
    "ai.focus": "Focus", "ai.focus_text": "Largest themes this period: {items}.", "ai.focus_item": "{label} ({size} tweets)",
    "ai.launches": "Launches", "ai.launches_text": "{n} launch or release events, including: {items}",
    "ai.rising": "Heating up", "ai.rising_text": "New or rising versus the previous period: {items}.",
    "ai.worry": "Main worry", "ai.worry_text": "The most negative theme is \u201c{label}\u201d ({split}).",
    "ai.top": "Most engaging tweet", "ai.top_text": "{quote} ({n:,} interactions)",
    "ai.top_plain": "Representative tweet", "ai.top_plain_text": "{quote} (ranked first this period)",
    "fin.stock": "Stocks", "fin.crypto": "Crypto",
    "fin.text": "{total} mentions: {items}.", "fin.item": "{symbol} ({n}, {label})",
    "con.focus": "Keep tracking",
    "con.focus_text": "\u201c{label}\u201d is the largest theme ({size} tweets, {authors} authors).",
    "con.new": "What is new", "con.new_text": "New or rising versus the previous period: {items}.",
    "con.risk": "Risk",
    "con.risk_text": "Discussion of \u201c{label}\u201d leans negative (mean {score:+.2f}); weigh it before acting.",
    "con.market": "Markets",
    "con.market_text": "{name} is the most mentioned ticker ({n}); social chatter is not fundamentals.",
    "con.none": "Not enough data",
    "con.none_text": "Too few relevant tweets for a conclusion; widen the range or check the topic keywords.",
    "overview_empty": "This period ({start} to {end}) has {n} tweets, none of them on topic; the sections below are empty.",
    "overview": ("This period ({start} to {end}): {n} tweets collected, {relevant} on topic, "
                 "{dedup} after merging duplicates and retweets, from {authors} authors. "),
    "overview_trends": "The discussion centres on {labels}; clustering finds these {k} trends:",
    "markets_note": "Counts come from social media discussion, not financial data; for reference only.",
    "finance_note": "These market signals are social-media opinion; check official data before any decision.",
    "disclaimer": ("Generated by the tweetbrief offline writer from {n} public tweets, {start} to {end}; "
                   "every item links its source tweets. Not verified by a human; not investment advice."),
}

# Labels computed by analysis (Chinese) and their English rendering.
LABELS_EN = {
    "中性": "neutral", "乐观": "optimistic", "悲观": "pessimistic", "谨慎": "cautious", "担忧": "worried",
    "兴奋": "excited", "警觉": "alert", "分歧": "divided", "正面": "positive", "负面": "negative",
    "兴奋+警觉": "excited + alert",
}

PHRASES = {"zh": ZH, "en": EN}


def label(text: str, language: str) -> str:
    """An analysis label in the output language (unknown labels pass through)."""
    if language != "en":
        return text
    if text in LABELS_EN:
        return LABELS_EN[text]
    return " + ".join(LABELS_EN.get(part, part) for part in text.split("+"))


__all__ = ["PHRASES", "label"]
