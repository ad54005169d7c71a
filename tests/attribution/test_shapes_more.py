"""More shapes: verbs made of a verb and an auxiliary, occupations before a name, a field in brackets after a
title, an office word inside a title, headline labels, interview Q&A. Sentences written for these tests."""
from __future__ import annotations

import pytest

from .helpers import quotes


@pytest.mark.parametrize(
    "tail, verb",
    [
        ("털어놨다", "털어놓다"),
        ("털어놓았다", "털어놓다"),
        ("내놨다", "내놓다"),
        ("쏟아냈다", "쏟아내다"),
        ("밝혀왔다", "밝히다"),
        ("말해왔다", "말하다"),
        ("설명해줬다", "설명하다"),
        ("꼬집었다", "꼬집다"),
        ("쏘아붙였다", "쏘아붙이다"),
        ("되물었다", "되묻다"),
        ("덧붙였다", "덧붙이다"),
        ("꼬집어 말했다", "말하다"),
        ("덧붙여 설명했다", "설명하다"),
        ("털어 놨다", "털어놓다"),
    ],
)
def test_a_verb_with_an_auxiliary_is_one_dictionary_verb(tail, verb):
    (q,) = quotes(f"문태호 의원은 “그 일은 오래 준비했다”고 {tail}.")
    assert (q.speaker, q.verb) == ("문태호", verb)


@pytest.mark.parametrize(
    "text, speaker, title, org",
    [
        ("오민규 한빛대 교수(경제학)는 “성장세가 둔화됐다”고 분석했다.", "오민규", "교수", "한빛대"),
        ("유지선 한빛대 교수(행정학과)는 “제도 보완이 먼저”라고 말했다.", "유지선", "교수", "한빛대"),
        ("차성호 의원(새빛당)은 “법안을 내겠다”고 말했다.", "차성호", "의원", "새빛당"),
        ("오민규 한빛대 교수(과학기술정책)는 “투자가 늦다”고 말했다.", "오민규", "교수", "한빛대"),
        ("오민규 한빛대 교수(한빛경제학회장)는 “투자가 늦다”고 말했다.", "오민규", "교수", "한빛대"),
    ],
)
def test_a_field_in_brackets_after_a_title_qualifies_it(text, speaker, title, org):
    (q,) = quotes(text)
    assert (q.speaker, q.title, q.org) == (speaker, title, org)


@pytest.mark.parametrize(
    "text, speaker, title, org",
    [
        ("배우 도현우는 “좋은 대본을 만났다”고 말했다.", "도현우", "배우", None),
        ("가수 하늘별은 “무대가 그리웠다”고 말했다.", "하늘별", "가수", None),
        ("소설가 윤서하는 “쓰는 일은 외롭다”고 말했다.", "윤서하", "소설가", None),
        ("가수 겸 배우 하늘별은 “둘 다 좋다”고 말했다.", "하늘별", "가수 겸 배우", None),
        ("그룹 빛나래의 멤버 유나는 “열심히 준비했다”고 말했다.", "유나", "멤버", "빛나래"),
        ("새빛당 원내대표 차성호는 “협상은 없다”고 말했다.", "차성호", "원내대표", "새빛당"),
    ],
)
def test_a_title_before_a_one_word_name(text, speaker, title, org):
    (q,) = quotes(text)
    assert (q.speaker, q.title, q.org, q.speaker_type) == (speaker, title, org, "person")


@pytest.mark.parametrize(
    "text, speaker, title",
    [
        ("도윤재 대통령 비서실장은 “민생을 챙기겠다”고 말했다.", "도윤재", "대통령 비서실장"),
        ("하정민 국무총리 비서실장은 “협의하겠다”고 밝혔다.", "하정민", "국무총리 비서실장"),
        ("대통령 경호처장은 “경호에 만전을 기하겠다”고 말했다.", None, "대통령 경호처장"),
    ],
)
def test_an_office_before_a_title_is_part_of_the_title(text, speaker, title):
    (q,) = quotes(text)
    assert q.title == title and q.org != "대통령" and q.org != "국무총리"
    if speaker:
        assert q.speaker == speaker


def test_a_headline_label_of_an_institution_takes_its_full_name_from_the_body():
    a, b = quotes("경찰 “보복운전 엄단”\n\n경찰청은 3일 “보복운전은 끝까지 추적하겠다”고 밝혔다.")
    assert (a.speaker, a.speaker_type) == ("경찰청", "organization")
    assert (b.speaker, b.verb) == ("경찰청", "밝히다")


def test_a_headline_label_of_an_institution_the_body_names_the_same_way():
    a, b = quotes("검찰 “엄정 수사”\n\n검찰은 3일 “엄정하게 수사하겠다”고 밝혔다.")
    assert (a.speaker, a.speaker_type) == ("검찰", "organization")


