"""A guard for a reference-count bug of the PySide6 6.12 wheels on Python 3.10 and 3.11.

Those wheels (cp310-abi3) hand back None, True and False without taking a reference to them: every
void method (QRect.setWidth, QTextLayout.beginLayout, QPainter.drawText …) returns None, a
signal's emit() returns True. That is harmless on Python 3.12+, where these objects are immortal
(PEP 683), but on 3.10/3.11 each call takes one reference away until the interpreter aborts with
"Fatal Python error: none_dealloc: deallocating None" (or bool_dealloc). A list that lays out its
quote cards makes thousands of such calls. Giving these singletons as many references as an
immortal object has is what Python 3.12 itself does; without the bug it only costs a number.
"""
from __future__ import annotations

import sys

IMMORTAL = 1 << 40  # references; the bug takes one per call, so this outlasts any session
SINGLETONS = (None, True, False, NotImplemented, Ellipsis)


def keep_singletons_alive() -> bool:
    """Raise the reference counts of None, True, False (…) far out of reach, on Python < 3.12 only;
    True if they were raised (False: not needed, or done already)."""
    if sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):  # immortal, or a debug build's layout
        return False
    import ctypes

    raised = False
    for obj in SINGLETONS:
        refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt: the first field of every object
        if refcount.value < IMMORTAL // 2:
            refcount.value += IMMORTAL
            raised = True
    return raised
