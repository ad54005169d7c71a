"""Smoke tests for benchmarks/: the corpus generator is deterministic and realistic enough for the parser,
and every benchmark command runs at a tiny size. Nothing here is timed."""
from __future__ import annotations

import collections
import os

import pytest

from benchmarks import corpus

RECOVERY_FLOOR = 0.95  # share of generated quotes found with the right speaker (measured 0.99 on 30-150 articles)


def test_generator_is_deterministic_and_prefix_stable():
    a = list(corpus.generate(12, seed=5))
    assert a == list(corpus.generate(12, seed=5))
    assert a[:4] == list(corpus.generate(4, seed=5))
    assert a != list(corpus.generate(12, seed=6))
    assert len({name for name, _ in a}) == 12


def test_generator_mixes_the_shapes_of_real_news():
    kinds = collections.Counter()
    lengths = []
    for name, text, truth in corpus.generate_with_truth(200, seed=3):
        kinds[name.split("_")[1][:-4]] += 1
        lengths.append(len(text))
        assert truth, name
    assert set(kinds) == {"news", "press", "scraped"} and kinds["news"] > kinds["press"]
    assert 800 <= sorted(lengths)[len(lengths) // 2] <= 3000
    texts = [t for _n, t in corpus.generate(60, seed=3)]
    joined = "\n".join(texts)
    for marker in ("(이하 ", "그러면서 “", "관계자는 “", "”며 “", "□ ", " ∘ ", "기자", "입력"):
        assert marker in joined, marker


def test_written_corpus_round_trips(tmp_path):
    out = corpus.write(7, 2, tmp_path, per_dir=3)
    files = sorted(out.rglob("*.txt"))
    assert len(files) == 7 and len({f.parent for f in files}) == 3
    assert [f.read_text(encoding="utf-8") for f in files] == [t for _n, t in corpus.generate(7, 2)]


def test_parser_recovers_generated_quotes_with_their_speakers():
    from attribution import parse_text

    total = found = right = 0
    for _name, text, truth in corpus.generate_with_truth(30, seed=1):
        f, r, _misses = corpus.recovered(truth, parse_text(text).quotes)
        total, found, right = total + len(truth), found + f, right + r
    print(f"recovered {found / total:.3f} of {total} quotes, right speaker {right / total:.3f}")
    assert found / total >= 0.95
    assert right / total >= RECOVERY_FLOOR


def test_parse_throughput_runs_tiny(capsys):
    from benchmarks import parse_throughput

    assert parse_throughput.main(["--articles", "3", "--jobs", "1", "--dev", "/nonexistent"]) == 0
    out = capsys.readouterr().out
    assert "parser/baseline" in out and "determinism" in out and "chars ratio" in out


def test_counting_kiwi_sees_every_call():
    from benchmarks.parse_throughput import count_kiwi_chars

    c = count_kiwi_chars(["김민수 장관은 “예산을 늘리겠다”고 말했다. 행사가 열렸다."])
    assert 0 < c["parser_chars"] and 0 < c["baseline_chars"]


@pytest.mark.slow
def test_parse_throughput_runs_with_a_pool(capsys):
    from benchmarks import parse_throughput

    assert parse_throughput.main(["--articles", "4", "--jobs", "2", "--dev", "/nonexistent"]) == 0
    assert "2 processes" in capsys.readouterr().out


@pytest.mark.slow
def test_ingest_scale_runs_tiny(capsys, tmp_path):
    from benchmarks import ingest_scale

    assert ingest_scale.main(["--articles", "3,6", "--jobs", "1", "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "DB MB per 1k articles" in out and "extrapolated to 100,000" in out and "writing took" in out


def test_ingest_scale_parsed_runs_tiny(capsys, tmp_path):
    """--parsed: a few articles parsed once, repeated into shards, stored with and without overlap."""
    from benchmarks import ingest_scale

    assert ingest_scale.main(["--parsed", "--articles", "4,9", "--distinct", "3", "--jobs", "1",
                              "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "ingest --parsed, 3 distinct parsed articles repeated" in out and "| 9 |" in out
    assert "target >= 1,000" in out


def test_bulk_fill_builds_what_was_asked(tmp_path):
    from benchmarks.viewer_scale import bulk_fill
    from db import QuoteFilter, Store

    built = bulk_fill(tmp_path / "v.db", quotes=300, speakers=40, big=60)
    with Store.open(tmp_path / "v.db", readonly=True) as s:
        assert s.quote_count(QuoteFilter(include_not_speech=True)) == 300
        assert s.speaker_count() == built["speakers"] == 40
        top = s.speaker_ids()[0]
        assert s.speaker(top).quote_count >= 60


@pytest.mark.slow
def test_viewer_scale_runs_tiny(capsys, tmp_path):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from benchmarks import viewer_scale

    assert viewer_scale.main(["--quotes", "200,400", "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "select top speaker" in out and "RSS at end" in out


def test_adversarial_shapes_are_deterministic_and_of_the_size_asked():
    from benchmarks import adversarial

    for name, shape in adversarial.SHAPES.items():
        text = shape(20_000)
        assert text == shape(20_000), name
        assert 20_000 <= len(text.encode("utf-8")) < 40_000 or name in ("nested_corners", "ordinary"), name
    assert adversarial.quote_a_line(2_000).count('"a') == 1_000
    assert "「“" * 1000 in adversarial.nested_corners(1)


def test_adversarial_runs_tiny(capsys):
    from benchmarks import adversarial

    assert adversarial.main(["--sizes", "2K,8K", "--shapes", "quote_per_line,long_line", "--cap", "120"]) == 0
    out = capsys.readouterr().out
    assert "s/MB 2 KB" in out and "s/MB 8 KB" in out and "ratio" in out and "growth" in out
    assert "quote_per_line" in out and "long_line" in out and "shapes failing the target:" in out


@pytest.mark.slow
def test_ingest_formats_runs_tiny(capsys, tmp_path):
    from benchmarks import ingest_formats

    assert ingest_formats.main(["--articles", "4", "--jobs", "1", "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| ingest, articles/s |" in out and "xlsx/txt" in out
    assert "same articles and quotes in both databases: yes (4 /" in out


def test_the_workbook_and_the_text_files_hold_the_same_texts(tmp_path):
    from attribution import read_article
    from attribution.readers import read_records
    from benchmarks import ingest_formats

    book, txt = ingest_formats.write_both(6, 2, tmp_path)
    rows = list(read_records(book))
    assert [r.row for r in rows] == list(range(2, 8)) and all(r.url and r.outlet for r in rows)
    assert [r.text for r in rows] == [read_article(f).rstrip("\n") for f in sorted(txt.glob("*.txt"))]
