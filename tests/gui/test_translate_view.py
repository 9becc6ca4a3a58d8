"""Side-by-side translation end to end: machine pre-fill from a local stub, QA, review."""

from __future__ import annotations

from typing import TYPE_CHECKING

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHeaderView

from kbstudio.gui import panels
from kbstudio.gui.models.units import (
    ChangedRole,
    DoneRole,
    MachineRole,
    OldSourceRole,
    UnitsModel,
    WarningsRole,
)
from kbstudio.gui.unitdelegate import unit_html
from kbstudio.translation.providers import ProviderSettings
from tests import libre_stub
from tests.gui.conftest import wait_ops
from tests.memory_keyring import MemoryKeyring

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow

ARTICLE, LOCALE = "liquidation", "es"  # outdated in Spanish in the sample
MISTAKE = " 999"


@pytest.fixture
def stub(window: MainWindow) -> Iterator[libre_stub.StubServer]:
    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    server_stub, server = libre_stub.start()
    calls: list[str] = []

    def translate(text: str, target: str) -> str:
        # The machine's first reply carries a number the source does not have.
        calls.append(text)
        return libre_stub.fake_translate(text, target) + (MISTAKE if len(calls) == 1 else "")

    server_stub.translate = translate
    window.ws.translation.set_provider(
        ProviderSettings("libre", url=server_stub.url, timeout=5.0, retries=1), default=True
    )
    yield server_stub
    server.shutdown()
    server.server_close()
    keyring.set_keyring(before)


def _coverage(window: MainWindow, qtbot: QtBot) -> tuple[int, int, int]:
    with qtbot.waitSignal(window.health.loaded, timeout=60000):
        window.health.reload()
    return window.health.chart.counts()[LOCALE]


def test_units_model_passes_the_model_tester(qtmodeltester, window: MainWindow) -> None:
    model = UnitsModel()
    views = window.ws.translation.units(ARTICLE, locale=LOCALE)
    model.set_units(views, lambda _s, t: ["x"] if "999" in t else [])
    qtmodeltester.check(model)
    changed = [i for i, r in enumerate(model.rows) if r.changed]
    assert changed
    index = model.index(changed[0], UnitsModel.TRANSLATION)
    assert model.setData(index, "a 999")
    assert index.data(WarningsRole) == ["x"]
    assert not index.data(MachineRole)
    model.fill_machine(changed[0], "m")
    assert index.data(MachineRole)
    qtmodeltester.check(model)


def test_translate_an_outdated_article_by_machine_fix_qa_submit_and_approve(
    window: MainWindow, qtbot: QtBot, stub: libre_stub.StubServer
) -> None:
    window.set_user("lucia")
    panels.show_health(window)
    translated, outdated, missing = _coverage(window, qtbot)
    assert outdated >= 1
    # The outdated segment lists it; activating it opens the side-by-side view.
    window.health.filter_to(LOCALE, "outdated")
    row = [f.article_id for f in window.health.model.rows].index(ARTICLE)
    view = window.translate_view
    with qtbot.waitSignal(view.loaded, timeout=30000):
        window.health.view.activated.emit(window.health.model.index(row, 0))
    wait_ops(qtbot)
    assert view.machine_button.isEnabled()
    model = view.model
    changed = [i for i, r in enumerate(model.rows) if r.changed]
    assert changed
    first = model.index(changed[0], UnitsModel.SOURCE)
    assert first.data(ChangedRole)
    old = next(
        model.index(i, 1).data(OldSourceRole) for i in changed if model.rows[i].view.old_source
    )
    assert old
    assert "<s>" in unit_html(
        model.index(model.rows.index(next(r for r in model.rows if r.view.old_source == old)), 1)
    )
    # Keyboard: Alt+Down goes to the next changed unit.
    view.select(0)
    QApplication.sendEvent(
        view.view,
        QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier),
    )
    assert view.current_row() == next(i for i in changed if i > 0)

    # Machine translation in the background, with progress, from the stub on 127.0.0.1.
    seen: list[tuple[int, int]] = []
    view.progress.valueChanged.connect(lambda v: seen.append((v, view.progress.maximum())))
    view.machine_button.click()
    wait_ops(qtbot)
    assert stub.requests
    assert all(r["target"] == LOCALE for r in stub.requests)
    assert len(stub.requests) == len(changed)
    assert seen
    assert seen[-1] == (len(changed), len(changed))
    for i in changed:
        index = model.index(i, UnitsModel.TRANSLATION)
        assert index.data(MachineRole)
        assert index.data().startswith(f"{LOCALE}:")
        assert "⚙" in unit_html(index)  # visibly marked

    # The machine's mistake shows as a QA warning inline; a human fixes it.
    bad = [i for i in changed if model.rows[i].warnings]
    assert len(bad) == 1
    index = model.index(bad[0], UnitsModel.TRANSLATION)
    assert "999" in " ".join(index.data(WarningsRole))
    assert "⚠" in unit_html(index)
    view.select(bad[0])
    assert "number 999 is not in the source" in view.help.toPlainText()  # beside the table too
    assert model.setData(index, index.data().removesuffix(MISTAKE))
    assert index.data(WarningsRole) == []
    assert not index.data(MachineRole)  # a human edit clears the mark
    assert model.index(changed[-1], UnitsModel.TRANSLATION).data(MachineRole)
    # Older units of the sample carry glossary mistakes, flagged inline too: fix them.
    fixes = {
        "'liquidation' must be rendered as 'liquidación'": lambda t: (
            "¿Cuándo se produce la liquidación de una posición?"
        ),
    }
    for i, row in enumerate(model.rows):
        for warning in row.warnings:
            assert warning in fixes, warning
            assert model.setData(model.index(i, UnitsModel.TRANSLATION), fixes[warning](row.text))
    assert not any(r.warnings for r in model.rows)
    view.select(bad[0])
    QApplication.sendEvent(
        view.view,
        QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier),
    )
    assert model.index(bad[0], 0).data(DoneRole)

    still_machine = [i for i, r in enumerate(model.rows) if r.machine]
    assert still_machine
    assert bad[0] not in still_machine
    with qtbot.waitSignal(view.saved, timeout=30000):
        view.save_button.click()
    wait_ops(qtbot)
    info = window.ws.show(ARTICLE, locale=LOCALE)[0]
    assert not info.outdated
    assert info.machine_translated
    # Opened again, the units still the machine's are marked; the one a human fixed is not.
    with qtbot.waitSignal(view.loaded, timeout=30000):
        panels.translate(window, ARTICLE, LOCALE)
    wait_ops(qtbot)
    assert [i for i, r in enumerate(view.model.rows) if r.machine] == still_machine
    for i in still_machine:
        assert "⚙" in unit_html(view.model.index(i, UnitsModel.TRANSLATION))
    assert not view.model.index(bad[0], UnitsModel.TRANSLATION).data(MachineRole)
    assert view.submit_button.isEnabled()
    view.submit_button.click()
    wait_ops(qtbot)
    assert view.status.text() == "Submitted for review."
    assert window.ws.show(ARTICLE, locale=LOCALE)[0].status == "in_review"

    # A reviewer approves it in the review queue; the counts follow.
    window.set_user("grace")
    window.show_review_queue()
    queue = window.review
    wait_ops(qtbot)
    row = [(q.article_id, q.locale) for q in queue.model.rows].index((ARTICLE, LOCALE))
    queue.select(row)
    queue.ui.approveButton.click()
    wait_ops(qtbot)
    assert window.ws.show(ARTICLE, locale=LOCALE)[0].status == "approved"
    assert window.health.stale  # hidden meanwhile: it checks again when shown
    with qtbot.waitSignal(window.health.loaded, timeout=60000):
        panels.show_health(window)
    assert window.health.chart.counts()[LOCALE] == (translated + 1, outdated - 1, missing)
    window.health.filter_to(LOCALE, "outdated")
    assert ARTICLE not in [f.article_id for f in window.health.model.rows]


