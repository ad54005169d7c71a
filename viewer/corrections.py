"""Corrections from the main window: reassign, edit a speaker, merge, not speech, confirm — and
undo/redo of each (Ctrl+Z / Ctrl+Shift+Z), with the history they leave in the database.

Each user action is one `Store.correction` group, so one Ctrl+Z takes back all of it (three
quotes reassigned at once, a new speaker and the quotes given to it). A mixin of MainWindow:
it uses the window's store, dialogs hook (`exec_dialog`), message box and reload.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu

from db import QuoteFilter, StoreError

from . import workers
from .citation import CitationFormatDialog, format_citation, template_of
from .dialogs import MergeDialog, SpeakerEditor, SpeakerPicker
from .history import HistoryDialog

log = logging.getLogger(__name__)


class CorrectionsMixin:
    """Correction commands of MainWindow (see the module docstring)."""

    # -- plumbing ---------------------------------------------------------------------------------
    def _write(self, fn, *args, **kwargs) -> bool:
        try:
            fn(*args, **kwargs)
            return True
        except StoreError as exc:
            self._store_error(exc)
            return False

    def _correct(self, action: str, label: str | None, fn) -> bool:
        """Run fn() as one correction (one undo step); a StoreError is explained and nothing is kept."""
        if self.store is None:
            return False
        try:
            with self.store.correction(action, label):
                fn()
        except StoreError as exc:
            self._store_error(exc)
            return False
        return True

    def _after_correction(self, message: str | None = None) -> None:
        self.reload_all()
        self.update_undo_actions()
        if message:
            self.statusBar().showMessage(message, 6000)

    def update_undo_actions(self) -> None:
        undo = redo = None
        if self.store is not None:
            try:
                undo, redo = self.store.next_undo(), self.store.next_redo()
            except StoreError as exc:
                log.warning("undo state: %s", exc)
        self.act_undo.setEnabled(undo is not None)
        self.act_redo.setEnabled(redo is not None)
        self.act_undo.setText(f"되돌리기: {undo.label}" if undo else "되돌리기")
        self.act_redo.setText(f"다시 하기: {redo.label}" if redo else "다시 하기")
        self.act_undo.setToolTip(self.act_undo.text() + " (Ctrl+Z)")
        self.act_redo.setToolTip(self.act_redo.text() + " (Ctrl+Shift+Z)")

    # -- undo / redo ------------------------------------------------------------------------------
    def undo(self) -> bool:
        return self._step(self.store.undo if self.store else None, "되돌렸습니다", "되돌릴 수정이 없습니다")

    def redo(self) -> bool:
        return self._step(self.store.redo if self.store else None, "다시 했습니다", "다시 할 수정이 없습니다")

    def _step(self, fn, done: str, nothing: str) -> bool:
        if fn is None:
            return False
        try:
            c = fn()
        except StoreError as exc:
            self._store_error(exc)
            self._after_correction()
            return False
        if c is None:
            self.statusBar().showMessage(nothing, 4000)
            self.update_undo_actions()
            return False
        self._after_correction(f"{done}: {c.label}")
        return True

    def show_history(self, quote_id: int | None = None) -> HistoryDialog | None:
        if self.store is None:
            return None
        try:
            dlg = HistoryDialog(self.store, quote_id, self)
        except StoreError as exc:
            self._store_error(exc)
            return None
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.exportRequested.connect(self.choose_export_history)
        self.last_history = dlg
        dlg.open()
        return dlg

    def show_selected_quote_history(self) -> None:
        ids = self.selected_quote_ids()
        if ids:
            self.show_history(ids[0])

    def choose_export_history(self) -> None:
        start = str(Path(str(self.settings.value("export_dir", str(Path.home())))) / "balheon_corrections.csv")
        path, _ = QFileDialog.getSaveFileName(self, "수정 이력 내보내기", start, "CSV (*.csv)")
        if path:
            if not path.lower().endswith(".csv"):
                path += ".csv"
            self.export_history_to(path)

    def export_history_to(self, path: str) -> bool:
        if self.store is None:
            return False
        w = workers.Worker(workers.history_job(self.db_path, path, self.korean_headers()), known_errors=(StoreError, OSError))
        w.signals.result.connect(lambda n, p=path: self._on_export_result(p, n, "수정 이력"))
        w.signals.error.connect(lambda m, known: self.message("내보내기 실패", m, "error"))
        self._history_export = w
        workers.start(w)
        return True

    # -- citations --------------------------------------------------------------------------------
    def copy_citation(self, quote_ids: list[int] | None = None) -> str:
        """Copy the selected quotes, each with its citation (the format is a setting)."""
        ids = quote_ids if quote_ids is not None else self.selected_quote_ids()
        if not ids or self.store is None:
            return ""
        try:
            rows = self.store.quote_rows(ids)
        except StoreError as exc:
            self._store_error(exc)
            return ""
        template = template_of(self.settings)
        text = "\n\n".join(format_citation(r, template) for r in rows)
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"발언 {len(rows)}건을 출처와 함께 복사했습니다", 4000)
        return text

    def edit_citation_format(self) -> None:
        example = None
        ids = self.selected_quote_ids()
        if ids and self.store is not None:
            rows = self.store.quote_rows(ids[:1])
            example = rows[0] if rows else None
        dlg = CitationFormatDialog(template_of(self.settings), example, self)
        if self.exec_dialog(dlg) == QDialog.DialogCode.Accepted:
            self.settings.setValue("citation_format", dlg.template())
        dlg.deleteLater()

    # -- choosing a speaker -----------------------------------------------------------------------
    def pick_speaker(self, title="화자 선택", exclude=None, initial_text="", verb="선택"):
        """(speaker id, None), (None, new speaker spec) or None when cancelled."""
        dlg = SpeakerPicker(self.store, self, title=title, exclude=exclude, initial_text=initial_text, verb=verb)
        try:
            if self.exec_dialog(dlg) == QDialog.DialogCode.Accepted:
                if dlg.new_speaker is not None:
                    return None, dlg.new_speaker
                if dlg.chosen_id is not None:
                    return dlg.chosen_id, None
            return None
        finally:
            dlg.deleteLater()

    def _speaker_of(self, choice) -> int:
        """The chosen speaker's id, creating a new one (inside the caller's correction)."""
        sid, new = choice
        if sid is not None:
            return sid
        name, kind, org = new
        return self.store.create_speaker(name, type=kind or "person", org=org)

    # -- quote corrections ------------------------------------------------------------------------
    def reassign(self, quote_ids: list[int], speaker) -> bool:
        """Give the quotes to `speaker` (an id, or a picker choice) as one correction."""
        choice = (speaker, None) if isinstance(speaker, int) else speaker
        ok = self._correct("reassign", None, lambda: self.store.reassign_quotes(quote_ids, self._speaker_of(choice)))
        self._after_correction("화자를 바꿨습니다 (Ctrl+Z: 되돌리기)" if ok else None)
        return ok

    def reassign_selected_quotes(self, quote_ids: list[int] | None = None) -> None:
        ids = quote_ids if quote_ids is not None else self.selected_quote_ids()
        if not ids or self.store is None:
            return
        rows = self.store.quote_rows(ids[:1])
        current = rows[0].speaker_id if rows else None
        choice = self.pick_speaker("다른 화자로 변경", exclude=current, verb="에게 옮기기")
        if choice is not None:
            self.reassign(ids, choice)

    def edit_selected_quote_title(self) -> None:
        ids = self.selected_quote_ids()
        if not ids or self.store is None:
            return
        rows = self.store.quote_rows(ids[:1])
        dlg = QInputDialog(self)
        dlg.setWindowTitle("직함 수정")
        dlg.setLabelText("이 발언에서 화자의 직함:")
        dlg.setTextValue(rows[0].title or "" if rows else "")
        if self.exec_dialog(dlg) == QDialog.DialogCode.Accepted:
            title = dlg.textValue().strip() or None
            ok = self._correct("title", None, lambda: self.store.set_quote_titles(ids, title))
            self._after_correction("직함을 고쳤습니다" if ok else None)
        dlg.deleteLater()

    def mark_not_speech(self, quote_ids: list[int]) -> None:
        ok = self._correct("not_speech", None, lambda: self.store.mark_quotes_not_speech(quote_ids, True))
        self._after_correction("발언 아님으로 표시했습니다 (Ctrl+Z: 되돌리기)" if ok else None)

    def mark_selected_not_speech(self) -> None:
        ids = self.selected_quote_ids()
        if ids and self.store is not None:
            self.mark_not_speech(ids)

    def confirm_selected_quotes(self) -> None:
        ids = self.selected_quote_ids()
        if ids and self.store is not None:
            ok = self._correct("confirm", None, lambda: self.store.confirm_quotes(ids))
            self._after_correction("확인했습니다" if ok else None)

    def review_action(self, action: str, ids: list[int]) -> None:
        """Confirm / mark not-speech / reassign the current review item, then select the next one."""
        if not ids or self.store is None:
            return
        row = self.review.view.currentIndex().row()
        if action == "confirm":
            ok = self._correct("confirm", None, lambda: self.store.confirm_quotes(ids))
        elif action == "not_speech":
            ok = self._correct("not_speech", None, lambda: self.store.mark_quotes_not_speech(ids, True))
        else:
            rows = self.store.quote_rows(ids[:1])
            choice = self.pick_speaker("다른 화자로 변경", exclude=rows[0].speaker_id if rows else None,
                                       verb="에게 옮기기")
            if choice is None:
                return
            ok = self._correct("reassign", None, lambda: self.store.reassign_quotes(ids, self._speaker_of(choice)))
        self.review.refresh_after(max(row, 0))
        self._count = (None, None)
        self.speakers.reload()
        self._update_counts()
        self.review.view.setFocus()
        self.update_undo_actions()
        self.refresh_speaker_views()
        if ok:
            self.statusBar().showMessage("처리했습니다 — 다음 항목 (Ctrl+Z: 되돌리기)", 3000)
        self.dataChanged.emit()

    # -- speaker corrections ----------------------------------------------------------------------
    def apply_speaker_edit(self, speaker_id: int, name=None, org=None, type=None, title=None) -> bool:
        """Rename / re-organise a speaker; a new title is written on all of their quotes (one correction)."""

        def edit() -> None:
            self.store.update_speaker(speaker_id, name=name, org=org, type=type)
            if title:
                ids = self.store.quote_ids(QuoteFilter(speaker_ids=(speaker_id,), include_not_speech=True))
                self.store.set_quote_titles(ids, title)

        if not self._correct("edit_speaker", None, edit):
            return False
        self._after_correction("화자 정보를 고쳤습니다 (Ctrl+Z: 되돌리기)")
        return True

    def edit_speaker(self, speaker_id: int | None = None) -> None:
        if self.store is None:
            return
        ids = [speaker_id] if speaker_id is not None else self.speakers.selected_ids()[:1]
        if not ids:
            return
        rows = self.store.speaker_rows(ids)
        if not rows:
            return
        dlg = SpeakerEditor(rows[0], self)
        if self.exec_dialog(dlg) == QDialog.DialogCode.Accepted:
            self.apply_speaker_edit(rows[0].id, **dlg.values())
        dlg.deleteLater()

    def merge(self, keep_id: int, remove_id: int) -> bool:
        if not self._correct("merge", None, lambda: self.store.merge_speakers(keep_id, remove_id)):
            return False
        view = self._speaker_views.pop(remove_id, None) if hasattr(self, "_speaker_views") else None
        if view is not None:
            view.close()
        self.speakers.select_ids([keep_id])
        self._after_correction("화자를 병합했습니다 (Ctrl+Z: 되돌리기)")
        return True

    def ask_merge(self, a_id: int, b_id: int) -> bool:
        """Show both speakers and what merging changes; merge only if the user says so."""
        if self.store is None:
            return False
        rows = self.store.speaker_rows([a_id, b_id])
        if len(rows) != 2:
            return False
        rows.sort(key=lambda r: -r.quote_count)
        dlg = MergeDialog(rows[0], rows[1], self, store=self.store)
        try:
            if self.exec_dialog(dlg) == QDialog.DialogCode.Accepted:
                return self.merge(*dlg.keep_remove())
            return False
        finally:
            dlg.deleteLater()

    def merge_selected_speakers(self) -> None:
        ids = self.speakers.selected_ids()
        if self.store is None:
            return
        if len(ids) == 1:
            choice = self.pick_speaker("병합할 다른 화자", exclude=ids[0], verb="와 병합")
            if choice is None:
                return
            if choice[0] is None:
                self.message("화자 병합", "병합할 화자는 목록에서 고르세요.", "info")
                return
            ids = [ids[0], choice[0]]
        if len(ids) != 2:
            self.message("화자 병합", "병합할 화자 두 명을 선택하세요 (Ctrl+클릭).", "info")
            return
        self.ask_merge(*ids)

    # -- menus ------------------------------------------------------------------------------------
    def _quote_context_menu(self, column, global_pos) -> None:
        m = QMenu(self)
        for a in (self.act_copy_citation, None, self.act_reassign, self.act_title, self.act_confirm,
                  self.act_not_speech, None, self.act_quote_history, self.act_open_speaker_of_quote):
            m.addSeparator() if a is None else m.addAction(a)
        m.popup(global_pos)

    def _speaker_context_menu(self, pos) -> None:
        m = QMenu(self)
        m.addAction(self.act_open_speaker)
        m.addAction(self.act_edit_speaker)
        m.addAction(self.act_merge)
        m.popup(self.speakers.view.viewport().mapToGlobal(pos))
