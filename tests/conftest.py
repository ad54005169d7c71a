"""Fixtures shared by every test package; kept small and generic (Qt fixtures live in tests/viewer)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Tests never need a screen: Qt draws offscreen unless the caller chose otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The bundled real Korean articles (resources/samples/*.txt)."""
    return ROOT / "resources" / "samples"


@pytest.fixture
def tmp_db_path(tmp_path) -> Path:
    """A database path in a fresh temporary folder (the file does not exist yet)."""
    return tmp_path / "balheon-test.db"
