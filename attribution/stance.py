"""Stance: how a quote is framed by the journalist's verb and what the speaker's own words commit to.

`analyze(quote_text, verb)` returns a `Stance` with four fields, each with its evidence:

frame
    From the reporting verb's dictionary form, looked up in `resources/lexicons/frames.tsv`. An unknown
    X하다/X되다 verb is looked up by its noun X; anything else unknown is "neutral". No verb: frame None.

stance
    From Kiwi's morphological analysis of the quote, never from substrings of the raw text.
    1. The quote is split into clauses after every sentence-final ending (EF), every connective ending (EC)
       that is not followed by an auxiliary (지/EC 않/VX, 어야/EC 하/VX stay together), sentence
       punctuation and commas. A clause ending in a quotative or indirect-question ending (…다고 하다,
       …라 믿다, …할지 모르다) is *embedded*: its grammatical modality (-겠-, -어야 하-) is not the
       speaker's own commitment, so only lexical cues count there (but before a present "생각한다/본다/
       믿는다" it is the speaker's own view: "…해야 한다고 본다" demands). The same holds for a *subordinate*
       clause that sets the background of the next one (…지만, …는데, …어서, …니까, …면: "도와드리고 싶지만
       예산이 없다" pledges nothing), unless it is the quote's last. A question ending inside a sentence asks
       only before a pause ("…하겠느냐, …하겠느냐"); run on into a noun it names an alternative
       ("…하느냐 마느냐의 문제"). A clause whose head lies inside quote marks or brackets within the quote
       (‘…라며’, <title>, an interviewer's "(…인가요?)") is embedded too, and never a question.
    2. Each clause is matched against the cue patterns of `resources/lexicons/stance_cues.tsv`
       (morpheme sequences with a label, a priority and conditions such as "final", "nonpast",
       "volitional"). Within a clause the highest-priority cue decides, ties going to the rightmost one
       (Korean is head-final: the last evaluative word is the one the clause predicates). A one-word cue
       also matches a word Kiwi splits into morphemes written together (무/XPN+책임 = 무책임, 직무+유기).
       A clause with no cue is a `question` if it ends in a question ending or "?", else an `assessment`.
    3. Dominance rule: the quote's stance is the label of its last clause, unless an earlier clause
       carries a label that ranks higher in  demand > commitment > criticism > concern > question >
       assessment  (so "…하고 있다. …하겠다" is a commitment and "…필요하다, …하겠냐" a demand). A background
       clause (…면, …지만) competes only when no other clause has a cue: in "…방치한다면 사고가 날지 모른다"
       the charge is hypothetical and the warning decides.
       The other labels found with a cue are kept, in reading order, as `secondary`.
    4. Frame prior: if the result is a plain assessment (no cue of priority >= 90) and the journalist's
       frame says more (criticism, concern, commitment, request, or a verb's own prior in the third column
       of frames.tsv), that stance is taken; a question reported with a criticism or rebuttal frame (or a
       verb whose prior is criticism, 반문하다) is a rhetorical one, i.e. criticism. A question the
       journalist reports as one (묻다, 질문하다) stays a question whatever its shape.
    Future forms (-겠-, -ㄹ 것, -ㄹ 예정) are pledges only with a volitional predicate and no explicit
    third-party subject: "인원이 늘어날 예정이다" and "경제가 살아날 것이다" are forecasts (assessment).

Which morphemes decide (for issue 16, which will analyse less of each quote): a cue with the condition
"final" looks only at a clause's head, i.e. its last words and endings; the others ("worry", "judgement",
"wrongdoing" …) are content words anywhere in the clause; clause splitting needs the connective endings.
On dev + dev2 (410 quotes) the deciding evidence is a final cue for 133, a cue anywhere in the clause for
85, the frame prior for 17, a question ending for 3, and no cue at all for 172. Analysing only the last
4 words of every sentence of a quote (36% of its characters) gives the same stance for 95% of them (last
3 words: 92%, 28%); what it loses are mostly evaluative words earlier in the sentence.

polarity
    Sum of the scores in `resources/lexicons/polarity.tsv` over Kiwi nouns, roots and predicate stems; a
    negation (-지 않다/못하다, 안/못 before a predicate, 없다/아니다 after a noun, also across a compound and
    an adverb: "위법 행위도 전혀 없다") flips the score of the word it negates. A prefix or suffix written
    with a word makes another lexicon word (불+공정, 갑+질). Words inside an institution's name (금융혁신국)
    and 좋다 in the wish "…했으면 좋겠다" do not count. Criticism and concern stances add -1, since they are negative judgements by definition.
    Above zero is positive, below zero negative.

The lexicons are read once (`default_lexicons()`); `load_lexicons(path)` reads another directory, and
every public function takes an optional `lexicons` argument.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .lexicon import lexicon_dir
from .model import Stance
from .resources import read_lexicon, resource_path

LEXICON_DIR = resource_path("lexicons")  # the bundled copy; $BALHEON_LEXICONS replaces it (lexicon_dir())

FRAMES = (
    "neutral", "emphasis", "assessment", "criticism", "concern", "commitment",
    "claim", "rebuttal", "request", "question", "apology",
)
STANCES = ("commitment", "demand", "concern", "criticism", "assessment", "question")
POLARITIES = ("positive", "negative", "neutral")

# Dominance across clauses: a higher rank overrides the last clause's label.
STANCE_RANK = {"demand": 5, "commitment": 4, "criticism": 3, "concern": 2, "question": 1, "assessment": 0}
# What a frame implies about a statement that is otherwise a plain assessment.
FRAME_PRIOR = {"criticism": "criticism", "concern": "concern", "commitment": "commitment", "request": "demand"}
# Frames under which a question is rhetorical.
RHETORICAL_FRAMES = frozenset({"criticism", "rebuttal"})
# A cue of at least this priority is an explicit decision the frame prior must not override.
EXPLICIT_PRIORITY = 90
# Stances that are negative judgements and push polarity down.
NEGATIVE_STANCES = {"criticism": -1.0, "concern": -1.0}

# Kiwi writes final consonant endings with jongseong jamo (ᆫ다); users type compatibility jamo (ㄴ다).
_JAMO = str.maketrans(
    "ᆨᆩᆪᆫᆬᆭᆮᆯᆰᆱᆲᆳᆴᆵᆶᆷᆸᆹᆺᆻᆼᆽᆾᆿᇀᇁᇂ",
    "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ",
)

_PAST = frozenset({"었", "았", "였", "었었", "았었"})
_QUESTION_EF = frozenset({
    "냐", "느냐", "으냐", "니", "으니", "ㄴ가", "는가", "은가", "ㄹ까", "을까", "ㅂ니까", "습니까", "나", "나요",
    "ㄴ가요", "는가요", "은가요", "ㄹ까요", "을까요", "ㅂ니까요", "는지", "ㄴ지", "는지요", "ㄴ지요", "랴", "으랴",
    "냐고", "니까요",
})
# Question endings that Kiwi may tag EC: a question where a sentence ends with them, or (나: also "but") only
# at the end of a quote or before 싶다/생각하다 ("…않나 싶다"). Inside a sentence (…하느냐, …하느냐의 갈림길;
# …하느냐 마느냐하는 문제) they make an indirect or alternative question, a noun's complement, not a question.
_QUESTION_EC_ALWAYS = frozenset({"냐", "느냐", "으냐", "ㄴ가", "는가", "은가"})
_QUESTION_EC = _QUESTION_EC_ALWAYS | {"나"}
_QUESTION_EC_HOSTS = frozenset({"싶", "생각", "하", "보"})
# Endings that make a clause a complement of the next predicate: quoted words (…다고 하다) or an
# indirect question (…할지 모르다). Their modality is not the speaker's own.
_QUOTATIVE_EC = frozenset({"다고", "라고", "냐고", "자고", "으라고", "ㄴ다고", "는다고", "이라고", "다며", "라며",
                           "ㄴ다며", "는다며", "다면서", "라면서", "ㄹ지", "을지", "는지", "ㄴ지", "은지", "라", "이라"})
# Endings of an adverbial clause that sets the background of the main one: concession (…지만, …는데),
# cause (…어서, …니까), condition (…면). What such a clause says about obligation or intention (…해야 하는데,
# …하고 싶어서) is the setting of the sentence, not what the speaker asks or pledges.
_SUBORDINATE_EC = frozenset({
    "지만", "는데", "ㄴ데", "은데", "던데", "어서", "아서", "여서", "서", "니까", "으니까", "니", "으니", "므로", "으므로",
    "면", "으면", "다면", "ㄴ다면", "는다면", "라면", "려면", "으려면", "거든", "어도", "아도", "여도", "라도", "더라도",
    "으나", "다가",
})
_FIRST_PERSON = frozenset({"저", "제", "저희", "우리", "나", "내", "본인", "당사", "저희들", "우리들"})
# Connective endings that do not close a clause when a light verb follows (육성해야 하다, 했으면 좋겠다).
_BOUND_EC = {
    "어야": {"하", "되"}, "아야": {"하", "되"}, "여야": {"하", "되"}, "어야만": {"하", "되"},
    "도록": {"하"}, "고자": {"하"}, "ㄹ지": {"모르"}, "을지": {"모르"}, "려고": {"하"}, "으려고": {"하"}, "려": {"하"}, "으려": {"하"},
    "게": {"하", "되", "생기"}, "으면": {"좋", "하", "싶"}, "면": {"좋", "하", "싶"}, "지": {"않", "못하", "말"},
}
# Tags that may follow a cue that is "final" (on the clause's head predicate).
_TRAILING_TAGS = frozenset({"EP", "EF", "EC", "SF", "SP", "SE", "SS", "SSO", "SSC", "SO", "SW", "JX", "VCP", "ETN"})
_CONTENT_TAGS = frozenset({"NNG", "NNP", "XR", "VV", "VA", "MAG", "NNB"})
_NEGATORS_AFTER = frozenset({"않", "못하", "못"})
# A word written together with one of these is part of an institution's name (금융혁신국, 혁신위원회):
# it names the institution, it does not evaluate anything.
_ORG_SUFFIXES = frozenset({"국", "청", "부", "처", "원", "과", "팀", "실", "단", "위원회", "센터", "재단", "연구소",
                           "연구원", "본부", "협회", "공사", "공단", "진흥원", "위", "당"})


@dataclass(frozen=True, slots=True)
class Morph:
    """One Kiwi token, with its form in compatibility jamo and its tag without the irregular marker."""

    form: str
    tag: str
    start: int
    end: int = 0

    def __str__(self) -> str:
        return f"{self.form}/{self.tag}"


@dataclass(frozen=True, slots=True)
class Element:
    """One position of a cue pattern: forms and tags as exact sets plus compiled globs."""

    forms: frozenset[str] | None  # exact forms; None with no form_glob means any form
    form_glob: re.Pattern | None
    tags: frozenset[str] | None  # exact tags; None with no tag_glob means any tag
    tag_glob: re.Pattern | None
    negated: bool = False
    # First letters of the globbed forms (None if a glob starts with a wildcard): a quick test before
    # the regular expression, which long word lists (부적절*|코미디|…) make slow.
    glob_initials: frozenset[str] | None = None

    def matches(self, m: Morph | None) -> bool:
        if m is None:
            return self.negated
        return self._positive(m) != self.negated

    def _positive(self, m: Morph) -> bool:
        if self.tags is not None or self.tag_glob is not None:
            if not ((self.tags is not None and m.tag in self.tags)
                    or (self.tag_glob is not None and self.tag_glob.match(m.tag))):
                return False
        if self.forms is None and self.form_glob is None:
            return True
        if self.forms is not None and m.form in self.forms:
            return True
        if self.form_glob is None or (self.glob_initials is not None and m.form[:1] not in self.glob_initials):
            return False
        return bool(self.form_glob.match(m.form))


@dataclass(frozen=True, slots=True)
class Cue:
    """A named morpheme pattern that signals a stance."""

    name: str
    label: str
    priority: int
    conditions: frozenset[str]
    elements: tuple[Element, ...]
    pattern: str

    @property
    def required_forms(self) -> tuple[frozenset[str], ...]:
        """Form sets of which the clause must contain one member each (a quick pre-filter)."""
        return tuple(e.forms for e in self.elements
                     if not e.negated and e.forms is not None and e.form_glob is None)


@dataclass(frozen=True, slots=True)
class Lexicons:
    frames: dict[str, str]
    # Verb-specific stance for an otherwise plain quote (frames.tsv third column), e.g. 반문하다 -> criticism.
    priors: dict[str, str]
    cues: tuple[Cue, ...]
    polarity: dict[str, float]
    nonvolitional: frozenset[str]


# ---------------------------------------------------------------------------------------------------
# Loading


def _rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    for number, line in enumerate(read_lexicon(path, encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield number, [cell.strip() for cell in line.split("\t")]


def _norm(form: str) -> str:
    return form.translate(_JAMO)


def _stem(word: str) -> str:
    """Dictionary form to Kiwi stem: 부족하다 -> 부족하; a noun stays as it is."""
    return word[:-1] if len(word) > 1 and word.endswith("다") else word


def _split_globs(values: list[str]) -> tuple[frozenset[str] | None, re.Pattern | None]:
    exact = frozenset(v for v in values if not any(c in v for c in "*?["))
    globs = [v for v in values if any(c in v for c in "*?[")]
    pattern = re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in globs)) if globs else None
    return (exact if exact else None), pattern


def parse_pattern(pattern: str) -> tuple[Element, ...]:
    """`어야|아야/EC 하/VX` -> elements; raises ValueError on a malformed element."""
    elements = []
    for item in pattern.split():
        negated = item.startswith("!")
        if negated:
            item = item[1:]
        form, sep, tag = item.rpartition("/")
        if not sep or not form or not tag:
            raise ValueError(f"pattern element {item!r} is not FORM/TAG")
        values = [] if form == "*" else [_norm(f) for f in form.split("|")]
        forms, form_glob = _split_globs(values) if values else (None, None)
        globbed = [v for v in values if any(c in v for c in "*?[")]
        initials = (frozenset(v[0] for v in globbed)
                    if globbed and not any(v[0] in "*?[" for v in globbed) else None)
        tags, tag_glob = (None, None) if tag == "*" else _split_globs(tag.split("|"))
        elements.append(Element(forms, form_glob, tags, tag_glob, negated, initials))
    return tuple(elements)


def load_lexicons(directory: str | Path | None = None) -> Lexicons:
    """Read frames.tsv, stance_cues.tsv, polarity*.tsv and stance_nonvolitional.tsv from `directory`.

    A missing or unreadable file raises LexiconError naming it; a malformed line is skipped (one bad
    edit must not stop parsing).
    """
    base = Path(directory) if directory is not None else lexicon_dir()
    frames: dict[str, str] = {}
    priors: dict[str, str] = {}
    for _, cells in _rows(base / "frames.tsv"):
        if len(cells) >= 2 and cells[1] in FRAMES:
            frames[cells[0]] = cells[1]
            if len(cells) >= 3 and cells[2] in STANCES:
                priors[cells[0]] = cells[2]
    # Every X하다 verb also defines its noun X as a cue noun, unless the file lists the noun itself.
    for table in (frames, priors):
        for word, value in list(table.items()):
            for suffix in ("하다", "되다"):
                if word.endswith(suffix) and len(word) > len(suffix):
                    table.setdefault(word[: -len(suffix)], value)

    cues = []
    for path in sorted(base.glob("stance_cues*.tsv")) or [base / "stance_cues.tsv"]:
        for _, cells in _rows(path):
            if len(cells) < 5 or cells[1] not in STANCES:
                continue
            try:
                priority = int(cells[2])
                elements = parse_pattern(cells[4])
            except ValueError:
                continue
            if not elements or all(e.negated for e in elements):
                continue
            conditions = frozenset(c.strip() for c in cells[3].split(",") if c.strip() and c.strip() != "-")
            cues.append(Cue(cells[0], cells[1], priority, conditions, elements, cells[4]))

    polarity: dict[str, float] = {}
    for path in sorted(base.glob("polarity*.tsv")) or [base / "polarity.tsv"]:
        for _, cells in _rows(path):
            if len(cells) < 2:
                continue
            try:
                score = float(cells[1])
            except ValueError:
                continue
            word = cells[0]
            polarity[_stem(word)] = score
            if word.endswith("하다") and len(word) > 3:  # a one-syllable root (분, 당) is too ambiguous
                polarity.setdefault(word[:-2], score)

    nonvolitional = set()
    for _, cells in _rows(base / "stance_nonvolitional.tsv"):
        word = cells[0]
        nonvolitional.add(_stem(word))
        if word.endswith("하다") and len(word) > 3:
            nonvolitional.add(word[:-2])
    return Lexicons(frames, priors, tuple(cues), polarity, frozenset(nonvolitional))


@lru_cache(maxsize=1)
def default_lexicons() -> Lexicons:
    return load_lexicons(lexicon_dir())


# ---------------------------------------------------------------------------------------------------
# Frame


@lru_cache(maxsize=4096)
def _verb_stem(verb: str) -> str | None:
    """Dictionary form of an inflected verb (강조했다 -> 강조하다), through Kiwi."""
    from .morph import tokenize

    for t in tokenize(verb):
        if t.tag.startswith(("VV", "VA", "VX")):
            return t.form + "다"
        if t.tag in ("XSV", "XSA"):
            return verb[: t.start] + t.form + "다"
    return None


@dataclass(frozen=True, slots=True)
class Frame:
    """A reporting verb's frame, the stance it implies for a plain quote, and why."""

    frame: str | None
    prior: str | None
    evidence: str


