"""Speaker mentions: what a noun phrase before 은/는/이/가 says about who is speaking, and the article's cast.

`parse_mention` splits a phrase such as 「김기홍 전남도 전략산업국장」, 「국민의힘 주호영 원내대표」, 「이 대표」,
「한 관계자」, 「소속사」 or 「과학기술정보통신부(이하 과기정통부)」 into name, title, organisation and kind.
The article's cast (`cast.py`) remembers everyone it introduces, so later mentions (「이 대표」, 「금감원」, 「그는」) resolve.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from .lexicon import Lexicons
from .model import ANONYMOUS, ORGANIZATION, PERSON, UNKNOWN

if TYPE_CHECKING:
    from .cast import Cast

HANGUL = re.compile(r"^[가-힣]+$")
_ALIAS_DEF = re.compile(r"\(\s*이하\s*[‘'“\"]?([^)‘’'“”\"]+?)[’'”\"]?\s*\)")
_AGE = re.compile(r"\(\s*(?:\d{1,3}(?:대|세|살)?(?:\s?(?:초반|중반|후반))?|[남여])(?:\s*[,·]\s*[^)]{0,12})?\s*\)")
# Headlines write surnames in hanja: 「文 대통령」, 「尹 대통령」, 「李 대표」.
HANJA_SURNAMES = {
    "金": "김", "李": "이", "朴": "박", "崔": "최", "鄭": "정", "姜": "강", "趙": "조", "尹": "윤", "張": "장",
    "林": "임", "韓": "한", "吳": "오", "徐": "서", "申": "신", "權": "권", "黃": "황", "安": "안", "宋": "송",
    "柳": "류", "劉": "유", "洪": "홍", "全": "전", "高": "고", "文": "문", "孫": "손", "盧": "노", "秋": "추",
    "曺": "조", "沈": "심", "河": "하", "郭": "곽", "成": "성", "車": "차", "朱": "주", "禹": "우", "丁": "정",
    "羅": "나", "閔": "민", "陳": "진", "池": "지", "嚴": "엄", "蔡": "채", "元": "원", "千": "천", "方": "방",
}
# Headlines name bodies by one hanja: 「與 “…”」, 「檢 “…”」 (alone; 「文 대통령」 above is a surname).
HANJA_BODIES = {
    "與": "여당", "野": "야당", "靑": "청와대", "檢": "검찰", "警": "경찰", "軍": "군", "政": "정부",
    "北": "북한", "美": "미국", "中": "중국", "日": "일본", "英": "영국", "佛": "프랑스", "獨": "독일", "露": "러시아",
}
_DEMONSTRATIVES = frozenset({"이", "그", "해당", "동", "같은", "당해"})
# 「전(前)」, 「前」: the word 「former」 before a title (「김철수 전(前) 의장」, 「메르켈 前 총리」).
_FORMER = {"전(前)": "전", "前": "전"}
# Particles inside a transliterated name (「카말 알 간주리」, 「우르줄라 폰 데어 라이엔」).
_NAME_LINKS = frozenset({"알", "엘", "반", "판", "폰", "데어", "데", "드", "디", "델", "델라", "빈", "르", "라", "도스", "다"})
# Words that open a noun phrase without being anyone's name.
_NOT_GIVEN = frozenset({
    "전", "현", "신임", "당시", "한", "두", "세", "네", "각", "모든", "여러", "일부", "또", "또한", "이", "그", "동", "해당",
    "고", "및", "등", "와", "과", "며",
    "내심", "결국", "그간", "그동안", "사실상", "당초", "당장", "더", "특히", "아울러", "다만", "이미", "역시",
    "이번", "이날", "지난", "오는", "올해", "최근", "당시", "현재",
})
# Sino-Korean syllables with the vowel ㅡ; every other ㅡ syllable (스, 트, 크, 든, 슨 …) is a loanword's.
_SINO_EU = frozenset("극근글금급긍늑늠능득등륵름릉승슬습은을음읍응즉즐즙증측층특흑흔흘흠흡흥")


@dataclass
class Mention:
    """What a speaker phrase says. kind: person, surname_title, title_only, pronoun, anonymous, organization,
    descriptor, alias, unknown."""

    kind: str
    text: str
    name: str | None = None
    title: str | None = None
    org: str | None = None
    surname: str | None = None
    alias: str | None = None  # an abbreviation defined here: 「(이하 과기정통부)」
    descriptor: str | None = None  # 소속사, 동지 …


@lru_cache(maxsize=4096)
def common_noun(word: str) -> bool:
    """Kiwi reads the word as one common noun of its dictionary (국내, 업계, 직속), not a name."""
    from .morph import tokenize

    tokens = tokenize(word)
    return len(tokens) == 1 and tokens[0].tag == "NNG" and tokens[0].form == word


@lru_cache(maxsize=4096)
def nominal(word: str) -> bool:
    """Kiwi reads the word as nouns only (a name it splits, 서/희석), not as an adverb or a verb form."""
    from .morph import tokenize

    return all(t.tag in ("NNP", "NNG", "NNB", "XR", "XSN", "XPN", "SL") for t in tokenize(word))


@lru_cache(maxsize=4096)
def verbal(word: str) -> bool:
    """Kiwi reads a verb or adjective form in the word (알려진, 맡은). A name it misreads (한기훈 → 한/기후/ㄴ,
    민혜지 → 민/혜/이/지) does not count: copulas and endings are what such misreadings produce."""
    from .morph import tokenize

    return any(t.tag.split("-")[0] in ("VV", "VA", "VX", "ETM", "EP", "XSV", "XSA") for t in tokenize(word))


def loan_syllables(word: str) -> int:
    """How many syllables of a Hangul word no hanja is read as (쿡, 머스크, 게이츠, 메르켈, 파월, 샘): Korean
    names are almost always Sino-Korean, transliterated foreign names almost never are. Counts only clear cases
    (a coda other than ㄱㄴㄹㅁㅂㅇ, a tense or ㅋ initial, 스/트/든, 게 aside ㅔ, 먼/러/터, 티/디/히, 슈/츄 …)."""
    n = 0
    for ch in word:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            continue
        ini, vow, fin = code // 588, (code % 588) // 28, code % 28
        marked = (
            fin not in (0, 1, 4, 8, 16, 17, 21)
            or ini in (1, 4, 8, 13)
            or (ini == 10 and ch not in "쌍씨")
            or (ini == 15 and ch != "쾌")
            or (vow == 18 and ch not in _SINO_EU)  # ㅡ
            or (vow == 5 and ch not in "게세제체")  # ㅔ
            or (vow == 1 and fin in (4, 8, 16, 17))  # ㅐ + ㄴㄹㅁㅂ: 샘, 잭슨's 잭 is not caught
            or (vow == 2 and ini not in (5, 11)) or vow == 3  # ㅑ, ㅒ
            or (vow == 4 and (ini in (2, 5, 6, 16, 17) or ini == 3 and ch != "덕"))  # ㅓ: 너 러 머 터 퍼 더
            or (vow == 6 and ini in (3, 9, 12, 14, 16))  # ㅕ after ㄷ ㅅ ㅈ ㅊ ㅌ
            or (vow == 7 and ini not in (0, 5, 11, 17, 18))  # ㅖ
            or (vow == 14 and (fin == 0 or ini not in (0, 11, 18)))  # ㅝ: 워, 둬; 권 원 훤 are hanja
            or (vow == 15 and ch != "궤")  # ㅞ
            or (vow == 16 and (fin != 0 or ini not in (0, 11, 14, 18)))  # ㅟ
            or (vow == 17 and ini not in (0, 2, 5, 11, 18))  # ㅠ: 슈 쥬 츄 퓨 뷰 듀
            or (vow == 20 and ini in (3, 16, 18))  # ㅣ after ㄷ ㅌ ㅎ: 디 팀 힐
            or (vow == 19 and ini not in (2, 11, 18))  # ㅢ
            or (vow == 12 and ini in (3, 7, 9, 12, 14, 16))  # ㅛ: 쇼 죠
        )
        n += bool(marked)
    return n


def loan_stem(word: str) -> bool:
    """A loanword syllable before the last one or in a last one that is no Korean ending (들, 는, 에 …)."""
    return bool(loan_syllables(word[:-1]) or (word[-1:] not in "들는은을를에의던고며서게데도" and loan_syllables(word[-1:])))


def korean_name(word: str, lex: Lexicons) -> bool:
    """A Korean full name (김민수, 김하늘): a common surname, three syllables, at most one loanword syllable."""
    return name_score(word, lex) >= 3 and loan_syllables(word) < 2


def given_name_like(word: str, lex: Lexicons, cast: "Cast | None" = None) -> bool:
    """A word that may be part of a transliterated personal name: Hangul, not a title, place, organisation,
    descriptor or a determiner."""
    return (
        bool(HANGUL.match(word))
        and len(word) <= 6
        and "의" not in word[1:]  # 「국민의힘」, 「제국의아이들」: a genitive compound is no transliterated name
        and word not in _NOT_GIVEN
        and word not in lex.places
        and word not in lex.org_descriptors
        and word not in lex.connectives
        and word not in lex.pronouns
        and word not in lex.anonymous_heads
        and not lex.title_of(word)
        and not lex.org_word(word)
        and (not org_like(word, lex, cast) or _loan_before_suffix(word, lex))
    )


def _loan_before_suffix(word: str, lex: Lexicons) -> bool:
    """「가쓰노부」, 「마사히로」 end like a ministry (부) only by chance: a one-syllable organisation ending after a
    loanword stem that is no place (우크라이나군 stays an army)."""
    suffix = lex.org_suffix_of(word)
    stem = word[: -len(suffix)] if suffix else ""
    return len(suffix or "") == 1 and bool(loan_syllables(stem)) and stem not in lex.places


_INITIALS = re.compile(r"[A-Z]\.(?:[A-Z]\.)?|[A-Z]{1,2}")  # 「J.D. 밴스」, 「JD 밴스」, 「로버트 F. 케네디」
NAME_SUFFIXES = frozenset({"주니어", "시니어", "2세", "3세"})


def _given(word: str, lex: Lexicons, cast, family: bool = False) -> bool:
    """given_name_like, also for a hyphenated given name (「장-클로드」); a family name may be a word such as
    「한」 that elsewhere opens a phrase (「피터 한」)."""
    if family and len(word) == 1 and word in lex.surnames:
        return True
    return all(given_name_like(part, lex, cast) for part in word.split("-")) if "-" in word.strip("-") else (
        given_name_like(word, lex, cast)
    )


def foreign_name_span(words: list[str], lex: Lexicons, cast: "Cast | None" = None) -> int:
    """How many leading words form a transliterated personal name written apart (「팀 쿡」, 「일론 머스크」,
    「앙겔라 메르켈」, 「카말 알 간주리」, 「J.D. 밴스」), else 0. Given and family name are each Hangul and not
    organisation-like; at least one reads as a loanword, and neither is a Korean full name."""
    if len(words) < 2 or not (
        _given(words[1], lex, cast, family=True) or _INITIALS.fullmatch(words[1]) and len(words) > 2
    ):
        return 0
    first, second = words[0], words[1]
    initials = bool(_INITIALS.fullmatch(first))
    if initials:
        # 「JD 밴스」, but 「GM 메리 바라」: letters before a name of its own are the company.
        if "." not in first and foreign_name_span(words[1:], lex, cast) >= 2:
            return 0
    elif not _given(first, lex, cast) and not (
        len(first) == 1 and first in lex.org_descriptors and loan_syllables(first) and loan_syllables(second)  # 「팀 쿡」
    ):
        return 0
    n = 2
    # 「카말 알 간주리」, 「우르줄라 폰 데어 라이엔」, 「로버트 F. 케네디」: a particle or an initial inside the name
    # carries on to the next word.
    while (second in _NAME_LINKS or _INITIALS.fullmatch(second)) and n < len(words) and _given(words[n], lex, cast, True):
        second = words[n]
        n += 1
    if n < len(words) and words[n] in NAME_SUFFIXES:
        n += 1
    if any(korean_name(w, lex) and w not in NAME_SUFFIXES for w in words[1:n]) or any(
        korean_name(w, lex) and not lex.org_suffix_of(w) for w in words[n:]
    ):
        return 0  # 「국민의힘 주호영」, 「스타트업 한빛 김성훈」: the name is the Korean one
    if cast is not None and cast.find_person(" ".join(words[:n])) is not None:
        return n
    family = words[n - 2] if words[n - 1] in NAME_SUFFIXES else words[n - 1]
    if (
        len(family) == 3
        and HANGUL.match(family)
        and all(ch in lex.given_syllables for ch in family[1:])
        and not loan_syllables(family)
        and name_score(family, lex) >= 2
    ):
        return 0  # 「카카오 추경민 의장」: a Korean name with a rarer surname, after its company

    if initials:
        return n if loan_syllables(second) else 0
    first = first.replace("-", "")
    if loan_syllables(first) and (not korean_name(first, lex) or len(second) == 1):
        return n  # 「오드리 탕」: a loanword given name and a one-syllable family name
    if loan_syllables(second) and name_score(first, lex) < 2:
        return n
    return 0


def name_score(word: str, lex: Lexicons) -> int:
    """How much a word looks like a Korean personal name (0 = not at all)."""
    if not HANGUL.match(word) or not 2 <= len(word) <= 4:
        return 0
    if word in lex.places or word in lex.org_descriptors or lex.title_of(word) == word:
        return 0
    tier = None
    if len(word) >= 3 and word[:2] in lex.surnames and len(word[:2]) == 2:
        tier = lex.surnames[word[:2]]
        score = 3 if len(word) in (3, 4) else 1
    elif word[0] in lex.surnames:
        tier = lex.surnames[word[0]]
        score = {2: 2, 3: 3, 4: 1}[len(word)]
    else:
        return 0
    if tier == 1:
        score += 1
    elif tier == 3:
        score -= 1
    suffix = lex.org_suffix_of(word)
    if suffix and (suffix not in lex.weak_org_suffixes or score < 3):
        score -= 2
    return max(score, 0)


def org_like(word: str, lex: Lexicons, cast: "Cast | None" = None) -> bool:
    bare = re.sub(r"\(.*?\)", "", word)
    if not bare:
        return False
    if bare in lex.places or word in lex.places:
        return True
    if cast is not None and cast.find_org(bare) is not None:
        return True
    if re.fullmatch(r"[A-Za-z0-9&.\-]+", bare):
        return True
    suffix = lex.org_suffix_of(bare)
    return bool(suffix) and (suffix not in lex.weak_org_suffixes or name_score(bare, lex) < 3)


def split_words(text: str) -> list[str]:
    """Split on spaces, keeping parenthesised parts with their word: 「에이팀(A team)엔터테인먼트」."""
    words, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == " " and depth == 0:
            if cur:
                words.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if cur:
        words.append("".join(cur))
    return words


_GLUED = re.compile(r"([가-힣]{2,})([A-Z][A-Za-z&]*[가-힣]*)")


def _unglued(words: list[str]) -> list[str]:
    """「브루스 캐스먼JP모건」: a transliterated name written onto the company in letters after it is two words
    (「삼성SDI」, a Korean name with its letters, stays one)."""
    out = []
    for w in words:
        glued = _GLUED.fullmatch(w)
        if glued and loan_syllables(glued.group(1)):
            out += [glued.group(1), glued.group(2)]
        else:
            out.append(w)
    return out


def clean_phrase(text: str) -> tuple[str, str | None]:
    """Drop ages and genders in parentheses; pull out an alias definition 「(이하 X)」."""
    alias = None
    text = re.sub(r"^[^\w(]+", "", text)
    m = _ALIAS_DEF.search(text)
    if m:
        alias = m.group(1).strip()
        text = text[: m.start()] + text[m.end() :]
    text = _AGE.sub("", text)
    text = _HANJA_GLOSS.sub("", text)
    return re.sub(r"\s+", " ", text).strip(), alias


# 「시진핑(習近平)」, 「장즈쥔(張志軍)」: a name's hanja in brackets is a gloss, not part of it; so is a stage name's
# real name, 「노제(본명 노지혜)」.
_HANJA_GLOSS = re.compile(r"\(\s*(?:[\u4e00-\u9fff][\u4e00-\u9fff\s·,]*|본명\s*[^()]{1,12})\)")


_AGE_NOTE = re.compile(r"\(\s*\d{1,3}\s*[,·]\s*([가-힣A-Za-z]{2,10})\s*\)")
_NOT_ROLES = frozenset({"남성", "여성", "남자", "여자", "가명", "남", "여", "무직"})


def age_note(raw: str, lex: Lexicons, cast: "Cast | None" = None) -> tuple[str | None, str | None]:
    """What the brackets of an age say besides it: 「(45·회사원)」 a role, 「(32·한빛전자)」 an employer, as
    (title, org); 「(45·여)」, 「(45·가명)」, 「(45·서울)」 nothing."""
    found = _AGE_NOTE.search(raw)
    if not found:
        return None, None
    word = found.group(1)
    if word in _NOT_ROLES or word in lex.places or re.fullmatch(r"[가-힣]+(?:시|구|군|동|읍|면|리)", word) and not lex.title_of(word):
        return None, None
    if lex.title_of(word) or common_noun(word) or not org_like(word, lex, cast):
        return word, None  # 「회사원」 is a role although it ends like 연구원
    return None, word


def parse_mention(phrase: str, lex: Lexicons, cast: "Cast | None" = None) -> Mention:
    """What a speaker phrase says, read against the cast. Remembered per cast until the cast changes; the
    caller gets its own copy (callers fill in what they learn)."""
    if cast is not None:
        known = cast.parsed.get(phrase)
        if known is not None and known[0] == cast.version:
            return replace(known[1])
    m = _read_mention(phrase, lex, cast)
    if cast is not None:
        cast.parsed[phrase] = (cast.version, replace(m))
    return m


def _read_mention(phrase: str, lex: Lexicons, cast: "Cast | None" = None) -> Mention:
    m = _parse_mention(phrase, lex, cast)
    if m.kind == PERSON and "(" in m.text and not m.title:
        role, org = age_note(m.text, lex, cast)
        m.title, m.org = role, m.org or org  # 「김민수(45·회사원)씨」
    return m


def _parse_mention(phrase: str, lex: Lexicons, cast: "Cast | None" = None) -> Mention:
    raw = phrase.strip()
    text, alias = clean_phrase(raw)
    # 「형사합의21부(재판장 김동현)」, 「한빛건설(대표 박영수)」: the body speaks; its head is a note.
    note = re.search(r"(\S+)\(([^()]+)\)$", text)
    if note and " " in note.group(2).strip() and any(lex.title_of(w) for w in note.group(2).split()) and (
        org_like(note.group(1), lex, cast) or name_score(note.group(1), lex) < 2  # not 「김민수(서울대 교수)」
    ):
        text = text[: note.start(2) - 1].rstrip()
    group = re.fullmatch(r"([^\s·]+(?:·[^\s·]+)+)\s?등", text)
    if group and org_like(group.group(1).split("·")[-1], lex, cast):
        # 「홈리스행동·인도주의실천의사협의회 등」: groups speaking together, named as the article names them
        return Mention(ORGANIZATION, raw, name=text, org=text)
    side = False
    if text.endswith(" 측") or (text.endswith("측") and len(text) > 2 and text.split(" ")[-1] not in lex.org_descriptors):
        text, side = text[:-1].rstrip(), True
    if not text:
        return Mention(UNKNOWN, raw)
    words = [_FORMER.get(w, HANJA_SURNAMES.get(w, w)) for w in _unglued(split_words(text))]
    if len(words) == 1 and words[0] in HANJA_BODIES:
        words = [HANJA_BODIES[words[0]]]  # a headline's 「與 “…”」 is 「여당 “…”」
    while len(words) > 1 and words[0].rstrip(",") in lex.connectives and words[1] != "다른":
        words = words[1:]  # 「반면 민변 소속 한 변호사」 (but 「또 다른 참석자」)
        raw = raw.split(" ", 1)[1].lstrip() if " " in raw else raw
    gloss = None
    short = abbreviation(words[-1], lex, cast)
    if short is not None and alias is None:
        words, alias = [*words[:-1], short[0]], short[1]  # 「대한전공의협의회(대전협)」, 「한국개발연구원(KDI)」
    # 「김철수 의원(국민의힘)」: the party or office in parentheses after the title is the organisation;
    # 「최고경영자(CEO)」: an abbreviation of the title itself is part of the title as written.
    bracket = re.fullmatch(r"([가-힣A-Za-z]+)\(([^()]+)\)", words[-1])
    if bracket and lex.title_of(bracket.group(1)) and lex.title_of(bracket.group(2).strip()) != bracket.group(2).strip() and (
        _FIELD.fullmatch(bracket.group(2).strip())
        or (  # 「김철수 서울대 교수(과학기술정책)」, 「…(한국경제학회장)」: words before the title name the person
            # and the organisation already; brackets that name no organisation add a field or another post
            len(words) >= 3
            and not org_like(bracket.group(2).strip().replace(" ", ""), lex, cast)
            and not org_like(bracket.group(2).strip().split(" ")[0], lex, cast)
        )
    ):
        # 「김철수 서울대 교수(경제학)」, 「교수(정치외교학과)」: a field or department qualifies the title.
        words, bracket = [*words[:-1], bracket.group(1)], None
    if bracket and lex.title_of(bracket.group(1)):
        inner = bracket.group(2).strip()
        if re.fullmatch(r"[A-Za-z][A-Za-z.&/ ]*", inner) or lex.title_of(inner) == inner:
            gloss = words[-1]
            words = [*words[:-1], bracket.group(1)]
        elif len(words) >= 2:
            words = [*words[:-1], bracket.group(1)]
            if not org_like(words[0], lex, cast):
                words = [bracket.group(2), *words]
    named = _name_with_affiliation(raw, words, lex, cast)
    if named is not None:
        return named
    m = _parse_words(raw, words, side, alias, lex, cast)
    if gloss and m.title and m.title.endswith(bracket.group(1)):
        m.title = m.title[: -len(bracket.group(1))] + gloss
    if side and m.kind in (PERSON, "surname_title"):
        # 「류철균측」, 「A씨 측」: a person's side (their lawyers, their camp) speaks, not the person
        side_name = re.sub(r"\s+", " ", raw.strip())
        return Mention(ANONYMOUS, raw, name=side_name)
    return m


# A field of study or a department: 경제학, 정치외교학과, 경영학부, 국제정치 전공 (not 경영대학, an organisation).
_FIELD = re.compile(r"[가-힣·]*(?<!대)(?:학|학과|학부|공학|과학)|[가-힣· ]+\s?전공|전공\s?[가-힣· ]+")


# (from a word's start only, so that a long run of letters is not read again from each of them)
ABBREVIATED = re.compile(r"(?<![가-힣A-Za-z0-9·])([가-힣A-Za-z0-9·]{3,})\(([가-힣]{2,6}|[A-Z][A-Za-z&]{1,9})\)")


def abbreviation(word: str, lex: Lexicons, cast=None) -> tuple[str, str] | None:
    """「대한전공의협의회(대전협)」, 「한국개발연구원(KDI)」: an organisation with its short name in brackets, as
    (name, short name). A Hangul short name takes its syllables from the name in order (의협 of 대한의사협회)."""
    found = ABBREVIATED.fullmatch(word)
    if not found:
        return None
    name, short = found.group(1), found.group(2)
    if lex.title_of(name) == name or not org_like(name, lex, cast):
        return None  # 「최고경영자(CEO)」 is a title
    if HANGUL.match(short):
        rest = iter(name)
        if short == name or not all(ch in rest for ch in short):
            return None
    return name, short


def _name_with_affiliation(raw: str, words: list[str], lex: Lexicons, cast) -> Mention | None:
    """「손흥민(토트넘)」, 「이강인(파리 생제르맹)」, 「김민수(서울대 교수)」: a person with the affiliation in
    brackets; a title before the name (「주장 손흥민(토트넘)」) is kept when listed."""
    found = re.fullmatch(r"([가-힣]{2,4})\(([^()]+)\)", words[-1])
    if not found:
        return None
    name, inner = found.group(1), found.group(2).strip()
    if name_score(name, lex) < 2 or org_like(name, lex, cast) or lex.title_of(name) or re.match(r"\d", inner):
        return None
    inner_words = inner.split(" ")
    title = inner_words[-1] if len(inner_words) > 1 and lex.title_of(inner_words[-1]) else None
    org = " ".join(inner_words[:-1]) if title else inner
    if title is None and words[:-1] and lex.title_of(words[-2]):
        title = words[-2]
    return Mention(PERSON, raw, name=name, title=title, org=org)


def _parse_words(raw: str, words: list[str], side: bool, alias: str | None, lex: Lexicons, cast) -> Mention:
    # 「김철수 씨」 written apart is 「김철수씨」.
    if len(words) >= 2 and words[-1] == "씨":
        words = [*words[:-2], words[-2] + "씨"]
    # 「박 모 씨」, 「박 모씨」: the paper withholds the name; the speaker is 박모.
    if len(words) >= 2 and words[-1] in ("모씨", "모") and words[-2] in lex.surnames:
        words = [*words[:-2], words[-2] + "모씨"]
    head = words[-1]
    both = _two_posts(raw, words, side, alias, lex, cast)
    if both is not None:
        return both

    if len(words) == 1 and head in lex.pronouns:
        return Mention("pronoun", raw, name=head)
    if len(words) >= 2 and words[0] in _DEMONSTRATIVES and not (
        words[0] in lex.surnames and cast is not None and lex.title_of(head) and cast.people_by_surname(words[0], head)
    ):
        # 「이 관계자」, 「이 회사」, 「해당 업체」, 「동 위원장」: someone already named.
        return Mention("demonstrative", raw, title=" ".join(words[1:]))
    anon = _anonymous(words, lex, cast)
    if anon:
        return anon
    if len(words) >= 2 and words[-2] == "한" and lex.title_of(head) and not (
        len(words) == 2 and cast is not None and cast.people_by_surname("한", head)
    ) and not (len(words) >= 3 and foreign_name_span(words[-3:-1], lex, cast) == 2):  # 「피터 한 교수」
        return Mention(ANONYMOUS, raw, name=" ".join(words), title=head)
    if re.fullmatch(r"[A-Z]{1,2}씨", head):
        # 「유튜버 A씨」: a person the story names by a letter; the words before say who they are
        role, org = _role_and_org(words[:-1], lex, cast)
        return Mention(PERSON, raw, name=head, title=role, org=org)
    if head.endswith("씨") and len(head) >= 2:
        name = head[:-1]
        if len(name) == 1 and name in lex.surnames:
            return Mention("surname_title", raw, surname=name, title="씨")
        if re.fullmatch(r"[A-Z]|[가-힣]모|[가-힣]{2,4}", name):
            role, org = _role_and_org(words[:-1], lex, cast)
            return Mention(PERSON, raw, name=name, title=role, org=org)
    title = lex.title_of(head)
    # 「상원의원」 ends with the title 의원 and, more shortly, with the organisation ending 원: the title wins.
    if title and (head == title or not org_like(head, lex, cast) or len(title) > len(lex.org_suffix_of(head) or "")):
        return _titled(raw, words, head, lex, cast, alias)
    after_title = _name_after_title(raw, words, lex, cast)
    if after_title is not None:
        return after_title
    if head in lex.org_descriptors:
        owner = " ".join(words[:-1]).removesuffix("의").strip() or None
        if len(words) == 1 or owner:
            return Mention("descriptor", raw, descriptor=head, org=owner)
    # 「박경의 소속사 세븐시즌스」, 「VAV 소속사 에이팀엔터테인먼트」: a descriptor names the kind of organisation;
    # so does 「그룹 뉴진스」, 「밴드 한빛소리」.
    if len(words) >= 2 and (words[-2] in lex.org_descriptors or words[-2] in GROUP_WORDS) and not lex.title_of(head):
        return Mention(ORGANIZATION, raw, name=head, org=head, alias=alias, descriptor=words[-2])
    # 「레드벨벳 웬디」, 「토트넘 손흥민」: a member after the group or team the article names
    if len(words) == 2 and cast is not None and cast.find_org(words[0]) is not None and HANGUL.match(head) and (
        2 <= len(head) <= 4 and not org_like(head, lex, cast) and not lex.title_of(head)
    ):
        return Mention(PERSON, raw, name=head, org=cast.find_org(words[0]).name)
    # 「머스크는」, 「기시다는」: one part of a foreign name the article gave in full.
    if len(words) == 1 and cast is not None and len(head) >= 2 and cast.find_foreign_surname(head, None):
        return Mention("surname_title", raw, surname=head)
    # 「빌 게이츠는」, 「조 바이든은」: a transliterated name written apart, with no title. Stricter than before a
    # title: the family name is a loanword beyond its ending (not 「투자자들」), and an unmarked given name is
    # no common noun (「해외」).
    if len(words) == 2 and foreign_name_span(words, lex, cast) == 2 and (
        loan_stem(words[1]) or (len(words[1]) == 1 and words[1] in lex.surnames and loan_syllables(words[0]))
    ) and (loan_syllables(words[0]) or words[0] in lex.surnames or not common_noun(words[0])):
        return Mention(PERSON, raw, name=" ".join(words))
    joined = " ".join(words)
    if cast is not None and len(words) == 1 and not org_like(head, lex, cast) and cast.find_alias(head) is None:
        short = cast.find_short(head)
        if short is not None:  # 「센트로이드는」 after 「센트로이드인베스트먼트파트너스」
            return Mention("alias", raw, name=short.name)
    if cast is not None:
        ent = cast.find_alias(joined) or cast.find_alias(head)
        if ent is not None and ent.name not in (joined, head):
            return Mention("alias", raw, name=ent.name)
        if ent is not None:
            return Mention(ent.type, raw, name=ent.name, title=ent.title, org=ent.org, alias=alias)
    if len(words) == 2 and words[0] in lex.places and (lex.org_suffix_of(re.sub(r"\(.*\)$", "", head)) or "") in lex.media_suffixes:
        words, joined = [head], head  # 「일본 니혼게이자이신문」: a paper's country is no part of its name
    if org_like(head, lex, cast) or _spaced_org(words, lex, cast) or side or alias:
        while len(words) > 1 and name_score(words[0], lex) >= 3 and not org_like(words[0], lex, cast):
            words = words[1:]  # 「최광재 한국개발연구원」: the person before the body is no part of its name
        joined = " ".join(words)
        return Mention(ORGANIZATION, raw, name=joined if len(words) <= 3 else head, org=joined, alias=alias)
    # 「해외 투자자들」, 「외국인 관광객들」: a plural of people no list names is an unnamed source, not a body.
    if HANGUL.match(head) and len(head) >= 3 and head.endswith("들") and "의" not in head and head not in lex.pronouns:
        return Mention(ANONYMOUS, raw, name=joined)
    if len(words) == 1 and name_score(head, lex) >= 3 and len(head) >= 3:
        return Mention(PERSON, raw, name=head)  # a bare two-syllable word (주역, 이번) is rather a noun
    # 「새누리당 권은희 대변」: an unfamiliar role word after a clear personal name still names a person.
    for i in (len(words) - 2, len(words) - 1):
        if i >= 0 and name_score(words[i], lex) >= 3 and not org_like(words[i], lex, cast) and words[i] not in _NOT_GIVEN:
            title = words[i + 1] if i + 1 < len(words) else None
            return Mention(PERSON, raw, name=words[i], title=title, org=" ".join(words[:i]) or None)
    return Mention(UNKNOWN, raw, name=joined)


_GROUP_KINDS = frozenset({"걸그룹", "보이그룹", "혼성그룹", "아이돌그룹", "밴드", "록밴드", "듀오", "트리오"})
GROUP_WORDS = _GROUP_KINDS | {"그룹"}
_COLLECTIVE_ENDS = ("진", "단", "팀", "일동", "일행", "일가", "측")  # 연구진, 선수단, 취재팀: a group, not a name  # before a name: 「그룹 뉴진스」


def _spaced_org(words: list[str], lex: Lexicons, cast) -> bool:
    """「삼성 전자」: an organisation's name written apart, its ending of two syllables or more split over words
    (not 「결과 여부」, which ends in 부 only by chance)."""
    if len(words) < 2:
        return False
    joined = "".join(words)
    suffix = lex.org_suffix_of(joined)
    return bool(suffix) and len(suffix) >= 2 and len(words[-1]) <= len(suffix) and org_like(joined, lex, cast)


def _name_after_title(raw: str, words: list[str], lex: Lexicons, cast) -> Mention | None:
    """「배우 송강호」, 「가수 겸 배우 아이유」, 「그룹 뉴진스의 멤버 민지」, 「국민의힘 원내대표 권성동」: a title
    written before one word that is no title, place, organisation or common noun: that word is the person (a
    stage name need not look like a Korean name); what stands before the title is the organisation."""
    if len(words) < 2 or not lex.title_of(words[-2].removesuffix("의")) or words[-2].endswith("의"):
        return None
    head = words[-1]
    if not (re.fullmatch(r"[가-힣]{2,5}", head) or re.fullmatch(r"[A-Za-z][A-Za-z.\-]{1,14}", head)):
        return None
    if (
        lex.title_of(head)
        or head in lex.pronouns
        or head in lex.anonymous_heads
        or head in lex.org_descriptors
        or head in lex.connectives
        or head in _NOT_GIVEN
        or head.endswith(("들", "의"))  # 「대변인 명의」
        or (common_noun(head) and head.endswith(_COLLECTIVE_ENDS))  # 「교수 연구진」, 「감독 일행」
        or (org_like(head, lex, cast) and name_score(head, lex) < 3)
        # Kiwi reads an unfamiliar name as one NNG too (도현우): a common noun counts only if no full name, or
        # if the article glosses it as a name (「안무가 노제(본명 노지혜)」)
        or (HANGUL.match(head) and common_noun(head) and not (len(head) >= 3 and name_score(head, lex) >= 2)
            and not re.search(r"\(\s*본명", raw))
    ):
        return None
    rest = words[:-2]
    title = words[-2]
    while len(rest) >= 2 and rest[-1] == "겸" and lex.title_of(rest[-2]):
        title, rest = f"{rest[-2]} 겸 {title}", rest[:-2]  # 「가수 겸 배우」
    rest = [w.removesuffix("의") if len(w) > 2 else w for w in rest]
    while len(rest) >= 2 and (rest[0] in lex.org_descriptors or lex.org_word(rest[0]) or rest[0] in _GROUP_KINDS):
        rest = rest[1:]  # 「그룹 뉴진스」: the kind of body before its name
    if rest and (lex.title_of(rest[-1]) == rest[-1] or rest[-1] in _NOT_GIVEN):
        return None
    return Mention(PERSON, raw, name=head, title=title, org=_org_of(rest, lex))


def _two_posts(raw: str, words: list[str], side: bool, alias, lex: Lexicons, cast) -> Mention | None:
    """「최상목 부총리 겸 기획재정부 장관」: two posts joined by 겸. The person is read from the words before 겸;
    the title is both posts without their organisations (「부총리 겸 장관」), the organisation the first post's,
    else the second's (「김영수 한빛전자 대표이사 겸 이사회 의장」 is of 한빛전자)."""
    if "겸" not in words[1:-1] or not lex.title_of(words[-1]):
        return None
    i = len(words) - 1 - words[::-1].index("겸")
    left, right = words[:i], words[i + 1 :]
    if not lex.title_of(left[-1]):
        return None
    first = _parse_words(raw, left, side, alias, lex, cast)
    if first.kind not in (PERSON, "surname_title", "title_only") or not first.title:
        return None
    second = _titled(raw, right, right[-1], lex, None, None)
    # the title says the posts, the organisation stands apart (「부총리 겸 장관」 of 기획재정부)
    first.title = f"{first.title} 겸 {second.title or right[-1]}"
    first.org = first.org or second.org
    first.text = raw
    return first


