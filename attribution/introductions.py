"""How an article introduces its cast: the named rules `prescan_cast` runs over every sentence.

Before any quote is attributed, each rule reads one sentence (its words, computed once) and proposes phrases that
introduce someone: 「이재성 미래비전연구소 대표」, 「금융감독원(이하 금감원)」, 「소속사 세븐시즌스」, 「인덕식(65) 씨」.
`parse_mention` reads each phrase and the cast registers what it names (people and organisations), in the order of
the text, so that later short forms (「이 대표는」, 「금감원」, 「인 씨는」) resolve to someone the article introduced.
Quote sentences reuse the parser's own Kiwi analysis; elsewhere only the few words before each title go through
Kiwi, in one batch.

`INTRODUCTIONS` fixes the rules and their order; each is a small function of a `Scan`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import clauses, morph
from .cast import Cast
from .lexicon import Lexicons
from .mentions import (
    ABBREVIATED,
    GROUP_WORDS,
    abbreviation,
    common_noun,
    loan_stem,
    loan_syllables,
    name_score,
    org_like,
    parse_mention,
    split_words,
    verbal,
)
from .model import Sentence

_WORD = re.compile(r"[^\s\]>]+")  # 「[앵커]도널드 트럼프」: a bracketed tag glued to a word is no part of it
_INITIAL = re.compile(r"(?:[A-Z]\.){1,2}")  # 「J.D.」, 「F.」 inside a name
_PARTICLE = re.compile(
    r"(?:은|는|이|가|을|를|의|에게|께|과|와|도|로|으로|에서|에|께서|이다|이며|이고|이자|으로서|로서|와의|과의|만|까지)?[,.…]*$"
)
_QUOTE_MARK = re.compile(r"[“”\"‘’'」』]")
_NAME_CHARS = re.compile(r"[가-힣A-Za-z]{2,}")


@dataclass
class Scan:
    """One sentence as the rules read it: its words with their offsets in the article, and each word without its
    particle."""

    start: int
    chunk: str
    words: list[tuple[int, str]]
    bares: list[str]
    analysis: tuple | None  # (Masked, Kiwi tokens) when the sentence holds a quote
    windows: list[tuple[int, str]] = field(default_factory=list)  # words before a title, for Kiwi to read


def prescan_cast(
    text: str,
    sentences: list[Sentence],
    lex: Lexicons,
    cast: Cast,
    analysis: dict | None = None,
    skip: set[int] = frozenset(),
) -> None:
    """Register every person and organisation the article introduces, wherever they appear."""
    analysis = analysis or {}
    found: list[tuple[int, str]] = []  # (position, phrase)
    windows: list[tuple[int, str]] = []
    for si, sent in enumerate(sentences):
        if si in skip:
            continue
        chunk = text[sent.start : sent.end]
        words = [(sent.start + m.start(), m.group(0)) for m in _WORD.finditer(chunk)]
        scan = Scan(sent.start, chunk, words, [strip_particle(w) for _, w in words], analysis.get(si))
        for _name, rule in INTRODUCTIONS:
            found.extend(rule(scan, lex, text))
        windows.extend(scan.windows)
    for (base, window), tokens in zip(windows, morph.tokenize_many([w for _, w in windows])):
        masked = clauses.Masked(window, [(0, base, len(window))], [])
        span = clauses.noun_phrase_before(tokens, len(tokens), masked, text)
        if span is not None:
            a = max(clauses.snap_to_words(text, span[0], lex), base)
            found.append((a, text[a : span[1]]))
    for pos, phrase in sorted(found, key=lambda f: f[0]):
        _register(phrase, pos, lex, cast)


# --------------------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------------------
# (from a word's start only: tried at every letter of a long word, the name would be read again and again)
_ALIAS_DEF = re.compile(r"(?<![^\s()])([^\s(]+(?:\([^)]*\)[^\s(]*)?)\(\s*이하\s*([^)]+?)\s*\)")


def alias_definition(scan: Scan, lex: Lexicons, text: str) -> list[tuple[int, str]]:
    """「전국민주노동조합총연맹 전국보건의료산업노동조합(이하 보건의료노조)」: the name as written, over the
    organisation words before the bracket, and its short name."""
    out = []
    chunk = scan.chunk
    for m in _ALIAS_DEF.finditer(chunk):
        start = m.start()
        for _ in range(2):
            end = start
            while end and chunk[end - 1] == " ":
                end -= 1
            prev = chunk[chunk.rfind(" ", 0, end) + 1 : end]
            if not prev or not _NAME_CHARS.fullmatch(prev) or not org_like(prev, lex):
                break
            start = end - len(prev)
        out.append((scan.start + start, chunk[start : m.end()]))
    return out


def abbreviated(scan: Scan, lex: Lexicons, text: str) -> list[tuple[int, str]]:
    """「대한의사협회(의협)」, 「한국개발연구원(KDI)」 anywhere: 「의협은」 later."""
    return [(scan.start + m.start(), m.group(0)) for m in ABBREVIATED.finditer(scan.chunk)
            if abbreviation(m.group(0), lex) is not None]


def organisation_word(scan: Scan, lex: Lexicons, text: str) -> list[tuple[int, str]]:
    """「최대주주인 센트로이드인베스트먼트파트너스와」: every organisation the article names by a word with an
    organisation's ending of two syllables or more, with the body written before it (「대법원 전원합의체는」)."""
    out = []
    for i, bare in enumerate(scan.bares):
        if not _named_org(bare, lex):
            continue
        pos, word = scan.words[i]
        start = pos
        if i > 0:
            prev_pos, prev = scan.words[i - 1]
            if prev == scan.bares[i - 1] and (prev in lex.places or org_like(prev, lex)) and name_score(prev, lex) < 3:
                start = prev_pos
        out.append((start, text[start:pos] + bare))
    return out