def _frame(verb: str | None, lex: Lexicons) -> Frame:
    if not isinstance(verb, str) or not verb.strip():
        return Frame(None, None, "frame=none: no reporting verb")
    verb = verb.strip()

    def found(key: str, how: str) -> Frame:
        frame = lex.frames[key]
        prior = lex.priors.get(key, FRAME_PRIOR.get(frame))
        return Frame(frame, prior, f"frame={frame}: {how}")

    if verb in lex.frames:
        return found(verb, f"verb {verb}")
    candidates = [verb]
    if not verb.endswith(("하다", "되다", "시키다", "드리다")):
        try:
            stem = _verb_stem(verb)
        except Exception:  # an odd verb string must not stop the quote
            stem = None
        if stem and stem != verb:
            if stem in lex.frames:
                return found(stem, f"verb {stem} (from {verb})")
            candidates.append(stem)
    for word in candidates:
        for suffix in ("하다", "되다", "시키다", "드리다"):
            if word.endswith(suffix) and len(word) > len(suffix):
                noun = word[: -len(suffix)].replace(" ", "")
                if noun in lex.frames:
                    return found(noun, f"noun {noun} of unknown verb {verb}")
    return Frame("neutral", None, f"frame=neutral: unknown verb {verb}")


def frame_of(verb: str | None, lexicons: Lexicons | None = None) -> tuple[str | None, str]:
    """(frame, evidence) for a reporting verb: from frames.tsv, else the noun of an X하다 verb, else neutral."""
    result = _frame(verb, lexicons or default_lexicons())
    return result.frame, result.evidence