def _anonymous(words: list[str], lex: Lexicons, cast=None) -> Mention | None:
    head = words[-1]
    two = " ".join(words[-2:])
    hit = two if two in lex.anonymous_heads else head if head in lex.anonymous_heads else None
    if hit is None:
        for h in lex.anonymous_heads:
            if head.endswith(h) and len(head) - len(h) <= 4 and " " not in h:
                hit = h
                break
    if hit is None:
        return None
    phrase = " ".join(words)
    word = head.removesuffix("들")  # 「고위당국자」 is the role as written, though 당국자 made it a source
    title = word if lex.title_of(word) == word else hit.removesuffix("들")
    title = title if lex.title_of(title) else None
    org = None
    rest = [w for w in words[: -len(hit.split(" "))] if not _AGE_WORD.fullmatch(w)]  # 「60대 주민」: no body
    if rest and org_like(rest[-1], lex, cast):
        ent = cast.find_org(rest[-1]) if cast is not None else None
        org = ent.name if ent is not None else rest[-1]  # 「의협 관계자」: of 대한의사협회
    return Mention(ANONYMOUS, phrase, name=phrase, title=title, org=org)


_AGE_WORD = re.compile(r"\d*(?:대|세|살)(?:의)?|[남여]성|남자|여자")  # 「70대」 (Kiwi may leave 「대」)


