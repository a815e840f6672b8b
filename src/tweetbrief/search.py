"""Full-text search over the stored tweets (Chinese and English), ranked by relevance and engagement.

The index is an SQLite FTS5 table with the **trigram** tokenizer (``tweets_fts``, migration
``m003_create_tweets_fts``). Import does not index (trigram indexing costs ~60 us a tweet, a third of
a 1M-tweet import): ``search_index.upto`` (migration ``m005_defer_search_index``) is the largest rowid
the index holds, and ``search`` first catches the index up (``ensure_index``: the rows above ``upto``,
in one transaction, with progress on stderr past ``PROGRESS_AT`` rows) -- so the first search after
a bulk import pays for it once. Deletes and text updates of indexed rows reach the index through
triggers. On a read-only connection (the MCP server) the catch-up is skipped and the search covers
the indexed rows; ``unindexed`` says how many are left out. Why trigram and not jieba-segmented text:
bench/README.md ("Search").

    hits = search(store.db, "大模型 推理", start=..., end=..., author="alice", limit=20)

A query is words separated by spaces (``"a phrase"`` keeps spaces); every word must occur in the
tweet (case-insensitive, as a substring: ``模型`` finds ``大模型``). Words of three or more
characters use the index; shorter ones (``AI``, ``模型``) are checked with ``LIKE`` on the rows the
longer words (and the date/author filters) leave, or scan the range when a query has only short
words; a short Latin word must be a whole word (``AI`` does not match ``said``).
Without date/author filters, the 1,000 best matches by BM25 are re-ranked (``CANDIDATES``), so
a query over a large archive does not join every match with the tweets table. Ranking: BM25 of the
indexed words times ``1 + 0.2 * ln(1 + engagement)``, engagement = likes + retweets + replies +
quotes (``Tweet.engagement``). Retweets are left out: they repeat
their original's text and counts.
"""

from __future__ import annotations

import math
import re
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tweetbrief.errors import InputError
from tweetbrief.models import Tweet

__all__ = ["SearchHit", "search", "parse_query", "tweet_link", "format_hit", "day_window", "terminal_safe",
           "ENGAGEMENT_WEIGHT", "MAX_LIMIT", "ensure_index", "unindexed"]

ENGAGEMENT_WEIGHT = 0.2
MAX_LIMIT = 200
MIN_INDEXED = 3  # the trigram tokenizer cannot match fewer characters
CANDIDATES = 1000  # unfiltered queries: the best this many by BM25 are re-ranked with engagement
PROGRESS_AT = 50_000  # a catch-up of more rows than this reports progress on stderr
_CHUNK = 100_000  # rows per catch-up statement (all in one transaction)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_ENGAGEMENT = ("(COALESCE(t.like_count,0) + COALESCE(t.retweet_count,0) + COALESCE(t.reply_count,0)"
               " + COALESCE(t.quote_count,0))")
_FIELDS = ("t.id, t.created_ts, t.author_handle, t.author_name, t.text, t.lang, t.like_count, t.retweet_count, "
           "t.reply_count, t.quote_count, t.permalink")


@dataclass(frozen=True)
class SearchHit:
    id: str
    created_at: datetime
    author_handle: str
    author_name: str
    text: str
    lang: str | None
    likes: int
    retweets: int
    replies: int
    quotes: int
    link: str
    score: float

    @property
    def engagement(self) -> int:
        return self.likes + self.retweets + self.replies + self.quotes

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "created_at": self.created_at.isoformat().replace("+00:00", "Z"),
                "author": self.author_handle, "author_name": self.author_name, "text": self.text, "lang": self.lang,
                "likes": self.likes, "retweets": self.retweets, "replies": self.replies, "quotes": self.quotes,
                "engagement": self.engagement, "link": self.link, "score": round(self.score, 4)}


def tweet_link(tweet_id: str, handle: str, permalink: str | None) -> str:
    """The link ``Tweet.url`` gives: the source's permalink, else the x.com status URL ("" without an X id)."""
    return Tweet(id=tweet_id, text="", created_at=_EPOCH, author_handle=handle or "", permalink=permalink).url


