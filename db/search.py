"""Korean full-text search without a morphological analyser: syllable bigrams, and how user input becomes a safe FTS5 query.

SQLite's unicode61 tokenizer keeps particles attached (대통령이 is one token) and its trigram
tokenizer finds nothing shorter than three characters (정부), so the store indexes each quote as
**syllable bigrams**: every word of the quote (a run of letters and digits, lower-cased) becomes
the two-character pieces that start at each of its characters, the last one alone
(대통령이 → 대통 통령 령이 이). Computed here in Python from the quote's text when the store writes
a quote (`index_terms`, ~8 µs a quote): no Kiwi, nothing from the parser.

A query is *not* analysed with Kiwi either (loading the model costs ~500 MB and seconds). Each
query word loses a trailing particle or verb ending (longest match from `QUERY_SUFFIXES`, keeping
at least `MIN_STEM` characters), and a quote matches when every stem occurs in it: a stem of two
characters is one bigram (정부는 → 정부 finds 정부가 and 중앙정부), a longer one the phrase of its
bigrams in a row (처리했다 → 처리 finds 처리하겠습니다; 대통령 is 「대통 통령」 at consecutive
positions, which is exactly the three characters in a row, since the pieces never cross a word),
a single character any piece that starts with it. So the index answers exactly what a scan of
every quote for the stems would (`tests/db/test_search.py` checks it against one).
User input never reaches FTS5 syntax: every piece is emitted as a double-quoted string.

The index is only as right as `index_terms` is stable: the store removes a quote's pieces by
computing them again from its text, so changing `index_terms` needs a migration that rebuilds the
index (see `db.schema`).
"""
from __future__ import annotations

import re
from functools import lru_cache

# The SQL function the schema's view and triggers call (registered on every connection the store opens).
SEARCH_TERMS_FUNCTION = "balheon_search_terms"

# A word: a run of letters and digits (not "_", which SQLite's unicode61 tokenizer splits on).
_WORD = re.compile(r"[^\W_]+")
# At every letter or digit, the piece of two (one at the end of a word) that starts there.
_PIECE = re.compile(r"(?=([^\W_][^\W_]?))")
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
_SUFFIX_SET = frozenset(QUERY_SUFFIXES)
_SUFFIX_LENGTHS = tuple(sorted({len(s) for s in QUERY_SUFFIXES}, reverse=True))


def index_terms(text: str | None) -> str:
    """What the search index holds for a quote: its syllable bigrams, separated by spaces
    (「정부는 AI를」 → 「정부 부는 는 ai i를 를」). Pure Python, no Kiwi."""
    return " ".join(_PIECE.findall(text.lower())) if text else ""


def search_words(text: str) -> list[str]:
    """The words of `text` as the index sees them: lower-cased runs of letters and digits."""
    return _WORD.findall(text.lower()) if text else []


@lru_cache(maxsize=65536)
def query_stem(word: str) -> str:
    """`word` lower-cased without its trailing particle or ending (정부는 → 정부, 처리했다 → 처리); no Kiwi."""
    word = word.lower()
    for n in _SUFFIX_LENGTHS:  # longest first: the same answer as trying every suffix in QUERY_SUFFIXES' order
        if len(word) - n >= MIN_STEM and word[-n:] in _SUFFIX_SET:
            return word[:-n]
    return word


def query_stems(user_text: str) -> list[str]:
    """Distinct stems of the query's words, in order; light verb stems alone (하, 되…) are left out."""
    stems: dict[str, None] = {}
    for w in search_words(user_text or ""):
        stem = query_stem(w)
        if stem and stem not in QUERY_STOP_STEMS:
            stems.setdefault(stem, None)
    return list(stems)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def term_query(word: str) -> str:
    """The MATCH expression for quotes containing `word` (letters and digits only, lower-cased):
    one character, any piece starting with it; two, that piece; more, the phrase of its pieces."""
    if len(word) == 1:
        return _quoted(word) + "*"
    return _quoted(" ".join(word[i : i + 2] for i in range(len(word) - 1)))


def fts_query(user_text: str) -> str | None:
    """An FTS5 MATCH expression for what the user typed, or None if it has no word to search.

    A quote matches when every query word's stem occurs in it (all words, any order). A query
    whose only words are light verbs (하, 되 …) searches those words as they are.
    """
    stems = query_stems(user_text)
    if not stems:
        words = search_words(user_text or "")
        if len(words) != 1:
            return None
        stems = words
    return " ".join(term_query(s) for s in stems)


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
