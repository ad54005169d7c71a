"""`main.py eval GOLD.jsonl ARTICLES_DIR`: grade the parser against hand-annotated articles.

A predicted quote matches a gold quote when their texts, all whitespace removed, are equal or at least 0.9
similar (one-to-one, best pairs first). A speaker is right when the names match with whitespace removed, or when
the article itself makes them one: a name and the short form it defines (「공정거래위원회(공정위)」, 「(이하
보건의료노조)」: either is right), and 「A씨」 for A. A gold speaker of null or 미상 matches an unknown speaker. Gold
quotes flagged "ambiguous" count neither way.

A *stray* speaker is a predicted speaker that is none of the article's gold speakers: a phrase that is nobody
(「경기는」, 「주역으로」), which misleads a reader more than an unknown speaker does.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from . import parse_text, read_article
from .textio import ArticleReadError

_WS = re.compile(r"\s+")


def squash(text: str | None) -> str:
    return _WS.sub("", text or "")


def similar(a: str, b: str) -> float:
    a, b = squash(a), squash(b)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


_DEFINED = re.compile(r"([^\s()“”\"‘’']{2,40})\(\s*(이하\s*)?[‘'“\"]?([^()‘’'“”\"]{1,20}?)[’'”\"]?\s*\)")


def defined_names(text: str) -> list[tuple[str, str]]:
    """Pairs of names an article makes equal: 「X(이하 Y)」 always; 「X(Y)」 when Y shortens X (its syllables in
    order, 공정위 of 공정거래위원회) or is an abbreviation in capitals (KDI)."""
    pairs = []
    for m in _DEFINED.finditer(text):
        name, short = m.group(1), squash(m.group(3))
        if not short or short.isdigit():
            continue
        rest = iter(name)
        if m.group(2) or re.fullmatch(r"[A-Z][A-Za-z&]{1,9}", short) or (
            len(short) < len(name) and all(ch in rest for ch in short)
        ):
            pairs.append((squash(name), short))
    return pairs


def _bare(name: str) -> str:
    """「A씨」 is A, 「김모씨」 김모: the honorific is no part of the name."""
    return name[:-1] if len(name) >= 2 and name.endswith("씨") else name


def name_forms(name: str | None, defined: list[tuple[str, str]] = ()) -> set[str]:
    """Every way of writing `name` that the article makes equal to it (whitespace removed)."""
    g = squash(name)
    forms = {g, _bare(g)}
    both = re.fullmatch(r"(.+)\((.+)\)", g)
    if both:  # a gold speaker written with its short form: 「니혼게이자이신문(닛케이)」
        forms |= {both.group(1), both.group(2)}
    for long, short in defined:
        if long in forms or short in forms:
            forms |= {long, short}
    return forms


def same_speaker(gold: str | None, predicted: str | None, defined: list[tuple[str, str]] = ()) -> bool:
    g = squash(gold)
    if g in ("", "미상"):
        return not squash(predicted)
    p = squash(predicted)
    return bool(p) and (p in name_forms(gold, defined) or _bare(p) in name_forms(gold, defined))


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    attributed: int = 0
    by_resolution: Counter = field(default_factory=Counter)
    by_resolution_right: Counter = field(default_factory=Counter)
    title_right: int = 0
    verb_right: int = 0
    stance_total: int = 0
    stance_right: int = 0
    stance_merged_right: int = 0  # concern and assessment counted as one label
    confusion: Counter = field(default_factory=Counter)
    speakers_predicted: int = 0  # predicted quotes that name a speaker
    stray: int = 0  # … whose speaker is none of the article's gold speakers
    errors: list[str] = field(default_factory=list)


def match(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), best similarity first, at least 0.9."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            score = similar(g["text"], p["text"])
            if score >= 0.9:
                candidates.append((score, gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _rule(p: dict) -> str:
    """The evidence of how a predicted speaker was decided, for one error line."""
    found = [e for e in p.get("evidence") or () if e.startswith(("speaker", "cast", "chooser"))]
    return f" [{'; '.join(found)}]" if found else ""


_MERGED = {"concern": "assessment"}


def grade_article(entry: dict, predicted: list[dict], tally: Tally, text: str = "") -> None:
    name = entry.get("file", "?")
    gold = entry.get("quotes", [])
    defined = defined_names(text)
    pairs = match(gold, predicted)
    paired_g = {g for g, _ in pairs}
    paired_p = {p for _, p in pairs}
    ambiguous = {i for i, g in enumerate(gold) if g.get("ambiguous")}
    tally.gold += len(gold) - len(ambiguous)
    tally.predicted += len(predicted) - len([p for g, p in pairs if g in ambiguous])
    for gi, pi in pairs:
        if gi in ambiguous:
            continue
        g, p = gold[gi], predicted[pi]
        tally.matched += 1
        resolution = g.get("resolution") or "?"
        tally.by_resolution[resolution] += 1
        if same_speaker(g.get("speaker"), p.get("speaker"), defined):
            tally.attributed += 1
            tally.by_resolution_right[resolution] += 1
        else:
            tally.errors.append(
                f"{name}: speaker {p.get('speaker')!r} ({p.get('resolution')}) should be {g.get('speaker')!r} "
                f"({resolution}): “{_short(g['text'])}”{_rule(p)}"
            )
        if squash(g.get("title")) == squash(p.get("title")):
            tally.title_right += 1
        else:
            tally.errors.append(f"{name}: title {p.get('title')!r} should be {g.get('title')!r}: “{_short(g['text'])}”")
        if squash(g.get("verb")) == squash(p.get("verb")):
            tally.verb_right += 1
        else:
            tally.errors.append(f"{name}: verb {p.get('verb')!r} should be {g.get('verb')!r}: “{_short(g['text'])}”")
        if g.get("stance"):
            tally.stance_total += 1
            tally.confusion[(g["stance"], p.get("stance"))] += 1
            if g["stance"] == p.get("stance"):
                tally.stance_right += 1
            if _MERGED.get(g["stance"], g["stance"]) == _MERGED.get(p.get("stance"), p.get("stance")):
                tally.stance_merged_right += 1
    for gi, g in enumerate(gold):
        if gi not in paired_g and gi not in ambiguous:
            tally.errors.append(f"{name}: missed “{_short(g['text'])}” ({g.get('speaker')})")
    for pi, p in enumerate(predicted):
        if pi not in paired_p:
            tally.errors.append(f"{name}: spurious “{_short(p['text'])}” ({p.get('speaker')})")
    speakers = [g.get("speaker") for g in gold if squash(g.get("speaker")) not in ("", "미상")]
    for p in predicted:
        if not squash(p.get("speaker")):
            continue
        tally.speakers_predicted += 1
        if not any(same_speaker(s, p["speaker"], defined) for s in speakers):
            tally.stray += 1
            tally.errors.append(f"{name}: stray speaker {p['speaker']!r}: “{_short(p['text'])}”{_rule(p)}")


def _short(text: str, n: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(gold_path: Path, articles: Path) -> tuple[Tally, list[str]]:
    tally = Tally()
    problems = []
    for line_no, line in enumerate(gold_path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{gold_path}:{line_no}: not JSON ({exc.msg})")
            continue
        path = articles / entry.get("file", "")
        try:
            parsed = parse_text(read_article(path))
        except ArticleReadError as exc:
            problems.append(str(exc))
            tally.gold += len(entry.get("quotes", []))
            continue
        grade_article(entry, [q.to_dict() for q in parsed.quotes], tally, parsed.text)
    return tally, problems


def report(t: Tally, show_errors: bool) -> str:
    p = t.matched / t.predicted if t.predicted else 0.0
    r = t.matched / t.gold if t.gold else 0.0
    ap = t.attributed / t.predicted if t.predicted else 0.0
    ar = t.attributed / t.gold if t.gold else 0.0
    lines = []
    if show_errors:
        lines += ["Errors:"] + [f"  {e}" for e in t.errors] + [""]
        if t.confusion:
            labels = sorted({g for g, _ in t.confusion} | {str(q) for _, q in t.confusion})
            lines.append("Stance confusion (rows: gold, columns: predicted):")
            lines.append("  " + " " * 12 + "".join(f"{lab[:10]:>11}" for lab in labels))
            for g in labels:
                row = "".join(f"{t.confusion.get((g, q if q != 'None' else None), 0):>11}" for q in labels)
                lines.append(f"  {g[:12]:<12}{row}")
            lines.append("")
    lines.append("Speaker accuracy by resolution (gold):")
    for res in sorted(t.by_resolution):
        n = t.by_resolution[res]
        lines.append(f"  {res:<14} {t.by_resolution_right[res]:>3}/{n:<3} {t.by_resolution_right[res] / n:.2f}")
    m = t.matched or 1
    st = t.stance_total or 1
    lines.append(f"Title accuracy {t.title_right / m:.3f}   Verb accuracy {t.verb_right / m:.3f}   "
                 f"Stance accuracy {t.stance_right / st:.3f} (concern = assessment: {t.stance_merged_right / st:.3f})")
    lines.append(f"Stray speakers {t.stray} of {t.predicted} predicted quotes ({t.stray / (t.predicted or 1):.1%})")
    lines.append(f"Quotes: gold {t.gold}, predicted {t.predicted}, matched {t.matched}")
    lines.append(f"Quote P {p:.3f} R {r:.3f} F1 {_f1(p, r):.3f}")
    lines.append(f"Attribution P {ap:.3f} R {ar:.3f} F1 {_f1(ap, ar):.3f}")
    return "\n".join(lines)


def cmd_eval(args) -> int:
    gold, articles = Path(args.gold), Path(args.articles)
    if not gold.is_file():
        print(f"error: gold file not found: {gold}", file=sys.stderr)
        return 2
    if not articles.is_dir():
        print(f"error: articles folder not found: {articles}", file=sys.stderr)
        return 2
    tally, problems = evaluate(gold, articles)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(report(tally, args.show_errors))
    return 0
