"""The right dock's panels: properties, revision history with diffs, the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kbstudio.gui.diffview import diff_html
from kbstudio.gui.models.tables import AuditModel, HistoryModel
from kbstudio.gui.propertiespanel import PropertiesPanel
from kbstudio.i18n import _

if TYPE_CHECKING:
    from kbstudio.services.workspace import Workspace

__all__ = ["AuditPanel", "HistoryPanel", "PropertiesPanel"]


def _table(model: object, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class HistoryPanel(QWidget):
    """Revisions of the open text; select two (or one: against the previous) to diff them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HistoryModel(self)
        self.view = _table(self.model, self)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.compare = QPushButton(self)
        self.compare.clicked.connect(self.show_selected_diff)
        self.diff = QTextBrowser(self)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.view)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.compare)
        top_layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(self.diff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._ws: Workspace | None = None
        self._key: tuple[str, str] | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.hint.setText(_("Select two revisions to compare, or one to see what it changed."))
        self.compare.setText(_("Compare"))

    def load(self, ws: Workspace | None, article_id: str | None, locale: str | None) -> None:
        self._ws = ws
        self._key = (article_id, locale) if ws and article_id and locale else None
        self.model.set_rows(ws.history(article_id, locale=locale) if self._key else [])  # type: ignore[union-attr, arg-type]
        self.diff.clear()

    def diff_between(self, a: int, b: int) -> str:
        assert self._ws is not None
        assert self._key is not None
        text = self._ws.diff(self._key[0], locale=self._key[1], a=a, b=b)
        self.diff.setHtml(diff_html(text))
        return text

    def show_selected_diff(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        numbers = [self.model.row_at(r).number for r in rows]
        if len(numbers) >= 2:
            self.diff_between(numbers[0], numbers[-1])
        elif len(numbers) == 1 and numbers[0] > 1:
            self.diff_between(numbers[0] - 1, numbers[0])


class AuditPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AuditModel(self)
        self.view = _table(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def load(self, ws: Workspace | None, article_id: str | None, locale: str | None) -> None:
        rows = []
        if ws and article_id:
            # The text's events and the article's own (its properties), in order.
            rows = ws.audit(entity_id=f"{article_id}/{locale}") + ws.audit(entity_id=article_id)
            rows.sort(key=lambda e: e.id)
        self.model.set_rows(list(reversed(rows)))  # newest first
