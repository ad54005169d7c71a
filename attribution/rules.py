"""The attribution rules. Each is a small named function; `RULES` fixes their order.

For one sentence, quotes that share a clause form a chain (「“A”며 “B”고 말했다」); every chain gets a reporting
verb from Kiwi's analysis of the words after it, and a speaker from the first rule that answers:

1. `transcript_label`  a 「[이정림, 상인]」 line above a run of quote paragraphs
2. `possessor_frame`   「“…”라는 권 원내대표의 말에」, 「“…” 김영익 센터장의 말이다」
3. `subject`           the topic or subject phrase of the sentence (「김 장관은」, 「“…”고 회사 측은 설명했다」),
                       resolved through the article's cast (surname + title, alias, pronoun, description)
4. `headline_label`    「문 대통령 "…"」: a phrase right before a quote with no particle
5. `recent_subject`    no speaker in the sentence, but the story moved on to someone else since the last quote
                       (「한편 박 의원은 이를 비판했다. “…”」)
6. `carry_over`        no speaker in the sentence: the previous quote's speaker (「그러면서 “…”」, a quote paragraph)
7. `unknown`           nothing fits: the quote is kept, flagged for review

A verb standing before the quote (「그러면서 이렇게 덧붙였다. “…”」) is taken from the previous sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .mentions import Mention, common_noun, name_score, nominal, parse_mention
from .model import (
    ALIAS,
    ANONYMOUS,
    CARRY_OVER,
    ORGANIZATION,
    OTHER,
    PERSON,
    SAME_SENTENCE,
    SURNAME_TITLE,
    UNKNOWN,
    Quote,
)
from .morph import tokenize
from .quotes import Span, reader_text


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    type: str
    title: str | None
    org: str | None
    resolution: str
    confidence: float
    needs_review: bool = False
    mention: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None


UNKNOWN_SPEAKER = Attribution(None, UNKNOWN, None, None, UNKNOWN, 0.2, True)

_LINKS = [
    ("quotative", re.compile(r"^(?:이?라고|고)(?=[\s,.]|$)")),
    ("conjunctive", re.compile(r"^(?:이?라며|이?라면서(?:도)?|며|면서(?:도)?|하며|하면서)(?=[\s,.]|$)")),
    ("hada", re.compile(r"^(?:한다며|한다면서|한다고|했다며|했다고|하고|해|했다|라고\s*했다)(?=[\s,.]|$)")),
    ("adnominal", re.compile(r"^(?:이?라는|는|이?란|이?라던)(?=\s|$)")),
    ("enumeration", re.compile(r"^\s*등(?:의|을|이|과)?(?=\s|$)")),
    ("term", re.compile(r"^(?:을|를|의|으로|로|에|에서|와|과|처럼|까지|이나|나|이|가|은|도)(?=[\s,.…]|$)")),
]
_CHAINED = re.compile(
    r"^(?:이?라며|이?라면서|며|면서도?|고|이?라고|하며|하고|한다며)?\s*,?\s*(?:또|또한|이어|그러면서|그리고)?\s*$"
)
_EMBED_END = re.compile(r"(?:다|라|냐|자)고$")
_TIME_WORDS = {
    "이날", "오늘", "어제", "내일", "그날", "당일", "최근", "당시", "현재", "지난해", "올해", "지난달", "이번",
    "현지시각", "현지시간", "오전", "오후", "앞서", "이후", "한편", "최근엔", "전날", "다음날",
    "뒤", "후", "직후", "직전", "도중", "가운데", "사이", "동안", "무렵",
}
_NOUNISH = {"NNG", "NNP", "NNB", "NR", "NP", "SL", "SN", "SH", "XSN", "XPN", "MM", "XR"}
_NOT_SPEAKERS = {"것", "점", "등", "때", "바", "수", "측면", "부분", "경우", "결과", "이유", "문제"}


# --------------------------------------------------------------------------------------------------
# The sentence: quotes masked, Kiwi tokens, chains
# --------------------------------------------------------------------------------------------------
@dataclass
class Masked:
    text: str
    # (masked_start, original_start, length) pieces for mapping offsets back
    pieces: list[tuple[int, int, int]]
    slots: list[tuple[int, int]]  # masked (start, end) of each placeholder, in span order

    def to_masked(self, o: int) -> int | None:
        """Masked offset of original offset `o`, or None when `o` lies inside a masked quote."""
        for ms, os_, ln in self.pieces:
            if os_ <= o <= os_ + ln and ln:
                return ms + (o - os_)
        return None

    def orig(self, m: int) -> int:
        for ms, os_, ln in reversed(self.pieces):
            if m >= ms:
                return os_ + min(m - ms, ln)
        return self.pieces[0][1] if self.pieces else 0


def mask_sentence(text: str, start: int, end: int, spans: list[Span]) -> Masked:
    out, pieces, slots = [], [], []
    pos, mpos = start, 0
    for s in spans:
        stop = (s.close + 1) if s.close is not None else s.end
        chunk = text[pos : s.open]
        out.append(chunk)
        pieces.append((mpos, pos, len(chunk)))
        mpos += len(chunk)
        slots.append((mpos, mpos + len("“인용”")))
        pieces.append((mpos, s.open, 0))
        out.append("“인용”")
        mpos += len("“인용”")
        pos = stop
    chunk = text[pos:end]
    pieces.append((mpos, pos, len(chunk)))
    out.append(chunk)
    return Masked("".join(out).replace("\n", " "), pieces, slots)


def link_of(tail: str) -> str:
    return link_match(tail)[0]


def link_match(tail: str) -> tuple[str, int]:
    """The kind of words right after a closing mark (「고」, 「라며」, 「라는」 …) and their length."""
    for name, rx in _LINKS:
        found = rx.match(tail)
        if found:
            return name, found.end()
    return "bare", 0


# --------------------------------------------------------------------------------------------------
# Verbs
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Predicate:
    lemma: str
    start: int  # masked offsets
    end: int
    token: int
    embedded: bool = False  # inside an indirect quote: 「“…”라고 말했다고 보도했다」


def predicates(tokens, lo: int, hi: int) -> list[Predicate]:
    """Main-clause predicates between masked offsets lo and hi; skips indirect quotes (-다고 하다) and
    hearsay passives (전해졌다, 알려졌다)."""
    out = []
    toks = [t for t in tokens]
    for i, t in enumerate(toks):
        if t.start < lo or t.start >= hi:
            continue
        lemma = None
        begin = t.start
        if t.tag == "VV":
            lemma = getattr(t, "lemma", None) or t.form + "다"
            if not lemma.endswith("다"):
                lemma += "다"
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
        out.append(Predicate(lemma, begin, t.start + t.len, i, embedded))
    return out


def choose_verb(preds: list[Predicate], lex, link: str = "") -> Predicate | None:
    """The reporting verb: the first listed one of the main clause, else its first content verb. Right after
    「…라고」 an embedded reporting verb is the quote's own (「“…”라고 말했다고 보도했다」: 말하다)."""
    if link == "quotative" and preds and preds[0].embedded and preds[0].lemma in lex.reporting_verbs:
        return preds[0]
    main = [p for p in preds if not p.embedded]
    for p in main:
        if p.lemma in lex.reporting_verbs:
            return p
    for p in main:
        if p.lemma not in ("있다", "없다", "되다", "않다", "나서다"):
            return p
    return None


