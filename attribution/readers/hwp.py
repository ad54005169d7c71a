"""HWP 5.0 documents (`.hwp`, the binary format of 한글 since 2002), through python-hwpx (Apache-2.0),
which converts the document to HWPX in memory; the text is then read as `hwpx.py` reads it (paragraphs,
line breaks, tables cell by cell).

Not read: footnotes and endnotes, memos, headers and footers, pictures, text in drawn shapes; documents
with a password, 배포용 (distribution) documents and DRM-protected ones (their body is encrypted) are
refused with a reason, and so is the 1990s HWP 3 format.
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Iterator, Mapping

from ..textio import ArticleReadError
from . import Record
from .base import check_text, document_max_bytes, need, read_bytes
from .hwpx import OLE_MAGIC, from_bytes

_REFUSALS = {
    "hwp5-password": "the HWP document is protected by a password; open it in 한글, remove the password, save it "
                     "and import that",
    "hwp5-distribution": "a 배포용 (distribution) HWP document: 한글 encrypts its text; ask for the original, or print "
                         "it to a PDF and import that",
    "hwp5-drm": "the HWP document is DRM-protected (its text is encrypted); print it to a PDF and import that",
}


def read(path: Path, columns: Mapping[str, str] | None = None) -> Iterator[Record]:
    need("hwpx", "python-hwpx", path, "HWP files")
    data = read_bytes(path, document_max_bytes())
    if data.startswith(b"PK\x03\x04"):  # an HWPX file named .hwp
        from . import hwpx

        yield from hwpx.read(path)
        return
    if data.startswith(b"HWP Document File"):
        raise ArticleReadError(f"{path}: an HWP 3 document (the 1990s format); open it in 한글, save it as .hwpx and "
                               "import that")
    if not data.startswith(OLE_MAGIC):
        raise ArticleReadError(f"{path}: not an HWP document (it does not start as one)")
    from hwpx.errors import HwpxError
    from hwpx.hwp5.package import convert, to_hwpx_bytes

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            converted = convert(data)
        package = to_hwpx_bytes(converted.files)
    except HwpxError as exc:
        code = getattr(exc, "code", None)
        if code in _REFUSALS:
            raise ArticleReadError(f"{path}: {_REFUSALS[code]}") from None
        raise ArticleReadError(f"{path}: damaged, or not an HWP 5.0 document ({_first_line(exc)})") from None
    except Exception as exc:  # noqa: BLE001 - a damaged compound file can fail anywhere in the conversion
        raise ArticleReadError(f"{path}: damaged HWP document ({type(exc).__name__}: {_first_line(exc)})") from None
    yield Record(check_text(path, from_bytes(package, path), "the HWP document"))


def _first_line(exc: BaseException) -> str:
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return text if len(text) <= 160 else text[:159] + "…"
