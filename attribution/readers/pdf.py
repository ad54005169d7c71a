"""PDF press releases and articles, through pypdf (BSD).

pypdf gives the text layer line by line as the page lays it out: a press release comes hard-wrapped,
often in the middle of a word, which is what `attribution.normalize` joins back. What pypdf does not
say is where a paragraph ends; the page does, by a wider gap between lines, so this reader keeps each
line's height and puts a blank line where the gap is clearly wider than the page's usual line
spacing (the headline, subheadings and paragraphs stay apart, as in a text file).

Not read: pictures (a scanned PDF has no text layer, and gets a one-line reason saying so), a PDF that
needs a password, text in fonts that carry no character map (it comes out as nonsense and is refused).
A document's own properties (title, author) are not used: in press releases they are most often a
template's or the typist's.
"""
from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from pathlib import Path
from typing import Iterator, Mapping

from ..textio import ArticleReadError, _readable_share
from . import Record
from .base import check_file, check_text, document_max_bytes, need

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A gap this many times the page's usual line spacing starts a new paragraph.
PARAGRAPH_GAP = 1.45


def read(path: Path, columns: Mapping[str, str] | None = None) -> Iterator[Record]:
    pypdf = need("pypdf", "pypdf", path, "PDF files")
    check_file(path, document_max_bytes())
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files would fill the terminal
    errors = pypdf.errors
    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except errors.DependencyError:
                raise ArticleReadError(
                    f"{path}: encrypted PDF; reading it needs the Python package cryptography (pip install cryptography)"
                ) from None
            if not opened:
                raise ArticleReadError(
                    f"{path}: the PDF is protected by a password; open it with the password, save or print it "
                    "as a PDF without one, and import that"
                )
        pages = list(reader.pages)
    except ArticleReadError:
        raise
    except errors.FileNotDecryptedError:
        raise ArticleReadError(f"{path}: the PDF is protected by a password") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files; all mean the same here
        raise ArticleReadError(f"{path}: damaged, or not a PDF ({type(exc).__name__}: {_short(exc)})") from None
    texts: list[str] = []
    warnings: list[str] = []
    empty: list[int] = []
    for number, page in enumerate(pages, 1):
        try:
            text = page_text(page)
        except Exception as exc:  # noqa: BLE001 - one damaged page costs that page, said in the warnings
            warnings.append(f"PDF page {number} could not be read ({type(exc).__name__}: {_short(exc)})")
            continue
        if text.strip():
            texts.append(text)
        else:
            empty.append(number)
    if not texts:
        if warnings and not empty:
            raise ArticleReadError(f"{path}: damaged PDF: {warnings[0]}")
        raise ArticleReadError(
            f"{path}: the PDF has no text layer (a scanned document: its pages are pictures); Balheon reads "
            "text, not pictures: run OCR on it first (e.g. ocrmypdf) and import the result"
        )
    text = unicodedata.normalize("NFC", "\n\n".join(texts))
    text = _CONTROL.sub("", text)
    if _readable_share(text) < 0.6:
        raise ArticleReadError(
            f"{path}: the PDF's text cannot be decoded (its fonts carry no character map); run OCR on it "
            "(e.g. ocrmypdf) and import the result"
        )
    if empty:
        pages_list = ", ".join(map(str, empty[:10])) + (" …" if len(empty) > 10 else "")
        warnings.append(f"PDF pages without text (scanned?), not read: {pages_list}")
    yield Record(check_text(path, text, "the PDF"), warnings=tuple(warnings))


def page_text(page) -> str:
    """The page's text as pypdf extracts it, with a blank line where the gap between two lines says a
    paragraph ends. Falls back to pypdf's text as is when its pieces do not add up to it."""
    chunks: list[tuple[str, float | None]] = []

    def visit(text, cm, tm, _font, _size) -> None:
        if text:
            y = None
            try:
                y = float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) + float(cm[5])
            except (TypeError, ValueError, IndexError):
                pass
            chunks.append((text, y))

    plain = page.extract_text(visitor_text=visit) or ""
    if "".join(t for t, _y in chunks) != plain:
        return plain
    lines: list[str] = [""]
    heights: list[float | None] = [None]
    for text, y in chunks:
        for k, part in enumerate(text.split("\n")):
            if k:
                lines.append("")
                heights.append(None)
            if part:
                if heights[-1] is None:
                    heights[-1] = y
                lines[-1] += part
    return "\n".join(_paragraphs(lines, heights))


def _paragraphs(lines: list[str], heights: list[float | None]) -> list[str]:
    """`lines` with an empty line before each one whose distance to the line above is wider than usual."""
    content = [i for i, line in enumerate(lines) if line.strip() and heights[i] is not None]
    gaps = {b: heights[a] - heights[b] for a, b in zip(content, content[1:])}  # type: ignore[operator]
    if len(gaps) < 2:
        return lines
    usual = statistics.median(gaps.values())
    if usual < 0:  # the page's y axis points down
        gaps = {k: -v for k, v in gaps.items()}
        usual = -usual
    if usual <= 0:
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        gap = gaps.get(i)
        if gap is not None and (gap > usual * PARAGRAPH_GAP or gap < -usual) and out and out[-1].strip():
            out.append("")
        out.append(line)
    return out


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:159] + "…"
