"""A story's headline in the report's language: subject + what happened (+ object).

    headline(trend, "zh")  # "北极星智能开源 Polaris-K2.5", "NimbusGPU 上调 H100 租赁价格 15%"
    headline(trend, "en")  # "Kinetix Robotics raises a $350M Series C"

The verb comes from ``Trend.development`` through a phrase table per language; the names are
``Trend.subject`` / ``Trend.object`` exactly as the tweets write them. A discussion story (no
development) reads "Discussion of <subject>" / "<subject> 相关讨论", with a second name when its
object is one (``looks_like_name``: capitalised words, versioned or product-shaped tokens, a
CJK name); a common word is never set beside the subject ("Claude：taking"). Never a
slash-joined keyword list.
"""

from __future__ import annotations

import re

from tweetbrief.analysis.model import Trend
from tweetbrief.analysis.names import looks_like_name

# kind -> (with object, without object); {s} subject, {o} object
PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "zh": {
        "launch": ("{s}推出{o}", "{s}正式发布"),
        "release": ("{s}发布{o}", "{s}发布更新"),
        "open-source": ("{s}开源{o}", "{s}宣布开源"),
        "funding": ("{s}完成{o}融资", "{s}完成新一轮融资"),
        "acquisition": ("{s}收购{o}", "{s}宣布收购"),
        "policy": ("{s}：{o}新规", "{s}相关政策变化"),
        "hire": ("{s}加入{o}", "{s}人事任命"),
        "departure": ("{s}离开{o}", "{s}人事变动"),
        "outage": ("{s}{o}服务故障", "{s}服务故障"),
        "price_up": ("{s}上调{o}", "{s}涨价"),
        "price_down": ("{s}下调{o}", "{s}降价"),
        "limit": ("{s}调整{o}用量限额", "{s}用量限额变化"),
        "benchmark": ("{s}{o}评测结果", "{s}评测结果"),
        "security": ("{s}遭遇{o}安全事件", "{s}安全事件"),
        "discussion": ("{s}与{o}相关讨论", "{s}相关讨论"),
    },
    "en": {
        "launch": ("{s} launches {o}", "{s} launches"),
        "release": ("{s} releases {o}", "{s} ships an update"),
        "open-source": ("{s} open-sources {o}", "{s} goes open source"),
        "funding": ("{s} raises a {o}", "{s} raises new funding"),
        "acquisition": ("{s} acquires {o}", "{s} announces an acquisition"),
        "policy": ("{s}: new rules on {o}", "{s}: a policy change"),
        "hire": ("{s} joins {o}", "{s} makes a new appointment"),
        "departure": ("{s} leaves {o}", "{s}: a leadership change"),
        "outage": ("{s} {o} outage", "{s} outage"),
        "price_up": ("{s} raises {o}", "{s} raises prices"),
        "price_down": ("{s} cuts {o}", "{s} cuts prices"),
        "limit": ("{s} changes {o} usage limits", "{s} changes usage limits"),
        "benchmark": ("{s} {o} benchmark results", "{s} benchmark results"),
        "security": ("{s} hit by a {o} security incident", "{s} security incident"),
        "discussion": ("Discussion of {s} and {o}", "Discussion of {s}"),
    },
}
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
MAX_CHARS = 120


def _space(text: str) -> str:
    """One space between a Latin/digit run and a CJK run ("NimbusGPU 上调"), none between CJK."""
    text = re.sub(r"(?<=[A-Za-z0-9%$.\)\]])(?=[\u3400-\u9fff])", " ", text)
    text = re.sub(r"(?<=[\u3400-\u9fff])(?=[A-Za-z0-9$(\[])", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_NAME_OPEN, _NAME_CLOSE = "\x01", "\x02"
_GLUED = re.compile("(?<=[A-Za-z0-9%$.)\\]])\x02\x01(?=[A-Za-z0-9$(\\[])")


def _join(text: str) -> str:
    """Drop the name markers; two names that meet Latin to Latin get a space between them."""
    return _GLUED.sub(" ", text).replace(_NAME_OPEN, "").replace(_NAME_CLOSE, "")


def _second_name(trend: Trend) -> str:
    subject = trend.subject.casefold()
    p = (trend.object or "").strip()
    if p and looks_like_name(p) and p.casefold() not in subject and subject not in p.casefold():
        return p
    return ""


OUT = {"zh": "{s}正式发布", "en": "{s} is out"}
# a launch whose product is not named, by a subject that is not itself a versioned product (a
# company): "Anthropic 正式发布" would say the company was released
LAUNCH_UNNAMED = {"zh": "{s}发布新品", "en": "{s} announces a launch"}
PERCENT = re.compile(r"\d+(?:\.\d+)?\s?%")


def _price_en(obj: str) -> str:
    """An English object for a price change written in Chinese: the product, "prices", the figure."""
    pct = PERCENT.search(obj)
    product = " ".join(w for w in PERCENT.sub(" ", obj).split() if not CJK.search(w))
    return " ".join(p for p in (product, "prices", f"by {pct.group(0)}" if pct else "") if p)


def headline(trend: Trend, language: str) -> str:
    """The story's headline in ``language`` (zh or en; other codes fall back to en)."""
    table = PHRASES.get(language, PHRASES["en"])
    subject = trend.subject.strip() or (trend.entities[0] if trend.entities else "") or trend.label.split(" / ")[0]
    kind = trend.development if trend.development in table else "discussion"
    obj = trend.object.strip() if kind != "discussion" else _second_name(trend)
    with_obj, bare = table[kind]
    versioned = bool(re.search(r"[A-Za-z]-?\s?\d", subject))
    if kind == "release" and not obj and versioned:
        bare = OUT[language if language in OUT else "en"]  # a versioned product released: "Claude Fable 5 is out"
    if kind == "launch" and not obj and not versioned:
        bare = LAUNCH_UNNAMED[language if language in LAUNCH_UNNAMED else "en"]
    if language != "zh" and kind in ("price_up", "price_down") and obj and not re.search(r"(?i)\bpric|\brate", obj):
        obj = _price_en(obj)  # "H100 租赁价格 15%" -> "H100 prices by 15%"
    # Names are wrapped in markers so a template that sets two names side by side ("{s}{o}评测结果")
    # can never glue two Latin runs into one word ("SWE-bench 76.8MMMU-Pro"): _join spaces them.
    s, o = _NAME_OPEN + subject + _NAME_CLOSE, _NAME_OPEN + obj + _NAME_CLOSE
    text = _join(with_obj.format(s=s, o=o) if obj else bare.format(s=s))
    text = _space(text) if language == "zh" else re.sub(r"\s+", " ", text).strip()
    return text.replace(" / ", " ")[:MAX_CHARS]


__all__ = ["headline", "PHRASES"]
