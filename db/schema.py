"""The database schema as named migrations, applied in order when a store opens.

Every change to the schema is a new migration appended here, never an edit to an applied one:
a database made by an older Balheon is upgraded in place, and a database that has
migrations this program does not know (made by a newer Balheon) is refused.
"""
from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .search import SEARCH_TERMS_FUNCTION


class _BalheonMigrations(Migrations):
    # A plain name so that any SQLite tool shows which schema steps a file has.
    migrations_table = "migrations"


MIGRATION_SET = "balheon"
migrations = _BalheonMigrations(MIGRATION_SET)


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    _run_script(db, 
        """
        CREATE TABLE articles (
            id           INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,      -- sha256 of the normalized decoded text
            source_path  TEXT,
            headline     TEXT,
            published    TEXT,                      -- ISO date YYYY-MM-DD, or NULL
            outlet       TEXT,
            reporter     TEXT,
            text         TEXT NOT NULL,             -- the parser's normalized text; quote offsets refer to it
            warnings     TEXT NOT NULL DEFAULT '[]',-- JSON list of parser warnings
            ingested_at  TEXT NOT NULL              -- ISO timestamp, UTC
        );
        CREATE INDEX articles_published ON articles(published);

        CREATE TABLE speakers (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            type        TEXT NOT NULL DEFAULT 'person',   -- person | organization | anonymous | unknown
            org         TEXT,
            name_key    TEXT NOT NULL,                    -- name folded: NFKC, casefold, no spaces
            org_key     TEXT NOT NULL DEFAULT '',         -- org folded the same way ('' for none)
            titles      TEXT NOT NULL DEFAULT '',         -- distinct quote titles joined with ', ' (cache)
            quote_count INTEGER NOT NULL DEFAULT 0,       -- quotes not marked not_speech (cache)
            created_by  TEXT NOT NULL DEFAULT 'parser',   -- parser | user
            UNIQUE (name_key, org_key)
        );
        CREATE INDEX speakers_org_key ON speakers(org_key);
        CREATE INDEX speakers_quote_count ON speakers(quote_count);
        CREATE INDEX speakers_name ON speakers(name);

        CREATE TABLE quotes (
            id               INTEGER PRIMARY KEY,
            article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            speaker_id       INTEGER REFERENCES speakers(id) ON DELETE SET NULL,  -- NULL: unknown speaker
            ordinal          INTEGER NOT NULL,          -- position of the quote in its article
            text             TEXT NOT NULL,
            "start"          INTEGER NOT NULL,          -- offsets of the quoted words in articles.text
            "end"            INTEGER NOT NULL,
            speaker_name     TEXT,                      -- the name as the parser gave it
            speaker_type     TEXT NOT NULL DEFAULT 'unknown',
            title            TEXT,                      -- the speaker's title in this article
            org              TEXT,                      -- the organisation as this article gave it
            verb             TEXT,
            sentence         TEXT NOT NULL DEFAULT '',
            sentence_start   INTEGER NOT NULL DEFAULT 0,
            mention          TEXT,
            mention_start    INTEGER,
            mention_end      INTEGER,
            cue              TEXT,
            cue_start        INTEGER,
            cue_end          INTEGER,
            resolution       TEXT NOT NULL DEFAULT 'unresolved',
            confidence       REAL NOT NULL DEFAULT 0,
            needs_review     INTEGER NOT NULL DEFAULT 0,
            frame            TEXT,
            stance           TEXT,
            stance_secondary TEXT NOT NULL DEFAULT '[]',   -- JSON list
            polarity         TEXT,
            evidence         TEXT NOT NULL DEFAULT '[]',   -- JSON list of human-readable reasons
            status           TEXT NOT NULL DEFAULT 'parsed'
                             CHECK (status IN ('parsed', 'confirmed', 'corrected', 'not_speech')),
            corrected_at     TEXT                          -- when a user last changed this quote
        );
        CREATE INDEX quotes_speaker ON quotes(speaker_id, title);
        CREATE INDEX quotes_article ON quotes(article_id, "start");
        CREATE INDEX quotes_verb ON quotes(verb);
        CREATE INDEX quotes_stance ON quotes(stance);
        CREATE INDEX quotes_org ON quotes(org);
        CREATE INDEX quotes_needs_review ON quotes(needs_review) WHERE needs_review = 1;
        """
    )


