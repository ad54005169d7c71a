"""Start the viewer: QApplication, Hangul font, settings, the main window on the last database."""
from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from . import style

ORG = "Balheon"
APP = "Balheon"


DISPLAY_NAME = "발언 Balheon"
_translators: list[QTranslator] = []  # kept alive: an installed translator must outlive its use


def install_qt_translations(app: QApplication, locale: QLocale | None = None) -> bool:
    """Qt's own texts (OK/Cancel, Yes/No, the calendar, the file dialog) in the system's language,
    from the translations shipped with Qt; True if one was installed. The viewer's own texts are
    Korean whatever the system: a Korean system gets Korean buttons to match."""
    locale = locale or QLocale()
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = False
    for name in ("qtbase", "qt"):
        t = QTranslator(app)
        if t.load(locale, name, "_", path) and app.installTranslator(t):
            _translators.append(t)
            installed = True
            break
    return installed


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setWindowIcon(style.icon("app"))
    install_qt_translations(app)
    return app


def prepare(app: QApplication) -> str | None:
    """Font and style sheet; returns the Hangul family in use (None: none installed)."""
    family = style.apply_hangul_font(app)
    qss = style.load_stylesheet()
    if qss:
        app.setStyleSheet(qss)
    return family


def create_window(db_path: str | None, settings: QSettings | None = None, first_run_samples: bool = True):
    """The main window on `db_path` (--db); without it, on $BALHEON_DB if set (the file `ingest` uses
    too), else on the last database, else on the default one."""
    from db.store import ENV_DB

    from .main_window import MainWindow

    win = MainWindow(settings=settings)
    path = db_path
    if path is None and not os.environ.get(ENV_DB):
        last = win.settings.value("last_db")
        path = str(last) if last else None
    if win.open_database(path) and first_run_samples and win.is_empty():
        win.import_samples()
    return win


def run(db_path: str | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = make_app()
    family = prepare(app)
    win = create_window(db_path)
    win.show()
    if family is None:
        QTimer.singleShot(0, lambda: win.message("한글 글꼴 없음", style.FONT_HELP, "warn"))
    code = app.exec()
    return int(code)
