"""Charts beside the word cloud: tweet volume, top trends with their change, sentiment split.

matplotlib with the Agg backend (no display needed) and the CJK font from ``resolve_cjk_font``,
so Chinese labels never render as boxes. Labels that come from tweets (trend names) are drawn
with math parsing off: a ``$NVDA ... $`` label is text, never mathtext.

Each chart is a small PNG (~1000x500 px at 100 dpi) and renders in well under a second; the
font is registered once per process.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tweetbrief.analysis.model import Analysis
from tweetbrief.files import atomic_write
from tweetbrief.render.fonts import resolve_cjk_font

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["CHARTS", "ChartSpec", "WORDS", "chart_name", "render_charts", "volume_series", "trend_rows",
           "sentiment_shares"]

MAX_TRENDS = 8
MAX_LABEL = 24
DPI = 100
SIZE = (10.0, 4.8)  # inches -> 1000 x 480 px

COLORS = {
    "bar": "#4C78A8", "previous": "#C9D3DF", "new": "#E45756", "rising": "#F58518",
    "falling": "#54A24B", "steady": "#9D9D9D", "positive": "#54A24B", "neutral": "#BAB0AC",
    "negative": "#E45756",
}
# Every word a chart draws, per report language (the post's alt texts and heading come from here too).
WORDS: dict[str, dict[str, Any]] = {
    "zh": {
        "heading": "## 数据图表",
        "alt": {"chart_volume": "推文量", "chart_trends": "热点趋势", "chart_sentiment": "情绪分布"},
        "change": {"new": "新出现", "rising": "上升", "falling": "下降", "steady": "持平"},
        "span": "{start} 至 {end}", "vol_hour": "推文量（按小时，{tz}）{span}", "hour": "小时",
        "vol_hour_y": "相关推文（去重后）", "vol_day": "推文量（按天）{span}", "vol_day_y": "相关推文",
        "no_tweets": "本期没有相关推文", "trends": "热点趋势：规模（推文数）与上一周期对比",
        "no_trends": "本期没有形成趋势", "note": "{size}（{change} {delta:+d}，上期 {previous}）",
        "previous": "上一周期", "current": "本期", "current_status": "本期·{change}",
        "sentiment": "情绪分布（共 {total} 条）：{label}", "no_sentiment": "本期没有可判断情绪的推文",
        "classes": {"positive": "正面", "neutral": "中性", "negative": "负面"}, "count": "{n}（{frac:.0%}）",
    },
    "en": {
        "heading": "## Charts", "alt": {"chart_volume": "Tweet volume", "chart_trends": "Top stories",
                                         "chart_sentiment": "Sentiment"},
        "change": {"new": "new", "rising": "rising", "falling": "falling", "steady": "steady"},
        "span": "{start} to {end}", "vol_hour": "Tweets per hour ({tz}), {span}", "hour": "hour",
        "vol_hour_y": "relevant tweets (deduplicated)", "vol_day": "Tweets per day, {span}",
        "vol_day_y": "relevant tweets",
        "no_tweets": "No relevant tweets in this period", "trends": "Top stories: size (tweets) vs the previous period",
        "no_trends": "No stories this period", "note": "{size} ({change} {delta:+d}, previously {previous})",
        "previous": "previous period", "current": "this period", "current_status": "this period · {change}",
        "sentiment": "Sentiment ({total} tweets): {label}", "no_sentiment": "No tweets with a judged sentiment",
        "classes": {"positive": "positive", "neutral": "neutral", "negative": "negative"}, "count": "{n} ({frac:.0%})",
    },
}
CHANGE_WORDS = WORDS["zh"]["change"]


def words(language: str) -> dict[str, Any]:
    return WORDS.get(language, WORDS["en"])


@dataclass(frozen=True)
class ChartSpec:
    role: str  # key in Report.images
    stem: str  # file name prefix: <stem>_<slug>.png
    alt: str  # image alt text in a Chinese post (other languages: ``WORDS[lang]["alt"]``)


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("chart_volume", "volume", "推文量"),
    ChartSpec("chart_trends", "trends", "热点趋势"),
    ChartSpec("chart_sentiment", "sentiment", "情绪分布"),
)


# --------------------------------------------------------------------------- data


def volume_series(analysis: Analysis) -> tuple[list[str], list[int], str]:
    """``(labels, counts, unit)``: per hour for a one-day period, else per day.

    Per day comes from ``analysis.stats.per_day`` (relevant tweets) with missing days as 0; per
    hour (and per day when ``per_day`` is empty) is counted from ``analysis.tweets`` (relevant and
    deduplicated), in the period's timezone.
    """
    period = analysis.period
    if period.days == 1:
        hours = Counter(t.created_at.astimezone(period.zone).hour for t in analysis.tweets.values())
        return [f"{h:02d}" for h in range(24)], [hours.get(h, 0) for h in range(24)], "hour"
    per_day = dict(analysis.stats.per_day)
    if not per_day:
        per_day = dict(Counter(period.local_date(t.created_at).isoformat() for t in analysis.tweets.values()))
    days = [period.start + timedelta(days=i) for i in range(period.days)]
    return [f"{d:%m-%d}" for d in days], [int(per_day.get(d.isoformat(), 0)) for d in days], "day"


def _short(label: str, limit: int = MAX_LABEL) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1] + "…"


def trend_rows(analysis: Analysis, limit: int = MAX_TRENDS,
               language: str = "zh") -> list[tuple[str, int, int | None, str, int]]:
    """``(label, size, previous, status, delta)`` for the biggest trends, biggest first.

    ``previous``/``delta`` come from ``Trend.change`` (matching tweets in the previous period, and
    current minus previous); ``previous`` is None when the analysis has no comparison.
    """
    from tweetbrief.writers.headlines import headline

    rows = []
    for trend in sorted(analysis.trends, key=lambda t: t.size, reverse=True)[:limit]:
        change = trend.change
        rows.append((_short(headline(trend, language)), trend.size, change.previous if change else None,
                     change.status if change else "", change.delta if change else 0))
    return rows


def sentiment_shares(analysis: Analysis, language: str = "zh") -> list[tuple[str, str, int]]:
    s, names = analysis.sentiment, words(language)["classes"]
    return [("positive", names["positive"], s.positive), ("neutral", names["neutral"], s.neutral),
            ("negative", names["negative"], s.negative)]


# --------------------------------------------------------------------------- drawing


@lru_cache(maxsize=8)
def _font_family(font_path: str) -> str:
    """Register the font file with matplotlib once; return its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(font_path)
    return font_manager.FontProperties(fname=font_path).get_name()


