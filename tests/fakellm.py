"""A loopback OpenAI-compatible server for the LLM writer tests (real HTTP, no network).

    def test_x(fake_llm):
        fake_llm.queue += [Reply(status=429, headers={"Retry-After": "1"})]   # scripted first replies
        report = OpenAIWriter().write(analysis, fake_llm.options())             # then the smart default

The default reply is a "smart" model: it reads the fenced JSON data of the request and answers a
valid ClusterNotes (map) or ReportDraft (reduce) that cites ids from that data. Queue entries are
``Reply`` objects or callables ``(request_json, data) -> Reply``; ``smart(mutate)`` makes a callable
that answers like the smart model after ``mutate(answer_dict, data)``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

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


def smart_answer(data: dict[str, Any]) -> dict[str, Any]:
    start = data["period"]["start"]
    if data["task"] == "map":
        ids = [t["id"] for t in data["tweets"]]
        label = data["cluster"]["label"]
        return {
            "headline": f"{label} 成为焦点", "summary": f"围绕 {label} 的讨论集中在新产品与应用。", "cites": ids[:2],
            "viewpoint": {"title": f"{label} 加速落地", "summary": "多位作者认为该方向正在进入实际工作流。",
                          "impact": "降低使用门槛。", "cites": ids[:1]},
            "facts": [{"text": f"{label} 相关推文提到新版本发布。", "cites": ids[:1]}],
            "events": [{"date": start, "event": f"{label} 新版本发布", "impact": "开发者开始试用。", "cites": ids[:1]}],
        }
    clusters = data["clusters"]
    first = clusters[0]["notes"]["cites"][:1] if clusters else []
    bullet = lambda c: {"title": c["label"][:20], "text": c["notes"]["summary"], "cites": c["notes"]["cites"][:1]}
    return {
        "overview": f"本期共 {data['stats']['relevant']} 条相关推文，讨论集中在以下趋势。",
        "trends": [{"headline": c["notes"]["headline"], "detail": c["notes"]["summary"], "cites": c["notes"]["cites"][:2]}
                   for c in clusters],
        "mood": {"label": data["sentiment"]["label"], "detail": "兴奋与警觉并存。", "cites": first},
        "core_facts": [{"text": c["notes"]["summary"], "cites": c["notes"]["cites"][:1]} for c in clusters],
        "viewpoints": [{**c["notes"]["viewpoint"]} for c in clusters if "viewpoint" in c["notes"]],
        "events": [e for c in clusters for e in c["notes"].get("events", [])][:10],
        "markets": [{"title": t["name"][:60], "text": f"{t['symbol']} 被提及 {t['mentions']} 次。", "cites": t["tweet_ids"][:1]}
                    for t in data["tickers"]],
        "markets_note": "以上基于社交媒体讨论。",
        "ai_analysis": [bullet(c) for c in clusters[:3]],
        "finance_analysis": [],
        "finance_note": "",
        "conclusions": [{"title": "关注落地", "text": "建议关注实际工作流中的应用。", "cites": []}],
        "disclaimer": "本报告由模型根据公开推文生成，仅供参考。",
    }


def smart(mutate: Callable[[dict[str, Any], dict[str, Any]], None] | None = None, task: str | None = None):
    """A queue entry answering like the smart model, after ``mutate(answer, data)``.

    With ``task`` ("map"/"reduce") the entry waits in the queue for the next request of that kind
    (requests of the other kind get plain smart answers meanwhile).
    """
    def reply(req: dict[str, Any], data: dict[str, Any]) -> Reply:
        answer = smart_answer(data)
        if mutate is not None:
            mutate(answer, data)
        return Reply(content=json.dumps(answer, ensure_ascii=False))
    reply.task = task  # type: ignore[attr-defined]
    return reply


class FakeLLM:
    def __init__(self) -> None:
        self.queue: list[Reply | Callable[[dict[str, Any], dict[str, Any]], Reply]] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.models = ["fake-model"]
        self.api_key: str | None = None  # when set, other keys get 401
        self.times: list[float] = []
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
                reply = fake.next_reply(req)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    return self._error(reply.status, reply.error or f"status {reply.status}", reply.headers)
                content = reply.content
                if content is None:
                    content = json.dumps(smart_answer(request_data(req)), ensure_ascii=False)
                prompt = sum(len(m["content"]) for m in req["messages"]) // 3
                self._send(200, {
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": req["model"],
                    "choices": [{"index": 0, "finish_reason": reply.finish_reason,
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": prompt, "completion_tokens": len(content) // 3,
                              "total_tokens": prompt + len(content) // 3},
                }, reply.headers)

        return Handler

    def start(self) -> "FakeLLM":
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
    base = datetime(2026, 1, 26, 17, 0, tzinfo=timezone.utc)  # 01:00 on the 27th, Shanghai
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
