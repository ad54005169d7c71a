"""The main window's panes: filter bar, speakers, statements (side by side) and review."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, QItemSelectionModel, QTimer, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from . import models, style
from .delegates import StanceChipDelegate
from .models import QuoteTableModel, SpeakerTableModel, plain_tooltip

ANY_DATE = QDate(1900, 1, 1)


class DateFilter(QDateEdit):
    """A date edit whose minimum value means "any date"."""

    def __init__(self, any_text: str, parent=None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(ANY_DATE)
        self.setSpecialValueText(any_text)
        self.setDate(ANY_DATE)
        self.setMaximumWidth(130)

    def value(self) -> str | None:
        d = self.date()
        return None if d == ANY_DATE else d.toString("yyyy-MM-dd")

    def set_value(self, iso: str | None) -> None:
        self.setDate(QDate.fromString(iso, "yyyy-MM-dd") if iso else ANY_DATE)


class FilterBar(QWidget):
    """Search + org/verb/stance/date filters; emits `changed` (debounced for typing)."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.search = QLineEdit()
        self.search.setObjectName("quoteSearch")
        self.search.setPlaceholderText("발언 검색 (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(style.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(220)
        self.org = self._combo("모든 소속")
        self.verb = self._combo("모든 동사")
        self.stance = self._combo("모든 입장")
        self.since = DateFilter("시작: 전체")
        self.until = DateFilter("끝: 전체")
        self.include_not_speech = QCheckBox("발언 아님 포함")
        self.reset = QPushButton("초기화")
        self.reset.setToolTip("모든 검색·필터 해제")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.search, 3)
        for w in (self.org, self.verb, self.stance):
            lay.addWidget(w, 1)
        lay.addWidget(QLabel("기간"))
        lay.addWidget(self.since)
        lay.addWidget(QLabel("~"))
        lay.addWidget(self.until)
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
        self.include_not_speech.toggled.connect(lambda _b: self.changed.emit())
        self.reset.clicked.connect(self.clear)
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
        c.setMinimumContentsLength(8)
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
        self.since.setDate(ANY_DATE)
        self.until.setDate(ANY_DATE)
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
            include_not_speech=self.include_not_speech.isChecked(),
        )


class SpeakersPane(QWidget):
    """Every speaker, filterable as you type (debounced), sortable in SQL by header click."""

    selectionChangedIds = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.header = style.header_label("화자")
        self.filter = QLineEdit()
        self.filter.setObjectName("speakerFilter")
        self.filter.setPlaceholderText("화자 이름·소속 찾기")
        self.filter.setClearButtonEnabled(True)
        self.model = SpeakerTableModel(parent=self)
        self.model.background = True  # 100,000 speakers: a LIKE scan per keystroke stays off the GUI thread
        self.view = QTableView()
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

    def reload(self) -> None:
        """Re-query ids (filter text, org, sort); the selected speakers are kept across the reset.

        `selectionChangedIds` is emitted only if the selection actually changed (a speaker filtered
        out); use `model.after_load` to act once the new ids are in.
        """
        self.model.set_query(self.filter.text(), org=self._org)

    def _quiet_query(self, text: str) -> None:
        self.model.set_query(text, org=self._org)

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
        if any(self.model.row_of(i) < 0 for i in ids) and self.filter.text():
            self.filter.blockSignals(True)
            self.filter.clear()
            self.filter.blockSignals(False)
            self._timer.stop()
            self._quiet_query("")

        def select() -> None:
            self._restore(ids)
            if ids:
                r = self.model.row_of(ids[0])
                if r >= 0:
                    self.view.scrollTo(self.model.index(r, 0))

        self.model.after_load(select)


