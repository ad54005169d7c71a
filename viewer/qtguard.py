"""A guard for a reference-count bug of the PySide6 6.12 wheels on Python 3.10 and 3.11.

Those wheels (cp310-abi3) return None from every void method (QRect.setWidth, QTextLayout.
beginLayout, QPainter.drawText …) without taking a reference to it: harmless on Python 3.12+,
where None is immortal (PEP 683), but on 3.10/3.11 each call takes one reference from None until
the interpreter aborts with "Fatal Python error: none_dealloc: deallocating None". A view that lays
out its quote cards makes thousands of such calls. Giving None as many references as an immortal
object has is what Python 3.12 itself does; without the bug it only costs a number.
"""
from __future__ import annotations

import sys

IMMORTAL = 1 << 40  # references; the bug takes one per call, so this outlasts any session


def keep_none_alive() -> bool:
    """Raise None's reference count far out of reach (Python < 3.12 only); True if it was raised."""
    if sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):  # immortal, or a debug build's layout
        return False
    import ctypes

    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt: the first field of every object
    if refcount.value >= IMMORTAL // 2:
        return False
    refcount.value += IMMORTAL
    return True
