"""The report a writer returns: the reference post's sections, as data.

Text fields are plain text (no Markdown, no HTML): the renderer escapes them and adds the
formatting. ``cites`` are tweet ids; ``Report.sources`` resolves them to links. Array and string
sizes are bounded so an LLM asked for this schema cannot loop forever.
"""

from __future__ import annotations

from datetime import date, datetime

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


Cites = Annotated[list[str], AfterValidator(_unique)]  # tweet ids, each once, in order
_MAX_CITES = 8


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TrendItem(_Item):
    headline: str = Field(max_length=120, description="短标题，加粗显示")
    detail: str = Field(max_length=400, description="一句话说明")
    cites: Cites = Field(default_factory=list, max_length=_MAX_CITES)


class Mood(_Item):
    label: str = Field(max_length=40, description="如 兴奋+警觉")
    detail: str = Field(max_length=400)
    cites: Cites = Field(default_factory=list, max_length=_MAX_CITES)


class Fact(_Item):
    text: str = Field(max_length=300)
    cites: Cites = Field(default_factory=list, max_length=_MAX_CITES)


class Viewpoint(_Item):
    title: str = Field(max_length=60, description="关键观点")
    summary: str = Field(max_length=300, description="内容摘要")
    impact: str = Field(max_length=200, description="行业影响")
    cites: Cites = Field(default_factory=list, max_length=_MAX_CITES)


class EventItem(_Item):
    date: date
    event: str = Field(max_length=300)
    impact: str = Field(max_length=200, description="关键影响")
    cites: Cites = Field(default_factory=list, max_length=_MAX_CITES)


class Bullet(_Item):
    title: str = Field(max_length=60)
    text: str = Field(max_length=400)
    cites: Cites = Field(default_factory=list, max_length=_MAX_CITES)


class SourceRef(_Item):
    url: str
    author: str
    created_at: datetime


class Report(_Item):
    """Mirrors ``../shared/reference``: 一 简明概要, 二 核心信息, 三 详细分析 (1-4), 四 结论与建议."""

    topic_name: str  # "ai" -> slug twitter_ai_...
    topic_title: str  # "Ai" -> title line "Twitter Ai 报告"
    start: date
    end: date
    generated_at: datetime  # aware, in the topic timezone; a re-published post keeps its first date instead
    language: str = "zh"
    writer: str = "offline"

    overview: str = Field(max_length=600, description="一、简明概要的导语")
    trends: list[TrendItem] = Field(default_factory=list, max_length=10)
    notable: list[Fact] = Field(default_factory=list, max_length=6)  # 其他值得关注: big posts outside the trends
    mood: Mood
    core_facts: list[Fact] = Field(default_factory=list, max_length=10)
    viewpoints: list[Viewpoint] = Field(default_factory=list, max_length=10)
    events: list[EventItem] = Field(default_factory=list, max_length=10)
    markets: list[Bullet] = Field(default_factory=list, max_length=8)
    markets_note: str = Field(default="", max_length=300)
    ai_analysis: list[Bullet] = Field(default_factory=list, max_length=6)
    finance_analysis: list[Bullet] = Field(default_factory=list, max_length=6)
    finance_note: str = Field(default="", max_length=300)
    conclusions: list[Bullet] = Field(default_factory=list, max_length=6)
    disclaimer: str = Field(max_length=400)

    sources: dict[str, SourceRef] = Field(default_factory=dict)  # tweet id -> link, filled by the writer
    stats: dict[str, object] = Field(default_factory=dict)  # run figures, written to front matter
    # role ("wordcloud", ...) -> link, for render_post(report) on its own; publishing passes the links
    # of the files it rendered to the renderer and never writes them here
    images: dict[str, str] = Field(default_factory=dict)

    @property
    def slug(self) -> str:
        return f"twitter_{self.topic_name}_{self.start:%Y%m%d}_{self.end:%Y%m%d}"

    def cited_ids(self) -> set[str]:
        ids: set[str] = set(self.mood.cites)
        for group in (self.trends, self.notable, self.core_facts, self.viewpoints, self.events, self.markets,
                      self.ai_analysis, self.finance_analysis, self.conclusions):
            for item in group:
                ids.update(item.cites)
        return ids


__all__ = ["Report", "TrendItem", "Mood", "Fact", "Viewpoint", "EventItem", "Bullet", "SourceRef"]
