"""How the main window is laid out: docks left and right, editor and queue in the centre."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kbstudio.gui import indexing
from kbstudio.gui.bars import ConflictBar, RecoveryBar
from kbstudio.gui.docks import AuditPanel, HistoryPanel, PropertiesPanel
from kbstudio.gui.document import DocumentController
from kbstudio.gui.editor import MarkdownEditor
from kbstudio.gui.findbar import FindBar
from kbstudio.gui.preview import PreviewPane
from kbstudio.gui.review import ReviewQueue
from kbstudio.gui.treepanel import TreePanel
from kbstudio.services import studio

if TYPE_CHECKING:
    from kbstudio.gui.mainwindow import MainWindow


def build(w: MainWindow) -> None:
    """Create the window's widgets and wire them to its slots."""
    w.tree_panel = TreePanel(w)
    w.tree_panel.article_chosen.connect(w.open_article)
    w.title_edit = QLineEdit(w)
    w.title_edit.setObjectName("titleEdit")
    w.editor = MarkdownEditor(w)
    w.preview = PreviewPane(w)
    w.find_bar = FindBar(w.editor, w)
    w.find_bar.hide()
    w.recovery_bar = RecoveryBar(w)
    w.conflict_bar = ConflictBar(w)
    w.doc = DocumentController(w.ws, w.editor, w.title_edit, w.user, w)
    w.doc.opened.connect(w._text_opened)
    w.doc.saved.connect(w._changed)
    w.doc.acted.connect(w._changed)
    w.doc.failed.connect(w.show_error)
    w.doc.recovery_offered.connect(w.recovery_bar.offer)
    w.doc.conflicted.connect(w.conflict_bar.show_conflict)
    w.doc.dirty_changed.connect(lambda _d: w._update_title())
    w.recovery_bar.restore_button.clicked.connect(w._restore_draft)
    w.recovery_bar.discard_button.clicked.connect(w._discard_draft)
    w.conflict_bar.keep_mine_button.clicked.connect(w._keep_mine)
    w.conflict_bar.take_theirs_button.clicked.connect(w._take_theirs)
    w.editor.textChanged.connect(w.preview.schedule)
    w.preview.set_source(w._preview_source)

    w.split = QSplitter(Qt.Orientation.Horizontal, w)
    w.split.addWidget(w.editor)
    w.split.addWidget(w.preview)
    write = QWidget(w)
    layout = QVBoxLayout(write)
    layout.setContentsMargins(4, 4, 4, 4)
    for widget in (w.title_edit, w.recovery_bar, w.conflict_bar):
        layout.addWidget(widget)
    layout.addWidget(w.split, 1)
    layout.addWidget(w.find_bar)
    w.review = ReviewQueue(w.ws, w.user, w)
    w.review.decided.connect(w._changed)
    w.review.failed.connect(w.show_error)
    w.review.current_changed.connect(
        lambda a, loc: w.set_current(a, loc) if w.tabs.currentWidget() is w.review else None
    )
    w.tabs = QTabWidget(w)
    w.tabs.addTab(write, "")
    w.tabs.addTab(w.review, "")
    w.tabs.currentChanged.connect(w._tab_changed)
    w.setCentralWidget(w.tabs)

    w.tree_dock = QDockWidget(w)
    w.tree_dock.setObjectName("treeDock")
    w.tree_dock.setWidget(w.tree_panel)
    w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, w.tree_dock)
    w.properties = PropertiesPanel(w)
    w.history = HistoryPanel(w)
    w.audit = AuditPanel(w)
    w.details = QTabWidget(w)
    for panel in (w.properties, w.history, w.audit):
        w.details.addTab(panel, "")
    w.details_dock = QDockWidget(w)
    w.details_dock.setObjectName("detailsDock")
    w.details_dock.setWidget(w.details)
    w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.details_dock)

    w.user_box = QComboBox(w)
    for name, row in w.users.items():
        roles = ", ".join(row.roles) + (f" ({', '.join(row.locales)})" if row.locales else "")
        w.user_box.addItem(f"{name} — {roles}", name)
    w.user_box.setCurrentIndex(max(w.user_box.findData(w.user_name), 0))
    w.user_box.currentIndexChanged.connect(lambda _i: w.set_user(w.user_box.currentData()))
    # The properties panel edits as the current user: its fields follow who that is.
    w.properties.bind(w.ws, w.user)
    w.properties.applied.connect(lambda article_id: _properties_saved(w, article_id))
    w.user_box.currentIndexChanged.connect(lambda _i: w.properties.refresh_rights())
    w.locale_box = QComboBox(w)
    with w.ws.session() as s:
        w.locales = list(studio.lookup.settings(s).locales)
    w.locale_box.addItems(w.locales)
    w.locale_box.currentTextChanged.connect(w.set_locale)
    w.user_label, w.locale_label = QLabel(w), QLabel(w)
    w.status_user = QLabel(w)
    w.statusBar().addPermanentWidget(w.status_user)
    indexing.install(w)


def _properties_saved(w: MainWindow, article_id: str) -> None:
    """Badges and filters read the properties; the audit trail shows the new event."""
    w.refresh_article(article_id)
    if w.current and w.current[0] == article_id:
        w.audit.load(w.ws, *w.current)
