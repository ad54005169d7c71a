"""db.distributed: Dask parses a corpus into shards; storing them gives the rows of a direct ingest."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")

from benchmarks.corpus import write  # noqa: E402
from db.distributed import expand, main, parse_to_shards  # noqa: E402
from db.ingest import ingest_parsed, ingest_paths, iter_parsed_records  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

ARTICLE_COLS = "content_hash, source_path, headline, published, outlet, reporter, text, warnings"
QUOTE_COLS = ('a.content_hash, q.ordinal, s.name, s.type, s.org, q.text, q.start, q."end", q.speaker_name, q.title, '
              "q.org, q.verb, q.sentence, q.mention, q.resolution, q.confidence, q.needs_review, q.frame, q.stance, "
              "q.stance_secondary, q.polarity, q.evidence, q.status, q.morphs, q.published")


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
    for shard in summary["shards"]:
        for _label, record, error in iter_parsed_records(shard):
            assert error is None and set(record) >= {"source_path", "content_hash", "text", "meta", "quotes"}
    db = tmp_path / "from-shards.db"
    report = ingest_parsed(db, summary["shards"])
    assert report.added == 8 and not report.failed
    assert rows(db) == direct


def test_shards_match_a_direct_ingest_in_process(corpus_dir, direct, tmp_path):
    summary = parse_to_shards(corpus_dir, tmp_path / "shards", npartitions=3, scheduler="synchronous")
    assert len(summary["shards"]) == 3
    _check(summary, corpus_dir, direct, tmp_path)


@pytest.mark.slow
def test_shards_on_a_local_cluster_match_a_direct_ingest(corpus_dir, direct, tmp_path):
    """Dask's LocalCluster when `distributed` is installed, else the processes scheduler."""
    try:
        import distributed  # noqa: F401

        scheduler = "distributed"
    except ImportError:
        scheduler = "processes"
    summary = parse_to_shards(str(corpus_dir / "**" / "*.txt"), tmp_path / "shards", npartitions=4, scheduler=scheduler)
    _check(summary, corpus_dir, direct, tmp_path)


def test_expand_takes_files_folders_and_globs(corpus_dir):
    by_folder = expand(corpus_dir)
    assert len(by_folder) == 9
    assert expand([str(corpus_dir / "*.txt")]) == sorted(str(p) for p in corpus_dir.glob("*.txt"))
    assert expand(str(corpus_dir / "**" / "*_*.txt")) == sorted(p for p in by_folder if "_" in Path(p).name)


def test_cli_writes_shards_and_reports_failures(corpus_dir, tmp_path, capsys):
    code = main([str(corpus_dir / "000_6fb5adfe881a8e20.txt"), str(corpus_dir / "broken.txt"),
                 "--out", str(tmp_path / "out"), "--scheduler", "synchronous"])
    assert code == 1  # one file failed
    out = capsys.readouterr()
    assert "1 articles" in out.out and "broken.txt" in out.err
    assert len(list((tmp_path / "out").glob("shard-*.jsonl"))) >= 1