def _figure() -> tuple[Figure, Any]:
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    fig = Figure(figsize=SIZE, dpi=DPI)
    ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _volume(ax: Any, analysis: Analysis, w: dict[str, Any]) -> None:
    labels, counts, unit = volume_series(analysis)
    xs = range(len(labels))
    ax.bar(xs, counts, color=COLORS["bar"], width=0.75)
    step = 2 if unit == "hour" else max(1, len(labels) // 14)
    ax.set_xticks(list(xs)[::step], labels[::step])
    p = analysis.period
    span = f"{p.start}" if p.days == 1 else w["span"].format(start=p.start, end=p.end)
    if unit == "hour":
        ax.set_title(w["vol_hour"].format(tz=p.tz, span=span))
        ax.set_xlabel(w["hour"])
        ax.set_ylabel(w["vol_hour_y"])
    else:
        ax.set_title(w["vol_day"].format(span=span))
        ax.set_ylabel(w["vol_day_y"])
    ax.yaxis.get_major_locator().set_params(integer=True)
    if not any(counts):
        ax.text(0.5, 0.5, w["no_tweets"], transform=ax.transAxes, ha="center", va="center", color="#666")


def _trends(ax: Any, analysis: Analysis, w: dict[str, Any]) -> None:
    rows = trend_rows(analysis, language=w["language"])
    ax.set_title(w["trends"])
    if not rows:
        ax.text(0.5, 0.5, w["no_trends"], transform=ax.transAxes, ha="center", va="center", color="#666")
        ax.set_xticks([]), ax.set_yticks([])
        return
    ys = list(range(len(rows)))[::-1]  # biggest on top
    sizes = [r[1] for r in rows]
    prev = [r[2] or 0 for r in rows]
    ax.barh(ys, prev, height=0.8, color=COLORS["previous"])
    ax.barh(ys, sizes, height=0.45, color=[COLORS.get(r[3], COLORS["bar"]) for r in rows])
    ax.set_yticks(ys, [r[0] for r in rows])
    top = max(max(sizes), max(prev), 1)
    for y, (_, size, previous, status, delta) in zip(ys, rows):
        if previous is None:
            note = f"{size}"
        else:
            note = w["note"].format(size=size, change=w["change"].get(status, status), delta=delta, previous=previous)
        ax.text(max(size, previous or 0) + top * 0.01, y, note, va="center", fontsize=9)
    ax.set_xlim(0, top * 1.3)
    ax.xaxis.get_major_locator().set_params(integer=True)
    statuses = [st for st in w["change"] if any(r[3] == st for r in rows)]
    handles = [_patch(COLORS["previous"], w["previous"])] + [
        _patch(COLORS[st], w["current_status"].format(change=w["change"][st])) for st in statuses]
    if any(not r[3] for r in rows):
        handles.append(_patch(COLORS["bar"], w["current"]))
    ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=9)


