"""HWPX documents (Hancom Office's XML format, `.hwpx`), through python-hwpx (Apache-2.0).

Every paragraph of the body in order, a blank line between paragraphs; a line break inside a paragraph
stays a line break and a tab a space. Tables are read cell by cell, each paragraph of a cell on its own
line (a press release set in a one-cell box reads as its paragraphs; a table of figures as its cells).

Not read: footnotes and endnotes (neither their text nor a marker), memos, headers and footers,
pictures and text inside drawn shapes, equations; a password-protected document is refused.

hwp-hwpx-parser (Apache-2.0), which the issue suggested, was tried first and dropped: it loses the text
after a tab or a line break inside a run (「김 장관은<tab/>“…”고 밝혔다」 came out as 「김 장관은」), and in
HWP 5.0 it reads a tab's control bytes as letters and joins the words around a line break.
"""
from __future__ import annotations

import io
import unicodedata
import warnings
import zipfile
from pathlib import Path
from typing import Iterator, Mapping

from ..textio import ArticleReadError
from . import Record
from .base import check_file, check_text, check_zip, document_max_bytes, need

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read(path: Path, columns: Mapping[str, str] | None = None) -> Iterator[Record]:
    need("hwpx", "python-hwpx", path, "HWPX files")
    check_file(path, document_max_bytes())
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:  # an HWP 5.0 file named .hwpx
        from . import hwp

        yield from hwp.read(path)
        return
    check_zip(path, "an HWPX document")
    try:
        with zipfile.ZipFile(path) as zf:
            text = hwpx_text(zf, path)
    except zipfile.BadZipFile:
        raise ArticleReadError(f"{path}: damaged, or not an HWPX document (not a zip container)") from None
    yield Record(check_text(path, text, "the HWPX document"))


def hwpx_text(zf: zipfile.ZipFile, path: Path) -> str:
    """The body text of an HWPX package (also what an HWP 5.0 file is converted to)."""
    from hwpx.tools.text_extractor import TextExtractor

    names = set(zf.namelist())
    if "META-INF/manifest.xml" in names:
        try:
            manifest = zf.read("META-INF/manifest.xml")
        except (zipfile.BadZipFile, OSError, RuntimeError):
            manifest = b""
        if b"encryption-data" in manifest.lower():
            raise ArticleReadError(f"{path}: the HWPX document is protected by a password; open it in 한글, remove the "
                                   "password, save it and import that")
    if not any(n.startswith("Contents/section") for n in names):
        raise ArticleReadError(f"{path}: not an HWPX document (no Contents/section*.xml inside)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with TextExtractor(zf) as extractor:
                text = extractor.extract_text(paragraph_separator="\n\n", object_behavior="nested",
                                              preserve_breaks=True)
    except ArticleReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged XML, a zip guard, an unexpected structure
        raise ArticleReadError(f"{path}: damaged HWPX document ({type(exc).__name__}: {exc})"[:300]) from None
    return unicodedata.normalize("NFC", text.replace("\t", " "))


def from_bytes(data: bytes, path: Path) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return hwpx_text(zf, path)