def test_a_headline_label_of_a_person_still_works():
    a, b = quotes("문태호 “서민이 먼저”\n\n문태호 대표는 3일 “서민이 먼저”라고 말했다.")
    assert (a.speaker, a.title) == ("문태호", "대표")


def test_a_quoted_word_after_a_descriptor_is_no_organisation():
    # 「정부 “추가 …”」: 추가 with its quote mark is not the company 「추」 of the 정부
    a, b = quotes("정부 “추가 지원 없다”\n\n정부는 3일 “추가 지원은 없다”고 밝혔다.")
    assert a.speaker == b.speaker == "정부"


def test_interview_answers_are_the_interviewees_and_questions_lend_no_verb():
    text = ("[인터뷰] 배우 한서윤 “무대가 집”\n\n배우 한서윤은 새 연극 개막을 앞두고 기자와 만났다.\n\n"
            "― 이번 작품을 소개해 달라.\n\n“가족의 이야기다.”\n\n― 연습은 어땠나.\n\n“고됐지만 보람찼다.”")
    qs = quotes(text)
    assert [q.speaker for q in qs] == ["한서윤"] * 3
    assert all(q.verb is None for q in qs[1:])


@pytest.mark.parametrize("marker", ["―", "-", "Q.", "문)"])
def test_a_question_line_names_no_speaker(marker):
    text = (f"한서윤은 새 연극 개막을 앞두고 기자와 만났다.\n\n{marker} 박 연출가는 어떤 사람이었나.\n\n"
            "“꼼꼼한 사람이다.”")
    (q,) = quotes(text)
    assert (q.speaker, q.verb) == ("한서윤", None)


def test_a_sentence_before_the_quote_still_lends_its_verb():
    (q,) = quotes("한서윤은 기자와 만났다. 그러면서 이렇게 덧붙였다.\n\n“무대가 집이다.”")
    assert q.verb == "덧붙이다"


def test_a_kind_of_group_before_its_name_is_no_part_of_the_organisation():
    (q,) = quotes("걸그룹 빛나래 멤버 유나는 “팬들 덕분”이라고 말했다.")
    assert (q.speaker, q.title, q.org) == ("유나", "멤버", "빛나래")


def test_a_common_noun_after_a_title_is_no_name():
    (q,) = quotes("한빛당 의원 다수는 “반대한다”고 말했다.")
    assert q.speaker != "다수"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("與 “특검 수용 불가”\n\n새빛당은 3일 “특검은 받을 수 없다”고 밝혔다.", "여당"),
        ("檢 “엄정 수사”\n\n검찰은 3일 “엄정하게 수사하겠다”고 밝혔다.", "검찰"),
        ("빛나래 “다시 뭉친다”\n\n그룹 빛나래가 3일 “다시 뭉친다”고 밝혔다.", "빛나래"),
        ("文 “평화가 먼저”\n\n문도윤 대표는 3일 “평화가 먼저”라고 말했다.", "문도윤"),
    ],
)
def test_a_headline_label(text, speaker):
    assert quotes(text)[0].speaker == speaker


def test_a_group_word_before_a_name_names_an_organisation():
    (q,) = quotes("그룹 빛나래가 “새 앨범을 낸다”고 밝혔다.")
    assert (q.speaker, q.speaker_type) == ("빛나래", "organization")
    (q,) = quotes("야당은 “특검을 하라”고 요구했다.")
    assert (q.speaker, q.speaker_type) == ("야당", "organization")


def test_interview_answers_after_a_long_lead_are_the_interviewees():
    text = ("무대로 돌아온 한서윤\n\n배우 한서윤은 새 연극으로 돌아왔다. 3년 만의 무대다. 연극은 다음 달 개막한다. "
            "개막을 앞두고 그를 만났다.\n\n― 이번 작품을 소개해 달라.\n\n“가족의 이야기다.”\n\n"
            "Q. 연습은 어땠나.\n\n“고됐지만 보람찼다.”")
    qs = quotes(text)
    assert [(q.speaker, q.title, q.verb) for q in qs] == [("한서윤", "배우", None)] * 2
    assert not any(q.needs_review for q in qs)


@pytest.mark.parametrize("text", ["한빛대 교수 연구진은 “효과가 있다”고 밝혔다.", "대변인 명의로 “유감”이라고 밝혔다."])
def test_a_group_or_a_genitive_after_a_title_is_no_name(text):
    for q in quotes(text):
        assert q.speaker not in ("연구진", "명의")


def test_a_bullet_that_states_is_no_question():
    text = "- 문태호 장관은 회의에서 이렇게 말했다.\n\n“규제를 풀겠다.”"
    (q,) = quotes(text)
    assert (q.speaker, q.verb) == ("문태호", "말하다")
