"""Foreign names written in Hangul with a space (「팀 쿡」, 「앙겔라 메르켈」), and the short forms that point
back to them. Sentences written for these tests; several names are invented so no rule can know them."""
from __future__ import annotations

import pytest

from attribution.lexicon import load
from attribution.mentions import foreign_name_span, loan_syllables

from .helpers import quotes, who


@pytest.mark.parametrize(
    "text, speaker, title, org",
    [
        ("팀 쿡 애플 최고경영자(CEO)는 “아이폰 판매가 늘었다”고 말했다.", "팀 쿡", "최고경영자(CEO)", "애플"),
        ("일론 머스크 테슬라 CEO는 9일 “자율주행을 넓히겠다”고 말했다.", "일론 머스크", "CEO", "테슬라"),
        ("앙겔라 메르켈 전 독일 총리는 “유럽은 하나다”라고 강조했다.", "앙겔라 메르켈", "전 총리", "독일"),
        ("젠슨 황 엔비디아 CEO는 “칩 수요가 크다”고 말했다.", "젠슨 황", "CEO", "엔비디아"),
        ("조 바이든 미국 대통령은 “동맹을 지키겠다”고 말했다.", "조 바이든", "대통령", "미국"),
        ("하워드 러트닉 상무장관은 “관세를 다시 보겠다”고 밝혔다.", "하워드 러트닉", "상무장관", None),
        ("기시다 후미오 일본 총리는 “경제를 살리겠다”고 말했다.", "기시다 후미오", "총리", "일본"),
        ("시진핑 중국 국가주석은 “협력을 넓히자”고 말했다.", "시진핑", "국가주석", "중국"),
        # invented people and companies
        ("마르텐 클뤼버 한빛모빌리티 CEO는 “공장을 짓겠다”고 밝혔다.", "마르텐 클뤼버", "CEO", "한빛모빌리티"),
        ("소피 베르트랑 누벨테크 최고경영자는 “채용을 늘린다”고 말했다.", "소피 베르트랑", "최고경영자", "누벨테크"),
        ("라파엘 두아르테 전 브라질 재무장관은 “물가가 잡혔다”고 말했다.", "라파엘 두아르테", "전 재무장관", "브라질"),
        ("카림 알 하디드 총리는 “개혁을 서두르겠다”고 말했다.", "카림 알 하디드", "총리", None),
    ],
)
def test_a_foreign_name_written_apart_is_the_person(text, speaker, title, org):
    (q,) = quotes(text)
    assert who(q) == (speaker, title, org)
    assert (q.speaker_type, q.resolution) == ("person", "same_sentence")


@pytest.mark.parametrize(
    "text, speaker, title",
    [
        ("팀 쿡 애플 최고경영자(CEO)는 실적을 발표했다. 쿡 CEO는 “중국 시장도 좋다”고 덧붙였다.", "팀 쿡", "최고경영자(CEO)"),
        ("일론 머스크 테슬라 CEO는 공장을 찾았다. 이어 머스크는 “로봇도 만든다”고 했다.", "일론 머스크", "CEO"),
        ("일론 머스크 테슬라 CEO는 공장을 찾았다. 머스크 테슬라 CEO는 “로봇도 만든다”고 했다.", "일론 머스크", "CEO"),
        ("앙겔라 메르켈 전 독일 총리는 연설했다. 메르켈 전 총리는 “난민을 받아야 한다”고 말했다.", "앙겔라 메르켈", "전 총리"),
        ("빌 게이츠는 재단을 찾았다. 게이츠는 “백신이 중요하다”고 덧붙였다.", "빌 게이츠", None),
        ("기시다 후미오 일본 총리는 회담을 했다. 기시다 총리는 “협력하겠다”고 했다.", "기시다 후미오", "총리"),
        ("소피 베르트랑 누벨테크 최고경영자는 방한했다. 베르트랑은 “한국이 중요하다”고 말했다.", "소피 베르트랑", "최고경영자"),
    ],
)
def test_the_family_name_points_back_to_the_full_name(text, speaker, title):
    q = quotes(text)[-1]
    assert (q.speaker, q.title, q.resolution) == (speaker, title, "surname_title")


