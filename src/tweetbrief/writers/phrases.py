"""The offline writer's sentences in each output language (``zh`` default, ``en``).

Each entry is a ``str.format`` template; the writer fills it with computed figures only. Integer
values are ``Count``s: ``{n:tweet|tweets}`` writes "1 tweet" / "3 tweets" (English plurals), a
plain ``{n}`` the number.
"""

from __future__ import annotations

ZH = {
    "sep": "、", "semi": "；", "colon": "：", "more": "等",
    "someone": "一位用户",
    "quote": "{who}：“{text}”",
    "says": "{who}：{text}",
    "no_sentiment": "无可计算的情绪",
    "sentiment_split": "正面 {pos}、负面 {neg}、中性 {neu}",
    "sentiment_worried": "，含担忧词 {worried}",
    "change_new": "本期新出现（上期 {prev} 条）",
    "change_other": "{word}（上期 {prev} 条 → 本期 {cur} 条）",
    "change.rising": "热度上升", "change.falling": "热度回落", "change.steady": "热度持平",
    "trend_detail": "{size} 条推文、{authors} 位作者参与",
    "trend_folded": "（另合并转推/重复 {n} 条）",
    "trend_engagement": "，互动 {n:,} 次",
    "trend_change": "，{change}",
    "trend_names": "，涉及 {names}",
    "trend_point": "。要点：{says}",
    "trend_also": "；另一视角：{says}",
    "mood_detail": "{split}，平均得分 {score:+.2f}（{method}）。",
    "mood_method": "词典法",
    "mood_side_pos": "积极一面主要来自“{story}”（正面 {n} 条）；",
    "mood_side_alert": "警觉一面主要来自“{story}”（负面或含担忧词 {n} 条）；",
    "mood_best": "最积极的声音：{says}；",
    "mood_worst": "最担忧的声音：{says}。",
    "neutral": "中性",
    "also": " 另有 {quote}",
    # 行业影响: one sentence
    "impact.new": "本期新出现（上期 {prev} 条 → 本期 {cur} 条）",
    "impact.rising": "讨论升温（上期 {prev} 条 → 本期 {cur} 条）",
    "impact.falling": "讨论降温（上期 {prev} 条 → 本期 {cur} 条）",
    "impact.steady": "热度持平（上期 {prev} 条 → 本期 {cur} 条）",
    "impact.none": "本期 {cur} 条推文",
    "impact.who": "，{authors} 位作者参与",
    "impact.notable": "（{names}{more}）",
    "impact.tickers": "，涉及 {items}",
    "impact.claim": "；主要观点：{text}",
    "impact.concern": "；主要担忧：{text}",
    "impact.end": "",
    "event_impact": "{kind}；{n} 条推文提及，最早见于 {time}（{tz}）",
    "event_impact_who": "{kind}；{n} 条推文提及（{who}），最早见于 {time}（{tz}）",
    "kind.launch": "产品发布", "kind.release": "版本发布", "kind.open-source": "开源发布", "kind.funding": "融资",
    "kind.policy": "政策监管", "kind.acquisition": "并购", "kind.partnership": "合作", "kind.research": "研究成果",
    "kind.crypto": "数字货币", "kind.stock": "个股", "kind.unknown": "未登记代码（类别未知）",
    "ticker_text": "{kind}，本期被提及 {n} 次，情绪{label}（{split}）。代表推文：{quote}",
    "ai.section": "{title} 相关内容",
    "ai.focus": "讨论焦点", "ai.focus_text": "本期推文最多的故事：{items}。", "ai.focus_item": "{label}（{size} 条）",
    "ai.launches": "发布与开源", "ai.launches_text": "{n} 项发布类事件，包括：{items}",
    "ai.rising": "升温话题", "ai.rising_text": "与上一周期相比新出现或升温的故事：{items}。",
    "ai.rising_item": "{label}（{prev} → {cur} 条）",
    "ai.weak": "弱信号（早期预警）", "ai.weak_item": "“{label}”{change}，{size} 条推文、{authors} 位作者",
    "ai.weak_text": "规模尚小但增长快的故事：{items}。",
    "ai.weak_new": "本期新出现", "ai.weak_growth": "由上期 {prev} 条增至 {cur} 条",
    "ai.worry": "担忧焦点", "ai.worry_text": "平均情绪最低的故事是“{label}”（平均 {score:+.2f}；{split}）。",
    "ai.top": "互动最多的推文", "ai.top_text": "{says}（互动 {n:,} 次）",
    "ai.top_plain": "代表性推文", "ai.top_plain_text": "{says}（本期综合排序第一）",
    "fin.stock": "个股关注", "fin.crypto": "数字货币关注", "fin.unknown": "未登记代码",
    "fin.text": "共 {total} 次提及：{items}。", "fin.item": "{symbol}（{n} 次，{label}）",
    "con.focus": "重点跟踪",
    "con.focus_text": "“{label}”是本期推文最多的故事（{size} 条推文、{authors} 位作者），值得持续关注。",
    "con.focus_tie": "“{label}”与{others}并列本期推文最多的故事（各 {size} 条），值得持续关注。",
    "con.new": "新动向", "con.new_text": "较上一周期新出现或升温：{items}。",
    "con.risk": "风险提示",
    "con.risk_text": "“{label}”的讨论偏负面（{size} 条推文、{authors} 位作者；{split}），部署与决策时需审慎。",
    "con.market": "市场视角",
    "con.market_text": "{name} 是本期提及最多的标的（{n} 次）；社交媒体讨论不等于基本面，请结合正式数据判断。",
    "con.market_tie": ("{name} 与{others} 并列本期提及最多的标的（各 {n} 次）；"
                       "社交媒体讨论不等于基本面，请结合正式数据判断。"),
    "con.none": "数据不足", "con.none_text": "本期相关推文过少，无法形成可靠结论；建议扩大时间范围或检查主题关键词。",
    "overview_empty": "本期（{start} 至 {end}）共 {n} 条推文，其中没有与主题相关的内容，以下各部分因此为空。",
    "overview": ("本期（{start} 至 {end}）共收录 {n} 条推文，主题筛选后 {relevant} 条相关，"
                 "合并重复与转推后 {dedup} 条，来自 {authors} 位作者。"),
    "overview_trends": "讨论主要围绕 {labels} 展开，归纳出以下 {k} 个故事：",
    "markets_note": "以上统计基于社交媒体讨论，不含正式财务数据，仅供参考。",
    "finance_note": "以上市场动向均来自社交媒体舆论，投资决策前请结合正式数据核实。",
    "disclaimer": ("本报告由 tweetbrief 离线写作器根据 {start} 至 {end} 的 {n} 条公开推文自动生成，"
                   "每条结论均附原推文链接；内容未经人工核实，不构成投资建议。"),
    "disclaimer_partial": ("本报告由 tweetbrief 离线写作器根据 {start} 至 {end} 的 {n} 条公开推文自动生成，"
                           "结论附其所依据推文的链接（数据中没有链接的推文除外）；内容未经人工核实，不构成投资建议。"),
}

