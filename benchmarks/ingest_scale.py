"""End-to-end ingest at several sizes: parse (all cores) + write + FTS into a fresh SQLite file.

    python -m benchmarks.ingest_scale                              # 250, 500, 1000 articles (a few minutes)
    python -m benchmarks.ingest_scale --articles 1000,3000,10000   # the linearity check of the report
    python -m benchmarks.ingest_scale --articles 100000 --jobs 2   # the full target (hours on 2 cores: see README)

For each size the synthetic corpus (`benchmarks.corpus`, seed 1) is first written to a temporary folder
(not timed), then `db.ingest.ingest_paths` runs on it exactly as `main.py ingest DIR` does. Printed per
size: wall time, articles/s, quotes/s, peak RSS of the whole process tree (parent + parser workers,
sampled every 0.1 s with psutil; without psutil, ru_maxrss of self + children, an upper bound), and the
database size per 1,000 articles. The last lines compare the per-article cost across sizes (flat =
linear growth) and extrapolate to 100,000 articles against the targets (10 minutes, 1 GB).
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import write  # noqa: E402


class PeakRSS:
    """Peak resident memory of this process and all its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self.peak_workers = 0
        self.peak_pss = 0  # proportional set size: shared pages (Kiwi's model file, libraries) counted once
        self._n = 0
        self._stop = threading.Event()
        try:
            import psutil

            self._proc = psutil.Process()
        except ImportError:
            self._proc = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def method(self) -> str:
        return "psutil tree sampling" if self._proc is not None else "ru_maxrss self+children (upper bound)"

    def _sample(self) -> None:
        procs = [self._proc, *self._proc.children(recursive=True)]
        rss = []
        for p in procs:
            try:
                rss.append(p.memory_info().rss)
            except Exception:  # noqa: BLE001 - a worker that just exited
                rss.append(0)
        self.peak = max(self.peak, sum(rss))
        self.peak_workers = max(self.peak_workers, sum(rss[1:]))
        self._n += 1
        if self._n % 5 == 1:  # reading smaps is slower: every 5th sample
            pss = 0
            for p in procs:
                try:
                    pss += p.memory_full_info().pss
                except Exception:  # noqa: BLE001
                    pass
            self.peak_pss = max(self.peak_pss, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        if self._proc is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._proc is not None:
            self._stop.set()
            self._thread.join()
            self._sample()
        else:
            kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            self.peak = kb * 1024


def db_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def measure(n: int, seed: int, jobs: int, workdir: Path) -> dict:
    from db.ingest import ingest_paths

    corpus = workdir / f"corpus-{n}"
    t0 = time.perf_counter()
    write(n, seed, corpus)
    t_write = time.perf_counter() - t0
    db = workdir / f"ingest-{n}.db"
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        report = ingest_paths(db, [corpus], jobs=jobs)
        wall = time.perf_counter() - t0
    if report.failed:
        print(f"  {len(report.failed)} failures, first: {report.failed[0]}", file=sys.stderr)
    size = db_bytes(db)
    return {"n": n, "wall": wall, "added": report.added, "quotes": report.quotes, "rss": rss.peak,
            "rss_workers": rss.peak_workers, "pss": rss.peak_pss, "db": size, "corpus_write": t_write, "method": rss.method}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.ingest_scale", description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default="250,500,1000", help="comma-separated sizes (default 250,500,1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="parser processes (0: all cores, as main.py ingest)")
    ap.add_argument("--workdir", help="where corpora and databases go (default: a temporary folder, removed)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.articles.split(",") if s.strip()]
    jobs = args.jobs or os.cpu_count() or 1
    print(f"{os.cpu_count()} cores, jobs={jobs}, load average {os.getloadavg()[0]:.2f}")
    tmp = None if args.workdir else tempfile.TemporaryDirectory(prefix="balheon-ingest-")
    workdir = Path(args.workdir or tmp.name)
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for n in sizes:
            r = measure(n, args.seed, jobs, workdir)
            rows.append(r)
            print(f"  {n} articles done in {r['wall']:.1f} s (load average {os.getloadavg()[0]:.2f})", file=sys.stderr)
    finally:
        if tmp is not None:
            tmp.cleanup()

    print(f"\npeak RSS: {rows[0]['method']}")
    print("| articles | quotes | wall s | articles/s | quotes/s | ms/article | peak RSS MB (workers) | peak PSS MB | DB MB | DB MB per 1k articles |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']:,} | {r['quotes']:,} | {r['wall']:.1f} | {r['n'] / r['wall']:.1f} | {r['quotes'] / r['wall']:.0f} | "
              f"{1000 * r['wall'] / r['n']:.1f} | {r['rss'] / 2**20:.0f} ({r['rss_workers'] / 2**20:.0f}) | {r['pss'] / 2**20:.0f} | "
              f"{r['db'] / 2**20:.1f} | {r['db'] / 2**20 / r['n'] * 1000:.2f} |")
    first, last = rows[0], rows[-1]
    if len(rows) > 1:
        growth = (last["wall"] / last["n"]) / (first["wall"] / first["n"])
        print(f"\ncost per article, {last['n']:,} vs {first['n']:,} articles: {growth:.2f}x (1.00 = linear)")
    per = last["wall"] / last["n"]
    if len(rows) > 1 and last["wall"] > rows[-2]["wall"]:
        # The fixed cost (spawning workers, loading Kiwi in each: ~5-10 s) drops out of the difference.
        per = (last["wall"] - rows[-2]["wall"]) / (last["n"] - rows[-2]["n"])
        fixed = last["wall"] - per * last["n"]
        print(f"marginal cost {1000 * per:.1f} ms/article ({1 / per:.1f} articles/s) between the two largest sizes; "
              f"fixed start-up cost {fixed:.1f} s")
    est = per * 100_000
    db_est = last["db"] / last["n"] * 100_000 / 2**30
    print(f"extrapolated to 100,000 articles: {est / 60:.0f} min (target < 10 min: "
          f"{'MET' if est < 600 else 'NOT MET'}, needs {100_000 / 600:.0f} articles/s, have {1 / per:.1f}); "
          f"peak RSS {last['rss'] / 2**20:.0f} MB (target < 1 GB: {'MET' if last['rss'] < 2**30 else 'NOT MET'}, "
          f"flat in size); database {db_est:.2f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
