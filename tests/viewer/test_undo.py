"""Every correction can be undone (Ctrl+Z) and redone (Ctrl+Shift+Z); the history is in the
database, shown per quote, kept across a re-parse and exported; the speaker picker commits only
what the user chose."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

import attribution
from db import Store

from .test_window import _accept_with, speaker_id, type_text


def snapshot(store):
    conn = store._conn
    return (conn.execute("SELECT * FROM speakers ORDER BY id").fetchall(),
            conn.execute("SELECT id, speaker_id, title, status, needs_review FROM quotes ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM speaker_aliases ORDER BY 1, 2").fetchall())


def press_undo(window, qtbot, widget=None):
    qtbot.keyClick(widget or window.speakers.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def press_redo(window, qtbot, widget=None):
    qtbot.keyClick(widget or window.speakers.view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def first_quote_of(window, name):
    window.speakers.select_ids([speaker_id(window, name)])
    col = window.statements.columns[0]
    col.view.setFocus()
    col.view.selectRow(0)
    return col.model.id_at(0)


def reassign(window, qtbot, store):
    qid = first_quote_of(window, "박민수")
    kim = speaker_id(window, "김기선")
    window.exec_dialog = _accept_with(lambda dlg: dlg.choose(kim))
    window.reassign_selected_quotes()
    assert store.quote(qid).speaker_id == kim


def edit_speaker(window, qtbot, store):
    sid = speaker_id(window, "김기홍")
    window.speakers.select_ids([sid])

    def edit(dlg):
        dlg.name.setText("김기홍(수정)")
        dlg.title.setText("국장")
        dlg.org.setText("전라남도")

    window.exec_dialog = _accept_with(edit)
    window.edit_speaker()
    assert store.speaker(sid).name == "김기홍(수정)" and store.speaker(sid).titles == "국장"


def merge(window, qtbot, store):
    a, b = speaker_id(window, "기획재정부"), speaker_id(window, "기획재정부 관계자")
    window.speakers.select_ids([a, b])
    window.exec_dialog = _accept_with(lambda dlg: None)
    window.merge_selected_speakers()
    assert store.speaker_count() == 7


def not_speech(window, qtbot, store):
    qid = first_quote_of(window, "이재성")
    qtbot.keyClick(window.statements.columns[0].view, Qt.Key.Key_Delete)
    assert store.quote(qid).status == "not_speech"


def confirm(window, qtbot, store):
    window.act_review.trigger()
    qid = window.review.current_ids()[0]
    qtbot.keyClick(window.review.view, Qt.Key.Key_Return)
    assert store.quote(qid).status == "confirmed"


@pytest.mark.parametrize("correct", [reassign, edit_speaker, merge, not_speech, confirm])
def test_ctrl_z_undoes_and_ctrl_shift_z_redoes_each_correction(window, qtbot, store, correct):
    before = snapshot(store)
    assert not window.act_undo.isEnabled()
    correct(window, qtbot, store)
    after = snapshot(store)
    assert after != before
    assert window.act_undo.isEnabled() and window.act_undo.text().startswith("되돌리기: ")
    press_undo(window, qtbot)
    assert snapshot(store) == before
    assert window.act_redo.isEnabled() and not window.act_undo.isEnabled()
    assert window.statusBar().currentMessage().startswith("되돌렸습니다")
    press_redo(window, qtbot)
    assert snapshot(store) == after
    assert window.statusBar().currentMessage().startswith("다시 했습니다")


def test_undo_refreshes_the_views(window, qtbot, store):
    sid = speaker_id(window, "이재성")
    window.speakers.select_ids([sid])
    col = window.statements.columns[0]
    col.view.setFocus()
    col.view.selectRow(0)
    qtbot.keyClick(col.view, Qt.Key.Key_Delete)
    assert window.statements.columns[0].count() == 1
    press_undo(window, qtbot)
    assert window.statements.columns[0].count() == 2 and window.speakers.selected_ids() == [sid]


def test_ctrl_z_in_a_text_box_undoes_the_typing_not_a_correction(window, qtbot, store):
    not_speech(window, qtbot, store)
    before = snapshot(store)
    type_text(window.filters.search, "정부")
    window.filters.search.setFocus()
    press_undo(window, qtbot, window.filters.search)
    assert snapshot(store) == before  # the correction stays


def test_history_of_a_quote_and_of_everything_exported(window, qtbot, store, tmp_path):
    reassign(window, qtbot, store)
    qid = window.statements.columns[0].model.id_at(0)
    col = window.statements.columns[0]
    col.view.setFocus()
    col.view.selectRow(0)
    moved = store.history()[0].quote_id
    window.speakers.select_ids([store.quote(moved).speaker_id])
    col = window.statements.columns[0]
    col.view.setFocus()
    col.select_quote(moved)
    window.act_quote_history.trigger()
    dlg = window.last_history
    assert dlg.isVisible() and dlg.table.rowCount() == 1
    cells = [dlg.table.item(0, c).text() for c in range(dlg.table.columnCount())]
    assert cells[1].startswith("화자 변경") and "박민수" in cells[2] and "김기선" in cells[3] and cells[4] == "적용됨"
    dlg.close()
    press_undo(window, qtbot)
    window.act_history.trigger()
    dlg = window.last_history
    assert dlg.table.item(0, 4).text().startswith("되돌림")
    out = tmp_path / "history.csv"
    with qtbot.waitSignal(window.exportFinished, timeout=20000):
        window.export_history_to(str(out))
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and rows[0]["수정 종류"] == "화자 변경" and rows[0]["상태"] == "되돌림"
    dlg.close()
    assert qid is not None


def test_history_and_undo_survive_a_reparse(window, qtbot, store, monkeypatch):
    reassign(window, qtbot, store)
    moved = store.history()[0].quote_id
    # a new parser version that finds nothing: parsed quotes go, the corrected one stays
    from tests.db import fakeparser  # module-level parsers: the parser processes import them

    monkeypatch.setattr(attribution, "parse_text", fakeparser.finds_nothing)
    from db.ingest import reparse_articles

    reparse_articles(window.db_path, jobs=1)
    window.reload_all()
    window.update_undo_actions()
    assert store.quote(moved).status == "corrected"
    assert [e.quote_id for e in store.history()] == [moved]
    assert window.act_undo.isEnabled()
    press_undo(window, qtbot)
    assert store.quote(moved).speaker == "박민수"


def test_picker_has_no_preselected_speaker_and_shows_the_choice(window, qtbot, store):
    from viewer.dialogs import SpeakerPicker

    dlg = SpeakerPicker(store, window, title="다른 화자로 변경", verb="에게 옮기기")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.chosen_id is None and not dlg.view.selectionModel().hasSelection()
    assert not dlg.ok.isEnabled() and "고르세요" in dlg.choice.text()
    type_text(dlg.search, "김기")
    dlg.reload()
    qtbot.keyClick(dlg.search, Qt.Key.Key_Return)
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.chosen_id is None  # Enter alone commits nothing
    assert "고르세요" in dlg.choice.text() and not dlg.ok.isEnabled()
    qtbot.keyClick(dlg.search, Qt.Key.Key_Down)  # the user moves into the list: its first row
    assert dlg.focusWidget() is dlg.view and dlg.view.currentIndex().row() == 0
    first = dlg.model.row_object(0)
    assert dlg.chosen_id == first.id  # the row the user moved to, shown before anything is done
    assert dlg.choice.text().startswith(f"에게 옮기기: {first.name}") and dlg.ok.text() == f"‘{first.name}’ 에게 옮기기"
    qtbot.keyClick(dlg.view, Qt.Key.Key_Down)
    second = dlg.model.row_object(1)
    assert dlg.chosen_id == second.id and second.name in dlg.choice.text()
    qtbot.keyClick(dlg.view, Qt.Key.Key_Return)
    assert dlg.result() == QDialog.DialogCode.Accepted and dlg.chosen_id == second.id


def test_picker_new_speaker_and_its_quotes_are_one_undo(window, qtbot, store):
    qid = first_quote_of(window, "박민수")

    def create(dlg):
        dlg.search.setText("최신규")
        dlg.new_org.setText("시민단체")
        dlg.create_new()

    window.exec_dialog = _accept_with(create)
    window.reassign_selected_quotes()
    assert store.quote(qid).speaker == "최신규"
    press_undo(window, qtbot)
    assert store.quote(qid).speaker == "박민수" and store.find_speakers("최신규") == []


def test_db_untouched_when_the_picker_is_cancelled(window, qtbot, store):
    first_quote_of(window, "박민수")
    before = snapshot(store)
    window.exec_dialog = lambda dlg: QDialog.DialogCode.Rejected
    window.reassign_selected_quotes()
    assert snapshot(store) == before and Store is not None
