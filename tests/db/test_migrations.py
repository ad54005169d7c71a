"""Opening databases: upgrades in place, refusals that never touch the file."""
from __future__ import annotations

import sqlite3

import pytest

from db import QuoteFilter, Store, StoreError
from db.schema import KNOWN_MIGRATIONS, SCHEMA_VERSION

# The schema as the first release wrote it (0001_initial), frozen here on purpose: editing the
# migration in db/schema.py must not change what an old user's file looks like.
V1_SCHEMA = """
CREATE TABLE articles (id INTEGER PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, source_path TEXT, headline TEXT,
    published TEXT, outlet TEXT, reporter TEXT, text TEXT NOT NULL, warnings TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL);
CREATE INDEX articles_published ON articles(published);
CREATE TABLE speakers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL DEFAULT 'person', org TEXT,
    name_key TEXT NOT NULL, org_key TEXT NOT NULL DEFAULT '', titles TEXT NOT NULL DEFAULT '',
    quote_count INTEGER NOT NULL DEFAULT 0, created_by TEXT NOT NULL DEFAULT 'parser', UNIQUE (name_key, org_key));
CREATE INDEX speakers_org_key ON speakers(org_key);
CREATE INDEX speakers_quote_count ON speakers(quote_count);
CREATE INDEX speakers_name ON speakers(name);
CREATE TABLE quotes (id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL, ordinal INTEGER NOT NULL, text TEXT NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, speaker_name TEXT, speaker_type TEXT NOT NULL DEFAULT 'unknown',
    title TEXT, org TEXT, verb TEXT, sentence TEXT NOT NULL DEFAULT '', sentence_start INTEGER NOT NULL DEFAULT 0,
    mention TEXT, mention_start INTEGER, mention_end INTEGER, cue TEXT, cue_start INTEGER, cue_end INTEGER,
    resolution TEXT NOT NULL DEFAULT 'unresolved', confidence REAL NOT NULL DEFAULT 0,
    needs_review INTEGER NOT NULL DEFAULT 0, frame TEXT, stance TEXT, stance_secondary TEXT NOT NULL DEFAULT '[]',
    polarity TEXT, evidence TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'parsed' CHECK (status IN ('parsed', 'confirmed', 'corrected', 'not_speech')),
    corrected_at TEXT);
CREATE INDEX quotes_speaker ON quotes(speaker_id, title);
CREATE INDEX quotes_article ON quotes(article_id, "start");
CREATE INDEX quotes_verb ON quotes(verb);
CREATE INDEX quotes_stance ON quotes(stance);
CREATE INDEX quotes_org ON quotes(org);
CREATE TABLE migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT);
CREATE UNIQUE INDEX idx_migrations_migration_set_name ON migrations (migration_set, name);
INSERT INTO migrations (migration_set, name, applied_at) VALUES ('balheon', '0001_initial', '2025-01-01 00:00:00+00:00');
INSERT INTO articles VALUES (1, 'hash1', 'old.txt', '옛 기사', '2024-05-01', NULL, NULL, '옛 본문', '[]', '2025-01-01');
INSERT INTO speakers (id, name, type, org, name_key, org_key, titles, quote_count)
    VALUES (1, '홍길동', 'person', '국방부', '홍길동', '국방부', '장관', 1);
INSERT INTO quotes (id, article_id, speaker_id, ordinal, text, "start", "end", speaker_name, speaker_type, title, org,
    verb, resolution, confidence, status)
    VALUES (1, 1, 1, 0, '정부는 국방 예산을 늘리겠다', 0, 14, '홍길동', 'person', '장관', '국방부', '말했다',
    'same_sentence', 0.9, 'corrected');
"""


def make_v1(path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.commit()
    conn.close()


def test_v1_database_is_upgraded_in_place_without_losing_rows(db_path):
    make_v1(db_path)
    with Store.open(db_path) as store:
        assert store.applied_migrations() == list(KNOWN_MIGRATIONS)
        [row] = store.quote_rows(store.quote_ids(QuoteFilter()))
        assert (row.text, row.speaker, row.title, row.status, row.headline) == (
            "정부는 국방 예산을 늘리겠다", "홍길동", "장관", "corrected", "옛 기사")
        assert store.quote_ids(QuoteFilter(query="정부")) == [1]  # old quotes are searchable
        assert store.quote_ids(QuoteFilter(query="예산")) == [1]
        assert store.integrity_check() == []
        store.add_parsed_article(source_path=None, text="새 기사", meta={}, quotes=[])
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_fresh_database_has_all_migrations_and_wal(fresh_db):
    assert fresh_db.applied_migrations() == list(KNOWN_MIGRATIONS)
    assert fresh_db._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_db._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_reopening_applies_nothing_twice(db_path):
    Store.open(db_path).close()
    with Store.open(db_path) as store:
        assert len(store.applied_migrations()) == len(KNOWN_MIGRATIONS)


def test_newer_schema_is_refused(db_path):
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO migrations (migration_set, name, applied_at) VALUES ('balheon', '0099_future', 'x')")
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


def test_newer_user_version_is_refused(db_path):
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer version"):
        Store.open(db_path)


@pytest.mark.parametrize("content", [b"just some notes\n", b"\x89PNG\r\n\x1a\n" + bytes(200), "한글 메모".encode()])
def test_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a Balheon database"):
        Store.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]  # no -wal or -journal left behind


