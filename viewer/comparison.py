"""Statements side by side: one column of quote cards per selected speaker (or one for everyone).

A card puts the words first: the quote wrapped over as many lines as it needs, then one compact
line with the stance chip, the date, a mark when the headline quoted it too, and the article;
the verb, how the speaker was found and the rest are in the tooltip. So two to four speakers stay
readable side by side at 1400×900. A search term is marked in every card, and each column header
says how many of the speaker's statements match it, next to the speaker's stance mix.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from db import highlight_spans

from . import style
from .models import QuoteTableModel, article_label, display_text, plain_tooltip
from .workers import LatestQuery

HIGHLIGHT = QColor("#ffe066")
CARD_PAGE = 80  # quote ids per window in a card list (a screen shows ten or so)
# (label, sort key of QuoteTableModel.ALL, descending); the all-quotes column also sorts by speaker
SORTS = (("최신순", "published", True), ("오래된순", "published", False), ("입장별", "stance", False),
         ("화자순", "speaker", False))


def _row(index):
    """The QuoteRow behind an index, asked of the model directly: through index.data() a Python
    object makes a QVariant round trip per call, and PySide6 then loses count of None's references
    (a crash after many thousands of calls with rows not yet loaded)."""
    model = index.model()
    if not index.isValid() or not hasattr(model, "row_object"):
        return None
    try:
        return model.row_object(index.row())
    except Exception:  # a delegate paints a placeholder rather than raise
        return None


class QuoteCardDelegate(QStyledItemDelegate):
    """Paints a quote as a card: wrapped words, then stance chip · date · article on one line."""

    PAD_X = 10
    PAD_Y = 7
    GAP = 4

    def __init__(self, view: QListView, show_speaker: bool = False):
        super().__init__(view)
        self._view = view
        self.show_speaker = show_speaker
        self.query: str | None = None
        self._heights: dict[tuple[int, int], int] = {}  # (quote id, text width) -> card height
        self._meta: tuple | None = None  # (font key, meta font, its height, text line spacing)

    # -- geometry -----------------------------------------------------------------------------
    def set_query(self, query: str | None) -> None:
        self.query = query or None

    def text_width(self, total: int | None = None) -> int:
        w = self._view.viewport().width() if total is None else total
        return max(60, w - 2 * self.PAD_X - 4)

    def _meta_font(self, font: QFont) -> QFont:
        key = font.key()
        if self._meta is None or self._meta[0] != key:
            f = QFont(font)
            f.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
            self._meta = (key, f, QFontMetrics(f).height(), QFontMetrics(font).lineSpacing())
        return self._meta[1]

    def layout(self, text: str, font: QFont, width: int, spans=()) -> QTextLayout:
        """The quote's words laid out in `width` pixels (lines at y = 0, 1 line height, …)."""
        lay = QTextLayout(text, font)
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        lay.setTextOption(opt)
        if spans:
            ranges = []
            for s, e in spans:
                fr = QTextLayout.FormatRange()
                fr.start, fr.length = s, e - s
                fmt = QTextCharFormat()
                fmt.setBackground(HIGHLIGHT)
                fr.format = fmt
                ranges.append(fr)
            lay.setFormats(ranges)
        fm = QFontMetrics(font)
        lay.beginLayout()
        y = 0.0
        while True:
            line = lay.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            y += fm.lineSpacing()
        lay.endLayout()
        return lay

    def _height(self, row, font: QFont, width: int) -> int:
        key = (row.id, width)
        h = self._heights.get(key)
        if h is None:
            lay = self.layout(display_text(row.text), font, width)
            lines = max(1, lay.lineCount())
            self._meta_font(font)
            _key, _f, meta_h, spacing = self._meta
            h = self.PAD_Y * 2 + lines * spacing + self.GAP + meta_h + 6
            if len(self._heights) > 20000:
                self._heights.clear()
            self._heights[key] = h
        return h

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        width = self._view.viewport().width()
        fm = QFontMetrics(option.font)
        row = _row(index)
        if row is None:
            return QSize(width, fm.lineSpacing() * 2 + 2 * self.PAD_Y + 8)
        return QSize(width, self._height(row, option.font, self.text_width(width)))

    def forget(self) -> None:
        """Drop cached heights (a quote's words never change: only a new font needs this)."""
        self._heights.clear()

    def visible_text(self, index) -> str:
        """The characters of the quote that the card at `index` shows inside the visible viewport
        (for tests and tools: what a reader actually sees of the words)."""
        row = _row(index)
        if row is None:
            return ""
        rect = self._view.visualRect(index)
        port = self._view.viewport().rect()
        text = display_text(row.text)
        lay = self.layout(text, self._view.font(), self.text_width(rect.width()))
        top = rect.top() + self.PAD_Y
        shown = []
        for i in range(lay.lineCount()):
            line = lay.lineAt(i)
            y0, y1 = top + line.y(), top + line.y() + line.height()
            if y0 >= port.top() and y1 <= port.bottom() + 1 and rect.left() >= port.left() - 1:
                shown.append(text[line.textStart(): line.textStart() + line.textLength()])
        return "".join(shown)

    # -- painting -----------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        st = widget.style() if widget is not None else None
        if st is not None:
            st.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        row = _row(index)
        r = option.rect
        painter.save()
        painter.setPen(QPen(QColor("#e3e7eb"), 1))
        painter.drawLine(r.left(), r.bottom(), r.right(), r.bottom())
        if row is None:
            painter.setPen(QColor("#9e9e9e"))
            painter.drawText(r.adjusted(self.PAD_X, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "…")
            painter.restore()
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        stripe = style.stance_color(row.stance)
        painter.fillRect(QRect(r.left(), r.top() + 3, 3, r.height() - 6), stripe)
        font = option.font
        text = display_text(row.text)
        spans = highlight_spans(text, self.query) if self.query else ()
        lay = self.layout(text, font, self.text_width(r.width()), spans)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor("#8a4b00") if row.needs_review and not selected else QColor("#1b2631"))
        origin = QPointF(r.left() + self.PAD_X, r.top() + self.PAD_Y)
        lay.draw(painter, origin)
        lines = max(1, lay.lineCount())
        y = r.top() + self.PAD_Y + lines * QFontMetrics(font).lineSpacing() + self.GAP
        self._paint_meta(painter, row, QRect(r.left() + self.PAD_X, y, r.width() - 2 * self.PAD_X, r.bottom() - y - 2), font)
        painter.restore()

    def _chip(self, painter: QPainter, x: int, rect: QRect, text: str, color: QColor, fm: QFontMetrics,
              filled: bool = True) -> int:
        w = fm.horizontalAdvance(text) + 12
        h = min(fm.height() + 4, rect.height())
        box = QRectF(x, rect.top() + (rect.height() - h) / 2, w, h)
        painter.setPen(QPen(color.darker(112), 1))
        painter.setBrush(color if filled else QColor("white"))
        painter.drawRoundedRect(box, h / 2, h / 2)
        painter.setPen(QColor("white") if filled else color.darker(130))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return x + w + 6

    def _paint_meta(self, painter: QPainter, row, rect: QRect, font: QFont) -> None:
        mf = self._meta_font(font)
        painter.setFont(mf)
        fm = QFontMetrics(mf)
        x = rect.left()
        label = style.stance_label(row.stance)
        if label:
            x = self._chip(painter, x, rect, label, style.stance_color(row.stance), fm)
        if row.in_headline:
            x = self._chip(painter, x, rect, "제목", QColor("#455a64"), fm, filled=False)
        if row.needs_review:
            x = self._chip(painter, x, rect, "검토", QColor("#b26a00"), fm, filled=False)
        parts = []
        if self.show_speaker:
            who = row.speaker or "(미상)"
            painter.setPen(style.speaker_color(row.speaker_id).darker(140))
            w = fm.horizontalAdvance(who)
            painter.drawText(QRect(x, rect.top(), w + 2, rect.height()), Qt.AlignmentFlag.AlignVCenter, who)
            x += w + 8
        date = (row.published or "")[:10] or "날짜 없음"
        parts.append(date)
        parts.append(article_label(row))
        painter.setPen(QColor("#607d8b"))
        rest = QRect(x, rect.top(), max(0, rect.right() - x), rect.height())
        painter.drawText(rest, Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(" · ".join(parts), Qt.TextElideMode.ElideRight, rest.width()))