# ---------------------------------------------------------------------------------------------------
# Clauses


@dataclass(slots=True)
class Clause:
    morphs: list[Morph]
    question: bool = False
    embedded: bool = False
    nested: bool = False
    subordinate: bool = False
    last: bool = False
    question_marker: str = ""


def _morphs(tokens) -> list[Morph]:
    out = []
    for t in tokens:
        tag = t.tag.split("-", 1)[0]
        out.append(Morph(_norm(t.form), tag, t.start, t.start + t.len))
    return out


_TAIL_TAGS = frozenset({"SF", "SE", "SSC", "SP"})


def _closes_clause(m: Morph, nxt: Morph | None) -> bool:
    if nxt is None:
        return True
    if m.tag == "EF":
        return nxt.tag not in ("EF", "EC", "JX")
    if m.tag == "EC":
        if nxt.tag in ("VX", "EP", "EC", "JX"):
            return False
        bound = _BOUND_EC.get(m.form)
        if bound and nxt.form in bound and nxt.tag.startswith(("V", "X")):
            return False
        if m.form in ("으면", "면") and nxt.form == "안" and nxt.tag == "MAG":  # 포기하면 안 된다
            return False
        return True
    if m.tag == "SF":
        return True
    if m.tag == "SP" and m.form == ",":
        return True
    return False