@migrations(name="0002_quote_search")
def _quote_search(db: Database) -> None:
    """Full-text search over quotes: the surface text plus a column of Kiwi morphemes (as it was).

    Superseded by 0011_search_bigrams, which drops the column and rebuilds the index from the
    quotes' text: an old file passing through here on its way up leaves `morphs` empty instead of
    running Kiwi over every quote (what this step once did) for an index that is rebuilt anyway.
    """
    db.execute("ALTER TABLE quotes ADD COLUMN morphs TEXT NOT NULL DEFAULT ''")
    _run_script(db, 
        """
        CREATE VIRTUAL TABLE quotes_fts USING fts5(
            text, morphs, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
        CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts(rowid, text, morphs) VALUES (new.id, new.text, new.morphs);
        END;
        CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, text, morphs) VALUES ('delete', old.id, old.text, old.morphs);
        END;
        CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, morphs ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, text, morphs) VALUES ('delete', old.id, old.text, old.morphs);
            INSERT INTO quotes_fts(rowid, text, morphs) VALUES (new.id, new.text, new.morphs);
        END;
        """
    )


@migrations(name="0003_speaker_aliases")
def _speaker_aliases(db: Database) -> None:
    """Names a speaker was merged from or renamed from, so later articles land on the kept speaker."""
    _run_script(db, 
        """
        CREATE TABLE speaker_aliases (
            name_key   TEXT NOT NULL,
            org_key    TEXT NOT NULL DEFAULT '',
            speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
            PRIMARY KEY (name_key, org_key)
        );
        CREATE INDEX speaker_aliases_speaker ON speaker_aliases(speaker_id);
        """
    )


@migrations(name="0004_quote_dates")
def _quote_dates(db: Database) -> None:
    """The article date copied onto its quotes, so date filters and the default newest-first order
    walk an index instead of joining and sorting a million rows. A trigger keeps the copy in step.

    The indexes are partial (speech only): the viewer's default filter is exactly that condition,
    and then the id that breaks ties is the index's own last column, so no sort is needed.
    The per-speaker stance index answers the viewer's stance-mix column without touching rows.
    """
    _run_script(
        db,
        """
        ALTER TABLE quotes ADD COLUMN published TEXT;
        UPDATE quotes SET published = (SELECT a.published FROM articles a WHERE a.id = quotes.article_id);
        CREATE INDEX quotes_date ON quotes(published, article_id, "start") WHERE status != 'not_speech';
        CREATE INDEX quotes_speaker_date ON quotes(speaker_id, published, article_id, "start")
            WHERE status != 'not_speech';
        CREATE INDEX quotes_speaker_stance ON quotes(speaker_id, stance) WHERE status != 'not_speech';
        CREATE TRIGGER articles_published_sync AFTER UPDATE OF published ON articles BEGIN
            UPDATE quotes SET published = new.published WHERE article_id = new.id;
        END;
        """,
    )


@migrations(name="0005_not_speech_index")
def _not_speech_index(db: Database) -> None:
    """The few quotes marked not speech, indexed, so a search's total is the full-text index's own
    count less these (Store.quote_count) instead of a look-up of every hit's row."""
    _run_script(db, "CREATE INDEX quotes_not_speech ON quotes(status) WHERE status = 'not_speech';\n")


