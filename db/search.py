"""Korean full-text search: which words of a quote are indexed, and how user input becomes a safe FTS5 query.

SQLite's unicode61 tokenizer keeps particles attached (대통령이 is one token) and the trigram
tokenizer ignores two-syllable words (정부), so each quote also gets a column of Kiwi morphemes:
nouns, verb and adjective stems, roots, foreign words and numbers. A query is analysed the same way.
User input never reaches FTS5 syntax: every term is emitted as a double-quoted string.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
# Light verb stems that nearly every quote has: searching for them alone would match everything.
QUERY_STOP_STEMS = frozenset({"하", "되", "있", "없", "않", "같"})


def morph_terms(text: str) -> list[str]:
    """Distinct content morphemes of `text`, exactly as the parser computes Quote.morphs."""
    if not text or not text.strip():
        return []
    from attribution.morph import content_terms, tokenize

    return content_terms(tokenize(text))


def morph_string(text: str) -> str:
    """The value stored in quotes.morphs: morphemes separated by spaces."""
    return " ".join(morph_terms(text))


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_query(user_text: str) -> str | None:
    """An FTS5 MATCH expression for what the user typed, or None if it has nothing searchable.

    A quote matches when it contains all the query's morphemes, or when its words start with
    all the query's words (대통령 finds 대통령이 even where Kiwi analysed a name differently).
    """
    morphs = [m for m in morph_terms(user_text) if m not in QUERY_STOP_STEMS]
    words = [w.lower() for w in _WORD.findall(user_text or "") if w.strip("_")]
    parts = []
    if morphs:
        parts.append("(morphs : (" + " ".join(_quoted(m) for m in morphs) + "))")
    if words:
        parts.append("(text : (" + " ".join(_quoted(w) + "*" for w in words) + "))")
    return " OR ".join(parts) or None


def like_pattern(user_text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') that matches `user_text` as a plain substring."""
    escaped = user_text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
