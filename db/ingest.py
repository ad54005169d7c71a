"""Ingest: article files in, parsed articles stored; all cores parse, one process writes.

Files of every format `attribution.readers` knows are taken: a file that is one article (text, PDF,
HWP/HWPX, Word, a web page) is read in a worker process, under the time budget; a spreadsheet or corpus
file (BigKinds XLSX, CSV, JSONL) is read here, row by row, and each row is its own task, stored,
deduplicated and reported on its own (a bad row costs only itself; its label names the row).

Worker processes read, hash and parse articles, one at a time each, and send back plain dicts
(`article_record`); a writer thread in the parent stores them while the workers go on, many articles
per transaction (`db/writing.py`; the write lock is held only while writing, so a viewer on the same
file keeps saving corrections). A killed ingest therefore leaves only whole articles, and the next
run skips what is stored (same content hash) and adds the rest. An article SQLite refuses (a value
it cannot hold) rolls its batch back; the batch is then written one article at a time, and only
that article fails. A file that takes longer than the time budget to parse, or that crashes its
process, is reported as failed and its process replaced; the batch goes on.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import threading
import time
import zlib
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping, Sequence

if TYPE_CHECKING:
    from attribution import ParsedArticle
from .store import DatabaseLocked, Store, StoreError, content_hash
from .writing import PreparedArticle, prepare_article

# Plain text files. Folders give files of every format attribution.readers reads (`article_suffixes`);
# a file named explicitly is always tried, whatever its name.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
# Parsed-result shards taken from folders by `ingest --parsed` (db/distributed.py writes them).
SHARD_SUFFIXES = (".jsonl", ".jsonl.gz")
# A write starts when this many articles wait or the oldest has waited this long, and takes at most
# MAX_BATCH_ARTICLES (a fraction of a second under the write lock).
COMMIT_EVERY_ARTICLES = 64
COMMIT_EVERY_SECONDS = 1.0
MAX_BATCH_ARTICLES = 512
# The writer's page cache (the index pages a batch touches stay in memory for the next: 64 MB write
# parsed shards ~20% faster than 2) and the size of the WAL at which it copies the pages into the
# database (Store.tune_for_bulk_writes). Behind parsers the writer idles: a small cache leaves the
# memory to them.
WRITER_CACHE_MB = 64
WRITER_CACHE_MB_BEHIND_PARSERS = 16
WRITER_WAL_MB = 64

# What one parser process holds: Kiwi's model (~340 MB resident) and the parser around it.
WORKER_MB = 400
# Seconds one file may take to read and parse (after its process has loaded the parser): a file
# over it is reported as failed and its process killed and replaced. An article of 1 MB parses in
# a few seconds; only hostile shapes (hundreds of thousands of quote marks, quotes nested
# thousands deep) come near it.
FILE_TIME_BUDGET_S = 30.0
# Seconds a new parser process may take to load Kiwi's model and the word lists.
WORKER_START_TIMEOUT_S = 300.0

Progress = Callable[[int, int], None]
# Column mappings of tables (field -> column name; see attribution.readers.columns).
Columns = Mapping[str, "str | None"]
Parse = Callable[[str], "ParsedArticle"]
Cancel = Callable[[], bool]
Notice = Callable[[str], None]


@dataclass
class IngestReport:
    added: int = 0
    skipped: int = 0  # already in the database (same content hash)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    quotes: int = 0  # quotes added
    cancelled: bool = False
    # `ingest_parsed`: records read per parser that made them ("parser V, word lists L"); more than one
    # key means the shards mix parser versions.
    parsers: dict[str, int] = field(default_factory=dict)
    write_seconds: float = 0.0  # how long the writer was writing (the rest of the run it waited for articles)

    @property
    def total(self) -> int:
        return self.added + self.skipped + len(self.failed)


# ---------------------------------------------------------------------------------------------
# Finding files


def article_suffixes() -> frozenset[str]:
    """The file names folders are searched for: every format attribution.readers reads."""
    from attribution.readers import SUFFIXES

    return SUFFIXES


def iter_article_files(
    paths: Iterable[str | Path],
    errors: list[tuple[str, str]] | None = None,
    suffixes: Iterable[str] | None = None,
) -> Iterator[Path]:
    """Files named in `paths` and files ending in one of `suffixes` inside named folders
    (recursively, case-insensitive; default: every format Balheon reads), each once.

    Hidden files and folders (starting with '.') inside folders are skipped; symlinked folders are
    followed but a folder reached twice (a symlink loop) is visited once. Paths that do not exist
    are reported in `errors`.
    """
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    wanted = tuple(x.lower() for x in (article_suffixes() if suffixes is None else suffixes))

    def once(p: Path, seen: set) -> bool:
        try:
            st = p.stat()
        except OSError:
            return True
        key = (st.st_dev, st.st_ino)
        if key in seen:
            return False
        seen.add(key)
        return True

    for raw in paths:
        top = Path(raw).expanduser()
        if top.is_dir():
            if not once(top, seen_dirs):
                continue
            for dirpath, dirnames, filenames in os.walk(top, followlinks=True, onerror=_walk_error(errors)):
                keep = []
                for d in sorted(dirnames):
                    sub = Path(dirpath) / d
                    if not d.startswith(".") and once(sub, seen_dirs):
                        keep.append(d)
                dirnames[:] = keep
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    f = Path(dirpath) / name
                    if name.lower().endswith(wanted) and f.is_file() and once(f, seen_files):
                        yield f
        elif top.exists():
            if once(top, seen_files):
                yield top
        elif errors is not None:
            errors.append((str(top), "no such file or folder"))


def _walk_error(errors):
    def report(exc: OSError) -> None:
        if errors is not None:
            errors.append((str(exc.filename), f"cannot read the folder ({exc.strerror or exc})"))

    return report


# ---------------------------------------------------------------------------------------------
# Worker side: plain dicts in, plain dicts out


def article_record(path: str | Path, parse: Parse | None = None) -> dict:
    """Read, parse and describe one article file (text, PDF, HWP/HWPX, Word, a web page) as the dict
    stored by `ingest_parsed` (JSON-ready).

    {"source_path", "content_hash", "text", "meta": {...}, "quotes": [Quote.to_dict() without "morphs"],
    "warnings": [...]}. Raises attribution.ArticleReadError for a file that cannot be read (and for a
    spreadsheet or corpus file, which holds many articles: `work_items` reads those).
    """
    from attribution.readers import read_document

    found = read_document(path)
    return record_from_text(found.text, source_path=str(path), parse=parse, meta=found.meta(),
                            warnings=found.warnings)


def record_from_text(raw: str, source_path: str | None = None, parse: Parse | None = None,
                     meta: Mapping[str, object] | None = None, warnings: Sequence[str] = ()) -> dict:
    """`article_record` for text already read; `parse` defaults to attribution.parse_text. `meta` is what
    the article's format said about it (attribution.readers.Record.meta()): it wins over what
    extract_metadata guesses from the text; `warnings` (what the reader left out) come first."""
    from attribution.metadata import extract_metadata

    if parse is None:
        import attribution

        parse = attribution.parse_text
    parsed = parse(raw)
    quotes = []
    for q in parsed.quotes:
        d = q.to_dict()
        d.pop("morphs", None)  # the store indexes the quote's text itself (db/search.py)
        quotes.append(d)
    return {
        "source_path": source_path,
        "content_hash": content_hash(raw),
        "text": parsed.text,
        "meta": {**extract_metadata(parsed.text).to_dict(), **{k: v for k, v in (meta or {}).items() if v is not None}},
        "quotes": quotes,
        "warnings": [*warnings, *parsed.warnings],
    }


@lru_cache(maxsize=1)
def parser_version() -> str:
    """Which parser this is: the package version, a digest of the parser's source files and Kiwi's
    version (`0.1.0+3f2a…kiwi0.24.1`). The same version with the same word lists gives the same quotes,
    from a source checkout or from a wheel."""
    import importlib.metadata
    import importlib.resources

    digest = hashlib.sha256()
    for entry in sorted(importlib.resources.files("attribution").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")

    def version(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "0"

    return f"{version('balheon')}+{digest.hexdigest()[:12]}.kiwi{version('kiwipiepy')}"


def lexicon_hash() -> str:
    """A digest of the word lists the parser reads (every *.tsv of `attribution.lexicon.lexicon_dir()`)."""
    from attribution.lexicon import lexicon_dir
    from attribution.resources import LexiconError

    digest = hashlib.sha256()
    for path in sorted(lexicon_dir().glob("*.tsv")):
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError as exc:
            raise LexiconError(path, exc.strerror or str(exc)) from None
    return digest.hexdigest()[:16]


def parser_stamp() -> dict[str, str]:
    """{"parser_version", "lexicon_hash"}: what a parsed record is stamped with. Loads the word lists
    first, so a missing or unreadable one raises attribution.resources.LexiconError here, before any
    file is parsed."""
    from attribution import lexicon, stance

    lexicon.load()
    stance.default_lexicons()
    return {"parser_version": parser_version(), "lexicon_hash": lexicon_hash()}


def parser_label(record: dict) -> str:
    """How `ingest --parsed` names the parser of a record in its warning."""
    if not record.get("parser_version"):
        return "no parser version recorded"
    return f"parser {record['parser_version']}, word lists {record.get('lexicon_hash') or '?'}"


_worker_store: Store | None = None
_worker_db: str | None = None
_worker_parse: Parse | None = None

# Parsed once by each parser process before it takes work, so that loading Kiwi's model and the
# word lists (seconds) is not counted against the first file's time budget.
_WARM_UP_TEXT = "김하늘 한빛전자 대표는 “준비가 끝났다”고 말했다."


def _worker_state(db_path: str | None, parse: Parse | None = None) -> None:
    """Which database to check for stored articles, and which parse function to use."""
    global _worker_db, _worker_parse, _worker_store
    if _worker_store is not None:
        _worker_store.close()
        _worker_store = None
    _worker_db = db_path
    _worker_parse = parse


def _already_stored(digest: str) -> bool:
    global _worker_store
    if _worker_db is None:
        return False
    try:
        if _worker_store is None:
            _worker_store = Store.open(_worker_db, readonly=True)
        return _worker_store.has_article(digest)
    except StoreError:
        return False


def _work(item: str | dict, stored: Callable[[str], bool] = _already_stored, parse: Parse | None = None) -> dict:
    """One article: {"record": ...}, {"skipped": True} or {"error": reason}, each with "path" (the label
    reports use); never raises. `item` is the path of a file that is one article (read here, under the
    time budget), or a row a table gave (`work_items`): {"path": label, "source_path", "text", "meta", "warnings"}.
    """
    from attribution import ArticleReadError

    if isinstance(item, dict):
        path, source = item["path"], item.get("source_path")
        raw, meta, warnings = item["text"], item.get("meta"), item.get("warnings") or ()
    else:
        from attribution.readers import read_document

        path = source = item
        try:
            found = read_document(path)
        except ArticleReadError as exc:
            return {"path": path, "error": _reason(exc, path)}
        except Exception as exc:  # noqa: BLE001 - reported per file, the run goes on
            return {"path": path, "error": f"cannot read: {type(exc).__name__}: {exc}"}
        raw, meta, warnings = found.text, found.meta(), found.warnings
    if not raw.strip():
        return {"path": path, "error": "empty file (no text)"}
    try:
        if stored(content_hash(raw)):
            return {"path": path, "skipped": True}
        record = record_from_text(raw, source_path=source, parse=parse or _worker_parse, meta=meta, warnings=warnings)
        return {"path": path, "record": record}
    except Exception as exc:  # noqa: BLE001
        return {"path": path, "error": f"parser error: {type(exc).__name__}: {exc}"}


def _reason(exc: BaseException, path: str) -> str:
    """A reader's message without the file name in front (reports put the name first)."""
    reason = str(exc)
    return reason[len(path) + 2 :] if reason.startswith(path + ": ") else reason


