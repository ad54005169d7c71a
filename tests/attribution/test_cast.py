"""Every speaker is someone: the cast of an article, and the chooser that only picks its members.

Sentences written for these tests; each shape is one that news from many outlets uses.
"""
from __future__ import annotations

import pytest

from .helpers import quotes, who


def last(text: str):
    return quotes(text)[-1]


# --- phrases that name no one never speak -----------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        # a place before 도 opens no topic: 「경기도」 is not 「경기」 too
        "[한빛일보=오민재 기자] 가수 한소라가 경기도 과천에 건물을 사들였다.\n“투기 목적이 아니다”라는 해명이 나왔다.",
        # a common noun with 은/는 in a clause of its own
        "연구진은 표본이 부족하다고 밝혔다. 결과 여부는 더 지켜봐야 한다면서도 “의미가 크다”는 말이 나왔다.",
        # a word no list knows, named once, that reads as no name
        "주역은 “변화가 시작됐다”고 밝혔다.",
    ],
)
def test_a_phrase_that_names_no_one_is_never_a_speaker(text):
    q = last(text)
    assert q.speaker not in ("경기", "여부", "주역", "결과 여부")


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("센트로이드는 “매각이 가장 유리하다”고 밝혔다.", "센트로이드"),  # read as a loanword
        ("한빛반도체가 새 공장을 짓는다. 한빛반도체는 “인력을 더 뽑겠다”고 밝혔다.", "한빛반도체"),  # named twice
        ("KT&G는 “배당을 늘리겠다”고 밝혔다.", "KT&G"),  # Latin letters
    ],
)
def test_an_unfamiliar_organisation_speaks_when_it_reads_as_a_name(text, speaker):
    q = last(text)
    assert (q.speaker, q.speaker_type) == (speaker, "organization")


def test_a_topic_that_is_a_place_in_a_clause_of_its_own_leaves_the_speaker_to_the_sentence():
    q = last("외교부는 회담 여부는 더 지켜봐야 한다면서도 “대화의 문은 열려 있다”고 강조했다.")
    assert q.speaker == "외교부"


# --- the cast is read from the whole article ---------------------------------------------------------
def test_a_name_glued_to_the_previous_sentence_is_still_introduced():
    text = (
        "의원들은 저마다 응원봉을 들고 나왔다.정하윤 한빛당 원내대표는 결의문 낭독자로 나섰다. "
        "그는 “내일 표결에 들어간다”고 말했다."
    )
    assert who(last(text)) == ("정하윤", "원내대표", "한빛당")


def test_a_sentence_glued_to_latin_letters_is_split():
    text = "주인은 손님에게 눈치를 줬습니다.A씨는 “다시는 가지 않겠다”고 말했습니다."
    q = last(text)
    assert q.speaker == "A씨" and q.sentence.startswith("A씨는")


def test_a_name_with_its_hanja_is_the_name():
    q = last("시진핑(習近平) 중국 국가주석은 “주권 문제는 양보하지 않겠다”고 말했다.")
    assert who(q) == ("시진핑", "국가주석", "중국")


@pytest.mark.parametrize(
    "text, speaker, title",
    [
        ("농장주는 “탈출한 곰은 두 마리”라고 주장했다.", "농장주", "농장주"),
        ("한영돈 PD는 방송에 나왔다. 한 PD는 “법적으로 대응하겠다”고 밝혔다.", "한영돈", "PD"),
    ],
)
def test_occupations_name_people(text, speaker, title):
    q = last(text)
    assert (q.speaker, q.title) == (speaker, title)


def test_a_mistyped_title_is_mended_by_the_listed_one():
    text = (
        "새한당 권다은 대변은 “발언을 왜곡하지 말라”며 반발했다.\n"
        "권 대변인은 “한마디로 코미디다”라고 말했다."
    )
    assert [q.title for q in quotes(text)] == ["대변인", "대변인"]


# --- a subject inside a relative clause, and the story's current subject -----------------------------
def test_a_subject_of_a_relative_clause_is_not_the_speaker():
    text = (
        "통일부 고위당국자는 “확인을 요구했다”고 밝혔다.\n"
        "한편, 최근 김여은 북한 노동당 부부장이 발표한 담화에 대해선 “표현이 순화됐다”고 말했다."
    )
    assert last(text).speaker == "통일부 고위당국자"


