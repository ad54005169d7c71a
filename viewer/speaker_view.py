"""A speaker's record in one window: who they were when, how often and how they spoke over time,
what they said in date order, the articles quoting them, and who else may be the same person.

Opened with Enter or a double-click on a speaker. The numbers come from `Store.speaker_record`
(SQL aggregates, on a worker thread); the statements and articles are lazy lists paged from SQL,
so the window opens as fast for a speaker with 10,000 quotes as for one with ten. Nothing is
merged from here without the user: a candidate shows what a merge would change, and the merge
itself is asked for (and confirmed) in the main window.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db import QuoteFilter

from . import models, style
from .charts import StanceTimeline
from .comparison import QuoteColumn
from .models import LazyRowModel, plain_tooltip
from .workers import LatestQuery


def _period(first: str | None, last: str | None) -> str:
    if not first:
        return "날짜 없음"
    return first[:10] if first[:10] == (last or "")[:10] else f"{first[:10]} ~ {(last or '')[:10]}"


class SpeakerArticlesModel(LazyRowModel):
    """The articles quoting one speaker, newest first, with the speaker's quotes in each."""

    columns = (
        ("published", "날짜", None),
        ("headline", "기사", None),
        ("outlet", "매체", None),
        ("quotes", "발언", None),
    )

    def __init__(self, store=None, speaker_id: int | None = None, parent=None):
        super().__init__(store, parent)
        self.speaker_id = speaker_id
        self.page_ids = models.ID_PAGE

    def _ids_job(self, limit=None, offset=0):
        sid = self.speaker_id
        return lambda store: [] if sid is None else store.speaker_article_ids(sid, limit=limit, offset=offset)

    def _count_job(self):
        sid = self.speaker_id
        return lambda store: 0 if sid is None else store.speaker_article_count(sid)

    def _load_rows(self, ids):
        return self._store.article_summaries(ids, speaker_id=self.speaker_id)

    def _cell(self, row, key, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "published":
                return (row.published or "날짜 없음")[:10]
            if key == "headline":
                return models.article_label(row)
            if key == "quotes":
                return int(row.quotes)
            return row.outlet or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip("\n".join(x for x in (row.headline, row.outlet, row.source_path) if x))
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "quotes":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SpeakerView(QWidget):
    """One speaker's record (a window of its own; the main window keeps one per speaker)."""

    quoteActivated = Signal(int)
    articleActivated = Signal(int, int)  # article id, speaker id
    mergeRequested = Signal(int, int)  # this speaker, the candidate
    recordLoaded = Signal()
    closed = Signal(int)

    def __init__(self, store, speaker, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("speakerView")
        self.store = store
        self.speaker = speaker  # SpeakerRow
        self.speaker_id = speaker.id
        self.record = None
        self.candidates: list = []
        self.preview = None
        self._record_query = LatestQuery(self)
        self._preview_query = LatestQuery(self)
        self.setWindowTitle(f"{speaker.name} — 화자 기록")
        self.resize(1180, 820)

        self.name = QLabel()
        self.name.setObjectName("speakerName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel("불러오는 중…")
        self.summary.setObjectName("paneMeta")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.chart = StanceTimeline()
        self.chart.setMinimumHeight(210)

        self.roles = QTableWidget(0, 5)
        self.roles.setObjectName("rolesTable")
        self.roles.setHorizontalHeaderLabels(["직함", "소속", "기간", "기사", "발언"])
        self._table_look(self.roles)
        self.roles.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for c, w in ((0, 96), (1, 120), (3, 40), (4, 40)):
            self.roles.setColumnWidth(c, w)
        self.roles.horizontalHeader().setMinimumSectionSize(36)

        self.dups = QTableWidget(0, 4)
        self.dups.setObjectName("duplicatesTable")
        self.dups.setHorizontalHeaderLabels(["이름", "소속", "발언", "이유"])
        self._table_look(self.dups)
        self.dups.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for c, w in ((0, 90), (1, 120), (2, 44)):
            self.dups.setColumnWidth(c, w)
        self.dups.itemSelectionChanged.connect(self._candidate_chosen)
        self.preview_label = QLabel("같은 사람일 수 있는 화자를 고르면 병합했을 때 달라지는 점을 보여 줍니다.")
        self.preview_label.setObjectName("mergePreview")
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setWordWrap(True)
        self.merge_btn = QPushButton("이 화자와 병합…")
        self.merge_btn.setEnabled(False)
        self.merge_btn.clicked.connect(self._ask_merge)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(style.header_label("직함·소속 이력"))
        ll.addWidget(self.roles, 2)
        self.dups_header = style.header_label("같은 사람일 수 있는 화자")
        ll.addWidget(self.dups_header)
        ll.addWidget(self.dups, 1)
        ll.addWidget(self.preview_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.merge_btn)
        ll.addLayout(row)

        self.statements = QuoteColumn(store, QuoteFilter(speaker_ids=(speaker.id,)), speaker=speaker,
                                      sort=("published", False))
        self.statements.bar.hide()
        self.statements.mix.hide()
        self.statements.quoteActivated.connect(self.quoteActivated)
        self.articles_model = SpeakerArticlesModel(store, speaker.id, self)
        self.articles_model.background = True
        self.articles = QTableView()
        self.articles.setObjectName("speakerArticles")
        self.articles.setModel(self.articles_model)
        self._table_look(self.articles)
        self.articles.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for c, w in ((0, 86), (2, 110), (3, 44)):
            self.articles.setColumnWidth(c, w)
        self.articles.doubleClicked.connect(self._article_chosen)
        self.articles.activated.connect(self._article_chosen)
        self.articles_model.refresh()
        self.lists = QTabWidget()
        self.lists.addTab(self.statements, "발언 (날짜순)")
        self.lists.addTab(self.articles, "기사")
        self.articles_model.modelReset.connect(self._update_tabs)
        self.statements.model.modelReset.connect(self._update_tabs)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.lists)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([540, 640])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(4)
        lay.addWidget(self.name)
        lay.addWidget(self.summary)
        lay.addWidget(self.chart, 2)
        lay.addWidget(split, 3)
        self._show_speaker()
        self._update_tabs()
        self.statements.model.rowsInserted.connect(lambda *_: self._update_tabs())
        self.reload()

    @staticmethod
    def _table_look(t) -> None:
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.verticalHeader().hide()
        t.setAlternatingRowColors(True)
        t.setShowGrid(False)
        t.setWordWrap(False)
        t.horizontalHeader().setHighlightSections(False)

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Query the record and the duplicates (on a worker); the lists re-query themselves."""
        sid = self.speaker_id

        def job(store):
            return store.speaker(sid), store.speaker_record(sid), store.likely_duplicates(sid)

        self._record_query.submit(self.store, job, self._show_record, fail=self._failed)

    def refresh(self) -> None:
        """After a correction: everything again (the speaker may have been renamed)."""
        self.reload()
        self.statements.refresh()
        self.articles_model.refresh()

    def ready(self) -> bool:
        """The record, the chart and the first windows of both lists are in."""
        return (self.record is not None and not self._record_query.busy()
                and not self.statements.model.loading() and not self.articles_model.loading())

    def _failed(self, message: str, _known: bool) -> None:
        self.summary.setText(f"이 화자를 불러올 수 없습니다: {message}")

    def _show_speaker(self) -> None:
        sp = self.speaker
        self.name.setText(f"{sp.name}  ·  {style.type_label(sp.type)}" + (f"  ·  {sp.org}" if sp.org else ""))
        self.setWindowTitle(f"{sp.name} — 화자 기록")

    def _show_record(self, value) -> None:
        if not value:
            return
        speaker, rec, candidates = value
        self.speaker, self.record, self.candidates = speaker, rec, list(candidates)
        self.statements.speaker = speaker
        self._show_speaker()
        bits = [f"발언 {rec.quotes:,}건", f"기사 {rec.articles:,}건", _period(rec.first, rec.last)]
        if rec.undated:
            bits.append(f"날짜 없는 발언 {rec.undated:,}건")
        if rec.headline_quotes:
            bits.append(f"제목에도 인용 {rec.headline_quotes:,}건")
        self.summary.setText(" · ".join(bits))
        self.chart.set_record(rec)
        self._fill_roles(rec)
        self._fill_candidates()
        self.recordLoaded.emit()

    def _fill_roles(self, rec) -> None:
        self.roles.setRowCount(len(rec.roles))
        for r, role in enumerate(rec.roles):
            cells = [role.title or "(직함 없음)", role.org or "(소속 없음)", _period(role.first, role.last),
                     str(role.articles), str(role.quotes)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if role.dates:
                    item.setToolTip(plain_tooltip("기사 날짜: " + ", ".join(role.dates)))
                self.roles.setItem(r, c, item)

    def _fill_candidates(self) -> None:
        keep = self.preview.remove_id if self.preview is not None else None
        self.dups.blockSignals(True)
        self.dups.setRowCount(len(self.candidates))
        for r, c in enumerate(self.candidates):
            reasons = list(c.reasons)
            if c.shared_articles:
                reasons.append(f"같은 기사에 함께 인용 {c.shared_articles}건 (다른 사람일 수 있음)")
            cells = [c.name, c.org or "(소속 없음)", str(c.quote_count), " · ".join(reasons)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c.speaker_id)
                item.setToolTip(plain_tooltip(f"{c.name} · {c.org or '소속 없음'} · {c.titles or '직함 없음'}\n"
                                              + "\n".join(reasons)))
                self.dups.setItem(r, col, item)
        self.dups.blockSignals(False)
        self.dups_header.setText(f"같은 사람일 수 있는 화자 {len(self.candidates)}명")
        if keep is not None and not any(c.speaker_id == keep for c in self.candidates):
            self.preview = None
            self.merge_btn.setEnabled(False)

    def _update_tabs(self) -> None:
        self.lists.setTabText(0, f"발언 {self.statements.count():,}건 (날짜순)")
        self.lists.setTabText(1, f"기사 {self.articles_model.total():,}건")

    # -- duplicates ------------------------------------------------------------------------------
    def chosen_candidate(self) -> int | None:
        rows = self.dups.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.dups.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def choose_candidate(self, speaker_id: int) -> bool:
        for r in range(self.dups.rowCount()):
            if self.dups.item(r, 0).data(Qt.ItemDataRole.UserRole) == speaker_id:
                self.dups.selectRow(r)
                return True
        return False

    def _candidate_chosen(self) -> None:
        other = self.chosen_candidate()
        self.preview = None
        self.merge_btn.setEnabled(False)
        if other is None:
            return
        me = self.speaker_id
        self.preview_label.setText("병합하면 달라지는 점을 계산하는 중…")
        self._preview_query.submit(self.store, lambda store: store.merge_preview(me, other), self._show_preview,
                                   fail=lambda m, _k: self.preview_label.setText(m))

    def _show_preview(self, preview) -> None:
        if preview is None or preview.remove_id != self.chosen_candidate():
            return
        self.preview = preview
        self.preview_label.setText(merge_preview_text(preview))
        self.merge_btn.setEnabled(True)

    def _ask_merge(self) -> None:
        other = self.chosen_candidate()
        if other is not None:
            self.mergeRequested.emit(self.speaker_id, other)

    def _article_chosen(self, index: QModelIndex) -> None:
        aid = self.articles_model.id_at(index.row()) if index.isValid() else None
        if aid is not None:
            self.articleActivated.emit(aid, self.speaker_id)

    def cancel(self) -> None:
        for q in (self._record_query, self._preview_query, self.articles_model._query, self.articles_model._more):
            q.cancel()
        self.statements.cancel()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.cancel()
        self.closed.emit(self.speaker_id)
        super().closeEvent(event)


def merge_preview_text(p) -> str:
    """What a merge would change, in a few plain lines (also used by the merge dialog)."""
    lines = [
        f"‘{p.remove_name}’의 발언 {p.moved_quotes:,}건이 ‘{p.keep_name}’에게 옮겨져 모두 {p.quotes_after:,}건이 됩니다.",
        "직함: " + (", ".join(p.titles_before) or "없음") + " → " + (", ".join(p.titles_after) or "없음"),
    ]
    if p.orgs_after:
        lines.append("기사에 나온 소속: " + ", ".join(p.orgs_after[:6]) + (" 외" if len(p.orgs_after) > 6 else ""))
    lines.append(f"기간: {_period(p.first_after, p.last_after)}")
    lines.append(f"이후 ‘{p.alias}’(으)로 나오는 기사도 ‘{p.keep_name}’의 발언이 됩니다. Ctrl+Z로 되돌릴 수 있습니다.")
    if p.shared_articles:
        lines.append(f"주의: 두 화자가 같은 기사에 함께 인용된 적이 {p.shared_articles}번 있습니다 — 다른 사람일 수 있습니다.")
    if p.sample:
        lines.append("옮겨질 발언 예: “" + p.sample[0][:60] + ("…" if len(p.sample[0]) > 60 else "") + "”")
    return "\n".join(lines)


class DuplicatesDialog(QDialog):
    """Every name that more than one speaker bears (Store.duplicate_groups), the groups with most
    quotes first; choosing one opens the record of its busiest speaker, where the others are offered
    for merging with a preview."""

    openRequested = Signal(int)  # speaker id

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.setWindowTitle("같은 사람일 수 있는 화자")
        self.resize(720, 480)
        self.groups: list[list] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("duplicateGroups")
        self.table.setHorizontalHeaderLabels(["이름", "화자", "소속", "발언"])
        SpeakerView._table_look(self.table)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for c, w in ((0, 120), (1, 44), (3, 56)):
            self.table.setColumnWidth(c, w)
        self.table.doubleClicked.connect(lambda i: self._open(i.row()))
        self.table.activated.connect(lambda i: self._open(i.row()))
        self.head = QLabel("찾는 중…")
        self.head.setObjectName("paneMeta")
        self.head.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.head)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self._query = LatestQuery(self)

        def job(st):
            groups = st.duplicate_groups()
            rows = {r.id: r for r in st.speaker_rows([i for g in groups for i in g])}
            return [sorted((rows[i] for i in g if i in rows), key=lambda r: -r.quote_count) for g in groups]

        self._query.submit(store, job, self._show, fail=lambda m, _k: self.head.setText(m))

    def _show(self, groups) -> None:
        self.groups = [g for g in (groups or []) if len(g) > 1]
        self.table.setRowCount(len(self.groups))
        for r, g in enumerate(self.groups):
            cells = [g[0].name, str(len(g)), " · ".join(s.org or "(소속 없음)" for s in g),
                     str(sum(s.quote_count for s in g))]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip("\n".join(
                    f"{s.name} · {s.org or '소속 없음'} · {s.titles or '직함 없음'} · 발언 {s.quote_count}" for s in g)))
                self.table.setItem(r, c, item)
        self.head.setText(f"이름이 같은 화자 묶음 {len(self.groups):,}개 — 두 번 누르면 화자 기록에서 "
                          "병합했을 때 달라지는 점을 보고 병합할 수 있습니다. 아무것도 저절로 합쳐지지 않습니다.")

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.groups):
            self.openRequested.emit(self.groups[row][0].id)
