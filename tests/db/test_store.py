"""The repository the viewer reads: rows, filters, sorts, corrections."""
from __future__ import annotations

from db import QuoteFilter, Store

from .conftest import add_article, make_quote


def test_article_with_quotes_round_trips(fresh_db: Store):
    aid = add_article(fresh_db, "본문 하나", [make_quote("예산을 늘리겠다", stance="commitment")],
                      headline="제목", published="2025-12-17", source_path="a.txt")
    assert aid is not None
    [qid] = fresh_db.quote_ids(QuoteFilter())
    [row] = fresh_db.quote_rows([qid])
    assert (row.speaker, row.org, row.title, row.text, row.stance) == ("홍길동", "행정안전부", "장관", "예산을 늘리겠다", "commitment")
    assert (row.headline, row.published, row.source_path, row.status) == ("제목", "2025-12-17", "a.txt", "parsed")
    assert fresh_db.article(aid).text == "본문 하나"
