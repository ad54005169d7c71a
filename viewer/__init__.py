"""Balheon's desktop viewer (PySide6): speakers, their statements side by side, and the article.

Run: `python main.py` (default database; first run ingests resources/samples) or
`python main.py view --db FILE`. Screenshot: `python -m viewer.screenshot OUT.png [--demo] [--speaker-view]`.
Reads and writes go through db.Store only; long work (import, export) runs in QThreadPool workers.

main_window (layout, database, filters, navigation) · comparison (statements side by side) ·
speaker_view + charts (a speaker's record) · corrections + history (edits, undo, their history) ·
transfer (import, export) · panes (filter bar, speakers) · article · review · citation · dialogs.
"""
from .qtguard import keep_singletons_alive

keep_singletons_alive()  # before any Qt call: see viewer/qtguard.py (PySide6 6.12 on Python < 3.12)
