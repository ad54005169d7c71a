"""Readers: the files newsrooms keep, in; plain text with its metadata, out.

One module per format, all behind one small interface: `read(path, columns=None)` yields `Record`s,
the text of one article each with what the format itself says about it (headline, date, outlet,
reporter, address, the source's own id, the row it came from). A press release, a Word file, a saved
web page give one record; a spreadsheet or a corpus file (BigKinds `.xlsx`, CSV, JSONL) gives one per
row, and a row that cannot be read is a record with an `error`, so it costs no other row. The parser
is never involved: it takes `Record.text` as it takes the text of a `.txt` file.

A file that cannot be read at all (encrypted, scanned without a text layer, damaged, the wrong kind)
raises `ArticleReadError` with one line for the user, as `read_article` does for text.

Modules are imported when a file of their kind is read, so the libraries behind them (pypdf,
python-docx, openpyxl, python-hwpx, trafilatura) cost nothing until then. Pure Python: no Qt, no SQL.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterator, Mapping

from ..textio import ArticleReadError

__all__ = [
    "ArticleReadError", "Record", "FORMATS", "SUFFIXES", "TABLE_SUFFIXES", "DOCUMENT_SUFFIXES", "TEXT_SUFFIXES",
    "reader_for", "is_table", "read_records", "read_document", "count_records", "preview", "kind_of",
]


@dataclass(frozen=True, slots=True)
class Record:
    """One article as a reader found it: the text for the parser and what the format says about it.

    Metadata fields are None when the format does not say (the parser's guess from the text is used
    then). `row` is where a many-article file keeps the article (the spreadsheet row, header = 1; the
    line of a JSONL file); None for a file that is one article. A row that cannot be read has `error`
    (one line for the user) and empty `text`; `warnings` says what the reader had to leave out of a
    record it could read.
    """

    text: str
    headline: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    outlet: str | None = None
    reporter: str | None = None
    url: str | None = None
    source_id: str | None = None
    row: int | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()  # what the reader could not read (a damaged page …), kept with the article

    def meta(self) -> dict[str, object]:
        """The metadata the format gave (None left out), under the store's names; `source_row` is the row."""
        out: dict[str, object] = {}
        for f in fields(self):
            if f.name in ("text", "error", "row", "warnings"):
                continue
            value = getattr(self, f.name)
            if value is not None:
                out[f.name] = value
        if self.row is not None:
            out["source_row"] = self.row
        return out

    def label(self, path: str | Path) -> str:
        """How reports name this article: the file, and its row when the file holds many."""
        return str(path) if self.row is None else f"{path}, row {self.row}"


@dataclass(frozen=True)
class Format:
    """A kind of file Balheon reads: its module in this package, the suffixes that name it, what it is."""

    module: str
    suffixes: tuple[str, ...]
    name: str  # for people: "PDF", "한글 (HWP 5.0)" …
    many: bool = False  # one article per row, not one per file


FORMATS: tuple[Format, ...] = (
    Format("text", (".txt", ".text", ".md", ".markdown"), "text"),
    Format("pdf", (".pdf",), "PDF"),
    Format("hwp", (".hwp",), "HWP 5.0"),
    Format("hwpx", (".hwpx",), "HWPX"),
    Format("word", (".docx",), "Word (DOCX)"),
    Format("webpage", (".html", ".htm", ".xhtml"), "web page (HTML)"),
    Format("xlsx", (".xlsx",), "Excel (XLSX, BigKinds)", many=True),
    Format("csvfile", (".csv", ".tsv"), "CSV", many=True),
    Format("jsonl", (".jsonl", ".ndjson"), "JSONL", many=True),
)
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}

SUFFIXES: frozenset[str] = frozenset(_BY_SUFFIX)
TEXT_SUFFIXES: frozenset[str] = frozenset(FORMATS[0].suffixes)
TABLE_SUFFIXES: frozenset[str] = frozenset(s for f in FORMATS if f.many for s in f.suffixes)
DOCUMENT_SUFFIXES: frozenset[str] = SUFFIXES - TABLE_SUFFIXES - TEXT_SUFFIXES


def _suffix(path: str | Path) -> str:
    return Path(path).suffix.lower()


def kind_of(path: str | Path) -> Format:
    """The format a file is read as: by its suffix; a file of another name (named explicitly) is text."""
    return _BY_SUFFIX.get(_suffix(path), FORMATS[0])


def reader_for(path: str | Path):
    """The reader module for the file (its `read`, and for tables `count` and `preview`)."""
    return importlib.import_module(f"{__name__}.{kind_of(path).module}")


def is_table(path: str | Path) -> bool:
    """Whether the file holds many articles, one per row (a spreadsheet or a corpus file)."""
    return kind_of(path).many


def read_records(path: str | Path, columns: Mapping[str, str] | None = None) -> Iterator[Record]:
    """Every article in the file, in order. `columns` maps fields (text, title, date, outlet, author,
    url, id) to the column names of a table; by default they are recognised from the header.
    Raises ArticleReadError when the file cannot be read at all (nothing is yielded then), or when the rest
    of it cannot be read (after the records yielded so far)."""
    return _one_line(reader_for(path).read(Path(path), columns=columns))


def _one_line(records: Iterator[Record]) -> Iterator[Record]:
    """The records; a reader's message in one line, whatever a library put in it."""
    try:
        yield from records
    except ArticleReadError as exc:
        text = " ".join(str(exc).split())
        if text != str(exc):
            raise type(exc)(text) from None
        raise


def read_document(path: str | Path) -> Record:
    """The one article of a file that holds one (text, PDF, HWP, Word, a web page)."""
    p = Path(path)
    if is_table(p):
        raise ArticleReadError(f"{p}: holds many articles (one per row): store them with `main.py ingest FILE` "
                               "or the viewer's import")
    (record,) = read_records(p)
    return record


def count_records(path: str | Path, columns: Mapping[str, str] | None = None) -> int:
    """How many articles `read_records` will give (rows included that turn out unreadable)."""
    module = reader_for(path)
    return module.count(Path(path), columns=columns) if hasattr(module, "count") else 1


def preview(path: str | Path, rows: int = 5):
    """For a table: its columns, its first rows and the fields recognised from the header
    (`columns.Preview`), so a person can map them before the import."""
    if not is_table(path):
        raise ArticleReadError(f"{path}: not a table of articles")
    return reader_for(path).preview(Path(path), rows=rows)
