"""The content health dashboard: per-locale queues from the checks and a coverage chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kbstudio.gui.coverage import PART_LABELS, CoverageChart
from kbstudio.gui.models.panels import FindingsModel
from kbstudio.gui.ops import run_op
from kbstudio.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QShowEvent

    from kbstudio.health.model import Finding
    from kbstudio.services.health import HealthReport
    from kbstudio.services.workspace import Workspace

# Where in the text a finding points: the detail field naming the offending words.
DETAIL_KEYS = ("found", "target", "snippet", "variable", "term")


def problem_line(finding: Finding, body: str) -> int | None:
    """The 1-based line of *body* the finding is about, when its detail names a text."""
    for key in DETAIL_KEYS:
        value = finding.detail.get(key)
        needles = value if isinstance(value, list | tuple) else [value]
        for needle in needles:
            if not isinstance(needle, str) or not needle:
                continue
            for number, line in enumerate(body.splitlines(), start=1):
                if needle.lower() in line.lower():
                    return number
    return None


class HealthPanel(QWidget):
    """Queues per locale; the chart filters them; activating an item opens the article.

    Private state: ``report`` the last check run (None until loaded); ``part`` the chart
    segment the queue is filtered to (None: every finding of the locale); ``stale`` set
    when work was done while the dashboard was hidden.
    """

    open_requested = Signal(object)  # the Finding to open
    loaded = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.report: HealthReport | None = None
        self.part: str | None = None
        self.stale = False  # work was done while hidden: check again when shown
        self.chart = CoverageChart(self)
        self.chart.segment_clicked.connect(self.filter_to)
        self.locale_box = QComboBox(self)
        self.locale_box.currentIndexChanged.connect(lambda _i: self._fill())
        self.filter_label = QLabel(self)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(lambda: self.filter_to(self.locale(), ""))
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.reload)
        self.model = FindingsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.activated.connect(self._activated)
        self.caption = QLabel(self)
        row = QHBoxLayout()
        for widget in (self.locale_box, self.filter_label, self.clear_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.chart)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        # After a save or a decision several changes may arrive at once: check once.
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(300)
        self._soon.timeout.connect(self.reload)
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(_("Translation coverage (click a bar to list its articles)"))
        self.clear_button.setText(_("Show all"))
        self.refresh_button.setText(_("Check again"))
        self._show_filter()

    # -- loading ---------------------------------------------------------------------

    def reload(self) -> None:
        """Run the checks on the worker; the queues and the chart follow."""
        ws = self.ws

        def work(progress: object, cancel: object) -> HealthReport:
            return ws.check()

        run_op(self, work, label="health", on_done=self.show_report)

    def changed(self, _change: object = None) -> None:
        """Work was done (a save, a decision): check again once things settle.

        Only while the dashboard shows: a check of 10,000 articles takes seconds on the
        worker, and saves would queue behind it. Hidden, it checks when shown again.
        """
        if self.report is None:
            return
        if self.isVisible():
            self._soon.start()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.stale:
            self.stale = False
            self._soon.start()

    def show_report(self, report: HealthReport) -> None:
        self.report = report
        self.chart.set_coverage(report.coverage)
        current = self.locale()
        self.locale_box.blockSignals(True)
        self.locale_box.clear()
        for locale in report.locales:
            count = len(report.queues().get(locale, []))
            self.locale_box.addItem(f"{locale} ({count})", locale)
        self.locale_box.setCurrentIndex(max(self.locale_box.findData(current), 0))
        self.locale_box.blockSignals(False)
        self._fill()
        self.loaded.emit()

    # -- filtering ---------------------------------------------------------------------

    def locale(self) -> str:
        return str(self.locale_box.currentData() or "")

    def filter_to(self, locale: str, part: str) -> None:
        """Show *locale*'s queue, only the findings of the chart's *part* ("" for all)."""
        self.part = part or None
        index = self.locale_box.findData(locale)
        if index >= 0 and index != self.locale_box.currentIndex():
            self.locale_box.setCurrentIndex(index)  # fills
        else:
            self._fill()

    def _fill(self) -> None:
        if self.report is None:
            return
        items = self.report.queues().get(self.locale(), [])
        if self.part in ("outdated", "missing"):
            items = [f for f in items if f.kind == self.part]
        elif self.part == "translated":  # present and current: what else needs doing there
            items = [f for f in items if f.kind not in ("outdated", "missing")]
        self.model.set_rows(items)
        self._show_filter()

    def _show_filter(self) -> None:
        self.filter_label.setText(
            _("Only: {part}").format(part=_(PART_LABELS[self.part])) if self.part else ""
        )
        self.clear_button.setVisible(self.part is not None)

    def _activated(self, index: QModelIndex) -> None:
        finding = self.model.row_at(index.row())
        if finding.article_id:
            self.open_requested.emit(finding)
