"""Painted cells: a highlighted snippet, and one small bar per field of a score's explanation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from kbstudio.gui.models.panels import FieldsRole, SnippetRole

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

FIELD_COLORS = {
    "title": QColor("#1e88e5"),
    "keywords": QColor("#8e24aa"),
    "headings": QColor("#00897b"),
    "body": QColor("#757575"),
}
BAR_ROW = 12


class SnippetDelegate(QStyledItemDelegate):
    """The snippet as rich text, its matches marked; wrapped to its column's width."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view

    def _doc(self, option: QStyleOptionViewItem, html: str, width: int = 0) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(
            html.replace("<mark>", "<b style='background:#fff59d'>").replace("</mark>", "</b>")
        )
        doc.setTextWidth(max(width or option.rect.width(), 200))
        return doc

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        html = index.data(SnippetRole) or ""
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.brush(QPalette.ColorRole.Highlight))
        doc = self._doc(option, html)
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        width = self.view.columnWidth(index.column())
        doc = self._doc(option, index.data(SnippetRole) or "", width)
        return QSize(int(doc.idealWidth()), min(int(doc.size().height()) + 2, 96))


class FieldBarsDelegate(QStyledItemDelegate):
    """One bar per field, its length the field's share of the best field in the column."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.scale = 1.0  # the largest field score shown; set when the results change

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        fields: dict[str, float] = index.data(FieldsRole) or {}
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.brush(QPalette.ColorRole.Highlight))
        rect = option.rect.adjusted(4, 3, -4, -3)
        label_w = 62
        painter.save()
        metrics = painter.fontMetrics()
        for i, (name, score) in enumerate(fields.items()):
            y = rect.top() + i * BAR_ROW
            if y + BAR_ROW > rect.bottom() + 3:
                break
            painter.setPen(option.palette.text().color())
            painter.drawText(rect.left(), y + metrics.ascent() - 1, name)
            width = (rect.width() - label_w - 40) * score / (self.scale or 1.0)
            bar = QRectF(rect.left() + label_w, y + 2, max(width, 1.0), BAR_ROW - 4)
            painter.fillRect(bar, FIELD_COLORS.get(name, QColor("#9e9e9e")))
            painter.drawText(int(bar.right()) + 4, y + metrics.ascent() - 1, f"{score:.1f}")
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        fields = index.data(FieldsRole) or {}
        return QSize(220, max(len(fields), 1) * BAR_ROW + 6)
