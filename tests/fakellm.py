"""A loopback OpenAI-compatible server for the LLM writer tests (real HTTP, no network).

    def test_x(fake_llm):
        fake_llm.queue += [Reply(status=429, headers={"Retry-After": "1"})]   # scripted first replies
        report = OpenAIWriter().write(analysis, fake_llm.options())             # then the smart default

The default reply is an *honest* model: it reads the fenced JSON data of the request -- the compact
tweet lines and their aliases (``t12 | @author | 01-27 14:05 | L64 C12 | text``), the statistics,
the cluster notes and quotes -- and composes a ClusterNotes (map) or ReportDraft (reduce) that cites
only aliases it was shown, dates only from those tweets, numbers only from the data (metrics on the
lines, counts of tweets shown, shares computed from the statistics). Knobs: ``style`` (plain,
fenced, <think> prefix, leading prose), ``reasoning_content``, ``thought_tokens`` charged against
the output cap, ``reject_formats`` ({"json_schema": 422}). Queue entries are ``Reply`` objects or
callables ``(request_json, data) -> Reply``; ``smart(mutate)`` answers like the honest model after
``mutate(answer_dict, data)``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tweetbrief.analysis.model import Analysis, Change, Event, Period, Sentiment, Stats, TickerStat, Trend
from tweetbrief.models import Tweet

_FENCE = re.compile(r"```json\n(.*?)\n```", re.S)


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # None with status 200: the smart answer
    finish_reason: str = "stop"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    error: str = ""


def request_data(req: dict[str, Any]) -> dict[str, Any]:
    """The JSON data block of the first user message."""
    user = next(m["content"] for m in req["messages"] if m["role"] == "user")
    return json.loads(_FENCE.search(user).group(1))


# -- the honest model: composes grounded answers from what the prompt shows ---------------------
_LINE = re.compile(r"^(t\d+) \| @(\S+) \| (\d\d)-(\d\d) (\d\d:\d\d) \| ([^|]*) \| (.*)$")
_METRIC = re.compile(r"([LRCV])(\d+)")
_UNSAFE = re.compile(r"https?://\S+|\S*\.com/\S*|\d{12,}|\s+")


@dataclass
class Line:
    alias: str
    author: str
    day: str  # YYYY-MM-DD, the year from the period
    metrics: dict[str, int]
    text: str


def parse_lines(data: dict[str, Any], lines: list[str]) -> list[Line]:
    year = data["period"]["start"][:4]
    out = []
    for raw in lines:
        m = _LINE.match(raw)
        assert m, f"not a compact tweet line: {raw!r}"
        alias, author, mm, dd, _hm, metrics, text = m.groups()
        out.append(Line(alias, author, f"{year}-{mm}-{dd}", {k: int(v) for k, v in _METRIC.findall(metrics)}, text))
    return out


def clean(text: str, limit: int) -> str:
    """A quotation without links or long numbers (an honest model cites instead)."""
    text = _UNSAFE.sub(" ", text).strip()
    return text[:limit]


def honest_headline(trend: Any) -> str:
    """The headline the honest model writes for ``trend``'s cluster."""
    return f"{(trend.entities or [trend.label.split(' / ')[0]])[0]} 引发讨论"


def honest_map(data: dict[str, Any]) -> dict[str, Any]:
    lines = parse_lines(data, data["tweets"])
    c = data["cluster"]
    name = (c.get("entities") or [c["label"].split(" / ")[0]])[0]
    top = lines[0]
    facts = []
    for ln in lines[:4]:
        parts = [f"{n} 条回复" if k == "C" else f"{n} 次点赞" if k == "L" else "" for k, n in ln.metrics.items()]
        metrics = "、".join(p for p in parts if p)
        lead = f"@{ln.author} 的推文获 {metrics}：" if metrics else f"@{ln.author} 写道："
        facts.append({"text": lead + clean(ln.text, 120), "cites": [ln.alias]})
    return {
        "headline": f"{name} 引发讨论",
        "summary": f"本组展示的 {len(lines)} 条推文中，{top.author} 等作者围绕 {name} 展开讨论：{clean(top.text, 80)}",
        "cites": [ln.alias for ln in lines[:2]],
        "viewpoint": {"title": f"{name} 的走向", "summary": clean(top.text, 200),
                      "impact": f"机制：{name} 降低了使用门槛；受影响的是开发者与企业用户；张力在成本与可靠性之间。",
                      "cites": [top.alias]},
        "facts": facts,
        "events": [{"date": ln.day, "event": f"{name}：{clean(ln.text, 100)}", "impact": "引发开发者关注。",
                    "cites": [ln.alias]} for ln in lines[:2]],
    }


