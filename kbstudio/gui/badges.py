"""Paints per-locale status badges as small coloured pills in the tree."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from kbstudio.gui.models.tree import BadgesRole

COLORS = {
    "draft": "#8c959f",
    "in_review": "#bf8700",
    "approved": "#1a7f37",
    "published": "#0969da",
    "archived": "#6e7781",
    "outdated": "#cf222e",
    "stale": "#9a6700",
    "missing": "#d0d7de",
}
GAP = 3


class BadgeDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        badges: Any = index.data(BadgesRole)
        if not badges:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[operator]
            painter.fillRect(option.rect, option.palette.highlight())  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = option.font  # type: ignore[attr-defined]
        font.setPointSizeF(max(font.pointSizeF() * 0.8, 6))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        x, h = rect.x() + GAP, min(rect.height() - 4, metrics.height() + 2)
        y = rect.y() + (rect.height() - h) // 2
        for locale, badge in badges:
            label = locale.split("-")[0]
            w = metrics.horizontalAdvance(label) + 8
            if x + w > rect.right():
                break
            color = QColor(COLORS.get(badge, "#8c959f"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(x, y, w, h, 4, 4)
            painter.setPen(QColor("#1f2328" if badge == "missing" else "#ffffff"))
            painter.drawText(QRect(x, y, w, h), Qt.AlignmentFlag.AlignCenter, label)
            x += w + GAP
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        badges = index.data(BadgesRole) or []
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        width = sum(metrics.horizontalAdvance(loc.split("-")[0]) + 8 + GAP for loc, _ in badges)
        return QSize(width + GAP, metrics.height() + 6)
