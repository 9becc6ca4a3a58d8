"""How units are painted and edited: old source struck through, a multi-line editor."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QStyle, QStyledItemDelegate

from kbstudio.gui.models.units import (
    ChangedRole,
    MachineRole,
    OldSourceRole,
    UnitsModel,
    WarningsRole,
)
from kbstudio.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem, QWidget

    from kbstudio.gui.models.units import UnitRow

    Index = QModelIndex | QPersistentModelIndex

MACHINE_MARK = QColor("#1565c0")


def unit_html(index: Index) -> str:
    """The cell as rich text: a changed source shows its old text struck through first."""
    text = html.escape(str(index.data() or "")).replace("\n", "<br>")
    if index.column() == UnitsModel.SOURCE:
        old = index.data(OldSourceRole)
        if index.data(ChangedRole) and old:
            was = html.escape(old).replace("\n", "<br>")
            return f"<div style='color:#9e9e9e'><s>{was}</s></div><div>{text}</div>"
        return text
    if index.column() == UnitsModel.TRANSLATION:
        parts = []
        if index.data(MachineRole):
            label = html.escape(_("machine translation — edit to confirm"))
            parts.append(f"<div style='color:#1565c0;font-size:small'>⚙ {label}</div>")
        parts.append(f"<div>{text}</div>")
        for warning in index.data(WarningsRole) or []:
            parts.append(
                f"<div style='color:#c62828;font-size:small'>⚠ {html.escape(warning)}</div>"
            )
        return "".join(parts)
    return text


class UnitDelegate(QStyledItemDelegate):
    """Paints source and translation cells as rich text; edits a translation in place."""

    def _doc(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(unit_html(index))
        doc.setTextWidth(max(option.rect.width(), 120))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.column() not in (UnitsModel.SOURCE, UnitsModel.TRANSLATION):
            super().paint(painter, option, index)
            return
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.brush(QPalette.ColorRole.Highlight))
        elif background is not None:
            painter.fillRect(option.rect, background)
        if index.column() == UnitsModel.TRANSLATION and index.data(MachineRole):
            # A stripe at the left edge: visible even when the row is scrolled narrow.
            stripe = QRect(option.rect)
            stripe.setWidth(3)
            painter.fillRect(stripe, MACHINE_MARK)
        doc = self._doc(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        if index.column() not in (UnitsModel.SOURCE, UnitsModel.TRANSLATION):
            return super().sizeHint(option, index)
        doc = self._doc(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data() or ""))

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText())


def unit_help_html(unit: UnitRow) -> str:
    """What helps with one unit: memory matches with their score, glossary, QA warnings."""
    heads = [html.escape(t) for t in (_("Translation memory"), _("Glossary"), _("QA"))]
    none, clean = html.escape(_("No matches.")), html.escape(_("No warnings."))
    parts = [f"<h4>{heads[0]}</h4>"]
    if unit.view.memory:
        parts += [
            f"<p><b>{m.score:.0f}%</b> {html.escape(m.target)}<br>"
            f"<small style='color:#757575'>{html.escape(m.source)}</small></p>"
            for m in unit.view.memory
        ]
    else:
        parts.append(f"<p>{none}</p>")
    parts.append(f"<h4>{heads[1]}</h4>")
    parts += [f"<p>{html.escape(h)}</p>" for h in unit.view.glossary] or ["<p>—</p>"]
    parts.append(f"<h4>{heads[2]}</h4>")
    parts += [f"<p style='color:#c62828'>⚠ {html.escape(w)}</p>" for w in unit.warnings] or [
        f"<p>{clean}</p>"
    ]
    return "".join(parts)