# --------------------------------------------------------------------------------------------------
# Speaker phrases
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Phrase:
    text: str
    start: int  # original offsets
    end: int
    kind: str  # "topic" or "subject"


def noun_phrase_before(tokens, k: int, m: Masked, text: str, lo: int = 0) -> tuple[int, int] | None:
    """The noun phrase ending right before token k (a particle), as original offsets; it starts at or after
    masked offset `lo` (after a quote's 「고」, say)."""
    j = k - 1
    depth = 0
    first = None
    while j >= 0:
        t = tokens[j]
        if t.start < lo:
            break
        if t.tag == "SSC" and t.form in ")":
            depth += 1
        elif t.tag == "SSO" and t.form == "(":
            depth -= 1
            first = j
            j -= 1
            continue
        if depth > 0:
            first = j
            j -= 1
            continue
        if t.tag in _NOUNISH or (t.tag == "SP" and t.form == "·"):
            if t.form in _TIME_WORDS or (t.tag == "NNB" and t.form in ("일", "월", "년", "시", "분")):
                break
            if t.tag == "SN" and j + 1 < k and tokens[j + 1].tag == "NNB":
                break
            first = j
        elif t.tag == "JKG" and first is not None and j > 0 and tokens[j - 1].tag in _NOUNISH:
            first = j
        elif t.tag == "MAG" and t.form == "또" and first is not None and tokens[first].form == "다른":
            first = j
        elif t.tag == "SSO" and t.form in "“\"" :
            break
        else:
            break
        j -= 1
    if first is None:
        return None
    a = m.orig(tokens[first].start)
    last = tokens[k - 1]
    b = m.orig(last.start + last.len)
    if b <= a:
        return None
    return a, b