def test_a_subject_with_do_before_an_adnominal_is_still_the_speaker():
    text = "오세진 의원은 “법안에 반대한다”고 말했다. 에마뉘엘 마크롱 프랑스 대통령도 같은 날 “참을 수 없다”고 했다."
    assert last(text).speaker == "에마뉘엘 마크롱"


def test_he_is_the_person_the_story_moved_to_not_the_last_speaker():
    text = (
        "일론 머스크 테슬라 최고경영자(CEO)는 “사업이 어렵다”고 말했다.\n"
        "도널드 트럼프 미국 대통령이 관세를 밀어붙일 뜻을 밝힌 게 시장에 충격을 줬다. "
        "그는 “많이 떨어진 것은 아니다”라고 강조했다."
    )
    assert last(text).speaker == "도널드 트럼프"


def test_this_official_is_the_source_named_with_that_word():
    text = (
        "국방부 고위당국자는 “훈련은 예정대로 한다”고 밝혔다.\n"
        "이 고위당국자는 또 정부 대표단이 미국 측과 만나 협의한 데 대해 “더 큰 틀을 봐야 한다”고 말했다."
    )
    assert last(text).speaker == "국방부 고위당국자"


# --- organisations by another word ------------------------------------------------------------------
def test_the_company_side_is_the_agency_named_with_its_descriptor():
    text = (
        "가수 윤다해는 지난해 소속사 한빛하우스를 상대로 소송을 냈다.\n"
        "이에 대해 사측은 “정당한 사유가 있었다”며 맞섰다."
    )
    q = last(text)
    assert (q.speaker, q.speaker_type) == ("한빛하우스", "organization")


def test_the_agency_side_speaks_for_the_agency():
    q = last("배우 오지호의 건물 매입이 논란이 됐다. 소속사 측에서는 “투기가 아니”라는 입장을 내놨다.")
    assert (q.speaker, q.speaker_type) == ("소속사", "organization")


# --- labels that name the speaker -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, speaker",
    [
        ("“퇴직금을 늘리면 청년을 더 뽑을 수 있다”(최종하 금융위원장)", "최종하"),
        ("[한빛일보 기자] “위험이 예고돼 있습니다.” (유일석 부총리 겸 기획재정부 장관)", "유일석"),
        ("규탄이 잇따랐다. “고의적 전쟁 범죄”(덴마크), “용납할 수 없다”(스웨덴) 등이다.", "스웨덴"),
        ("<도널드 트럼프 / 미국 대통령 (현지시간 16일)> \"해임 계획은 없습니다.\"", "도널드 트럼프"),
    ],
)
def test_a_label_by_the_quote_names_its_speaker(text, speaker):
    assert last(text).speaker == speaker


def test_a_note_in_brackets_after_a_quote_names_no_one():
    text = "한지성 대사는 “끔찍하다”고 말했다. 그는 “조사가 우선”(3일, CNN 인터뷰)이라고 했다."
    assert last(text).speaker == "한지성"


# --- headings: read after the body ------------------------------------------------------------------
def test_a_subheading_quote_echoes_the_body_quote_it_condenses():
    text = (
        "한빛자동차, 노조에 교섭 재개 요청\n\n"
        "\"진정성 있는 논의 이어가야\"\n"
        "김도윤 한빛자동차 사장은 26일 입장문을 내고 “노사 간 진정성 있는 논의를 다시 이어가야 한다”고 밝혔다.\n"
        "정민호 노조위원장은 “검토하겠다”고 말했다."
    )
    head = quotes(text)[0]
    assert (head.speaker, head.resolution) == ("김도윤", "other")
    assert "speaker rule: headline_echo" in head.evidence


def test_a_headline_quote_of_a_one_speaker_article_is_the_speakers_for_review():
    text = (
        "\"불법 사육 방치는 예견된 일\"\n\n"
        "환경단체 푸른숲연합은 20일 성명을 냈다. 푸른숲연합은 “곰 사육이 여전하다”고 밝혔다. "
        "이어 “정부가 관리를 포기했다”고 비판했다. 그러면서 “당장 조사하라”고 촉구했다."
    )
    head = quotes(text)[0]
    assert (head.speaker, head.needs_review) == ("푸른숲연합", True)
    assert "speaker rule: protagonist" in head.evidence