def test_other_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
    with pytest.raises(StoreError, match="another program"):
        Store.open(path)
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["bookmarks"]


def test_folder_and_missing_readonly_are_refused(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        Store.open(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "missing.db", readonly=True)


def test_readonly_open_of_an_old_database_asks_for_an_upgrade(db_path):
    make_v1(db_path)
    with pytest.raises(StoreError, match="upgrade"):
        Store.open(db_path, readonly=True)


def test_empty_file_becomes_a_database(db_path):
    db_path.write_bytes(b"")
    with Store.open(db_path) as store:
        assert store.applied_migrations() == list(KNOWN_MIGRATIONS)


def test_programs_opening_a_new_file_at_once_create_it_once(db_path):
    import threading

    errors, versions = [], []

    def open_it():
        try:
            with Store.open(db_path) as store:
                versions.append(store.applied_migrations())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and versions == [list(KNOWN_MIGRATIONS)] * 6
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(KNOWN_MIGRATIONS)


def test_a_failing_migration_leaves_the_file_as_it_was(db_path, monkeypatch):
    make_v1(db_path)
    from db import schema

    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(schema.migrations._migrations[-1], "fn", broken)
    with pytest.raises(RuntimeError):
        Store.open(db_path)
    with sqlite3.connect(db_path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in names and "quotes_fts" not in names  # earlier steps rolled back too
        assert [r[0] for r in conn.execute("SELECT name FROM migrations")] == ["0001_initial"]
    monkeypatch.undo()
    with Store.open(db_path) as store:
        assert store.applied_migrations() == list(KNOWN_MIGRATIONS)


# A database as Balheon wrote it before the search moved to syllable bigrams (migrations 0001-0009):
# the search index over the quote's words and the parser's Kiwi morphemes (quotes.morphs), kept in
# step by triggers. Frozen here on purpose, like V1_SCHEMA.
V9_STEPS = """
ALTER TABLE quotes ADD COLUMN morphs TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE quotes_fts USING fts5(text, morphs, content='quotes', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
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
CREATE TABLE speaker_aliases (name_key TEXT NOT NULL, org_key TEXT NOT NULL DEFAULT '',
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE, PRIMARY KEY (name_key, org_key));
CREATE INDEX speaker_aliases_speaker ON speaker_aliases(speaker_id);
ALTER TABLE quotes ADD COLUMN published TEXT;
CREATE INDEX quotes_date ON quotes(published, article_id, "start") WHERE status != 'not_speech';
CREATE INDEX quotes_speaker_date ON quotes(speaker_id, published, article_id, "start") WHERE status != 'not_speech';
CREATE INDEX quotes_speaker_stance ON quotes(speaker_id, stance) WHERE status != 'not_speech';
CREATE TRIGGER articles_published_sync AFTER UPDATE OF published ON articles BEGIN
    UPDATE quotes SET published = new.published WHERE article_id = new.id;
END;
CREATE INDEX quotes_not_speech ON quotes(status) WHERE status = 'not_speech';
CREATE TABLE corrections (id INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped')), undone_at TEXT);
CREATE INDEX corrections_state ON corrections(state, id);
CREATE TABLE correction_changes (id INTEGER PRIMARY KEY,
    correction_id INTEGER NOT NULL REFERENCES corrections(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('quote', 'speaker', 'alias')), quote_id INTEGER, article_id INTEGER,
    quote_start INTEGER, quote_text TEXT, speaker_id INTEGER, name_key TEXT, org_key TEXT, before TEXT, after TEXT,
    before_text TEXT NOT NULL DEFAULT '', after_text TEXT NOT NULL DEFAULT '');
CREATE INDEX correction_changes_correction ON correction_changes(correction_id);
CREATE INDEX correction_changes_quote ON correction_changes(quote_id) WHERE quote_id IS NOT NULL;
CREATE INDEX correction_changes_speaker ON correction_changes(speaker_id) WHERE speaker_id IS NOT NULL;
ALTER TABLE quotes ADD COLUMN in_headline INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotes ADD COLUMN headline_start INTEGER;
ALTER TABLE quotes ADD COLUMN headline_end INTEGER;
CREATE INDEX quotes_speaker_record ON quotes(speaker_id, published, stance, title, org, article_id, in_headline)
    WHERE status != 'not_speech';
CREATE INDEX quotes_stance_date ON quotes(stance, published, article_id, "start", speaker_id)
    WHERE status != 'not_speech';
INSERT INTO migrations (migration_set, name, applied_at) VALUES ('balheon', '0002_quote_search', 'x'),
    ('balheon', '0003_speaker_aliases', 'x'), ('balheon', '0004_quote_dates', 'x'),
    ('balheon', '0005_not_speech_index', 'x'), ('balheon', '0006_correction_history', 'x'),
    ('balheon', '0007_headline_quotes', 'x'), ('balheon', '0008_speaker_record_index', 'x'),
    ('balheon', '0009_stance_date_index', 'x');
PRAGMA user_version = 9;
DELETE FROM quotes;
INSERT INTO articles VALUES (2, 'hash2', 'new.txt', '예산 처리', '2025-03-02', NULL, NULL, '새 본문', '[]', '2025-03-02');
INSERT INTO quotes (id, article_id, speaker_id, ordinal, text, "start", "end", speaker_name, speaker_type, title, org,
    resolution, confidence, status, morphs, published) VALUES
    (1, 1, 1, 0, '정부는 국방 예산을 늘리겠다', 0, 14, '홍길동', 'person', '장관', '국방부', 'same_sentence', 0.9,
     'corrected', '정부 국방 예산 늘리', '2024-05-01'),
    (2, 2, 1, 0, '대통령이 법안을 처리하겠습니다', 0, 15, '홍길동', 'person', '장관', '국방부', 'same_sentence', 0.9,
     'parsed', '대통령 법안 처리 하', '2025-03-02'),
    (3, 2, NULL, 1, 'AI 산업을 2025년까지 육성', 20, 35, NULL, 'unknown', NULL, NULL, 'unresolved', 0.2,
     'parsed', 'AI 산업 2025 년 육성 키위만아는말', '2025-03-02');
"""


def make_v9(path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA + V9_STEPS)
    conn.commit()
    conn.close()


def test_v9_database_gets_the_bigram_search_index_built_from_the_quotes_text(db_path):
    """Migration 0011_search_bigrams: the morphemes go, the index is rebuilt from quotes.text, searches
    keep their meaning, and Kiwi is never loaded (the upgrade runs in a fresh process to tell)."""
    import json
    import subprocess
    import sys

    make_v9(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH '키위만아는말'").fetchone() == (1,)
    script = (
        "import json, sys\n"
        "import attribution.morph as morph\n"
        "from db import QuoteFilter, Store\n"
        "store = Store.open(sys.argv[1])\n"
        "out = {q: store.quote_ids(QuoteFilter(query=q), sort='id', descending=False)\n"
        "       for q in ['정부', '예산을', '처리했다', '대통', '국방', 'ai', '2025', '육성', '키위만아는말', '하']}\n"
        "out['kiwi'] = morph._kiwi is not None\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(db_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "정부": [1], "예산을": [1], "처리했다": [2], "대통": [2], "국방": [1], "ai": [3], "2025": [3], "육성": [3],
        "키위만아는말": [], "하": [2], "kiwi": False,
    }
    with Store.open(db_path) as store:
        assert store.applied_migrations() == list(KNOWN_MIGRATIONS)
        columns = [r[1] for r in store._conn.execute("PRAGMA table_info(quotes)")]
        assert "morphs" not in columns
        triggers = {r[0] for r in store._conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert triggers == {"articles_published_sync", "quotes_fts_delete", "quotes_fts_update"}
        indexes = {r[0] for r in store._conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "quotes_org" not in indexes and "quotes_speaker_date" not in indexes  # 0011
        assert [r[2] for r in store._conn.execute("PRAGMA index_info(quotes_speaker_record)")] == [
            "speaker_id", "published", "article_id", "start", "id", "stance", "title", "org", "in_headline"]
        assert store.integrity_check() == []
        [row] = store.quote_rows([1])
        assert (row.text, row.speaker, row.status) == ("정부는 국방 예산을 늘리겠다", "홍길동", "corrected")
        # writing after the upgrade keeps the index in step: a new article, a re-parse that replaces quotes
        store.add_parsed_article(source_path=None, text="또 기사", meta={}, quotes=[
            {"text": "정부가 예산을 처리했다", "start": 0, "end": 11, "speaker": "김하늘", "org": "국회"}])
        store.replace_parsed_quotes(2, [{"text": "국방 예산 처리", "start": 0, "end": 8}])
        assert store.quote_count(QuoteFilter(query="처리")) == 2
        assert store.quote_count(QuoteFilter(query="대통령")) == 0  # its quote was replaced
        assert store.integrity_check() == []
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
