"""More shapes: verbs made of a verb and an auxiliary, occupations before a name, a field in brackets after a
title, an office word inside a title, headline labels, interview Q&A. Sentences written for these tests."""
from __future__ import annotations

import pytest

from attribution import parse_text


def quotes(text: str):
    return parse_text(text).quotes


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
    ],
)
def test_a_verb_with_an_auxiliary_is_one_dictionary_verb(tail, verb):
    (q,) = quotes(f"문태호 의원은 “그 일은 오래 준비했다”고 {tail}.")
    assert (q.speaker, q.verb) == ("문태호", verb)
