"""The main window: speakers | statements (side by side) / article, with filters, import, review, export.

Corrections and their undo live in corrections.py (a mixin), the side-by-side columns in
comparison.py, a speaker's record in speaker_view.py.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db import QuoteFilter, Store, StoreError
from db.store import narrows_speakers

from . import style, workers
from .article import ArticlePane
from .comparison import StatementsPane
from .corrections import CorrectionsMixin
from .transfer import SAMPLES_DIR, TransferMixin  # noqa: F401 - SAMPLES_DIR: viewer.screenshot, tests
from .panes import FilterBar, SpeakersPane
from .review import ReviewPane
from .speaker_view import DuplicatesDialog, SpeakerView

log = logging.getLogger(__name__)

MAX_RECENT = 8
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".jsonl")


class MainWindow(CorrectionsMixin, TransferMixin, QMainWindow):
    """One open database at a time; every read goes through self.store (GUI thread only)."""

    databaseChanged = Signal(str)
    importFinished = Signal(object)  # the IngestReport (or None on error)
    exportFinished = Signal(str, int)  # path, rows
    dataChanged = Signal()  # after any correction or import: views were refreshed

    def __init__(self, settings: QSettings | None = None, parent=None):
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        self.store: Store | None = None
        self.db_path: str | None = None
        self.last_message: tuple[str, str] | None = None
        self._boxes: list[QDialog] = []
        self._import: workers.Worker | None = None
        self.last_column_dialog = None  # the last table-column dialog of an import (tests look at it)
        self._export: workers.Worker | None = None
        self._updating = False
        self._rebuild_pending = False  # statements must follow a reload even if the selection kept
        self._count_query = workers.LatestQuery(self)
        self._speaker_views: dict[int, SpeakerView] = {}
        self._history_export: workers.Worker | None = None
        self._count: tuple[object, int | None] = (None, None)  # (filter, quote count) last counted
        # Modal dialogs run through this hook so tests can drive them without a nested event loop.
        self.exec_dialog: Callable[[QDialog], int] = lambda dlg: dlg.exec()
        self.setWindowIcon(style.icon("app"))
        self.setAcceptDrops(True)
        self._build()
        self._build_actions()
        self._restore_settings()
        self._update_title()
        self.update_undo_actions()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.filters = FilterBar()
        self.speakers = SpeakersPane()
        self.statements = StatementsPane()
        self.review = ReviewPane()
        self.article = ArticlePane()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.statements, style.icon("person"), "발언")
        self.tabs.addTab(self.review, style.icon("review"), "검토")
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setObjectName("rightSplitter")
        self.right.addWidget(self.tabs)
        self.right.addWidget(self.article)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 2)
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.setObjectName("mainSplitter")
        self.main_split.addWidget(self.speakers)
        self.main_split.addWidget(self.right)
        self.main_split.setStretchFactor(0, 0)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setSizes([470, 930])
        self.right.setSizes([480, 360])
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(6, 0, 6, 4)
        lay.setSpacing(4)
        lay.addWidget(self.filters)
        lay.addWidget(self.main_split, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.cancel_btn = QToolButton()
        self.cancel_btn.setText("취소")
        self.cancel_btn.setToolTip("가져오기 취소")
        self.cancel_btn.clicked.connect(self.cancel_import)
        self.progress_label = QLabel()
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_label.setMaximumWidth(320)
        sb = self.statusBar()
        sb.addPermanentWidget(self.progress_label)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_btn)
        sb.addPermanentWidget(self.count_label)
        for w in (self.progress, self.cancel_btn, self.progress_label):
            w.hide()

        self.filters.changed.connect(self._on_filter_changed)
        self.filters.resetRequested.connect(self.reset_filters)
        self.speakers.selectionChangedIds.connect(self._on_speakers_selected)
        self.speakers.openRequested.connect(self.open_speaker_view)
        self.statements.countsChanged.connect(lambda: self._update_counts(recount=False))
        self.review.model.modelReset.connect(self._show_counts)
        self.speakers.model.modelReset.connect(self._show_counts)
        self.statements.quoteActivated.connect(self.show_quote)
        self.statements.contextRequested.connect(self._quote_context_menu)
        self.review.quoteActivated.connect(self._on_review_quote)
        self.review.confirmRequested.connect(lambda ids: self.review_action("confirm", ids))
        self.review.notSpeechRequested.connect(lambda ids: self.review_action("not_speech", ids))
        self.review.reassignRequested.connect(lambda ids: self.review_action("reassign", ids))
        self.article.quoteClicked.connect(self.on_article_quote_clicked)
        self.article.openSourceRequested.connect(self.open_source)
        self.speakers.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.speakers.view.customContextMenuRequested.connect(self._speaker_context_menu)
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.statements.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        """Filters, then speakers, then each statement column left to right, then the article."""
        f = self.filters
        chain = [f.search, f.org, f.verb, f.stance, f.since, f.until, f.include_not_speech, f.reset,
                 self.speakers.filter, self.speakers.view]
        chain += [c.view for c in self.statements.columns]
        chain += [self.review.view, self.article.text]
        for a, b in zip(chain, chain[1:]):
            self.setTabOrder(a, b)

    def _build_actions(self) -> None:
        def act(text, slot, shortcut=None, icon=None, tip=None, context=None) -> QAction:
            a = QAction(text, self)
            if icon:
                a.setIcon(style.icon(icon))
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            if tip:
                a.setToolTip(tip)
                a.setStatusTip(tip)
            if context is not None:
                a.setShortcutContext(context)
            a.triggered.connect(lambda _checked=False: slot())
            return a

        self.act_open = act("데이터베이스 열기…", self.choose_open_database, QKeySequence.StandardKey.Open, "database")
        self.act_new = act("새 데이터베이스…", self.choose_new_database, QKeySequence.StandardKey.New)
        self.act_import_files = act("파일 가져오기…", self.choose_import_files, "Ctrl+I", "import", "기사 파일을 가져와 분석합니다 (끌어다 놓아도 됩니다)")
        self.act_import_dir = act("폴더 가져오기…", self.choose_import_folder, "Ctrl+Shift+I", "import")
        self.act_export = act("CSV로 내보내기…", self.choose_export, "Ctrl+E", "export", "지금 보이는 발언을 CSV로 저장합니다 (Ctrl+E)")
        self.act_quit = act("끝내기", self.close, QKeySequence.StandardKey.Quit)
        self.act_find = act("발언 검색", self.focus_search, QKeySequence.StandardKey.Find, "search")
        self.act_find_speaker = act("화자 찾기", self.focus_speaker_filter, "Ctrl+L")
        self.act_refresh = act("새로 고침", self.reload_all, QKeySequence.StandardKey.Refresh)
        self.act_statements = act("발언 보기", lambda: self.tabs.setCurrentIndex(0), "Ctrl+1", "person")
        self.act_review = act("검토", self.open_review, "Ctrl+2", "review", "검토가 필요한 발언을 하나씩 확인합니다 (Ctrl+2)")
        self.act_undo = act("되돌리기", self.undo, QKeySequence.StandardKey.Undo)
        self.act_redo = act("다시 하기", self.redo)
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_history = act("수정 이력…", lambda: self.show_history(None))
        self.act_export_history = act("수정 이력 내보내기…", self.choose_export_history)
        self.act_quote_history = act("이 발언의 수정 이력…", self.show_selected_quote_history)
        self.act_copy_citation = act(
            "출처와 함께 복사", self.copy_citation, QKeySequence.StandardKey.Copy,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.act_citation_format = act("인용 형식…", self.edit_citation_format)
        self.act_open_speaker = act("화자 기록 보기", self.open_selected_speaker_view, "Ctrl+R")
        self.act_open_speaker_of_quote = act("이 화자의 기록 보기", self.open_speaker_of_selected_quote)
        self.act_duplicates = act("같은 사람일 수 있는 화자…", self.show_duplicates)
        self.act_open_source = act("원문 열기", self.open_current_source, "Ctrl+Shift+O")
        self.act_korean_headers = QAction("CSV 열 이름을 한국어로", self)
        self.act_korean_headers.setCheckable(True)
        self.act_korean_headers.setChecked(self.korean_headers())
        self.act_korean_headers.toggled.connect(lambda on: self.settings.setValue("export_korean_headers", bool(on)))
        self.act_edit_speaker = act("화자 정보 수정…", self.edit_speaker, "F2")
        self.act_merge = act("화자 병합…", self.merge_selected_speakers, "Ctrl+M")
        self.act_reassign = act("다른 화자로 변경…", self.reassign_selected_quotes, "Ctrl+Shift+R")
        self.act_title = act("직함 수정…", self.edit_selected_quote_title)
        self.act_not_speech = act(
            "발언 아님으로 표시", self.mark_selected_not_speech, QKeySequence.StandardKey.Delete,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.act_confirm = act("발언 확인", self.confirm_selected_quotes)
        self.statements.addAction(self.act_not_speech)
        for w in (self.statements, self.review):
            w.addAction(self.act_copy_citation)

        mb = self.menuBar()
        m = mb.addMenu("파일(&F)")
        m.addAction(self.act_open)
        m.addAction(self.act_new)
        self.recent_menu = m.addMenu("최근 데이터베이스")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        m.addSeparator()
        m.addAction(self.act_import_files)
        m.addAction(self.act_import_dir)
        m.addAction(self.act_export)
        m.addAction(self.act_export_history)
        m.addAction(self.act_korean_headers)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("편집(&E)")
        for a in (self.act_undo, self.act_redo, None, self.act_copy_citation, self.act_citation_format, None,
                  self.act_find, self.act_find_speaker, None, self.act_edit_speaker, self.act_merge, None,
                  self.act_reassign, self.act_title, self.act_not_speech, self.act_confirm):
            m.addSeparator() if a is None else m.addAction(a)
        m = mb.addMenu("보기(&V)")
        for a in (self.act_statements, self.act_review, self.act_open_speaker, self.act_duplicates, None,
                  self.act_open_source,
                  self.act_history, None, self.act_refresh):
            m.addSeparator() if a is None else m.addAction(a)

        tb = self.addToolBar("도구")
        tb.setObjectName("mainToolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setMovable(False)
        tb.addAction(self.act_import_files)
        tb.addAction(self.act_export)
        tb.addSeparator()
        tb.addAction(self.act_review)
        tb.addAction(self.act_undo)
        tb.addAction(self.act_open)

    # ------------------------------------------------------------------ messages
    def message(self, title: str, text: str, kind: str = "info", buttons=None) -> QMessageBox:
        """A non-blocking message box (plain text); kept in self._boxes until closed."""
        icon = {"info": QMessageBox.Icon.Information, "warn": QMessageBox.Icon.Warning, "error": QMessageBox.Icon.Critical}[kind]
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if buttons:
            for label, role, slot in buttons:
                b = box.addButton(label, role)
                if slot is not None:
                    b.clicked.connect(slot)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, b=box: self._boxes.remove(b) if b in self._boxes else None)
        self._boxes.append(box)
        self.last_message = (title, text)
        box.open()
        return box

    def _store_error(self, exc: Exception) -> None:
        self.message("발언 — 오류", str(exc), "error")

    # ------------------------------------------------------------------ database
    def open_database(self, path: str | None) -> bool:
        """Open (or create) a database; on StoreError explain and offer another file. Never overwrites."""
        try:
            store = Store.open(path)
        except StoreError as exc:
            shown = path or "기본 데이터베이스"
            self.message(
                "데이터베이스를 열 수 없습니다",
                f"{shown}\n\n{exc}\n\n파일은 그대로 두었습니다. 다른 데이터베이스를 열거나 새로 만드세요.",
                "error",
                buttons=[
                    ("다른 파일 열기…", QMessageBox.ButtonRole.AcceptRole, self.choose_open_database),
                    ("새로 만들기…", QMessageBox.ButtonRole.ActionRole, self.choose_new_database),
                    ("닫기", QMessageBox.ButtonRole.RejectRole, None),
                ],
            )
            return False
        self.close_speaker_views()
        if self.store is not None:
            self.store.close()
        self.store = store
        self.db_path = str(store.path)
        self.settings.setValue("last_db", self.db_path)
        self._add_recent(self.db_path)
        self.article.clear()
        self.speakers.model._store = store
        self.review.model._store = store
        self.statements.set_store(store)
        self.reload_all()
        self.review.set_filter(QuoteFilter(needs_review=True))
        self._update_title()
        self.update_undo_actions()
        self.databaseChanged.emit(self.db_path)
        return True

    def is_empty(self) -> bool:
        try:
            return self.store is not None and self.store.article_count() == 0
        except StoreError:
            return False

    def choose_open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "데이터베이스 열기", self._dialog_dir(), "Balheon 데이터베이스 (*.db *.sqlite *.sqlite3);;모든 파일 (*)")
        if path:
            self.open_database(path)

    def choose_new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "새 데이터베이스", str(Path(self._dialog_dir()) / "balheon.db"), "Balheon 데이터베이스 (*.db)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not path:
            return
        if Path(path).exists() and Path(path).stat().st_size > 0:
            # Opening an existing file never overwrites it; say so rather than pretend it is new.
            self.message("이미 있는 파일", f"{path}\n\n이미 있는 파일이므로 덮어쓰지 않고 엽니다.", "info")
        self.open_database(path)

    def _dialog_dir(self) -> str:
        return str(Path(self.db_path).parent) if self.db_path else str(Path.home())

    def recent_databases(self) -> list[str]:
        value = self.settings.value("recent_dbs", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def _add_recent(self, path: str) -> None:
        items = [p for p in self.recent_databases() if p != path]
        self.settings.setValue("recent_dbs", [path] + items[: MAX_RECENT - 1])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        items = self.recent_databases()
        if not items:
            a = self.recent_menu.addAction("(없음)")
            a.setEnabled(False)
        for p in items:
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _c=False, p=p: self.open_database(p))

    # ------------------------------------------------------------------ refresh
    def current_filter(self) -> QuoteFilter:
        return self.filters.apply(QuoteFilter())

    @Slot()
    def reload_all(self) -> None:
        """Refill filter choices, speakers (keeping selection), statements, review and counts."""
        if self.store is None:
            return
        try:
            self.filters.set_choices(self.store.orgs(), self.store.verbs(), self.store.stances())
            self.filters.set_dates(*self.store.date_range(), self.store.undated_count())
        except StoreError as exc:
            log.warning("filter choices: %s", exc)
        self._count = (None, None)  # a correction or import changes the counts
        self._reload_speakers_and_statements()
        keep = self.review.view.currentIndex().row()
        self.review.refresh_after(max(keep, 0))
        self._refresh_article()
        if self.article.article_id is None:
            self.statements.after_load(self._show_first_quote)
        self._update_counts()
        self.refresh_speaker_views()
        self.dataChanged.emit()

    def _reload_speakers_and_statements(self, speakers: bool = True) -> None:
        """Re-query the speakers, then the statements with the current filter.

        The speakers pane announces a selection only when it changed (that rebuilds the columns);
        when it did not, the columns are refreshed here once the speaker ids are in.
        speakers=False (a filter change): the speaker list depends on the organisation filter and
        on the quote filters that leave some speakers out (stance, search, verb, dates: only speakers
        with a matching quote are listed), so it is re-queried only when those changed.
        """
        org = self.filters.org.currentData()
        f = self.current_filter()
        narrowing = f if narrows_speakers(f) else None
        if not speakers and org == self.speakers.org() and narrowing == self.speakers.quote_filter():
            self._on_speakers_selected(self.speakers.selected_ids())
            return
        org_changed = org != self.speakers.org()
        self.speakers.set_org(org)
        self.speakers.set_quote_filter(narrowing)
        selected = self.speakers.selected_ids()
        self.speakers.reload()
        if selected and not speakers and not org_changed:
            # Only the quote filters changed: the selected speakers stay listed (the narrowed query
            # keeps them), so their columns re-query now instead of after the speaker list.
            self._on_speakers_selected(selected)
        elif selected:  # the speakers' query decides which columns remain: wait for it
            self._rebuild_pending = True
            self.speakers.model.after_load(self._rebuild_if_pending)
        else:  # nothing selected stays nothing selected: both queries run at once
            self._on_speakers_selected([])

    def _rebuild_if_pending(self) -> None:
        if self._rebuild_pending:
            self._on_speakers_selected(self.speakers.selected_ids())

    def busy(self) -> bool:
        """True while a background query (ids of a list, a count) has not been applied yet."""
        return (self.speakers.model.loading() or self.statements.loading() or self.review.model.loading()
                or self._count_query.busy() or any(c._info.busy() for c in self.statements.columns))

    def _show_first_quote(self) -> None:
        """A newcomer sees an article straight away: the first listed quote, highlighted in context."""
        cols = self.statements.columns
        if self.article.article_id is None and cols and cols[0].model.rowCount():
            cols[0].view.selectRow(0)

    def _refresh_article(self) -> None:
        """Re-colour the shown article after a correction (speakers and not-speech marks change)."""
        aid, current = self.article.article_id, self.article.current_quote
        if aid is None or self.store is None:
            return
        try:
            art = self.store.article(aid)
            quotes = self.store.article_quotes(aid)
        except StoreError:
            self.article.clear()
            return
        bar = self.article.text.verticalScrollBar()
        pos = bar.value()
        self.article.show_article(art, quotes)
        if current is not None and self.article.has_quote(current):
            self.article.select_quote(current)
        else:
            bar.setValue(pos)

    @Slot()
    def _on_filter_changed(self) -> None:
        if self.store is None:
            return
        self._reload_speakers_and_statements(speakers=False)
        self._update_counts()
        self.article.set_search(self.current_filter().query)
        self.statements.after_load(self._follow_filter)

    def _follow_filter(self) -> None:
        """The article pane follows the filter: it keeps the shown quote while the lists still have
        it, else shows the first quote they list, or says that nothing matches."""
        if self.tabs.currentWidget() is not self.statements:
            return
        current = self.article.current_quote
        if current is not None and self.statements.has_quote(current):
            return
        for c in self.statements.columns:
            if c.model.rowCount():
                c.view.selectRow(0)
                return
        self.article.clear("조건에 맞는 발언이 없습니다")

    @Slot()
    def reset_filters(self) -> None:
        """초기화: every search and filter, the speaker name filter and the speaker selection."""
        self.speakers.filter.blockSignals(True)
        self.speakers.filter.clear()
        self.speakers.filter.blockSignals(False)
        self.speakers.clear_selection()
        self.filters.clear()

    @Slot(list)
    def _on_speakers_selected(self, ids: list) -> None:
        if self.store is None:
            return
        self._rebuild_pending = False
        try:
            rows = self.store.speaker_rows(ids) if ids else []
            f = self.current_filter()
            self.statements.set_columns(rows, f)
        except (StoreError, ValueError) as exc:
            self.statusBar().showMessage(str(exc), 5000)
            self.statements.set_columns([], None)
        self._fix_tab_order()
        self._update_counts()
        self.act_merge.setEnabled(len(ids) == 2)
        self.act_edit_speaker.setEnabled(len(ids) >= 1)

    def _update_counts(self, recount: bool = True) -> None:
        """Status bar and tab counts. The filtered total comes from the all-quotes column when it
        is shown (its ids are the answer), else from a count query off the GUI thread."""
        if self.store is None:
            self.count_label.setText("데이터베이스 없음")
            return
        try:
            f = self.current_filter()
        except ValueError as exc:
            self.count_label.setText(str(exc))
            return
        cols = self.statements.columns
        all_column = cols[0] if cols and cols[0].speaker is None else None
        if all_column is not None:
            if not all_column.model.loading() and all_column.model.quote_filter() == f:
                self._count = (f, all_column.model.total())
        elif recount and self._count[0] != f:
            self._count = (f, None)
            self._count_query.submit(self.store, lambda st, f=f: st.quote_count(f),
                                     lambda n, f=f: self._counted(f, n),
                                     fail=lambda msg, _known: self.count_label.setText(msg))
        self._show_counts()

    def _counted(self, f, n) -> None:
        if self._count[0] == f:  # not superseded by the all-quotes column meanwhile
            self._count = (f, n)
        self._show_counts()

    def _show_counts(self) -> None:
        try:
            f = self.current_filter()
        except ValueError:
            f = None
        n_all = self._count[1] if self._count[0] == f else None
        n_review = self.review.model.total()
        loading = self.statements.loading()
        shown = "…" if loading else f"{self.statements.total():,}"
        text = f"화자 {self.speakers.model.total():,}명 · 발언 " + ("…" if n_all is None else f"{n_all:,}") + "건"
        if len(self.statements.columns) and self.statements.columns[0].speaker is not None:
            text += f" (선택한 화자 {shown}건)"
        text += f" · 검토 대기 {n_review:,}건"
        self.count_label.setText(text)
        self.tabs.setTabText(1, f"검토 {n_review:,}")
        self.tabs.setTabText(0, f"발언 {shown}")

    def _update_title(self) -> None:
        """The database's name, then the application's: ending in the display name, it is not added
        again by the platform (which appends it to titles that do not end with it)."""
        from PySide6.QtWidgets import QApplication

        name = Path(self.db_path).name if self.db_path else "데이터베이스 없음"
        app_name = QApplication.applicationDisplayName() or "발언 Balheon"
        self.setWindowTitle(f"{name} — {app_name}")

    # ------------------------------------------------------------------ navigation
    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def focus_speaker_filter(self) -> None:
        self.speakers.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.speakers.filter.selectAll()

    def open_review(self) -> None:
        self.tabs.setCurrentWidget(self.review)
        self.review.view.setFocus()
        if not self.review.view.currentIndex().isValid():
            self.review.select_row(0)

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.review:
            if not self.review.view.currentIndex().isValid():
                self.review.select_row(0)
            ids = self.review.current_ids()
            if ids:
                self.show_quote(ids[0])

    @Slot(int)
    def _on_review_quote(self, quote_id: int) -> None:
        """The review list drives the article only while it is the visible tab."""
        if self.tabs.currentWidget() is self.review:
            self.show_quote(quote_id)

    @Slot(int)
    def show_quote(self, quote_id: int) -> bool:
        """Show the quote's article with every quote highlighted, scrolled to and selecting this one."""
        if self.store is None:
            return False
        try:
            rows = self.store.quote_rows([quote_id])
            if not rows:
                return False
            q = rows[0]
            if self.article.article_id != q.article_id or not self.article.has_quote(quote_id):
                art = self.store.article(q.article_id)
                self.article.show_article(art, self.store.article_quotes(q.article_id))
            ok = self.article.select_quote(quote_id)
            who = q.speaker or "(미상)"
            self.statusBar().showMessage(f"{who}: {q.verb or ''} · {q.headline or ''} {(q.published or '')[:10]}", 8000)
            return ok
        except StoreError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return False

    @Slot(int)
    def on_article_quote_clicked(self, quote_id: int) -> None:
        """A highlighted quote in the article: select its speaker, and the quote in their column."""
        if self.store is None:
            return
        try:
            rows = self.store.quote_rows([quote_id])
        except StoreError:
            return
        if not rows:
            return
        q = rows[0]
        if q.speaker_id is not None:
            self.tabs.setCurrentWidget(self.statements)
            if self.speakers.selected_ids() != [q.speaker_id]:
                self.speakers.select_ids([q.speaker_id])
            self.statements.select_quote(quote_id, q.speaker_id)
        else:
            self.statements.select_quote(quote_id)
        self.article.select_quote(quote_id)

    def selected_quote_ids(self) -> list[int]:
        for view in self._speaker_views.values():
            if view.isActiveWindow() and view.statements.view.hasFocus():
                return view.statements.selected_quote_ids()
        if self.tabs.currentWidget() is self.review:
            return self.review.current_ids()
        col = self.statements.focused_column()
        return col.selected_quote_ids() if col else []

    # ------------------------------------------------------------------ speaker record
    def open_speaker_view(self, speaker_id: int) -> SpeakerView | None:
        """The speaker's record in its own window (raised if already open)."""
        if self.store is None:
            return None
        view = self._speaker_views.get(speaker_id)
        if view is not None:
            view.show()
            view.raise_()
            view.activateWindow()
            return view
        rows = self.store.speaker_rows([speaker_id])
        if not rows:
            return None
        view = SpeakerView(self.store, rows[0], self)
        view.quoteActivated.connect(self.show_quote)
        view.articleActivated.connect(self._show_article_of_speaker)
        view.mergeRequested.connect(self.ask_merge)
        view.closed.connect(lambda sid: self._speaker_views.pop(sid, None))
        view.statements.contextRequested.connect(self._quote_context_menu)
        view.statements.addAction(self.act_copy_citation)
        self._speaker_views[speaker_id] = view
        view.show()
        return view

    def open_selected_speaker_view(self) -> None:
        ids = self.speakers.selected_ids()
        if ids:
            self.open_speaker_view(ids[0])

    def open_speaker_of_selected_quote(self) -> None:
        ids = self.selected_quote_ids()
        if ids and self.store is not None:
            rows = self.store.quote_rows(ids[:1])
            if rows and rows[0].speaker_id is not None:
                self.open_speaker_view(rows[0].speaker_id)

    def show_duplicates(self) -> DuplicatesDialog | None:
        """Names borne by more than one speaker; one opens the record where merging is offered."""
        if self.store is None:
            return None
        dlg = DuplicatesDialog(self.store, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.openRequested.connect(self.open_speaker_view)
        self.last_duplicates = dlg
        dlg.open()
        return dlg

    def speaker_views(self) -> list[SpeakerView]:
        return list(self._speaker_views.values())

    def refresh_speaker_views(self) -> None:
        """After a correction or import: each open record re-reads itself; a merged-away speaker's closes."""
        if self.store is None:
            return
        for sid, view in list(self._speaker_views.items()):
            if self.store.speaker_rows([sid]):
                view.refresh()
            else:
                self._speaker_views.pop(sid, None)
                view.close()

    def close_speaker_views(self) -> None:
        for view in list(self._speaker_views.values()):
            view.close()
        self._speaker_views.clear()

    def _show_article_of_speaker(self, article_id: int, speaker_id: int) -> None:
        """An article chosen in a speaker's record: shown here, on that speaker's first quote in it."""
        if self.store is None:
            return
        ids = self.store.quote_ids(QuoteFilter(speaker_ids=(speaker_id,), article_id=article_id), sort="article",
                                   descending=False, limit=1)
        if ids:
            self.show_quote(ids[0])
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------------ the source
    def open_current_source(self) -> None:
        if self.article.article_id is not None:
            self.open_source(self.article.article_id)

    def open_source(self, article_id: int) -> bool:
        """Open the article where it came from: its web address when its format gave one (a BigKinds row,
        a saved page), else its file, with the system's program."""
        if self.store is None:
            return False
        try:
            art = self.store.article(article_id)
        except StoreError as exc:
            self._store_error(exc)
            return False
        address = (getattr(art, "url", None) or "").strip()
        src = (art.source_path or "").strip()
        if address.lower().startswith(("http://", "https://")):
            src, url = address, QUrl(address)
        elif src.lower().startswith(("http://", "https://")):
            url = QUrl(src)
        elif src and Path(src).expanduser().is_file():
            url = QUrl.fromLocalFile(str(Path(src).expanduser().resolve()))
        else:
            why = "이 기사는 원본 파일 정보가 없습니다." if not src else f"원본 파일을 찾을 수 없습니다 (옮겨졌거나 지워졌습니다):\n{src}"
            self.message("원문 열기", why, "info")
            return False
        if not QDesktopServices.openUrl(url):
            self.message("원문 열기", f"열 프로그램을 찾지 못했습니다:\n{src}", "warn")
            return False
        self.statusBar().showMessage(f"원문을 열었습니다: {src}", 5000)
        return True

    # ------------------------------------------------------------------ settings
    def _restore_settings(self) -> None:
        geo = self.settings.value("geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        else:
            screen = self.screen().availableGeometry() if self.screen() else None
            w, h = 1400, 880
            if screen is not None and screen.width() > 0:
                w, h = min(w, int(screen.width() * 0.95)), min(h, int(screen.height() * 0.92))
            self.resize(w, h)
        state = self.settings.value("window_state")
        if state is not None:
            self.restoreState(state)
        for key, split in (("main_splitter", self.main_split), ("right_splitter", self.right)):
            s = self.settings.value(key)
            if s is not None:
                split.restoreState(s)

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.setValue("main_splitter", self.main_split.saveState())
        self.settings.setValue("right_splitter", self.right.saveState())
        if self.db_path:
            self.settings.setValue("last_db", self.db_path)
        self.settings.sync()

    def shutdown_workers(self, timeout_ms: int = 30000) -> None:
        for w in (self._import, self._export):
            if w is not None:
                w.cancel()
        from PySide6.QtCore import QThreadPool

        for q in (self._count_query, self.speakers.model._query, self.review.model._query):
            q.cancel()
        for c in self.statements.columns:
            c.cancel()
        for view in self._speaker_views.values():
            view.cancel()
        QThreadPool.globalInstance().waitForDone(timeout_ms)
        workers.wait_queries(timeout_ms)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        self.shutdown_workers()
        self.close_speaker_views()
        for b in list(self._boxes):
            b.close()
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)