def snap_to_words(text: str, a: int, lex) -> int:
    """Kiwi sometimes splits an unfamiliar name (서희석 → 서/희석, 강연찬 → 강연/찬): a phrase that starts inside
    a word starts at that word, and a name-like word just before the phrase belongs to it."""
    if a <= 0:
        return a
    if not text[a - 1].isspace():
        start = a
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        word = text[start:a]
        if re.fullmatch(r"[가-힣]{1,3}", word) and nominal(word + text[a : a + 4].split(" ")[0]):
            return start
        return a
    start = a - 1
    while start > 0 and text[start - 1] == " ":
        start -= 1
    end = start
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:end]
    if (
        re.fullmatch(r"[가-힣]{3}", word)
        and word not in lex.connectives
        and name_score(word, lex) >= 3
        and nominal(word)
        and not common_noun(word)
    ):
        return start
    return a


def speaker_phrases(tokens, lo: int, hi: int, m: Masked, text: str, cast=None) -> list[Phrase]:
    out = []
    for k, t in enumerate(tokens):
        if t.start < lo or t.start >= hi or k == 0:
            continue
        topic = t.tag == "JX" and t.form in ("은", "는")
        subject = t.tag == "JKS" and t.form in ("이", "가", "께서")
        if not (topic or subject):
            continue
        prev = tokens[k - 1]
        if prev.tag not in _NOUNISH and not (prev.tag == "SSC" and prev.form == ")"):
            # Kiwi may split an unfamiliar name (세븐시즌스 → 세븐시즌/NNG 스/VV): take the whole word if the
            # article's cast knows it.
            end = m.orig(t.start)
            begin = text.rfind(" ", 0, end) + 1
            word = text[begin:end]
            if cast is not None and word and (cast.find_alias(word) or cast.find_org(word)):
                out.append(Phrase(word, begin, end, "topic" if topic else "subject"))
            continue
        span = noun_phrase_before(tokens, k, m, text, lo)
        if span is None:
            continue
        if cast is not None:
            span = (max(snap_to_words(text, span[0], cast.lex), m.orig(lo)), span[1])
        phrase = text[span[0] : span[1]].replace("\n", " ").strip()
        if not phrase or phrase in _NOT_SPEAKERS or phrase.split(" ")[-1] in _NOT_SPEAKERS:
            continue
        out.append(Phrase(phrase, span[0], span[1], "topic" if topic else "subject"))
    return out


def _proper_looking(text: str) -> bool:
    """One or two words with no space-separated modifiers: 「한빛반도체」, 「VAV」, 「스타제국」."""
    words = text.split(" ")
    return len(words) <= 2 and all(re.fullmatch(r"[가-힣A-Za-z0-9&·]{2,}", w) for w in words)


def plausible(m: Mention) -> bool:
    return m.kind not in (UNKNOWN,) or bool(m.name and re.search(r"[A-Za-z]", m.name or ""))


