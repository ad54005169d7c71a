"""From article text to attributed quotes: normalize, find spans, split sentences, attribute, deduplicate.

Attribution is a list of small named rules tried in order (see `rules.RULES`); the first that answers decides
the speaker and its name is recorded on the quote. Kiwi only sees the sentences that hold quotes (with the quoted
words masked), not the whole article: that is where the parser's time goes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import clauses, morph, resolve, rules
from .lexicon import Lexicons, load
from .mentions import _ABBREVIATED, GROUP_WORDS, Cast, abbreviation, loan_stem, loan_syllables, parse_mention, split_words, verbal
from .model import NonSpeech, ParsedArticle, Quote
from .normalize import normalize
from .quotes import (
    Span,
    find_corner_spans,
    find_double_spans,
    find_single_spans,
    paragraphs,
)

PLACEHOLDER = "“인용”"
_SENT_END = ".?!。"


@dataclass
class Sentence:
    start: int
    end: int
    para: int
    spans: list[Span] = field(default_factory=list)


@dataclass
class Context:
    """What the rules can see: the article, its cast, and what earlier quotes decided."""

    text: str
    lex: Lexicons
    cast: Cast
    sentences: list[Sentence]
    para_bounds: list[tuple[int, int]]
    last: resolve.Attribution | None = None
    last_sentence: int = -1
    label: resolve.Attribution | None = None  # a transcript's 「[이정림, 상인]」 line
    analysis: dict = field(default_factory=dict)  # sentence index -> (Masked, Kiwi tokens)


def parse_text(raw: str) -> ParsedArticle:
    """Parse one article. Never raises on odd text: a spot it cannot read becomes a warning."""
    text = normalize(raw or "")
    lex = load()
    warnings: list[str] = []
    paras = paragraphs(text)
    scan = find_double_spans(text, paras)
    warnings.extend(scan.warnings)
    doubles = sorted(scan.spans + find_corner_spans(text, paras), key=lambda s: s.open)
    singles = find_single_spans(text, paras)
    nonspeech: list[NonSpeech] = [NonSpeech(text[s.start : s.end], s.start, s.end, "single quotes") for s in singles]
    duplicate = _duplicate_paragraphs(text, paras)
    sentences = split_sentences(text, paras, doubles, singles)
    # Kiwi sees each quote sentence once, quotes masked, in one batch; repeated paragraphs not at all.
    wanted = [si for si, sent in enumerate(sentences) if sent.spans and sent.para not in duplicate]
    masks = [clauses.mask_sentence(text, sentences[si].start, sentences[si].end, sentences[si].spans) for si in wanted]
    analysis = dict(zip(wanted, zip(masks, morph.tokenize_many([m.text for m in masks]))))
    cast = Cast(lex)
    prescan_cast(text, sentences, lex, cast, analysis, skip={i for i, s in enumerate(sentences) if s.para in duplicate})
    ctx = Context(text, lex, cast, sentences, paras, analysis=analysis)

    quotes: list[Quote] = []
    for si, sent in enumerate(sentences):
        rules.update_label(ctx, si)
        if not sent.spans or sent.para in duplicate:
            continue
        try:
            found, skipped = rules.attribute_sentence(ctx, si, singles)
        except Exception as exc:  # one bad spot never costs the article's other quotes
            warnings.append(f"sentence at {sent.start}: {type(exc).__name__}: {exc}")
            continue
        for s, reason in skipped:
            nonspeech.append(NonSpeech(text[s.start : s.end], s.start, s.end, reason))
        quotes.extend(found)
    quotes = _share_reopened_verbs(text, _dedupe(quotes))
    quotes = _with_stance(quotes)
    nonspeech = sorted({(n.start, n.end): n for n in nonspeech}.values(), key=lambda n: n.start)
    return ParsedArticle(text=text, quotes=tuple(quotes), non_speech=tuple(nonspeech), warnings=tuple(warnings))


def _duplicate_paragraphs(text: str, paras: list[tuple[int, int]]) -> set[int]:
    """Paragraphs that repeat an earlier one word for word (a scraper that copied the body twice)."""
    seen: set[str] = set()
    dup = set()
    for i, (a, b) in enumerate(paras):
        key = re.sub(r"\s+", "", text[a:b])
        if len(key) >= 20 and key in seen:
            dup.add(i)
        seen.add(key)
    return dup


def _share_reopened_verbs(text: str, quotes: list[Quote]) -> list[Quote]:
    """A long quote news style reopens at each paragraph (「“A⏎“B”고 말했다」) is one statement: the open
    paragraphs take the verb of the paragraph that closes it."""
    out = list(quotes)
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        between = text[q.end : nxt.start]
        if q.verb is None and nxt.verb and "\n" in between and re.fullmatch(r"\s*[“\"「『]", between):
            if nxt.speaker == q.speaker:
                out[i] = replace(q, verb=nxt.verb, cue=nxt.cue, cue_start=nxt.cue_start, cue_end=nxt.cue_end)
    return out


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    out, seen = [], set()
    for q in quotes:
        key = (re.sub(r"\s+", "", q.text), q.sentence_start)
        if key in seen:
            continue
        seen.add(key)
        out.append(q)
    return out


def _with_stance(quotes: list[Quote]) -> list[Quote]:
    """Stance and search morphemes for every quote, from one batched Kiwi analysis of the quotes' words."""
    if not quotes:
        return quotes
    from .stance import analyze_tokens

    token_lists = morph.tokenize_many([q.text for q in quotes])
    out = []
    for q, tokens in zip(quotes, token_lists):
        morphs = " ".join(morph.content_terms(tokens))
        try:
            st = analyze_tokens(tokens, q.verb)
        except Exception:  # stance is an annotation: its failure never costs the quote
            out.append(replace(q, morphs=morphs))
            continue
        out.append(
            replace(
                q,
                frame=st.frame,
                stance=st.stance,
                stance_secondary=tuple(st.secondary),
                polarity=st.polarity,
                evidence=q.evidence + tuple(st.evidence),
                morphs=morphs,
            )
        )
    return out


