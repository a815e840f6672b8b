"""Stage 5, trends as *stories* (the default ``stories`` stage): who did what.

Names and event triggers first, text similarity second:

1. **Names.** Each deduplicated tweet's names (known names of the user dictionary, capitalised
   and versioned Latin names, also right after CJK: ``events.name_spans``). A capitalised common
   word is not a name: a single word the period's texts also write in lower case (``Wow``,
   ``Watch``) or capitalise only at a sentence start (``Heads up``) is dropped, unless the
   dictionary or the topic's keywords know it; so are chat abbreviations and technical concepts
   (``names.py``, ``data/not_names_en.txt``, ``data/generic_terms.txt``). A topic keyword in more
   than ``TOPIC_SHARE`` of the tweets is the topic itself, not a story. One key per spelling
   (``names.spellings``: gpt-image2 = gptimage2 = image2).
2. **Key name.** A tweet's story key is its development's name when it states one
   (``developments.develop``: launch, funding, hire, outage, price...), else its most
   frequent name; a name inside a longer name of the same tweet gives way to it (``Claude`` in
   ``Claude Code``), so two products of one company are two stories.
3. **Stories.** Tweets with the same key form a story; zh and en tweets write Latin names alike,
   so the halves of one story meet. A key contained in a longer one (``Fable 5`` / ``Claude
   Fable 5``) joins it unless it is the longer one's brand word; two stories whose tweets name
   each other's key (>= ``TIE`` of the smaller, and some of the larger) are tied and merge.
   A story whose tweets split over developments (a launch and, separately, its usage limits)
   yields one story per development that two tweets of two authors state.
4. **Text second.** Tweets without a key join the story whose TF-IDF centroid is nearest when
   the cosine is at least ``JOIN_SIM``.
5. **New talk.** A word no tweet of the previous period wrote that five authors now write
   ("loops"; ``talk_terms``) is a discussion story of its own, ranked like text clusters.
6. **Filters.** A story needs ``min_size`` tweets from two authors and coherence (mean cosine
   to its centroid, ``MIN_COHERENCE``): a catch-all group is dropped, never shown. Two-tweet
   stories from two authors are spares. ``story_rank.select`` ranks and picks up to 10 (novelty,
   brand diversity, spares filling thin weeks).

Each ``Trend`` carries ``subject`` / ``development`` / ``object`` (the headline's parts, names as
written; ``story_parts``: a maker naming the product leads a launch), ``keywords`` (the story's
distinctive phrases), ``label`` ("subject：object or topic phrase", for LLM writers; never
slash-joined), ``entities`` (its common names and its lead tweet's). ``change`` counts
previous-period tweets naming the key; weak signals come from ``story_rank.weak_signals``.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict

import numpy as np

from tweetbrief.analysis.base import Context, Stage, register_stage
from tweetbrief.analysis.developments import SHIPPED_KINDS, develop, shipped_phrase
from tweetbrief.analysis.events import FAMILY
from tweetbrief.analysis.labels import GENERIC, is_name, make_label
from tweetbrief.analysis.model import Trend
from tweetbrief.analysis.names import (Names, contains, generic_term, looks_like_name, norm, spellings, versioned,
                                       word_runs)
from tweetbrief.analysis.talk_terms import new_talk
from tweetbrief.analysis.story_rank import (PER_BRAND, StoryOptions, author, compare_previous, fold_into, select,
                                           weak_signals)
from tweetbrief.analysis.text import HAN_RE, stopwords, tokenize_many
from tweetbrief.analysis.trends import MIN_COHERENCE, features, min_size
from tweetbrief.analysis.words import surface_forms, word_freqs
from tweetbrief.models import Tweet

TIE = 0.6
JOIN_SIM = 0.3
KIND_SHARE = 5  # a development two tweets and a fifth of a story state is what the story is about
MAX_STORIES = 300  # candidate stories (largest first) that text similarity may join; bounds the work at scale


@register_stage("trends", "stories")
class StoryTrends(Stage):
    description = "the default: stories grouped by named subject and development, text similarity second"
    Options = StoryOptions
    def run(self, ctx: Context) -> None:
        reps = ctx.unique
        texts = [ctx.text_of(t) for t in reps]
        toks = tokenize_many(texts)
        ctx.tokens = {t.id: tk for t, tk in zip(reps, toks)}
        ctx.word_freqs = word_freqs(reps, toks, texts, {t.id: ctx.copies(t.id) for t in reps})
        ctx.weak_signals = []
        if len(reps) < 5:
            return
        names = Names(texts, ctx.topic.keywords)
        devs = [develop(text, spans) for text, spans in zip(texts, names.per_tweet)]
        keys: list[str | None] = []
        tweet_names = [names.names(i) for i in range(len(reps))]
        for i, ks in enumerate(tweet_names):
            d = devs[i]
            key = norm(d.key) if d is not None else None
            if key in names.lowercase and any(k not in names.lowercase for k in ks):
                key = None  # a capitalised name beats a lower-case word of a Chinese text
            if key not in ks:
                # a versioned name Chinese texts write in lower case ("image2", "qwen3.6") is the product
                key = max(ks, key=lambda k: (versioned(k) and k in names.lowercase and names.df[k] >= 3,
                                             k not in names.lowercase, names.df[k], -ks.index(k))) if ks else None
            keys.append(key if key and names.df[key] >= 2 else None)
        groups: dict[str, list[int]] = defaultdict(list)
        for i, k in enumerate(keys):
            if k:
                groups[k].append(i)
        groups = merge_groups(spellings(groups), tweet_names)
        floor = min_size(len(reps))
        stories = split_developments(groups, devs, floor, reps)
        X, vec = vectorise(toks)
        stories = sorted((st for st in stories if len(st[1]) >= max(2, floor - 1)),
                         key=lambda st: -len(st[1]))[:MAX_STORIES]
        if X is not None:
            join_by_text(stories, X, len(reps))
        built: list[Trend] = []
        spare: list[Trend] = []  # two-tweet stories from two authors: they fill slots the week leaves empty
        keys_of: dict[int, str] = {}  # story -> the name key its tweets share (for the previous period)
        for key, rows, kind in stories:
            if len({author(reps[i]) for i in rows}) < 2:
                continue
            if X is not None and coherence(X, rows) < MIN_COHERENCE:
                continue  # a catch-all: the tweets share a word, not a story
            trend = make_trend(ctx, reps, texts, toks, rows, key, kind, names, devs)
            keys_of[id(trend)] = key
            (built if len(rows) >= floor else spare).append(trend)
        talk: set[int] = set()  # stories from the text clusters: no name of their own
        for chat in discussions(ctx, reps, {i for _, rows, _ in stories for i in rows}, floor, names):
            lead = norm(chat.subject)
            same = next((t for t in built if lead == norm(t.subject) or contains(lead, norm(t.subject))), None)
            if same is None:
                built.append(chat)
                talk.add(id(chat))
            else:  # the talk about a story's name belongs to that story
                fold_into(ctx, same, chat, {t.id: i for i, t in enumerate(reps)})
        held = {i for _, rows, _ in stories for i in rows}
        for chat in new_talk(ctx, reps, texts, toks, names, devs, built + spare, X, held):  # new words, no name
            built.append(chat)
            talk.add(id(chat))
        if ctx.previous:
            compare_previous(ctx, built + spare, keys_of)
        top, rest = select(built, spare, talk, getattr(self.options, "per_brand", PER_BRAND))
        ctx.trends = top
        ctx.weak_signals = weak_signals(rest)


def merge_groups(groups: dict[str, list[int]], tweet_names: list[list[str]]) -> dict[str, list[int]]:
    """Join a key into a longer key containing it (not its brand word) and tied keys. Linear in
    the tweets: containment through an index of word runs, ties through each group's mentions."""
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    target = {k: k for k in order}

    def root(k):
        while target[k] != k:
            k = target[k]
        return k

    inside: dict[str, list[str]] = defaultdict(list)  # word run -> longer keys holding it, largest first
    for k in order:
        for g in word_runs(k):
            if g != k:
                inside[g].append(k)
    for short in sorted(groups, key=lambda k: (len(k), k)):
        longer = inside.get(short, [])
        products = [k for k in longer if k.startswith(short + " ") and not re.search(r"\d", short)]
        for long in longer:
            if long not in products or len(products) == 1:  # a brand alone joins its only product
                target[root(short)] = root(long)
                break
    mentions: dict[str, Counter] = {}

    def mentioned(key: str) -> Counter:  # word runs of the names in the group's tweets, once per tweet
        if key not in mentions:
            mentions[key] = Counter(g for i in groups[key] for g in {g for n in tweet_names[i] for g in word_runs(n)})
        return mentions[key]

    for small in sorted(groups, key=lambda k: (len(groups[k]), k)):
        a, n_small = root(small), len(groups[small])
        for big, c in mentioned(small).most_common():
            if c < TIE * n_small:
                break
            if big not in groups or big == small or len(groups[big]) < n_small or root(big) == a:
                continue
            if contains(big, small) or contains(small, big):
                continue  # a company and its product: separate unless tied by name order
            if mentioned(big)[small] >= 0.25 * len(groups[big]):
                target[a] = root(big)
                break
    out: dict[str, list[int]] = defaultdict(list)
    for k, rows in groups.items():
        out[root(k)].extend(rows)
    return {k: sorted(set(v)) for k, v in out.items()}


