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
