"""The correction history: what users changed, before and after, when — for one quote or all.

The history lives in the database (`Store.history`, migration 0006_correction_history), so it
is the same after a restart or a re-parse. Undo and redo themselves are actions of the main
window (viewer/corrections.py); this dialog reads and exports.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .models import plain_tooltip

STATE_LABELS = {"done": "적용됨", "undone": "되돌림", "dropped": "다시 적용 불가"}
MAX_ROWS = 5000


def when(iso: str | None) -> str:
    """An ISO timestamp (UTC) as local time, to the minute."""
    if not iso:
        return ""
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


class HistoryDialog(QDialog):
    """A table of changes, newest first; `exportRequested` asks the window to write them all to CSV."""

    exportRequested = Signal()

    def __init__(self, store, quote_id: int | None = None, parent=None):
        super().__init__(parent)
        self.quote_id = quote_id
        self.setWindowTitle("이 발언의 수정 이력" if quote_id is not None else "수정 이력")
        self.resize(900, 460)
        self.entries = store.history(quote_id=quote_id, limit=MAX_ROWS, newest_first=True)
        cols = ["시각", "수정", "이전", "이후", "상태"] + ([] if quote_id is not None else ["발언"])
        self.table = QTableWidget(len(self.entries), len(cols))
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels(cols)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for r, e in enumerate(self.entries):
            cells = [when(e.at), e.label, e.before, e.after,
                     STATE_LABELS.get(e.state, e.state) + (f" ({when(e.undone_at)})" if e.state == "undone" else "")]
            if quote_id is None:
                cells.append(e.quote_text or "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(text))
                if e.state != "done":
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        hh = self.table.horizontalHeader()
        for c, w in enumerate((118, 200, 190, 190, 120)):
            self.table.setColumnWidth(c, w)
        hh.setSectionResizeMode(len(cols) - 1, QHeaderView.ResizeMode.Stretch)
        count = store.correction_count()
        head = QLabel(
            (f"이 발언의 수정 {len(self.entries)}건" if quote_id is not None else f"수정 {count:,}건")
            + " — 데이터베이스에 저장되어 다시 분석(reparse)해도 남습니다. 되돌리기 Ctrl+Z, 다시 하기 Ctrl+Shift+Z.")
        head.setObjectName("paneMeta")
        head.setWordWrap(True)
        self.empty = QLabel("아직 수정한 적이 없습니다.")
        self.empty.setVisible(not self.entries)
        export = QPushButton("이력 전체를 CSV로…")
        export.clicked.connect(self.exportRequested)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(export, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
