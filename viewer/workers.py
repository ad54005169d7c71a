"""Work that leaves the GUI thread: QRunnable + WorkerSignals, each worker opening its own Store."""
from __future__ import annotations

import logging
import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    """Signals a worker emits; live on the GUI thread, so slots run there (queued)."""

    progress = Signal(int, int, str)  # done, total, current path
    notice = Signal(str)  # news while the work goes on (e.g. it waits for another program's lock)
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
        self.value: Any = None  # the result, readable once `done` is set (for a caller that waited)
        self.failure: tuple[str, bool] | None = None  # (message, known) when fn raised

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, path: str = "") -> None:
        try:
            self.signals.progress.emit(int(done), int(total), str(path))
        except RuntimeError:  # signals object gone during shutdown
            pass

    def notify(self, message: str) -> None:
        try:
            self.signals.notice.emit(str(message))
        except RuntimeError:  # signals object gone during shutdown
            pass

    def run(self) -> None:  # noqa: D401 - Qt entry point
        try:
            value = self._fn(self)
        except self._known as exc:  # type: ignore[misc]
            self.failure = (str(exc), True)
            self.signals.error.emit(str(exc), True)
        except Exception as exc:  # a bug: keep the traceback
            log.error("worker failed:\n%s", traceback.format_exc())
            self.failure = (f"{type(exc).__name__}: {exc}", False)
            self.signals.error.emit(*self.failure)
        else:
            self.value = value
            self.signals.result.emit(value)
        finally:
            self.signals.finished.emit()
            self.done.set()  # last statement: once set, run() is as good as returned


_live: set[Worker] = set()


def start(worker: Worker, pool: QThreadPool | None = None, priority: int = 0) -> Worker:
    """Start on the global pool, keeping the runnable alive until its run() has returned.

    Owners drop their reference on `finished`, which may arrive while run() is still unwinding;
    this registry holds it until `done` is set, and is pruned at the next start.
    """
    for w in [w for w in _live if w.done.is_set()]:
        _live.discard(w)
    _live.add(worker)
    (pool or QThreadPool.globalInstance()).start(worker, priority)
    return worker


_query_pool: QThreadPool | None = None


def query_pool() -> QThreadPool:
    """Threads for read queries, apart from the global pool so a long import never queues them."""
    global _query_pool
    if _query_pool is None:
        _query_pool = QThreadPool()
        _query_pool.setMaxThreadCount(2)
    return _query_pool


def wait_queries(timeout_ms: int = 30000) -> bool:
    return _query_pool is None or _query_pool.waitForDone(timeout_ms)


# How long the GUI thread waits for its queries before it lets the results arrive later (ms), shared
# by every query started in one turn of the event loop (one keystroke re-queries speakers and
# statements). Small databases answer within it, so their views update at once; big ones never
# freeze a keystroke.
SYNC_BUDGET_MS = 50
_budget_deadline: float | None = None


def _remaining_budget() -> float:
    """Seconds left of this event-loop turn's budget (the first query of a turn starts it)."""
    global _budget_deadline
    import time

    from PySide6.QtCore import QTimer

    now = time.monotonic()
    if _budget_deadline is None:
        _budget_deadline = now + SYNC_BUDGET_MS / 1000

        def _end_turn() -> None:
            global _budget_deadline
            _budget_deadline = None

        QTimer.singleShot(0, _end_turn)
    return max(0.0, _budget_deadline - now)


