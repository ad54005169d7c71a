"""`balheon ingest` / `balheon export`: summaries, exit codes, one-line errors without tracebacks."""
from __future__ import annotations

import csv

import pytest

import attribution
from main import main

from . import fakeparser


@pytest.fixture
def articles(tmp_path, monkeypatch):
    monkeypatch.setattr(attribution, "parse_text", fakeparser.fake_parse)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(fakeparser.article(n), encoding="utf-8")
    (folder / "zz_binary.txt").write_bytes(b"\x00\x00 binary")
    return folder


def test_ingest_then_export(articles, tmp_path, capsys):
    db = str(tmp_path / "b.db")
    assert main(["ingest", str(articles), "--db", db, "--jobs", "1"]) == 1  # one file failed
    out = capsys.readouterr().out
    assert "added 3 article(s) with 6 quote(s); skipped 0 already present; failed 1" in out
    assert "zz_binary.txt: looks like a binary file" in out
    assert main(["ingest", str(articles / "0.txt"), "--db", db, "--jobs", "1"]) == 0
    assert "added 0 article(s) with 0 quote(s); skipped 1 already present; failed 0" in capsys.readouterr().out

    out_csv = tmp_path / "q.csv"
    assert main(["export", "--csv", str(out_csv), "--db", db, "--speaker", "홍 길동", "--since", "2025-12",
                 "--query", "정부"]) == 0
    assert "wrote 6 quote(s)" in capsys.readouterr().out
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 6 and {r["speaker"] for r in rows} == {"홍길동"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--csv", "{tmp}/o.csv", "--db", "{tmp}/none.db"], "no database at"),
        (["export", "--csv", "{tmp}/o.csv", "--db", "{tmp}/notes.txt"], "not a Balheon database"),
        (["ingest", "{tmp}/notes.txt", "--db", "{tmp}/notes.txt"], "not a Balheon database"),
        (["ingest", "{tmp}/notes.txt", "--db", "{tmp}"], "is a folder"),
        (["export", "--csv", "{tmp}/o.csv", "--db", "{tmp}/ok.db", "--until", "someday"], "not a date"),
        (["export", "--csv", "{tmp}/o.csv", "--db", "{tmp}/ok.db", "--speaker", "없는사람"], "no speaker called"),
        (["export", "--csv", "{tmp}/no/dir/o.csv", "--db", "{tmp}/ok.db"], "does not exist"),
    ],
)
def test_user_errors_are_one_line(tmp_path, capsys, argv, message):
    (tmp_path / "notes.txt").write_text("내 메모", encoding="utf-8")
    from db import Store

    Store.open(tmp_path / "ok.db").close()
    assert main([a.format(tmp=tmp_path) for a in argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "내 메모"


def test_empty_folder_and_empty_file(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "blank.txt").write_text("  \n", encoding="utf-8")
    db = str(tmp_path / "b.db")
    assert main(["ingest", str(tmp_path / "empty"), "--db", db]) == 1
    assert "no article files found" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "blank.txt"), "--db", db, "--jobs", "1"]) == 1
    assert "blank.txt: empty file" in capsys.readouterr().out


def test_progress_counter_only_on_a_terminal(articles, tmp_path, capsys, monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    term = Terminal()
    monkeypatch.setattr("sys.stderr", term)
    assert main(["ingest", str(articles), "--db", str(tmp_path / "t.db"), "--jobs", "1"]) == 1
    assert "\rparsed 4/4" in term.getvalue()
    monkeypatch.undo()
    assert main(["ingest", str(articles), "--db", str(tmp_path / "t.db"), "--jobs", "1"]) == 1
    assert "parsed" not in capsys.readouterr().err  # not a terminal: no counter


def test_reparse_command(articles, tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "b.db")
    assert main(["reparse", "--db", db]) == 2
    assert "no database at" in capsys.readouterr().err
    assert main(["ingest", str(articles), "--db", db, "--jobs", "1"]) == 1
    capsys.readouterr()
    from db import QuoteFilter, Store

    with Store.open(db) as store:
        corrected = store.quote_ids(QuoteFilter(), sort="id", descending=False)[0]
        store.set_quote_title(corrected, "전 장관")

    monkeypatch.setattr(attribution, "parse_text", fakeparser.first_quote_only)  # a new parser version
    assert main(["reparse", "--db", db, "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "re-parsed 3 article(s)" in out and "failed 0" in out
    with Store.open(db) as store:
        assert store.quote(corrected).title == "전 장관" and store.quote(corrected).status == "corrected"
        assert store.quote_count(QuoteFilter()) == 3  # 1 kept + 2 new (the first article's quote overlaps it)
    assert main(["reparse", "--db", db, "--jobs", "-1"]) == 2


def test_export_with_korean_headers_and_the_history(articles, tmp_path, capsys):
    db = str(tmp_path / "b.db")
    main(["ingest", str(articles), "--db", db, "--jobs", "1"])
    from db import QuoteFilter, Store

    with Store.open(db) as store:
        store.confirm_quote(store.quote_ids(QuoteFilter())[0])
    out_csv = tmp_path / "ko.csv"
    assert main(["export", "--csv", str(out_csv), "--db", db, "--korean-headers"]) == 0
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:6] == ["발언 번호", "화자", "화자 유형", "직함", "소속", "발언"]
    history = tmp_path / "history.csv"
    capsys.readouterr()
    assert main(["export", "--csv", str(history), "--db", db, "--history", "--korean-headers"]) == 0
    assert "wrote 1 change(s) of the correction history" in capsys.readouterr().out
    with open(history, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["수정 종류"] == "발언 확인" and "확인함" in rows[0]["이후"]


@pytest.mark.parametrize("command", ["ingest", "reparse"])
def test_a_missing_word_list_stops_ingest_before_any_file_is_parsed(articles, tmp_path, monkeypatch, capsys, command):
    """Not one "parser error" per file: one line that names the file, and the database as it was."""
    from attribution import lexicon, stance
    from db import Store

    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    for src in lexicon.DEFAULT_DIR.glob("*.tsv"):
        if src.name != "frames.tsv":
            (lexicons / src.name).write_bytes(src.read_bytes())
    db = tmp_path / "b.db"
    assert main(["ingest", str(articles / "0.txt"), "--db", str(db), "--jobs", "1"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("BALHEON_LEXICONS", str(lexicons))
    lexicon.load.cache_clear()
    stance.default_lexicons.cache_clear()
    try:
        argv = ["ingest", str(articles), "--db", str(db)] if command == "ingest" else ["reparse", "--db", str(db)]
        assert main(argv) == 2
    finally:
        monkeypatch.delenv("BALHEON_LEXICONS")
        lexicon.load.cache_clear()
        stance.default_lexicons.cache_clear()
    captured = capsys.readouterr()
    assert captured.err == f"balheon: cannot read the word list {lexicons / 'frames.tsv'}: no such file\n"
    assert captured.out == ""
    with Store.open(db, readonly=True) as store:
        assert len(store.article_ids()) == 1