def test_a_headline_that_opens_with_a_name_and_a_comma_names_its_quote():
    text = (
        "[단독]김도윤 한빛자동차 사장, 노조에 교섭재개 요청…\"지혜와 힘 모아야\"\n\n"
        "김도윤 한빛자동차 사장은 26일 노조에 교섭 재개를 요청했다."
    )
    assert who(quotes(text)[0]) == ("김도윤", "사장", "한빛자동차")


@pytest.mark.parametrize(
    "text, speaker",
    [
        # the person the quote's words are followed by
        ("“이 정도쯤이야” 말한 트럼프...증시 ‘지하실’ 멀었다\n\n도널드 트럼프 미국 대통령은 관세를 고집했다.", "도널드 트럼프"),
        ("[인터뷰] “검사도 그들을 돕더라” 오상현 교수의 20년 싸움\n\n오상현 한빛대 교수를 만났다.", "오상현"),
        # the second quote of a headline, after the first
        ("트럼프 \"사임하면 환영\"…월가 \"장난 멈춰라\"\n\n도널드 트럼프 미국 대통령이 압박했다.", "월가"),
    ],
)
def test_a_headline_names_its_speaker_around_the_quote(text, speaker):
    qs = [q for q in quotes(text) if q.start < text.index("\n")]
    assert qs[-1].speaker == speaker


def test_a_subheading_inside_the_body_names_its_people_and_continues_no_one():
    text = (
        "용인시 관계자는 “포획에 최선을 다하겠다”고 말했다.\n"
        "“곰 내려올라” 문 걸어 잠근 주민들\n"
        "주민 불안은 커지고 있다."
    )
    sub = quotes(text)[-1]
    assert sub.speaker == "주민들"



# --- several unnamed people, and organisations by their short forms ----------------------------------
def test_several_people_the_paper_names_by_surname_are_each_their_own():
    text = (
        "주민 박모(50대) 씨는 “이런 물난리는 처음”이라고 했다. "
        "이모(70대) 씨는 “냉동고까지 잠겼다”며 고개를 저었다.\n"
        "인근 주민 성모(60대) 씨도 “도로가 잠긴 적은 없었다”고 거들었다. "
        "김모(40대) 씨는 “복구가 막막하다”고 말했다."
    )
    assert [q.speaker for q in quotes(text)] == ["박모", "이모", "성모", "김모"]


def test_a_surname_with_ssi_points_back_to_the_full_name_given_with_an_age():
    text = (
        "30년 넘게 매장을 운영해 온 구덕식(65) 씨는 젖은 문짝을 바라봤다. 물이 든 건 이번이 처음이다.\n"
        "구 씨는 “새벽부터 복구 중”이라고 말했다."
    )
    assert last(text).speaker == "구덕식"


@pytest.mark.parametrize(
    "intro, short",
    [
        ("전국민주노동조합총연맹 전국보건의료산업노동조합(이하 보건의료노조)은 성명을 냈다.", "보건노조는"),
        ("최대주주인 센트로이드인베스트먼트파트너스와 F&F가 참여했다.", "센트로이드는"),
        ("KDB산업은행과 IBK기업은행이 제도를 검토한다.", "산업은행은"),
    ],
)
def test_an_organisation_is_known_by_its_short_forms(intro, short):
    q = last(f"{intro} {short} “절차를 서두르겠다”고 밝혔다.")
    assert q.speaker_type == "organization"
    assert q.speaker in intro and len(q.speaker) > len(short) - 1


def test_groups_speaking_together_and_the_word_for_them():
    text = (
        "홈리스행동·인도주의실천의사협의회 등은 6일 인수위원회 앞에서 기자회견을 열었다.\n"
        "단체는 “지정제도는 폐지해야 한다”고 지적했다."
    )
    assert last(text).speaker == "홈리스행동·인도주의실천의사협의회 등"


def test_the_company_is_the_one_whose_source_spoke():
    text = "한빛전자 관계자는 “검토하겠다”고 말했다. 인수위원회 앞에서 집회가 열렸다. 회사는 “서두르겠다”고 밝혔다."
    assert last(text).speaker == "한빛전자"


