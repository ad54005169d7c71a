"""The built distribution carries everything the parser needs: installed from the wheel into a fresh
virtual environment, run outside the source tree, it parses the seed articles exactly as the source
tree does (with the word lists missing it would refuse to, naming the file)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from attribution.cli import JSON_FIELDS
from attribution.pipeline import parse_text
from attribution.textio import read_article
from db.ingest import parser_stamp

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
NOT_SOURCE = shutil.ignore_patterns(".git", "__pycache__", "build", "dist", "*.egg-info", ".venv", ".pytest_cache",
                                    ".hypothesis", "*.db", "*.db-wal", "*.db-shm")

PROBE = """
import json, sys
import attribution, attribution.readers.pdf, db.ingest, main, viewer
from attribution.lexicon import lexicon_dir
from attribution.resources import resource_root
from viewer.main_window import SAMPLES_DIR
from viewer.style import ICON_DIR, STYLE_PATH
print(json.dumps({
    "files": [attribution.__file__, db.ingest.__file__, main.__file__, viewer.__file__],
    "resources": str(resource_root()), "lexicons": str(lexicon_dir()), "stamp": db.ingest.parser_stamp(),
    "samples": sorted(str(p) for p in (resource_root() / "samples").glob("*.txt")),
    "viewer": {"samples": str(SAMPLES_DIR), "icon": str(ICON_DIR / "app.svg"), "style": str(STYLE_PATH)},
}))
"""


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False, **kwargs)
    assert done.returncode == 0, f"{args[:4]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _bundled() -> list[str]:
    """What resources/ must bring into the distribution, as paths inside the package balheon_resources."""
    files = [p for pattern in ("lexicons/*.tsv", "samples/*.txt", "icons/*.svg", "style.qss")
             for p in RESOURCES.glob(pattern)]
    return sorted(f"balheon_resources/{p.relative_to(RESOURCES).as_posix()}" for p in files)


def test_the_wheel_parses_the_seed_articles_as_the_source_tree_does(tmp_path):
    pytest.importorskip("build")  # the [test] extra
    # The build writes build/ and *.egg-info next to the sources: a copy keeps the checkout clean.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)
    dist = tmp_path / "dist"
    # sdist, then the wheel from the sdist (what `pip install balheon-….tar.gz` does too); offline, with the
    # setuptools of this environment
    _run([sys.executable, "-m", "build", "--no-isolation", "--skip-dependency-check", "--outdir", str(dist), str(src)])
    (wheel,) = dist.glob("balheon-*.whl")
    (sdist,) = dist.glob("balheon-*.tar.gz")
    with zipfile.ZipFile(wheel) as zf:
        assert set(_bundled()) <= set(zf.namelist())
        readers = {p.relative_to(ROOT).as_posix() for p in (ROOT / "attribution" / "readers").glob("*.py")}
        assert readers and readers <= set(zf.namelist())  # the subpackage of readers travels too
    with tarfile.open(sdist) as tf:
        in_sdist = {name.split("/", 1)[1] for name in tf.getnames() if "/" in name}
    assert {name.replace("balheon_resources/", "resources/", 1) for name in _bundled()} <= in_sdist

    # A fresh environment: Balheon only from the wheel; its dependencies (kiwipiepy and its ~100 MB
    # model, PySide6 …) from this one, as the test has no network.
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)])
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check", "-q", str(wheel)])

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BALHEON_LEXICONS", "BALHEON_DB")}
    probe = json.loads(_run([str(python), "-I", "-c", PROBE], cwd=elsewhere, env=env).stdout)
    site = Path(_run([str(python), "-I", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     cwd=elsewhere, env=env).stdout.strip())
    assert site.is_relative_to(venv)
    for path in probe["files"]:
        assert Path(path).is_relative_to(site), path
    assert Path(probe["resources"]) == site / "balheon_resources"  # found through importlib.resources
    assert Path(probe["lexicons"]) == site / "balheon_resources" / "lexicons"
    assert probe["stamp"] == parser_stamp()  # a wheel-installed worker and a source client agree
    assert [Path(p).name for p in probe["samples"]] == sorted(p.name for p in (RESOURCES / "samples").glob("*.txt"))
    for what, path in probe["viewer"].items():  # the viewer's sample articles, icons and style
        assert Path(path).is_relative_to(site / "balheon_resources") and Path(path).exists(), what

    # The console script, from the wheel, on the installed copies of the seed articles.
    balheon = bindir / ("balheon.exe" if os.name == "nt" else "balheon")
    done = _run([str(balheon), "parse", "--format", "jsonl", *probe["samples"]], cwd=elsewhere, env=env)
    from_wheel = [json.loads(line) for line in done.stdout.splitlines()]

    expected = []
    for path in sorted((RESOURCES / "samples").glob("*.txt")):
        parsed = parse_text(read_article(path))
        expected.append({"file": path.name, "quotes": [{k: q.to_dict()[k] for k in JSON_FIELDS} for q in parsed.quotes],
                         "warnings": list(parsed.warnings)})
    assert sum(1 for e in expected for q in e["quotes"] if q["speaker"]) >= 5  # something to compare
    assert [dict(r, file=Path(r["file"]).name) for r in from_wheel] == expected