def split_clauses(morphs: Sequence[Morph]) -> list[Clause]:
    """Clauses of a quote; closing punctuation stays with the clause it ends ("…했느냐?")."""
    clauses: list[Clause] = []
    current: list[Morph] = []
    pending = False
    inside = _bracketed(morphs)
    head_inside = False
    for i, m in enumerate(morphs):
        nxt = morphs[i + 1] if i + 1 < len(morphs) else None
        current.append(m)
        if m.tag not in _PUNCT_TAGS:
            head_inside = i in inside
        if pending or _closes_clause(m, nxt):
            if nxt is not None and nxt.tag in _TAIL_TAGS and not (m.tag == "SP" and nxt.tag == "SP"):
                pending = True
                continue
            clauses.append(_make_clause(current, nxt, head_inside))
            current, pending = [], False
    if current:
        clauses.append(_make_clause(current, None, head_inside))
    clauses = [c for c in clauses if any(m.tag not in _TRAILING_TAGS for m in c.morphs)]
    # A question ending inside a sentence: "A만 하겠느냐, B만 하겠느냐" asks twice (a pause follows it), but
    # "A하느냐의 갈림길" and "A하느냐, B하느냐 하는 문제" name an alternative (it runs on into a noun).
    for i in range(len(clauses) - 2, -1, -1):
        c, after = clauses[i], clauses[i + 1]
        if c.question_marker and not c.question and any(m.tag in ("SP", "SE") for m in c.morphs[-2:]):
            c.question = not (after.question_marker and not after.question)
    # "…해야 한다고 생각한다", "…필요하다고 본다": what the speaker himself thinks is his own stance.
    for c, after in zip(clauses, clauses[1:]):
        if c.embedded and not c.nested and _own_view(after.morphs):
            c.embedded = False
    if clauses:
        clauses[-1].last = True
        last = clauses[-1]
        if not last.question and not last.nested:
            ending = _last_ending(last.morphs)
            if ending is not None and ending.tag == "EC" and ending.form in _QUESTION_EC:
                last.question, last.question_marker = True, str(ending)
    return clauses


# Verbs of belief after a quotative ending (…다고 생각한다/본다/믿는다): the speaker's own view.
_VIEW_VERBS = frozenset({"생각", "보", "믿", "판단", "여기", "확신", "느끼"})


def _own_view(morphs: Sequence[Morph]) -> bool:
    """Is this clause just "(저는) 생각한다/본다/믿는다" in the present, with no other subject?"""
    words = [m for m in morphs if m.tag not in _TRAILING_TAGS and m.tag not in ("XSV", "MAG")]
    return (bool(words) and words[0].form in _VIEW_VERBS and len(words) == 1
            and not any(m.tag == "EP" and m.form in _PAST for m in morphs))


def _last_ending(morphs: Sequence[Morph]) -> Morph | None:
    for m in reversed(morphs):
        if m.tag in ("EF", "EC"):
            return m
        if m.tag not in _TRAILING_TAGS:
            return None
    return None


_PUNCT_TAGS = frozenset({"SF", "SP", "SE", "SS", "SSO", "SSC", "SO", "SW"})