def count_articles(path: str, columns: Columns | None = None) -> int:
    """How many articles the file holds: 1, or the rows of a spreadsheet or corpus file (read here; raises
    attribution.ArticleReadError when the table cannot be read, e.g. it has no column of text)."""
    from attribution.readers import count_records, is_table

    return count_records(path, columns) if is_table(path) else 1


def work_items(path: str, columns: Columns | None = None,
               failed: Callable[[str, str], None] | None = None) -> Iterator[tuple[str, str | dict]]:
    """(label, item) for `_work`: the path itself for a file that is one article; for a spreadsheet or
    corpus file one item per row, read here as the rows are needed (label "FILE, row N"). A row that cannot
    be read, or the rest of a table that turns unreadable, goes to `failed(label, reason)` instead."""
    from attribution.readers import ArticleReadError, is_table, read_records

    if not is_table(path):
        yield path, path
        return
    last = None
    try:
        for found in read_records(path, columns):
            last = found.row
            label = found.label(path)
            if found.error is not None:
                if failed is not None:
                    failed(label, found.error)
                continue
            yield label, {"path": label, "source_path": path, "text": found.text, "meta": found.meta(),
                          "warnings": list(found.warnings)}
    except ArticleReadError as exc:
        if failed is not None:
            failed(path, _reason(exc, path) + (f" (the rows after row {last} were not read)" if last else ""))
    except Exception as exc:  # noqa: BLE001 - a damaged table costs its rows from here on, not the run
        if failed is not None:
            failed(path, f"cannot read: {type(exc).__name__}: {exc}" + (f" (the rows after row {last} were not read)"
                                                                         if last else ""))


