"""Articles in and quotes out: import (files, folders, drag and drop, the first-run samples) and
CSV export of the current view, each in a worker with its own connections. A mixin of MainWindow."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QFileDialog

from attribution.resources import resource_path
from db import QuoteFilter, StoreError

from . import workers
from .dialogs import ColumnMappingDialog, ImportSummary

log = logging.getLogger(__name__)

SAMPLES_DIR = resource_path("samples")
# What the import dialog offers: every format attribution.readers reads.
IMPORT_FILTER = (
    "기사 파일 (*.txt *.md *.pdf *.hwp *.hwpx *.docx *.html *.htm *.xlsx *.csv *.tsv *.jsonl *.ndjson);;"
    "텍스트 (*.txt *.md);;PDF (*.pdf);;한글 (*.hwp *.hwpx);;Word (*.docx);;웹 페이지 (*.html *.htm);;"
    "BigKinds·엑셀 (*.xlsx);;CSV·JSONL 말뭉치 (*.csv *.tsv *.jsonl *.ndjson);;모든 파일 (*)"
)


class TransferMixin:
    """Import and export commands of MainWindow."""

    # ------------------------------------------------------------------ import
    def choose_import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "기사 파일 가져오기", str(self.settings.value("import_dir", str(Path.home()))), IMPORT_FILTER)
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
        """Ingest in a worker (its own connections); progress in the status bar with a cancel button.

        Tables named directly (a CSV or JSONL corpus; a workbook whose text column is not recognised)
        are first read in a worker for their header and first rows, and the user maps their columns
        (`ColumnMappingDialog`); files inside folders are read with the columns recognised by name."""
        if self.store is None or not paths:
            return False
        if self._import is not None:
            self.message("가져오기", "이미 가져오는 중입니다. 끝난 뒤 다시 시도하세요.", "info")
            return False
        from attribution.readers import is_table

        tables = [str(p) for p in paths if is_table(p) and Path(p).is_file()]
        if tables and not quiet:
            return self._preview_tables(list(paths), tables, jobs)
        return self._run_import(list(paths), quiet, jobs)

    def _busy(self, label: str) -> None:
        self.progress.setRange(0, 0)
        self.progress.setValue(0)
        self.progress_label.setText(label)
        for wd in (self.progress, self.cancel_btn, self.progress_label):
            wd.show()
        self.cancel_btn.setEnabled(True)
        self.act_import_files.setEnabled(False)
        self.act_import_dir.setEnabled(False)

    def _preview_tables(self, paths: list[str], tables: list[str], jobs: int | None) -> bool:
        w = workers.Worker(workers.preview_job(tables), known_errors=(StoreError, OSError))
        w.signals.progress.connect(self._on_preview_progress)
        w.signals.result.connect(lambda previews, w=w: setattr(w, "previews", previews))
        w.signals.error.connect(self._on_import_error)
        w.signals.finished.connect(lambda w=w, p=paths, j=jobs: self._on_preview_finished(w, p, j))
        self._import = w
        self._busy("표의 열을 읽는 중…")
        workers.start(w)
        return True

    @Slot(int, int, str)
    def _on_preview_progress(self, done: int, total: int, path: str) -> None:
        self.progress_label.setText(f"표의 열을 읽는 중… {Path(path).name}" if path else "표의 열을 읽는 중…")

    def _on_preview_finished(self, worker, paths: list[str], jobs: int | None) -> None:
        """The tables' first rows are in: ask for the columns of each kind of table, then import."""
        self._on_import_finished()
        previews = getattr(worker, "previews", None)
        if previews is None:  # failed (said so) or never ran
            return
        if worker.cancelled():
            self.statusBar().showMessage("가져오기를 취소했습니다", 5000)
            self.importFinished.emit(None)
            return
        file_columns, skipped = self.ask_columns(previews)
        keep = [p for p in paths if str(p) not in skipped]
        if not keep:
            self.statusBar().showMessage("가져오기를 취소했습니다", 5000)
            self.importFinished.emit(None)
            return
        self._run_import(keep, False, jobs, file_columns)

    def ask_columns(self, previews) -> tuple[dict[str, dict], set[str]]:
        """A mapping dialog per kind of table (files with the same columns share one): CSV and JSONL
        always, a workbook when its text column is not recognised. Returns the mappings by path and
        the files the user chose to skip."""
        from attribution.readers import kind_of

        groups: dict[tuple, list] = {}
        for path, preview, _problem in previews:
            if preview is None:
                continue  # unreadable: the import says why
            if kind_of(path).module == "xlsx" and "text" in preview.guessed:
                continue  # a BigKinds download: recognised by name
            groups.setdefault((kind_of(path).module, preview.columns), []).append((path, preview))
        mappings: dict[str, dict] = {}
        skipped: set[str] = set()
        for members in groups.values():
            names = [p for p, _pv in members]
            dlg = ColumnMappingDialog(names, members[0][1], self)
            self.last_column_dialog = dlg
            if self.exec_dialog(dlg) == QDialog.DialogCode.Accepted:
                for p in names:
                    mappings[p] = dlg.mapping()
            else:
                skipped.update(names)
        return mappings, skipped

    def _run_import(self, paths: list[str], quiet: bool, jobs: int | None,
                    file_columns: dict[str, dict] | None = None) -> bool:
        w = workers.Worker(workers.import_job(self.db_path, list(paths), jobs=jobs, file_columns=file_columns),
                           known_errors=(StoreError, OSError))
        w.signals.progress.connect(self._on_import_progress)
        w.signals.notice.connect(self._on_import_notice)
        w.signals.result.connect(lambda report, w=w, q=quiet: self._on_import_result(report, w, q))
        w.signals.error.connect(self._on_import_error)
        w.signals.finished.connect(self._on_import_finished)
        self._import = w
        self._busy("가져오는 중…")
        workers.start(w)
        return True

    def cancel_import(self) -> None:
        if self._import is not None:
            self._import.cancel()
            self.cancel_btn.setEnabled(False)
            self.progress_label.setText("취소하는 중…")

    @Slot(int, int, str)
    def _on_import_progress(self, done: int, total: int, path: str) -> None:
        """Articles parsed of all the articles found (a spreadsheet's rows counted one by one)."""
        if total > 0:
            self.progress.setFormat(f"기사 {done:,}/{total:,}")
            self.progress.setRange(0, total)
            self.progress.setValue(done)
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
            log.warning("the sample articles are missing (%s): starting with an empty database", SAMPLES_DIR)
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
        w = workers.Worker(workers.export_job(self.db_path, path, f, ids, korean_headers=self.korean_headers()),
                           known_errors=(StoreError, OSError))
        w.signals.result.connect(lambda n, p=path, what=what: self._on_export_result(p, n, what))
        w.signals.error.connect(lambda m, known: self.message("내보내기 실패", m, "error"))
        w.signals.finished.connect(self._on_export_finished)
        self._export = w
        self.statusBar().showMessage(f"{what} 내보내는 중…")
        workers.start(w)
        return True

    def korean_headers(self) -> bool:
        """CSV column headers in Korean (the default; a setting, File menu)."""
        value = self.settings.value("export_korean_headers", True)
        return value if isinstance(value, bool) else str(value).lower() not in ("false", "0", "")

    def _on_export_result(self, path: str, n: int, what: str) -> None:
        self.statusBar().showMessage(f"{n:,}건을 {path}에 저장했습니다", 10000)
        self.message("내보내기 완료", f"{what}: 발언 {n:,}건을\n{path}\n에 저장했습니다.", "info")
        self.exportFinished.emit(path, int(n))

    @Slot()
    def _on_export_finished(self) -> None:
        self._export = None
