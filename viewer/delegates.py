"""Painting that the default delegate cannot do: the stance chip."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .models import ColorRole


class StanceChipDelegate(QStyledItemDelegate):
    """Draws the stance as a rounded coloured chip; the model's tooltip carries the evidence."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        st = widget.style() if widget is not None else None
        if st is not None:
            st.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if not text or text == "…":
            return
        color = index.data(ColorRole)
        if not isinstance(color, QColor):
            color = QColor("#9e9e9e")
        fm = QFontMetrics(option.font)
        w = fm.horizontalAdvance(str(text)) + 14
        h = min(fm.height() + 6, option.rect.height() - 4)
        r = QRectF(option.rect.x() + 5, option.rect.center().y() - h / 2 + 0.5, min(w, option.rect.width() - 10), h)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color.darker(115), 1))
        painter.setBrush(color)
        painter.drawRoundedRect(r, h / 2, h / 2)
        painter.setPen(QColor("white"))
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, fm.elidedText(str(text), Qt.TextElideMode.ElideRight, int(r.width()) - 8))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        s = super().sizeHint(option, index)
        return QSize(s.width() + 16, max(s.height(), QFontMetrics(option.font).height() + 10))