class QuoteColumn(QFrame):
    """One list of statements (for one speaker, or for everyone) with a header and count."""

    quoteActivated = Signal(int)  # quote id chosen (current changed)
    contextRequested = Signal(object, object)  # QuoteColumn, global pos

    def __init__(self, store, quote_filter, speaker=None, keys=None, parent=None):
        super().__init__(parent)
        self.setObjectName("quoteColumn")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.speaker = speaker  # SpeakerRow or None
        if keys is None:
            keys = ("text", "stance", "verb", "headline", "published") if speaker else (
                "speaker", "text", "stance", "verb", "headline", "published")
        self.model = QuoteTableModel(store, None, keys=keys, parent=self)
        self.model.background = True  # all quotes of a big archive take seconds: never on the GUI thread
        self.model.page_ids = models.ID_PAGE  # the first ids at once, more as the view scrolls
        self.title = style.header_label()
        self.title.setObjectName("columnHeader")
        if speaker is not None:
            color = style.speaker_color(speaker.id)
            self.title.setStyleSheet(
                f"QLabel#columnHeader {{ border-left: 6px solid {color.name()}; padding-left: 6px; }}"
            )
        self.mix = QLabel()
        self.mix.setObjectName("paneMeta")
        self.mix.setTextFormat(Qt.TextFormat.PlainText)
        self.mix.setVisible(speaker is not None)
        self._store = store
        self.view = QTableView()
        self.view.setObjectName("quoteTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Newest first by default: set the indicator before sorting is enabled (which sorts at once).
        if "published" in keys:
            self.view.horizontalHeader().setSortIndicator(list(keys).index("published"), Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(lambda pos: self.contextRequested.emit(self, self.view.viewport().mapToGlobal(pos)))
        fm = self.fontMetrics()
        self.view.verticalHeader().setDefaultSectionSize(fm.lineSpacing() * 2 + 12)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.stance_delegate = StanceChipDelegate(self.view)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(False)
        widths = {"speaker": 110, "stance": 64, "verb": 70, "headline": 170, "published": 84, "title": 80, "confidence": 56}
        for c, (key, _h, _s) in enumerate(self.model.columns):
            if key == "text":
                hh.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
            else:
                self.view.setColumnWidth(c, widths.get(key, 90))
            if key == "stance":
                self.view.setItemDelegateForColumn(c, self.stance_delegate)
        if speaker is not None:  # side-by-side columns: give the words the room
            for key, w in (("headline", 112), ("verb", 62), ("stance", 58), ("published", 80)):
                if key in keys:
                    self.view.setColumnWidth(self._col(key), w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.title)
        lay.addWidget(self.mix)
        lay.addWidget(self.view, 1)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._update_title)
        self.model.loadingChanged.connect(self._show_loading)
        self.model.set_filter(quote_filter)

    def _show_loading(self, loading: bool) -> None:
        if loading:
            n = self.model.rowCount()
            self.title.setText(("전체 발언" if self.speaker is None else (self.speaker.name or "(이름 없음)"))
                               + " — 불러오는 중…")
            self.view.setEnabled(n > 0)  # the old rows stay readable until the new ones arrive
        else:
            self.view.setEnabled(True)

    def _col(self, key: str) -> int:
        for c, (k, _h, _s) in enumerate(self.model.columns):
            if k == key:
                return c
        return 0

    def _current_changed(self, current, _previous) -> None:
        qid = self.model.id_at(current.row()) if current.isValid() else None
        if qid is not None:
            self.quoteActivated.emit(qid)

    def _update_title(self) -> None:
        n = self.model.total()
        if self.speaker is None:
            self.title.setText(f"전체 발언 {n:,}건")
        else:
            parts = [self.speaker.name or "(이름 없음)"]
            extra = " · ".join(str(x) for x in (self.speaker.titles, self.speaker.org) if x)
            if extra:
                parts.append(f"({extra})")
            parts.append(f"— 발언 {n:,}건")
            self.title.setText(" ".join(parts))
            try:
                mix = self._store.stance_mix(self.speaker.id)
                self.mix.setText("입장: " + " · ".join(
                    f"{style.stance_label(k) or '없음'} {v}" for k, v in mix.items()) if mix else "")
            except Exception:  # a count line is not worth an error dialog
                self.mix.setText("")
        self.title.setToolTip(plain_tooltip(self.title.text()))

    def count(self) -> int:
        """Quotes in the column, including the windows of ids not fetched yet."""
        return self.model.total()

    def selected_quote_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids = [self.model.id_at(r) for r in rows]
        if not ids and self.view.currentIndex().isValid():
            ids = [self.model.id_at(self.view.currentIndex().row())]
        return [i for i in ids if i is not None]

    def select_quote(self, quote_id: int, fetch: bool = True) -> bool:
        """Select the quote (once the pending id query is in, if one is running).

        fetch=False looks only among the windows of ids already fetched: keeping a selection
        across a filter change must not pull 100,000 ids onto the GUI thread to find it."""
        if self.model.loading():
            self.model.after_load(lambda: self._select_now(quote_id, fetch))
            return True
        return self._select_now(quote_id, fetch)

    def _select_now(self, quote_id: int, fetch: bool = True) -> bool:
        r = self.model.find_row(quote_id) if fetch else self.model.row_of(quote_id)
        if r < 0:
            return False
        self.view.selectionModel().blockSignals(True)
        self.view.selectRow(r)
        self.view.selectionModel().setCurrentIndex(
            self.model.index(r, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().blockSignals(False)
        self.view.viewport().update()
        self.view.scrollTo(self.model.index(r, 0))
        return True


class StatementsPane(QWidget):
    """All quotes (no speaker selected), or one column per selected speaker, side by side."""

    quoteActivated = Signal(int)
    contextRequested = Signal(object, object)
    countsChanged = Signal()  # a column's ids changed (or started/finished loading)

    MAX_COLUMNS = 8

    def __init__(self, parent=None):
        super().__init__(parent)
        self.header = style.header_label("발언")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.splitter)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.header)
        lay.addWidget(self.scroll, 1)
        self.columns: list[QuoteColumn] = []
        self._store = None
        self._speakers: list = []
        self._filter = None

    def set_store(self, store) -> None:
        self._store = store

    def set_columns(self, speakers, quote_filter) -> None:
        """Rebuild the columns: one per speaker (or one for everyone when none is selected).

        Same speakers as shown: the columns stay and only re-query with the new filter (their old
        rows stay on show until the new ids arrive).
        """
        speakers = list(speakers)[: self.MAX_COLUMNS]
        same = (self._store is not None and quote_filter is not None and self.columns
                and all(c._store is self._store for c in self.columns)
                and [getattr(c.speaker, "id", None) for c in self.columns] == ([s.id for s in speakers] or [None]))
        if same:
            self._speakers = speakers
            self._filter = quote_filter
            for c, sp in zip(self.columns, speakers or [None]):
                if sp is not None:
                    c.speaker = sp  # a renamed speaker shows the new name
                f = replace(quote_filter, speaker_ids=(sp.id,)) if sp is not None else quote_filter
                keep = c.selected_quote_ids()
                c.model.set_filter(f)
                if keep:
                    c.select_quote(keep[0], fetch=False)
            self._update_header()
            return
        self._speakers = speakers
        self._filter = quote_filter
        keep = {c.speaker.id if c.speaker else None: c.selected_quote_ids() for c in self.columns}
        for c in self.columns:
            c.model._query.cancel()  # a pending answer for a removed column is dropped
            c.setParent(None)
            c.deleteLater()
        self.columns = []
        if self._store is None or quote_filter is None:
            self._update_header()
            return
        targets = self._speakers or [None]
        for sp in targets:
            f = replace(quote_filter, speaker_ids=(sp.id,)) if sp is not None else quote_filter
            col = QuoteColumn(self._store, f, speaker=sp)
            col.quoteActivated.connect(self.quoteActivated)
            col.contextRequested.connect(self.contextRequested)
            col.model.modelReset.connect(self._update_header)
            col.model.loadingChanged.connect(lambda _b: self.countsChanged.emit())
            col.setMinimumWidth(320 if len(targets) > 1 else 200)
            self.splitter.addWidget(col)
            self.columns.append(col)
            prev = keep.get(sp.id if sp else None)
            if prev:
                col.select_quote(prev[0], fetch=False)
        if len(self.columns) > 1:
            self.splitter.setSizes([1000] * len(self.columns))
        self._update_header()

    def refresh(self) -> None:
        for c in self.columns:
            keep = c.selected_quote_ids()
            c.model.refresh()
            c._update_title()
            if keep:
                c.select_quote(keep[0], fetch=False)
        self._update_header()

    def total(self) -> int:
        return sum(c.count() for c in self.columns)

    def loading(self) -> bool:
        return any(c.model.loading() for c in self.columns)

    def after_load(self, fn) -> None:
        """Call fn once every column has its ids (now if none is loading)."""
        pending = [c for c in self.columns if c.model.loading()]
        if not pending:
            fn()
            return
        pending[-1].model.after_load(lambda: self.after_load(fn))

    def _update_header(self) -> None:
        n = self.total()
        if self.loading():
            self.header.setText("발언 — 불러오는 중…")
        elif len(self.columns) > 1:
            self.header.setText(f"발언 {n:,}건 · 화자 {len(self.columns)}명 나란히 보기")
        else:
            self.header.setText(f"발언 {n:,}건")

    def column_for_speaker(self, speaker_id: int):
        for c in self.columns:
            if c.speaker is not None and c.speaker.id == speaker_id:
                return c
        return None

    def select_quote(self, quote_id: int, speaker_id: int | None = None) -> bool:
        cols = self.columns
        if speaker_id is not None:
            c = self.column_for_speaker(speaker_id)
            cols = [c] if c else cols
        if any(c.model.loading() for c in cols):
            self.after_load(lambda: self._select_now(quote_id, cols))
            return True
        return self._select_now(quote_id, cols)

    def _select_now(self, quote_id: int, cols) -> bool:
        for c in cols:
            if c in self.columns and c._select_now(quote_id):
                return True
        return False

    def focused_column(self):
        for c in self.columns:
            if c.view.hasFocus():
                return c
        return self.columns[0] if self.columns else None
