"""Shorthands the parser tests share."""
from __future__ import annotations

from attribution import parse_text


def quotes(text: str):
    """The quotes the parser finds in `text`."""
    return parse_text(text).quotes


def who(q):
    """(speaker, title, org) of a quote."""
    return (q.speaker, q.title, q.org)
