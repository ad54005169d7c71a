"""Ingest: article files in, parsed articles stored; all cores parse, one process writes.

Workers read, hash and parse files and send back plain dicts (`article_record`); the parent
writes them, each article with all its quotes in one transaction (several articles share a
commit for speed, each inside its own savepoint; the write lock is held only while writing, so
a viewer on the same file keeps saving corrections). A killed ingest therefore leaves only whole
articles, and the next run skips what is stored (same content hash) and adds the rest.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from .search import morph_string

if TYPE_CHECKING:
    from attribution import ParsedArticle
from .store import Store, StoreError, content_hash

# Files taken from folders; a file named explicitly is always tried, whatever its name.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
# Parsed-result shards taken from folders by `ingest --parsed` (db/distributed.py writes them).
SHARD_SUFFIXES = (".jsonl", ".jsonl.gz")
COMMIT_EVERY_ARTICLES = 64
COMMIT_EVERY_SECONDS = 1.0

# What one parser process holds: Kiwi's model (~340 MB resident) and the parser around it.
WORKER_MB = 400

Progress = Callable[[int, int], None]
Parse = Callable[[str], "ParsedArticle"]
Cancel = Callable[[], bool]


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

    @property
    def total(self) -> int:
        return self.added + self.skipped + len(self.failed)


# ---------------------------------------------------------------------------------------------
# Finding files


def iter_article_files(
    paths: Iterable[str | Path],
    errors: list[tuple[str, str]] | None = None,
    suffixes: Iterable[str] = TEXT_SUFFIXES,
) -> Iterator[Path]:
    """Files named in `paths` and files ending in one of `suffixes` inside named folders
    (recursively, case-insensitive; default: text files), each once.

    Hidden files and folders (starting with '.') inside folders are skipped; symlinked folders are
    followed but a folder reached twice (a symlink loop) is visited once. Paths that do not exist
    are reported in `errors`.
    """
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    wanted = tuple(x.lower() for x in suffixes)

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
    """Read, parse and describe one article as the dict stored by `ingest_parsed` (JSON-ready).

    {"source_path", "content_hash", "text", "meta": {...}, "quotes": [Quote.to_dict() with "morphs"],
    "warnings": [...]}. Raises attribution.ArticleReadError for a file that cannot be read.
    """
    from attribution import read_article

    raw = read_article(path)
    return record_from_text(raw, source_path=str(path), parse=parse)


def record_from_text(raw: str, source_path: str | None = None, parse: Parse | None = None) -> dict:
    """`article_record` for text already read; `parse` defaults to attribution.parse_text."""
    from attribution.metadata import extract_metadata

    if parse is None:
        import attribution

        parse = attribution.parse_text
    parsed = parse(raw)
    quotes = []
    for q in parsed.quotes:
        d = q.to_dict()
        d["morphs"] = q.morphs or morph_string(q.text)  # the parser's own Kiwi pass, when it gave one
        quotes.append(d)
    return {
        "source_path": source_path,
        "content_hash": content_hash(raw),
        "text": parsed.text,
        "meta": extract_metadata(parsed.text).to_dict(),
        "quotes": quotes,
        "warnings": list(parsed.warnings),
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


def _worker_init(db_path: str | None, parse: Parse | None = None) -> None:
    """Start of each worker process: the parent handles Ctrl+C and stops the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_state(db_path, parse)


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


def _work(path: str, stored: Callable[[str], bool] = _already_stored, parse: Parse | None = None) -> dict:
    """One file: {"record": ...}, {"skipped": True} or {"error": reason}; never raises."""
    from attribution import ArticleReadError, read_article

    try:
        raw = read_article(path)
    except ArticleReadError as exc:
        reason = str(exc)
        return {"path": path, "error": reason[len(path) + 2 :] if reason.startswith(path + ": ") else reason}
    except Exception as exc:  # noqa: BLE001 - reported per file, the run goes on
        return {"path": path, "error": f"cannot read: {type(exc).__name__}: {exc}"}
    if not raw.strip():
        return {"path": path, "error": "empty file (no text)"}
    try:
        if stored(content_hash(raw)):
            return {"path": path, "skipped": True}
        return {"path": path, "record": record_from_text(raw, source_path=path, parse=parse or _worker_parse)}
    except Exception as exc:  # noqa: BLE001
        return {"path": path, "error": f"parser error: {type(exc).__name__}: {exc}"}


