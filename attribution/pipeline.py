"""Temporary stub: the real pipeline lands in the parser commit."""
from __future__ import annotations

from .model import ParsedArticle


def parse_text(raw: str) -> ParsedArticle:
    return ParsedArticle(text=raw)
