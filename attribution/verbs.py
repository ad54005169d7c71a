"""The reporting verb of a quote: Kiwi's predicates after the quote, or in the sentence that introduces it.

`predicates` reads the main-clause predicates of a masked quote sentence (skipping indirect quotes and hearsay
passives), `choose_verb` picks the reporting one; a quote standing alone takes its verb from the sentence before
it (「그러면서 이렇게 덧붙였다. “…”」) or from the lead that says 「이같이 말했다」 after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .clauses import Masked, token_at
from .model import ChainInfo
from .morph import tokenize

_EMBED_END = re.compile(r"(?:다|라|냐|자)고$")


@dataclass(frozen=True)
class Predicate:
    lemma: str
    start: int  # masked offsets
    end: int
    token: int
    embedded: bool = False  # inside an indirect quote: 「“…”라고 말했다고 보도했다」
    manner: bool = False  # an -어 form before another verb: 「꼬집어 말했다」, 「덧붙여 설명했다」


def predicates(tokens, lo: int, hi: int) -> list[Predicate]:
    """Main-clause predicates between masked offsets lo and hi; skips indirect quotes (-다고 하다) and
    hearsay passives (전해졌다, 알려졌다)."""
    out = []
    toks = tokens
    for i in range(token_at(toks, lo), token_at(toks, hi)):
        t = toks[i]
        lemma = None
        begin = t.start
        if t.tag.split("-")[0] == "VV":  # VV-R, VV-I: regular / irregular (꼬집었다, 되물었다)
            lemma = getattr(t, "lemma", None) or t.form + "다"
            if not lemma.endswith("다"):
                lemma += "다"
            lemma = _compound_verb(toks, i, lemma)
        elif t.tag in ("XSV",) and i > 0 and toks[i - 1].tag in ("NNG", "MAG", "XR", "NNP", "SL") and (
            toks[i - 1].start + toks[i - 1].len == t.start
        ):
            lemma = toks[i - 1].form + t.form + "다"
            begin = toks[i - 1].start
        if lemma is None:
            continue
        j = i + 1
        while j < len(toks) and (
            toks[j].tag in ("EP", "VX") or (toks[j].tag == "EC" and j + 1 < len(toks) and toks[j + 1].tag == "VX")
        ):
            if toks[j].tag == "VX" and toks[j].form == "지" and toks[j - 1].form in ("어", "아"):
                lemma = None  # 전해지다, 알려지다: hearsay, not the reporter's verb
                break
            j += 1
        if lemma is None:
            continue
        embedded = j < len(toks) and toks[j].tag == "EC" and bool(_EMBED_END.search(toks[j].form))
        manner = (
            j + 1 < len(toks)
            and toks[j].tag == "EC"
            and toks[j].form in ("어", "아")
            and toks[j + 1].start > toks[j].start + toks[j].len
            and toks[j + 1].tag.split("-")[0] in ("VV", "NNG")
        )
        out.append(Predicate(lemma, begin, t.start + t.len, i, embedded, manner))
    return out

# Auxiliaries that make one dictionary verb with the verb before them (털어놓다, 내놓다, 쏟아내다); others
# (밝혀왔다, 설명해줬다) only add aspect, and the verb before them is the lemma.
_COMPOUND_AUX = frozenset({"놓", "내"})


def _join_syllable(stem: str, ending: str) -> str:
    """「털」+「어」 → 털어, 「내」+「어」 → 내, 「내리」+「어」 → 내려, 「쓰」+「어」 → 써."""
    last = stem[-1]
    code = ord(last) - 0xAC00
    if not (0 <= code < 11172) or ending not in ("어", "아"):
        return stem + ending
    lead, vowel, tail = code // 588, (code % 588) // 28, code % 28
    ending = "아" if vowel in (0, 8) else "어"  # vowel harmony: Kiwi writes 어 for both (쏟/VV 어/EC)
    if tail:
        return stem + ending
    if vowel in (0, 4, 1, 5):  # ㅏ ㅓ ㅐ ㅔ absorb the ending
        return stem
    merged = {8: 9, 13: 14, 18: 4, 20: 6}.get(vowel)  # ㅗ→ㅘ ㅜ→ㅝ ㅡ→ㅓ ㅣ→ㅕ
    if merged is None:
        return stem + ending
    return stem[:-1] + chr(0xAC00 + lead * 588 + merged * 28)


def _compound_verb(toks, i: int, lemma: str) -> str:
    """털/VV 어/EC 놓/VX → 털어놓다; 쏟/VV 아/EC 내/VX → 쏟아내다."""
    if i + 2 < len(toks) and toks[i + 1].tag == "EC" and toks[i + 1].form in ("어", "아") and (
        toks[i + 2].tag == "VX" and toks[i + 2].form in _COMPOUND_AUX
    ):
        return _join_syllable(lemma[:-1], toks[i + 1].form) + toks[i + 2].form + "다"
    return lemma


def choose_verb(preds: list[Predicate], lex, link: str = "") -> Predicate | None:
    """The reporting verb: the first listed one of the main clause, else its first content verb. Right after
    「…라고」 an embedded reporting verb is the quote's own (「“…”라고 말했다고 보도했다」: 말하다)."""
    if link == "quotative" and preds and preds[0].embedded and preds[0].lemma in lex.reporting_verbs:
        return preds[0]
    main = [p for p in preds if not p.embedded]
    for k, p in enumerate(main):
        if p.lemma in lex.reporting_verbs:
            if p.manner and k + 1 < len(main) and main[k + 1].lemma in lex.reporting_verbs:
                return main[k + 1]  # 「꼬집어 말했다」: 말하다 is the verb, 꼬집어 says how
            return p
    for p in main:
        if p.lemma not in ("있다", "없다", "되다", "않다", "나서다"):
            return p
    return None