def _bracketed(morphs: Sequence[Morph]) -> set[int]:
    """Indices of the morphemes inside a closed pair of quote marks or brackets within the quote."""
    depth = [0] * (len(morphs) + 1)  # +1 where a closed pair's inside starts, -1 where it ends
    stack: list[int] = []
    for i, m in enumerate(morphs):
        if m.tag == "SSO":
            stack.append(i)
        elif m.tag == "SSC" and stack:
            depth[stack.pop() + 1] += 1
            depth[i] -= 1
    inside: set[int] = set()
    level = 0
    for i in range(len(morphs)):
        level += depth[i]
        if level > 0:
            inside.add(i)
    return inside


def _make_clause(morphs: list[Morph], nxt: Morph | None, nested: bool = False) -> Clause:
    clause = Clause(list(morphs))
    if nested:  # words inside ‘…’, <…> or (…): someone else's, a title or an aside, not the speaker's act
        clause.embedded = clause.nested = True
        return clause
    ending = _last_ending(morphs)
    if any(m.tag == "SF" and m.form == "?" for m in morphs):
        clause.question, clause.question_marker = True, "?/SF"
    elif ending is not None and ending.tag == "EF" and ending.form in _QUESTION_EF:
        clause.question, clause.question_marker = True, str(ending)
    elif ending is not None and ending.tag == "EC" and ending.form in _QUESTION_EC:
        if nxt is not None and nxt.form in _QUESTION_EC_HOSTS and (
                ending.form == "나" or nxt.form in ("싶", "생각")):  # …않나 싶다, …아닌가 생각한다
            clause.question, clause.question_marker = True, str(ending)
        elif ending.form in _QUESTION_EC_ALWAYS:
            if nxt is None or any(m.tag == "SF" for m in morphs):
                clause.question, clause.question_marker = True, str(ending)
            else:  # decided by the clause after it (see split_clauses)
                clause.question_marker = str(ending)
    if ending is not None and ending.tag == "EC" and ending.form in _QUOTATIVE_EC:
        clause.embedded = True
    if ending is not None and ending.tag == "EC" and ending.form in _SUBORDINATE_EC:
        clause.subordinate = True
    return clause


# ---------------------------------------------------------------------------------------------------
# Polarity


def _polarity_terms(morphs: Sequence[Morph], lex: Lexicons) -> list[tuple[int, str, float, bool]]:
    """(index, word, score, negated) for every lexicon word in `morphs`."""
    terms = []
    n = len(morphs)
    for i, m in enumerate(morphs):
        if m.tag not in _CONTENT_TAGS:
            continue
        score = lex.polarity.get(m.form)
        key = m.form
        # A prefix or suffix written with it makes another word: 불/XPN+공정 is 불공정, 갑+질/XSN is 갑질.
        prev = morphs[i - 1] if i > 0 else None
        nxt = morphs[i + 1] if i + 1 < n else None
        if prev is not None and prev.tag == "XPN" and prev.end == m.start:
            joined = lex.polarity.get(prev.form + m.form)
            score, key = (joined, prev.form + m.form) if joined is not None else (None, key)
        elif nxt is not None and nxt.tag == "XSN" and nxt.start == m.end and m.form + nxt.form in lex.polarity:
            key = m.form + nxt.form
            score = lex.polarity[key]
        # A root with its derivational suffix: 부족/XR 하/XSA is the adjective 부족하다.
        if score is None and i + 1 < n and morphs[i + 1].tag in ("XSA", "XSV"):
            score = lex.polarity.get(m.form + morphs[i + 1].form)
        if score is None or score == 0 or _in_name(morphs, i) or _wish_modal(morphs, i):
            continue
        terms.append((i, key, score, _negated(morphs, i)))
    return terms


def _in_name(morphs: Sequence[Morph], i: int) -> bool:
    if morphs[i].tag not in ("NNG", "NNP") or i + 1 >= len(morphs):
        return False
    nxt = morphs[i + 1]
    return nxt.start == morphs[i].end and nxt.tag in ("NNG", "XSN") and nxt.form in _ORG_SUFFIXES


def _wish_modal(morphs: Sequence[Morph], i: int) -> bool:
    """좋다 in "…했으면 좋겠다" expresses a wish (a demand), not an evaluation."""
    return morphs[i].form == "좋" and i > 0 and morphs[i - 1].tag == "EC" and morphs[i - 1].form in ("으면", "면")


def _negated(morphs: Sequence[Morph], i: int) -> bool:
    n = len(morphs)
    m = morphs[i]
    # 안/못 right before a predicate (안 좋다) or before the light verb of a noun (개선 안 하다).
    if m.tag in ("VV", "VA") and i > 0 and morphs[i - 1].form in ("안", "못") and morphs[i - 1].tag == "MAG":
        return True
    j = i + 1
    while j < n and morphs[j].tag in ("XSV", "XSA", "XSN", "EP", "JKS", "JKC", "JX", "JKO"):
        j += 1
    if j < n:
        nxt = morphs[j]
        if _rhetorical_negation(morphs, j if nxt.form != "지" else j + 1):
            return False
        if nxt.form in ("안", "못") and nxt.tag == "MAG" and j + 1 < n and morphs[j + 1].form in ("하", "되"):
            return True
        if nxt.tag == "EC" and nxt.form == "지" and j + 1 < n and morphs[j + 1].form in _NEGATORS_AFTER:
            return True
        if m.tag in ("NNG", "NNP", "XR") and nxt.form in ("없", "아니", "않") and nxt.tag in ("VA", "VCN", "VV", "VX"):
            return True
    if m.tag in ("NNG", "NNP", "XR"):
        # 위법 행위도 전혀 없었다: the noun may head a compound and an adverb may stand before 없다.
        k, nouns = i + 1, 0
        while k < n and (morphs[k].tag in ("XSN", "JKS", "JX", "MAG", "MM")
                         or (morphs[k].tag == "NNG" and nouns < 2)):
            nouns += morphs[k].tag == "NNG"
            k += 1
        if k < n and k > j and morphs[k].form in ("없", "아니") and morphs[k].tag in ("VA", "VCN"):
            return True
    return False


