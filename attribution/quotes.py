"""Finding quoted spans: pair quote marks by kind, not by order, and never let one bad mark run on.

Double marks (“ ” " and mismatched mixes such as “…" or "…“ ) are one family whose direction comes from
context; 「」 and 『』 pair by kind; single marks (‘ ’ ') are found too, because a double-quoted span inside a
single-quoted title is not speech and single-quoted titles are reported as non-speech.
"""
from __future__ import annotations

from dataclasses import dataclass

DOUBLE = frozenset("“”\"＂〝〞„‟")
CORNER = {"「": "」", "『": "』"}
CORNER_CLOSE = {v: k for k, v in CORNER.items()}
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
_OPEN_CONTEXT = set(" \t\n([{<·,:;…—–-=/|>")


@dataclass(frozen=True, slots=True)
class Span:
    """A quoted span. `start`/`end` delimit the words inside the marks; `open`/`close` are the marks."""

    open: int
    close: int | None  # None: the span was closed by its paragraph's end
    start: int
    end: int
    kind: str  # "double", "corner" or "single"
    balanced: bool = True


@dataclass
class Scan:
    spans: list[Span]
    warnings: list[str]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _prev(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else "\n"


def _next(text: str, i: int) -> str:
    return text[i + 1] if i + 1 < len(text) else "\n"


def _can_open(text: str, i: int) -> bool:
    ch, p, n = text[i], _prev(text, i), _next(text, i)
    if n.isspace() or n in DOUBLE:
        return False
    if ch in "”〞":
        return p.isspace() or p in _OPEN_CONTEXT
    return True


def _looks_opening(text: str, i: int) -> bool:
    """A mark with space before and a word after: it opens, whatever its shape."""
    p, n = _prev(text, i), _next(text, i)
    return (p.isspace() or p in _OPEN_CONTEXT) and not n.isspace()


def _can_close(text: str, i: int) -> bool:
    return not _prev(text, i).isspace()


def _first_mark(text: str, start: int, end: int) -> int | None:
    for i in range(start, end):
        if text[i] in DOUBLE:
            return i
    return None


def find_double_spans(text: str, paras: list[tuple[int, int]]) -> Scan:
    spans: list[Span] = []
    warnings: list[str] = []
    carry: int | None = None  # an opening mark continued from the previous paragraph
    for k, (pstart, pend) in enumerate(paras):
        open_at = carry
        carry = None
        for i in range(pstart, pend):
            if text[i] not in DOUBLE:
                continue
            if open_at is None:
                if _can_open(text, i):
                    open_at = i
                else:
                    warnings.append(f"stray closing quote mark at {i}")
                continue
            if text[i] in "“〝" and _looks_opening(text, i) and not _can_close_strongly(text, i):
                warnings.append(f"quote opened at {open_at} was never closed; a new one opens at {i}")
                open_at = i
                continue
            if _can_close(text, i) or text[i] in "”〞":
                spans.append(_span(text, open_at, i, "double"))
                open_at = None
            elif _can_open(text, i):
                warnings.append(f"quote opened at {open_at} was never closed; a new one opens at {i}")
                open_at = i
        if open_at is None:
            continue
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        starts_paragraph = not text[pstart:open_at].strip(" □∘○-·•▶")
        nxt_first = _first_mark(text, *nxt) if nxt else None
        reopens = nxt is not None and nxt_first is not None and not text[nxt[0] : nxt_first].strip()
        closes_later = nxt is not None and nxt_first is not None and not reopens and _can_close(text, nxt_first)
        if closes_later and nxt_first - nxt[0] < 2000:
            carry = open_at  # the quote runs over a line break and closes in the next paragraph
        elif reopens or starts_paragraph:
            spans.append(_span(text, open_at, None, "double", end=pend, balanced=reopens))
        else:
            warnings.append(f"unbalanced quote mark at {open_at}: ignored to the end of its paragraph")
    return Scan(spans, warnings)


def _can_close_strongly(text: str, i: int) -> bool:
    """A mark glued to the word before it and followed by a particle or punctuation closes."""
    p, n = _prev(text, i), _next(text, i)
    return not p.isspace() and (n.isspace() or not n.isalnum() or "\uac00" <= n <= "\ud7a3")


def _span(text: str, open_at: int, close_at: int | None, kind: str, end: int | None = None, balanced=True) -> Span:
    stop = close_at if close_at is not None else end
    start, finish = open_at + 1, stop
    while start < finish and text[start].isspace():
        start += 1
    while finish > start and text[finish - 1].isspace():
        finish -= 1
    return Span(open_at, close_at, start, finish, kind, balanced)


def find_corner_spans(text: str, paras: list[tuple[int, int]]) -> list[Span]:
    spans = []
    for pstart, pend in paras:
        stack: list[int] = []
        for i in range(pstart, pend):
            ch = text[i]
            if ch in CORNER:
                stack.append(i)
            elif ch in CORNER_CLOSE:
                while stack and text[stack[-1]] != CORNER_CLOSE[ch]:
                    stack.pop()
                if stack:
                    spans.append(_span(text, stack.pop(), i, "corner"))
    return spans


def find_single_spans(text: str, paras: list[tuple[int, int]]) -> list[Span]:
    spans = []
    for pstart, pend in paras:
        open_at: int | None = None
        straight: int | None = None
        for i in range(pstart, pend):
            ch = text[i]
            if ch == SINGLE_OPEN:
                open_at = i
            elif ch == SINGLE_CLOSE and open_at is not None:
                spans.append(_span(text, open_at, i, "single"))
                open_at = None
            elif ch == "'":
                p, n = _prev(text, i), _next(text, i)
                if p.isascii() and p.isalpha() and n.isascii() and n.isalpha():
                    continue  # an English apostrophe
                if straight is None:
                    if not n.isspace():
                        straight = i
                elif not p.isspace():
                    spans.append(_span(text, straight, i, "single"))
                    straight = None
    return [s for s in spans if s.end > s.start]


def reader_text(raw: str) -> str:
    """Quoted words as a reader reads them: a line break (and the spaces around it) becomes one space."""
    out = []
    for part in raw.split("\n"):
        out.append(part.strip())
    return " ".join(p for p in out if p) if len(out) > 1 else raw.strip()
