"""db.distributed: Dask parses a corpus into shards; storing them gives the rows of a direct ingest.

The real parser runs in the tests that compare databases; the others use tests/db/fakeparser.py (no
Kiwi) to check paths, resume, retries, refusals and the output location quickly.
The two-machine shape (a separate scheduler and worker processes, one killed) is tests/db/test_cluster.py.
"""
from __future__ import annotations

import gzip
import io
import json
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("fsspec")

import attribution  # noqa: E402
import db.distributed as dist  # noqa: E402
from benchmarks.corpus import write  # noqa: E402
from db.distributed import (  # noqa: E402
    ClusterError,
    ProgressBar,
    default_partitions,
    expand,
    main,
    parse_to_shards,
)
from db.ingest import ingest_parsed, ingest_paths, iter_parsed_records, parser_stamp  # noqa: E402

from . import fakeparser  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

ARTICLE_COLS = "content_hash, source_path, headline, published, outlet, reporter, text, warnings"
QUOTE_COLS = ('a.content_hash, q.ordinal, s.name, s.type, s.org, q.text, q.start, q."end", q.speaker_name, q.title, '
              "q.org, q.verb, q.sentence, q.mention, q.resolution, q.confidence, q.needs_review, q.frame, q.stance, "
              "q.stance_secondary, q.polarity, q.evidence, q.status, q.published")


def rows(db: Path) -> dict:
    """Everything a direct ingest decides, keyed by content, not by ids or times."""
    con = sqlite3.connect(db)
    try:
        return {
            "articles": con.execute(f"SELECT {ARTICLE_COLS} FROM articles ORDER BY content_hash").fetchall(),
            "quotes": con.execute(
                f"SELECT {QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id "
                "LEFT JOIN speakers s ON s.id = q.speaker_id ORDER BY a.content_hash, q.ordinal").fetchall(),
            "speakers": con.execute("SELECT name, type, org, titles, quote_count FROM speakers ORDER BY name_key, org_key").fetchall(),
            "fts": con.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH '정부'").fetchone(),
        }
    finally:
        con.close()


