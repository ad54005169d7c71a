"""One quote sentence: which quotes are speech, the chains of quotes that share a clause, each chain's verb and
speaker, and the `Quote` objects with their evidence."""
from __future__ import annotations

import re
from bisect import bisect_left

from .chooser import choose
from .clauses import CHAINED, link_match, link_of, mask_sentence
from .model import MAX_CHAINS_PER_SENTENCE, OTHER, SENTENCE_CONTEXT, ChainInfo, Quote
from .resolve import UNKNOWN_SPEAKER
from .morph import tokenize
from .quotes import Span, reader_text
from .verbs import choose_verb, hada, headline_zone, lead_verb, predicates, verb_before


def _enclosed(ctx, span: Span, spans: list[Span], key) -> bool:
    """Some span of `spans` opens before `span` and closes after it (`key` names `spans` in the article's memo)."""
    if not spans:
        return False
    if key not in ctx.memo:  # opens in order, and the furthest close of the spans opened so far
        ordered = sorted(spans, key=lambda s: s.open)
        furthest, reach = [], -1
        for s in ordered:
            reach = max(reach, s.close or s.end)
            furthest.append(reach)
        ctx.memo[key] = ([s.open for s in ordered], furthest)
    opens, furthest = ctx.memo[key]
    k = bisect_left(opens, span.open)
    return k > 0 and (span.close or span.end) < furthest[k - 1]


def attribute_sentence(ctx, si: int, singles: list[Span]) -> tuple[list[Quote], list[tuple[Span, str]]]:
    sent = ctx.sentences[si]
    text, lex = ctx.text, ctx.lex
    spans = sent.spans
    if si in ctx.analysis:
        m, tokens = ctx.analysis[si]
    else:
        m = mask_sentence(text, sent.start, sent.end, spans)
        tokens = tokenize(m.text)
    skipped: list[tuple[Span, str]] = []

    # 1. what follows each quote, and which quotes are speech
    tails, speech = [], []
    for i, s in enumerate(spans):
        after = m.slots[i][1]
        hi = m.slots[i + 1][0] if i + 1 < len(spans) else len(m.text)
        tail = m.text[after:hi]
        link = link_of(tail)
        tails.append((link, after, hi))
        reason = _non_speech(ctx, s, link, tail, singles)
        if reason is None and _enclosed(ctx, s, spans, ("quotes", si)):
            reason = "inside another quote"  # 「“…「…」…”」: words the speaker quotes, part of the outer quote
        if reason:
            skipped.append((s, reason))
        else:
            speech.append(i)

    # 2. chains of quotes sharing one clause
    chains: list[list[int]] = []
    for i in speech:
        if chains and chains[-1][-1] == i - 1 and CHAINED.match(m.text[m.slots[i - 1][1] : m.slots[i][0]]):
            chains[-1].append(i)
        else:
            chains.append([i])

    quotes: list[Quote] = []
    whole = text[sent.start : sent.end].replace("\n", " ") if sent.end - sent.start <= SENTENCE_CONTEXT else None
    for n, chain in enumerate(chains):
        last = chain[-1]
        link, lo, hi = tails[last]
        verb = None
        if link != "bare" and link != "term":
            verb = choose_verb(predicates(tokens, lo, hi), lex, link)
        if link == "hada":
            verb = hada(m, lo)
        info = ChainInfo(si, [spans[i] for i in chain], chain[0], last, link, m, tokens, lo, hi, verb,
                         link_match(m.text[lo:hi])[1])
        verb_abs = (m.orig(verb.start), m.orig(verb.end)) if verb else None
        if verb is None and link in ("bare",):
            verb, verb_abs = verb_before(ctx, si)
        if n < MAX_CHAINS_PER_SENTENCE:
            got, rule_name, notes = choose(ctx, info)
        else:
            got, rule_name, notes = UNKNOWN_SPEAKER, "too_many_quotes", (
                f"chooser: more than {MAX_CHAINS_PER_SENTENCE} quotes in one sentence; not attributed",)
        if rule_name == "lead_quote":
            verb, verb_abs = lead_verb(ctx, info)
        weak = verb is None and link not in ("bare",) and got.resolution not in (OTHER,)
        confidence = got.confidence * (0.8 if weak else 1.0)
        review = got.needs_review or confidence < 0.5
        for i in chain:
            s = spans[i]
            own_link, olo, ohi = tails[i]
            own_verb, cue = verb, verb_abs or (None, None)
            if i != last and own_link not in ("bare", "term"):
                pv = hada(m, olo) if own_link == "hada" else choose_verb(predicates(tokens, olo, ohi), lex, own_link)
                if pv is not None:
                    own_verb, cue = pv, (m.orig(pv.start), m.orig(pv.end))
            lemma = own_verb.lemma if own_verb else None
            quotes.append(
                Quote(
                    text=reader_text(text[s.start : s.end]),
                    start=s.start,
                    end=s.end,
                    speaker=got.speaker,
                    speaker_type=got.type,
                    title=got.title,
                    org=got.org,
                    verb=lemma,
                    resolution=got.resolution,
                    confidence=round(confidence, 2),
                    needs_review=review,
                    sentence=whole if whole is not None else _around(text, sent, s),
                    sentence_start=sent.start,
                    mention=got.mention,
                    mention_start=got.mention_start,
                    mention_end=got.mention_end,
                    cue=text[cue[0] : cue[1]] if own_verb else None,
                    cue_start=cue[0],
                    cue_end=cue[1],
                    evidence=(f"speaker rule: {rule_name}", *_cast_note(got), *notes),
                )
            )
        if got.speaker is not None and not headline_zone(ctx, si):
            ctx.last = got  # a headline's speaker is no one the body's 「그는」 or 「이어 “…”」 continues
            ctx.last_sentence = si
    return quotes, skipped


