"""The small things that cost trust: dates, Korean dialogs, reset, filters that narrow the speakers,
an article pane that follows, file names for untitled articles, the title, CSV headers, citations,
opening the source, and a headline quote that is the same statement as the lead."""
from __future__ import annotations

import csv

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from attribution.model import Quote
from db import QuoteFilter

from .test_window import speaker_id, type_text

UNDATED = "날짜 없는 보도자료\n김민지 대변인은 “재정 집행을 서두르겠다”고 말했다.\n"
LEAD = (
    "장관 “전세 사기 피해 끝까지 지원하겠다”\n"
    "입력 2025.03.04 10:00\n"
    "김현수 국토교통부 장관은 4일 “전세 사기 피해를 끝까지 지원하겠다”고 말했다.\n"
)


def add(store, text, words, speaker, org, title, **meta):
    quotes = []
    for w in words:
        start = text.index(w)
        quotes.append(Quote(text=w, start=start, end=start + len(w), speaker=speaker, speaker_type="person",
                            title=title, org=org, verb="말했다", resolution="same_sentence", confidence=0.9,
                            stance="commitment"))
    return store.add_parsed_article(source_path=meta.pop("source_path", None), text=text, meta=meta, quotes=quotes)


def test_date_filter_opens_on_the_data_in_korean_and_counts_undated_quotes(window, qtbot, store):
    add(store, UNDATED, ["재정 집행을 서두르겠다"], "김민지", "기획재정부", "대변인", source_path="own/undated.txt")
    window.reload_all()
    since, until = window.filters.since, window.filters.until
    assert store.date_range() == ("2020-06-30", "2025-12-17")
    assert since.minimumDate() == QDate(2020, 6, 29) and since.value() is None  # "any" is the day before
    assert since.text() == "기간 시작: 전체" and until.text() == "끝: 전체"
    assert since.locale().language() == QLocale.Language.Korean
    assert "2020-06-30 ~ 2025-12-17" in since.toolTip()
    for edit, (year, month) in ((since, (2020, 6)), (until, (2025, 12))):
        cal = edit.calendarWidget()
        assert cal.locale().language() == QLocale.Language.Korean
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 8, edit.height() // 2))
        qtbot.waitUntil(cal.isVisible, timeout=3000)  # the popup is open
        assert (cal.yearShown(), cal.monthShown()) == (year, month)
        # every row of the month fits: the popup is at least as tall as the calendar asks
        assert cal.height() >= cal.sizeHint().height() and cal.window().height() >= cal.sizeHint().height()
        cal.window().hide()
    # the undated quote: counted, kept by an explicit choice, dropped by the other
    assert window.filters.undated.text() == "날짜 없음 1건 포함" and window.filters.undated.isChecked()
    assert window.statements.total() == 13
    since.setDate(QDate(2024, 1, 1))
    assert window.statements.total() == store.quote_count(QuoteFilter(since="2024-01-01", undated=True)) == 10
    window.filters.undated.setChecked(False)
    assert window.statements.total() == 9
    since.set_value(None)
    assert window.statements.total() == 12  # no range, undated dropped: still the user's choice