def shard_records(path: str | Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("dist-corpus")
    write(6, 11, d / "synthetic")
    for p in (ROOT / "resources" / "samples").glob("*.txt"):
        (d / p.name).write_bytes(p.read_bytes())
    (d / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)  # a binary file: reported, not fatal
    return d


@pytest.fixture(scope="module")
def direct(corpus_dir, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("direct") / "direct.db"
    report = ingest_paths(db, [corpus_dir], jobs=1)
    assert report.added == 8 and len(report.failed) == 1
    return rows(db)


def _check(summary: dict, corpus_dir: Path, direct: dict, tmp_path: Path) -> None:
    assert summary["files"] == 9 and summary["articles"] == 8
    assert [Path(p).name for p, _ in summary["failed"]] == ["broken.txt"]
    stamp = parser_stamp()
    for shard in summary["shards"]:
        assert Path(shard).name.startswith("shard-") and shard.endswith(".jsonl.gz")
        for _label, record, error in iter_parsed_records(shard):
            assert error is None and set(record) >= {"source_path", "content_hash", "text", "meta", "quotes"}
            assert (record["parser_version"], record["lexicon_hash"]) == (stamp["parser_version"], stamp["lexicon_hash"])
    db = tmp_path / "from-shards.db"
    report = ingest_parsed(db, summary["shards"])
    assert report.added == 8 and not report.failed
    assert rows(db) == direct


def test_shards_match_a_direct_ingest_in_process(corpus_dir, direct, tmp_path):
    summary = parse_to_shards(corpus_dir, tmp_path / "shards", npartitions=3, scheduler="synchronous")
    assert len(summary["shards"]) == 3 and summary["new_shards"] == summary["shards"]
    _check(summary, corpus_dir, direct, tmp_path)


@pytest.mark.slow
def test_shards_on_a_local_cluster_match_a_direct_ingest(corpus_dir, direct, tmp_path, monkeypatch):
    """The default scheduler: a LocalCluster with as many workers as `ingest` would start (here capped to one,
    as a machine whose memory holds one Kiwi), and four partitions per worker thread."""
    monkeypatch.setattr(dist, "default_jobs", lambda: 1)
    summary = parse_to_shards(str(corpus_dir / "**" / "*.txt"), tmp_path / "shards")
    assert (summary["workers"], summary["threads"], summary["partitions"]) == (1, 1, 4)
    _check(summary, corpus_dir, direct, tmp_path)


def test_expand_takes_files_folders_and_globs(corpus_dir):
    by_folder = expand(corpus_dir)
    assert len(by_folder) == 9
    assert expand([str(corpus_dir / "*.txt")]) == sorted(str(p) for p in corpus_dir.glob("*.txt"))
    assert expand(str(corpus_dir / "**" / "*_*.txt")) == sorted(p for p in by_folder if "_" in Path(p).name)
    errors: list = []
    assert expand([str(corpus_dir / "nope"), str(corpus_dir / "*.nope")], errors) == []
    assert sorted(errors) == [(str(corpus_dir / "*.nope"), "no file matches"), (str(corpus_dir / "nope"), "no such file or folder")]


def test_partitions_follow_the_cluster_threads():
    assert default_partitions(200, threads=2) == 8
    assert default_partitions(200, threads=16) == 64
    assert default_partitions(10_000, threads=2) == 100  # at most ~100 files in a partition
    assert default_partitions(3, threads=16) == 3
    assert dist.split(list(range(10)), 4) == [[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]]


# ---------------------------------------------------------------------------------------------------
# With the fake parser: paths, resume, retries, output locations


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(attribution, "parse_text", fakeparser.fake_parse)


def _articles(folder: Path, numbers) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in numbers:
        p = folder / f"{n:03d}.txt"
        p.write_text(fakeparser.article(n), encoding="utf-8")
        out.append(p)
    return out


def test_relative_paths_are_resolved_here_and_stored_as_named(fake, tmp_path, monkeypatch, capsys):
    _articles(tmp_path / "work" / "news", range(3))
    (tmp_path / "work" / "news" / "empty.txt").write_text("  \n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "work")
    code = main(["news", "missing.txt", "--out", "out", "--scheduler", "synchronous"])
    assert code == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == (
        "5 files in this process: 3 articles with 6 quotes in 3 new shard(s); 0 already in a shard; 2 failed")
    assert "  failed: missing.txt: no such file or folder" in captured.out
    assert "  failed: news/empty.txt: empty file (no text)" in captured.out
    assert f"Store them with: python main.py ingest --parsed {tmp_path / 'work' / 'out'}" in captured.out
    shards = (tmp_path / "work" / "out").glob("shard-*.jsonl.gz")
    assert sorted(r["source_path"] for s in shards for r in shard_records(s)) == [
        "news/000.txt", "news/001.txt", "news/002.txt"]
    assert captured.err.splitlines() == ["parsed 1/4 files", "parsed 2/4 files", "parsed 3/4 files", "parsed 4/4 files"]


def test_a_rerun_skips_what_the_shards_hold_and_adding_files_adds_shards(fake, tmp_path):
    corpus = tmp_path / "corpus"
    _articles(corpus / "b", range(10, 16))
    out = tmp_path / "out"
    first = parse_to_shards([corpus], out, npartitions=2, scheduler="synchronous")
    assert (first["articles"], first["skipped"], len(first["new_shards"])) == (6, 0, 2)
    before = {Path(p).name: Path(p).read_bytes() for p in first["shards"]}

    again = parse_to_shards([corpus], out, npartitions=2, scheduler="synchronous")
    assert (again["articles"], again["skipped"], again["new_shards"]) == (0, 6, [])

    # New files that sort first (a positional name would now shift every shard) and a copy of an old one.
    _articles(corpus / "a", [1, 2])
    (corpus / "a" / "copy-of-010.txt").write_bytes((corpus / "b" / "010.txt").read_bytes())
    more = parse_to_shards([corpus], out, npartitions=2, scheduler="synchronous")
    assert (more["files"], more["articles"], more["skipped"], len(more["new_shards"])) == (9, 2, 7, 1)
    assert {Path(p).name: Path(p).read_bytes() for p in more["shards"] if p not in more["new_shards"]} == before
    (new,) = more["new_shards"]
    assert [r["source_path"] for r in shard_records(new)] == [str(corpus / "a" / "001.txt"), str(corpus / "a" / "002.txt")]

    # Shards are named by what they hold: the same files give the same names and bytes in another folder.
    elsewhere = parse_to_shards([corpus / "b"], tmp_path / "out2", npartitions=2, scheduler="synchronous")
    assert {Path(p).name: Path(p).read_bytes() for p in elsewhere["shards"]} == before

    db = tmp_path / "all.db"
    assert ingest_parsed(db, [out]).added == 8


def test_a_failed_partition_is_retried(fake, tmp_path, monkeypatch):
    _articles(tmp_path / "corpus", range(6))
    real_write, calls = dist.write_shard, []

    def flaky(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 1:
            raise OSError(5, "Input/output error")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(dist, "write_shard", flaky)
    summary = parse_to_shards([tmp_path / "corpus"], tmp_path / "out", npartitions=3, scheduler="synchronous")
    assert (summary["articles"], summary["failed"], len(summary["shards"])) == (6, [], 3)
    assert len(calls) == 4 and calls[0] == calls[1]


def test_a_partition_that_keeps_failing_lists_its_files_and_the_others_stand(fake, tmp_path, monkeypatch, capsys):
    files = _articles(tmp_path / "corpus", range(6))
    real_write = dist.write_shard

    def full_disk_for_the_first(out_url, name, lines, *rest):
        if any('"source_path": "' + str(files[0]) + '"' in line for line in lines):
            raise OSError(28, "No space left on device")
        return real_write(out_url, name, lines, *rest)

    monkeypatch.setattr(dist, "write_shard", full_disk_for_the_first)
    code = main([str(tmp_path / "corpus"), "--out", str(tmp_path / "out"), "--partitions", "3",
                 "--scheduler", "synchronous"])
    assert code == 1
    out = capsys.readouterr().out
    reason = "its partition failed 3 times (OSError: [Errno 28] No space left on device)"
    assert f"  failed: {files[0]}: {reason}" in out and f"  failed: {files[1]}: {reason}" in out
    assert "6 files in this process: 4 articles with 8 quotes in 2 new shard(s); 0 already in a shard; 2 failed" in out
    assert len(list((tmp_path / "out").glob("shard-*.jsonl.gz"))) == 2
    assert not list((tmp_path / "out").glob(".*"))  # no temporary file left behind

    monkeypatch.setattr(dist, "write_shard", real_write)  # the disk has room again: a re-run finishes the job
    again = parse_to_shards([tmp_path / "corpus"], tmp_path / "out", npartitions=3, scheduler="synchronous")
    assert (again["articles"], again["skipped"], len(again["shards"])) == (2, 4, 3)


def test_shards_go_to_any_fsspec_location(fake, tmp_path):
    import fsspec

    _articles(tmp_path / "corpus", range(4))
    fs = fsspec.filesystem("memory")
    try:
        summary = parse_to_shards([tmp_path / "corpus"], "memory://balheon-test/shards", npartitions=2,
                                  scheduler="synchronous")
        out = summary["out"]
        assert out.startswith("memory://") and out.endswith("/balheon-test/shards")
        assert all(s.startswith(f"{out}/shard-") for s in summary["shards"])
        assert len(summary["shards"]) == 2 and not (tmp_path / "balheon-test").exists()
        records = [json.loads(line) for s in summary["shards"]
                   for line in gzip.decompress(fs.cat(s)).decode("utf-8").splitlines()]
        assert sorted(r["source_path"] for r in records) == sorted(str(p) for p in (tmp_path / "corpus").glob("*.txt"))
        again = parse_to_shards([tmp_path / "corpus"], "memory://balheon-test/shards", scheduler="synchronous")
        assert (again["skipped"], again["new_shards"]) == (4, [])
    finally:
        fs.rm("/balheon-test", recursive=True)


def test_records_carry_the_parser_and_ingest_warns_when_shards_mix_parsers(fake, tmp_path, capsys):
    import main as balheon

    _articles(tmp_path / "corpus", range(4))
    summary = parse_to_shards([tmp_path / "corpus"], tmp_path / "out", npartitions=2, scheduler="synchronous")
    stamp = parser_stamp()
    assert stamp["parser_version"].startswith("0.") and len(stamp["lexicon_hash"]) == 16
    for shard in summary["shards"]:
        assert all({k: r[k] for k in stamp} == stamp for r in shard_records(shard))

    assert balheon.main(["ingest", "--parsed", str(tmp_path / "out"), "--db", str(tmp_path / "one.db")]) == 0
    assert "warning" not in capsys.readouterr().err

    # One shard from an older parser.
    old = [dict(r, parser_version="0.0.9+0123456789ab.kiwi0.20.0") for r in shard_records(summary["shards"][0])]
    with gzip.open(tmp_path / "out" / "shard-old.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(dict(r, content_hash="0" * 63 + str(i)), ensure_ascii=False) + "\n"
                      for i, r in enumerate(old))
    assert balheon.main(["ingest", "--parsed", str(tmp_path / "out"), "--db", str(tmp_path / "two.db")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("balheon: warning: these shards come from 2 different parsers (")
    assert f"parser 0.0.9+0123456789ab.kiwi0.20.0, word lists {stamp['lexicon_hash']}: 2 article(s)" in err
    assert f"parser {stamp['parser_version']}, word lists {stamp['lexicon_hash']}: 4 article(s)" in err
    assert "main.py reparse" in err

    # The next distributed run into that folder says so too.
    assert main([str(tmp_path / "corpus"), "--out", str(tmp_path / "out"), "--scheduler", "synchronous"]) == 0
    assert "come from different parsers" in capsys.readouterr().err


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    tty = Terminal()
    bar = ProgressBar(tty, width=10)
    bar(3, 10)
    bar(10, 10)
    bar.finish()
    assert tty.getvalue() == "\rparsed [###-------] 3/10 files\rparsed [##########] 10/10 files\n"

    log = io.StringIO()
    bar = ProgressBar(log)
    for done in (1, 5, 6, 19, 20):
        bar(done, 20)
    bar.finish()
    assert log.getvalue() == "parsed 5/20 files\nparsed 6/20 files\nparsed 19/20 files\nparsed 20/20 files\n"


# ---------------------------------------------------------------------------------------------------
# On a Dask cluster in this process (worker threads), so that the workers' view can be changed


@pytest.fixture
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as lc, \
            Client(lc) as client:
        yield client


def test_a_failed_partition_is_retried_by_dask(fake, tmp_path, monkeypatch, cluster):
    _articles(tmp_path / "corpus", range(4))
    real_write, calls = dist.write_shard, []

    def flaky(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 1:
            raise OSError(5, "Input/output error")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(dist, "write_shard", flaky)
    seen = []
    summary = parse_to_shards([tmp_path / "corpus"], tmp_path / "out", npartitions=2, scheduler=cluster,
                              progress=lambda done, total: seen.append((done, total)))
    assert (summary["articles"], summary["failed"], len(summary["shards"])) == (4, [], 2)
    assert (summary["workers"], summary["threads"]) == (1, 1)
    assert len(calls) == 3 and seen == [(2, 4), (4, 4)]


def test_a_run_whose_inputs_the_workers_cannot_read_is_refused(fake, tmp_path, monkeypatch, cluster, capsys):
    files = _articles(tmp_path / "corpus", range(3))
    monkeypatch.setattr(dist, "_visible", lambda path: path != str(files[1]))
    with pytest.raises(ClusterError) as refused:
        parse_to_shards([tmp_path / "corpus"], tmp_path / "out", scheduler=cluster)
    worker = next(iter(cluster.nthreads()))
    assert str(refused.value) == (f"the worker {worker} cannot read the input {files[1]}: the articles must be on a "
                                  "file system every worker mounts at the same path")
    assert not list((tmp_path / "out").iterdir())  # nothing parsed, nothing written

    code = main([str(tmp_path / "corpus"), "--out", str(tmp_path / "out"), "--scheduler", cluster.scheduler.address])
    assert code == 2
    captured = capsys.readouterr()
    assert captured.err == f"balheon: {refused.value}\n" and captured.out == ""


def test_a_run_whose_output_the_workers_cannot_see_is_refused(fake, tmp_path, monkeypatch, cluster):
    _articles(tmp_path / "corpus", range(2))
    monkeypatch.setattr(dist, "_sees", lambda url, options: False)
    with pytest.raises(ClusterError, match=r"does not see the output folder .*/out: give a folder every worker "
                                           r"shares at the same path, or an fsspec URL such as s3://bucket/shards"):
        parse_to_shards([tmp_path / "corpus"], tmp_path / "out", scheduler=cluster)
    assert not list((tmp_path / "out").iterdir())


def test_a_worker_without_this_balheon_is_refused(fake, tmp_path, monkeypatch, cluster):
    """A worker with an older Balheon cannot even load the check: one line, not a remote traceback."""
    _articles(tmp_path / "corpus", range(2))

    def old_balheon(*args):
        raise AttributeError("Can't get attribute 'parser_stamp' on <module 'db.ingest'>")

    monkeypatch.setattr(dist, "_probe", old_balheon)
    with pytest.raises(ClusterError, match=r"^the worker \S+ cannot run this version of Balheon \(AttributeError: "
                                           r"Can't get attribute 'parser_stamp' .*\): install the same Balheon on every worker$"):
        parse_to_shards([tmp_path / "corpus"], tmp_path / "out", scheduler=cluster)


def test_an_unknown_scheduler_is_one_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(fakeparser.article(1), encoding="utf-8")
    assert main([str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--scheduler", "threads"]) == 2
    captured = capsys.readouterr()
    assert captured.err == ("balheon: the scheduler 'threads' is neither local, synchronous nor an address such as "
                            "tcp://HOST:8786 (missing port number in address 'threads')\n")
