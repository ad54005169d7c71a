"""The repository the viewer reads: rows, filters, sorts, speakers and corrections."""
from __future__ import annotations

import pytest

from db import QuoteFilter, Store, StoreError

from .conftest import add_article, make_quote


def test_article_with_quotes_round_trips(fresh_db: Store):
    aid = add_article(fresh_db, "본문 하나", [make_quote("예산을 늘리겠다", stance="commitment", evidence=("a", "b"))],
                      headline="제목", published="2025-12-17", source_path="a.txt", outlet="천지일보", reporter="강은영")
    assert aid is not None
    [qid] = fresh_db.quote_ids(QuoteFilter())
    [row] = fresh_db.quote_rows([qid])
    assert (row.speaker, row.org, row.title, row.text, row.stance) == ("홍길동", "행정안전부", "장관", "예산을 늘리겠다", "commitment")
    assert (row.headline, row.published, row.source_path, row.status) == ("제목", "2025-12-17", "a.txt", "parsed")
    assert row.evidence == ("a", "b") and row.needs_review is False
    art = fresh_db.article(aid)
    assert (art.text, art.outlet, art.reporter) == ("본문 하나", "천지일보", "강은영")


def test_same_text_is_stored_once(fresh_db: Store):
    assert add_article(fresh_db, "같은 기사\r\n", [make_quote("하나")]) is not None
    assert add_article(fresh_db, "같은 기사", [make_quote("하나")]) is None  # same normalized text
    assert fresh_db.article_count() == 1 and fresh_db.quote_count(QuoteFilter()) == 1
    assert fresh_db.speaker_rows(fresh_db.speaker_ids())[0].quote_count == 1


def test_same_name_and_org_is_one_speaker_across_articles_keeping_each_title(fresh_db: Store):
    add_article(fresh_db, "기사 1", [make_quote("첫 발언", "Kim Minsu", org="삼성 전자", title="부장")])
    add_article(fresh_db, "기사 2", [make_quote("둘째 발언", "kim  minsu", org="삼성전자", title="상무")])
    [sid] = fresh_db.speaker_ids()
    [speaker] = fresh_db.speaker_rows([sid])
    assert speaker.quote_count == 2 and speaker.titles == "부장, 상무"
    rows = fresh_db.quote_rows(fresh_db.quote_ids(QuoteFilter(speaker_ids=(sid,)), sort="text", descending=False))
    assert [(r.text, r.title) for r in rows] == [("둘째 발언", "상무"), ("첫 발언", "부장")]


def test_namesake_in_another_org_stays_apart(fresh_db: Store):
    add_article(fresh_db, "기사 1", [make_quote("A", "김철수", org="국토교통부")])
    add_article(fresh_db, "기사 2", [make_quote("B", "김철수", org="서울대")])
    add_article(fresh_db, "기사 3", [make_quote("C", "김철수", org=None, title=None)])
    rows = fresh_db.speaker_rows(fresh_db.speaker_ids(sort="org", descending=False))
    assert sorted((r.name, r.org or "") for r in rows) == [("김철수", ""), ("김철수", "국토교통부"), ("김철수", "서울대")]
    assert all(r.quote_count == 1 for r in rows)
    assert fresh_db.find_speakers("김철수", "서울대") == [r.id for r in rows if r.org == "서울대"]


def test_unknown_speaker_has_no_speaker_row(fresh_db: Store):
    add_article(fresh_db, "기사", [make_quote("누가 말했나", None)])
    assert fresh_db.speaker_count() == 0
    [row] = fresh_db.quote_rows(fresh_db.quote_ids(QuoteFilter()))
    assert row.speaker_id is None and row.speaker is None and row.speaker_type == "unknown"


