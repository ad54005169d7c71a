"""The sieves: small named rules, each reading one piece of evidence for who said a chain of quotes.

Each sieve looks at one chain (「“A”며 “B”고 말했다」) and proposes at most one candidate: an `Attribution` whose
speaker is a member of the article's cast (resolved through it, with the phrase that named it), a *hint* (a
named mention the cast cannot tell: 「박 원내대표」 with no such 박), or words no one said. `SIEVES` lists them;
the chooser (`chooser.py`) weighs what they propose (weights and tiers in `resources/lexicons/sieve_weights.tsv`).

direct evidence: the sentence itself names the speaker
  `transcript_label`  a 「[이정림, 상인]」 line above a run of quote paragraphs
  `speaker_label`     「“…”(최종구 금융위원장)」, 「<도널드 트럼프 / 미국 대통령> “…”」
  `possessor_frame`   「“…”라는 권 원내대표의 말에」, 「“…” 김영익 센터장의 말이다」
  `subject`           the topic or subject of the reporting verb (「김 장관은」, 「“…”고 회사 측은 설명했다」), the
                      person a clause after the quote describes (「“…”고 말한 김 대표는」), 「SK하이닉스도」
  `according_to`      no subject speaks, but the sentence cites a source: 「국토부에 따르면 “…”는 설명이다」
  `nobodys_words`     「“…”는 말도 나왔다」: no one's; 「“…”는 내용이었다」: the post's author named just before
  `headline_label`    a headline's label (`headlines.py`): 「문 대통령 "…"」, 「“…” 말한 트럼프」
  `lead_quote`        a quote paragraph, then 「이창용 총재는 이같이 말했다」
context: who spoke or was named before
  `interview_answer`  a quote paragraph after an interviewer's question (「― …」, 「Q. …」): the interviewee
  `recent_subject`    the story moved on to someone else since the last quote (「한편 박 의원은 이를 비판했다. “…”」)
  `carry_over`        the previous quote's speaker (「그러면서 “…”」, a quote paragraph)
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .cast import unfamiliar_org
from .clauses import (
    SERIAL_ENDINGS,
    Phrase,
    noun_phrase_before,
    plausible,
    relative_head,
    speaker_phrases,
    token_at,
)
from .mentions import Mention, common_noun, parse_mention, verbal
from .model import (
    ANONYMOUS,
    CARRY_OVER,
    ORGANIZATION,
    OTHER,
    PERSON,
    SURNAME_TITLE,
    UNKNOWN,
    ChainInfo,
)
from .resolve import Attribution, foreign_name_before, leading_phrase, resolve, unfamiliar_speaker
from .headlines import rule_headline_label
from .verbs import THIS_WAY_SAID, headline_zone, lead_sentence, lead_verb, question_line


_LABEL = re.compile(r"^\s*\[\s*([^\]\[=,/]{2,20}?)\s*[,/]\s*([^\]\[=]{1,20}?)\s*\]\s*$")

_POSSESSOR_NOUNS = ("말", "설명", "얘기", "이야기", "주장", "전언", "분석", "지적", "답변", "전망", "평가")


@lru_cache(maxsize=4)
def _possessor_end(nouns: frozenset[str]) -> re.Pattern:
    """「“…” 김영익 센터장의 말이다」, 「… 교수의 진단이다」, 「… 관계자의 얘기다」: any speech noun, with its copula."""
    alternatives = "|".join(sorted(nouns | set(_POSSESSOR_NOUNS), key=len, reverse=True))
    return re.compile(
        rf"^\s*(.{{2,60}}?)의\s*({alternatives})(?:이다|다|이었다|였다|입니다|이었습니다|이기도 하다)?\s*\.?\s*$"
    )


def possessor_phrase(ctx, text: str, at: int) -> tuple[str, int]:
    """「서울 마포구에서 식당을 운영하는 김모(62)씨」: the speaker is the noun phrase after the last clause that
    describes them."""
    words = text.split(" ")
    for i in range(len(words) - 2, -1, -1):
        w = words[i]
        if len(w) >= 2 and re.fullmatch(r"[가-힣]+", w) and w != "한" and _adnominal_shape(w) and verbal(w):
            cut = len(" ".join(words[: i + 1])) + 1
            return text[cut:], at + cut
    return text, at


def _adnominal_shape(word: str) -> bool:
    last = ord(word[-1]) - 0xAC00
    return word[-1] in "는던" or (0 <= last < 11172 and last % 28 in (4, 8))  # ㄴ or ㄹ batchim: 운영하는, 한, 할


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


# A label right after the quote, 「“…”(최종구 금융위원장)」, 「“…” (덴마크)」, or right before it as a TV caption
# does, 「<도널드 트럼프 / 미국 대통령 (현지시간 16일)> “…”」.
_LABEL_AFTER = re.compile(r"^ ?\(\s*((?:[^()]|\([^()]*\))+?)\s*\)")
_LABEL_BEFORE = re.compile(r"<\s*([^<>]+?)\s*>\s*$")


def rule_speaker_label(ctx, ch: ChainInfo) -> Attribution | None:
    m = ch.masked
    after = m.slots[ch.last][1]
    found = _LABEL_AFTER.match(m.text[after : ch.tail_hi]) if ch.link == "bare" else None
    if found:
        at = m.orig(after + found.start(1))
    else:
        lo = m.slots[ch.first - 1][1] if ch.first > 0 else 0
        found = _LABEL_BEFORE.search(m.text[lo : m.slots[ch.first][0]])
        if not found:
            return None
        at = m.orig(lo + found.start(1))
    raw = found.group(1)
    label = re.sub(r"\s+", " ", re.sub(r"\([^()]*\)|[/,]", " ", raw)).strip()  # notes in brackets, separators
    if not label or re.search(r"\d", label) or len(label) > 40:
        return None  # 「(3일, CNN 인터뷰)」 says when and where, not who
    phrase = Phrase(label, at, at + len(raw), "label")
    mention = parse_mention(label, ctx.lex, ctx.cast)
    if mention.kind == UNKNOWN:
        return None
    got = resolve(ctx, mention, phrase, ch.si)
    if got is None:
        return None
    resolution = got.resolution if got.resolution == SURNAME_TITLE else OTHER
    return replace(got, resolution=resolution, mention=raw, mention_end=at + len(raw))


def rule_possessor_frame(ctx, ch: ChainInfo) -> Attribution | None:
    m = ch.masked
    tail = m.text[m.slots[ch.last][1] : ch.tail_hi]
    # 「“…”라는 권 원내대표의 말에」; 「“…”는 게 직원들의 설명이다」 (게: 것이)
    found = re.match(r"^\s*(?:이?라는|는|이?란)\s+(?:게\s|것이\s|것은\s)?(.{2,40}?)의\s*(말|발언|주장|설명|얘기|지적|입장)", tail)
    phrase_text = None
    if found:
        phrase_text, at = found.group(1), m.orig(m.slots[ch.last][1] + found.start(1))
    elif ch.link == "bare":
        # 「“…” 김영익 리서치센터장의 말이다」, in the sentence or as the next sentence.
        rest = tail
        possessor_end = _possessor_end(ctx.lex.speech_nouns)
        found = possessor_end.match(rest)
        if found:
            phrase_text, at = found.group(1), m.orig(m.slots[ch.last][1] + found.start(1))
        elif not tail.strip() and ch.si + 1 < len(ctx.sentences):
            nxt = ctx.sentences[ch.si + 1]
            found = possessor_end.match(ctx.text[nxt.start : nxt.end])
            if found and not nxt.spans:
                phrase_text, at = found.group(1), nxt.start + found.start(1)
    if not phrase_text:
        return None
    whole, whole_at = phrase_text.strip(), at
    phrase_text, at = possessor_phrase(ctx, whole, at)
    phrase = Phrase(phrase_text.strip(), at, at + len(phrase_text.strip()), "possessor")
    mention = parse_mention(phrase.text, ctx.lex, ctx.cast)
    if mention.kind == ANONYMOUS and phrase.text != whole:
        # an unnamed source is the phrase as written: 「익명을 요구한 한 리서치센터장」
        phrase = Phrase(whole, whole_at, whole_at + len(whole), "possessor")
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
            # 「“…”라며 정부가 나서야 한다고 말했다」, 「“…”며 이 대통령이 … 요청한 사실을 조명했다」: a subject
            # with a clause of its own (its verb ends before the reporting verb, or describes a noun) is not the speaker.
            if p.kind == "topic" or (at is not None and not any(
                toks[i].tag in ("EC", "EF", "ETM") for i in range(token_at(toks, at), token_at(toks, verb_at))
            ) and not _in_relative_clause(toks, m, p, ch.tail_hi)):
                after.append(p)
    # 「김여정 부부장이 발표한 담화에 대해선 “…”」: a subject whose own predicate describes a noun (a relative
    # clause) is that clause's subject, not the speaker; a topic (은/는) stays the sentence's.
    before = [p for p in before if p.kind != "subject" or not _in_relative_clause(toks, m, p, first_slot)]
    topics = [p for p in reversed(before) if p.kind == "topic"]
    subjects = [p for p in reversed(before) if p.kind == "subject"]
    # 「추경호 원내대표도」, 「김 의원 역시」: one more speaker, read only when no plain topic or subject answers.
    also = [p for p in reversed(before) if p.kind == "also"] + [p for p in reversed(after) if p.kind == "also"]
    sources = [p for p in reversed(before) if p.kind == "source"] + [p for p in reversed(after) if p.kind == "source"]
    after = [p for p in after if p.kind not in ("also", "source")]
    if ch.verb is not None and ch.verb.embedded:
        ordered = subjects + list(reversed(after)) + topics  # the embedded clause has its own subject
    else:
        ordered = list(reversed(after)) + topics + subjects
    ordered += also + sources
    if ch.link in ("quotative", "conjunctive", "adnominal"):
        rel = relative_head(toks, tail_start, ch.tail_hi, m, ctx.text, ctx.lex)
        if rel is not None:
            ordered.insert(0, rel)
    reporting = ch.verb is not None and ch.verb.lemma in ctx.lex.reporting_verbs
    for phrase in ordered:
        mention = parse_mention(phrase.text, ctx.lex, ctx.cast)
        if mention.kind == UNKNOWN and " " not in phrase.text:
            full = foreign_name_before(ctx, phrase.text, phrase.start)
            if full is not None:
                # 「빌 게이츠는 …」 earlier, 「게이츠는 “…”」 now: the person, and the cast learns them.
                ctx.cast.add(Mention(PERSON, full, name=full), phrase.start)
                mention = Mention("surname_title", phrase.text, surname=phrase.text)
        if phrase.kind == "source" and mention.kind != ANONYMOUS and not (
            phrase.text.endswith("측") and mention.kind != UNKNOWN  # 「소속사 측에서는」: the agency's side
        ):
            continue  # 「회의에서는」 is a place, 「일각에서는」 a source
        if phrase.kind == "also" and mention.kind == UNKNOWN and " " not in phrase.text and unfamiliar_org(
            phrase.text, ctx.text, ctx.lex, ctx.memo
        ) and ch.link in ("quotative", "conjunctive"):
            # 「SK하이닉스도 “…”며」: an unfamiliar company name that speaks too
            return unfamiliar_speaker(ctx, phrase)
        if phrase.kind in ("also", "relative") and not _speaker_like(ctx, mention, phrase.kind == "also"):
            continue
        if not plausible(mention):
            if reporting and phrase.kind == "topic" and unfamiliar_org(phrase.text, ctx.text, ctx.lex, ctx.memo):
                # 「한빛반도체는 “…”고 밝혔다」: an unfamiliar name that reports speech is most likely an organisation.
                return unfamiliar_speaker(ctx, phrase)
            continue
        if mention.kind == ANONYMOUS and phrase.text.startswith(("한 ", "또 다른 ")):
            phrase, mention = _introduced(ctx, phrase, mention)
        got = resolve(ctx, mention, phrase, ch.si)
        if got is not None:
            if mention.kind in (PERSON, ORGANIZATION, ANONYMOUS):
                ctx.cast.add(mention, phrase.start)
            return _with_partner(ctx, ch, phrase, got)
    return None


_CLAUSE_BEFORE = re.compile(r"(?:^|[,\s])((?:[^\s,“”\"]+\s){0,4}[가-힣]+\s)$")


def _introduced(ctx, phrase: Phrase, mention: Mention) -> tuple[Phrase, Mention]:
    """「이름을 밝히길 거부한 한 전문가는」, 「익명을 요구한 한 관계자는」: an unnamed source is named by the clause
    that introduces them, as the article wrote it (the clause opens the sentence)."""
    sent = ctx.sentences[ctx.sentence_at(phrase.start)]
    before = ctx.text[sent.start : phrase.start]
    found = _CLAUSE_BEFORE.search(before)
    if not found or before[: found.start(1)].strip(" ,") not in ("", *ctx.lex.connectives):
        return phrase, mention
    clause = found.group(1)
    last = clause.split(" ")[-2]
    if not (_adnominal_shape(last) and verbal(last)):
        return phrase, mention
    start = sent.start + found.start(1)
    text = ctx.text[start : phrase.end]
    return Phrase(text, start, phrase.end, phrase.kind), Mention(ANONYMOUS, text, name=text, title=mention.title,
                                                                org=mention.org)


def _in_relative_clause(toks, m, phrase: Phrase, until: int) -> bool:
    """The first predicate after the phrase, before masked offset `until`, ends in an adnominal ending (ETM): the
    phrase is the subject of a clause that describes a noun (「김 의원이 발표한 담화」)."""
    at = m.to_masked(phrase.end)
    if at is None:
        return False
    for i in range(token_at(toks, at), token_at(toks, until)):
        t = toks[i]
        if t.tag == "EC" and t.form in SERIAL_ENDINGS:
            continue  # 「대표단이 미국 측과 만나 … 제기한 데 대해」: one clause goes on
        if t.tag in ("EC", "EF"):
            return False
        if t.tag == "ETM":
            return True
    return False


def _speaker_like(ctx, m: Mention, strict: bool = True) -> bool:
    """A phrase marked with 도/역시 may as well be an object (「정부안도」, 「이번 사태도」): it speaks only when it
    names someone clearly: a listed title, a source, an institution, or a person the article already knows.
    After a relative clause (「“…”고 말한 김영수씨는」) any person will do."""
    if m.kind == PERSON:
        if bool(m.title and ctx.lex.title_of(m.title)) or ctx.cast.find_person(m.name or "") is not None or m.org:
            return True  # a listed title, someone known, a name with its organisation (「이강인(파리 생제르맹)」)
        if m.name and re.search(rf"(?<![가-힣]){re.escape(m.name)}(?:\s?\(\s*\d|\s?씨)", ctx.text):
            return True  # 「강하늘(24)」 named with an age or 씨 elsewhere in the article
        # 「“…”고 말한 김영수씨는」; not 「“…”고 적힌 현수막을」 (a common noun that looks like a name)
        return not strict and (m.text.endswith("씨") or not common_noun(m.name or ""))
    return m.kind in ("surname_title", "title_only", "pronoun", ANONYMOUS, ORGANIZATION, "alias", "descriptor",
                      "demonstrative")


def _with_partner(ctx, ch: ChainInfo, phrase: Phrase, got: Attribution) -> Attribution:
    """「김영희 경기도지사와 박철수 서울시장은」: two people speaking together are joined with ·."""
    if got.type != PERSON or got.speaker is None:
        return got
    m, toks = ch.masked, ch.tokens
    at = m.to_masked(phrase.start)
    if at is None:
        return got
    k = token_at(toks, at) if toks and toks[-1].start >= at else None
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


_NOBODYS = re.compile(
    r"^\s*(?:이?라는|는|이?란)\s+(\S+?)(?:이|가|도|은|는)\s+(?:\S+\s+)?"
    r"(?:나오|나왔|나온|제기되|제기됐|잇따르|잇따랐|잇따른|이어지|이어졌|커지|커졌|확산되|확산됐|적지\s?않|많|돌|돌았)"
)


def rule_nobodys_words(ctx, ch: ChainInfo) -> Attribution | None:
    """「“…”는 말도 나왔다」, 「“…”는 지적이 잇따랐다」: words the sentence reports as said, by no one it names. With
    no source in the sentence (「일각에서는」 is one) the quote is unknown, not the previous speaker's.
    「“…”는 내용이었다」: the words of a post, whose author a sentence just before names (「한 지인이 쓴 글」)."""
    m = ch.masked
    tail = m.text[m.slots[ch.last][1] : ch.tail_hi]
    if _CONTENT.match(tail):
        return _author(ctx, ch)
    found = _NOBODYS.match(tail)
    if not found or found.group(1) not in ctx.lex.speech_nouns:
        return None
    at = m.orig(m.slots[ch.last][1] + found.start(1))
    return Attribution(None, UNKNOWN, None, None, OTHER, 0.6, True, found.group(0).strip(), at,
                       m.orig(m.slots[ch.last][1] + found.end()), nobody=True)


_CONTENT = re.compile(r"^\s*(?:이?라는|는|이?란)\s+내용(?:이다|이었다|였다|입니다|이었습니다|의|을|이)(?=[\s.,]|$)")
_WROTE = re.compile(r"((?:\S+\s){0,3}?\S+?)(?:이|가)\s(?:쓴|올린|작성한|게재한|남긴|보낸)\s(?:글|게시물|게시글|메시지|편지|댓글)")


_ADVERBIAL = re.compile(r"(?:에|에서|을|를|의|로|으로|\d일|\d월|\d년)$")


def _author(ctx, ch: ChainInfo) -> Attribution | None:
    """「한 지인이 쓴 글을 공유했다. “…”는 내용이었다」: the words are the post's, and the post its author's."""
    for si in range(ch.si, max(ch.si - 3, -1), -1):
        sent = ctx.sentences[si]
        for found in reversed(list(_WROTE.finditer(ctx.text[sent.start : sent.end]))):
            words = found.group(1).split(" ")
            keep = next((i for i in range(len(words) - 1, 0, -1) if _ADVERBIAL.search(words[i - 1])), 0)
            text = " ".join(words[keep:])  # 「13일 페이스북에 한 지인이 쓴 글」: the writer is 「한 지인」
            at = sent.start + found.end(1) - len(text)
            phrase = Phrase(text, at, at + len(text), "subject")
            mention = parse_mention(phrase.text, ctx.lex, ctx.cast)
            if mention.kind in (UNKNOWN, "demonstrative"):
                continue
            got = resolve(ctx, mention, phrase, ch.si)
            if got is not None and got.speaker:
                return replace(got, resolution=OTHER, confidence=min(got.confidence, 0.7))
    return Attribution(None, UNKNOWN, None, None, OTHER, 0.6, True, "내용", nobody=True)


def rule_according_to(ctx, ch: ChainInfo) -> Attribution | None:
    """「국토부에 따르면 “…”는 설명이다」, 「업계 관계자에 의하면 “…”」: with no subject that speaks, the source the
    sentence cites before the quote."""
    m, toks = ch.masked, ch.tokens
    lo = m.slots[ch.first - 1][1] if ch.first > 0 else 0
    first_slot = m.slots[ch.first][0]
    cites = [
        k for k in range(max(1, token_at(toks, lo)), min(len(toks) - 2, token_at(toks, first_slot)))
        if toks[k].tag == "JKB" and toks[k].form == "에"
        and toks[k + 1].tag == "VV" and toks[k + 1].form in ("따르", "의하") and toks[k + 2].form in ("면", "으면")
    ]
    if not cites:
        return None
    span = noun_phrase_before(toks, cites[-1], m, ctx.text, lo)
    if span is None:
        return None
    text = ctx.text[span[0] : span[1]].replace("\n", " ").strip()
    phrase = Phrase(text, span[0], span[1], "source")
    mention = parse_mention(text, ctx.lex, ctx.cast)
    if mention.kind not in (PERSON, "surname_title", "title_only", ORGANIZATION, ANONYMOUS, "alias", "descriptor"):
        return None
    if not plausible(mention):
        return None
    got = resolve(ctx, mention, phrase, ch.si)
    if got is None or got.speaker is None:
        return None
    return Attribution(got.speaker, got.type, got.title, got.org, got.resolution, min(got.confidence, 0.8),
                       got.needs_review, got.mention, got.mention_start, got.mention_end)


_FOLLOW_SUBJECT = re.compile(r"^(?:(?:한편|또|또한|이어|이에|앞서|특히)[,\s]+)?((?:\S+\s){0,8}?\S+?)(?:은|는|이|가|도|께서)\s")

_LEADING_TIME = re.compile(r"^(?:(?:지난|오는|이날|전날|현지시간|현지시각|오전|오후|\d+일(?:,)?|\d+월)\s+)+")


def rule_lead_quote(ctx, ch: ChainInfo) -> Attribution | None:
    """「“물가가 먼저다.”⏎⏎이창용 한국은행 총재는 22일 이같이 말했다」: a quote standing alone, then a sentence
    whose subject says it 「this way」."""
    if ch.link != "bare":
        return None
    m = ch.masked
    tail = m.text[m.slots[ch.last][1] : ch.tail_hi]
    sj = lead_sentence(ctx, ch.si, tail)
    if sj is None:
        return None
    if sj == ch.si:  # 「“…” 이창용 총재는 이같이 말했다」 in one sentence
        base, chunk = m.orig(m.slots[ch.last][1]), tail
    else:
        sent = ctx.sentences[sj]
        base, chunk = sent.start, ctx.text[sent.start : sent.end]
        if sent.spans:
            chunk = chunk[: sent.spans[0].open - sent.start]  # the subject stands before the lead's own quote
    verb = lead_verb(ctx, ch)[0]
    if verb is None:
        return None  # 「정부는 이같이 대응했다」 need not be what the quote says
    lead = len(chunk) - len(chunk.lstrip())
    time = _LEADING_TIME.match(chunk[lead:]) or THIS_WAY_SAID.match(chunk[lead:])  # 「이같이 말한 김 총재는」
    skip = lead + (time.end() if time else 0)
    found = _FOLLOW_SUBJECT.match(chunk[skip:])
    if not found:
        return None
    at = base + skip + found.start(1)
    # 「서울 한 대학병원에 입원 중인 환자 보호자 이모(52)씨는」: the subject after the clause describing them
    text, at = possessor_phrase(ctx, found.group(1), at)
    phrase = Phrase(text, at, at + len(text), "topic")
    mention = parse_mention(phrase.text, ctx.lex, ctx.cast)
    if mention.kind in (UNKNOWN, "demonstrative") or not plausible(mention):
        return None
    got = resolve(ctx, mention, phrase, ch.si)
    if got is None or got.speaker is None:
        return None
    # named in a later sentence: 「other」, as for 「…의 말이다」
    resolution = got.resolution if sj == ch.si or got.resolution in (SURNAME_TITLE, CARRY_OVER) else OTHER
    return Attribution(got.speaker, got.type, got.title, got.org, resolution, got.confidence, got.needs_review,
                       phrase.text, phrase.start, phrase.end)


def rule_interview_answer(ctx, ch: ChainInfo) -> Attribution | None:
    """「― 촬영은 어땠나.⏎“힘들었다.”」: a quote paragraph right after an interviewer's question is the
    interviewee's answer: the person who answered before, else the first person the story opens a sentence with
    (「배우 김태리는 …」) or its headline labels."""
    if ch.link != "bare" or ch.si == 0 or ch.masked.words_before(ch.masked.slots[ch.first][0]):
        return None
    prev = ctx.sentences[ch.si - 1]
    if prev.spans or not question_line(ctx.text[prev.start : prev.end]):
        return None
    last = ctx.last
    if last is not None and last.speaker and last.type == PERSON and not last.needs_review:
        return Attribution(last.speaker, PERSON, last.title, last.org, CARRY_OVER, 0.8, False)
    for si in range(0, ch.si - 1):
        sent = ctx.sentences[si]
        chunk = ctx.text[sent.start : sent.end]
        if sent.spans or question_line(chunk):
            continue
        phrase = leading_phrase(ctx, sent)
        if phrase is None:
            continue
        mention = parse_mention(phrase.text, ctx.lex, ctx.cast)
        if mention.kind != PERSON:
            continue
        got = resolve(ctx, mention, phrase, ch.si)
        if got is None or got.type != PERSON or got.needs_review:
            continue
        return Attribution(got.speaker, PERSON, got.title, got.org, CARRY_OVER, 0.7, False,
                           got.mention, got.mention_start, got.mention_end)
    return None


def rule_recent_subject(ctx, ch: ChainInfo) -> Attribution | None:
    """A quote with no speaker of its own, after sentences that moved on to someone else
    (「한편 박 의원은 이를 비판했다. “…”」): the latest sentence-initial subject since the last quote."""
    if ch.masked.opens_with(ch.masked.slots[ch.first][0], ctx.lex.connectives) or headline_zone(ctx, ch.si):
        return None  # 「그러면서 “…”」 continues the previous speaker; a heading continues no one
    first = max(ctx.last_sentence + 1, ch.si - 3)
    for si in range(ch.si - 1, first - 1, -1):
        sent = ctx.sentences[si]
        if sent.spans:
            break
        if question_line(ctx.text[sent.start : sent.end]):
            continue  # 「― 김 감독은 어떻게 보나.」: the interviewer's question names no speaker
        phrase = leading_phrase(ctx, sent)
        if phrase is None:
            continue
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
    if prev is None or prev.speaker is None or headline_zone(ctx, ch.si):
        return None  # a heading continues no one
    gap = ch.si - ctx.last_sentence
    connective = ch.masked.opens_with(ch.masked.slots[ch.first][0], ctx.lex.connectives)
    confidence = 0.85 if connective or gap <= 1 else 0.7 if gap <= 4 else 0.5
    return Attribution(prev.speaker, prev.type, prev.title, prev.org, CARRY_OVER, confidence, confidence < 0.6)


SIEVES = [
    ("transcript_label", rule_transcript_label),
    ("speaker_label", rule_speaker_label),
    ("possessor_frame", rule_possessor_frame),
    ("subject", rule_subject),
    ("according_to", rule_according_to),
    ("nobodys_words", rule_nobodys_words),
    ("headline_label", rule_headline_label),
    ("lead_quote", rule_lead_quote),
    ("interview_answer", rule_interview_answer),
    ("recent_subject", rule_recent_subject),
    ("carry_over", rule_carry_over),
]
