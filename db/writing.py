"""Storing parsed articles: each one prepared as plain values first (in any process), then many at a
time in one transaction.

`prepare_article` does everything that needs no database: it folds the headline quotes into the
body quotes that repeat them (db/headlines.py), checks and converts every field (a bad record
fails here, alone, with ValueError/TypeError/KeyError) and computes each quote's search terms
(db/search.py: syllable bigrams of its text; nothing from the parser). `PreparedArticle` is a tuple
of plain values, cheap to send between processes, so ingest prepares in other processes while
the single writer writes.

`WritingMixin.add_prepared` then writes a batch in one transaction with a handful of statements
whatever its size: articles already stored (same content hash) are skipped, each speaker is looked
up once per batch, ids are given in order (as SQLite would give them), quotes, their search terms
and the speakers' cached counts and titles go in with one `executemany` each. Nothing is written
for an article unless all of it is: the batch is one transaction. Mixed into `db.store.Store`.
"""
from __future__ import annotations

import math
import sqlite3
from json.encoder import encode_basestring as _encode_text  # JSON text of a str, as json.dumps writes it
from operator import itemgetter
from typing import Any, Iterable, NamedTuple, Sequence

from .common import StoreError, as_dict, blank_to_none, content_hash, fold_key, json_list, now, safe_date
from .headlines import fold_headline_quotes
from .search import index_terms

# quotes' columns as the store writes them; the first four are filled in by the writer.
QUOTE_COLUMNS = (
    "id", "article_id", "speaker_id", "ordinal", "text", '"start"', '"end"', "speaker_name", "speaker_type", "title",
    "org", "verb", "sentence", "sentence_start", "mention", "mention_start", "mention_end", "cue", "cue_start",
    "cue_end", "resolution", "confidence", "needs_review", "frame", "stance", "stance_secondary", "polarity",
    "evidence", "published", "in_headline", "headline_start", "headline_end",
)
_INSERT_QUOTE = f"INSERT INTO quotes ({', '.join(QUOTE_COLUMNS)}) VALUES ({', '.join('?' * len(QUOTE_COLUMNS))})"
_INSERT_TERMS = "INSERT INTO quotes_fts(rowid, terms) VALUES (?, ?)"
ARTICLE_COLUMNS = (
    "id", "content_hash", "source_path", "headline", "published", "outlet", "reporter", "text", "warnings",
    "ingested_at", "url", "source_row", "source_id",
)
_INSERT_ARTICLE = f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})"
_TITLE = 5  # index of the title in a prepared quote's values
_INT64 = (-(2**63), 2**63 - 1)
_CHUNK = 500  # values per IN (…) list


class PreparedArticle(NamedTuple):
    """An article ready to write: plain values only (picklable, no parser objects)."""

    content_hash: str
    article: tuple  # source_path, headline, published, outlet, reporter, text, warnings (JSON)
    quotes: tuple  # per quote: QUOTE_COLUMNS' values after id, article_id, speaker_id, ordinal
    speakers: tuple  # per quote: (name_key, org_key, name, type, org), or None for no speaker
    terms: tuple  # per quote: its search terms (db.search.index_terms)
    source: tuple = (None, None, None)  # url, source_row, source_id (as its format gave them)


class PreparedQuotes(NamedTuple):
    quotes: tuple
    speakers: tuple
    terms: tuple


def prepare_article(
    *,
    source_path: str | None,
    text: str,
    meta: Any,
    quotes: Sequence[Any],
    content_hash: str | None = None,
    warnings: Sequence[str] = (),
) -> PreparedArticle:
    """One parsed article as `add_prepared` writes it. Raises ValueError/TypeError/KeyError for a
    record that cannot be stored (a field of the wrong type, a number out of range).

    `meta` gives headline, published, outlet, reporter and, from formats that say so (attribution/readers),
    url, source_row (the row of a spreadsheet or corpus file) and source_id.
    `content_hash` defaults to the hash of `text`; ingest passes the hash of the file's text.
    Quotes are `Quote`s or their dicts; a "morphs" field (older parsers' Kiwi morphemes) is ignored.
    """
    if not isinstance(text, str):
        raise TypeError(f"the article text is {type(text).__name__}, not text")
    digest = content_hash or _content_hash(text)
    if not isinstance(digest, str):
        raise TypeError("content_hash is not text")
    m = as_dict(meta)
    headline = _opt_text(m.get("headline"))
    qdicts, _ = fold_headline_quotes(text, headline, [as_dict(q) for q in quotes])
    published = safe_date(m.get("published"))
    article = (
        None if source_path is None else str(source_path), headline, published, _opt_text(m.get("outlet")),
        _opt_text(m.get("reporter")), text, json_list(warnings),
    )
    source = (_opt_text(m.get("url")), _safe_row(m.get("source_row")), _opt_text(m.get("source_id")))
    return PreparedArticle(digest, article, *prepare_quotes(qdicts, published), source)