def test_filters(fresh_db: Store):
    add_article(fresh_db, "겨울 기사", [make_quote("겨울 발언", verb="강조했다", stance="commitment"),
                                      make_quote("검토 발언", "이영희", org="국방부", verb="말했다", needs_review=True)],
                published="2025-12-17")
    add_article(fresh_db, "봄 기사", [make_quote("봄 발언", verb="말했다", stance="criticism")], published="2025-03-02")
    add_article(fresh_db, "날짜 없는 기사", [make_quote("언제 발언")])

    def texts(**kw):
        return sorted(r.text for r in fresh_db.quote_rows(fresh_db.quote_ids(QuoteFilter(**kw))))

    assert texts(verb="강조했다") == ["겨울 발언"]
    assert texts(stance="criticism") == ["봄 발언"]
    assert texts(org="국방부") == ["검토 발언"]
    assert texts(org=" 국방 부 ") == ["검토 발언"]  # org keys ignore case and spaces
    assert texts(since="2025-12-01") == ["검토 발언", "겨울 발언"]
    assert texts(until="2025-03") == ["봄 발언"]  # a month is inclusive
    assert texts(since="2025", until="2025-12-17") == ["검토 발언", "겨울 발언", "봄 발언"]
    assert texts(needs_review=True) == ["검토 발언"]
    assert fresh_db.quote_count(QuoteFilter(needs_review=False)) == 3
    aid = fresh_db.quote_rows(fresh_db.quote_ids(QuoteFilter(stance="criticism")))[0].article_id
    assert texts(article_id=aid) == ["봄 발언"]
    assert fresh_db.verbs() == ["강조했다", "말했다"]
    assert fresh_db.stances() == ["commitment", "criticism"]
    assert fresh_db.orgs() == ["국방부", "행정안전부"]
    with pytest.raises(StoreError, match="date"):
        fresh_db.quote_ids(QuoteFilter(since="어제"))


def test_sorts_by_date_and_speaker(fresh_db: Store):
    add_article(fresh_db, "1", [make_quote("가", "나중사람")], published="2024-01-01")
    add_article(fresh_db, "2", [make_quote("나", "가장먼저")], published="2025-01-01")
    newest = fresh_db.quote_rows(fresh_db.quote_ids(QuoteFilter(), sort="date"))
    assert [r.published for r in newest] == ["2025-01-01", "2024-01-01"]
    by_name = fresh_db.quote_rows(fresh_db.quote_ids(QuoteFilter(), sort="speaker", descending=False))
    assert [r.speaker for r in by_name] == ["가장먼저", "나중사람"]
    with pytest.raises(ValueError):
        fresh_db.quote_ids(QuoteFilter(), sort="nonsense")


def test_speaker_search_and_sort(fresh_db: Store):
    add_article(fresh_db, "1", [make_quote("a", "홍길동", title="장관"), make_quote("b", "홍길동", title="장관"),
                                make_quote("c", "100% 박사", org="연구소", title="소장", speaker_type="person")])
    add_article(fresh_db, "2", [make_quote("d", "기획재정부", org=None, title=None, speaker_type="organization")])
    names = lambda ids: [r.name for r in fresh_db.speaker_rows(ids)]  # noqa: E731
    assert names(fresh_db.speaker_ids()) [0] == "홍길동"  # most quotes first
    assert names(fresh_db.speaker_ids("장관")) == ["홍길동"]  # titles are searched
    assert names(fresh_db.speaker_ids("연구")) == ["100% 박사"]  # orgs are searched
    assert names(fresh_db.speaker_ids("%")) == ["100% 박사"]  # LIKE wildcards are plain text
    assert names(fresh_db.speaker_ids("_")) == []
    assert names(fresh_db.speaker_ids(types=("organization",))) == ["기획재정부"]
    assert names(fresh_db.speaker_ids(sort="name", descending=False)) == ["100% 박사", "기획재정부", "홍길동"]
    assert fresh_db.speaker_count() == 3
    ids = fresh_db.speaker_ids(sort="name")
    assert [r.id for r in fresh_db.speaker_rows(list(reversed(ids)))] == list(reversed(ids))


