"""Parse a corpus on a Dask cluster into JSONL shards that `main.py ingest --parsed` stores.

    python -m db.distributed ~/archive/ --out shards/ [--partitions 64] [--scheduler processes]
    python main.py ingest --parsed shards/shard-*.jsonl --db archive.db

Parsing is where ingest spends its time (Kiwi analyses every quote sentence); writing is one process
per SQLite file anyway. So the work that scales out is `db.ingest.article_record` over the files:
this module maps it over a Dask bag, one shard file per partition, written by the worker that parsed it.
The shards hold exactly the dicts `db.ingest.ingest_parsed` loads (one `article_record` per line), so
the database gets the same rows as a direct `main.py ingest` of the same files.

Schedulers: "processes" (default: one Kiwi per process, all local cores), "distributed" (a
`dask.distributed.LocalCluster` on this machine, one single-threaded worker per core), a scheduler
address such as "tcp://10.0.0.5:8786" (every worker needs this package and read access to the paths:
a shared file system), "threads" or "synchronous" (in this process; for debugging: the parser holds
the GIL, so threads do not run it faster). Needs the optional extra: pip install -e ".[dask]"
(and `distributed` for the cluster schedulers).
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
from pathlib import Path
from typing import Iterable, Sequence

from .ingest import article_record, iter_article_files

_GLOB_CHARS = set("*?[")


def expand(paths_or_glob: str | Path | Iterable[str | Path]) -> list[str]:
    """Article files from files, folders (recursively, as `main.py ingest`) and glob patterns, each once, sorted."""
    items = [paths_or_glob] if isinstance(paths_or_glob, (str, Path)) else list(paths_or_glob)
    named: list[str] = []
    for item in items:
        s = str(item)
        if _GLOB_CHARS & set(s):
            named.extend(sorted(glob.glob(os.path.expanduser(s), recursive=True)))
        else:
            named.append(s)
    return [str(p) for p in iter_article_files(named)]


def _parse_partition(items: Sequence[tuple[int, str]], out_dir: str) -> list[dict]:
    """Parse one partition's files and write its shard (atomically); runs on a Dask worker."""
    items = list(items)
    if not items:
        return []
    out = Path(out_dir)
    shard = out / f"shard-{items[0][0]:08d}.jsonl"
    tmp = shard.with_name(shard.name + ".part")
    failed: list[tuple[str, str]] = []
    articles = quotes = 0
    with open(tmp, "w", encoding="utf-8") as fh:
        for _index, path in items:
            try:
                record = article_record(path)
            except Exception as exc:  # noqa: BLE001 - reported per file, the shard goes on
                failed.append((path, f"{type(exc).__name__}: {exc}"))
                continue
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            articles += 1
            quotes += len(record["quotes"])
    os.replace(tmp, shard)
    return [{"shard": str(shard), "articles": articles, "quotes": quotes, "failed": failed}]


def _default_partitions(n_files: int) -> int:
    # Enough partitions to keep every core busy and bound each task's memory (~100 files per shard).
    return max(1, min(n_files, max((os.cpu_count() or 1) * 4, n_files // 100)))


def parse_to_shards(
    paths_or_glob: str | Path | Iterable[str | Path],
    out_dir: str | Path,
    npartitions: int | None = None,
    scheduler=None,
) -> dict:
    """Parse the files on Dask and write JSONL shards to `out_dir`; returns a summary.

    `scheduler`: None or "processes", "distributed" (a LocalCluster for this call), "threads",
    "synchronous", a scheduler address ("tcp://host:8786") or a `distributed.Client`.
    Summary: {"files", "articles", "quotes", "shards": [paths], "failed": [(path, reason)]}.
    Shards are named by the index of their first file, so a re-run overwrites the same files.
    """
    import dask.bag as dbag

    files = expand(paths_or_glob)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = {"files": len(files), "articles": 0, "quotes": 0, "shards": [], "failed": []}
    if not files:
        return summary
    parts = max(1, min(len(files), npartitions or _default_partitions(len(files))))
    bag = dbag.from_sequence(list(enumerate(files)), npartitions=parts)
    results = bag.map_partitions(_parse_partition, str(out))
    cluster = client = None
    try:
        if scheduler in (None, "processes"):
            done = results.compute(scheduler="processes")
        elif scheduler in ("threads", "synchronous", "sync", "single-threaded"):
            done = results.compute(scheduler=scheduler)
        else:
            from distributed import Client, LocalCluster

            if scheduler == "distributed":
                cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
                client = Client(cluster)
            elif isinstance(scheduler, str):
                client = Client(scheduler)
            else:
                client = scheduler  # a Client the caller owns
            done = results.compute(scheduler=client)
    finally:
        if cluster is not None:
            client.close()
            cluster.close()
        elif client is not None and client is not scheduler:
            client.close()
    for part in sorted(done, key=lambda d: d["shard"]):
        summary["shards"].append(part["shard"])
        summary["articles"] += part["articles"]
        summary["quotes"] += part["quotes"]
        summary["failed"].extend(tuple(f) for f in part["failed"])
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m db.distributed", description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders or glob patterns")
    ap.add_argument("--out", required=True, help="folder for the shard-*.jsonl files")
    ap.add_argument("--partitions", type=int, default=None, help="number of shards (default: 4 per core, ~100 files each at most)")
    ap.add_argument("--scheduler", default="processes",
                    help="processes (default), distributed (local cluster), threads, synchronous, or tcp://HOST:PORT")
    args = ap.parse_args(argv)
    try:
        import dask.bag  # noqa: F401
    except ImportError:
        print('db.distributed needs Dask: pip install -e ".[dask]"', file=sys.stderr)
        return 2
    summary = parse_to_shards(args.paths, args.out, args.partitions, args.scheduler)
    for path, reason in summary["failed"]:
        print(f"failed: {path}: {reason}", file=sys.stderr)
    print(f"{summary['articles']} articles, {summary['quotes']} quotes in {len(summary['shards'])} shards under "
          f"{args.out}; {len(summary['failed'])} failed. Store them with: "
          f"python main.py ingest --parsed {Path(args.out) / 'shard-*.jsonl'}")
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