def _rhetorical_negation(morphs: Sequence[Morph], j: int) -> bool:
    """아니/않 followed by a question ending ("좋은 기회가 아닌가 싶다") asserts, it does not negate."""
    if j >= len(morphs) or morphs[j].form not in ("아니", "않"):
        return False
    k = j + 1
    while k < len(morphs) and morphs[k].tag == "EP":
        k += 1
    return k < len(morphs) and morphs[k].tag in ("EC", "EF") and (
        morphs[k].form in _QUESTION_EC or morphs[k].form in _QUESTION_EF)


def _polarity_score(terms) -> float:
    return sum(-s if neg else s for _, _, s, neg in terms)


# ---------------------------------------------------------------------------------------------------
# Cues


def _is_volitional(morphs: Sequence[Morph], index: int, lex: Lexicons) -> bool:
    """Is the predicate at or before `index` an act of will? Looks through auxiliaries to the main verb."""
    i = index
    while i >= 0:
        m = morphs[i]
        if m.tag in ("EC", "EP", "ETM"):
            i -= 1
            continue
        if m.tag == "VX":
            if m.form == "지":  # passive -어지다
                return False
            prev = morphs[i - 1] if i > 0 else None
            if m.form == "하" and prev is not None and prev.form in ("도록", "게", "고자", "려고", "으려고"):
                return True
            if m.form in ("주", "드리"):  # doing something for someone is an act (들려드리겠다, 알려 주겠다)
                return True
            i -= 1
            continue
        if m.tag == "XSV":
            if m.form in ("되", "당하", "받"):
                return False
            root = morphs[i - 1].form if i > 0 else ""
            return root not in lex.nonvolitional and root + m.form not in lex.nonvolitional
        if m.tag == "VV":
            if m.form == "되":  # "힘이 되겠다" (become X) is a pledge; "이정표가 될 것" a forecast
                nxt = morphs[i + 1] if i + 1 < len(morphs) else None
                return nxt is not None and nxt.form == "겠" and any(x.tag == "JKC" for x in morphs[:i])
            if m.form == "받" and i > 0 and morphs[i - 1].tag == "NNG" and morphs[i - 1].end == m.start:
                return False  # 요구받다, 비판받다: passive, like 요구되다
            return m.form not in lex.nonvolitional and m.form not in ("있", "없") and not _becoming(m.form)
        return False  # adjectives, copula, nouns
    return False