@migrations(name="0006_correction_history")
def _correction_history(db: Database) -> None:
    """Every correction a user makes, with what it changed (before and after), so it can be undone,
    redone, read back per quote and exported. One `corrections` row per user action (a merge, a
    reassignment of several quotes), one `correction_changes` row per row it changed.

    No foreign keys to quotes or speakers: the history outlives a re-parse (which replaces quotes)
    and a merge (which deletes a speaker). A quote change keeps the quote's article and offset, so
    an undo never touches another quote that reuses the id, and the quote's words for reading."""
    _run_script(
        db,
        """
        CREATE TABLE corrections (
            id        INTEGER PRIMARY KEY,
            at        TEXT NOT NULL,                      -- when it was made (ISO, UTC)
            action    TEXT NOT NULL,                      -- reassign | title | not_speech | speech | confirm |
                                                          -- edit_speaker | merge | create_speaker | group
            label     TEXT NOT NULL DEFAULT '',           -- what the user did, in words
            state     TEXT NOT NULL DEFAULT 'done'
                      CHECK (state IN ('done', 'undone', 'dropped')),  -- dropped: can no longer be redone
            undone_at TEXT
        );
        CREATE INDEX corrections_state ON corrections(state, id);
        CREATE TABLE correction_changes (
            id            INTEGER PRIMARY KEY,
            correction_id INTEGER NOT NULL REFERENCES corrections(id) ON DELETE CASCADE,
            kind          TEXT NOT NULL CHECK (kind IN ('quote', 'speaker', 'alias')),
            quote_id      INTEGER,                        -- kind quote
            article_id    INTEGER,                        -- kind quote: the quote's article and offset
            quote_start   INTEGER,
            quote_text    TEXT,
            speaker_id    INTEGER,                        -- kind speaker (and alias: the speaker it names)
            name_key      TEXT,                           -- kind alias: the alias key
            org_key       TEXT,
            before        TEXT,                           -- JSON of the changed fields as they were (NULL: no row)
            after         TEXT,                           -- JSON as they became (NULL: row deleted)
            before_text   TEXT NOT NULL DEFAULT '',       -- the same, for people
            after_text    TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX correction_changes_correction ON correction_changes(correction_id);
        CREATE INDEX correction_changes_quote ON correction_changes(quote_id) WHERE quote_id IS NOT NULL;
        CREATE INDEX correction_changes_speaker ON correction_changes(speaker_id) WHERE speaker_id IS NOT NULL;
        """,
    )


@migrations(name="0007_headline_quotes")
def _headline_quotes(db: Database) -> None:
    """A headline quote that the body repeats is stored once, as the body quote marked `in_headline`
    with the headline quote's span (db/headlines.py). Articles stored before keep both quotes until
    `reparse` (finding them would read every article at upgrade)."""
    _run_script(
        db,
        """
        ALTER TABLE quotes ADD COLUMN in_headline INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE quotes ADD COLUMN headline_start INTEGER;
        ALTER TABLE quotes ADD COLUMN headline_end INTEGER;
        """,
    )


@migrations(name="0008_speaker_record_index")
def _speaker_record_index(db: Database) -> None:
    """A speaker's record (db/record.py: roles with their dates, quotes per month and stance) read
    from one index instead of every quote's row: a speaker with 20,000 quotes in a million answers in
    milliseconds instead of a third of a second. Partial like the viewer's other speaker indexes."""
    _run_script(
        db,
        """
        CREATE INDEX quotes_speaker_record ON quotes(speaker_id, published, stance, title, org, article_id, in_headline)
            WHERE status != 'not_speech';
        """,
    )


@migrations(name="0009_stance_date_index")
def _stance_date_index(db: Database) -> None:
    """Quotes of one stance in date order, with their speaker: the stance filter's newest-first
    window and count come off this index (at a million quotes, 0 and 23 ms instead of 270 and 240),
    and so does the list of speakers with a quote of that stance (the speaker list narrows)."""
    _run_script(
        db,
        """
        CREATE INDEX quotes_stance_date ON quotes(stance, published, article_id, "start", speaker_id)
            WHERE status != 'not_speech';
        """,
    )


