"""The command-line front door."""
from __future__ import annotations

import json
import sys

import pytest

import main


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux desktops")
def test_viewer_without_a_display_says_so(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main.main([]) == 2
    err = capsys.readouterr().err
    assert "no display" in err and "xvfb-run" in err and "Traceback" not in err


def test_parse_jsonl_has_the_agreed_fields(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("정하늘 한빛전자 대표는 “수출이 늘고 있다”고 말했다.\n", encoding="utf-8")
    assert main.main(["parse", str(article), "--format", "jsonl"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["file"] == str(article)
    (q,) = line["quotes"]
    for key in ("text", "speaker", "speaker_type", "title", "org", "verb", "start", "end", "resolution", "confidence"):
        assert key in q
    assert (q["speaker"], q["org"], q["verb"]) == ("정하늘", "한빛전자", "말하다")


def test_parse_of_a_bad_file_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 10)
    assert main.main(["parse", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "binary" in err


def test_eval_reports_the_scores(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("정하늘 한빛전자 대표는 “수출이 늘고 있다”고 말했다.\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "a.txt", "quotes": [
        {"text": "수출이 늘고 있다", "speaker": "정하늘", "title": "대표", "verb": "말하다", "resolution": "same_sentence",
         "stance": "assessment"},
        {"text": "없는 인용", "speaker": "누군가", "ambiguous": True},
    ]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main.main(["eval", str(gold), str(tmp_path), "--show-errors"]) == 0
    out = capsys.readouterr().out
    assert "Quote P 1.000 R 1.000 F1 1.000" in out
    assert "Attribution P 1.000 R 1.000 F1 1.000" in out


def test_a_broken_pipe_that_is_not_stdout_is_no_success(tmp_path, monkeypatch):
    """The worker pool failing to start used to end `ingest` quietly with exit code 0."""
    import db.cli

    def pool_cannot_start(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(db.cli, "ingest_paths", pool_cannot_start)
    (tmp_path / "a.txt").write_text("정하늘 대표는 “좋다”고 말했다.\n", encoding="utf-8")
    with pytest.raises(BrokenPipeError):
        main.main(["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "b.db")])


def test_a_reader_that_goes_away_ends_quietly(tmp_path):
    """`balheon parse … | head`: a closed stdout is the one broken pipe that is no failure."""
    import subprocess
    from pathlib import Path

    article = tmp_path / "a.txt"
    article.write_text("정하늘 한빛전자 대표는 “수출이 늘고 있다”고 말했다.\n", encoding="utf-8")
    repo = Path(main.__file__).resolve().parent
    proc = subprocess.Popen([sys.executable, str(repo / "main.py"), "parse", str(article), "--format", "jsonl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=repo)
    proc.stdout.close()  # the reader is gone before the first line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert err == ""
