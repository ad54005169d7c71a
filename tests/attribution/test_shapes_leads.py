"""Headline quotes and labels the lead attributes, chains with 「라면서도」, 「X에 따르면」 sources.
Sentences written for these tests."""
from __future__ import annotations

import pytest

from .helpers import quotes


@pytest.mark.parametrize("link", ["이라면서도", "이라며도", "라면서", "이라면서"])
def test_a_chain_with_a_concessive_link_shares_the_final_verb(link):
    qs = quotes(f"업계 관계자는 “검토는 하고 있다”{link} “정해진 것은 없다”고 말했다.")
    assert [(q.speaker, q.verb) for q in qs] == [("업계 관계자", "말하다")] * 2


@pytest.mark.parametrize("way", ["이같이 밝혔다", "이렇게 말했다", "이같이 강조했다"])
def test_a_headline_quote_is_the_lead_speakers_even_when_the_lead_has_its_own_quote(way):
    text = f"“수출 회복 늦지 않을 것”\n\n박지훈 산업통상부 장관은 3일 정례 브리핑에서 “반도체가 버텨준다”며 {way}."
    head, body = quotes(text)
    assert (head.speaker, head.title, head.resolution, head.needs_review) == ("박지훈", "장관", "other", False)
    assert head.verb == body.verb and body.resolution == "same_sentence"


def test_a_headline_title_label_is_the_one_person_with_that_title():
    text = "[단독] 장관 “깊이 사과드린다”\n\n정해린 보건복지부 장관은 5일 “모든 책임을 지겠다”고 말했다."
    head, _ = quotes(text)
    assert (head.speaker, head.title, head.org, head.needs_review) == ("정해린", "장관", "보건복지부", False)


def test_a_headline_title_label_two_people_fit_stays_unknown():
    text = ("장관 “책임지겠다”\n\n정해린 보건복지부 장관은 5일 “유감이다”고 말했다. "
            "오세진 교육부 장관도 “함께 하겠다”고 말했다.")
    assert quotes(text)[0].speaker is None


def test_a_headline_title_label_two_people_fit_goes_to_the_one_who_said_the_words():
    text = ("장관 “유감이다”\n\n정해린 보건복지부 장관은 5일 “유감이다”고 말했다. "
            "오세진 교육부 장관도 “함께 책임진다”고 말했다.")
    head = quotes(text)[0]
    assert (head.speaker, head.resolution) == ("정해린", "other")
    assert "speaker rule: headline_echo" in head.evidence


@pytest.mark.parametrize("label, body", [("국토부", "국토교통부는"), ("과기부", "과학기술정보통신부는")])
def test_a_headline_short_org_label_is_the_body_full_name(label, body):
    text = f"{label} “공급은 충분하다”\n\n{body} 7일 “올해 공급은 충분하다”고 밝혔다."
    head, full = quotes(text)
    assert (head.speaker, head.speaker_type, head.needs_review) == (full.speaker, "organization", False)
    assert head.speaker == body[:-1]


@pytest.mark.parametrize(
    "text, speaker, kind",
    [
        ("환경부에 따르면 “올여름 녹조는 예년 수준”이라는 설명이다.", "환경부", "organization"),
        ("관계자에 따르면 “협상은 마무리 단계”.", "관계자", "anonymous"),
        ("구청 관계자에 의하면 “공사는 다음 달 끝난다”고 한다.", "구청 관계자", "anonymous"),
    ],
)
def test_a_cited_source_speaks_when_no_subject_does(text, speaker, kind):
    (q,) = quotes(text)
    assert (q.speaker, q.speaker_type, q.resolution, q.needs_review) == (speaker, kind, "same_sentence", False)


def test_a_subject_after_the_cited_source_speaks():
    (q,) = quotes("검찰에 따르면 B씨는 “시키는 대로 했다”고 진술했다.")
    assert (q.speaker, q.verb) == ("B씨", "진술하다")
