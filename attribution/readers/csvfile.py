"""CSV and TSV corpora (`.csv`, `.tsv`), with the standard library: one article per row.

The encoding is UTF-8 (with or without BOM), UTF-16 with a BOM, or CP949/EUC-KR (what Excel writes on a
Korean Windows), told from the start of the file. The separator is a tab for `.tsv`; for `.csv` a comma,
unless the header line has more tabs or semicolons. The first non-empty row is the header; its columns are
recognised by name (본문/text, 제목/title …) or named with `--columns` / the viewer's mapping dialog. Cells
may hold line breaks inside quotes (article bodies do). A row's number counts rows as a spreadsheet shows
the file (the header is row 1), not lines.

Not read: a file without a header row (name the columns in a first row), a file whose encoding changes
halfway (the rows before the bad bytes are kept, and the rest is reported as unreadable).
"""
from __future__ import annotations

import codecs
import csv
from pathlib import Path
from typing import Iterator, Mapping

from ..textio import ArticleReadError, max_bytes
from . import Record
from .base import check_file
from .columns import Preview, layout, preview_of

_SNIFF_BYTES = 1 << 20


def encoding_of(path: Path) -> str:
    """The codec to read the file with, from its first megabyte."""
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head[:4096]:
        raise ArticleReadError(f"{path}: looks like a binary file (contains NUL bytes), not a CSV table")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SNIFF_BYTES)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("cp949")().decode(head, final=len(head) < _SNIFF_BYTES)
        return "cp949"
    except UnicodeDecodeError:
        raise ArticleReadError(
            f"{path}: cannot decode the table (not UTF-8, UTF-16 or CP949/EUC-KR); save it as UTF-8 and try again"
        ) from None


def _delimiter(path: Path, first_line: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _rows(path: Path) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(row number, cells, None) for each non-empty row, header first; (n, None, reason) for a row the csv
    module refuses, and (n, None, reason) as the last item when the rest cannot be decoded."""
    check_file(path)
    encoding = encoding_of(path)
    # An article body may be longer than csv's 128 KB default; a cell far longer than any article (the
    # limit is a few times BALHEON_MAX_ARTICLE_MB) is a row of its own that fails, not a file read into memory.
    wanted = min(2**31 - 1, max(131072, 4 * max_bytes()))
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)
    try:
        fh = open(path, encoding=encoding, newline="", errors="strict")
    except OSError as exc:
        raise ArticleReadError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with fh:
        try:
            first = fh.readline()
            fh.seek(0)
        except UnicodeDecodeError:
            raise ArticleReadError(f"{path}: cannot decode the first line as {encoding}") from None
        reader = csv.reader(fh, delimiter=_delimiter(path, first))
        number = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                yield number, None, f"not a valid CSV row ({exc})"
                continue
            except UnicodeDecodeError:
                yield number + 1, None, f"cannot decode the file from here on as {encoding}; the rows after this one are not read"
                return
            number += 1
            if any(c.strip() for c in cells):
                yield number, cells, None


def read(path: Path, columns: Mapping[str, str] | None = None) -> Iterator[Record]:
    rows = _rows(path)
    found = None
    for number, cells, problem in rows:
        if found is None:
            if cells is None:
                raise ArticleReadError(f"{path}: {problem}")
            found = layout(cells, columns, str(path))
            continue
        if cells is None:
            yield Record("", row=number, error=problem)
        else:
            yield found.record(cells, number)
    if found is None:
        raise ArticleReadError(f"{path}: the table is empty")


def count(path: Path, columns: Mapping[str, str] | None = None) -> int:
    return max(0, sum(1 for _ in _rows(path)) - 1)


def preview(path: Path, rows: int = 5) -> Preview:
    it = _rows(path)
    header = None
    first: list[list[str]] = []
    total = 0
    for _number, cells, problem in it:
        if header is None:
            if cells is None:
                raise ArticleReadError(f"{path}: {problem}")
            header = cells
            continue
        total += 1
        if cells is not None and len(first) < rows:
            first.append(cells)
    if header is None:
        raise ArticleReadError(f"{path}: the table is empty")
    return preview_of(header, first, total)

