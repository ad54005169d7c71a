"""Issue 12: another SQLite program on the same database, read-only files and folders."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from db import QuoteFilter, Store

from .conftest import add_article, make_quote

REPO = Path(__file__).resolve().parents[2]


def read_elsewhere(db: Path, sql: str) -> str:
    """Run `sql` in another process that opens the database, reads and closes it (as `sqlite3 FILE …` does)."""
    script = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "print('|'.join(str(v) for v in c.execute(sys.argv[2]).fetchone()))\n"
        "c.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(db), sql], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def deleted_files_held_open() -> list[str]:
    """Files this process still has open that were deleted (Linux; [] elsewhere)."""
    fd_dir = Path("/proc/self/fd")
    targets = []
    for fd in fd_dir.iterdir() if fd_dir.is_dir() else ():
        try:
            targets.append(os.readlink(fd))
        except OSError:  # closed since the listing
            pass
    return [t for t in targets if t.endswith("(deleted)")]


def test_corrections_reach_another_program_while_it_reads(db_path):
    """A viewer worker opens and closes a read-only Store on the file; another program reads it meanwhile;
    the viewer's correction must land in the database, not in a WAL that program deleted."""
    writer = Store.open(db_path)
    try:
        add_article(writer, "기사 본문", [make_quote("예산을 늘리겠다", "홍길동")])
        other = writer.create_speaker("김하늘", org="한빛전자")
        Store.open(db_path, readonly=True).close()  # what each background query does
        assert read_elsewhere(db_path, "select count(*) from quotes") == "1"
        [qid] = writer.quote_ids(QuoteFilter())
        writer.reassign_quote(qid, other)
        assert read_elsewhere(db_path, f"select speaker_id from quotes where id = {qid}") == str(other)
        assert not [f for f in deleted_files_held_open() if db_path.name in f]
    finally:
        writer.close()
    assert read_elsewhere(db_path, f"select speaker_id, status from quotes where id = {qid}") == f"{other}|corrected"
    with Store.open(db_path, readonly=True) as again:
        assert again.quote(qid).speaker == "김하늘"


def test_a_reader_leaves_no_wal_or_shm_behind(db_path):
    with Store.open(db_path) as store:
        add_article(store, "기사 본문", [make_quote("예산을 늘리겠다")])
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
    with Store.open(db_path, readonly=True) as reader:
        assert reader.quote_count(QuoteFilter()) == 1
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def _read_only_mounts_work() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    here = Path(__file__).parent
    probe = subprocess.run(["unshare", "-r", "-m", "mount", "--bind", str(here), str(here)], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mounts_work(), reason="needs Linux user namespaces (unshare -r -m) for a read-only mount")
@pytest.mark.parametrize("what", ["folder", "file"])
def test_export_from_a_read_only_folder_or_file(tmp_path, what):
    """A read-only mount stands for a folder or file the user may not write (tests may run as root, who may write
    anything else): export works, and nothing is left next to the database."""
    folder = tmp_path / "archive"
    folder.mkdir()
    db = folder / "quotes.db"
    with Store.open(db) as store:
        add_article(store, "기사 본문", [make_quote("예산을 늘리겠다"), make_quote("세금을 줄이겠다", start=20)])
    out = tmp_path / "out.csv"
    target = folder if what == "folder" else db
    script = (
        f"mount --bind '{target}' '{target}' && mount -o remount,bind,ro '{target}' && "
        f"cd '{REPO}' && '{sys.executable}' main.py export --csv '{out}' --db '{db}'"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = subprocess.run(["unshare", "-r", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "wrote 2 quote(s)" in run.stdout
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 3
    assert sorted(p.name for p in folder.iterdir()) == ["quotes.db"]


def test_another_program_searches_the_index_but_cannot_put_it_out_of_step(db_path):
    """The index's terms come from a function only Balheon registers: another program reads and
    searches, but deleting a quote or changing its text fails there, and nothing changes."""
    import sqlite3

    with Store.open(db_path) as store:
        add_article(store, "기사 본문", [make_quote("정부는 예산을 늘리겠다"), make_quote("국회가 처리했다", start=20)])
    assert read_elsewhere(db_path, "select count(*) from quotes_fts where quotes_fts match '정부'") == "1"
    assert read_elsewhere(db_path, "select count(*) from quotes_fts where quotes_fts match '\"처리\" \"국회\"'") == "1"
    other = sqlite3.connect(db_path)
    try:
        for sql in ("DELETE FROM quotes WHERE id = 1", "UPDATE quotes SET text = '다른 말' WHERE id = 1"):
            with pytest.raises(sqlite3.OperationalError, match="no such function: balheon_search_terms"):
                other.execute(sql)
            other.rollback()
        other.execute("UPDATE quotes SET verb = '밝혔다' WHERE id = 1")  # other columns are the program's to change
        other.commit()
    finally:
        other.close()
    with Store.open(db_path) as store:
        assert store.quote_count(QuoteFilter(include_not_speech=True)) == 2 and store.integrity_check() == []
        assert store.quote(1).verb == "밝혔다"
