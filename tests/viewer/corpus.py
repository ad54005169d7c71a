"""A small, known corpus for viewer tests: the real sample articles plus a few texts of our own.

Quotes are attached by hand (Quote objects with offsets found in the text) so the viewer tests do
not depend on the parser's current recall; import tests use the real ingest on real files.
"""
from __future__ import annotations

from pathlib import Path

from attribution.model import Quote

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

HOSTILE = (
    "<b>x</b><img src=\"file:///etc/passwd\"> 정부, 확장 재정 유지\n"
    "기획재정부는 5일 보도자료를 내고 “정부는 확장 재정 기조를 <b>x</b><img src=x> 유지하겠다”고 밝혔다.\n"
    "여권의 한 관계자는 “아직 결정된 것은 없다”고 전했다.\n"
    "<a href=\"http://example.com\">링크</a> &amp; <script>alert(1)</script> 😀 이모지 뒤에도 “정부 발표는 늦었다”고 "
    "박민수 의원은 비판했다.\n"
)

BUDGET = (
    "국회 예산 심사 본격화\n"
    "박민수 의원은 4일 “정부 예산안은 민생을 외면했다”며 “전면 재검토가 필요하다”고 주장했다.\n"
    "이에 대해 기획재정부 관계자는 “재정 건전성을 함께 고려했다”고 해명했다.\n"
)


def _q(text: str, prefix: str, speaker, kind, title, org, verb, stance, review=False, conf=0.9) -> Quote:
    start = text.index(prefix)
    end = text.index("”", start)
    return Quote(
        text=" ".join(text[start:end].split()),
        start=start,
        end=end,
        speaker=speaker,
        speaker_type=kind,
        title=title,
        org=org,
        verb=verb,
        resolution="same_sentence",
        confidence=conf,
        needs_review=review,
        stance=stance,
        frame="assertive",
        evidence=(f"stance={stance}: test evidence <b>{verb}</b>",) if stance else (),
    )


def articles() -> list[dict]:
    a1 = (SAMPLES / "001_cdfe03824d9defe9.txt").read_text(encoding="utf-8")
    a2 = (SAMPLES / "000_6fb5adfe881a8e20.txt").read_text(encoding="utf-8")
    return [
        {
            "source_path": str(SAMPLES / "001_cdfe03824d9defe9.txt"),
            "text": a1,
            "meta": {"headline": "전남도, AI 시대 지역균형성장 전략 모색", "published": "2025-12-17", "outlet": "광남일보", "reporter": "이현규"},
            "quotes": [
                _q(a1, "양질의 일자리", "이재성", "person", "대표", "미래비전연구소", "진단했다", "concern"),
                _q(a1, "AI 시대의 지역 불균형", "이재성", "person", "대표", "미래비전연구소", "강조했다", "demand"),
                _q(a1, "데이터센터 구축과", "김기홍", "person", "전략산업국장", "전남도", "말했다", "commitment"),
            ],
        },
        {
            "source_path": str(SAMPLES / "000_6fb5adfe881a8e20.txt"),
            "text": a2,
            "meta": {"headline": "과기정통부 정병선 차관, 지스트 방문", "published": "2020-06-30", "outlet": "과학기술정보통신부"},
            "quotes": [
                _q(a2, "코로나19로 인해 어려운", "정병선", "person", "차관", "과학기술정보통신부", "밝혔다", "commitment"),
                _q(a2, "본격적인 지방분권", "정병선", "person", "차관", "과학기술정보통신부", "밝혔다", "commitment"),
                _q(a2, "지스트는 올해 3월에", "김기선", "person", "총장", "지스트", "면서", "claim", review=True, conf=0.55),
            ],
        },
        {
            "source_path": "own/hostile.txt",
            "text": HOSTILE,
            "meta": {"headline": "<b>x</b><img src=\"file:///etc/passwd\"> 정부, 확장 재정 유지", "published": "2024-03-05"},
            "quotes": [
                _q(HOSTILE, "정부는 확장 재정", "기획재정부", "organization", None, "기획재정부", "밝혔다", "commitment"),
                _q(HOSTILE, "아직 결정된", "여권 관계자", "anonymous", "관계자", None, "전했다", "neutral", review=True, conf=0.4),
                _q(HOSTILE, "정부 발표는 늦었다", "박민수", "person", "의원", "국회", "비판했다", "criticism"),
            ],
        },
        {
            "source_path": "own/budget.txt",
            "text": BUDGET,
            "meta": {"headline": "국회 예산 심사 본격화", "published": "2024-11-04"},
            "quotes": [
                _q(BUDGET, "정부 예산안은", "박민수", "person", "의원", "국회", "주장했다", "criticism"),
                _q(BUDGET, "전면 재검토가", "박민수", "person", "의원", "국회", "주장했다", "demand", review=True, conf=0.6),
                _q(BUDGET, "재정 건전성을", "기획재정부 관계자", "anonymous", "관계자", "기획재정부", "해명했다", "explanation"),
            ],
        },
    ]


def build(path: str | Path) -> Path:
    """Create a database at `path` holding the corpus; returns the path."""
    from db import Store

    store = Store.open(path)
    try:
        for a in articles():
            store.add_parsed_article(source_path=a["source_path"], text=a["text"], meta=a["meta"], quotes=a["quotes"])
    finally:
        store.close()
    return Path(path)
