"""Take the README's screenshots of the studio on the sample help center.

Run under Xvfb with a CJK font installed (`make screenshots`): a real X server and real
fonts, so Chinese, Japanese and Korean render as text, not boxes. Everything happens in a
temporary workspace and settings folder; nothing of the user's is touched.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kbstudio-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    os.environ.setdefault("LANGUAGE", "en")

    from PySide6.QtWidgets import QApplication

    from kbstudio.domain.workflow import Action
    from kbstudio.gui import ops
    from kbstudio.gui.app import open_window
    from kbstudio.services.workspace import Workspace

    ws = Workspace.init(tmp / "ws", name="Northvale help center")
    ws.import_path(ROOT / "content")
    # Something to review: two source edits and a translation, submitted.
    for art, loc, who in (
        ("create-account", "en", "mia"),
        ("withdrawal-fees", "en", "omar"),
        ("reset-password", "es", "lucia"),
    ):
        _info, body = ws.show(art, locale=loc)
        ws.edit(art, locale=loc, body=body.replace("\n\n", "\n\nUpdated for 2026.\n\n", 1),
                actor=who, comment="yearly review")
        ws.act(Action.SUBMIT, art, locale=loc, actor=who)

    def settle() -> None:
        ops.wait_idle()
        for _ in range(20):
            QApplication.processEvents()

    OUT.mkdir(parents=True, exist_ok=True)
    window = open_window(ws, user="mia")
    window.resize(1560, 940)
    window.show()
    settle()  # the tree loads in the background
    window.set_locale("zh-Hans")
    window.open_article("withdrawal-fees")
    window.tree_panel.view.expandAll()
    window.tree_panel.select_article("withdrawal-fees", emit=False)
    settle()
    window.preview.render_now()
    settle()
    window.grab().save(str(OUT / "main-window.png"))

    window.set_locale("en")
    window.set_user("grace")
    window.show_review_queue()
    # An item with an approved revision, so the diff shows removed and added lines.
    rows = [q.article_id for q in window.review.model.rows]
    window.review.select(rows.index("withdrawal-fees") if "withdrawal-fees" in rows else 0)
    settle()
    window.grab().save(str(OUT / "review-queue.png"))

    _panels(window, settle)

    window.set_user("sam")
    dialog = window.open_publish_dialog(modal=False)
    dialog.ui.folderEdit.setText(str(tmp / "site"))
    dialog.ui.approvedCheck.setChecked(False)
    dialog.ui.publishButton.click()
    while dialog.op is not None:
        settle()
    dialog.resize(620, 600)
    settle()
    dialog.grab().save(str(OUT / "publish-dialog.png"))
    dialog.close()
    window.doc.key = None
    window.close()
    # Delete the widgets while Qt still runs: left to interpreter exit, PySide's teardown
    # order can abort the process after the pictures are saved.
    dialog.deleteLater()
    window.deleteLater()
    settle()
    ws.close()
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("*.png"))))


def _panels(w: Any, wait: Callable[[], None]) -> None:
    """The issue-9 panels: translation side by side, search preview, content health."""
    from kbstudio.gui import panels

    w.set_user("lucia")
    panels.translate(w, "liquidation", "es")
    wait()
    view = w.translate_view
    view.provider_box.setCurrentIndex(view.provider_box.findData("pseudo"))
    view.machine_button.click()
    wait()
    changed = [i for i, r in enumerate(view.model.rows) if r.changed]
    view.select(changed[1] if len(changed) > 1 else changed[0])
    wait()
    w.grab().save(str(OUT / "translation-view.png"))

    w.set_user("mia")
    w.set_locale("en")
    w.open_article("create-account")
    # Room for the results: the details dock wide, the preview hidden for this picture.
    w.preview.hide()
    w.details_dock.setMinimumWidth(820)
    w.details.setCurrentWidget(w.search_panel)
    search = w.search_panel
    search.query.setText("add referral code")
    search.run_search()
    # An unsaved edit that drops the referral paragraph: the panel shows the regression.
    body = w.editor.toPlainText()
    kept = [p for p in body.split("\n\n") if "referral" not in p.lower()]
    w.editor.setPlainText("\n\n".join(kept))
    search.check_ranks()
    wait()
    w.grab().save(str(OUT / "search-preview.png"))
    w.details_dock.setMinimumWidth(0)
    w.preview.show()
    w.resize(1620, 940)
    w.doc.discard_draft()
    w.doc.close_text()

    # The dashboard in the Chinese interface: CJK text in the chart and the queue.
    w.set_language("zh_Hans")
    panels.show_health(w)
    wait()
    w.health.filter_to("es", "outdated")
    wait()
    w.grab().save(str(OUT / "content-health.png"))
    w.set_language("en")
    wait()


if __name__ == "__main__":
    sys.exit(main())