def test_reassign_and_counts(fresh_db: Store):
    add_article(fresh_db, "1", [make_quote("x", "갑"), make_quote("y", "을")])
    a, b = fresh_db.find_speakers("갑")[0], fresh_db.find_speakers("을")[0]
    qx = fresh_db.quote_ids(QuoteFilter(speaker_ids=(a,)))[0]
    fresh_db.reassign_quote(qx, b)
    assert [r.quote_count for r in fresh_db.speaker_rows([a, b])] == [0, 2]
    row = fresh_db.quote_rows([qx])[0]
    assert (row.speaker, row.status) == ("을", "corrected")
    with pytest.raises(StoreError):
        fresh_db.reassign_quote(qx, 9999)


def test_merge_makes_the_removed_name_an_alias(fresh_db: Store):
    add_article(fresh_db, "1", [make_quote("x", "이재명", org="더불어민주당", title="대표")])
    add_article(fresh_db, "2", [make_quote("y", "이재명", org="민주당", title="후보")])
    keep, remove = fresh_db.find_speakers("이재명", "더불어민주당")[0], fresh_db.find_speakers("이재명", "민주당")[0]
    fresh_db.merge_speakers(keep, remove)
    assert fresh_db.speaker_ids() == [keep]
    assert fresh_db.speaker_rows([keep])[0].quote_count == 2
    assert fresh_db.speaker_rows([keep])[0].titles == "대표, 후보"
    add_article(fresh_db, "3", [make_quote("z", "이재명", org="민주당", title="후보")])  # a later article
    assert fresh_db.speaker_ids() == [keep] and fresh_db.speaker_rows([keep])[0].quote_count == 3


def test_update_speaker_and_clash(fresh_db: Store):
    add_article(fresh_db, "1", [make_quote("x", "홍길둥"), make_quote("y", "홍길동", org="국방부")])
    sid = fresh_db.find_speakers("홍길둥")[0]
    fresh_db.update_speaker(sid, name="홍길동")
    assert fresh_db.speaker_rows([sid])[0].name == "홍길동"
    add_article(fresh_db, "2", [make_quote("z", "홍길둥")])  # the misspelling now lands on the fixed speaker
    assert fresh_db.speaker_rows([sid])[0].quote_count == 2
    with pytest.raises(StoreError, match="merge"):
        fresh_db.update_speaker(sid, org="국방부")
    fresh_db.update_speaker(sid, type="organization", org="")
    row = fresh_db.speaker_rows([sid])[0]
    assert (row.type, row.org) == ("organization", None)


def test_not_speech_confirm_and_title(fresh_db: Store):
    aid = add_article(fresh_db, "1", [make_quote("구호", start=10), make_quote("진짜 발언", start=0, title="차관")])
    sid = fresh_db.find_speakers("홍길동")[0]
    slogan = fresh_db.quote_ids(QuoteFilter(query="구호"))[0]
    fresh_db.mark_not_speech(slogan)
    assert fresh_db.quote_count(QuoteFilter()) == 1
    assert fresh_db.quote_count(QuoteFilter(include_not_speech=True)) == 2
    assert [q.text for q in fresh_db.article_quotes(aid)] == ["진짜 발언"]
    assert fresh_db.speaker_rows([sid])[0].quote_count == 1
    assert fresh_db.speaker_rows([sid])[0].titles == "차관"
    fresh_db.mark_not_speech(slogan, False)
    assert fresh_db.quote_rows([slogan])[0].status == "confirmed"
    assert fresh_db.speaker_rows([sid])[0].quote_count == 2
    real = fresh_db.quote_ids(QuoteFilter(query="진짜"))[0]
    fresh_db.set_quote_title(real, "1차관")
    assert fresh_db.quote_rows([real])[0].title == "1차관"
    assert fresh_db.speaker_rows([sid])[0].titles == "1차관, 장관"
    fresh_db.confirm_quote(real)
    assert fresh_db.quote_rows([real])[0].status == "corrected"  # confirming keeps the stronger mark
    assert fresh_db.stance_mix(sid) == {"": 2}


