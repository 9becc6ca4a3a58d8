"""Search preview: try a query as readers would, and see where the open article ranks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kbstudio.gui.delegates import FieldBarsDelegate, SnippetDelegate
from kbstudio.gui.models.panels import RankChangeModel, SearchHitsModel
from kbstudio.gui.ops import run_op
from kbstudio.i18n import _, ngettext

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from kbstudio.search.index import SearchResult
    from kbstudio.services.search_whatif import RankChange
    from kbstudio.services.workspace import Workspace

# (article id, locale, title, body) of the text being edited, unsaved text included.
Source = Callable[[], tuple[str, str, str, str] | None]


def _table(model: object, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    return view


class SearchPanel(QWidget):
    """Query, locale and view; ranked hits with explanations; ranks before and after an edit.

    Private state: ``_source`` reads the open text; ``_asked`` the rank check's text last
    sent to the worker, so a result for older text than the latest is not shown.
    """

    open_requested = Signal(str, str)  # (article id, locale) of an activated hit

    def __init__(self, ws: Workspace, locales: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._result_locale = ""
        self._source: Source = lambda: None
        self._asked: tuple[str, str, str, str] | None = None
        self._result: SearchResult | None = None
        self.query = QLineEdit(self)
        self.query.returnPressed.connect(self.run_search)
        self.locale_box = QComboBox(self)
        self.locale_box.addItems(locales)
        self.locale_box.currentTextChanged.connect(lambda _t: self.run_search())
        self.published = QCheckBox(self)
        self.published.toggled.connect(lambda _on: self.run_search())
        self.summary = QLabel(self)
        self.hits = SearchHitsModel(self)
        self.hits_view = _table(self.hits, self)
        self.bars = FieldBarsDelegate(self.hits_view)
        self.hits_view.setItemDelegateForColumn(
            SearchHitsModel.SNIPPET, SnippetDelegate(self.hits_view)
        )
        self.hits_view.setItemDelegateForColumn(SearchHitsModel.FIELDS, self.bars)
        self.hits_view.activated.connect(self._activated)
        # The snippet cell shows the title too: a dock is narrow.
        self.hits_view.setColumnHidden(SearchHitsModel.ARTICLE, True)
        header = self.hits_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SearchHitsModel.SNIPPET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SearchHitsModel.FIELDS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(SearchHitsModel.FIELDS, 190)
        self.rank_title = QLabel(self)
        self.rank_status = QLabel(self)
        self.rank_status.setWordWrap(True)
        self.ranks = RankChangeModel(self)
        self.ranks_view = _table(self.ranks, self)
        self.ranks_view.horizontalHeader().setStretchLastSection(False)
        self.ranks_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.locale_box)
        row.addWidget(self.published)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(row)
        top_layout.addWidget(self.summary)
        top_layout.addWidget(self.hits_view, 1)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.rank_title)
        bottom_layout.addWidget(self.rank_status)
        bottom_layout.addWidget(self.ranks_view, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        # Typing must not score on every key: wait for a pause.
        self._rank_timer = QTimer(self)
        self._rank_timer.setSingleShot(True)
        self._rank_timer.setInterval(700)
        self._rank_timer.timeout.connect(self.check_ranks)
        self.retranslate()

    def retranslate(self) -> None:
        self.query.setPlaceholderText(_("Search as a reader would…"))
        self.published.setText(_("Published only"))
        self.rank_title.setText(_("Where does this article rank"))
        self.locale_box.setToolTip(_("Locale"))
        self._show_summary()

    def set_source(self, source: Source) -> None:
        self._source = source

    # -- searching ---------------------------------------------------------------------

    def run_search(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.hits.set_rows([])
            self._result = None
            self.summary.clear()
            return
        ws, locale = self.ws, self.locale_box.currentText()
        view = "published" if self.published.isChecked() else "working"

        def work(progress: object, cancel: object) -> SearchResult:
            return ws.search.search(text, locale=locale, view=view, limit=20, explain=True)

        run_op(self, work, label="search", on_done=lambda r: self.show_result(r, locale))

    def show_result(self, result: SearchResult, locale: str = "") -> None:
        self._result_locale = locale or self.locale_box.currentText()
        self.bars.scale = max((s for h in result.hits for s in h.fields.values()), default=1.0)
        self.hits.set_rows(result.hits)
        self.hits_view.resizeRowsToContents()
        self._result = result
        self._show_summary()

    def _activated(self, index: QModelIndex) -> None:
        if self._result is not None and index.isValid():
            hit = self.hits.row_at(index.row())
            self.open_requested.emit(hit.article_id, self._result_locale)

    def _show_summary(self) -> None:
        result = self._result
        if result is None:
            self.summary.clear()
            return
        text = ngettext("{n} result", "{n} results", result.total).format(n=result.total)
        if result.suggestion:
            text += " · " + _("Did you mean: {q}").format(q=result.suggestion)
        self.summary.setText(text)

    # -- ranks ------------------------------------------------------------------------

    def text_changed(self) -> None:
        """The open text changed (or another was opened): rank it again, if shown.

        Hidden, nothing runs: each check copies the locale's index, and the worker it
        runs on also saves. Shown again, the panel catches up.
        """
        if self.isVisible():
            self._rank_timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._source() != self._asked:
            self._rank_timer.start()

    def check_ranks(self) -> None:
        """Rank the open text as it is now, unsaved edits included, on the worker."""
        current = self._source()
        self._asked = current
        if current is None:
            self.ranks.set_rows([])
            self.rank_status.setText(_("Open an article to see where it ranks."))
            self.rank_status.setStyleSheet("")
            return
        ws = self.ws
        article_id, locale, title, body = current

        def work(progress: object, cancel: object) -> list[RankChange]:
            # Imported here: the search layer loads at first use, not at start-up.
            from kbstudio.services.search_whatif import ranks_if_saved

            return ranks_if_saved(ws.search, article_id, locale=locale, title=title, body=body)

        run_op(self, work, label="ranks", on_done=lambda rows: self.show_ranks(current, rows))

    def show_ranks(self, asked: tuple[str, str, str, str], rows: list[RankChange]) -> None:
        if asked != self._asked:
            return  # the text changed meanwhile; a newer check is on its way
        self.ranks.set_rows(rows)
        bad = len(self.ranks.regressions())
        if not rows:
            self.rank_status.setText(_("No suite query expects this article."))
            self.rank_status.setStyleSheet("")
        elif bad:
            self.rank_status.setText(
                ngettext(
                    "This edit ranks the article lower for {n} query.",
                    "This edit ranks the article lower for {n} queries.",
                    bad,
                ).format(n=bad)
            )
            self.rank_status.setStyleSheet("color: #c62828; font-weight: bold;")
        else:
            self.rank_status.setText(_("No query ranks this article lower after this edit."))
            self.rank_status.setStyleSheet("")
