"""A coverage chart per locale — translated, outdated, missing — painted and clickable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from kbstudio.i18n import N_, _

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent, QPaintEvent

    from kbstudio.health.report import Coverage

PARTS = ("translated", "outdated", "missing")
PART_LABELS = {"translated": N_("translated"), "outdated": N_("outdated"), "missing": N_("missing")}
COLORS = {
    "translated": QColor("#43a047"),
    "outdated": QColor("#fb8c00"),
    "missing": QColor("#e53935"),
}
ROW_H, BAR_H, LABEL_W, COUNT_W, LEGEND_H = 26, 16, 70, 150, 24


class CoverageChart(QWidget):
    """One stacked bar per locale; clicking a segment emits (locale, part).

    Private state: ``_rows`` the coverage shown; ``_segments`` the painted rectangles with
    their (locale, part), recomputed on resize, used for clicks and tooltips.
    """

    segment_clicked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Coverage] = []
        self._segments: list[tuple[QRectF, str, str]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_coverage(self, rows: list[Coverage]) -> None:
        self._rows = list(rows)
        self.updateGeometry()
        self._layout()
        self.update()

    def counts(self) -> dict[str, tuple[int, int, int]]:
        return {r.locale: (r.translated, r.outdated, r.missing) for r in self._rows}

    def segment_rect(self, locale: str, part: str) -> QRectF | None:
        return next((r for r, loc, p in self._segments if (loc, p) == (locale, part)), None)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(LABEL_W + 300 + COUNT_W, LEGEND_H + ROW_H * max(len(self._rows), 1) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(LABEL_W + 120 + COUNT_W, self.sizeHint().height())

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        self._layout()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def _layout(self) -> None:
        width = max(self.width() - LABEL_W - COUNT_W, 40)
        self._segments = []
        for i, row in enumerate(self._rows):
            y = LEGEND_H + i * ROW_H + (ROW_H - BAR_H) / 2
            x = float(LABEL_W)
            total = row.total or 1
            for part in PARTS:
                w = width * getattr(row, part) / total
                if w > 0:
                    self._segments.append((QRectF(x, y, w, BAR_H), row.locale, part))
                x += w

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        x = float(LABEL_W)
        for part in PARTS:  # the legend
            p.fillRect(QRectF(x, 6, 12, 12), COLORS[part])
            p.setPen(text)
            label = _(PART_LABELS[part])
            p.drawText(QPointF(x + 16, 17), label)
            x += 24 + p.fontMetrics().horizontalAdvance(label)
        for rect, _locale, part in self._segments:
            p.fillRect(rect, COLORS[part])
        p.setPen(text)
        for i, row in enumerate(self._rows):
            base = LEGEND_H + i * ROW_H + ROW_H / 2 + p.fontMetrics().ascent() / 2 - 1
            p.drawText(QPointF(4, base), row.locale)
            counts = f"{row.translated} · {row.outdated} · {row.missing}"
            p.drawText(QPointF(self.width() - COUNT_W + 8, base), counts)
        p.end()

    def part_at(self, pos: QPointF) -> tuple[str, str] | None:
        return next(((loc, part) for r, loc, part in self._segments if r.contains(pos)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self.part_at(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.segment_clicked.emit(*hit)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self.part_at(event.position())
        if hit is None:
            self.setToolTip("")
        else:
            row = next(r for r in self._rows if r.locale == hit[0])
            self.setToolTip(
                _("{locale}: {count} {part} — click to list them").format(
                    locale=hit[0], count=getattr(row, hit[1]), part=_(PART_LABELS[hit[1]])
                )
            )
        super().mouseMoveEvent(event)