class QuoteList(QListView):
    """A list of quote cards; rows have the height their words need (laid out in batches)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("quoteTable")
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(60)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there: a bar that appears once rows arrive narrows the text and lays every card out again.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setAlternatingRowColors(False)
        self.setMouseTracking(True)

    def selectRow(self, row: int) -> None:  # noqa: N802 - same name as QTableView's, for callers of both
        m = self.model()
        if m is None or not 0 <= row < m.rowCount():
            return
        self.selectionModel().setCurrentIndex(
            m.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def resizeEvent(self, event) -> None:  # noqa: N802
        d = self.itemDelegate()
        super().resizeEvent(event)
        if isinstance(d, QuoteCardDelegate) and event.oldSize().width() != event.size().width():
            self.scheduleDelayedItemsLayout()


class StanceBar(QWidget):
    """A speaker's stance mix as one thin stacked bar (the label beside it gives the numbers)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.mix: dict[str, int] = {}
        self.setFixedHeight(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_mix(self, mix: dict[str, int]) -> None:
        self.mix = dict(mix)
        self.setToolTip(plain_tooltip(" · ".join(f"{style.stance_label(k) or '없음'} {v}" for k, v in self.mix.items())))
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        total = sum(self.mix.values())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#eceff1"))
        p.drawRoundedRect(r, 3, 3)
        if total:
            x = r.left()
            for k, v in sorted(self.mix.items(), key=lambda kv: -kv[1]):
                w = r.width() * v / total
                p.setBrush(style.stance_color(k or None))
                p.drawRect(QRectF(x, r.top(), w, r.height()))
                x += w
        p.end()


class QuoteColumn(QFrame):
    """One list of statements (for one speaker, or for everyone) with a header and counts."""

    quoteActivated = Signal(int)  # quote id chosen (current changed)
    contextRequested = Signal(object, object)  # QuoteColumn, global pos

    KEYS = ("text", "stance", "published", "verb", "headline", "speaker")

    def __init__(self, store, quote_filter, speaker=None, sort: tuple[str, bool] = ("published", True), parent=None):
        super().__init__(parent)
        self.setObjectName("quoteColumn")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.speaker = speaker  # SpeakerRow or None
        self.model = QuoteTableModel(store, None, keys=self.KEYS, parent=self)
        self.model.background = True  # all quotes of a big archive take seconds: never on the GUI thread
        # Cards have the height of their words, so the list lays out (and shapes the text of) every
        # row it holds: it holds a short window, and the next one comes as the view scrolls down.
        self.model.page_ids = CARD_PAGE
        self._store = store
        self.title = style.header_label()
        self.title.setObjectName("columnHeader")
        self.title.setWordWrap(True)
        if speaker is not None:
            color = style.speaker_color(speaker.id)
            self.title.setStyleSheet(
                f"QLabel#columnHeader {{ border-left: 6px solid {color.name()}; padding-left: 6px; }}"
            )
        self.bar = StanceBar()
        self.mix = QLabel()
        self.mix.setObjectName("paneMeta")
        self.mix.setTextFormat(Qt.TextFormat.PlainText)
        self.mix.setWordWrap(True)
        self.matches = QLabel()
        self.matches.setObjectName("matchCount")
        self.matches.setTextFormat(Qt.TextFormat.PlainText)
        self.matches.hide()
        for w in (self.bar, self.mix):
            w.setVisible(speaker is not None)
        self._info = LatestQuery(self)  # stance mix and the count without the search, off the GUI thread
        self._info_for = None
        self.match_count: tuple[int, int] | None = None  # (matching, all) when a search is on
        self.view = QuoteList()
        self.view.setModel(self.model)
        self.delegate = QuoteCardDelegate(self.view, show_speaker=speaker is None)
        self.view.setItemDelegate(self.delegate)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(
            lambda pos: self.contextRequested.emit(self, self.view.viewport().mapToGlobal(pos)))
        key, desc = sort if sort[0] in self.KEYS else ("published", True)
        self.model._sort_column = self._col(key)  # set before the filter: one query, not two
        self.model._sort_order = Qt.SortOrder.DescendingOrder if desc else Qt.SortOrder.AscendingOrder
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.title)
        lay.addWidget(self.bar)
        lay.addWidget(self.mix)
        lay.addWidget(self.matches)
        lay.addWidget(self.view, 1)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._on_reset)
        self.model.loadingChanged.connect(self._show_loading)
        self.set_filter(quote_filter)

    def set_filter(self, quote_filter) -> None:
        self.delegate.set_query(getattr(quote_filter, "query", None))
        self.model.set_filter(quote_filter)
        self._query_info(quote_filter)

    def set_sort(self, key: str, descending: bool) -> None:
        if key in self.KEYS:
            self.model.sort(self._col(key), Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def _query_info(self, f) -> None:
        """The speaker's stance mix and, with a search on, how many statements the other filters leave."""
        query = (getattr(f, "query", None) or "").strip()
        sid = self.speaker.id if self.speaker is not None else None
        key = (sid, f)
        if key == self._info_for or self._store is None or f is None:
            return
        self._info_for = key
        self.match_count = None

        def job(store):
            mix = store.stance_mix(sid) if sid is not None else None
            # per speaker only: all quotes of a big archive would be a count of a million rows
            base = store.quote_count(replace(f, query=None)) if query and sid is not None else None
            return mix, base

        self._info.submit(self._store, job, self._show_info, fail=lambda _m, _k: None)

    def _show_info(self, value) -> None:
        if not value:
            return
        mix, base = value
        if mix is not None:
            self.bar.set_mix(mix)
            self.mix.setText("입장: " + " · ".join(
                f"{style.stance_label(k) or '없음'} {v}" for k, v in mix.items()) if mix else "입장: 없음")
        self._update_matches(base)

    def _update_matches(self, base: int | None = None) -> None:
        f = self.model.quote_filter()
        query = (getattr(f, "query", None) or "").strip()
        if not query:
            self.match_count = None
            self.matches.hide()
            return
        if base is None and self.match_count is not None:
            base = self.match_count[1]
        n = self.model.total()
        self.match_count = (n, base) if base is not None else None
        self.matches.setText(f"‘{query}’ 일치 {n:,}건" + (f" / 전체 {base:,}건" if base is not None else ""))
        self.matches.show()

    def _on_reset(self) -> None:
        self._update_title()
        self._update_matches()

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
        self.title.setToolTip(plain_tooltip(self.title.text()))

    def refresh(self) -> None:
        self._info_for = None
        self.model.refresh()
        self._query_info(self.model.quote_filter())

    def count(self) -> int:
        """Quotes in the column, including the windows of ids not fetched yet."""
        return self.model.total()

    def selected_quote_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
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
        sm = self.view.selectionModel()
        sm.blockSignals(True)
        sm.setCurrentIndex(
            self.model.index(r, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        sm.blockSignals(False)
        self.view.viewport().update()
        self.view.scrollTo(self.model.index(r, 0))
        return True

    def cancel(self) -> None:
        self.model._query.cancel()
        self.model._more.cancel()
        self._info.cancel()


class StatementsPane(QWidget):
    """All quotes (no speaker selected), or one column per selected speaker, side by side."""

    quoteActivated = Signal(int)
    contextRequested = Signal(object, object)
    countsChanged = Signal()  # a column's ids changed (or started/finished loading)

    MAX_COLUMNS = 8
    MIN_COLUMN_WIDTH = 200

    def __init__(self, parent=None):
        super().__init__(parent)
        self.header = style.header_label("발언")
        self.sort = QComboBox()
        self.sort.setObjectName("statementSort")
        for label, key, desc in SORTS:
            self.sort.addItem(label, (key, desc))
        self.sort.setToolTip("발언 정렬")
        self.sort.currentIndexChanged.connect(lambda _i: self._apply_sort())
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.header, 1)
        top.addWidget(self.sort)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(6)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.splitter)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addLayout(top)
        lay.addWidget(self.scroll, 1)
        self.columns: list[QuoteColumn] = []
        self._store = None
        self._speakers: list = []
        self._filter = None

    def set_store(self, store) -> None:
        self._store = store

    def sort_key(self) -> tuple[str, bool]:
        return self.sort.currentData() or ("published", True)

    def _apply_sort(self) -> None:
        key, desc = self.sort_key()
        for c in self.columns:
            c.set_sort(key, desc)

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
                c.set_filter(f)
                if keep:
                    c.select_quote(keep[0], fetch=False)
            self._update_header()
            return
        self._speakers = speakers
        self._filter = quote_filter
        keep = {c.speaker.id if c.speaker else None: c.selected_quote_ids() for c in self.columns}
        for c in self.columns:
            c.cancel()  # a pending answer for a removed column is dropped
            c.setParent(None)
            c.deleteLater()
        self.columns = []
        if self._store is None or quote_filter is None:
            self._update_header()
            return
        targets = self._speakers or [None]
        key, desc = self.sort_key()
        if key == "speaker" and targets != [None]:
            key, desc = "published", True
        # The columns first get their widths, then their quotes: cards laid out at a passing width
        # would be laid out (their words shaped) a second time.
        for sp in targets:
            col = QuoteColumn(self._store, None, speaker=sp, sort=(key, desc))
            col.quoteActivated.connect(self.quoteActivated)
            col.contextRequested.connect(self.contextRequested)
            col.model.modelReset.connect(self._update_header)
            col.model.loadingChanged.connect(lambda _b: self.countsChanged.emit())
            col.setMinimumWidth(self.MIN_COLUMN_WIDTH)
            self.splitter.addWidget(col)
            self.columns.append(col)
        if len(self.columns) > 1:
            self.splitter.setSizes([1000] * len(self.columns))
            # headers of one height, so the cards of the columns start on one line
            lines = self.fontMetrics().lineSpacing() * 2 + 10
            for c in self.columns:
                c.title.setMinimumHeight(lines)
        for sp, col in zip(targets, self.columns):
            col.set_filter(replace(quote_filter, speaker_ids=(sp.id,)) if sp is not None else quote_filter)
            prev = keep.get(sp.id if sp else None)
            if prev:
                col.select_quote(prev[0], fetch=False)
        self._update_header()

    def refresh(self) -> None:
        for c in self.columns:
            keep = c.selected_quote_ids()
            c.refresh()
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

    def has_quote(self, quote_id: int) -> bool:
        """Whether a column lists the quote among the ids fetched so far."""
        return any(c.model.row_of(quote_id) >= 0 for c in self.columns)

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
