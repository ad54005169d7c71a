"""One shared Kiwi analyser per process: loading the model costs about a second, so it is done once."""
from __future__ import annotations

import threading

_lock = threading.Lock()
_kiwi = None


def kiwi():
    """The process-wide Kiwi instance (the model ships in the kiwipiepy-model package: no download).

    Built once under a lock: two threads asking at the same moment must not each load the model.
    Kiwi's multi-word dictionary (252k Wikidata names with spaces, 「더글러스 애덤스」) is left out: it
    costs ~180 MB per process (RSS 520 → 340 MB) and changes no output on the dev, seed or synthetic
    articles; every ingest worker holds its own Kiwi, so this is what keeps two workers under 1 GB."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi(num_workers=1, load_multi_dict=False)
    return _kiwi


# Kiwi's time grows with the square of a run of text without spaces (「“인용”a“인용”a…」, a line of quote marks:
# 13 s for 650,000 characters, four times 3.4 s for half of it), so a text longer than this is analysed in pieces
# of at most this many characters, cut after a space where the piece's second half has one. No sentence of news is
# near it (the longest masked quote sentence of the seed and dev articles has 252 characters): those go to Kiwi
# whole, as before.
KIWI_PIECE = 4096


class _Shifted:
    """A Kiwi token of a piece of a longer text, with its offsets in the whole text (Kiwi's tokens are read-only)."""

    __slots__ = ("_token", "start", "end", "len", "form", "tag", "lemma")  # what the parser reads, copied once

    def __init__(self, token, shift: int):
        self._token, self.start, self.end = token, token.start + shift, token.end + shift
        self.len, self.form, self.tag, self.lemma = token.len, token.form, token.tag, token.lemma

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    def __getattr__(self, name):  # the rest as Kiwi has them
        return getattr(self._token, name)

    def __repr__(self) -> str:
        return f"_Shifted({self._token!r}, start={self.start})"


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) covering `text`: the text itself, or pieces of at most KIWI_PIECE characters."""
    if len(text) <= KIWI_PIECE:
        return [(0, text)]
    out, start = [], 0
    while start < len(text):
        end = start + KIWI_PIECE
        if end < len(text):
            space = text.rfind(" ", start + KIWI_PIECE // 2, end)
            end = space + 1 if space >= 0 else end
        out.append((start, text[start:end]))
        start = end
    return out


def tokenize(text: str):
    """Kiwi tokens for `text` (each has .form, .tag, .start, .len, .lemma)."""
    if len(text) > KIWI_PIECE:
        return tokenize_many([text])[0]
    return kiwi().tokenize(text)


def tokenize_many(texts: list[str]):
    """Kiwi tokens for each text, analysed in one batch (a very long text in pieces, see KIWI_PIECE)."""
    if not texts:
        return []
    if all(len(text) <= KIWI_PIECE for text in texts):
        return list(kiwi().tokenize(texts))
    pieces = [(i, shift, piece) for i, text in enumerate(texts) for shift, piece in _pieces(text)]
    out: list[list] = [[] for _ in texts]
    for (i, shift, _piece), tokens in zip(pieces, kiwi().tokenize([piece for _i, _shift, piece in pieces])):
        out[i].extend(tokens if shift == 0 else [_Shifted(t, shift) for t in tokens])
    return out


# Kiwi tags whose forms carry a sentence's content (a tag such as VV-I is cut at the dash).
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "NP", "VV", "VA", "XR", "SL", "SH", "SN", "MAG"})


def content_terms(tokens) -> list[str]:
    """Distinct content morphemes in order of appearance, lower-cased: what search indexes and matches."""
    seen: dict[str, None] = {}
    for token in tokens:
        if token.tag.split("-", 1)[0] in CONTENT_TAGS:
            form = token.form.strip().lower()
            if form:
                seen.setdefault(form, None)
    return list(seen)
