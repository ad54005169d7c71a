"""Ingest: files and folders in, whole articles stored, failures reported, nothing twice."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import attribution
from db import QuoteFilter, Store, StoreError
from db.ingest import article_record, ingest_parsed, ingest_paths, iter_article_files

from . import fakeparser

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "samples"


@pytest.fixture
def fake_parser(monkeypatch):
    monkeypatch.setattr(attribution, "parse_text", fakeparser.fake_parse)


def write_articles(folder: Path, count: int, quotes: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        p = folder / f"{n:04d}.txt"
        p.write_text(fakeparser.article(n, quotes), encoding="utf-8")
        paths.append(p)
    return paths


def quote_counts_per_article(store: Store) -> dict[int, int]:
    counts: dict[int, int] = {}
    for row in store.quote_rows(store.quote_ids(QuoteFilter(include_not_speech=True))):
        counts[row.article_id] = counts.get(row.article_id, 0) + 1
    return counts


def test_reingest_adds_nothing(fake_parser, tmp_path, db_path):
    write_articles(tmp_path / "in", 5)
    first = ingest_paths(db_path, [tmp_path / "in"], jobs=1)
    assert (first.added, first.skipped, first.failed, first.quotes) == (5, 0, [], 10)
    again = ingest_paths(db_path, [tmp_path / "in", tmp_path / "in" / "0001.txt"], jobs=1)
    assert (again.added, again.skipped, again.failed) == (0, 5, [])
    with Store.open(db_path) as store:
        assert store.article_count() == 5 and store.quote_count(QuoteFilter()) == 10
        [speaker] = store.speaker_rows(store.speaker_ids())
        assert speaker.quote_count == 10


def test_failing_files_are_reported_and_the_others_stored(fake_parser, tmp_path, db_path):
    good = write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "in" / "bug.txt").write_text("PARSER-BOOM\n", encoding="utf-8")
    report = ingest_paths(db_path, [tmp_path / "in", tmp_path / "missing.txt"], jobs=1)
    assert report.added == len(good)
    reasons = dict(report.failed)
    assert set(reasons) == {str(tmp_path / "in" / "binary.txt"), str(tmp_path / "in" / "bug.txt"),
                            str(tmp_path / "missing.txt")}
    assert "binary" in reasons[str(tmp_path / "in" / "binary.txt")]
    assert "parser error: RuntimeError: boom" == reasons[str(tmp_path / "in" / "bug.txt")]
    assert "no such file" in reasons[str(tmp_path / "missing.txt")]


def test_folders_skip_hidden_files_and_survive_symlink_loops(tmp_path):
    root = tmp_path / "news"
    (root / "a" / "b").mkdir(parents=True)
    (root / ".cache").mkdir()
    for rel in ("one.txt", "a/two.TXT", "a/b/three.md", ".hidden.txt", ".cache/four.txt", "a/image.png", "a/notes"):
        (root / rel).write_text("x", encoding="utf-8")
    (root / "a" / "b" / "loop").symlink_to(root, target_is_directory=True)
    (root / "a" / "same.txt").symlink_to(root / "one.txt")
    found = sorted(p.relative_to(root).as_posix() for p in iter_article_files([root, root / "one.txt"]))
    assert found == ["a/b/three.md", "a/two.TXT", "one.txt"]
    assert list(iter_article_files([root / "a" / "notes"])) == [root / "a" / "notes"]  # named files always count


def test_process_pool_with_the_real_parser_isolates_a_crashing_file(tmp_path, db_path):
    """All cores, the real parser; one unreadable file, one that kills its worker process."""
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\xd8 broken utf-16")
    (folder / "zz_crash.txt").write_text("PARSER-CRASH\n", encoding="utf-8")
    seen = []
    report = ingest_paths(db_path, [folder], jobs=2, parse=fakeparser.crashing_real_parse,
                          progress=lambda done, total: seen.append((done, total)))
    assert report.added == 2
    failed = dict(report.failed)
    assert sorted(failed) == [str(folder / "broken.txt"), str(folder / "zz_crash.txt")]
    assert failed[str(folder / "zz_crash.txt")] == "the parser process crashed on this file"
    assert failed[str(folder / "broken.txt")]  # the reader's message, e.g. damaged UTF-16
    assert seen[-1] == (4, 4)
    with Store.open(db_path) as store:
        headlines = sorted(store.article(i).headline for i in (1, 2))
        assert "전남도, AI 시대 지역균형성장 전략 모색" in headlines


def test_workers_skip_articles_already_stored(tmp_path, db_path):
    from db import ingest

    sample = sorted(SAMPLES.glob("*.txt"))[0]
    assert ingest_paths(db_path, [sample], jobs=1).added == 1
    ingest._worker_state(str(db_path))  # what each worker process sets up first
    try:
        assert ingest._work(str(sample)) == {"path": str(sample), "skipped": True}
    finally:
        ingest._worker_state(None)


def test_cancel_keeps_what_was_written_and_the_next_run_completes(fake_parser, tmp_path, db_path):
    write_articles(tmp_path / "in", 6)
    calls = []
    report = ingest_paths(db_path, [tmp_path / "in"], jobs=1, cancel=lambda: len(calls) >= 3,
                          progress=lambda d, t: calls.append(d))
    assert report.cancelled and report.added == 3
    rest = ingest_paths(db_path, [tmp_path / "in"], jobs=1)
    assert (rest.added, rest.skipped) == (3, 3)


def test_corrections_survive_reingesting_the_same_article(fake_parser, tmp_path, db_path):
    write_articles(tmp_path / "in", 2)
    ingest_paths(db_path, [tmp_path / "in"], jobs=1)
    with Store.open(db_path) as store:
        qid = store.quote_ids(QuoteFilter())[0]
        other = store.create_speaker("이순신", org="해군")
        store.reassign_quote(qid, other)
        store.set_quote_title(qid, "제독")
    ingest_paths(db_path, [tmp_path / "in"], jobs=1)
    with Store.open(db_path) as store:
        row = store.quote_rows([qid])[0]
        assert (row.speaker, row.org, row.title, row.status) == ("이순신", "해군", "제독", "corrected")
        assert store.quote_count(QuoteFilter()) == 4


def test_parsed_shards_load_without_parsing(fake_parser, tmp_path, db_path, monkeypatch):
    paths = write_articles(tmp_path / "in", 3)
    shard = tmp_path / "part-0.jsonl"
    lines = [json.dumps(article_record(p), ensure_ascii=False) for p in paths]
    shard.write_text("\n".join(lines[:2] + ["{not json", '{"no_text": 1}'] + lines[2:]) + "\n", encoding="utf-8")

    def no_parsing(raw):
        raise AssertionError("ingest_parsed must not parse")

    monkeypatch.setattr(attribution, "parse_text", no_parsing)
    report = ingest_parsed(db_path, [shard])
    assert report.added == 3 and report.quotes == 6
    assert [label.rsplit(":", 1)[1] for label, _ in report.failed] == ["3", "4"]
    assert ingest_parsed(db_path, [shard]).skipped == 3
    with Store.open(db_path) as store:
        assert store.quote_ids(QuoteFilter(query="정부")) != []  # indexed from the quotes' text


@pytest.mark.parametrize("jobs", [0, 1])
def test_a_record_sqlite_refuses_fails_alone_and_its_batch_is_stored(fake_parser, tmp_path, db_path, jobs):
    """Values that pass as JSON but not into SQLite: a lone surrogate, a row number beyond 64 bits,
    a confidence that is NaN. Each costs only its own article, not the good ones written with it."""
    paths = write_articles(tmp_path / "in", 3)
    good = [article_record(p) for p in paths]
    surrogate = {**good[0], "text": "깨진 글자 \ud800 하나", "content_hash": "f" * 64, "source_path": "surrogate.txt"}
    huge_row = {**good[0], "text": "행 번호가 너무 크다", "content_hash": None, "source_path": "row.txt",
                "meta": {"source_row": 10**20}}
    nan = {**good[0], "text": "신뢰도가 숫자가 아니다", "content_hash": None, "source_path": "nan.txt",
           "quotes": [{**good[0]["quotes"][0], "confidence": float("nan")}]}
    shard = tmp_path / "part-0.jsonl"
    lines = [json.dumps(r) for r in (good[0], surrogate, good[1], nan, huge_row, good[2])]
    shard.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest_parsed(db_path, [shard], jobs=jobs)
    assert sorted(label for label, _ in report.failed) == ["nan.txt", "surrogate.txt"]
    assert report.added == 4  # the three good ones, and the huge row number stored as no row
    with Store.open(db_path) as store:
        assert len(store.article_ids()) == 4
        assert ingest_parsed(db_path, [shard], jobs=jobs).skipped == 4


def test_a_damaged_gzip_shard_is_reported_and_the_others_stored(fake_parser, tmp_path, db_path):
    import gzip

    paths = write_articles(tmp_path / "in", 2)
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps(article_record(paths[0])) + "\n", encoding="utf-8")
    lines = "".join(json.dumps({**article_record(paths[1]), "text": f"기사 {i}번", "content_hash": None}) + "\n"
                    for i in range(3000))
    data = bytearray(gzip.compress(lines.encode("utf-8")))
    data[200:260] = bytes(60)  # a damaged stretch in the middle of the stream
    bad = tmp_path / "b.jsonl.gz"
    bad.write_bytes(bytes(data))
    report = ingest_parsed(db_path, [bad, good])
    assert [label for label, _ in report.failed] == [str(bad)]
    assert "cannot read the shard" in report.failed[0][1]
    with Store.open(db_path) as store:
        assert store.has_article(article_record(paths[0])["content_hash"])


def test_parsed_records_and_parsed_files_dedupe_together(fake_parser, tmp_path, db_path):
    [path] = write_articles(tmp_path / "in", 1)
    record = article_record(path)
    assert set(record) >= {"source_path", "content_hash", "text", "meta", "quotes"}
    assert record["meta"]["headline"] == "기사 제목 0" and record["meta"]["published"] == "2025-12-17"
    shard = tmp_path / "s.jsonl"
    shard.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert ingest_parsed(db_path, [shard]).added == 1
    assert ingest_paths(db_path, [path], jobs=1).skipped == 1


KILL_SCRIPT = """
import signal, sys
# Python leaves SIGINT ignored when it starts that way (pytest run as a background job): Ctrl+C must reach it.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, {repo!r})
import attribution
from tests.db import fakeparser
attribution.parse_text = fakeparser.fake_parse
import db.ingest
db.ingest.COMMIT_EVERY_ARTICLES = 7
from main import main
sys.exit(main(["ingest", {folder!r}, "--db", {db!r}, "--jobs", "1"]))
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "Ctrl+C"])
def test_interrupted_ingest_leaves_whole_articles_and_the_next_run_completes(fake_parser, tmp_path, db_path, sig):
    total = 200  # at 20 ms each: seconds of runway after the first commits, even on a busy machine
    write_articles(tmp_path / "in", total, quotes=3)
    script = KILL_SCRIPT.format(repo=str(REPO), db=str(db_path), folder=str(tmp_path / "in"))
    env = dict(os.environ, FAKE_PARSE_DELAY="0.02", PYTHONPATH=str(REPO))
    # Started with SIGINT ignored, as a shell starts a background job (`pytest &`): the script restores it.
    background = ["sh", "-c", 'trap "" INT; exec "$@"', "sh"]
    proc = subprocess.Popen([*background, sys.executable, "-c", textwrap.dedent(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:  # wait until a few batches are committed, then interrupt in the middle of the next
            assert proc.poll() is None and time.monotonic() < deadline, "ingest ended before the interruption"
            if db_path.exists():
                try:
                    with Store.open(db_path, readonly=True) as peek:
                        if peek.article_count() >= 20:
                            break
                except StoreError:  # not created or not migrated yet
                    pass
            time.sleep(0.02)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 130, (out, err)
        assert "interrupted" in err and "Traceback" not in err

    with Store.open(db_path) as store:
        assert store.integrity_check() == []
        stored = store.article_count()
        assert 20 <= stored < total
        assert set(quote_counts_per_article(store).values()) == {3}  # every stored article is whole
        assert len(quote_counts_per_article(store)) == stored
        [speaker] = store.speaker_rows(store.speaker_ids())
        assert speaker.quote_count == 3 * stored  # the cached count matches the rows

    rest = ingest_paths(db_path, [tmp_path / "in"], jobs=1)
    assert (rest.added, rest.skipped, rest.failed) == (total - stored, stored, [])
    with Store.open(db_path) as store:
        assert store.article_count() == total and store.quote_count(QuoteFilter()) == 3 * total
        assert store.integrity_check() == []


def test_reparse_keeps_corrections(fake_parser, tmp_path, db_path, monkeypatch):
    write_articles(tmp_path / "in", 2, quotes=2)
    ingest_paths(db_path, [tmp_path / "in"], jobs=1)
    with Store.open(db_path) as store:
        first, second = store.quote_ids(QuoteFilter(), sort="id", descending=False)[:2]
        store.set_quote_title(first, "전 장관")
        store.mark_not_speech(second)

    monkeypatch.setattr(attribution, "parse_text", fakeparser.one_more_quote)  # a new parser version
    from db.ingest import reparse_articles

    report = reparse_articles(db_path, jobs=1)
    assert (report.added, report.failed) == (2, [])
    with Store.open(db_path) as store:
        assert store.quote_rows([first])[0].title == "전 장관"
        assert store.quote_rows([second])[0].status == "not_speech"
        assert store.quote_count(QuoteFilter(include_not_speech=True)) == 6  # 2 kept + 1 new + 3 new
        [speaker] = store.speaker_rows(store.speaker_ids())
        assert speaker.quote_count == 5 and "전 장관" in speaker.titles
        assert store.integrity_check() == []


REAL_ARTICLE_1 = """정부, 내년 예산 확대
[천지일보=강은영 기자] 홍길동 행정안전부 장관은 17일 “지방 재정을 반드시 늘리겠다”고 말했다.
이어 홍 장관은 “현장의 목소리를 듣겠다”고 강조했다.
김철수 서울대 교수는 “정부가 속도를 조절해야 한다”고 지적했다.
"""
REAL_ARTICLE_2 = """행안부, 재난 대응 점검
입력 2025-12-18 10:00
홍길동 행정안전부 장관은 “대통령이 재난 대응을 직접 챙기고 있다”고 밝혔다.
김철수 국토교통부 차관은 “도로 안전을 점검하겠다”고 말했다.
"""


def test_real_parser_end_to_end(tmp_path, db_path):
    """Real parsing of two small articles: one 홍길동 across both, two 김철수 in different organisations."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REAL_ARTICLE_1, encoding="utf-8")
    (folder / "b.txt").write_bytes(REAL_ARTICLE_2.encode("cp949"))  # another encoding, same pipeline
    report = ingest_paths(db_path, [folder], jobs=1)
    assert (report.added, report.failed) == (2, [])
    with Store.open(db_path) as store:
        hong = store.find_speakers("홍길동", "행정안전부")
        assert len(hong) == 1 and store.speaker_rows(hong)[0].quote_count == 3
        assert len(store.find_speakers("김철수")) == 2  # 서울대 교수 and 국토교통부 차관 stay apart
        assert {r.titles for r in store.speaker_rows(store.find_speakers("김철수"))} == {"교수", "차관"}
        found = store.quote_rows(store.quote_ids(QuoteFilter(query="대통령")))
        assert [r.text for r in found] == ["대통령이 재난 대응을 직접 챙기고 있다"]
        assert found[0].published == "2025-12-18" and found[0].headline == "행안부, 재난 대응 점검"
        assert [r.text for r in store.quote_rows(store.quote_ids(QuoteFilter(query="정부")))] == [
            "정부가 속도를 조절해야 한다"]
        first = store.article(store.quote_rows(store.quote_ids(QuoteFilter(query="재정")))[0].article_id)
        assert (first.outlet, first.reporter) == ("천지일보", "강은영")
        for row in store.article_quotes(first.id):  # offsets point into the stored text
            assert first.text[row.start:row.end] == row.text


def test_viewer_can_save_corrections_while_an_ingest_runs(fake_parser, tmp_path, db_path):
    """The ingest holds the write lock only while writing, not while the parser works."""
    write_articles(tmp_path / "in", 6)
    script = KILL_SCRIPT.format(repo=str(REPO), db=str(db_path), folder=str(tmp_path / "in"))
    env = dict(os.environ, FAKE_PARSE_DELAY="1.5", PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None and time.monotonic() < deadline
            try:
                with Store.open(db_path, readonly=True) as peek:
                    if peek.article_count() >= 1:
                        break
            except StoreError:
                pass
            time.sleep(0.05)
        with Store.open(db_path) as viewer:
            viewer._conn.execute("PRAGMA busy_timeout = 600")  # well under one article's parse
            for n in range(3):
                viewer.create_speaker(f"수정 {n}")
                time.sleep(0.4)
            assert proc.poll() is None  # the ingest was running all along
    finally:
        proc.kill()
        proc.wait()


def test_parsed_shards_are_found_in_folders(fake_parser, tmp_path, db_path, capsys):
    """`ingest --parsed DIR` reads the folder's *.jsonl and *.jsonl.gz shards (not its other files)."""
    import gzip

    from main import main

    paths = write_articles(tmp_path / "in", 3)
    records = [json.dumps(article_record(p), ensure_ascii=False) for p in paths]
    shards = tmp_path / "shards"
    (shards / "sub").mkdir(parents=True)
    (shards / "shard-0.jsonl").write_text(records[0] + "\n", encoding="utf-8")
    with gzip.open(shards / "sub" / "shard-1.JSONL.gz", "wt", encoding="utf-8") as fh:
        fh.write(records[1] + "\n" + records[2] + "\n")
    (shards / "notes.txt").write_text("not a shard", encoding="utf-8")
    (shards / "broken.jsonl.gz").write_bytes(b"not gzip")
    report = ingest_parsed(db_path, [shards])
    assert (report.added, report.quotes) == (3, 6)
    assert [Path(p).name for p, _ in report.failed] == ["broken.jsonl.gz"]
    (tmp_path / "empty").mkdir()
    assert main(["ingest", "--parsed", str(tmp_path / "empty"), "--db", str(db_path)]) == 1
    assert "no parsed articles found" in capsys.readouterr().err
    (shards / "broken.jsonl.gz").unlink()
    assert main(["ingest", "--parsed", str(shards), "--db", str(db_path)]) == 0
    assert "skipped 3 already present" in capsys.readouterr().out


def test_default_jobs_fit_in_half_the_memory(monkeypatch):
    from db import ingest

    gib = 2**30 // 4096
    monkeypatch.setattr(ingest.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(ingest.os, "sysconf", lambda name: 4096 if name == "SC_PAGE_SIZE" else 16 * gib)
    assert ingest.default_jobs() == 8  # 16 GB: every core
    monkeypatch.setattr(ingest.os, "sysconf", lambda name: 4096 if name == "SC_PAGE_SIZE" else 4 * gib)
    assert ingest.default_jobs() == 5  # 4 GB: 2 GB for parsers, 400 MB each
    monkeypatch.setattr(ingest.os, "sysconf", lambda name: 4096 if name == "SC_PAGE_SIZE" else gib // 4)
    assert ingest.default_jobs() == 1  # never none


def test_a_file_over_the_time_budget_fails_and_the_batch_goes_on(fake_parser, tmp_path, db_path):
    """A parse that does not end (a hostile file) costs its own file only: its process is killed after
    the budget, the other files are stored, and what was stored before stays."""
    (tmp_path / "before").mkdir()
    for n in range(3):
        (tmp_path / "before" / f"{n}.txt").write_text(fakeparser.article(100 + n), encoding="utf-8")
    assert ingest_paths(db_path, [tmp_path / "before"], jobs=1).added == 3
    paths = write_articles(tmp_path / "in", 6)
    paths[2].write_text(fakeparser.article(99) + "PARSER-HANG\n", encoding="utf-8")
    report = ingest_paths(db_path, [tmp_path / "in"], jobs=2, budget=2)
    assert report.added == 5 and report.skipped == 0
    [(path, reason)] = report.failed
    assert path == str(paths[2]) and "longer than 2 s" in reason and "\n" not in reason
    with Store.open(db_path) as store:
        assert store.article_count() == 8 and store.integrity_check() == []


def test_over_the_budget_from_the_command_line(fake_parser, tmp_path, db_path, capsys):
    from main import main

    paths = write_articles(tmp_path / "in", 3)
    paths[0].write_text(fakeparser.article(99) + "PARSER-HANG\n", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "in"), "--db", str(db_path), "--jobs", "1", "--budget", "1.5"]) == 1
    out = capsys.readouterr().out
    assert "added 2 article(s)" in out and f"failed: {paths[0]}: parsing took longer than 1.5 s" in out
    assert main(["ingest", str(tmp_path / "in"), "--db", str(db_path), "--budget", "0"]) == 2


def test_an_ingest_waits_for_another_programs_write_lock_and_keeps_what_it_parsed(
        fake_parser, tmp_path, db_path, monkeypatch):
    """Another program holds the write lock longer than the busy timeout: the parsed articles wait in
    memory (with a message) and are stored when it lets go, instead of the run failing and losing them."""
    import db.store

    Store.open(db_path).close()
    monkeypatch.setattr(db.store, "BUSY_TIMEOUT_MS", 200)
    write_articles(tmp_path / "in", 5)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(db_path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"  # holds the lock until the ingest says it waits
        "c.execute('ROLLBACK')\n"
    )], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    messages: list[str] = []

    def notice(message: str) -> None:
        messages.append(message)
        if len(messages) == 1:  # the ingest is waiting, past the busy timeout: let go of the lock
            holder.stdin.write("go\n")
            holder.stdin.flush()

    try:
        assert holder.stdout.readline().strip() == "locked"
        report = ingest_paths(db_path, [tmp_path / "in"], jobs=1, notice=notice)
    finally:
        if holder.poll() is None:
            holder.stdin.close()
        holder.wait(timeout=30)
    assert (report.added, report.failed) == (5, [])
    assert "in use by another program" in messages[0] and "kept" in messages[0]
    assert "free again" in messages[-1]
    with Store.open(db_path) as store:
        assert store.article_count() == 5


def test_the_database_itself_is_not_read_as_an_article(fake_parser, tmp_path, db_path):
    write_articles(tmp_path, 2)
    report = ingest_paths(db_path, [tmp_path / "0000.txt", db_path], jobs=1)
    assert report.added == 1 and report.failed == [(str(db_path), "this is the database itself, not an article")]
    report = ingest_parsed(db_path, [db_path])
    assert report.failed == [(str(db_path), "this is the database itself, not a shard")]


def test_old_shards_with_kiwi_morphemes_are_stored_and_the_morphemes_ignored(tmp_path, db_path):
    """Shards written before the store indexed quotes itself carry the parser's "morphs": read, not used."""
    record = {"source_path": "old.txt", "text": "국회는 “법안을 처리하겠다”고 말했다.", "meta": {"published": "2025-01-02"},
              "quotes": [{"text": "법안을 처리하겠다", "start": 5, "end": 14, "speaker": "국회", "speaker_type": "organization",
                          "org": "국회", "morphs": "법안 처리 하 키위만아는말"}]}
    shard = tmp_path / "old.jsonl"
    shard.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    report = ingest_parsed(db_path, [shard])
    assert (report.added, report.quotes, report.failed) == (1, 1, [])
    with Store.open(db_path) as store:
        assert len(store.quote_ids(QuoteFilter(query="처리했다"))) == 1
        assert store.quote_ids(QuoteFilter(query="키위만아는말")) == []
        assert store.integrity_check() == []


def _stored(db_path) -> dict:
    """What an ingest stored, by id: articles in order, every quote's fields, the speakers' caches."""
    import sqlite3

    con = sqlite3.connect(db_path)
    try:
        return {
            "articles": con.execute("SELECT id, content_hash, source_path, headline, published, text FROM articles "
                                    "ORDER BY id").fetchall(),
            "quotes": con.execute("SELECT * FROM quotes ORDER BY id").fetchall(),
            "speakers": con.execute("SELECT id, name, org, titles, quote_count FROM speakers ORDER BY id").fetchall(),
        }
    finally:
        con.close()


def test_shards_prepared_in_other_processes_store_what_this_process_would(fake_parser, tmp_path, monkeypatch):
    """Two preparing processes, chunks of a few lines each (answers come back out of order): the same rows,
    in the shards' order, as preparing everything in the writer's process; a bad record fails alone."""
    import gzip

    from db import ingest

    monkeypatch.setattr(ingest, "SHARD_CHUNK_BYTES", 700)  # a few records per chunk
    paths = write_articles(tmp_path / "in", 40, quotes=3)
    records = [article_record(p) for p in paths]
    records[7]["quotes"][1]["start"] = "어디"  # not a number: this article cannot be stored
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    shards = tmp_path / "shards"
    shards.mkdir()
    for i in range(0, 40, 15):
        with gzip.open(shards / f"s{i:02d}.jsonl.gz", "wt", encoding="utf-8") as fh:
            fh.write("\n".join(lines[i : i + 15]) + "\n\n")
    here = ingest_parsed(tmp_path / "here.db", [shards], jobs=0)
    there = ingest_parsed(tmp_path / "there.db", [shards], jobs=2)
    for report in (here, there):
        assert (report.added, report.quotes) == (39, 117)
        [(label, reason)] = report.failed
        assert label == str(paths[7]) and reason.startswith("bad parsed record: ValueError")
    assert _stored(tmp_path / "here.db") == _stored(tmp_path / "there.db")
    stored_paths = [r[2] for r in _stored(tmp_path / "there.db")["articles"]]
    assert stored_paths == [str(p) for i, p in enumerate(paths) if i != 7]


def test_the_writers_notices_reach_the_callers_thread(fake_parser, tmp_path, db_path, monkeypatch):
    """The writer runs in a thread of its own; what it says is delivered on the thread that called ingest."""
    import threading

    import db.store

    Store.open(db_path).close()
    monkeypatch.setattr(db.store, "BUSY_TIMEOUT_MS", 200)
    write_articles(tmp_path / "in", 3)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(db_path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(1.5)\n"
        "c.execute('ROLLBACK')\n"
    )], stdout=subprocess.PIPE, text=True)
    threads = []
    try:
        assert holder.stdout.readline().strip() == "locked"
        report = ingest_paths(db_path, [tmp_path / "in"], jobs=1, notice=lambda m: threads.append(threading.get_ident()))
    finally:
        holder.wait(timeout=30)
    assert report.added == 3 and threads and set(threads) == {threading.get_ident()}