def split_developments(groups, devs, floor: int, reps) -> list[tuple[str, list[int], str]]:
    """(key, rows, development kind or "") per story. Launch, release and open-source are one
    family. When a story's tweets hold two families that can each stand alone (floor tweets, two
    authors; e.g. a launch and, separately, its usage limits), the smaller one becomes its own
    story; reviews of a launch stay with the launch. The kind of a story is its dominant one
    (a third of its tweets at least), else "" (discussion)."""
    out = []
    for key, rows in groups.items():
        fam = {i: FAMILY.get(devs[i].kind, devs[i].kind) for i in rows if devs[i] is not None}
        launch = FAMILY.get("launch")
        counts = sorted(Counter(fam.values()).items(), key=lambda c: (-c[1], c[0] != launch))  # a launch wins ties
        rest = list(rows)
        if len(counts) >= 2:
            for family, n in counts[1:]:
                mine = [i for i in rest if fam.get(i) == family]
                alone = n >= max(2, floor - 1) and len({author(reps[i]) for i in mine}) >= 2  # may fill a slot
                if alone and len(rest) - len(mine) >= floor:
                    out.append((key, mine, dominant_kind(mine, devs)))
                    taken = set(mine)
                    rest = [i for i in rest if i not in taken]
        kind = dominant_kind(rest, devs)
        fam_of = FAMILY.get(kind, kind)
        same = sum(devs[i] is not None and FAMILY.get(devs[i].kind, devs[i].kind) == fam_of for i in rest)
        share = KIND_SHARE * (3 if FAMILY.get(kind, kind) == FAMILY.get("launch") else 1)  # the rest react to a launch
        out.append((key, rest, kind if same * 3 >= len(rest) or (same >= 2 and same * share >= len(rest)) else ""))
    return out


