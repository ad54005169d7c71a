"""Reading one quote sentence: the words after a closing mark and the speaker phrases (the verb is `verbs.py`).

Kiwi analyses the sentence with each quote masked as 「“인용”」; offsets map back to the article's text.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .mentions import Mention, foreign_name_span, loan_syllables, name_score, verbal
from .model import UNKNOWN
from .quotes import Span

_LINKS = [
    ("quotative", re.compile(r"^(?:이?라고|고)(?:도|까지)?(?=[\s,.]|$)")),  # 「“…”라고도 했다」
    ("conjunctive", re.compile(r"^(?:이?라며(?:도)?|이?라면서(?:도)?|며(?:도)?|면서(?:도)?|하며|하면서(?:도)?)(?=[\s,.]|$)")),
    ("hada", re.compile(r"^(?:한다며|한다면서|한다고|했다며|했다고|하고|해|했다|라고\s*했다)(?=[\s,.]|$)")),
    ("adnominal", re.compile(r"^(?:이?라는|는|이?란|이?라던)(?=\s|$)")),
    ("enumeration", re.compile(r"^\s*등(?:의|을|이|과)?(?=\s|$)")),
    ("term", re.compile(r"^(?:을|를|의|으로|로|에|에서|와|과|처럼|까지|이나|나|이|가|은|도)(?=[\s,.…]|$)")),
]
CHAINED = re.compile(
    r"^(?:이?라며도?|이?라면서도?|며도?|면서도?|고|이?라고|하며|하면서도?|하고|한다며|한다면서도?)?\s*,?\s*"
    r"(?:또|또한|이어|그러면서|그리고)?\s*$"
)
TIME_WORDS = {
    "이날", "오늘", "어제", "내일", "그날", "당일", "최근", "당시", "현재", "지난해", "올해", "지난달", "이번",
    "현지시각", "현지시간", "오전", "오후", "앞서", "이후", "한편", "최근엔", "전날", "다음날",
    "뒤", "후", "직후", "직전", "도중", "가운데", "사이", "동안", "무렵",
    # sentence adverbs Kiwi may read as nouns: 「결국 A씨는」, 「그간 센트로이드는」
    "결국", "그간", "그동안", "끝내", "마침내", "여전히", "이번엔", "이날도",
}
_NOUNISH = {"NNG", "NNP", "NNB", "NR", "NP", "SL", "SN", "SH", "XSN", "XPN", "MM", "XR"}
_NOT_SPEAKERS = {"것", "점", "등", "때", "바", "수", "측면", "부분", "경우", "결과", "이유", "문제", "데", "적", "만큼"}


@dataclass
class Masked:
    text: str
    # (masked_start, original_start, length) pieces for mapping offsets back
    pieces: list[tuple[int, int, int]]
    slots: list[tuple[int, int]]  # masked (start, end) of each placeholder, in span order
    # what the sentence's readers found once, for every chain of the sentence (see `speaker_phrases`)
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def words_before(self, end: int) -> bool:
        """Something other than spaces stands before masked offset `end` (`text[:end].strip()`, read without
        copying what comes before `end`: a line may hold a thousand quotes)."""
        return self._opening()[0] < end

    def opens_with(self, end: int, words: frozenset[str]) -> bool:
        """The sentence before masked offset `end` opens with one of `words`, commas after it dropped (「그러면서,
        “…”」): `text[:end].strip().split(" ")[0].rstrip(",") in words` when something stands before `end`, read
        without copying what comes before `end` (which for each quote of a line of quotes costs the square)."""
        lead, space, after_space, first = self._opening()
        if end <= lead:
            return False
        if after_space < end:  # a space, then more words, before `end`: the first word is the sentence's
            return first in words
        stop = end
        while self.text[stop - 1].isspace():  # text[lead] is not a space, so this stops after it
            stop -= 1
        while stop > lead and self.text[stop - 1] == ",":
            stop -= 1
        return stop - lead <= _longest(words) and self.text[lead:stop] in words

    def _opening(self) -> tuple[int, int, int, str]:
        """(the first character that is not a space, the first " " after it, the first character that is not a
        space after that, and the first word less commas after it), each an offset or the text's length."""
        if "opening" not in self.memo:
            text = self.text
            lead = len(text) - len(text.lstrip())
            space = text.find(" ", lead)
            space = len(text) if space < 0 else space
            after_space = len(text) - len(text[space:].lstrip())
            self.memo["opening"] = lead, space, after_space, text[lead:space].rstrip(",")
        return self.memo["opening"]

    def to_masked(self, o: int) -> int | None:
        """Masked offset of original offset `o`, or None when `o` lies inside a masked quote."""
        # pieces are in text order; the ones that may hold `o` start at or before it (logarithmic, not a scan:
        # a line of a thousand quotes has two thousand pieces)
        k = bisect_right(self._piece_starts(1), o)
        for ms, os_, ln in self.pieces[max(0, k - 2) : k]:
            if os_ <= o <= os_ + ln and ln:
                return ms + (o - os_)
        return None

    def orig(self, m: int) -> int:
        k = bisect_right(self._piece_starts(0), m)
        if k == 0:
            return self.pieces[0][1] if self.pieces else 0
        ms, os_, ln = self.pieces[k - 1]
        return os_ + min(m - ms, ln)


    def _piece_starts(self, which: int) -> list[int]:
        """Where each piece starts in the masked text (0) or the original (1), listed once per sentence: asked
        at every quote of a line of quotes, a key function would be called twenty times per look-up."""
        key = ("piece starts", which)
        if key not in self.memo:
            self.memo[key] = [p[which] for p in self.pieces]
        return self.memo[key]


