"""Plain text articles (.txt, .md): decoded as `attribution.read_article` always did (UTF-8 with or
without BOM, UTF-16, CP949/EUC-KR); the text says nothing about itself, so the parser finds the
headline, date and byline in it."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Mapping

from ..textio import read_text_file
from . import Record


def read(path: Path, columns: Mapping[str, str] | None = None) -> Iterator[Record]:
    yield Record(read_text_file(path))