def _work_chunk(paths: list[str]) -> list[dict]:
    return [_work(p) for p in paths]


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
# Parent side


class _Writer:
    """Buffers parsed records and writes them in short transactions.

    The write lock is held only while writing (a few milliseconds per article), never while
    waiting for the parser, so a viewer open on the same database can save corrections meanwhile.
    Each article is atomic on its own (a savepoint); a batch is committed every
    COMMIT_EVERY_ARTICLES articles or COMMIT_EVERY_SECONDS seconds.
    """

    def __init__(self, store: Store, report: IngestReport) -> None:
        self.store = store
        self.report = report
        self._buffer: list[tuple[dict, str]] = []
        self._since = time.monotonic()

    def add(self, record: dict, label: str) -> None:
        if not self._buffer:
            self._since = time.monotonic()
        self._buffer.append((record, label))
        self.tick()

    def tick(self) -> None:
        """Write the buffer if it is full or old enough (called after each result and while waiting)."""
        if self._buffer and (
            len(self._buffer) >= COMMIT_EVERY_ARTICLES or time.monotonic() - self._since >= COMMIT_EVERY_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        batch, self._buffer = self._buffer, []
        if not batch:
            return
        added = skipped = quotes = 0
        failed: list[tuple[str, str]] = []
        with self.store.batch():
            for record, label in batch:
                try:
                    article_id = self.store.add_parsed_article(
                        source_path=record.get("source_path"),
                        text=record["text"],
                        meta=record.get("meta") or {},
                        quotes=record.get("quotes") or [],
                        content_hash=record.get("content_hash"),
                        warnings=record.get("warnings") or (),
                    )
                except (KeyError, TypeError, ValueError) as exc:
                    failed.append((label, f"bad parsed record: {type(exc).__name__}: {exc}"))
                    continue
                if article_id is None:
                    skipped += 1
                else:
                    added += 1
                    quotes += len(record.get("quotes") or [])
        # Counted only once committed: an interrupted batch was never stored.
        self.report.added += added
        self.report.skipped += skipped
        self.report.quotes += quotes
        self.report.failed += failed

    def discard(self) -> None:
        """Drop what is not written yet (Ctrl+C): the next run parses those files again."""
        self._buffer = []


@contextlib.contextmanager
def _writing(store_path: str | Path | None, report: IngestReport) -> Iterator[_Writer]:
    """A writer on the database at `store_path`: what it buffered is written at the end, dropped
    on an exception or Ctrl+C (those files are parsed again next time); the store is closed."""
    store = Store.open(store_path)
    writer = _Writer(store, report)
    try:
        yield writer
        writer.flush()
    except BaseException:
        writer.discard()
        raise
    finally:
        store.close()


def _handle(result: dict, writer: _Writer, report: IngestReport) -> None:
    if "error" in result:
        report.failed.append((result["path"], result["error"]))
    elif result.get("skipped"):
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
) -> IngestReport:
    """Parse files and folders into the database at `store_path` (None: the default one).

    `jobs`: parser processes (0: `default_jobs()`, every core as memory allows; 1: parse in this
    process). `progress(done, total)` is called after each file; `cancel()` is polled and stops the
    run early (what was written stays).
    `parse` replaces attribution.parse_text (a module-level function, so worker processes can import it).
    Raises StoreError if the database cannot be opened or written.
    """
    report = IngestReport()
    files = [str(p) for p in iter_article_files(paths, report.failed)]
    total = len(files)
    done = 0
    with _writing(store_path, report) as writer:

        def step(result: dict) -> None:
            nonlocal done
            _handle(result, writer, report)
            done += 1
            if progress is not None:
                progress(done, total)

        jobs = jobs if jobs and jobs > 0 else default_jobs()
        if jobs == 1 or total <= 1:
            for path in files:
                if cancel is not None and cancel():
                    report.cancelled = True
                    break
                step(_work(path, writer.store.has_article, parse))
        else:
            report.cancelled = _run_pool(files, jobs, str(writer.store.path), step, cancel, parse, idle=writer.tick)
    return report


