"""The main window: speakers | statements (side by side) / article, with filters, import, review, export."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db import QuoteFilter, Store, StoreError

from . import style, workers
from .article import ArticlePane
from .dialogs import ImportSummary, MergeDialog, SpeakerEditor, SpeakerPicker
from .panes import FilterBar, SpeakersPane, StatementsPane
from .review import ReviewPane

log = logging.getLogger(__name__)

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "resources" / "samples"
MAX_RECENT = 8
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".jsonl")


class MainWindow(QMainWindow):
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
        self._export: workers.Worker | None = None
        self._updating = False
        self._rebuild_pending = False  # statements must follow a reload even if the selection kept
        self._count_query = workers.LatestQuery(self)
        self._count: tuple[object, int | None] = (None, None)  # (filter, quote count) last counted
        # Modal dialogs run through this hook so tests can drive them without a nested event loop.
        self.exec_dialog: Callable[[QDialog], int] = lambda dlg: dlg.exec()
        self.setWindowIcon(style.icon("app"))
        self.setAcceptDrops(True)
        self._build()
        self._build_actions()
        self._restore_settings()
        self._update_title()

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
        self.speakers.selectionChangedIds.connect(self._on_speakers_selected)
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
        self.speakers.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.speakers.view.customContextMenuRequested.connect(self._speaker_context_menu)
        self.speakers.view.doubleClicked.connect(lambda _i: self.edit_speaker())
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
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("편집(&E)")
        for a in (self.act_find, self.act_find_speaker, None, self.act_edit_speaker, self.act_merge, None,
                  self.act_reassign, self.act_title, self.act_not_speech, self.act_confirm):
            m.addSeparator() if a is None else m.addAction(a)
        m = mb.addMenu("보기(&V)")
        for a in (self.act_statements, self.act_review, None, self.act_refresh):
            m.addSeparator() if a is None else m.addAction(a)

        tb = self.addToolBar("도구")
        tb.setObjectName("mainToolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setMovable(False)
        tb.addAction(self.act_import_files)
        tb.addAction(self.act_export)
        tb.addSeparator()
        tb.addAction(self.act_review)
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
        self.dataChanged.emit()

    def _reload_speakers_and_statements(self, speakers: bool = True) -> None:
        """Re-query the speakers, then the statements with the current filter.

        The speakers pane announces a selection only when it changed (that rebuilds the columns);
        when it did not, the columns are refreshed here once the speaker ids are in.
        speakers=False (a filter change): the speaker list depends only on the organisation
        filter, so it is re-queried only when that changed.
        """
        org = self.filters.org.currentData()
        if not speakers and org == self.speakers.org():
            self._on_speakers_selected(self.speakers.selected_ids())
            return
        self.speakers.set_org(org)
        selected = self.speakers.selected_ids()
        self.speakers.reload()
        if selected:  # the speakers' query decides which columns remain: wait for it
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
                or self._count_query.busy())

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
        name = Path(self.db_path).name if self.db_path else "데이터베이스 없음"
        self.setWindowTitle(f"발언 Balheon — {name}")

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
        if self.tabs.currentWidget() is self.review:
            return self.review.current_ids()
        col = self.statements.focused_column()
        return col.selected_quote_ids() if col else []

    # ------------------------------------------------------------------ corrections
    def _write(self, fn, *args, **kwargs) -> bool:
        try:
            fn(*args, **kwargs)
            return True
        except StoreError as exc:
            self._store_error(exc)
            return False

    def reassign(self, quote_ids: list[int], speaker_id: int) -> None:
        for qid in quote_ids:
            if not self._write(self.store.reassign_quote, qid, speaker_id):
                break
        self.reload_all()

    def pick_speaker(self, title="화자 선택", exclude=None, initial_text="") -> int | None:
        dlg = SpeakerPicker(self.store, self, title=title, exclude=exclude, initial_text=initial_text)
        try:
            if self.exec_dialog(dlg) == QDialog.DialogCode.Accepted:
                return dlg.chosen_id
            return None
        except StoreError as exc:
            self._store_error(exc)
            return None
        finally:
            dlg.deleteLater()

    def reassign_selected_quotes(self, quote_ids: list[int] | None = None) -> None:
        ids = quote_ids if quote_ids is not None else self.selected_quote_ids()
        if not ids or self.store is None:
            return
        current = None
        rows = self.store.quote_rows(ids[:1])
        if rows:
            current = rows[0].speaker_id
        sid = self.pick_speaker("다른 화자로 변경", exclude=current)
        if sid is not None:
            self.reassign(ids, sid)

    def edit_selected_quote_title(self) -> None:
        ids = self.selected_quote_ids()
        if not ids or self.store is None:
            return
        from PySide6.QtWidgets import QInputDialog

        rows = self.store.quote_rows(ids[:1])
        dlg = QInputDialog(self)
        dlg.setWindowTitle("직함 수정")
        dlg.setLabelText("이 발언에서 화자의 직함:")
        dlg.setTextValue(rows[0].title or "" if rows else "")
        if self.exec_dialog(dlg) == QDialog.DialogCode.Accepted:
            for qid in ids:
                self._write(self.store.set_quote_title, qid, dlg.textValue().strip() or None)
            self.reload_all()

    def mark_not_speech(self, quote_ids: list[int]) -> None:
        for qid in quote_ids:
            if not self._write(self.store.mark_not_speech, qid, True):
                break
        self.reload_all()

    def mark_selected_not_speech(self) -> None:
        ids = self.selected_quote_ids()
        if ids and self.store is not None:
            self.mark_not_speech(ids)

    def confirm_selected_quotes(self) -> None:
        ids = self.selected_quote_ids()
        for qid in ids:
            self._write(self.store.confirm_quote, qid)
        if ids:
            self.reload_all()

    def apply_speaker_edit(self, speaker_id: int, name=None, org=None, type=None, title=None) -> bool:
        """Rename / re-organise a speaker; a new title is written on all of their quotes."""
        if not self._write(self.store.update_speaker, speaker_id, name=name, org=org, type=type):
            return False
        if title:
            for qid in self.store.quote_ids(QuoteFilter(speaker_ids=(speaker_id,), include_not_speech=True)):
                self._write(self.store.set_quote_title, qid, title)
        self.reload_all()
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
        if not self._write(self.store.merge_speakers, keep_id, remove_id):
            return False
        self.speakers.select_ids([keep_id])
        self.reload_all()
        self.statusBar().showMessage("화자를 병합했습니다", 5000)
        return True

    def merge_selected_speakers(self) -> None:
        ids = self.speakers.selected_ids()
        if self.store is None:
            return
        if len(ids) == 1:
            other = self.pick_speaker("병합할 다른 화자", exclude=ids[0])
            if other is None:
                return
            ids = [ids[0], other]
        if len(ids) != 2:
            self.message("화자 병합", "병합할 화자 두 명을 선택하세요 (Ctrl+클릭).", "info")
            return
        rows = self.store.speaker_rows(ids)
        if len(rows) != 2:
            return
        rows.sort(key=lambda r: -r.quote_count)
        dlg = MergeDialog(rows[0], rows[1], self)
        if self.exec_dialog(dlg) == QDialog.DialogCode.Accepted:
            self.merge(*dlg.keep_remove())
        dlg.deleteLater()

    def review_action(self, action: str, ids: list[int]) -> None:
        """Confirm / mark not-speech / reassign the current review item, then select the next one."""
        if not ids or self.store is None:
            return
        row = self.review.view.currentIndex().row()
        if action == "confirm":
            ok = all(self._write(self.store.confirm_quote, q) for q in ids)
        elif action == "not_speech":
            ok = all(self._write(self.store.mark_not_speech, q, True) for q in ids)
        else:
            rows = self.store.quote_rows(ids[:1])
            sid = self.pick_speaker("다른 화자로 변경", exclude=rows[0].speaker_id if rows else None)
            if sid is None:
                return
            ok = all(self._write(self.store.reassign_quote, q, sid) for q in ids)
        self.review.refresh_after(max(row, 0))
        self._count = (None, None)
        self.speakers.reload()
        self._update_counts()
        self.review.view.setFocus()
        if ok:
            self.statusBar().showMessage("처리했습니다 — 다음 항목", 3000)
        self.dataChanged.emit()

    def _quote_context_menu(self, column, global_pos) -> None:
        m = QMenu(self)
        for a in (self.act_reassign, self.act_title, self.act_confirm, self.act_not_speech):
            m.addAction(a)
        m.popup(global_pos)

    def _speaker_context_menu(self, pos) -> None:
        m = QMenu(self)
        m.addAction(self.act_edit_speaker)
        m.addAction(self.act_merge)
        m.popup(self.speakers.view.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ import
    def choose_import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "기사 파일 가져오기", str(self.settings.value("import_dir", str(Path.home()))), "기사 (*.txt *.text *.md *.html *.htm);;모든 파일 (*)")
        if paths:
            self.settings.setValue("import_dir", str(Path(paths[0]).parent))
            self.start_import(paths)

    def choose_import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "기사 폴더 가져오기", str(self.settings.value("import_dir", str(Path.home()))))
        if path:
            self.settings.setValue("import_dir", path)
            self.start_import([path])

    def importing(self) -> bool:
        return self._import is not None

    def start_import(self, paths: list[str], quiet: bool = False, jobs: int | None = None) -> bool:
        """Ingest in a worker (its own connections); progress in the status bar with a cancel button."""
        if self.store is None or not paths:
            return False
        if self._import is not None:
            self.message("가져오기", "이미 가져오는 중입니다. 끝난 뒤 다시 시도하세요.", "info")
            return False
        w = workers.Worker(workers.import_job(self.db_path, list(paths), jobs=jobs), known_errors=(StoreError, OSError))
        w.signals.progress.connect(self._on_import_progress)
        w.signals.notice.connect(self._on_import_notice)
        w.signals.result.connect(lambda report, w=w, q=quiet: self._on_import_result(report, w, q))
        w.signals.error.connect(self._on_import_error)
        w.signals.finished.connect(self._on_import_finished)
        self._import = w
        self.progress.setRange(0, 0)
        self.progress.setValue(0)
        self.progress_label.setText("가져오는 중…")
        for wd in (self.progress, self.cancel_btn, self.progress_label):
            wd.show()
        self.cancel_btn.setEnabled(True)
        self.act_import_files.setEnabled(False)
        self.act_import_dir.setEnabled(False)
        workers.start(w)
        return True

    def cancel_import(self) -> None:
        if self._import is not None:
            self._import.cancel()
            self.cancel_btn.setEnabled(False)
            self.progress_label.setText("취소하는 중…")

    @Slot(int, int, str)
    def _on_import_progress(self, done: int, total: int, path: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(f"{done}/{total}")
        self.progress_label.setText(Path(path).name if path else "가져오는 중…")

    @Slot(str)
    def _on_import_notice(self, message: str) -> None:
        self.progress_label.setText(message)
        self.statusBar().showMessage(message, 15000)

    def _on_import_result(self, report, worker, quiet: bool) -> None:
        cancelled = bool(getattr(report, "cancelled", False)) or worker.cancelled()
        failed = list(getattr(report, "failed", []) or [])
        self.reload_all()
        msg = f"기사 {getattr(report, 'added', 0)}건 추가, {getattr(report, 'skipped', 0)}건 건너뜀, {len(failed)}건 실패"
        self.statusBar().showMessage(msg, 10000)
        if not quiet or failed or cancelled:
            dlg = ImportSummary(report, cancelled, self)
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.last_import_summary = dlg
            self.last_message = ("가져오기 결과", dlg.summary.text())
            dlg.open()
        self.importFinished.emit(report)

    @Slot(str, bool)
    def _on_import_error(self, message: str, known: bool) -> None:
        self.reload_all()
        self.message("가져오기 실패", message if known else f"예상하지 못한 오류입니다 (버그):\n{message}", "error")
        self.importFinished.emit(None)

    @Slot()
    def _on_import_finished(self) -> None:
        self._import = None
        for wd in (self.progress, self.cancel_btn, self.progress_label):
            wd.hide()
        self.act_import_files.setEnabled(True)
        self.act_import_dir.setEnabled(True)

    def import_samples(self) -> bool:
        """First run: fill an empty database with the bundled sample articles."""
        if not SAMPLES_DIR.is_dir():
            return False
        self.statusBar().showMessage("처음 실행: 예제 기사를 가져옵니다…")
        return self.start_import([str(SAMPLES_DIR)], quiet=True, jobs=1)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)

    # ------------------------------------------------------------------ export
    def export_target(self) -> tuple[QuoteFilter, list[int] | None, str]:
        """What "the current view" means: the review list, the selected speakers' quotes, or all filtered quotes."""
        if self.tabs.currentWidget() is self.review:
            # by its filter, not its ids: the list may hold only the first windows of them
            return self.review.model.quote_filter() or QuoteFilter(needs_review=True), None, "검토 목록"
        cols = self.statements.columns
        if cols and cols[0].speaker is not None:
            ids: list[int] = []
            for c in cols:
                ids += c.model.all_ids()
            names = ", ".join(c.speaker.name for c in cols[:3]) + (" 외" if len(cols) > 3 else "")
            return self.current_filter(), ids, names
        return self.current_filter(), None, "검색 결과 전체"

    def choose_export(self) -> None:
        if self.store is None:
            return
        start = str(Path(str(self.settings.value("export_dir", str(Path.home())))) / "balheon_quotes.csv")
        path, _ = QFileDialog.getSaveFileName(self, "CSV로 내보내기", start, "CSV (*.csv)")
        if path:
            if not path.lower().endswith(".csv"):
                path += ".csv"
            self.settings.setValue("export_dir", str(Path(path).parent))
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        """Export in a worker with its own read-only Store; report where it went."""
        if self.store is None or self._export is not None:
            return False
        f, ids, what = self.export_target()
        w = workers.Worker(workers.export_job(self.db_path, path, f, ids), known_errors=(StoreError, OSError))
        w.signals.result.connect(lambda n, p=path, what=what: self._on_export_result(p, n, what))
        w.signals.error.connect(lambda m, known: self.message("내보내기 실패", m, "error"))
        w.signals.finished.connect(self._on_export_finished)
        self._export = w
        self.statusBar().showMessage(f"{what} 내보내는 중…")
        workers.start(w)
        return True

    def _on_export_result(self, path: str, n: int, what: str) -> None:
        self.statusBar().showMessage(f"{n:,}건을 {path}에 저장했습니다", 10000)
        self.message("내보내기 완료", f"{what}: 발언 {n:,}건을\n{path}\n에 저장했습니다.", "info")
        self.exportFinished.emit(path, int(n))

    @Slot()
    def _on_export_finished(self) -> None:
        self._export = None

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
            c.model._query.cancel()
        QThreadPool.globalInstance().waitForDone(timeout_ms)
        workers.wait_queries(timeout_ms)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        self.shutdown_workers()
        for b in list(self._boxes):
            b.close()
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)