@lru_cache(maxsize=16)
def _longest(words: frozenset[str]) -> int:
    return max(map(len, words), default=0)


_token_starts: tuple[list, list[int]] = ([], [])  # the last long token list asked about, and its tokens' starts


def token_at(tokens, at: int) -> int:
    """The index of the first token that starts at or after masked offset `at` (tokens are in text order). The
    starts of a long sentence's tokens are listed once and kept while it is asked about (a line of quotes asks
    at every quote; a key function would be called twenty times per look-up)."""
    global _token_starts
    if len(tokens) < 256:
        return bisect_left(tokens, at, key=lambda t: t.start)
    known, starts = _token_starts
    if known is not tokens or len(starts) != len(tokens):
        starts = [t.start for t in tokens]
        _token_starts = (tokens, starts)
    return bisect_left(starts, at)


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
# Speaker phrases
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    text: str
    start: int  # original offsets
    end: int
    kind: str  # "topic", "subject", "also" (도, 역시), "relative" (「“…”고 말한 김 대표는」), "source" (「일각에서는」)


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
        if t.tag == "SO" and t.form in "-‐" and first is not None and j > 0 and (
            tokens[j - 1].start + tokens[j - 1].len == t.start == tokens[first].start - t.len
        ):
            j -= 1  # 「장-클로드」: a hyphen inside a name
            continue
        if t.tag in _NOUNISH or (t.tag == "SP" and t.form == "·"):
            if t.form in TIME_WORDS or (t.tag == "NNB" and t.form in ("일", "월", "년", "시", "분")):
                break
            if t.tag == "SN" and j + 1 < k and tokens[j + 1].tag == "NNB" and tokens[j + 1].form != "대":
                break  # 「3일」 is when; 「60대 주민」 is who
            if first is not None and t.tag == "NNG" and tokens[first].tag == "SL" and t.start + t.len == tokens[first].start:
                break  # 「…하향WSJ」: a common noun glued to a name in letters is no part of it (SK하이닉스 is)
            first = j
        elif t.tag == "JKG" and first is not None and j > 0 and tokens[j - 1].tag in _NOUNISH:
            first = j
        elif t.tag in ("SW", "SO") and t.form == "&" and first is not None and tokens[first].tag == "SL" and j > 0 and (
            tokens[j - 1].tag == "SL"
        ):
            first = j  # 「KT&G」, 「AT&T」
        elif t.tag == "MAG" and t.form == "또" and first is not None and tokens[first].form == "다른":
            first = j
        elif t.tag == "SSO" and t.form in "“\"" :
            break
        else:
            break
        j -= 1
    if first is None:
        return None
    while tokens[first].tag == "SSO" and tokens[first].form == "(" and first < k - 1:
        # 「3일(현지시간) 안토니우 구테흐스」: a note in brackets before the phrase is no part of it
        close = next((i for i in range(first, k) if tokens[i].tag == "SSC" and tokens[i].form == ")"), None)
        if close is None or close + 1 >= k:
            break
        first = close + 1
    a = m.orig(tokens[first].start)
    last = tokens[k - 1]
    b = m.orig(last.start + last.len)
    if b <= a:
        return None
    return a, b


