"""Turn raw article text into the text the parser and the viewer share.

Line endings become \\n, invisible and directional control characters go, and press releases extracted
from PDF/HWP whose lines were hard-wrapped (often mid-word: 「과학기\\n\\n술자원을」) are joined back into
paragraphs.
"""
from __future__ import annotations

import re

# Zero-width characters, the soft hyphen, and directional formatting characters (embeddings and
# overrides U+202A–202E, isolates U+2066–2069, the LRM/RLM/ALM marks): Korean news needs none of them,
# and they hide names from the parser or make a stored quote display as something it does not say.
_INVISIBLE = dict.fromkeys(
    map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"
             "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"),
    None,
)
_SPACES = {ord(c): " " for c in "\u00a0\u2002\u2003\u2009\u202f\u3000\t"}
_TERMINAL = re.compile(r"(?:[.?!。…\"”’'」』\])]|<끝>|다)\s*$")
_BULLET = re.compile(r"^\s*(?:[□■○●∘◦•▶▷►◆◇△▲▽▼※☞ㅇ\-–—*·]|\d{1,2}[.)]\s|[①-⑳]|[가-하][.)]\s+\S)")


def normalize(raw: str) -> str:
    """Normalized article text: the coordinate system of every offset the parser reports."""
    text = raw.translate(_INVISIBLE).translate(_SPACES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if _looks_hard_wrapped(lines):
        lines = _unwrap(lines)
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _content_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip()]


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """Most lines stop without a sentence end: the text was wrapped by layout, not by paragraphs."""
    idx = _content_lines(lines)
    body = idx[1:-1]  # the headline and the last line say nothing about wrapping
    if len(body) < 4:
        return False
    open_ended = [i for i in body if not _TERMINAL.search(lines[i])]
    return len(open_ended) / len(body) >= 0.5


_CONTINUES = re.compile(r"^\s*[.,?!)\]”’\"']")


def _spaced(line: str, nxt: str) -> bool:
    return line != line.rstrip() or (nxt[:1].isspace() and not _BULLET.match(nxt))


def _unwrap(lines: list[str]) -> list[str]:
    idx = _content_lines(lines)
    # The first line is a headline unless the wrapping runs straight through it (no blank lines anywhere).
    adjacent = all(b == a + 1 for a, b in zip(idx, idx[1:]))
    start = 0 if adjacent else 1
    breaks = []  # (line index, next content line index)
    for a, b in zip(idx[start:], idx[start + 1 :]):
        if _BULLET.match(lines[b]):
            continue
        # A wrap just before the full stop or a closing mark (「심각하다⏎. 이번」) is a wrap all the same.
        if not _TERMINAL.search(lines[a]) or _CONTINUES.match(lines[b]):
            breaks.append((a, b))
    # Extraction tools keep the space that stood at a wrap between words, at the end of the line or at the
    # start of the next: when some wraps carry a space, a wrap without one fell inside a word.
    spaced = sum(1 for a, b in breaks if _spaced(lines[a], lines[b]))
    space_marks_words = bool(breaks) and spaced / len(breaks) >= 0.25
    joins = dict(breaks)
    out: list[str] = []
    current: str | None = None
    for i in idx:
        piece = lines[i] if current is None else lines[i].lstrip()
        current = piece if current is None else current + piece
        if i in joins:
            nxt = lines[joins[i]]
            glue = " " if _spaced(lines[i], nxt) or not space_marks_words else ""
            current = current.rstrip() + ("" if _CONTINUES.match(nxt) else glue)
        else:
            out.append(current)
            current = None
    if current is not None:
        out.append(current)
    return out