def test_create_speaker_returns_existing(fresh_db: Store):
    a = fresh_db.create_speaker("새 인물", org="기관")
    assert fresh_db.create_speaker("새인물", org="기관") == a
    assert fresh_db.speaker_rows([a])[0].quote_count == 0
    with pytest.raises(StoreError):
        fresh_db.create_speaker("  ")


def test_stance_mix(fresh_db: Store):
    add_article(fresh_db, "1", [make_quote("a", stance="commitment"), make_quote("b", stance="commitment"),
                                make_quote("c", stance="criticism")])
    sid = fresh_db.find_speakers("홍길동")[0]
    assert fresh_db.stance_mix(sid) == {"commitment": 2, "criticism": 1}


def test_readonly_store_refuses_writes(db_path):
    Store.open(db_path).close()
    with Store.open(db_path, readonly=True) as ro:
        assert ro.quote_count(QuoteFilter()) == 0
        with pytest.raises(StoreError, match="read-only"):
            ro.create_speaker("누구")


def test_locked_database_gives_a_clear_error(db_path, monkeypatch):
    import db.store as store_module

    writer = Store.open(db_path)
    other = Store.open(db_path)
    other._conn.execute("PRAGMA busy_timeout = 100")
    with writer.batch():
        writer.create_speaker("잠금")
        with pytest.raises(StoreError, match="locked"):
            other.create_speaker("대기")
    other.close()
    writer.close()
    assert store_module.BUSY_TIMEOUT_MS == 5000


def test_speaker_types_are_checked(fresh_db: Store):
    from attribution.model import SPEAKER_TYPES
    from db.store import SPEAKER_TYPES as STORE_TYPES

    assert STORE_TYPES == SPEAKER_TYPES
    sid = fresh_db.create_speaker("국방부", type="organization")
    with pytest.raises(StoreError, match="speaker type"):
        fresh_db.update_speaker(sid, type="robot")
    with pytest.raises(StoreError, match="speaker type"):
        fresh_db.create_speaker("누구", type="robot")


