"""The store: one SQLite file with articles, speakers and quotes; the only module that writes SQL.

The viewer keeps lists of ids and asks for rows on demand (`quote_ids` + `quote_rows`), so every
filter and sort happens here, in SQL, on indexed columns. Each `Store` owns one connection and
must stay in the thread that opened it.
"""
from __future__ import annotations

import contextlib
import csv
import json
import os
import secrets
import sqlite3
import stat
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from sqlite_utils import Database

from .corrections import CorrectionsMixin
from .record import RecordMixin
from .common import SPEAKER_TYPES, UNKNOWN_SPEAKER_LABEL, StoreError, fold_key  # noqa: F401 - re-exported
from .common import chunks as _chunks
from .common import content_hash, normalize_date, normalize_text  # noqa: F401 - re-exported
from .schema import KNOWN_MIGRATIONS, SCHEMA_VERSION, migrations
from .search import SEARCH_TERMS_FUNCTION, fts_query, index_terms, like_pattern
from .writing import WritingMixin

APP_NAME = "Balheon"
DB_FILENAME = "balheon.db"
ENV_DB = "BALHEON_DB"
BUSY_TIMEOUT_MS = 5000
MAX_SEARCH_CHARS = 1000  # longest search text (quotes, speaker filter): a pasted article is a slip
_SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")  # files SQLite keeps next to a database
STATUSES = ("parsed", "confirmed", "corrected", "not_speech")


class DatabaseLocked(StoreError):
    """Another program held the write lock for longer than the busy timeout; trying again later may work."""


class DatabaseDamaged(StoreError):
    """SQLite found the file damaged (or it is not a database at all); `main.py check` says how to recover."""


# ---------------------------------------------------------------------------------------------
# Plain rows handed to the viewer


@dataclass(frozen=True)
class QuoteFilter:
    speaker_ids: tuple[int, ...] = ()
    org: str | None = None
    verb: str | None = None
    stance: str | None = None
    since: str | None = None  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD), compared with articles.published
    until: str | None = None  # inclusive: until="2025-12" keeps all of December
    query: str | None = None  # what the user typed; never interpreted as FTS syntax
    needs_review: bool | None = None
    include_not_speech: bool = False
    article_id: int | None = None
    # Quotes of undated articles: True kept, False dropped; None (default) kept unless since/until is set.
    undated: bool | None = None


@dataclass(frozen=True)
class SpeakerRow:
    id: int
    name: str
    type: str
    org: str | None
    titles: str  # distinct titles, sorted, joined with ", "
    quote_count: int


@dataclass(frozen=True)
class QuoteRow:
    """A quote as the viewer shows it: `org` and `speaker_type` are the speaker's (after corrections),
    `title` is the one the speaker had in this quote's article."""

    id: int
    article_id: int
    speaker_id: int | None
    speaker: str | None  # None: unknown speaker, shown as "(미상)"
    speaker_type: str
    title: str | None
    org: str | None
    text: str
    verb: str | None
    frame: str | None
    stance: str | None
    polarity: str | None
    evidence: tuple[str, ...]
    resolution: str
    confidence: float
    needs_review: bool
    status: str
    start: int
    end: int
    sentence: str
    headline: str | None
    published: str | None
    source_path: str | None
    # Evidence spans in the article text, for highlighting: where the speaker is named, the cue verb.
    mention_start: int | None = None
    mention_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    outlet: str | None = None
    # The same words were also quoted in the headline (stored once: db/headlines.py), at these offsets.
    in_headline: bool = False
    headline_start: int | None = None
    headline_end: int | None = None
    # Where the article came from, as its format said (migration 0010): its web address, and its row in
    # the spreadsheet or corpus file `source_path` (None for a file that is one article).
    url: str | None = None
    source_row: int | None = None


@dataclass(frozen=True)
class ArticleRow:
    id: int
    headline: str | None
    published: str | None
    source_path: str | None
    outlet: str | None
    reporter: str | None
    text: str
    url: str | None = None  # the article's web address, when its format gave one
    source_row: int | None = None  # its row in the spreadsheet or corpus file `source_path`
    source_id: str | None = None  # the id its source gave it (BigKinds' 뉴스 식별자)


# ---------------------------------------------------------------------------------------------
# Helpers without a connection


def default_db_path() -> Path:
    """$BALHEON_DB if set, else balheon.db in the user's data folder (created on first open)."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


def _translate(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """A StoreError for environmental SQLite failures; None for what is a bug."""
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        return DatabaseLocked(f"The database {path} is in use by another program (locked); try again in a moment.")
    if "disk is full" in msg or "database or disk is full" in msg:
        return StoreError(f"The disk holding {path} is full; free some space and try again.")
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"The database {path} cannot be written (read-only file or folder).")
    if "not a database" in msg or "malformed" in msg or "encrypted" in msg:
        return DatabaseDamaged(
            f"{path} is damaged or is not a Balheon database (`main.py check --db FILE` says what is wrong)."
        )
    if "unable to open" in msg or "disk i/o" in msg:
        return StoreError(f"Cannot open the database {path} ({exc}).")
    return None


@contextlib.contextmanager
def _errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        err = _translate(exc, path)
        if err is None:
            raise
        raise err from exc


_QUOTE_COLUMNS = """
    q.id, q.article_id, q.speaker_id, s.name, COALESCE(s.type, q.speaker_type), q.title,
    CASE WHEN q.speaker_id IS NULL THEN q.org ELSE s.org END,
    q.text, q.verb, q.frame, q.stance, q.polarity, q.evidence, q.resolution, q.confidence,
    q.needs_review, q.status, q."start", q."end", q.sentence, a.headline, a.published, a.source_path,
    q.mention_start, q.mention_end, q.cue_start, q.cue_end, a.outlet, q.in_headline, q.headline_start, q.headline_end,
    a.url, a.source_row
