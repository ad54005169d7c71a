"""db.distributed on a real Dask cluster: a `dask scheduler` and `dask worker` processes started apart
on 127.0.0.1, each in its own working directory, as a data engineer would start them.

The run is given relative paths (resolved by the client, not by the workers), one worker is killed
while it parses, a re-run after adding files resumes, and `main.py ingest --parsed` of the shards gives
the database a plain `main.py ingest` of the same files gives. Every process is stopped by the test,
and a watchdog stops them all if the test runs past LIMIT seconds.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

import db.distributed as dist  # noqa: E402
from benchmarks.corpus import write  # noqa: E402
from db.distributed import ClusterError, parse_to_shards  # noqa: E402
from db.ingest import ingest_paths  # noqa: E402

from .test_distributed import rows  # noqa: E402

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 420  # seconds; the test takes well under a minute on 2 busy cores


class Processes:
    """Processes this test starts, each in its own session so that stopping one stops all it started."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}
        logs.mkdir(parents=True, exist_ok=True)

    def start(self, name: str, args: list[str], cwd: Path, **env: str) -> subprocess.Popen:
        cwd.mkdir(parents=True, exist_ok=True)
        environ = {k: v for k, v in os.environ.items() if k not in ("BALHEON_LEXICONS", "BALHEON_DB")}
        environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        environ.update(env)
        with open(self.logs / f"{name}.log", "wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "dask", *args], cwd=cwd, env=environ, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.running[name] = proc
        return proc

    def stop(self, name: str | None = None) -> None:
        for key in [name] if name else list(self.running):
            proc = self.running.pop(key, None)
            if proc is None or proc.poll() is not None:
                continue
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                try:
                    os.killpg(proc.pid, sig)
                    proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
                except ProcessLookupError:
                    break


def _until(condition, what: str, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _shard_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("shard-*.jsonl.gz")}


def test_a_real_cluster_with_a_killed_worker_gives_the_database_of_a_plain_ingest(tmp_path, monkeypatch, capsys):
    from distributed import Client

    import main as balheon

    here = tmp_path / "client"  # the client's working directory: every path below is relative to it
    corpus = here / "corpus"
    write(24, 21, corpus / "synthetic")
    for p in (ROOT / "resources" / "samples").glob("*.txt"):
        (corpus / p.name).write_bytes(p.read_bytes())
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)

    procs = Processes(tmp_path / "logs")
    client = None

    def give_up() -> None:
        procs.stop()
        if client is not None:
            client.close()

    watchdog = threading.Timer(LIMIT, give_up)
    watchdog.start()
    try:
        procs.start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(tmp_path / "scheduler.json"), "--idle-timeout", "900"],
                    cwd=tmp_path / "scheduler")
        _until(lambda: (tmp_path / "scheduler.json").exists(), "the scheduler")
        address = json.loads((tmp_path / "scheduler.json").read_text())["address"]

        def worker(name: str, **env: str) -> subprocess.Popen:
            return procs.start(name, ["worker", address, "--name", name, "--nthreads", "1", "--no-nanny",
                                      "--no-dashboard", "--host", "127.0.0.1", "--death-timeout", "60",
                                      "--local-directory", str(tmp_path / f"{name}-scratch")],
                               cwd=tmp_path / f"{name}-cwd", **env)

        workers = {name: worker(name) for name in ("worker-a", "worker-b")}
        client = Client(address, timeout=60)
        client.wait_for_workers(2, timeout=120)
        pids = client.run(os.getpid)
        assert sorted(pids.values()) == sorted(p.pid for p in workers.values())
        monkeypatch.chdir(here)

        # A third worker with other word lists: the run is refused before anything is parsed.
        other = tmp_path / "other-lexicons"
        other.mkdir()
        for src in (ROOT / "resources" / "lexicons").glob("*.tsv"):
            (other / src.name).write_bytes(src.read_bytes())
        with (other / "titles.tsv").open("a", encoding="utf-8") as fh:
            fh.write("대변인실장\n")
        worker("worker-c", BALHEON_LEXICONS=str(other))
        client.wait_for_workers(3, timeout=120)
        with pytest.raises(ClusterError, match=r"the worker tcp://127\.0\.0\.1:\d+ runs another parser \(parser .*, "
                                               r"word lists [0-9a-f]+\) than this machine .*: install the same Balheon"):
            parse_to_shards(["corpus"], "shards", scheduler=client)
        assert not list((here / "shards").iterdir())
        procs.stop("worker-c")
        _until(lambda: len(client.nthreads()) == 2, "worker-c to leave")

        # The run, with relative paths; the first progress report kills a worker that is parsing.
        monkeypatch.setattr(dist, "default_jobs", lambda: 16)  # this machine's cores must not size the partitions
        killed: list[str] = []

        def kill_a_busy_worker(done: int, total: int) -> None:
            if not killed:
                # seven partitions are left for two workers: the scheduler has given each one already
                busy = sorted(w for w, keys in client.processing().items() if keys)
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])

        summary = parse_to_shards(["corpus"], "shards", scheduler=client, progress=kill_a_busy_worker)
        assert killed and killed[0] not in client.nthreads()  # its partition was parsed again by the other
        assert (summary["workers"], summary["threads"], summary["partitions"]) == (2, 2, 8)
        assert (summary["files"], summary["articles"], summary["skipped"]) == (27, 26, 0)
        assert [path for path, _ in summary["failed"]] == ["corpus/broken.txt"]
        assert summary["shards"] == sorted(str(here / "shards" / Path(s).name) for s in summary["new_shards"])
        first = _shard_bytes(here / "shards")
        assert len(first) == 8

        # More files, one a copy of an article already parsed; the same command resumes on the worker left.
        write(6, 22, corpus / "more")
        (corpus / "more" / "copy.txt").write_bytes((ROOT / "resources" / "samples" / "000_6fb5adfe881a8e20.txt").read_bytes())
        capsys.readouterr()
        assert dist.main(["corpus", "--out", "shards", "--scheduler", address]) == 1  # broken.txt
        out = capsys.readouterr().out
        assert re.match(r"34 files on 1 worker\(s\) \(1 threads, 4 partitions\): 6 articles with \d+ quotes in "
                        r"[1-4] new shard\(s\); 27 already in a shard; 1 failed\n", out), out
        assert f"Store them with: python main.py ingest --parsed {here / 'shards'}" in out
        after = _shard_bytes(here / "shards")
        assert {name: after[name] for name in first} == first and len(after) > len(first)

        assert balheon.main(["ingest", "--parsed", "shards", "--db", "from-shards.db"]) == 0
        assert "warning" not in capsys.readouterr().err
    finally:
        watchdog.cancel()
        if client is not None:
            client.close()
        procs.stop()

    report = ingest_paths("direct.db", ["corpus"], jobs=1)
    assert (report.added, report.skipped, len(report.failed)) == (32, 1, 1)
    assert rows(here / "from-shards.db") == rows(here / "direct.db")