def _around(text: str, sent, s: Span) -> str:
    """The stretch of a very long sentence around quote `s`: up to a third of SENTENCE_CONTEXT on each side."""
    side = SENTENCE_CONTEXT // 3
    a = max(sent.start, s.open - side)
    b = min(sent.end, (s.close + 1 if s.close is not None else s.end) + side)
    return ("…" if a > sent.start else "") + text[a:b].replace("\n", " ") + ("…" if b < sent.end else "")


def _cast_note(got) -> tuple[str, ...]:
    """「cast: 이재성 (대표, 미래비전연구소) from 「이 대표는」」: whom the mention resolved to, for one error line."""
    if got.speaker is None:
        return (f"cast: 「{got.mention}」 resolves to no one",) if got.mention else ()
    about = ", ".join(x for x in (got.title, got.org) if x and x != got.speaker)
    where = f" from 「{got.mention}」" if got.mention and got.mention != got.speaker else ""
    return (f"cast: {got.speaker}{f' ({about})' if about else ''} as {got.resolution}{where}",)


def _non_speech(ctx, s: Span, link: str, tail: str, singles: list[Span]) -> str | None:
    if s.end <= s.start:
        return "empty"
    if _enclosed(ctx, s, singles, "singles"):
        return "inside a single-quoted title"
    quoted = ctx.text[s.start : s.end]
    if link == "adnominal":
        noun = re.match(r"^\S+\s+(\S+)", tail)
        if noun:
            head = re.sub(r"(?:의|을|를|이|가|은|는|에|으로|로|과|와)$", "", noun.group(1))
            if head in ctx.lex.nonspeech_nouns:
                return f"title ({head})"
    if re.match(r"^(?:을|를)?\s*(?:주제|제목|제하)", tail) or re.match(r"^\s*(?:주제로|제하의|제목의|라는 이름)", tail):
        return "title"
    if link == "bare":
        # 「“…” 문구가 적힌 현수막」, 「“…” 캠페인」: the words name a thing.
        noun = re.match(r"^\s+([가-힣]+)", tail)
        if noun and re.sub(r"(?:의|을|를|이|가|은|는|에|으로|로|과|와|도)$", "", noun.group(1)) in ctx.lex.nonspeech_nouns:
            return "title"
    if link == "term" and len(quoted) <= 25 and not re.search(r"(?:다|요|까|죠|냐|니|네|라|자|어|지)[.?!…]*$", quoted):
        if not re.match(r"^\S+\s+\S*(?:외치|연호|말하|밝히)", tail):
            return "term"
    return None