_TITLE_NAME = re.compile(  # a lookahead, so that 「출연했던 안무가」 does not hide 「안무가 노제」
    r"(?=(?<![가-힣])([가-힣]{2,6})\s([가-힣]{2,5})(\([^()]{1,15}\))?(?:은|는|이|가|을|를|의|도)(?=[\s,]))"
)


def title_then_name(scan: Scan, lex: Lexicons, text: str) -> list[tuple[int, str]]:
    """「안무가 노제(본명 노지혜)가」, 「가수 윤하는」: an occupation, then one word (parse_mention decides whether it
    is a name)."""
    out = []
    for m in _TITLE_NAME.finditer(scan.chunk):
        if lex.title_of(m.group(1)) == m.group(1) and not lex.title_of(m.group(2)):
            end = m.end(3) if m.group(3) else m.end(2)
            out.append((scan.start + m.start(1), scan.chunk[m.start(1) : end]))
    return out


_GROUPS = re.compile(r"(?<![^\s“”\"])([^\s“”\"·]+(?:·[^\s“”\"·]+)+ 등)(?:은|는|이|가)\s")


def groups_together(scan: Scan, lex: Lexicons, text: str) -> list[tuple[int, str]]:
    """「홈리스행동·인도주의실천의사협의회 등은」: groups that speak together, as one source."""
    return [(scan.start + m.start(1), m.group(1)) for m in _GROUPS.finditer(scan.chunk)]


_SSI = re.compile(
    r"(?=(?<![가-힣])(?:([가-힣]{2,6})\s)?([가-힣]{2,4}|[A-Z])(\(\s*[^()]{1,12}\))?\s?(씨)(?=[은는이가도의을를와과에\s,.]))"
)


def name_with_ssi(scan: Scan, lex: Lexicons, text: str) -> list[tuple[int, str]]:
    """「인덕식(65) 씨」, 「주민 박모(50대) 씨」, 「유튜버 A씨」 with the role before them: 「인 씨는」 later."""
    out = []
    for m in _SSI.finditer(scan.chunk):
        role = m.group(1) if m.group(1) and lex.title_of(m.group(1)) == m.group(1) else None
        start = m.start(1) if role else m.start(2)
        out.append((scan.start + start, scan.chunk[start : m.end(4)]))
    return out