class LatestQuery(QObject):
    """Read queries off the GUI thread where only the latest request counts.

    `submit(store, fn, deliver)` runs fn(Store) on a worker with its own read-only connection and
    calls deliver(value) on the GUI thread: at once if the answer comes within SYNC_BUDGET_MS,
    otherwise from the worker's queued signal. A newer submit (or cancel) makes earlier ones stale:
    they are skipped if not started yet, their SQL is interrupted if running (Store.interrupt), and
    their results dropped (a generation counter).
    In-memory stores cannot be shared with a thread and are queried in place.
    """

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._gen = 0
        self._delivered = 0
        self._deliver: Callable[[Any], None] | None = None
        self._fail: Callable[[str, bool], None] | None = None
        self._busy = False
        self._workers: set[Worker] = set()
        self._running: dict[int, Any] = {}  # generation -> the worker's Store while its query runs
        self._running_lock = threading.Lock()

    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    def cancel(self) -> None:
        self._gen += 1
        self._deliver = self._fail = None
        self._set_busy(False)
        self._interrupt_stale()

    def _interrupt_stale(self) -> None:
        """Stop the SQL of superseded queries still running (Store.interrupt is thread-safe)."""
        with self._running_lock:  # held: the worker cannot close the store meanwhile
            for g, st in self._running.items():
                if g != self._gen:
                    st.interrupt()

    def submit(self, store, fn: Callable[[Any], Any], deliver: Callable[[Any], None],
               fail: Callable[[str, bool], None] | None = None, budget_ms: int | None = None,
               priority: int = 0) -> bool:
        """Run fn(store-like) and deliver the value; True if it was delivered before returning.
        A lower `priority` waits behind queued queries of a higher one (e.g. a list's second part)."""
        self._gen += 1
        gen = self._gen
        self._deliver, self._fail = deliver, fail
        self._interrupt_stale()
        path = str(getattr(store, "path", ":memory:"))
        if path == ":memory:":
            try:
                value = fn(store)
            except Exception as exc:  # noqa: BLE001 - same contract as a worker
                log.error("query failed:\n%s", traceback.format_exc())
                self._finish(gen, None, (f"{type(exc).__name__}: {exc}", False))
            else:
                self._finish(gen, value, None)
            return True

        def job(_w: Worker):
            if gen != self._gen:  # superseded before it started: skip the query
                return gen, _STALE
            import sqlite3

            from db import Store

            own = Store.open(path, readonly=True)
            with self._running_lock:
                self._running[gen] = own
            try:
                if gen != self._gen:  # superseded while opening
                    return gen, _STALE
                return gen, fn(own)
            except sqlite3.OperationalError as exc:
                if gen != self._gen and "interrupt" in str(exc):
                    return gen, _STALE  # stopped by a newer request (Store.interrupt)
                raise
            finally:
                with self._running_lock:
                    self._running.pop(gen, None)
                own.close()

        from db import StoreError

        w = Worker(job, known_errors=(StoreError,))
        w.signals.result.connect(self._on_result)
        w.signals.error.connect(lambda msg, known, g=gen: self._on_error(g, msg, known))
        w.signals.finished.connect(lambda w=w: self._workers.discard(w))
        self._workers.add(w)
        self._set_busy(True)
        start(w, query_pool(), priority)
        budget = _remaining_budget() if budget_ms is None else budget_ms / 1000
        if budget > 0 and w.done.wait(budget):
            if w.failure is not None:
                self._finish(gen, None, w.failure)
            else:
                self._finish(gen, w.value[1], None)
            return gen == self._delivered
        return False

    @Slot(object)
    def _on_result(self, value) -> None:
        gen, v = value
        if v is not _STALE:
            self._finish(gen, v, None)

    def _on_error(self, gen: int, message: str, known: bool) -> None:
        self._finish(gen, None, (message, known))

    def _finish(self, gen: int, value: Any, failure: tuple[str, bool] | None) -> None:
        if gen != self._gen or gen == self._delivered:
            return  # stale, or already delivered synchronously
        self._delivered = gen
        deliver, fail = self._deliver, self._fail
        self._deliver = self._fail = None
        self._set_busy(False)
        if failure is not None:
            if not failure[1]:
                log.error("query failed: %s", failure[0])
            if fail is not None:
                fail(*failure)
            elif deliver is not None:
                deliver(None)
        elif deliver is not None:
            deliver(value)


_STALE = object()
def import_job(db_path: str, paths: list[str], jobs: int | None = None,
               file_columns: dict[str, dict] | None = None) -> Callable[[Worker], Any]:
    """Ingest files/folders into the database at db_path (the worker opens its own connections).

    jobs=None: one parser process for a handful of one-article files (each process costs a model load),
    every core for folders, long lists and tables (a spreadsheet holds many articles). Parsing always runs
    in processes, so an article over the time budget can be stopped without stopping the viewer.
    `file_columns`: the column mapping the user chose for each table file (by path).
    """
    if jobs is None:
        from pathlib import Path

        from attribution.readers import is_table

        few = len(paths) <= 8 and all(Path(p).is_file() and not is_table(p) for p in paths)
        jobs = 1 if few else 0

    def job(w: Worker):
        from db.ingest import ingest_paths

        return ingest_paths(
            db_path,
            [str(p) for p in paths],
            jobs=jobs,
            progress=lambda done, total, path="": w.report(done, total, path),
            cancel=w.cancelled,
            notice=w.notify,
            file_columns=file_columns,
        )

    return job


def preview_job(paths: list[str]) -> Callable[[Worker], Any]:
    """The header, first rows and recognised columns of each table file, read off the GUI thread:
    [(path, Preview or None, reason or None)]."""

    def job(w: Worker):
        from attribution.readers import ArticleReadError, preview

        out = []
        for n, path in enumerate(paths, 1):
            if w.cancelled():
                break
            try:
                out.append((path, preview(path), None))
            except ArticleReadError as exc:
                out.append((path, None, str(exc)))
            except Exception as exc:  # noqa: BLE001 - the import reports the file; the dialog just skips it
                out.append((path, None, f"{path}: {type(exc).__name__}: {exc}"))
            w.report(n, len(paths), path)
        return out

    return job


def export_job(db_path: str, out_path: str, f, quote_ids: list[int] | None,
               korean_headers: bool = False) -> Callable[[Worker], Any]:
    """Write quotes to CSV through a Store opened in the worker thread."""

    def job(w: Worker):
        from db import Store

        store = Store.open(db_path, readonly=True)
        try:
            return store.export_csv(out_path, f, quote_ids=quote_ids, korean_headers=korean_headers)
        finally:
            store.close()

    return job


def history_job(db_path: str, out_path: str, korean_headers: bool = True) -> Callable[[Worker], Any]:
    """Write the correction history to CSV through a Store opened in the worker thread."""

    def job(w: Worker):
        from db import Store

        store = Store.open(db_path, readonly=True)
        try:
            return store.export_history_csv(out_path, korean_headers=korean_headers)
        finally:
            store.close()

    return job
