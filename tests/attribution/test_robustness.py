"""The parser never raises, keeps offsets inside the text, and stays linear on hostile input."""
from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution import ArticleReadError, decode_bytes, parse_text, read_article
from attribution.model import MAX_CHAINS_PER_SENTENCE, SENTENCE_CONTEXT

MARKS = "“”\"‘’'「」『』"
alphabet = st.sampled_from(list(MARKS) + list("김이박 대표는고며라고 말했다 밝혔다.\n,()이하") + ["“", "”"])
news_like = st.lists(
    st.sampled_from(
        ["김철수 장관은 ", "“", "”", "\"", "고 말했다. ", "며 ", "그러면서 ", "\n", "‘행사’", "(이하 부처)", "그는 ", "이 대표는 "]
    ),
    max_size=40,
).map("".join)


def _check(text: str) -> None:
    parsed = parse_text(text)
    for q in parsed.quotes:
        assert 0 <= q.start <= q.end <= len(parsed.text)
        inside = parsed.text[q.start : q.end]
        assert re.sub(r"\s+", "", inside) == re.sub(r"\s+", "", q.text)
        assert q.speaker_type in ("person", "organization", "anonymous", "unknown")
        assert 0.0 <= q.confidence <= 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=alphabet, max_size=200))
def test_random_marks_never_raise(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_like)
def test_news_shaped_fragments_never_raise(text):
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_never_raises(text):
    _check(text)


def test_thousands_of_quote_marks():
    text = ("김 대표는 “" * 3000) + "끝"
    _check(text)
    text = "“가”고 말했다. " * 2000
    parsed = parse_text(text)
    assert len(parsed.quotes) >= 1


def test_very_long_quote_is_kept_whole():
    body = "정책을 바꿔야 한다. " * 2000
    parsed = parse_text(f"한지우 위원장은 “{body.strip()}”고 말했다.")
    assert len(parsed.quotes) == 1 and parsed.quotes[0].speaker == "한지우"


def test_one_bad_spot_does_not_cost_the_other_quotes():
    text = "“열린 채 끝나는 문단\n박하늘 교수는 “첫째 말”이라고 말했다.\n오세영 원장은 “둘째 말”이라고 말했다."
    qs = parse_text(text).quotes
    # The unclosed first paragraph is read as a quote paragraph (news style), flagged for review ...
    assert qs[0].text == "열린 채 끝나는 문단" and qs[0].needs_review
    # ... and costs nothing to the quotes after it.
    assert [(q.speaker, q.text) for q in qs[1:]] == [("박하늘", "첫째 말"), ("오세영", "둘째 말")]


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("cp949"),
        lambda s: s.encode("euc-kr"),
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "cp949", "euc-kr", "utf16-bom", "utf16le-nobom"],
)
def test_encodings_are_detected(tmp_path, encode):
    text = "김민준 대변인은 “국민께 사과드린다”고 밝혔다.\n"
    path = tmp_path / "a.txt"
    path.write_bytes(encode(text))
    assert read_article(path).replace("\r\n", "\n") == text


def test_binary_and_missing_files_get_a_clear_error(tmp_path):
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ArticleReadError, match="binary"):
        read_article(png)
    with pytest.raises(ArticleReadError, match="no such file"):
        read_article(tmp_path / "missing.txt")
    with pytest.raises(ArticleReadError, match="folder"):
        read_article(tmp_path)


def test_undecodable_bytes_are_refused():
    with pytest.raises(ArticleReadError):
        decode_bytes(bytes([0x81, 0xFF, 0xFE, 0x80, 0xC8, 0xFF]) * 50, "junk.txt")


def test_mixed_line_endings_are_normalized():
    parsed = parse_text("제목\r\n\r\n김하나 장관은 “좋다”고 말했다.\r최두리 차관은 “그렇다”고 말했다.\n")
    assert "\r" not in parsed.text
    assert [q.speaker for q in parsed.quotes] == ["김하나", "최두리"]


def test_a_50_mb_file_is_refused_with_a_clear_message(tmp_path):
    big = tmp_path / "dump.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(ArticleReadError, match="too large for one article"):
        read_article(big)


def test_a_one_megabyte_line_parses():
    line = "김하늘 대표는 “시장이 좋다”고 말했다. " + "가나다라마바사 아자차카타파하 " * 24000
    assert len(line.encode("utf-8")) > 1_000_000 and "\n" not in line
    parsed = parse_text(line)
    assert parsed.quotes and parsed.quotes[0].speaker == "김하늘"