def phrase_before_title(scan: Scan, lex: Lexicons, text: str) -> list[tuple[int, str]]:
    """「이재성 미래비전연구소 대표」, 「앙겔라 메르켈 전 독일 총리」: the noun phrase that ends with a title. In a
    quote sentence Kiwi has read it already; elsewhere the few words before the title go to Kiwi in one batch."""
    out = []
    words = scan.words
    for i, (pos, w) in enumerate(words):
        bare = scan.bares[i]
        if not bare or not lex.title_of(bare) or _QUOTE_MARK.search(w):
            continue
        if scan.analysis is not None:
            masked, tokens = scan.analysis
            span = _phrase_in_analysis(masked, tokens, pos + len(bare), text)
            if span is not None:
                a = clauses.snap_to_words(text, span[0], lex)
                out.append((a, text[a : span[1]]))
            continue
        j = i
        # 「왕이 중국 공산당 … 판공실 주임 겸 외교부장」: a second post reaches further back
        reach = 10 if any(words[x][1] == "겸" for x in range(max(0, i - 6), i)) else 6
        while j > 0 and i - j < reach:
            prev = words[j - 1][1]
            if (prev != prev.rstrip(",.…:;") and not _INITIAL.fullmatch(prev)) or re.search(r"[“”\"‘’'」』\]]", prev):
                break
            j -= 1
        if j < i:
            scan.windows.append((words[j][0], text[words[j][0] : pos + len(bare)]))
    return out


_FOREIGN_SUBJECT = re.compile(r"[가-힣]{1,6}(?:은|는|이|가|도)")


def foreign_subject(scan: Scan, lex: Lexicons, text: str) -> list[tuple[int, str]]:
    """「빌 게이츠는 …」 opening a sentence: a transliterated name written apart, with no title (not 「일으킨
    스타제국은」)."""
    out = []
    for i in range(1, len(scan.words)):
        w, bare = scan.words[i][1], scan.bares[i]
        if (
            bare != w
            and not lex.title_of(bare)
            and _FOREIGN_SUBJECT.fullmatch(w)
            and _opens_clause(scan.words, i - 1, lex)
            and _bare_foreign_name(scan.words[i - 1][1], w, bare, lex)
        ):
            out.append((scan.words[i - 1][0], scan.words[i - 1][1] + " " + bare))
    return out


def descriptor_then_name(scan: Scan, lex: Lexicons, text: str) -> list[tuple[int, str]]:
    """「소속사 스타팅하우스를 상대로」, 「그룹 뉴진스는」: a word naming the kind of body, then its name with a
    particle (or 「… 측」); not 「소속사 측에서는」, 「소속사 관계자는」, 「법원 판결을」."""
    out = []
    for i in range(1, len(scan.words)):
        if _descriptor_name(scan.words, i, scan.bares[i], lex):
            out.append((scan.words[i - 1][0], scan.words[i - 1][1] + " " + scan.bares[i]))
    return out


INTRODUCTIONS = [
    ("alias_definition", alias_definition),
    ("abbreviated", abbreviated),
    ("organisation_word", organisation_word),
    ("title_then_name", title_then_name),
    ("groups_together", groups_together),
    ("name_with_ssi", name_with_ssi),
    ("phrase_before_title", phrase_before_title),
    ("foreign_subject", foreign_subject),
    ("descriptor_then_name", descriptor_then_name),
]


# --------------------------------------------------------------------------------------------------
# What the rules share
# --------------------------------------------------------------------------------------------------
def _named_org(word: str, lex: Lexicons) -> bool:
    """A word of four syllables or more that ends like an organisation by an ending of two syllables or more
    (「센트로이드인베스트먼트파트너스」, 「녹색연합」); one-syllable endings (시, 도, 부) name too many things."""
    if len(word) < 4 or not re.fullmatch(r"[가-힣A-Za-z&]+", word) or word in lex.places or lex.title_of(word):
        return False
    suffix = lex.org_suffix_of(word)
    return bool(suffix) and len(suffix) >= 2 and suffix not in lex.weak_org_suffixes and len(word) > len(suffix) + 1


