"""JSON Lines corpora (`.jsonl`, `.ndjson`), with the standard library: one article per line, each line a
JSON object. Its keys are recognised by name (text/body/content/본문, title/제목 …) or named with
`--columns` / the viewer's mapping dialog; a key may reach into a nested object with dots (`meta.title`).
A line that is not a JSON object, or has no text, is reported with its line number and the others are
read. UTF-8 (a BOM is allowed; CP949 is read too).

Not read: a single JSON document holding a list of articles (`.json`): write one object per line.
Parsed-result shards (`ingest --parsed`) are JSONL too: named here without `--parsed`, their "text" is
parsed again like any corpus.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Mapping

from ..textio import ArticleReadError
from . import Record
from .base import check_file
from .columns import Layout, Preview, layout, preview_of, wanted_columns
from .csvfile import encoding_of

# Keys looked at to learn a file's columns.
_SAMPLE_LINES = 50


def _lines(path: Path) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, object, None) for each non-blank line, or (n, None, reason) for a bad one."""
    check_file(path)
    encoding = encoding_of(path)
    try:
        fh = open(path, encoding=encoding, errors="strict")
    except OSError as exc:
        raise ArticleReadError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with fh:
        number = 0
        while True:
            try:
                line = fh.readline()
            except UnicodeDecodeError:
                yield number + 1, None, f"cannot decode the file from here on as {encoding}; the lines after this one are not read"
                return
            if not line:
                return
            number += 1
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as exc:
                yield number, None, f"not valid JSON ({exc})"
                continue
            if not isinstance(value, dict):
                yield number, None, "not a JSON object (one article per line, as {\"text\": …})"
                continue
            yield number, value, None


def _value(obj: dict, key: str) -> object:
    if key in obj:
        return obj[key]
    node: object = obj
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _flat_keys(obj: dict, prefix: str = "", depth: int = 0) -> list[str]:
    keys = []
    for k, v in obj.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and depth < 2:
            keys.extend(_flat_keys(v, name + ".", depth + 1))
        else:
            keys.append(name)
    return keys


def _columns(path: Path) -> list[str]:
    """The keys of the first objects, in order of appearance (nested ones as a.b)."""
    seen: dict[str, None] = {}
    for n, (_number, obj, _problem) in enumerate(_lines(path)):
        if obj is not None:
            for k in _flat_keys(obj):
                seen.setdefault(k, None)
        if n >= _SAMPLE_LINES:
            break
    return list(seen)


def _layout(path: Path, columns: Mapping[str, str] | None) -> Layout:
    names = _columns(path)
    if not names:
        raise ArticleReadError(f"{path}: no JSON object in the file")
    # A key named in a mapping may appear only in later lines: keep it as a column all the same.
    names += [c for c in wanted_columns(names, columns).values() if c not in names]
    return layout(names, columns, str(path))


def _cells(found: Layout, obj: dict) -> list[object]:
    cells: list[object] = [None] * len(found.columns)
    for i in found.index.values():
        value = _value(obj, found.columns[i])
        if isinstance(value, list) and all(isinstance(x, str) for x in value):
            value = "\n\n".join(value)  # a body kept as a list of paragraphs
        elif isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False)
        cells[i] = value
    return cells


def read(path: Path, columns: Mapping[str, str] | None = None) -> Iterator[Record]:
    found = _layout(path, columns)
    for number, obj, problem in _lines(path):
        if obj is None:
            yield Record("", row=number, error=problem)
        else:
            yield found.record(_cells(found, obj), number)


def count(path: Path, columns: Mapping[str, str] | None = None) -> int:
    return sum(1 for _ in _lines(path))


def preview(path: Path, rows: int = 5) -> Preview:
    names = _columns(path)
    if not names:
        raise ArticleReadError(f"{path}: no JSON object in the file")
    first, total = [], 0
    for _number, obj, _problem in _lines(path):
        total += 1
        if obj is not None and len(first) < rows:
            first.append([_value(obj, k) for k in names])
    return preview_of(names, first, total)
