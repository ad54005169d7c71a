"""Common shapes of Korean news attribution beyond 「NAME TITLE은 “…”고 말했다」: a subject marked with 도/역시,
a lead quote the next sentence attributes (「이같이 말했다」), the speaker in a relative clause after the quote,
「겸」 titles, a court with its presiding judge in parentheses, 「같은 당」. Sentences written for these tests."""
from __future__ import annotations

import pytest

from .helpers import quotes, who


@pytest.mark.parametrize(
    "text, speaker, title",
    [
        ("추진우 원내대표도 “대화의 문은 열려 있다”고 말했다.", "추진우", "원내대표"),
        ("하민석 의원 역시 “그 안에 동의한다”고 했다.", "하민석", "의원"),
        ("정부 또한 “추가 대책을 검토하겠다”고 밝혔다.", "정부", None),
        ("마을 주민들까지 “더는 못 참는다”고 목소리를 높였다.", "마을 주민들", "주민"),
        # after someone else spoke: the new speaker, not a carry-over
        ("오세진 의원은 “법안에 반대한다”고 말했다. 추진우 원내대표도 “대화는 하겠다”고 말했다.", "추진우", "원내대표"),
    ],
)
def test_a_subject_marked_as_one_more_speaker(text, speaker, title):
    q = quotes(text)[-1]
    assert (q.speaker, q.title) == (speaker, title)
    assert q.resolution in ("same_sentence", "surname_title")


def test_a_named_speaker_the_article_never_introduced_stays_unknown():
    # 「김 장관도」 names someone, but no 김 of that title is in the story: not the previous speaker, not a phrase
    text = "오세진 의원은 “법안에 반대한다”고 말했다. 이 같은 주장에 김 장관도 “동의한다”고 말했다."
    q = quotes(text)[-1]
    assert (q.speaker, q.mention, q.needs_review) == (None, "김 장관", True)
    assert q.title == "장관"


@pytest.mark.parametrize(
    "text",
    [
        "오세진 의원은 “법안에 반대한다”고 말했다. 그는 이 문제도 “심각하다”고 말했다.",
        "오세진 의원은 “법안에 반대한다”고 말했다. 그러면서 정부안도 “문제가 많다”고 지적했다.",
        "오세진 의원은 “법안에 반대한다”고 말했다. 이번 사태도 “예견된 일”이라고 평가했다.",
    ],
)
def test_an_object_marked_with_do_is_not_the_speaker(text):
    q = quotes(text)[-1]
    assert q.speaker == "오세진"


@pytest.mark.parametrize(
    "text, speaker, title, org, verb, resolution",
    [
        ("“물가를 먼저 잡겠습니다.”\n\n윤태성 한빛은행 총재는 22일 기자간담회에서 이같이 말했다.",
         "윤태성", "총재", "한빛은행", "말하다", "other"),
        ("“물가를 먼저 잡겠습니다.”\n\n지난 3일 한빛은행 윤태성 총재가 기자들에게 이렇게 밝혔다.",
         "윤태성", "총재", "한빛은행", "밝히다", "other"),
        ("“우리는 포기하지 않는다.”\n\n이같이 말한 윤태성 총재는 자리를 떴다.", "윤태성", "총재", None, "말하다", "other"),
        ("“물가를 먼저 잡겠습니다.” 윤태성 한빛은행 총재는 이같이 말했다.",
         "윤태성", "총재", "한빛은행", "말하다", "same_sentence"),
        ("“물가를 먼저 잡겠습니다.”\n\n윤태성 한빛은행 총재의 설명이다.", "윤태성", "총재", "한빛은행", None, "other"),
    ],
)
def test_a_lead_quote_belongs_to_the_subject_that_says_it_this_way(text, speaker, title, org, verb, resolution):
    (q,) = quotes(text)
    assert who(q) == (speaker, title, org)
    assert (q.verb, q.resolution) == (verb, resolution)


def test_every_lead_quote_paragraph_takes_the_speaker_after_them():
    text = ("윤태성 한빛은행 총재는 “금리는 그대로다”고 말했다.\n\n“물가가 먼저다.”\n\n“성장은 그다음이다.”\n\n"
            "윤 총재는 이같이 강조했다.")
    qs = quotes(text)
    assert [q.speaker for q in qs] == ["윤태성"] * 3
    assert [q.verb for q in qs][1:] == ["강조하다", "강조하다"]
    assert qs[-1].resolution == "surname_title"


