"""Balheon's front door: no arguments opens the viewer; subcommands parse, eval, ingest, reparse, export, check.

Each subcommand lives with the package that owns it; this file only reads the command line.
"""
from __future__ import annotations

import argparse
import os
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="balheon",
        description="Find who said what in Korean news articles, store it, browse it, export it.",
    )
    sub = parser.add_subparsers(dest="command")

    view = sub.add_parser("view", help="open the viewer (the default with no subcommand)")
    view.add_argument("--db", help="database file (default: the one in your user data folder)")

    p = sub.add_parser("parse", help="print the quotes found in article files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("jsonl", "table"), default="table")

    e = sub.add_parser("eval", help="grade the parser against a gold file")
    e.add_argument("gold", metavar="GOLD.jsonl")
    e.add_argument("articles", metavar="ARTICLES_DIR")
    e.add_argument("--show-errors", action="store_true", help="list every error and the stance confusion table")

    i = sub.add_parser("ingest", help="parse files and folders into the database (text, PDF, HWP/HWPX, DOCX, HTML, "
                                       "XLSX, CSV, JSONL)")
    i.add_argument("paths", nargs="+", metavar="PATH")
    i.add_argument("--db", help="database file (default: the one in your user data folder)")
    i.add_argument("--jobs", type=int, default=0, help="parser processes (default: every core, as memory allows: ~400 MB each)")
    i.add_argument("--parsed", action="store_true", help="PATHs are parsed-result shards (JSONL) from a distributed run")
    i.add_argument("--budget", type=float, metavar="SECONDS",
                   help="seconds one article may take to parse before it is reported as failed (default 30)")
    i.add_argument("--columns", metavar="FIELD=COLUMN,...",
                   help="which columns of spreadsheets and CSV/JSONL corpora hold what, e.g. text=본문,title=제목,"
                        "date=일자,outlet=언론사,author=기고자,url=URL,id=뉴스 식별자 (default: recognised from the header)")

    r = sub.add_parser("reparse", help="parse every stored article again with the current parser (keeps corrections)")
    r.add_argument("--db", help="database file (default: the one in your user data folder)")
    r.add_argument("--jobs", type=int, default=0, help="parser processes (default: every core, as memory allows: ~400 MB each)")
    r.add_argument("--budget", type=float, metavar="SECONDS",
                   help="seconds one article may take to parse before it is reported as failed (default 30)")

    x = sub.add_parser("export", help="write quotes to a CSV file")
    x.add_argument("--csv", required=True, metavar="OUT")
    x.add_argument("--db")
    x.add_argument("--speaker")
    x.add_argument("--org")
    x.add_argument("--since", metavar="DATE")
    x.add_argument("--until", metavar="DATE")
    x.add_argument("--query", metavar="TEXT")
    x.add_argument("--stance")
    x.add_argument("--raw", action="store_true", help="do not guard cells against spreadsheet formulas")
    x.add_argument("--korean-headers", action="store_true", help="column headers in Korean (발언, 화자, 직함 …)")
    x.add_argument("--history", action="store_true",
                   help="write the correction history (what users changed, before and after, when) instead of quotes")

    c = sub.add_parser("check", help="check the database for damage and say how to recover")
    c.add_argument("--db", help="database file (default: the one in your user data folder)")
    c.add_argument("--rebuild-index", action="store_true", help="first rebuild the search index from the quotes")
    return parser


def _no_display() -> str | None:
    """On Linux without a screen Qt aborts with a wall of plugin errors; say plainly what is wrong instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "balheon: no display found, so the viewer cannot open a window.\n"
        "  Run it in a desktop session, or on a virtual screen: xvfb-run python3 main.py\n"
        "  Without a screen, the command-line tools work: main.py parse / ingest / export (see --help)."
    )


class _StdoutClosed(Exception):
    """Whoever read our standard output went away (`balheon parse … | head`)."""


class _GuardedStdout:
    """sys.stdout, except that a broken pipe while writing or flushing it raises _StdoutClosed.

    Only that case may end quietly: a BrokenPipeError from anywhere else (a parser process that
    could not start, a socket) is a failure and must not become exit code 0."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError as exc:
            raise _StdoutClosed from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError as exc:
            raise _StdoutClosed from exc

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _drop_stdout(stream) -> None:
    """Point the closed stdout at the null device, so the interpreter's last flush does not fail again."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests capture it)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    stdout = sys.stdout
    sys.stdout = _GuardedStdout(stdout)
    try:
        code = _run(args)
        sys.stdout.flush()  # here, not at exit: a reader that went away is noticed while we can still answer
        return code
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except _StdoutClosed:
        _drop_stdout(stdout)
        return 0
    except Exception as exc:
        # Imported here, so that --help stays quick.
        from attribution.resources import LexiconError

        if isinstance(exc, LexiconError):  # a missing or broken word list: the user's to fix, not a bug
            print(f"balheon: {exc}", file=sys.stderr)
            return 2
        raise
    finally:
        sys.stdout = stdout


def _run(args: argparse.Namespace) -> int:
    command = args.command or "view"
    if command == "parse":
        from attribution.cli import cmd_parse

        return cmd_parse(args)
    if command == "eval":
        from attribution.evaluate import cmd_eval

        return cmd_eval(args)
    if command == "ingest":
        from db.cli import cmd_ingest

        return cmd_ingest(args)
    if command == "reparse":
        from db.cli import cmd_reparse

        return cmd_reparse(args)
    if command == "export":
        from db.cli import cmd_export

        return cmd_export(args)
    if command == "check":
        from db.cli import cmd_check

        return cmd_check(args)
    problem = _no_display()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from viewer.app import run

    return run(getattr(args, "db", None))


if __name__ == "__main__":
    sys.exit(main())