def hada(m: Masked, at: int) -> Predicate:
    """「“…생각”한다며」: the quote is the object of 하다 itself."""
    return Predicate("하다", at, at + 1, -1)

# An interviewer's line in a Q&A: 「Q. …」, 「문) …」, 「질문: …」, or 「― …」, 「- …」 unless it ends as a statement
# (「- 김 장관은 이렇게 말했다.」 in a press release is a bullet, not a question).
_QUESTION_MARK = re.compile(r"^\s*(?:Q\s*[.:)：]?\s+|Q[.:)：]|문\s*[.:)：]|질문\s*[.:)：])")

_DASH_LINE = re.compile(r"^\s*[―—–\-─]+\s*\S")


def question_line(chunk: str) -> bool:
    if _QUESTION_MARK.match(chunk):
        return True
    return bool(_DASH_LINE.match(chunk)) and not re.search(r"다[.!]?\s*$", chunk)


def verb_before(ctx, si: int) -> tuple[Predicate | None, tuple[int, int] | None]:
    """「그러면서 덧붙였다. “…”」: a quote-less sentence right before that ends in a reporting verb."""
    if si == 0:
        return None, None
    prev = ctx.sentences[si - 1]
    if prev.spans:
        return None, None
    chunk = ctx.text[prev.start : prev.end]
    if not re.search(r"[.:]\s*$", chunk) or len(chunk) > 200 or question_line(chunk):
        return None, None  # 「― 작품을 소개해 달라.」: an interviewer's question lends no verb to the answer
    return verb_of(ctx, si - 1)


@lru_cache(maxsize=256)
def _predicates_of(chunk: str) -> tuple[Predicate, ...]:
    return tuple(predicates(tokenize(chunk), 0, len(chunk)))


def lead_verb(ctx, ch: ChainInfo) -> tuple[Predicate | None, tuple[int, int] | None]:
    """The reporting verb that 「이같이」 modifies (「팬카페에 올린 손편지에서 이같이 사과했다」: 사과하다), in the
    words after the quote or in the sentence after it."""
    m = ch.masked
    tail = m.text[m.slots[ch.last][1] : ch.tail_hi]
    sj = lead_sentence(ctx, ch.si, tail)
    if sj is None:
        return None, None
    if sj == ch.si:
        way = THIS_WAY.search(tail)
        at = m.slots[ch.last][1] + (way.start() if way else 0)
        preds = [p for p in predicates(ch.tokens, at, ch.tail_hi) if p.lemma in ctx.lex.reporting_verbs]
        return (preds[0], (m.orig(preds[0].start), m.orig(preds[0].end))) if preds else (None, None)
    sent = ctx.sentences[sj]
    if sent.spans:
        way = this_way_masked(ctx, sj)
        if way is None:
            return None, None
        lm, ltoks = ctx.analysis[sj]
        preds = [p for p in predicates(ltoks, way.start(), len(lm.text)) if p.lemma in ctx.lex.reporting_verbs]
        return (preds[0], (lm.orig(preds[0].start), lm.orig(preds[0].end))) if preds else (None, None)
    chunk = ctx.text[sent.start : sent.end]
    way = THIS_WAY_SAID.match(chunk) or THIS_WAY.search(chunk)
    return verb_of(ctx, sj, after=way.start() if way else 0)


