"""Indexing, publishing and translating run through the op helper, off the GUI thread.

Publishing and machine translation have their own cancel tests (test_window.py,
test_translate_view.py); here: the index rebuild, and GUI-thread work done in slices.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QWidget

from kbstudio.domain.errors import KBError
from kbstudio.gui import indexing, ops
from kbstudio.gui.ops import run_op, run_sliced

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kbstudio.gui.mainwindow import MainWindow


def _spy_rebuild(window: MainWindow) -> list[tuple[bool, str]]:
    """Record each rebuild call: on the GUI thread?, and how it ended."""
    gui, real, calls = QThread.currentThread(), window.ws.search.rebuild, []

    def spy(**kwargs: object) -> object:
        on_gui = QThread.currentThread() is gui
        try:
            result = real(**kwargs)  # type: ignore[arg-type]
        except KBError as exc:
            calls.append((on_gui, exc.code))
            raise
        calls.append((on_gui, "done"))
        return result

    window.ws.search.rebuild = spy  # type: ignore[method-assign]
    return calls


def test_index_rebuild_runs_on_the_worker_with_progress(window: MainWindow, qtbot: QtBot) -> None:
    calls = _spy_rebuild(window)
    progress: list[int] = []
    window.index_bar.progress.valueChanged.connect(progress.append)
    op = indexing.rebuild_index(window)
    assert window.index_bar.isVisible()
    assert indexing.rebuild_index(window) is op  # a second request joins the running one
    qtbot.waitUntil(lambda: op.done, timeout=120000)
    assert calls == [(False, "done")]
    assert op.error is None
    assert len(op.result) == 2 * len(window.locales)  # working and published, every locale
    assert progress
    assert "rebuilt" in window.statusBar().currentMessage()
    assert not window.index_bar.isVisible()
    assert window.ws.search.search("withdrawal", locale="en").hits


def test_index_rebuild_can_be_cancelled(window: MainWindow, qtbot: QtBot) -> None:
    calls = _spy_rebuild(window)
    release = threading.Event()
    # Hold the worker so the cancel is pressed before the rebuild starts.
    run_op(window, lambda progress, cancel: release.wait(10), label="hold")
    op = indexing.rebuild_index(window)
    window.index_bar.cancel_button.click()
    release.set()
    with qtbot.waitSignal(op.cancelled, timeout=30000):
        pass
    qtbot.waitUntil(lambda: op.done)
    assert calls == [(False, "cancelled")]  # the search layer saw the flag and stopped
    assert op.error is None
    assert "cancelled" in window.statusBar().currentMessage()
    assert not window.index_bar.isVisible()
    assert window.ws.search.search("withdrawal", locale="en").hits  # the old index answers


def test_sliced_steps_let_the_event_loop_run_between_slices(qtbot: QtBot) -> None:
    owner = QWidget()
    ran: list[int] = []
    seen_between: list[int] = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: seen_between.append(len(ran)))
    ticker.start()

    def step(n: int) -> None:
        ran.append(n)
        QThread.msleep(2)  # 40 steps of 2 ms: several slices of at most SLICE_MS

    done: list[object] = []
    op = run_sliced(owner, [lambda n=n: step(n) for n in range(40)], on_done=done.append)
    assert ran == []  # nothing runs before the event loop does
    qtbot.waitUntil(lambda: op.done, timeout=10000)
    ticker.stop()
    assert ran == list(range(40))
    assert done == [None]
    # The event loop ran while some steps were done and others were not.
    assert any(0 < n < 40 for n in seen_between)
    assert op not in ops._running


def test_sliced_steps_can_be_cancelled_and_stop_for_a_deleted_owner(qtbot: QtBot) -> None:
    owner = QWidget()
    ran: list[int] = []
    op = run_sliced(owner, [lambda n=n: ran.append(n) for n in range(5)])
    op.cancel()
    with qtbot.waitSignal(op.cancelled):
        pass
    assert ran == []
    gone = QWidget()
    op = run_sliced(gone, [lambda: ran.append(1)])
    gone.deleteLater()
    qtbot.waitUntil(lambda: op.done)
    assert ran == []


def test_a_failing_step_is_reported_not_lost(qtbot: QtBot) -> None:
    shown: list[BaseException] = []

    class Owner(QWidget):
        def show_error(self, exc: BaseException) -> None:
            shown.append(exc)

    owner = Owner()
    ran: list[int] = []

    def boom() -> None:
        raise ValueError("bad row")

    op = run_sliced(owner, [lambda: ran.append(1), boom, lambda: ran.append(2)])
    qtbot.waitUntil(lambda: op.done)
    assert ran == [1]
    assert isinstance(op.error, ValueError)
    assert [str(e) for e in shown] == ["bad row"]