def _reparse_one(item: tuple[int, str]) -> tuple[int, list[dict] | None, str | None]:
    """One stored article: (id, its quotes now, None) or (id, None, reason); never raises."""
    article_id, text = item
    try:
        return article_id, record_from_text(text, parse=_worker_parse)["quotes"], None
    except Exception as exc:  # noqa: BLE001
        return article_id, None, f"parser error: {type(exc).__name__}: {exc}"


def _worker_main(conn: Connection, task: Callable[[object], object], db_path: str | None, parse: Parse | None) -> None:
    """A parser process: warm up, say "ready", then answer one item at a time until told to stop.

    The parent (the only one that handles Ctrl+C) sends items and kills a worker that overruns the
    time budget; a worker whose parent is gone stops at its next message."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_state(db_path, parse)
    with contextlib.suppress(Exception):  # a parser that fails here fails on the real file, and says so there
        (parse or _default_parse())(_WARM_UP_TEXT)
    try:
        conn.send(_READY)
        while True:
            item = conn.recv()
            if item is None:
                return
            conn.send(task(item))
    except (EOFError, OSError):  # the parent went away
        return


def _default_parse() -> Parse:
    import attribution

    return attribution.parse_text


def default_jobs() -> int:
    """Parser processes when none are asked for: every core, but no more than half the machine's
    memory holds (each process loads its own Kiwi model, WORKER_MB): 2 on a 2-core laptop, 8 on an
    8-core 16 GB one, 5 on an 8-core 4 GB one."""
    cores = os.cpu_count() or 1
    try:
        total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    except (AttributeError, ValueError, OSError):  # not on this platform: cores alone
        return cores
    return max(1, min(cores, int(total_mb / 2 // WORKER_MB)))


# ---------------------------------------------------------------------------------------------
# Parent side: parser processes with a time budget per item

_READY = "ready"
# Items a parser process holds at once: the one it parses and the next, so that it never waits for
# the parent between two files. The clock of the next starts when the answer for the first arrives.
_IN_FLIGHT = 2


@dataclass
class _Slot:
    proc: BaseProcess
    conn: Connection
    ready: bool = False
    items: deque = field(default_factory=deque)  # (label, item) sent, in order; the first is being parsed
    since: float = field(default_factory=time.monotonic)  # start of the process, then of its first item


class _ParserPool:
    """Parser processes that take items in order, so the parent knows which item each one is parsing
    and since when. A process past the time budget is killed and replaced, as is one that dies
    (a crash in native code): either way only the item it was on is lost (and reported); the items
    it held next go back to the queue."""

    def __init__(self, jobs: int, task: Callable[[object], object], db_path: str | None, parse: Parse | None,
                 budget: float, in_flight: int = _IN_FLIGHT) -> None:
        self.jobs = max(1, jobs)
        self.budget = budget
        # Items sent to a process before its answers are read: 1 when items are big (chunks of shard
        # lines), or the parent's send would wait for a process that waits to send its answer.
        self.in_flight = in_flight
        self._args = (task, db_path, parse)
        self._context = get_context("spawn")  # fork is unsafe in a process with threads (the viewer)
        self._slots: list[_Slot] = []
        self._queue: deque[tuple[str, object]] = deque()
        self._start_failures = 0

    def _spawn(self) -> None:
        here, there = self._context.Pipe()
        proc = self._context.Process(target=_worker_main, args=(there, *self._args), daemon=True)
        proc.start()
        there.close()
        self._slots.append(_Slot(proc, here))

    def _drop(self, slot: _Slot) -> None:
        """Stop the slot's process; the items it held but had not started go back to the queue."""
        self._slots.remove(slot)
        if slot.proc.is_alive():
            slot.proc.kill()
        slot.proc.join(timeout=5)
        slot.conn.close()
        self._queue.extendleft(reversed(slot.items))
        slot.items.clear()

    def run(
        self,
        items: Iterable[tuple[str, object]],
        done: Callable[[object], None],
        failed: Callable[[str, str], None],
        cancel: Cancel | None = None,
        idle: Callable[[], None] | None = None,
    ) -> bool:
        """Parse `items` ((label, item) pairs): done(answer) for each answer, failed(label, reason) for an
        item whose process overran the budget or died. True if `cancel()` stopped the run."""
        source = iter(items)
        queue = self._queue  # the next items, read from `items` as needed
        while True:
            while len(queue) < self.jobs * self.in_flight and (item := next(source, None)) is not None:
                queue.append(item)
            held = sum(len(s.items) for s in self._slots)
            if not queue and not held:
                return False
            while len(self._slots) < min(self.jobs, len(queue) + held):
                self._spawn()
            for slot in self._slots:
                while slot.ready and len(slot.items) < self.in_flight and queue:
                    if not slot.items:
                        slot.since = time.monotonic()
                    slot.items.append(queue.popleft())
                    with contextlib.suppress(OSError):  # a process that died is found below
                        slot.conn.send(slot.items[-1][1])
            ready = set(wait([s.conn for s in self._slots] + [s.proc.sentinel for s in self._slots], timeout=0.25))
            for slot in list(self._slots):
                self._look_at(slot, slot.conn in ready or slot.proc.sentinel in ready, done, failed, cancel)
            if idle is not None:
                idle()
            if cancel is not None and cancel():
                return True

    def _look_at(self, slot: _Slot, woke: bool, done, failed, cancel: Cancel | None = None) -> None:
        """Take the slot's answers (none after `cancel()`: the run stops); replace its process if it
        died or overran the budget."""
        try:
            while woke and slot.conn.poll() and not (cancel is not None and slot.ready and cancel()):
                answer = slot.conn.recv()
                if answer == _READY and not slot.ready:
                    slot.ready, self._start_failures = True, 0
                else:
                    slot.items.popleft()
                    done(answer)
                slot.since = time.monotonic()  # the next item starts now
        except (EOFError, OSError):  # died: its sentinel says so
            pass
        if woke and not slot.proc.is_alive():
            if slot.items:
                failed(slot.items.popleft()[0], "the parser process crashed on this file")
            elif not slot.ready:
                self._start_failures += 1
                if self._start_failures >= 3:
                    raise StoreError(f"The parser processes could not start (exit code {slot.proc.exitcode}); "
                                     "see the messages above.")
            self._drop(slot)
        elif slot.items and time.monotonic() - slot.since > self.budget:
            failed(slot.items.popleft()[0], f"parsing took longer than {self.budget:g} s, the time allowed per "
                                            "file; not stored (the rest of the batch went on)")
            self._drop(slot)
        elif not slot.ready and time.monotonic() - slot.since > WORKER_START_TIMEOUT_S:
            raise StoreError(f"A parser process did not start within {WORKER_START_TIMEOUT_S:g} s.")

    def close(self) -> None:
        """Stop every process: those still parsing are killed (their articles were never written)."""
        for slot in self._slots:
            if not slot.items:
                with contextlib.suppress(OSError):
                    slot.conn.send(None)
        deadline = time.monotonic() + 5
        for slot in list(self._slots):
            if slot.items:
                slot.proc.kill()
            slot.proc.join(timeout=max(0.0, deadline - time.monotonic()))
            self._drop(slot)
        self._queue.clear()


