"""Sentences of an article, split outside quotes, and the paragraphs a scraper repeated."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .model import Sentence
from .quotes import Span

_SENT_END = ".?!。"


def split_sentences(
    text: str, paras: list[tuple[int, int]], spans: list[Span], singles: list[Span] = ()
) -> list[Sentence]:
    """Sentences of each paragraph; a full stop inside a quote does not end the sentence around it."""
    spans = sorted(spans, key=lambda s: s.open)
    opens = [s.open for s in spans]
    # A quote running over a line break joins its paragraphs into one block: some quote opened before the
    # paragraph's end runs past it (the furthest end of the quotes opened so far says so).
    furthest, reach = [], -1
    for s in spans:
        reach = max(reach, s.end)
        furthest.append(reach)
    blocks: list[tuple[int, int, int]] = []
    for i, (a, b) in enumerate(paras):
        k = bisect_left(opens, blocks[-1][1]) if blocks else 0
        if blocks and k and furthest[k - 1] > blocks[-1][1]:
            blocks[-1] = (blocks[-1][0], b, blocks[-1][2])
        else:
            blocks.append((a, b, i))
    inside = _Covered(text, [*spans, *singles])
    out: list[Sentence] = []
    for a, b, pi in blocks:
        start = a
        for i in range(a, b):
            ch = text[i]
            if ch not in _SENT_END or inside(i):
                continue
            nxt = text[i + 1] if i + 1 < b else " "
            if ch == "." and i > a and text[i - 1].isdigit() and nxt.isdigit():
                continue
            if ch == "." and (nxt in ".…" or (i > a and text[i - 1] == ".")):
                continue
            if ch == "." and i > a and "A" <= text[i - 1] <= "Z" and (i - 1 == a or not text[i - 2].isalpha()):
                continue  # an initial: 「J.D. 밴스」, 「로버트 F. 케네디」
            # 「…했다.A씨는」, 「…했다.17일」: a sentence after a Korean ending, with no space
            glued = nxt.isascii() and nxt.isalnum() and "\uac00" <= text[i - 1] <= "\ud7a3"
            if nxt.isspace() or nxt in "“\"‘'「『(" or "\uac00" <= nxt <= "\ud7a3" or glued:
                out.append(Sentence(start, i + 1, pi))
                start = i + 1
        if text[start:b].strip():
            out.append(Sentence(start, b, pi))
    for sent in out:
        while sent.start < sent.end and text[sent.start].isspace():
            sent.start += 1
    para_starts = [a for a, _ in paras]
    for sent in out:
        sent.spans = spans[bisect_left(opens, sent.start) : bisect_left(opens, sent.end)]
        # Paragraph numbers follow the original paragraphs (a sentence belongs to the one it starts in).
        i = bisect_right(para_starts, sent.start) - 1
        if i >= 0 and sent.start <= paras[i][1]:
            sent.para = i
    return out


class _Covered:
    """Whether an offset lies between a quote's marks (its marks included): the spans merged into disjoint
    stretches, found by bisection (nested quotes would otherwise be marked again at every level)."""

    def __init__(self, text: str, spans: list[Span]) -> None:
        stretches: list[list[int]] = []
        for s in sorted(spans, key=lambda s: s.open):
            stop = min((s.close if s.close is not None else s.end) + 1, len(text))
            if stop <= s.open:
                continue
            if stretches and s.open <= stretches[-1][1]:
                stretches[-1][1] = max(stretches[-1][1], stop)
            else:
                stretches.append([s.open, stop])
        self.starts = [a for a, _ in stretches]
        self.stops = [b for _, b in stretches]

    def __call__(self, i: int) -> bool:
        k = bisect_right(self.starts, i) - 1
        return k >= 0 and i < self.stops[k]


def duplicate_paragraphs(text: str, paras: list[tuple[int, int]]) -> set[int]:
    """Paragraphs that repeat an earlier one word for word (a scraper that copied the body twice)."""
    seen: set[str] = set()
    dup = set()
    for i, (a, b) in enumerate(paras):
        key = re.sub(r"\s+", "", text[a:b])
        if len(key) >= 20 and key in seen:
            dup.add(i)
        seen.add(key)
    return dup


_CLOSERS = "”\"’'」』)]> "
_BULLET = re.compile(r"^\s*[□○∘·•\-–]")  # a press release's bullets (a digest's ■ marks a headline)
_CLAUSE_AFTER_QUOTE = re.compile(r"^(?:이?라고|고|이?라며|며|면서|이?라면서)(?=\s)")
_CUT_VERB = re.compile(r"[했였았었겠됐갔왔줬봤]$")


def _reads_as_body(text: str, a: int, b: int, spans: list[Span]) -> bool:
    """A line a press release or a hard wrap cut short is still body: a bullet (□, ∘, -), a quote followed by
    「고」 or 「며」 and its verb, or a verb broken before its ending (「…고 우려했⏎다.」)."""
    line = text[a:b].strip()
    if _BULLET.match(line) or _CUT_VERB.search(line):
        return True
    return any(s.close is not None and _CLAUSE_AFTER_QUOTE.match(text, s.close + 1, max(s.close + 1, b)) for s in spans)


def heading_paragraphs(text: str, paras: list[tuple[int, int]], spans: list[Span]) -> set[int]:
    """Paragraphs that are headings, not body text: the article's opening lines up to the first that reads as
    body (a sentence ending in a full stop, or a long line), and later short lines with words of their own that
    no sentence ends (a subheading). A heading's quotes are no part of the discourse that 「그는」 continues."""
    out: set[int] = set()
    body = False
    spans = sorted(spans, key=lambda s: s.open)
    opens = [s.open for s in spans]
    for i, (a, b) in enumerate(paras):
        line = text[a:b].strip()
        if not line:
            continue
        own = spans[bisect_left(opens, a) : bisect_left(opens, b)]  # the quotes that open in this paragraph
        ended = line.rstrip(_CLOSERS).endswith((".", "?", "!", "。")) or len(line) > 160 or _reads_as_body(
            text, a, b, own)
        if not body and not ended:
            out.add(i)
            continue
        body = True
        if ended or len(line) > 80:
            continue
        outside = line
        for s in own:
            outside = outside.replace(text[s.open : (s.close + 1 if s.close is not None else s.end)], " ")
        if outside.strip(" ,.…·") and not re.search(r"다[.!?]", outside) and all(
            s.close is not None and s.close < b for s in own
        ):
            out.add(i)  # a subheading: its quotes close in it, and no sentence ends in it
    return out