def dominant_kind(rows: list[int], devs) -> str:
    kinds = Counter(devs[i].kind for i in rows if devs[i] is not None).most_common(1)
    return kinds[0][0] if kinds else ""


def vectorise(toks: list[list[str]]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=features, min_df=2, max_df=0.5, sublinear_tf=True, dtype=np.float32)
    try:
        return vec.fit_transform(toks), vec
    except ValueError:
        return None, None


def coherence(X, rows: list[int]) -> float:
    sub = X[rows]
    centre = np.asarray(sub.mean(axis=0)).ravel()
    unit = centre / (np.linalg.norm(centre) or 1.0)
    return float(np.asarray(sub @ unit).ravel().mean())


def join_by_text(stories: list, X, n: int) -> None:
    """Tweets in no story join the one with the nearest centroid (cosine >= JOIN_SIM)."""
    if not stories:
        return
    taken = np.zeros(n, dtype=bool)
    for _, rows, _ in stories:
        taken[rows] = True
    free = np.flatnonzero(~taken & (X.getnnz(axis=1) > 0))
    if not len(free):
        return
    C = np.vstack([np.asarray(X[rows].mean(axis=0)).ravel() for _, rows, _ in stories])
    C /= np.maximum(np.linalg.norm(C, axis=1, keepdims=True), 1e-9)
    sims = np.asarray(X[free] @ C.T)
    best = sims.argmax(axis=1)
    for r, c, s in zip(free, best, sims[np.arange(len(free)), best]):
        if s >= JOIN_SIM:
            stories[int(c)][1].append(int(r))
    for _, rows, _ in stories:
        rows.sort()