# --------------------------------------------------------------------------------------------------
# Resolution of a mention against the cast and the history
# --------------------------------------------------------------------------------------------------
def resolve(ctx, m: Mention, phrase: Phrase, si: int) -> Attribution | None:
    cast = ctx.cast
    pos = phrase.start
    where = dict(mention=phrase.text, mention_start=phrase.start, mention_end=phrase.end)
    if m.kind == PERSON and m.name:
        ent = cast.find_person(m.name)
        title = m.title or (ent.title if ent else None)
        org = m.org or (ent.org if ent else None)
        if org:
            org_ent = cast.find_org(org)
            org = org_ent.name if org_ent else org
        return Attribution(m.name, PERSON, title, org, SAME_SENTENCE, 0.95, **where)
    if m.kind == "surname_title":
        people = cast.people_by_surname(m.surname or "", m.title)
        if len(people) == 1:
            e = people[0]
            title = e.title if m.title in (None, "씨") else (m.title if not e.title else e.title)
            return Attribution(e.name, PERSON, title, e.org, SURNAME_TITLE, 0.9, **where)
        if len(people) > 1:  # two people fit: never guess
            return Attribution(phrase.text, PERSON, m.title, m.org, SURNAME_TITLE, 0.35, True, **where)
        name = (m.surname or "") + ("씨" if m.title == "씨" else "")
        return Attribution(phrase.text if m.title != "씨" else name, PERSON, None if m.title == "씨" else m.title,
                           m.org, SURNAME_TITLE, 0.5, True, **where)
    if m.kind == "title_only":
        hits = cast.by_title(m.title or "", m.org)
        if len(hits) == 1:
            e = hits[0]
            return Attribution(e.name, e.type, e.title, e.org, ALIAS, 0.75, **where)
        return Attribution(phrase.text, PERSON, m.title, m.org, SAME_SENTENCE, 0.45, True, **where)
    if m.kind == "pronoun":
        want = "group" if ctx.lex.pronouns.get(m.name or "") == "group" else PERSON
        prev = ctx.last
        if prev is not None and (prev.type == PERSON or want == "group" and prev.type == ANONYMOUS):
            return Attribution(prev.speaker, prev.type, prev.title, prev.org, CARRY_OVER, 0.85, **where)
        people = [e for e in cast.entities if e.type == PERSON and e.positions and e.positions[0] < pos]
        if people:
            e = max(people, key=lambda e: max(p for p in e.positions if p < pos) if any(p < pos for p in e.positions) else -1)
            return Attribution(e.name, PERSON, e.title, e.org, CARRY_OVER, 0.7, **where)
        return None
    if m.kind == "demonstrative":
        return _demonstrative(ctx, m, pos, where)
    if m.kind == "descriptor":
        ent = cast.find_alias(m.descriptor or "")
        if ent is not None and ent.type == ORGANIZATION:
            return Attribution(ent.name, ORGANIZATION, None, ent.name, ALIAS, 0.85, **where)
        kind = ctx.lex.org_descriptors.get(m.descriptor or "", "")
        if kind not in ("company", "media", "team") and not m.org:
            # 「정부는」, 「검찰은」: the institution itself.
            return Attribution(m.descriptor, ORGANIZATION, None, m.descriptor, SAME_SENTENCE, 0.8, **where)
        prev = ctx.last
        if prev is not None and prev.type == ORGANIZATION and not m.org:
            return Attribution(prev.speaker, ORGANIZATION, None, prev.org, ALIAS, 0.75, **where)
        orgs = [e for e in cast.entities if e.type == ORGANIZATION and e.positions and e.positions[0] < pos]
        if orgs and not m.org:
            e = orgs[-1]
            return Attribution(e.name, ORGANIZATION, None, e.name, ALIAS, 0.6, **where)
        name = f"{m.org} {m.descriptor}" if m.org else m.descriptor
        return Attribution(name, ORGANIZATION, None, name, SAME_SENTENCE, 0.5, True, **where)
    if m.kind == "alias" and m.name:
        ent = cast.find_alias(m.name) or cast.find_org(m.name)
        typ = ent.type if ent else ORGANIZATION
        return Attribution(m.name, typ, ent.title if ent and typ == PERSON else None,
                           (ent.org if ent else None) or (m.name if typ == ORGANIZATION else None), ALIAS, 0.85, **where)
    if m.kind == ORGANIZATION and m.name:
        ent = cast.find_org(m.name)
        name = ent.name if ent else m.name
        resolution = SAME_SENTENCE if name == m.name or name in phrase.text else ALIAS
        return Attribution(name, ORGANIZATION, None, name, resolution, 0.9, **where)
    if m.kind == ANONYMOUS:
        return Attribution(m.name, ANONYMOUS, m.title, m.org, SAME_SENTENCE, 0.85, **where)
    return None


