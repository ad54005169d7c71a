"""Where the database lives when the user does not say."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from db import Store, default_db_path


@pytest.mark.skipif(sys.platform != "linux", reason="XDG paths are a Linux convention")
def test_default_location_is_in_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("BALHEON_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = tmp_path / "data" / "Balheon" / "balheon.db"
    assert default_db_path() == expected
    assert not expected.parent.exists()
    with Store.open() as store:  # created on first use, folder included
        assert store.path == expected
    assert expected.is_file()


@pytest.mark.skipif(sys.platform != "linux", reason="XDG paths are a Linux convention")
def test_home_fallback_without_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("BALHEON_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_db_path() == tmp_path / ".local" / "share" / "Balheon" / "balheon.db"


def test_environment_variable_overrides(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "my.db"
    monkeypatch.setenv("BALHEON_DB", str(target))
    assert default_db_path() == target
    with Store.open(None) as store:
        assert store.path == target
    assert Path(target).is_file()