def _descriptor_name(words: list[tuple[int, str]], i: int, bare: str, lex: Lexicons) -> bool:
    kind, w = words[i - 1][1], words[i][1]
    if kind not in lex.org_descriptors and kind not in GROUP_WORDS:
        return False
    if re.search(r"[“”\"‘’'「」『』]", w) or not re.fullmatch(r"[가-힣A-Za-z0-9&]{2,}", bare) or bare.startswith("측"):
        return False
    if bare in lex.org_descriptors or bare in lex.anonymous_heads or lex.title_of(bare) or bare in lex.connectives:
        return False
    if re.search(r"(?:에서|에게|께서|으로|로)$", bare) or (common_noun(bare) and loan_syllables(bare) < 2):
        return False  # 「법원 판결을」, 「노조 요구에」: a thing of the body, not its name (Kiwi also calls 스타팅하우스 a noun)
    particle = w != bare and re.search(r"(?:은|는|이|가|을|를|의|와|과|에|에게|와의|과의|도)$", w)
    return bool(particle) or (i + 1 < len(words) and words[i + 1][1].startswith("측"))


def _opens_clause(words: list[tuple[int, str]], j: int, lex: Lexicons) -> bool:
    """Word j opens the sentence, perhaps after a connective, a date or 「이날」 (「한편 빌 게이츠는」)."""
    k = j
    while k > 0:
        w = words[k - 1][1].rstrip(",")
        if not (w in lex.connectives or w in clauses.TIME_WORDS or re.fullmatch(r"\d{1,2}일|지난|오는", w)):
            return False
        k -= 1
    return True


def _bare_foreign_name(given: str, word: str, bare: str, lex: Lexicons) -> bool:
    """「빌 게이츠는」, 「조 바이든이」: a cheap test first (a loanword syllable, a particle); parse_mention decides
    when it is registered."""
    if not re.fullmatch(r"[가-힣]{1,6}", given):
        return False
    if len(bare) < 2 or bare.endswith("다") or not loan_stem(bare):
        return False  # the family name reads as a loanword beyond its ending (not 「투자자들」, 「정부」)
    if given in lex.connectives or given in lex.places or lex.title_of(given):
        return False
    m = parse_mention(f"{given} {bare}", lex)
    return m.kind == "person" and not m.title and not verbal(given) and not verbal(bare)  # not 「더 넓게는」


def _phrase_in_analysis(masked, tokens, end: int, text: str) -> tuple[int, int] | None:
    """The noun phrase ending at original offset `end`, from a sentence Kiwi already analysed."""
    at = masked.to_masked(end)
    if at is None:
        return None
    k = clauses.token_at(tokens, at)
    if k == 0 or tokens[k - 1].start + tokens[k - 1].len != at:
        return None
    # The phrase starts after the quote before it and its 「고」 (「“…”고 김민수 장관은」: 고 is no organisation).
    ends = [e for _, e in masked.slots if e <= at]
    lo = ends[-1] + clauses.link_match(masked.text[ends[-1] :])[1] if ends else 0
    return clauses.noun_phrase_before(tokens, k, masked, text, lo)


@lru_cache(maxsize=20_000)
def strip_particle(word: str) -> str:
    """A word without its case particle or trailing punctuation (「대표는」 → 대표, 「(…국가주석)」 → 국가주석)."""
    word = word.strip("“”\"‘’'「」『』[]<>")
    if word.endswith(")") and word.count("(") < word.count(")"):
        word = word[:-1]  # 「(시진핑 중국 국가주석)」: the label's closing bracket
    if "(" in word and word.endswith(")"):
        return word
    return _PARTICLE.sub("", word) or word


def _register(phrase: str, pos: int, lex: Lexicons, cast: Cast) -> None:
    phrase = phrase.strip(" ,")
    if not phrase or len(split_words(phrase)) > 8:
        return
    m = parse_mention(phrase, lex, cast)
    if m.kind in ("person", "organization"):
        cast.add(m, pos)