def _demonstrative(ctx, m: Mention, pos: int, where: dict) -> Attribution | None:
    """「이 관계자」 is the source just quoted, 「이 회사」 the company just named, 「그 장관」 the minister."""
    head = (m.title or "").split(" ")[-1]
    lex, prev = ctx.lex, ctx.last
    anonymous = head in lex.anonymous_heads or any(head.endswith(h) for h in lex.anonymous_heads if " " not in h)
    if prev is not None and prev.speaker and (
        (prev.title and (prev.title == head or prev.title.endswith(head)))
        or (prev.type == ANONYMOUS and anonymous and head in (prev.speaker or ""))
        or (prev.type == ORGANIZATION and head in lex.org_descriptors)
    ):
        return Attribution(prev.speaker, prev.type, prev.title, prev.org, CARRY_OVER, 0.85, **where)
    if head in lex.org_descriptors:
        orgs = [e for e in ctx.cast.entities if e.type == ORGANIZATION and e.positions and e.positions[0] < pos]
        if orgs:
            e = orgs[-1]
            return Attribution(e.name, ORGANIZATION, None, e.name, ALIAS, 0.7, **where)
    hits = ctx.cast.by_title(head) if lex.title_of(head) else []
    if hits:
        e = hits[-1]
        return Attribution(e.name, e.type, e.title, e.org, ALIAS, 0.7, len(hits) > 1, **where)
    return None


# --------------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------------
@dataclass
class ChainInfo:
    """What a rule can look at for one chain of quotes."""

    si: int
    spans: list[Span]
    first: int  # index of the first quote's slot in the masked sentence
    last: int
    link: str
    masked: Masked
    tokens: list
    tail_lo: int
    tail_hi: int
    verb: Predicate | None
    link_len: int = 0


_LABEL = re.compile(r"^\s*\[\s*([^\]\[=,/]{2,20}?)\s*[,/]\s*([^\]\[=]{1,20}?)\s*\]\s*$")
_POSSESSOR_END = re.compile(r"^\s*(.{2,40}?)의\s*(말|설명|얘기|이야기|주장|전언|분석|지적|답변|전망|평가)(?:이다|이었다|입니다|이었습니다)?\s*\.?\s*$")


def update_label(ctx, si: int) -> None:
    """A transcript's speaker line 「[이정림, 상인]」 names whoever speaks in the quote lines below it."""
    sent = ctx.sentences[si]
    line = ctx.text[sent.start : sent.end]
    m = _LABEL.match(line)
    if m and not sent.spans:
        name, role = m.group(1).strip(), m.group(2).strip()
        ctx.label = Attribution(name, PERSON, role, None, OTHER, 0.8, mention=line.strip(),
                                mention_start=sent.start, mention_end=sent.end)


def rule_transcript_label(ctx, ch: ChainInfo) -> Attribution | None:
    if ctx.label is None or ch.link != "bare":
        return None
    sent = ctx.sentences[ch.si]
    a, b = ctx.para_bounds[sent.para]
    line = ctx.text[a:b].strip()
    if not (line.startswith(tuple("“\"「『")) and line.endswith(tuple("”\"」』"))):
        return None
    return ctx.label


