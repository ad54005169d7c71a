"""Article metadata read from the text itself: headline, publication date, outlet, reporter."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    headline: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    outlet: str | None = None
    reporter: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def extract_metadata(text: str, today=None) -> ArticleMeta:
    return ArticleMeta()
