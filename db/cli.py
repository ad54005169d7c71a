"""`balheon ingest`, `reparse`, `export` and `check`: the store from the command line.

Errors the user can cause (a bad path, a file that is not a database, a locked database) print one
clear line and exit non-zero; anything else is a bug and keeps its traceback.
"""
from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path

from .ingest import FILE_TIME_BUDGET_S, IngestReport, ingest_parsed, ingest_paths, parser_stamp, reparse_articles
from .store import DatabaseDamaged, QuoteFilter, Store, StoreError, default_db_path

EXIT_OK = 0
EXIT_FAILED_FILES = 1  # the run finished, but some files could not be stored
EXIT_ERROR = 2  # nothing useful happened: bad database, bad arguments


def _fail(message: str) -> int:
    print(f"balheon: {message}", file=sys.stderr)
    return EXIT_ERROR


class _Counter:
    """A one-line progress counter on stderr, only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty()
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        self._shown = True
        print(f"\r{self.label} {done}/{total}", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self._shown:
            print(file=sys.stderr)


def _db_arg(args) -> Path:
    return Path(args.db).expanduser() if getattr(args, "db", None) else default_db_path()


def _budget_arg(args) -> float | None:
    """Seconds one file may take to parse (--budget); None when the value makes no sense."""
    budget = getattr(args, "budget", None)
    if budget is None:
        return FILE_TIME_BUDGET_S
    return budget if budget > 0 else None


def format_report(report: IngestReport, db_path: Path) -> str:
    lines = [
        f"added {report.added} article(s) with {report.quotes} quote(s); "
        f"skipped {report.skipped} already present; failed {len(report.failed)}"
        + ("; cancelled" if report.cancelled else "")
        + f"  [{db_path}]"
    ]
    for path, reason in report.failed:
        lines.append(f"  failed: {path}: {reason}")
    return "\n".join(lines)


def _check_parser() -> str | None:
    """Why the parser cannot run (a missing or unreadable word list), or None."""
    from attribution.resources import LexiconError

    try:
        parser_stamp()
    except LexiconError as exc:
        return str(exc)
    return None


def mixed_parsers_warning(report: IngestReport) -> str | None:
    """A warning when the stored shards were parsed by different parser versions or word lists."""
    if len(report.parsers) < 2:
        return None
    kinds = "; ".join(f"{label}: {n} article(s)" for label, n in sorted(report.parsers.items()))
    return (f"warning: these shards come from {len(report.parsers)} different parsers ({kinds}), so their "
            "quotes were found by different rules; `main.py reparse` parses every article again with this one")


def cmd_ingest(args) -> int:
    db_path = _db_arg(args)
    counter = _Counter("parsed" if not getattr(args, "parsed", False) else "loaded")

    def notice(message: str) -> None:
        counter.finish()
        print(f"balheon: {message}", file=sys.stderr, flush=True)

    try:
        if getattr(args, "parsed", False):
            report = ingest_parsed(db_path, args.paths, progress=counter, notice=notice)
        else:
            jobs = getattr(args, "jobs", 0) or 0
            if jobs < 0:
                return _fail("--jobs must be 0 (every core, as memory allows) or a positive number")
            problem = _check_parser()
            if problem:
                return _fail(problem)
            budget = _budget_arg(args)
            if budget is None:
                return _fail("--budget must be a positive number of seconds")
            columns = None
            if getattr(args, "columns", None):
                from attribution.readers.columns import ColumnsError, parse_columns

                try:
                    columns = parse_columns(args.columns)
                except ColumnsError as exc:
                    return _fail(str(exc))
            report = ingest_paths(db_path, args.paths, jobs=jobs, progress=counter, budget=budget, notice=notice,
                                  columns=columns)
    except StoreError as exc:
        counter.finish()
        return _fail(str(exc))
    except KeyboardInterrupt:
        counter.finish()
        print("interrupted: the articles stored so far are kept; run the same command again to finish",
              file=sys.stderr)
        return 130
    counter.finish()
    if report.total == 0:
        if getattr(args, "parsed", False):
            print("balheon: no parsed articles found (folders are searched for .jsonl and .jsonl.gz shards)",
                  file=sys.stderr)
        else:
            print("balheon: no article files found (folders are searched for text, PDF, HWP, HWPX, Word (.docx), "
                  "web page (.html), Excel (.xlsx), CSV and JSONL files)", file=sys.stderr)
        return EXIT_FAILED_FILES
    print(format_report(report, db_path))
    warning = mixed_parsers_warning(report)
    if warning:
        print(f"balheon: {warning}", file=sys.stderr)
    return EXIT_FAILED_FILES if report.failed else EXIT_OK


def cmd_reparse(args) -> int:
    """Parse every stored article again with the current parser, keeping the user's corrections."""
    db_path = _db_arg(args)
    if not db_path.exists():
        return _fail(f"no database at {db_path}; ingest some articles first (or give --db)")
    jobs = getattr(args, "jobs", 0) or 0
    if jobs < 0:
        return _fail("--jobs must be 0 (every core, as memory allows) or a positive number")
    problem = _check_parser()
    if problem:
        return _fail(problem)
    budget = _budget_arg(args)
    if budget is None:
        return _fail("--budget must be a positive number of seconds")
    counter = _Counter("re-parsed")
    try:
        report = reparse_articles(db_path, jobs=jobs, progress=counter, budget=budget)
    except StoreError as exc:
        counter.finish()
        return _fail(str(exc))
    except KeyboardInterrupt:
        counter.finish()
        print("interrupted: the articles re-parsed so far are kept", file=sys.stderr)
        return 130
    counter.finish()
    lines = [
        f"re-parsed {report.added} article(s), now {report.quotes} quote(s) from the parser; "
        f"confirmed and corrected quotes kept; failed {len(report.failed)}"
        + ("; cancelled" if report.cancelled else "")
        + f"  [{db_path}]"
    ]
    lines += [f"  failed: {label}: {reason}" for label, reason in report.failed]
    print("\n".join(lines))
    return EXIT_FAILED_FILES if report.failed else EXIT_OK