def split_sentences(
    text: str, paras: list[tuple[int, int]], spans: list[Span], singles: list[Span] = ()
) -> list[Sentence]:
    """Sentences of each paragraph; a full stop inside a quote does not end the sentence around it."""
    # A quote running over a line break joins its paragraphs into one block.
    blocks: list[tuple[int, int, int]] = []
    for i, (a, b) in enumerate(paras):
        if blocks and any(s.open < blocks[-1][1] < s.end for s in spans):
            blocks[-1] = (blocks[-1][0], b, blocks[-1][2])
        else:
            blocks.append((a, b, i))
    inside = [False] * (len(text) + 1)
    for s in [*spans, *singles]:
        stop = s.close if s.close is not None else s.end
        for k in range(s.open, min(stop + 1, len(text))):
            inside[k] = True
    out: list[Sentence] = []
    for a, b, pi in blocks:
        start = a
        for i in range(a, b):
            ch = text[i]
            if ch not in _SENT_END or inside[i]:
                continue
            nxt = text[i + 1] if i + 1 < b else " "
            if ch == "." and i > a and text[i - 1].isdigit() and nxt.isdigit():
                continue
            if ch == "." and (nxt in ".…" or (i > a and text[i - 1] == ".")):
                continue
            if ch == "." and i > a and "A" <= text[i - 1] <= "Z" and (i - 1 == a or not text[i - 2].isalpha()):
                continue  # an initial: 「J.D. 밴스」, 「로버트 F. 케네디」
            if nxt.isspace() or nxt in "“\"‘'「『(" or "\uac00" <= nxt <= "\ud7a3":
                out.append(Sentence(start, i + 1, pi))
                start = i + 1
        if text[start:b].strip():
            out.append(Sentence(start, b, pi))
    for sent in out:
        while sent.start < sent.end and text[sent.start].isspace():
            sent.start += 1
    para_of = []
    for sent in out:
        sent.spans = [s for s in spans if sent.start <= s.open < sent.end]
        para_of.append(sent.para)
    # Paragraph numbers follow the original paragraphs (a sentence belongs to the one it starts in).
    for sent in out:
        for i, (a, b) in enumerate(paras):
            if a <= sent.start <= b:
                sent.para = i
                break
    return out


_WORD = re.compile(r"\S+")
_INITIAL = re.compile(r"(?:[A-Z]\.){1,2}")  # 「J.D.」, 「F.」 inside a name
_PARTICLE = re.compile(
    r"(?:은|는|이|가|을|를|의|에게|께|과|와|도|로|으로|에서|에|께서|이다|이며|이고|이자|으로서|로서|와의|과의|만|까지)?[,.…]*$"
)


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
            found.append((sent.start + m.start(), m.group(0)))
        for m in _ABBREVIATED.finditer(chunk):  # 「대한의사협회(의협)」 anywhere: 「의협은」 later
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
            elif i > 0 and (words[i - 1][1] in lex.org_descriptors or words[i - 1][1] in GROUP_WORDS) and not re.search(r"[“”\"‘’'「」『』]", w) and (
                w != bare and re.search(r"(?:은|는|이|가)$", w) or i + 1 < len(words) and words[i + 1][1].startswith("측")
            ):
                found.append((words[i - 1][0], words[i - 1][1] + " " + bare))
    for (base, window), tokens in zip(windows, morph.tokenize_many([w for _, w in windows])):
        masked = clauses.Masked(window, [(0, base, len(window))], [])
        span = clauses.noun_phrase_before(tokens, len(tokens), masked, text)
        if span is not None:
            a = max(clauses.snap_to_words(text, span[0], lex), base)
            found.append((a, text[a : span[1]]))
    for pos, phrase in sorted(found, key=lambda f: f[0]):
        _register(phrase, pos, lex, cast)


_FOREIGN_SUBJECT = re.compile(r"[가-힣]{1,6}(?:은|는|이|가|도)")


def _opens_clause(words: list[tuple[int, str]], j: int, lex: Lexicons) -> bool:
    """Word j opens the sentence, perhaps after a connective, a date or 「이날」 (「한편 빌 게이츠는」)."""
    k = j
    while k > 0:
        w = words[k - 1][1].rstrip(",")
        if not (w in lex.connectives or w in clauses._TIME_WORDS or re.fullmatch(r"\d{1,2}일|지난|오는", w)):
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
    return m.kind == "person" and not m.title and not verbal(given)


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
