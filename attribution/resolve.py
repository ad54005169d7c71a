"""Who a speaker phrase stands for: a mention resolved against the article's cast and the quotes before it.

`resolve` answers only with a member of the cast: someone the article introduces (registered on the way when the
phrase itself introduces them: 「김민수 한빛전자 대표는」), an organisation, or an unnamed source. A phrase that
names someone the cast cannot tell apart (「박 원내대표」 with no 박 of that title in the article, two 김 대표) is
a *hint* (`Attribution` with no speaker, the surname and title it gave), never a speaker: the chooser keeps only
evidence that fits it. Anything else (「경기는」, 「여부는」) names no one and resolves to None.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from .clauses import Phrase
from .mentions import Mention, age_note, title_fits
from .model import (
    ALIAS,
    ANONYMOUS,
    CARRY_OVER,
    ORGANIZATION,
    PERSON,
    SAME_SENTENCE,
    SURNAME_TITLE,
    UNKNOWN,
)


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
    surname: str | None = None  # a hint's surname: 「박 원내대표」 that no one of the cast is
    nobody: bool = False  # the sentence reports the words as no one's: 「“…”는 말도 나왔다」


UNKNOWN_SPEAKER = Attribution(None, UNKNOWN, None, None, UNKNOWN, 0.2, True)

def resolve(ctx, m: Mention, phrase: Phrase, si: int) -> Attribution | None:
    cast = ctx.cast
    pos = phrase.start
    where = dict(mention=phrase.text, mention_start=phrase.start, mention_end=phrase.end)
    if m.kind == PERSON and m.name:
        ent = cast.find_person(m.name)
        post, post_org = _appositive(ctx, pos)
        title = m.title or (ent.title if ent else None) or post
        org = m.org or post_org
        if org in ctx.lex.org_descriptors:  # 「같은 당 김용민 의원」: the party of whoever was named before
            org = (ent.org if ent and ent.org not in ctx.lex.org_descriptors else None) or cast.org_before(org, pos)
        org = org or (ent.org if ent else None)
        if org:
            org_ent = cast.find_org(org)
            org = org_ent.name if org_ent else org
        return Attribution(m.name, PERSON, title, org, SAME_SENTENCE, 0.95, **where)
    if m.kind == "surname_title":
        people = cast.people_by_surname(m.surname or "", m.title)
        aged = m.title == "씨" and re.search(r"\(\s*\d{1,3}", phrase.text) is not None
        if m.title == "씨" and (aged or len(people) > 1):
            # 「김씨(62·상인)」 introduces someone, and 「김씨」 is rather 김씨 than 김용민 의원 named before.
            plain = [e for e in people if not (e.title and ctx.lex.title_of(e.title))]
            same = [e for e in people if e.name in (f"{m.surname}씨", f"{m.surname}모")]  # 이씨 of 이모(58)씨
            people = same if len(same) == 1 and not aged else plain if aged or len(plain) == 1 else people
        if len(people) == 1:
            e = people[0]
            title = e.title if m.title in (None, "씨") else (m.title if not e.title else e.title)
            if m.title not in (None, "씨") and e.title and not title_fits(e.title, m.title) and (
                not ctx.lex.title_of(e.title) and ctx.lex.title_of(m.title)
            ):
                title = e.title = m.title  # 「권 대변인」 mends the 「대변」 the article first wrote
                cast.touch()
            return Attribution(e.name, PERSON, title, e.org, SURNAME_TITLE, 0.9, **where)
        if len(people) > 1:  # two people fit: never guess
            title = None if m.title == "씨" else m.title
            return Attribution(None, UNKNOWN, title, m.org, SURNAME_TITLE, 0.35, True, surname=m.surname, **where)
        full = korean_name_before(ctx, m.surname or "", m.title, pos)
        if full is not None:
            # 「최순자(82)씨는 …」 in a sentence without a quote, then 「최 할머니는 “…”」.
            cast.add(Mention(PERSON, full, name=full), pos)
            return Attribution(full, PERSON, None if m.title == "씨" else m.title, None, SURNAME_TITLE, 0.8, **where)
        name = (m.surname or "") + ("씨" if m.title == "씨" else "")
        if aged:
            # 「김씨(45)는」: an age introduces someone the paper names no further; the speaker is 김씨.
            role, org = age_note(phrase.text, ctx.lex, cast)
            cast.add(Mention(PERSON, name, name=name, title=role, org=org), pos)
            return Attribution(name, PERSON, role, org, SAME_SENTENCE, 0.8, **where)
        return Attribution(None, UNKNOWN, None if m.title == "씨" else m.title, m.org, SURNAME_TITLE, 0.5, True,
                           surname=m.surname, **where)
    if m.kind == "title_only":
        hits = cast.by_title(m.title or "", m.org)
        if len(hits) == 1:
            e = hits[0]
            return Attribution(e.name, e.type, e.title, e.org, ALIAS, 0.75, **where)
        if hits:  # two of the cast hold the title: a hint
            return Attribution(None, UNKNOWN, m.title, m.org, SURNAME_TITLE, 0.45, True, **where)
        # 「농장주는」, 「사측 대리인은」: someone the story names by role only, an unnamed source
        name = phrase.text.strip()
        cast.add(Mention(ANONYMOUS, name, name=name, title=m.title, org=m.org), pos)
        return Attribution(name, ANONYMOUS, m.title, m.org, SAME_SENTENCE, 0.7, **where)
    if m.kind == "pronoun":
        want = "group" if ctx.lex.pronouns.get(m.name or "") == "group" else PERSON
        prev = ctx.last
        moved = story_subject(ctx, pos, ctx.last_sentence) if want == PERSON else None
        if moved is not None and (prev is None or moved.speaker != prev.speaker and _as_salient(ctx, moved, prev)):
            return replace(moved, **where)  # 「그는」 is the person the sentences since the last quote are about
        if prev is not None and (
            prev.type == PERSON
            or prev.type == ANONYMOUS and (want == "group") == ctx.lex.collective(prev.speaker or "")
        ):  # 「통일부 고위당국자는 “…”. 그는 “…”」: one unnamed official is a 「그」 too
            return Attribution(prev.speaker, prev.type, prev.title, prev.org, CARRY_OVER, 0.85, **where)
        # The reporter of a byline (「홍길동 기자 =」) is never the 「그」 of the story.
        people = [
            e for e in cast.entities
            if e.type == PERSON and e.positions and e.positions[0] < pos and (e.title or "") != "기자"
        ]
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
        kin = None if m.org else _same_kind(ctx, kind, pos)
        if kin is not None:  # 「사측은」 after 「소속사 스타팅하우스」: the company of the story, by another word
            return Attribution(kin.name, ORGANIZATION, None, kin.name, ALIAS, 0.8, **where)
        named = None if m.org or kind == "government" else cast.org_ending_with(m.descriptor or "", pos)
        if named is not None:  # 「협회는」 after 「대한축구협회 관계자」
            return Attribution(named, ORGANIZATION, None, named, ALIAS, 0.8, **where)
        if kind not in ("company", "media", "team", "court", "group") and not m.org:
            # 「정부는」, 「검찰은」: the institution itself.
            return Attribution(m.descriptor, ORGANIZATION, None, m.descriptor, SAME_SENTENCE, 0.8, **where)
        prev = ctx.last
        if prev is not None and prev.type == ORGANIZATION and not m.org:
            return Attribution(prev.speaker, ORGANIZATION, None, prev.org, ALIAS, 0.75, **where)
        # the latest organisation that spoke before (the cast holds every body the article names, most of them
        # objects: 「인수위원회 앞에서 기자회견을 열고」 does not make the committee the group that speaks)
        orgs = [e for e in cast.entities if e.type == ORGANIZATION and e.positions and e.positions[0] < pos and (
            e.spoke or _was_subject(ctx, e.name, pos))]
        topic = None if m.org else recent_org_topic(ctx, pos)
        if topic is not None and (not orgs or topic[1] > orgs[-1].positions[0] or topic[0].endswith(orgs[-1].name)):
            return Attribution(topic[0], ORGANIZATION, None, topic[0], ALIAS, 0.65, **where)
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
        ent = cast.find_org(m.name) or (cast.find_short(m.name) if " " not in m.name else None)
        name = ent.name if ent else m.name
        resolution = SAME_SENTENCE if name == m.name or name in phrase.text else ALIAS
        return Attribution(name, ORGANIZATION, None, name, resolution, 0.9, **where)
    if m.kind == ANONYMOUS:
        return Attribution(m.name, ANONYMOUS, m.title, m.org, SAME_SENTENCE, 0.85, **where)
    return None


_APPOSITIVE = re.compile(r"(?:^|\s)(?:([^\s“”\"]{2,12})\s)?((?:전\s)?[가-힣]{2,8})인\s+$")


def _appositive(ctx, pos: int) -> tuple[str | None, str | None]:
    """「전 장관인 박영호 씨」, 「변호사인 김민수씨」, 「더불어민주당 간사인 허영 의원」: a post given before the
    name with the copula 인, as (title, organisation)."""
    from .mentions import org_like

    found = _APPOSITIVE.search(ctx.text[max(0, pos - 30) : pos])
    if not found or not ctx.lex.title_of(found.group(2).removeprefix("전 ")):
        return None, None
    org = found.group(1)
    return found.group(2), org if org and org_like(org, ctx.lex, ctx.cast) else None


_PARTICLE_AFTER = r"(?:은|는|이|가|을|를|의|에게|에|와|과|도|로|으로|까지|만)?(?![가-힣])"


def foreign_name_before(ctx, word: str, pos: int) -> str | None:
    """「게이츠는」 after 「빌 게이츠는 …」 in a sentence with no quote (which the cast never saw): the latest
    transliterated name written apart before `pos` whose family name is `word`. A regex over the text, no Kiwi."""
    from .mentions import foreign_name_span, loan_syllables, verbal

    if not re.fullmatch(r"[가-힣]{2,6}", word) or not loan_syllables(word) or ctx.cast.find_alias(word):
        return None
    found = None
    key = ("written apart", word)
    if key not in ctx.memo:  # every 「given WORD」 of the article, read once per word
        # The given name starts a word (「”고 네이버 대표」: 고 ends the quote's clause).
        ctx.memo[key] = [(m.end(), m.group(1)) for m in re.finditer(
            r"(?:^|(?<=[\s(‘'“\"]))([가-힣]{1,6}) " + re.escape(word) + _PARTICLE_AFTER, ctx.text)]
    for end, given in ctx.memo[key]:
        if end > pos:
            break
        if foreign_name_span([given, word], ctx.lex, ctx.cast) == 2 and not verbal(given):  # 「따르면」
            found = f"{given} {word}"
    return found


def korean_name_before(ctx, surname: str, title: str | None, pos: int) -> str | None:
    """The one full name with this surname that the text before `pos` gives with an age, 씨 or the same title
    (「최순자(82)씨」, 「최순자 할머니」) although the cast never saw it (no quote, no listed title): a regex."""
    from .mentions import korean_name

    if not re.fullmatch(r"[가-힣]{1,2}", surname):
        return None
    key = ("named with", surname, title)
    if key not in ctx.memo:  # every such name of the article, read once per surname and title
        after = r"(?:\(\s*\d{1,3}[^)]{0,12}\)\s?씨|\s?씨" + (
            rf"|(?:\([^)]*\))?\s{re.escape(title)}" if title and title != "씨" else "") + ")"
        ctx.memo[key] = [
            (m.end(), m.group(1))
            for m in re.finditer(rf"(?<![가-힣])({re.escape(surname)}[가-힣]{{1,2}}){after}", ctx.text)
            if korean_name(m.group(1), ctx.lex) or len(m.group(1)) == 2
        ]
    names = {name for end, name in ctx.memo[key] if end <= pos}
    return names.pop() if len(names) == 1 else None


LEADING_TOPIC = re.compile(
    r"^(?:(?:한편|또|또한|이어|이에|앞서|그러나|하지만|특히)[,\s]+)?((?:\S+\s){0,4}?\S+?)(?:은|는|도|\s역시)\s"
)
LEADING_SUBJECT = re.compile(  # the topic or the subject, not one more (도): 「김형진씨도 … 당했다」 moves no story
    r"^(?:(?:한편|또|또한|이어|이에|앞서|그러나|하지만|특히)[,\s]+)?((?:\S+\s){0,4}?\S+?)(?:은|는|이|가)\s"
)
# A word inside a leading phrase that ends in a case particle or a verb ending belongs to a clause of its own
# (「[OSEN] 가수 아이유가 경기도 …」 has no topic 「경기」).
# (Names end in 서, 은, 다 … too: only particles that no Korean name ends with count.)
_NOT_IN_PHRASE = re.compile(r"(?:[가-힣]가|을|를|에|에서|에게|으로|했다|[.,:])$")


_LOCATIVE = re.compile(r"(?:에|에서|에게|으로|로|와|과|까지|부터|보다|처럼)$")


def leading_phrase(ctx, sent, subjects: bool = False) -> Phrase | None:
    """The phrase a sentence opens with as its topic (은/는/도/역시), or also its subject (이/가) when `subjects`:
    「한편 박준서 의원은 …」. None when what precedes the particle is no noun phrase."""
    chunk = ctx.text[sent.start : sent.end]
    found = (LEADING_SUBJECT if subjects else LEADING_TOPIC).match(chunk)
    if not found:
        return None
    text = found.group(1)
    words = text.split(" ")
    if any(_NOT_IN_PHRASE.search(w) for w in words[:-1]) or words[-1].startswith(("[", "<")):
        return None
    if _LOCATIVE.search(words[-1]):
        return None  # 「제이엠에스에는」, 「회의에서는」: where, not who
    particle = chunk[found.end(1) : found.end()].strip()
    if particle == "도" and (words[-1] + "도") in ctx.lex.places:
        return None  # 「경기도」, 「제주도」 are places, not 「경기」 too
    at = sent.start + found.start(1)
    return Phrase(text, at, at + len(text), "topic")


def _as_salient(ctx, new: Attribution, old: Attribution) -> bool:
    """The person a sentence opened with is named at least half as often as the last speaker: 「회원 김형진씨는
    … 당했다. 그는 “…”」 in an interview with someone named twenty times is still the interviewee."""
    a, b = ctx.cast.find_person(new.speaker or ""), ctx.cast.find_person(old.speaker or "")
    return a is None or b is None or 2 * len(a.positions) >= len(b.positions)


def story_subject(ctx, pos: int, since: int) -> Attribution | None:
    """The person the story moved to since sentence `since`: the latest sentence before `pos` that opens with a
    person of the cast as its topic or subject (「도널드 트럼프 미국 대통령이 … 밝힌 게 충격을 줬다. 그는 “…”」)."""
    from .mentions import parse_mention

    upto = bisect_right(ctx.sentences, pos, key=lambda s: s.end)  # the sentences that end by `pos`
    for sent in reversed(ctx.sentences[since + 1 : upto]):
        if sent.spans:
            break
        phrase = leading_phrase(ctx, sent, subjects=True)
        if phrase is None:
            continue
        m = parse_mention(phrase.text, ctx.lex, ctx.cast)
        if m.kind == PERSON and m.name and ctx.cast.find_person(m.name) is not None:
            e = ctx.cast.find_person(m.name)
            return Attribution(e.name, PERSON, e.title, e.org, CARRY_OVER, 0.8, mention=phrase.text,
                               mention_start=phrase.start, mention_end=phrase.end)
        if m.kind == "surname_title":
            people = ctx.cast.people_by_surname(m.surname or "", m.title)
            if len(people) == 1:
                e = people[0]
                return Attribution(e.name, PERSON, e.title, e.org, CARRY_OVER, 0.8, mention=phrase.text,
                                   mention_start=phrase.start, mention_end=phrase.end)
    return None


def recent_org_topic(ctx, pos: int, sentences_back: int = 5) -> tuple[str, int] | None:
    """The latest organisation that opened a sentence before `pos` (「한빛건설은 신사업을 발표했다」), as
    (name, position): what 「회사 측은」 or 「구단은」 most likely stands for."""
    from .cast import unfamiliar_org
    from .mentions import parse_mention

    upto = bisect_right(ctx.sentences, pos, key=lambda s: s.end)  # the sentences that end by `pos`
    for sent in reversed(ctx.sentences[max(0, upto - sentences_back) : upto]):
        found = leading_phrase(ctx, sent)
        if found is None:
            continue
        phrase = found.text
        m = parse_mention(phrase, ctx.lex, ctx.cast)
        if m.kind == ORGANIZATION and m.name:
            return m.name, sent.start
        if m.kind == UNKNOWN and " " not in phrase and unfamiliar_org(phrase, ctx.text, ctx.lex, ctx.memo):
            return phrase, sent.start
    return None


def unfamiliar_speaker(ctx, phrase: Phrase) -> Attribution:
    """An unfamiliar name that speaks (see `cast.unfamiliar_org`), as the organisation of the cast it names
    (「센트로이드」 is 센트로이드인베스트먼트파트너스 when the article named that) or a new one."""
    name = phrase.text
    ent = ctx.cast.add(Mention(ORGANIZATION, name, name=name, org=name), phrase.start)
    full = ent.name if ent is not None else name
    return Attribution(full, ORGANIZATION, None, full, SAME_SENTENCE if full == name else ALIAS, 0.6, False,
                       phrase.text, phrase.start, phrase.end)


def _was_subject(ctx, name: str, pos: int) -> bool:
    """`name` stands as a topic or subject before `pos` (「홈리스행동·인도주의실천의사협의회 등은 … 열고」).
    Where it first does is read once per article and name."""
    key = ("first subject", name)
    if key not in ctx.memo:
        found = re.search(rf"(?<![가-힣]){re.escape(name)}(?:은|는|이|가|도)\s", ctx.text)
        ctx.memo[key] = found.end() if found else None
    return ctx.memo[key] is not None and ctx.memo[key] <= pos


def _same_kind(ctx, kind: str, pos: int):
    """The one organisation the article introduced with a descriptor of this kind (「소속사 스타팅하우스」 for
    「사측」, 「회사」), else None."""
    if kind not in ("company", "team", "media", "group"):
        return None
    descriptors = ctx.lex.org_descriptors
    hits = [e for e in ctx.cast.entities if e.type == ORGANIZATION and e.positions and min(e.positions) < pos
            and any(descriptors.get(a) == kind for a in e.aliases)]
    return hits[0] if len(hits) == 1 else None


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
    # 「이 고위당국자는」 after 「통일부 고위당국자는」: the latest source named with that head
    named = [e for e in ctx.cast.entities if e.positions and min(e.positions) < pos and (
        e.name.endswith(head) or (e.title or "").endswith(head))]
    if named:
        e = max(named, key=lambda e: max(p for p in e.positions if p < pos))
        return Attribution(e.name, e.type, e.title, e.org, ALIAS, 0.7, **where)
    return None


