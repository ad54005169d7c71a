"""Render the main window with sample data to a PNG: `python -m viewer.screenshot OUT.png [--db FILE]`.

Offscreen; without --db the bundled samples are ingested into a temporary database first.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m viewer.screenshot", description=__doc__.splitlines()[0])
    ap.add_argument("out", metavar="OUT.png")
    ap.add_argument("--db", help="use this database instead of ingesting the samples into a temp one")
    ap.add_argument("--size", default="1400x880", help="window size WxH (default 1400x880)")
    ap.add_argument("--speakers", type=int, default=2, help="how many speakers to select (side by side)")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings, QThreadPool

    from .app import create_window, make_app, prepare
    from .main_window import SAMPLES_DIR

    tmp = tempfile.TemporaryDirectory(prefix="balheon-shot-")
    db = args.db
    if db is None:
        from db.ingest import ingest_paths

        db = str(Path(tmp.name) / "samples.db")
        report = ingest_paths(db, [str(SAMPLES_DIR)], jobs=1)
        print(f"ingested {report.added} sample articles, {report.quotes} quotes", file=sys.stderr)
    app = make_app()
    family = prepare(app)
    settings = QSettings(str(Path(tmp.name) / "settings.ini"), QSettings.Format.IniFormat)
    win = create_window(db, settings, first_run_samples=False)
    w, h = (int(x) for x in args.size.lower().split("x"))
    win.resize(w, h)
    win.show()

    def idle() -> None:
        """Let the background queries (id lists, counts) land before reading or grabbing."""
        import time

        app.processEvents()
        deadline = time.monotonic() + 60
        while win.busy() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        app.processEvents()

    idle()
    model = win.speakers.model
    # Prefer people who said the most; select several to show the side-by-side columns.
    picks = []
    for r in range(model.rowCount()):
        row = model.row_object(r)
        if row is not None and row.type == "person":
            picks.append(row.id)
        if len(picks) >= max(1, args.speakers):
            break
    if picks:
        win.speakers.select_ids(picks)
        idle()
        col = win.statements.columns[0]
        if col.model.rowCount():
            col.view.selectRow(0)
            col.view.setFocus()
    idle()
    for _ in range(5):
        app.processEvents()
    QThreadPool.globalInstance().waitForDone()
    pm = win.grab()
    ok = pm.save(args.out)
    print(f"{'wrote' if ok else 'FAILED to write'} {args.out} ({pm.width()}x{pm.height()}, font {family})", file=sys.stderr)
    win.close()
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