def test_a_bare_foreign_name_with_no_title():
    (q,) = quotes("빌 게이츠는 “기부를 계속하겠다”고 했다.")
    assert (q.speaker, q.speaker_type) == ("빌 게이츠", "person")


@pytest.mark.parametrize(
    "text, speaker, kind",
    [
        # foreign media and companies written apart stay organisations
        ("파이낸셜 뉴스는 “금리가 내려간다”고 보도했다.", "파이낸셜 뉴스", "organization"),
        ("블룸버그 통신은 “협상이 끝났다”고 전했다.", "블룸버그 통신", "organization"),
        # Korean shapes are untouched
        ("김민수 장관은 “예산을 늘리겠다”고 말했다.", "김민수", "person"),
        ("공정거래위원회는 “과징금을 물리겠다”고 밝혔다.", "공정거래위원회", "organization"),
        ("한 관계자는 “정해진 것은 없다”고 말했다.", "한 관계자", "anonymous"),
        ("일부 네티즌은 “너무하다”고 비판했다.", "일부 네티즌", "anonymous"),
    ],
)
def test_not_everything_written_apart_is_a_foreign_name(text, speaker, kind):
    (q,) = quotes(text)
    assert (q.speaker, q.speaker_type) == (speaker, kind)


def test_a_korean_name_before_a_foreign_company_stays_korean():
    (q,) = quotes("홍길동 애플코리아 대표는 “서비스를 넓히겠다”고 말했다.")
    assert who(q) == ("홍길동", "대표", "애플코리아")
    (q,) = quotes("김하늘 테슬라 이사는 “충전소를 늘린다”고 말했다.")
    assert who(q) == ("김하늘", "이사", "테슬라")


def test_a_department_ending_in_team_is_not_a_person():
    (q,) = quotes("한빛건설 홍보팀은 “사실이 아니다”라고 밝혔다.")
    assert q.speaker_type == "organization"


def test_loanword_syllables():
    assert loan_syllables("머스크") == 3 and loan_syllables("쿡") == 1
    assert loan_syllables("김민수") == 0 and loan_syllables("공정거래위원회") == 0


def test_foreign_name_span_needs_a_loanword_and_no_korean_name():
    lex = load()
    assert foreign_name_span(["팀", "쿡", "애플"], lex) == 2
    assert foreign_name_span(["카말", "알", "간주리"], lex) == 3
    assert foreign_name_span(["국민의힘", "주호영"], lex) == 0
    assert foreign_name_span(["홍길동", "애플"], lex) == 0
    assert foreign_name_span(["일부", "네티즌"], lex) == 0


@pytest.mark.parametrize(
    "text, speaker, title, org",
    [
        ("김철수 전(前) 국회의장은 “개헌이 필요하다”고 말했다.", "김철수", "전 국회의장", None),
        ("박영호 前 장관은 “정책이 틀렸다”고 말했다.", "박영호", "전 장관", None),
        ("이정훈 한국은행 최고정보책임자(CIO)는 “보안을 강화하겠다”고 밝혔다.", "이정훈", "최고정보책임자(CIO)", "한국은행"),
        ("김철수 의원(국민의힘)은 “예산안을 다시 짜야 한다”고 주장했다.", "김철수", "의원", "국민의힘"),
    ],
)
def test_former_and_abbreviations_in_parentheses(text, speaker, title, org):
    (q,) = quotes(text)
    assert who(q) == (speaker, title, org)


def test_a_japanese_given_name_that_ends_like_a_ministry():
    (q,) = quotes("가토 가쓰노부 일본 재무상은 “엔화를 지켜보겠다”고 말했다.")
    assert who(q) == ("가토 가쓰노부", "재무상", "일본")


def test_a_two_syllable_chinese_surname_points_back():
    text = "마오닝 중국 외교부 대변인은 “반대한다”고 말했다. 마오 대변인은 “대화하자”고 했다."
    a, b = quotes(text)
    assert who(a) == ("마오닝", "대변인", "중국 외교부")
    assert (b.speaker, b.resolution) == ("마오닝", "surname_title")