def test_qt_dialogs_speak_the_systems_language(qapp):
    from viewer.app import install_qt_translations

    assert install_qt_translations(qapp, QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "취소"
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "확인"
    mb = QMessageBox(QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert mb.button(QMessageBox.StandardButton.Yes).text().startswith("예")
    install_qt_translations(qapp, QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_reset_clears_filters_and_the_speaker_selection(window, qtbot):
    window.speakers.select_ids([speaker_id(window, "박민수"), speaker_id(window, "이재성")])
    type_text(window.speakers.filter, "박")
    window.speakers.flush()
    type_text(window.filters.search, "정부")
    window.filters.flush()
    window.filters.stance.setCurrentIndex(1)
    qtbot.mouseClick(window.filters.reset, Qt.MouseButton.LeftButton)
    assert window.speakers.selected_ids() == [] and window.speakers.filter.text() == ""
    assert window.filters.search.text() == "" and window.filters.stance.currentIndex() == 0
    cols = window.statements.columns
    assert len(cols) == 1 and cols[0].speaker is None and window.statements.total() == 12
    assert window.speakers.model.rowCount() == 8


def test_stance_and_search_narrow_the_speaker_list(window, qtbot, store):
    def names():
        m = window.speakers.model
        return {m.row_object(r).name for r in range(m.rowCount())}

    # the narrowed list follows the statements (the window does not wait for it): wait for it here
    stance = window.filters.stance
    stance.setCurrentIndex(stance.findData("criticism"))
    qtbot.waitUntil(lambda: names() == {"박민수"}, timeout=5000)
    assert window.speakers.header.text() == "화자 1명"
    stance.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(names()) == 8, timeout=5000)
    type_text(window.filters.search, "재정")
    window.filters.flush()
    qtbot.waitUntil(lambda: names() == {"기획재정부", "기획재정부 관계자"}, timeout=5000)
    # a selected speaker stays listed (with no match) so the comparison does not lose a column
    window.filters.search.clear()
    window.filters.flush()
    park = speaker_id(window, "박민수")
    window.speakers.select_ids([park])
    type_text(window.filters.search, "재정")
    window.filters.flush()
    qtbot.waitUntil(lambda: names() == {"기획재정부", "기획재정부 관계자", "박민수"}, timeout=5000)
    assert window.speakers.selected_ids() == [park]
    assert window.statements.columns[0].count() == 0


def test_the_article_pane_follows_the_filter(window, qtbot, store):
    window.speakers.select_ids([speaker_id(window, "이재성")])
    col = window.statements.columns[0]
    col.view.setFocus()
    col.view.selectRow(0)
    shown = window.article.current_quote
    assert shown is not None
    window.reset_filters()
    type_text(window.filters.search, "정부")
    window.filters.flush()
    current = window.article.current_quote
    assert current != shown and "정부" in store.quote(current).text
    assert window.statements.has_quote(current)
    type_text(window.filters.search, "없는말없는말")
    window.filters.flush()
    assert window.article.article_id is None and window.article.header.text() == "조건에 맞는 발언이 없습니다"


def test_untitled_articles_are_named_by_their_file(window, qtbot, store):
    add(store, UNDATED, ["재정 집행을 서두르겠다"], "김민지", "기획재정부", "대변인",
        source_path="/news/2025/보도자료_0304.txt")
    window.reload_all()
    window.speakers.select_ids([speaker_id(window, "김민지")])
    col = window.statements.columns[0]
    m = col.model
    assert m.data(m.index(0, col._col("headline"))) == "보도자료_0304.txt"
    col.view.setFocus()
    col.view.selectRow(0)
    assert window.article.header.text() == "보도자료_0304.txt"
    review = window.review.model
    assert review.ALL["headline"][1] == "기사"


def test_window_title_names_the_app_once(window):
    app_name = QApplication.applicationDisplayName()
    title = window.windowTitle()
    assert title == f"corpus.db — {app_name}"
    # platforms append the display name unless the title ends with it: it shows once either way
    assert title.endswith(app_name) and title.count("Balheon") == 1


def test_viewer_export_uses_korean_headers_unless_switched_off(window, qtbot, tmp_path):
    out = tmp_path / "ko.csv"
    with qtbot.waitSignal(window.exportFinished, timeout=20000):
        window.export_to(str(out))
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh))[:3] == ["발언 번호", "화자", "화자 유형"]
    window.act_korean_headers.setChecked(False)
    out2 = tmp_path / "en.csv"
    with qtbot.waitSignal(window.exportFinished, timeout=20000):
        window.export_to(str(out2))
    with out2.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh))[:3] == ["quote_id", "speaker", "speaker_type"]
    assert window.settings.value("export_korean_headers") in (False, "false")