def rule_possessor_frame(ctx, ch: ChainInfo) -> Attribution | None:
    m = ch.masked
    tail = m.text[m.slots[ch.last][1] : ch.tail_hi]
    found = re.match(r"^\s*(?:이?라는|는|이?란)\s+(.{2,40}?)의\s*(말|발언|주장|설명|얘기|지적|입장)", tail)
    phrase_text = None
    if found:
        phrase_text, at = found.group(1), m.orig(m.slots[ch.last][1] + found.start(1))
    elif ch.link == "bare":
        # 「“…” 김영익 리서치센터장의 말이다」, in the sentence or as the next sentence.
        rest = tail
        found = _POSSESSOR_END.match(rest)
        if found:
            phrase_text, at = found.group(1), m.orig(m.slots[ch.last][1] + found.start(1))
        elif not tail.strip() and ch.si + 1 < len(ctx.sentences):
            nxt = ctx.sentences[ch.si + 1]
            found = _POSSESSOR_END.match(ctx.text[nxt.start : nxt.end])
            if found and not nxt.spans:
                phrase_text, at = found.group(1), nxt.start + found.start(1)
    if not phrase_text:
        return None
    phrase = Phrase(phrase_text.strip(), at, at + len(phrase_text.strip()), "possessor")
    mention = parse_mention(phrase.text, ctx.lex, ctx.cast)
    got = resolve(ctx, mention, phrase, ch.si)
    if got is None:
        return Attribution(phrase.text, ANONYMOUS, None, None, OTHER, 0.6, True, phrase.text, phrase.start, phrase.end)
    resolution = got.resolution if got.resolution == SURNAME_TITLE else OTHER
    return Attribution(got.speaker, got.type, got.title, got.org, resolution, got.confidence, got.needs_review,
                       phrase.text, phrase.start, phrase.end)


def rule_subject(ctx, ch: ChainInfo) -> Attribution | None:
    m, toks = ch.masked, ch.tokens
    first_slot = m.slots[ch.first][0]
    before = speaker_phrases(toks, 0, first_slot, m, ctx.text, ctx.cast)
    verb_at = ch.verb.start if ch.verb else ch.tail_hi
    tail_start = m.slots[ch.last][1] + ch.link_len
    after = []
    if ch.verb is not None:
        for p in speaker_phrases(toks, tail_start, verb_at, m, ctx.text, ctx.cast):
            at = m.to_masked(p.end)
            # 「“…”라며 정부가 나서야 한다고 말했다」: a subject with a clause of its own is not the speaker.
            if p.kind == "topic" or (at is not None and not any(
                t.tag in ("EC", "EF", "ETM") for t in toks if at <= t.start < verb_at
            )):
                after.append(p)
    topics = [p for p in reversed(before) if p.kind == "topic"]
    subjects = [p for p in reversed(before) if p.kind == "subject"]
    if ch.verb is not None and ch.verb.embedded:
        ordered = subjects + list(reversed(after)) + topics  # the embedded clause has its own subject
    else:
        ordered = list(reversed(after)) + topics + subjects
    reporting = ch.verb is not None and ch.verb.lemma in ctx.lex.reporting_verbs
    for phrase in ordered:
        mention = parse_mention(phrase.text, ctx.lex, ctx.cast)
        if not plausible(mention):
            if reporting and phrase.kind == "topic" and _proper_looking(phrase.text):
                # 「한빛반도체는 “…”고 밝혔다」: an unfamiliar name that reports speech is most likely an organisation.
                name = phrase.text
                ctx.cast.add(Mention(ORGANIZATION, name, name=name, org=name), phrase.start)
                return Attribution(name, ORGANIZATION, None, name, SAME_SENTENCE, 0.6, False,
                                   phrase.text, phrase.start, phrase.end)
            continue
        got = resolve(ctx, mention, phrase, ch.si)
        if got is not None:
            if mention.kind in (PERSON, ORGANIZATION):
                ctx.cast.add(mention, phrase.start)
            return _with_partner(ctx, ch, phrase, got)
    return None


def _with_partner(ctx, ch: ChainInfo, phrase: Phrase, got: Attribution) -> Attribution:
    """「김영희 경기도지사와 박철수 서울시장은」: two people speaking together are joined with ·."""
    if got.type != PERSON or got.speaker is None:
        return got
    m, toks = ch.masked, ch.tokens
    at = m.to_masked(phrase.start)
    if at is None:
        return got
    k = next((i for i, t in enumerate(toks) if t.start >= at), None)
    if not k or toks[k - 1].form not in ("와", "과", "및") or toks[k - 1].tag not in ("JC", "JKB", "MAJ"):
        return got
    span = noun_phrase_before(toks, k - 1, m, ctx.text)
    if span is None:
        return got
    partner_phrase = Phrase(ctx.text[span[0] : span[1]], span[0], span[1], "partner")
    partner = resolve(ctx, parse_mention(partner_phrase.text, ctx.lex, ctx.cast), partner_phrase, ch.si)
    if partner is None or partner.type != PERSON or not partner.speaker or partner.needs_review:
        return got
    return Attribution(f"{partner.speaker}·{got.speaker}", PERSON, None, None, got.resolution,
                       min(got.confidence, partner.confidence), got.needs_review, 
                       ctx.text[span[0] : phrase.end], span[0], phrase.end)


