"""Issue 9 panels: search preview with ranks before and after an edit, content health."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt

from kbstudio.gui import panels
from kbstudio.gui.healthpanel import problem_line
from kbstudio.gui.models.panels import (
    REGRESSED,
    FieldsRole,
    FindingsModel,
    RankChangeModel,
    RegressionRole,
    SearchHitsModel,
    SnippetRole,
)
from kbstudio.health.model import Finding, Severity
from kbstudio.services.search_whatif import RankChange
from tests.gui.conftest import wait_ops

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow
    from kbstudio.services.workspace import Workspace


def test_panel_models_pass_the_model_tester(qtmodeltester, sample_ws: Workspace) -> None:
    hits = SearchHitsModel()
    hits.set_rows(sample_ws.search.search("withdrawal fee", locale="en", explain=True).hits)
    qtmodeltester.check(hits)
    assert hits.index(0, 0).data() == "1"
    assert hits.index(0, 4).data(FieldsRole)
    assert "<mark>" in hits.index(0, 3).data(SnippetRole)
    ranks = RankChangeModel()
    ranks.set_rows([RankChange("en", "a", 1, 4), RankChange("en", "b", 2, 1)])
    qtmodeltester.check(ranks)
    assert ranks.index(0, 3).data(RegressionRole) is True
    assert ranks.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == REGRESSED
    assert ranks.index(1, 0).data(RegressionRole) is False
    findings = FindingsModel()
    findings.set_rows(sample_ws.check(with_search=False).queues()["zh-Hans"])
    qtmodeltester.check(findings)
    assert findings.rowCount() > 0


def test_problem_line_points_at_the_offending_words() -> None:
    body = "# Fees\n\nWe charge a gas fee.\nSee [x](/articles/nope).\n"
    found = Finding("broken-link", Severity.ERROR, "en", "a", "t", "r", detail={"target": "nope"})
    assert problem_line(found, body) == 4
    term = Finding("glossary", Severity.WARNING, "en", "a", "t", "r", detail={"found": ["GAS FEE"]})
    assert problem_line(term, body) == 3
    assert problem_line(Finding("stale", Severity.INFO, "en", "a", "t", "r"), body) is None


def test_search_panel_ranks_hits_and_shows_a_regression_before_saving(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.search_panel
    window.details.setCurrentWidget(panel)
    panel.query.setText("add referral code")
    panel.run_search()
    wait_ops(qtbot)
    assert panel.hits.row_at(0).article_id == "create-account"
    assert panel.hits.rowCount() >= 1
    window.open_article("create-account")  # shown: the panel ranks it by itself
    qtbot.waitUntil(lambda: panel.ranks.rowCount() > 0, timeout=30000)
    wait_ops(qtbot)
    before = {c.q: c for c in panel.ranks.rows}
    assert before["add referral code"].before == before["add referral code"].after
    assert not panel.ranks.regressions()
    # Drop the words the query finds; do not save.
    window.editor.setPlainText("Nothing here any more.\n")
    # Ranked again by itself after a pause in typing, off the GUI thread.
    qtbot.waitUntil(lambda: bool(panel.ranks.regressions()), timeout=30000)
    wait_ops(qtbot)
    bad = {c.q for c in panel.ranks.regressions()}
    assert "add referral code" in bad
    row = [c.q for c in panel.ranks.rows].index("add referral code")
    assert panel.ranks.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) == REGRESSED
    assert "#c62828" in panel.rank_status.styleSheet()
    assert window.doc.is_dirty()  # nothing was saved to find this out
    window.doc.discard_draft()
    window.doc.close_text()


def test_health_chart_filters_the_queue_and_an_item_opens_the_article(
    window: MainWindow, qtbot: QtBot
) -> None:
    panels.show_health(window)
    with qtbot.waitSignal(window.health.loaded, timeout=60000):
        pass
    health = window.health
    counts = health.chart.counts()
    assert set(counts) == set(window.locales)
    locale = next(loc for loc, (_t, out, _m) in counts.items() if out > 0)
    rect = health.chart.segment_rect(locale, "outdated")
    assert rect is not None
    qtbot.mouseClick(health.chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert health.locale() == locale
    kinds = {f.kind for f in health.model.rows}
    assert kinds == {"outdated"}
    assert health.model.rowCount() == counts[locale][1]
    # Outside any bar: nothing changes.
    qtbot.mouseClick(health.chart, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert health.part == "outdated"
    # An outdated translation opens side by side with its source.
    finding = health.model.row_at(0)
    with qtbot.waitSignal(window.translate_view.loaded, timeout=30000):
        health.view.activated.emit(health.model.index(0, 0))
    assert window.translate_view.key == (finding.article_id, locale)
    assert window.tabs.currentWidget() is window.translate_page
    # Other findings open the editor, selected in the tree.
    panels.show_health(window)
    health.filter_to("en", "")
    row = next(i for i, f in enumerate(health.model.rows) if f.article_id)
    finding = health.model.row_at(row)
    health.view.activated.emit(health.model.index(row, 0))
    wait_ops(qtbot)
    assert window.doc.key == (finding.article_id, "en")
    assert window.tree_panel.current_article() == finding.article_id
    assert window.tabs.currentIndex() == 0
    # A finding that names a link opens in its locale with the cursor on that line.
    panels.show_health(window)
    health.filter_to("ar", "")
    row = next(i for i, f in enumerate(health.model.rows) if f.kind == "link-missing-in-locale")
    finding = health.model.row_at(row)
    health.view.activated.emit(health.model.index(row, 0))
    wait_ops(qtbot)
    assert window.doc.key == (finding.article_id, "ar")
    cursor = window.editor.textCursor()
    assert str(finding.detail["target"]) in cursor.block().text()
    assert cursor.blockNumber() + 1 == problem_line(finding, window.editor.toPlainText())