def verb_of(ctx, si: int | None, after: int | None = None) -> tuple[Predicate | None, tuple[int, int] | None]:
    """The reporting verb that ends quote-less sentence `si`, or with `after` its first reporting verb from that
    offset on (「이같이 말한 김 총재는 자리를 떴다」); one Kiwi call, only for such rare sentences."""
    if si is None:
        return None, None
    prev = ctx.sentences[si]
    chunk = ctx.text[prev.start : prev.end]
    preds = _predicates_of(chunk)
    if after is not None:
        preds = [p for p in preds if p.lemma in ctx.lex.reporting_verbs and p.start >= after][:1]
    if preds and preds[-1].lemma in ctx.lex.reporting_verbs:
        p = preds[-1]
        return p, (prev.start + p.start, prev.start + p.end)
    return None, None

# 「이창용 한국은행 총재는 22일 기자간담회에서 이같이 말했다」: the sentence after a lead quote names its speaker.
THIS_WAY = re.compile(r"(?:이같이|이렇게|이와\s?같이|이처럼|이\s같이)\s+(?:\S+\s+){0,2}?\S+(?:다|며|면서)[.,]?(?:\s|$)")

THIS_WAY_SAID = re.compile(r"^(?:이같이|이렇게|이와\s?같이|이처럼)\s+[가-힣]*[힌한친른운던]\s+")


def lead_sentence(ctx, si: int, tail: str = "") -> int | None:
    """The sentence that attributes the quote-only sentence `si`: the first after it (over other quote-only
    paragraphs, 「“A”⏎“B”⏎김 총재는 이같이 말했다」) that says 「이같이/이렇게 말했다」; `si` itself when the words
    after its quote say so."""
    if tail.strip():
        return si if THIS_WAY.search(tail) else None
    for sj in range(si, min(si + 4, len(ctx.sentences))):
        sent = ctx.sentences[sj]
        if sj == si or sent.spans:
            if _words_outside(ctx, sj):
                way = this_way_masked(ctx, sj) if sj != si and in_headline(ctx, si) else None
                if way is not None and not (re.match(r"이렇게|이처럼", way.group()) and quote_follows(ctx, sj)):
                    return sj  # 「“A”⏎⏎이창용 총재는 “B”라며 이같이 밝혔다」: the headline's quote is the lead's
                return None  # a sentence with words of its own around its quote
            continue
        chunk = ctx.text[sent.start : sent.end]  # (not before: the quote's own sentence may be a line of quotes)
        if not (THIS_WAY.search(chunk) or THIS_WAY_SAID.match(chunk)):
            return None
        if re.search(r"이렇게|이처럼", chunk) and quote_follows(ctx, sj):
            return None  # 「김 대표는 이렇게 말했다. “B”」 introduces the quote after it
        return sj
    return None


def _words_outside(ctx, sj: int) -> bool:
    """Sentence `sj` has words outside its quotes (asked once per sentence: a line may hold a thousand quotes)."""
    key = ("words outside", sj)
    if key not in ctx.memo:
        sent = ctx.sentences[sj]
        pos, outside = sent.start, []
        for sp in sent.spans:
            outside.append(ctx.text[pos : max(pos, sp.open)])
            pos = max(pos, sp.close + 1 if sp.close is not None else sp.end)
        outside.append(ctx.text[pos : sent.end])
        ctx.memo[key] = any(part.strip(" \n.,…?!") for part in outside)
    return ctx.memo[key]


def in_headline(ctx, si: int) -> bool:
    """Sentence `si` is the article's first paragraph (a headline)."""
    return ctx.sentences[si].para == ctx.sentences[0].para


def headline_zone(ctx, si: int) -> bool:
    """Sentence `si` stands in a heading: the headline and subheadings before the body, or a short line inside it
    that no sentence ends (「“곰 내려올라” 문 걸어 잠근 주민들」). See `sentences.heading_paragraphs`."""
    return ctx.sentences[si].para in ctx.headings


def this_way_masked(ctx, sj: int):
    """「…라며 이같이 밝혔다」 outside the quotes of quote sentence `sj`: the match in its masked text."""
    if sj not in ctx.analysis:
        return None
    m = ctx.analysis[sj][0]
    return THIS_WAY.search(m.text, m.slots[-1][1]) if m.slots else None


def quote_follows(ctx, sj: int) -> bool:
    """The sentence after `sj` opens with a quote."""
    if sj + 1 >= len(ctx.sentences):
        return False
    nxt = ctx.sentences[sj + 1]
    return bool(nxt.spans) and not ctx.text[nxt.start : nxt.spans[0].open].strip()