@migrations(name="0010_article_url")
def _article_url(db: Database) -> None:
    """What a format says about where an article came from (attribution/readers): its web address (a
    BigKinds row's URL, a saved page's own address), which "open the source" prefers to the file; the
    row of the spreadsheet or corpus file that held it (NULL for a file that is one article); and the
    id its source gave it (BigKinds' 뉴스 식별자). Articles stored before have none of them."""
    _run_script(
        db,
        """
        ALTER TABLE articles ADD COLUMN url TEXT;
        ALTER TABLE articles ADD COLUMN source_row INTEGER;
        ALTER TABLE articles ADD COLUMN source_id TEXT;
        """,
    )


@migrations(name="0011_search_bigrams")
def _search_bigrams(db: Database) -> None:
    """Search without Kiwi: the index holds each quote's syllable bigrams (db/search.py), computed
    from `quotes.text` by the store, instead of its words and the parser's Kiwi morphemes.

    `quotes_search` is a view of every quote's bigrams (the SQL function `balheon_search_terms`,
    which every Balheon connection registers); the index reads it as its content, so 'rebuild'
    and the 'integrity-check' of `main.py check` compare the index with the quotes' text. The store
    adds a quote's bigrams itself when it writes the quote (many at a time, which a trigger per row
    cannot: FTS5 flushes its pending terms at each statement a trigger runs in); deleting a quote
    or changing its text removes the old bigrams through triggers, so another program that has no
    such function cannot do either (its statement fails: the index never goes out of step).
    The `morphs` column goes: nothing reads it. The index is rebuilt from the quotes' text here.
    """
    _run_script(
        db,
        f"""
        DROP TRIGGER quotes_fts_insert;
        DROP TRIGGER quotes_fts_delete;
        DROP TRIGGER quotes_fts_update;
        DROP TABLE quotes_fts;
        ALTER TABLE quotes DROP COLUMN morphs;
        CREATE VIEW quotes_search(id, terms) AS SELECT id, {SEARCH_TERMS_FUNCTION}(text) FROM quotes;
        CREATE VIRTUAL TABLE quotes_fts USING fts5(
            terms, content='quotes_search', content_rowid='id', columnsize=0,
            tokenize='unicode61 remove_diacritics 0'
        );
        INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
        CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, terms) VALUES ('delete', old.id, {SEARCH_TERMS_FUNCTION}(old.text));
        END;
        CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, terms) VALUES ('delete', old.id, {SEARCH_TERMS_FUNCTION}(old.text));
            INSERT INTO quotes_fts(rowid, terms) VALUES (new.id, {SEARCH_TERMS_FUNCTION}(new.text));
        END;
        """,
    )


@migrations(name="0012_speaker_date_in_record_index")
def _speaker_date_in_record_index(db: Database) -> None:
    """A speaker's quotes by date come off the index of a speaker's record, now ordered by date,
    article, offset and id (the newest-first list walks it without sorting, as it walked
    quotes_speaker_date) and still holding every column the record reads. quotes_org goes too: no
    query reads quotes by their organisation (the filter is the speaker's). Each quote written updates
    two index entries fewer, and a million quotes take ~50 MB less. quotes_speaker_stance stays: the
    speakers with a quote of one stance are found by probing it."""
    _run_script(
        db,
        """
        DROP INDEX quotes_org;
        DROP INDEX quotes_speaker_date;
        DROP INDEX quotes_speaker_record;
        CREATE INDEX quotes_speaker_record
            ON quotes(speaker_id, published, article_id, "start", id, stance, title, org, in_headline)
            WHERE status != 'not_speech';
        """,
    )


def _run_script(db: Database, script: str) -> None:
    """Run a script statement by statement: executescript() would COMMIT the migration's transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending!r}")


KNOWN_MIGRATIONS: tuple[str, ...] = tuple(m.name for m in migrations._migrations)
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)
