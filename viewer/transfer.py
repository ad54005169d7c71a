"""Articles in and quotes out: import (files, folders, drag and drop, the first-run samples) and
CSV export of the current view, each in a worker with its own connections. A mixin of MainWindow."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFileDialog

from attribution.resources import resource_path
from db import QuoteFilter, StoreError

from . import workers
from .dialogs import ImportSummary

log = logging.getLogger(__name__)

SAMPLES_DIR = resource_path("samples")


class TransferMixin:
    """Import and export commands of MainWindow."""

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
