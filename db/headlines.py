"""A headline quote that the body repeats is one statement: keep the body's, mark it as in the headline.

News headlines quote the lead in short (「김 장관 “부동산 시장 반드시 안정시키겠다”」 over 「김현수 …
장관은 “부동산 시장을 반드시 안정시키겠다”고 말했다」). The parser rightly finds both; stored as two
they count one statement twice in a speaker's record. Here, at storing time, the headline quote is
folded into the body quote with the same words: the body quote (it has the sentence, the reporting
verb and the evidence) is kept with `in_headline` and the headline quote's span, the headline quote
is dropped. Pure functions over the parser's quote dicts; no SQL, no parser change.

"The same words": every word of the headline quote, less its particle or ending (정부는 → 정부,
db.search.query_stem), begins a word of the body quote or is begun by one's stem (안정 / 안정시키겠다);
at least two such words (a one-word headline quote is a slogan more often than a statement). The
speakers must agree (same name and organisation), or the headline quote has none.
"""
from __future__ import annotations

import re
from typing import Iterable

from .common import fold_key
from .search import query_stem

_WORD = re.compile(r"\w+")
MIN_WORDS = 2


def headline_span(text: str, headline: str | None) -> tuple[int, int] | None:
    """Offsets of the headline line in `text` (its first non-empty line, when that is the headline)."""
    if not headline or not text:
        return None
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            start = offset + (len(line) - len(line.lstrip()))
            if line.strip() == headline.strip():
                return start, start + len(line.strip())
            return None
        offset += len(line) + 1
    return None


def _stems(text: str) -> list[str]:
    return [query_stem(w) for w in _WORD.findall(text or "") if w.strip("_")]


def same_words(headline_quote: str, body_quote: str) -> bool:
    """Whether the headline quote says what the body quote says (see the module docstring)."""
    wanted = _stems(headline_quote)
    if len(wanted) < MIN_WORDS:
        return False
    words = [w.lower() for w in _WORD.findall(body_quote or "")]
    stems = [query_stem(w) for w in words]
    return all(any(w.startswith(h) or h.startswith(s) for w, s in zip(words, stems)) for h in wanted)


def _who(q: dict) -> tuple[str, str] | None:
    name = (q.get("speaker") or "").strip()
    return (fold_key(name), fold_key(q.get("org"))) if name else None


def fold_headline_quotes(
    text: str, headline: str | None, quotes: list[dict], kept: Iterable[dict] = ()
) -> tuple[list[dict], dict[int, tuple[int, int]]]:
    """The quotes with each headline quote the body repeats folded into the body quote.

    `kept`: quotes already stored that stay as they are (a user touched them; dicts with "id",
    "text", "start", "speaker", "org"); a headline quote repeating one of them is dropped too, and
    the second value maps their ids to the headline span they now carry.
    """
    span = headline_span(text, headline)
    if span is None:
        return quotes, {}
    h_start, h_end = span
    in_head = [i for i, q in enumerate(quotes) if h_start <= int(q.get("start") or 0) and int(q.get("end") or 0) <= h_end]
    if not in_head:
        return quotes, {}
    body = [(i, q) for i, q in enumerate(quotes) if int(q.get("start") or 0) >= h_end]
    body_kept = [q for q in kept if int(q.get("start") or 0) >= h_end]
    out = [dict(q) for q in quotes]
    drop: set[int] = set()
    taken: set[int] = set()
    kept_marks: dict[int, tuple[int, int]] = {}
    for i in in_head:
        hq = quotes[i]
        who = _who(hq)
        span_i = (int(hq.get("start") or 0), int(hq.get("end") or 0))

        def fits(bq: dict) -> bool:
            return (who is None or _who(bq) == who) and same_words(hq.get("text") or "", bq.get("text") or "")

        match = next((j for j, bq in body if j not in taken and fits(bq)), None)
        if match is not None:
            taken.add(match)
            drop.add(i)
            out[match]["in_headline"] = True
            out[match]["headline_start"], out[match]["headline_end"] = span_i
            continue
        k = next((bq for bq in body_kept if bq["id"] not in kept_marks and fits(bq)), None)
        if k is not None:
            drop.add(i)
            kept_marks[k["id"]] = span_i
    return [q for i, q in enumerate(out) if i not in drop], kept_marks