def test_this_way_must_report_speech():
    (q,) = quotes("“가격이 더 오를 것이다.”\n\n정부는 이같이 대응했다.")
    assert q.speaker is None and q.needs_review


def test_a_subject_with_do_before_a_quote_paragraph():
    q = quotes("오세진 의원은 “법안에 반대한다”고 말했다. 하민석 장관도 이를 강하게 비판했다. “있을 수 없는 일이다.”")[-1]
    assert (q.speaker, q.resolution) == ("하민석", "carry_over")


def test_a_quote_with_words_of_its_own_is_not_a_lead_quote():
    text = "윤태성 총재는 “금리는 그대로다”고 말했다.\n\n박수진 의원은 이같이 말했다."
    (q,) = quotes(text)
    assert q.speaker == "윤태성"


@pytest.mark.parametrize(
    "text, speaker, title, verb",
    [
        ("“국민께 송구하다”고 고개를 숙인 오태민 장관은 사퇴 요구에는 선을 그었다.", "오태민", "장관", "숙이다"),
        ("“더는 못 참는다”는 입장을 밝힌 하도윤 대표는 회의장을 떠났다.", "하도윤", "대표", "밝히다"),
        ("“더는 못 참는다”는 글을 올린 남궁민재(45)씨는 경찰 조사를 받았다.", "남궁민재", None, "올리다"),
        # the quote is said by whoever the clause describes, also as an object
        ("한 의원은 “끝까지 간다”고 말한 오태민 장관을 비판했다.", "오태민", "장관", "말하다"),
        ("하도윤 대표는 회견을 열었다. “끝까지 싸우겠다”고 말한 하 대표는 자리를 떴다.", "하도윤", "대표", "말하다"),
        ("“반드시 이기겠다”고 말한 바 있는 하도윤 의원은 이날 불참했다.", "하도윤", "의원", "말하다"),
        ("“반드시 이기겠다”라고 적은 글을 올린 남궁민재씨는 조사를 받았다.", "남궁민재", None, "적다"),
    ],
)
def test_the_speaker_described_by_a_clause_after_the_quote(text, speaker, title, verb):
    q = quotes(text)[-1]
    assert (q.speaker, q.title, q.verb) == (speaker, title, verb)


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("하도윤 의원은 회의에 나왔다. 하 의원은 “끝까지 간다”고 말한 바 있다.", "하도윤"),
        ("하도윤 의원은 회의에 나왔다. 하 의원은 “끝까지 간다”고 말한 뒤 자리를 떴다.", "하도윤"),
        ("하도윤 의원은 회의에 나왔다. 하 의원은 “끝까지 간다”고 적힌 현수막을 들었다.", "하도윤"),
        ("하도윤 의원은 “끝까지 간다”고 말했지만 이를 들은 오 장관은 웃었다.", "하도윤"),
        # 「한 차관」 is Mr Han, not 「the vice-minister who said」
        ("한도윤 산업부 차관은 회의를 열었다. “기준을 서두르겠다”고 한 차관이 말했다.", "한도윤"),
    ],
)
def test_a_clause_after_the_quote_that_names_no_speaker(text, speaker):
    q = quotes(text)[-1]
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "text, speaker, title, org",
    [
        ("최도현 부총리 겸 기획재정부 장관은 “재정을 아껴 쓰겠다”고 말했다.", "최도현", "부총리 겸 장관", "기획재정부"),
        ("기획재정부 최도현 부총리 겸 장관은 “재정을 아껴 쓰겠다”고 말했다.", "최도현", "부총리 겸 장관", "기획재정부"),
        ("왕린 중국 공산당 중앙외사판공실 주임 겸 외교부장은 “대화를 원한다”고 말했다.",
         "왕린", "주임 겸 외교부장", "중국 공산당 중앙외사판공실"),
        # either post points back to the person
        ("최도현 부총리 겸 기획재정부 장관은 회의를 열었다. 최 장관은 “더 아끼겠다”고 했다.",
         "최도현", "부총리 겸 장관", "기획재정부"),
        ("왕린 중국 공산당 중앙외사판공실 주임 겸 외교부장은 회담을 했다. 왕 부장은 “대화를 원한다”고 말했다.",
         "왕린", "주임 겸 외교부장", "중국 공산당 중앙외사판공실"),
    ],
)
def test_two_posts_joined_by_gyeom(text, speaker, title, org):
    q = quotes(text)[-1]
    assert who(q) == (speaker, title, org)