def _role_and_org(words: list[str], lex: Lexicons, cast) -> tuple[str | None, str | None]:
    """What stands before 「김민수(45)씨」: an age (「70대」) says nothing; an occupation (「회사원」, 「한빛마트
    직원」) is the role, an organisation-like word the organisation."""
    words = [w for w in words if not _AGE_WORD.fullmatch(w)]
    role = None
    last = words[-1] if words else ""
    if HANGUL.match(last) and last not in lex.places and (cast is None or cast.find_org(last) is None) and (
        lex.title_of(last) or common_noun(last)  # 「회사원」 is a role although it ends like 연구원
    ):
        role, words = words[-1], words[:-1]
    if words and all(HANGUL.match(w) and common_noun(w) and not org_like(w, lex, cast) for w in words):
        return role, None  # 「환자 보호자 이모씨」: 환자 is no organisation
    return role, _org_of(words, lex)


def _org_of(words: list[str], lex: Lexicons) -> str | None:
    words = [w.removesuffix("의") for w in words if w not in ("한", "전")]
    words = [w for w in words if w not in lex.pronouns and w not in _DEMONSTRATIVES]  # 「그의 부인 김영희씨」
    return " ".join(words) or None


def _place_title(title: str, lex: Lexicons) -> tuple[str, str | None]:
    """「경기도지사」, 「서울시장」: a region and its post written as one word are the post (도지사, 시장) of the
    region (경기도, 서울시: the longest region whose rest, or whose last syllable and rest, is a post). A body's
    short name before a post stays with it (「금감원장」, 「금융위원장」)."""
    post = lex.title_of(title)
    if not post or post == title or " " in title:
        return title, None
    for cut in range(len(title) - 1, 0, -1):
        region, rest = title[:cut], title[cut:]
        if region in lex.places and (lex.title_of(rest) == rest or lex.title_of(region[-1] + rest) == region[-1] + rest):
            return post, region
    return title, None