EN = {
    "sep": ", ", "semi": "; ", "colon": ": ", "more": " and others",
    "someone": "a user",
    "quote": "{who}: \u201c{text}\u201d",
    "says": "{who}: {text}",
    "no_sentiment": "no scorable sentiment",
    "sentiment_split": "{pos} positive, {neg} negative, {neu} neutral",
    "sentiment_worried": "; {worried} with worry words",
    "change_new": "new this period (previous: {prev})",
    "change_other": "{word} (previous {prev} → now {cur:tweet|tweets})",
    "change.rising": "rising", "change.falling": "falling", "change.steady": "steady",
    "trend_detail": "{size:tweet|tweets} from {authors:author|authors}",
    "trend_folded": " (plus {n:retweet or duplicate|retweets or duplicates} merged)",
    "trend_engagement": ", {n:,} interactions",
    "trend_change": ", {change}",
    "trend_names": ", involving {names}",
    "trend_point": ". Key point: {says}",
    "trend_also": "; another view: {says}",
    "mood_detail": "{split}; mean score {score:+.2f} ({method}). ",
    "mood_method": "lexicons",
    "mood_side_pos": "the upbeat side comes mostly from \u201c{story}\u201d ({n:positive tweet|positive tweets}); ",
    "mood_side_alert": ("the alert side mostly from \u201c{story}\u201d ({n:negative "
                        "or worried tweet|negative or worried tweets}); "),
    "mood_best": "most positive: {says}; ",
    "mood_worst": "most worried: {says}.",
    "neutral": "neutral",
    "also": " Also {quote}",
    "impact.new": "New this period ({prev} → {cur:tweet|tweets})",
    "impact.rising": "Rising ({prev} → {cur:tweet|tweets})",
    "impact.falling": "Cooling ({prev} → {cur:tweet|tweets})",
    "impact.steady": "Steady ({prev} → {cur:tweet|tweets})",
    "impact.none": "{cur:tweet|tweets} this period",
    "impact.who": " from {authors:author|authors}",
    "impact.notable": " ({names}{more})",
    "impact.tickers": ", touching {items}",
    "impact.claim": "; main claim: {text}",
    "impact.concern": "; main concern: {text}",
    "impact.end": "",
    "event_impact": "{kind}; {n:tweet|tweets}, first seen {time} ({tz})",
    "event_impact_who": "{kind}; {n:tweet|tweets} ({who}), first seen {time} ({tz})",
    "kind.launch": "Launch", "kind.release": "Release", "kind.open-source": "Open-source release",
    "kind.funding": "Funding", "kind.policy": "Policy", "kind.acquisition": "Acquisition",
    "kind.partnership": "Partnership", "kind.research": "Research", "kind.crypto": "Crypto", "kind.stock": "Stock",
    "kind.unknown": "Unlisted symbol (kind unknown)",
    "ticker_text": "{kind}, mentioned {n:time|times}, sentiment {label} ({split}). Representative tweet: {quote}",
    "ai.section": "{title} content",
    "ai.focus": "Focus", "ai.focus_text": "Stories with the most tweets: {items}.",
    "ai.focus_item": "{label} ({size:tweet|tweets})",
    "ai.launches": "Launches",
    "ai.launches_text": "{n:launch or release event|launch or release events}, including: {items}",
    "ai.rising": "Heating up", "ai.rising_text": "New or rising versus the previous period: {items}.",
    "ai.rising_item": "{label} ({prev} → {cur:tweet|tweets})",
    "ai.weak": "Weak signals (early warning)",
    "ai.weak_item": "\u201c{label}\u201d {change}, {size:tweet|tweets} from {authors:author|authors}",
    "ai.weak_text": "Small but fast-growing stories: {items}.",
    "ai.weak_new": "new this period", "ai.weak_growth": "up from {prev} to {cur}",
    "ai.worry": "Main worry",
    "ai.worry_text": "The story with the lowest mean sentiment is \u201c{label}\u201d (mean {score:+.2f}; {split}).",
    "ai.top": "Most engaging tweet", "ai.top_text": "{says} ({n:,} interactions)",
    "ai.top_plain": "Representative tweet", "ai.top_plain_text": "{says} (ranked first this period)",
    "fin.stock": "Stocks", "fin.crypto": "Crypto", "fin.unknown": "Unlisted symbols",
    "fin.text": "{total:mention|mentions}: {items}.", "fin.item": "{symbol} ({n}, {label})",
    "con.focus": "Keep tracking",
    "con.focus_text": ("\u201c{label}\u201d is the story with the most tweets "
                       "({size:tweet|tweets}, {authors:author|authors})."),
    "con.focus_tie": ("\u201c{label}\u201d ties with {others} as the story "
                      "with the most tweets ({size:tweet|tweets} each)."),
    "con.new": "What is new", "con.new_text": "New or rising versus the previous period: {items}.",
    "con.risk": "Risk",
    "con.risk_text": ("Discussion of \u201c{label}\u201d leans negative "
                      "({size:tweet|tweets}, {authors:author|authors}; "
                      "{split}); weigh it before acting."),
    "con.market": "Markets",
    "con.market_text": ("{name} is the most mentioned ticker ({n:mention|mentions});"
                        " social chatter is not fundamentals."),
    "con.market_tie": ("{name} ties with {others} as the most mentioned ticker "
                       "({n:mention|mentions} each); social chatter is not fundamentals."),
    "con.none": "Not enough data",
    "con.none_text": "Too few relevant tweets for a conclusion; widen the range or check the topic keywords.",
    "overview_empty": ("This period ({start} to {end}) has {n:tweet|tweets}, "
                       "none of them on topic; the sections below are empty."),
    "overview": ("This period ({start} to {end}): {n:tweet|tweets} collected, {relevant} on topic, "
                 "{dedup} after merging duplicates and retweets, from {authors:author|authors}. "),
    "overview_trends": "The discussion centres on {labels}; these are the {k:story|stories}:",
    "markets_note": "Counts come from social media discussion, not financial data; for reference only.",
    "finance_note": "These market signals are social-media opinion; check official data before any decision.",
    "disclaimer": ("Generated by the tweetbrief offline writer from {n:public tweet|public tweets}, {start} to {end}; "
                   "every item links its source tweets. Not verified by a human; not investment advice."),
    "disclaimer_partial": ("Generated by the tweetbrief offline writer from {n:public tweet|public tweets}, "
                           "{start} to {end}; "
                           "items link their source tweets where the data has links. Not verified by a human; "
                           "not investment advice."),
}

# Labels computed by analysis (Chinese) and their English rendering.
LABELS_EN = {
    "中性": "neutral", "乐观": "optimistic", "悲观": "pessimistic", "谨慎": "cautious", "担忧": "worried",
    "兴奋": "excited", "警觉": "alert", "分歧": "divided", "正面": "positive", "负面": "negative",
    "兴奋+警觉": "excited + alert",
}

PHRASES = {"zh": ZH, "en": EN}


class Count(int):
    """An integer that formats ``{n:tweet|tweets}`` as "1 tweet" / "2 tweets"."""

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, many = spec.split("|", 1)
            return f"{int(self):,} {one if int(self) == 1 else many}"
        return format(int(self), spec)


def fill(template: str, values: dict) -> str:
    return template.format(**{k: Count(v) if type(v) is int else v for k, v in values.items()})


def label(text: str, language: str) -> str:
    """An analysis label in the output language (unknown labels pass through)."""
    if language != "en":
        return text
    if text in LABELS_EN:
        return LABELS_EN[text]
    return " + ".join(LABELS_EN.get(part, part) for part in text.split("+"))


__all__ = ["PHRASES", "label", "fill", "Count"]