_content_hash = content_hash  # prepare_article has a parameter called content_hash


def prepare_quotes(qdicts: Sequence[dict], published: str | None) -> PreparedQuotes:
    """The quotes' values, speakers and search terms (see PreparedArticle), checked and converted."""
    values, speakers, terms = [], [], []
    for q in qdicts:
        try:
            got = _get_fields(q)
        except KeyError:  # not every field given: the rest are None
            got = tuple(q.get(k) for k in _FIELDS)
        ints = _int_fields(got)
        if not (_TEXT_TYPES.issuperset(map(type, _text_fields(got))) and _INT_TYPES.issuperset(map(type, ints))
                and type(got[17]) in _NUMBER_TYPES and all(v is None or _INT64[0] <= v <= _INT64[1] for v in ints)):
            got = _converted(got)
        (text, start, end, name, stype, title, org, verb, sentence, sentence_start, mention, mention_start,
         mention_end, cue, cue_start, cue_end, resolution, confidence, needs_review, frame, stance, secondary,
         polarity, evidence) = got
        text = text or ""
        name = name.strip() or None if name else None
        org = org.strip() or None if org else None
        stype = stype or "unknown"
        values.append((
            text, start or 0, end or 0, name, stype, title.strip() or None if title else None, org,
            verb.strip() or None if verb else None, sentence or "", sentence_start or 0, mention, mention_start,
            mention_end, cue, cue_start, cue_end, resolution or "unresolved", _confidence(confidence),
            1 if needs_review else 0, frame, stance, _json_list(secondary), polarity, _json_list(evidence),
            published, 1 if q.get("in_headline") else 0, _opt_int(q.get("headline_start")),
            _opt_int(q.get("headline_end")),
        ))
        speakers.append(None if name is None else (fold_key(name), fold_key(org), name, stype, org))
        terms.append(index_terms(text))
    return PreparedQuotes(tuple(values), tuple(speakers), tuple(terms))


# The fields of a parser's quote the store keeps, in the order prepare_quotes unpacks them.
_FIELDS = ("text", "start", "end", "speaker", "speaker_type", "title", "org", "verb", "sentence", "sentence_start",
           "mention", "mention_start", "mention_end", "cue", "cue_start", "cue_end", "resolution", "confidence",
           "needs_review", "frame", "stance", "stance_secondary", "polarity", "evidence")
_TEXT = (0, 3, 4, 5, 6, 7, 8, 10, 13, 16, 19, 20, 22)  # positions of text fields
_INT = (1, 2, 9, 11, 12, 14, 15)  # positions of whole numbers (17 is the confidence)
_get_fields = itemgetter(*_FIELDS)
_text_fields = itemgetter(*_TEXT)
_int_fields = itemgetter(*_INT)
_TEXT_TYPES = frozenset({str, type(None)})
_INT_TYPES = frozenset({int, type(None)})
_NUMBER_TYPES = frozenset({float, int, type(None)})


def _converted(got: tuple) -> tuple:
    """The fields with numbers given as text written out and numbers as the store keeps them;
    ValueError/TypeError for what cannot be stored (another kind of value, a number out of range)."""
    out = list(got)
    for i in _TEXT:
        out[i] = _raw_text(got[i])
    for i in _INT:
        out[i] = _opt_int(got[i])
    out[17] = float(got[17] or 0.0)
    return tuple(out)


def _confidence(value: Any) -> float:
    """A quote's confidence as stored: a finite number (ValueError for NaN or infinity, which JSON from
    Python can carry and SQLite would store as NULL)."""
    number = float(value or 0.0)
    if not math.isfinite(number):
        raise ValueError(f"the confidence {number} is not a finite number")
    return number


def _json_list(value: Any) -> str:
    """json_list, faster for what a parser gives (a list of text): the same JSON."""
    if not value:
        return "[]"
    if value.__class__ is list and all(v.__class__ is str for v in value):
        return "[" + ", ".join(map(_encode_text, value)) + "]"
    return json_list(value)