def _becoming(stem: str) -> bool:
    """A verb of change written as one word, X아/어지다 (나빠지다, 좋아지다, 떨어지다): an event, not an act."""
    if len(stem) < 3 or not stem.endswith("지"):
        return False
    prev = ord(stem[-2]) - 0xAC00
    return 0 <= prev < 11172 and prev % 28 == 0 and (prev // 28) % 21 in (0, 1, 4, 6, 9, 14)  # 아 애 어 여 와 워


def _match_at(elements: Sequence[Element], morphs: Sequence[Morph], start: int) -> int | None:
    """End index (exclusive) if the pattern matches at `start`."""
    i = start
    for e in elements:
        m = morphs[i] if i < len(morphs) else None
        if not e.matches(m):
            return None
        i += 1
    return min(i, len(morphs))


def _conditions_hold(cue: Cue, clause: Clause, start: int, end: int, first_pos: int,
                     clause_score, frame: str | None, lex: Lexicons) -> bool:
    """`clause_score` is a function giving the clause's polarity score: computed only if a cue asks."""
    morphs = clause.morphs
    for cond in cue.conditions:
        if cond.startswith("frame!="):
            if (frame or "none") in cond[7:].split("|"):
                return False
        elif cond.startswith("frame="):
            if (frame or "none") not in cond[6:].split("|"):
                return False
        elif cond == "final":
            if any(m.tag not in _TRAILING_TAGS for m in morphs[end:]):
                return False
        elif cond == "main":
            if clause.embedded or (clause.subordinate and not clause.last):
                return False
        elif cond == "last":
            if not clause.last:
                return False
        elif cond == "question":
            if not clause.question:
                return False
        elif cond == "statement":
            if clause.question:
                return False
        elif cond == "nonpast":
            window = morphs[max(first_pos - 1, 0):]
            if any(m.tag == "EP" and m.form in _PAST for m in window):
                return False
        elif cond in ("volitional", "nonvolitional"):
            volitional = _is_volitional(morphs, first_pos if morphs[first_pos].tag.startswith(("V", "X")) else first_pos - 1, lex)
            if volitional != (cond == "volitional"):
                return False
        elif cond == "negative":
            if clause_score() >= 0:
                return False
        elif cond == "nonpositive":
            if clause_score() > 0:
                return False
        elif cond == "positive":
            if clause_score() <= 0:
                return False
        elif cond == "selfsubject":
            if not _self_subject(morphs, first_pos):
                return False
        elif cond == "notself":
            if _speaker_is_subject(morphs, first_pos):
                return False
    return True


def _self_subject(morphs: Sequence[Morph], pos: int) -> bool:
    """False when the predicate at `pos` has an explicit non-first-person subject (경제가 살아날 것):
    a pledge is about the speaker's own acts, the same words about a third party are a forecast.
    A subject inside a relative clause or a -도록/-게 complement does not count."""
    for i in range(pos - 1, -1, -1):
        m = morphs[i]
        if m.tag == "ETM" or (m.tag == "EC" and m.form in ("도록", "게")):
            return True
        if m.tag == "JKS":
            owner = morphs[i - 1] if i > 0 else None
            return owner is not None and owner.form in _FIRST_PERSON
    return True


def _speaker_is_subject(morphs: Sequence[Morph], pos: int) -> bool:
    """Does a first-person word (저는, 우리도, 제가) stand as subject or topic before `pos`?"""
    return any(m.form in _FIRST_PERSON and m.tag in ("NP", "NNG") and i + 1 < pos
               and morphs[i + 1].tag in ("JKS", "JX") for i, m in enumerate(morphs[:pos]))


@dataclass(frozen=True, slots=True)
class Hit:
    cue: Cue
    start: int
    end: int
    text: str


def _render(morphs: Sequence[Morph], start: int, end: int, elements: Sequence[Element]) -> str:
    parts = []
    for k, e in enumerate(elements):
        i = start + k
        if e.negated or i >= len(morphs):
            continue
        m = morphs[i]
        text = str(m)
        # Show the noun with its light verb (육성하/XSV), as a reader would look it up.
        if m.tag in ("XSV", "XSA") and i > 0 and morphs[i - 1].tag in ("NNG", "XR") and (k == 0 or elements[k - 1].negated):
            text = f"{morphs[i - 1].form}{m.form}/{m.tag}"
        parts.append(text)
    return "+".join(parts)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What matching a cue needs, worked out once per cue: the form sets a clause must contain, the
    anchor (offset and forms of its first element with exact forms: only those positions are tried),
    and the offsets of its first and last non-negated elements."""

    required: tuple[frozenset[str], ...]
    anchor: tuple[int, frozenset[str]] | None
    first: int
    last: int


_PLANS: dict[int, tuple[Cue, _Plan]] = {}


def _plan(cue: Cue) -> _Plan:
    hit = _PLANS.get(id(cue))  # keyed by id: hashing a Cue each time cost more than matching
    if hit is None or hit[0] is not cue:
        els = cue.elements
        anchor = next(((k, e.forms) for k, e in enumerate(els)
                       if not e.negated and e.forms is not None and e.form_glob is None), None)
        first = next(k for k, e in enumerate(els) if not e.negated)
        last = max(k for k, e in enumerate(els) if not e.negated)
        hit = _PLANS[id(cue)] = (cue, _Plan(cue.required_forms, anchor, first, last))
    return hit[1]


def _required(cue: Cue) -> tuple[frozenset[str], ...]:
    """The form sets of which a clause must contain one member each for the cue to match."""
    return _plan(cue).required


# Endings and particles found in most clauses: a poor key to select the cues a clause may match.
_COMMON_FORMS = frozenset({"ㄹ", "을", "ㄴ", "은", "는", "이", "가", "를", "의", "에", "로", "으로", "도", "하", "되",
                           "있", "것", "수", "고", "어", "아", "다", "지", "게", "면", "으면", "었", "았", "겠"})


_CUE_INDEX: dict[int, tuple[tuple[Cue, ...], tuple[int, ...], dict[str, tuple[int, ...]]]] = {}


def _cue_index(cues: tuple[Cue, ...]) -> tuple[tuple[int, ...], dict[str, tuple[int, ...]]]:
    """Cues with no required form, and an index form -> cues that need it: a clause only tries cues
    whose most selective required form set it meets."""
    hit = _CUE_INDEX.get(id(cues))
    if hit is None or hit[0] is not cues:
        always, by_form = [], {}
        for i, cue in enumerate(cues):
            req = _required(cue)
            if not req:
                always.append(i)
            else:  # index the cue under its most selective form set
                key = min(req, key=lambda forms: (sum(f in _COMMON_FORMS for f in forms) / len(forms), len(forms)))
                for form in key:
                    by_form.setdefault(form, []).append(i)
        hit = _CUE_INDEX[id(cues)] = (cues, tuple(always), {k: tuple(v) for k, v in by_form.items()})
    return hit[1], hit[2]


_COMPOUND_TAGS = frozenset({"XPN", "NNG", "NNP", "XSN", "XR"})


def _compounds(morphs: Sequence[Morph]) -> list[tuple[int, int, Morph]]:
    """Words Kiwi splits but a lexicon lists whole: 무/XPN+책임/NNG, 직무/NNG+유기/NNG, 갑/NNG+질/XSN.
    (start, end, joined noun) for every run of two or three such morphemes written together."""
    out = []
    for i, m in enumerate(morphs):
        if m.tag not in _COMPOUND_TAGS:
            continue
        form = m.form
        for j in range(i + 1, min(i + 3, len(morphs))):
            nxt = morphs[j]
            if nxt.tag not in _COMPOUND_TAGS or nxt.start != morphs[j - 1].end:
                break
            form += nxt.form
            out.append((i, j + 1, Morph(form, "NNG", m.start, nxt.end)))
    return out


def _clause_hits(clause: Clause, lex: Lexicons, frame: str | None) -> list[Hit]:
    hits = []
    memo: list[float] = []

    def clause_score() -> float:
        if not memo:
            memo.append(_polarity_score(_polarity_terms(clause.morphs, lex)))
        return memo[0]

    morphs = clause.morphs
    compounds = _compounds(morphs)
    positions: dict[str, list[int]] = {}
    for i, m in enumerate(morphs):
        positions.setdefault(m.form, []).append(i)
    present = positions.keys() | {c.form for _, _, c in compounds} if compounds else positions.keys()
    always, by_form = _cue_index(lex.cues)
    candidates = set(always)
    for form in present:
        if form in by_form:
            candidates.update(by_form[form])
    # A cue with no exact form (only globs: 부적절*, 불법*) names a word: try it on content words only.
    words = [i for i in range(len(morphs) - 1, -1, -1) if morphs[i].tag in _CONTENT_TAGS]
    for index in sorted(candidates):
        cue = lex.cues[index]
        plan = _plan(cue)
        if len(plan.required) > 1 and any(present.isdisjoint(forms) for forms in plan.required):
            continue
        els = cue.elements
        if plan.anchor is None:
            starts = words
        else:  # only where the anchor's form occurs
            k, forms = plan.anchor
            found = [p - k for f in forms if f in positions for p in positions[f] if p >= k]
            starts = sorted(set(found), reverse=True) if len(found) > 1 else found
        single = els[0] if len(els) == 1 else None
        for start in starts:  # rightmost match first
            if single is not None:  # the common one-word cue, without the general matcher's overhead
                if not single.matches(morphs[start]):
                    continue
                end = start + 1
            else:
                end = _match_at(els, morphs, start)
                if end is None:
                    continue
            first_pos, last_pos = start + plan.first, start + plan.last + 1
            if _conditions_hold(cue, clause, start, last_pos, first_pos, clause_score, frame, lex):
                hits.append(Hit(cue, first_pos, last_pos, _render(morphs, start, end, els)))
                break
        else:
            if compounds and len(els) == 1 and not els[0].negated:  # a one-word cue may name a split compound
                for start, end, word in reversed(compounds):
                    if els[0].matches(word) and _conditions_hold(
                            cue, clause, start, end, start, clause_score, frame, lex):
                        hits.append(Hit(cue, start, end, str(word)))
                        break
    return hits


# ---------------------------------------------------------------------------------------------------
# Analysis


def _label_clause(clause: Clause, frame: str | None, lex: Lexicons) -> tuple[str, str, int]:
    """(label, evidence, priority of the deciding cue or -1)."""
    hits = _clause_hits(clause, lex, frame)
    if hits:
        best = max(hits, key=lambda h: (h.cue.priority, h.end))
        return best.cue.label, f"{best.text} [{best.cue.name}]", best.cue.priority
    if clause.question:
        return "question", f"question ending {clause.question_marker}", -1
    return "assessment", "declarative clause, no modal cue", -1


def _stance(clauses: Sequence[Clause], verb_frame: Frame, lex: Lexicons) -> tuple[str, tuple[str, ...], list[str]]:
    frame, prior = verb_frame.frame, verb_frame.prior
    if not clauses:
        return "assessment", (), ["stance=assessment: no clause"]
    labelled = [_label_clause(c, frame, lex) for c in clauses]
    # Dominance: the last clause, unless an earlier one ranks higher. A background clause (…면, …지만)
    # competes only when no main clause has a cue.
    best_i = len(labelled) - 1
    main = [i for i, c in enumerate(clauses) if not c.subordinate or c.last]
    if all(labelled[i][2] < 0 for i in main):
        main = range(len(labelled))
    for i in main:
        if STANCE_RANK[labelled[i][0]] > STANCE_RANK[labelled[best_i][0]]:
            best_i = i
    label, why, priority = labelled[best_i]
    where = f" (clause {best_i + 1}/{len(labelled)})" if len(labelled) > 1 else ""
    evidence = [f"stance={label}: {why}{where}"]
    if label == "assessment" and priority < EXPLICIT_PRIORITY and prior is not None:
        label = prior
        evidence = [f"stance={label}: frame {frame}, quote itself a plain assessment ({why})"]
    elif label == "question" and priority < EXPLICIT_PRIORITY and (
            frame in RHETORICAL_FRAMES or prior == "criticism"):
        label = "criticism"
        evidence = [f"stance=criticism: rhetorical question ({why}) under frame {frame}"]
    secondary: list[str] = []
    for i, (other, other_why, other_priority) in enumerate(labelled):
        if i == best_i or other == label or other in secondary:
            continue
        if other == "assessment" and other_priority < 0:
            continue
        secondary.append(other)
        evidence.append(f"secondary={other}: {other_why} (clause {i + 1})")
    return label, tuple(secondary), evidence


def _polarity(morphs: Sequence[Morph], stance: str, lex: Lexicons) -> tuple[str, str]:
    terms = _polarity_terms(morphs, lex)
    total = _polarity_score(terms)
    parts = []
    for _, word, score, neg in terms:
        value = -score if neg else score
        parts.append(f"{word}({value:+g}{', negated' if neg else ''})")
    bias = NEGATIVE_STANCES.get(stance, 0.0)
    if bias:
        parts.append(f"stance {stance}({bias:+g})")
    total += bias
    label = "positive" if total > 0 else "negative" if total < 0 else "neutral"
    return label, f"polarity={label}: " + (", ".join(parts) if parts else "no polarity words")


def analyze_tokens(tokens, verb: str | None, lexicons: Lexicons | None = None) -> Stance:
    """`analyze` for a quote already tokenized by Kiwi (lets the parser reuse its own analysis)."""
    lex = lexicons or default_lexicons()
    verb_frame = _frame(verb, lex)
    morphs = _morphs(tokens)
    clauses = split_clauses(morphs)
    stance, secondary, stance_why = _stance(clauses, verb_frame, lex)
    polarity, polarity_why = _polarity(morphs, stance, lex)
    return Stance(verb_frame.frame, stance, secondary, polarity, (verb_frame.evidence, *stance_why, polarity_why))


def analyze(quote_text: str, verb: str | None, lexicons: Lexicons | None = None) -> Stance:
    """Frame, stance, secondary stances, polarity and evidence for one quote. Never raises on odd text."""
    from .morph import tokenize

    text = quote_text if isinstance(quote_text, str) else ""
    try:
        tokens = tokenize(text) if text.strip() else []
    except Exception as exc:  # Kiwi failing on one odd string must not lose the article
        lex = lexicons or default_lexicons()
        frame, frame_why = frame_of(verb, lex)
        return Stance(frame, None, (), None, (frame_why, f"stance=none: analyser error {exc!r}"))
    return analyze_tokens(tokens, verb, lexicons)


def analyze_many(items: Iterable[tuple[str, str | None]], lexicons: Lexicons | None = None) -> list[Stance]:
    """`analyze` over (quote_text, verb) pairs, with one batched Kiwi call."""
    from .morph import tokenize_many

    pairs = [(t if isinstance(t, str) else "", v) for t, v in items]
    try:
        token_lists = tokenize_many([t for t, _ in pairs])
    except Exception:  # Kiwi failing on the batch must not lose the quotes: analyse one by one
        return [analyze(t, v, lexicons) for t, v in pairs]
    return [analyze_tokens(toks, v, lexicons) for toks, (_, v) in zip(token_lists, pairs)]