@pytest.mark.parametrize(
    "f",
    [QuoteFilter(), QuoteFilter(speaker_ids=(1,)), QuoteFilter(since="2025-01-01"), QuoteFilter(until="2025-06")],
)
def test_newest_first_lists_walk_an_index_without_sorting(fresh_db: Store, f):
    """The viewer's default lists stay fast at a million quotes: no temporary sort, no table scan."""
    add_article(fresh_db, "1", [make_quote("a")], published="2025-01-02")
    sql, params = fresh_db._quote_ids_sql(f, "date", True)
    plan = " | ".join(r[3] for r in fresh_db._conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    assert "TEMP B-TREE" not in plan and "INDEX" in plan, plan


def test_default_order_is_newest_first(fresh_db: Store):
    add_article(fresh_db, "old", [make_quote("옛 발언")], published="2024-01-01")
    add_article(fresh_db, "none", [make_quote("날짜 없음")])
    add_article(fresh_db, "new", [make_quote("새 발언 1", start=0), make_quote("새 발언 2", start=20)],
                published="2025-01-01")
    texts = [r.text for r in fresh_db.quote_rows(fresh_db.quote_ids(QuoteFilter()))]
    assert texts[:3] == ["새 발언 2", "새 발언 1", "옛 발언"] and texts[3] == "날짜 없음"
    oldest = [r.text for r in fresh_db.quote_rows(fresh_db.quote_ids(QuoteFilter(), descending=False))]
    assert oldest == list(reversed(texts))


def test_split_a_wrongly_merged_speaker(fresh_db: Store):
    """Two namesakes the parser put together (no org given) are split by the user: new speaker + reassign."""
    add_article(fresh_db, "1", [make_quote("축구 이야기", "김민재", org=None, title="선수")])
    add_article(fresh_db, "2", [make_quote("법안 이야기", "김민재", org=None, title="의원")])
    [both] = fresh_db.speaker_ids()
    politician = fresh_db.create_speaker("김민재", org="국회")
    [bill] = fresh_db.quote_ids(QuoteFilter(query="법안"))
    fresh_db.reassign_quote(bill, politician)
    rows = {r.id: r for r in fresh_db.speaker_rows(fresh_db.speaker_ids())}
    assert (rows[both].quote_count, rows[both].titles) == (1, "선수")
    assert (rows[politician].quote_count, rows[politician].titles, rows[politician].org) == (1, "의원", "국회")
    assert fresh_db.quote_rows([bill])[0].org == "국회"


def test_full_disk_is_a_clear_error_and_stores_nothing_half(fresh_db: Store):
    add_article(fresh_db, "작은 기사", [make_quote("짧은 발언")])
    pages = fresh_db._conn.execute("PRAGMA page_count").fetchone()[0]
    fresh_db._conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # as if the disk were nearly full
    big = [make_quote(f"아주 긴 발언 {i} " + "가나다라마바사 " * 200, start=i * 2000) for i in range(30)]
    with pytest.raises(StoreError, match="full"):
        add_article(fresh_db, "큰 기사 " * 1000, big)
    assert fresh_db.article_count() == 1 and fresh_db.quote_count(QuoteFilter()) == 1
    assert fresh_db.speaker_rows(fresh_db.speaker_ids())[0].quote_count == 1
    assert fresh_db.integrity_check() == []


def test_rows_carry_mention_and_cue_spans(fresh_db: Store):
    body = "홍길동 장관은 “예산을 늘리겠다”고 말했다."
    quote = make_quote("예산을 늘리겠다", start=9, mention="홍길동", mention_start=0, mention_end=3,
                       cue="말했다", cue_start=20, cue_end=23)
    aid = add_article(fresh_db, body, [quote])
    [row] = fresh_db.article_quotes(aid)
    assert body[row.start:row.end] == "예산을 늘리겠다"
    assert body[row.mention_start:row.mention_end] == "홍길동" and body[row.cue_start:row.cue_end] == "말했다"


def test_filter_by_many_speakers(fresh_db: Store):
    add_article(fresh_db, "1", [make_quote("a", "갑"), make_quote("b", "을"), make_quote("c", None)])
    gap = fresh_db.find_speakers("갑")[0]
    many = tuple(range(10_000, 10_600)) + (gap,)  # more ids than fit in one IN (...) list
    assert [r.text for r in fresh_db.quote_rows(fresh_db.quote_ids(QuoteFilter(speaker_ids=many)))] == ["a"]
    assert fresh_db.quote_count(QuoteFilter(speaker_ids=many)) == 1


def test_quote_ids_in_windows(fresh_db: Store):
    """A window of the sorted ids equals the same slice of the whole list (the viewer pages with it)."""
    for n in range(7):
        add_article(fresh_db, f"기사 {n}", [make_quote(f"발언 {n}-{k}", start=k * 20) for k in range(3)],
                    published=f"2025-01-{n + 1:02d}")
    for sort, desc in (("date", True), ("date", False), ("speaker", False), ("text", True)):
        whole = fresh_db.quote_ids(QuoteFilter(), sort=sort, descending=desc)
        assert len(whole) == 21 == fresh_db.quote_count(QuoteFilter())
        assert fresh_db.quote_ids(QuoteFilter(), sort=sort, descending=desc, limit=5) == whole[:5]
        assert fresh_db.quote_ids(QuoteFilter(), sort=sort, descending=desc, limit=5, offset=18) == whole[18:]
        assert fresh_db.quote_ids(QuoteFilter(), sort=sort, descending=desc, offset=10) == whole[10:]
    f = QuoteFilter(query="발언")
    assert fresh_db.quote_ids(f, limit=4, offset=2) == fresh_db.quote_ids(f)[2:6]


def test_speaker_filter_prefix_hits_first(fresh_db: Store):
    add_article(fresh_db, "1", [make_quote("a", "이김민", org="부처"), make_quote("b", "김민수", org="부처"),
                                make_quote("c", "김 민호", org="국회", start=5), make_quote("d", "박지원", org="김민당")])
    names = lambda ids: [r.name for r in fresh_db.speaker_rows(ids)]  # noqa: E731
    assert names(fresh_db.speaker_ids("김민", sort="name", descending=False, match="prefix")) == ["김 민호", "김민수"]
    # prefix hits (name_key: case/space-insensitive) first, then substring hits in name, org or titles
    assert names(fresh_db.speaker_ids("김민", sort="name", descending=False)) == ["김 민호", "김민수", "박지원", "이김민"]
    assert names(fresh_db.speaker_ids("김민", sort="name", descending=False, match="substring")) == ["박지원", "이김민"]
    assert fresh_db.speaker_ids("  ", match="prefix") == fresh_db.speaker_ids()
    sql_plan = fresh_db._conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM speakers WHERE name_key >= ? AND name_key < ?", ("김", "깁")).fetchall()
    assert "INDEX" in " ".join(r[3] for r in sql_plan)


def test_interrupt_stops_a_running_query_from_another_thread(fresh_db: Store):
    import sqlite3
    import threading

    slow = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) "
            "SELECT count(*) FROM n")
    timer = threading.Timer(0.2, fresh_db.interrupt)
    timer.start()
    with pytest.raises(sqlite3.OperationalError, match="interrupt"):
        fresh_db._all(slow)
    timer.join()
    assert fresh_db.quote_count() == 0  # the connection still works
    fresh_db.interrupt()  # between statements: the next one stops
    with pytest.raises(sqlite3.OperationalError, match="interrupt"):
        fresh_db.quote_count()
    assert fresh_db.quote_count() == 0
    fresh_db.close()
    fresh_db.interrupt()  # closed: a no-op


