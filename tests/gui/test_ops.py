"""The one background-op helper: progress, result, errors and cancel reach the GUI thread."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QThread

from kbstudio.domain.errors import ConflictError
from kbstudio.gui.ops import Cancelled, run_op

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def test_progress_and_result_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = QThread.currentThread()
    seen: list[tuple[int, int, str, bool]] = []
    worker_threads: list[bool] = []

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        worker_threads.append(QThread.currentThread() is gui)
        for i in range(3):
            progress(i + 1, 3, f"step {i + 1}")
        return {"changed": ["a"]}

    results: list[object] = []
    op = run_op(
        None,
        work,
        on_done=results.append,
        on_progress=lambda d, t, label: seen.append((d, t, label, QThread.currentThread() is gui)),
    )
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert worker_threads == [False]
    assert seen == [(1, 3, "step 1", True), (2, 3, "step 2", True), (3, 3, "step 3", True)]
    assert results == [{"changed": ["a"]}]


def test_errors_are_routed_to_the_handler_never_lost(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        raise ConflictError("conflict", "someone saved first")

    op = run_op(None, work, on_error=errors.append, on_done=lambda r: errors.append(r))
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert len(errors) == 1
    assert isinstance(errors[0], ConflictError)


def test_default_error_route_is_the_parent_windows_show_error(qtbot: QtBot) -> None:
    class Parent:
        def __init__(self) -> None:
            self.shown: list[BaseException] = []

        def show_error(self, exc: BaseException) -> None:
            self.shown.append(exc)

    parent = Parent()
    op = run_op(parent, lambda p, c: 1 / 0)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert isinstance(parent.shown[0], ZeroDivisionError)


def test_cancel_stops_the_work_and_reports_cancelled(qtbot: QtBot) -> None:
    started = threading.Event()
    outcome: list[str] = []

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        started.set()
        while not cancel.wait(0.01):
            pass
        raise Cancelled

    op = run_op(
        None,
        work,
        on_done=lambda r: outcome.append("done"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    assert started.wait(5)
    op.cancel()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert outcome == ["cancelled"]


def test_ops_run_one_at_a_time_in_order(qtbot: QtBot) -> None:
    order: list[int] = []
    active = []

    def make(n: int):  # type: ignore[no-untyped-def]
        def work(progress, cancel):  # type: ignore[no-untyped-def]
            active.append(n)
            assert len(active) == 1, "two ops ran at once"
            order.append(n)
            active.remove(n)

        return work

    ops = [run_op(None, make(n)) for n in range(5)]
    qtbot.waitUntil(lambda: all(o.done for o in ops), timeout=5000)
    assert order == [0, 1, 2, 3, 4]


def test_results_for_a_deleted_parent_are_dropped(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    release = threading.Event()
    got: list[object] = []
    op = run_op(parent, lambda p, c: release.wait(5), on_done=got.append)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(parent), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert got == []
