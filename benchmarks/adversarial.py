"""Hostile article shapes at growing sizes: is the parser's cost linear in the article's length?

    python -m benchmarks.adversarial                     # 64 KB, 256 KB, 1 MB and 4 MB per shape, 180 s cap
    python -m benchmarks.adversarial --quick             # 16, 64 and 256 KB, 20 s cap: a minute or two
    python -m benchmarks.adversarial --shapes quote_a_line,long_line --sizes 4K,16K,64K --cap 120

Each shape is generated here (Korean sentences written for this module; the `ordinary` reference
joins articles of `benchmarks/corpus.py`) at each size in MB of UTF-8, and parsed by
`attribution.parse_text` in a separate process that is killed when one parse passes the cap (then
the larger sizes of that shape are not tried). For each shape it prints the seconds at each size,
seconds per MB at the two largest sizes and their ratio (the baseline is the smaller size, measured
in the same run): the target is a ratio of at most 1.5 (linear) and no 1 MB file over 30 s; a
ratio near 4 means the cost grows with the square of the size. `growth` is the exponent k of
time ∝ size^k between the two largest sizes measured (1: linear, 2: quadratic).

The shapes (issue 12): one line of `"a` repeated; a line of nothing but quote marks of every kind;
「“」 nested 1,000 deep, block after block; one quote per line over thousands of lines; an ordinary
article with no line break at all; a huge number of quotes, one per paragraph, each with its own
speaker; and `ordinary`, a long article of ordinary news paragraphs, the reference.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import time
from multiprocessing import get_context
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MB = 2**20  # sizes are binary: 1 MB = 1,024 KB of UTF-8
LINEAR_RATIO = 1.5  # cost per MB at 4x the size may be at most this times the cost at the smaller size
ONE_MB_SECONDS = 30.0  # and no 1 MB file may take longer than this
DEFAULT_SIZES = (0.0625, 0.25, 1.0, 4.0)
QUICK_SIZES = (0.015625, 0.0625, 0.25)
DEFAULT_CAP = LINEAR_RATIO * ONE_MB_SECONDS * 4  # 180 s: what 4 MB may take at the most the target allows
QUICK_CAP = 20.0

SURNAMES = "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황".split()
GIVEN = "민수 서연 준호 지영 현우 수진 동훈 은지 재원 하늘 태호 미나 성민 유진 도윤 선희".split()
TITLES = "장관 의원 대표 교수 위원장 시장 대변인 총재".split()
ORGS = "한빛전자 국토교통부 서울대 녹색연구소 한국은행 새누리재단 미래당 바다일보".split()
VERBS = "말했다 밝혔다 강조했다 설명했다 지적했다 덧붙였다".split()
SAYINGS = [
    "올해 안에 제도를 바꾸겠다", "예산이 부족하다는 지적은 사실이 아니다", "현장의 목소리를 더 듣겠다",
    "지금은 속도보다 방향이 중요하다", "시민의 부담을 줄이는 것이 먼저다", "다음 달까지 결론을 내겠다",
]


def _person(i: int) -> tuple[str, str, str]:
    """A name, title and organisation for speaker i (distinct names: 16 × 16 × a number)."""
    name = SURNAMES[i % 16] + GIVEN[(i // 16) % 16] + (str(i // 256) if i >= 256 else "")
    return name, TITLES[i % len(TITLES)], ORGS[(i // 3) % len(ORGS)]


def _repeat(unit: Callable[[int], str], size: int, sep: str = "") -> str:
    """Units 0, 1, 2 … joined by `sep` until the text holds `size` bytes of UTF-8."""
    parts, total, i = [], 0, 0
    while total < size:
        piece = unit(i)
        parts.append(piece)
        total += len(piece.encode("utf-8")) + len(sep.encode("utf-8"))
        i += 1
    return sep.join(parts)


def quote_a_line(size: int) -> str:
    return "제목\n\n" + '"a' * (size // 2)


def quote_marks(size: int) -> str:
    marks = "“”\"‘’'「」『』"
    return "제목\n\n" + _repeat(lambda i: marks[(i * 7) % len(marks)], size)


def nested_corners(size: int) -> str:
    deep = "「“" * 1000 + "예산을 늘리겠다" + "”」" * 1000

    def block(i: int) -> str:
        name, title, org = _person(i)
        return f"{name} {org} {title}은 {deep}라고 말했다."

    return "제목\n\n" + _repeat(block, size, "\n\n")


def quote_per_line(size: int) -> str:
    def line(i: int) -> str:
        name, title, org = _person(i % 64)
        return f"{name} {title}은 “{SAYINGS[i % len(SAYINGS)]} ({i})”라고 {VERBS[i % len(VERBS)]}."

    return "제목\n\n" + _repeat(line, size, "\n")


def long_line(size: int) -> str:
    def sentence(i: int) -> str:
        name, title, org = _person(i % 64)
        if i % 3 == 2:
            return f"이어 {name[0]} {title}은 “{SAYINGS[i % len(SAYINGS)]}”며 “{i}번째 과제다”고 덧붙였다. 행사는 오후에 끝났다."
        return f"{name} {org} {title}은 {i % 28 + 1}일 “{SAYINGS[i % len(SAYINGS)]}”고 {VERBS[i % len(VERBS)]}."

    return "제목\n\n" + _repeat(sentence, size, " ")


def many_quotes(size: int) -> str:
    def paragraph(i: int) -> str:
        name, title, org = _person(i)
        return (f"{name} {org} {title}은 “{SAYINGS[i % len(SAYINGS)]}”고 {VERBS[i % len(VERBS)]}. "
                f"그는 “{i}번째 발언이다”라고 덧붙였다.")

    return "제목\n\n" + _repeat(paragraph, size, "\n\n")


def ordinary(size: int) -> str:
    """The reference: ordinary news paragraphs (the synthetic corpus's articles, headlines dropped) as one article."""
    from benchmarks.corpus import generate

    parts, total = [], 0
    for _name, text in generate(10**9, seed=12):
        body = text.split("\n", 1)[-1].strip()
        parts.append(body)
        total += len(body.encode("utf-8")) + 2
        if total >= size:
            break
    return "긴 기사\n\n" + "\n\n".join(parts)


SHAPES: dict[str, Callable[[int], str]] = {
    "quote_a_line": quote_a_line,
    "quote_marks": quote_marks,
    "nested_corners": nested_corners,
    "quote_per_line": quote_per_line,
    "long_line": long_line,
    "many_quotes": many_quotes,
    "ordinary": ordinary,
}


# ---------------------------------------------------------------------------------------------
# A parser process that can be abandoned


def _parser_process(conn) -> None:
    import attribution

    attribution.parse_text("김하늘 한빛전자 대표는 “준비가 끝났다”고 말했다.")  # Kiwi and word lists loaded
    conn.send("ready")
    while True:
        text = conn.recv()
        if text is None:
            return
        started = time.perf_counter()
        attribution.parse_text(text)
        conn.send(time.perf_counter() - started)


class Parser:
    """attribution.parse_text in another process, killed (and started again) when a parse passes the cap."""

    def __init__(self) -> None:
        self._context = get_context("spawn")
        self._proc = None
        self._conn = None

    def _start(self) -> None:
        here, there = self._context.Pipe()
        self._proc = self._context.Process(target=_parser_process, args=(there,), daemon=True)
        self._proc.start()
        there.close()
        self._conn = here
        if not here.poll(300) or here.recv() != "ready":
            raise RuntimeError("the parser process did not start")

    def parse(self, text: str, cap: float) -> float | None:
        """Seconds the parse took, or None when it took longer than `cap` seconds."""
        if self._proc is None:
            self._start()
        self._conn.send(text)
        if self._conn.poll(cap):
            return self._conn.recv()
        self.close()
        return None

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join()
            self._conn.close()
            self._proc = self._conn = None


# ---------------------------------------------------------------------------------------------


def _size(text: str) -> float:
    """16K, 1M or a plain number of MB, in MB."""
    text = text.strip().upper()
    if text.endswith("K"):
        return float(text[:-1]) / 1024
    return float(text[:-1] if text.endswith("M") else text)


def _size_label(mb: float) -> str:
    return f"{mb:g} MB" if mb >= 1 else f"{mb * 1024:g} KB"


def measure(shape: str, sizes: list[float], cap: float, parser: Parser) -> list[tuple[float, float | None]]:
    """(size in MB, seconds or None if over the cap) for each size, stopping at the first over the cap."""
    rows = []
    for mb in sizes:
        text = SHAPES[shape](int(mb * MB))
        seconds = parser.parse(text, cap)
        rows.append((len(text.encode("utf-8")) / MB, seconds))
        if seconds is None:
            break
    return rows


def verdict(rows, sizes: list[float], cap: float) -> tuple[str, str, str, str, str]:
    """(s/MB at the next-to-largest size, s/MB at the largest, their ratio, growth exponent, verdict)."""
    seconds = [t for _mb, t in rows] + [None] * (len(sizes) - len(rows))  # None: over the cap or not tried
    per_mb = [t / mb if t is not None else None for mb, t in rows] + [None] * (len(sizes) - len(rows))
    a, b = per_mb[-2], per_mb[-1]
    s_small = f"{a:.2f}" if a is not None else "—"
    s_large = f"{b:.2f}" if b is not None else "—"
    ratio = f"{b / a:.2f}" if a and b else "—"
    done = [(mb, t) for mb, t in rows if t is not None]
    growth = "—"
    if len(done) >= 2 and done[-2][1] > 0 and done[-1][0] > done[-2][0]:
        (m1, t1), (m2, t2) = done[-2], done[-1]
        growth = f"{math.log(t2 / t1) / math.log(m2 / m1):.2f}"
    problems = []
    if len(done) < len(sizes):
        problems.append(f"over the {cap:g} s cap at {_size_label(sizes[len(done)])}")
    elif b / a > LINEAR_RATIO:
        problems.append(f"not linear ({b / a:.1f}x the cost per MB at {sizes[-1] / sizes[-2]:g}x the size)")
    if 1.0 in sizes and (seconds[sizes.index(1.0)] or math.inf) > ONE_MB_SECONDS:
        problems.append(f"1 MB takes over {ONE_MB_SECONDS:g} s")
    return s_small, s_large, ratio, growth, ("FAILS: " + "; ".join(problems)) if problems else "linear"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="16, 64 and 256 KB with a 20 s cap (a minute or two)")
    ap.add_argument("--sizes", help="sizes, comma-separated, smallest first: 16K, 1M or a number of MB "
                    "(default 64K,256K,1M,4M)")
    ap.add_argument("--cap", type=float, help="seconds one parse may take before it is abandoned "
                    f"(default {DEFAULT_CAP:g}: 4 MB at the most a linear parser may cost; --quick {QUICK_CAP:g})")
    ap.add_argument("--shapes", help=f"comma-separated, from: {', '.join(SHAPES)} (default: all)")
    args = ap.parse_args(argv)
    sizes = [_size(s) for s in args.sizes.split(",")] if args.sizes else list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if len(sizes) < 2 or sizes != sorted(sizes):
        ap.error("--sizes needs at least two sizes, smallest first")
    cap = args.cap if args.cap else (QUICK_CAP if args.quick else DEFAULT_CAP)
    shapes = args.shapes.split(",") if args.shapes else list(SHAPES)
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        ap.error(f"unknown shape(s) {', '.join(unknown)}; choose from {', '.join(SHAPES)}")

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"attribution.parse_text on generated hostile articles; cap {cap:g} s per parse; "
          f"load average {load:.1f}; {os.cpu_count()} cores")
    small, large = _size_label(sizes[-2]), _size_label(sizes[-1])
    header = (f"{'shape':<15}" + "".join(f"{_size_label(s):>10}" for s in sizes)
              + f"{'s/MB ' + small:>15}{'s/MB ' + large:>14}{'ratio':>7}{'growth':>8}  verdict")
    print(header)
    print("-" * len(header))
    parser = Parser()
    failing = []
    try:
        for shape in shapes:
            rows = measure(shape, sizes, cap, parser)
            cells = [f"{t:.2f} s" if t is not None else f"> {cap:g} s" for _mb, t in rows]
            cells += ["—"] * (len(sizes) - len(cells))
            s_small, s_large, ratio, growth, result = verdict(rows, sizes, cap)
            print(f"{shape:<15}" + "".join(f"{c:>10}" for c in cells)
                  + f"{s_small:>15}{s_large:>14}{ratio:>7}{growth:>8}  {result}", flush=True)
            if result != "linear":
                failing.append(shape)
    finally:
        parser.close()
    print(f"target: cost per MB at {large} at most {LINEAR_RATIO:g}x that at {small} (the baseline, same run), "
          f"no 1 MB file over {ONE_MB_SECONDS:g} s; growth = k in time ∝ size^k (1 linear, 2 quadratic)")
    print(f"shapes failing the target: {', '.join(failing) if failing else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
