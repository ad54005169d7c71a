"""From article text to attributed quotes: the order of the stages, nothing else.

1. normalize the text (`normalize.py`) and find the quoted spans (`quotes.py`);
2. split sentences outside quotes (`sentences.py`) and let Kiwi read each quote sentence once, quotes masked;
3. build the article's cast from the whole text (`introductions.py` fills `cast.py`) before any quote is
   attributed;
4. for each sentence, group its quotes into chains, find each chain's verb (`verbs.py`) and let the chooser
   (`chooser.py`) pick its speaker among what the sieves (`sieves.py`) propose (`chains.py` drives this);
   then headings whose quotes nothing in their line attributes are read against the body;
5. deduplicate, share verbs across reopened quotes, give each person the title the whole article gives them,
   add stance (`stance.py`) and each quote's content words (`Quote.morphs`, for users of the library: the
   store's search indexes the quote's text itself, db/search.py).
"""
from __future__ import annotations

import re
from dataclasses import replace

from . import clauses, morph
from .cast import Cast, with_cast_titles
from .chains import attribute_sentence
from .headlines import revisit_headings
from .introductions import prescan_cast
from .lexicon import load
from .model import Context, NonSpeech, ParsedArticle, Quote
from .normalize import normalize
from .quotes import find_corner_spans, find_double_spans, find_single_spans, paragraphs
from .sentences import duplicate_paragraphs, heading_paragraphs, split_sentences
from .sieves import update_label


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
    duplicate = duplicate_paragraphs(text, paras)
    sentences = split_sentences(text, paras, doubles, singles)
    # Kiwi sees each quote sentence once, quotes masked, in one batch; repeated paragraphs not at all.
    wanted = [si for si, sent in enumerate(sentences) if sent.spans and sent.para not in duplicate]
    masks = [clauses.mask_sentence(text, sentences[si].start, sentences[si].end, sentences[si].spans) for si in wanted]
    analysis = dict(zip(wanted, zip(masks, morph.tokenize_many([m.text for m in masks]))))
    cast = Cast(lex)
    prescan_cast(text, sentences, lex, cast, analysis, skip={i for i, s in enumerate(sentences) if s.para in duplicate})
    ctx = Context(text, lex, cast, sentences, paras, analysis=analysis, headings=heading_paragraphs(text, paras, doubles))

    quotes: list[Quote] = []
    for si, sent in enumerate(sentences):
        update_label(ctx, si)
        if not sent.spans or sent.para in duplicate:
            continue
        try:
            found, skipped = attribute_sentence(ctx, si, singles)
        except Exception as exc:  # one bad spot never costs the article's other quotes
            warnings.append(f"sentence at {sent.start}: {type(exc).__name__}: {exc}")
            continue
        for s, reason in skipped:
            nonspeech.append(NonSpeech(text[s.start : s.end], s.start, s.end, reason))
        quotes.extend(found)
    quotes = revisit_headings(ctx, quotes)
    quotes = with_cast_titles(cast, _share_reopened_verbs(text, _dedupe(quotes)))
    quotes = _with_stance(quotes)
    nonspeech = sorted({(n.start, n.end): n for n in nonspeech}.values(), key=lambda n: n.start)
    return ParsedArticle(text=text, quotes=tuple(quotes), non_speech=tuple(nonspeech), warnings=tuple(warnings))


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
    """Stance and content words for every quote, from one batched Kiwi analysis of the quotes' words."""
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