@pytest.mark.parametrize(
    "text, speaker, title, org",
    [
        ("한도윤 국무총리 겸 대통령 권한대행은 “국정을 안정시키겠다”고 말했다.", "한도윤", "국무총리 겸 대통령 권한대행", None),
        ("한빛당 오세진 원내대표 겸 당대표 직무대행은 “협상하겠다”고 말했다.", "오세진", "원내대표 겸 당대표 직무대행", "한빛당"),
        ("하민석 한빛전자 대표이사 겸 이사회 의장은 “투자하겠다”고 말했다.", "하민석", "대표이사 겸 의장", "한빛전자"),
        ("최도현 대통령 권한대행은 회의를 열었다. 최 권한대행은 “다 하겠다”고 말했다.", "최도현", "대통령 권한대행", None),
        # a party with no organisation ending is no part of the name
        ("국민의힘 오세진 원내대표는 “협상하겠다”고 말했다.", "오세진", "원내대표", "국민의힘"),
        # a loanword company, then a Korean name with a rarer surname: not one foreign name
        ("카카오 추경민 의장은 “투자하겠다”고 말했다.", "추경민", "의장", "카카오"),
        ("쿠팡 편정수 대표는 “투자하겠다”고 말했다.", "편정수", "대표", "쿠팡"),
        ("니콜라스 마두로 대통령은 “협력하겠다”고 말했다.", "니콜라스 마두로", "대통령", None),
    ],
)
def test_acting_posts_and_parties(text, speaker, title, org):
    q = quotes(text)[-1]
    assert who(q) == (speaker, title, org)


@pytest.mark.parametrize(
    "text, speaker, resolution",
    [
        ("서울중앙지법 형사합의27부(재판장 한도윤)는 “죄질이 나쁘다”고 판시했다.", "서울중앙지법 형사합의27부", "same_sentence"),
        ("한빛건설(대표 오태민)은 “공사를 재개한다”고 밝혔다.", "한빛건설", "same_sentence"),
        # 「재판부」 is the court named before
        ("서울고법 형사3부(부장판사 한도윤)는 피고인에게 징역 5년을 선고했다. 재판부는 “반성하지 않는다”고 밝혔다.",
         "서울고법 형사3부", "alias"),
        ("대법원 전원합의체는 원심을 깼다. 재판부는 “법리를 오해했다”고 판시했다.", "대법원 전원합의체", "alias"),
    ],
)
def test_a_court_with_its_presiding_judge_in_parentheses(text, speaker, resolution):
    q = quotes(text)[-1]
    assert (q.speaker, q.speaker_type, q.org, q.resolution) == (speaker, "organization", speaker, resolution)


@pytest.mark.parametrize(
    "text, org",
    [
        ("민주당 오세진 의원은 “반대한다”고 말했다. 같은 당 하민석 의원은 “동의한다”고 했다.", "민주당"),
        ("국민의힘 오세진 의원은 “반대한다”고 말했다. 같은 당 하민석 의원도 “동의한다”고 했다.", "국민의힘"),
        ("한빛전자 오세진 부장은 “어렵다”고 말했다. 같은 회사 하민석 과장은 “할 만하다”고 했다.", "한빛전자"),
        # named without a quote first, then by surname
        ("민주당 오세진 의원은 “반대한다”고 말했다. 같은 당 하민석 의원은 불참했다. 하 의원은 “동의한다”고 했다.", "민주당"),
        # nobody before: no organisation rather than 「당」
        ("같은 당 하민석 의원은 “동의한다”고 했다.", None),
    ],
)
def test_the_same_party_is_the_one_named_before(text, org):
    q = quotes(text)[-1]
    assert (q.speaker, q.org) == ("하민석", org)


