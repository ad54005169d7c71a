"""A stand-in parser with predictable output, so ingest tests control exactly what gets stored.

Each line `Q|speaker|org|title|quote text` of an article becomes one quote; an article containing
PARSER-BOOM raises, as a parser bug would, and one containing PARSER-HANG never returns. FAKE_PARSE_DELAY (seconds) slows each article down.
It never loads Kiwi, so processes using it start fast.
"""
from __future__ import annotations

import os
import time

from attribution.model import ParsedArticle, Quote


def fake_parse(raw: str) -> ParsedArticle:
    if "PARSER-BOOM" in raw:
        raise RuntimeError("boom")
    while "PARSER-HANG" in raw:  # a parse that never ends, as a quadratic one on a hostile file seems to
        time.sleep(0.05)
    delay = float(os.environ.get("FAKE_PARSE_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)
    quotes = []
    offset = 0
    for line in raw.splitlines(keepends=True):
        if line.startswith("Q|"):
            _, speaker, org, title, text = line.rstrip("\n").split("|", 4)
            start = offset + line.index(text)
            quotes.append(Quote(
                text=text, start=start, end=start + len(text), speaker=speaker or None,
                speaker_type="person" if speaker else "unknown", title=title or None, org=org or None,
                verb="말했다", resolution="same_sentence", confidence=0.8, sentence=line.strip(),
            ))
        offset += len(line)
    return ParsedArticle(text=raw, quotes=tuple(quotes))


def article(n: int, quotes: int = 2, speaker: str = "홍길동", org: str = "행정안전부") -> str:
    """Article number n with `quotes` quotes (distinct text per article, so distinct hashes)."""
    lines = [f"기사 제목 {n}", "2025-12-17"]
    lines += [f"Q|{speaker}|{org}|장관|정부는 {n}번째 기사에서 {i}번째로 말했다" for i in range(quotes)]
    return "\n".join(lines) + "\n"


def crashing_parse(raw: str) -> ParsedArticle:
    """fake_parse, except that PARSER-CRASH kills the whole process, as a crash in native code would."""
    if "PARSER-CRASH" in raw:
        os.kill(os.getpid(), 9)
    return fake_parse(raw)


def crashing_real_parse(raw: str) -> ParsedArticle:
    """The real parser, except that PARSER-CRASH kills the whole process."""
    if "PARSER-CRASH" in raw:
        os.kill(os.getpid(), 9)
    import attribution

    return attribution.parse_text(raw)


def one_more_quote(raw: str) -> ParsedArticle:
    """fake_parse as a newer parser version would: one more quote per article (the first two characters)."""
    parsed = fake_parse(raw)
    extra = parsed.quotes[0].__class__(**{**parsed.quotes[0].to_dict(), "text": raw[:2], "start": 0, "end": 2,
                                          "stance_secondary": (), "evidence": ()})
    return parsed.__class__(text=parsed.text, quotes=parsed.quotes + (extra,))


def first_quote_only(raw: str) -> ParsedArticle:
    """fake_parse as a newer parser version would: only the first quote of each article."""
    parsed = fake_parse(raw)
    return parsed.__class__(text=parsed.text, quotes=parsed.quotes[:1])


def all_but_first_quote(raw: str) -> ParsedArticle:
    """fake_parse as a newer parser version would: it no longer finds the first quote."""
    parsed = fake_parse(raw)
    return parsed.__class__(text=parsed.text, quotes=parsed.quotes[1:])


def finds_nothing(raw: str) -> ParsedArticle:
    """A parser version that finds no quote at all."""
    return ParsedArticle(text=raw, quotes=())