def make_trend(ctx, reps, texts, toks, rows, key, kind, names: Names, devs) -> Trend:
    members = [reps[i] for i in rows]  # rank order (rows ascending over ranked reps)
    everyone = [ctx.get(i) for t in members for i in ctx.groups.get(t.id, [t.id])]
    subject, obj = names.display.get(key, key), ""
    if kind:
        subject, obj, kind = story_parts(rows, devs, key, kind, subject, [texts[i].lower() for i in rows])
        if norm(subject) == key:
            subject = names.display.get(key, subject)  # the period's spelling ("Codex"), not one tweet's
    terms = phrases(rows, toks, texts, key)
    counts = Counter(n for i in rows for n in names.names(i))
    ents = [names.display.get(k, k) for k, c in counts.most_common(6) if c >= 2 or len(rows) < 6][:5]
    others = [e for e in ents if norm(e) != key and not contains(norm(e), key) and not contains(key, norm(e))]
    key_words = set(key.split(" "))
    spoken = [p for p in terms if norm(p) != key and not contains(norm(p), key) and not contains(key, norm(p))
              and not key_words & set(norm(p).split(" "))
              and norm(p) not in names.bad and (" " in p or HAN_RE.search(p) or p not in stopwords())]
    ranked = [p for p in spoken if " " in p.strip() or (HAN_RE.search(p) and len(p) >= 3)] + others + spoken
    blob = " ".join(" ".join(texts[i].split()) for i in rows[:50]).lower()
    for p in ranked[:3]:
        # "OpenAI" + "Foundation": one name, as written
        if not kind and p[:1].isupper() and is_name(p) and f"{subject} {p}".lower() in blob:
            subject = f"{subject} {p}"
            ranked = [q for q in ranked if q != p]
            break
    topic = (ranked + [""])[0]
    if kind in SHIPPED_KINDS and not obj:  # "Claude Code ships an update" hides what shipped
        obj = shipped_phrase([texts[i] for i in rows[:50]], [author(reps[i]) for i in rows[:50]], subject)
    if not kind:  # a discussion's second name: a name two of its authors write, never a common word
        writers: dict[str, set[str]] = defaultdict(set)
        for i in rows:
            for n in names.names(i):
                writers[n].add(author(reps[i]))
        obj = next((e for e in others if norm(e) not in names.bad and norm(e) != norm(subject)
                    and not contains(norm(e), norm(subject)) and looks_like_name(e)
                    and len(writers[norm(e)]) >= 2), "")
    second = obj if obj and kind not in FIGURE_KINDS else topic
    if norm(second) == norm(subject):
        second = ""
    return Trend(
        label=f"{subject}：{second}" if second else subject,
        keywords=list(dict.fromkeys([subject, *terms]))[:8],
        tweet_ids=[t.id for t in members],
        size=len(members),
        authors=len({author(t) for t in members}),
        engagement=int(sum(ctx.engagement.get(t.id, t.engagement) for t in members)),
        first_seen=min(t.created_at for t in everyone),
        entities=list(dict.fromkeys(ents + lead_names(ctx, reps, rows, names)))[:8],
        folded=len(everyone) - len(members),
        subject=subject,
        development=kind,
        object=obj,
    )


NO_OBJECT = ("launch", "limit", "outage")  # "<product> launches", "<product> changes usage limits"
NO_MAKER = ("limit", "outage")  # a product's own limits or outage: no "<maker> <verb> <product>" pair
FIGURE_KINDS = ("funding", "price_up", "price_down")  # their object is a figure of the tweet ("$6M seed", "15%")


def lead_names(ctx, reps, rows: list[int], names: Names) -> list[str]:
    """Names of the story's most engaged tweet (its lead), as written: what the lead is about."""
    lead = max(rows[:50], key=lambda i: ctx.engagement.get(reps[i].id, reps[i].engagement))
    return [names.display.get(k, k) for k in names.names(lead)]


