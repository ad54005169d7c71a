"""The layering contract of pyproject.toml ([tool.importlinter]): the parser and the store never import Qt
or the viewer. Run here, so that breaking it fails the suite."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """import-linter on the packages in `folder` with the contracts of its pyproject.toml (no cache left behind)."""
    code = ("import sys\nfrom importlinter.cli import lint_imports\n"
            "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))")
    return subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True,
                          env={"PYTHONPATH": str(folder), "PATH": "", "NO_COLOR": "1"}, timeout=300)


def importlinter_section(pyproject: Path) -> str:
    """The [tool.importlinter] tables of a pyproject.toml, as text."""
    kept, inside = [], False
    for line in pyproject.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            inside = line.strip("[] ").startswith("tool.importlinter")
        if inside:
            kept.append(line)
    return "\n".join(kept) + "\n"


def test_the_parser_and_the_store_never_import_qt():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 kept, 0 broken" in run.stdout


@pytest.mark.parametrize("forbidden", ["from PySide6.QtCore import QObject", "from viewer import models"])
def test_the_contract_catches_a_store_that_imports_qt(tmp_path, forbidden):
    """The same contract on a copy of the layout where the store imports Qt (or the viewer): it must break."""
    (tmp_path / "pyproject.toml").write_text(importlinter_section(ROOT / "pyproject.toml"), encoding="utf-8")
    for package in ("attribution", "db", "viewer"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "viewer" / "models.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    (tmp_path / "db" / "store.py").write_text(forbidden + "\n", encoding="utf-8")
    run = lint_imports(tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "BROKEN" in run.stdout and "db.store" in run.stdout
