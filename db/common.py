"""What every part of the store shares: the user-facing error, name keys, timestamps, small value helpers.

No SQL here; `store`, `writing`, `corrections` and `record` import from it so that none imports another's internals.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, is_dataclass
from functools import lru_cache
from typing import Any, Iterator

UNKNOWN_SPEAKER_LABEL = "(미상)"
# The same as attribution.model.SPEAKER_TYPES (tests check); kept here so the store loads without the parser.
SPEAKER_TYPES = ("person", "organization", "anonymous", "unknown")


class StoreError(Exception):
    """A problem the user can understand and fix (bad file, locked database, full disk); the message says what."""


@lru_cache(maxsize=65536)
def fold_key(value: str | None) -> str:
    """Case- and space-insensitive key for names and organisations."""
    if not value:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).casefold()


def now() -> str:
    """The current time as an ISO timestamp (UTC, seconds)."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def blank_to_none(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def check_type(value: str) -> str:
    if value not in SPEAKER_TYPES:
        raise StoreError(f"Unknown speaker type {value!r}; use one of {', '.join(SPEAKER_TYPES)}.")
    return value


def chunks(items: list, size: int = 500) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def normalize_text(text: str) -> str:
    """The text form that is hashed: NFC, LF line ends, no trailing spaces, no BOM, no outer blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalized text: the same article read twice gets the same hash."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


_DATE = re.compile(r"^\s*(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?\.?\s*$")


def normalize_date(value: str | None, what: str = "date") -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD (also with . or /), zero-padded; StoreError for anything else."""
    if value is None or not str(value).strip():
        return None
    m = _DATE.match(str(value))
    if not m:
        raise StoreError(f"{what} {value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = m.groups()
    try:
        if day:
            return _dt.date(int(year), int(month), int(day)).isoformat()
        if month:
            if not 1 <= int(month) <= 12:
                raise ValueError
            return f"{int(year):04d}-{int(month):02d}"
    except ValueError:
        raise StoreError(f"{what} {value!r} is not a valid date") from None
    return f"{int(year):04d}"


def safe_date(value: Any) -> str | None:
    """normalize_date, or None for what is not a date (an article's date as the parser read it)."""
    try:
        return normalize_date(value)
    except StoreError:
        return None


def as_dict(obj: Any) -> dict:
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if is_dataclass(obj):
        return asdict(obj)
    raise TypeError(f"expected a dict or a dataclass, got {type(obj).__name__}")


def json_list(value: Any) -> str:
    if not value:
        return "[]"
    if isinstance(value, str):
        return json.dumps([value], ensure_ascii=False)
    return json.dumps([str(v) for v in value], ensure_ascii=False)