@contextlib.contextmanager
def _parser_pool(jobs: int, task, db_path: str | None, parse: Parse | None, budget: float,
                 in_flight: int = _IN_FLIGHT) -> Iterator[_ParserPool]:
    pool = _ParserPool(jobs, task, db_path, parse, budget, in_flight)
    try:
        yield pool
    finally:
        pool.close()


class _Writer:
    """The single writer: a thread that stores what the parsers (or the shard readers) hand it, while
    they go on. Neither waits for the other: `add` only queues, and the thread writes whatever has
    queued up as soon as it is free.

    Each write is one transaction of at most MAX_BATCH_ARTICLES articles (`Store.add_prepared`: an
    article is stored whole or not at all), started when COMMIT_EVERY_ARTICLES are waiting or the
    oldest has waited COMMIT_EVERY_SECONDS. The write lock is held only while writing, never while
    waiting for a parser, so a viewer open on the same database can save corrections meanwhile. When
    another program holds the lock longer than the busy timeout, everything queued stays in memory
    (parsing goes on) and is written when the lock frees; `notice` says so once per wait. Notices
    and errors reach the caller on its own thread, from `tick`, `add` and `finish`.
    """

    def __init__(self, store_path: str | Path | None, report: IngestReport, notice: Notice | None = None,
                 cache_mb: int = WRITER_CACHE_MB) -> None:
        self.report = report
        self._cache_mb = cache_mb
        self.notice = notice
        self._cond = threading.Condition()
        self._queue: deque[tuple[object, str]] = deque()  # (record dict or PreparedArticle, label)
        self._since = 0.0  # when the oldest queued item came
        self._closing = False  # finish(): write what is queued, then stop
        self._stopped = False  # discard(): stop at once, drop what is queued
        self._waiting = False  # another program holds the lock
        self._error: BaseException | None = None
        self._notices: list[str] = []
        self._opened = threading.Event()
        self.store: Store | None = None
        self._thread = threading.Thread(target=self._run, args=(store_path,), name="balheon-writer", daemon=True)
        self._thread.start()
        self._opened.wait()
        if self._error is not None:
            self._thread.join()
            raise self._error

    # -- the caller's side ----------------------------------------------------------------------

    def add(self, item: object, label: str) -> None:
        """Queue a record (an `article_record` dict) or a PreparedArticle to be written."""
        with self._cond:
            if not self._queue:
                self._since = time.monotonic()
            self._queue.append((item, label))
            self._cond.notify()
        self.tick()

    def backlog(self) -> int:
        """Articles queued and not yet written."""
        return len(self._queue)

    def tick(self) -> None:
        """Deliver the writer's notices here, on the caller's thread; raise the error that stopped it."""
        if self._notices:
            with self._cond:
                notices, self._notices = self._notices, []
            for message in notices:
                if self.notice is not None:
                    self.notice(message)
        if self._error is not None:
            raise self._error

    def finish(self, cancel: Cancel | None = None) -> None:
        """Write what is queued and stop, waiting as long as another program holds the lock (or
        until `cancel()`: then what is not written is dropped, and parsed again next time)."""
        with self._cond:
            self._closing = True
            self._cond.notify()
        while self._thread.is_alive():
            self._thread.join(0.1)
            self.tick()
            if self._waiting and cancel is not None and cancel():
                self.report.cancelled = True
                self.discard()
        self.tick()

    def discard(self) -> None:
        """Stop without writing what is queued (Ctrl+C, an error): those files are parsed again next time.
        A write under way ends first (whole, or rolled back if it was waiting for the lock)."""
        with self._cond:
            self._stopped = True
            self._queue.clear()
            self._cond.notify()
        if self.store is not None:
            self.store.interrupt()  # a wait for another program's lock ends now
        if self._thread is not threading.current_thread():
            self._thread.join()

    # -- the writer thread -----------------------------------------------------------------------

    def _run(self, store_path: str | Path | None) -> None:
        try:
            self.store = Store.open(store_path)
            self.store.tune_for_bulk_writes(self._cache_mb, WRITER_WAL_MB)
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
            if self.store is not None:
                self.store.close()
            self._error = exc
            self._opened.set()
            return
        self._opened.set()
        try:
            while True:
                batch = self._next_batch()
                if batch is None:
                    return
                if not self._write(batch):
                    with self._cond:  # locked: back to the front of the queue, in order
                        if not self._stopped:
                            self._queue.extendleft(reversed(batch))
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
            if not self._stopped:
                self._error = exc
        finally:
            self.store.close()

    def _next_batch(self) -> list[tuple[object, str]] | None:
        """Wait until a batch is due; None when it is time to stop."""
        with self._cond:
            while True:
                if self._stopped or (self._closing and not self._queue):
                    return None
                if self._queue:
                    due = self._since + COMMIT_EVERY_SECONDS - time.monotonic()
                    if self._closing or self._waiting or len(self._queue) >= COMMIT_EVERY_ARTICLES or due <= 0:
                        break
                    self._cond.wait(due)
                else:
                    self._cond.wait()
            n = min(len(self._queue), MAX_BATCH_ARTICLES)
            batch = [self._queue.popleft() for _ in range(n)]
            self._since = time.monotonic()
            return batch

    def _write(self, batch: list[tuple[object, str]]) -> bool:
        """Write one batch; False (nothing written) while another program holds the write lock."""
        started = time.perf_counter()
        try:
            return self._write_batch(batch)
        finally:
            self.report.write_seconds += time.perf_counter() - started

    def _write_batch(self, batch: list[tuple[object, str]]) -> bool:
        ready: list[tuple[PreparedArticle, str]] = []
        failed: list[tuple[str, str]] = []
        for item, label in batch:
            if isinstance(item, PreparedArticle):
                ready.append((item, label))
                continue
            try:
                ready.append((_prepare_record(item), label))
            except (KeyError, TypeError, ValueError) as exc:
                failed.append((label, f"bad parsed record: {type(exc).__name__}: {exc}"))
        try:
            try:
                ids = self.store.add_prepared([p for p, _ in ready])
            except _UNSTORABLE:
                # A value SQLite refuses (text that is not valid Unicode, a number it cannot hold):
                # the whole batch was rolled back, so each article is written alone and only the bad
                # one fails.
                ids = self._write_one_by_one(ready, failed)
        except DatabaseLocked as exc:
            if not self._waiting:
                self._say(f"{exc} Waiting for it: the {len(batch) + len(self._queue)} article(s) parsed so far "
                          "are kept and will be stored when it is free.")
            self._waiting = True
            return False
        if self._waiting:
            self._say(f"The database {self.store.path} is free again; storing goes on.")
        self._waiting = False
        added = [p for (p, _), i in zip(ready, ids) if i is not None and i is not _FAILED]
        skipped = sum(1 for i in ids if i is None)
        with self._cond:  # counted only once committed: an interrupted batch was never stored
            self.report.added += len(added)
            self.report.skipped += skipped
            self.report.quotes += sum(len(p.quotes) for p in added)
            self.report.failed += failed
        return True

    def _write_one_by_one(self, ready: list[tuple[PreparedArticle, str]], failed: list[tuple[str, str]]) -> list:
        """Each article in its own transaction: its id, None (stored already) or _FAILED (listed in
        `failed`). A lock taken by another program mid-way leaves the rest for the next try (those
        written are then found stored, and skipped)."""
        ids: list = []
        for prepared, label in ready:
            try:
                ids.append(self.store.add_prepared([prepared])[0])
            except _UNSTORABLE as exc:
                failed.append((label, f"cannot be stored: {type(exc).__name__}: {exc}"))
                ids.append(_FAILED)
        return ids

    def counting(self):
        """The lock under which the writer thread updates the report's counts."""
        return self._cond

    def _say(self, message: str) -> None:
        with self._cond:
            self._notices.append(message)


