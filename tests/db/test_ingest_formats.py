"""Ingest of every format: a folder mixing text, PDF, HWP, HWPX, Word, web pages, a BigKinds workbook, CSV and
JSONL stores every article once with what its format says about it; a table's rows are stored, deduplicated
and reported one by one; the progress counts articles; export and the source reference keep the row and
the address."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import attribution
from db import QuoteFilter, Store
from db.ingest import article_record, ingest_paths
from main import main
from tests import formats as F

from . import fakeparser


@pytest.fixture
def fake_parser(monkeypatch):
    monkeypatch.setattr(attribution, "parse_text", fakeparser.fake_parse)


def _article(n: int) -> str:
    headline, body, _name = F.story(n)
    return f"{headline}\n\n{body}"


REPORTERS = {4: "하도윤", 5: "문서윤", 6: "나예준"}


def mixed_folder(root: Path) -> dict[str, object]:
    """One distinct article per document format, three in a BigKinds workbook, two in a CSV, two in a
    JSONL corpus; and the press release twice (.txt and .hwpx): the same text, stored once."""
    root.mkdir()
    (root / "보도자료").mkdir()
    F.write_txt(F.PRESS_RELEASE, root / "보도자료" / "press.txt")
    F.write_hwpx(F.PRESS_RELEASE, root / "보도자료" / "press-again.hwpx")
    F.write_pdf(_article(1), root / "보도자료" / "story1.pdf", wrap=30)
    F.write_hwp(_article(2), root / "보도자료" / "story2.hwp")
    F.write_docx(_article(3), root / "story3.docx")
    F.write_html(root / "saved-page.html", F.NEWS_TITLE, F.NEWS_BODY, encoding="euc-kr")
    rows = []
    for n in (4, 5, 6):
        headline, body, _ = F.story(n)
        rows.append(F.bigkinds_row(n, headline, body, date=f"202402{n:02d}", outlet="두리신문", author=f"{REPORTERS[n]} 기자"))
    F.write_xlsx(root / "NewsResult_20240201-20240229.xlsx", rows)
    F.write_csv(root / "corpus.csv", ["제목", "본문", "날짜", "링크"],
                [[*F.story(n)[:2], f"2024-01-{n:02d}", f"https://csv.example.kr/{n}"] for n in (7, 8)], encoding="cp949")
    F.write_jsonl(root / "corpus.jsonl", [{"title": F.story(n)[0], "text": F.story(n)[1], "press": "누리일보"} for n in (9, 10)])
    (root / "notes.odt").write_bytes(b"not a format Balheon reads: skipped in folders")
    return {"articles": 1 + 4 + 3 + 2 + 2, "duplicates": 1}


def test_ingest_of_a_folder_mixing_every_format_stores_every_article_once_with_its_metadata(tmp_path, capsys):
    shape = mixed_folder(tmp_path / "in")
    db = tmp_path / "mixed.db"
    assert main(["ingest", str(tmp_path / "in"), "--db", str(db), "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert f"added {shape['articles']} article(s)" in out and f"skipped {shape['duplicates']} already present" in out
    with Store.open(db, readonly=True) as store:
        assert store.article_count() == shape["articles"]
        arts = {(Path(a.source_path).name, a.source_row): a for a in map(store.article, store.article_ids())}
        # every article's quotes found, with a speaker
        for key, art in arts.items():
            quotes = store.article_quotes(art.id)
            assert len(quotes) >= 3 and quotes[0].speaker, key
        # the workbook's rows: the format's metadata, the row in the source reference
        for n, row in zip((4, 5, 6), (2, 3, 4)):
            a = arts[("NewsResult_20240201-20240229.xlsx", row)]
            assert (a.headline, a.published, a.outlet, a.reporter, a.url, a.source_id) == (
                F.story(n)[0], f"2024-02-{n:02d}", "두리신문", REPORTERS[n], f"https://news.example.kr/article/{n}",
                f"01100101.2024{n:010d}")
        assert arts[("corpus.csv", 3)].url == "https://csv.example.kr/8"
        assert arts[("corpus.csv", 3)].published == "2024-01-08"
        assert arts[("corpus.jsonl", 2)].outlet == "누리일보" and arts[("corpus.jsonl", 2)].headline == F.story(10)[0]
        page = arts[("saved-page.html", None)]
        assert (page.headline, page.outlet, page.reporter, page.url) == (
            F.NEWS_TITLE, "한빛일보", "박지성", "https://news.example.kr/article/2024/0312/1234")
        # documents: what the parser read from the text
        [press] = [a for (name, _r), a in arts.items() if name in ("press.txt", "press-again.hwpx")]  # one of the two
        assert press.headline == "한빛시, 공공심야약국 12곳으로 늘린다"
        assert arts[("story2.hwp", None)].headline == F.story(2)[0]
        # the speakers are those of the same text parsed as .txt
        hwp = arts[("story2.hwp", None)]
        assert [(q.text, q.speaker) for q in store.article_quotes(hwp.id)] == [
            (q[0], q[1]) for q in F.quotes_of(_article(2))]
    # again: nothing new, nothing failed
    assert main(["ingest", str(tmp_path / "in"), "--db", str(db), "--jobs", "1"]) == 0
    assert f"added 0 article(s) with 0 quote(s); skipped {shape['articles'] + shape['duplicates']}" in capsys.readouterr().out


def test_what_the_format_says_wins_over_what_the_parser_guesses(fake_parser, tmp_path, db_path):
    body = "[새솔일보=최가람 기자] 2020.01.01 본문이다.\nQ|홍길동|행정안전부|장관|말했다"
    path = F.write_xlsx(tmp_path / "b.xlsx", [F.bigkinds_row(1, "표의 제목", body, date="20240312", outlet="한빛일보",
                                                             author="박지성 기자")])
    assert ingest_paths(db_path, [path], jobs=1).added == 1
    with Store.open(db_path) as store:
        a = store.article(store.article_ids()[0])
        assert (a.headline, a.published, a.outlet, a.reporter) == ("표의 제목", "2024-03-12", "한빛일보", "박지성")
    # a row that says nothing of the outlet leaves the parser's reading of the byline
    path2 = F.write_csv(tmp_path / "c.csv", ["text"], [[body.replace("본문이다", "다른 본문")]])
    assert ingest_paths(db_path, [path2], jobs=1).added == 1
    with Store.open(db_path) as store:
        a = store.article(store.article_ids()[1])
        assert (a.outlet, a.reporter, a.published, a.source_row) == ("새솔일보", "최가람", "2020-01-01", 2)


def test_a_bad_row_costs_only_itself_and_duplicate_rows_are_stored_once(fake_parser, tmp_path, db_path):
    rows = [F.bigkinds_row(n, f"제목 {n}", fakeparser.article(n)) for n in range(5)]
    rows[2] = F.bigkinds_row(2, "본문 없는 행", "")
    rows.append(F.bigkinds_row(9, "제목 0", fakeparser.article(0)))  # row 7: the same article as row 2
    rows.append(F.bigkinds_row(10, "터지는 행", "PARSER-BOOM"))
    path = F.write_xlsx(tmp_path / "b.xlsx", rows)
    report = ingest_paths(db_path, [path], jobs=1)
    assert (report.added, report.skipped) == (4, 1)
    assert report.failed == [(f"{path}, row 4", "no text in the column '본문'"),
                             (f"{path}, row 8", "parser error: RuntimeError: boom")]
    with Store.open(db_path) as store:
        assert sorted(store.article(i).source_row for i in store.article_ids()) == [2, 3, 5, 6]
        assert store.quote_count(QuoteFilter()) == 8


def test_progress_counts_the_articles_of_a_1000_row_bigkinds_workbook(fake_parser, tmp_path, db_path):
    rows = [F.bigkinds_row(n, f"기사 {n}", fakeparser.article(n, quotes=1)) for n in range(1000)]
    book = F.write_xlsx(tmp_path / "NewsResult_1000.xlsx", rows)
    single = F.write_txt(fakeparser.article(5000, quotes=1), tmp_path / "one.txt")
    seen: list[tuple[int, int]] = []
    report = ingest_paths(db_path, [book, single], jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert (report.added, report.failed) == (1001, [])
    assert len(seen) == 1001 and {total for _d, total in seen} == {1001}
    assert [d for d, _t in seen] == list(range(1, 1002))
    with Store.open(db_path) as store:
        assert store.article_count() == 1001 and store.quote_count(QuoteFilter()) == 1001


def test_a_table_that_cannot_be_read_is_reported_once_and_the_rest_goes_on(fake_parser, tmp_path, db_path):
    F.write_csv(tmp_path / "nocolumn.csv", ["a", "b"], [["1", "2"]])
    F.write_txt(fakeparser.article(1), tmp_path / "ok.txt")
    F.write_scanned_pdf(tmp_path / "scan.pdf")
    report = ingest_paths(db_path, [tmp_path], jobs=1)
    assert report.added == 1
    reasons = {Path(p).name: why for p, why in report.failed}
    assert set(reasons) == {"nocolumn.csv", "scan.pdf"}
    assert reasons["nocolumn.csv"].startswith("no column of article text among 'a', 'b'")
    assert "no text layer" in reasons["scan.pdf"] and "\n" not in reasons["scan.pdf"]


def test_columns_on_the_command_line(fake_parser, tmp_path, capsys):
    path = F.write_csv(tmp_path / "odd.csv", ["헤드", "기사", "매체명2"],
                       [["첫 제목", fakeparser.article(1), "한빛일보"], ["둘째 제목", fakeparser.article(2), "두리신문"]])
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(path), "--db", db, "--jobs", "1"]) == 1
    assert "no column of article text" in capsys.readouterr().out
    assert main(["ingest", str(path), "--db", db, "--jobs", "1", "--columns", "text=기사,title=헤드,outlet=매체명2"]) == 0
    assert "added 2 article(s)" in capsys.readouterr().out
    with Store.open(db) as store:
        assert sorted(store.article(i).outlet for i in store.article_ids()) == ["두리신문", "한빛일보"]
    assert main(["ingest", str(path), "--db", db, "--columns", "본문"]) == 2
    err = capsys.readouterr().err
    assert "not FIELD=COLUMN" in err and err.count("\n") == 1
    assert main(["ingest", str(path), "--db", db, "--jobs", "1", "--columns", "text=없는열"]) == 1
    assert "no column '없는열' for text" in capsys.readouterr().out


def test_export_carries_the_row_and_the_address(fake_parser, tmp_path, db_path):
    path = F.write_xlsx(tmp_path / "b.xlsx", [F.bigkinds_row(7, "제목", fakeparser.article(7, quotes=1))])
    ingest_paths(db_path, [path], jobs=1)
    out = tmp_path / "q.csv"
    with Store.open(db_path) as store:
        store.export_csv(out, QuoteFilter())
        store.export_csv(tmp_path / "ko.csv", QuoteFilter(), korean_headers=True)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert (row["source_file"], row["source_row"], row["url"]) == (str(path), "2", "https://news.example.kr/article/7")
    with open(tmp_path / "ko.csv", encoding="utf-8-sig", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert (row["원본 행"], row["기사 주소"]) == ("2", "https://news.example.kr/article/7")


def test_article_record_of_a_web_page_carries_the_address_for_the_cluster(fake_parser, tmp_path):
    page = F.write_html(tmp_path / "p.html", F.NEWS_TITLE, F.NEWS_BODY)
    record = article_record(page, parse=fakeparser.fake_parse)
    assert record["meta"]["url"] == "https://news.example.kr/article/2024/0312/1234"
    assert record["meta"]["outlet"] == "한빛일보" and record["text"] == F.NEWS


def test_the_cluster_parses_every_row_of_a_table(fake_parser, tmp_path):
    pytest.importorskip("dask")
    from db.distributed import parse_to_shards

    book = F.write_xlsx(tmp_path / "b.xlsx", [F.bigkinds_row(n, f"제목 {n}", fakeparser.article(n)) for n in range(3)]
                        + [F.bigkinds_row(3, "빈 행", "")])
    summary = parse_to_shards([str(book)], tmp_path / "shards", scheduler="synchronous")
    assert summary["articles"] == 3
    assert summary["failed"] == [(f"{book}, row 5", "no text in the column '본문'")]
    db = tmp_path / "s.db"
    from db.ingest import ingest_parsed

    assert ingest_parsed(db, [tmp_path / "shards"]).added == 3
    with Store.open(db) as store:
        assert sorted((store.article(i).source_path, store.article(i).source_row) for i in store.article_ids()) == [
            (str(book), 2), (str(book), 3), (str(book), 4)]
