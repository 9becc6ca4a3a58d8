"""The side-by-side translation table: one row per unit, source left, translation right."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from kbstudio.i18n import N_, _

if TYPE_CHECKING:
    from collections.abc import Callable

    from kbstudio.gui.models.tables import AnyIndex
    from kbstudio.services.translate_status import UnitView

UnitRole = Qt.ItemDataRole.UserRole + 10  # the UnitRow
ChangedRole = Qt.ItemDataRole.UserRole + 11  # the source changed since the translation's base
MachineRole = Qt.ItemDataRole.UserRole + 12  # machine text no human has edited yet
DoneRole = Qt.ItemDataRole.UserRole + 13
WarningsRole = Qt.ItemDataRole.UserRole + 14  # QA messages of the unit as it is now
OldSourceRole = Qt.ItemDataRole.UserRole + 15

CHANGED_BG = QColor("#fff8e1")
MACHINE_BG = QColor("#e3f2fd")
WARNING_FG = QColor("#c62828")


@dataclass
class UnitRow:
    """One unit as the translator works on it (the view is what the services said)."""

    view: UnitView
    text: str
    machine: bool = False
    done: bool = False
    touched: bool = False  # edited, machine-filled, taken from memory or marked done
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.view.status != "same"


# Our own roles, each read straight from the row. A lookup, not a dict built per call: Qt
# asks a cell for ten roles to size it, and sizing the short columns of a 265-unit text
# (ResizeToContents) made ~5,000 calls, 0.1 s on the GUI thread.
_CUSTOM_ROLES: dict[int, Callable[[UnitRow], Any]] = {
    UnitRole: lambda row: row,
    ChangedRole: lambda row: row.changed,
    MachineRole: lambda row: row.machine,
    DoneRole: lambda row: row.done,
    WarningsRole: lambda row: list(row.warnings),
    OldSourceRole: lambda row: row.view.old_source,
}


class UnitsModel(QAbstractTableModel):
    """Units of one article in one locale; the translation column is editable.

    Private state: ``_rows`` the units in source order (title first); ``_check`` a callable
    (source, target) -> QA messages, run when a translation changes.
    """

    SOURCE, TRANSLATION, STATE = 1, 2, 3
    headers = (N_("#"), N_("Source"), N_("Translation"), N_("State"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[UnitRow] = []
        self._check: Callable[[str, str], list[str]] = lambda _s, _t: []

    # -- filling ---------------------------------------------------------------------

    def set_units(self, views: list[UnitView], check: Callable[[str, str], list[str]]) -> None:
        self.beginResetModel()
        self._check = check
        self._rows = []
        for v in views:
            row = UnitRow(v, v.translation or "", machine=v.machine)
            row.warnings = list(v.warnings) or check(v.source, row.text)
            self._rows.append(row)
        self.endResetModel()

    @property
    def rows(self) -> list[UnitRow]:
        return list(self._rows)

    def row_at(self, row: int) -> UnitRow:
        return self._rows[row]

    # -- Qt --------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return _(self.headers[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.TRANSLATION:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, col = self._rows[index.row()], index.column()
        custom = _CUSTOM_ROLES.get(role)
        if custom is not None:
            return custom(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, col, index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.SOURCE and row.view.status == "changed":
                return _("Was: {old}").format(old=row.view.old_source)
            if col == self.TRANSLATION and row.warnings:
                return "\n".join(row.warnings)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == self.SOURCE and row.changed:
                return CHANGED_BG
            if col == self.TRANSLATION and row.machine:
                return MACHINE_BG
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATE and row.warnings:
            return WARNING_FG
        return None

    def widest_text(self, col: int) -> str:
        """The longest text the short column *col* (# or State) can show for these units."""
        if col == 0:
            return max(_("Title"), str(max(len(self._rows) - 1, 0)), key=len)
        marks = [_("changed"), _("new"), _("machine"), _("done"), _("{n} QA").format(n=99)]
        return " · ".join([max(marks[:2], key=len), *marks[2:]])

    def _text(self, row: UnitRow, col: int, number: int) -> str:
        if col == 0:
            return _("Title") if row.view.index < 0 else str(number)
        if col == self.SOURCE:
            return row.view.source
        if col == self.TRANSLATION:
            return row.text
        marks = []
        if row.view.status == "changed":
            marks.append(_("changed"))
        elif row.view.status == "added":
            marks.append(_("new"))
        if row.machine:
            marks.append(_("machine"))
        if row.done:
            marks.append(_("done"))
        if row.warnings:
            marks.append(_("{n} QA").format(n=len(row.warnings)))
        return " · ".join(marks)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != self.TRANSLATION:
            return False
        if role != Qt.ItemDataRole.EditRole or not isinstance(value, str):
            return False
        row = self._rows[index.row()]
        if value == row.text:
            return False
        # A human edit: the machine mark goes.
        self._set(index.row(), value, machine=False)
        return True

    # -- changes -------------------------------------------------------------------------

    def _set(self, number: int, text: str, *, machine: bool) -> None:
        row = self._rows[number]
        row.text, row.machine, row.touched = text, machine, True
        row.warnings = self._check(row.view.source, text)
        self.dataChanged.emit(self.index(number, 0), self.index(number, self.STATE))

    def fill_machine(self, number: int, text: str) -> None:
        self._set(number, text, machine=True)

    def fill_memory(self, number: int, text: str) -> None:
        self._set(number, text, machine=False)

    def set_done(self, number: int, done: bool = True) -> None:
        row = self._rows[number]
        row.done = done
        row.touched = row.touched or done
        self.dataChanged.emit(self.index(number, 0), self.index(number, self.STATE))

    def next_changed(self, after: int) -> int | None:
        """The next changed unit not yet done after row *after*, wrapping around."""
        n = len(self._rows)
        for step in range(1, n + 1):
            number = (after + step) % n
            row = self._rows[number]
            if row.changed and not row.done:
                return number
        return None

    # -- saving ------------------------------------------------------------------------

    def machine_left(self) -> bool:
        return any(r.machine for r in self._rows)

    def machine_marks(self) -> list[bool]:
        """Which units (title first) are machine output no human edited, to save with them."""
        return [r.machine for r in self._rows]

    def complete(self) -> bool:
        """Every changed unit was redone and nothing is left empty."""
        return all(r.text.strip() for r in self._rows) and all(
            r.touched for r in self._rows if r.changed
        )

    def texts(self) -> tuple[str, list[str]]:
        """The title and the body units, as the services save them."""
        return self._rows[0].text, [r.text for r in self._rows[1:]]