# What a record can hold that SQLite refuses when it is written: text with lone surrogates, a whole
# number beyond 64 bits, a NaN where a value is required. Such an article fails alone.
_UNSTORABLE = (UnicodeEncodeError, OverflowError, sqlite3.IntegrityError, sqlite3.InterfaceError)
_FAILED = object()  # an article of a batch that could not be stored


def _prepare_record(record: dict) -> PreparedArticle:
    """An `article_record` dict as the store writes it (KeyError/TypeError/ValueError if it cannot be)."""
    return prepare_article(
        source_path=record.get("source_path"),
        text=record["text"],
        meta=record.get("meta") or {},
        quotes=record.get("quotes") or [],
        content_hash=record.get("content_hash"),
        warnings=record.get("warnings") or (),
    )


@contextlib.contextmanager
def _writing(store_path: str | Path | None, report: IngestReport, notice: Notice | None = None,
             cancel: Cancel | None = None, cache_mb: int = WRITER_CACHE_MB) -> Iterator[_Writer]:
    """A writer on the database at `store_path`: what it has queued is written at the end (waiting for
    the lock if need be), dropped on an exception or Ctrl+C (those files are parsed again next
    time); its store is closed."""
    writer = _Writer(store_path, report, notice, cache_mb)
    try:
        yield writer
        writer.finish(cancel)
    except BaseException:
        writer.discard()
        raise


