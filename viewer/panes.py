"""The main window's panes: the filter bar and the speakers list (statements: comparison.py)."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QLocale, QSize, QTimer, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.store import narrows_speakers

from . import style
from .models import SpeakerTableModel

KOREAN = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)
FALLBACK_FIRST = QDate(2000, 1, 1)  # an empty database: any range will do


def _qdate(iso: str | None) -> QDate | None:
    if not iso:
        return None
    d = QDate.fromString(iso[:10], "yyyy-MM-dd")
    if not d.isValid() and len(iso) >= 7:
        d = QDate.fromString(iso[:7] + "-01", "yyyy-MM-dd")
    return d if d.isValid() else None


class DateFilter(QDateEdit):
    """One end of the date range. Its lowest value (the day before the data's first date) means
    "any date"; the calendar is in Korean and opens on the data's range (the first month for the
    start, the last month for the end), not on the lowest value a date edit allows."""

    def __init__(self, any_text: str, end: bool = False, parent=None):
        super().__init__(parent)
        self._end = end
        self._first = FALLBACK_FIRST
        self._last = QDate.currentDate()
        self.setLocale(KOREAN)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setSpecialValueText(any_text)
        cal = QCalendarWidget(self)
        cal.setLocale(KOREAN)
        cal.setFirstDayOfWeek(Qt.DayOfWeek.Sunday)
        cal.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        cal.setGridVisible(False)
        self.setCalendarWidget(cal)
        cal.installEventFilter(self)
        self.setMaximumWidth(128)
        self._set_bounds()
        self.setDate(self.minimumDate())

    def _set_bounds(self) -> None:
        self.blockSignals(True)
        keep = self.value()
        self.setDateRange(self._first.addDays(-1), max(self._last, self._first))
        self.set_value(keep)
        self.blockSignals(False)

    def set_data_range(self, first: str | None, last: str | None) -> None:
        """The dates the data spans (Store.date_range); the choice made, if any, is kept when it fits."""
        self._first = _qdate(first) or FALLBACK_FIRST
        self._last = _qdate(last) or max(QDate.currentDate(), self._first)
        self._set_bounds()
        tip = f"자료 기간: {first[:10]} ~ {last[:10]}" if first and last else "날짜가 있는 발언이 없습니다"
        self.setToolTip(tip)

    def data_range(self) -> tuple[QDate, QDate]:
        return self._first, self._last

    def eventFilter(self, obj, event):  # noqa: N802
        if obj is self.calendarWidget() and event.type() == QEvent.Type.Show:
            cal = self.calendarWidget()
            # Every row of the month visible, whatever the font: the popup takes the calendar's size
            # hint, which leaves out the last week with a Hangul font (the row the issue saw cut off).
            fm = cal.fontMetrics()
            need = QSize(7 * (fm.horizontalAdvance("00") + 24), fm.height() + 18 + 7 * (fm.height() + 12))
            cal.setMinimumSize(cal.sizeHint().expandedTo(need))
            if self.value() is None:
                page = self._last if self._end else self._first
                cal.setCurrentPage(page.year(), page.month())
        return super().eventFilter(obj, event)

    def value(self) -> str | None:
        d = self.date()
        return None if d == self.minimumDate() else d.toString("yyyy-MM-dd")

    def set_value(self, iso: str | None) -> None:
        d = _qdate(iso)
        self.setDate(d if d is not None and d > self.minimumDate() else self.minimumDate())


class FilterBar(QWidget):
    """Search + org/verb/stance/date filters; emits `changed` (debounced for typing)."""

    changed = Signal()
    resetRequested = Signal()  # 초기화: every filter and the speaker selection

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.search = QLineEdit()
        self.search.setObjectName("quoteSearch")
        self.search.setPlaceholderText("발언 검색 (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(style.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(120)
        self.org = self._combo("모든 소속")
        self.verb = self._combo("모든 동사")
        self.stance = self._combo("모든 입장")
        self.since = DateFilter("기간 시작: 전체")
        self.until = DateFilter("끝: 전체", end=True)
        self.undated = QCheckBox("날짜 없음 포함")
        self.undated.setObjectName("undatedToggle")
        self.undated.setChecked(True)
        self.undated.setToolTip("기사 날짜를 알 수 없는 발언을 목록에 넣을지 정합니다 (기간을 골라도 적용)")
        self.include_not_speech = QCheckBox("발언 아님 포함")
        self.reset = QPushButton("초기화")
        self.reset.setToolTip("모든 검색·필터와 화자 선택 해제")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(5)
        lay.addWidget(self.search, 3)
        for w in (self.org, self.verb, self.stance):
            lay.addWidget(w, 1)
        lay.addWidget(self.since)
        lay.addWidget(QLabel("~"))
        lay.addWidget(self.until)
        lay.addWidget(self.undated)
        lay.addWidget(self.include_not_speech)
        lay.addWidget(self.reset)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.org, self.verb, self.stance):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.since.dateChanged.connect(lambda _d: self.changed.emit())
        self.until.dateChanged.connect(lambda _d: self.changed.emit())
        self.undated.toggled.connect(lambda _b: self.changed.emit())
        self.include_not_speech.toggled.connect(lambda _b: self.changed.emit())
        self.reset.clicked.connect(self.resetRequested)
        self.setTabOrder(self.search, self.org)
        self.setTabOrder(self.org, self.verb)
        self.setTabOrder(self.verb, self.stance)
        self.setTabOrder(self.stance, self.since)
        self.setTabOrder(self.since, self.until)

    @staticmethod
    def _combo(any_text: str) -> QComboBox:
        c = QComboBox()
        c.addItem(any_text, None)
        c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        c.setMinimumContentsLength(4)  # the bar fits a 1024-pixel window; the popup shows whole names
        return c

    def set_choices(self, orgs, verbs, stances) -> None:
        """Refill the combos, keeping the current choice when it still exists."""
        for combo, values, label in (
            (self.org, orgs, None),
            (self.verb, verbs, None),
            (self.stance, stances, style.stance_label),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for v in values:
                if v is None or v == "":
                    continue
                text = f"{label(v)} ({v})" if label and label(v) != v else str(v)
                combo.addItem(text, v)
            i = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)

    def set_dates(self, first: str | None, last: str | None, undated: int) -> None:
        """The data's date range (the calendars open on it) and how many quotes have no date."""
        for d in (self.since, self.until):
            d.set_data_range(first, last)
        self.undated.setText(f"날짜 없음 {undated:,}건 포함")
        self.undated.setEnabled(undated > 0 or not self.undated.isChecked())

    def flush(self) -> None:
        """Apply a pending (debounced) search now."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def clear(self) -> None:
        self.blockSignals(True)
        self.search.clear()
        self._timer.stop()
        for combo in (self.org, self.verb, self.stance):
            combo.setCurrentIndex(0)
        self.since.set_value(None)
        self.until.set_value(None)
        self.undated.setChecked(True)
        self.include_not_speech.setChecked(False)
        self.blockSignals(False)
        self.changed.emit()

    def apply(self, f):
        """The given QuoteFilter with this bar's criteria."""
        q = self.search.text().strip()
        return replace(
            f,
            query=q or None,
            org=self.org.currentData(),
            verb=self.verb.currentData(),
            stance=self.stance.currentData(),
            since=self.since.value(),
            until=self.until.value(),
            undated=self.undated.isChecked(),
            include_not_speech=self.include_not_speech.isChecked(),
        )


