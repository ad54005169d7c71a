"""Issue 7: a batch of bad files gets one clear message per file, and everything else is stored."""
from __future__ import annotations

import builtins
import codecs
import io
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from db import Store
from db.ingest import _work, ingest_paths

GOOD = "제목\n\n김하늘 한빛전자 대표는 “수출이 늘고 있다”고 말했다.\n"


def _article(i: int) -> str:
    return f"제목 {i}\n\n박서준{i} 한빛{i}전자 대표는 “올해 매출이 {i}억 원 늘었다”고 말했다.\n"


def test_a_batch_of_ugly_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "hello")
    (folder / "archive.txt").write_bytes(buf.getvalue())
    (folder / "bom.txt").write_bytes(codecs.BOM_UTF8 + _article(1).encode("utf-8"))
    (folder / "plain.txt").write_bytes(_article(2).encode("utf-8"))
    (folder / "cp949.txt").write_bytes(_article(3).encode("cp949"))
    (folder / "utf16.txt").write_bytes(_article(4).encode("utf-16"))
    (folder / "mixed.txt").write_bytes(_article(5).replace("\n\n", "\r\n\r").encode("utf-8"))
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse 50 MB
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")

    db = tmp_path / "b.db"
    report = ingest_paths(db, [folder], jobs=1)
    failed = dict((Path(p).name, reason) for p, reason in report.failed)
    assert report.added == 5, failed
    assert set(failed) >= {"image.txt", "archive.txt", "huge.txt"}
    assert "binary" in failed["image.txt"] and "too large" in failed["huge.txt"]
    for reason in failed.values():
        assert "Traceback" not in reason and "\n" not in reason
    with Store.open(db) as store:
        speakers = {store.speaker_rows([i])[0].name for i in store.speaker_ids()}
    assert speakers == {f"박서준{i}" for i in range(1, 6)}


def test_unreadable_file_is_reported_and_the_rest_stored(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_article(1), encoding="utf-8")
    (folder / "secret.txt").write_text(_article(2), encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    # Tests run as root in CI, where chmod 000 does not stop reading: refuse the read itself, in this
    # process, where `_work` runs as it does in each parser process (the patch does not reach those).
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    secret = str(folder / "secret.txt")
    assert _work(secret, stored=lambda digest: False) == {"path": secret, "error": "permission denied"}
    monkeypatch.undo()
    if os.geteuid() == 0:
        return  # root reads anything: the batch below would store both
    (folder / "secret.txt").chmod(0)
    report = ingest_paths(tmp_path / "p.db", [folder], jobs=1)
    assert report.added == 1
    assert [(Path(p).name, r) for p, r in report.failed] == [("secret.txt", "permission denied")]


@pytest.mark.slow
def test_a_folder_of_ten_thousand_files(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_text(f"제목 {i}\n\n짧은 기사 {i}번이다.\n", encoding="utf-8")
    (folder / "zz_bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = ingest_paths(tmp_path / "m.db", [folder], jobs=2)
    assert report.added == 10_000 and len(report.failed) == 1
    with Store.open(tmp_path / "m.db") as store:
        assert store._conn.execute("select count(*) from articles").fetchone()[0] == 10_000


def test_viewer_side_reads_while_another_process_ingests(tmp_path):
    """WAL: a reader keeps answering while a writer process holds a transaction open."""
    db = tmp_path / "w.db"
    (tmp_path / "first.txt").write_text(GOOD, encoding="utf-8")
    ingest_paths(db, [tmp_path / "first.txt"], jobs=1)
    writer = subprocess.Popen(
        [sys.executable, "-c", (
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "c.execute(\"update articles set headline = 'held open'\")\n"
            "print('locked', flush=True)\n"
            "time.sleep(3)\n"
            "c.execute('ROLLBACK')\n"
        )],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert writer.stdout.readline().strip() == "locked"
        with Store.open(db, readonly=True) as store:
            assert store.quote_count(__import__("db").QuoteFilter()) == 1
            assert store.speaker_rows(store.speaker_ids())[0].name == "김하늘"
    finally:
        writer.wait(timeout=20)