def _handle(result: dict, writer: _Writer, report: IngestReport) -> None:
    if "error" in result:
        report.failed.append((result["path"], result["error"]))
    elif result.get("skipped"):
        with writer.counting():  # the writer thread counts into the same report
            report.skipped += 1
    else:
        writer.add(result["record"], result["path"])


def ingest_paths(
    store_path: str | Path | None,
    paths: Sequence[str | Path],
    jobs: int = 0,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    parse: Parse | None = None,
    budget: float = FILE_TIME_BUDGET_S,
    notice: Notice | None = None,
    columns: Columns | None = None,
    file_columns: Mapping[str, Columns] | None = None,
) -> IngestReport:
    """Parse files and folders into the database at `store_path` (None: the default one).

    Articles are parsed in `jobs` processes (0: `default_jobs()`, every core as memory allows), one
    article at a time each: one that takes longer than `budget` seconds is reported as failed and
    its process replaced, while the rest of the batch goes on. A spreadsheet or corpus file gives one
    article per row, each parsed, stored and reported on its own; `columns` maps the fields of such
    tables to their columns (text, title, date, outlet, author, url, id; by default recognised from the
    header), `file_columns` does so for one file (by its path; it wins over `columns`).
    `progress(done, total)` is called after each article (total counts articles, the rows of tables
    included); `cancel()` is polled and stops the run early (what was written stays);
    `notice(message)` hears when the run waits for another program's write lock.
    `parse` replaces attribution.parse_text (a module-level function, so worker processes can
    import it; by default the one `attribution.parse_text` names when the run starts).
    Raises StoreError if the database cannot be opened or written.
    """
    from attribution import ArticleReadError
    from attribution.readers import is_table

    report = IngestReport()
    files: list[str] = []
    done = 0
    by_file = {str(Path(k).expanduser()): v for k, v in (file_columns or {}).items()}

    def mapping(path: str) -> Columns | None:
        return by_file.get(path, columns)

    with _writing(store_path, report, notice, cancel, WRITER_CACHE_MB_BEHIND_PARSERS) as writer:
        for path in iter_article_files(paths, report.failed):
            if writer.store.owns_file(path):  # never read the database (or its WAL) as an article
                report.failed.append((str(path), "this is the database itself, not an article"))
            else:
                files.append(str(path))
        # Tables are counted first, so that the progress counts articles; one that cannot be read is
        # reported here, once.
        plan: list[str] = []
        total = 0
        tables: set[str] = set()
        for path in files:
            if cancel is not None and cancel():
                report.cancelled = True
                return report
            if is_table(path):
                try:
                    n = count_articles(path, mapping(path))
                except ArticleReadError as exc:
                    report.failed.append((path, _reason(exc, path)))
                    continue
                except Exception as exc:  # noqa: BLE001 - reported per file, the run goes on
                    report.failed.append((path, f"cannot read: {type(exc).__name__}: {exc}"))
                    continue
                tables.add(path)
                total += n
            else:
                total += 1
            plan.append(path)

        def step(result: dict) -> None:
            nonlocal done
            _handle(result, writer, report)
            done += 1
            if progress is not None:
                progress(done, max(total, done))

        def lost(path: str, reason: str) -> None:
            step({"path": path, "error": reason})

        def unreadable(label: str, reason: str) -> None:
            if label in tables:  # the rest of a table: no article of its own
                report.failed.append((label, reason))
            else:
                lost(label, reason)

        def items() -> Iterator[tuple[str, str | dict]]:
            for path in plan:
                yield from work_items(path, mapping(path), unreadable)

        jobs = jobs if jobs and jobs > 0 else default_jobs()
        with _parser_pool(jobs, _work, str(writer.store.path), parse or _default_parse(), budget) as pool:
            report.cancelled = pool.run(items(), step, lost, cancel, idle=writer.tick)
        if progress is not None and done != total and not report.cancelled:
            progress(done, done)  # a table read fewer rows than counted (it changed, or turned unreadable)
    return report