@pytest.mark.parametrize(
    "text, speaker, title, resolution",
    [
        # an initial and its full stop do not end the sentence
        ("J.D. 밴스 부통령은 “동맹이 중요하다”고 말했다.", "J.D. 밴스", "부통령", "same_sentence"),
        ("로버트 F. 케네디 주니어 장관은 “백신을 다시 보겠다”고 말했다.", "로버트 F. 케네디 주니어", "장관", "same_sentence"),
        ("로버트 F. 케네디 주니어 보건복지부 장관은 회견을 열었다. 케네디 장관은 “백신을 다시 보겠다”고 말했다.",
         "로버트 F. 케네디 주니어", "장관", "surname_title"),
        ("마르텐 F. 클뤼버 장관은 회견을 열었다. 클뤼버 장관은 “공장을 짓겠다”고 말했다.",
         "마르텐 F. 클뤼버", "장관", "surname_title"),
        # a foreign name introduced bare, without a quote, is in the cast
        ("한편 빌 게이츠는 이날 행사에 참석했다. 게이츠 이사장은 “기후가 문제”라고 말했다.", "빌 게이츠", "이사장", "surname_title"),
        ("이날 소피 베르트랑이 무대에 올랐다. 베르트랑 CEO는 “한국이 중요하다”고 말했다.", "소피 베르트랑", "CEO", "surname_title"),
    ],
)
def test_initials_and_bare_foreign_names(text, speaker, title, resolution):
    q = quotes(text)[-1]
    assert (q.speaker, q.title, q.resolution) == (speaker, title, resolution)


def test_a_verb_before_a_loanword_organisation_is_no_given_name():
    q = quotes("논란을 일으킨 스타제국은 사과했다. 스타제국은 “팬들께 죄송하다”고 밝혔다.")[-1]
    assert (q.speaker, q.speaker_type) == ("스타제국", "organization")


@pytest.mark.parametrize(
    "text, speaker, kind, title, org",
    [
        ("황씨(45)는 “너무 힘들다”고 말했다.", "황씨", "person", None, None),
        ("황보민재(45·회사원)씨는 “너무 힘들다”고 말했다.", "황보민재", "person", "회사원", None),
        ("황보민재씨(45·자영업자)는 “너무 힘들다”고 말했다.", "황보민재", "person", "자영업자", None),
        ("황보민재(32·한빛전자)씨는 “일이 너무 많다”고 말했다.", "황보민재", "person", None, "한빛전자"),
        ("황보민재(45·여)씨는 “너무 힘들다”고 말했다.", "황보민재", "person", None, None),
        ("전 장관인 황보민재 씨는 “정부가 틀렸다”고 말했다.", "황보민재", "person", "전 장관", None),
        ("그의 부인 황보민주씨는 “억울하다”고 말했다.", "황보민주", "person", "부인", None),
        ("해외 투자자들은 “불안하다”고 말했다.", "해외 투자자들", "anonymous", None, None),
        ("외국인 관광객들은 “다시 오고 싶다”고 말했다.", "외국인 관광객들", "anonymous", None, None),
    ],
)
def test_ages_appositions_and_plural_sources(text, speaker, kind, title, org):
    (q,) = quotes(text)
    assert (q.speaker, q.speaker_type, q.title, q.org) == (speaker, kind, title, org)
    assert not q.needs_review


def test_a_surname_with_an_age_is_someone_the_paper_names_no_further():
    first, second = quotes("황씨(45·회사원)는 “너무 힘들다”고 말했다. 황씨는 “다시는 안 온다”고 했다.")
    assert (first.speaker, first.title, first.resolution) == ("황씨", "회사원", "same_sentence")
    assert (second.speaker, second.title) == ("황씨", "회사원")
    # a full name given before still wins
    (q,) = quotes("회사원 황민재(45)씨는 출근길에 사고를 당했다. 황씨(45)는 “너무 힘들다”고 말했다.")
    assert q.speaker == "황민재"


@pytest.mark.parametrize("particle", ["은", "도", "이"])
def test_the_quotative_go_is_not_the_organisation_of_the_speaker_after_it(particle):
    (q,) = quotes(f"“협상은 계속돼야 한다”고 하민석 장관{particle} 말했다.")
    assert who(q) == ("하민석", "장관", None)


def test_a_surname_with_ssi_is_not_the_official_of_that_surname():
    text = ("황민재 의원은 “반대한다”고 말했다. 시장에서 만난 황씨(62·상인)는 “장사가 안 된다”고 말했다. "
            "황씨는 “하루하루가 힘들다”고 했다.")
    first, second, third = quotes(text)
    assert first.speaker == "황민재"
    assert (second.speaker, second.title, second.resolution) == ("황씨", "상인", "same_sentence")
    assert (third.speaker, third.needs_review) == ("황씨", False)
    text = "황민재 의원은 “반대한다”고 말했다. 시장에서 만난 황도윤(62)씨는 “장사가 안 된다”고 말했다. 황씨는 “힘들다”고 했다."
    assert quotes(text)[-1].speaker == "황도윤"


