"""Readers: every format newsrooms keep, made here by the tests from Korean text written for them, gives the
parser the text that yields the same quotes and speakers as the same article saved as .txt; what a
format says about the article (headline, date, outlet, reporter, address, row) comes with it; what cannot
be read says why in one line."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from attribution import ArticleReadError, read_article
from attribution.readers import (
    DOCUMENT_SUFFIXES, SUFFIXES, TABLE_SUFFIXES, Record, count_records, is_table, preview, read_document,
    read_records,
)
from attribution.readers.base import clean_reporter, clean_url, iso_date
from attribution.readers.columns import ColumnsError, guess, parse_columns
from tests import formats as F


@pytest.fixture(scope="module")
def expected():
    """The quotes of each text as the parser reads it from a .txt file (parsed once per module)."""
    return {"press": F.quotes_of(F.PRESS_RELEASE), "news": F.quotes_of(F.NEWS)}


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    d = tmp_path_factory.mktemp("formats")
    return {
        "txt": F.write_txt(F.PRESS_RELEASE, d / "press.txt"),
        "pdf": F.write_pdf(F.PRESS_RELEASE, d / "press.pdf"),
        "pdf-wrapped": F.write_pdf(F.PRESS_RELEASE, d / "press-wrapped.pdf", wrap=38),
        "docx": F.write_docx(F.NEWS, d / "news.docx"),
        "docx-boxed": F.write_docx(F.PRESS_RELEASE, d / "press-boxed.docx", boxed=True,
                                   table=[["담당 부서", "담당자"], ["보건정책과", "오세진"]]),
        "hwpx": F.write_hwpx(F.PRESS_RELEASE, d / "press.hwpx"),
        "hwp": F.write_hwp(F.PRESS_RELEASE, d / "press.hwp"),
        "html": F.write_html(d / "news.html", F.NEWS_TITLE, F.NEWS_BODY),
        "html-euckr": F.write_html(d / "news-euckr.htm", F.NEWS_TITLE, F.NEWS_BODY, encoding="euc-kr"),
    }


SAME_AS_TXT = [("txt", "press"), ("pdf", "press"), ("pdf-wrapped", "press"), ("docx", "news"), ("docx-boxed", "press"),
               ("hwpx", "press"), ("hwp", "press"), ("html", "news"), ("html-euckr", "news")]


@pytest.mark.parametrize("kind, text", SAME_AS_TXT)
def test_every_format_gives_the_quotes_and_speakers_of_the_same_text_as_txt(samples, expected, kind, text):
    record = read_document(samples[kind])
    got = F.quotes_of(record.text)
    assert len(got) >= 5 and all(q[1] for q in got)  # something to compare: quotes with speakers
    assert got == expected[text]


def test_a_hard_wrapped_pdf_press_release_is_wrapped_mid_word_and_still_parses_as_the_txt(samples, expected):
    text = read_document(samples["pdf-wrapped"]).text
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 39  # the layout's lines, not paragraphs
    assert "동\n별로" in text and "일\n에 적극적으로" in text  # wrapped inside words, as an HWP export is
    assert "\n\n□ 정다은" in text  # paragraphs apart: the wider gap on the page became a blank line
    assert F.quotes_of(text) == expected["press"]


def test_a_pdf_line_gap_makes_paragraphs_and_the_headline_stands_apart(samples):
    text = read_document(samples["pdf-wrapped"]).text
    assert text.startswith("한빛시, 공공심야약국 12곳으로 늘린다\n\n- 내년 1월부터")


def test_documents_carry_no_metadata_of_their_own_the_parser_reads_the_text(samples):
    for kind in ("pdf", "docx", "hwpx", "hwp"):
        r = read_document(samples[kind])
        assert (r.headline, r.published, r.outlet, r.reporter, r.url, r.row) == (None,) * 6, kind


def test_word_tables_are_read_cell_by_cell_and_a_boxed_body_as_its_paragraphs(samples):
    text = read_document(samples["docx-boxed"]).text
    assert "\n\n□ 정다은 한빛시장은 “밤늦게" in text
    assert text.endswith("담당 부서\n\n담당자\n\n보건정책과\n\n오세진")


def test_a_merged_word_cell_is_read_once(tmp_path):
    import docx

    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "합친 칸"
    for (r, c), v in {(0, 2): "셋째", (1, 0): "가", (1, 1): "나", (1, 2): "다"}.items():
        t.cell(r, c).text = v
    d.save(str(tmp_path / "m.docx"))
    assert read_document(tmp_path / "m.docx").text == "합친 칸\n\n셋째\n\n가\n\n나\n\n다"


def test_hwpx_keeps_the_words_after_a_tab_or_a_line_break_inside_a_run(tmp_path):
    """What made hwp-hwpx-parser unusable: it dropped the text after <hp:tab/> and <hp:lineBreak/> in <hp:t>."""
    path = F.write_hwpx("", tmp_path / "tabs.hwpx", raw_paragraphs=[
        "보도자료", "김민수 보건복지부 장관은\t“의료 개혁을\n끝까지 하겠다”고 밝혔다.", "둘째 문단",
    ])
    text = read_document(path).text
    assert text == "보도자료\n\n김민수 보건복지부 장관은 “의료 개혁을\n끝까지 하겠다”고 밝혔다.\n\n둘째 문단"
    [quote] = F.quotes_of(text)
    assert quote[:2] == ("의료 개혁을 끝까지 하겠다", "김민수")


def test_hwp_saved_by_python_hwpx_reads_tabs_and_line_breaks_too(tmp_path):
    hwpx = F.write_hwpx("", tmp_path / "tabs.hwpx", raw_paragraphs=["제목", "김 장관은\t“개혁을\n하겠다”고 밝혔다."])
    hwp = F.write_hwp_via_python_hwpx(hwpx, tmp_path / "tabs.hwp")
    assert hwp.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: HWP 5.0
    assert read_document(hwp).text == "제목\n\n김 장관은 “개혁을\n하겠다”고 밝혔다."


def test_an_hwp_named_hwpx_and_an_hwpx_named_hwp_are_read_by_what_they_are(samples, tmp_path):
    (tmp_path / "really-hwp.hwpx").write_bytes(samples["hwp"].read_bytes())
    (tmp_path / "really-hwpx.hwp").write_bytes(samples["hwpx"].read_bytes())
    want = read_document(samples["hwp"]).text
    assert read_document(tmp_path / "really-hwp.hwpx").text == want
    assert read_document(tmp_path / "really-hwpx.hwp").text == want


def test_a_web_page_gives_its_story_without_menus_and_its_metadata(samples):
    for kind in ("html", "html-euckr"):
        r = read_document(samples[kind])
        assert r.text == F.NEWS
        assert (r.headline, r.published, r.outlet, r.reporter, r.url) == (
            F.NEWS_TITLE, "2024-03-12", "한빛일보", "박지성", "https://news.example.kr/article/2024/0312/1234")
        for boilerplate in ("많이 본 뉴스", "엉뚱한 인용", "무단 전재"):
            assert boilerplate not in r.text


def test_a_short_page_keeps_its_paragraphs(tmp_path):
    page = F.write_html(tmp_path / "short.html", "짧은 기사", ["김 장관은 “하겠다”고 밝혔다.", "이 의원은 “안 된다”고 말했다."],
                        outlet=None, author=None, published=None, url=None)
    r = read_document(page)
    assert r.text == "짧은 기사\n\n김 장관은 “하겠다”고 밝혔다.\n\n이 의원은 “안 된다”고 말했다."
    assert (r.outlet, r.reporter, r.url) == (None, None, None)


def test_a_page_without_a_story_says_so(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><head><title>x</title><script>load()</script></head><body><div id=app></div></body></html>",
                 encoding="utf-8")
    with pytest.raises(ArticleReadError, match="no article text found in the page"):
        read_document(p)


# -- what cannot be read ------------------------------------------------------------------------------

def test_a_scanned_pdf_gets_one_clear_line(tmp_path):
    with pytest.raises(ArticleReadError) as err:
        read_document(F.write_scanned_pdf(tmp_path / "scan.pdf"))
    assert "no text layer" in str(err.value) and "OCR" in str(err.value) and "\n" not in str(err.value)


def test_a_pdf_with_a_password_is_refused_and_one_with_only_an_owner_password_read(samples, tmp_path):
    locked = F.encrypt_pdf(samples["pdf"], tmp_path / "locked.pdf", user_password="비밀")
    with pytest.raises(ArticleReadError, match="protected by a password"):
        read_document(locked)
    restricted = F.encrypt_pdf(samples["pdf"], tmp_path / "restricted.pdf", user_password="")
    assert read_document(restricted).text == read_document(samples["pdf"]).text


@pytest.mark.parametrize("flag, reason", [(0x02, "protected by a password"), (0x04, "배포용")])
def test_protected_hwp_documents_say_why(samples, tmp_path, flag, reason):
    path = tmp_path / "protected.hwp"
    path.write_bytes(samples["hwp"].read_bytes())
    F.set_hwp_flags(path, flag)
    with pytest.raises(ArticleReadError, match=reason):
        read_document(path)


def test_an_hwpx_with_a_password_and_an_hwp3_file_say_why(tmp_path):
    with pytest.raises(ArticleReadError, match="protected by a password"):
        read_document(F.write_hwpx(F.PRESS_RELEASE, tmp_path / "locked.hwpx", encrypted=True))
    old = tmp_path / "old.hwp"
    old.write_bytes(b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + bytes(200))
    with pytest.raises(ArticleReadError, match="HWP 3"):
        read_document(old)


DAMAGED = {
    ".pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage",
    ".hwp": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
    ".hwpx": b"PK\x03\x04 not really a zip",
    ".docx": b"PK\x03\x04 not really a zip",
    ".xlsx": b"\x89PNG\r\n\x1a\n a picture renamed",
    ".html": b"\x00\x01\x02\x03",
    ".csv": b"\x00\x01\x02\x03 binary",
    ".jsonl": b"\x00\x01\x02\x03 binary",
}


@pytest.mark.parametrize("suffix", sorted(DAMAGED))
def test_a_damaged_file_of_any_format_gets_one_line_naming_it(tmp_path, suffix):
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(DAMAGED[suffix])
    with pytest.raises(ArticleReadError) as err:
        list(read_records(path))
    message = str(err.value)
    assert message.startswith(str(path) + ": ") and "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("suffix", sorted(SUFFIXES - {".markdown", ".text", ".md", ".txt"}))
def test_an_empty_file_of_any_format_says_it_is_empty(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    with pytest.raises(ArticleReadError, match="empty"):
        list(read_records(path))


def test_old_binary_office_files_are_named(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    (tmp_path / "old.docx").write_bytes(ole)
    (tmp_path / "old.xlsx").write_bytes(ole)
    with pytest.raises(ArticleReadError, match=r"old Word document \(.doc\)"):
        read_document(tmp_path / "old.docx")
    with pytest.raises(ArticleReadError, match=r"old Excel workbook \(.xls\)"):
        list(read_records(tmp_path / "old.xlsx"))


def test_a_zip_that_unpacks_to_far_more_than_it_holds_is_refused(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (150 * 2**20))
    assert bomb.stat().st_size < 2**20
    with pytest.raises(ArticleReadError, match="hostile"):
        read_document(bomb)


# -- tables --------------------------------------------------------------------------------------------

def test_a_bigkinds_download_gives_one_record_per_row_with_its_metadata(tmp_path):
    body = "\n\n".join(F.NEWS_BODY)
    rows = [
        F.bigkinds_row(1, F.NEWS_TITLE, body),
        [None] * len(F.BIGKINDS_HEADER),  # an empty row: not an article
        F.bigkinds_row(2, "두 번째 기사", "", author="이영희·김철수 기자"),  # no text: its own error
        F.bigkinds_row(3, "세 번째 기사", "정다은 한빛시장은 “약국을 늘리겠다”고 밝혔다.", date="20231105",
                       outlet="두리신문", author="김철수", url="javascript:alert(1)"),
    ]
    path = F.write_xlsx(tmp_path / "NewsResult_20240301-20240331.xlsx", rows)
    records = list(read_records(path))
    assert [r.row for r in records] == [2, 4, 5]  # the rows Excel shows; the header is row 1
    first, bad, third = records
    assert first.text == F.NEWS and first.error is None
    assert (first.headline, first.published, first.outlet, first.reporter, first.url, first.source_id) == (
        F.NEWS_TITLE, "2024-03-12", "한빛일보", "박지성", "https://news.example.kr/article/1", "01100101.20240000000001")
    assert bad.text == "" and bad.error == "no text in the column '본문'"
    assert (third.published, third.outlet, third.reporter, third.url) == ("2023-11-05", "두리신문", "김철수", None)
    assert F.quotes_of(first.text) == F.quotes_of(F.NEWS)
    assert count_records(path) == 3
    assert first.meta() == {"headline": F.NEWS_TITLE, "published": "2024-03-12", "outlet": "한빛일보",
                            "reporter": "박지성", "url": "https://news.example.kr/article/1",
                            "source_id": "01100101.20240000000001", "source_row": 2}


def test_bigkinds_variants_are_recognised(tmp_path):
    """뉴스식별자 without the space; 일자 as a number; a title row above the header."""
    header = ["뉴스식별자", "일자", "언론사", "기고자", "제목", "본문", "URL"]
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([])  # a blank first row
    ws.append(header)
    ws.append(["id-1", 20240102, "한빛일보", "박지성", "제목", "김 장관은 “하겠다”고 밝혔다.", "https://x.kr/1"])
    wb.save(tmp_path / "v.xlsx")
    [r] = read_records(tmp_path / "v.xlsx")
    assert (r.row, r.source_id, r.published, r.text) == (3, "id-1", "2024-01-02", "제목\n\n김 장관은 “하겠다”고 밝혔다.")


def test_a_table_without_a_text_column_names_its_columns_and_the_way_out(tmp_path):
    path = F.write_csv(tmp_path / "x.csv", ["a", "b"], [["1", "2"]])
    with pytest.raises(ArticleReadError) as err:
        list(read_records(path))
    assert "no column of article text among 'a', 'b'" in str(err.value) and "--columns text=" in str(err.value)
    assert [r.text for r in read_records(path, {"text": "b"})] == ["2"]
    with pytest.raises(ColumnsError, match="no column '본문' for text"):
        list(read_records(path, {"text": "본문"}))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "utf-16"])
def test_csv_in_every_encoding_korean_excel_writes(tmp_path, encoding):
    rows = [["정부 “개혁”", "김 장관은 “하겠다”고\n밝혔다.", "2024.3.12", "한빛일보"], ["둘", "이 의원은 “안 된다”고 말했다.", "", ""]]
    path = F.write_csv(tmp_path / "c.csv", ["제목", "내용", "날짜", "매체"], rows, encoding=encoding)
    records = list(read_records(path))
    assert [(r.row, r.headline, r.published, r.outlet) for r in records] == [
        (2, "정부 “개혁”", "2024-03-12", "한빛일보"), (3, "둘", None, None)]
    assert records[0].text == "정부 “개혁”\n\n김 장관은 “하겠다”고\n밝혔다."  # a line break inside a quoted cell


def test_tsv_and_semicolons_and_a_column_mapping(tmp_path):
    tsv = F.write_csv(tmp_path / "t.tsv", ["headline", "article_body", "press"], [["제목", "본문 “말”", "매체"]],
                      delimiter="\t")
    [r] = read_records(tsv, parse_columns("text=article_body"))
    assert (r.text, r.headline, r.outlet) == ("제목\n\n본문 “말”", "제목", "매체")
    semi = F.write_csv(tmp_path / "s.csv", ["title", "text"], [["t", "본문"]], delimiter=";")
    assert [r.text for r in read_records(semi)] == ["t\n\n본문"]
    [r] = read_records(tsv, {"text": "article_body", "title": None})  # the viewer's 「(없음)」
    assert (r.text, r.headline) == ("본문 “말”", None)


def test_a_csv_that_turns_undecodable_halfway_keeps_the_rows_before(tmp_path):
    path = tmp_path / "mixed.csv"
    good = "title,text\n" + "".join(f"제목{i},본문 {i}번째 “말”\n" for i in range(3))
    path.write_bytes(good.encode("utf-8") + b"x" * (2**20) + b",\xff\xfe broken\n")
    records = list(read_records(path))
    assert [r.text for r in records[:3]] == [f"제목{i}\n\n본문 {i}번째 “말”" for i in range(3)]
    assert records[-1].error.startswith("cannot decode the file from here on as utf-8")


def test_jsonl_bad_lines_cost_only_themselves(tmp_path):
    path = F.write_jsonl(tmp_path / "c.jsonl", [
        {"title": "첫 기사", "body": "김 장관은 “하겠다”고 밝혔다.", "meta": {"url": "https://x.kr/1", "date": "2024-03-12"}},
        "{not json",
        "[1, 2]",
        {"title": "본문 없음"},
        {"title": "넷째", "body": ["첫 문단.", "둘째 문단."]},
    ])
    records = list(read_records(path, {"url": "meta.url", "date": "meta.date"}))
    assert [(r.row, r.error is None) for r in records] == [(1, True), (2, False), (3, False), (4, False), (5, True)]
    assert (records[0].url, records[0].published) == ("https://x.kr/1", "2024-03-12")
    assert records[1].error.startswith("not valid JSON") and records[2].error.startswith("not a JSON object")
    assert records[3].error == "no text in the column 'body'"
    assert records[4].text == "넷째\n\n첫 문단.\n\n둘째 문단."
    assert count_records(path) == 5


def test_preview_shows_the_columns_the_first_rows_and_the_guess(tmp_path):
    path = F.write_xlsx(tmp_path / "b.xlsx", [F.bigkinds_row(n, f"제목 {n}", f"본문 {n}") for n in range(8)])
    p = preview(path, rows=3)
    assert p.columns == tuple(F.BIGKINDS_HEADER) and len(p.rows) == 3 and p.total == 8
    assert p.rows[0][F.BIGKINDS_HEADER.index("제목")] == "제목 0"
    assert p.guessed == {"text": "본문", "title": "제목", "date": "일자", "outlet": "언론사", "author": "기고자",
                         "url": "URL", "id": "뉴스 식별자"}
    j = preview(F.write_jsonl(tmp_path / "j.jsonl", [{"id": 1, "content": "x", "meta": {"title": "t"}}]))
    assert j.columns == ("id", "content", "meta.title") and j.guessed == {"text": "content", "id": "id"}


def test_column_specs_from_the_command_line():
    assert parse_columns("text=본문, title=제목,reporter=기고자,published=일자") == {
        "text": "본문", "title": "제목", "author": "기고자", "date": "일자"}
    assert parse_columns("text=뉴스 본문") == {"text": "뉴스 본문"}
    for bad, why in (("본문", "not FIELD=COLUMN"), ("speaker=x", "unknown field"), ("text=", "no column"), ("", "at least")):
        with pytest.raises(ColumnsError, match=why):
            parse_columns(bad)
    assert guess(["Title", "TEXT", "Published At", "link"]) == {"text": "TEXT", "title": "Title", "date": "Published At",
                                                               "url": "link"}


# -- the interface -----------------------------------------------------------------------------------

def test_the_registry_knows_every_format():
    assert {".txt", ".md", ".pdf", ".hwp", ".hwpx", ".docx", ".html", ".htm", ".xlsx", ".csv", ".tsv", ".jsonl"} <= SUFFIXES
    assert TABLE_SUFFIXES == {".xlsx", ".csv", ".tsv", ".jsonl", ".ndjson"}
    assert ".pdf" in DOCUMENT_SUFFIXES and ".txt" not in DOCUMENT_SUFFIXES
    assert is_table("a/NewsResult.XLSX") and not is_table("a/b.pdf")


def test_read_article_reads_documents_and_refuses_tables(samples, tmp_path):
    assert read_article(samples["hwp"]) == read_document(samples["hwp"]).text  # so `main.py parse x.hwp` works
    table = F.write_csv(tmp_path / "t.csv", ["text"], [["x"]])
    with pytest.raises(ArticleReadError, match="holds many articles"):
        read_article(table)
    assert read_article(samples["txt"]) == F.PRESS_RELEASE + "\n"


def test_record_labels_name_the_row():
    assert Record("x").label("a.pdf") == "a.pdf"
    assert Record("x", row=12).label("b.xlsx") == "b.xlsx, row 12"


@pytest.mark.parametrize("value, iso", [
    ("20240312", "2024-03-12"), (20240312, "2024-03-12"), (20240312.0, "2024-03-12"), ("2024-03-12T09:30:00+09:00", "2024-03-12"),
    ("2024. 3. 12.", "2024-03-12"), ("2024년 3월 12일", "2024-03-12"), (dt.datetime(2024, 3, 12, 9), "2024-03-12"),
    ("20241312", None), ("어제", None), ("", None), (None, None), ("202403", None),
])
def test_dates_as_formats_write_them(value, iso):
    assert iso_date(value) == iso


@pytest.mark.parametrize("value, names", [
    ("홍길동 기자", "홍길동"), ("홍길동 기자 hong@example.kr", "홍길동"), ("홍길동·김철수 기자", "홍길동, 김철수"),
    ("홍길동/김철수", "홍길동, 김철수"), ("[한빛일보] 박지성 선임기자", "박지성"), ("입력 2024.03.12 09:30", None), ("", None), (None, None),
])
def test_bylines_become_names(value, names):
    assert clean_reporter(value) == names


def test_only_web_addresses_are_kept():
    assert clean_url(" https://news.example.kr/a?b=1 ") == "https://news.example.kr/a?b=1"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "www.example.kr", "http://", "https://a b"):
        assert clean_url(bad) is None, bad


def test_readers_never_import_qt_or_the_store():
    root = Path(__file__).resolve().parents[2] / "attribution" / "readers"
    for module in root.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(PySide6|db|viewer|sqlite3)\b", source, re.MULTILINE), module.name


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx", ".docx", ".hwpx", ".hwp", ".pdf"])
def test_any_bytes_give_records_or_one_line_never_a_traceback(tmp_path, suffix):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    starts = {".xlsx": b"PK\x03\x04", ".docx": b"PK\x03\x04", ".hwpx": b"PK\x03\x04", ".pdf": b"%PDF-1.4\n",
              ".hwp": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"}

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.binary(max_size=600), st.sampled_from(["본문,제목\n", "text\n", "", "{\"text\": \"x\"}\n"]))
    def check(data, prefix):
        path = tmp_path / f"any{suffix}"
        path.write_bytes(starts.get(suffix, prefix.encode("utf-8")) + data)
        try:
            for record in read_records(path):
                assert isinstance(record, Record)
                assert (record.error is None) == bool(record.text.strip())
        except ArticleReadError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(str(path))

    check()
