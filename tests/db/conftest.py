"""Fixtures for the store tests: a fresh database file per test and hand-made parser output."""
from __future__ import annotations

import pytest

from attribution.model import Quote
from db import Store


def make_quote(text: str, speaker: str | None = "홍길동", *, org: str | None = "행정안전부", title: str | None = "장관",
               start: int = 0, verb: str | None = "말했다", stance: str | None = None, speaker_type: str = "person",
               **extra) -> Quote:
    """A Quote as the parser would return it, with only the fields a test cares about set."""
    return Quote(
        text=text, start=start, end=start + len(text), speaker=speaker,
        speaker_type=speaker_type if speaker else "unknown", title=title if speaker else None,
        org=org if speaker else None, verb=verb, resolution="same_sentence" if speaker else "unresolved",
        confidence=0.9 if speaker else 0.2, sentence=f"“{text}”라고 {verb}.", stance=stance, **extra,
    )


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "balheon.db"


@pytest.fixture
def fresh_db(db_path):
    store = Store.open(db_path)
    yield store
    store.close()


def add_article(store: Store, body: str, quotes, **meta) -> int | None:
    return store.add_parsed_article(source_path=meta.pop("source_path", None), text=body, meta=meta, quotes=quotes)