def honest_reduce(data: dict[str, Any]) -> dict[str, Any]:
    st, clusters = data["stats"], data["clusters"]
    base = st["relevant"]
    zh = st["languages"].get("zh", 0)
    overview = f"本期 {st['relevant']} 条相关推文（去重后 {st['after_dedup']} 条）来自 {st['authors']} 位作者"
    if base and zh:
        overview += f"，其中中文推文占 {round(100 * zh / base, 1)}%"
    overview += "。"
    trends = [{"headline": c["notes"]["headline"], "detail": c["notes"]["summary"], "cites": c["notes"]["cites"][:2]}
              for c in clusters]
    for k, (a, b) in enumerate(zip(clusters[:2], clusters[1:3])):  # cross-cluster trends, citing each cluster
        headline = f"{a['notes']['headline'][:40]} 与 {b['notes']['headline'][:40]} 相互呼应"
        trends.insert(2 + 2 * k, {"headline": headline,
                                  "detail": "两个话题的讨论者都关注落地成本与可靠性。",
                                  "cites": [a["notes"]["cites"][0], b["notes"]["cites"][0]]})
    facts = [f for k in range(4) for c in clusters for f in c["notes"]["facts"][k:k + 1]]
    s = data["sentiment"]
    mood = {"label": s["label"], "detail": f"正面 {s.get('positive_pct', 0)}%、负面 {s.get('negative_pct', 0)}%；"
                                           "兴奋来自新产品，警觉来自成本与安全。", "cites": []}

    def bullet(c: dict) -> dict:
        return {"title": c["notes"]["headline"][:60], "text": c["notes"]["summary"], "cites": c["notes"]["cites"][:1]}

    return {
        "overview": overview,
        "trends": trends[:10],
        "mood": mood,
        "core_facts": [{"text": f["text"], "cites": f["cites"]} for f in facts[:10]],
        "viewpoints": [c["notes"]["viewpoint"] for c in clusters if "viewpoint" in c["notes"]][:10],
        "events": [e for c in clusters for e in c["notes"].get("events", [])][:10],
        "markets": [{"title": t["name"][:60], "text": f"{t['symbol']} 被提及 {t['mentions']} 次。",
                     "cites": t["tweet_ids"][:1]} for t in data["tickers"] if t["tweet_ids"]][:8],
        "markets_note": "以上基于社交媒体讨论，不构成投资建议。",
        "ai_analysis": [bullet(c) for c in clusters[:4]],
        "finance_analysis": [bullet(c) for c in (clusters[4:6] or clusters[-1:])],
        "finance_note": "市场讨论来自社交媒体，需结合正式数据核实。",
        "conclusions": [{"title": "关注落地", "text": "建议关注实际工作流中的应用与权限隔离。", "cites": []}],
        "disclaimer": "本报告由模型根据公开推文生成，仅供参考。",
    }


def smart_answer(data: dict[str, Any]) -> dict[str, Any]:
    return honest_map(data) if data["task"] == "map" else honest_reduce(data)


def smart(mutate: Callable[[dict[str, Any], dict[str, Any]], None] | None = None, task: str | None = None):
    """A queue entry answering like the honest model, after ``mutate(answer, data)``.

    With ``task`` ("map"/"reduce") the entry waits in the queue for the next request of that kind
    (requests of the other kind get plain honest answers meanwhile).
    """
    def reply(req: dict[str, Any], data: dict[str, Any]) -> Reply:
        answer = smart_answer(data)
        if mutate is not None:
            mutate(answer, data)
        return Reply(content=json.dumps(answer, ensure_ascii=False))
    reply.task = task  # type: ignore[attr-defined]
    return reply


