"""`main.py parse FILE... [--format jsonl|table]`: print the quotes found in article files."""
from __future__ import annotations

import json
import sys
import unicodedata

from . import parse_text, read_article
from .textio import ArticleReadError

JSON_FIELDS = (
    "text", "speaker", "speaker_type", "title", "org", "verb", "start", "end", "resolution", "confidence",
    "needs_review", "sentence", "mention", "cue", "frame", "stance", "stance_secondary", "polarity", "evidence",
)


def cmd_parse(args) -> int:
    status = 0
    for path in args.files:
        try:
            parsed = parse_text(read_article(path))
        except ArticleReadError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 1
            continue
        if args.format == "jsonl":
            quotes = [{k: q.to_dict()[k] for k in JSON_FIELDS} for q in parsed.quotes]
            print(json.dumps({"file": path, "quotes": quotes, "warnings": list(parsed.warnings)}, ensure_ascii=False))
        else:
            print(table(path, parsed))
    return status


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    out, used = [], 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - (1 if len(text) > len(out) + 1 else 0):
            out.append("…")
            used += 1
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * max(0, width - used)


def table(path: str, parsed) -> str:
    cols = [("speaker", 16), ("title", 12), ("org", 14), ("verb", 10), ("stance", 11), ("how", 14), ("quote", 60)]
    lines = [f"{path}: {len(parsed.quotes)} quotes"]
    lines.append("  ".join(_fit(name, w) for name, w in cols))
    for q in parsed.quotes:
        speaker = q.speaker or "(미상)"
        if q.needs_review:
            speaker = "?" + speaker
        row = [speaker, q.title or "", q.org or "", q.verb or "", q.stance or "", q.resolution, q.text]
        lines.append("  ".join(_fit(str(v), w) for v, (_, w) in zip(row, cols)))
    return "\n".join(lines)
