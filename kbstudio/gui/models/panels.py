"""Models of the panels: search hits, ranks before and after an edit, the health queue."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kbstudio.gui.models.tables import AnyIndex, RowsModel
from kbstudio.health.model import Finding
from kbstudio.i18n import N_, _

if TYPE_CHECKING:
    # Types only: the search layer (Whoosh, NumPy) loads at the first search, not at start-up.
    from kbstudio.search.index import Hit  # noqa: F401 (named in a base class's string)
    from kbstudio.services.search_whatif import RankChange

FieldsRole = Qt.ItemDataRole.UserRole + 2  # {field: score} of a hit's explanation
SnippetRole = Qt.ItemDataRole.UserRole + 3  # title and snippet as HTML, matches in <mark>
RegressionRole = Qt.ItemDataRole.UserRole + 4  # True when the unsaved edit ranks it lower

REGRESSED = QColor("#c62828")
IMPROVED = QColor("#2e7d32")


def _rank(value: int | None) -> str:
    return "—" if value is None else str(value)


class SearchHitsModel(RowsModel["Hit"]):
    """Ranked hits of one query; the snippet and the explanation columns are painted."""

    columns = (
        (N_("Rank"), lambda h: None),  # filled by data(): the row number
        (N_("Score"), lambda h: f"{h.score:.2f}"),
        (N_("Article"), lambda h: f"{h.title} ({h.article_id})"),
        (N_("Snippet"), lambda h: h.snippet),
        (N_("Fields"), lambda h: ", ".join(f"{k} {v:.1f}" for k, v in h.fields.items())),
    )
    ARTICLE, SNIPPET, FIELDS = 2, 3, 4

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        hit = self._rows[index.row()]
        if role == FieldsRole:
            return dict(hit.fields)
        if role == SnippetRole:
            return (
                f"<b>{html.escape(hit.title)}</b> <small>{html.escape(hit.article_id)}</small>"
                f"<br>{hit.snippet}"
            )
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            return str(index.row() + 1)
        return super().data(index, role)


class RankChangeModel(RowsModel["RankChange"]):
    """Each suite query expecting the open article: rank now and with the unsaved text."""

    columns = (
        (N_("Query"), lambda c: c.q),
        (N_("Locale"), lambda c: c.locale),
        (N_("Now"), lambda c: _rank(c.before)),
        (N_("If saved"), lambda c: _rank(c.after)),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        change = self._rows[index.row()]
        if role == RegressionRole:
            return change.regressed
        if role == Qt.ItemDataRole.ForegroundRole:
            if change.regressed:
                return REGRESSED
            if change.improved:
                return IMPROVED
            return None
        if role == Qt.ItemDataRole.ToolTipRole and change.regressed:
            return _("Saving this text would rank the article lower for this query.")
        return super().data(index, role)

    def regressions(self) -> list[RankChange]:
        return [c for c in self._rows if c.regressed]


SEVERITY_COLORS = {"error": QColor("#c62828"), "warning": QColor("#ef6c00"), "info": None}
SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


class FindingsModel(RowsModel[Finding]):
    """One locale's prioritized queue from the health checks, in queue order."""

    columns = (
        (N_("Severity"), lambda f: _(SEVERITY_LABELS[f.severity.value])),
        (N_("Check"), lambda f: f.kind),  # the check's code, as `kbstudio check` prints it
        (N_("Article"), lambda f: f"{f.title} ({f.article_id})" if f.article_id else f.title),
        (N_("Why"), lambda f: f.reason),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return SEVERITY_COLORS.get(self._rows[index.row()].severity.value)
        return super().data(index, role)
