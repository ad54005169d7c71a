"""Parse a corpus on a Dask cluster into compressed JSONL shards that `main.py ingest --parsed` stores.

    python -m db.distributed ~/archive/ --out shards/                                 # a cluster on this machine
    python -m db.distributed ~/archive/ --out shards/ --scheduler tcp://10.0.0.5:8786  # a running cluster
    python main.py ingest --parsed shards/ --db archive.db

Parsing is where ingest spends its time (Kiwi analyses every quote sentence); writing is one process
per SQLite file anyway. So the work that scales out is reading, hashing and parsing the files
(`db.ingest.article_record`): the files are split into partitions, sized by the cluster's worker
threads, and each partition is one Dask task that parses its files and writes one shard. The shards
hold exactly the dicts `db.ingest.ingest_parsed` loads, so the database gets the same rows as a direct
`main.py ingest` of the same files.

- Paths are resolved here, on the client: a relative input or output means what it means in this
  shell. A worker reads the absolute path; the record keeps the path as named, as `ingest` stores it.
- Before anything is parsed every worker is asked whether it reads the inputs, sees the output folder
  and runs this parser with these word lists; if one does not, the run is refused with one line
  (`ClusterError`) instead of filling shards with "no such file".
- Shards go to any fsspec location (a local or shared folder, s3://bucket/shards, gs://…): each is
  `shard-<digest>.jsonl.gz`, named by the content hashes it holds and the parser stamp (not by position,
  so adding files never leaves a stale shard), written to a hidden `.part` file and then renamed. Every
  record carries "parser_version" and "lexicon_hash" (`db.ingest.parser_stamp`).
- A re-run skips files whose content is already in a shard of the output folder (by content hash): an
  interrupted or partly failed run is finished by running the same command again.
- A partition that fails (its worker died, the output could not be written) is retried; if it still
  fails, its files are reported as failed and the other shards stand.

Schedulers: "local" (default: a `distributed.LocalCluster` of single-threaded worker processes, as many
as `ingest` would start: every core, ~400 MB each, within half the memory), a scheduler address such as
"tcp://10.0.0.5:8786", a `distributed.Client`, or "synchronous" (in this process, no Dask; for
debugging). Needs the optional extra: pip install ".[dask]".
"""
from __future__ import annotations

import argparse
import glob
import gzip
import hashlib
import json
import os
import re
import sys
import uuid
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .ingest import WORKER_MB, _work, default_jobs, iter_article_files, parser_label, parser_stamp, work_items

_GLOB_CHARS = set("*?[")
SHARD_PREFIX = "shard-"
SHARD_SUFFIXES = (".jsonl", ".jsonl.gz")
RETRIES = 2  # a failed partition runs at most 1 + RETRIES times
WAIT_FOR_WORKERS = 60  # seconds a scheduler may have no worker before the run is refused
# The head of a record as this module writes it: read on a re-run without parsing the whole line.
_HEAD = re.compile(r'^\{"content_hash": "([0-9a-f]{64})", "parser_version": "([^"\\]*)", "lexicon_hash": "([^"\\]*)"')

Item = tuple[str, str]  # (the path as named, its absolute path on the client)
Progress = Callable[[int, int], None]


class ClusterError(Exception):
    """A run that cannot go as asked (the workers cannot read the inputs or see the output, or run
    another parser); the message is one line for the user."""


# ---------------------------------------------------------------------------------------------------
# Client side: files, output, existing shards


def expand(paths_or_glob: str | Path | Iterable[str | Path], errors: list[tuple[str, str]] | None = None) -> list[str]:
    """Article files from files, folders (recursively, as `main.py ingest`) and glob patterns, each once,
    as named (relative stays relative). Names that match nothing are added to `errors`."""
    items = [paths_or_glob] if isinstance(paths_or_glob, (str, Path)) else list(paths_or_glob)
    named: list[str] = []
    for item in items:
        s = str(item)
        if _GLOB_CHARS & set(s):
            found = sorted(glob.glob(os.path.expanduser(s), recursive=True))
            if not found and errors is not None:
                errors.append((s, "no file matches"))
            named.extend(found)
        else:
            named.append(s)
    return [str(p) for p in iter_article_files(named, errors)]


