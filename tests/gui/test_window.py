"""The window's parts: language switch, find/replace, completion, preview, recovery, state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from kbstudio import i18n
from kbstudio.gui import settings as prefs
from kbstudio.gui.keyboard import type_text
from kbstudio.gui.models.tree import TreeFilter
from tests.gui.conftest import wait_ops

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow

ARTICLE = "create-account"


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_language_switch_to_zh_hans_translates_menus_and_qt_strings(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert "&File" in _menu_titles(window)
    try:
        window.set_language("zh_Hans")
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        qtbot.waitUntil(lambda: "&File" not in _menu_titles(window))
        titles = _menu_titles(window)
        assert any("文件" in t for t in titles), titles
        assert any("审" in t for t in titles), titles
        assert window.tabs.tabText(1) == i18n._("Review queue") != "Review queue"
        # Qt's own strings come from qtbase_zh_CN.
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
        # A Designer form is translated through the gettext bridge.
        assert window.review.ui.approveButton.text() != "Approve"
        assert prefs.settings().value("language") == "zh_Hans"
    finally:
        window.set_language("en")
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    qtbot.waitUntil(lambda: "&File" in _menu_titles(window))


def test_find_and_replace(window: MainWindow) -> None:
    window.open_article(ARTICLE)
    window.editor.setPlainText("fee and Fee and fee\n")
    window.find()
    bar = window.find_bar
    assert bar.isVisible()
    bar.ui.findEdit.setText("fee")
    assert bar.find()
    assert window.editor.textCursor().selectedText().casefold() == "fee"
    bar.ui.replaceEdit.setText("cost")
    bar.ui.caseCheck.setChecked(True)
    assert bar.replace_all() == 2
    assert window.editor.toPlainText() == "cost and Fee and cost\n"
    window.editor.undo()
    assert window.editor.toPlainText() == "fee and Fee and fee\n"


def test_completion_of_snippets_links_and_terms(window: MainWindow) -> None:
    window.open_article(ARTICLE)
    editor = window.editor
    editor.setPlainText("")
    type_text(editor, "{{snippet:")
    kind, prefix, choices = editor.candidates()
    assert kind == "snippet"
    assert prefix == ""
    assert choices
    editor.insert_completion(choices[0])
    assert editor.toPlainText() == "{{snippet:" + choices[0] + "}}"
    editor.setPlainText("")
    type_text(editor, "see [fees](kb:with")
    kind, prefix, choices = editor.candidates()
    assert kind == "link"
    assert prefix == "with"
    assert editor.completer.completionCount() >= 1
    editor.insert_completion("withdrawal-fees")
    assert editor.toPlainText().endswith("(kb:withdrawal-fees)")
    term = editor._words.terms[0]
    editor.setPlainText("")
    type_text(editor, term[:3])
    kind, _prefix, choices = editor.candidates(explicit=True)
    assert kind == "term"
    assert term in choices


def test_preview_is_debounced(window: MainWindow, qtbot: QtBot) -> None:
    window.open_article(ARTICLE)
    qtbot.waitUntil(lambda: window.preview.renders >= 1, timeout=10000)  # the opening render
    before = window.preview.renders
    for word in ("one ", "two ", "three "):
        type_text(window.editor, word)
    assert window.preview.renders == before  # nothing rendered while typing
    qtbot.waitUntil(lambda: window.preview.renders == before + 1, timeout=10000)
    assert "three" in window.preview.browser.toPlainText()


def test_autosave_on_focus_out_and_recovery_offered_on_reopen(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.open_article(ARTICLE)
    window.editor.setFocus()
    type_text(window.editor, "unsaved words 未保存")
    window.editor.focus_left.emit()  # what focusOutEvent emits
    draft = window.doc.store.read(ARTICLE, "en")
    assert draft is not None
    assert "unsaved words 未保存" in draft.body
    # Reopening the text (as after a crash) offers it back.
    window.doc.key = None
    window._open(ARTICLE, "en")
    assert window.recovery_bar.isVisible()
    assert "unsaved words" not in window.editor.toPlainText()
    window.recovery_bar.restore_button.click()
    assert "unsaved words 未保存" in window.editor.toPlainText()
    assert window.doc.is_dirty()


def test_close_with_unsaved_changes_asks_and_cancel_keeps_the_window(
    window: MainWindow, qtbot: QtBot, monkeypatch
) -> None:
    window.open_article(ARTICLE)
    type_text(window.editor, "more")
    asked = []
    monkeypatch.setattr(window, "ask_unsaved", lambda: asked.append(1) or "cancel")
    assert not window.close()
    assert asked
    assert window.isVisible()
    monkeypatch.setattr(window, "ask_unsaved", lambda: "save")
    assert window.close()
    wait_ops(qtbot)
    assert window.ws.show(ARTICLE, locale="en")[1].startswith("more")


def test_window_state_and_user_are_remembered(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(800, 470)
    window.set_user("grace")
    window.set_locale("es")
    window.close()
    from kbstudio.gui.app import open_window

    again = open_window(window.ws)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.tree_loaded, timeout=30000)
    assert again.user() == "grace"
    assert again.locale == "es"
    assert again.size().height() == 470
    assert prefs.settings_path().exists()


def test_filters_and_needs_my_action(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.tree_panel
    type_text(panel.search, "password")
    qtbot.waitUntil(lambda: panel.model._filter.text == "password")
    assert panel.model.find_article("reset-password").isValid()
    assert not panel.model.find_article("create-account").isValid()
    panel.search.clear()
    window.set_user("grace")
    panel.mine.setChecked(True)
    assert panel.model._filter == TreeFilter(mine=True)


def test_dark_theme_applies_its_stylesheet(window: MainWindow) -> None:
    window.set_theme("dark")
    app = QApplication.instance()
    assert "#1e2227" in app.styleSheet()
    window.set_theme("light")
    assert "#1e2227" not in app.styleSheet()


def test_preview_uses_the_publishing_renderer(window: MainWindow, qtbot: QtBot) -> None:
    from kbstudio.services.publish import preview_html

    assert window.preview.renderer is preview_html
    assert not window.preview.notice.isVisible()
    window.open_article(ARTICLE)
    window.editor.setPlainText("Hello {{var:btc-withdrawal-fee}} and [fees](kb:withdrawal-fees)\n")
    before = window.preview.renders
    window.preview.render_now()
    qtbot.waitUntil(lambda: window.preview.renders > before, timeout=10000)
    html = window.preview.browser.toHtml()
    assert "{{var:" not in window.preview.browser.toPlainText()
    assert "fees" in html


def test_publish_dialog_cancel_leaves_nothing_half_done(
    window: MainWindow, qtbot: QtBot, tmp_path
) -> None:
    window.set_user("sam")
    dialog = window.open_publish_dialog(modal=False)
    dialog.ui.folderEdit.setText(str(tmp_path / "site"))
    dialog.ui.publishButton.click()
    dialog.ui.cancelButton.click()
    qtbot.waitUntil(lambda: dialog.op is None, timeout=120000)
    status = dialog.ui.statusLabel.text()
    # Either the build saw the cancel (nothing written) or it had already finished.
    if dialog.report is None:
        assert "cancel" in status.lower()
        assert not (tmp_path / "site").exists() or not any((tmp_path / "site").iterdir())
    else:
        assert (tmp_path / "site").is_dir()
    assert dialog.ui.publishButton.isEnabled()
    dialog.close()


def test_translating_forms_never_costs_none_a_reference(window: MainWindow) -> None:
    """PySide6 6.12 loses a reference to None per Python translator call; we give it back."""
    import sys

    window.set_language("zh_Hans")
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            QCoreApplication.translate("ReviewQueue", "Approve")
            QCoreApplication.translate("ReviewQueue", "not in any catalog")
        assert abs(sys.getrefcount(None) - before) < 50
        assert QCoreApplication.translate("ReviewQueue", "Approve") == "批准"
    finally:
        window.set_language("en")