def rule_headline_label(ctx, ch: ChainInfo) -> Attribution | None:
    if ch.link not in ("bare",):
        return None
    m, toks = ch.masked, ch.tokens
    first_slot = m.slots[ch.first][0]
    pre = m.text[:first_slot]
    if not pre.strip() or re.search(r"[.?!]\s*$", pre) or len(pre.strip()) > 40:
        return None
    k = next((i for i, t in enumerate(toks) if t.start >= first_slot), len(toks))
    span = noun_phrase_before(toks, k, m, ctx.text)
    if span is None:
        return None
    text = ctx.text[span[0] : span[1]].strip()
    phrase = Phrase(text, span[0], span[1], "label")
    mention = parse_mention(text, ctx.lex, ctx.cast)
    if mention.kind not in (PERSON, "surname_title", ORGANIZATION, ANONYMOUS, "alias"):
        return None
    got = resolve(ctx, mention, phrase, ch.si)
    if got is None:
        return None
    return Attribution(got.speaker, got.type, got.title, got.org, got.resolution, min(got.confidence, 0.75),
                       got.needs_review, got.mention, got.mention_start, got.mention_end)


_LEADING_TOPIC = re.compile(r"^(?:(?:한편|또|또한|이어|이에|앞서|그러나|하지만|특히)[,\s]+)?((?:\S+\s){0,4}?\S+?)(?:은|는)\s")


def rule_recent_subject(ctx, ch: ChainInfo) -> Attribution | None:
    """A quote with no speaker of its own, after sentences that moved on to someone else
    (「한편 박 의원은 이를 비판했다. “…”」): the latest sentence-initial subject since the last quote."""
    pre = ch.masked.text[: ch.masked.slots[ch.first][0]].strip()
    if pre and pre.split(" ")[0].rstrip(",") in ctx.lex.connectives:
        return None  # 「그러면서 “…”」 continues the previous speaker
    first = max(ctx.last_sentence + 1, ch.si - 3)
    for si in range(ch.si - 1, first - 1, -1):
        sent = ctx.sentences[si]
        if sent.spans:
            break
        found = _LEADING_TOPIC.match(ctx.text[sent.start : sent.end])
        if not found:
            continue
        at = sent.start + found.start(1)
        phrase = Phrase(found.group(1), at, at + len(found.group(1)), "topic")
        mention = parse_mention(phrase.text, ctx.lex, ctx.cast)
        if mention.kind not in (PERSON, "surname_title", ORGANIZATION, "alias", "pronoun"):
            continue
        got = resolve(ctx, mention, phrase, ch.si)
        if got is None or got.needs_review or (ctx.last is not None and got.speaker == ctx.last.speaker):
            return None
        return Attribution(got.speaker, got.type, got.title, got.org, CARRY_OVER, 0.6, False,
                           got.mention, got.mention_start, got.mention_end)
    return None


def rule_carry_over(ctx, ch: ChainInfo) -> Attribution | None:
    prev = ctx.last
    if prev is None or prev.speaker is None:
        return None
    gap = ch.si - ctx.last_sentence
    pre = ch.masked.text[: ch.masked.slots[ch.first][0]].strip()
    connective = pre.split(" ")[0].rstrip(",") in ctx.lex.connectives if pre else False
    confidence = 0.85 if connective or gap <= 1 else 0.7 if gap <= 4 else 0.5
    return Attribution(prev.speaker, prev.type, prev.title, prev.org, CARRY_OVER, confidence, confidence < 0.6)


def rule_unknown(ctx, ch: ChainInfo) -> Attribution | None:
    return UNKNOWN_SPEAKER


RULES = [
    ("transcript_label", rule_transcript_label),
    ("possessor_frame", rule_possessor_frame),
    ("subject", rule_subject),
    ("headline_label", rule_headline_label),
    ("recent_subject", rule_recent_subject),
    ("carry_over", rule_carry_over),
    ("unknown", rule_unknown),
]


