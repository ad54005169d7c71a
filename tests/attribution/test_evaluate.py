"""`main.py eval`: what counts as the same speaker, and the stray speakers it reports."""
from __future__ import annotations

from attribution.evaluate import Tally, defined_names, grade_article, report, same_speaker

ARTICLE = (
    "공정거래위원회(공정위)는 과징금을 부과했다. 전국보건의료산업노동조합(이하 보건의료노조)은 성명을 냈다.\n"
    "손흥민(토트넘)은 “이기겠다”고 말했다. 김모(45)씨는 “힘들다”고 했다."
)


def test_an_article_defines_short_names_by_brackets():
    pairs = defined_names(ARTICLE)
    assert ("공정거래위원회", "공정위") in pairs
    assert ("전국보건의료산업노동조합", "보건의료노조") in pairs
    # a club in brackets after a person is an affiliation, and an age no name
    assert not any(short in ("토트넘", "45") for _, short in pairs)


def test_either_name_an_article_defines_is_the_same_speaker():
    pairs = defined_names(ARTICLE)
    assert same_speaker("공정거래위원회", "공정위", pairs)
    assert same_speaker("공정위", "공정거래위원회", pairs)
    assert same_speaker("전국보건의료산업노동조합", "보건의료노조", pairs)
    assert not same_speaker("손흥민", "토트넘", pairs)
    assert not same_speaker("공정거래위원회", "금융위원회", pairs)


def test_a_gold_name_written_with_its_short_form_accepts_both():
    assert same_speaker("니혼게이자이신문(닛케이)", "닛케이")
    assert same_speaker("니혼게이자이신문(닛케이)", "니혼게이자이신문")
    assert not same_speaker("니혼게이자이신문(닛케이)", "아사히신문")


def test_the_honorific_is_no_part_of_a_name():
    assert same_speaker("A", "A씨")
    assert same_speaker("김모", "김모씨")
    assert not same_speaker("A", "B씨")


def test_no_gold_speaker_matches_only_an_unknown_one():
    assert same_speaker(None, None)
    assert same_speaker("미상", "")
    assert not same_speaker(None, "김민수")
    assert not same_speaker("김민수", None)


def test_a_predicted_speaker_who_is_none_of_the_gold_speakers_is_stray():
    gold = {"file": "x.txt", "quotes": [
        {"text": "이기겠다", "speaker": "손흥민", "resolution": "same_sentence"},
        {"text": "힘들다", "speaker": "김모", "resolution": "same_sentence"},
    ]}
    predicted = [
        {"text": "이기겠다", "speaker": "경기", "evidence": ["speaker rule: subject"]},
        {"text": "힘들다", "speaker": "김모씨", "evidence": ["speaker rule: subject"]},
    ]
    tally = Tally()
    grade_article(gold, predicted, tally, ARTICLE)
    assert (tally.attributed, tally.stray, tally.speakers_predicted) == (1, 1, 2)
    stray = [e for e in tally.errors if "stray" in e]
    assert stray == ["x.txt: stray speaker '경기': “이기겠다” [speaker rule: subject]"]
    assert "Stray speakers 1 of 2 predicted quotes (50.0%)" in report(tally, show_errors=False)
