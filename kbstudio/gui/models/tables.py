"""Flat models: the review queue, a translation's revision history, its audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kbstudio.i18n import N_, _
from kbstudio.services.audit import AuditEvent
from kbstudio.services.studio import QueueItem
from kbstudio.services.views import RevisionInfo

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

T = TypeVar("T")
RowRole = Qt.ItemDataRole.UserRole + 1  # the row's record itself
AnyIndex = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table of records; columns are (header, getter) pairs.

    Private state: ``_rows`` is the list shown, replaced whole by set_rows (these lists are
    short — a queue, one translation's revisions — so a reset is cheaper than diffing).
    """

    columns: Sequence[tuple[str, Callable[[Any], object]]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T:
        return self._rows[row]

    @property
    def rows(self) -> list[T]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return _(self.columns[section][0])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        record = self._rows[index.row()]
        if role == RowRole:
            return record
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.columns[index.column()][1](record)
            return "" if value is None else str(value)
        return None


class QueueModel(RowsModel[QueueItem]):
    columns = (
        (N_("Title"), lambda q: q.title),
        (N_("Locale"), lambda q: q.locale),
        (N_("Author"), lambda q: q.author),
        (N_("Revision"), lambda q: q.revision),
    )


def _flags(r: RevisionInfo) -> str:
    marks = [
        (r.live, _("live")),
        (r.approved, _("approved")),
        (r.working, _("working")),
        (r.machine_translated, _("machine")),
    ]
    return ", ".join(label for on, label in marks if on)


class HistoryModel(RowsModel[RevisionInfo]):
    columns = (
        (N_("Rev"), lambda r: r.number),
        (N_("Date"), lambda r: r.created_at.replace("T", " ").removesuffix("Z")),
        (N_("Author"), lambda r: r.author),
        (N_("State"), _flags),
        (N_("Comment"), lambda r: r.comment),
    )


class AuditModel(RowsModel[AuditEvent]):
    columns = (
        (N_("When"), lambda e: e.at.replace("T", " ").removesuffix("Z")[:16]),
        (N_("Who"), lambda e: e.actor),
        (N_("Action"), lambda e: e.action),
        (N_("Reason"), lambda e: e.reason),
    )
