"""PySide6 6.12 on Python < 3.12 takes a reference from None at each void call (viewer/qtguard.py)."""
from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_many_void_qt_calls_do_not_kill_none():
    import viewer  # noqa: F401 - importing the viewer applies the guard
    from PySide6.QtCore import QRect
    from viewer.qtguard import IMMORTAL, keep_none_alive

    before = sys.getrefcount(None)
    assert before > IMMORTAL // 2
    r = QRect()
    for _ in range(20000):  # more than None has references without the guard
        r.setWidth(3)
    assert sys.getrefcount(None) > IMMORTAL // 2
    assert keep_none_alive() is False  # applied once
