"""Paints per-locale status badges as small coloured pills in the tree.

The pills shrink to fit the column: labelled with room around the text, then labelled and
tight, then unlabelled dots (the row's tooltip still names every locale's status).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
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
# (padding around the label, gap between pills) per tier; "dots" has no label.
TIERS = {"full": (8, 3), "tight": (4, 1), "dots": (0, 2)}


def badge_font(font: QFont) -> QFont:
    """The pills' font: a little smaller than the row's."""
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() * 0.8, 6))
    return small


def _pill_widths(metrics: QFontMetrics, locales: list[str], tier: str) -> list[int]:
    pad, _gap = TIERS[tier]
    if tier == "dots":
        return [max(metrics.height() * 2 // 3, 6)] * len(locales)
    return [metrics.horizontalAdvance(loc.split("-")[0]) + pad for loc in locales]


def badges_width(metrics: QFontMetrics, locales: list[str], tier: str) -> int:
    """Pixels the pills of *locales* need in *tier*, margins included."""
    gap = TIERS[tier][1]
    return sum(_pill_widths(metrics, locales, tier)) + gap * max(len(locales) - 1, 0) + 2 * GAP


def fitting_tier(metrics: QFontMetrics, locales: list[str], width: int) -> str:
    """The roomiest tier whose pills fit in *width* (dots if none does)."""
    for tier in ("full", "tight"):
        if badges_width(metrics, locales, tier) <= width:
            return tier
    return "dots"


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
        font = badge_font(option.font)  # type: ignore[attr-defined]
        painter.setFont(font)
        metrics = QFontMetrics(font)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        locales = [loc for loc, _b in badges]
        tier = fitting_tier(metrics, locales, rect.width())
        widths = _pill_widths(metrics, locales, tier)
        gap = TIERS[tier][1]
        x, h = rect.x() + GAP, min(rect.height() - 4, metrics.height() + 2)
        if tier == "dots":
            h = widths[0]
        y = rect.y() + (rect.height() - h) // 2
        for (locale, badge), w in zip(badges, widths, strict=True):
            if x + w > rect.right():
                break
            color = QColor(COLORS.get(badge, "#8c959f"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            if tier == "dots":
                painter.drawEllipse(x, y, w, h)
            else:
                painter.drawRoundedRect(x, y, w, h, 4, 4)
                painter.setPen(QColor("#1f2328" if badge == "missing" else "#ffffff"))
                label = locale.split("-")[0]
                painter.drawText(QRect(x, y, w, h), Qt.AlignmentFlag.AlignCenter, label)
            x += w + gap
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        badges = index.data(BadgesRole) or []
        metrics = QFontMetrics(badge_font(option.font))  # type: ignore[attr-defined]
        width = badges_width(metrics, [loc for loc, _b in badges], "full")
        return QSize(width, QFontMetrics(option.font).height() + 6)  # type: ignore[attr-defined]
