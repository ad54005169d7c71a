"""Article metadata from the text: headline, date, outlet, reporter (texts written for these tests)."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.metadata import ArticleMeta, extract_metadata, find_date, find_headline, year_from_weekday

TODAY = dt.date(2025, 12, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("입력 : 2025. 12. 17(수) 16:49\n본문", "2025-12-17"),
        ("본문 첫 줄\n등록 2024-03-05 10:00", "2024-03-05"),
        ("2025년 1월 2일 발표된 자료에 따르면", "2025-01-02"),
        ("2025/7/4 기준", "2025-07-04"),
        ("2019.01.01 자료를 인용한 기사\n승인 2025.12.17 16:49", "2025-12-17"),
        ("배포일: 6월 30일(화) 오전 10시", "2020-06-30"),  # 2020 is the closest past year with a Tuesday June 30
        ("3월 1일(토요일) 행사", "2025-03-01"),
        ("전화 02-1234-5678 로 문의", None),  # not a date
        ("2025. 13. 45 는 날짜가 아니다", None),
        ("아무 날짜도 없다", None),
    ],
)
def test_dates(text, expected):
    assert find_date(text, TODAY) == expected


def test_labelled_date_wins_over_an_earlier_mention():
    text = "제목\n2019년 3월 1일 사건을 다룬 기사\n입력 2025-12-17 09:00"
    assert find_date(text, TODAY) == "2025-12-17"


def test_year_from_weekday_prefers_the_closest_past_year():
    assert year_from_weekday(6, 30, 1, TODAY) == dt.date(2020, 6, 30)  # Tuesday
    assert year_from_weekday(6, 30, 1, dt.date(2026, 11, 21)) == dt.date(2026, 6, 30)
    assert year_from_weekday(2, 29, 3, TODAY) == dt.date(2024, 2, 29)  # leap day on a Thursday
    assert year_from_weekday(2, 30, 3, TODAY) is None


def test_a_year_the_article_names_decides_a_weekday_date():
    today = dt.date(2026, 11, 21)  # 2026-06-30 and 2020-06-30 are both Tuesdays
    release = "차관, 연구원 방문\n□ 차관이 6월 30일(화) 오후 연구원을 찾았다.\n□ 7월에는 ‘미래 포럼 2020’을 연다."
    assert find_date(release, today) == "2020-06-30"
    assert find_date(release.replace("2020", "2015"), today) == "2026-06-30"  # 2015-06-30 was no Tuesday
    assert find_date("6월 30일(화) 행사. 예산 2020억원, 2,020명, 전화 2020-1234", today) == "2026-06-30"  # not years


@pytest.mark.parametrize(
    ("text", "outlet", "reporter"),
    [
        ("[천지일보=강은영 기자] 정부가 새 정책을 내놨다.", "천지일보", "강은영"),
        ("(서울=NSP통신) 강은태 기자 = 정부가 새 정책을 내놨다.", "NSP통신", "강은태"),
        ("(부산=연합뉴스) 박철수 특파원 = 부산시가 밝혔다.", "연합뉴스", "박철수"),
        ("본문이 이어진다.\n이현규 기자 gnnews1@example.co.kr", None, "이현규"),
        ("본문이 이어진다.\n김민지 기자 (kim@example.com)", None, "김민지"),
        ("본문이 이어진다.\n이현규 기자 gnnews1@…", None, "이현규"),
        ("(서울=연합뉴스) 정부가 밝혔다.", "연합뉴스", None),
        ("본문.\n홍길동 기자\n", None, "홍길동"),
        ("본문이다.\n김가람 / 이나래 기자", None, "김가람, 이나래"),
        ("본문이다.\n박하늘·최바다 기자 sea@example.com", None, "박하늘, 최바다"),
        ("본문이다.\n장하나(hana@example.co.kr)", None, "장하나"),
        ("【서울=뉴시스】(이름) 기자 = 본문이다.", "뉴시스", None),  # an anonymised byline has no name
        ("본문만 있고 기자 이름은 없다.", None, None),
    ],
)
def test_bylines(text, outlet, reporter):
    meta = extract_metadata(text, TODAY)
    assert (meta.outlet, meta.reporter) == (outlet, reporter)


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("\n  전남도, AI 시대 지역균형성장 전략 모색  \n본문이다.", "전남도, AI 시대 지역균형성장 전략 모색"),
        ("정부 \"내년 예산 늘린다\"\n본문", '정부 "내년 예산 늘린다"'),
        ("정부는 17일 내년 예산을 크게 늘리겠다고 밝혔다.\n둘째 줄", None),  # a lead sentence
        ("입력 : 2025. 12. 17(수) 16:49\n본문", None),
        ("[천지일보=강은영 기자] 정부가", None),
        ("가" * 200, None),
        ("", None),
    ],
)
def test_headlines(text, headline):
    assert find_headline(text) == headline


def test_everything_together():
    text = (
        "과기정통부 차관, 연구 현장 방문\n"
        "입력 : 2025. 12. 17(수) 16:49\n"
        "[천지일보=강은영 기자] 차관은 \"현장을 챙기겠다\"고 말했다.\n"
    )
    assert extract_metadata(text, TODAY) == ArticleMeta(
        headline="과기정통부 차관, 연구 현장 방문", published="2025-12-17", outlet="천지일보", reporter="강은영"
    )
    assert extract_metadata("") == ArticleMeta()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("입력:=[]()【】기자 년월일화수2019.-/@\n가나다 0123456789")), max_size=80))
def test_any_text_gives_metadata_without_raising(text):
    meta = extract_metadata(text, TODAY)
    if meta.published is not None:
        assert dt.date.fromisoformat(meta.published)
    assert meta.headline is None or meta.headline in text