def _raw_text(value: Any) -> str | None:
    """Text as given (None kept, blanks kept), numbers written out; anything else is a bad record."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected text, got {type(value).__name__}")


def _opt_text(value: Any) -> str | None:
    return blank_to_none(_raw_text(value))


def _safe_row(value: Any) -> int | None:
    """A row number from a record (a positive integer), or None."""
    try:
        row = int(value)
    except (TypeError, ValueError):
        return None
    return row if 0 < row <= _INT64[1] else None


def _opt_int(value: Any) -> int | None:
    """None, or a whole number SQLite can hold (ValueError/TypeError otherwise)."""
    if value is None:
        return None
    n = int(value)
    if not _INT64[0] <= n <= _INT64[1]:
        raise ValueError(f"the number {n} is out of range")
    return n


class WritingMixin:
    """Writing parsed articles and re-parsed quotes (the store's `_write` transaction, its connection)."""

    def has_article(self, content_hash: str) -> bool:
        return self._one("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)) is not None

    def add_parsed_article(
        self,
        *,
        source_path: str | None,
        text: str,
        meta: Any,
        quotes: Sequence[Any],
        content_hash: str | None = None,
        warnings: Sequence[str] = (),
    ) -> int | None:
        """Store one parsed article with all its quotes atomically; None if an article with that hash exists.

        `content_hash` defaults to the hash of `text`; ingest passes the hash of the file's text.
        Many articles: `add_prepared` (one transaction, a few statements for all of them).
        """
        prepared = prepare_article(source_path=source_path, text=text, meta=meta, quotes=quotes,
                                   content_hash=content_hash, warnings=warnings)
        return self.add_prepared([prepared])[0]

    def add_prepared(self, articles: Sequence[PreparedArticle]) -> list[int | None]:
        """Write prepared articles in one transaction (a savepoint inside a `batch()`): each one's id,
        or None when an article with its content hash is stored already (or earlier in `articles`)."""
        with self._write() as conn:
            stored = set()
            hashes = list({a.content_hash for a in articles})
            for i in range(0, len(hashes), _CHUNK):
                part = hashes[i : i + _CHUNK]
                stored.update(r[0] for r in conn.execute(
                    f"SELECT content_hash FROM articles WHERE content_hash IN ({','.join('?' * len(part))})", part))
            new: list[PreparedArticle] = []
            ids: list[int | None] = []
            next_id = conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM articles").fetchone()[0]
            for a in articles:
                if a.content_hash in stored:
                    ids.append(None)
                    continue
                stored.add(a.content_hash)
                new.append(a)
                ids.append(next_id + len(new) - 1)
            if not new:
                return ids
            at = now()
            conn.executemany(_INSERT_ARTICLE, [(next_id + i, a.content_hash, *a.article, at, *a.source) for i, a in enumerate(new)])
            speakers = _Speakers(conn, (who for a in new for who in a.speakers))
            first = conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM quotes").fetchone()[0]
            rows: list[tuple] = []
            terms: list[str] = []
            for i, a in enumerate(new):
                rows += _quote_rows(next_id + i, 0, first + len(rows), a, speakers)
                terms += a.terms
            self._insert_quotes(conn, rows, terms)
            speakers.save()
            return ids

    def _insert_quotes(self, conn: sqlite3.Connection, rows: list[tuple], terms: Sequence[str]) -> None:
        """Insert quote rows (ids given, in order) and their search terms."""
        conn.executemany(_INSERT_QUOTE, rows)
        # The terms after every quote: a statement that may need undoing (an INSERT into quotes, with
        # its foreign keys) makes FTS5 flush the terms it holds in memory, a small segment each time.
        conn.executemany(_INSERT_TERMS, zip((r[0] for r in rows), terms))

    def article_ids(self) -> list[int]:
        return [r[0] for r in self._all("SELECT id FROM articles ORDER BY id")]

    def article_texts(self, ids: Sequence[int]) -> list[tuple[int, str]]:
        """(id, text) for `ids`, for re-parsing stored articles."""
        out: list[tuple[int, str]] = []
        for i in range(0, len(ids), _CHUNK):
            chunk = list(ids[i : i + _CHUNK])
            out += self._all(f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk)
        return out

    def replace_parsed_quotes(self, article_id: int, quotes: Sequence[Any]) -> tuple[int, int]:
        """Swap an article's parser output for a newer parse, keeping every quote a user touched.

        Quotes with status other than 'parsed' stay as they are; new quotes overlapping one of them
        are dropped (the user's version wins). Returns (quotes kept, quotes now from the parser).
        """
        with self._write() as conn:
            found = conn.execute("SELECT published, text, headline FROM articles WHERE id = ?", (article_id,)).fetchone()
            if found is None:
                raise StoreError(f"Article {article_id} does not exist.")
            published, text, headline = found
            kept_rows = conn.execute(
                "SELECT q.id, q.\"start\", q.\"end\", q.text, s.name, s.org FROM quotes q "
                "LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = ? AND q.status != 'parsed'",
                (article_id,),
            ).fetchall()
            kept = [(r[1], r[2]) for r in kept_rows]

            def overlaps_kept(q: dict) -> bool:
                start, end = int(q.get("start") or 0), int(q.get("end") or 0)
                return any(start < k_end and k_start < end for k_start, k_end in kept)

            # The user's version wins over a new quote at the same place; then headline quotes fold.
            qdicts, marks = fold_headline_quotes(
                text, headline, [d for d in (as_dict(q) for q in quotes) if not overlaps_kept(d)],
                kept=[{"id": r[0], "start": r[1], "text": r[3], "speaker": r[4], "org": r[5]} for r in kept_rows],
            )
            prepared = prepare_quotes(qdicts, published)
            for qid, (h_start, h_end) in marks.items():
                conn.execute(
                    "UPDATE quotes SET in_headline = 1, headline_start = ?, headline_end = ? WHERE id = ?",
                    (h_start, h_end, qid),
                )
            old_speakers = [
                r[0] for r in conn.execute(
                    "SELECT DISTINCT speaker_id FROM quotes WHERE article_id = ? AND status = 'parsed'", (article_id,)
                )
            ]
            conn.execute("DELETE FROM quotes WHERE article_id = ? AND status = 'parsed'", (article_id,))
            ordinal = conn.execute(
                "SELECT COALESCE(max(ordinal) + 1, 0) FROM quotes WHERE article_id = ?", (article_id,)
            ).fetchone()[0]
            speakers = _Speakers(conn, prepared.speakers)
            first = conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM quotes").fetchone()[0]
            rows = _quote_rows(article_id, ordinal, first, prepared, speakers)
            self._insert_quotes(conn, rows, prepared.terms)
            self._refresh_speakers(conn, old_speakers + list(speakers.touched))
            return len(kept), len(rows)


def _quote_rows(article_id: int, ordinal: int, first_id: int, prepared: PreparedArticle | PreparedQuotes,
                speakers: "_Speakers") -> list[tuple]:
    """The INSERT values of an article's prepared quotes: ids from `first_id`, ordinals from `ordinal`."""
    return [
        (first_id + i, article_id, None if who is None else speakers.id_for(who, values[_TITLE]), ordinal + i, *values)
        for i, (values, who) in enumerate(zip(prepared.quotes, prepared.speakers))
    ]


class _Speakers:
    """The speakers of one write transaction: looked up all at once (aliases included), the missing
    ones created, and their cached quote counts and titles brought up to date at the end."""

    def __init__(self, conn: sqlite3.Connection, whos: Iterable[tuple | None]) -> None:
        self.conn = conn
        self._ids: dict[tuple[str, str], int] = {}
        self._titles: dict[int, str] = {}  # as stored
        self.touched: dict[int, list] = {}  # id -> [new quotes, titles of the new quotes]
        wanted: dict[tuple[str, str], tuple] = {}  # first mention of each (name, organisation), in order
        for who in whos:
            if who is not None and (who[0], who[1]) not in wanted:
                wanted[(who[0], who[1])] = who
        for sql in ("SELECT name_key, org_key, id, titles FROM speakers WHERE name_key IN ({})",
                    "SELECT a.name_key, a.org_key, s.id, s.titles FROM speaker_aliases a "
                    "JOIN speakers s ON s.id = a.speaker_id WHERE a.name_key IN ({})"):
            names = list({k[0] for k in wanted if k not in self._ids})
            for i in range(0, len(names), _CHUNK):
                part = names[i : i + _CHUNK]
                for name_key, org_key, sid, titles in conn.execute(sql.format(",".join("?" * len(part))), part):
                    if (name_key, org_key) in wanted and (name_key, org_key) not in self._ids:
                        self._ids[(name_key, org_key)] = sid
                        self._titles[sid] = titles
        new = [who for key, who in wanted.items() if key not in self._ids]
        if new:
            first = conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM speakers").fetchone()[0]
            conn.executemany("INSERT INTO speakers (id, name, type, org, name_key, org_key) VALUES (?, ?, ?, ?, ?, ?)",
                             [(first + i, name, stype, org, nkey, okey) for i, (nkey, okey, name, stype, org) in enumerate(new)])
            for i, who in enumerate(new):
                self._ids[(who[0], who[1])] = first + i
                self._titles[first + i] = ""

    def id_for(self, who: tuple, title: str | None) -> int:
        sid = self._ids[(who[0], who[1])]
        entry = self.touched.get(sid)
        if entry is None:
            entry = self.touched[sid] = [0, set()]
        entry[0] += 1
        if title:
            entry[1].add(title)
        return sid

    def save(self) -> None:
        """Add the new quotes to each speaker's cached count and their titles to its sorted titles."""
        rows = []
        for sid, (count, titles) in self.touched.items():
            old = self._titles[sid]
            merged = ", ".join(sorted({t for t in old.split(", ") if t} | titles)) if titles else old
            rows.append((count, merged, sid))
        self.conn.executemany("UPDATE speakers SET quote_count = quote_count + ?, titles = ? WHERE id = ?", rows)
