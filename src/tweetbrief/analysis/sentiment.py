"""Stage 6, sentiment: a score in [-1, 1] per tweet, then per trend, per ticker and overall.

``lexicon`` (default): VADER (compound score, plus the emoji below, with a dead zone of
``EN_DEAD_ZONE`` so mildly upbeat announcements stay neutral) for English and other Latin-script
text; for Chinese/Japanese a hand-written lexicon (``data/sentiment_zh.toml``: positive, negative,
worry words, negators, intensifiers, diminishers, contrast words; emoji in both). A tweet is
*worried* when it carries a worry word (担忧, 泡沫, risk, bubble...). Accuracy against hand labels:
docs/evaluation.md (``bench/eval_report.py``). Aggregate labels come from the class shares:

* 兴奋+警觉  many positive and many negative/worried tweets at once
* 乐观 / 悲观  one side clearly dominates
* 谨慎  a sizeable negative or worried share without a positive majority
* 中性  otherwise
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.model import Sentiment
from tweetbrief.analysis.text import DATA, HANDLE_RE, URL_RE, compile_alternation, trie_pattern

POS, NEG = 0.05, -0.05
EMOJI = {
    "👍": 1, "❤": 1, "😍": 1, "🥰": 1, "🔥": 1, "🚀": 1, "🎉": 1, "👏": 1, "💯": 1, "😊": 1, "😄": 1,
    "😁": 1, "🙌": 1, "✨": 0.5, "📈": 1, "💪": 1, "🤩": 1,
    "👎": -1, "😡": -1, "😠": -1, "😭": -1, "😢": -1, "😞": -1, "💀": -0.5, "📉": -1, "🤮": -1, "😱": -1,
    "😰": -1, "😨": -1, "🤬": -1, "💔": -1,
    "😇": 1, "☺": 1, "😎": 0.5, "🥳": 1, "😆": 0.5, "👌": 0.5, "✅": 0.5, "🎊": 1, "😋": 0.5, "🤗": 1,
    "🤡": -1, "😅": -0.5, "🥲": -0.5, "🙃": -0.5, "😓": -1, "😤": -1, "🙄": -1, "😒": -1, "😑": -0.5, "🤦": -1,
}
EN_DEAD_ZONE = 0.2  # |VADER compound| at or below this counts as neutral; above it is rescaled to (0, 1]
EN_EMOJI_WEIGHT = 0.15  # per emoji point, added to the compound score
WORRY_EN = [
    "worry", "worried", "worries", "worrying", "concern", "concerns", "concerned", "concerning", "fear",
    "fears", "afraid", "risk", "risks", "risky", "bubble", "warning", "warn", "warns", "threat", "threatens",
    "danger", "dangerous", "uncertain", "uncertainty", "layoffs", "layoff", "job losses", "crash", "sell-off",
    "selloff", "regulation", "lawsuit", "sued", "ban", "banned", "scam", "overvalued", "recession", "doom",
    "existential", "misinformation", "deepfake", "deepfakes", "surveillance", "privacy", "skeptical",
    "dystopia", "dystopian", "unprepared", "hallucinate", "hallucinates", "unemployment", "displacement",
    "collapse", "fragile", "catastrophe", "catastrophic", "alarming", "scary", "terrifying", "frightening",
    "anxious", "anxiety", "nervous", "panic", "vulnerable", "vulnerability", "breach", "hacked", "attacks",
    "provocation", "provocations", "false flag", "valuations extreme", "paychecks",
]


@lru_cache(maxsize=1)
def zh_lexicon() -> ZhLexicon:
    return ZhLexicon(tomllib.loads((DATA / "sentiment_zh.toml").read_text(encoding="utf-8")))


class ZhLexicon:
    def __init__(self, data: dict):
        self.weights: dict[str, tuple[float, bool]] = {}
        for w in data["positive"]:
            self.weights[w.lower()] = (1.0, False)
        for w in data["negative"]:
            self.weights[w.lower()] = (-1.0, False)
        for w in data["worry"]:
            self.weights[w.lower()] = (-1.0, True)
        for e, v in EMOJI.items():
            self.weights[e] = (float(v), False)
        # the longest word at the leftmost position, case-insensitively: a prefix tree (the same
        # matches as the flat longest-first alternation under re.I, several times faster)
        self.rx = re.compile(trie_pattern(list(self.weights)))
        self.negators = tuple(sorted(data["negators"], key=len, reverse=True))
        self.intensifiers = tuple(sorted(data["intensifiers"], key=len, reverse=True))
        self.diminishers = tuple(sorted(data.get("diminishers", []), key=len, reverse=True))
        # a contrast word opening a clause (", 但是 ...", "。不过 ...") shifts the weight to what follows
        words = "|".join(re.escape(w) for w in sorted(data.get("contrast", []), key=len, reverse=True))
        self.contrast = re.compile(f"(?:^|(?<=[，,。.!！?？;；、\\s]))(?:{words})") if words else None

    def score(self, text: str) -> tuple[float, bool]:
        """(score in [-1, 1], worried)."""
        total = mass = 0.0
        worried = False
        turn = -1
        if self.contrast is not None:
            c = self.contrast.search(text)
            turn = c.start() if c else -1
        for m in self.rx.finditer(text):
            value, worry = self.weights[m.group(0).lower()]
            before = text[max(0, m.start() - 3) : m.start()]
            if before.endswith(self.negators) or before[:-1].endswith(self.negators):
                # 不担心 -> mildly positive; 不好用 -> negative; 没有问题 -> mildly positive
                value = 0.3 if value < 0 else -0.8
                worry = False
            elif before.endswith(self.intensifiers):
                value *= 1.5
            elif self.diminishers and before.endswith(self.diminishers):
                value *= 0.5
            if turn >= 0:
                value *= 1.5 if m.start() > turn else 0.5
            worried = worried or worry
            total += value
            mass += abs(value)
        return (total / (mass + 1.0) if mass else 0.0), worried


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _emoji_rx() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(e) for e in EMOJI))


@lru_cache(maxsize=1)
def _worry_en() -> re.Pattern[str]:
    rx = compile_alternation(WORRY_EN)
    assert rx is not None
    return rx


def score_text(text: str, lang: str) -> tuple[float, bool]:
    """Sentiment of one text in [-1, 1] and whether it is worried."""
    text = URL_RE.sub(" ", HANDLE_RE.sub(" ", text))
    if lang in ("zh", "ja"):
        return zh_lexicon().score(text)
    worried = bool(_worry_en().search(text))
    score = float(_vader().polarity_scores(text)["compound"])
    emoji = sum(EMOJI[e] for e in _emoji_rx().findall(text))
    if emoji:
        score = max(-1.0, min(1.0, score + EN_EMOJI_WEIGHT * emoji))
    if abs(score) <= EN_DEAD_ZONE:
        return 0.0, worried
    return (abs(score) - EN_DEAD_ZONE) / (1 - EN_DEAD_ZONE) * (1 if score > 0 else -1), worried


def aggregate(scores: list[float], worried: int, method: str) -> Sentiment:
    s = Sentiment(method=method)
    for v in scores:
        if v > POS:
            s.positive += 1
        elif v < NEG:
            s.negative += 1
        else:
            s.neutral += 1
    s.worried = worried
    s.score = round(sum(scores) / len(scores), 4) if scores else 0.0
    s.label = label_for(s)
    return s


def label_for(s: Sentiment) -> str:
    if not s.total:
        return "中性"
    pos, neg, worry = s.share("positive"), s.share("negative"), s.worried / s.total
    alert = max(neg, worry)
    if pos >= 0.3 and alert >= 0.2:
        return "兴奋+警觉"
    if pos >= 0.35 and pos >= 2 * neg:
        return "乐观"
    if neg >= 0.35 and neg >= 2 * pos:
        return "悲观"
    if alert >= 0.2:
        return "谨慎"
    return "中性"


@register_stage("sentiment", "lexicon")
class LexiconSentiment(Stage):
    description = "sentiment by lexicon: VADER for English, tweetbrief's Chinese word lists"
    method = "VADER (en) + tweetbrief 中文情感词典 (zh: 正/负/担忧词, 否定词, 程度词)"

    def run(self, ctx: Context) -> None:
        ctx.sentiment_method = self.method
        for t in ctx.unique:
            score, worried = score_text(ctx.text_of(t), ctx.lang_of(t))
            ctx.tweet_sentiment[t.id] = round(score, 4)
            if worried:
                ctx.worried.add(t.id)
        ctx.sentiment = summarise(ctx, list(ctx.tweet_sentiment))
        for trend in ctx.trends:
            trend.sentiment = summarise(ctx, trend.tweet_ids)


def summarise(ctx: Context, ids: list[str]) -> Sentiment:
    scores = [ctx.tweet_sentiment[i] for i in ids if i in ctx.tweet_sentiment]
    worried = sum(1 for i in ids if i in ctx.worried)
    return aggregate(scores, worried, ctx.sentiment_method)
