"""Headline quotes and labels the lead attributes, chains with 「라면서도」, 「X에 따르면」 sources.
Sentences written for these tests."""
from __future__ import annotations

import pytest

from attribution import parse_text


def quotes(text: str):
    return parse_text(text).quotes


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

