"""Headlines and subheadings: the phrase that labels a headline quote, and a second look once the body is read.

A headline quote has no reporting verb; its speaker stands right before it (「문 대통령 "…"」, 「…월가 "…"」),
after it (「“…” 말한 트럼프」, 「“…” 김도형 교수의 싸움」) or opens the line before a comma (「이동석 현대차
사장, 노조에 … "…"」). `rule_headline_label` is the sieve that reads those. What it leaves unknown,
`revisit_headings` reads after the body: a heading condenses the body, so its words echo a body quote (that
quote's speaker), or, in an article mostly one speaker's, it is theirs (flagged for review).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace

from .cast import unfamiliar_org
from .clauses import Phrase, noun_phrase_before, relative_head, token_at
from .mentions import HANJA_SURNAMES, Mention, parse_mention, title_fits
from .model import (
    ALIAS,
    ANONYMOUS,
    ORGANIZATION,
    OTHER,
    PERSON,
    UNKNOWN,
    ChainInfo,
    Quote,
)
from .resolve import Attribution, resolve, unfamiliar_speaker
from .verbs import headline_zone


def rule_headline_label(ctx, ch: ChainInfo) -> Attribution | None:
    """「문 대통령 "…"」, 「…월가 "…"」: the phrase right before a quote that no verb reports. In the headline
    also the person the quote's words are followed by (「“…” 말한 트럼프」, 「“…” 김도형 교수의 싸움」) and the
    one a headline opens with before a comma (「이동석 현대차 사장, 노조에 … "…"」)."""
    if ch.link not in ("bare",):
        return None
    m, toks = ch.masked, ch.tokens
    first_slot = m.slots[ch.first][0]
    lo = m.slots[ch.first - 1][1] if ch.first > 0 else 0
    pre = m.text[lo:first_slot]
    found = None
    if pre.strip() and not re.search(r"[.?!]\s*$", pre):
        k = token_at(toks, first_slot)
        span = noun_phrase_before(toks, k, m, ctx.text, lo)
        if span is not None:
            # a long run of words before the quote (subheadings run together): only a name right before it
            found = _label(ctx, ch, span, names_only=len(pre.strip()) > 40)
    if found is None:
        found = _headline_named(ctx, ch, heading=headline_zone(ctx, ch.si))
    return found


def _label(ctx, ch: ChainInfo, span: tuple[int, int], names_only: bool = False) -> Attribution | None:
    """The speaker a phrase standing as a label names (no particle, no verb)."""
    text = ctx.text[span[0] : span[1]].strip()
    phrase = Phrase(text, span[0], span[1], "label")
    mention = parse_mention(text, ctx.lex, ctx.cast)
    if text in HANJA_SURNAMES:
        mention = Mention("surname_title", text, surname=HANJA_SURNAMES[text])  # 「文 “…”」: 문 of the story
    if mention.kind == "descriptor" and not mention.org and " " not in text:
        # 「경찰 “…”⏎경찰청은 …」: a headline names the body by its short word; the story by its full name.
        full = _body_org(ctx, text, span[1])
        if full is not None:
            mention = Mention(ORGANIZATION, text, name=full, org=full)
    if mention.kind == ORGANIZATION and " " not in text:
        full = _contracted_org(ctx, text, span[1])
        if full is not None:  # 「국토부 “…”⏎국토교통부는 …」: the story's full name
            return Attribution(full, ORGANIZATION, None, full, ALIAS, 0.75, False, text, span[0], span[1])
    kinds = (PERSON, "surname_title", ORGANIZATION, ANONYMOUS, "alias") if names_only else (
        PERSON, "surname_title", ORGANIZATION, ANONYMOUS, "alias", "descriptor", "title_only")
    if mention.kind == UNKNOWN and " " not in text and unfamiliar_org(text, ctx.text, ctx.lex, ctx.memo):
        return unfamiliar_speaker(ctx, phrase)  # 「JP모건 “…”」: a name in letters labels its quote
    if mention.kind not in kinds:
        return None
    got = resolve(ctx, mention, phrase, ch.si)
    if got is None:
        return None
    if mention.kind == "title_only" and (got.type != PERSON or got.needs_review):
        return None  # 「장관 “…”」: only the one person of the story with that title
    return Attribution(got.speaker, got.type, got.title, got.org, got.resolution, min(got.confidence, 0.75),
                       got.needs_review, got.mention, got.mention_start, got.mention_end)


_HEADLINE_TOPIC = re.compile(r"^\s*(?:\[[^\]]{1,10}\]\s*)?([^,\[\]“”\"]{2,30}?),\s")


_AFTER_POSSESSOR = re.compile(r"^\s*([^\s“”\"]+(?:\s[^\s“”\"]+){0,3}?)의\s")


def _headline_named(ctx, ch: ChainInfo, heading: bool = True) -> Attribution | None:
    """Who a headline says the quote is by, when no phrase stands right before it. Outside a heading only a
    headline-style opening counts (「이영돈 PD, 과거 방송 재논란에 "…"」 in a news digest)."""
    m, toks = ch.masked, ch.tokens
    after = m.slots[ch.last][1]
    spans = []
    if heading:
        rel = relative_head(toks, after, ch.tail_hi, m, ctx.text, ctx.lex, open_end=True)
        spans += [(rel.start, rel.end)] if rel is not None else []
        own = _AFTER_POSSESSOR.match(m.text[after : ch.tail_hi])
        if own:
            a = m.orig(after + own.start(1))
            spans.append((a, a + len(own.group(1))))
    sent = ctx.sentences[ch.si]
    key = ("headline topic", ch.si)  # read once per sentence, not once per quote of a line of quotes
    if key not in ctx.memo:
        ctx.memo[key] = _HEADLINE_TOPIC.match(ctx.text[sent.start : sent.end])
    head = ctx.memo[key]
    if head and head.end(1) + sent.start <= m.orig(m.slots[ch.first][0]):
        spans.append((sent.start + head.start(1), sent.start + head.end(1)))
    for span in spans:
        got = _label(ctx, ch, span, names_only=True)
        if got is not None and got.speaker is not None:
            return got
    return None


def _contracted_org(ctx, word: str, after: int) -> str | None:
    """The one organisation named later in the article (or someone's in the cast) that 「WORD」 shortens: same
    first and last syllable, its syllables in order (국토부 → 국토교통부, 행안부 → 행정안전부)."""
    names = {e.name for e in ctx.cast.entities if e.type == ORGANIZATION}
    names |= {e.org for e in ctx.cast.entities if e.type == PERSON and e.org}
    names |= {name for name, last in _spelled_out(ctx, word).items() if last >= after}
    rx = re.compile("".join(re.escape(c) + (".*" if i < len(word) - 1 else "") for i, c in enumerate(word)))
    hits = {n for n in names if " " not in n and len(n) > len(word) and n[0] == word[0] and n[-1] == word[-1]
            and rx.fullmatch(n)}
    return hits.pop() if len(hits) == 1 else None


def _spelled_out(ctx, word: str) -> dict[str, int]:
    """The organisation names in the article that hold WORD's syllables in order, each with where it last stands
    (read once per article and word: a long headline zone asks at every quote)."""
    key = ("spelled out", word)
    if key not in ctx.memo:
        inner = "".join(re.escape(c) + "[가-힣]*?" for c in word[:-1]) + re.escape(word[-1])
        found = {}
        for f in re.finditer(rf"(?<![가-힣]){inner}(?=[은는이가도의와과]?[\s(,])", ctx.text):
            if ctx.lex.org_suffix_of(f.group(0)):
                found[f.group(0)] = f.start()
        ctx.memo[key] = found
    return ctx.memo[key]


def _body_org(ctx, word: str, after: int) -> str | None:
    """The first organisation named later in the article as 「WORD…」 and a particle (경찰 → 경찰청은)."""
    key = ("body org", word)
    if key not in ctx.memo:  # every such name in the article, in order, read once per word
        found = []
        for f in re.finditer(rf"(?<![가-힣]){re.escape(word)}([가-힣]{{1,4}}?)(?:은|는|이|가|도|측)(?=[\s,])", ctx.text):
            full = word + f.group(1)
            suffix = ctx.lex.org_suffix_of(full)
            if suffix and suffix not in ctx.lex.weak_org_suffixes and not ctx.lex.title_of(full):
                found.append((f.start(), full))
        ctx.memo[key] = found
    found = ctx.memo[key]
    k = bisect_left(found, after, key=lambda f: f[0])
    return found[k][1] if k < len(found) else None


ECHO_SHARE = 0.6  # of a heading quote's letter pairs found in one body quote: the heading condenses it


PROTAGONIST_SHARE = 0.5  # of the body's attributed quotes: the article is one speaker's


def revisit_headings(ctx, quotes: list[Quote]) -> list[Quote]:
    """A headline or subheading quote nothing in its line attributes is one the body says in full (its words echo
    a body quote: that quote's speaker), else, in an article that is mostly one speaker's, theirs (flagged for
    review). Headings condense the body; they are read after it."""
    def in_heading(q: Quote) -> bool:
        return any(ctx.sentences[si].para in ctx.headings for si in [ctx.sentence_at(q.start)])

    body = [q for q in quotes if q.speaker and not in_heading(q)]
    body_pairs: list[tuple[Quote, set[str]]] | None = None  # each body quote's letter pairs, made once
    out = []
    for q in quotes:
        if q.speaker or q.verb:
            out.append(q)
            continue
        if body_pairs is None:
            body_pairs = [(b, _pairs(b.text)) for b in body]
        echo = _echo(q, body_pairs)
        if echo is not None:  # a heading, or a keyword line of a digest (「키워드는 “참지 않겠다”입니다」)
            out.append(_as(q, echo, "headline_echo", 0.7, False, f"chooser: its words echo “{_short(echo.text)}”"))
            continue
        if not in_heading(q):
            out.append(q)
            continue
        lead = _protagonist(body)
        if lead is not None and (not q.title or (lead.title and title_fits(lead.title, q.title))):
            out.append(_as(q, lead, "protagonist", 0.45, True, "chooser: most of the article's quotes are theirs"))
            continue
        out.append(q)
    return out


def _pairs(text: str) -> set[str]:
    letters = re.sub(r"[\W_]+", "", text)
    return {letters[i : i + 2] for i in range(len(letters) - 1)}


def _echo(q: Quote, body: list[tuple[Quote, set[str]]]) -> Quote | None:
    """The body quote (other than `q`) whose letter pairs hold the largest share, at least ECHO_SHARE, of `q`'s."""
    mine = _pairs(q.text)
    if len(mine) < 3:
        return None
    best, share = None, ECHO_SHARE
    for b, theirs in body:
        if b.start == q.start:
            continue
        found = len(mine & theirs) / len(mine)
        if found >= share and (best is None or found > share):
            best, share = b, found
    return best


def _protagonist(body: list[Quote]) -> Quote | None:
    counts = Counter(q.speaker for q in body)
    if not counts:
        return None
    (name, n), *rest = counts.most_common(2) + [(None, 0)]
    if n < 3 or n < PROTAGONIST_SHARE * len(body) or (rest and rest[0][1] == n):
        return None
    return next(q for q in body if q.speaker == name)


def _as(q: Quote, source: Quote, sieve: str, confidence: float, review: bool, note: str) -> Quote:
    evidence = (f"speaker rule: {sieve}", f"cast: {source.speaker} as other, from the body", note) + tuple(
        e for e in q.evidence if not e.startswith(("speaker rule", "cast:", "chooser:"))
    )
    return replace(q, speaker=source.speaker, speaker_type=source.speaker_type, title=source.title, org=source.org,
                   resolution=OTHER, confidence=confidence, needs_review=review, evidence=evidence)


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