@pytest.mark.parametrize(("field", "value", "error"), [
    ("start", 2**70, "out of range"), ("start", "12x", "invalid literal"), ("speaker", {"a": 1}, "expected text"),
    ("confidence", "high", "could not convert"), ("evidence", 5, "object is not iterable"),
])
def test_a_record_that_cannot_be_stored_fails_alone_and_whole(fresh_db, field, value, error):
    """Bad values are found before anything is written: the article is not stored, nothing half-written."""
    from db.writing import prepare_article

    good = make_quote("예산을 늘리겠다")
    bad = {**good.to_dict(), field: value}
    with pytest.raises((ValueError, TypeError), match=error):
        prepare_article(source_path=None, text="본문", meta={}, quotes=[good, bad])
    assert fresh_db.article_count() == 0 and fresh_db.quote_count(QuoteFilter(include_not_speech=True)) == 0


def test_values_a_parser_might_give_as_other_types_are_converted(fresh_db):
    quote = {**make_quote("예산을 늘리겠다").to_dict(), "start": 3.0, "end": "18", "verb": 7, "confidence": "0.5",
             "needs_review": 1, "mention": None, "evidence": ("하나", 2), "stance_secondary": "concern"}
    del quote["sentence"]  # missing fields are empty
    aid = fresh_db.add_parsed_article(source_path=None, text="본문", meta={}, quotes=[quote])
    [row] = fresh_db.article_quotes(aid)
    assert (row.start, row.end, row.verb, row.confidence, row.needs_review, row.evidence, row.sentence) == (
        3, 18, "7", 0.5, True, ("하나", "2"), "")
