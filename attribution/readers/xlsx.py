"""Excel workbooks (`.xlsx`), above all BigKinds downloads, through openpyxl (MIT): one article per row.

The first sheet whose header names a text column is read (BigKinds writes one sheet). The header is its
first non-empty row; BigKinds' columns are recognised by name (뉴스 식별자 or 뉴스식별자, 일자 as YYYYMMDD,
언론사, 기고자, 제목, 본문, URL); other workbooks name theirs with `--columns` or in the viewer's mapping
dialog. A row's number is the row Excel shows (the header is row 1 in a BigKinds file).

Not read: the old binary `.xls` (save it as `.xlsx`), formulas (their last computed values are read),
sheets after the one with the articles, 분석제외 여부 (BigKinds' flag is ignored: every row is read, and a
row whose text is already stored is skipped as a duplicate). BigKinds' own downloads carry only the
first part of each body (about 200 characters), so only the quotes in that part are found.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Mapping

from ..textio import ArticleReadError
from . import Record
from .base import check_file, check_zip, need
from .columns import ColumnsError, Layout, Preview, layout, preview_of


def _open(path: Path):
    openpyxl = need("openpyxl", "openpyxl", path, "Excel files")
    check_file(path)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ArticleReadError(f"{path}: an old Excel workbook (.xls); open it in Excel or LibreOffice, save it as "
                               ".xlsx and import that")
    check_zip(path, "an Excel workbook")
    try:
        return openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise ArticleReadError(f"{path}: damaged, or not an Excel workbook ({type(exc).__name__}: {exc})"[:300]) from None


def _blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _sheet_rows(path: Path, columns: Mapping[str, str] | None) -> Iterator[tuple[Layout, int, tuple]]:
    """(layout, row number, values) for each non-empty row below the header of the articles' sheet."""
    wb = _open(path)
    try:
        problem: ColumnsError | None = None
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            number = 0
            header = None
            for values in rows:
                number += 1
                if not _blank(values):
                    header = values
                    break
            if header is None:
                continue
            try:
                found = layout(header, columns, str(path))
            except ColumnsError as exc:
                problem = problem or exc
                continue
            for values in rows:
                number += 1
                if not _blank(values):
                    yield found, number, values
            return
        raise problem or ArticleReadError(f"{path}: the workbook is empty")
    except ArticleReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet found while reading it
        raise ArticleReadError(f"{path}: damaged Excel workbook ({type(exc).__name__}: {exc})"[:300]) from None
    finally:
        wb.close()


def read(path: Path, columns: Mapping[str, str] | None = None) -> Iterator[Record]:
    for found, number, values in _sheet_rows(path, columns):
        yield found.record(values, number)


def count(path: Path, columns: Mapping[str, str] | None = None) -> int:
    return sum(1 for _ in _sheet_rows(path, columns))


def preview(path: Path, rows: int = 5) -> Preview:
    """The first sheet with content: its header, first rows, and how many rows follow the header."""
    wb = _open(path)
    try:
        for ws in wb.worksheets:
            it = ws.iter_rows(values_only=True)
            header = next((v for v in it if not _blank(v)), None)
            if header is None:
                continue
            first, total = [], 0
            for values in it:
                if _blank(values):
                    continue
                total += 1
                if len(first) < rows:
                    first.append(values)
            return preview_of(header, first, total)
    except Exception as exc:  # noqa: BLE001
        raise ArticleReadError(f"{path}: damaged Excel workbook ({type(exc).__name__}: {exc})"[:300]) from None
    finally:
        wb.close()
    raise ArticleReadError(f"{path}: the workbook is empty")
