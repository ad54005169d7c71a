"""Sentences of an article, split outside quotes, and the paragraphs a scraper repeated."""
from __future__ import annotations

import re

from .model import Sentence
from .quotes import Span

_SENT_END = ".?!。"


def split_sentences(
    text: str, paras: list[tuple[int, int]], spans: list[Span], singles: list[Span] = ()
) -> list[Sentence]:
    """Sentences of each paragraph; a full stop inside a quote does not end the sentence around it."""
    # A quote running over a line break joins its paragraphs into one block.
    blocks: list[tuple[int, int, int]] = []
    for i, (a, b) in enumerate(paras):
        if blocks and any(s.open < blocks[-1][1] < s.end for s in spans):
            blocks[-1] = (blocks[-1][0], b, blocks[-1][2])
        else:
            blocks.append((a, b, i))
    inside = [False] * (len(text) + 1)
    for s in [*spans, *singles]:
        stop = s.close if s.close is not None else s.end
        for k in range(s.open, min(stop + 1, len(text))):
            inside[k] = True
    out: list[Sentence] = []
    for a, b, pi in blocks:
        start = a
        for i in range(a, b):
            ch = text[i]
            if ch not in _SENT_END or inside[i]:
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
    para_of = []
    for sent in out:
        sent.spans = [s for s in spans if sent.start <= s.open < sent.end]
        para_of.append(sent.para)
    # Paragraph numbers follow the original paragraphs (a sentence belongs to the one it starts in).
    for sent in out:
        for i, (a, b) in enumerate(paras):
            if a <= sent.start <= b:
                sent.para = i
                break
    return out


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
    for s in spans:
        if a <= s.open < b and s.close is not None and _CLAUSE_AFTER_QUOTE.match(text[s.close + 1 : b]):
            return True
    return False


def heading_paragraphs(text: str, paras: list[tuple[int, int]], spans: list[Span]) -> set[int]:
    """Paragraphs that are headings, not body text: the article's opening lines up to the first that reads as
    body (a sentence ending in a full stop, or a long line), and later short lines with words of their own that
    no sentence ends (a subheading). A heading's quotes are no part of the discourse that 「그는」 continues."""
    out: set[int] = set()
    body = False
    for i, (a, b) in enumerate(paras):
        line = text[a:b].strip()
        if not line:
            continue
        ended = line.rstrip(_CLOSERS).endswith((".", "?", "!", "。")) or len(line) > 160 or _reads_as_body(
            text, a, b, spans)
        if not body and not ended:
            out.add(i)
            continue
        body = True
        outside = line
        for s in spans:
            if a <= s.open < b:
                outside = outside.replace(text[s.open : (s.close + 1 if s.close is not None else s.end)], " ")
        if not ended and len(line) <= 80 and outside.strip(" ,.…·") and not re.search(r"다[.!?]", outside) and all(
            s.close is not None and s.close < b for s in spans if a <= s.open < b
        ):
            out.add(i)  # a subheading: its quotes close in it, and no sentence ends in it
    return out
