"""End-to-end ingest at several sizes: parse (all cores) + write + FTS into a fresh SQLite file.

    python -m benchmarks.ingest_scale                              # 250, 500, 1000 articles (a few minutes)
    python -m benchmarks.ingest_scale --articles 1000,3000,10000   # the linearity check of the report
    python -m benchmarks.ingest_scale --articles 100000 --jobs 2   # the full target (hours on 2 cores: see README)
    python -m benchmarks.ingest_scale --parsed --articles 2000,10000   # writing parsed shards (`ingest --parsed`)

For each size the synthetic corpus (`benchmarks.corpus`, seed 1) is first written to a temporary folder
(not timed), then `db.ingest.ingest_paths` runs on it exactly as `main.py ingest DIR` does. Printed per
size: wall time, articles/s, quotes/s, the share of the run the writer spent writing (the rest it
waited for the parsers), peak RSS of the whole process tree (parent + parser workers, sampled every
0.1 s with psutil; without psutil, ru_maxrss of self + children, an upper bound), and the database
size per 1,000 articles. The last lines compare the per-article cost across sizes (flat = linear
growth) and extrapolate to 100,000 articles against the targets (15 minutes, 1 GB).

--parsed measures `db.ingest.ingest_parsed` (what `main.py ingest --parsed DIR` runs) instead: the
first --distinct articles of the corpus (default 1,000) are parsed once with the real parser (not
timed; kept in --workdir for the next run), and each size is written as gzipped JSONL shards of 100
records, the parsed records repeated as distinct articles (a line added to the text, so a new hash).
Two baselines measured in the same run on the same shards: the same ingest with every record
prepared in the writer's process (`jobs=0`: no overlap), and reading alone (every line gunzipped and
decoded with json.loads, nothing written), the floor of any ingest of these shards.
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
            "rss_workers": rss.peak_workers, "pss": rss.peak_pss, "db": size, "corpus_write": t_write, "method": rss.method,
            "write_s": report.write_seconds}


# ------------------------------------------------------------------------------------------------
# --parsed: writing parsed shards


def parsed_records(distinct: int, seed: int, jobs: int, workdir: Path) -> list[str]:
    """The first `distinct` corpus articles parsed by the real parser, as JSON lines (cached in workdir)."""
    cache = workdir / f"parsed-{distinct}-seed{seed}.jsonl"
    if cache.exists():
        return cache.read_text(encoding="utf-8").splitlines()
    import json
    from multiprocessing import get_context

    from db.ingest import article_record

    corpus = workdir / f"corpus-{distinct}"
    write(distinct, seed, corpus)
    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    t0 = time.perf_counter()
    with get_context("spawn").Pool(jobs) as pool:
        lines = [json.dumps(r, ensure_ascii=False) for r in pool.imap(article_record, files, chunksize=8)]
    print(f"  parsed {distinct} articles once in {time.perf_counter() - t0:.0f} s (not timed)", file=sys.stderr)
    cache.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def write_shards(lines: list[str], n: int, out: Path, per_shard: int = 100) -> Path:
    """n records as gzipped shards: record i is lines[i % len(lines)], repeated copies made distinct
    articles (a line added to the text, a new hash and file name; offsets stay valid)."""
    import gzip
    import hashlib
    import json

    out.mkdir(parents=True, exist_ok=True)
    batch: list[str] = []
    for i in range(n):
        copy, line = divmod(i, len(lines))
        line = lines[line]
        if copy:
            r = json.loads(line)
            r["text"] += f"\n({copy})"
            r["content_hash"] = hashlib.sha256(r["text"].encode("utf-8")).hexdigest()
            r["source_path"] = f"{r.get('source_path')}#{copy}"
            line = json.dumps(r, ensure_ascii=False)
        batch.append(line)
        if len(batch) == per_shard or i == n - 1:
            with gzip.open(out / f"shard-{i // per_shard:06d}.jsonl.gz", "wt", encoding="utf-8") as fh:
                fh.write("\n".join(batch) + "\n")
            batch = []
    return out


def read_only(shards: Path) -> float:
    """Seconds to gunzip and json-decode every line of the shards in this process (nothing written)."""
    import gzip
    import json

    t0 = time.perf_counter()
    for p in sorted(shards.glob("*.jsonl.gz")):
        with gzip.open(p, "rb") as fh:
            for line in fh:
                json.loads(line)
    return time.perf_counter() - t0


def measure_parsed(n: int, lines: list[str], workdir: Path) -> dict:
    from db.ingest import default_prepare_jobs, ingest_parsed

    shards = write_shards(lines, n, workdir / f"shards-{n}")
    out: dict = {"n": n, "jobs": default_prepare_jobs(), "read_s": read_only(shards)}
    for key, jobs in (("serial", 0), ("overlap", None)):
        db = workdir / f"parsed-{n}-{key}.db"
        for p in db.parent.glob(db.name + "*"):
            p.unlink()
        with PeakRSS() as rss:
            t0 = time.perf_counter()
            report = ingest_parsed(db, [shards], jobs=jobs)
            wall = time.perf_counter() - t0
        if report.failed or report.added != n:
            print(f"  {n}: added {report.added}, {len(report.failed)} failures, first: {report.failed[:1]}", file=sys.stderr)
        out[key] = {"wall": wall, "quotes": report.quotes, "write_s": report.write_seconds, "rss": rss.peak,
                    "db": db_bytes(db)}
        for p in db.parent.glob(db.name + "*"):
            p.unlink()
    return out


def main_parsed(args, sizes: list[int], jobs: int, workdir: Path) -> int:
    lines = parsed_records(min(args.distinct, max(sizes)), args.seed, jobs, workdir)
    rows = []
    for n in sizes:
        r = measure_parsed(n, lines, workdir)
        rows.append(r)
        print(f"  {n} articles: {n / r['overlap']['wall']:.0f}/s (load average {os.getloadavg()[0]:.2f})", file=sys.stderr)
    print(f"\ningest --parsed, {len(lines)} distinct parsed articles repeated; {rows[0]['jobs']} preparing process(es) "
          f"beside the writer; load average {os.getloadavg()[0]:.2f}")
    print("| articles | quotes | wall s | articles/s | quotes/s | writer busy | no overlap (jobs=0): s, articles/s | "
          "overlap vs no overlap | reading alone: articles/s | ingest vs reading alone | peak RSS MB | DB MB per 1k |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        o, s = r["overlap"], r["serial"]
        n = r["n"]
        print(f"| {n:,} | {o['quotes']:,} | {o['wall']:.1f} | **{n / o['wall']:.0f}** | {o['quotes'] / o['wall']:,.0f} | "
              f"{o['write_s'] / o['wall']:.0%} | {s['wall']:.1f}, {n / s['wall']:.0f} | {s['wall'] / o['wall']:.2f}x | "
              f"{n / r['read_s']:,.0f} | {r['read_s'] / o['wall']:.2f}x | {o['rss'] / 2**20:.0f} | "
              f"{o['db'] / 2**20 / n * 1000:.1f} |")
    last = rows[-1]
    rate = last["n"] / last["overlap"]["wall"]
    print(f"\n{last['n']:,} parsed articles stored at {rate:.0f} articles/s (target >= 1,000: "
          f"{'MET' if rate >= 1000 else 'NOT MET'}); the writer wrote {last['overlap']['write_s'] / last['overlap']['wall']:.0%} "
          f"of the run; 100,000 would take {100_000 / rate / 60:.1f} min")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.ingest_scale", description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default="250,500,1000", help="comma-separated sizes (default 250,500,1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="parser processes (0: all cores, as main.py ingest)")
    ap.add_argument("--workdir", help="where corpora and databases go (default: a temporary folder, removed)")
    ap.add_argument("--parsed", action="store_true", help="measure `ingest --parsed` on shards of parsed articles")
    ap.add_argument("--distinct", type=int, default=1000, help="--parsed: articles parsed once, then repeated")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.articles.split(",") if s.strip()]
    jobs = args.jobs or os.cpu_count() or 1
    print(f"{os.cpu_count()} cores, jobs={jobs}, load average {os.getloadavg()[0]:.2f}")
    tmp = None if args.workdir else tempfile.TemporaryDirectory(prefix="balheon-ingest-")
    workdir = Path(args.workdir or tmp.name)
    workdir.mkdir(parents=True, exist_ok=True)
    if args.parsed:
        try:
            return main_parsed(args, sizes, jobs, workdir)
        finally:
            if tmp is not None:
                tmp.cleanup()
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
    print("| articles | quotes | wall s | articles/s | quotes/s | ms/article | writing (share of the run) | peak RSS MB (workers) | peak PSS MB | DB MB | DB MB per 1k articles |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']:,} | {r['quotes']:,} | {r['wall']:.1f} | {r['n'] / r['wall']:.1f} | {r['quotes'] / r['wall']:.0f} | "
              f"{1000 * r['wall'] / r['n']:.1f} | {r['write_s']:.1f} s ({r['write_s'] / r['wall']:.0%}) | "
              f"{r['rss'] / 2**20:.0f} ({r['rss_workers'] / 2**20:.0f}) | {r['pss'] / 2**20:.0f} | "
              f"{r['db'] / 2**20:.1f} | {r['db'] / 2**20 / r['n'] * 1000:.2f} |")
    first, last = rows[0], rows[-1]
    if len(rows) > 1:
        growth = (last["wall"] / last["n"]) / (first["wall"] / first["n"])
        print(f"\ncost per article, {last['n']:,} vs {first['n']:,} articles: {growth:.2f}x (1.00 = linear)")
    print(f"writing took {last['write_s']:.1f} s of the {last['wall']:.1f} s run ({1000 * last['write_s'] / last['n']:.2f} ms "
          f"per article, {last['write_s'] / last['wall']:.0%}); the rest of the time the writer waited for the parsers")
    per = last["wall"] / last["n"]
    if len(rows) > 1 and last["wall"] > rows[-2]["wall"]:
        # The fixed cost (spawning workers, loading Kiwi in each: ~5-10 s) drops out of the difference.
        per = (last["wall"] - rows[-2]["wall"]) / (last["n"] - rows[-2]["n"])
        fixed = last["wall"] - per * last["n"]
        print(f"marginal cost {1000 * per:.1f} ms/article ({1 / per:.1f} articles/s) between the two largest sizes; "
              f"fixed start-up cost {fixed:.1f} s")
    est = per * 100_000
    db_est = last["db"] / last["n"] * 100_000 / 2**30
    print(f"extrapolated to 100,000 articles: {est / 60:.0f} min (target <= 15 min: "
          f"{'MET' if est <= 900 else 'NOT MET'}, needs {100_000 / 900:.0f} articles/s, have {1 / per:.1f}); "
          f"peak RSS {last['rss'] / 2**20:.0f} MB (target < 1 GB: {'MET' if last['rss'] < 2**30 else 'NOT MET'}, "
          f"flat in size); database {db_est:.2f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
