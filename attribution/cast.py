"""The article's cast: every person, organisation and source it names, with their titles, aliases and positions.

`introductions.prescan_cast` fills it from the whole article before any quote is attributed, so that later short
forms (「이 대표는」, 「금감원」, 「그는」) resolve to someone the article introduced; `Cast.enroll` adds the speakers
a quote's own sentence introduces. A speaker is always a member of the cast (see `chooser.py`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .lexicon import Lexicons
from .mentions import (
    NAME_SUFFIXES,
    Mention,
    loan_syllables,
    org_like,
    title_fits,
)
from .model import ANONYMOUS, ORGANIZATION, PERSON


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
        self.version = 0  # grows whenever what a phrase can mean changes (see parse_mention's memo)
        self.parsed: dict[str, tuple[int, Mention]] = {}
        # Indexes, so that a look-up costs the same in the thousandth paragraph as in the first: the place of each
        # entity in `entities`, the entities that have (or once had) a name or alias, and the people whose name
        # written without spaces starts with a given surname. Names and aliases only ever grow (a renamed
        # organisation keeps its old name as an alias), so an index entry may be stale but never missing; look-ups
        # check each candidate as the scans they replace did, and keep the scans' order.
        self._order: dict[int, int] = {}
        self._by_word: dict[str, list[Entity]] = {}
        self._by_surname: dict[str, list[Entity]] = {}
        self._spaced_people: list[Entity] = []  # 「앙겔라 메르켈」: surname_fits reads these word by word
        self._changing: dict[int, tuple[Entity, tuple]] = {}

    # --- registration -------------------------------------------------------------------------------
    def touch(self) -> None:
        """Something a phrase's reading depends on changed (a name, a title, an alias)."""
        self.version += 1

    def add(self, m: Mention, pos: int) -> Entity | None:
        """Register a mention; the version moves when a member joined or one's name, title, organisation or
        aliases changed (the entities `_add` changes note themselves first, so the cast is not read whole)."""
        count, self._changing = len(self.entities), {}
        ent = self._add(m, pos)
        if len(self.entities) != count or any(_fingerprint(e) != was for e, was in self._changing.values()):
            self.touch()
        return ent

    def _will_change(self, e: Entity) -> None:
        """`e` is about to change: remember how it was, for `add`."""
        self._changing.setdefault(id(e), (e, _fingerprint(e)))

    def _enter(self, e: Entity) -> Entity:
        """A new member, at the end of the cast and in the indexes."""
        self._order[id(e)] = len(self.entities)
        self.entities.append(e)
        self._index(e, e.name)
        for alias in e.aliases:
            self._index(e, alias)
        if e.type == PERSON:
            if " " in e.name:
                self._spaced_people.append(e)
            else:
                for i in range(len(e.name)):  # every prefix shorter than the name, the empty one too
                    self._by_surname.setdefault(e.name[:i], []).append(e)
        return e

    def _index(self, e: Entity, word: str) -> None:
        entries = self._by_word.setdefault(word, [])
        if not any(x is e for x in entries):
            entries.append(e)

    def _alias(self, e: Entity, word: str) -> None:
        self._will_change(e)
        e.aliases.add(word)
        self._index(e, word)

    def _first(self, word: str, fits) -> Entity | None:
        """The earliest member named or aliased `word` for which `fits` holds (what a scan from the start found)."""
        entries = self._by_word.get(word, ())
        if len(entries) == 1:  # most words name one member
            return entries[0] if fits(entries[0]) else None
        hits = [e for e in entries if fits(e)]
        return min(hits, key=lambda e: self._order[id(e)]) if hits else None

    def _add(self, m: Mention, pos: int) -> Entity | None:
        if m.kind == ANONYMOUS and m.org and m.org not in self.lex.org_descriptors:
            # 「대한축구협회 관계자」 names the organisation that 「협회는」, 「회사는」 later stand for
            self._add(Mention(ORGANIZATION, m.org, name=m.org, org=m.org), pos)
        if m.kind == PERSON and m.name and m.org in self.lex.org_descriptors:
            m.org = self.org_before(m.org, pos)  # 「같은 당 김용민 의원」
        if m.kind == PERSON and m.name and _PARTICLE_END.search(m.name):
            return None  # 「노제의 대리인」, 「기업의 …」: a genitive is no one's name
        if m.kind == PERSON and m.name:
            ent = self.find_person(m.name, m.org)
            if ent is None:
                ent = self._enter(Entity(m.name, PERSON, m.title, m.org))
            else:
                self._will_change(ent)
                ent.title = _fuller_title(ent.title, m.title, self.lex)
                ent.org = _fuller_org(ent.org, m.org)
        elif m.kind == ORGANIZATION and m.name:
            ent = self.find_org(m.name) or self._written_longer(m.name)
            if ent is None and " " not in m.name:
                ent = self.find_short(m.name)  # 「보건노조」 after 「…노동조합(이하 보건의료노조)」
                if ent is not None:
                    self._alias(ent, m.name)
            if ent is None:
                ent = self._enter(Entity(m.name, ORGANIZATION, None, m.name))
        elif m.kind == ANONYMOUS and m.name:
            ent = self._first(m.name, lambda e: e.name == m.name)
            if ent is None:
                ent = self._enter(Entity(m.name, ANONYMOUS, m.title, m.org))
        else:
            return None
        if m.alias:
            self._alias(ent, m.alias)
            if m.kind == PERSON and m.org:
                org = self.find_org(m.org) or self._enter(Entity(m.org, ORGANIZATION, None, m.org))
                self._alias(org, m.alias)
                ent.aliases.discard(m.alias)
        if m.descriptor:
            self._alias(ent, m.descriptor)
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
        ent = self._first(name, lambda e: e.name == name and e.type == got.type)
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
        return self._first(name, lambda e: e.type == PERSON and e.name == name)

    def find_org(self, name: str) -> Entity | None:
        return self._first(name, lambda e: e.type == ORGANIZATION and (e.name == name or name in e.aliases))

    def _written_longer(self, name: str) -> Entity | None:
        """The organisation `name` is the same as, written with words before it: 「대법원 전원합의체」 and
        「전원합의체」 are one body, known by the longer name (the shorter becomes an alias)."""
        for e in self.entities:
            if e.type != ORGANIZATION or e.name == name:
                continue
            if e.name.endswith(" " + name):
                self._alias(e, name)
                return e
            if name.endswith(" " + e.name) and (name[: -len(e.name) - 1] in self.lex.places or org_like(
                    name[: -len(e.name) - 1], self.lex)):
                self._alias(e, e.name)  # 「대법원 전원합의체」 after 「전원합의체」; not a person's name before it
                e.name = e.org = name
                self._index(e, name)
                return e
        return None

    def find_short(self, word: str) -> Entity | None:
        """The one organisation of the cast that `word` shortens: the start of its name (「센트로이드」 of
        센트로이드인베스트먼트파트너스), its name less Latin letters before it (「산업은행」 of KDB산업은행), or a
        Sino-Korean abbreviation: the first syllable and the others in order (「공정위」 of 공정거래위원회,
        「보건노조」 of 보건의료노조, 「특검」 of 박영수 특별검사팀's last word). A place is never a short form."""
        if len(word) < 2 or not re.fullmatch(r"[가-힣A-Za-z0-9]+", word) or word in self.lex.places:
            return None
        hits = []
        for e in self.entities:
            if e.type != ORGANIZATION:
                continue
            names = [e.name, *e.aliases]
            names += [n.split(" ")[-1] for n in names if " " in n]
            for name in names:
                name = name.replace(" ", "")
                if name == word or len(name) <= len(word):
                    continue
                rest = iter(name)
                if (
                    name.startswith(word) and len(word) >= 3
                    or re.fullmatch(r"[A-Za-z]{2,5}", name[: len(name) - len(word)]) and name.endswith(word)
                    or len(word) <= 5 and name[0] == word[0] and all(ch in rest for ch in word)
                ):
                    hits.append(e)
                    break
        return hits[0] if len(hits) == 1 else None

    def find_alias(self, word: str) -> Entity | None:
        """The latest member (no unnamed source) with the alias `word`, else the first named `word`."""
        hits = [e for e in self._by_word.get(word, ()) if word in e.aliases and e.type != ANONYMOUS]
        if hits:
            return max(hits, key=lambda e: self._order[id(e)])
        return self._first(word, lambda e: e.name == word)

    def _people_with_surname(self, surname: str) -> list[Entity]:
        """The people whose name `surname` may begin, in the cast's order (see `surname_fits`)."""
        spaced = [e for e in self._spaced_people if surname_fits(e.name, surname)]
        people = self._by_surname.get(surname, [])
        if not spaced:
            return list(people)
        return sorted([*people, *spaced], key=lambda e: self._order[id(e)])

    def has_surname(self, word: str) -> bool:
        return bool(self._people_with_surname(word))

    def find_foreign_surname(self, word: str, title: str | None) -> Entity | None:
        """The one person whose name written apart ends with `word` (「메르켈」 of 「앙겔라 메르켈」) or starts with
        it (「기시다」 of 「기시다 후미오」; not a one-syllable given name such as 「팀」 of 「팀 쿡」)."""
        hits = [e for e in self._spaced_people if _part_of_name(e.name, word)]
        return hits[0] if len(hits) == 1 else None

    def people_by_surname(self, surname: str, title: str | None) -> list[Entity]:
        """Candidates for 「이 대표」: same surname, and a title that fits when one is given."""
        people = self._people_with_surname(surname)
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


