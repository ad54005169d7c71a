"""Saved web pages (`.html`, `.htm`), through trafilatura (Apache-2.0).

trafilatura finds the article's body and leaves out menus, lists of other stories, comments and the
footer; it reads the headline, the byline, the date, the page's own address (its canonical or og:url)
and the site's name from the page, and the encoding from the page too (EUC-KR pages included). When its
own extraction finds little, it falls back on its copy of readability (the algorithm of readability-lxml,
which therefore is not a dependency of its own) and on jusText.

The text given to the parser is the headline, a blank line, the body's paragraphs with a blank line
between them. Not read: text that the page builds with JavaScript (a page saved as "HTML only" from a
site that loads its articles with scripts has no body), pictures and their captions' layout, comments.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path
from typing import Iterator, Mapping

from ..textio import ArticleReadError
from . import Record
from .base import check_text, clean_cell, clean_reporter, clean_url, compose, iso_date, need, read_bytes

# A saved page is megabytes at most; its article, kilobytes.
MAX_PAGE_BYTES = 50 * 1024 * 1024


def read(path: Path, columns: Mapping[str, str] | None = None) -> Iterator[Record]:
    trafilatura = need("trafilatura", "trafilatura", path, "web pages")
    data = read_bytes(path, MAX_PAGE_BYTES)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs every page it finds short
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            include_formatting=False, include_links=False, deduplicate=False, config=_config(),
        )
    except Exception as exc:  # noqa: BLE001 - lxml and the extractors raise many kinds on broken markup
        raise ArticleReadError(f"{path}: cannot read the page ({type(exc).__name__}: {exc})"[:300]) from None
    if doc is None:
        raise ArticleReadError(f"{path}: no article text found in the page (a page that loads its text with scripts "
                               "keeps none; save it as a complete page, or copy the text into a .txt file)")
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    body = get("text") or ""
    paragraphs = [unicodedata.normalize("NFC", p.strip()) for p in body.split("\n") if p.strip()]
    if not paragraphs:
        raise ArticleReadError(f"{path}: no article text found in the page")
    title = clean_cell(get("title"))
    site = clean_cell(get("sitename"))
    if site and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", site, re.IGNORECASE):
        site = None  # a host name stands in when the page names no site: no outlet
    text = compose(title, "\n\n".join(paragraphs))
    yield Record(
        check_text(path, text, "the page"),
        headline=title,
        published=iso_date(get("date")),
        outlet=site,
        reporter=clean_reporter(get("author")),
        url=clean_url(get("url")),
    )


_CONFIG = None


def _config():
    """trafilatura's settings, with its minimum sizes lowered: a short Korean article (a few hundred
    characters) is not a fragment, and below the minimum trafilatura runs its paragraphs together."""
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        config = use_config()
        config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "20")
        config.set("DEFAULT", "MIN_OUTPUT_SIZE", "10")
        _CONFIG = config
    return _CONFIG
