"""A speaker's statements over time, drawn with QPainter from the store's monthly aggregates.

Qt Charts would need PySide6-Addons (a large download for one picture), so the chart is drawn by
hand: one bar per month (per quarter or year over long spans), stacked by stance in the stance
colours of the lists, and under it one strip per year with that year's stance shares. It draws
only what `Store.speaker_record` summed in SQL, so a speaker with 10,000 quotes costs the same as
one with ten. Hovering a bar tells its month, total and mix.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from . import style

MAX_BARS = 180  # more months than this: quarters; more quarters: years


def _month_index(ym: str) -> int:
    return int(ym[:4]) * 12 + int(ym[5:7]) - 1


def buckets(months, max_bars: int = MAX_BARS) -> tuple[str, list[tuple[str, dict[str, int]]]]:
    """Continuous buckets from the first to the last month with data: ("month" | "quarter" | "year",
    [(label, {stance: count})]); empty months are zero bars, so gaps in time show as gaps."""
    data = [(m, mix) for m, mix in months if m and len(m) >= 7 and m[:4].isdigit() and m[5:7].isdigit()]
    if not data:
        return "month", []
    lo, hi = _month_index(data[0][0]), _month_index(data[-1][0])
    span = hi - lo + 1
    unit, size = ("month", 1) if span <= max_bars else (("quarter", 3) if span / 3 <= max_bars else ("year", 12))
    if unit == "quarter":
        lo -= lo % 3
    elif unit == "year":
        lo -= lo % 12
    count = (hi - lo) // size + 1
    out: list[tuple[str, dict[str, int]]] = []
    for i in range(count):
        start = lo + i * size
        y, m = divmod(start, 12)
        label = f"{y}-{m + 1:02d}" if unit == "month" else (f"{y} {m // 3 + 1}분기" if unit == "quarter" else f"{y}")
        out.append((label, {}))
    for ym, mix in data:
        i = (_month_index(ym) - lo) // size
        bucket = out[i][1]
        for k, v in mix.items():
            bucket[k] = bucket.get(k, 0) + v
    return unit, out


class StanceTimeline(QWidget):
    """Statements per month, stacked by stance, with the yearly stance mix below."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("stanceTimeline")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.unit = "month"
        self.buckets: list[tuple[str, dict[str, int]]] = []
        self.order: list[str] = []  # stances bottom to top (most frequent first)
        self.undated = 0
        self._bars: list[QRectF] = []

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(720, 240)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, 170)

    def set_record(self, record) -> None:
        self.unit, self.buckets = buckets(record.months if record is not None else ())
        self.order = record.stances() if record is not None else []
        self.undated = record.undated if record is not None else 0
        self.update()

    def total(self) -> int:
        return sum(sum(mix.values()) for _l, mix in self.buckets)

    def years(self) -> list[tuple[str, dict[str, int]]]:
        out: dict[str, dict[str, int]] = {}
        for label, mix in self.buckets:
            y = out.setdefault(label[:4], {})
            for k, v in mix.items():
                y[k] = y.get(k, 0) + v
        return list(out.items())

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        p.setFont(small)
        fm = QFontMetrics(small)
        self._bars = []
        if not self.buckets:
            p.setPen(QColor("#78909c"))
            msg = "날짜가 있는 발언이 없습니다" + (f" (날짜 없음 {self.undated:,}건)" if self.undated else "")
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, msg)
            p.end()
            return
        legend_h = fm.height() + 8
        strip_h = fm.height() + 10
        left, right, top = fm.horizontalAdvance("00000") + 10, 10, legend_h + 6
        bottom = fm.height() + 8 + strip_h + 10
        plot = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))
        self._paint_legend(p, fm, QRectF(left, 2, plot.width(), legend_h))
        peak = max(1, max(sum(mix.values()) for _l, mix in self.buckets))
        step = _nice_step(peak)
        top_value = step * (peak // step + 1)  # headroom above the tallest bar for its count
        # grid and y labels
        p.setPen(QPen(QColor("#eceff1"), 1))
        v = 0
        while v <= top_value:
            y = plot.bottom() - plot.height() * v / top_value
            p.setPen(QPen(QColor("#eceff1"), 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(QColor("#78909c"))
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{v:,}")
            v += step
        n = len(self.buckets)
        slot = plot.width() / n
        bar_w = max(1.0, slot * (0.78 if slot > 4 else 1.0))
        for i, (label, mix) in enumerate(self.buckets):
            x = plot.left() + i * slot + (slot - bar_w) / 2
            y = plot.bottom()
            total = sum(mix.values())
            self._bars.append(QRectF(plot.left() + i * slot, plot.top(), slot, plot.height()))
            for k in self.order:
                c = mix.get(k, 0)
                if not c:
                    continue
                h = plot.height() * c / top_value
                p.fillRect(QRectF(x, y - h, bar_w, h), style.stance_color(k or None))
                y -= h
            if total and slot >= fm.horizontalAdvance("0000") + 4:
                p.setPen(QColor("#455a64"))
                p.drawText(QRectF(x - 10, y - fm.height() - 1, bar_w + 20, fm.height()),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(total))
        p.setPen(QPen(QColor("#90a4ae"), 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        self._paint_axis(p, fm, plot, slot)
        self._paint_years(p, fm, QRectF(plot.left(), plot.bottom() + fm.height() + 8, plot.width(), strip_h - 4), slot)
        p.end()

    def _paint_legend(self, p: QPainter, fm: QFontMetrics, area: QRectF) -> None:
        totals: dict[str, int] = {}
        for _l, mix in self.buckets:
            for k, v in mix.items():
                totals[k] = totals.get(k, 0) + v
        x = area.left()
        for k in self.order:
            text = f"{style.stance_label(k) or '입장 없음'} {totals.get(k, 0):,}"
            w = fm.horizontalAdvance(text) + 22
            if x + w > area.right():
                break
            box = QRectF(x, area.top() + (area.height() - 10) / 2, 10, 10)
            p.fillRect(box, style.stance_color(k or None))
            p.setPen(QColor("#37474f"))
            p.drawText(QRectF(x + 14, area.top(), w, area.height()), Qt.AlignmentFlag.AlignVCenter, text)
            x += w
        unit = {"month": "월별", "quarter": "분기별", "year": "연도별"}[self.unit]
        note = f"{unit} 발언 수" + (f" · 날짜 없음 {self.undated:,}건 제외" if self.undated else "")
        p.setPen(QColor("#78909c"))
        p.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, note)

    def _paint_axis(self, p: QPainter, fm: QFontMetrics, plot: QRectF, slot: float) -> None:
        """Years under their first bar (months too when the span is short)."""
        p.setPen(QColor("#546e7a"))
        last_right = -1e9
        short = self.unit == "month" and len(self.buckets) <= 18
        for i, (label, _mix) in enumerate(self.buckets):
            first_of_year = i == 0 or label[:4] != self.buckets[i - 1][0][:4]
            if not (first_of_year or short):
                continue
            text = label if short else label[:4]
            if short and not first_of_year:
                text = f"{int(label[5:7])}월"
            x = plot.left() + i * slot
            w = fm.horizontalAdvance(text)
            if x < last_right + 6:
                continue
            p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3))
            p.drawText(QRectF(x, plot.bottom() + 3, w + 4, fm.height()), Qt.AlignmentFlag.AlignLeft, text)
            last_right = x + w

    def _paint_years(self, p: QPainter, fm: QFontMetrics, area: QRectF, slot: float) -> None:
        """The stance mix of each year as a 100% strip spanning that year's bars."""
        i = 0
        for year, mix in self.years():
            span = sum(1 for label, _m in self.buckets if label[:4] == year)
            x0 = area.left() + i * slot
            width = span * slot
            total = sum(mix.values())
            x = x0
            if total:
                for k in self.order:
                    c = mix.get(k, 0)
                    if c:
                        w = width * c / total
                        p.fillRect(QRectF(x, area.top(), w, area.height()), style.stance_color(k or None))
                        x += w
            p.setPen(QPen(QColor("white"), 1))
            p.drawLine(QPointF(x0, area.top()), QPointF(x0, area.bottom()))
            i += span

    # -- hover ------------------------------------------------------------------------------------
    def bucket_at(self, x: float) -> int | None:
        for i, r in enumerate(self._bars):
            if r.left() <= x < r.right():
                return i
        return None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        i = self.bucket_at(event.position().x())
        if i is None:
            QToolTip.hideText()
            return
        label, mix = self.buckets[i]
        lines = [f"{label}: 발언 {sum(mix.values()):,}건"]
        lines += [f"  {style.stance_label(k) or '입장 없음'} {mix[k]:,}" for k in self.order if mix.get(k)]
        QToolTip.showText(event.globalPosition().toPoint(), "\n".join(lines), self)


def _nice_step(peak: int) -> int:
    """A round grid step giving 2–5 lines up to `peak`."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if peak / step <= 4:
            return step
    return 10 ** (len(str(peak)) - 1)
