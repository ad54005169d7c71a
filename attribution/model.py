"""Plain, frozen data the parser returns. No Qt, no SQL: the store and the viewer consume these."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the parser's working data refers to these
    from .cast import Cast
    from .clauses import Masked
    from .lexicon import Lexicons
    from .resolve import Attribution
    from .quotes import Span
    from .verbs import Predicate

PERSON = "person"
ORGANIZATION = "organization"
ANONYMOUS = "anonymous"
UNKNOWN = "unknown"
SPEAKER_TYPES = (PERSON, ORGANIZATION, ANONYMOUS, UNKNOWN)

# How a quote's speaker was found (the name of the rule that decided it).
SAME_SENTENCE = "same_sentence"
CARRY_OVER = "carry_over"
SURNAME_TITLE = "surname_title"
ALIAS = "alias"
OTHER = "other"
UNRESOLVED = "unresolved"


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said a quote: a canonical name plus what the article says about them."""

    name: str | None
    type: str = UNKNOWN
    title: str | None = None
    org: str | None = None


@dataclass(frozen=True, slots=True)
class Stance:
    """How a statement is framed (by the journalist's verb) and what it commits to (in its own words)."""

    frame: str | None = None
    stance: str | None = None
    secondary: tuple[str, ...] = ()
    polarity: str | None = None
    # Human-readable reasons, e.g. "stance=commitment: 육성하+겠(EP)+다(EF)".
    evidence: tuple[str, ...] = ()


SENTENCE_CONTEXT = 1500
# Quote chains of one sentence that the chooser attributes. News prose puts a handful of quotes in a
# sentence (the most in the development sets: under 20); a "sentence" holding thousands is a page with
# no full stop, a list or a damaged file, where each further quote costs the full chooser (~100 µs:
# 26 s for the 262,000 quotes of a 1 MB line of 「"a」). Its chains past this many are stored
# unattributed, flagged for review, with the reason in their evidence.
MAX_CHAINS_PER_SENTENCE = 1000


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quote with its speaker and the evidence for the attribution.

    `start`/`end` are offsets of the quoted words (marks excluded) in `ParsedArticle.text`;
    `text` is those words as a reader reads them (a line break inside the quote becomes a space).
    """

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_type: str
    title: str | None
    org: str | None
    verb: str | None
    resolution: str
    confidence: float
    needs_review: bool = False
    # the sentence that holds the quote, as one line; of a sentence longer than SENTENCE_CONTEXT characters (a
    # text with no full stop) only the stretch around the quote, cut at … (every quote would else carry it all)
    sentence: str = ""
    sentence_start: int = 0  # where that sentence starts in the text (the whole sentence's start)
    mention: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    frame: str | None = None
    stance: str | None = None
    stance_secondary: tuple[str, ...] = ()
    polarity: str | None = None
    evidence: tuple[str, ...] = ()
    # Content morphemes of `text` (nouns, stems, roots …) separated by spaces, for Korean full-text search.
    morphs: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["stance_secondary"] = list(self.stance_secondary)
        data["evidence"] = list(self.evidence)
        return data


@dataclass(frozen=True, slots=True)
class NonSpeech:
    """A quoted span that is not reported speech (a title, a slogan, a term), kept for transparency."""

    text: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """The normalized text of one article and everything the parser found in it."""

    text: str
    quotes: tuple[Quote, ...] = ()
    non_speech: tuple[NonSpeech, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {
            "quotes": [q.to_dict() for q in self.quotes],
            "non_speech": [asdict(n) for n in self.non_speech],
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------------------------------
# The parser's working data (mutable, never returned): sentences and chains of quotes.
# --------------------------------------------------------------------------------------------------


@dataclass
class Sentence:
    """One sentence of the article (split outside quotes) and the quoted spans that open in it."""

    start: int
    end: int
    para: int
    spans: list[Span] = field(default_factory=list)


@dataclass
class ChainInfo:
    """Quotes of one sentence that share a clause (「“A”며 “B”고 말했다」): what the sieves look at."""

    si: int  # the sentence
    spans: list[Span]
    first: int  # index of the first quote's slot in the masked sentence
    last: int
    link: str  # what follows the last quote: quotative 「고」, conjunctive 「며」, bare …
    masked: Masked
    tokens: list
    tail_lo: int  # masked offsets of the words after the last quote
    tail_hi: int
    verb: Predicate | None
    link_len: int = 0


@dataclass
class Context:
    """What the sieves can see: the article, its cast, and what earlier quotes decided."""

    text: str
    lex: Lexicons
    cast: Cast
    sentences: list[Sentence]
    para_bounds: list[tuple[int, int]]
    last: Attribution | None = None  # who spoke last (a heading's speaker is not carried on)
    last_sentence: int = -1
    label: Attribution | None = None  # a transcript's 「[이정림, 상인]」 line
    analysis: dict = field(default_factory=dict)  # sentence index -> (Masked, Kiwi tokens)
    headings: set[int] = field(default_factory=set)  # paragraphs that are headlines or subheadings
    # what the sieves read of the whole article once, not at every quote (a long article has thousands)
    memo: dict = field(default_factory=dict)

    def sentence_at(self, pos: int) -> int:
        """The index of the sentence that holds offset `pos` (0 when none does)."""
        i = bisect_right(self.sentences, pos, key=lambda s: s.start) - 1
        if i >= 0 and pos < max(self.sentences[i].end, self.sentences[i].start + 1):
            return i
        return 0