# --- titles: the role, without the organisation, as the fullest mention gives it ------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("김동희 경기도지사는 “북부에 병원을 짓겠다”고 말했다.", ("김동희", "도지사", "경기도")),
        ("오세진 서울시장은 “교통비를 낮추겠다”고 밝혔다.", ("오세진", "시장", "서울시")),
        ("진웅석 금감원장은 “감독을 강화하겠다”고 말했다.", ("진웅석", "금감원장", None)),  # a body's post stays whole
        ("유일석 부총리 겸 기획재정부 장관은 “재정을 아끼겠다”고 말했다.", ("유일석", "부총리 겸 장관", "기획재정부")),
        ("통일부 고위당국자는 “입장을 전달했다”고 밝혔다.", ("통일부 고위당국자", "고위당국자", "통일부")),
    ],
)
def test_a_title_is_the_role_and_the_organisation_stands_apart(text, expected):
    assert who(last(text)) == expected


def test_every_quote_of_a_person_has_the_fullest_title_of_the_article():
    text = (
        "[단독]이동수 한빛차 사장, 노조에 교섭 요청…\"지혜 모아야\"\n\n"
        "이동수 한빛자동차 대표이사(사장)가 26일 노조에 교섭 재개를 요청했다.\n"
        "이 사장은 “진정성 있는 논의를 이어가자”고 말했다."
    )
    assert {who(q) for q in quotes(text)} == {("이동수", "대표이사(사장)", "한빛자동차")}


def test_etc_after_a_clause_describes_no_one():
    # 「…고 지적하는 등 강백호의 행동을」: the clause goes on; 강백호 is whose behaviour, not who speaks
    text = "강도훈이 경기 중 껌을 씹었다. 이에 누리꾼들은 \"자격이 없다\" \"태도가 불량하다\"고 지적하는 등 강도훈의 행동을 꾸짖었다."
    assert {q.speaker for q in quotes(text)} == {"누리꾼들"}


def test_an_age_group_is_part_of_an_unnamed_source():
    q = last("60대 주민은 “요즘은 밖에 나오기가 무섭다”고 하소연했다.")
    assert (q.speaker, q.title, q.org) == ("60대 주민", "주민", None)


def test_the_thing_is_in_a_possessor_frame_is_no_part_of_the_source():
    q = last("퇴직금은 생각보다 적다. “대개 2~3억원에 그친다”는 게 직원들의 설명이다.")
    assert q.speaker == "직원들"


def test_a_kind_of_paper_before_its_name_is_no_part_of_it():
    q = last("유력 일간지 한빛신문(한빛)은 26일자 보도에서 “회담에 의욕을 보였다”며 이를 조명했다.")
    assert q.speaker == "한빛신문"


def test_a_short_name_of_an_organisation_is_no_foreign_name():
    text = "최대주주인 센트로이드인베스트먼트파트너스가 매각을 추진한다. 업계에 따르면 센트로이드는 “매각이 유리하다”고 밝혔다."
    assert last(text).speaker == "센트로이드인베스트먼트파트너스"


def test_an_unnamed_source_is_named_with_the_clause_that_introduces_them():
    q = last("익명을 요구한 한 관계자는 “협상이 막바지”라고 말했다.")
    assert (q.speaker, q.speaker_type, q.title) == ("익명을 요구한 한 관계자", "anonymous", "관계자")


def test_a_transliterated_name_glued_to_its_company_in_letters():
    q = last("브루스 캐스먼JP모건 수석이코노미스트는 “침체 위험이 있다”고 평가했다.")
    assert who(q) == ("브루스 캐스먼", "수석이코노미스트", "JP모건")


def test_a_papers_country_is_no_part_of_its_name():
    q = last("일본 니혼게이자이신문(닛케이)은 “개헌이 목표”라고 전망했다.")
    assert q.speaker.startswith("니혼게이자이신문") and q.speaker_type == "organization"


def test_a_name_in_letters_labels_a_quote_in_a_run_of_subheadings():
    text = "증시 블랙먼데이...자금 사라져JP모건 “침체 확률 40%”골드만, 성장률 하향WSJ “관세 보류를”트럼프발 관세로 경제가 흔들렸다."
    assert [q.speaker for q in quotes(text)] == ["JP모건", "WSJ"]