# A word also ends at a sentence mark or a closing bracket with no space after it (「지참했다.박찬대 의원은」).
_WORD_BREAKS = frozenset(".?!,;:”\"’')]>」』")


def snap_to_words(text: str, a: int, lex) -> int:
    """Kiwi sometimes splits an unfamiliar name (서희석 → 서/희석, 강연찬 → 강연/찬) or reads a one-syllable
    surname as a verb (「서 국장은」): a phrase that starts inside a word starts at that word, and a name-like
    word or a bare surname just before the phrase belongs to it."""
    if a <= 0:
        return a
    if not text[a - 1].isspace() and text[a - 1] not in _WORD_BREAKS:
        start = a
        while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _WORD_BREAKS:
            start -= 1
        word = text[start:a]
        # Korean writes a modifier apart: what is written onto the phrase's first word is part of it
        # (「푸른숲연합」 though Kiwi reads 푸르/VA+ㄴ, 「서희석」 read as 서/희석); not across a change of script
        # (「…사라져JP모건」: the name starts with its letters)
        if re.fullmatch(r"[가-힣]{1,6}", word) and "\uac00" <= text[a] <= "\ud7a3":
            return start
        return a
    start = a - 1
    while start > 0 and text[start - 1] == " ":
        start -= 1
    end = start
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:end]
    first = text[a:].split(" ", 1)[0]
    if word in lex.surnames and len(word) <= 2 and lex.title_of(re.sub(r"(?:은|는|이|가)$", "", first)):
        return start  # 「서 국장은」
    if (
        first not in lex.surnames  # 「주장에 김 장관도」: a phrase opening with a surname has its name
        and re.fullmatch(r"[가-힣]{3}", word)
        and word not in lex.connectives
        and name_score(word, lex) >= 3
        and not verbal(word)
        and not lex.org_suffix_of(word)
    ):
        return start
    # 「TJ 하먼 미국 상원의원」: Kiwi reads a transliterated family name as a verb (하/VV 먼/EC); the name
    # written apart before the phrase belongs to it.
    if _loanword(word) and start > 0:
        before = text[:start].rstrip(" ")
        given = before[before.rfind(" ") + 1 :] if before else ""
        if (re.fullmatch(r"[A-Z]{1,2}|[A-Z]\.(?:[A-Z]\.)?", given) or _loanword(given)) and (
            foreign_name_span([given, word, first], lex) >= 2 and not verbal(given)
        ):
            return len(before) - len(given)
    return a


_ENDING_SYLLABLES = frozenset("는은을를에의던고며서게데도")


def _loanword(word: str) -> bool:
    """A Hangul word with a loanword syllable that is not just an ending (「사는」, 「마포구에」 are not)."""
    if not re.fullmatch(r"[가-힣]{2,5}", word):
        return False
    return bool(loan_syllables(word[:-1]) if word[-1] in _ENDING_SYLLABLES else loan_syllables(word))