def test_copy_quotes_with_their_citation(window, qtbot, store):
    window.speakers.select_ids([speaker_id(window, "김기홍")])
    col = window.statements.columns[0]
    col.view.setFocus()
    col.view.selectRow(0)
    qid = col.model.id_at(0)
    q = store.quote(qid)
    qtbot.keyClick(col.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    assert text == (f"“{' '.join(q.text.split())}” — 김기홍 전략산업국장(전남도), 「전남도, AI 시대 지역균형성장 전략 모색」, "
                    "광남일보, 2025.12.17")
    # one setting changes the format
    window.settings.setValue("citation_format", "{speaker}({date}): {quote}")
    window.act_copy_citation.trigger()
    assert QGuiApplication.clipboard().text().startswith("김기홍(2025.12.17): 데이터센터")
    # the format dialog previews the chosen quote
    from viewer.citation import CitationFormatDialog

    seen = []

    def edit(dlg):
        seen.append(dlg)
        assert isinstance(dlg, CitationFormatDialog) and dlg.preview.text().startswith("김기홍(2025.12.17)")
        dlg.edit.setText("“{quote}” ({speaker})")
        return 1

    window.exec_dialog = edit
    window.edit_citation_format()
    assert seen and window.settings.value("citation_format") == "“{quote}” ({speaker})"
    # the context menu offers it too
    assert window.act_copy_citation in window.statements.actions()


def test_open_the_source_file_or_say_why_not(window, qtbot, store, monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr("viewer.main_window.QDesktopServices.openUrl", lambda url: opened.append(url) or True)
    window.speakers.select_ids([speaker_id(window, "정병선")])
    col = window.statements.columns[0]
    col.view.setFocus()
    col.view.selectRow(0)
    assert window.article.open_btn.isEnabled()
    qtbot.mouseClick(window.article.open_btn, Qt.MouseButton.LeftButton)
    assert opened and opened[0].isLocalFile() and opened[0].toLocalFile().endswith("000_6fb5adfe881a8e20.txt")
    # a file that is gone: one clear line, nothing opened
    opened.clear()
    window.speakers.select_ids([speaker_id(window, "여권 관계자")])
    col = window.statements.columns[0]
    col.view.setFocus()
    col.view.selectRow(0)
    assert not window.open_source(window.article.article_id)
    assert opened == [] and "원본 파일을 찾을 수 없습니다" in window.last_message[1]
    window._boxes[-1].close()
    # an article that came from an address opens the address
    aid = add(store, UNDATED, ["재정 집행을 서두르겠다"], "김민지", "기획재정부", "대변인",
              source_path="https://news.example.com/article/123")
    assert window.open_source(aid) and opened == [QUrl("https://news.example.com/article/123")]


def test_a_headline_quote_and_the_lead_are_one_statement_marked_in_the_headline(window, qtbot, store):
    headline = LEAD.splitlines()[0]
    aid = add(store, LEAD, ["전세 사기 피해 끝까지 지원하겠다", "전세 사기 피해를 끝까지 지원하겠다"], "김현수",
              "국토교통부", "장관", headline=headline, published="2025-03-04")
    window.reload_all()
    [q] = store.article_quotes(aid)
    assert q.in_headline and q.text == "전세 사기 피해를 끝까지 지원하겠다"
    window.speakers.select_ids([speaker_id(window, "김현수")])
    col = window.statements.columns[0]
    assert col.count() == 1 and col.model.row_object(0).in_headline
    assert "제목에도" in col.model.data(col.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    col.view.setFocus()
    col.view.selectRow(0)
    hs, he = window.article.headline_span(q.id)
    assert window.article.plain_text()[hs:he] == "전세 사기 피해 끝까지 지원하겠다"
    assert window.article.text.quote_id_at_position(hs + 2) == q.id  # clicking the headline words finds it
