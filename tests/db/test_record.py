"""A speaker's record over time, likely duplicates, merge previews; the filters the viewer's small things need."""
from __future__ import annotations

import csv

from db import QuoteFilter, Store, highlight_spans
from db.store import EXPORT_COLUMNS, EXPORT_COLUMNS_KO

from .conftest import add_article, make_quote


def lee(text, title, org, stance=None, start=0):
    return make_quote(text, "이재명", org=org, title=title, stance=stance, start=start)


def fill(store: Store) -> dict[str, int]:
    add_article(store, "기사 1", [lee("당의 입장은 분명하다", "대표", "더불어민주당", "assessment")], published="2023-01-05",
                headline="민주당 대표 기자회견")
    add_article(store, "기사 2", [lee("예산을 늘려야 한다", "대표", "더불어민주당", "request"),
                                 lee("정부는 답하라", "대표", "더불어민주당", "criticism", start=10)], published="2023-01-20")
    add_article(store, "기사 3", [lee("국민과 함께 하겠다", "대표", "더불어민주당", "commitment")], published="2023-03-02")
    add_article(store, "기사 4", [lee("경제를 살리겠다", "대통령", None, "commitment")], published="2025-06-10",
                outlet="연합뉴스")
    add_article(store, "기사 5", [lee("민생이 먼저다", "대통령", "대한민국", "assessment")], published="2025-07-01")
    add_article(store, "기사 6", [lee("날짜 없는 발언이다", "대표", "더불어민주당")])
    add_article(store, "기사 7", [make_quote("다른 이재명의 말", "이재명", org="성남시청", title="주무관")],
                published="2024-01-01")
    add_article(store, "기사 8", [make_quote("함께 나온 말", "이재명", org="대한민국", title="대통령"),
                                 make_quote("같은 기사의 다른 사람", "이재명", org="더불어민주당", title="대표", start=9)],
                published="2025-07-02")
    ids = {}
    for sid in store.speaker_ids():
        row = store.speaker(sid)
        ids[row.org or ""] = sid
    return ids


def test_speaker_record_has_roles_with_dates_and_months_by_stance(fresh_db):
    ids = fill(fresh_db)
    rec = fresh_db.speaker_record(ids["더불어민주당"])
    assert (rec.name, rec.quotes, rec.articles, rec.undated) == ("이재명", 6, 5, 1)
    assert (rec.first, rec.last) == ("2023-01-05", "2025-07-02")
    [role] = rec.roles
    assert (role.title, role.org, role.first, role.last, role.articles, role.quotes) == (
        "대표", "더불어민주당", "2023-01-05", "2025-07-02", 5, 6)
    assert role.dates == ("2023-01-05", "2023-01-20", "2023-03-02", "2025-07-02")
    assert dict(rec.months) == {"2023-01": {"assessment": 1, "request": 1, "criticism": 1},
                                "2023-03": {"commitment": 1}, "2025-07": {"": 1}}
    assert rec.stances()[0] in ("assessment", "commitment", "criticism", "request", "")


def test_a_speaker_with_several_titles_and_orgs_over_time(fresh_db):
    ids = fill(fresh_db)
    fresh_db.merge_speakers(ids["대한민국"], ids["더불어민주당"])
    rec = fresh_db.speaker_record(ids["대한민국"])
    roles = [(r.title, r.org, r.first, r.last) for r in rec.roles]
    assert roles[0] == ("대표", "더불어민주당", "2023-01-05", "2025-07-02")
    assert ("대통령", "대한민국", "2025-07-01", "2025-07-02") in roles


def test_speaker_articles_newest_first_with_counts(fresh_db):
    ids = fill(fresh_db)
    sid = ids["더불어민주당"]
    aids = fresh_db.speaker_article_ids(sid)
    assert fresh_db.speaker_article_count(sid) == len(aids) == 5
    rows = fresh_db.article_summaries(aids, speaker_id=sid)
    assert [r.published for r in rows][:3] == ["2025-07-02", "2023-03-02", "2023-01-20"]
    assert rows[2].quotes == 2 and rows[-1].published is None  # undated last
    assert fresh_db.speaker_article_ids(sid, limit=2, offset=1) == aids[1:3]


