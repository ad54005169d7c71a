"""Qt fixtures for the viewer tests: temp settings, a corpus database per test, no leftover threads."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from . import corpus

# Qt's offscreen screen is 800 x 800 unless told otherwise: smaller than the windows under test, so
# restoreGeometry shrank a restored window to the screen and the window's minimum width decided its
# size (a flaky geometry test). Give the tests a desktop-sized screen, before any QApplication exists.
_SCREEN = Path(__file__).with_name("offscreen-screen.json")
if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """Join every worker after a test, and fail it if one would not finish."""
    yield
    from viewer import workers

    pool = QThreadPool.globalInstance()
    finished = pool.waitForDone(60000) and workers.wait_queries(60000)
    assert finished, "worker threads still running at teardown"


@pytest.fixture(autouse=True)
def queries_answer_in_place(monkeypatch):
    """Background queries are waited for (as small databases are in use), so a test reads the
    result right after the action even on a loaded machine; tests of the background path ask for
    `background_queries`, which never waits."""
    from viewer import workers

    monkeypatch.setattr(workers, "SYNC_BUDGET_MS", 30000)
    monkeypatch.setattr(workers, "_budget_deadline", None)


@pytest.fixture
def background_queries(monkeypatch):
    from viewer import workers

    monkeypatch.setattr(workers, "SYNC_BUDGET_MS", 0)
    monkeypatch.setattr(workers, "_budget_deadline", None)


@pytest.fixture
def settings(tmp_path):
    """A private settings file: tests never touch the user's QSettings."""
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield s
    s.sync()


@pytest.fixture(scope="session")
def corpus_template(tmp_path_factory):
    return corpus.build(tmp_path_factory.mktemp("corpus") / "template.db")


@pytest.fixture
def corpus_db(corpus_template, tmp_path):
    """A fresh copy of the corpus database for one test (the template's WAL was checkpointed on close)."""
    dst = tmp_path / "corpus.db"
    shutil.copy(corpus_template, dst)
    return dst


@pytest.fixture
def store(corpus_db):
    from db import Store

    s = Store.open(corpus_db)
    yield s
    s.close()


@pytest.fixture
def window(qtbot, corpus_db, settings):
    """The real main window on a copy of the corpus database."""
    from viewer.app import create_window, make_app, prepare

    prepare(make_app())  # the application's names, Qt translations, font and style, as main.py starts it
    win = create_window(str(corpus_db), settings, first_run_samples=False)
    qtbot.addWidget(win)
    win.resize(1400, 880)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown_workers()
    win.close()


def qtbot_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()
