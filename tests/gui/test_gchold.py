"""Bulk ops hold the collector's full passes back, and always give them back, garbage freed."""

from __future__ import annotations

import gc
import weakref
from typing import TYPE_CHECKING

import pytest

from kbstudio.gui import gchold
from kbstudio.gui.ops import Cancelled, run_op
from tests.gui.conftest import wait_ops

if TYPE_CHECKING:
    import threading

    from pytestqt.qtbot import QtBot


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def _cycle() -> weakref.ref[Node]:
    return weakref.ref(Node())


@pytest.fixture(autouse=True)
def _thresholds() -> object:
    before = gc.get_threshold()
    yield before
    assert gc.get_threshold() == before
    assert not gchold.held()


def test_a_hold_stops_full_passes_until_the_last_one_ends_then_collects() -> None:
    young = gc.get_threshold()[:2]
    full: list[str] = []

    def spy(phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            full.append(phase)

    gc.callbacks.append(spy)
    try:
        with gchold.hold():
            assert gchold.held()
            assert gc.get_threshold() == (*young, gchold.HELD_THRESHOLD)
            with gchold.hold():
                garbage = _cycle()
            # The inner hold ended, the outer one still runs: nothing is given back yet.
            assert gc.get_threshold() == (*young, gchold.HELD_THRESHOLD)
            assert gchold.held()
            assert full == []
    finally:
        gc.callbacks.remove(spy)
    assert gc.get_threshold()[:2] == young
    assert full == ["start", "stop"]  # one full collection, when the last hold ended
    assert garbage() is None


def test_a_failing_block_gives_the_thresholds_back() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), gchold.hold():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before
    assert not gchold.held()


@pytest.mark.parametrize("outcome", ["done", "failed", "cancelled"])
def test_a_held_op_gives_the_policy_back_however_it_ends(qtbot: QtBot, outcome: str) -> None:
    before = gc.get_threshold()
    seen: dict[str, object] = {}
    refs: list[weakref.ref[Node]] = []

    def work(progress: object, cancel: threading.Event) -> str:
        seen["held"] = gchold.held()
        seen["threshold"] = gc.get_threshold()
        refs.append(_cycle())
        if outcome == "failed":
            raise ValueError("the op failed")
        if outcome == "cancelled":
            raise Cancelled
        return "ok"

    errors: list[BaseException] = []
    op = run_op(None, work, label="bulk", hold_gc=True, on_error=errors.append)
    qtbot.waitUntil(lambda: op.done, timeout=10000)
    wait_ops(qtbot)
    assert seen == {"held": True, "threshold": (*before[:2], gchold.HELD_THRESHOLD)}
    assert gc.get_threshold() == before
    assert not gchold.held()
    assert refs[0]() is None  # what the op left in cycles is freed, not kept for later
    assert (op.result, [type(e) for e in errors]) == {
        "done": ("ok", []),
        "failed": (None, [ValueError]),
        "cancelled": (None, []),
    }[outcome]


def test_ops_that_do_not_ask_leave_the_collector_alone(qtbot: QtBot) -> None:
    before = gc.get_threshold()
    seen: list[object] = []
    op = run_op(None, lambda p, c: seen.append(gc.get_threshold()), label="small")
    qtbot.waitUntil(lambda: op.done, timeout=10000)
    assert seen == [before]
