"""Korean full-text search: which words of a quote are indexed, and how user input becomes a safe FTS5 query.

SQLite's unicode61 tokenizer keeps particles attached (대통령이 is one token) and the trigram
tokenizer ignores two-syllable words (정부), so each quote also gets a column of Kiwi morphemes
(nouns, verb and adjective stems, roots, foreign words and numbers), computed by the parser.

A query is *not* analysed with Kiwi: loading the model costs ~500 MB and seconds, too much for
the viewer's first keystroke. Each query word instead loses a trailing particle or verb ending
(longest match from `QUERY_SUFFIXES`, keeping at least `MIN_STEM` characters) and the stem is
matched as a prefix in either column: 정부는 → "정부"* finds the morpheme 정부 and the word 정부가;
처리했다 → "처리"* finds the morpheme 처리 of 처리하겠습니다.
User input never reaches FTS5 syntax: every term is emitted as a double-quoted string.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
# Light verb stems that nearly every quote has: searching for them alone would match everything.
QUERY_STOP_STEMS = frozenset({"하", "되", "있", "없", "않", "같"})
# Particles and verb endings removed from the end of a query word (the longest that fits).
QUERY_SUFFIXES = tuple(sorted({
    # particles
    "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "에게서", "께서", "께", "한테", "으로", "로",
    "으로서", "로서", "으로써", "로써", "와", "과", "도", "만", "까지", "부터", "보다", "처럼", "마다", "이나", "나",
    "이라", "라", "이라고", "라고", "이란", "란", "에는", "에서는", "에도", "에서도", "으로는", "로는", "과의", "와의",
    "에의", "이며", "며", "이고", "고", "들", "들은", "들이", "들을", "들의", "들도",
    # copula and endings of 하다/되다 verbs and adjectives
    "이다", "입니다", "였다", "이었다", "이었습니다", "였습니다", "이라는", "라는",
    "하다", "한다", "했다", "하겠다", "했습니다", "하겠습니다", "합니다", "하는", "한", "할", "하고", "하며", "해",
    "해야", "해야한다", "하여", "하면", "하지", "하자", "해서", "했고", "했으며", "했지만", "하기", "함", "하게",
    "된다", "됐다", "되다", "되었다", "됩니다", "됐습니다", "되는", "된", "될", "되고", "되어", "돼", "되면", "되지",
    "시킨다", "시켰다", "시키는", "적", "적인", "적으로",
}, key=len, reverse=True))
MIN_STEM = 2  # characters a stem keeps: 회의 stays 회의 (not 회 + 의)


def morph_terms(text: str) -> list[str]:
    """Distinct content morphemes of `text`, exactly as the parser computes Quote.morphs (uses Kiwi)."""
    if not text or not text.strip():
        return []
    from attribution.morph import content_terms, tokenize

    return content_terms(tokenize(text))


def morph_string(text: str) -> str:
    """The value stored in quotes.morphs: morphemes separated by spaces (uses Kiwi: indexing side only)."""
    return " ".join(morph_terms(text))


def query_stem(word: str) -> str:
    """`word` lower-cased without its trailing particle or ending (정부는 → 정부, 처리했다 → 처리); no Kiwi."""
    word = word.lower()
    for suffix in QUERY_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def query_stems(user_text: str) -> list[str]:
    """Distinct stems of the query's words, in order; light verb stems alone (하, 되…) are left out."""
    stems: dict[str, None] = {}
    for w in _WORD.findall(user_text or ""):
        if not w.strip("_"):
            continue
        stem = query_stem(w)
        if stem and stem not in QUERY_STOP_STEMS:
            stems.setdefault(stem, None)
    return list(stems)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_query(user_text: str) -> str | None:
    """An FTS5 MATCH expression for what the user typed, or None if it has nothing searchable.

    A quote matches when, for every query word, one of its morphemes or one of its words starts
    with the word's stem (all words, any order). No column filter: `text` and `morphs` are the
    only indexed columns.
    """
    stems = query_stems(user_text)
    if not stems:
        return None
    return " ".join(_quoted(s) + "*" for s in stems)


def like_pattern(user_text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') that matches `user_text` as a plain substring."""
    escaped = user_text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def highlight_spans(text: str, user_text: str | None) -> list[tuple[int, int]]:
    """Where `user_text` shows in `text`, for highlighting a search in quotes and articles: every
    occurrence of a query word's stem (정부는 → 정부 marks 정부 in 중앙정부가), or of the whole query
    when no word has a stem (the substring search's case). Sorted, not overlapping. No Kiwi."""
    if not text or not user_text or not user_text.strip():
        return []
    needles = query_stems(user_text) or [user_text.strip().lower()]
    low = text.lower()
    spans: list[tuple[int, int]] = []
    for needle in needles:
        if not needle:
            continue
        i = low.find(needle)
        while i >= 0:
            spans.append((i, i + len(needle)))
            i = low.find(needle, i + len(needle))
    if not spans and needles != [user_text.strip().lower()]:
        return _substring_spans(low, user_text.strip().lower())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _substring_spans(low: str, needle: str) -> list[tuple[int, int]]:
    out = []
    i = low.find(needle)
    while needle and i >= 0:
        out.append((i, i + len(needle)))
        i = low.find(needle, i + len(needle))
    return out
