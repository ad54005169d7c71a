"""Store scale check: build a synthetic database of N quotes, then time the viewer's queries.

    python benchmarks/bench_store.py --quotes 1000000 --db /tmp/bench.db   # builds once, then reuses
Prints seconds per query; the viewer needs quote_ids/speaker_ids well under a second at 1M quotes.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db import QuoteFilter, Store  # noqa: E402

WORDS = "정부 대통령 국회 예산 법안 현장 지원 확대 추진 강화 경제 산업 지역 청년 일자리 기업 투자 교육 복지 안전".split()
ORGS = ["행정안전부", "국방부", "기획재정부", "서울시", "삼성전자", "더불어민주당", "국민의힘", "한국은행", None]
VERBS = ["말했다", "밝혔다", "강조했다", "설명했다", "지적했다"]
STANCES = ["commitment", "criticism", "assessment", "request", None]


def build(path: Path, quotes: int, per_article: int = 10, speakers: int = 20000) -> None:
    rng = random.Random(7)
    names = [f"인물{i:05d}" for i in range(speakers)]
    started = time.perf_counter()
    with Store.open(path) as store:
        n_articles = quotes // per_article
        for a in range(n_articles):
            if a % 500 == 0:
                if a:
                    tx.__exit__(None, None, None)  # noqa: F821
                tx = store.batch()
                tx.__enter__()
                print(f"\r{a * per_article}/{quotes} quotes", end="", file=sys.stderr)
            qs = []
            for i in range(per_article):
                words = rng.sample(WORDS, 4)
                text = f"{words[0]}는 {words[1]}을 {words[2]}하고 {words[3]}에 나서겠다"
                speaker = names[int(rng.paretovariate(0.5)) % speakers] if rng.random() > 0.1 else None
                qs.append({
                    "text": text, "start": i * 100, "end": i * 100 + len(text), "speaker": speaker,
                    "speaker_type": "person", "title": rng.choice(["장관", "차관", "대표", None]),
                    "org": ORGS[hash(speaker) % len(ORGS)] if speaker else None, "verb": rng.choice(VERBS),
                    "resolution": "same_sentence", "confidence": rng.random(), "needs_review": rng.random() < 0.05,
                    "stance": rng.choice(STANCES),
                })
            month = 1 + a % 12
            store.add_parsed_article(source_path=f"/news/{a}.txt", text=f"기사 {a}", quotes=qs,
                                     meta={"headline": f"제목 {a}", "published": f"20{15 + a % 10}-{month:02d}-{1 + a % 28:02d}"})
        tx.__exit__(None, None, None)
    print(f"\nbuilt {quotes} quotes in {time.perf_counter() - started:.1f}s", file=sys.stderr)


def timed(label: str, fn) -> None:
    started = time.perf_counter()
    result = fn()
    size = len(result) if hasattr(result, "__len__") else result
    print(f"{time.perf_counter() - started:8.3f}s  {label}  -> {size}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quotes", type=int, default=1_000_000)
    ap.add_argument("--db", default="/tmp/balheon-bench.db")
    args = ap.parse_args()
    path = Path(args.db)
    if not path.exists():
        build(path, args.quotes)
    with Store.open(path, readonly=True) as s:
        top = s.speaker_ids()[0]
        timed("load Kiwi (first search only)", lambda: s.quote_count(QuoteFilter(query="워밍업")))
        timed("quote_count(all)", lambda: s.quote_count(QuoteFilter()))
        timed("quote_ids(all, date desc)", lambda: s.quote_ids(QuoteFilter()))
        timed("quote_ids(all, speaker)", lambda: s.quote_ids(QuoteFilter(), sort="speaker"))
        timed("quote_ids(top speaker)", lambda: s.quote_ids(QuoteFilter(speaker_ids=(top,))))
        timed("quote_ids(org)", lambda: s.quote_ids(QuoteFilter(org="국방부")))
        timed("quote_ids(verb+stance)", lambda: s.quote_ids(QuoteFilter(verb="지적했다", stance="criticism")))
        timed("quote_ids(since 2024)", lambda: s.quote_ids(QuoteFilter(since="2024-01-01")))
        timed("quote_ids(query 정부)", lambda: s.quote_ids(QuoteFilter(query="정부")))
        timed("quote_ids(query 정부 예산)", lambda: s.quote_ids(QuoteFilter(query="정부 예산")))
        timed("quote_ids(query substring)", lambda: s.quote_ids(QuoteFilter(query="겠다 x")))
        timed("quote_ids(needs_review)", lambda: s.quote_ids(QuoteFilter(needs_review=True)))
        timed("speaker_ids()", lambda: s.speaker_ids())
        timed("speaker_ids('인물01')", lambda: s.speaker_ids("인물01"))
        timed("speaker_ids(sort=name)", lambda: s.speaker_ids(sort="name", descending=False))
        ids = s.quote_ids(QuoteFilter())[:200]
        timed("quote_rows(200)", lambda: s.quote_rows(ids))
        timed("orgs/verbs/stances", lambda: s.orgs() + s.verbs() + s.stances())
        timed("stance_mix(top)", lambda: s.stance_mix(top))


if __name__ == "__main__":
    main()
