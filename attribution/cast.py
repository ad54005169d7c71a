"""The article's cast: every person, organisation and source it names, with their titles, aliases and positions.

`prescan_cast` reads the whole article before any quote is attributed (「이재성 미래비전연구소 대표」,
「금융감독원(이하 금감원)」, 「소속사 세븐시즌스」), so that later short forms (「이 대표는」, 「금감원」, 「그는」)
resolve to someone the article introduced.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import clauses, morph
from .lexicon import Lexicons
from .mentions import (
    ABBREVIATED,
    GROUP_WORDS,
    NAME_SUFFIXES,
    Mention,
    abbreviation,
    common_noun,
    loan_stem,
    loan_syllables,
    parse_mention,
    org_like,
    split_words,
    title_fits,
    verbal,
)
from .model import ANONYMOUS, ORGANIZATION, PERSON, Sentence


@dataclass
class Entity:
    name: str
    type: str
    title: str | None = None
    org: str | None = None
    aliases: set[str] = field(default_factory=set)
    positions: list[int] = field(default_factory=list)
    spoke: bool = False  # a quote of the article is theirs (set by the chooser)

    @property
    def last(self) -> int:
        return self.positions[-1] if self.positions else -1


_PARTICLE_END = re.compile(r"[가-힣](?:의|을|를|에|에서|에게)$")


class Cast:
    """Everyone an article names, with their titles, organisations and aliases, in order of appearance."""

    def __init__(self, lex: Lexicons):
        self.lex = lex
        self.entities: list[Entity] = []

    # --- registration -------------------------------------------------------------------------------
    def add(self, m: Mention, pos: int) -> Entity | None:
        if m.kind == ANONYMOUS and m.org and m.org not in self.lex.org_descriptors:
            # 「대한축구협회 관계자」 names the organisation that 「협회는」, 「회사는」 later stand for
            self.add(Mention(ORGANIZATION, m.org, name=m.org, org=m.org), pos)
        if m.kind == PERSON and m.name and m.org in self.lex.org_descriptors:
            m.org = self.org_before(m.org, pos)  # 「같은 당 김용민 의원」
        if m.kind == PERSON and m.name and _PARTICLE_END.search(m.name):
            return None  # 「노제의 대리인」, 「기업의 …」: a genitive is no one's name
        if m.kind == PERSON and m.name:
            ent = self.find_person(m.name, m.org)
            if ent is None:
                ent = Entity(m.name, PERSON, m.title, m.org)
                self.entities.append(ent)
            else:
                ent.title = _fuller_title(ent.title, m.title, self.lex)
                ent.org = _fuller_org(ent.org, m.org)
        elif m.kind == ORGANIZATION and m.name:
            ent = self.find_org(m.name) or self._written_longer(m.name)
            if ent is None and " " not in m.name:
                ent = self.find_short(m.name)  # 「보건노조」 after 「…노동조합(이하 보건의료노조)」
                if ent is not None:
                    ent.aliases.add(m.name)
            if ent is None:
                ent = Entity(m.name, ORGANIZATION, None, m.name)
                self.entities.append(ent)
        elif m.kind == ANONYMOUS and m.name:
            ent = next((e for e in self.entities if e.name == m.name), None)
            if ent is None:
                ent = Entity(m.name, ANONYMOUS, m.title, m.org)
                self.entities.append(ent)
        else:
            return None
        if m.alias:
            ent.aliases.add(m.alias)
            if m.kind == PERSON and m.org:
                org = self.find_org(m.org) or Entity(m.org, ORGANIZATION, None, m.org)
                if org not in self.entities:
                    self.entities.append(org)
                org.aliases.add(m.alias)
                ent.aliases.discard(m.alias)
        if m.descriptor:
            ent.aliases.add(m.descriptor)
        ent.positions.append(pos)
        return ent

    def enroll(self, got) -> Entity | None:
        """The cast member an attribution names, added when the phrase itself introduced them (「김민수 한빛전자
        대표는」, 「한 관계자는」); None when it names no person, organisation or source. Two people speaking
        together (「유일호·이주열」) are each members."""
        name = (got.speaker or "").strip()
        if not name or got.type not in (PERSON, ORGANIZATION, ANONYMOUS):
            return None
        if "·" in name and got.type == PERSON:
            parts = [self.find_person(part) for part in name.split("·")]
            return parts[-1] if all(parts) else None
        ent = next((e for e in self.entities if e.name == name and e.type == got.type), None)
        if ent is None:
            mention = Mention(got.type, name, name=name, title=got.title, org=got.org)
            ent = self.add(mention, got.mention_start if got.mention_start is not None else -1)
        return ent

    # --- look-ups -----------------------------------------------------------------------------------
    def org_ending_with(self, descriptor: str, pos: int) -> str | None:
        """「협회는」 after 「대한축구협회 관계자」: the latest organisation named before `pos` whose name ends with
        the descriptor (as an organisation or as someone's)."""
        best = None
        for e in self.entities:
            before = [p for p in e.positions if p < pos]
            if not before:
                continue
            for name in (e.name if e.type == ORGANIZATION else None, e.org):
                if name and name != descriptor and name.endswith(descriptor) and " " not in name:
                    if best is None or max(before) > best[0]:
                        best = (max(before), name)
        return best[1] if best else None

    def org_before(self, descriptor: str, pos: int) -> str | None:
        """What 「같은 당」, 「같은 회사」 stand for: the organisation of the latest person named before `pos`,
        preferring one whose name ends with the descriptor (민주당 for 당)."""
        people = [
            (max(p for p in e.positions if p < pos), e.org)
            for e in self.entities
            if e.type == PERSON and e.org and e.org not in self.lex.org_descriptors and any(p < pos for p in e.positions)
        ]
        people.sort()
        fitting = [org for _, org in people if org.endswith(descriptor)]
        if fitting:
            return fitting[-1]
        return people[-1][1] if people else None

    def find_person(self, name: str, org: str | None = None) -> Entity | None:
        for e in self.entities:
            if e.type == PERSON and e.name == name:
                return e
        return None

    def find_org(self, name: str) -> Entity | None:
        for e in self.entities:
            if e.type == ORGANIZATION and (e.name == name or name in e.aliases):
                return e
        return None

    def _written_longer(self, name: str) -> Entity | None:
        """The organisation `name` is the same as, written with words before it: 「대법원 전원합의체」 and
        「전원합의체」 are one body, known by the longer name (the shorter becomes an alias)."""
        for e in self.entities:
            if e.type != ORGANIZATION or e.name == name:
                continue
            if e.name.endswith(" " + name):
                e.aliases.add(name)
                return e
            if name.endswith(" " + e.name):
                e.aliases.add(e.name)
                e.name = e.org = name
                return e
        return None

    def find_short(self, word: str) -> Entity | None:
        """The one organisation of the cast that `word` shortens: the start of its name (「센트로이드」 of
        센트로이드인베스트먼트파트너스), its name less Latin letters before it (「산업은행」 of KDB산업은행), or its
        syllables in order with the same first and last (「보건노조」 of 보건의료노조, 「공정위」 of
        공정거래위원회)."""
        if len(word) < 2 or not re.fullmatch(r"[가-힣A-Za-z0-9]+", word):
            return None
        hits = []
        for e in self.entities:
            if e.type != ORGANIZATION:
                continue
            for name in (e.name, *e.aliases):
                name = name.replace(" ", "")
                if name == word or len(name) <= len(word):
                    continue
                rest = iter(name)
                if (
                    name.startswith(word) and len(word) >= 3
                    or re.fullmatch(r"[A-Za-z]{2,5}", name[: len(name) - len(word)]) and name.endswith(word)
                    or name[0] == word[0] and name[-1] == word[-1] and all(ch in rest for ch in word)
                ):
                    hits.append(e)
                    break
        return hits[0] if len(hits) == 1 else None

    def find_alias(self, word: str) -> Entity | None:
        for e in reversed(self.entities):
            if word in e.aliases and e.type != ANONYMOUS:
                return e
        for e in self.entities:
            if e.name == word:
                return e
        return None

    def has_surname(self, word: str) -> bool:
        return any(e.type == PERSON and surname_fits(e.name, word) for e in self.entities)

    def find_foreign_surname(self, word: str, title: str | None) -> Entity | None:
        """The one person whose name written apart ends with `word` (「메르켈」 of 「앙겔라 메르켈」) or starts with
        it (「기시다」 of 「기시다 후미오」; not a one-syllable given name such as 「팀」 of 「팀 쿡」)."""
        hits = [e for e in self.entities if e.type == PERSON and " " in e.name and _part_of_name(e.name, word)]
        return hits[0] if len(hits) == 1 else None

    def people_by_surname(self, surname: str, title: str | None) -> list[Entity]:
        """Candidates for 「이 대표」: same surname, and a title that fits when one is given."""
        people = [e for e in self.entities if e.type == PERSON and surname_fits(e.name, surname)]
        if title and title != "씨":
            bare = title.removeprefix("전 ")
            fitting = [e for e in people if e.title and title_fits(e.title, bare)]
            if fitting:
                return fitting
        return people

    def by_title(self, title: str, org: str | None = None) -> list[Entity]:
        bare = title.removeprefix("전 ")
        hits = [e for e in self.entities if e.type in (PERSON, ANONYMOUS) and e.title and title_fits(e.title, bare)]
        if org:
            narrowed = [e for e in hits if e.org and (org in e.org or e.org in org)]
            hits = narrowed or hits
        return hits


def _fuller_title(old: str | None, new: str | None, lex: Lexicons) -> str | None:
    """A person's title over the article: the first, unless a later mention says more of the same post
    (「부총리」 → 「부총리 겸 기획재정부 장관」, 「배우」 → 「가수 겸 배우」, 「사장」 → 「대표이사(사장)」) or mends a word no list knows
    (「대변」 → 「대변인」)."""
    if not old or not new or old == new:
        return old or new
    if new.startswith(old + " ") or f"({old})" in new or (" 겸 " in new and title_fits(new, old)):
        return new  # 「대통령 권한대행」, 「부총리 겸 기획재정부 장관」, 「대표이사(사장)」 say more of the same post
    if not title_fits(old, new) and not lex.title_of(old) and lex.title_of(new):
        return new
    return old


def _fuller_org(old: str | None, new: str | None) -> str | None:
    """A person's organisation: the first, unless a later mention writes it in full (「현대차」 → 「현대자동차」)."""
    if not old or not new or old == new:
        return old or new
    rest = iter(new)
    if len(new) > len(old) and new[0] == old[0] and all(ch in rest for ch in old):
        return new
    return old


def _part_of_name(name: str, word: str) -> bool:
    parts, tail = name.split(" "), word.split(" ")
    if len(tail) == 1:
        while len(parts) > 2 and parts[-1] in NAME_SUFFIXES:
            parts = parts[:-1]  # 「케네디」 of 「로버트 F. 케네디 주니어」
    if len(tail) > 1:  # 「폰 데어 라이엔」 of 「우르줄라 폰 데어 라이엔」
        return len(tail) < len(parts) and parts[-len(tail) :] == tail
    return word == parts[-1] or (word == parts[0] and len(word) >= 2)


def surname_fits(name: str, surname: str) -> bool:
    if " " in name:
        return _part_of_name(name, surname)
    return name.startswith(surname) and len(name) > len(surname)


_WORD = re.compile(r"[^\s\]>]+")  # 「[앵커]도널드 트럼프」: a bracketed tag glued to a word is no part of it

_INITIAL = re.compile(r"(?:[A-Z]\.){1,2}")  # 「J.D.」, 「F.」 inside a name

_PARTICLE = re.compile(
    r"(?:은|는|이|가|을|를|의|에게|께|과|와|도|로|으로|에서|에|께서|이다|이며|이고|이자|으로서|로서|와의|과의|만|까지)?[,.…]*$"
)


def with_cast_titles(cast: Cast, quotes: list) -> list:
    """Every quote of a person carries the title and organisation the whole article gives them (「이 사장」 is
    「현대자동차 대표이사(사장)」 of the fullest mention, whichever the quote's sentence used)."""
    out = []
    for q in quotes:
        ent = cast.find_person(q.speaker) if q.speaker_type == PERSON and q.speaker else None
        out.append(replace(q, title=ent.title or q.title, org=ent.org or q.org) if ent is not None else q)
    return out


def unfamiliar_org(word: str, text: str, lex: Lexicons) -> bool:
    """「센트로이드는」, 「SK하이닉스도」, 「한빛반도체는」 (named twice): a word no list knows that may name an
    organisation. One or two words, no place, and written in Latin letters, read as a loanword (Sino-Korean common
    nouns such as 경기, 여부, 주역 never are), or named at least twice in the article."""
    words = word.split(" ")
    if len(words) > 2 or not all(re.fullmatch(r"[가-힣A-Za-z0-9&·]{2,}", w) for w in words):
        return False
    if word in lex.places or any(w in lex.places or w in lex.connectives or lex.title_of(w) for w in words):
        return False
    if re.search(r"[A-Za-z]", word) or loan_syllables(word.replace(" ", "")) >= 2:
        return True
    # named again with a case particle or on its own (「경기도」 is no second 「경기」)
    again = re.findall(rf"(?<![가-힣]){re.escape(word)}(?:은|는|이|가|을|를|의|와|과|에|에서|측)?(?![가-힣])", text)
    return len(again) >= 2


def prescan_cast(
    text: str,
    sentences: list[Sentence],
    lex: Lexicons,
    cast: Cast,
    analysis: dict | None = None,
    skip: set[int] = frozenset(),
) -> None:
    """Register the people and organisations the article introduces (「이재성 미래비전연구소 대표」,
    「금융감독원(이하 금감원)」, 「소속사 세븐시즌스」) wherever they appear, so later short forms resolve.

    Quote sentences reuse the parser's own Kiwi analysis; elsewhere only the few words before each title
    go through Kiwi, in one batch."""
    analysis = analysis or {}
    found: list[tuple[int, str]] = []  # (position, phrase)
    windows: list[tuple[int, str]] = []
    for si, sent in enumerate(sentences):
        if si in skip:
            continue
        chunk = text[sent.start : sent.end]
        for m in re.finditer(r"([^\s(]+(?:\([^)]*\)[^\s(]*)?)\(\s*이하\s*([^)]+?)\s*\)", chunk):
            # 「전국민주노동조합총연맹 전국보건의료산업노동조합(이하 보건의료노조)」: the name as written
            start = m.start()
            for _ in range(2):
                before = chunk[:start].rstrip(" ")
                prev = before[before.rfind(" ") + 1 :] if before else ""
                if not prev or not org_like(prev, lex) or not re.fullmatch(r"[가-힣A-Za-z]{2,}", prev):
                    break
                start = len(before) - len(prev)
            found.append((sent.start + start, chunk[start : m.end()]))
        last = None
        for m in _WORD.finditer(chunk):  # 「센트로이드인베스트먼트파트너스와」: every organisation named
            bare = _strip_particle(m.group(0))
            if _named_org(bare, lex):
                # with the body it belongs to written before it: 「대법원 전원합의체는」, 「서울시 교육청이」
                with_owner = last is not None and last.group(0) == _strip_particle(last.group(0)) and (
                    org_like(last.group(0), lex) or last.group(0) in lex.places)
                start = last.start() if with_owner else m.start()
                found.append((sent.start + start, chunk[start : m.start()] + bare))
            last = m
        for m in _TITLE_NAME.finditer(chunk):  # 「안무가 노제(본명 노지혜)가」: parse_mention decides if it is a name
            if lex.title_of(m.group(1)) == m.group(1) and not lex.title_of(m.group(2)):
                end = m.end(3) if m.group(3) else m.end(2)
                found.append((sent.start + m.start(1), chunk[m.start(1) : end]))
        for m in _GROUPS.finditer(chunk):  # 「홈리스행동·인도주의실천의사협의회 등은」: groups speaking together
            found.append((sent.start + m.start(1), m.group(1)))
        for m in _SSI.finditer(chunk):  # 「인덕식(65) 씨」, 「주민 박모(50대) 씨」, 「유튜버 A씨」: 「인 씨는」 later
            role = m.group(1) if m.group(1) and lex.title_of(m.group(1)) == m.group(1) else None
            start = m.start(1) if role else m.start(2)
            found.append((sent.start + start, chunk[start : m.end(4)]))
        for m in ABBREVIATED.finditer(chunk):  # 「대한의사협회(의협)」 anywhere: 「의협은」 later
            if abbreviation(m.group(0), lex) is not None:
                found.append((sent.start + m.start(), m.group(0)))
        words = [(sent.start + m.start(), m.group(0)) for m in _WORD.finditer(chunk)]
        done = analysis.get(si)
        for i, (pos, w) in enumerate(words):
            bare = _strip_particle(w)
            if not bare:
                continue
            if lex.title_of(bare) and not re.search(r"[“”\"‘’'」』]", w):
                if done is not None:
                    masked, tokens = done
                    span = _phrase_in_analysis(masked, tokens, pos + len(bare), text)
                    if span is not None:
                        a = clauses.snap_to_words(text, span[0], lex)
                        found.append((a, text[a : span[1]]))
                    continue
                j = i
                # 「왕이 중국 공산당 … 판공실 주임 겸 외교부장」: a second post reaches further back
                reach = 10 if any(words[x][1] == "겸" for x in range(max(0, i - 6), i)) else 6
                while j > 0 and i - j < reach:
                    prev = words[j - 1][1]
                    if (prev != prev.rstrip(",.…:;") and not _INITIAL.fullmatch(prev)) or re.search(
                        r"[“”\"‘’'」』\]]", prev
                    ):
                        break
                    j -= 1
                if j < i:
                    windows.append((words[j][0], text[words[j][0] : pos + len(bare)]))
            elif (
                i > 0
                and bare != w
                and _FOREIGN_SUBJECT.fullmatch(w)
                and _opens_clause(words, i - 1, lex)
                and _bare_foreign_name(words[i - 1][1], w, bare, lex)
            ):
                found.append((words[i - 1][0], words[i - 1][1] + " " + bare))  # 「빌 게이츠는 …」, not 「일으킨 스타제국은」
            elif i > 0 and _descriptor_name(words, i, bare, lex):
                found.append((words[i - 1][0], words[i - 1][1] + " " + bare))
    for (base, window), tokens in zip(windows, morph.tokenize_many([w for _, w in windows])):
        masked = clauses.Masked(window, [(0, base, len(window))], [])
        span = clauses.noun_phrase_before(tokens, len(tokens), masked, text)
        if span is not None:
            a = max(clauses.snap_to_words(text, span[0], lex), base)
            found.append((a, text[a : span[1]]))
    for pos, phrase in sorted(found, key=lambda f: f[0]):
        _register(phrase, pos, lex, cast)

def _named_org(word: str, lex: Lexicons) -> bool:
    """A word of four syllables or more that ends like an organisation by an ending of two syllables or more
    (「센트로이드인베스트먼트파트너스」, 「녹색연합」); one-syllable endings (시, 도, 부) name too many things."""
    if len(word) < 4 or not re.fullmatch(r"[가-힣A-Za-z&]+", word) or word in lex.places or lex.title_of(word):
        return False
    suffix = lex.org_suffix_of(word)
    return bool(suffix) and len(suffix) >= 2 and suffix not in lex.weak_org_suffixes and len(word) > len(suffix) + 1


def _descriptor_name(words: list[tuple[int, str]], i: int, bare: str, lex: Lexicons) -> bool:
    """「소속사 스타팅하우스를 상대로」, 「그룹 뉴진스는」: a word naming the kind of body, then its name with a particle
    (or 「… 측」); not 「소속사 측에서는」, 「소속사 관계자는」, 「소속사 대표는」."""
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


_GROUPS = re.compile(r"(?<![^\s“”\"])([^\s“”\"·]+(?:·[^\s“”\"·]+)+ 등)(?:은|는|이|가)\s")
_SSI = re.compile(
    r"(?=(?<![가-힣])(?:([가-힣]{2,6})\s)?([가-힣]{2,4}|[A-Z])(\(\s*[^()]{1,12}\))?\s?(씨)(?=[은는이가도의을를와과에\s,.]))"
)
_TITLE_NAME = re.compile(  # a lookahead, so that 「출연했던 안무가」 does not hide 「안무가 노제」
    r"(?=(?<![가-힣])([가-힣]{2,6})\s([가-힣]{2,5})(\([^()]{1,15}\))?(?:은|는|이|가|을|를|의|도)(?=[\s,]))"
)
_FOREIGN_SUBJECT = re.compile(r"[가-힣]{1,6}(?:은|는|이|가|도)")


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
    """「빌 게이츠는」, 「조 바이든이」: a transliterated name written apart with no title, as a subject. Only a
    cheap test here (a loanword syllable, a particle); parse_mention decides when it is registered."""
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
    k = next((i for i, t in enumerate(tokens) if t.start >= at), len(tokens))
    if k == 0 or tokens[k - 1].start + tokens[k - 1].len != at:
        return None
    # The phrase starts after the quote before it and its 「고」 (「“…”고 김민수 장관은」: 고 is no organisation).
    ends = [e for _, e in masked.slots if e <= at]
    lo = ends[-1] + clauses.link_match(masked.text[ends[-1] :])[1] if ends else 0
    return clauses.noun_phrase_before(tokens, k, masked, text, lo)


def _strip_particle(word: str) -> str:
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
