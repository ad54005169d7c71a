"""Bundled data files: where they are found, and a missing word list is an error that names it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from attribution import lexicon, resources, stance
from attribution.resources import LexiconError, resource_path, resource_root

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "samples" / "000_6fb5adfe881a8e20.txt"


def test_a_checkout_reads_its_own_resources():
    assert resource_root() == ROOT / "resources"
    assert lexicon.DEFAULT_DIR == stance.LEXICON_DIR == ROOT / "resources" / "lexicons"
    assert (resource_path("icons") / "app.svg").is_file() and resource_path("style.qss").is_file()
    assert sorted(p.name for p in resource_path("samples").glob("*.txt")) == [
        "000_6fb5adfe881a8e20.txt", "001_cdfe03824d9defe9.txt"]


def test_an_installed_copy_is_found_through_importlib_resources(tmp_path, monkeypatch):
    """Outside a checkout (a wheel, a cluster worker) the files come from the package balheon_resources."""
    package = tmp_path / "site" / resources.PACKAGE
    (package / "lexicons").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    try:
        with monkeypatch.context() as m:
            m.setattr(resources, "_CHECKOUT", tmp_path / "no-checkout")
            m.syspath_prepend(str(tmp_path / "site"))
            resource_root.cache_clear()
            assert resource_root() == package
            assert resource_path("lexicons", "titles.tsv") == package / "lexicons" / "titles.tsv"
    finally:
        sys.modules.pop(resources.PACKAGE, None)
        resource_root.cache_clear()
    assert resource_root() == ROOT / "resources"


def _copy_lexicons(dest: Path, leave_out: str | None = None) -> Path:
    dest.mkdir()
    for src in (ROOT / "resources" / "lexicons").glob("*.tsv"):
        if src.name != leave_out:
            (dest / src.name).write_bytes(src.read_bytes())
    return dest


@pytest.mark.parametrize("missing", ["titles.tsv", "surnames.tsv", "reporting_verbs.tsv"])
def test_a_missing_word_list_is_an_error_naming_it(tmp_path, missing):
    """With the lists absent the parser used to give a speaker to 63 of 165 quotes instead of 144, silently."""
    directory = _copy_lexicons(tmp_path / "lex", leave_out=missing)
    with pytest.raises(LexiconError, match=f"{directory / missing}: no such file"):
        lexicon.load(str(directory))


def test_an_unreadable_word_list_is_an_error_naming_it(tmp_path):
    directory = _copy_lexicons(tmp_path / "lex")
    (directory / "titles.tsv").write_bytes("장관\n".encode("utf-16"))
    with pytest.raises(LexiconError, match="titles.tsv: not UTF-8 text"):
        lexicon.load(str(directory))


def test_balheon_lexicons_replaces_every_word_list(tmp_path, monkeypatch):
    """$BALHEON_LEXICONS points the rules and the stance tables to another copy."""
    directory = _copy_lexicons(tmp_path / "lex")
    with (directory / "frames.tsv").open("a", encoding="utf-8") as fh:
        fh.write("읊조리다\tconcern\n")
    monkeypatch.setenv("BALHEON_LEXICONS", str(directory))
    stance.default_lexicons.cache_clear()
    try:
        assert lexicon.lexicon_dir() == directory
        assert stance.default_lexicons().frames["읊조리다"] == "concern"
    finally:
        monkeypatch.delenv("BALHEON_LEXICONS")
        stance.default_lexicons.cache_clear()
    assert "읊조리다" not in stance.default_lexicons().frames


def test_the_command_line_says_which_word_list_is_missing(tmp_path):
    directory = _copy_lexicons(tmp_path / "lex", leave_out="titles.tsv")
    env = {**os.environ, "BALHEON_LEXICONS": str(directory), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "parse", str(SEED)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"balheon: cannot read the word list {directory / 'titles.tsv'}: no such file\n"