# ---------------------------------------------------------------------------------------------
# Re-parsing stored articles (after a parser upgrade)


def reparse_articles(
    store_path: str | Path | None,
    jobs: int = 0,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    parse: Parse | None = None,
    budget: float = FILE_TIME_BUDGET_S,
) -> IngestReport:
    """Parse every stored article again, keeping the quotes users confirmed or corrected.

    `added` counts articles re-parsed, `quotes` the parser quotes they now have; failures (a parser
    error, an article over the time budget) leave the article's old quotes in place.
    """
    report = IngestReport()
    store = Store.open(store_path)
    try:
        ids = store.article_ids()

        def handle(answer: tuple[int, list[dict] | None, str | None]) -> None:
            article_id, quotes, error = answer
            if error is not None:
                report.failed.append((f"article {article_id}", error))
            else:
                _, fresh = store.replace_parsed_quotes(article_id, quotes)
                report.added += 1
                report.quotes += fresh
            if progress is not None:
                progress(report.total, len(ids))

        def lost(label: str, reason: str) -> None:
            report.failed.append((label, reason + "; its old quotes are kept"))
            if progress is not None:
                progress(report.total, len(ids))

        def items() -> Iterator[tuple[str, tuple[int, str]]]:
            for chunk in (ids[i : i + 64] for i in range(0, len(ids), 64)):  # texts read as they are needed
                for article_id, text in store.article_texts(chunk):
                    yield f"article {article_id}", (article_id, text)

        jobs = jobs if jobs and jobs > 0 else default_jobs()
        with _parser_pool(jobs, _reparse_one, None, parse or _default_parse(), budget) as pool:
            report.cancelled = pool.run(items(), handle, lost, cancel)
    finally:
        store.close()
    return report


# ---------------------------------------------------------------------------------------------
# Already-parsed shards


def iter_parsed_records(shard: str | Path) -> Iterator[tuple[str, dict | None, str | None]]:
    """(label, record, error) for each line of a JSONL shard of `article_record` dicts."""
    for first, data in _shard_chunks(shard):
        yield from _parsed_lines(str(shard), first, data)


# Bytes of a shard read at once: whole lines, decoded and prepared together in another process.
SHARD_CHUNK_BYTES = 512 * 1024
# Articles that may wait for the writer before the shards are read further (they are on disk:
# nothing is lost by reading them later).
SHARD_BACKLOG_ARTICLES = 4 * 512
# Shards smaller than this in all are prepared in this process (starting another costs ~0.5 s).
PREPARE_IN_PROCESS_BYTES = 4 * 2**20


def _shard_chunks(shard: str | Path, size: int | None = None) -> Iterator[tuple[int, bytes]]:
    """(number of its first line, bytes) of a JSONL shard in chunks of whole lines (gunzipped when
    its name ends in .gz). Undecoded: the lines are decoded where they are prepared."""
    p = Path(shard)
    if p.name.lower().endswith(".gz"):
        import gzip

        opened = gzip.open(p, "rb")
    else:
        opened = open(p, "rb")
    with opened as fh:
        lineno, pending = 1, []  # pending: the start of a line not ended yet, in pieces (a long line
        while True:               # is joined once, not copied again at every block)
            block = fh.read(size or SHARD_CHUNK_BYTES)
            if not block:
                if pending:
                    yield lineno, b"".join(pending)
                return
            cut = block.rfind(b"\n") + 1
            if not cut:
                pending.append(block)
                continue
            data = b"".join([*pending, block[:cut]])
            yield lineno, data
            lineno += data.count(b"\n")
            pending = [block[cut:]] if cut < len(block) else []


def _parsed_lines(shard: str, first: int, data: bytes) -> Iterator[tuple[str, dict | None, str | None]]:
    """(label, record, error) for each non-blank line of a chunk that starts at line `first`."""
    for lineno, raw in enumerate(data.split(b"\n"), first):
        if not raw.strip():
            continue
        label = f"{shard}:{lineno}"
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield label, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield label, None, f"not valid JSON ({exc})"
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield label, None, "not a parsed article (needs at least a \"text\" field)"
            continue
        yield record.get("source_path") or label, record, None


