"""A speaker's record: roles with dates, a chart of statements per month by stance, statements in
date order, the articles; likely duplicates with a preview, merged only when the user says so."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from attribution.model import Quote
from db import QuoteFilter
from viewer import style
from viewer.charts import buckets

from .test_window import speaker_id

# 박민수 again, later, with another title (and, for the duplicate test, no organisation).
LATER = "국회 본회의 속개\n박민수 위원장은 5일 “추경안은 이번 주 안에 처리해야 한다”고 말했다.\n"


def add_later_park(store, org=None):
    start = LATER.index("추경안은")
    q = Quote(text="추경안은 이번 주 안에 처리해야 한다", start=start, end=LATER.index("”", start), speaker="박민수",
              speaker_type="person", title="위원장", org=org, verb="말했다", resolution="same_sentence",
              confidence=0.9, stance="request")
    store.add_parsed_article(source_path="own/later.txt", text=LATER, meta={"headline": "국회 본회의 속개",
                             "published": "2025-02-05"}, quotes=[q])


def open_view(window, qtbot, name):
    sid = speaker_id(window, name)
    window.speakers.select_ids([sid])
    window.speakers.view.setFocus()
    qtbot.keyClick(window.speakers.view, Qt.Key.Key_Return)
    view = window._speaker_views[sid]
    qtbot.waitUntil(view.ready, timeout=10000)
    return view


def test_enter_or_double_click_opens_the_record(window, qtbot, store):
    view = open_view(window, qtbot, "정병선")
    assert view.isVisible() and view.speaker.name == "정병선"
    assert window.speaker_views() == [view]
    view.close()
    assert window.speaker_views() == []
    sid = speaker_id(window, "이재성")
    row = window.speakers.model.row_of(sid)
    rect = window.speakers.view.visualRect(window.speakers.model.index(row, 0))
    qtbot.mouseClick(window.speakers.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.speakers.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sid in window._speaker_views
    window.close_speaker_views()


def test_record_has_roles_with_dates_chart_statements_in_date_order_and_articles(window, qtbot, store):
    add_later_park(store, "국회")
    window.reload_all()
    view = open_view(window, qtbot, "박민수")
    sid = view.speaker_id
    rec = store.speaker_record(sid)
    assert view.summary.text().startswith(f"발언 {rec.quotes}건 · 기사 {rec.articles}건 · 2024-03-05 ~ 2025-02-05")
    roles = {(view.roles.item(r, 0).text(), view.roles.item(r, 1).text(), view.roles.item(r, 2).text())
             for r in range(view.roles.rowCount())}
    assert roles == {("의원", "국회", "2024-03-05 ~ 2024-11-04"), ("위원장", "국회", "2025-02-05")}
    assert "2024-03-05" in view.roles.item(0, 0).toolTip()  # the article dates behind a role
    # the chart draws the SQL aggregates: one bar per month from the first to the last, by stance
    chart = view.chart
    assert chart.unit == "month" and chart.buckets[0][0] == "2024-03" and chart.buckets[-1][0] == "2025-02"
    assert len(chart.buckets) == 12 and chart.total() == rec.quotes - rec.undated
    assert dict(chart.buckets)["2024-11"] == {"criticism": 1, "demand": 1}
    img = chart.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 3) for y in range(0, img.height(), 3)}
    assert img.width() > 300 and {style.stance_color(s).rgba() for s in ("criticism", "demand")} <= colours
    # statements oldest first; the articles newest first
    m = view.statements.model
    ids = [m.id_at(r) for r in range(m.rowCount())]
    assert ids == store.quote_ids(QuoteFilter(speaker_ids=(sid,)), sort="date", descending=False)
    am = view.articles_model
    assert [am.data(am.index(r, 0)) for r in range(am.rowCount())] == ["2025-02-05", "2024-11-04", "2024-03-05"]
    assert am.data(am.index(1, 3)) == 2
    # choosing a statement shows it in the main window's article pane
    view.statements.view.selectRow(0)
    assert window.article.current_quote == ids[0]
    view.articles.doubleClicked.emit(am.index(0, 1))
    assert window.article.header.text() == "국회 본회의 속개"


def test_chart_buckets_cover_gaps_and_long_spans():
    unit, bs = buckets([("2024-01", {"a": 1}), ("2024-04", {"b": 2})])
    assert unit == "month" and [b[0] for b in bs] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert bs[1][1] == {} and bs[3][1] == {"b": 2}
    unit, bs = buckets([("2001-01", {"a": 1}), ("2024-12", {"a": 3})])
    assert unit == "quarter" and bs[0][0] == "2001 1분기" and sum(sum(m.values()) for _l, m in bs) == 4


def test_likely_duplicates_show_a_preview_and_merge_only_when_asked(window, qtbot, store):
    add_later_park(store)
    window.reload_all()
    view = open_view(window, qtbot, "박민수")
    park = view.speaker_id
    [other] = [c.speaker_id for c in view.candidates]
    assert view.dups.rowCount() == 1 and "소속이 없음" in view.dups.item(0, 3).text()
    assert not view.merge_btn.isEnabled()
    view.choose_candidate(other)
    qtbot.waitUntil(lambda: view.preview is not None, timeout=5000)
    text = view.preview_label.text()
    assert text.startswith("‘박민수 (소속 없음)’의 발언 1건이 ‘박민수 (국회)’에게 옮겨져 모두 4건이 됩니다.")
    assert "직함: 의원 → 위원장, 의원" in text and "Ctrl+Z" in text
    assert store.speaker(other).quote_count == 1  # a preview changes nothing
    seen = []

    def cancel(dlg):
        seen.append(dlg)
        qtbot.waitUntil(lambda: dlg.preview_value is not None, timeout=5000)
        return QDialog.DialogCode.Rejected

    window.exec_dialog = cancel
    view.merge_btn.click()
    assert seen and "옮겨져" in seen[0].preview.text()
    assert store.speaker_rows([other]) and store.corrections() == []  # cancelled: nothing merged
    window.exec_dialog = lambda dlg: QDialog.DialogCode.Accepted
    view.merge_btn.click()
    assert not store.speaker_rows([other]) and store.speaker(park).quote_count == 4
    qtbot.waitUntil(view.ready, timeout=10000)
    assert view.candidates == [] and view.record.quotes == 4
    window.undo()  # and the merge can be taken back
    assert store.speaker(other).quote_count == 1


def test_chart_tooltip_tells_the_month(window, qtbot):
    view = open_view(window, qtbot, "박민수")
    chart = view.chart
    chart.resize(600, 240)
    chart.grab()
    i = next(i for i, (_l, mix) in enumerate(chart.buckets) if mix)
    x = int(chart._bars[i].center().x())
    assert chart.bucket_at(x) == i
    qtbot.mouseMove(chart, QPoint(x, 100))


def test_namesakes_are_listed_and_open_the_record_where_merging_is_offered(window, qtbot, store):
    add_later_park(store)
    window.reload_all()
    window.act_duplicates.trigger()
    dlg = window.last_duplicates
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 1, timeout=5000)
    assert dlg.table.item(0, 0).text() == "박민수" and dlg.table.item(0, 1).text() == "2"
    assert dlg.table.item(0, 2).text() == "국회 · (소속 없음)"
    dlg.table.doubleClicked.emit(dlg.table.model().index(0, 0))
    park = speaker_id(window, "박민수")
    view = window._speaker_views[park]
    qtbot.waitUntil(view.ready, timeout=10000)
    assert len(view.candidates) == 1 and store.speaker_count() == 9  # offered, not merged
    dlg.close()