def _sentiment(ax: Any, analysis: Analysis, w: dict[str, Any]) -> None:
    shares = sentiment_shares(analysis, w["language"])
    total = sum(n for _, _, n in shares)
    label = w.get("mood") or analysis.sentiment.label
    ax.set_title(w["sentiment"].format(total=total, label=label))
    left = 0.0
    for key, name, n in shares:
        frac = n / total if total else 0.0
        ax.barh([0], [frac], left=left, color=COLORS[key], height=0.5)
        if frac >= 0.06:
            ax.text(left + frac / 2, 0, name + "\n" + w["count"].format(n=n, frac=frac), ha="center", va="center",
                    fontsize=10)
        left += frac
    if not total:
        ax.text(0.5, 0, w["no_sentiment"], ha="center", va="center", color="#666")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([])
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    ax.legend(handles=[_patch(COLORS[k], n) for k, n, _ in shares], loc="upper center",
              bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)


def _patch(color: str, label: str) -> Any:
    from matplotlib.patches import Patch

    return Patch(color=color, label=label)


_DRAW = {"chart_volume": _volume, "chart_trends": _trends, "chart_sentiment": _sentiment}


def _save_png(fig: Figure, out: Path) -> None:
    """PNG without run-varying metadata (no Software/date chunks): same data, same bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    atomic_write(out, buf.getvalue())  # mode follows the umask (0644), not mkstemp's 0600


def chart_name(spec: ChartSpec, slug: str, language: str = "zh") -> str:
    """``trends_<slug>.png``; other languages than zh draw their own words: ``trends_<slug>-en.png``."""
    return f"{spec.stem}_{slug}.png" if language == "zh" else f"{spec.stem}_{slug}-{language}.png"


def render_charts(analysis: Analysis, out_dir: Path, slug: str, *, font: str | None = None,
                  language: str = "zh", mood: str | None = None) -> dict[str, Path]:
    """Write the three chart PNGs into ``out_dir``; return role -> path (roles from ``CHARTS``).

    Titles, legends and trend names are in ``language``; ``mood`` is the report's mood label
    (the sentiment chart's title), else the analysis's.
    """
    w = {**words(language), "language": language, "mood": mood}
    import matplotlib

    family = _font_family(str(resolve_cjk_font(font)))
    # A bare Figure (no pyplot) draws with Agg whatever the configured backend; math parsing is
    # off so tweet text with "$" stays text.
    written: dict[str, Path] = {}
    with matplotlib.rc_context({"font.family": [family], "axes.unicode_minus": False, "text.parse_math": False}):
        for spec in CHARTS:
            fig, ax = _figure()
            _DRAW[spec.role](ax, analysis, w)
            fig.tight_layout()
            path = Path(out_dir) / chart_name(spec, slug, language)
            _save_png(fig, path)
            written[spec.role] = path
    return written