def _run_pool(
    files: list[str], jobs: int, db_path: str, step: Callable[[dict], None], cancel: Cancel | None,
    parse: Parse | None = None,
    idle: Callable[[], None] | None = None,
) -> bool:
    """Parse `files` in `jobs` processes, feeding results to `step`; True if cancelled.

    Chunks are submitted a few at a time so a million files do not become a million futures.
    If a worker dies (a crash inside the parser), every chunk in flight is lost with it; their
    files are parsed again one at a time in a one-process pool afterwards, which tells exactly
    which file kills the parser (that one is reported as failed).
    """
    chunk = max(1, min(16, len(files) // (jobs * 8) or 1))
    queue = [files[i : i + chunk] for i in range(0, len(files), chunk)]
    queue.reverse()  # pop() from the end keeps the original order
    suspects: list[str] = []
    while queue:
        pool = _new_pool(jobs, db_path, parse)
        try:
            lost = _drain(pool, queue, jobs, step, cancel, idle)
        except BaseException:
            _stop(pool)
            raise
        if lost is None:  # cancelled
            _stop(pool)
            return True
        pool.shutdown(wait=not lost, cancel_futures=True)
        suspects += [p for part in lost for p in part]
    pool = None
    try:
        for path in suspects:
            if cancel is not None and cancel():
                return True
            pool = pool or _new_pool(1, db_path, parse)
            try:
                results = pool.submit(_work_chunk, [path]).result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
                results = [{"path": path, "error": "the parser process crashed on this file"}]
            for result in results:
                step(result)
    finally:
        if pool is not None:
            _stop(pool)
    return False


def _new_pool(jobs: int, db_path: str, parse: Parse | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=get_context("spawn"),  # fork is unsafe in a process with threads (the viewer)
        initializer=_worker_init,
        initargs=(db_path, parse),
    )


def _drain(pool, queue, jobs, step, cancel, idle=None) -> list[list[str]] | None:
    """Run chunks from `queue` until it is empty or the pool breaks; the chunks lost, or None if cancelled."""
    running: dict[Future, list[str]] = {}
    lost: list[list[str]] = []
    while queue or running:
        while queue and len(running) < jobs * 3 and not lost:
            part = queue.pop()
            running[pool.submit(_work_chunk, part)] = part
        finished, _ = wait(running, timeout=0.25, return_when=FIRST_COMPLETED)
        for fut in finished:
            part = running.pop(fut)
            try:
                results = fut.result()
            except BrokenProcessPool:
                lost.append(part)
                continue
            for result in results:
                step(result)
        if idle is not None:
            idle()
        if cancel is not None and cancel():
            return None
        if lost:
            lost.extend(running.values())
            return lost
    return lost


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (Ctrl+C, cancel): their unfinished articles were never written."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    for proc in processes:
        proc.join(timeout=5)


# ---------------------------------------------------------------------------------------------
# Re-parsing stored articles (after a parser upgrade)


def _reparse_chunk(items: list[tuple[int, str]]) -> list[tuple[int, list[dict] | None, str | None]]:
    out = []
    for article_id, text in items:
        try:
            out.append((article_id, record_from_text(text)["quotes"], None))
        except Exception as exc:  # noqa: BLE001
            out.append((article_id, None, f"parser error: {type(exc).__name__}: {exc}"))
    return out


def reparse_articles(
    store_path: str | Path | None,
    jobs: int = 0,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    chunk: int = 8,
) -> IngestReport:
    """Parse every stored article again, keeping the quotes users confirmed or corrected.

    `added` counts articles re-parsed, `quotes` the parser quotes they now have; failures leave the
    article's old quotes in place.
    """
    report = IngestReport()
    store = Store.open(store_path)
    try:
        ids = store.article_ids()
        jobs = jobs if jobs and jobs > 0 else default_jobs()
        batches = [ids[i : i + chunk] for i in range(0, len(ids), chunk)]

        def handle(results) -> None:
            for article_id, quotes, error in results:
                if error is not None:
                    report.failed.append((f"article {article_id}", error))
                else:
                    _, fresh = store.replace_parsed_quotes(article_id, quotes)
                    report.added += 1
                    report.quotes += fresh
            if progress is not None:
                progress(report.total, len(ids))

        if jobs == 1 or len(batches) <= 1:
            for batch in batches:
                if cancel is not None and cancel():
                    report.cancelled = True
                    break
                handle(_reparse_chunk(store.article_texts(batch)))
        else:
            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                                       initializer=_worker_init, initargs=(None,))
            try:
                pending: list[Future] = []
                queue = list(reversed(batches))
                while queue or pending:
                    while queue and len(pending) < jobs * 3:
                        pending.append(pool.submit(_reparse_chunk, store.article_texts(queue.pop())))
                    handle(pending.pop(0).result())
                    if cancel is not None and cancel():
                        report.cancelled = True
                        break
            except BaseException:
                _stop(pool)
                raise
            if report.cancelled:
                _stop(pool)
            else:
                pool.shutdown()
    finally:
        store.close()
    return report


# ---------------------------------------------------------------------------------------------
# Already-parsed shards


def iter_parsed_records(shard: str | Path) -> Iterator[tuple[str, dict | None, str | None]]:
    """(label, record, error) for each line of a JSONL shard of `article_record` dicts."""
    p = Path(shard)
    if p.name.lower().endswith(".gz"):
        import gzip

        opened = gzip.open(p, "rt", encoding="utf-8-sig")
    else:
        opened = open(p, encoding="utf-8-sig")
    with opened as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            label = f"{p}:{lineno}"
            try:
                record = json.loads(line)
            except ValueError as exc:
                yield label, None, f"not valid JSON ({exc})"
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                yield label, None, "not a parsed article (needs at least a \"text\" field)"
                continue
            yield record.get("source_path") or label, record, None


def ingest_parsed(
    store_path: str | Path | None,
    shards: Sequence[str | Path],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> IngestReport:
    """Store already-parsed articles from JSONL shards (one `article_record` dict per line), no parsing.

    Folders are searched for *.jsonl and *.jsonl.gz shards; a shard named explicitly is always read.
    `report.parsers` counts the records by the parser stamped on them (db/distributed.py stamps
    "parser_version" and "lexicon_hash"), so the caller can warn when shards mix parsers.
    """
    report = IngestReport()
    files = [str(p) for p in iter_article_files(shards, report.failed, suffixes=SHARD_SUFFIXES)]
    with _writing(store_path, report) as writer:
        for n, shard in enumerate(files, 1):
            try:
                for label, record, error in iter_parsed_records(shard):
                    if cancel is not None and cancel():
                        report.cancelled = True
                        break
                    if error is not None:
                        report.failed.append((label, error))
                        continue
                    if not record.get("content_hash"):
                        record["content_hash"] = content_hash(record["text"])
                    parser = parser_label(record)
                    report.parsers[parser] = report.parsers.get(parser, 0) + 1
                    writer.add(record, label)
            except (OSError, UnicodeDecodeError, EOFError) as exc:
                report.failed.append((shard, f"cannot read the shard ({getattr(exc, 'strerror', None) or exc})"))
            if progress is not None:
                progress(n, len(files))
            if report.cancelled:
                break
    return report