def parse_query(query: str) -> list[str]:
    """Words (and quoted phrases), lower-cased, without empties and duplicates."""
    terms: list[str] = []
    for m in _TERM.finditer(query or ""):
        term = " ".join((m.group(1) if m.group(1) is not None else m.group(2)).split()).lower()
        if term and term not in terms:
            terms.append(term)
    return terms


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filters(start: datetime | None, end: datetime | None, author: str | None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if start is not None:
        where.append("t.created_ts >= ?")
        args.append(int(start.timestamp()))
    if end is not None:
        where.append("t.created_ts < ?")
        args.append(int(end.timestamp()))
    if author:
        where.append("t.author_handle = ? COLLATE NOCASE")
        args.append(author.lstrip("@"))
    return where, args


def _rows(db: sqlite3.Connection, terms: list[str], start, end, author,
          candidates: int | None = None) -> sqlite3.Cursor:
    indexed = [t for t in terms if len(t) >= MIN_INDEXED]
    short = [t for t in terms if len(t) < MIN_INDEXED]
    where, args = _filters(start, end, author)
    where.append("t.is_retweet = 0")  # a retweet repeats its original's text and counts
    for term in short:
        where.append("t.text LIKE ? ESCAPE '\\'")
        args.append(_like(term))
    if indexed and candidates:
        # the best ``candidates`` by BM25 alone (FTS5 keeps the top rows without touching the tweets
        # table), then re-ranked with engagement: most of a query's cost at scale is the join
        # (unfiltered only: retweets and short words are checked on the rows, so that every
        # candidate comes back and the caller can tell a full candidate set from a short one)
        sql = (f"WITH c AS (SELECT rowid, bm25(tweets_fts) AS b FROM tweets_fts WHERE tweets_fts MATCH ? "
               f"ORDER BY b LIMIT {int(candidates)}) "
               f"SELECT {_FIELDS}, -c.b * (1.0 + {ENGAGEMENT_WEIGHT} * ln(1 + {_ENGAGEMENT})) AS score, t.is_retweet "
               "FROM c JOIN tweets t ON t.rowid = c.rowid ORDER BY score DESC, t.created_ts DESC, t.id")
        return db.execute(sql, [" AND ".join(_phrase(t) for t in indexed)])
    if indexed:
        sql = (f"SELECT {_FIELDS}, -bm25(tweets_fts) * (1.0 + {ENGAGEMENT_WEIGHT} * ln(1 + {_ENGAGEMENT})) AS score "
               "FROM tweets_fts JOIN tweets t ON t.rowid = tweets_fts.rowid WHERE tweets_fts MATCH ?"
               + "".join(f" AND {w}" for w in where) + " ORDER BY score DESC, t.created_ts DESC, t.id")
        return db.execute(sql, [" AND ".join(_phrase(t) for t in indexed), *args])
    # only short words: no index can help; the date range (indexed column) bounds the scan
    sql = (f"SELECT {_FIELDS}, (1.0 + {ENGAGEMENT_WEIGHT} * ln(1 + {_ENGAGEMENT})) AS score FROM tweets t"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY score DESC, t.created_ts DESC, t.id")
    return db.execute(sql, args)


def _hit(r: tuple) -> SearchHit:
    return SearchHit(id=r[0], created_at=datetime.fromtimestamp(r[1], UTC), author_handle=r[2] or "",
                     author_name=r[3] or "", text=r[4], lang=r[5], likes=r[6] or 0, retweets=r[7] or 0,
                     replies=r[8] or 0, quotes=r[9] or 0, link=tweet_link(r[0], r[2], r[10]), score=float(r[11]))


def _topic_filter(topic) -> Any:
    from tweetbrief.analysis.relevance import TopicMatcher

    matcher = TopicMatcher(topic)

    def keep(hit: SearchHit) -> bool:
        tweet = Tweet(id=hit.id, text=hit.text, created_at=hit.created_at, author_handle=hit.author_handle,
                      lang=hit.lang)
        return matcher.keep(tweet, hit.text, (hit.lang or "").lower())[0]

    return keep


def _word_filter(terms: list[str]):
    """Short Latin words match whole words only (``ai`` not inside ``said``); CJK ones as substrings."""
    words = [t for t in terms if len(t) < MIN_INDEXED and t.isascii() and t.isalnum()]
    if not words:
        return None
    rxs = [re.compile(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", re.I) for w in words]
    return lambda hit: all(rx.search(hit.text) for rx in rxs)


def _keep(terms: list[str], topic):
    checks = [c for c in (_word_filter(terms), _topic_filter(topic) if topic is not None else None) if c]
    if not checks:
        return None
    return lambda hit: all(c(hit) for c in checks)


def search(db: sqlite3.Connection, query: str, *, start: datetime | None = None, end: datetime | None = None,
           author: str | None = None, topic=None, limit: int = 20) -> list[SearchHit]:
    """The best ``limit`` tweets matching every word of ``query`` (see the module doc).

    ``start <= created_at < end`` (aware datetimes); ``author`` a handle; ``topic`` a ``Topic``
    whose keyword relevance a hit must pass."""
    terms = parse_query(query)
    if not terms:
        raise InputError("search: empty query; give one or more words, e.g. tweetbrief search \"大模型 推理\"")
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"--limit {limit}: use 1..{MAX_LIMIT}")
    if not _has_index(db):
        raise InputError("this store has no search index (tweets_fts); open it once with a current tweetbrief "
                         "(for example `tweetbrief import` or `tweetbrief search`) to run the migration")
    try:
        ensure_index(db)
    except sqlite3.OperationalError as err:
        if "readonly" not in str(err).replace("-", "").replace(" ", "").lower():
            raise
        # a read-only store (the MCP server): search the indexed rows; ``unindexed`` counts the rest
    keep = _keep(terms, topic)
    # Unfiltered queries with an indexed word: re-rank the CANDIDATES best by BM25; when filters
    # (words under 3 characters, --topic) leave fewer than ``limit`` of them, rank every match.
    fast = start is None and end is None and not author and any(len(t) >= MIN_INDEXED for t in terms)
    for candidates in ((max(CANDIDATES, 5 * limit), None) if fast else (None,)):
        hits, seen = _collect(db, query, terms, start, end, author, candidates, keep, limit)
        if len(hits) >= limit or candidates is None or seen < candidates:
            break
    return hits


def _collect(db, query, terms, start, end, author, candidates, keep, limit) -> tuple[list[SearchHit], int]:
    hits: list[SearchHit] = []
    seen = 0
    short = [t for t in terms if len(t) < MIN_INDEXED]
    cur = _rows(db, terms, start, end, author, candidates)
    try:
        for batch in iter(lambda: cur.fetchmany(256), []):
            for r in batch:
                seen += 1
                if candidates and (r[12] or not all(t in r[4].lower() for t in short)):
                    continue  # the SQL filters of the full path, on the candidate rows
                hit = _hit(r)
                if keep is not None and not keep(hit):
                    continue
                hits.append(hit)
                if len(hits) >= limit:
                    return hits, seen
    except sqlite3.OperationalError as err:
        raise InputError(f"search: the query {query!r} could not run ({err}); use plain words") from None
    finally:
        cur.close()
    return hits, seen


def _has_index(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'tweets_fts'").fetchone() is not None


def _upto(db: sqlite3.Connection) -> int | None:
    """The largest rowid the index holds; None for a store from before m005 (indexed at every write)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_index'").fetchone() is None:
        return None
    row = db.execute("SELECT upto FROM search_index").fetchone()
    return row[0] if row else 0


def unindexed(db: sqlite3.Connection) -> int:
    """How many stored tweets the search index does not hold yet (imported since the last catch-up)."""
    upto = _upto(db)
    if upto is None:
        return 0
    return db.execute("SELECT COUNT(*) FROM tweets WHERE rowid > ?", (upto,)).fetchone()[0]


def _stderr(done: int, total: int) -> None:
    print(f"search index: {done:,}/{total:,} new tweets indexed", file=sys.stderr, flush=True)


def ensure_index(db: sqlite3.Connection, progress: Callable[[int, int], None] | None = _stderr) -> int:
    """Index the tweets stored since the last catch-up, in one ``BEGIN IMMEDIATE`` transaction (another
    process catching up at the same time waits, then finds nothing to do). Returns how many were
    indexed; ``progress(done, total)`` is called per chunk when there are more than ``PROGRESS_AT``.
    Raises ``sqlite3.OperationalError`` ("readonly") when there is a backlog and the store is read-only."""
    if not unindexed(db):
        return 0  # the usual case: no write at all
    own = not db.in_transaction
    if own:
        db.execute("BEGIN IMMEDIATE")
    try:
        upto = _upto(db) or 0
        top = db.execute("SELECT coalesce(max(rowid), 0) FROM tweets").fetchone()[0]
        total = db.execute("SELECT COUNT(*) FROM tweets WHERE rowid > ?", (upto,)).fetchone()[0]
        done, lo = 0, upto
        while lo < top:
            hi = min(lo + _CHUNK, top)
            done += db.execute("INSERT INTO tweets_fts(rowid, text) SELECT rowid, text FROM tweets "
                               "WHERE rowid > ? AND rowid <= ?", (lo, hi)).rowcount
            lo = hi
            if progress is not None and total > PROGRESS_AT:
                progress(done, total)
        db.execute("UPDATE search_index SET upto = ?", (top,))
        if own:
            db.execute("COMMIT")
    except BaseException:
        if own and db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return done


def engagement_factor(engagement: int) -> float:
    """The ranking's engagement multiplier (for explanations and tests)."""
    return 1.0 + ENGAGEMENT_WEIGHT * math.log1p(max(engagement, 0))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """Tweet text for a terminal: control characters (escape sequences, bidi overrides) removed."""
    return _CONTROL.sub("", text).replace("\n", " ").strip()


def format_hit(hit: SearchHit) -> str:
    """Two lines: time, @author, engagement, link; then the text (indented, one line)."""
    when = hit.created_at.strftime("%Y-%m-%d %H:%M UTC")
    counts = f"likes {hit.likes} retweets {hit.retweets} replies {hit.replies} quotes {hit.quotes}"
    head = f"{when}  @{terminal_safe(hit.author_handle)}  {counts}  {hit.link or '(no link)'}"
    return f"{head}\n    {terminal_safe(hit.text)}"


def day_window(start: date | None, end: date | None, tz: str) -> tuple[datetime | None, datetime | None]:
    """``--from``/``--to`` days (inclusive, timezone ``tz``) -> ``(start_utc, end_utc)``; None = open."""
    zone = ZoneInfo(tz)
    lo = datetime.combine(start, time(0), zone).astimezone(UTC) if start else None
    hi = datetime.combine(end + timedelta(days=1), time(0), zone).astimezone(UTC) if end else None
    return lo, hi
