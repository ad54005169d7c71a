"""The chooser: the one place that decides a chain's speaker from the candidates every sieve proposes.

Each sieve (`sieves.SIEVES`) reads one kind of evidence and proposes at most one candidate. The chooser

1. keeps only candidates whose speaker is a member of the article's cast (`Cast.enroll`): a phrase that names no
   one (「경기는」, 「여부는」) was already refused by `resolve`, and anything else that is not a person, an
   organisation or a source is refused here, so the evidence falls through to the next candidate;
2. prefers *direct* evidence (the sentence itself names the speaker: subject, label, possessor, headline) over
   *context* (who spoke before: carry-over, the latest subject, the interviewee), as the weights' tier column says;
3. lets a named mention it could not resolve (a *hint*: 「박 원내대표는」 with no such 박 in the cast, two 김 대표)
   veto context candidates that do not fit it: such a quote stays unknown rather than going to someone else;
4. ranks what is left by sieve weight × the candidate's own confidence, and lowers the confidence when a rival
   in the same tier names someone else almost as strongly.

The weights live in `resources/lexicons/sieve_weights.tsv` (sieve, weight, tier), so the order of evidence is
data a reader can change; the evidence of the choice is kept on the quote for `main.py eval --show-errors`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .cast import surname_fits
from .mentions import title_fits
from .model import ORGANIZATION, OTHER, ChainInfo
from .resolve import UNKNOWN_SPEAKER, Attribution
from .sieves import SIEVES

DIRECT, CONTEXT = "direct", "context"
RIVAL_SHARE = 0.75  # a rival this close to the best in the same tier makes the choice doubtful


@dataclass(frozen=True)
class Candidate:
    sieve: str
    got: Attribution
    weight: float
    tier: str

    @property
    def score(self) -> float:
        return self.weight * self.got.confidence


def candidates(ctx, chain: ChainInfo, tier: str) -> list[Candidate]:
    """What every sieve of a tier proposes for the chain, in sieve order."""
    weights = ctx.lex.sieve_weights
    out = []
    for name, sieve in SIEVES:
        weight, its_tier = weights.get(name, (0.5, CONTEXT))
        if its_tier != tier:
            continue
        got = sieve(ctx, chain)
        if got is not None:
            out.append(Candidate(name, got, weight, its_tier))
    return out


def choose(ctx, chain: ChainInfo) -> tuple[Attribution, str, tuple[str, ...]]:
    """The chain's speaker, the sieve that decided it, and the evidence of the choice. Context is asked only
    when no direct evidence names a member of the cast (direct evidence always wins over it)."""
    notes: list[str] = []
    found = candidates(ctx, chain, DIRECT)
    members = _members(ctx, found, notes)
    if not members and not any(c.got.nobody for c in found):
        found += candidates(ctx, chain, CONTEXT)
        members = _members(ctx, [c for c in found if c.tier == CONTEXT], notes)
    hints = [c for c in found if c.got.speaker is None and c.got.mention and c.tier == DIRECT and not c.got.nobody]
    direct = [c for c in members if c.tier == DIRECT]
    pool = direct or members
    nobody = next((c for c in found if c.got.nobody), None)
    if nobody is not None and not direct:
        notes.append(f"chooser: 「{nobody.got.mention}」 reports words no one named said; context is not asked")
        return replace(UNKNOWN_SPEAKER, resolution=OTHER, mention=nobody.got.mention,
                       mention_start=nobody.got.mention_start, mention_end=nobody.got.mention_end), nobody.sieve, tuple(notes)
    if hints and not direct:
        hint = max(hints, key=lambda c: c.score).got
        fitting = [c for c in pool if fits(c.got, hint)]
        for c in pool:
            if c not in fitting:
                notes.append(f"chooser: {c.sieve} → {c.got.speaker} does not fit 「{hint.mention}」")
        pool = fitting
        if not pool:
            notes.append(f"chooser: 「{hint.mention}」 is no one the cast can tell")
            return replace(UNKNOWN_SPEAKER, title=hint.title, mention=hint.mention, mention_start=hint.mention_start,
                           mention_end=hint.mention_end), "unknown", tuple(notes)
    if not pool:
        return UNKNOWN_SPEAKER, "unknown", tuple(notes)
    best = max(pool, key=lambda c: c.score)  # max keeps the first of equals: sieve order breaks ties
    got = best.got
    parts = (got.speaker or "").split("·")
    for part in parts:
        ent = ctx.cast.enroll(replace(got, speaker=part) if len(parts) > 1 else got)
        if ent is not None:
            ent.spoke = True
            side = ctx.cast.find_org(ent.org) if ent.org and ent.type != ORGANIZATION else None
            if side is not None:
                side.spoke = True  # 「한빛전자 관계자」 spoke for 한빛전자: 「회사는」 later is the company
    rivals = [c for c in pool if c.got.speaker != got.speaker and c.score >= RIVAL_SHARE * best.score]
    if rivals:
        notes += [f"chooser: {c.sieve} → {c.got.speaker} ({c.score:.2f}) against {best.score:.2f}" for c in rivals]
        got = replace(got, confidence=round(got.confidence * 0.8, 2), needs_review=True)
    return got, best.sieve, tuple(notes)


def _members(ctx, found: list[Candidate], notes: list[str]) -> list[Candidate]:
    """The candidates whose speaker is a member of the cast (refusals noted)."""
    members = []
    for c in found:
        if c.got.speaker is None:
            continue
        if ctx.cast.enroll(c.got) is None:
            notes.append(f"chooser: refused {c.sieve} 「{c.got.mention or c.got.speaker}」: no one of the cast")
            continue
        members.append(c)
    return members


def fits(got: Attribution, hint: Attribution) -> bool:
    """A candidate fits a hint when it has the hint's surname (if any) and a title that fits the hint's."""
    if not got.speaker:
        return False
    if hint.surname and not any(surname_fits(part, hint.surname) for part in got.speaker.split("·")):
        return False
    if hint.title and hint.title != "씨":
        if got.title:
            return title_fits(got.title, hint.title)
        return hint.surname is not None  # the surname fits and nothing says the title does not
    return True


# --------------------------------------------------------------------------------------------------
# A second look at headings, once the body is attributed
# --------------------------------------------------------------------------------------------------


