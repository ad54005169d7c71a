"""The store: SQLite schema and migrations, the repository the viewer reads, ingest and CSV export.

The only package that knows SQL. No Qt.
"""
from __future__ import annotations

from .store import (
    ArticleRow,
    DatabaseDamaged,
    DatabaseLocked,
    QuoteFilter,
    QuoteRow,
    SpeakerRow,
    Store,
    StoreError,
    content_hash,
    default_db_path,
)

__all__ = [
    "ArticleRow",
    "DatabaseDamaged",
    "DatabaseLocked",
    "QuoteFilter",
    "QuoteRow",
    "SpeakerRow",
    "Store",
    "StoreError",
    "content_hash",
    "default_db_path",
]
