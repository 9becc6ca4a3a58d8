"""The properties dock edits the article: apply, validation errors, conflicts, rights."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate

from tests.gui.conftest import wait_ops

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow

REF = "reset-password"  # a published guide owned by omar


def _node(window: MainWindow):  # type: ignore[no-untyped-def]
    return next(a for a in window.tree_panel.model.tree.articles() if a.id == REF)


def test_edit_and_apply_saves_refreshes_the_tree_and_the_audit(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.open_article(REF)
    panel, ui = window.properties, window.properties.ui
    assert ui.idValue.text() == f"{REF} · en"
    assert ui.typeCombo.currentData() == "guide"
    assert ui.ownerCombo.currentData() == "omar"
    assert ui.reviewBySet.isChecked()
    assert ui.reviewByEdit.date() == QDate(2027, 1, 20)
    assert not ui.endsSet.isChecked()
    assert not ui.endsEdit.isEnabled()
    assert not ui.applyButton.isEnabled()  # nothing changed yet
    ui.visibilityCombo.setCurrentIndex(ui.visibilityCombo.findData("internal"))
    ui.ownerCombo.setCurrentIndex(ui.ownerCombo.findData("mia"))
    ui.reviewBySet.setChecked(False)
    ui.tagsEdit.setText("password, login")
    ui.tagsEdit.textEdited.emit(ui.tagsEdit.text())
    assert ui.applyButton.isEnabled()
    assert set(panel.changed_fields()) == {"visibility", "owner", "review_by", "tags"}
    with qtbot.waitSignal(panel.applied, timeout=30000):
        ui.applyButton.click()
    wait_ops(qtbot)
    info = window.ws.show(REF, locale="en")[0]
    assert (info.visibility, info.owner, info.review_by) == ("internal", "mia", None)
    assert info.tags == ["password", "login"]
    assert "Saved" in ui.messageLabel.text()
    assert not ui.applyButton.isEnabled()
    assert (_node(window).visibility, _node(window).owner) == ("internal", "mia")
    actions = [window.audit.model.row_at(0).action]
    assert actions == ["properties"]  # newest first, the article's own event included


def test_a_refused_value_shows_in_the_dock_and_keeps_the_edit(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.open_article(REF)
    ui = window.properties.ui
    ui.endsSet.setChecked(True)  # an end date on a guide
    assert ui.endsEdit.isEnabled()
    ui.applyButton.click()
    wait_ops(qtbot)
    text = ui.messageLabel.text()
    assert "[ends_at]" in text
    assert "only announcements have an end date" in text
    assert "c62828" in ui.messageLabel.styleSheet()
    assert ui.endsSet.isChecked()  # the edit is still there to fix
    assert ui.applyButton.isEnabled()
    assert window.ws.show(REF)[0].ends_at is None
    # Making it an announcement too is accepted.
    ui.typeCombo.setCurrentIndex(ui.typeCombo.findData("announcement"))
    ui.applyButton.click()
    wait_ops(qtbot)
    info = window.ws.show(REF)[0]
    assert info.type == "announcement"
    assert info.ends_at is not None
    assert dt.datetime.fromisoformat(info.ends_at.replace("Z", "+00:00")).minute == 0


def test_a_conflict_names_who_changed_it_and_revert_shows_their_values(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.open_article(REF)
    ui = window.properties.ui
    window.ws.set_properties(REF, actor="sam", owner="omar", visibility="internal")
    ui.ownerCombo.setCurrentIndex(ui.ownerCombo.findData("mia"))
    ui.applyButton.click()
    wait_ops(qtbot)
    assert "sam changed them at" in ui.messageLabel.text()
    assert "Revert" in ui.messageLabel.text()
    assert window.ws.show(REF)[0].owner == "omar"
    ui.revertButton.click()
    assert ui.visibilityCombo.currentData() == "internal"
    assert ui.ownerCombo.currentData() == "omar"
    assert not ui.applyButton.isEnabled()


def test_fields_the_user_may_not_change_are_off(window: MainWindow) -> None:
    window.open_article(REF)
    ui = window.properties.ui
    assert ui.typeCombo.isEnabled()  # mia writes the source
    assert ui.tagsEdit.isEnabled()
    window.set_user("grace")  # a reviewer: the review-by date only (the panel follows)
    assert ui.reviewBySet.isEnabled()
    assert not any(
        w.isEnabled() for w in (ui.typeCombo, ui.ownerCombo, ui.visibilityCombo, ui.tagsEdit)
    )
    window.set_user("yuki")  # a translator: nothing of the English text
    assert not ui.reviewBySet.isEnabled()
    assert not ui.tagsEdit.isEnabled()
