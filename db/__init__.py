"""The store: SQLite schema and migrations, the repository the viewer reads, ingest and CSV export.

The only package that knows SQL. No Qt.
"""
from __future__ import annotations

from .corrections import Correction, HistoryEntry
from .record import ArticleSummary, DuplicateCandidate, MergePreview, Role, SpeakerRecord
from .search import highlight_spans
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
    "ArticleSummary",
    "Correction",
    "DatabaseDamaged",
    "DatabaseLocked",
    "DuplicateCandidate",
    "HistoryEntry",
    "MergePreview",
    "Role",
    "SpeakerRecord",
    "highlight_spans",
    "QuoteFilter",
    "QuoteRow",
    "SpeakerRow",
    "Store",
    "StoreError",
    "content_hash",
    "default_db_path",
]