def _prepare_lines(item: tuple[int, str, int, bytes]) -> tuple[int, list[tuple]]:
    """A chunk of shard lines, decoded and prepared for the writer (in a preparing process; never raises):
    (seq, [(label, PreparedArticle or None, error or None, parser label or None), ...])."""
    seq, shard, first, data = item
    out: list[tuple] = []
    for label, record, error in _parsed_lines(shard, first, data):
        if error is not None:
            out.append((label, None, error, None))
            continue
        parser = parser_label(record)
        try:
            if not record.get("content_hash"):
                record["content_hash"] = content_hash(record["text"])
            out.append((label, _prepare_record(record), None, parser))
        except Exception as exc:  # noqa: BLE001 - a record that cannot be stored fails alone
            out.append((label, None, f"bad parsed record: {type(exc).__name__}: {exc}", parser))
    return seq, out


def _not_parsing(raw: str) -> None:
    """The "parser" of the processes that prepare shards: they parse nothing, so they load no Kiwi."""


def default_prepare_jobs() -> int:
    """Processes preparing shards for the writer: every core but the writer's (at least one, at most four:
    one keeps up with the writer on this machine)."""
    return max(1, min(4, (os.cpu_count() or 1) - 1))


def ingest_parsed(
    store_path: str | Path | None,
    shards: Sequence[str | Path],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    notice: Notice | None = None,
    jobs: int | None = None,
) -> IngestReport:
    """Store already-parsed articles from JSONL shards (one `article_record` dict per line), no parsing.

    Folders are searched for *.jsonl and *.jsonl.gz shards; a shard named explicitly is always read.
    `report.parsers` counts the records by the parser stamped on them (db/distributed.py stamps
    "parser_version" and "lexicon_hash"), so the caller can warn when shards mix parsers.
    Records are decoded and prepared (`db.writing.prepare_article`) in `jobs` other processes while
    the writer writes (None: `default_prepare_jobs()`, or this process for a few MB of shards; 0: this
    process), and written in the shards' order. `progress(done, total)` counts shards read.
    """
    report = IngestReport()
    with _writing(store_path, report, notice, cancel) as writer:
        files = []
        for path in iter_article_files(shards, report.failed, suffixes=SHARD_SUFFIXES):
            if writer.store.owns_file(path):  # opening it here would drop the locks of our own connection
                report.failed.append((str(path), "this is the database itself, not a shard"))
            else:
                files.append(str(path))
        if jobs is None:
            size = sum(os.path.getsize(f) for f in files if os.path.exists(f))
            jobs = default_prepare_jobs() if size >= PREPARE_IN_PROCESS_BYTES else 0
        order = _InOrder(writer, report)

        def chunks() -> Iterator[tuple[str, tuple[int, str, int, bytes]]]:
            seq = 0
            for n, shard in enumerate(files, 1):
                try:
                    for first, data in _shard_chunks(shard):
                        yield order.expect(seq, shard, first, data), (seq, shard, first, data)
                        seq += 1
                        while writer.backlog() > SHARD_BACKLOG_ARTICLES and not (cancel is not None and cancel()):
                            writer.tick()
                            time.sleep(0.01)
                        if cancel is not None and cancel():
                            return
                except (OSError, EOFError, zlib.error) as exc:  # zlib: a damaged gzip stream
                    report.failed.append((shard, f"cannot read the shard ({getattr(exc, 'strerror', None) or exc})"))
                if progress is not None:
                    progress(n, len(files))

        if jobs <= 0:
            for _label, item in chunks():
                order.done(_prepare_lines(item))
                if cancel is not None and cancel():
                    report.cancelled = True
                    break
        else:
            with _parser_pool(jobs, _prepare_lines, None, _not_parsing, FILE_TIME_BUDGET_S, in_flight=1) as pool:
                report.cancelled = pool.run(chunks(), order.done, order.lost, cancel, idle=writer.tick)
        report.cancelled = report.cancelled or bool(cancel is not None and cancel())
    return report


class _InOrder:
    """Hands prepared chunks to the writer in the order of the shards, whichever process finished first."""

    def __init__(self, writer: _Writer, report: IngestReport) -> None:
        self.writer = writer
        self.report = report
        self._next = 0
        self._ready: dict[int, list[tuple]] = {}
        self._seq: dict[str, int] = {}  # label -> seq of the chunks sent and not answered
        self._label: dict[int, str] = {}

    def expect(self, seq: int, shard: str, first: int, data: bytes) -> str:
        """The label of the chunk `seq` (its shard and lines), for a failure."""
        last = first + data.count(b"\n", 0, len(data) - 1)
        label = f"{shard}:{first}" + (f"-{last}" if last > first else "")
        self._seq[label], self._label[seq] = seq, label
        return label

    def done(self, answer: tuple[int, list[tuple]]) -> None:
        seq, results = answer
        self._seq.pop(self._label.pop(seq, ""), None)
        self._ready[seq] = results
        while self._next in self._ready:
            for label, prepared, error, parser in self._ready.pop(self._next):
                if parser is not None:
                    self.report.parsers[parser] = self.report.parsers.get(parser, 0) + 1
                if error is not None:
                    self.report.failed.append((label, error))
                else:
                    self.writer.add(prepared, label)
            self._next += 1

    def lost(self, label: str, reason: str) -> None:
        """A chunk whose process died or overran the time budget: its lines are reported, not stored."""
        why = "its process crashed" if "crashed" in reason else "reading them took longer than the time allowed"
        self.report.failed.append((label, f"{why}; these lines were not stored"))
        self.done((self._seq[label], []))
