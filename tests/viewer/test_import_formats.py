"""The viewer's import of every format: the file dialog and drag and drop take them all; a CSV or JSONL
corpus first shows its columns and first rows so the user maps them; a BigKinds workbook of 1,000 rows
imports with a progress bar that counts articles; the article shows its address and row, and 원문 열기
opens the address."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog

import attribution
from attribution.readers import SUFFIXES
from db import QuoteFilter
from tests import formats as F
from tests.db import fakeparser


@pytest.fixture
def fake_parser(monkeypatch):
    """Rows parsed by the stand-in parser (the parser processes import it, and never load Kiwi)."""
    monkeypatch.setattr(attribution, "parse_text", fakeparser.fake_parse)


def _drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    ev = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    window.dropEvent(ev)


def test_the_file_dialog_offers_every_format():
    from viewer.transfer import IMPORT_FILTER

    first = IMPORT_FILTER.split(";;")[0]
    for suffix in SUFFIXES - {".text", ".markdown", ".xhtml"}:
        assert f"*{suffix}" in first, suffix


def test_dropping_documents_of_every_kind_imports_them(window, qtbot, tmp_path):
    files = [F.write_pdf(F.PRESS_RELEASE, tmp_path / "press.pdf", wrap=36),
             F.write_hwpx(F.NEWS, tmp_path / "news.hwpx"),
             F.write_docx(f"{F.story(1)[0]}\n\n{F.story(1)[1]}", tmp_path / "story.docx")]
    before = window.store.article_count()
    with qtbot.waitSignal(window.importFinished, timeout=120000) as blocker:
        _drop(window, files)
    report = blocker.args[0]
    assert (report.added, report.failed) == (3, [])
    assert window.store.article_count() == before + 3
    speakers = {r.speaker for r in window.store.quote_rows(window.store.quote_ids(QuoteFilter()))}
    assert {"정다은", "이수진", F.story(1)[2]} <= speakers
    window.last_import_summary.close()


def test_a_csv_corpus_shows_its_columns_and_first_rows_and_imports_as_mapped(window, qtbot, tmp_path, fake_parser):
    rows = [[f"제목 {n}", fakeparser.article(n, quotes=1), f"https://corpus.example.kr/{n}", "메모"] for n in range(12)]
    path = F.write_csv(tmp_path / "corpus.csv", ["헤드라인", "기사", "link", "비고"], rows, encoding="cp949")
    seen = {}

    def map_columns(dlg):
        seen["columns"] = dlg.preview.columns
        seen["rows"] = dlg.table.rowCount()
        seen["first"] = dlg.table.item(0, 0).text()
        seen["guessed"] = dlg.mapping()
        seen["ok before"] = dlg.ok.isEnabled()
        dlg.set_column("text", "기사")  # not a name Balheon knows: the user says which
        seen["ok after"] = dlg.ok.isEnabled()
        seen["header"] = dlg.table.horizontalHeaderItem(1).text()
        return QDialog.DialogCode.Accepted

    window.exec_dialog = map_columns
    progress = []
    with qtbot.waitSignal(window.importFinished, timeout=120000) as blocker:
        assert window.start_import([str(path)])
        window.progress.valueChanged.connect(lambda v: progress.append((v, window.progress.maximum())))
    report = blocker.args[0]
    assert seen["columns"] == ("헤드라인", "기사", "link", "비고") and seen["rows"] == 5 and seen["first"] == "제목 0"
    assert seen["guessed"] == {"text": None, "title": "헤드라인", "date": None, "outlet": None, "author": None,
                               "url": "link", "id": None}
    assert not seen["ok before"] and seen["ok after"] and seen["header"] == "기사\n[본문]"
    assert (report.added, report.failed) == (12, [])
    assert progress and progress[-1] == (12, 12)
    window.last_import_summary.close()
    # the row's address and number are shown with the article
    [art] = [a for a in map(window.store.article, window.store.article_ids()) if a.source_row == 5]
    assert (art.headline, art.url) == ("제목 3", "https://corpus.example.kr/3")
    window.show_quote(window.store.quote_ids(QuoteFilter(article_id=art.id), limit=1)[0])
    meta = window.article.meta.text()
    assert "corpus.csv (5행)" in meta and "https://corpus.example.kr/3" in meta


def test_skipping_a_table_in_the_dialog_imports_nothing(window, qtbot, tmp_path, fake_parser):
    path = F.write_jsonl(tmp_path / "c.jsonl", [{"text": fakeparser.article(1)}])
    window.exec_dialog = lambda dlg: QDialog.DialogCode.Rejected
    before = window.store.article_count()
    with qtbot.waitSignal(window.importFinished, timeout=60000) as blocker:
        assert window.start_import([str(path)])
    assert blocker.args[0] is None and window.store.article_count() == before
    qtbot.waitUntil(lambda: not window.importing())
    assert window.act_import_files.isEnabled()


def test_a_bigkinds_workbook_of_1000_rows_imports_with_a_progress_bar_of_articles(window, qtbot, tmp_path, fake_parser):
    rows = [F.bigkinds_row(n, f"기사 {n}", fakeparser.article(n, quotes=1)) for n in range(1000)]
    rows[500] = F.bigkinds_row(500, "본문 없는 행", "")
    book = F.write_xlsx(tmp_path / "NewsResult_20240101-20241231.xlsx", rows)
    asked = []
    window.exec_dialog = lambda dlg: asked.append(dlg) or QDialog.DialogCode.Accepted
    progress = []
    with qtbot.waitSignal(window.importFinished, timeout=300000) as blocker:
        _drop(window, [book])
        window.progress.valueChanged.connect(lambda v: progress.append((v, window.progress.maximum(),
                                                                        window.progress.format())))
    report = blocker.args[0]
    assert asked == []  # BigKinds' columns are known by name: no dialog
    assert report.added == 999 and report.failed == [(f"{book}, row 502", "no text in the column '본문'")]
    assert progress and {m for _v, m, _f in progress} == {1000} and progress[-1][:2] == (1000, 1000)
    assert progress[-1][2] == "기사 1,000/1,000"
    dlg = window.last_import_summary
    assert "표의 1개 행은 가져오지 못했습니다" in dlg.summary.text()
    assert "NewsResult_20240101-20241231.xlsx (502행)" in dlg.details.toPlainText()
    dlg.close()


def test_open_the_source_prefers_the_article_address(window, qtbot, tmp_path, fake_parser, monkeypatch):
    opened = []
    monkeypatch.setattr("viewer.main_window.QDesktopServices.openUrl", lambda url: opened.append(url) or True)
    book = F.write_xlsx(tmp_path / "b.xlsx", [F.bigkinds_row(3, "주소 있는 기사", fakeparser.article(3, quotes=1),
                                                             url="https://news.example.kr/article/3"),
                                              F.bigkinds_row(4, "주소 없는 기사", fakeparser.article(4, quotes=1),
                                                             url="javascript:alert(1)")])
    with qtbot.waitSignal(window.importFinished, timeout=60000):
        window.start_import([str(book)], jobs=1)
    window.last_import_summary.close()
    by_row = {window.store.article(i).source_row: i for i in window.store.article_ids()}
    assert window.open_source(by_row[2]) and opened == [QUrl("https://news.example.kr/article/3")]
    window.show_quote(window.store.quote_ids(QuoteFilter(article_id=by_row[2]), limit=1)[0])
    assert "https://news.example.kr/article/3" in window.article.open_btn.toolTip()
    # no address (a script was refused at reading): the workbook itself is opened
    opened.clear()
    assert window.open_source(by_row[3]) and opened[0].isLocalFile() and opened[0].toLocalFile() == str(book)


def test_the_summary_counts_files_and_rows_apart():
    from types import SimpleNamespace

    from viewer.dialogs import ImportSummary

    report = SimpleNamespace(added=3, skipped=0, failed=[("/a/x.pdf", "no text layer"), ("/a/b.csv, row 4", "no text"),
                                                         ("/a/b.csv, row 9", "no text")])
    dlg = ImportSummary(report)
    assert "1개 파일과 표의 2개 행은 가져오지 못했습니다" in dlg.summary.text()
    assert "/a/b.csv (4행)\n    → no text" in dlg.details.toPlainText()
    dlg.deleteLater()


def test_the_dialog_names_the_fields_and_refuses_without_text(qtbot, tmp_path):
    from attribution.readers import preview
    from viewer.dialogs import ColumnMappingDialog

    path = F.write_xlsx(tmp_path / "b.xlsx", [F.bigkinds_row(n, f"제목 {n}", f"본문 {n}") for n in range(3)])
    dlg = ColumnMappingDialog([str(path), str(tmp_path / "other.xlsx")], preview(path))
    qtbot.addWidget(dlg)
    assert "기사 3건" in dlg.intro.text() and "파일 2개에 함께" in dlg.intro.text()
    assert dlg.mapping()["text"] == "본문" and dlg.mapping()["id"] == "뉴스 식별자" and dlg.ok.isEnabled()
    dlg.set_column("text", None)
    assert not dlg.ok.isEnabled() and "본문" in dlg.hint.text()
    dlg.set_column("title", None)
    assert dlg.mapping()["title"] is None
    assert Path(path).name in dlg.windowTitle()
