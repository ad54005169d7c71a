"""A BigKinds download against plain text files of the same articles: how fast each is read, and ingested.

    python -m benchmarks.ingest_formats                        # 1,000 articles, all cores (a few minutes)
    python -m benchmarks.ingest_formats --articles 200 --jobs 1

The synthetic corpus (`benchmarks.corpus`, seed 1) is written twice, untimed: as a BigKinds-shaped `.xlsx`
(one sheet, BigKinds' 19 columns: 뉴스 식별자, 일자 as YYYYMMDD, 언론사, 기고자, 제목, … 본문, URL, 분석제외
여부; each article's first line is its 제목, the rest its 본문) and as one `.txt` file per article holding
exactly the text the workbook's reader gives the parser (the headline, a blank line, the body), so both
runs parse the same texts. Then, measured in the same run:

* reading alone: `attribution.readers` over the workbook (the count ingest makes first, then the rows)
  against `read_article` over the text files, articles/s;
* ingest end to end: `db.ingest.ingest_paths` into a fresh database, the text files first, then the
  workbook (the parser processes are started anew for each), articles/s and quotes/s;

and the ratios workbook / text. Both databases must hold the same articles and quotes (checked).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import generate  # noqa: E402

HEADER = ["뉴스 식별자", "일자", "언론사", "기고자", "제목", "통합 분류1", "통합 분류2", "통합 분류3", "사건/사고 분류1",
          "사건/사고 분류2", "사건/사고 분류3", "인물", "위치", "기관", "키워드", "특성추출", "본문", "URL", "분석제외 여부"]
OUTLETS = ["한빛일보", "두리신문", "새솔경제", "누리방송", "한결통신"]


def write_both(n: int, seed: int, workdir: Path) -> tuple[Path, Path]:
    """The corpus as a BigKinds workbook and as text files with the texts the workbook's reader gives."""
    import openpyxl

    from attribution.readers.base import compose

    txt = workdir / "txt"
    txt.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("sheet")
    ws.append(HEADER)
    for i, (name, text) in enumerate(generate(n, seed)):
        headline, _, body = text.strip("\n").partition("\n")
        body = body.strip("\n")
        day = f"2024{(i % 12) + 1:02d}{(i % 28) + 1:02d}"
        ws.append([f"01100101.{day}{i:08d}", day, OUTLETS[i % len(OUTLETS)], "박지성 기자", headline, "사회>지역", "", "",
                   "", "", "", "", "", "", "", "", body, f"https://news.example.kr/article/{i}", ""])
        (txt / f"{i:06d}.txt").write_text(compose(headline, body) + "\n", encoding="utf-8")
    book = workdir / "NewsResult_20240101-20241231.xlsx"
    wb.save(str(book))
    return book, txt


def read_rates(book: Path, txt: Path) -> tuple[float, float, int]:
    """(workbook articles/s, text files articles/s, articles), reading only, as ingest reads them."""
    from attribution import read_article
    from attribution.readers import count_records, read_records

    t0 = time.perf_counter()
    count_records(book)
    rows = sum(1 for r in read_records(book) if r.error is None)
    t_book = time.perf_counter() - t0
    files = sorted(txt.glob("*.txt"))
    t0 = time.perf_counter()
    for f in files:
        read_article(f)
    t_txt = time.perf_counter() - t0
    return rows / t_book, len(files) / t_txt, rows


def ingest_rate(db: Path, source: Path, jobs: int) -> dict:
    from db import QuoteFilter, Store
    from db.ingest import ingest_paths

    t0 = time.perf_counter()
    report = ingest_paths(db, [source], jobs=jobs)
    wall = time.perf_counter() - t0
    if report.failed:
        print(f"  {len(report.failed)} failures, first: {report.failed[0]}", file=sys.stderr)
    with Store.open(db, readonly=True) as store:
        articles, quotes = store.article_count(), store.quote_count(QuoteFilter(include_not_speech=True))
    return {"wall": wall, "articles": articles, "quotes": quotes, "added": report.added}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.ingest_formats", description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="parser processes (0: as main.py ingest, every core as memory allows)")
    ap.add_argument("--workdir", help="where the files and databases go (default: a temporary folder, removed)")
    args = ap.parse_args(argv)
    from db.ingest import default_jobs

    jobs = args.jobs or default_jobs()
    tmp = None if args.workdir else tempfile.TemporaryDirectory(prefix="balheon-formats-")
    workdir = Path(args.workdir or tmp.name)
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        book, txt = write_both(args.articles, args.seed, workdir)
        print(f"{os.cpu_count()} cores, jobs={jobs}, load average {os.getloadavg()[0]:.2f}; {args.articles:,} articles: "
              f"workbook {book.stat().st_size / 2**20:.1f} MB, text files "
              f"{sum(f.stat().st_size for f in txt.glob('*.txt')) / 2**20:.1f} MB")
        book_read, txt_read, rows = read_rates(book, txt)
        assert rows == args.articles, (rows, args.articles)
        as_txt = ingest_rate(workdir / "txt.db", txt, jobs)
        print(f"  text files ingested in {as_txt['wall']:.1f} s (load average {os.getloadavg()[0]:.2f})", file=sys.stderr)
        as_book = ingest_rate(workdir / "xlsx.db", book, jobs)
        print(f"  workbook ingested in {as_book['wall']:.1f} s (load average {os.getloadavg()[0]:.2f})", file=sys.stderr)
    finally:
        if tmp is not None:
            tmp.cleanup()
    same = (as_txt["articles"], as_txt["quotes"]) == (as_book["articles"], as_book["quotes"])
    print("| what | text files | BigKinds .xlsx | xlsx/txt |")
    print("|---|---:|---:|---:|")
    print(f"| reading only, articles/s | {txt_read:,.0f} | {book_read:,.0f} | {book_read / txt_read:.2f}x |")
    print(f"| ingest, articles/s | {as_txt['articles'] / as_txt['wall']:.1f} | {as_book['articles'] / as_book['wall']:.1f} | "
          f"{as_txt['wall'] / as_book['wall']:.2f}x |")
    print(f"| ingest, quotes/s | {as_txt['quotes'] / as_txt['wall']:.0f} | {as_book['quotes'] / as_book['wall']:.0f} | |")
    print(f"| ingest, wall s | {as_txt['wall']:.1f} | {as_book['wall']:.1f} | |")
    print(f"same articles and quotes in both databases: {'yes' if same else 'NO'} "
          f"({as_txt['articles']:,} / {as_txt['quotes']:,} from text, {as_book['articles']:,} / {as_book['quotes']:,} "
          f"from the workbook)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
