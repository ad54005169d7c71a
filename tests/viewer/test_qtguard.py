"""PySide6 6.12 on Python < 3.12 takes a reference from None at each void call, and from True at
each signal emit (viewer/qtguard.py)."""
from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_many_void_qt_calls_and_emits_do_not_kill_none_or_true():
    import viewer  # noqa: F401 - importing the viewer applies the guard
    from PySide6.QtCore import QObject, QRect, Signal
    from viewer.qtguard import IMMORTAL, keep_singletons_alive

    class Emitter(QObject):
        changed = Signal(bool)

    assert sys.getrefcount(None) > IMMORTAL // 2 and sys.getrefcount(True) > IMMORTAL // 2
    r, e = QRect(), Emitter()
    e.changed.connect(lambda _b: None)
    for _ in range(20000):  # more than None and True have references without the guard
        r.setWidth(3)
        e.changed.emit(False)
    assert sys.getrefcount(None) > IMMORTAL // 2 and sys.getrefcount(True) > IMMORTAL // 2
    assert keep_singletons_alive() is False  # applied once