@pytest.mark.parametrize("ending", ["말이다", "설명이다", "얘기다", "진단이다", "귀띔이다", "평가다", "하소연이다"])
def test_a_quote_then_whose_words_they_are(ending):
    (q,) = quotes(f"“금리는 내려갈 것이다.”\n\n윤태성 한빛대 교수의 {ending}.")
    assert (q.speaker, q.title, q.org, q.resolution) == ("윤태성", "교수", "한빛대", "other")


def test_the_possessor_after_a_clause_that_describes_them():
    (q,) = quotes("“장사가 너무 안 된다.”\n\n서울 마포구에서 20년째 식당을 운영하는 황모(62)씨의 하소연이다.")
    assert (q.speaker, q.resolution) == ("황모", "other")
    (q,) = quotes("“금리는 내려갈 것이다.”\n\n익명을 요청한 한 은행 관계자의 말이다.")
    assert (q.speaker, q.speaker_type) == ("익명을 요청한 한 은행 관계자", "anonymous")


def test_this_way_before_a_quote_points_forward():
    text = "오세진 의원은 “안 된다”고 말했다.\n\n“절대 안 된다.”\n\n하민석 대표는 이렇게 말했다. “우리는 찬성한다.”"
    first, second, third = quotes(text)
    assert (second.speaker, third.speaker) == ("오세진", "하민석")


@pytest.mark.parametrize(
    "text, speaker, title, org",
    [
        ("국민의힘 간사 오세진 의원은 “밀어붙이고 있다”고 반박했다.", "오세진", "의원", "국민의힘"),
        ("한빛당 원내대변인 오세진 의원은 “밀어붙이고 있다”고 반박했다.", "오세진", "의원", "한빛당"),
        ("한빛당 간사인 오세진 의원은 “수용할 수 있다”고 말했다.", "오세진", "의원", "한빛당"),
        # 「같은 당」 after a second post is the party, not 「국민의힘 간사」
        ("국민의힘 간사 오세진 의원은 “반대한다”고 말했다. 같은 당 하민석 원내대표도 “문은 열어두겠다”고 했다.",
         "하민석", "원내대표", "국민의힘"),
    ],
)
def test_a_second_post_is_no_part_of_the_organisation(text, speaker, title, org):
    q = quotes(text)[-1]
    assert who(q) == (speaker, title, org)


def test_isi_points_back_to_imo():
    text = "시장에서 만난 상인 황모(58)씨는 “손님이 줄었다”고 말했다. 황씨는 “지원금이 필요하다”고 했다."
    assert [(q.speaker, q.needs_review) for q in quotes(text)] == [("황모", False), ("황모", False)]


@pytest.mark.parametrize("tail, verb", [("라고도 했다", "하다"), ("고까지 말했다", "말하다"), ("고도 밝혔다", "밝히다")])
def test_a_quotative_with_do_still_reports(tail, verb):
    (q,) = quotes(f"하민석 장관은 “동맹도 예외가 아니다”{tail}.")
    assert (q.speaker, q.verb) == ("하민석", verb)


def test_this_way_takes_the_verb_it_modifies():
    (q,) = quotes("“팬들께 죄송합니다.”\n\n하늘빛은 12일 팬카페에 올린 손편지에서 이같이 사과했다.")
    assert (q.verb, q.cue) == ("사과하다", "사과했")


def test_a_bare_name_with_yeoksi_named_with_an_age_before():
    text = ("그룹 멤버 남궁하늘(24)이 팀을 떠난다는 보도가 나왔다. 소속사 오션엔터테인먼트는 “사실이 아니다”라고 밝혔다. "
            "남궁하늘 역시 “걱정 끼쳐 죄송하다”는 글을 올렸다.")
    q = quotes(text)[-1]
    assert (q.speaker, q.speaker_type) == ("남궁하늘", "person")