def tokens(text: str) -> int:
    """A tokenizer-like count: one per CJK character, one per 4 other characters."""
    cjk = len(re.findall(r"[\u3000-\u9fff\uff00-\uffef]", text))
    return cjk + (len(text) - cjk + 3) // 4


STYLES = {
    "plain": lambda body: body,
    "fenced": lambda body: "好的，以下是分析结果：\n```json\n" + body + "\n```\n希望有帮助。",
    "think": lambda body: "<think>\n先看数据 {\"draft\": true}，再逐条引用……\n</think>\n\n" + body,
    "prose": lambda body: "Here is the JSON you asked for:\n" + body,
}


class FakeLLM:
    def __init__(self) -> None:
        self.queue: list[Reply | Callable[[dict[str, Any], dict[str, Any]], Reply]] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.models = ["fake-model"]
        self.api_key: str | None = None  # when set, other keys get 401
        self.times: list[float] = []
        self.style = "plain"  # how the content wraps the JSON: plain | fenced | think | prose
        self.reasoning_content = False  # also send a (misleading) reasoning_content field
        self.thought_tokens = 0  # thoughts charged against max_tokens / max_completion_tokens
        self.reject_formats: dict[str, int] = {}  # response_format type -> HTTP status it is refused with
        self.usage_factor = 1.0  # prompt tokens the provider charges per token of our own count
        # without server-side json_schema, only a schema in the prompt gives the shape
        self.needs_schema_in_prompt = True
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def options(self, **extra: Any) -> dict[str, Any]:
        return {"base_url": self.url, "model": "fake-model", "backoff_base": 0.01, "timeout": 5,
                "now": datetime(2026, 1, 27, 20, 0, tzinfo=timezone(timedelta(hours=8))), **extra}

    def next_reply(self, req: dict[str, Any]) -> Reply:
        data = request_data(req)
        with self._lock:
            self.requests.append(req)
            self.times.append(time.monotonic())
            entry = smart()
            for k, queued in enumerate(self.queue):
                if getattr(queued, "task", None) in (None, data["task"]):
                    entry = self.queue.pop(k)
                    break
        return entry if isinstance(entry, Reply) else entry(req, data)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                raw = json.dumps(body, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
                self._send(status, {"error": {"message": message, "type": "error", "code": status}}, headers)

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in fake.models]})
                else:
                    self._error(404, "not found")

            def do_POST(self) -> None:
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._error(404, "not found")
                req = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                if fake.api_key and self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                    return self._error(401, "Incorrect API key provided")
                if req.get("model") not in fake.models:
                    return self._error(404, f"The model `{req.get('model')}` does not exist")
                rf = (req.get("response_format") or {}).get("type", "none")
                if rf in fake.reject_formats:
                    with fake._lock:
                        fake.requests.append(req)
                    return self._error(fake.reject_formats[rf], "Failed to deserialize the JSON body into the target "
                                       f"type: response_format: unknown variant `{rf}`")
                reply = fake.next_reply(req)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    return self._error(reply.status, reply.error or f"status {reply.status}", reply.headers)
                content, finish = reply.content, reply.finish_reason
                if content is None:
                    answer = smart_answer(request_data(req))
                    user = next(m["content"] for m in req["messages"] if m["role"] == "user")
                    told = rf == "json_schema" or '"additionalProperties":false' in user
                    if fake.needs_schema_in_prompt and not told:
                        answer = {"analysis": answer}  # a model that was never told the shape
                    content = STYLES[fake.style](json.dumps(answer, ensure_ascii=False))
                cap = req.get("max_completion_tokens") or req.get("max_tokens") or 10 ** 9
                room = cap - fake.thought_tokens
                if tokens(content) > room:  # the thoughts and the answer share the cap
                    content, finish = content[: max(room, 0) // 2], "length"
                message = {"role": "assistant", "content": content}
                if fake.reasoning_content:
                    message["reasoning_content"] = '{"overview": "HACKED 1999-01-01", "trends": []}'
                prompt = int(sum(tokens(m["content"]) for m in req["messages"]) * fake.usage_factor)
                out = tokens(content) + fake.thought_tokens
                self._send(200, {
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": req["model"],
                    "choices": [{"index": 0, "finish_reason": finish, "message": message}],
                    "usage": {"prompt_tokens": prompt, "completion_tokens": out, "total_tokens": prompt + out},
                }, reply.headers)

        return Handler

    def start(self) -> FakeLLM:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_llm(monkeypatch):
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        monkeypatch.delenv(var, raising=False)
    fake = FakeLLM().start()
    yield fake
    fake.stop()


# -- a hand-built Analysis ----------------------------------------------------------------------
LABELS = ["Claude Code / 智能体", "Kimi K2.5 多模态", "GPU 算力紧张", "LTX-2 视频生成", "Agent 安全",
          "开源模型评测", "AI 编程工具", "机器人与自动化", "AI 与就业", "RAG 知识库"]


def make_analysis(clusters: int = 3, per_cluster: int = 4, extra: dict[int, str] | None = None,
                  text_len: int = 0) -> Analysis:
    """``clusters`` trends of ``per_cluster`` tweets each on 2026-01-27 (Asia/Shanghai); ``extra``
    overrides tweet texts by running number; ``text_len`` pads texts to that many characters."""
    period = Period(date(2026, 1, 27), date(2026, 1, 27), "Asia/Shanghai")
    tweets: dict[str, Tweet] = {}
    trends: list[Trend] = []
    base = datetime(2026, 1, 26, 17, 0, tzinfo=UTC)  # 01:00 on the 27th, Shanghai
    n = 0
    for c in range(clusters):
        ids = []
        for k in range(per_cluster):
            n += 1
            tid = str(1_900_000_000_000_000_000 + n)
            text = (extra or {}).get(n) or f"{LABELS[c % len(LABELS)]} 第{k + 1}条讨论：新版本发布，开发者反馈积极 #{n}"
            if text_len and len(text) < text_len:
                text = (text + " 详细说明" * text_len)[:text_len]
            tweets[tid] = Tweet(id=tid, text=text, created_at=base + timedelta(minutes=3 * n),
                                author_id=f"u{n % 7}", author_handle=f"user{n % 7}", lang="zh",
                                like_count=100 - (n % 50), retweet_count=n % 9, cashtags=["NVDA"] if c == 2 else [])
            ids.append(tid)
        trends.append(Trend(label=LABELS[c % len(LABELS)], keywords=[f"kw{c}", "AI"], tweet_ids=ids, size=len(ids),
                            authors=min(len(ids), 7), engagement=sum(tweets[i].engagement for i in ids),
                            first_seen=tweets[ids[0]].created_at,
                            sentiment=Sentiment(positive=2, negative=1, neutral=max(len(ids) - 3, 0), label="兴奋"),
                            change=Change("rising", 1, len(ids))))
    total = len(tweets)
    gpu = trends[2].tweet_ids if clusters > 2 else []
    return Analysis(
        topic_name="ai", topic_title="Ai", period=period,
        stats=Stats(in_range=total + 5, relevant=total, after_dedup=total, duplicates=2, retweets=3, authors=7,
                    languages={"zh": total}, per_day={"2026-01-27": total}, previous_relevant=max(total // 2, 1)),
        tweets=tweets, ranked=list(tweets), trends=trends,
        sentiment=Sentiment(positive=total // 2, negative=total // 4, neutral=total - total // 2 - total // 4,
                            score=0.2, label="兴奋+警觉", method="test"),
        tickers=[TickerStat(symbol="NVDA", kind="stock", name="英伟达 (NVDA)", mentions=len(gpu), tweet_ids=list(gpu))]
        if gpu else [],
        events=[Event(when=tweets[trends[0].tweet_ids[0]].created_at, kind="release", summary="新版本发布",
                      tweet_ids=trends[0].tweet_ids[:1])],
        word_freqs={"智能体": 3.0, "GPU": 2.0},
        scores={i: 1.0 for i in tweets},
        tweet_sentiment={i: 0.1 for i in tweets},
    )