def _fingerprint(e: Entity) -> tuple:
    """What a phrase's reading may depend on (see `Cast.add`)."""
    return e.name, e.title, e.org, len(e.aliases)


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


def with_cast_titles(cast: Cast, quotes: list) -> list:
    """Every quote of a person carries the title and organisation the whole article gives them (「이 사장」 is
    「현대자동차 대표이사(사장)」 of the fullest mention, whichever the quote's sentence used)."""
    out = []
    for q in quotes:
        ent = cast.find_person(q.speaker) if q.speaker_type == PERSON and q.speaker else None
        out.append(replace(q, title=ent.title or q.title, org=ent.org or q.org) if ent is not None else q)
    return out


def unfamiliar_org(word: str, text: str, lex: Lexicons, memo: dict | None = None) -> bool:
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
    # named again with a case particle or on its own (「경기도」 is no second 「경기」); counted once per article
    # when the caller keeps a memo
    key = ("named twice", word)
    if memo is not None and key in memo:
        return memo[key]
    again = re.finditer(rf"(?<![가-힣]){re.escape(word)}(?:은|는|이|가|을|를|의|와|과|에|에서|측)?(?![가-힣])", text)
    twice = next(again, None) is not None and next(again, None) is not None
    if memo is not None:
        memo[key] = twice
    return twice