def test_quotes_of_a_sentence_with_no_end_carry_only_the_words_around_them():
    # a scraped page with no full stop: one 「sentence」 of thousands of quotes. Each quote keeps the stretch
    # around it as its sentence, not the whole line (which every stored quote would otherwise repeat).
    # How the parse time grows with such shapes is measured by `python -m benchmarks.adversarial`.
    line = " ".join(f"김하늘 대표는 “{i}번 매장이 좋다”고 말했고" for i in range(3000))
    parsed = parse_text(line)
    assert len(parsed.quotes) == 3000 and len(line) > 40 * SENTENCE_CONTEXT
    middle = parsed.quotes[500]
    assert middle.text == "500번 매장이 좋다" and middle.speaker == "김하늘"
    assert len(middle.sentence) <= SENTENCE_CONTEXT and "“500번 매장이 좋다”" in middle.sentence
    assert middle.sentence.startswith("…") and middle.sentence.endswith("…")
    assert middle.sentence_start == parsed.quotes[0].sentence_start == 0


def test_quotes_past_the_thousandth_of_one_sentence_are_stored_unattributed_for_review():
    # a sentence of thousands of quotes is no news prose; the chooser reads its first MAX_CHAINS_PER_SENTENCE
    line = " ".join(f"김하늘 대표는 “{i}번 매장이 좋다”고 말했고" for i in range(MAX_CHAINS_PER_SENTENCE + 50))
    parsed = parse_text(line)
    assert len(parsed.quotes) == MAX_CHAINS_PER_SENTENCE + 50  # every quote is still found
    last_read, first_left = parsed.quotes[MAX_CHAINS_PER_SENTENCE - 1], parsed.quotes[MAX_CHAINS_PER_SENTENCE]
    assert last_read.speaker == "김하늘" and not last_read.needs_review
    assert first_left.speaker is None and first_left.needs_review
    assert "speaker rule: too_many_quotes" in first_left.evidence
    assert first_left.verb == "말하다"  # its own verb is still read


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"\x89PNG\x00\x00binary", "PNG"),
        (b"PK\x03\x04" + b"\x00" * 30, "zip"),
        (b"%PDF-1.7\n" + bytes(range(200)), "PDF"),
        (b"\x00\x01\x02\x03abc\x00" * 3, "binary"),
    ],
)
def test_short_binary_files_are_recognised(data, kind):
    with pytest.raises(ArticleReadError, match=kind):
        decode_bytes(data, "x.txt")


def test_a_long_run_without_spaces_is_read_in_pieces_with_offsets_in_the_whole_text():
    # Kiwi's time grows with the square of a run without spaces, so a text longer than KIWI_PIECE goes to it in
    # pieces; the tokens still carry offsets in the whole text, and a sentence of news goes whole, as before.
    from attribution import morph

    text = "김하늘 대표는 “좋다”고 말했다. " * 300 + "“인용”a" * 2000
    assert len(text) > 2 * morph.KIWI_PIECE
    tokens = morph.tokenize(text)
    assert tokens[-1].end == len(text) and all(text[t.start : t.end] == t.form for t in tokens if t.form in ("인용", "a"))
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)
    short = "김하늘 대표는 “좋다”고 말했다."
    assert [(t.form, t.tag, t.start) for t in morph.tokenize_many([short, text])[0]] == [
        (t.form, t.tag, t.start) for t in morph.kiwi().tokenize(short)]
    assert [(t.form, t.start) for t in morph.tokenize_many([short, text])[1]] == [(t.form, t.start) for t in tokens]


@pytest.mark.parametrize(
    "masked, connective",
    [
        ("그러면서 “인용”", True),
        ("그러면서, “인용”", True),
        ("  또 한 번 “인용”", True),
        ("그러면서도 “인용”", False),
        ("“인용”“인용”“인용”", False),
        ("   “인용”", False),
        ("", False),
    ],
)
def test_the_word_a_quote_sentence_opens_with_is_read_without_the_text_before_the_quote(masked, connective):
    # 「그러면서 “…”」 continues the previous speaker; the opening word is found without copying the sentence up to
    # each quote (a line of quote marks is one sentence of thousands of quotes).
    from attribution.clauses import Masked
    from attribution.lexicon import load

    words = load().connectives
    m = Masked(masked, [], [])
    end = masked.rfind("“인용”") if "“인용”" in masked else len(masked)
    assert m.opens_with(end, words) is connective
    assert m.words_before(end) == bool(masked[:end].strip())
