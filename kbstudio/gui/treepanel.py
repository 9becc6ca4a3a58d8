"""The left panel: the filter bar over the help-center tree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kbstudio.gui.badges import BadgeDelegate, badge_font, badges_width
from kbstudio.gui.models.tree import BADGE_LABELS, ArticleIdRole, HelpCenterModel, TreeFilter
from kbstudio.i18n import _

if TYPE_CHECKING:
    from kbstudio.services.studio import ArticleNode, Tree

if TYPE_CHECKING:
    from kbstudio.domain.workflow import Actor

FILTER_DELAY_MS = 120  # typing pauses shorter than this do not refilter
EXPAND_ALL_UP_TO = 1500  # matches shown fully expanded; beyond that, categories only
# Room the title column keeps before the other columns get any: a typical title (the
# sample's median English title has 35 characters) at the depth of an article row.
TITLE_CHARS = 36
ARTICLE_DEPTH = 3  # category, section, article: three steps of indentation
# Narrowing the dock gives up, in order: roomy pills, then the Status column (the
# display locale's pill says the same), then the pills' labels.
LAYOUTS = ((True, "full"), (True, "tight"), (False, "tight"), (False, "dots"))
MAX_HINT_WIDTH = 560  # the widest the dock asks to be at first


class TreePanel(QWidget):
    article_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HelpCenterModel(self)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.locale_box = QComboBox(self)
        self.status_box = QComboBox(self)
        self.type_box = QComboBox(self)
        self.owner_box = QComboBox(self)
        self.mine = QCheckBox(self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)  # lets the view skip measuring 10,000 rows
        self.view.setItemDelegateForColumn(2, BadgeDelegate(self.view))
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        # Columns refit when the dock is resized (the viewport's size, after the scroll bar).
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)
        self.setMinimumWidth(220)
        grid = QGridLayout()
        grid.addWidget(self.search, 0, 0, 1, 2)
        grid.addWidget(self.locale_box, 1, 0)
        grid.addWidget(self.status_box, 1, 1)
        grid.addWidget(self.type_box, 2, 0)
        grid.addWidget(self.owner_box, 2, 1)
        grid.addWidget(self.mine, 3, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.view)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FILTER_DELAY_MS)
        self.timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        for box in (self.locale_box, self.status_box, self.type_box, self.owner_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.mine.toggled.connect(lambda _c: self.apply_filter())
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Filter articles…"))
        self.mine.setText(_("Needs my action"))
        self._fill(self.status_box, _("Any status"), [(k, _(v)) for k, v in BADGE_LABELS.items()])
        self._fill_from_tree()
        self.fit_columns()

    # -- columns -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        resized = watched is self.view.viewport() and event.type() == QEvent.Type.Resize
        if resized or (watched is self.view and event.type() == QEvent.Type.FontChange):
            self.fit_columns()
        return super().eventFilter(watched, event)

    def title_room(self) -> int:
        """Pixels a typical article title needs in the title column, indentation included."""
        chars = QFontMetrics(self.view.font()).averageCharWidth() * TITLE_CHARS
        return self.view.indentation() * ARTICLE_DEPTH + chars

    def status_width(self) -> int:
        metrics = QFontMetrics(self.view.font())
        words = [_(label) for label in BADGE_LABELS.values()] + [_("Status")]
        return max(metrics.horizontalAdvance(w) for w in words) + 2 * metrics.averageCharWidth()

    def badges_width(self, tier: str) -> int:
        metrics = QFontMetrics(badge_font(self.view.font()))
        return badges_width(metrics, self.model.tree.locales, tier)

    def preferred_width(self) -> int:
        """The dock width at which titles, the Status column and roomy pills all fit."""
        scroll = self.view.verticalScrollBar().sizeHint().width()
        frame = 2 * self.view.frameWidth()
        return self.title_room() + self.status_width() + self.badges_width("full") + scroll + frame

    def sizeHint(self) -> QSize:  # noqa: N802
        # The dock's first width (before any saved state): as wide as the columns need.
        hint = super().sizeHint()
        return QSize(min(self.preferred_width(), MAX_HINT_WIDTH), hint.height())

    def fit_columns(self) -> None:
        """Size Status and Locales to their contents, shrinking them before the title."""
        room = self.view.viewport().width()
        status = self.status_width()
        for show_status, tier in LAYOUTS:
            taken = self.badges_width(tier) + (status if show_status else 0)
            if room - taken >= self.title_room():
                break
        header = self.view.header()
        self.view.setColumnHidden(1, not show_status)
        header.resizeSection(1, status)
        header.resizeSection(2, self.badges_width(tier))

    def _fill(self, box: QComboBox, anything: str, items: list[tuple[str, str]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(anything, "")
        for value, label in items:
            box.addItem(label, value)
        found = box.findData(current)
        box.setCurrentIndex(max(found, 0))
        box.blockSignals(False)

    def _fill_from_tree(self) -> None:
        tree = self.model.tree
        arts = tree.articles()
        self._fill(self.locale_box, _("Any locale"), [(x, x) for x in tree.locales])
        self._fill(self.type_box, _("Any type"), [(t, t) for t in sorted({a.type for a in arts})])
        owners = sorted({a.owner for a in arts if a.owner})
        self._fill(self.owner_box, _("Any owner"), [(o, o) for o in owners])

    def set_tree(self, tree: Tree) -> None:
        """Show a new snapshot, keeping what was expanded and selected."""
        chosen = self.current_article()
        expanded = self._expanded()
        self.model.set_tree(tree)
        self._fill_from_tree()
        self.fit_columns()  # the locales may have changed
        self._expand(expanded)
        if chosen:
            self.select_article(chosen, emit=False)

    def replace_article(self, node: ArticleNode) -> bool:
        """Refresh one article's row, keeping what is expanded and selected."""
        chosen, expanded = self.current_article(), self._expanded()
        if not self.model.replace_article(node):
            return False
        self._expand(expanded)
        if chosen:
            self.select_article(chosen, emit=False)
        return True

    def set_actor(self, actor: Actor | None) -> None:
        """Whose "needs my action" the filter means; keeps what was expanded."""
        expanded = self._expanded()
        self.model.set_actor(actor)
        self._expand(expanded)

    def _groups(self) -> list[QModelIndex]:
        out = []
        for row in range(self.model.rowCount()):
            cat = self.model.index(row, 0)
            out.append(cat)
            if self.view.isExpanded(cat):
                out += [self.model.index(r, 0, cat) for r in range(self.model.rowCount(cat))]
        return out

    def _expanded(self) -> set[str]:
        return {
            gid
            for index in self._groups()
            if self.view.isExpanded(index) and (gid := self.model.group_id(index))
        }

    def _expand(self, ids: set[str]) -> None:
        if not ids:
            return
        for row in range(self.model.rowCount()):
            cat = self.model.index(row, 0)
            if self.model.group_id(cat) in ids:
                self.view.expand(cat)
                for r in range(self.model.rowCount(cat)):
                    sec = self.model.index(r, 0, cat)
                    if self.model.group_id(sec) in ids:
                        self.view.expand(sec)

    def current_filter(self) -> TreeFilter:
        return TreeFilter(
            text=self.search.text().strip(),
            locale=self.locale_box.currentData() or "",
            status=self.status_box.currentData() or "",
            type=self.type_box.currentData() or "",
            owner=self.owner_box.currentData() or "",
            mine=self.mine.isChecked(),
        )

    def apply_filter(self) -> None:
        self.timer.stop()
        chosen = self.current_article()
        self.model.set_filter(self.current_filter())
        if self.current_filter() != TreeFilter():
            if self.model.visible_articles() <= EXPAND_ALL_UP_TO:
                self.view.expandAll()
            else:  # laying out thousands of rows costs more than it shows
                for row in range(self.model.rowCount()):
                    self.view.expand(self.model.index(row, 0))
        if chosen:
            self.select_article(chosen, emit=False)

    def current_article(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(ArticleIdRole) if index.isValid() else None

    def select_article(self, article_id: str, *, emit: bool = True) -> bool:
        index = self.model.find_article(article_id)
        if not index.isValid():
            return False
        self.view.blockSignals(not emit)
        self.view.selectionModel().blockSignals(not emit)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.selectionModel().blockSignals(False)
        self.view.blockSignals(False)
        return True

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            article_id = indexes[0].data(ArticleIdRole)
            if article_id:
                self.article_chosen.emit(article_id)
