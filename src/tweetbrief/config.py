"""Topics and settings from ``tweetbrief.toml`` (working directory, or ``--config``).

    [topics.ai]
    title = "Ai"
    keywords = ["AI", "大模型", "(?i)\\bLLM\\b"]    # plain words match case-insensitively; regex allowed
    accounts = ["OpenAI", "AnthropicAI"]
    languages = ["zh", "en"]
    timezone = "Asia/Shanghai"

A built-in ``ai`` topic works with no file; a file's ``[topics.ai]`` overrides it field by field.

Components own their settings: ``[topics.ai.writer_options]`` is checked against the topic
writer's ``Options`` model and ``[topics.ai.stage_options.<kind>]`` must name an analysis stage
kind (each stage's ``Options`` checks its keys when the stage is built). A bad key is one line::

    [topics.ai.writer_options] unknown key 'max_tokens'; allowed: api_key_env, backoff_base, ...
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tweetbrief.errors import ConfigError

CONFIG_FILE = "tweetbrief.toml"


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    title: str = ""  # shown in the title line: "Twitter <title> 报告"
    keywords: list[str] = Field(default_factory=list)
    exclude_keywords: list[str] = Field(default_factory=list)
    accounts: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)  # empty = all
    timezone: str = "Asia/Shanghai"
    writer: str = "offline"
    writer_options: dict[str, Any] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)  # live source specs, e.g. "x-search:AI lang:zh"
    font: str | None = None  # path to a CJK font for images
    stages: dict[str, str] = Field(default_factory=dict)  # analysis stage -> implementation name
    stage_options: dict[str, dict[str, Any]] = Field(default_factory=dict)  # stage kind -> its options
    # publishing (tweetbrief.publish): where images go, how the post links them, front matter extras
    assets_dir: str = "assets/tweetbrief"  # site-relative folder Jekyll copies to _site
    # "assets" (/assets_dir/x), "baseurl" ({{site.baseurl}}/assets_dir/x), "bare" (beside the post)
    image_style: str = "assets"
    charts: bool = True  # volume / trends / sentiment charts in a 数据图表 section
    categories: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    author: str | None = None
    # push (tweetbrief.notify): Apprise URLs; ${ENV_VAR} in a URL is read from the environment at send time
    notify: list[str] = Field(default_factory=list)
    site_url: str | None = None  # the site's public URL, for the post link in notifications (top-level site_url too)

    @field_validator("notify")
    @classmethod
    def _notify(cls, v: list[str]) -> list[str]:
        for i, url in enumerate(v, 1):
            if "://" not in url:  # the message never quotes the URL: it may hold a token
                raise ValueError(f"entry {i} is not an Apprise URL (scheme://...), e.g. tgram://BOT_TOKEN/CHAT_ID")
        return v

    @field_validator("image_style")
    @classmethod
    def _image_style(cls, v: str) -> str:
        if v not in ("assets", "baseurl", "bare"):
            raise ValueError(f"image_style {v!r} must be one of assets, baseurl, bare")
        return v

    @field_validator("assets_dir")
    @classmethod
    def _assets_dir(cls, v: str) -> str:
        parts = [p for p in v.strip().strip("/").split("/") if p]
        if not parts or v.startswith("/") or any(p in (".", "..") or p[0] in "._" for p in parts):
            raise ValueError(f"assets_dir {v!r} must be a relative folder such as assets/tweetbrief "
                             "(no '..', and no part starting with '_' or '.', which Jekyll does not copy)")
        return "/".join(parts)

    @field_validator("keywords", "exclude_keywords")
    @classmethod
    def _patterns(cls, v: list[str]) -> list[str]:
        for i, keyword in enumerate(v):
            problem = keyword_regex_error(keyword)
            if problem:
                raise ValueError(f"entry {i + 1}, {keyword!r}, is not a valid regular expression ({problem}); "
                                 "fix the pattern, or escape the special characters ( ) [ ] { } * + ? | ^ $ \\ "
                                 "with a backslash to match them literally")
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {v!r}; use an IANA name such as Asia/Shanghai") from None
        return v

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def display_title(self) -> str:
        return self.title or self.name.replace("_", " ").title()


_REGEX_META = set("\\^$*+?{}[]|()")  # as analysis/text.py: a keyword with one of these is a regex


def keyword_regex_error(keyword: str) -> str | None:
    """Why ``keyword`` fails to compile the way ``analysis.text.keyword_pattern`` compiles it, or None."""
    import re

    if not (keyword.startswith("(?") or any(ch in _REGEX_META for ch in keyword)):
        return None  # a plain word: matched literally
    body = " ".join(keyword.split())
    pattern = f"(?i:{body[4:]})" if body.startswith("(?i)") else f"(?:{body})"
    try:
        re.compile(pattern, re.I)
    except re.error as err:
        return err.msg
    return None


AI_KEYWORDS = [
    # Tuned on the dev half of tests/data/labels/relevance_ai.tsv (docs/evaluation.md). Plain words
    # match case-insensitively, Latin ones on word boundaries, never inside an @handle or a $cashtag.
    # Generic words that are mostly off-topic on their own (代码, 编程, 开源, 智能, 芯片, 训练, 机器人,
    # benchmark, autonomous) are left out or only kept in AI-specific compounds.
    # English
    "AI", "A.I.", "AGI", "ASI", "AIGC", "LLM", "LLMs", "GPT", "ChatGPT", "OpenAI", "Anthropic", "Claude",
    "Gemini", "Gemma", "DeepMind", "DeepSeek", "Qwen", "Kimi", "Moonshot", "MiniMax", "Mistral", "Llama",
    "Ollama", "vLLM", "Grok", "xAI", "Copilot", "Cursor", "Windsurf", "Cline", "Devin", "Manus", "Lovable",
    "OpenClaw", "Clawdbot", "Nano Banana", "Midjourney", "Sora", "Veo", "Kling", "Runway ML", "ElevenLabs",
    "Stable Diffusion", "ComfyUI", "Hugging Face", "HuggingFace", "LangChain", "LlamaIndex", "Perplexity",
    "Dify", "n8n", "Codex", "Claude Code", "MCP", "RAG", "vibe coding", "vibe-coding", "vibe coded",
    # agents, but not the other kinds (transfer/real estate/free/secret/federal agents)
    "(?i)(?=agent)(?<!transfer )(?<!estate )(?<!free )(?<!secret )(?<!travel )(?<!federal )(?<!ice )(?<!fbi )"
    "(?<!border )(?<!insurance )(?<!sports )(?<![A-Za-z0-9_$@])agents?(?![A-Za-z0-9_])",
    "agentic", "multi-agent", "chatbot", "chatbots", "inference", "fine-tuning", "fine-tune", "fine-tuned",
    "transformer", "transformers", "diffusion model", "multimodal", "machine learning", "deep learning",
    "reinforcement learning", "neural network", "neural networks", "model weights", "open-source model",
    "open-weight", "open-weights", "frontier model", "reasoning model", "language model", "language models",
    "foundation model", "Nvidia", "GPU", "GPUs", "CUDA", "TPU", "TPUs", "H100", "H200", "B200", "GB200",
    "Blackwell", "prompt", "prompts", "prompting", "input tokens", "output tokens", "million tokens", "token usage",
    # token(s) next to Chinese text (卖 Token, 消耗 tokens); alone in English it is mostly crypto
    "(?i)(?=token)(?:(?<=[\u3400-\u9fff])|(?<=[\u3400-\u9fff] )|(?<![A-Za-z0-9_$@])(?=tokens? ?[\u3400-\u9fff]))"
    "tokens?(?![A-Za-z0-9_])",
    "context window", "hallucination", "hallucinations", "robotics", "humanoid", "humanoids", "robotaxi",
    "Waymo", "self-driving", "autonomous driving", "autonomous vehicle", "autonomous vehicles", "embedding",
    "embeddings", "Altman", "Karpathy", "Hinton", "Jensen Huang", "Hassabis", "Apple Intelligence",
    # 中文
    "人工智能", "大模型", "模型", "智能体", "算力", "推理", "预训练", "微调", "多模态", "英伟达", "黄仁勋",
    "显卡", "提示词", "生成式", "通义", "千问", "文心", "豆包", "智谱", "元宝", "混元", "可灵", "即梦", "海螺",
    "月之暗面", "深度求索", "具身", "人形机器人", "机器人公司", "宇树", "自动驾驶", "无人驾驶", "智能驾驶",
    "萝卜快跑", "向量", "知识库", "工作流", "编程助手", "编程智能体",
    "神经网络", "机器学习", "深度学习", "强化学习", "数据中心",
]

BUILTIN_TOPICS: dict[str, dict[str, Any]] = {
    "ai": {
        "name": "ai",
        "title": "Ai",
        "keywords": AI_KEYWORDS,
        "languages": [],
        "timezone": "Asia/Shanghai",
    },
}


def load_config(path: Path | None = None) -> dict[str, Any]:
    """Read the TOML config: ``path`` if given (must exist), else ``./tweetbrief.toml`` if present."""
    if path is None:
        path = Path(CONFIG_FILE)
        if not path.exists():
            return {}
    elif not path.exists():
        raise ConfigError(f"{path}: config file not found; check --config")
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML ({err}); fix the syntax at that line") from None


def load_topic(name: str, config_path: Path | None = None) -> Topic:
    config = load_config(config_path)
    topics = config.get("topics", {})
    data: dict[str, Any] = dict(BUILTIN_TOPICS.get(name, {}))
    if name in topics:
        data.update(topics[name])
    elif not data:
        known = sorted(set(BUILTIN_TOPICS) | set(topics))
        raise ConfigError(f"unknown topic {name!r}; define [topics.{name}] in {CONFIG_FILE} or use one of: "
                          f"{', '.join(known)}")
    data["name"] = name
    if isinstance(config.get("site_url"), str):
        data.setdefault("site_url", config["site_url"])
    try:
        topic = Topic(**data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        if first["loc"][:1] in (("writer_options",), ("stage_options",)) and first["type"] == "dict_type":
            raise ConfigError(f"[topics.{name}.{loc}] must be a table of settings, got {first['input']!r}; "
                              f"fix it in {config_path or CONFIG_FILE}") from None
        msg = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"topic {name!r}: {loc}: {msg}; fix [topics.{name}] in "
                          f"{config_path or CONFIG_FILE}") from None
    check_stage_options(topic)
    check_writer_options(topic)
    return topic


def check_stage_options(topic: Topic) -> None:
    """Every ``[topics.X.stage_options.<kind>]`` names a known analysis stage kind."""
    if not topic.stage_options:
        return  # nothing to check: do not import the analysis package for `collect`
    from tweetbrief.analysis.base import ORDER

    for kind in topic.stage_options:
        if kind not in ORDER:
            raise ConfigError(f"[topics.{topic.name}.stage_options] unknown stage kind {kind!r}; "
                              f"known: {', '.join(ORDER)}")


def check_writer_options(topic: Topic) -> None:
    """``[topics.X.writer_options]`` against the topic writer's ``Options`` (one line on a bad key or
    value). A writer that is not registered is left to ``get_writer``, which names the registered ones."""
    from tweetbrief.writers.base import WRITERS
    from tweetbrief.writers.options import writer_options, writer_table

    factory = WRITERS.find(topic.writer)
    model = getattr(factory, "Options", None)
    if isinstance(model, type) and issubclass(model, BaseModel):
        writer_options(model, topic.writer_options, writer_table(topic.name))


__all__ = ["Topic", "load_topic", "load_config", "check_stage_options", "check_writer_options", "BUILTIN_TOPICS",
           "CONFIG_FILE"]