def story_parts(rows, devs, key: str, kind: str, subject: str, lowered: list[str]) -> tuple[str, str, str]:
    """(subject, object, kind) of a story's headline from its tweets' developments of its family.
    A maker naming the story's product ("北极星智能开源 Polaris-K2.5") wins over the product
    alone ("Polaris-K2.5 is out"); the product alone has no second name. Any other object must
    be a name two of the story's tweets write (one stray word is not what happened)."""
    fam = FAMILY.get(kind, kind)
    mine = [devs[i] for i in rows if devs[i] is not None and FAMILY.get(devs[i].kind, devs[i].kind) == fam]
    makers = [d for d in mine if fam not in NO_MAKER and d.subject and d.object and norm(d.subject) != key
              and (norm(d.object) == key or contains(key, norm(d.object)))]
    if makers:
        best = Counter(norm(d.subject) for d in makers).most_common(1)[0][0]
        chosen = [d for d in makers if norm(d.subject) == best]
        kinds = Counter(d.kind for d in chosen).most_common(1)[0][0]
        return chosen[0].subject, chosen[0].object, kinds
    pairs = Counter((d.subject, d.object) for d in mine if d.kind == kind)
    (s, o), _ = pairs.most_common(1)[0] if pairs else (("", ""), 0)
    if s and (norm(s) == key or contains(key, norm(s))):
        subject = s  # "<the product> is out": no second product
    if kind in FIGURE_KINDS:
        return subject, o if o and norm(o) != key else "", kind
    if fam in NO_OBJECT or not o or norm(o) == key or sum(o.lower() in t for t in lowered) < 2:
        return subject, "", kind
    return subject, o, kind


def phrases(rows, toks, texts, key) -> list[str]:
    """The story's distinctive words and word pairs, as its tweets write them (names first)."""
    inside: Counter[str] = Counter()
    for i in rows:
        inside.update(set(features(toks[i])))
    n = len(rows)
    cands = [w for w, c in inside.most_common(60) if c >= max(2, 0.25 * n)
             and not all(p in GENERIC or len(p) < 2 or p.isdigit() for p in w.split(" "))]
    key_words = set(key.split(" "))
    cands = [w for w in cands if not set(w.split(" ")) <= key_words]
    story_texts = [texts[i] for i in rows[:50]]
    display = surface_forms(story_texts, cands)
    return [p for p in make_label(cands, display, story_texts) if "/" not in p] + \
        [display.get(w, w) for w in cands[:8] if "/" not in w]


def known(names: Names, word: str) -> bool:
    """A single word is a name of the period: its name statistics have it and do not reject it."""
    k = norm(word)
    return names.df[k] >= 2 and k not in names.bad


def discussions(ctx: Context, reps: list[Tweet], taken: set[int], floor: int, names: Names) -> list[Trend]:
    """Themes among the tweets no named story holds: the phrase-anchored TF-IDF clusters of the
    ``tfidf`` stage (``trends.py``) over the rest, as discussion stories "subject: topic"."""
    from tweetbrief.analysis.trends import DefaultTrends

    rest = [t.id for i, t in enumerate(reps) if i not in taken]
    if len(rest) < 5:
        return []
    sub = copy.copy(ctx)
    sub.ranked, sub.groups = rest, {i: ctx.groups.get(i, [i]) for i in rest}
    sub.previous, sub.prev_relevant = [], []
    stage = DefaultTrends()
    stage.require_name = False  # talk without a product name ("中转站", "AI 味") is a story too
    stage.run(sub)
    out = []
    for t in sub.trends:
        parts = [p.strip() for p in t.label.split(" / ") if p.strip()]
        if not parts or t.size < floor + 1:
            continue
        if generic_term(norm(parts[0])):
            continue  # a concept ("Vibe Coding", "UI"), not who did something
        if not (len(HAN_RE.findall(parts[0])) >= 3 or (is_name(parts[0]) and looks_like_name(parts[0])
                                                        and (" " in parts[0] or known(names, parts[0])))):
            continue  # a nameless theme needs a specific phrase ("中转站") or a name, not a common word ("Either")
        t.subject = parts[0]
        second = parts[1] if len(parts) > 1 else ""
        t.object = second if second and known(names, second) and looks_like_name(second) else ""
        t.label = "：".join(parts[:2])
        t.keywords = [k for k in t.keywords if "/" not in k]
        out.append(t)
    return out


__all__ = ["StoryTrends", "merge_groups", "story_parts"]
