"""Word documents (.docx), through python-docx (MIT).

The body in document order: each paragraph a paragraph of the text (line breaks and tabs kept), and
each table cell by cell, left to right and top to bottom, every paragraph of a cell on its own (a
press release set in a one-cell box reads as its paragraphs; a table of figures as a list of its cells).
A cell merged over several columns is read once.

Not read: text boxes and shapes, headers and footers, footnotes and comments, the old binary `.doc`
(save it as `.docx`). The document's own properties (title, author) are not used: they are most often
a template's.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterator, Mapping

from ..textio import ArticleReadError
from . import Record
from .base import check_file, check_text, check_zip, document_max_bytes, need


def read(path: Path, columns: Mapping[str, str] | None = None) -> Iterator[Record]:
    docx = need("docx", "python-docx", path, "Word files")
    check_file(path, document_max_bytes())
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ArticleReadError(f"{path}: an old Word document (.doc); open it in Word or LibreOffice, save it as .docx "
                               "and import that")
    check_zip(path, "a Word document")
    try:
        document = docx.Document(str(path))
        paragraphs = list(_paragraphs(document))
    except ArticleReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on damaged files
        raise ArticleReadError(f"{path}: damaged, or not a Word document ({type(exc).__name__}: {exc})"[:300]) from None
    text = unicodedata.normalize("NFC", "\n\n".join(p for p in paragraphs if p.strip()))
    yield Record(check_text(path, text, "the Word document"))


def _paragraphs(container) -> Iterator[str]:
    """Paragraph texts of a document or a table cell, tables read cell by cell, in order."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table(block)
        else:
            yield block.text


def _table(table) -> Iterator[str]:
    # A merged cell appears once per column (and row) it spans, as the same XML element: read it once.
    # The elements are kept, so that their ids stay theirs while the table is read.
    kept: list = []
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            tc = cell._tc
            if id(tc) in seen:
                continue
            kept.append(tc)
            seen.add(id(tc))
            yield from _paragraphs(cell)