def cmd_export(args) -> int:
    db_path = _db_arg(args)
    if not db_path.exists():
        return _fail(f"no database at {db_path}; ingest some articles first (or give --db)")
    korean = bool(getattr(args, "korean_headers", False))
    try:
        with Store.open(db_path, readonly=True) as store:
            if getattr(args, "history", False):
                rows = store.export_history_csv(args.csv, korean_headers=korean)
                print(f"wrote {rows} change(s) of the correction history to {args.csv}")
                return EXIT_OK
            speaker_ids: tuple[int, ...] = ()
            if getattr(args, "speaker", None):
                ids = store.find_speakers(args.speaker)
                if not ids:
                    return _fail(f"no speaker called {args.speaker!r} in {db_path}")
                speaker_ids = tuple(ids)
            f = QuoteFilter(
                speaker_ids=speaker_ids,
                org=args.org or None,
                stance=args.stance or None,
                since=args.since or None,
                until=args.until or None,
                query=args.query or None,
            )
            rows = store.export_csv(args.csv, f, raw=bool(args.raw), korean_headers=korean)
    except StoreError as exc:
        return _fail(str(exc))
    print(f"wrote {rows} quote(s) to {args.csv}")
    return EXIT_OK


def cmd_check(args) -> int:
    """Check every page, index and the search index of the database; say plainly what is wrong and how to recover."""
    db_path = _db_arg(args)
    if not db_path.exists():
        return _fail(f"no database at {db_path} (give --db)")
    try:
        if getattr(args, "rebuild_index", False):
            with Store.open(db_path) as store:
                store.rebuild_search_index()
            print("rebuilt the search index from the quotes")
        with Store.open(db_path, readonly=True) as store:
            problems = store.integrity_check()
            if not problems:
                articles, quotes = store.article_count(), store.quote_count(QuoteFilter(include_not_speech=True))
    except DatabaseDamaged as exc:  # too damaged to open or to count
        problems = [str(exc)]
    except StoreError as exc:
        return _fail(str(exc))
    if not problems:
        print(f"no problems found in {db_path}: {articles} article(s), {quotes} quote(s); "
              "every page, index and the search index checked")
        return EXIT_OK
    print(f"{db_path} is damaged ({len(problems)} problem(s) found):")
    for line in problems[:10]:
        print(f"  {line}")
    if len(problems) > 10:
        print(f"  … and {len(problems) - 10} more")
    print(recovery_advice(db_path, index_only=all(p.startswith("search index:") for p in problems)))
    return EXIT_FAILED_FILES


def recovery_advice(db_path: Path, index_only: bool) -> str:
    """How to get the data back: rebuild the search index when only it is damaged, else SQLite's .recover."""
    db = shlex.quote(str(db_path))
    if index_only:
        return ("Only the search index is out of step with the quotes (they are intact). Rebuild it from them:\n"
                f"  python3 main.py check --db {db} --rebuild-index")
    new = db_path.with_name(f"{db_path.stem}-recovered{db_path.suffix or '.db'}")
    recovered = shlex.quote(str(new))
    return (
        "What SQLite can still read can be copied into a new file; the damaged one is left as it is.\n"
        "  1. Recover with the sqlite3 command-line tool, 3.29 or newer (the builds of https://sqlite.org/download.html\n"
        "     have .recover; one that says 'no such table: sqlite_dbpage' was built without it):\n"
        f"       sqlite3 {db} .recover | sqlite3 {recovered}\n"
        f"  2. Check the new file (it may also ask to rebuild its search index):\n"
        f"       python3 main.py check --db {recovered}\n"
        f"  3. Use it from now on: python3 main.py view --db {recovered} (or set BALHEON_DB), and keep the\n"
        "     damaged file until you are satisfied nothing you need is missing."
    )