"""
_QUOTE_FROM = "quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"

_QUOTE_SORTS = {
    # One direction throughout, so the order is an index walk (quotes_date) rather than a sort.
    "date": ('q.published {d}, q.article_id {d}, q."start" {d}', False, False),
    "speaker": ("s.name {d}", False, True),
    "type": ("COALESCE(s.type, q.speaker_type) {d}", False, True),
    "org": ("s.org {d}", False, True),
    "title": ("q.title {d}", False, False),
    "text": ("q.text {d}", False, False),
    "quote": ("q.text {d}", False, False),
    "verb": ("q.verb {d}", False, False),
    "frame": ("q.frame {d}", False, False),
    "stance": ("q.stance {d}", False, False),
    "polarity": ("q.polarity {d}", False, False),
    "confidence": ("q.confidence {d}", False, False),
    "resolution": ("q.resolution {d}", False, False),
    "status": ("q.status {d}", False, False),
    "needs_review": ("q.needs_review {d}", False, False),
    "headline": ("a.headline {d}", True, False),
    "source": ("a.source_path {d}", True, False),
    "article": ('q.article_id {d}, q."start"', False, False),
    "id": ("q.id {d}", False, False),
}

_SPEAKER_SORTS = {
    "name": "name {d}",
    "type": "type {d}, name",
    "org": "org {d}, name",
    "quotes": "quote_count {d}, name",
    "titles": "titles {d}, name",
    "id": "id {d}",
}

EXPORT_COLUMNS = (
    "quote_id", "speaker", "speaker_type", "title", "organisation", "quote", "verb", "frame", "stance",
    "polarity", "stance_evidence", "headline", "date", "source_file", "sentence", "resolution", "confidence",
    "in_headline", "source_row", "url",
)
# The same columns for Korean readers (`export --korean-headers`, the viewer's default).
EXPORT_COLUMNS_KO = (
    "발언 번호", "화자", "화자 유형", "직함", "소속", "발언", "보도 동사", "프레임", "입장",
    "극성", "입장 근거", "기사 제목", "날짜", "원본 파일", "문장", "화자 판단", "신뢰도",
    "제목에도 실림", "원본 행", "기사 주소",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def narrows_speakers(f: QuoteFilter) -> bool:
    """Whether the quote filter `f` leaves out some speakers' quotes (beyond the organisation, which
    the speaker list filters on its own): then the list keeps only speakers with a matching quote."""
    return bool(
        f.verb is not None or f.stance is not None or f.since or f.until or (f.query and f.query.strip())
        or f.needs_review is not None or f.article_id is not None or f.undated is False
    )


def guard_cell(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula (=, +, -, @, tab, CR) with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# ---------------------------------------------------------------------------------------------


class Store(WritingMixin, CorrectionsMixin, RecordMixin):
    """Articles, speakers and quotes in one SQLite file. Open with `Store.open(path)`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
        self._conn = conn
        self._db = Database(conn, execute_plugins=False, recursive_triggers=False)
        self.path = path
        self.readonly = readonly
        self._fts_cache: dict[str, tuple[str, str]] = {}  # query -> how to search it (see _text_search)
        self._fts_cache_version = -1
        self._fts_hit_counts: dict[str, int] = {}  # MATCH expression -> quotes it matches (same version)
        self._interrupted = False  # set by interrupt(), from any thread
        # What the search index holds for a quote's text: the schema's view and triggers call it.
        conn.create_function(SEARCH_TERMS_FUNCTION, 1, index_terms, deterministic=True)
        # interrupt() also raises the flag: a statement that started just after the interrupt call
        # (which only stops running statements) notices it within a few milliseconds.
        conn.set_progress_handler(lambda: 1 if self._interrupted else 0, 100_000)

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, readonly: bool = False) -> "Store":
        """Open (creating if needed) and upgrade the database; StoreError if it cannot be used."""
        p = Path(path).expanduser() if path is not None and str(path) != "" else default_db_path()
        if str(p) == ":memory:":
            conn = sqlite3.connect(":memory:", isolation_level=None)
            return cls._prepare(conn, p, readonly=False)
        _check_file(p, readonly)
        if not readonly:
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"Cannot create the folder for the database {p} ({exc.strerror or exc}).") from None
        try:
            if readonly:
                conn = sqlite3.connect(_reader_uri(p), uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            else:
                conn = sqlite3.connect(str(p), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise _translate(exc, p) or StoreError(f"Cannot open the database {p} ({exc}).") from None
        try:
            return cls._prepare(conn, p, readonly=readonly)
        except BaseException:
            conn.close()
            raise

    @classmethod
    def _prepare(cls, conn: sqlite3.Connection, path: Path, *, readonly: bool) -> "Store":
        with _errors(path):
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            if readonly:
                conn.execute("PRAGMA query_only = ON")  # a reader may hold a read-write handle (_reader_uri)
            try:  # the first read of the file: SQLite checks its header, and writes nothing to a foreign file
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            except sqlite3.DatabaseError as exc:
                if "not a database" not in str(exc):
                    raise
                raise StoreError(
                    f"{path} is not a Balheon database (not an SQLite file); it was left untouched."
                ) from None
            if tables and "migrations" not in tables:
                raise StoreError(f"{path} is an SQLite database of another program, not a Balheon database.")
            store = cls(conn, path, readonly)
            if "migrations" in tables:
                applied = [m.name for m in migrations.applied(store._db)]
            else:
                applied = []
            unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if unknown or version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was made by a newer version of Balheon (schema {max(version, len(applied))}, "
                    f"this program knows {SCHEMA_VERSION}); update Balheon to open it."
                )
            pending = [name for name in KNOWN_MIGRATIONS if name not in applied]
            if pending and readonly:
                raise StoreError(
                    f"{path} needs an upgrade ({', '.join(pending)}) that reading alone cannot make; "
                    "open it once in the viewer (or ingest into it) to upgrade it."
                )
            if not readonly:
                _use_wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
                if pending:
                    store._migrate()
            return store

    def _migrate(self) -> None:
        """Apply pending migrations under one write lock, so two programs opening a new file at once
        do not both create it (each migration is a savepoint inside; all or nothing)."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            migrations.apply(self._db)  # re-reads what is applied, now that we hold the lock
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return len(migrations.applied(self._db))

    def applied_migrations(self) -> list[str]:
        return [m.name for m in migrations.applied(self._db)]

    # -- plumbing -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: wait for other writers up front, not mid-way)."""
        if self.readonly:
            raise StoreError(f"The database {self.path} is open read-only.")
        with _errors(self.path):
            if self._conn.in_transaction:  # nested: a savepoint keeps the inner part atomic too
                self._conn.execute("SAVEPOINT balheon_inner")
                try:
                    yield self._conn
                except BaseException:
                    self._conn.execute("ROLLBACK TO SAVEPOINT balheon_inner")
                    self._conn.execute("RELEASE SAVEPOINT balheon_inner")
                    raise
                self._conn.execute("RELEASE SAVEPOINT balheon_inner")
                return
            self._fts_cache.clear()  # our own commits do not change data_version
            self._fts_hit_counts.clear()
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def tune_for_bulk_writes(self, cache_mb: int = 64, wal_mb: int = 64) -> None:
        """For a connection that writes many articles (ingest's writer): a page cache of `cache_mb`
        (SQLite's default is 2 MB), so the index pages one batch touches are still in memory for the
        next, and a checkpoint when the WAL reaches `wal_mb` (the default is ~4 MB), so an index page
        several batches changed is copied into the database once (measured: ~20% less time per
        article). The WAL file may grow that much during an ingest; it is emptied when the ingest ends."""
        with _errors(self.path):
            self._conn.execute(f"PRAGMA cache_size = {-int(cache_mb) * 1024}")
            page = self._conn.execute("PRAGMA page_size").fetchone()[0]
            self._conn.execute(f"PRAGMA wal_autocheckpoint = {max(1000, int(wal_mb) * 2**20 // page)}")

    @contextlib.contextmanager
    def batch(self) -> Iterator["Store"]:
        """Group several writes (e.g. many articles) in one transaction; each write stays atomic on its own."""
        with self._write():
            yield self

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with _errors(self.path), self._interruptible():
            return self._conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        with _errors(self.path), self._interruptible():
            return self._conn.execute(sql, params).fetchone()

    @contextlib.contextmanager
    def _interruptible(self) -> Iterator[None]:
        """An interrupt() that came between two statements stops the next one."""
        if self._interrupted:
            self._interrupted = False
            raise sqlite3.OperationalError("interrupted")
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "interrupt" in str(exc):
                self._interrupted = False
            raise

    # -- speakers -----------------------------------------------------------------------------

    def speaker_ids(
        self,
        text: str = "",
        sort: str = "quotes",
        descending: bool = True,
        types: tuple[str, ...] = (),
        org: str | None = None,
        match: str = "all",
        limit: int | None = None,
        offset: int = 0,
        quotes: QuoteFilter | None = None,
        keep: Sequence[int] = (),
    ) -> list[int]:
        """Speaker ids matching `text`, sorted in SQL.

        quotes: only speakers with at least one quote matching this filter (its verb, stance, dates,
        search …; its speaker_ids and org are ignored), except the speakers in `keep` (the ones a
        user selected stay listed, with no matching quote).

        match="prefix": names starting with `text` (case/space-insensitive; a range on the name_key
        index, milliseconds at any size). match="substring": the other speakers with `text` anywhere
        in name, org or titles (a scan). match="all" (default): prefix hits first, then the
        substring hits, each part in the requested order.
        `limit`/`offset`: one window of that order (the first 2,000 of 100,000 speakers by quote
        count come off the index in milliseconds; a window of "all" is cut from both parts).
        """
        if sort not in _SPEAKER_SORTS:
            raise ValueError(f"unknown speaker sort {sort!r}; use one of {', '.join(_SPEAKER_SORTS)}")
        if match not in ("all", "prefix", "substring"):
            raise ValueError(f"unknown match {match!r}; use all, prefix or substring")
        window = limit is not None or offset > 0
        # The first window of a quote-narrowed list walks the speakers in order and asks each for one
        # matching quote (milliseconds); the whole list is cheaper as one pass over the quotes.
        where, params = self._speaker_where(types, org, quotes, keep, walk=limit is not None)
        order = _SPEAKER_SORTS[sort].format(d="DESC" if descending else "ASC")

        if window and text and text.strip() and match == "all":
            ids = self.speaker_ids(text, sort, descending, types, org, match, quotes=quotes, keep=keep)
            return ids[offset:] if limit is None else ids[offset : offset + max(0, limit)]

        def run(extra: list[str], extra_params: list[Any]) -> list[int]:
            clauses = where + extra
            sql = "SELECT id FROM speakers" + (" WHERE " + " AND ".join(clauses) if clauses else "")
            sql += f" ORDER BY {order}, id"
            if window:
                sql += f" LIMIT {-1 if limit is None else max(0, int(limit))} OFFSET {max(0, int(offset))}"
            return [r[0] for r in self._all(sql, params + extra_params)]

        text = _search_text(text or "")
        key = fold_key(text)
        if not text:
            return run([], [])
        out: list[int] = []
        prefix_clause, prefix_params = ["name_key >= ? AND name_key < ?"], [key, _key_upper(key)]
        if not key:  # only characters fold_key drops: no prefix part
            prefix_clause, prefix_params = ["0"], []
        if match in ("all", "prefix"):
            out = run(prefix_clause, prefix_params)
            if match == "prefix":
                return out
        pattern = like_pattern(text)
        substring = ["(name LIKE ? ESCAPE '\\' OR org LIKE ? ESCAPE '\\' OR titles LIKE ? ESCAPE '\\')",
                     f"NOT ({prefix_clause[0]})"]
        return out + run(substring, [pattern, pattern, pattern] + prefix_params)

    def speaker_rows(self, ids: Sequence[int]) -> list[SpeakerRow]:
        """Rows for `ids` in the same order; ids that no longer exist are left out."""
        found: dict[int, SpeakerRow] = {}
        for chunk in _chunks(list(ids)):
            for r in self._all(
                "SELECT id, name, type, org, titles, quote_count FROM speakers WHERE id IN "
                f"({','.join('?' * len(chunk))})",
                chunk,
            ):
                found[r[0]] = SpeakerRow(*r)
        return [found[i] for i in ids if i in found]

    def speaker(self, speaker_id: int) -> SpeakerRow:
        rows = self.speaker_rows([speaker_id])
        if not rows:
            raise StoreError(f"Speaker {speaker_id} does not exist (it may have been merged).")
        return rows[0]

    def _speaker_where(
        self, types: tuple[str, ...] = (), org: str | None = None, quotes: QuoteFilter | None = None,
        keep: Sequence[int] = (), walk: bool = False,
    ) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if types:
            where.append(f"type IN ({','.join('?' * len(types))})")
            params += list(types)
        if org is not None:
            where.append("org_key = ?")
            params.append(fold_key(org))
        if quotes is not None and narrows_speakers(quotes):
            sub, sub_params = self._filter_sql(replace(quotes, speaker_ids=(), org=None))
            if walk:
                clause = f"EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_id = speakers.id AND {' AND '.join(sub)})"
            else:
                clause = f"id IN (SELECT q.speaker_id FROM quotes q WHERE {' AND '.join(sub)})"
            params += sub_params
            kept = [int(i) for i in keep][:500]
            if kept:
                clause = f"({clause} OR id IN ({','.join('?' * len(kept))}))"
                params += kept
            where.append(clause)
        return where, params

    def speaker_count(self, types: tuple[str, ...] = (), org: str | None = None, quotes: QuoteFilter | None = None,
                      keep: Sequence[int] = ()) -> int:
        """How many speakers there are (of these types, in this organisation, with a quote matching `quotes`)."""
        where, params = self._speaker_where(types, org, quotes, keep)
        return self._one("SELECT count(*) FROM speakers" + (" WHERE " + " AND ".join(where) if where else ""), params)[0]

    def interrupt(self) -> None:
        """Stop the read query running on this store's connection, or the next one if none is
        running (safe from another thread): it raises sqlite3.OperationalError('interrupted') in
        the thread that ran it. For a superseded background query (viewer.workers.LatestQuery)."""
        self._interrupted = True
        with contextlib.suppress(sqlite3.ProgrammingError):  # already closed
            self._conn.interrupt()

    def find_speakers(self, name: str, org: str | None = None) -> list[int]:
        """Ids of speakers called `name` (case/space-insensitive), in `org` if given, aliases included."""
        key = fold_key(name)
        if org is None:
            rows = self._all(
                "SELECT id FROM speakers WHERE name_key = ? UNION "
                "SELECT speaker_id FROM speaker_aliases WHERE name_key = ? ORDER BY 1",
                (key, key),
            )
        else:
            okey = fold_key(org)
            rows = self._all(
                "SELECT id FROM speakers WHERE name_key = ? AND org_key = ? UNION "
                "SELECT speaker_id FROM speaker_aliases WHERE name_key = ? AND org_key = ? ORDER BY 1",
                (key, okey, key, okey),
            )
        return [r[0] for r in rows]

    # -- quotes -------------------------------------------------------------------------------

    def _filter_sql(self, f: QuoteFilter, walk: bool = False) -> tuple[list[str], list[Any]]:
        """WHERE clauses (over `quotes q` alone) and their parameters for `f`.

        walk=True writes the text search as `+q.id IN (…)`: the hits become a set that the rows of
        another index are checked against, instead of the rows the query starts from."""
        where: list[str] = []
        params: list[Any] = []
        if not f.include_not_speech:
            where.append("q.status != 'not_speech'")
        if f.speaker_ids:
            ids = [int(i) for i in f.speaker_ids]
            if len(ids) <= 500:
                where.append(f"q.speaker_id IN ({','.join('?' * len(ids))})")
                params += ids
            else:
                where.append("q.speaker_id IN (SELECT value FROM json_each(?))")
                params.append(json.dumps(ids))
        if f.org is not None:
            where.append("q.speaker_id IN (SELECT id FROM speakers WHERE org_key = ?)")
            params.append(fold_key(f.org))
        if f.verb is not None:
            where.append("q.verb = ?")
            params.append(f.verb)
        if f.stance is not None:
            where.append("q.stance = ?")
            params.append(f.stance)
        since = normalize_date(f.since, "since")
        until = normalize_date(f.until, "until")
        dated: list[str] = []
        if since:
            dated.append("q.published >= ?")
            params.append(since)
        if until:
            # '~' sorts after digits and '-', so 2025-12~ keeps every day of December 2025.
            dated.append("q.published <= ?")
            params.append(until + "~")
        if f.undated is True and dated:
            where.append(f"(({' AND '.join(dated)}) OR q.published IS NULL)")
        elif f.undated is False and not dated:
            where.append("q.published IS NOT NULL")
        else:
            where += dated
        if f.query is not None and f.query.strip():
            kind, value = self._text_search(_search_text(f.query))
            if kind == "fts":
                where.append(("+" if walk else "") + "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            else:
                where.append("q.text LIKE ? ESCAPE '\\'")
            params.append(value)
        if f.needs_review is not None:
            where.append("q.needs_review = ?")
            params.append(1 if f.needs_review else 0)
        if f.article_id is not None:
            where.append("q.article_id = ?")
            params.append(int(f.article_id))
        return where, params

    def _text_search(self, query: str) -> tuple[str, str]:
        """('fts', MATCH expression) for a query with words, else ('like', pattern): a query of
        punctuation alone is matched as a plain substring. (The index finds every quote a substring
        search for the query would, and more: 정부는 also finds 정부가.)"""
        # PRAGMA data_version changes when another connection commits: new quotes may change the counts.
        version = self._one("PRAGMA data_version")[0]
        if version != self._fts_cache_version:
            self._fts_cache.clear()
            self._fts_hit_counts.clear()
            self._fts_cache_version = version
        cached = self._fts_cache.get(query)
        if cached is not None:
            return cached
        expr = fts_query(query)
        result = ("like", like_pattern(query)) if expr is None else ("fts", expr)
        if len(self._fts_cache) > 256:
            self._fts_cache.clear()
        self._fts_cache[query] = result
        return result

    def quote_ids(
        self,
        f: QuoteFilter = QuoteFilter(),
        sort: str = "date",
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[int]:
        """Ids of the quotes matching `f`, sorted in SQL (ties broken by id).

        sort: date (article date, then article, then position: one direction throughout), speaker,
        type, org, title, text, verb, frame, stance, polarity, confidence, resolution, status,
        needs_review, headline, source, article (text order), id.
        `limit`/`offset` return one window of that order (the viewer pages through big lists): the
        date order and a speaker's quotes walk an index, so the first window costs milliseconds.
        """
        walk = limit is not None and self._walk_date_index(f, sort, int(limit) + max(0, int(offset)))
        sql, params = self._quote_ids_sql(f, sort, descending, walk)
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, -1 if limit is None else max(0, int(limit)), max(0, int(offset))]
        return [r[0] for r in self._all(sql, params)]

    def _quote_ids_sql(self, f: QuoteFilter, sort: str, descending: bool, walk: bool = False) -> tuple[str, list[Any]]:
        if sort not in _QUOTE_SORTS:
            raise ValueError(f"unknown quote sort {sort!r}; use one of {', '.join(_QUOTE_SORTS)}")
        order, sort_article, sort_speaker = _QUOTE_SORTS[sort]
        where, params = self._filter_sql(f, walk)
        d = "DESC" if descending else "ASC"
        sql = "SELECT q.id FROM quotes q" + (" INDEXED BY quotes_date" if walk else "")
        if sort_article:
            sql += " JOIN articles a ON a.id = q.article_id"
        if sort_speaker:
            sql += " LEFT JOIN speakers s ON s.id = q.speaker_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order.format(d=d)}, q.id {d}"
        return sql, params

    def _search_only(self, f: QuoteFilter) -> str | None:
        """The MATCH expression when `f` is a full-text search and nothing else, else None."""
        if not f.query or f.speaker_ids or f.org is not None or f.verb is not None or f.stance is not None \
                or f.needs_review is not None or f.article_id is not None or f.since or f.until \
                or f.undated is False:
            return None
        kind, value = self._text_search(_search_text(f.query))
        return value if kind == "fts" else None

    def _fts_hit_count(self, expr: str) -> int:
        """Quotes (any status) the MATCH expression finds: the index's own count, no row is read."""
        count = self._fts_hit_counts.get(expr)
        if count is None:
            count = self._one("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?", (expr,))[0]
            if len(self._fts_hit_counts) > 256:
                self._fts_hit_counts.clear()
            self._fts_hit_counts[expr] = count
        return count

    def _walk_date_index(self, f: QuoteFilter, sort: str, needed: int) -> bool:
        """Whether the first `needed` ids of a big search, newest first, are cheaper found by walking
        the date index and keeping the hits than by reading and sorting every hit's row.

        Measured on a million quotes: reading and sorting costs ~2.3 µs per hit; the walk ~0.45 µs per
        hit (to collect them) plus ~0.4 µs per index entry, and it passes needed * total / hits
        entries. So the walk wins when hits² > needed * total / 4: with 147,000 hits the first 2,000
        cost ~90 ms instead of ~360, with 50,000 ~40 instead of ~120; a rare word (a few thousand
        hits) keeps the row plan, which would otherwise walk most of the index."""
        if sort != "date" or f.include_not_speech:
            return False
        expr = self._search_only(f)
        if expr is None:
            return False
        hits = self._fts_hit_count(expr)
        total = self._one("SELECT max(id) FROM quotes")[0] or 0
        return 4 * hits * hits >= max(1, needed) * total

    def quote_count(self, f: QuoteFilter = QuoteFilter()) -> int:
        expr = self._search_only(f)
        if expr is not None:
            # The index's count of hits less the hits marked not speech (a short partial index).
            count = self._fts_hit_count(expr)
            if not f.include_not_speech:
                count -= self._one(
                    "SELECT count(*) FROM quotes q INDEXED BY quotes_not_speech WHERE q.status = 'not_speech' "
                    "AND +q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", (expr,))[0]
            return count
        where, params = self._filter_sql(f)
        sql = "SELECT count(*) FROM quotes q"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self._one(sql, params)[0]

    def quote_rows(self, ids: Sequence[int]) -> list[QuoteRow]:
        """Rows for `ids` in the same order; ids that no longer exist are left out."""
        found: dict[int, QuoteRow] = {}
        for chunk in _chunks(list(ids)):
            sql = f"SELECT {_QUOTE_COLUMNS} FROM {_QUOTE_FROM} WHERE q.id IN ({','.join('?' * len(chunk))})"
            for r in self._all(sql, chunk):
                found[r[0]] = _quote_row(r)
        return [found[i] for i in ids if i in found]

    def quote(self, quote_id: int) -> QuoteRow:
        rows = self.quote_rows([quote_id])
        if not rows:
            raise StoreError(f"Quote {quote_id} does not exist.")
        return rows[0]

    def article(self, article_id: int) -> ArticleRow:
        r = self._one(
            "SELECT id, headline, published, source_path, outlet, reporter, text, url, source_row, source_id "
            "FROM articles WHERE id = ?",
            (article_id,),
        )
        if r is None:
            raise StoreError(f"Article {article_id} does not exist.")
        return ArticleRow(*r)

    def article_count(self) -> int:
        return self._one("SELECT count(*) FROM articles")[0]

    def article_quotes(self, article_id: int) -> list[QuoteRow]:
        """The article's quotes in text order (not_speech excluded), for highlighting."""
        sql = (
            f"SELECT {_QUOTE_COLUMNS} FROM {_QUOTE_FROM} WHERE q.article_id = ? AND q.status != 'not_speech' "
            'ORDER BY q."start", q.id'
        )
        return [_quote_row(r) for r in self._all(sql, (article_id,))]

    def orgs(self) -> list[str]:
        return [r[0] for r in self._all("SELECT DISTINCT org FROM speakers WHERE org IS NOT NULL AND org != '' ORDER BY org")]

    def verbs(self) -> list[str]:
        return [r[0] for r in self._all("SELECT DISTINCT verb FROM quotes WHERE verb IS NOT NULL ORDER BY verb")]

    def stances(self) -> list[str]:
        return [r[0] for r in self._all("SELECT DISTINCT stance FROM quotes WHERE stance IS NOT NULL ORDER BY stance")]

    def date_range(self) -> tuple[str | None, str | None]:
        """The first and last article date of the quotes (not marked not speech); (None, None) if none is dated."""
        lo = self._one("SELECT min(published) FROM quotes q WHERE q.status != 'not_speech' AND q.published IS NOT NULL")[0]
        hi = self._one("SELECT max(published) FROM quotes q WHERE q.status != 'not_speech'")[0]
        return lo, hi

    def undated_count(self, f: QuoteFilter | None = None) -> int:
        """How many quotes matching `f` (date bounds aside) come from articles without a date."""
        base = replace(f or QuoteFilter(), since=None, until=None, undated=None)
        where, params = self._filter_sql(base)
        sql = "SELECT count(*) FROM quotes q WHERE " + " AND ".join(where + ["q.published IS NULL"])
        return self._one(sql, params)[0]

    def stance_mix(self, speaker_id: int) -> dict[str, int]:
        """Quote counts per stance for a speaker (not_speech excluded); quotes without a stance count under ''."""
        rows = self._all(
            "SELECT COALESCE(stance, ''), count(*) FROM quotes WHERE speaker_id = ? AND status != 'not_speech' "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            (speaker_id,),
        )
        return {stance: n for stance, n in rows}

    # -- export -------------------------------------------------------------------------------

    def export_csv(
        self,
        out_path: str | Path,
        f: QuoteFilter = QuoteFilter(),
        *,
        quote_ids: Sequence[int] | None = None,
        raw: bool = False,
        korean_headers: bool = False,
    ) -> int:
        """Write one CSV row per quote (UTF-8 with BOM); returns the number of rows.

        korean_headers: the header row in Korean (EXPORT_COLUMNS_KO), same columns in the same order.
        The file appears complete or not at all (temp file + rename). Unless `raw`, text cells that a
        spreadsheet would run as a formula (starting with = + - @ tab CR) get a leading apostrophe.
        `quote_ids` exports exactly those quotes in that order; otherwise `f` in date order.
        """
        ids = list(quote_ids) if quote_ids is not None else self.quote_ids(f, sort="date", descending=False)

        def rows() -> Iterator[list[Any]]:
            for chunk in _chunks(ids):
                for row in self.quote_rows(chunk):
                    cells = _export_cells(row)
                    yield cells if raw else [guard_cell(c) for c in cells]

        return self._write_csv(out_path, EXPORT_COLUMNS_KO if korean_headers else EXPORT_COLUMNS, rows())

    def _write_csv(self, out_path: str | Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Write `header` and `rows` to a CSV file (UTF-8 with BOM) that appears complete or not at all
        (a temporary file beside it, then renamed); returns the number of rows. Every export goes
        through here: it refuses a folder, the database itself and its companions, and anything that
        is not a regular file (a device, a pipe)."""
        out = Path(out_path).expanduser()
        if out.is_dir():
            raise StoreError(f"{out} is a folder; give a file name for the CSV.")
        if self.owns_file(out):
            raise StoreError(f"{out} is the database itself (or one of its SQLite files); give another name for the CSV.")
        if out.exists() and not out.is_file():
            raise StoreError(f"{out} is not a regular file (a device, pipe or socket); give a file name for the CSV.")
        if not out.parent.exists():
            raise StoreError(f"The folder {out.parent} does not exist.")
        try:
            fd, tmp = _new_file_beside(out)
        except OSError as exc:
            raise StoreError(f"Cannot write in {out.parent} ({exc.strerror or exc}).") from None
        written = 0
        try:
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                for cells in rows:
                    writer.writerow(cells)
                    written += 1
            os.replace(tmp, out)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise StoreError(f"Cannot write {out} ({exc.strerror or exc}).") from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return written

    def owns_file(self, path: str | Path) -> bool:
        """Whether `path` is this database's file or one SQLite keeps beside it (-wal, -shm, -journal),
        under any name (a symlink, a hard link): what an export or an ingest must never write or read."""
        if str(self.path) == ":memory:":
            return False
        own = (self.path, *(Path(f"{self.path}{suffix}") for suffix in _SQLITE_COMPANIONS))
        other = Path(path).expanduser()
        try:
            found = other.stat()
        except OSError:  # not there (yet): compare where it would be
            target = other.resolve()
            return any(target == p.resolve() for p in own)
        for p in own:
            with contextlib.suppress(OSError):
                if os.path.samestat(found, p.stat()):
                    return True
        return False

    # -- maintenance --------------------------------------------------------------------------

    def integrity_check(self, limit: int = 100) -> list[str]:
        """What is wrong with the file, one line per problem ([] when nothing is): SQLite's check of every
        page and index (at most `limit` problems), the search index checked against the quotes, and the
        foreign keys. Damage that stops a check is a problem too; nothing is changed."""
        problems: list[str] = []
        try:
            problems += self._sqlite_check(f"PRAGMA integrity_check({int(limit)})")
        except sqlite3.DatabaseError:
            # Some damage stops the check of the whole file: check table by table to say where it is.
            try:
                tables = [r[0] for r in self._conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            except sqlite3.DatabaseError as exc:
                tables = []
                problems.append(f"the list of tables cannot be read ({exc})")
            for table in tables:
                try:
                    problems += self._sqlite_check(f"PRAGMA integrity_check(\"{table}\")")
                except sqlite3.DatabaseError as exc:
                    problems.append(f"the table {table} or one of its indexes is damaged ({exc})")
        try:
            # FTS5's check is written as an INSERT but changes nothing: a reader lifts query_only for it.
            self._conn.execute("PRAGMA query_only = OFF")
            try:
                self._conn.execute("INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)")
            finally:
                self._conn.execute(f"PRAGMA query_only = {'ON' if self.readonly else 'OFF'}")
        except sqlite3.DatabaseError as exc:
            if isinstance(_translate(exc, self.path), DatabaseLocked):  # a writer is busy: no verdict on the index
                raise _translate(exc, self.path) from None
            if "readonly" not in str(exc):  # a read-only file: the search index cannot be checked here
                problems.append(f"search index: {exc}")
        try:
            problems += [
                f"foreign key: row {rowid} of {table} points to a missing row of {parent}"
                for table, rowid, parent, _fk in self._conn.execute("PRAGMA foreign_key_check").fetchall()
            ]
        except sqlite3.DatabaseError as exc:
            problems.append(f"the foreign key check stopped: {exc}")
        return problems

    def _sqlite_check(self, pragma: str) -> list[str]:
        """The lines of an integrity_check report other than 'ok' and its '*** in database' headings."""
        return [line for (report,) in self._conn.execute(pragma).fetchall()
                for line in str(report).splitlines() if line != "ok" and not line.startswith("***")]

    def rebuild_search_index(self) -> None:
        """Build the search index again from the quotes (when the index alone is damaged)."""
        with self._write() as conn:
            conn.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")


# ---------------------------------------------------------------------------------------------

def _quote_row(r: tuple) -> QuoteRow:
    values = list(r)
    try:
        values[12] = tuple(json.loads(values[12] or "[]"))
    except (ValueError, TypeError):
        values[12] = (str(values[12]),)
    values[15] = bool(values[15])
    values[28] = bool(values[28])
    return QuoteRow(*values)


def _export_cells(row: QuoteRow) -> list[Any]:
    return [
        row.id, row.speaker if row.speaker is not None else UNKNOWN_SPEAKER_LABEL, row.speaker_type, row.title or "",
        row.org or "", row.text, row.verb or "", row.frame or "", row.stance or "", row.polarity or "",
        "; ".join(row.evidence), row.headline or "", row.published or "", row.source_path or "", row.sentence,
        row.resolution, round(row.confidence, 4), 1 if row.in_headline else 0,
        "" if row.source_row is None else row.source_row, row.url or "",
    ]


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL once per file; retry while another program holds the lock (the switch may not wait)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # a no-op once the file is in WAL mode
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _new_file_beside(out: Path) -> tuple[int, str]:
    """Create a hidden temporary file next to `out`, to be renamed over it; (descriptor, path).

    Unlike tempfile.mkstemp (always 0600) the file gets what the user's umask gives a new file, or the
    permissions of the `out` it replaces, so an export stays as readable as the user's other files."""
    try:
        replaced: int | None = stat.S_IMODE(out.stat().st_mode)
    except OSError:
        replaced = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = out.parent / f".{out.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o666)  # the system applies the umask
        except FileExistsError:
            continue
        if replaced is not None:
            with contextlib.suppress(OSError):
                os.chmod(tmp, replaced)
        return fd, str(tmp)


def _search_text(text: str) -> str:
    """What the user typed into a search, trimmed; StoreError when it is longer than any search needs
    (SQLite refuses LIKE patterns over 50,000 bytes, and a pasted page is a slip, not a query)."""
    text = text.strip()
    if len(text) > MAX_SEARCH_CHARS:
        raise StoreError(f"The search text is too long ({len(text):,} characters; at most {MAX_SEARCH_CHARS:,}).")
    return text


def _key_upper(key: str) -> str:
    """The smallest string above every string starting with `key` (for a prefix range on an index)."""
    return key[:-1] + chr(ord(key[-1]) + 1) if key and ord(key[-1]) < 0x10FFFF else key + "\U0010ffff"


def _uri_path(p: Path) -> str:
    from urllib.parse import quote

    return quote(str(p.resolve()))


def _reader_uri(p: Path) -> str:
    """How a read-only Store opens the file.

    SQLite's read-only mode (mode=ro) cannot undo what a WAL reader sets up: it leaves -wal and -shm
    files behind, and it cannot open a WAL database at all in a folder where it cannot create them.
    So a reader that may write the file and its folder opens it read-write (the Store turns on
    query_only and refuses writes), and closes like any connection: the last one out removes the
    -wal and -shm. One that may not (a read-only file, folder or disk) reads the file as immutable
    when there is no -wal: no program is writing it then (a writer in WAL mode keeps a -wal open),
    and an immutable reader creates nothing. With a -wal present it reads through SQLite's
    read-only mode, which sees the writer's latest commits."""
    base = "file:" + _uri_path(p)
    if os.access(p, os.W_OK) and os.access(p.parent, os.W_OK):
        return base + "?mode=rw"
    if not Path(f"{p}-wal").exists():
        return base + "?mode=ro&immutable=1"
    return base + "?mode=ro"


def _check_file(p: Path, readonly: bool) -> None:
    """Refuse folders and missing read-only files before SQLite sees them.

    Only `stat`: the file is never opened here. On POSIX, closing any descriptor of a file drops
    every lock this process holds on it, so a look at the header while another Store of this process
    has the database open would let a second program delete the live WAL. Whether the file is
    SQLite at all is asked of SQLite itself (`Store._prepare`), which shares its locks correctly."""
    if p.is_dir():
        raise StoreError(f"{p} is a folder; give a database file name.")
    if not p.exists() and readonly:
        raise StoreError(f"The database {p} does not exist.")