def test_a_full_disk_stops_the_ingest_with_one_line_and_keeps_only_whole_articles(tmp_path, db_path, monkeypatch,
                                                                                  capsys):
    """The writer thread's error is the caller's: `main.py ingest --parsed` says it in one line (exit 2)."""
    from db.store import Store as RealStore
    from main import main

    records = [{"source_path": f"{n}.txt", "text": f"기사 {n}\n" + "본문이다. " * 400, "meta": {},
                "quotes": [{"text": f"발언 {n}-{i} " + "가나다 " * 100, "start": 0, "end": 5, "speaker": "홍길동"}
                           for i in range(5)]} for n in range(60)]
    shard = tmp_path / "big.jsonl"
    shard.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    Store.open(db_path).close()
    real_tune = RealStore.tune_for_bulk_writes

    def nearly_full(self, cache_mb, wal_mb):
        real_tune(self, cache_mb, wal_mb)
        pages = self._conn.execute("PRAGMA page_count").fetchone()[0]
        self._conn.execute(f"PRAGMA max_page_count = {pages + 120}")  # room for some batches, not all

    monkeypatch.setattr(RealStore, "tune_for_bulk_writes", nearly_full)
    monkeypatch.setattr("db.ingest.COMMIT_EVERY_ARTICLES", 5)
    monkeypatch.setattr("db.ingest.MAX_BATCH_ARTICLES", 5)
    assert main(["ingest", "--parsed", str(shard), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "full" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    monkeypatch.undo()
    with Store.open(db_path) as store:
        stored = store.article_count()
        assert 0 < stored < 60 and set(quote_counts_per_article(store).values()) == {5}
        assert store.integrity_check() == []
    assert ingest_parsed(db_path, [shard]).added == 60 - stored  # room again: the same command finishes