_STATIONED = re.compile(r"주[가-힣A-Z]{1,6}")
_STATIONED_IN = frozenset({"미", "한", "일", "중", "러", "영", "독", "불", "유엔", "UN", "EU"})


def _titled(raw: str, words: list[str], head: str, lex: Lexicons, cast, alias) -> Mention:
    rest = [w for w in words[:-1] if not _AGE_WORD.fullmatch(w)]  # 「70대 할머니」: the age is no organisation
    title = head
    if head.endswith("대행") and rest and lex.title_of(rest[-1]):
        title, rest = f"{rest[-1]} {head}", rest[:-1]  # 「대통령 권한대행」, 「당대표 직무대행」: one title
    if rest and _STATIONED.fullmatch(rest[-1]) and (rest[-1][1:] in lex.places or rest[-1][1:] in _STATIONED_IN):
        title, rest = f"{rest[-1]} {title}", rest[:-1]  # 「주유엔 중국대사」, 「주미 대사」: where the post is
    after: list[str] = []  # an organisation named between 「전」 and the title
    if rest and rest[-1] == "전":
        if len(rest) == 1 and cast is not None and cast.people_by_surname("전", head):
            return Mention("surname_title", raw, surname="전", title=head)  # 「전 대표」 is Mr Jeon here
        title = "전 " + head
        rest = rest[:-1]
    elif "전" in rest[:-1]:
        # 「앙겔라 메르켈 전 독일 총리」, 「존 리 전 메리츠자산운용 대표」: the person, 「former」, then the
        # organisation of the old post (a surname 전 is never written apart from the given name).
        i = rest.index("전")
        title, after, rest = "전 " + head, rest[i + 1 :], rest[:i]
        if 1 < len(rest) <= 3 and not any(org_like(w, lex, cast) for w in rest) and all(
            HANGUL.match(w) or _INITIALS.fullmatch(w) for w in rest
        ) and not (cast is not None and cast.find_foreign_surname(rest[0], title)):
            return Mention(PERSON, raw, name=" ".join(rest), title=title, org=" ".join(after) or None, alias=alias)
    title, place = _place_title(title, lex)
    if place and not rest:
        return Mention("title_only", raw, title=title, org=place)
    if not rest:
        return Mention("title_only", raw, title=title, org=" ".join(after) or None)
    # 「이집트 과도 정부의 카말 알 간주리 총리」: a genitive separates the organisation from the person.
    org_words: list[str] = []
    for i, w in enumerate(rest[:-1]):
        if w.endswith("의") and len(w) > 1:
            org_words, rest = [x for x in rest[:i]] + [w[:-1]], rest[i + 1 :]
            break
    if len(rest) == 1 and cast is not None and cast.find_foreign_surname(rest[0], title):
        return Mention("surname_title", raw, surname=rest[0], title=title, org=" ".join(org_words) or None)
    if len(rest) > 1 and cast is not None and cast.find_foreign_surname(" ".join(rest), title):
        return Mention("surname_title", raw, surname=" ".join(rest), title=title, org=" ".join(org_words) or None)
    # 「머스크 테슬라 CEO」: the family name of someone introduced in full, then the organisation.
    ent = cast.find_foreign_surname(rest[0], title) if cast is not None and len(rest) >= 2 else None
    if ent is not None and not korean_name(rest[1], lex):
        parts = ent.name.split(" ")
        if rest[: len(parts)] != parts:
            return Mention("surname_title", raw, surname=rest[0], title=title, org=" ".join(rest[1:]))
    if len(rest) == 1 and (rest[0] in lex.surnames or (cast is not None and cast.has_surname(rest[0]))):
        if name_score(rest[0], lex) == 0 or len(rest[0]) <= 2 and rest[0] in lex.surnames:
            return Mention("surname_title", raw, surname=rest[0], title=title, org=" ".join(org_words) or None)
        # 「마오 대변인」 after 「마오닝 중국 외교부 대변인」: a two-syllable Chinese surname, and the title fits.
        if name_score(rest[0], lex) < 2 and cast is not None and cast.find_person(rest[0]) is None:
            fits = [e for e in cast.people_by_surname(rest[0], title) if e.title and title_fits(e.title, title)]
            if len(fits) == 1:
                return Mention("surname_title", raw, surname=rest[0], title=title, org=" ".join(org_words) or None)
    name, org = _split_name(rest, lex, cast)
    if org and name:
        # 「국민의힘 간사 구자근 의원」, 「민주당 원내대변인 김민수 의원」: another post is no part of the organisation
        parts = org.split(" ")
        cut = next((i for i, w in enumerate(parts) if i > 0 and lex.title_of(w) == w), None)
        org = " ".join(parts[:cut]) if cut else org
    if org and not org_words and not after:
        # 「강훈식 대통령 비서실장」, 「국무총리 비서실장」: a post before the title is the office it serves, part
        # of the title, not an organisation.
        parts = org.split(" ")
        if lex.title_of(parts[-1]) == parts[-1] and not org_like(parts[-1], lex, cast):
            title, org = f"{parts[-1]} {title}", " ".join(parts[:-1]) or None
    org_all = " ".join([*org_words, *([org] if org else []), *after]) or place or None
    if name is None:
        if cast is not None:
            ent = cast.find_foreign_surname(rest[-1], title)
            if ent is not None:
                return Mention("surname_title", raw, surname=rest[-1], title=title, org=org_all)
        return Mention("title_only", raw, title=title, org=org_all, alias=alias)
    return Mention(PERSON, raw, name=name, title=title, org=org_all, alias=alias)


