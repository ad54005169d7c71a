"""What every part of the store shares: the user-facing error, name keys, timestamps, small value helpers.

No SQL here; `store`, `corrections` and `record` import from it so that none imports another's internals.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Any, Iterator

UNKNOWN_SPEAKER_LABEL = "(미상)"
# The same as attribution.model.SPEAKER_TYPES (tests check); kept here so the store loads without the parser.
SPEAKER_TYPES = ("person", "organization", "anonymous", "unknown")


class StoreError(Exception):
    """A problem the user can understand and fix (bad file, locked database, full disk); the message says what."""


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
