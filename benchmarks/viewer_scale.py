"""The real viewer on big databases: start-up, typing, search, a 10,000-quote speaker, scrolling, memory.

    python -m benchmarks.viewer_scale                                        # 10k and 100k quotes (a few minutes)
    python -m benchmarks.viewer_scale --quotes 10000,100000,1000000          # the three sizes of the report
    python -m benchmarks.viewer_scale --quotes 1000000 --speakers 100000 --workdir /tmp/vbench   # keeps the DBs

Each database is filled once by `bulk_fill` (synthetic rows through the store's public writing API,
`Store.add_prepared`, thousands of articles per transaction; reused when --workdir already holds
it). Every size is then measured in a FRESH process (so imports, caches and memory are per size) with
the real `viewer.app.create_window` offscreen (QT_QPA_PLATFORM=offscreen), events processed after
each step so the views have fetched and laid out what they show:

* start: process start -> window shown with the speaker list and statements filled (target < 2 s);
* type: the speaker filter typed one prefix at a time (「김」「김민」「김민수」), each applied at once
  (the 150 ms debounce of the pane is not counted);
* search: the quote search box set to 「정부」 and applied (FTS), then cleared;
* speaker: selecting the speaker with the most quotes (10,000 when the database has 50,000 or more);
* scroll: the statement list of that speaker scrolled to its last row, then the speaker list to its end;
* record: that speaker's record window (roles, the monthly chart by stance, statements, articles,
  likely duplicates) until all of it is in and painted (target < 500 ms);
* compare: the three busiest speakers side by side, then 「정부」 searched in the three columns;
* stance: the stance filter set to criticism (the speaker list narrows to speakers with such a quote);
* RSS of the viewer process at the end (target < 500 MB).
Targets per interaction: < 200 ms. The table says whether each stays flat from the smallest size up.

Id lists and counts are queried on worker threads, so each interaction has two figures: the
longest the GUI thread was busy in one stretch (the call itself, then each event-loop pass until
the results are in: what a user feels as a freeze), and the time until the results are shown
(`MainWindow.busy()` false). Start-up likewise: window usable, then lists filled.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_T_START = time.perf_counter()  # the child measures start-up from here (after the interpreter started)

from benchmarks import corpus as C  # noqa: E402

QUOTES_PER_ARTICLE = 10
def _speakers(n: int, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """n distinct (name, org, title, type) speakers; 5% organisations, 5% unnamed sources."""
    out, seen = [], set()
    while len(out) < n:
        full, _alias, _k, titles = rng.choice(C.ORGS)
        roll = rng.random()
        if roll < 0.05:
            key = (full, None)
            row = (full, None, None, "organization")
        elif roll < 0.10:
            label = rng.choice(["관계자", "업계 관계자", "당 관계자", "참석자"]) + (f" {len(out)}" if len(seen) > 20 else "")
            key = (label, full)
            row = (label, full, None, "anonymous")
        else:
            name = rng.choice(C.SURNAMES) + rng.choice(C.GIVEN) + rng.choice(C.GIVEN_LAST)
            key = (name, full)
            row = (name, full, rng.choice(titles), "person")
        if key in seen:
            continue
        seen.add(key)
        out.append(row)
    return out


def bulk_fill(store_path: str | Path, quotes: int, speakers: int, seed: int = 7, big: int | None = None,
              per_tx: int = 2000, progress=None) -> dict:
    """Fill a new database with `quotes` synthetic quotes by `speakers` speakers through the store's
    writing API (`db.writing.prepare_article`, `Store.add_prepared`: what ingest uses).

    Speaker 0 gets `big` quotes (default min(10,000, quotes // 5)); the others follow a Zipf-like law.
    Articles hold 10 quotes; `per_tx` articles share a transaction. Returns what was built and how fast.
    """
    from db import Store
    from db.writing import prepare_article

    rng = random.Random(seed)
    cast = _speakers(speakers, rng)
    big = min(10_000, quotes // 5) if big is None else big
    weights = [1.0 / (i + 1) ** 0.9 for i in range(1, len(cast))]
    others = rng.choices(range(1, len(cast)), weights=weights, k=quotes - big)
    # every speaker speaks at least once where the budget allows, so the list really has `speakers` rows
    for i in range(1, min(len(cast), len(others))):
        others[i - 1] = i
    order = [0] * big + others
    rng.shuffle(order)
    started = time.perf_counter()
    n_articles = (quotes + QUOTES_PER_ARTICLE - 1) // QUOTES_PER_ARTICLE
    scratch = C._Article(rng)
    pending: list = []
    with Store.open(store_path) as store:
        for a in range(n_articles):
            scratch.used_quotes.clear()
            scratch.topic = rng.choice(C.TOPICS)
            parts, qs, pos = [], [], 0
            for who in order[a * QUOTES_PER_ARTICLE : (a + 1) * QUOTES_PER_ARTICLE]:
                name, org, title, kind = cast[who]
                q = scratch.quote_text()
                lead = f"{name} {org or ''} {title or ''}".replace("  ", " ").strip()
                sentence = f"{C.josa(lead, '은', '는')} “{q}”고 {rng.choice(C.VERBS_END)}."
                start = pos + len(lead) + 3
                qs.append({
                    "text": q, "start": start, "end": start + len(q), "speaker": name, "speaker_type": kind,
                    "title": title, "org": org, "verb": rng.choice(C.VERBS_END)[:-2] + "다",
                    "resolution": "same_sentence", "confidence": round(rng.uniform(0.4, 1.0), 2),
                    "needs_review": rng.random() < 0.04, "sentence": sentence, "sentence_start": pos,
                    "stance": rng.choice(["commitment", "assessment", "concern", "criticism", "request", None]),
                    "frame": "neutral", "polarity": rng.choice(["positive", "negative", None]),
                })
                parts.append(sentence)
                pos += len(sentence) + 1
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            pending.append(prepare_article(
                source_path=f"/archive/{a // 1000:04d}/{a:07d}.txt", text="\n".join(parts), quotes=qs,
                meta={"headline": f"{scratch.topic} {rng.choice(C.NOUNS)} 논의", "published": f"{rng.randint(2015, 2025)}-{month:02d}-{day:02d}",
                      "outlet": rng.choice(C.OUTLETS)},
            ))
            if len(pending) == per_tx or a == n_articles - 1:
                store.add_prepared(pending)  # one transaction, as ingest writes
                pending = []
                if progress:
                    progress((a + 1) * QUOTES_PER_ARTICLE, quotes)
    seconds = time.perf_counter() - started
    return {"quotes": quotes, "speakers": len(cast), "articles": n_articles, "big": big, "seconds": seconds}


# ------------------------------------------------------------------------------------------------
# The measuring child


def _rss_mb() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(db: str) -> dict:
    """Run the real window on `db` and time each interaction (call in a fresh process)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QThreadPool

    from viewer.app import create_window, make_app, prepare

    app = make_app()
    prepare(app)
    tmp = tempfile.TemporaryDirectory(prefix="balheon-vbench-")
    settings = QSettings(str(Path(tmp.name) / "settings.ini"), QSettings.Format.IniFormat)

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    def idle(t0: float, worst: float) -> tuple[float, float]:
        """Run the event loop until the window's background queries are in: (worst freeze, total) in ms."""
        deadline = time.perf_counter() + 600
        while win.busy() and time.perf_counter() < deadline:
            t1 = time.perf_counter()
            app.processEvents()
            worst = max(worst, time.perf_counter() - t1)
            time.sleep(0.002)
        t1 = time.perf_counter()
        settle()
        worst = max(worst, time.perf_counter() - t1)
        return worst * 1000, (time.perf_counter() - t0) * 1000

    win = create_window(db, settings, first_run_samples=False)
    win.resize(1400, 880)
    win.show()
    settle()
    out: dict = {"start_s": time.perf_counter() - _T_START, "rss_start_mb": _rss_mb()}
    _w, _t = idle(time.perf_counter(), 0.0)
    out["start_filled_s"] = time.perf_counter() - _T_START
    out["speakers"] = win.speakers.model.total()
    out["all_quotes_rows"] = win.statements.total()

    def timed(key: str, fn) -> None:
        t0 = time.perf_counter()
        fn()
        settle()
        if win.statements.loading():  # when the statements (the results) were in, before the rest
            win.statements.after_load(lambda: out.__setitem__(key.replace("_ms", "_statements_ms"),
                                                              (time.perf_counter() - t0) * 1000))
        else:
            out[key.replace("_ms", "_statements_ms")] = (time.perf_counter() - t0) * 1000
        out[key], out[key.replace("_ms", "_shown_ms")] = idle(t0, time.perf_counter() - t0)

    def complete(t0: float) -> float:
        """ms from t0 until the speaker filter's substring matches are in too (they follow the
        name-prefix matches, which is what 'shown' measures)."""
        deadline = time.perf_counter() + 600
        while win.speakers.model.completing() and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.002)
        settle()
        return (time.perf_counter() - t0) * 1000

    typing, shown, whole = [], [], []
    for prefix in ("김", "김민", "김민수"):
        t_key = time.perf_counter()
        timed("_key_ms", lambda p=prefix: (win.speakers.filter.setText(p), win.speakers.flush()))
        typing.append(out.pop("_key_ms"))
        shown.append(out.pop("_key_shown_ms"))
        whole.append(complete(t_key))
    out["type_ms"] = typing
    out["type_max_ms"] = max(typing)
    out["type_max_shown_ms"] = max(shown)
    out["type_max_complete_ms"] = max(whole)
    timed("type_clear_ms", lambda: (win.speakers.filter.setText(""), win.speakers.flush()))

    # Query analysis is Kiwi-free since 64d61b8: the search figure includes everything, and the
    # model must not be in this process afterwards (kiwi_loaded in the result).
    t_search = time.perf_counter()
    timed("search_ms", lambda: (win.filters.search.setText("정부"), win.filters.flush()))
    out["search_speakers_complete_ms"] = complete(t_search)  # the speaker list narrowed to the hits' speakers
    out["search_rows"] = win.statements.total()
    timed("search_clear_ms", lambda: (win.filters.search.setText(""), win.filters.flush()))

    top = win.store.speaker_ids()[0]
    timed("select_speaker_ms", lambda: win.speakers.select_ids([top]))
    col = win.statements.columns[0]
    out["speaker_quotes"] = col.model.total()
    out["speaker_quotes_loaded"] = col.model.rowCount()  # the windows of ids fetched so far
    timed("scroll_quotes_end_ms", lambda: col.view.scrollToBottom())
    timed("select_last_quote_ms", lambda: col.view.selectRow(col.model.rowCount() - 1))
    timed("scroll_speakers_end_ms", lambda: win.speakers.view.scrollToBottom())

    # The speaker's record (issue 14): roles, the monthly chart by stance, statements and articles,
    # likely duplicates. Shown = every part in and the window painted, chart included.
    view_box: list = []

    def open_view() -> None:
        view_box.append(win.open_speaker_view(top))

    t0 = time.perf_counter()
    open_view()
    settle()
    worst = time.perf_counter() - t0
    view = view_box[0]
    deadline = time.perf_counter() + 600
    while not view.ready() and time.perf_counter() < deadline:
        t1 = time.perf_counter()
        app.processEvents()
        worst = max(worst, time.perf_counter() - t1)
        time.sleep(0.002)
    t1 = time.perf_counter()
    view.repaint()  # the chart and the lists drawn now, not at the next event-loop turn
    settle()
    worst = max(worst, time.perf_counter() - t1)
    out["speaker_view_ms"] = worst * 1000
    out["speaker_view_shown_ms"] = (time.perf_counter() - t0) * 1000
    out["speaker_view_months"] = len(view.chart.buckets)
    out["speaker_view_candidates"] = len(view.candidates)
    view.close()

    # Three of the busiest speakers side by side, then a search marked and counted in each column.
    three = win.store.speaker_ids(limit=3)
    timed("compare_three_ms", lambda: win.speakers.select_ids(three))
    timed("compare_search_ms", lambda: (win.filters.search.setText("정부"), win.filters.flush()))
    out["compare_rows"] = win.statements.total()
    timed("compare_clear_ms", lambda: win.reset_filters())
    # A stance filter narrows the speaker list to those with such a quote.
    stance = win.filters.stance
    t_stance = time.perf_counter()
    timed("stance_ms", lambda: stance.setCurrentIndex(stance.findData("criticism")))
    out["stance_complete_ms"] = complete(t_stance)
    out["stance_speakers"] = win.speakers.model.total()
    stance.setCurrentIndex(0)
    out["rss_end_mb"] = _rss_mb()
    import attribution.morph

    out["kiwi_loaded"] = attribution.morph._kiwi is not None
    QThreadPool.globalInstance().waitForDone()
    win.shutdown_workers()
    win.close()
    tmp.cleanup()
    return out


# ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.viewer_scale", description=__doc__.splitlines()[0])
    ap.add_argument("--quotes", default="10000,100000", help="comma-separated sizes (default 10000,100000)")
    ap.add_argument("--speakers", type=int, default=0, help="speakers at the largest size (default quotes/10 at each size)")
    ap.add_argument("--workdir", help="keep (and reuse) the databases here; default a temporary folder")
    ap.add_argument("--measure", metavar="DB", help=argparse.SUPPRESS)  # child mode
    args = ap.parse_args(argv)
    if args.measure:
        print("RESULT " + json.dumps(measure(args.measure)))
        return 0

    sizes = [int(s) for s in args.quotes.split(",") if s.strip()]
    tmp = None if args.workdir else tempfile.TemporaryDirectory(prefix="balheon-vscale-")
    workdir = Path(args.workdir or tmp.name)
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for q in sizes:
            sp = args.speakers if (args.speakers and q == max(sizes)) else max(10, q // 10)
            db = workdir / f"viewer-{q}-{sp}.db"
            if not db.exists():
                tmpdb = db.with_suffix(".part")
                for p in tmpdb.parent.glob(tmpdb.name + "*"):
                    p.unlink()
                built = bulk_fill(tmpdb, q, sp, progress=lambda d, t: print(f"\r  fill {d:,}/{t:,}", end="", file=sys.stderr))
                os.replace(tmpdb, db)
                print(f"\r  built {q:,} quotes, {built['speakers']:,} speakers, {built['articles']:,} articles in "
                      f"{built['seconds']:.1f} s ({q / built['seconds']:,.0f} quotes/s), "
                      f"{db.stat().st_size / 2**20:.0f} MB", file=sys.stderr)
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "benchmarks.viewer_scale", "--measure", str(db)],
                                  cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
            wall = time.perf_counter() - t0
            line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
            if line is None:
                print(proc.stdout[-2000:], proc.stderr[-4000:], file=sys.stderr)
                return 1
            r = json.loads(line[7:])
            r.update(quotes=q, speakers_asked=sp, child_wall_s=wall)
            rows.append(r)
            print(f"  measured {q:,} quotes (load average {os.getloadavg()[0]:.2f})", file=sys.stderr)
    finally:
        if tmp is not None:
            tmp.cleanup()

    keys = [("start: window usable (s)", "start_s", 2.0, 1), ("start: lists filled (s)", "start_filled_s", 2.0, 1),
            ("type 김/김민/김민수: worst freeze (ms)", "type_max_ms", 200, 1000),
            ("type 김/김민/김민수: name-prefix matches shown (max ms)", "type_max_shown_ms", 200, 1000),
            ("type 김/김민/김민수: substring matches added (max ms)", "type_max_complete_ms", 200, 1000),
            ("clear filter: freeze (ms)", "type_clear_ms", 200, 1000), ("clear filter: shown (ms)", "type_clear_shown_ms", 200, 1000),
            ("search 정부: freeze (ms)", "search_ms", 200, 1000),
            ("search 정부: statements shown (ms)", "search_statements_ms", 200, 1000),
            ("search 정부: shown, speaker list narrowed too (ms)", "search_shown_ms", 200, 1000),
            ("search 정부: speaker list narrowed in full (ms)", "search_speakers_complete_ms", 1000, 1000),
            ("clear search: freeze (ms)", "search_clear_ms", 200, 1000), ("clear search: shown (ms)", "search_clear_shown_ms", 200, 1000),
            ("select top speaker: freeze (ms)", "select_speaker_ms", 200, 1000),
            ("select top speaker: shown (ms)", "select_speaker_shown_ms", 200, 1000),
            ("scroll its quotes to end (ms)", "scroll_quotes_end_ms", 200, 1000),
            ("select its last quote (ms)", "select_last_quote_ms", 200, 1000),
            ("scroll speakers to end (ms)", "scroll_speakers_end_ms", 200, 1000),
            ("speaker record (chart, lists, duplicates): freeze (ms)", "speaker_view_ms", 200, 1000),
            ("speaker record: shown, chart painted (ms)", "speaker_view_shown_ms", 500, 1000),
            ("three speakers side by side: freeze (ms)", "compare_three_ms", 200, 1000),
            ("three speakers side by side: shown (ms)", "compare_three_shown_ms", 200, 1000),
            ("search 정부 in the three columns: freeze (ms)", "compare_search_ms", 200, 1000),
            ("search 정부 in the three columns: statements shown (ms)", "compare_search_statements_ms", 200, 1000),
            ("search 정부 in the three columns: shown, headers' counts too (ms)", "compare_search_shown_ms", 200, 1000),
            ("stance filter (speakers narrowed): freeze (ms)", "stance_ms", 200, 1000),
            ("stance filter (speakers narrowed): shown (ms)", "stance_shown_ms", 200, 1000),
            ("stance filter: speaker list narrowed in full (ms)", "stance_complete_ms", 1000, 1000),
            ("RSS after start (MB)", "rss_start_mb", 500, 1),
            ("RSS at end, after the search (MB)", "rss_end_mb", 500, 1)]
    print("\n| measure | " + " | ".join(f"{r['quotes']:,} q / {r['speakers']:,} sp" for r in rows) + " | target | flat? |")
    print("|---|" + "---:|" * len(rows) + "---|---|")
    for label, key, target, _scale in keys:
        vals = [r[key] for r in rows]
        fmt = (lambda v: f"{v:.2f}") if key.startswith("start") else (lambda v: f"{v:.0f}")
        ok = all(v < target for v in vals)
        flat = "yes" if vals[-1] <= max(2 * vals[0], vals[0] + (0.2 if key.startswith("start") else 20)) else f"grows {vals[-1] / max(vals[0], 1e-9):.1f}x"
        print(f"| {label} | " + " | ".join(fmt(v) for v in vals) + f" | < {target} {'MET' if ok else 'NOT MET'} | {flat} |")
    print("\ncontext: " + "; ".join(
        f"{r['quotes']:,} q: top speaker {r['speaker_quotes']:,} quotes, '정부' {r['search_rows']:,} rows, "
        f"ids loaded {r['speaker_quotes_loaded']:,}, Kiwi loaded: {r['kiwi_loaded']}, typing {', '.join(f'{t:.0f}' for t in r['type_ms'])} ms, "
        f"record: {r['speaker_view_months']} months, {r['speaker_view_candidates']} namesakes; "
        f"'정부' in three columns {r['compare_rows']:,} rows; criticism: {r['stance_speakers']:,} speakers"
        for r in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
