"""The viewer's bundled files (icons, style sheet) come from the resources; a missing one is named in the log."""
from __future__ import annotations

import logging
from pathlib import Path

from viewer import main_window, style

ROOT = Path(__file__).resolve().parents[2]


def test_the_viewer_reads_the_bundled_files(qapp):
    assert style.ICON_DIR == ROOT / "resources" / "icons" and main_window.SAMPLES_DIR == ROOT / "resources" / "samples"
    assert style.load_stylesheet() == (ROOT / "resources" / "style.qss").read_text(encoding="utf-8")
    style.icon.cache_clear()
    assert not style.icon("app").isNull()


def test_a_missing_icon_or_style_is_named_in_the_log_and_the_window_still_gets_one(qapp, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(style, "ICON_DIR", tmp_path / "icons")
    monkeypatch.setattr(style, "STYLE_PATH", tmp_path / "style.qss")
    style.icon.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="viewer.style"):
            assert not style.icon("person").isNull()  # a painted stand-in
            assert style.load_stylesheet() == ""
    finally:
        style.icon.cache_clear()
    assert f"cannot load the icon {tmp_path / 'icons' / 'person.svg'}" in caplog.text
    assert f"cannot read the style sheet {tmp_path / 'style.qss'}: No such file or directory" in caplog.text