def default_partitions(n_files: int, threads: int) -> int:
    """Four partitions per worker thread (a slow one does not leave the others idle), at most ~100 files
    each (a retried partition redoes little), never more than there are files."""
    return max(1, min(n_files, max(threads * 4, -(-n_files // 100))))


def split(items: Sequence, parts: int) -> list[list]:
    """`items` in `parts` consecutive runs of nearly equal length."""
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        if end > start:
            out.append(list(items[start:end]))
        start = end
    return out


def _output(out: str | Path, storage_options: dict | None):
    """(filesystem, root path, URL a worker opens) for the output location; local paths made absolute here."""
    from fsspec.core import url_to_fs
    from fsspec.implementations.local import LocalFileSystem

    fs, root = url_to_fs(os.path.expanduser(str(out)), **(storage_options or {}))
    if isinstance(fs, LocalFileSystem):
        root = os.path.abspath(root)
        return fs, root, root
    root = root.rstrip("/")
    return fs, root, fs.unstrip_protocol(root)


def _shown(fs, path: str) -> str:
    from fsspec.implementations.local import LocalFileSystem

    return path if isinstance(fs, LocalFileSystem) else fs.unstrip_protocol(path)


def _list_shards(fs, root: str) -> list[str]:
    return sorted(p for p in fs.glob(f"{root}/{SHARD_PREFIX}*") if p.endswith(SHARD_SUFFIXES))


def _read_lines(fs, path: str) -> Iterator[str]:
    with fs.open(path, "rb") as raw:
        stream = gzip.open(raw, "rt", encoding="utf-8") if path.endswith(".gz") else _text(raw)
        with stream:
            yield from stream


def _text(raw):
    import io

    return io.TextIOWrapper(raw, encoding="utf-8-sig")


def existing_shards(fs, root: str) -> tuple[list[str], set[str], dict[str, int], list[str]]:
    """(shard paths, content hashes they hold, records per parser, warnings) of the output folder."""
    shards = _list_shards(fs, root)
    done: set[str] = set()
    parsers: dict[str, int] = {}
    warnings: list[str] = []
    for path in shards:
        hashes: set[str] = set()
        try:
            for line in _read_lines(fs, path):
                head = _HEAD.match(line)
                if head:
                    digest, record = head.group(1), {"parser_version": head.group(2), "lexicon_hash": head.group(3)}
                elif line.strip():
                    record = json.loads(line)
                    digest = record.get("content_hash")
                else:
                    continue
                if digest:
                    hashes.add(digest)
                label = parser_label(record)
                parsers[label] = parsers.get(label, 0) + 1
        except (OSError, EOFError, ValueError, AttributeError) as exc:
            # its articles are parsed again into a new shard; `ingest --parsed` will name the broken one
            warnings.append(f"cannot read the shard {_shown(fs, path)} ({exc}); its files are parsed again")
            continue
        done |= hashes
    return shards, done, parsers, warnings


# ---------------------------------------------------------------------------------------------------
# Worker side


def _parse_partition(items: list[Item], out_url: str, done: frozenset[str], storage_options: dict | None,
                     run_id: str) -> dict:
    """Parse one partition's files and write its shard; runs on a Dask worker.

    Per-file problems (unreadable, empty, a parser error) are reported per file, as `ingest` does; an
    exception (the shard could not be written) fails the partition, which the client retries.
    """
    stamp = parser_stamp()
    lines: list[str] = []
    hashes: list[str] = []
    failed: list[tuple[str, str]] = []
    skipped = quotes = 0
    seen: set[str] = set()
    def articles() -> Iterator[tuple[str, str, str | dict]]:
        """(label, source path, task) per article: the file, or each row of a spreadsheet or corpus file.
        Reports name the file as the user did (`label`); the worker reads it at its absolute `path`."""
        for label, path in items:
            def unreadable(where: str, reason: str, path: str = path, label: str = label) -> None:
                failed.append((label + where[len(path):], reason))

            for where, task in work_items(path, failed=unreadable):
                yield label + where[len(path):], label, task

    for label, source, task in articles():
        result = _work(task, lambda digest: digest in done or digest in seen)
        if "error" in result:
            failed.append((label, result["error"]))
            continue
        if result.get("skipped"):
            skipped += 1
            continue
        record = result["record"]
        record["source_path"] = source  # as `ingest` stores it; the worker read the absolute path
        seen.add(record["content_hash"])
        hashes.append(record["content_hash"])
        quotes += len(record["quotes"])
        lines.append(json.dumps({"content_hash": record["content_hash"], **stamp, **record}, ensure_ascii=False))
    shard = None
    if lines:
        name = hashlib.sha256("\n".join(sorted(hashes) + [stamp["parser_version"], stamp["lexicon_hash"]])
                              .encode()).hexdigest()[:24]
        shard = write_shard(out_url, f"{SHARD_PREFIX}{name}.jsonl.gz", lines, storage_options, run_id)
    return {"files": len(items), "articles": len(lines), "quotes": quotes, "skipped": skipped,
            "failed": failed, "shard": shard}


def write_shard(out_url: str, name: str, lines: list[str], storage_options: dict | None, run_id: str) -> str:
    """Write a gzip shard (byte for byte the same for the same lines) under a hidden temporary name,
    then rename it: a reader never sees half a shard. Returns the shard's path or URL."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(out_url, **(storage_options or {}))
    root = root.rstrip("/") or root
    final = f"{root}/{name}"
    tmp = f"{root}/.part-{run_id}-{uuid.uuid4().hex[:8]}-{name}"
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=6, mtime=0)
    try:
        with fs.open(tmp, "wb") as fh:
            fh.write(data)
        fs.mv(tmp, final)
    except BaseException:
        try:
            fs.rm(tmp)
        except Exception:  # noqa: BLE001 - best effort; the hidden file is ignored by readers
            pass
        raise
    return _shown(fs, final)


def _visible(path: str) -> bool:
    return os.access(path, os.R_OK)


def _sees(url: str, storage_options: dict | None) -> bool:
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url, **(storage_options or {}))
    return bool(fs.exists(path))


def _probe(paths: list[str], marker: str | None, storage_options: dict | None) -> dict:
    """On a worker: can it parse (word lists), read these inputs and see the output folder's marker?"""
    from attribution.resources import LexiconError

    answer: dict = {"missing": [p for p in paths if not _visible(p)]}
    try:
        answer["stamp"] = parser_stamp()
    except LexiconError as exc:
        answer["error"] = str(exc)
    except Exception as exc:  # noqa: BLE001 - reported to the client as the reason to refuse
        answer["error"] = f"{type(exc).__name__}: {exc}"
    if marker is not None:
        try:
            answer["sees_out"] = _sees(marker, storage_options)
        except Exception as exc:  # noqa: BLE001
            answer["sees_out"] = False
            answer["out_error"] = f"{type(exc).__name__}: {exc}"
    return answer


def _probe_paths(items: Sequence[Item], most: int = 32) -> list[str]:
    """What each worker is asked to see: every input folder (up to `most`) and files spread over the list."""
    folders = sorted({os.path.dirname(path) for _, path in items})
    step = max(1, len(items) // most)
    files = [path for _, path in items[::step]][:most]
    if items and items[-1][1] not in files:
        files.append(items[-1][1])
    return folders[:most] + files


# ---------------------------------------------------------------------------------------------------
# Running the partitions


class _InProcess:
    """"synchronous": the partitions one after another in this process (debugging, tests)."""

    workers, threads = 0, 1

    def check(self, items, out_url, marker_url, storage_options, stamp) -> None:
        pass

    def run(self, parts, args, retries) -> Iterator[tuple[list[Item], dict | BaseException]]:
        for part in parts:
            outcome: dict | BaseException | None = None
            for _attempt in range(1 + retries):
                try:
                    outcome = _parse_partition(part, *args)
                    break
                except Exception as exc:  # noqa: BLE001 - retried, then its files are reported
                    outcome = exc
            yield part, outcome

    def close(self) -> None:
        pass


class _Cluster:
    """A Dask cluster: one future per partition, retried by the scheduler (`retries`; a task whose worker
    died is rerun elsewhere by Dask itself), gathered as they finish."""

    def __init__(self, scheduler, n_files: int) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        self.owned = True
        if scheduler in (None, "local", "distributed", "processes"):
            # One single-threaded process per Kiwi, as many as `ingest` would start (cores, ~400 MB each).
            self.cluster = LocalCluster(n_workers=max(1, min(default_jobs(), n_files)), threads_per_worker=1,
                                        processes=True, dashboard_address=None)
            self.client = Client(self.cluster)
        elif isinstance(scheduler, str):
            try:
                self.client = Client(scheduler, timeout=WAIT_FOR_WORKERS)
            except ValueError as exc:
                raise ClusterError(f"the scheduler {scheduler!r} is neither local, synchronous nor an address such as "
                                   f"tcp://HOST:8786 ({exc})") from None
            except OSError as exc:
                raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        else:
            self.client, self.owned = scheduler, False  # a Client the caller owns
        self.workers = self.threads = 0

    def check(self, items, out_url, marker_url, storage_options, stamp) -> None:
        """Ask every worker whether it can do this run; refuse it with one line if one cannot."""
        client = self.client
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except TimeoutError:
            raise ClusterError(f"no Dask worker joined the scheduler {client.scheduler.address} within "
                               f"{WAIT_FOR_WORKERS} s: start workers with `dask worker {client.scheduler.address}`") from None
        probed = _probe_paths(items)
        answers = client.run(_probe, probed, marker_url, storage_options, on_error="return")
        for worker, answer in sorted(answers.items()):
            if isinstance(answer, BaseException):  # e.g. another version of Balheon, without _probe
                raise ClusterError(f"the worker {worker} cannot run this version of Balheon ({type(answer).__name__}: "
                                   f"{answer}): install the same Balheon on every worker")
            if answer.get("error"):
                raise ClusterError(f"the worker {worker} cannot run the parser: {answer['error']}")
            if answer["stamp"] != stamp:
                raise ClusterError(
                    f"the worker {worker} runs another parser ({parser_label(answer['stamp'])}) than this "
                    f"machine ({parser_label(stamp)}): install the same Balheon on every worker")
            if answer["missing"]:
                missing = answer["missing"]
                raise ClusterError(
                    f"the worker {worker} cannot read the input {missing[0]}"
                    + (f" (nor {len(missing) - 1} more of the {len(probed)} inputs checked)" if len(missing) > 1 else "")
                    + ": the articles must be on a file system every worker mounts at the same path")
            if marker_url is not None and not answer.get("sees_out"):
                raise ClusterError(
                    f"the worker {worker} does not see the output folder {out_url}"
                    + (f" ({answer['out_error']})" if answer.get("out_error") else "")
                    + ": give a folder every worker shares at the same path, or an fsspec URL such as s3://bucket/shards")
        threads = client.nthreads()
        self.workers, self.threads = len(threads), sum(threads.values())

    def run(self, parts, args, retries) -> Iterator[tuple[list[Item], dict | BaseException]]:
        from distributed import as_completed

        out_url, done, storage_options, run_id = args
        if done:  # sent to each worker once, not once per partition
            done = self.client.scatter([done], broadcast=True, hash=False)[0]
        futures = {
            self.client.submit(_parse_partition, part, out_url, done, storage_options, run_id,
                               key=f"balheon-parse-{run_id}-{i}", retries=retries, pure=False): part
            for i, part in enumerate(parts)
        }
        for future in as_completed(futures):
            part = futures.pop(future)
            try:
                yield part, future.result()
            except Exception as exc:  # noqa: BLE001 - retried by Dask already; its files are reported
                yield part, exc

    def close(self) -> None:
        if self.owned:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _engine(scheduler, n_files: int):
    if scheduler in ("synchronous", "sync", "single-threaded"):
        return _InProcess()
    return _Cluster(scheduler, n_files)


def _partition_failure(exc: BaseException, retries: int) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return "its partition was lost with the worker parsing it, on every try"
    return f"its partition failed {1 + retries} times ({name}: {exc})"


def parse_to_shards(
    paths_or_glob: str | Path | Iterable[str | Path],
    out_dir: str | Path,
    npartitions: int | None = None,
    scheduler=None,
    retries: int = RETRIES,
    progress: Progress | None = None,
    storage_options: dict | None = None,
) -> dict:
    """Parse the files on Dask and write shards to `out_dir` (a folder or an fsspec URL); returns a summary.

    `scheduler`: None or "local" (a LocalCluster for this call, capped by memory like `ingest`), a
    scheduler address ("tcp://host:8786"), a `distributed.Client`, or "synchronous" (in this process).
    `npartitions` defaults to `default_partitions` of the cluster's worker threads. `progress(done, total)`
    is called with the number of files done after each partition. Files whose content is already in a
    shard of `out_dir` are skipped. Raises ClusterError when the workers cannot do the run.

    Summary: {"files", "articles", "quotes", "skipped", "failed": [(path, reason)], "shards": every
    shard in the folder, "new_shards", "workers", "threads", "partitions", "parsers": {label: records}
    over every shard, "warnings"}.
    """
    failed: list[tuple[str, str]] = []
    names = expand(paths_or_glob, failed)
    items: list[Item] = [(name, os.path.abspath(name)) for name in names]  # resolved here, not on a worker
    fs, root, out_url = _output(out_dir, storage_options)
    fs.makedirs(root, exist_ok=True)
    shards, done, parsers, warnings = existing_shards(fs, root)
    stamp = parser_stamp()
    summary = {"files": len(items) + len(failed), "articles": 0, "quotes": 0, "skipped": 0, "failed": failed,
               "shards": [_shown(fs, p) for p in shards], "new_shards": [], "workers": 0, "threads": 0,
               "partitions": 0, "parsers": parsers, "warnings": warnings, "out": _shown(fs, root)}
    if not items:
        return summary
    run_id = uuid.uuid4().hex[:12]
    engine = _engine(scheduler, len(items))
    try:
        marker = f"{root}/.probe-{run_id}" if isinstance(engine, _Cluster) else None
        if marker is not None:
            fs.pipe(marker, b"")
        try:
            engine.check(items, summary["out"], _shown(fs, marker) if marker else None, storage_options, stamp)
        finally:
            if marker is not None:
                fs.rm(marker)
        summary["workers"], summary["threads"] = engine.workers, engine.threads
        parts = split(items, max(1, min(len(items), npartitions or default_partitions(len(items), engine.threads))))
        summary["partitions"] = len(parts)
        finished = 0
        for part, outcome in engine.run(parts, (out_url, frozenset(done), storage_options, run_id), retries):
            if isinstance(outcome, BaseException):
                reason = _partition_failure(outcome, retries)
                summary["failed"].extend((label, reason) for label, _ in part)
            else:
                summary["articles"] += outcome["articles"]
                summary["quotes"] += outcome["quotes"]
                summary["skipped"] += outcome["skipped"]
                summary["failed"].extend(tuple(f) for f in outcome["failed"])
                if outcome["shard"]:
                    summary["new_shards"].append(outcome["shard"])
                    label = parser_label(stamp)
                    parsers[label] = parsers.get(label, 0) + outcome["articles"]
            finished += len(part)
            if progress is not None:
                progress(finished, len(items))
    finally:
        engine.close()
        for leftover in fs.glob(f"{root}/.part-{run_id}-*"):  # from a worker killed while writing
            try:
                fs.rm(leftover)
            except OSError:
                pass
    summary["shards"] = [_shown(fs, p) for p in _list_shards(fs, root)]
    summary["new_shards"].sort()
    return summary


# ---------------------------------------------------------------------------------------------------
# Command line


class ProgressBar:
    """Files parsed of the total: a bar redrawn in place on a terminal, a line every tenth otherwise."""

    def __init__(self, stream=None, width: int = 30) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.width = width
        self._tenth = 0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            filled = self.width * done // max(total, 1)
            bar = "#" * filled + "-" * (self.width - filled)
            print(f"\rparsed [{bar}] {done}/{total} files", end="", file=self.stream, flush=True)
            self._drawn = True
            return
        tenth = 10 * done // max(total, 1)
        if tenth > self._tenth:
            self._tenth = tenth
            print(f"parsed {done}/{total} files", file=self.stream, flush=True)

    def finish(self) -> None:
        if self._drawn:
            print(file=self.stream, flush=True)


def format_summary(summary: dict) -> str:
    new = len(summary["new_shards"])
    where = (f"on {summary['workers']} worker(s) ({summary['threads']} threads, {summary['partitions']} partitions)"
             if summary["workers"] else "in this process")
    lines = [(
        f"{summary['files']} files {where}: {summary['articles']} articles with {summary['quotes']} quotes "
        f"in {new} new shard(s); {summary['skipped']} already in a shard; {len(summary['failed'])} failed"
    )]
    lines += [f"  failed: {path}: {reason}" for path, reason in summary["failed"]]
    out = summary["out"]
    store = (f"python main.py ingest --parsed {out}" if "://" not in out
             else "copy them to a folder on this machine, then: python main.py ingest --parsed FOLDER")
    lines.append(f"{len(summary['shards'])} shard(s) in {out}. Store them with: {store}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m db.distributed", description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders or glob patterns")
    ap.add_argument("--out", required=True,
                    help="folder or fsspec URL (s3://bucket/shards) for the shard-*.jsonl.gz files")
    ap.add_argument("--partitions", type=int, default=None,
                    help="number of partitions (default: 4 per worker thread, at most ~100 files each)")
    ap.add_argument("--scheduler", default="local",
                    help=f"local (default: a cluster on this machine, one process per core within the memory at "
                         f"~{WORKER_MB} MB each), tcp://HOST:PORT of a running scheduler, or synchronous")
    ap.add_argument("--retries", type=int, default=RETRIES, help=f"tries again for a failed partition (default {RETRIES})")
    args = ap.parse_args(argv)
    if args.partitions is not None and args.partitions < 1:
        return _fail("--partitions must be a positive number")
    if args.retries < 0:
        return _fail("--retries must be 0 or more")
    try:
        import fsspec  # noqa: F401

        if args.scheduler not in ("synchronous", "sync", "single-threaded"):
            import distributed  # noqa: F401
    except ImportError:
        return _fail('db.distributed needs Dask: pip install ".[dask]"')
    from attribution.resources import LexiconError

    bar = ProgressBar()
    try:
        summary = parse_to_shards(args.paths, args.out, args.partitions, args.scheduler, args.retries, progress=bar)
    except KeyboardInterrupt:
        bar.finish()
        print("interrupted: the shards written so far are kept; run the same command again to finish",
              file=sys.stderr)
        return 130
    except ClusterError as exc:
        bar.finish()
        return _fail(str(exc))
    except OSError as exc:  # the output folder cannot be made or read
        bar.finish()
        return _fail(f"{args.out}: {exc.strerror or exc}")
    except LexiconError as exc:  # a word list the parser cannot read is the user's to fix
        bar.finish()
        return _fail(str(exc))
    bar.finish()
    for warning in summary["warnings"]:
        print(f"balheon: warning: {warning}", file=sys.stderr)
    if len(summary["parsers"]) > 1:
        kinds = "; ".join(f"{label}: {n} article(s)" for label, n in sorted(summary["parsers"].items()))
        print(f"balheon: warning: the shards in {summary['out']} come from different parsers ({kinds}); "
              "use a new --out folder to parse everything with this one", file=sys.stderr)
    print(format_summary(summary))
    return 1 if summary["failed"] else 0


def _fail(message: str) -> int:
    print(f"balheon: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