def test_likely_duplicates_same_name_other_or_missing_org(fresh_db):
    ids = fill(fresh_db)
    cands = fresh_db.likely_duplicates(ids["더불어민주당"])
    by_org = {c.org or "": c for c in cands}
    assert set(by_org) == {"", "대한민국", "성남시청"}
    assert "한쪽에 소속이 없음" in by_org[""].reasons
    assert "이름이 같고 소속이 다름" in by_org["성남시청"].reasons
    assert by_org["대한민국"].shared_articles == 1  # quoted side by side in article 8
    assert cands[0].org is None  # a missing organisation ranks above a quote side by side
    assert cands[-1].org == "대한민국"
    assert [sorted(g) for g in fresh_db.duplicate_groups()] == [sorted(ids.values())]


def test_same_title_across_articles_is_a_reason(fresh_db):
    add_article(fresh_db, "가", [make_quote("하나", "김철수", org="국토교통부", title="차관")])
    add_article(fresh_db, "나", [make_quote("둘", "김철수", org="국토부", title="차관")])
    a, b = fresh_db.find_speakers("김철수")
    [c] = fresh_db.likely_duplicates(a)
    assert c.speaker_id == b and c.reasons[0] == "같은 직함: 차관"


def test_merge_preview_changes_nothing_and_tells_what_would(fresh_db):
    ids = fill(fresh_db)
    keep, remove = ids["더불어민주당"], ids["대한민국"]
    before = fresh_db.speaker(keep).quote_count
    p = fresh_db.merge_preview(keep, remove)
    assert (p.moved_quotes, p.quotes_after, p.shared_articles) == (2, before + 2, 1)
    assert p.titles_before == ("대표",) and p.titles_after == ("대통령", "대표")
    assert p.alias == "이재명 (대한민국)" and p.first_after == "2023-01-05"
    assert (p.keep_name, p.remove_name) == ("이재명 (더불어민주당)", "이재명 (대한민국)")  # namesakes: told apart
    assert "민생이 먼저다" in p.sample
    assert fresh_db.speaker(keep).quote_count == before and fresh_db.speaker(remove).quote_count == 2
    assert fresh_db.corrections() == []


def test_date_range_and_undated_quotes_by_explicit_choice(fresh_db):
    fill(fresh_db)
    assert fresh_db.date_range() == ("2023-01-05", "2025-07-02")
    assert fresh_db.undated_count() == 1
    everything = fresh_db.quote_count(QuoteFilter())
    assert fresh_db.quote_count(QuoteFilter(undated=False)) == everything - 1
    assert fresh_db.quote_count(QuoteFilter(since="2025")) == 4  # the default: a date range drops them
    assert fresh_db.quote_count(QuoteFilter(since="2025", undated=True)) == 5
    assert fresh_db.quote_count(QuoteFilter(since="2025", undated=False)) == 4
    assert fresh_db.undated_count(QuoteFilter(since="2025", query="발언")) == 1
    assert fresh_db.quote_count(QuoteFilter(query="발언", undated=False)) == 0


def test_quote_filters_narrow_the_speakers_but_keep_the_selected(fresh_db):
    ids = fill(fresh_db)
    crit = fresh_db.speaker_ids(quotes=QuoteFilter(stance="criticism"))
    assert crit == [ids["더불어민주당"]]
    assert fresh_db.speaker_count(quotes=QuoteFilter(stance="criticism")) == 1
    assert set(fresh_db.speaker_ids(quotes=QuoteFilter(query="다른"))) == {ids["성남시청"], ids["더불어민주당"]}
    kept = fresh_db.speaker_ids(quotes=QuoteFilter(stance="criticism"), keep=[ids["성남시청"]])
    assert set(kept) == {ids["더불어민주당"], ids["성남시청"]}
    assert len(fresh_db.speaker_ids(quotes=QuoteFilter())) == 4  # no quote criterion: everyone
    assert fresh_db.speaker_ids("이", quotes=QuoteFilter(since="2025-07"), match="prefix", limit=1) in (
        [ids["대한민국"]], [ids["더불어민주당"]])


def test_csv_with_korean_headers(fresh_db, tmp_path):
    fill(fresh_db)
    out = tmp_path / "ko.csv"
    n = fresh_db.export_csv(out, korean_headers=True)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(EXPORT_COLUMNS_KO) and len(EXPORT_COLUMNS_KO) == len(EXPORT_COLUMNS)
    assert len(rows) == n + 1 and rows[0][:6] == ["발언 번호", "화자", "화자 유형", "직함", "소속", "발언"]


def test_highlight_spans_follow_the_search():
    assert highlight_spans("정부는 중앙정부가 답하라", "정부는") == [(0, 2), (6, 8)]
    assert highlight_spans("처리하겠습니다", "처리했다") == [(0, 2)]
    assert highlight_spans("아무 말", "") == [] and highlight_spans("", "정부") == []
