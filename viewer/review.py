"""Review: quotes the parser was unsure about, worked through from the keyboard."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from . import style
from .delegates import StanceChipDelegate
from .models import ID_PAGE, QuoteTableModel


class ReviewTable(QTableView):
    """Enter confirms, Delete marks not-speech, R reassigns; the next row is selected after each."""

    confirmRequested = Signal()
    notSpeechRequested = Signal()
    reassignRequested = Signal()

    def keyPressEvent(self, event):
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.confirmRequested.emit()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.notSpeechRequested.emit()
            return
        if key == Qt.Key.Key_R and not event.modifiers():
            self.reassignRequested.emit()
            return
        super().keyPressEvent(event)


class ReviewPane(QWidget):
    quoteActivated = Signal(int)
    confirmRequested = Signal(list)
    notSpeechRequested = Signal(list)
    reassignRequested = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.header = style.header_label("검토할 발언")
        hint = QLabel("Enter: 확인 · Del: 발언 아님 · R: 화자 변경 — 처리하면 다음 항목으로 넘어갑니다")
        hint.setObjectName("paneMeta")
        self.model = QuoteTableModel(keys=("speaker", "title", "text", "verb", "stance", "confidence", "headline"), parent=self)
        self.model.background = True
        self.model.page_ids = ID_PAGE  # a big archive may have 100,000 to review: windows of ids
        self.view = ReviewTable()
        self.view.setObjectName("reviewTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 2 + 12)
        self.view.setItemDelegateForColumn(4, StanceChipDelegate(self.view))
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for c, w in ((0, 110), (1, 90), (3, 70), (4, 64), (5, 56), (6, 160)):
            self.view.setColumnWidth(c, w)
        self.confirm_btn = QPushButton("확인 (Enter)")
        self.reassign_btn = QPushButton("화자 변경 (R)")
        self.not_speech_btn = QPushButton("발언 아님 (Del)")
        for b in (self.confirm_btn, self.reassign_btn, self.not_speech_btn):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.confirm_btn)
        buttons.addWidget(self.reassign_btn)
        buttons.addWidget(self.not_speech_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.header)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self.view.confirmRequested.connect(lambda: self.confirmRequested.emit(self.current_ids()))
        self.view.notSpeechRequested.connect(lambda: self.notSpeechRequested.emit(self.current_ids()))
        self.view.reassignRequested.connect(lambda: self.reassignRequested.emit(self.current_ids()))
        self.confirm_btn.clicked.connect(lambda: self.confirmRequested.emit(self.current_ids()))
        self.not_speech_btn.clicked.connect(lambda: self.notSpeechRequested.emit(self.current_ids()))
        self.reassign_btn.clicked.connect(lambda: self.reassignRequested.emit(self.current_ids()))
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._update_header)
        self.model.rowsInserted.connect(lambda *_: self._update_header())

    def _current_changed(self, current, _prev) -> None:
        qid = self.model.id_at(current.row()) if current.isValid() else None
        if qid is not None:
            self.quoteActivated.emit(qid)

    def _update_header(self) -> None:
        self.header.setText(f"검토할 발언 {self.model.total():,}건")

    def current_ids(self) -> list[int]:
        idx = self.view.currentIndex()
        qid = self.model.id_at(idx.row()) if idx.isValid() else None
        return [qid] if qid is not None else []

    def set_filter(self, f) -> None:
        self.model.set_filter(f)
        self.model.after_load(lambda: self.select_row(0))

    def refresh_after(self, handled_row: int) -> None:
        """Re-query and select the item that now sits where the handled one was."""
        self.model.refresh()

        def reselect() -> None:
            self.select_row(min(handled_row, self.model.rowCount() - 1))

        def after() -> None:
            if handled_row >= self.model.rowCount():  # it was beyond the first window: fetch the rest first
                self.model.fetch_rest_later(reselect)
            else:
                reselect()

        self.model.after_load(after)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(self.model.index(row, 0))
