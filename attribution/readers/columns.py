"""Which column of a table holds what: the fields an article record needs, recognised from the header
(BigKinds' Korean names and the usual English ones) or named by the user once
(`--columns text=본문,title=제목,…`, or the viewer's mapping dialog).

Fields: text (required), title, date, outlet, author, url, id. Shared by the XLSX, CSV and JSONL readers.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from ..textio import ArticleReadError, max_bytes
from .base import clean_cell, clean_reporter, clean_url, compose, iso_date
from . import Record

FIELDS: tuple[str, ...] = ("text", "title", "date", "outlet", "author", "url", "id")
# What each field is called in the viewer's mapping dialog.
FIELD_LABELS = {
    "text": "본문 (필수)", "title": "제목", "date": "날짜", "outlet": "언론사", "author": "기자", "url": "주소 (URL)",
    "id": "식별자",
}
# Other names a user may write on the command line for a field.
FIELD_ALIASES = {
    "body": "text", "content": "text", "headline": "title", "published": "date", "press": "outlet",
    "reporter": "author", "byline": "author", "link": "url", "source_id": "id",
}

# Header names recognised without a mapping, compared without spaces, case or punctuation. BigKinds
# exports: 뉴스 식별자 (or 뉴스식별자), 일자 (YYYYMMDD), 언론사, 기고자, 제목, 통합 분류1-3, 사건/사고 분류1-3, 인물,
# 위치, 기관, 키워드, 특성추출, 본문, URL, 분석제외 여부.
KNOWN: dict[str, tuple[str, ...]] = {
    "text": ("본문", "기사본문", "내용", "기사내용", "본문내용", "text", "body", "content", "contents", "article",
             "articletext", "articlebody", "fulltext", "maintext"),
    "title": ("제목", "기사제목", "헤드라인", "title", "headline", "articletitle"),
    "date": ("일자", "날짜", "발행일", "발행일자", "작성일", "입력일", "등록일", "보도일", "게재일", "date", "published",
             "pubdate", "publishdate", "publisheddate", "publishedat", "datetime", "time"),
    "outlet": ("언론사", "매체", "매체명", "신문사", "언론사명", "outlet", "press", "publisher", "media", "source",
               "newspaper", "sitename"),
    "author": ("기고자", "기자", "작성자", "기자명", "author", "authors", "reporter", "byline", "writer"),
    "url": ("url", "링크", "주소", "원문주소", "원문링크", "기사url", "link", "href"),
    "id": ("뉴스식별자", "식별자", "기사id", "id", "newsid", "articleid", "docid", "uid", "guid"),
}


def fold(name: object) -> str:
    """A header name as compared: NFKC, case-folded, without spaces, underscores or punctuation."""
    text = unicodedata.normalize("NFKC", str(name or "")).casefold()
    return re.sub(r"[\s_\-./()\[\]]+", "", text)


def guess(columns: Sequence[str]) -> dict[str, str]:
    """The fields recognised among `columns` (field -> column name, as written in the header)."""
    by_fold: dict[str, str] = {}
    for c in columns:
        by_fold.setdefault(fold(c), c)
    found: dict[str, str] = {}
    taken: set[str] = set()
    for f in FIELDS:
        for name in KNOWN[f]:
            c = by_fold.get(name)
            if c is not None and c not in taken:
                found[f] = c
                taken.add(c)
                break
    return found


class ColumnsError(ArticleReadError, ValueError):
    """A mapping that cannot be used with a table; the message is one line for the user."""


def parse_columns(spec: str) -> dict[str, str]:
    """`text=본문,title=제목,date=일자` → {"text": "본문", …}. Field names may be aliases (headline,
    reporter, body …); a column name is written as in the header (spaces kept)."""
    out: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ColumnsError(f"--columns: {part.strip()!r} is not FIELD=COLUMN (fields: {', '.join(FIELDS)})")
        key, column = (s.strip() for s in part.split("=", 1))
        name = FIELD_ALIASES.get(key.lower(), key.lower())
        if name not in FIELDS:
            raise ColumnsError(f"--columns: unknown field {key!r} (fields: {', '.join(FIELDS)})")
        if not column:
            raise ColumnsError(f"--columns: no column named for {key!r}")
        out[name] = column
    if not out:
        raise ColumnsError(f"--columns: name at least the text column, e.g. text=본문 (fields: {', '.join(FIELDS)})")
    return out


def normalize_mapping(mapping: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """A mapping given in code or by the viewer, with field aliases resolved; a field mapped to None or
    "" is one the table does not have (the viewer's 「(없음)」), so it is not recognised either."""
    out: dict[str, str | None] = {}
    for key, column in (mapping or {}).items():
        name = FIELD_ALIASES.get(str(key).lower(), str(key).lower())
        if name in FIELDS:
            out[name] = str(column) if column is not None and str(column).strip() else None
    return out


def wanted_columns(names: Sequence[str], mapping: Mapping[str, str | None] | None) -> dict[str, str]:
    """field -> column: recognised from the header, then what `mapping` names (or takes away) instead."""
    wanted: dict[str, str] = guess([n for n in names if n])
    for f, column in normalize_mapping(mapping).items():
        if column is None:
            wanted.pop(f, None)
        else:
            wanted[f] = column
    return wanted


@dataclass(frozen=True)
class Layout:
    """Where each field is in a table's rows: field -> column index."""

    columns: tuple[str, ...]
    index: dict[str, int] = field(default_factory=dict)

    def record(self, values: Sequence[object], row: int) -> Record:
        """The article in one row; a Record with `error` when the row has no usable text."""

        def cell(f: str) -> object:
            i = self.index.get(f)
            return values[i] if i is not None and i < len(values) else None

        body = cell("text")
        body = "" if body is None else str(body)
        body = unicodedata.normalize("NFC", body.replace("\r\n", "\n").replace("\r", "\n"))
        if not body.strip():
            return Record("", row=row, error=f"no text in the column {self.columns[self.index['text']]!r}")
        if len(body) > max_bytes():
            return Record("", row=row, error=f"too much text for one article ({len(body):,} characters)")
        title = clean_cell(cell("title"))
        return Record(
            text=compose(title, body),
            headline=title,
            published=iso_date(cell("date")),
            outlet=clean_cell(cell("outlet")),
            reporter=clean_reporter(cell("author")),
            url=clean_url(cell("url")),
            source_id=clean_cell(cell("id")),
            row=row,
        )


def layout(columns: Sequence[object], mapping: Mapping[str, str | None] | None, where: str) -> Layout:
    """The layout of a table with this header: fields recognised from the header, except those `mapping`
    names (field -> column, or None for a field the table lacks). Raises ColumnsError when a named column is missing or no text column can be found."""
    names = tuple("" if c is None else str(c).strip() for c in columns)
    named = {f: c for f, c in normalize_mapping(mapping).items() if c is not None}
    index: dict[str, int] = {}
    folded = [fold(n) for n in names]
    for f, column in wanted_columns(names, mapping).items():
        if column in names:
            index[f] = names.index(column)
        elif fold(column) in folded:
            index[f] = folded.index(fold(column))
        elif f in named:
            raise ColumnsError(f"{where}: no column {column!r} for {f} (the columns are {_listed(names)})")
    if "text" not in index:
        raise ColumnsError(
            f"{where}: no column of article text among {_listed(names)}; name it with --columns text=COLUMN"
            " (or choose it in the import dialog)"
        )
    return Layout(names, index)


def _listed(names: Iterable[str], most: int = 12) -> str:
    shown = [repr(n) for n in names if n][:most]
    rest = len([n for n in names if n]) - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest > 0 else "") if shown else "(none: the first row is empty)"


@dataclass(frozen=True)
class Preview:
    """A table's header and first rows, with the fields recognised from the header, for the mapping dialog."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    guessed: dict[str, str]
    total: int | None = None  # articles in the file, when counted


def preview_of(columns: Sequence[object], rows: Iterable[Sequence[object]], total: int | None = None) -> Preview:
    names = tuple("" if c is None else str(c).strip() for c in columns)

    def shown(v: object) -> str:
        text = "" if v is None else str(v)
        text = re.sub(r"\s+", " ", text).strip()
        return text if len(text) <= 200 else text[:199] + "…"

    return Preview(names, tuple(tuple(shown(v) for v in r) for r in rows), guess([n for n in names if n]), total)
