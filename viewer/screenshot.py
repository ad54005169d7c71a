"""Render the viewer to PNG, offscreen, for the README:

    python -m viewer.screenshot OUT.png                          # the main window on the bundled samples
    python -m viewer.screenshot OUT.png --demo --speakers 3 --search 부동산   # three speakers side by side
    python -m viewer.screenshot OUT.png --demo --speaker-view    # a speaker's record with its chart

Without --db the bundled samples are ingested (real parser) into a temporary database. --demo adds
three years of statements by three public figures whose titles change over time, written here
from templates (no article is copied from anywhere), so the record and its chart have a history.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

# (name, org, [(from "YYYY-MM", title)], monthly weight) — invented people
DEMO_PEOPLE = (
    ("한지수", "더불어민주당", [("2023-01", "의원"), ("2024-03", "원내대표"), ("2025-02", "대표")], 1.0),
    ("오태민", "국민의힘", [("2023-01", "의원"), ("2024-09", "최고위원")], 0.8),
    ("서민경", "기획재정부", [("2023-01", "차관"), ("2024-07", "장관")], 0.7),
)
DEMO_TOPICS = ("부동산", "예산", "의료 개혁", "일자리", "물가", "저출생", "지방 소멸")
DEMO_QUOTES = {
    "commitment": ("{t} 문제를 반드시 해결하겠다", "{t} 대책을 이달 안에 내놓겠다",
                   "{t} 현장의 목소리를 끝까지 듣고 책임 있게 챙기겠다"),
    "criticism": ("정부의 {t} 정책은 사실상 실패했다", "{t} 대책은 현실을 전혀 모르는 탁상공론에 불과하다",
                  "{t} 문제를 두고 책임을 떠넘기는 모습은 납득하기 어렵다"),
    "concern": ("{t} 상황이 생각보다 훨씬 심각해 우려스럽다", "이대로 가면 {t} 문제가 더 커질 수 있다"),
    "request": ("정부와 국회가 {t} 대책을 서둘러 함께 마련해야 한다", "{t} 예산부터 과감하게 늘려야 한다"),
    "assessment": ("{t} 지표가 조금씩 나아지고 있다", "{t} 분야의 변화는 이제 막 첫걸음을 뗀 단계다"),
}
DEMO_VERBS = {"commitment": "밝혔다", "criticism": "비판했다", "concern": "우려했다", "request": "촉구했다",
              "assessment": "평가했다"}


def _title_at(history, month: str) -> str:
    title = history[0][1]
    for since, t in history:
        if month >= since:
            title = t
    return title


def fill_demo(db_path: str, seed: int = 14) -> int:
    """Add the demo statements to the database at db_path; returns the number of articles."""
    from db import Store

    rng = random.Random(seed)
    months = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)]
    articles = 0
    with Store.open(db_path) as store, store.batch():
        for i, month in enumerate(months):
            # a busier season now and then, so the chart has a shape
            season = 1.0 + (1.4 if month[5:] in ("09", "10", "11") else 0) + (1.0 if "2024-03" <= month <= "2024-04" else 0)
            for name, org, history, weight in DEMO_PEOPLE:
                n = int(rng.random() * 2.2 * weight * season) + (1 if rng.random() < 0.5 * weight else 0)
                for k in range(n):
                    topic = rng.choice(DEMO_TOPICS[:3] if rng.random() < 0.6 else DEMO_TOPICS)
                    mood = ["commitment", "criticism", "concern", "request", "assessment"]
                    weights = [3, 1, 1, 2, 2] if org == "기획재정부" else ([1, 3, 2, 2, 1] if i < 20 else [3, 1, 1, 2, 2])
                    if name == "오태민":
                        weights = [1, 4, 2, 2, 1]
                    stance = rng.choices(mood, weights=weights)[0]
                    words = rng.choice(DEMO_QUOTES[stance]).format(t=topic)
                    title = _title_at(history, month)
                    day = rng.randint(1, 28)
                    # a press release now and then names no party: the same person, listed apart (a duplicate)
                    press = name == "한지수" and rng.random() < 0.12
                    who = f"{name} {title}" if press else f"{name} {org} {title}"
                    lead = f"{who}은 {day}일 기자간담회에서 “"
                    headline = f"{name} {title}, {topic} 놓고 “{words[:16]}…”"
                    text = (f"{headline}\n{month}-{day:02d}\n{lead}{words}”고 {DEMO_VERBS[stance]}.\n"
                            f"이날 간담회에는 관계자 30여 명이 참석했다.\n")
                    start = text.index(lead) + len(lead)
                    store.add_parsed_article(
                        source_path=f"demo/{month}/{name}-{k}.txt", text=text,
                        meta={"headline": headline, "published": f"{month}-{day:02d}",
                              "outlet": rng.choice(("한빛일보", "새누리신문", "오늘경제"))},
                        quotes=[{"text": words, "start": start, "end": start + len(words), "speaker": name,
                                 "speaker_type": "person", "title": title, "org": None if press else org,
                                 "verb": DEMO_VERBS[stance],
                                 "resolution": "same_sentence", "confidence": 0.95, "stance": stance,
                                 "frame": stance, "sentence": text.splitlines()[2], "sentence_start": text.index(lead)}],
                    )
                    articles += 1
    return articles


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m viewer.screenshot", description=__doc__.splitlines()[0])
    ap.add_argument("out", metavar="OUT.png")
    ap.add_argument("--db", help="use this database instead of ingesting the samples into a temp one")
    ap.add_argument("--demo", action="store_true", help="add the demo statements (three people over three years)")
    ap.add_argument("--size", default="1400x880", help="window size WxH (default 1400x880)")
    ap.add_argument("--speakers", type=int, default=2, help="how many speakers to select (side by side)")
    ap.add_argument("--search", help="type this into the quote search first (marked in every column)")
    ap.add_argument("--speaker-view", action="store_true", help="grab the record window of the first speaker")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings, QThreadPool

    from .app import create_window, make_app, prepare
    from .main_window import SAMPLES_DIR

    tmp = tempfile.TemporaryDirectory(prefix="balheon-shot-")
    db = args.db
    if db is None:
        from db.ingest import ingest_paths

        db = str(Path(tmp.name) / "samples.db")
        report = ingest_paths(db, [str(SAMPLES_DIR)], jobs=1)
        print(f"ingested {report.added} sample articles, {report.quotes} quotes", file=sys.stderr)
    if args.demo:
        print(f"added {fill_demo(db)} demo articles", file=sys.stderr)
    app = make_app()
    family = prepare(app)
    settings = QSettings(str(Path(tmp.name) / "settings.ini"), QSettings.Format.IniFormat)
    win = create_window(db, settings, first_run_samples=False)
    w, h = (int(x) for x in args.size.lower().split("x"))
    win.resize(w, h)
    win.show()

    def idle(extra=lambda: False) -> None:
        """Let the background queries (id lists, counts) land before reading or grabbing."""
        import time

        app.processEvents()
        deadline = time.monotonic() + 60
        while (win.busy() or extra()) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        for _ in range(5):
            app.processEvents()

    idle()
    if args.search:
        win.filters.search.setText(args.search)
        win.filters.flush()
        idle()
    model = win.speakers.model
    # Prefer people who said the most; select several to show the side-by-side columns.
    picks = []
    for r in range(model.rowCount()):
        row = model.row_object(r)
        if row is not None and row.type == "person":
            picks.append(row.id)
        if len(picks) >= max(1, args.speakers):
            break
    target = win
    if args.speaker_view and picks:
        view = win.open_speaker_view(picks[0])
        view.resize(1180, 820)
        idle(lambda: not view.ready())
        view.statements.view.selectRow(0)
        view.dups.selectRow(0) if view.dups.rowCount() else None
        idle(lambda: not view.ready())
        target = view
    elif picks:
        win.speakers.select_ids(picks)
        idle()
        col = win.statements.columns[0]
        if col.model.rowCount():
            col.view.selectRow(0)
            col.view.setFocus()
    idle()
    QThreadPool.globalInstance().waitForDone()
    pm = target.grab()
    ok = pm.save(args.out)
    print(f"{'wrote' if ok else 'FAILED to write'} {args.out} ({pm.width()}x{pm.height()}, font {family})", file=sys.stderr)
    win.close()
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