@pytest.mark.parametrize(
    "text, speaker, title, org",
    [
        ("회사원 김도윤(45)씨는 “월급만 빼고 다 올랐다”고 말했다.", "김도윤", "회사원", None),
        ("한빛마트 직원 박서연(31)씨는 “손님이 줄었다”고 말했다.", "박서연", "직원", "한빛마트"),
        ("70대 이모씨는 “병원이 멀다”고 말했다.", "이모", None, None),
        ("한빛건설 최민호씨는 “공사가 늦다”고 말했다.", "최민호", None, "한빛건설"),
    ],
)
def test_what_stands_before_a_name_with_ssi(text, speaker, title, org):
    (q,) = quotes(text)
    assert who(q) == (speaker, title, org)


@pytest.mark.parametrize(
    "text, speaker, title, org",
    [
        ("장-피에르 로랑 전 프랑스 재무장관은 “재정을 줄여야 한다”고 말했다.", "장-피에르 로랑", "전 재무장관", "프랑스"),
        ("TJ 하먼 미국 상원의원은 “법안을 내겠다”고 말했다.", "TJ 하먼", "상원의원", "미국"),
        ("존 리 전 한빛자산운용 대표는 “주식을 사라”고 말했다.", "존 리", "전 대표", "한빛자산운용"),
        ("에린 추 전 대만 문화부 장관은 “개방이 중요하다”고 말했다.", "에린 추", "전 장관", "대만 문화부"),
        ("피터 한 교수는 “경기가 살아난다”고 말했다.", "피터 한", "교수", None),
        ("데이비드 김 한빛대 교수는 “경기가 살아난다”고 말했다.", "데이비드 김", "교수", "한빛대"),
    ],
)
def test_hyphens_initials_former_and_one_syllable_family_names(text, speaker, title, org):
    (q,) = quotes(text)
    assert who(q) == (speaker, title, org)


def test_a_family_name_of_several_words_points_back():
    text = (
        "우르줄라 폰 데어 라이엔 EU 집행위원장은 회견을 열었다.\n"
        "폰 데어 라이엔 위원장은 “협상하겠다”고 했다."
    )
    (q,) = quotes(text)
    assert (q.speaker, q.resolution) == ("우르줄라 폰 데어 라이엔", "surname_title")


def test_one_professor_is_still_anonymous():
    (q,) = quotes("국내 한 교수는 “경기가 살아난다”고 말했다.")
    assert q.speaker_type == "anonymous"


def test_a_relative_clause_before_a_name_is_not_part_of_it():
    text = "서울 마포구에 사는 최가온(45)씨는 “집값이 너무 올랐다”고 말했다. 최씨는 “이사를 가야겠다”고 덧붙였다."
    a, b = quotes(text)
    assert who(a) == who(b) == ("최가온", None, None)


@pytest.mark.parametrize(
    "text, speaker, resolution",
    [
        ("최순자(82) 할머니는 장터에 나왔다. 최 할머니는 “손님이 없다”고 말했다.", "최순자", "surname_title"),
        ("최순자(82)씨는 장터에 나왔다. 최 할머니는 “손님이 없다”고 말했다.", "최순자", "surname_title"),
        ("남기현 한빛시 국장은 회의를 열었다. 남 국장은 “예산이 모자라다”고 말했다.", "남기현", "surname_title"),
    ],
)
def test_elders_and_the_surname_nam_point_back(text, speaker, resolution):
    (q,) = quotes(text)
    assert (q.speaker, q.resolution) == (speaker, resolution)


@pytest.mark.parametrize(
    "text, speaker, kind",
    [
        ("조 바이든은 “재선에 나선다”고 말했다.", "조 바이든", "person"),
        ("아마존 웹서비스는 “요금을 내린다”고 밝혔다.", "아마존 웹서비스", "organization"),
        ("해외 투자자들은 “불안하다”고 말했다.", None, None),
    ],
)
def test_bare_two_word_subjects(text, speaker, kind):
    (q,) = quotes(text)
    if speaker is None:
        assert q.speaker_type != "person"
    else:
        assert (q.speaker, q.speaker_type) == (speaker, kind)
