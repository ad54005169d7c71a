"""A headline quote and the same words in the body are stored as one statement, marked as in the headline."""
from __future__ import annotations

import pytest

import attribution
from db import QuoteFilter, Store
from db.headlines import fold_headline_quotes, headline_span, same_words

from . import fakeparser
from .conftest import add_article, make_quote

ARTICLE = (
    "김 장관 “부동산 시장 반드시 안정시키겠다”\n"
    "입력 2025.03.04 10:00\n"
    "김현수 국토교통부 장관은 4일 정부서울청사에서 기자간담회를 열고 “부동산 시장을 반드시 안정시키겠다”고 말했다.\n"
    "그는 “공급 대책을 서두르겠다”고 덧붙였다.\n"
)
HEADLINE = "김 장관 “부동산 시장 반드시 안정시키겠다”"


def quote_at(text: str, words: str, speaker: str | None = "김현수", org: str | None = "국토교통부", **kw):
    start = text.index(words)
    return make_quote(words, speaker, org=org, title="장관", start=start, **kw)


@pytest.mark.parametrize("head, body, same", [
    ("부동산 시장 반드시 안정시키겠다", "부동산 시장을 반드시 안정시키겠다", True),   # particles dropped in the headline
    ("공급 서두르겠다", "공급 대책을 서두르겠다", True),                              # a shortened headline
    ("부동산 안정", "부동산 시장을 반드시 안정시키겠다", True),                        # a stem begins a body word
    ("세금 올리겠다", "부동산 시장을 반드시 안정시키겠다", False),
    ("안정", "부동산 시장을 반드시 안정시키겠다", False),                             # one word: a slogan, not enough
])
def test_same_words(head, body, same):
    assert same_words(head, body) is same


def test_headline_span_is_the_first_line_when_it_is_the_headline():
    assert headline_span(ARTICLE, HEADLINE) == (0, len(HEADLINE))
    assert headline_span("\n  " + HEADLINE + "\n본문", HEADLINE) == (3, 3 + len(HEADLINE))
    assert headline_span(ARTICLE, None) is None
    assert headline_span(ARTICLE, "다른 제목") is None


def test_fold_keeps_the_body_quote_with_the_headline_span():
    head = quote_at(ARTICLE, "부동산 시장 반드시 안정시키겠다", verb=None).to_dict()
    body = quote_at(ARTICLE, "부동산 시장을 반드시 안정시키겠다").to_dict()
    other = quote_at(ARTICLE, "공급 대책을 서두르겠다").to_dict()
    folded, kept = fold_headline_quotes(ARTICLE, HEADLINE, [head, body, other])
    assert [q["text"] for q in folded] == [body["text"], other["text"]] and kept == {}
    assert folded[0]["in_headline"] and (folded[0]["headline_start"], folded[0]["headline_end"]) == (head["start"], head["end"])
    assert not folded[1].get("in_headline")


def test_other_speakers_words_in_the_headline_stay_apart():
    head = quote_at(ARTICLE, "부동산 시장 반드시 안정시키겠다", speaker="정부", org=None).to_dict()
    body = quote_at(ARTICLE, "부동산 시장을 반드시 안정시키겠다").to_dict()
    folded, _ = fold_headline_quotes(ARTICLE, HEADLINE, [head, body])
    assert len(folded) == 2
    anonymous_head = quote_at(ARTICLE, "부동산 시장 반드시 안정시키겠다", speaker=None).to_dict()
    assert len(fold_headline_quotes(ARTICLE, HEADLINE, [anonymous_head, body])[0]) == 1


def test_stored_once_and_marked(fresh_db: Store):
    quotes = [quote_at(ARTICLE, "부동산 시장 반드시 안정시키겠다"), quote_at(ARTICLE, "부동산 시장을 반드시 안정시키겠다"),
              quote_at(ARTICLE, "공급 대책을 서두르겠다")]
    add_article(fresh_db, ARTICLE, quotes, headline=HEADLINE, published="2025-03-04")
    rows = fresh_db.quote_rows(fresh_db.quote_ids(QuoteFilter(), sort="article", descending=False))
    assert [r.text for r in rows] == ["부동산 시장을 반드시 안정시키겠다", "공급 대책을 서두르겠다"]
    assert rows[0].in_headline and (rows[0].headline_start, rows[0].headline_end) == (quotes[0].start, quotes[0].end)
    assert not rows[1].in_headline
    [sid] = fresh_db.find_speakers("김현수")
    assert fresh_db.speaker(sid).quote_count == 2  # one statement, counted once


def headline_and_body_quotes(raw):
    """A parser that finds both the headline's and the body's quote (module-level: parser processes import it)."""
    qs = (quote_at(raw, "부동산 시장 반드시 안정시키겠다"), quote_at(raw, "부동산 시장을 반드시 안정시키겠다"))
    return attribution.model.ParsedArticle(text=raw, quotes=qs)


def test_reparse_folds_into_a_quote_the_user_kept(tmp_path, db_path, monkeypatch):
    """Before: two quotes (an older parse); the user confirmed the body one; a re-parse folds the headline one into it."""
    parse = headline_and_body_quotes
    with Store.open(db_path) as store:
        aid = store.add_parsed_article(source_path="a.txt", text=ARTICLE, meta={"published": "2025-03-04"},
                                       quotes=list(parse(ARTICLE).quotes))  # no headline known: both stored
        assert store.quote_count(QuoteFilter()) == 2
        body = store.quote_ids(QuoteFilter(), sort="article", descending=False)[1]
        store.confirm_quote(body)
        store._conn.execute("UPDATE articles SET headline = ? WHERE id = ?", (HEADLINE, aid))
    monkeypatch.setattr(attribution, "parse_text", parse)
    from db.ingest import reparse_articles

    reparse_articles(db_path, jobs=1)
    with Store.open(db_path) as store:
        [row] = store.quote_rows(store.quote_ids(QuoteFilter()))
        assert row.id == body and row.status == "confirmed" and row.in_headline


def test_real_parser_headline_and_lead_are_one_statement(tmp_path, db_path):
    from db.ingest import ingest_paths

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    report = ingest_paths(db_path, [folder], jobs=1)
    assert report.added == 1
    with Store.open(db_path) as store:
        rows = store.quote_rows(store.quote_ids(QuoteFilter(), sort="article", descending=False))
        texts = [r.text for r in rows]
        assert texts.count("부동산 시장을 반드시 안정시키겠다") == 1 and "부동산 시장 반드시 안정시키겠다" not in texts
        assert rows[0].in_headline and rows[0].speaker == "김현수"


def test_fake_parser_articles_are_untouched(fresh_db: Store):
    """No quote in the headline line: nothing changes."""
    parsed = fakeparser.fake_parse(fakeparser.article(1, 2))
    add_article(fresh_db, parsed.text, list(parsed.quotes), headline="기사 제목 1")
    assert fresh_db.quote_count(QuoteFilter()) == 2