def speaker_phrases(tokens, lo: int, hi: int, m: Masked, text: str, cast=None) -> list[Phrase]:
    """The topics, subjects, 「…도」 subjects and 「…에서는」 sources between masked offsets `lo` and `hi`.
    From the sentence's start (every chain asks that) they are read once per sentence and cast."""
    if lo > 0:
        return [p for _, p in _speaker_phrases(tokens, lo, hi, m, text, cast)]
    key = ("phrases", id(tokens), cast.version if cast is not None else None)
    found = m.memo.get(key)
    if found is None:
        found = m.memo[key] = _speaker_phrases(tokens, 0, len(m.text) + 1, m, text, cast)
    stop = token_at(tokens, hi)
    return [p for _, p in found[: bisect_left(found, stop, key=lambda f: f[0])]]


def _speaker_phrases(tokens, lo: int, hi: int, m: Masked, text: str, cast) -> list[tuple[int, Phrase]]:
    out = []
    for k in range(max(1, token_at(tokens, lo)), token_at(tokens, hi)):
        t = tokens[k]
        topic = t.tag == "JX" and t.form in ("은", "는")
        subject = t.tag == "JKS" and t.form in ("이", "가", "께서")
        also = _also(tokens, k)
        if not (topic or subject or also):
            continue
        kind = "topic" if topic else "subject" if subject else "also"
        at = m.orig(t.start)
        if not text.startswith(t.form, at):
            continue  # a particle Kiwi cut out of a syllable (한기훈 → 한/기후/ㄴ) is not one
        prev = tokens[k - 1]
        if (topic or also) and prev.tag == "JKB" and prev.form == "에서" and k >= 2 and tokens[k - 2].tag in _NOUNISH:
            # 「일각에서는 “…”는 지적이 나온다」, 「업계에서도」: a collective source
            span = noun_phrase_before(tokens, k - 1, m, text, lo)
            if span is not None:
                out.append((k, Phrase(text[span[0] : span[1]].replace("\n", " ").strip(), span[0], span[1], "source")))
            continue
        if prev.tag not in _NOUNISH and not (prev.tag == "SSC" and prev.form == ")"):
            # Kiwi may split an unfamiliar name (세븐시즌스 → 세븐시즌/NNG 스/VV): take the whole word if the
            # article's cast knows it.
            end = m.orig(t.start)
            begin = text.rfind(" ", 0, end) + 1
            word = text[begin:end]
            if cast is not None and word and (cast.find_alias(word) or cast.find_org(word)):
                out.append((k, Phrase(word, begin, end, kind)))
            continue
        span = noun_phrase_before(tokens, k, m, text, lo)
        if span is None:
            continue
        if cast is not None:
            span = (max(snap_to_words(text, span[0], cast.lex), m.orig(lo)), span[1])
        phrase = text[span[0] : span[1]].replace("\n", " ").strip()
        if not phrase or phrase in _NOT_SPEAKERS or phrase.split(" ")[-1] in _NOT_SPEAKERS:
            continue
        out.append((k, Phrase(phrase, span[0], span[1], kind)))
    return out


# Bound nouns after an adnominal ending that continue the clause rather than name someone.
_CLAUSE_NOUNS = frozenset({"등", "것", "데", "중", "뒤", "후", "만큼", "채", "듯", "바람", "탓", "대로"})
# Connective endings that join verbs of one clause (「만나 협의한」, 「걸어 잠근」), not clauses of their own.
SERIAL_ENDINGS = frozenset({"어", "아", "여", "고", "어서", "아서"})
_ALSO_PARTICLES = frozenset({"도", "까지", "조차", "마저"})
_ALSO_ADVERBS = frozenset({"역시", "또한"})


def _also(tokens, k: int) -> bool:
    """「추경호 원내대표도」, 「김용민 의원 역시」, 「정부 또한」, 「여당까지」: a subject marked as one more
    speaker. An adverb counts only after a noun written apart (「또한 그는」 opens a sentence)."""
    t = tokens[k]
    if t.tag == "JX" and t.form in _ALSO_PARTICLES:
        return True
    if t.tag == "MAG" and t.form in _ALSO_ADVERBS and k > 0:
        prev = tokens[k - 1]
        return (prev.tag in _NOUNISH or prev.tag == "SSC" and prev.form == ")") and prev.start + prev.len < t.start
    return False


