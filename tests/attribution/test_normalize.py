"""Normalisation: characters that change how text looks but not what it says are dropped."""
from __future__ import annotations

import pytest

from attribution.normalize import normalize

from .helpers import quotes, who

# Directional formatting characters: embeddings and overrides (U+202A–202E), isolates (U+2066–2069),
# the left-to-right, right-to-left and Arabic letter marks.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize("mark", list(BIDI))
def test_bidi_controls_are_dropped_like_zero_width_characters(mark):
    assert normalize(f"박민지{mark} 의원은{mark} 말했다.") == "박민지 의원은 말했다."


def test_an_override_cannot_change_what_a_stored_quote_says_or_cost_its_speaker():
    # An override (U+202E) would show the rest of the quote reversed; a mark inside the name hides it from the cast.
    text = ("정치부 기사\n\n"
            "박\u200f민지 국회 환경노동위원장은 “\u202e노동시간을 줄이겠다\u202c”고 말했다.\n\n"
            "박 위원장은 “\u2067다음 달 법안을 내겠다\u2069”고 덧붙였다.")
    found = quotes(text)
    assert [q.text for q in found] == ["노동시간을 줄이겠다", "다음 달 법안을 내겠다"]
    assert [who(q)[0] for q in found] == ["박민지", "박민지"]
    assert not any(c in q.text + q.sentence for q in found for c in BIDI)
