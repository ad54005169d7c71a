"""`main.py check`: damage in the middle of the file is found and explained, with the way back."""
from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess

import pytest

from db import QuoteFilter, Store
from main import main

from .conftest import add_article, make_quote

PAGE = 4096


@pytest.fixture
def archive(db_path):
    """A database of 200 articles with 5 quotes each (a few hundred pages), closed and checkpointed."""
    with Store.open(db_path) as store, store.batch():
        for i in range(200):
            quotes = [make_quote(f"정부는 {i}번째 기사에서 {j}번째 예산을 늘리겠다고 했다 " + "그리고 " * 20, start=j * 300)
                      for j in range(5)]
            add_article(store, f"기사 {i}\n\n" + "본문 문장이다. " * 100, quotes, headline=f"기사 {i}")
    return db_path


def pages_of(db, table: str) -> list[int]:
    with sqlite3.connect(db) as conn:
        try:
            rows = conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
                                (table,)).fetchall()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find a page with")
    return [r[0] for r in rows]


def sqlite3_cli_can_recover() -> bool:
    """Whether an sqlite3 command-line tool with .recover is installed (some Linux builds lack sqlite_dbpage)."""
    if shutil.which("sqlite3") is None:
        return False
    probe = subprocess.run(["sqlite3", ":memory:", "SELECT count(*) FROM sqlite_dbpage"], capture_output=True, text=True)
    return probe.returncode == 0


def damage_a_middle_page(db) -> None:
    """Overwrite a page of quotes in the middle of the file."""
    leaves = pages_of(db, "quotes")
    middle = leaves[len(leaves) // 2]
    with open(db, "r+b") as fh:
        fh.seek((middle - 1) * PAGE)
        fh.write(b"\xde\xad\xbe\xef" * (PAGE // 4))


def check(db, capsys, *more) -> tuple[int, str]:
    code = main(["check", "--db", str(db), *more])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out + captured.err


def test_a_healthy_database(archive, capsys):
    code, out = check(archive, capsys)
    assert code == 0 and "no problems found" in out and "200 article(s), 1000 quote(s)" in out


def test_a_damaged_page_in_the_middle_is_found_and_the_recover_route_given(archive, capsys):
    damage_a_middle_page(archive)
    with Store.open(archive, readonly=True):
        pass  # opening does not notice: only a full check does
    code, out = check(archive, capsys)
    assert code == 1
    assert f"{archive} is damaged" in out and "the table quotes or one of its indexes is damaged" in out
    assert "sqlite3 " in out and ".recover | sqlite3 " in out and "is left as it is" in out


@pytest.mark.skipif(not sqlite3_cli_can_recover(), reason="needs an sqlite3 command-line tool with .recover")
def test_following_the_recover_route_gives_back_a_working_database(archive, capsys):
    damage_a_middle_page(archive)
    code, out = check(archive, capsys)
    recover = re.search(r"^\s+(sqlite3 .* \.recover \| sqlite3 .*)$", out, re.M).group(1)
    subprocess.run(recover, shell=True, check=True, capture_output=True, timeout=120)
    recovered = archive.with_name("balheon-recovered.db")
    code, out = check(recovered, capsys)
    if code == 1:  # the recovered copy may carry the search index's damage along
        assert "Only the search index" in out and "--rebuild-index" in out
        code, out = check(recovered, capsys, "--rebuild-index")
    assert code == 0, out
    with Store.open(recovered, readonly=True) as store:
        assert 900 <= store.quote_count(QuoteFilter(include_not_speech=True)) < 1000  # all but one page's worth


def test_a_search_index_out_of_step_is_rebuilt(archive, capsys):
    with sqlite3.connect(archive) as conn:
        conn.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('delete-all')")
    code, out = check(archive, capsys)
    assert code == 1 and "search index" in out and "Only the search index" in out
    assert ".recover" not in out
    code, out = check(archive, capsys, "--rebuild-index")
    assert code == 0 and "rebuilt the search index" in out
    with Store.open(archive, readonly=True) as store:
        assert store.quote_count(QuoteFilter(query="예산")) == 1000


def test_no_database(tmp_path, capsys):
    code, out = check(tmp_path / "none.db", capsys)
    assert code == 2 and "no database" in out


def test_a_check_while_another_program_writes_is_no_verdict_of_damage(archive, capsys, monkeypatch):
    import sys

    import db.store

    monkeypatch.setattr(db.store, "BUSY_TIMEOUT_MS", 200)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(archive)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"
    )], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        code, out = check(archive, capsys)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert code == 2 and "in use by another program" in out and "damaged" not in out
