"""Korean quote attribution: article text in, quotes with speaker, title, organisation and verb out.

Pure Python over plain data: no Qt, no SQL.
"""
from __future__ import annotations

from .model import NonSpeech, ParsedArticle, Quote, Speaker, Stance
from .pipeline import parse_text
from .textio import ArticleReadError, decode_bytes, read_article


def parse_file(path) -> ParsedArticle:
    """Read and parse one article file (raises ArticleReadError for unreadable input)."""
    return parse_text(read_article(path))


__all__ = [
    "ArticleReadError",
    "NonSpeech",
    "ParsedArticle",
    "Quote",
    "Speaker",
    "Stance",
    "decode_bytes",
    "parse_file",
    "parse_text",
    "read_article",
]
