"""Work that leaves the GUI thread: QRunnable + WorkerSignals, each worker opening its own Store."""
from __future__ import annotations

import logging
import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    """Signals a worker emits; live on the GUI thread, so slots run there (queued)."""

    progress = Signal(int, int, str)  # done, total, current path
    result = Signal(object)
    error = Signal(str, bool)  # message, known (True = environmental, show plainly)
    finished = Signal()


class Worker(QRunnable):
    """Run `fn(worker)` off the GUI thread; `fn` may call worker.report() and poll worker.cancelled()."""

    def __init__(self, fn: Callable[["Worker"], Any], known_errors: tuple[type[BaseException], ...] = ()):
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps a reference until `finished`
        self.signals = WorkerSignals()
        self._fn = fn
        self._known = known_errors
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, path: str = "") -> None:
        try:
            self.signals.progress.emit(int(done), int(total), str(path))
        except RuntimeError:  # signals object gone during shutdown
            pass

    def run(self) -> None:  # noqa: D401 - Qt entry point
        try:
            value = self._fn(self)
        except self._known as exc:  # type: ignore[misc]
            self.signals.error.emit(str(exc), True)
        except Exception as exc:  # a bug: keep the traceback
            log.error("worker failed:\n%s", traceback.format_exc())
            self.signals.error.emit(f"{type(exc).__name__}: {exc}", False)
        else:
            self.signals.result.emit(value)
        finally:
            self.signals.finished.emit()
            self.done.set()  # last statement: once set, run() is as good as returned


_live: set[Worker] = set()


def start(worker: Worker) -> Worker:
    """Start on the global pool, keeping the runnable alive until its run() has returned.

    Owners drop their reference on `finished`, which may arrive while run() is still unwinding;
    this registry holds it until `done` is set, and is pruned at the next start.
    """
    for w in [w for w in _live if w.done.is_set()]:
        _live.discard(w)
    _live.add(worker)
    QThreadPool.globalInstance().start(worker)
    return worker


def import_job(db_path: str, paths: list[str], jobs: int | None = None) -> Callable[[Worker], Any]:
    """Ingest files/folders into the database at db_path (the worker opens its own connections).

    jobs=None: parse in this thread for a handful of files (parser processes cost a model load
    each), on all cores for folders and long lists.
    """
    if jobs is None:
        from pathlib import Path

        few = len(paths) <= 8 and all(Path(p).is_file() for p in paths)
        jobs = 1 if few else 0

    def job(w: Worker):
        from db.ingest import ingest_paths

        return ingest_paths(
            db_path,
            [str(p) for p in paths],
            jobs=jobs,
            progress=lambda done, total, path="": w.report(done, total, path),
            cancel=w.cancelled,
        )

    return job


def export_job(db_path: str, out_path: str, f, quote_ids: list[int] | None) -> Callable[[Worker], Any]:
    """Write quotes to CSV through a Store opened in the worker thread."""

    def job(w: Worker):
        from db import Store

        store = Store.open(db_path, readonly=True)
        try:
            return store.export_csv(out_path, f, quote_ids=quote_ids)
        finally:
            store.close()

    return job