@pytest.mark.parametrize(
    "text, speaker, title, org",
    [
        ("하늘민(토트넘)은 “팬들께 보답하겠다”고 말했다.", "하늘민", None, "토트넘"),
        ("김하준(서울대 교수)은 “금리가 내려간다”고 말했다.", "김하준", "교수", "서울대"),
        ("홍 감독은 “좋다”고 말했다. 주장 하늘민(토트넘)도 “팬들께 보답하겠다”고 말했다.", "하늘민", "주장", "토트넘"),
        ("홍 감독은 “좋다”고 말했다. 이도윤(파리 생제르맹) 역시 “함께 뛰어 영광”이라고 말했다.", "이도윤", None, "파리 생제르맹"),
    ],
)
def test_a_name_with_its_affiliation_in_brackets(text, speaker, title, org):
    q = quotes(text)[-1]
    assert who(q) == (speaker, title, org)


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("대한축구협회 관계자는 “일정을 조율 중”이라고 전했다. 협회는 “최상의 지원을 하겠다”고 약속했다.", "대한축구협회"),
        ("한빛전자 관계자는 “검토하겠다”고 말했다. 회사는 “서두르겠다”고 밝혔다.", "한빛전자"),
        # 정부 is the government, not the ministry whose name ends with it
        ("기획재정부 관계자는 “검토하겠다”고 말했다. 정부는 “서두르겠다”고 밝혔다.", "정부"),
    ],
)
def test_a_descriptor_points_to_the_organisation_of_a_source_before(text, speaker):
    q = quotes(text)[-1]
    assert (q.speaker, q.speaker_type) == (speaker, "organization")


@pytest.mark.parametrize(
    "text, speaker, kind",
    [
        ("하 장관은 “괜찮다”고 말했다. 일각에서는 “관세가 변수”라는 지적도 나온다.", "일각", "anonymous"),
        ("하 장관은 “괜찮다”고 말했다. 정치권에서도 “너무하다”는 비판이 나왔다.", "정치권", "anonymous"),
        ("하 장관은 “괜찮다”고 말했다. 반도체 업계는 “지원이 필요하다”고 밝혔다.", "반도체 업계", "anonymous"),
        ("하 장관은 “괜찮다”고 말했다. SK하이닉스도 “물량이 이미 완판됐다”며 자신감을 내비쳤다.", "SK하이닉스", "organization"),
    ],
)
def test_collective_sources_and_companies_that_speak_too(text, speaker, kind):
    q = quotes(text)[-1]
    assert (q.speaker, q.speaker_type) == (speaker, kind)


def test_a_meeting_is_no_source():
    q = quotes("하민석 장관은 “괜찮다”고 말했다. 이날 회의에서는 “반대한다”는 의견이 나왔다.")[-1]
    assert q.speaker != "회의"


def test_a_lead_quote_subject_after_a_long_clause():
    text = ("“환자를 떠나는 의사는 의사가 아닙니다.”\n\n"
            "서울 한 대학병원에 입원 중인 환자 보호자 황모(52)씨는 기자에게 이렇게 말했다.")
    (q,) = quotes(text)
    assert (q.speaker, q.title, q.org, q.verb) == ("황모", "보호자", None, "말하다")


@pytest.mark.parametrize(
    "text, first, later",
    [
        ("한빛전공의협의회(한전협)는 “철회하라”고 밝혔다. 한전협은 “행동에 나서겠다”고 경고했다.",
         "한빛전공의협의회", "한빛전공의협의회"),
        ("한빛개발연구원(HDI)은 “성장률이 낮아진다”고 밝혔다. HDI는 “수출이 줄었다”고 했다.", "한빛개발연구원", "한빛개발연구원"),
    ],
)
def test_an_organisation_with_its_short_name_in_brackets(text, first, later):
    a, b = quotes(text)
    assert (a.speaker, a.speaker_type) == (first, "organization")
    assert (b.speaker, b.resolution) == (later, "alias")


def test_a_source_of_an_abbreviated_organisation():
    q = quotes("한빛의사협회(한의협)는 성명을 냈다. 한의협 관계자는 “분노가 크다”고 전했다.")[-1]
    assert (q.speaker, q.speaker_type, q.org) == ("한의협 관계자", "anonymous", "한빛의사협회")


def test_a_connective_is_no_part_of_an_unnamed_source():
    q = quotes("하 판사는 “우려된다”고 했다. 반면 민변 소속 한 변호사는 “옳은 방향”이라고 평가했다.")[-1]
    assert (q.speaker, q.speaker_type) == ("민변 소속 한 변호사", "anonymous")
    (q,) = quotes("또 다른 참석자는 “좋았다”고 말했다.")
    assert q.speaker == "또 다른 참석자"
