"""CSV export: spreadsheet-safe, complete or absent, and readable back exactly."""
from __future__ import annotations

import csv
import os

import pytest

from db import QuoteFilter, Store, StoreError
from db.store import EXPORT_COLUMNS

from .conftest import add_article, make_quote

AWKWARD = [
    '그는 "예산, 인력, 시간"이 부족하다',
    "줄이\n바뀌는\r\n발언, 그리고 \"따옴표\"",
    "=SUM(A1:A9) 같은 말",
    "+82 번호와 -1 그리고 @멘션",
    "\t탭으로 시작",
    "쉼표,,, 와 '작은따옴표'",
]


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for spreadsheet programs
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def awkward_db(fresh_db: Store):
    add_article(fresh_db, "본문", [make_quote(t, start=i * 100, evidence=("stance=commitment: 늘리+겠", "두번째"))
                                  for i, t in enumerate(AWKWARD)],
                headline="제목, \"인용\"", published="2025-12-17", source_path="/data/기사 1.txt")
    return fresh_db


def test_round_trip_with_awkward_quotes(awkward_db: Store, tmp_path):
    out = tmp_path / "out.csv"
    assert awkward_db.export_csv(out, raw=True) == len(AWKWARD)
    rows = read_csv(out)
    assert list(rows[0].keys()) == list(EXPORT_COLUMNS)
    assert [r["quote"] for r in rows] == AWKWARD
    first = rows[0]
    assert (first["speaker"], first["organisation"], first["title"], first["headline"], first["date"]) == (
        "홍길동", "행정안전부", "장관", '제목, "인용"', "2025-12-17")
    assert first["stance_evidence"] == "stance=commitment: 늘리+겠; 두번째"
    assert first["source_file"] == "/data/기사 1.txt" and float(first["confidence"]) == 0.9
    assert [int(r["quote_id"]) for r in rows] == awkward_db.quote_ids(QuoteFilter(), sort="date", descending=False)


def test_formula_cells_are_guarded_unless_raw(awkward_db: Store, tmp_path):
    out = tmp_path / "guarded.csv"
    awkward_db.export_csv(out)
    quotes = [r["quote"] for r in read_csv(out)]
    assert quotes[2] == "'=SUM(A1:A9) 같은 말"
    assert quotes[3] == "'+82 번호와 -1 그리고 @멘션"
    assert quotes[4] == "'\t탭으로 시작"
    assert quotes[0] == AWKWARD[0] and quotes[5] == AWKWARD[5]  # ordinary text untouched
    for row in read_csv(out):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_export_by_ids_keeps_their_order_and_unknown_speaker_label(fresh_db: Store, tmp_path):
    add_article(fresh_db, "본문", [make_quote("알려진", start=0), make_quote("모르는", None, start=10)])
    ids = list(reversed(fresh_db.quote_ids(QuoteFilter(), sort="article", descending=False)))
    out = tmp_path / "ids.csv"
    assert fresh_db.export_csv(out, quote_ids=ids) == 2
    assert [(r["quote"], r["speaker"]) for r in read_csv(out)] == [("모르는", "(미상)"), ("알려진", "홍길동")]


def test_filtered_export(awkward_db: Store, tmp_path):
    out = tmp_path / "f.csv"
    assert awkward_db.export_csv(out, QuoteFilter(query="예산")) == 1
    assert awkward_db.export_csv(out, QuoteFilter(since="2026-01-01")) == 0
    assert read_csv(out) == []


def test_failed_export_leaves_no_file(awkward_db: Store, tmp_path, monkeypatch):
    out = tmp_path / "out.csv"
    out.write_text("old export", encoding="utf-8")

    def broken(self, ids):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Store, "quote_rows", broken)
    with pytest.raises(StoreError, match="No space"):
        awkward_db.export_csv(out)
    assert out.read_text(encoding="utf-8") == "old export"  # the previous file is intact
    assert sorted(os.listdir(tmp_path)) == ["balheon.db", "balheon.db-shm", "balheon.db-wal", "out.csv"]


def test_export_to_missing_folder(awkward_db: Store, tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        awkward_db.export_csv(tmp_path / "nope" / "out.csv")


def test_export_never_overwrites_the_database(awkward_db: Store, db_path, capsys):
    """`export --csv s.db --db s.db` used to replace the database with the CSV."""
    from main import main

    awkward_db.close()
    before = db_path.read_bytes()
    for name in (db_path.name, db_path.name + "-wal", db_path.name + "-shm", db_path.name + "-journal"):
        assert main(["export", "--csv", str(db_path.parent / name), "--db", str(db_path)]) == 2
        err = capsys.readouterr().err
        assert "is the database itself" in err and len(err.strip().splitlines()) == 1
    link = db_path.parent / "link.csv"
    link.symlink_to(db_path)
    assert main(["export", "--csv", str(link), "--db", str(db_path)]) == 2
    assert db_path.read_bytes() == before and link.is_symlink()
    with Store.open(db_path, readonly=True) as store:
        assert store.quote_count(QuoteFilter()) == len(AWKWARD)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_export_refuses_what_is_not_a_regular_file(awkward_db: Store, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a regular file"):
        awkward_db.export_csv(fifo)
    assert fifo.exists() and not fifo.is_file()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_exported_csv_gets_the_users_permissions(awkward_db: Store, tmp_path):
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.csv"
        awkward_db.export_csv(new)
        assert new.stat().st_mode & 0o777 == 0o644  # what any new file gets under this umask
        shared = tmp_path / "shared.csv"
        shared.write_text("old", encoding="utf-8")
        shared.chmod(0o664)
        awkward_db.export_csv(shared)
        assert shared.stat().st_mode & 0o777 == 0o664  # a file replaced keeps its permissions
        os.umask(0o077)
        private = tmp_path / "private.csv"
        awkward_db.export_csv(private)
        assert private.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)
    assert len(read_csv(new)) == len(read_csv(shared)) == len(AWKWARD)


def test_the_history_export_shares_the_same_guards(awkward_db: Store, db_path, tmp_path):
    with pytest.raises(StoreError, match="is the database itself"):
        awkward_db.export_history_csv(db_path)
    with pytest.raises(StoreError, match="is the database itself"):
        awkward_db.export_history_csv(str(db_path) + "-wal")
    old = os.umask(0o022)
    try:
        out = tmp_path / "history.csv"
        awkward_db.export_history_csv(out)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