def test_machine_translation_can_be_cancelled_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, stub: libre_stub.StubServer
) -> None:
    window.set_user("lucia")
    view = window.translate_view
    with qtbot.waitSignal(view.loaded, timeout=30000):
        panels.translate(window, ARTICLE, LOCALE)
    wait_ops(qtbot)
    stub.slow_seconds = 0.5
    stub.script = ["slow", "slow", "slow", "slow"]
    view.machine_button.click()
    assert view.cancel_button.isVisibleTo(view)
    assert not view.machine_button.isEnabled()  # one run at a time
    view.cancel_button.click()
    wait_ops(qtbot)
    assert len(stub.requests) < len([r for r in view.model.rows if r.changed])
    assert not view.model.machine_left()
    assert "cancelled" in view.status.text()
    assert view.machine_button.isEnabled()
    assert not view.cancel_button.isVisibleTo(view)


def test_save_and_submit_of_the_window_act_on_the_translation_shown(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.set_user("lucia")
    view = window.translate_view
    with qtbot.waitSignal(view.loaded, timeout=30000):
        panels.translate(window, ARTICLE, LOCALE)
    wait_ops(qtbot)
    row = next(i for i, r in enumerate(view.model.rows) if r.changed)
    view.model.setData(view.model.index(row, UnitsModel.TRANSLATION), "Texto nuevo.")
    before = window.ws.show(ARTICLE, locale=LOCALE)[0].revision
    with qtbot.waitSignal(view.saved, timeout=30000):
        window.actions_.actions["save"].trigger()  # Ctrl+S
    wait_ops(qtbot)
    info = window.ws.show(ARTICLE, locale=LOCALE)[0]
    assert info.revision != before
    assert info.outdated  # other changed units are untouched: still on the list
    assert window.doc.key is None  # the editor was not involved


def test_the_short_columns_fit_every_unit_without_sizing_each_cell(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.set_user("lucia")
    view = window.translate_view
    with qtbot.waitSignal(view.loaded, timeout=30000):
        panels.translate(window, ARTICLE, LOCALE)
    wait_ops(qtbot)
    model, header = view.model, view.view.horizontalHeader()
    # Every state the column can show: mark all units done, machine-made and with QA notes.
    for row in model.rows:
        row.done, row.machine, row.warnings = True, True, ["a", "b"]
    metrics = view.view.fontMetrics()
    for col in (0, UnitsModel.STATE):
        assert header.sectionResizeMode(col) == QHeaderView.ResizeMode.Interactive
        widest = max(
            metrics.horizontalAdvance(str(model.index(r, col).data()))
            for r in range(model.rowCount())
        )
        assert header.sectionSize(col) >= widest