# --------------------------------------------------------------------------------------------------
# Driving one sentence
# --------------------------------------------------------------------------------------------------
def _inside_single(span: Span, singles: list[Span]) -> bool:
    return any(s.open < span.open and (span.close or span.end) < (s.close or s.end) for s in singles)


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
        if reason:
            skipped.append((s, reason))
        else:
            speech.append(i)

    # 2. chains of quotes sharing one clause
    chains: list[list[int]] = []
    for i in speech:
        if chains and chains[-1][-1] == i - 1 and _CHAINED.match(m.text[m.slots[i - 1][1] : m.slots[i][0]]):
            chains[-1].append(i)
        else:
            chains.append([i])

    quotes: list[Quote] = []
    for chain in chains:
        last = chain[-1]
        link, lo, hi = tails[last]
        verb = None
        if link != "bare" and link != "term":
            verb = choose_verb(predicates(tokens, lo, hi), lex, link)
        if link == "hada":
            verb = _hada(m, lo)
        info = ChainInfo(si, [spans[i] for i in chain], chain[0], last, link, m, tokens, lo, hi, verb,
                         link_match(m.text[lo:hi])[1])
        verb_abs = (m.orig(verb.start), m.orig(verb.end)) if verb else None
        if verb is None and link in ("bare",):
            verb, verb_abs = _verb_before(ctx, si)
        got, rule_name = UNKNOWN_SPEAKER, "unknown"
        for name, rule in RULES:
            got = rule(ctx, info)
            if got is not None:
                rule_name = name
                break
        weak = verb is None and link not in ("bare",) and got.resolution not in (OTHER,)
        confidence = got.confidence * (0.8 if weak else 1.0)
        review = got.needs_review or confidence < 0.5
        for i in chain:
            s = spans[i]
            own_link, olo, ohi = tails[i]
            own_verb, cue = verb, verb_abs or (None, None)
            if i != last and own_link not in ("bare", "term"):
                pv = _hada(m, olo) if own_link == "hada" else choose_verb(predicates(tokens, olo, ohi), lex, own_link)
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
                    sentence=text[sent.start : sent.end].replace("\n", " "),
                    sentence_start=sent.start,
                    mention=got.mention,
                    mention_start=got.mention_start,
                    mention_end=got.mention_end,
                    cue=text[cue[0] : cue[1]] if own_verb else None,
                    cue_start=cue[0],
                    cue_end=cue[1],
                    evidence=(f"speaker rule: {rule_name}",),
                )
            )
        if got.speaker is not None:
            ctx.last = got
            ctx.last_sentence = si
    return quotes, skipped


def _hada(m: Masked, at: int) -> Predicate:
    """「“…생각”한다며」: the quote is the object of 하다 itself."""
    return Predicate("하다", at, at + 1, -1)


def _verb_before(ctx, si: int) -> tuple[Predicate | None, tuple[int, int] | None]:
    """「그러면서 덧붙였다. “…”」: a quote-less sentence right before that ends in a reporting verb."""
    if si == 0:
        return None, None
    prev = ctx.sentences[si - 1]
    if prev.spans:
        return None, None
    chunk = ctx.text[prev.start : prev.end]
    if not re.search(r"[.:]\s*$", chunk) or len(chunk) > 200:
        return None, None
    toks = tokenize(chunk)
    preds = predicates(toks, 0, len(chunk))
    if preds and preds[-1].lemma in ctx.lex.reporting_verbs:
        p = preds[-1]
        return p, (prev.start + p.start, prev.start + p.end)
    return None, None


def _non_speech(ctx, s: Span, link: str, tail: str, singles: list[Span]) -> str | None:
    if s.end <= s.start:
        return "empty"
    if _inside_single(s, singles):
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
    if link == "term" and len(quoted) <= 25 and not re.search(r"(?:다|요|까|죠|냐|니|네|라|자|어|지)[.?!…]*$", quoted):
        if not re.match(r"^\S+\s+\S*(?:외치|연호|말하|밝히)", tail):
            return "term"
    return None