class SpeakerTable(QTableView):
    """The speakers list; Enter (or a double-click) opens the current speaker's record."""

    openRequested = Signal(int)  # row

    def keyPressEvent(self, event):  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.openRequested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class SpeakersPane(QWidget):
    """Every speaker, filterable as you type (debounced), sortable in SQL by header click."""

    selectionChangedIds = Signal(list)
    openRequested = Signal(int)  # speaker id: show the speaker's record

    def __init__(self, parent=None):
        super().__init__(parent)
        self.header = style.header_label("화자")
        self.filter = QLineEdit()
        self.filter.setObjectName("speakerFilter")
        self.filter.setPlaceholderText("화자 이름·소속 찾기")
        self.filter.setClearButtonEnabled(True)
        self.model = SpeakerTableModel(parent=self)
        self.model.background = True  # 100,000 speakers: a LIKE scan per keystroke stays off the GUI thread
        self.view = SpeakerTable()
        self.view.setObjectName("speakerTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.horizontalHeader().setSortIndicator(4, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, w in ((1, 48), (2, 100), (3, 120), (4, 50)):
            self.view.setColumnWidth(col, w)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.header)
        lay.addWidget(self.filter)
        lay.addWidget(self.view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.filter.returnPressed.connect(self._focus_table)
        self.model.modelReset.connect(self._update_header)
        self.model.rowsInserted.connect(lambda *_: self._update_header())
        self.model.substringLoaded.connect(self._restore_late)
        self.model.substringLoaded.connect(self._update_header)
        self._connect_selection()
        self._org: str | None = None
        self._quotes = None  # the quote filter the list is narrowed by (only speakers with a matching quote)
        self.view.openRequested.connect(self._open_row)
        self.view.doubleClicked.connect(lambda i: self._open_row(i.row()))

    def _open_row(self, row: int) -> None:
        sid = self.model.id_at(row)
        if sid is not None:
            self.openRequested.emit(sid)

    def _connect_selection(self) -> None:
        self._announced: list[int] = []
        self._keep: list[int] = []
        self._late: list[int] = []  # selected ids not among the loaded ids yet (see _restore)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._user_selected())
        # A reset (new ids, now or when a background query lands) clears the selection: keep it
        # across the reset without announcing the transient empty selection.
        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)

    def _before_reset(self) -> None:
        self._keep = self.selected_ids()
        self.view.selectionModel().blockSignals(True)

    def _after_reset(self) -> None:
        self.view.selectionModel().blockSignals(False)
        self._restore(self._keep)

    def _focus_table(self) -> None:
        self.flush()
        self.view.setFocus()

        def pick_first() -> None:
            if self.model.rowCount() and not self.view.selectionModel().hasSelection():
                self.view.selectRow(0)
            elif not self.model.rowCount() and self.model.completing():  # only substring hits: wait for them
                self.model.substringLoaded.connect(pick_first, Qt.ConnectionType.SingleShotConnection)

        self.model.after_load(pick_first)

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._apply_filter()

    def _apply_filter(self) -> None:
        self.reload()

    def set_org(self, org: str | None) -> None:
        self._org = org

    def org(self) -> str | None:
        return self._org

    def set_quote_filter(self, f) -> None:
        """Narrow the list to speakers with a quote matching `f` (stance, search, verb, dates…)."""
        self._quotes = f if f is not None and narrows_speakers(f) else None

    def quote_filter(self):
        return self._quotes

    def clear_selection(self) -> None:
        """No speaker selected (announced: the statements show everyone)."""
        self._late = []
        self.view.selectionModel().clearSelection()
        self._emit_selection()

    def reload(self) -> None:
        """Re-query ids (filter text, org, sort); the selected speakers are kept across the reset.

        `selectionChangedIds` is emitted only if the selection actually changed (a speaker filtered
        out); use `model.after_load` to act once the new ids are in.
        """
        self.model.set_query(self.filter.text(), org=self._org, quotes=self._quotes, keep=self.selected_ids())

    def _restore(self, ids: list[int], clear: bool = True) -> None:
        """Select `ids` again after a reset. An id not among the ids loaded so far waits (`_late`) for
        the filter's substring hits or for the remaining windows of ids, fetched on the worker; the
        selection is announced only then, so a speaker is neither dropped for a moment nor looked for
        on the GUI thread. Meanwhile `selected_ids` still includes the waiting ones."""
        sm = self.view.selectionModel()
        sm.blockSignals(True)
        if clear:
            sm.clearSelection()
        first = None
        missing = []
        for sid in ids:
            r = self.model.row_of(sid)
            if r < 0:
                missing.append(sid)
                continue
            sm.select(
                self.model.index(r, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
            first = r if first is None else first
        if first is not None and clear:
            sm.setCurrentIndex(self.model.index(first, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        sm.blockSignals(False)
        self.view.viewport().update()
        more = self.model.total() > self.model.rowCount()
        self._late = missing if (self.model.completing() or more) else []
        if not self._late:
            self._emit_selection()
        elif not self.model.completing():
            self.model.fetch_rest_later(self._restore_late)

    def _restore_late(self) -> None:
        """The ids that were waiting: select those that came (and show the first), then announce."""
        late, self._late = self._late, []
        if late:
            self._restore(late, clear=False)
            r = self.model.row_of(late[0])
            if r >= 0:
                self.view.scrollTo(self.model.index(r, 0))
            self._emit_selection()

    def _user_selected(self) -> None:
        self._late = []  # the user chose: ids still on their way are no longer wanted
        self._emit_selection()

    def _update_header(self) -> None:
        more = "+" if self.model.completing() else ""
        self.header.setText(f"화자 {self.model.total():,}{more}명")

    def selected_ids(self) -> list[int]:
        """The selected speakers, including those still on their way after a reset (see _restore)."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids = [sid for sid in (self.model.id_at(r) for r in rows) if sid is not None]
        return ids + [sid for sid in self._late if sid not in ids]

    def _emit_selection(self) -> None:
        """Announce the selected ids, only when they differ from the last announced ones."""
        ids = self.selected_ids()
        if ids != self._announced:
            self._announced = ids
            self.selectionChangedIds.emit(ids)

    def select_ids(self, ids: list[int]) -> None:
        """Select these speakers (clearing the name filter if it hides one of them)."""
        ids = list(ids)
        if any(self.model.row_of(i) < 0 for i in ids) and (self.filter.text() or self._quotes is not None):
            # The name filter may hide them: clear it. The quote filters may leave them out: keep them listed.
            self.filter.blockSignals(True)
            self.filter.clear()
            self.filter.blockSignals(False)
            self._timer.stop()
            self.model.set_query("", org=self._org, quotes=self._quotes, keep=ids)

        def select() -> None:
            self._restore(ids)
            if ids:
                r = self.model.row_of(ids[0])
                if r >= 0:
                    self.view.scrollTo(self.model.index(r, 0))

        self.model.after_load(select)