# --- words no one in the sentence said ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "관리인은 “곰이 작다”고 말했다. 당시 “스트레스 때문에 탈출한 것 아니냐”는 말도 나왔다.",
        "관리인은 “곰이 작다”고 말했다. “관리가 허술했다”는 지적이 잇따랐다.",
    ],
)
def test_words_the_sentence_gives_to_no_one_are_no_ones(text):
    q = last(text)
    assert q.speaker is None and q.needs_review


def test_words_given_as_a_posts_content_are_its_authors():
    text = (
        "민정호 의원은 13일 페이스북에 한 지인이 쓴 글을 공유했다. "
        "사진과 함께 “너도 북한으로 가길 바란다”는 내용이었다."
    )
    q = last(text)
    assert (q.speaker, q.speaker_type) == ("한 지인", "anonymous")


def test_a_persons_side_speaks_for_them_not_the_person():
    text = "류정균 교수는 구속됐다.\n■ 류정균측 \"김 교수가 부탁했다\""
    q = last(text)
    assert (q.speaker, q.speaker_type) == ("류정균측", "anonymous")


def test_a_digest_line_that_opens_with_a_name_names_its_quotes():
    text = (
        "1. 첫 소식입니다.\n"
        "이영수 PD, 과거 방송 재논란에 \"허위 주장 법적 대응\"다음 소식의 키워드는 \"참지 않겠다\"입니다. "
        "이 PD는 \"명예를 훼손하면 참지 않겠다\"고 밝혔습니다."
    )
    first, keyword, body = quotes(text)
    assert (first.speaker, keyword.speaker, body.speaker) == ("이영수", "이영수", "이영수")


# --- headings are not what a press release's bullets or a hard wrap leave behind -----------------------
def test_a_bullet_line_or_a_broken_line_still_continues_the_speaker():
    text = (
        "한민수 국토교통부 국장은 “상황이 심각하다”고 밝혔다.\n\n"
        " ∘ 이어 “인력 손질이 시급하다”고 설\n\n"
        "명했다.\n"
    )
    assert last(text).speaker == "한민수"


def test_an_abbreviation_the_article_never_defines_is_the_organisation_it_shortens():
    text = "공정위는 보도자료를 통해 “시장을 살피겠다”고 설명했다. 주석영 공정거래위원회 위원장은 “엄정히 보겠다”고 말했다."
    assert quotes(text)[0].speaker == "공정거래위원회"


def test_a_person_before_an_organisation_is_no_part_of_its_name():
    text = "최광재 한국개발연구원 연구위원은 “부담이 커진다”고 우려했다. 한국개발연구원은 “대책을 내겠다”고 밝혔다."
    assert [q.speaker for q in quotes(text)] == ["최광재", "한국개발연구원"]


def test_the_cast_looks_members_up_by_name_alias_and_surname_in_order():
    """The cast's indexes answer as a reading of the whole cast would: the first member of a name, the latest of
    an alias, a renamed organisation by its old name, people by surname in order, and a version that moves only
    when a member joins or changes."""
    from attribution.cast import Cast
    from attribution.lexicon import load
    from attribution.mentions import Mention
    from attribution.model import ORGANIZATION, PERSON

    cast = Cast(load())
    kim = cast.add(Mention(PERSON, "김민수", name="김민수", title="장관"), 0)
    board = cast.add(Mention(ORGANIZATION, "전원합의체", name="전원합의체", org="전원합의체"), 10)
    kang = cast.add(Mention(PERSON, "김서연", name="김서연", title="의원"), 20)
    merkel = cast.add(Mention(PERSON, "앙겔라 메르켈", name="앙겔라 메르켈", title="총리"), 25)
    assert cast.find_person("김민수") is kim and cast.find_person("김") is None
    assert cast.people_by_surname("김", None) == [kim, kang]
    assert cast.people_by_surname("김", "의원") == [kang]
    assert cast.find_foreign_surname("메르켈", None) is merkel and cast.has_surname("메르켈")
    version = cast.version
    cast.add(Mention(PERSON, "김민수", name="김민수", title="장관"), 30)  # nothing new: the version stays
    assert cast.version == version
    renamed = cast.add(Mention(ORGANIZATION, "대법원 전원합의체", name="대법원 전원합의체", org="대법원 전원합의체"), 40)
    assert renamed is board and board.name == "대법원 전원합의체" and cast.version > version
    assert cast.find_org("전원합의체") is board and cast.find_org("대법원 전원합의체") is board
    assert cast.find_alias("전원합의체") is board
