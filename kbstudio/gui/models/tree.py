"""The help-center tree: categories, then sections, then articles, with locale badges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from kbstudio.i18n import N_, _
from kbstudio.services.studio import (
    ArticleNode,
    CategoryNode,
    SectionNode,
    Tree,
    needing_action,
)

if TYPE_CHECKING:
    from kbstudio.domain.workflow import Actor

ArticleIdRole = Qt.ItemDataRole.UserRole + 1
BadgesRole = Qt.ItemDataRole.UserRole + 2  # [(locale, badge)] for every enabled locale
KindRole = Qt.ItemDataRole.UserRole + 3  # "category" | "section" | "article"

# Badge words as the user reads them; the keys are LocaleState.badge values.
BADGE_LABELS = {
    "draft": N_("draft"),
    "in_review": N_("in review"),
    "approved": N_("approved"),
    "published": N_("published"),
    "archived": N_("archived"),
    "outdated": N_("outdated"),
    "stale": N_("stale"),
    "missing": N_("missing"),
}
COLUMNS = (N_("Title"), N_("Status"), N_("Locales"))
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TreeFilter:
    """What the filter bar asks for; empty fields match everything."""

    text: str = ""
    locale: str = ""
    status: str = ""  # a badge value
    type: str = ""
    owner: str = ""
    mine: bool = False  # "needs my action"


class _Node:
    """One row; the model keeps every node alive (Qt holds only a raw pointer)."""

    __slots__ = ("children", "item", "kind", "parent", "row")

    def __init__(self, kind: str, item: Any, parent: _Node | None, row: int) -> None:
        self.kind, self.item, self.parent, self.row = kind, item, parent, row
        self.children: list[_Node] | None = None


class HelpCenterModel(QAbstractItemModel):
    """Categories → sections → articles of a services.studio.Tree, filtered.

    Private state: ``_tree`` is the snapshot; ``_visible`` maps a section id to the articles
    the filter lets through (computed for all sections at once, because empty sections and
    categories are hidden while a filter is on); ``_roots`` holds the category nodes, whose
    section and article nodes are made lazily on first use.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tree = Tree("en", ["en"], [])
        self._filter = TreeFilter()
        self._locale = "en"
        self._actor: Actor | None = None
        self._visible: dict[str, list[ArticleNode]] = {}
        self._mine: set[str] = set()  # ids needing the actor's action, when that filter is on
        self._roots: list[_Node] = []

    # -- feeding -----------------------------------------------------------------

    def set_tree(self, tree: Tree) -> None:
        self.beginResetModel()
        self._tree = tree
        if self._locale not in tree.locales:
            self._locale = tree.source_locale
        self._rebuild()
        self.endResetModel()

    def set_filter(self, flt: TreeFilter) -> None:
        if flt == self._filter:
            return
        self.beginResetModel()
        self._filter = flt
        self._rebuild()
        self.endResetModel()

    def set_actor(self, actor: Actor | None) -> None:
        if actor == self._actor:
            return
        self.beginResetModel()
        self._actor = actor
        self._rebuild()
        self.endResetModel()

    def set_display_locale(self, locale: str) -> None:
        """Show titles and the status column for *locale*.

        Every row's text changes but no row moves, so this is a layout change: the view
        repaints and keeps what is expanded and selected, at no cost per row.
        """
        if locale == self._locale:
            return
        self.layoutAboutToBeChanged.emit()
        self._locale = locale
        self.layoutChanged.emit()

    @property
    def tree(self) -> Tree:
        return self._tree

    @property
    def display_locale(self) -> str:
        return self._locale

    # -- filtering ---------------------------------------------------------------

    def _rebuild(self) -> None:
        flt = self._filter
        active = flt != TreeFilter()
        self._visible = {}
        self._mine = set()
        if flt.mine and self._actor is not None:
            locales = [flt.locale] if flt.locale else self._tree.locales
            self._mine = needing_action(
                self._actor, self._tree.articles(), locales, self._tree.source_locale
            )
        for cat in self._tree.categories:
            for sec in cat.sections:
                self._visible[sec.id] = [a for a in sec.articles if self._matches(a, flt)]
        cats = [
            c
            for c in self._tree.categories
            if not active or any(self._visible[s.id] for s in c.sections)
        ]
        self._roots = [_Node("category", c, None, i) for i, c in enumerate(cats)]

    def _matches(self, art: ArticleNode, flt: TreeFilter) -> bool:
        if flt.type and art.type != flt.type:
            return False
        if flt.owner and art.owner != flt.owner:
            return False
        locales = [flt.locale] if flt.locale else self._tree.locales
        if flt.status:
            wanted = flt.status
            if not any(
                (art.states[loc].badge if loc in art.states else "missing") == wanted
                for loc in locales
            ):
                return False
        if flt.mine and art.id not in self._mine:
            return False
        return not flt.text or flt.text.casefold() in art.search_key

    # -- structure ---------------------------------------------------------------

    def _children(self, node: _Node | None) -> list[_Node]:
        if node is None:
            return self._roots
        if node.children is None:
            if node.kind == "category":
                cat: CategoryNode = node.item
                active = self._filter != TreeFilter()
                secs = [s for s in cat.sections if not active or self._visible.get(s.id)]
                node.children = [_Node("section", s, node, i) for i, s in enumerate(secs)]
            elif node.kind == "section":
                sec: SectionNode = node.item
                arts = self._visible.get(sec.id, [])
                node.children = [_Node("article", a, node, i) for i, a in enumerate(arts)]
            else:
                node.children = []
        return node.children

    def _node(self, index: AnyIndex) -> _Node:
        return index.internalPointer()  # type: ignore[no-any-return]

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        children = self._children(self._node(parent) if parent.isValid() else None)
        return self.createIndex(row, column, children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        if up is None:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.column() > 0:
            return 0
        if not parent.isValid():
            return len(self._roots)
        node = self._node(parent)
        if node.kind == "article":
            return 0
        if node.kind == "section" and node.children is None:
            return len(self._visible.get(node.item.id, []))  # no nodes made just to count
        return len(self._children(node))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return len(COLUMNS)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return self.rowCount(parent) > 0

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None

    # -- data --------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == KindRole:
            return node.kind
        if node.kind != "article":
            # The tooltip repeats the name: a narrow dock elides it.
            shown = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
            if role in shown and index.column() == 0:
                names = node.item.names
                return (
                    names.get(self._locale) or names.get(self._tree.source_locale) or node.item.id
                )
            return None
        art: ArticleNode = node.item
        if role == ArticleIdRole:
            return art.id
        if role == BadgesRole:
            return self.badges(art)
        state = art.states.get(self._locale)
        badge = state.badge if state else "missing"
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return art.title(self._locale, self._tree.source_locale)
            if index.column() == 1:
                return _(BADGE_LABELS.get(badge, badge))
            return " ".join(f"{loc}:{b}" for loc, b in self.badges(art))
        if role == Qt.ItemDataRole.ToolTipRole:
            # The full title first: a narrow dock elides it in the row.
            lines = [art.title(self._locale, self._tree.source_locale), art.id] + [
                f"{loc}: {_(BADGE_LABELS.get(b, b))}" for loc, b in self.badges(art)
            ]
            return "\n".join(lines)
        return None

    def badges(self, art: ArticleNode) -> list[tuple[str, str]]:
        return [
            (loc, art.states[loc].badge if loc in art.states else "missing")
            for loc in self._tree.locales
        ]

    def replace_article(self, node: ArticleNode) -> bool:
        """Swap in a fresh snapshot of one article; False if the caller must reload all.

        The cheap path after a save or a workflow action: when the article stays in or out
        of the filter as before, only its row changes (dataChanged); otherwise the filtered
        lists are rebuilt.
        """
        section = next(
            (s for c in self._tree.categories for s in c.sections if s.id == node.section_id),
            None,
        )
        if section is None:
            return False
        row = next((i for i, a in enumerate(section.articles) if a.id == node.id), None)
        if row is None:
            return False
        section.articles[row] = node
        visible = self._visible.get(section.id, [])
        shown = next((i for i, a in enumerate(visible) if a.id == node.id), None)
        if (shown is not None) != self._matches_now(node):
            self.beginResetModel()
            self._rebuild()
            self.endResetModel()
            return True
        if shown is not None:
            visible[shown] = node
            index = self.find_article(node.id)
            if index.isValid():
                index.internalPointer().item = node
                last = self.index(index.row(), self.columnCount() - 1, index.parent())
                self.dataChanged.emit(index, last)
        return True

    def _matches_now(self, art: ArticleNode) -> bool:
        if self._filter.mine and self._actor is not None:
            locales = [self._filter.locale] if self._filter.locale else self._tree.locales
            mine = needing_action(self._actor, [art], locales, self._tree.source_locale)
            self._mine = (self._mine - {art.id}) | mine
        return self._matches(art, self._filter)

    def visible_articles(self) -> int:
        return sum(len(arts) for arts in self._visible.values())

    def group_id(self, index: AnyIndex) -> str | None:
        """The id of a category or section row (to remember what was expanded)."""
        if not index.isValid():
            return None
        node = self._node(index)
        return None if node.kind == "article" else f"{node.kind}:{node.item.id}"

    def find_article(self, article_id: str) -> QModelIndex:
        """The index of *article_id* if the filter shows it, else an invalid index."""
        for cat in self._roots:
            for sec in self._children(cat):
                if any(a.id == article_id for a in self._visible.get(sec.item.id, [])):
                    for art in self._children(sec):
                        if art.item.id == article_id:
                            parent = self.createIndex(sec.row, 0, sec)
                            return self.index(art.row, 0, parent)
        return QModelIndex()