def relative_head(tokens, lo: int, hi: int, m: Masked, text: str, lex=None, open_end: bool = False) -> Phrase | None:
    """「“…”고 고개를 숙인 이상민 장관은」, 「“…”는 입장을 밝힌 김 대표가」: the noun phrase that the clause right
    after the quote describes (its first ending is adnominal), followed by a particle. That clause's subject
    said the quote, whatever the case of the phrase. 「말한 바 있는 김 의원」 and 「적은 글을 올린 김씨」 look
    through 바/적 있다 and a speech noun to the person. With `open_end` (a headline: 「“…” 말한 트럼프」) the phrase may
    end the words instead of taking a particle."""
    start = token_at(tokens, lo)
    for _hop in range(2):
        etm = _first_adnominal(tokens, start, hi)
        if etm is None:
            return None
        # 「말한 바 있는」, 「말한 적이 있는」
        j = etm + 1
        if j < len(tokens) and tokens[j].form in ("바", "적") and tokens[j].tag == "NNB":
            j += 1 + (j + 1 < len(tokens) and tokens[j + 1].tag == "JKS")
            if j + 1 < len(tokens) and tokens[j].form in ("있", "없") and tokens[j + 1].tag == "ETM":
                etm = j + 1
        k = etm + 1
        if k < len(tokens) and tokens[k].tag == "NNB" and tokens[k].form in _CLAUSE_NOUNS:
            return None  # 「“…”고 지적하는 등」, 「밝힌 뒤」: the clause goes on, it describes no one
        while k < len(tokens) and not tokens[k].tag.startswith("J"):
            if open_end and (tokens[k].tag in ("SF", "SE") or tokens[k].start >= hi):
                break  # 「“…” 말한 트럼프...」: the headline's phrase ends here
            if tokens[k].tag not in _NOUNISH and tokens[k].tag not in ("SSO", "SSC", "SP", "SN") or tokens[k].start >= hi:
                return None
            k += 1
        if (k >= len(tokens) and not open_end) or k == etm + 1:
            return None
        if k < len(tokens) and tokens[k].tag == "JKG":
            return None  # 「… 강백호의 행동을」: whose, not who
        span = noun_phrase_before(tokens, k, m, text, tokens[etm + 1].start)
        if span is None:
            return None
        phrase = text[span[0] : span[1]].replace("\n", " ").strip()
        if " " not in phrase and text[max(0, span[0] - 3) : span[0]].endswith(" 한 "):
            return None  # 「“…”고 한 차관이 지적했다」: 한 is the surname, not 하다
        head = phrase.split(" ")[-1]
        if lex is not None and head in lex.speech_nouns and tokens[k].tag == "JKO":
            start = k + 1  # 「“…”라고 적은 글을 올린 김씨는」: who posted the words
            continue
        if not phrase or head in _NOT_SPEAKERS or (lex is not None and head in lex.nonspeech_nouns):
            return None  # 「“…”고 적힌 현수막을」
        return Phrase(phrase, span[0], span[1], "relative")
    return None


def _first_adnominal(tokens, start: int, hi: int) -> int | None:
    """The first adnominal ending (ETM) from token `start` on, if no other ending comes first; a serial verb's
    -어/-고 goes on to it (「문 걸어 잠근 주민들」, 「고개 숙여 사과한 김 대표」)."""
    for i in range(start, len(tokens)):
        t = tokens[i]
        if t.tag == "EC" and t.form in SERIAL_ENDINGS and i > start and t.start < hi:
            continue
        if t.start >= hi or t.tag in ("EC", "EF", "SF", "SSO", "SSC"):
            return None
        if t.tag == "ETM":
            return i
    return None


def proper_looking(text: str) -> bool:
    """One or two words with no space-separated modifiers: 「한빛반도체」, 「VAV」, 「스타제국」."""
    words = text.split(" ")
    return len(words) <= 2 and all(re.fullmatch(r"[가-힣A-Za-z0-9&·]{2,}", w) for w in words)


def plausible(m: Mention) -> bool:
    return m.kind not in (UNKNOWN,) or bool(m.name and re.search(r"[A-Za-z]", m.name or ""))