def _split_name(rest: list[str], lex: Lexicons, cast) -> tuple[str | None, str | None]:
    """Split the words before a title into (name, organisation): ORG NAME, NAME ORG, or a foreign name."""
    foreign = foreign_name_span(rest, lex, cast)
    if foreign:
        # 「팀 쿡 애플」, 「젠슨 황 엔비디아」: a name written apart, then the organisation.
        return " ".join(rest[:foreign]), " ".join(rest[foreign:]) or None
    scores = [name_score(w, lex) if not org_like(w, lex, cast) else 0 for w in rest]
    last, first = scores[-1], scores[0]
    if len(rest) == 1:
        w = rest[0]
        if last >= 2:
            return w, None
        if org_like(w, lex, cast):
            return None, w
        if cast is not None and cast.find_person(w):
            return w, None
        if w in lex.org_descriptors or not HANGUL.match(w) or len(w) > 4 or common_noun(w):
            return None, w  # 「국내 대표」, 「업계 관계자」: a role, not a name
        return w, None
    if last >= 2 and first >= 2:
        # Both ends look like names (「전기석 고려대」, 「고용노동부 손상지」 never reaches here): the one that
        # does not end like an organisation is the name; a tie goes to the likelier name, then to the last.
        def rank(i: int) -> int:
            return scores[i] - (2 if lex.org_suffix_of(rest[i]) else 0)

        if rank(0) > rank(len(rest) - 1):
            last = 0
        else:
            return rest[-1], " ".join(rest[:-1])
    elif last >= 2:
        return rest[-1], " ".join(rest[:-1])
    if first >= 2:
        name_words = [rest[0]]
        # 「이시바 시게루 일본 총리」: a foreign name runs over several words up to the organisation.
        for w in rest[1:-1]:
            if org_like(w, lex, cast) or name_score(w, lex) >= 2:
                break
            name_words.append(w)
        org = " ".join(rest[len(name_words) :]) or None
        return " ".join(name_words), org
    name_words = []
    for w in rest:
        if org_like(w, lex, cast):
            break
        name_words.append(w)
    org = " ".join(rest[len(name_words) :]) or None
    if name_words and (len(name_words[0]) < 2 or len(name_words[-1]) < 2):
        return None, " ".join(rest)  # 「뒤 조」 is no one's name
    if any(w in _NOT_GIVEN or HANGUL.match(w) and not nominal(w) for w in name_words):
        return None, " ".join(rest)  # 「내심 자민당 총재」, 「더 넓게는」: an adverb is no one's name
    return (" ".join(name_words) or None), org


def title_fits(full: str, short: str) -> bool:
    if " 겸 " in full:  # 「부총리 겸 기획재정부 장관」 is both 「부총리」 and 「장관」
        return any(title_fits(part, short) for part in full.split(" 겸 "))
    full, short = full.removeprefix("전 "), short.removeprefix("전 ")
    # 「최고경영자(CEO)」 is both 「최고경영자」 and 「CEO」.
    gloss = re.fullmatch(r"(.+)\((.+)\)", full)
    forms = [full, gloss.group(1), gloss.group(2)] if gloss else [full]
    return any(f == short or f.endswith(short) or short.endswith(f) for f in forms)
